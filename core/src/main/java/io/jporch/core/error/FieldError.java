package io.jporch.core.error;

/**
 * One cause of an {@link InvalidException}: a field path, a cause type such as {@code
 * FieldValueInvalid} and a message.
 */
public record FieldError(String field, String type, String message) {
  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(
        field, "FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail);
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(field, "FieldValueRequired", "Required value: " + detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(field, "FieldValueForbidden", "Forbidden: " + detail);
  }

  public static FieldError notSupported(String field, Object value, String detail) {
    return new FieldError(
        field, "FieldValueNotSupported", "Unsupported value: " + quote(value) + ": " + detail);
  }

  /** The text Kubernetes shows for this cause: {@code <field>: <message>}. */
  public String render() {
    return field + ": " + message;
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
