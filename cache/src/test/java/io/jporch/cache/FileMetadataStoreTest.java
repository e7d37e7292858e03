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
    store.put("ns", "repo", "repo.pkg.ws", meta("repo.pkg.ws"));

    Path file = dir.resolve("ns").resolve("repo").resolve("repo.pkg.ws.json");
    assertThat(file).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file.getParent().getParent())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary files left behind
    }
    assertThat(new FileMetadataStore(dir).get("ns", "repo", "repo.pkg.ws"))
        .contains(meta("repo.pkg.ws"));
  }

  @Test
  void recreatableMetadataIsStoredTheSameWay() throws Exception {
    var store = new FileMetadataStore(dir);
    store.putRecreatable("ns", "repo", "repo.pkg.v1", meta("repo.pkg.v1"));

    Path file = dir.resolve("ns").resolve("repo").resolve("repo.pkg.v1.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    assertThat(new FileMetadataStore(dir).get("ns", "repo", "repo.pkg.v1"))
        .contains(meta("repo.pkg.v1"));
  }

  @Test
  void anEmptyFileLeftByACrashReadsAsMissing() throws Exception {
    Files.createDirectories(dir.resolve("ns").resolve("repo"));
    Files.write(dir.resolve("ns").resolve("repo").resolve("repo.pkg.v2.json"), new byte[0]);
    var store = new FileMetadataStore(dir);
    assertThat(store.get("ns", "repo", "repo.pkg.v2")).isEmpty();

    store.putRecreatable("ns", "repo", "repo.pkg.v2", meta("repo.pkg.v2"));
    assertThat(new FileMetadataStore(dir).get("ns", "repo", "repo.pkg.v2"))
        .contains(meta("repo.pkg.v2"));
  }

  @Test
  void overwritesAndDeletes() {
    var store = new FileMetadataStore(dir);
    store.put("ns", "repo", "n", meta("n"));
    store.put("ns", "repo", "n", ObjectMeta.named("ns", "n"));
    assertThat(new FileMetadataStore(dir).get("ns", "repo", "n"))
        .contains(ObjectMeta.named("ns", "n"));

    store.delete("ns", "repo", "n");
    store.delete("ns", "repo", "never-stored");

    assertThat(store.get("ns", "repo", "n")).isEmpty();
    assertThat(new FileMetadataStore(dir).get("ns", "repo", "n")).isEmpty();
  }

  @Test
  void namesThatAreNotKubernetesNamesCannotEscapeTheDirectory() {
    var store = new FileMetadataStore(dir);
    store.put("", "repo", "../../etc/passwd", ObjectMeta.named(null, "x"));
    store.put("Weird NS", "repo", "a/b", ObjectMeta.named("Weird NS", "a/b"));

    assertThat(store.get("", "repo", "../../etc/passwd")).isPresent();
    assertThat(new FileMetadataStore(dir).get("Weird NS", "repo", "a/b"))
        .contains(ObjectMeta.named("Weird NS", "a/b"));
    assertThat(dir.getParent().resolve("etc")).doesNotExist();
  }

  @Test
  void namesListsTheEntriesOfOneRepository() {
    var store = new FileMetadataStore(dir);
    store.put("ns", "a", "a.pkg.v1", meta("a.pkg.v1"));
    store.putRecreatable("ns", "a", "a.pkg.ws", meta("a.pkg.ws"));
    store.put("ns", "a.b", "a.b.pkg.v1", meta("a.b.pkg.v1"));
    store.put("other", "a", "a.pkg.v2", meta("a.pkg.v2"));
    store.put("ns", "a", "Not/A.Name", meta("Not/A.Name"));

    var reopened = new FileMetadataStore(dir);
    assertThat(reopened.names("ns", "a"))
        .containsExactlyInAnyOrder("a.pkg.v1", "a.pkg.ws", "Not/A.Name");
    assertThat(reopened.names("ns", "a.b")).containsExactly("a.b.pkg.v1");
    assertThat(reopened.names("ns", "missing")).isEmpty();

    reopened.delete("ns", "a", "a.pkg.v1");
    assertThat(new FileMetadataStore(dir).names("ns", "a"))
        .containsExactlyInAnyOrder("a.pkg.ws", "Not/A.Name");
  }

  @Test
  void anEntryWrittenBeforeEntriesWereKeptPerRepositoryMovesToItsRepository() throws Exception {
    Path legacy = dir.resolve("ns").resolve("repo.pkg.v1.json");
    Files.createDirectories(legacy.getParent());
    Files.write(legacy, io.jporch.core.util.Json.MAPPER.writeValueAsBytes(meta("repo.pkg.v1")));
    var store = new FileMetadataStore(dir);
    assertThat(store.names("ns", "repo")).isEmpty();

    assertThat(store.get("ns", "repo", "repo.pkg.v1")).contains(meta("repo.pkg.v1"));

    assertThat(legacy).doesNotExist();
    assertThat(new FileMetadataStore(dir).names("ns", "repo")).containsExactly("repo.pkg.v1");
    assertThat(new FileMetadataStore(dir).get("ns", "repo", "repo.pkg.v1"))
        .contains(meta("repo.pkg.v1"));
  }
}
