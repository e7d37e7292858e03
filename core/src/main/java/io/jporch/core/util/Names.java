package io.jporch.core.util;

import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.RepositoryKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Porch's object naming rules (pkg/util/util.go): compose, parse and validate names. */
public final class Names {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LEGACY_WORKSPACE = Pattern.compile("\\.v[0-9.]*[0-9]$");

  private Names() {}

  /** Null if valid, else the Kubernetes message for an invalid DNS-1123 label. */
  public static String validateDns1123Label(String value) {
    if (value == null || value.isEmpty()) {
      return "must be non-empty";
    }
    if (value.length() > 63) {
      return "must be no more than 63 characters";
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
          + " '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or"
          + " '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    }
    return null;
  }

  /** Null if valid, else the message for an invalid DNS-1123 subdomain. */
  public static String validateDns1123Subdomain(String value) {
    if (value == null || value.isEmpty()) {
      return "must be non-empty";
    }
    if (value.length() > 253) {
      return "must be no more than 253 characters";
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
          + " '-' or '.', and must start and end with an alphanumeric character";
    }
    return null;
  }

  /**
   * Null if {@code path} is a valid package directory path (no {@code //}; with every {@code /}
   * removed a DNS-1123 label), else the message.
   */
  public static String validatePackagePath(String path) {
    if (path == null || path.isEmpty()) {
      return "must be non-empty";
    }
    if (path.contains("//")) {
      return "must not contain '//'";
    }
    String flat = path.replace("/", "");
    String label = validateDns1123Label(flat);
    return label == null ? null : label;
  }

  /** Trims slashes from both ends. */
  public static String trimSlashes(String s) {
    if (s == null) {
      return "";
    }
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }

  /** {@code <repo>.<dotted path>.<workspace>}, or "" if any part is empty. */
  public static String packageRevisionObjectName(String repo, String packagePath, String ws) {
    String path = trimSlashes(packagePath);
    if (isEmpty(repo) || path.isEmpty() || isEmpty(ws)) {
      return "";
    }
    return repo + "." + dotted(path) + "." + ws;
  }

  /** {@code <repo>.<dotted path>}. */
  public static String packageObjectName(String repo, String packagePath) {
    return repo + "." + dotted(trimSlashes(packagePath));
  }

  private static String dotted(String path) {
    String d = path.replace('/', '.');
    while (d.startsWith(".")) {
      d = d.substring(1);
    }
    while (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }

  /** Problems with the parts of a package revision name; empty if valid (Porch's rules). */
  public static List<String> validatePackageRevisionParts(
      String repo, String packagePath, String ws) {
    List<String> problems = new ArrayList<>();
    String repoProblem = validateDns1123Label(repo);
    if (repoProblem != null) {
      problems.add("repository name \"" + repo + "\" " + repoProblem);
    }
    String path = trimSlashes(packagePath);
    int i = path.lastIndexOf('/');
    String parent = i < 0 ? "" : path.substring(0, i);
    String name = i < 0 ? path : path.substring(i + 1);
    if (!parent.isEmpty()) {
      String p = validatePackagePath(parent);
      if (p != null) {
        problems.add("package path \"" + parent + "\" " + p);
      }
    }
    String n = validateDns1123Label(name);
    if (n != null) {
      problems.add("package name \"" + name + "\" " + n);
    }
    String w = validateDns1123Label(ws);
    if (w != null) {
      problems.add("workspace name \"" + ws + "\" " + w);
    }
    if (problems.isEmpty()) {
      String full = packageRevisionObjectName(repo, path, ws);
      String s = validateDns1123Subdomain(full);
      if (s != null) {
        problems.add("complete object name \"" + full + "\" " + s);
      }
    }
    return problems;
  }

  /**
   * The parts of a package revision object name as Porch parses them (01-api §4.4): repository,
   * package path (slash separated) and workspace. Empty if the name cannot be parsed.
   */
  public static Optional<ParsedName> parsePackageRevisionName(String name) {
    if (name == null || !name.contains(".")) {
      return Optional.empty();
    }
    String ws;
    String rest;
    var m = LEGACY_WORKSPACE.matcher(name);
    if (m.find()) {
      ws = name.substring(m.start() + 1);
      rest = name.substring(0, m.start());
    } else {
      int i = name.lastIndexOf('.');
      ws = name.substring(i + 1);
      rest = name.substring(0, i);
    }
    String[] parts = rest.split("\\.", -1);
    if (parts.length < 2) {
      return Optional.empty();
    }
    String repo = parts[0];
    String path = String.join("/", List.of(parts).subList(1, parts.length));
    String wsForValidation = ws.replace('.', '-');
    if (!validatePackageRevisionParts(repo, path, wsForValidation).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ParsedName(repo, path, ws));
  }

  /** Result of {@link #parsePackageRevisionName}. */
  public record ParsedName(String repository, String packagePath, String workspace) {
    /** The key, given the repository key it belongs to; revision unknown (0). */
    public PackageRevisionKey toKey(RepositoryKey repositoryKey) {
      return new PackageRevisionKey(new PackageKey(repositoryKey, packagePath), 0, workspace);
    }
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
