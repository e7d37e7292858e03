package io.jporch.server.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ResourceDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The discovery documents, as k8s.io/apiserver serves them.
 *
 * <p>Legacy (unaggregated) discovery: {@code /api} (APIVersions), {@code /apis} (APIGroupList),
 * {@code /apis/<group>} (APIGroup with its preferred version) and {@code /apis/<group>/<version>}
 * (APIResourceList, resources in name order with sorted verbs, as the installer registers them).
 *
 * <p>Aggregated discovery ({@code apidiscovery.k8s.io} {@code v2} and {@code v2beta1}
 * APIGroupDiscoveryList) on {@code /apis} and {@code /api}: every group with its versions, every
 * resource with its scope, singular name, verbs, short names, response kind and subresources.
 * Groups of equal priority are in name order. Porch's own resources report the response kind the
 * generic apiserver gives storages without a GroupVersionKindProvider (kind only); custom resources
 * (Porch's Repository CRD) report the full group, version and kind, and a {@code
 * storageVersionHash} in legacy discovery, as kube-apiserver's CRD handler does.
 */
public final class DiscoveryDocuments {
  /** The aggregated discovery group. */
  public static final String AGGREGATED_GROUP = "apidiscovery.k8s.io";

  private final Map<String, List<ResourceDescriptor>> byGroupVersion = new LinkedHashMap<>();
  private final Set<String> customResourceGroups;

  /**
   * Builds the documents from the served resources.
   *
   * @param customResourceGroups groups served as CustomResourceDefinitions in Porch
   */
  public DiscoveryDocuments(List<ResourceDescriptor> resources, Set<String> customResourceGroups) {
    this.customResourceGroups = Set.copyOf(customResourceGroups);
    for (ResourceDescriptor d : resources) {
      byGroupVersion.computeIfAbsent(d.groupVersion(), k -> new ArrayList<>()).add(d);
    }
    byGroupVersion
        .values()
        .forEach(list -> list.sort(Comparator.comparing(ResourceDescriptor::name)));
  }

