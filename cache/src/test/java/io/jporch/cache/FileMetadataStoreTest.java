package io.jporch.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.meta.OwnerReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetadataStoreTest {
  @TempDir Path dir;

  private static ObjectMeta meta(String name) {
    return ObjectMeta.named("ns", name)
        .withCreationTimestamp("2026-01-02T03:04:05Z")
        .withLabels(Map.of("app", "web"))
        .withAnnotations(Map.of("a", "b"))
        .withFinalizers(List.of("example.com/f"))
        .withOwnerReferences(
            List.of(new OwnerReference("v1", "ConfigMap", "o", "uid-1", true, null)));
  }

  @Test
  void writesOneOwnerOnlyJsonFilePerRevisionAndReadsItBackInANewInstance() throws Exception {
    var store = new FileMetadataStore(dir);
    store.put("ns", "repo.pkg.ws", meta("repo.pkg.ws"));

    Path file = dir.resolve("ns").resolve("repo.pkg.ws.json");
    assertThat(file).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary files left behind
    }
    assertThat(new FileMetadataStore(dir).get("ns", "repo.pkg.ws")).contains(meta("repo.pkg.ws"));
  }

  @Test
  void recreatableMetadataIsStoredTheSameWay() throws Exception {
    var store = new FileMetadataStore(dir);
    store.putRecreatable("ns", "repo.pkg.v1", meta("repo.pkg.v1"));

    Path file = dir.resolve("ns").resolve("repo.pkg.v1.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    assertThat(new FileMetadataStore(dir).get("ns", "repo.pkg.v1")).contains(meta("repo.pkg.v1"));
  }

  @Test
  void anEmptyFileLeftByACrashReadsAsMissing() throws Exception {
    Files.createDirectories(dir.resolve("ns"));
    Files.write(dir.resolve("ns").resolve("repo.pkg.v2.json"), new byte[0]);
    var store = new FileMetadataStore(dir);
    assertThat(store.get("ns", "repo.pkg.v2")).isEmpty();

    store.putRecreatable("ns", "repo.pkg.v2", meta("repo.pkg.v2"));
    assertThat(new FileMetadataStore(dir).get("ns", "repo.pkg.v2")).contains(meta("repo.pkg.v2"));
  }

  @Test
  void overwritesAndDeletes() {
    var store = new FileMetadataStore(dir);
    store.put("ns", "n", meta("n"));
    store.put("ns", "n", ObjectMeta.named("ns", "n"));
    assertThat(new FileMetadataStore(dir).get("ns", "n")).contains(ObjectMeta.named("ns", "n"));

    store.delete("ns", "n");
    store.delete("ns", "never-stored");

    assertThat(store.get("ns", "n")).isEmpty();
    assertThat(new FileMetadataStore(dir).get("ns", "n")).isEmpty();
  }

  @Test
  void namesThatAreNotKubernetesNamesCannotEscapeTheDirectory() {
    var store = new FileMetadataStore(dir);
    store.put("", "../../etc/passwd", ObjectMeta.named(null, "x"));
    store.put("Weird NS", "a/b", ObjectMeta.named("Weird NS", "a/b"));

    assertThat(store.get("", "../../etc/passwd")).isPresent();
    assertThat(new FileMetadataStore(dir).get("Weird NS", "a/b"))
        .contains(ObjectMeta.named("Weird NS", "a/b"));
    assertThat(dir.getParent().resolve("etc")).doesNotExist();
  }
}
