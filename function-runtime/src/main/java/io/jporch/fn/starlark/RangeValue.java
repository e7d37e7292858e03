package io.jporch.fn.starlark;

/** The value of {@code range(start, stop, step)}: an immutable, lazily computed int sequence. */
record RangeValue(long start, long stop, long step) {
  int length() {
    long n;
    if (step > 0) {
      n = start < stop ? (stop - start + step - 1) / step : 0;
    } else {
      n = start > stop ? (start - stop - step - 1) / -step : 0;
    }
    if (n > Integer.MAX_VALUE) {
      throw new StarlarkException("range: too many elements");
    }
    return (int) n;
  }

  long get(int i) {
    return start + i * step;
  }

  boolean contains(long v) {
    if (step > 0 ? (v < start || v >= stop) : (v > start || v <= stop)) {
      return false;
    }
    return (v - start) % step == 0;
  }
}
