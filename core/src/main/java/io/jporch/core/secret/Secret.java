package io.jporch.core.secret;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jporch.core.api.meta.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A core/v1 Secret: {@code data} holds base64-encoded values, {@code stringData} plain values that
 * the server merges into {@code data} on write (and never returns).
 *
 * <p>{@link #toString()} never prints values: Secrets are passed around and a record's default
 * {@code toString} would put them into logs and exception messages.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Secret(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    Boolean immutable,
    Map<String, String> data,
    Map<String, String> stringData,
    String type) {
  public static final String KIND = "Secret";
  public static final String API_VERSION = "v1";
  public static final String TYPE_OPAQUE = "Opaque";
  public static final String TYPE_BASIC_AUTH = "kubernetes.io/basic-auth";

  /** A Secret with base64-encoded copies of {@code values} in {@code data}. */
  public static Secret of(ObjectMeta metadata, String type, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new Secret(API_VERSION, KIND, metadata, null, data, null, type);
  }

  /** The type, {@code Opaque} when unset (as the API server defaults it). */
  public String typeOrDefault() {
    return type == null || type.isEmpty() ? TYPE_OPAQUE : type;
  }

  /**
   * The value of {@code key} decoded as UTF-8 text: from {@code stringData} if present there (it
   * wins on write), else from {@code data}. Fails with {@link IllegalArgumentException} when the
   * {@code data} value is not valid base64; the message names the key, never the value.
   */
  public Optional<String> text(String key) {
    if (stringData != null && stringData.containsKey(key)) {
      return Optional.ofNullable(stringData.get(key));
    }
    if (data == null || data.get(key) == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data." + key + " is not valid base64");
    }
  }

  @Override
  public String toString() {
    String name =
        metadata == null
            ? "?"
            : (metadata.namespace() == null ? "" : metadata.namespace() + "/") + metadata.name();
    return "Secret[" + name + ", type=" + typeOrDefault() + ", keys=" + keys() + "]";
  }

  private java.util.Set<String> keys() {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    if (data != null) {
      keys.addAll(data.keySet());
    }
    if (stringData != null) {
      keys.addAll(stringData.keySet());
    }
    return keys;
  }
}
