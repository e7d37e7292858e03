package io.jporch.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic replacement: the file holds the old or the new content, and no temporary file stays. */
class SecureFilesTest {
  @TempDir Path dir;

  @Test
  void replacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("sub").resolve("object.json");
    SecureFiles.write(file, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    SecureFiles.write(file, "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
    assertThat(file).hasContent("{\"v\":2}");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void privateFilesAreOwnerOnly() throws Exception {
    Path file = dir.resolve("token");
    SecureFiles.writePrivate(file, "secret\n");
    assertThat(file).hasContent("secret\n");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }
}
