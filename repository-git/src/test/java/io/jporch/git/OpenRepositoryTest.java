package io.jporch.git;

import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misconfigured and unreachable repositories. */
class OpenRepositoryTest {
  @TempDir Path tmp;

  private GitRepositoryFactory factory() {
    return new GitRepositoryFactory(
        tmp.resolve("cache"), new GitOptions(2, Duration.ofSeconds(10), Duration.ofSeconds(10)));
  }

  @Test
  void otherTypesAreRefused() {
    Repository oci =
        Repository.of(
            ObjectMeta.named("default", "r"),
            new Repository.Spec(null, false, "oci", null, null, null, null),
            null);
    assertThatThrownBy(() -> factory().open(ctx(), oci))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("repository type oci not supported");
  }

  @Test
  void badSpecsAreInvalid() {
    assertThatThrownBy(() -> factory().open(ctx(), spec("r", "", "main", "")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.git.repo");
    assertThatThrownBy(() -> factory().open(ctx(), spec("r", "ssh://host/x", "main", "")))
        .isInstanceOf(InvalidException.class);
    String url = GitFixtures.porchRepository("simple-repository", tmp.resolve("remote"));
    assertThatThrownBy(() -> factory().open(ctx(), spec("r", url, "illegal$$$Characters", "")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.git.branch");
  }

  @Test
  void unreachableRemotesAreServiceUnavailable() {
    GitRepositoryFactory factory = factory();
    String missing = "file://" + tmp.resolve("no-such-repo");
    assertThatThrownBy(() -> factory.open(ctx(), spec("r", missing, "main", "")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("cannot fetch repository");
    assertThatThrownBy(() -> factory.open(ctx(), spec("r", "http://127.0.0.1:9/x.git", "main", "")))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(Files.exists(tmp.resolve("cache/git"))).isTrue();
    assertThat(tmp.resolve("cache/git").toFile().list()).isEmpty();
  }
}
