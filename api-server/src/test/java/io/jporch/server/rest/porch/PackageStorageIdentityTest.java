package io.jporch.server.rest.porch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PorchPackage;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.testing.fake.FakeRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PorchPackage's resourceVersion changes exactly when what it shows changes. */
class PackageStorageIdentityTest {
  private static final Map<String, String> FILES =
      Map.of("Kptfile", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n");

  private final FakeRepository repo =
      new FakeRepository(new RepositoryKey("default", "blueprints", "", "main"));

  @Test
  void resourceVersionFollowsTheLatestRevision() {
    PackageRevision v1 = repo.putRevision("app", "v1", 1, Lifecycle.PUBLISHED, FILES);
    PackageRevision draft = repo.putRevision("app", "ws", 0, Lifecycle.DRAFT, FILES);
    PackageRevision v2 = repo.putRevision("app", "v2", 2, Lifecycle.PUBLISHED, FILES);

    PorchPackage published = only(PackageStorage.packages(List.of(v1)));
    PorchPackage withDraft = only(PackageStorage.packages(List.of(v1, draft)));
    PorchPackage republished = only(PackageStorage.packages(List.of(v1, draft, v2)));

    assertThat(withDraft.metadata().resourceVersion())
        .isEqualTo(published.metadata().resourceVersion());
    assertThat(republished.metadata().resourceVersion())
        .isNotEqualTo(published.metadata().resourceVersion());
    assertThat(republished.status().latestRevision()).isEqualTo(2);
    assertThat(republished.metadata().generation()).isEqualTo(1L);
    assertThat(republished.metadata().creationTimestamp())
        .isEqualTo(v1.toApiObject().metadata().creationTimestamp());
  }

  private static PorchPackage only(List<PorchPackage> packages) {
    assertThat(packages).hasSize(1);
    return packages.get(0);
  }
}
