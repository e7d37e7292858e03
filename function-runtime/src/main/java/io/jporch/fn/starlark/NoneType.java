package io.jporch.fn.starlark;

/** Starlark's {@code None}. */
public enum NoneType {
  NONE;

  @Override
  public String toString() {
    return "None";
  }
}
