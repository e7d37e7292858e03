package io.jporch.server.rest.core;

import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import io.jporch.core.secret.Secret;
import io.jporch.core.util.Json;
import io.jporch.core.util.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * kube-apiserver's handling of a Secret on write ({@code pkg/apis/core/validation}, {@code
 * ValidateSecret} and {@code ValidateSecretUpdate}): {@code stringData} is merged into {@code
 * data}, the type defaults to {@code Opaque}, keys and sizes are checked, each well-known type has
 * its required keys, and the type and an immutable Secret's data cannot change. Messages name the
 * field, never a value.
 */
final class SecretValidation {
  static final int MAX_TOTAL_BYTES = 1024 * 1024;
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private SecretValidation() {}

  /**
   * {@code stringData} merged into {@code data} (base64), the type defaulted. Fails with {@link
   * BadRequestException} when a {@code data} value is not base64, as decoding does.
   */
  static Secret normalize(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.data() != null) {
      for (Map.Entry<String, String> e : secret.data().entrySet()) {
        String value = e.getValue() == null ? "" : e.getValue();
        try {
          Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException ex) {
          throw new BadRequestException(
              null, "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data");
        }
        data.put(e.getKey(), value);
      }
    }
    if (secret.stringData() != null) {
      secret
          .stringData()
          .forEach(
              (k, v) ->
                  data.put(
                      k,
                      Base64.getEncoder()
                          .encodeToString(
                              Objects.requireNonNullElse(v, "").getBytes(StandardCharsets.UTF_8))));
    }
    return new Secret(
        Secret.API_VERSION,
        Secret.KIND,
        secret.metadata(),
        secret.immutable(),
        data.isEmpty() ? null : data,
        null,
        secret.typeOrDefault());
  }

  /** Field errors of a normalized Secret about to be created. */
  static List<FieldError> validate(Secret secret) {
    List<FieldError> errors = new ArrayList<>();
    String name = secret.metadata().name();
    if (name == null || name.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      String problem = Names.validateDns1123Subdomain(name);
      if (problem != null) {
        errors.add(FieldError.invalid("metadata.name", name, problem));
      }
    }
    Map<String, byte[]> decoded = new LinkedHashMap<>();
    long total = 0;
    if (secret.data() != null) {
      for (Map.Entry<String, String> e : secret.data().entrySet()) {
        String key = e.getKey();
        if (!KEY.matcher(key).matches()
            || key.equals(".")
            || key.equals("..")
            || key.startsWith("..")
            || key.length() > 253) {
          errors.add(
              FieldError.invalid(
                  "data[" + key + "]",
                  key,
                  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
        }
        byte[] value = Base64.getDecoder().decode(e.getValue());
        decoded.put(key, value);
        total += value.length;
      }
    }
    if (total > MAX_TOTAL_BYTES) {
      errors.add(
          FieldError.invalid(
              "data", "<secret contents redacted>", "Too long: must have at most 1048576 bytes"));
    }
    typeRules(secret.typeOrDefault(), decoded, errors);
    return errors;
  }

  private static void typeRules(String type, Map<String, byte[]> data, List<FieldError> errors) {
    switch (type) {
      case Secret.TYPE_BASIC_AUTH -> {
        if (!data.containsKey("username") && !data.containsKey("password")) {
          errors.add(
              FieldError.required(
                  "data[username]", "must have at least one of username or password"));
        }
      }
      case "kubernetes.io/ssh-auth" -> require(data, "ssh-privatekey", errors);
      case "kubernetes.io/tls" -> {
        require(data, "tls.crt", errors);
        require(data, "tls.key", errors);
      }
      case "kubernetes.io/dockercfg" -> json(data, ".dockercfg", errors);
      case "kubernetes.io/dockerconfigjson" -> json(data, ".dockerconfigjson", errors);
      default -> {}
    }
  }

  private static void require(Map<String, byte[]> data, String key, List<FieldError> errors) {
    if (!data.containsKey(key)) {
      errors.add(FieldError.required("data[" + key + "]", ""));
    }
  }

  private static void json(Map<String, byte[]> data, String key, List<FieldError> errors) {
    byte[] value = data.get(key);
    if (value == null) {
      require(data, key, errors);
      return;
    }
    try {
      Json.MAPPER.readTree(value);
    } catch (java.io.IOException e) {
      errors.add(
          FieldError.invalid("data[" + key + "]", "<secret contents redacted>", "invalid JSON"));
    }
  }

  /** Field errors of an update from {@code current} to the normalized {@code updated}. */
  static List<FieldError> validateUpdate(Secret updated, Secret current) {
    List<FieldError> errors = new ArrayList<>(validate(updated));
    if (!current.typeOrDefault().equals(updated.typeOrDefault())) {
      errors.add(FieldError.invalid("type", updated.typeOrDefault(), "field is immutable"));
    }
    if (Boolean.TRUE.equals(current.immutable())) {
      if (!Objects.equals(current.data(), updated.data())) {
        errors.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
      }
      if (!Boolean.TRUE.equals(updated.immutable())) {
        errors.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
      }
    }
    return errors;
  }
}
