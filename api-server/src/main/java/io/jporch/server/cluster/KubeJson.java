package io.jporch.server.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.util.Json;
import java.io.IOException;

/**
 * Conversions between fabric8's generic objects and jporch's model records (both are plain
 * Kubernetes JSON), and the custom resources cluster mode works with.
 */
final class KubeJson {
  /** {@code repositories.config.porch.kpt.dev}, Porch's Repository CRD. */
  static final ResourceDefinitionContext REPOSITORIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("config.porch.kpt.dev")
          .withVersion("v1alpha1")
          .withKind("Repository")
          .withPlural("repositories")
          .withNamespaced(true)
          .build();

  /** {@code packagerevs.config.porch.kpt.dev}, Porch's internal PackageRev CRD (CR cache). */
  static final ResourceDefinitionContext PACKAGE_REVS =
      new ResourceDefinitionContext.Builder()
          .withGroup("config.porch.kpt.dev")
          .withVersion("v1alpha1")
          .withKind("PackageRev")
          .withPlural("packagerevs")
          .withNamespaced(true)
          .build();

  private KubeJson() {}

  /** {@code object} read as {@code type} through its JSON form. */
  static <T> T convert(GenericKubernetesResource object, Class<T> type) {
    try {
      return Json.MAPPER.readValue(Serialization.asJson(object), type);
    } catch (IOException e) {
      throw new InternalErrorException(
          null, "cannot read " + object.getKind() + " " + name(object) + ": " + e.getMessage(), e);
    }
  }

  /** {@code value} (a model record) as a generic object. */
  static GenericKubernetesResource generic(Object value) {
    try {
      return Serialization.unmarshal(
          Json.MAPPER.writeValueAsString(value), GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot serialise " + value.getClass(), e);
    }
  }

  /** {@code namespace/name} of an object. */
  static String name(GenericKubernetesResource object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /** True for a 404 answer. */
  static boolean notFound(KubernetesClientException e) {
    return e.getCode() == 404;
  }

  /** True for a 409 answer (conflict or already exists). */
  static boolean conflict(KubernetesClientException e) {
    return e.getCode() == 409;
  }
}
