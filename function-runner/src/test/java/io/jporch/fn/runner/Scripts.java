package io.jporch.fn.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Shell scripts used as KRM functions in tests (ResourceList on stdin, ResourceList on stdout). */
final class Scripts {
  private Scripts() {}

  /** Writes an executable {@code /bin/sh} script {@code dir/name}. */
  static Path write(Path dir, String name, String body) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "#!/bin/sh\n" + body);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A function that rewrites {@code greeting: hello} to {@code greeting: <value>}. */
  static String greet(String value) {
    return "sed 's/greeting: hello/greeting: " + value + "/'\n";
  }

  /**
   * A function that reads its input, writes a ResourceList with an error result to stdout and a
   * line to stderr, and exits 3.
   */
  static final String FAIL_WITH_RESULTS =
      """
      cat > /dev/null
      cat <<'OUT'
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items: []
      results:
      - message: greeting must not be hello
        severity: error
        resourceRef:
          apiVersion: v1
          kind: ConfigMap
          name: cm
      - message: checked 1 resource
        severity: info
      OUT
      echo "strict-check: 1 error" >&2
      exit 3
      """;

  /** A ResourceList with one ConfigMap {@code cm} whose data.greeting is hello. */
  static final String INPUT =
      """
      apiVersion: config.kubernetes.io/v1
      kind: ResourceList
      items:
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm
          namespace: before
        data:
          greeting: hello
      functionConfig:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: function-input
        data:
          namespace: after
      """;
}
