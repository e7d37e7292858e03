package io.jporch.server.rest.config;

import io.jporch.core.api.config.Repository;
import io.jporch.core.error.FieldError;
import io.jporch.core.util.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Defaulting and validation of Repository objects: the CRD schema defaults and CEL rules of
 * config.porch.kpt.dev_repositories.yaml plus jporch's own limits (only Git is supported).
 */
final class RepositoryValidation {
  private static final String DEFAULT_CONTENT = "Package";
  private static final String DEFAULT_BRANCH = "main";

  private RepositoryValidation() {}

  /** Applies the schema defaults: {@code spec.content: Package}, {@code spec.git.branch: main}. */
  static Repository withDefaults(Repository repository) {
    Repository.Spec spec = repository.spec();
    if (spec == null) {
      return repository;
    }
    Repository.Git git = spec.git();
    if (git != null && (git.branch() == null || git.branch().isEmpty())) {
      git =
          new Repository.Git(
              git.repo(),
              DEFAULT_BRANCH,
              git.createBranch(),
              git.directory(),
              git.secretRef(),
              git.author(),
              git.email());
    }
    String content = spec.content() == null ? DEFAULT_CONTENT : spec.content();
    Repository.Spec defaulted =
        new Repository.Spec(
            spec.description(),
            spec.deployment(),
            spec.type(),
            content,
            spec.sync(),
            git,
            spec.oci());
    return Repository.of(repository.metadata(), defaulted, repository.status());
  }

  /** Field errors of an object as it would be stored. */
  static List<FieldError> validate(Repository repository) {
    List<FieldError> errors = new ArrayList<>();
    String name = repository.metadata().name();
    if (name == null || name.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else if (Names.validateDns1123Label(name) != null) {
      errors.add(FieldError.invalid("metadata.name", name, Names.validateDns1123Label(name)));
    }
    Repository.Spec spec = repository.spec();
    if (spec == null) {
      errors.add(FieldError.required("spec", "spec is required"));
      return errors;
    }
    if (spec.content() != null
        && !spec.content().isEmpty()
        && !spec.content().equals(DEFAULT_CONTENT)) {
      errors.add(
          FieldError.invalid(
              "spec.content",
              spec.content(),
              "The 'content' field is deprecated, its only valid value is 'Package'"));
    }
    validateType(spec, errors);
    return errors;
  }

  private static void validateType(Repository.Spec spec, List<FieldError> errors) {
    String type = spec.type();
    if (type == null || type.isEmpty()) {
      errors.add(
          FieldError.required(
              "spec.type", "the repository type is required; supported values: \"git\""));
    } else if (type.equals(Repository.TYPE_OCI)) {
      errors.add(
          FieldError.notSupported(
              "spec.type",
              type,
              "OCI repositories are not supported by jporch; supported values: \"git\""));
    } else if (!type.equals(Repository.TYPE_GIT)) {
      errors.add(FieldError.notSupported("spec.type", type, "supported values: \"git\""));
    } else if (spec.git() == null) {
      errors.add(
          FieldError.required(
              "spec.git", "git settings are required for a repository of type git"));
    } else if (spec.git().repo() == null || spec.git().repo().isBlank()) {
      errors.add(FieldError.required("spec.git.repo", "the Git repository URL is required"));
    }
  }

  /** Field errors of the immutable fields (the CRD's CEL transition rules). */
  static List<FieldError> validateUpdate(Repository updated, Repository old) {
    List<FieldError> errors = new ArrayList<>(validate(updated));
    Repository.Spec o = old.spec();
    Repository.Spec n = updated.spec();
    if (o == null || n == null) {
      return errors;
    }
    immutable(errors, "spec.type", o.type(), n.type());
    if (o.git() != null) {
      Repository.Git ng = n.git();
      immutable(errors, "spec.git.repo", o.git().repo(), ng == null ? null : ng.repo());
      immutable(errors, "spec.git.branch", o.git().branch(), ng == null ? null : ng.branch());
      immutable(
          errors, "spec.git.directory", o.git().directory(), ng == null ? null : ng.directory());
    }
    if (o.oci() != null) {
      immutable(
          errors,
          "spec.oci.registry",
          o.oci().registry(),
          n.oci() == null ? null : n.oci().registry());
    }
    return errors;
  }

  private static void immutable(List<FieldError> errors, String field, String old, String updated) {
    if (old != null && !old.isEmpty() && !Objects.equals(old, updated)) {
      errors.add(
          FieldError.invalid(field, updated == null ? "" : updated, field + " is immutable"));
    }
  }
}
