package io.jporch.server.rest.selector;

import io.jporch.core.error.BadRequestException;
import java.util.Optional;

/**
 * Which PorchPackages a list asks for. Port of {@code parsePackageFieldSelector}; unlike Go Porch,
 * whose generic layer only admits {@code metadata.name} and {@code metadata.namespace}, all four
 * keys the storage understands are accepted.
 */
public record PackageQuery(
    String namespace, String repository, String packagePath, String packageName) {

  /** Builds the query from the URL namespace and the field selector. */
  public static PackageQuery parse(String urlNamespace, FieldSelector fields) {
    String namespace = null;
    String repository = null;
    String path = null;
    String name = null;
    for (FieldSelector.Requirement r : fields.requirements()) {
      if (r.operator() == FieldSelector.Operator.NOT_EQUALS) {
        throw new BadRequestException(
            null, "unsupported fieldSelector operator \"!=\" for field \"" + r.field() + "\"");
      }
      if (r.value().isEmpty()) {
        throw new BadRequestException(
            null, "unsupported fieldSelector value \"\" for field \"" + r.field() + "\"");
      }
      switch (r.field()) {
        case "metadata.name" -> {
          Optional<PackageName> parsed = PackageName.parse(r.value());
          if (parsed.isEmpty()) {
            throw new BadRequestException(null, "invalid package name \"" + r.value() + "\"");
          }
          repository = parsed.get().repository();
          path = parsed.get().packagePath();
        }
        case "metadata.namespace" -> namespace = r.value();
        case "spec.packageName" -> name = r.value();
        case "spec.repository" -> repository = r.value();
        default ->
            throw new BadRequestException(
                null, "\"" + r.field() + "\" is not a known field selector");
      }
    }
    if (urlNamespace != null && !urlNamespace.isEmpty()) {
      if (namespace != null && !namespace.equals(urlNamespace)) {
        throw new BadRequestException(
            null,
            "conflicting namespaces specified: \"" + urlNamespace + "\" and \"" + namespace + "\"");
      }
      namespace = urlNamespace;
    }
    return new PackageQuery(namespace, repository, path, name);
  }
}
