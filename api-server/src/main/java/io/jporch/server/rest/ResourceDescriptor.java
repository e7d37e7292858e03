package io.jporch.server.rest;

import java.util.List;

/**
 * Discovery facts of one served resource or subresource: the names and verbs {@code
 * APIResourceList} advertises (01-api §2.1, §3.1).
 */
public record ResourceDescriptor(
    String group,
    String version,
    String name,
    String singularName,
    String kind,
    boolean namespaced,
    List<String> verbs,
    List<String> shortNames) {

  public ResourceDescriptor {
    verbs = List.copyOf(verbs);
    shortNames = List.copyOf(shortNames);
  }

  /** {@code group/version}. */
  public String groupVersion() {
    return group + "/" + version;
  }

  /**
   * The {@code apiVersion} of the resource's objects: {@code group/version}, or just {@code
   * version} for the core group (whose URLs live under {@code /api}).
   */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** True for a subresource entry such as {@code packagerevisions/approval}. */
  public boolean isSubresource() {
    return name.contains("/");
  }

  /** The list kind ({@code <Kind>List}). */
  public String listKind() {
    return kind + "List";
  }
}
