package io.jporch.fn.runner;

/**
 * A function image split as Porch's FunctionConfig store splits it: {@code repository} is the text
 * before the last {@code /} ({@code ""} if none), {@code name} the last path segment, {@code tag}
 * the text after a {@code :} in that segment ({@code ""} if none), {@code digest} the text after
 * {@code @} ({@code ""} if none).
 */
public record ImageRef(String repository, String name, String tag, String digest) {
  /** Splits {@code image}. */
  public static ImageRef parse(String image) {
    String rest = image;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    int slash = rest.lastIndexOf('/');
    String repository = slash < 0 ? "" : rest.substring(0, slash);
    String last = rest.substring(slash + 1);
    String tag = "";
    int colon = last.indexOf(':');
    if (colon >= 0) {
      tag = last.substring(colon + 1);
      last = last.substring(0, colon);
    }
    return new ImageRef(repository, last, tag, digest);
  }
}
