package io.jporch.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standalone server's static authorization policy ({@code --authorization-policy-file}): a YAML
 * document with a list of allow rules, evaluated as RBAC evaluates its rules (a request is allowed
 * when at least one rule applying to the user or one of its groups allows it; nothing denies).
 *
 * <pre>
 * rules:
 * - groups: ["system:authenticated"]
 *   verbs: [get, list, watch]
 *   apiGroups: ["porch.kpt.dev", "config.porch.kpt.dev"]
 *   resources: ["*"]
 * - users: [alice]
 *   verbs: [create, update, patch, delete]
 *   apiGroups: ["porch.kpt.dev"]
 *   resources: [packagerevisions, packagerevisionresources]
 *   namespaces: [default]
 * - users: [bob]
 *   verbs: [update]
 *   apiGroups: ["porch.kpt.dev"]
 *   resources: [packagerevisions/approval]
 * - groups: ["system:unauthenticated"]
 *   verbs: [get]
 *   nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/version"]
 * </pre>
 *
 * <p>A rule names its subjects ({@code users}, {@code groups}), its {@code verbs} and either
 * resources ({@code apiGroups} and {@code resources}, optionally {@code resourceNames} and {@code
 * namespaces}) or {@code nonResourceURLs}. Unknown fields, unknown verbs and rules without
 * subjects, verbs or targets are refused when the file is loaded, naming the rule and the field.
 */
public record AuthorizationPolicy(List<PolicyRule> rules) {
  static final Set<String> RESOURCE_VERBS =
      Set.of(
          "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "*");
  static final Set<String> NON_RESOURCE_VERBS =
      Set.of("get", "head", "post", "put", "patch", "delete", "options", "*");
  private static final Set<String> RULE_FIELDS =
      Set.of(
          "users",
          "groups",
          "verbs",
          "apiGroups",
          "resources",
          "resourceNames",
          "namespaces",
          "nonResourceURLs");

  public AuthorizationPolicy {
    rules = List.copyOf(rules);
  }

  /** True when a rule applying to the request's user allows it. */
  public boolean allows(RequestAttributes request) {
    for (PolicyRule rule : rules) {
      if (rule.appliesTo(request.user()) && rule.allows(request)) {
        return true;
      }
    }
    return false;
  }

  /** Reads and validates a policy file. */
  public static AuthorizationPolicy load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the authorization policy file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid authorization policy file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses and validates a policy document (YAML or JSON). */
  public static AuthorizationPolicy parse(String yaml) {
    JsonNode root;
    try {
      root = Json.YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new IllegalArgumentException("the document is empty; it needs a list of rules");
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("the document must be a mapping with a list of rules");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("rules") && !name.equals("apiVersion") && !name.equals("kind")) {
        throw new IllegalArgumentException("unknown field \"" + name + "\"");
      }
    }
    JsonNode rules = root.path("rules");
    if (!rules.isArray()) {
      throw new IllegalArgumentException("rules: must be a list of rules");
    }
    List<PolicyRule> parsed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      parsed.add(rule(rules.get(i), "rules[" + i + "]"));
    }
    return new AuthorizationPolicy(parsed);
  }

  private static PolicyRule rule(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(at + ": must be a mapping");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!RULE_FIELDS.contains(field.getKey())) {
        throw new IllegalArgumentException(
            at + ": unknown field \"" + field.getKey() + "\" (allowed: " + fieldList() + ")");
      }
    }
    List<String> users = strings(node, "users", at);
    List<String> groups = strings(node, "groups", at);
    List<String> verbs = strings(node, "verbs", at);
    List<String> apiGroups = strings(node, "apiGroups", at);
    List<String> resources = strings(node, "resources", at);
    List<String> resourceNames = strings(node, "resourceNames", at);
    List<String> namespaces = strings(node, "namespaces", at);
    List<String> urls = strings(node, "nonResourceURLs", at);
    if (users.isEmpty() && groups.isEmpty()) {
      throw new IllegalArgumentException(at + ": names no subject (users or groups)");
    }
    if (verbs.isEmpty()) {
      throw new IllegalArgumentException(at + ".verbs: required");
    }
    boolean resourceRule = !apiGroups.isEmpty() || !resources.isEmpty();
    if (resourceRule && !urls.isEmpty()) {
      throw new IllegalArgumentException(
          at + ": a rule has either apiGroups and resources or nonResourceURLs, not both");
    }
    if (!resourceRule && urls.isEmpty()) {
      throw new IllegalArgumentException(
          at + ": needs apiGroups and resources, or nonResourceURLs");
    }
    if (resourceRule) {
      if (apiGroups.isEmpty()) {
        throw new IllegalArgumentException(
            at + ".apiGroups: required with resources (\"\" is the core group)");
      }
      if (resources.isEmpty()) {
        throw new IllegalArgumentException(at + ".resources: required with apiGroups");
      }
      checkVerbs(verbs, RESOURCE_VERBS, at);
      for (String r : resources) {
        if (r.isEmpty() || r.chars().filter(c -> c == '/').count() > 1 || r.endsWith("/")) {
          throw new IllegalArgumentException(
              at + ".resources: invalid resource \"" + r + "\" (resource or resource/subresource)");
        }
      }
    } else {
      if (!resourceNames.isEmpty() || !namespaces.isEmpty()) {
        throw new IllegalArgumentException(
            at + ": resourceNames and namespaces apply to resources, not nonResourceURLs");
      }
      checkVerbs(verbs, NON_RESOURCE_VERBS, at);
      for (String url : urls) {
        if (!url.equals(PolicyRule.ALL) && !url.startsWith("/")) {
          throw new IllegalArgumentException(
              at + ".nonResourceURLs: \"" + url + "\" must start with / (or be *)");
        }
      }
    }
    return new PolicyRule(
        users, groups, verbs, apiGroups, resources, resourceNames, namespaces, urls);
  }

  private static void checkVerbs(List<String> verbs, Set<String> known, String at) {
    for (String verb : verbs) {
      if (!known.contains(verb)) {
        throw new IllegalArgumentException(
            at + ".verbs: unknown verb \"" + verb + "\" (allowed: " + sorted(known) + ")");
      }
    }
  }

  private static List<String> strings(JsonNode rule, String field, String at) {
    JsonNode value = rule.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(at + "." + field + ": must be a list of strings");
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isTextual()) {
        throw new IllegalArgumentException(
            at + "." + field + "[" + i + "]: must be a string, got " + item.getNodeType());
      }
      result.add(item.asText());
    }
    return result;
  }

  private static String fieldList() {
    return sorted(RULE_FIELDS);
  }

  private static String sorted(Set<String> values) {
    return String.join(", ", values.stream().sorted().toList());
  }
}
