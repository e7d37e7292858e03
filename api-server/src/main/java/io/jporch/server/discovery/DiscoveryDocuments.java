package io.jporch.server.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ResourceDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy (unaggregated) discovery documents: {@code /api} (APIVersions), {@code /apis}
 * (APIGroupList), {@code /apis/<group>} (APIGroup) and {@code /apis/<group>/<version>}
 * (APIResourceList). Clients asking for aggregated discovery with a JSON fallback get these and
 * fall back, as they do against servers without aggregated discovery.
 */
public final class DiscoveryDocuments {
  private final Map<String, List<ResourceDescriptor>> byGroupVersion = new LinkedHashMap<>();

  /** Builds the documents from the served resources. */
  public DiscoveryDocuments(List<ResourceDescriptor> resources) {
    for (ResourceDescriptor d : resources) {
      byGroupVersion.computeIfAbsent(d.groupVersion(), k -> new java.util.ArrayList<>()).add(d);
    }
  }

  /** {@code /api}: no legacy core group is served. */
  public ObjectNode apiVersions() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions");
    doc.putArray("serverAddressByClientCIDRs");
    return doc;
  }

  /** {@code /apis}. */
  public ObjectNode groupList() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    for (String group : groups()) {
      groups.add(group(group).orElseThrow());
    }
    return doc;
  }

  /** {@code /apis/<group>}, if served. */
  public Optional<ObjectNode> group(String group) {
    List<String> versions =
        byGroupVersion.keySet().stream()
            .filter(gv -> gv.startsWith(group + "/"))
            .map(gv -> gv.substring(group.length() + 1))
            .toList();
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIGroup");
    doc.put("apiVersion", "v1");
    doc.put("name", group);
    ArrayNode list = doc.putArray("versions");
    for (String version : versions) {
      list.add(groupVersion(group, version));
    }
    doc.set("preferredVersion", groupVersion(group, versions.get(0)));
    return Optional.of(doc);
  }

  /** {@code /apis/<group>/<version>}, if served. */
  public Optional<ObjectNode> resourceList(String group, String version) {
    List<ResourceDescriptor> resources = byGroupVersion.get(group + "/" + version);
    if (resources == null) {
      return Optional.empty();
    }
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", group + "/" + version);
    ArrayNode list = doc.putArray("resources");
    for (ResourceDescriptor d : resources) {
      ObjectNode r = list.addObject();
      r.put("name", d.name());
      r.put("singularName", d.singularName());
      r.put("namespaced", d.namespaced());
      r.put("kind", d.kind());
      ArrayNode verbs = r.putArray("verbs");
      d.verbs().forEach(verbs::add);
      if (!d.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        d.shortNames().forEach(shortNames::add);
      }
    }
    return Optional.of(doc);
  }

  private List<String> groups() {
    return byGroupVersion.keySet().stream()
        .map(gv -> gv.substring(0, gv.indexOf('/')))
        .distinct()
        .toList();
  }

  private static ObjectNode groupVersion(String group, String version) {
    ObjectNode gv = Json.MAPPER.createObjectNode();
    gv.put("groupVersion", group + "/" + version);
    gv.put("version", version);
    return gv;
  }
}