  /** {@code /api}: the versions of the legacy core group served (v1, for Secrets). */
  public ObjectNode apiVersions() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIVersions");
    ArrayNode versions = doc.putArray("versions");
    byGroupVersion.keySet().stream()
        .filter(gv -> gv.startsWith("/"))
        .forEach(gv -> versions.add(gv.substring(1)));
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
      ObjectNode g = group(group).orElseThrow();
      g.remove("kind");
      g.remove("apiVersion");
      groups.add(g);
    }
    return doc;
  }

  /** {@code /apis/<group>}, if served. */
  public Optional<ObjectNode> group(String group) {
    List<String> versions = versions(group);
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

  /** {@code /apis/<group>/<version>} (or {@code /api/<version>} for group ""), if served. */
  public Optional<ObjectNode> resourceList(String group, String version) {
    List<ResourceDescriptor> resources = byGroupVersion.get(group + "/" + version);
    if (resources == null) {
      return Optional.empty();
    }
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode list = doc.putArray("resources");
    for (ResourceDescriptor d : resources) {
      ObjectNode r = list.addObject();
      r.put("name", d.name());
      r.put("singularName", d.isSubresource() ? "" : d.singularName());
      r.put("namespaced", d.namespaced());
      r.put("kind", d.kind());
      ArrayNode verbs = r.putArray("verbs");
      d.verbs().stream().sorted().forEach(verbs::add);
      if (!d.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        d.shortNames().forEach(shortNames::add);
      }
      if (isCustomResource(d) && !d.isSubresource()) {
        r.put("storageVersionHash", storageVersionHash(d.group(), d.version(), d.kind()));
      }
    }
    return Optional.of(doc);
  }

  /**
   * The aggregated discovery document of {@code /apis} ({@code legacy} false) or {@code /api}
   * ({@code legacy} true: the core group, if served), in apidiscovery.k8s.io {@code version}.
   */
  public ObjectNode aggregated(String version, boolean legacy) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIGroupDiscoveryList");
    doc.put("apiVersion", AGGREGATED_GROUP + "/" + version);
    doc.putObject("metadata");
    ArrayNode items = doc.putArray("items");
    if (legacy) {
      List<String> coreVersions = versions("");
      if (!coreVersions.isEmpty()) {
        ObjectNode item = items.addObject();
        item.putObject("metadata").putNull("creationTimestamp");
        ArrayNode versions = item.putArray("versions");
        for (String v : coreVersions) {
          ObjectNode versionDoc = versions.addObject();
          versionDoc.put("version", v);
          versionDoc.set("resources", aggregatedResources(byGroupVersion.get("/" + v)));
          versionDoc.put("freshness", "Current");
        }
      }
      return doc;
    }
    for (String group : groups().stream().sorted().toList()) {
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group).putNull("creationTimestamp");
      ArrayNode versions = item.putArray("versions");
      for (String v : versions(group)) {
        ObjectNode versionDoc = versions.addObject();
        versionDoc.put("version", v);
        versionDoc.set("resources", aggregatedResources(byGroupVersion.get(group + "/" + v)));
        versionDoc.put("freshness", "Current");
      }
    }
    return doc;
  }

  /** Port of the installer's {@code ConvertGroupVersionIntoToDiscovery}. */
  private ArrayNode aggregatedResources(List<ResourceDescriptor> resources) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    Map<String, ObjectNode> parents = new LinkedHashMap<>();
    for (ResourceDescriptor d : resources) {
      if (d.isSubresource()) {
        continue;
      }
      ObjectNode r = list.addObject();
      r.put("resource", d.name());
      r.set("responseKind", responseKind(d));
      r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
      r.put("singularResource", d.singularName());
      ArrayNode verbs = r.putArray("verbs");
      d.verbs().stream().sorted().forEach(verbs::add);
      if (!d.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        d.shortNames().forEach(shortNames::add);
      }
      parents.put(d.name(), r);
    }
    for (ResourceDescriptor d : resources) {
      if (!d.isSubresource()) {
        continue;
      }
      String parent = d.name().substring(0, d.name().indexOf('/'));
      ObjectNode r = parents.get(parent);
      if (r == null) {
        throw new IllegalStateException("subresource " + d.name() + " has no parent resource");
      }
      ArrayNode subresources =
          r.has("subresources") ? (ArrayNode) r.get("subresources") : r.putArray("subresources");
      ObjectNode sub = subresources.addObject();
      sub.put("subresource", d.name().substring(parent.length() + 1));
      sub.set("responseKind", responseKind(d));
      ArrayNode verbs = sub.putArray("verbs");
      d.verbs().stream().sorted().forEach(verbs::add);
    }
    return list;
  }

  private ObjectNode responseKind(ResourceDescriptor d) {
    ObjectNode gvk = Json.MAPPER.createObjectNode();
    boolean full = isCustomResource(d) || d.group().isEmpty();
    gvk.put("group", full ? d.group() : "");
    gvk.put("version", full ? d.version() : "");
    gvk.put("kind", d.kind());
    return gvk;
  }

  private boolean isCustomResource(ResourceDescriptor d) {
    return customResourceGroups.contains(d.group());
  }

  private List<String> versions(String group) {
    return byGroupVersion.keySet().stream()
        .filter(gv -> gv.startsWith(group + "/"))
        .map(gv -> gv.substring(group.length() + 1))
        .toList();
  }

  private List<String> groups() {
    return byGroupVersion.keySet().stream()
        .map(gv -> gv.substring(0, gv.indexOf('/')))
        .filter(group -> !group.isEmpty())
        .distinct()
        .toList();
  }

  private static ObjectNode groupVersion(String group, String version) {
    ObjectNode gv = Json.MAPPER.createObjectNode();
    gv.put("groupVersion", group + "/" + version);
    gv.put("version", version);
    return gv;
  }

  /**
   * k8s.io/apiserver's {@code StorageVersionHash}: base64 of 8 bytes of
   * SHA-256(group/version/kind).
   */
  static String storageVersionHash(String group, String version, String kind) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((group + "/" + version + "/" + kind).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
