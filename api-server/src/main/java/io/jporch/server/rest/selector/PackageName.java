package io.jporch.server.rest.selector;

import io.jporch.core.util.Names;
import java.util.Optional;

/**
 * The parts of a PorchPackage object name {@code <repo>.<dotted path>.<package>}. Port of {@code
 * PkgK8sName2Key} (split into repository, middle path and last segment, then validated).
 */
public record PackageName(String repository, String packagePath) {

  /** Parses a package object name; empty if it is not valid. */
  public static Optional<PackageName> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String[] parts = name.split("\\.", -1);
    if (parts.length < 2) {
      return Optional.empty();
    }
    String repository = parts[0];
    String path = String.join("/", java.util.Arrays.asList(parts).subList(1, parts.length));
    // Validate with a dummy workspace: the same rules apply to repository, path and package.
    if (!Names.validatePackageRevisionParts(repository, path, "ws").isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PackageName(repository, path));
  }
}
