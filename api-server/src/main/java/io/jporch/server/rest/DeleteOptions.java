package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code DeleteOptions} of a DELETE: from the body when there is one (kubectl and client-go
 * send it there), else from the query, as kube-apiserver reads them. jporch honours {@code dryRun}
 * and {@code preconditions}; {@code propagationPolicy}, {@code gracePeriodSeconds} and {@code
 * orphanDependents} are validated and otherwise have no effect (there is no garbage collector).
 */
public record DeleteOptions(boolean dryRun, Preconditions preconditions) {
  private static final Set<String> POLICIES = Set.of("Orphan", "Background", "Foreground");
  private static final Set<String> API_VERSIONS = Set.of("v1", "meta.k8s.io/v1");

  /** Reads and validates the options of {@code call}. */
  public static DeleteOptions of(ApiCall call) {
    byte[] body = call.body();
    if (body.length == 0 || isBlank(body)) {
      return fromQuery(call.query());
    }
    Bodies.requireObjectMediaType(call.contentType());
    JsonNode node;
    try {
      node = StrictJson.read(body, Bodies.isYaml(call.contentType())).node();
    } catch (IOException e) {
      throw new BadRequestException(
          null, "the DeleteOptions body is not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequestException(null, "the body of a delete must be a DeleteOptions object");
    }
    String kind = node.path("kind").asText("");
    String apiVersion = node.path("apiVersion").asText("");
    if (!kind.isEmpty() && !kind.equals("DeleteOptions")
        || !apiVersion.isEmpty() && !API_VERSIONS.contains(apiVersion)) {
      throw new BadRequestException(
          null,
          "decoded object cannot be converted to DeleteOptions: " + apiVersion + ", Kind=" + kind);
    }
    List<String> dryRun = new ArrayList<>();
    node.path("dryRun").forEach(v -> dryRun.add(v.asText()));
    JsonNode pre = node.path("preconditions");
    Preconditions preconditions = new Preconditions(text(pre, "uid"), text(pre, "resourceVersion"));
    return validated(
        dryRun, preconditions, text(node, "propagationPolicy"), node.has("orphanDependents"));
  }

  private static DeleteOptions fromQuery(QueryParams query) {
    List<String> dryRun = query.values().getOrDefault("dryRun", List.of());
    return validated(
        dryRun,
        Preconditions.NONE,
        query.first("propagationPolicy"),
        query.first("orphanDependents") != null);
  }

  private static DeleteOptions validated(
      List<String> dryRun, Preconditions preconditions, String policy, boolean orphan) {
    List<FieldError> errors = new ArrayList<>();
    boolean dry = WriteOptions.dryRun(dryRun, errors);
    if (policy != null && !POLICIES.contains(policy)) {
      errors.add(
          FieldError.notSupported(
              "propagationPolicy",
              policy,
              "supported values: \"Background\", \"Foreground\", \"Orphan\""));
    }
    if (policy != null && orphan) {
      errors.add(
          FieldError.invalid(
              "propagationPolicy",
              policy,
              "orphanDependents and deletionPropagation cannot be both set"));
    }
    if (!errors.isEmpty()) {
      throw WriteOptions.invalid("DeleteOptions", errors);
    }
    return new DeleteOptions(dry, preconditions);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}
