package io.jporch.fn.starlark;

/** A value that can be frozen and must not change while it is being iterated. */
abstract sealed class Mutable permits StarlarkList, StarlarkDict, StarlarkSet {
  private boolean frozen;
  private int iterators;

  /** Makes this value and everything reachable from it immutable. */
  final void freeze() {
    if (!frozen) {
      frozen = true;
      freezeContents();
    }
  }

  abstract void freezeContents();

  /** The noun used in mutation errors, as starlark-go words them. */
  String noun() {
    return this instanceof StarlarkList ? "list" : "hash table";
  }

  final boolean isFrozen() {
    return frozen;
  }

  final void startIteration() {
    if (!frozen) {
      iterators++;
    }
  }

  final void endIteration() {
    if (!frozen) {
      iterators--;
    }
  }

  /** Throws unless this value may be changed; {@code verb} as in "cannot append to frozen list". */
  final void checkMutable(String verb) {
    if (frozen) {
      throw new StarlarkException("cannot " + verb + " frozen " + noun());
    }
    if (iterators > 0) {
      throw new StarlarkException("cannot " + verb + " " + noun() + " during iteration");
    }
  }
}
