package io.jporch.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UidsTest {
  @Test
  void matchesPorchGenerateUid() {
    // Vector from nephio-project/porch pkg/util/util_test.go TestGenerateUid.
    assertThat(Uids.generate("my-prefix", "my-namespace", "my.kube.name.of-something"))
        .isEqualTo("272983f7-a30d-58e0-a809-c38e8638666d");
  }

  @Test
  void isCaseInsensitiveInNamespaceAndName() {
    assertThat(Uids.packageRevision("Default", "Repo.Pkg.WS"))
        .isEqualTo(Uids.packageRevision("default", "repo.pkg.ws"));
  }

  @Test
  void packageAndRevisionUidsDiffer() {
    assertThat(Uids.packageRevision("default", "repo.pkg"))
        .isNotEqualTo(Uids.porchPackage("default", "repo.pkg"));
  }
}
