package io.jporch.core.api.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes ObjectMeta, restricted to the fields jporch stores or computes. {@code managedFields}
 * is maintained by the API server's field manager (server-side apply and updates).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectMeta(
    String name,
    String generateName,
    String namespace,
    String uid,
    String resourceVersion,
    Long generation,
    String creationTimestamp,
    String deletionTimestamp,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> finalizers,
    List<OwnerReference> ownerReferences,
    List<ManagedFieldsEntry> managedFields) {

  /** The metadata without managed fields (the form used before field management existed). */
  public ObjectMeta(
      String name,
      String generateName,
      String namespace,
      String uid,
      String resourceVersion,
      Long generation,
      String creationTimestamp,
      String deletionTimestamp,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<String> finalizers,
      List<OwnerReference> ownerReferences) {
    this(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        null);
  }

  public static ObjectMeta named(String namespace, String name) {
    return new ObjectMeta(
        name, null, namespace, null, null, null, null, null, null, null, null, null, null);
  }

  public ObjectMeta withName(String value) {
    return new ObjectMeta(
        value,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withGenerateName(String value) {
    return new ObjectMeta(
        name,
        value,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withNamespace(String value) {
    return new ObjectMeta(
        name,
        generateName,
        value,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withUid(String value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        value,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withResourceVersion(String value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        value,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withGeneration(Long value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        value,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withCreationTimestamp(String value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        value,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withDeletionTimestamp(String value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        value,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withLabels(Map<String, String> value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        value,
        annotations,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withAnnotations(Map<String, String> value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        value,
        finalizers,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withFinalizers(List<String> value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        value,
        ownerReferences,
        managedFields);
  }

  public ObjectMeta withOwnerReferences(List<OwnerReference> value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        value,
        managedFields);
  }

  public ObjectMeta withManagedFields(List<ManagedFieldsEntry> value) {
    return new ObjectMeta(
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        deletionTimestamp,
        labels,
        annotations,
        finalizers,
        ownerReferences,
        value);
  }

  /** Labels, never null. */
  public Map<String, String> labelsOrEmpty() {
    return labels == null ? Map.of() : labels;
  }

  /** Annotations, never null. */
  public Map<String, String> annotationsOrEmpty() {
    return annotations == null ? Map.of() : annotations;
  }

  /** Managed fields, never null. */
  public List<ManagedFieldsEntry> managedFieldsOrEmpty() {
    return managedFields == null ? List.of() : managedFields;
  }
}
