package io.jporch.core.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageRevisionFilterTest {
  private final RepositoryKey repo = new RepositoryKey("default", "blueprints", "", "main");

  private PackageRevisionKey key(String path, int revision, String ws) {
    return new PackageRevisionKey(new PackageKey(repo, path), revision, ws);
  }

  @Test
  void emptyFilterMatchesEverything() {
    assertThat(PackageRevisionFilter.ALL.matchesKey(key("a/b", 3, "v3"))).isTrue();
  }

  @Test
  void packageNameWithoutPathMatchesAnyPath() {
    var filter = new PackageRevisionFilter(null, null, "istio", null, 0, Set.of(), Map.of(), null);
    assertThat(filter.matchesKey(key("network/istio", 1, "v1"))).isTrue();
    assertThat(filter.matchesKey(key("istio", 1, "v1"))).isTrue();
    assertThat(filter.matchesKey(key("network/other", 1, "v1"))).isFalse();
  }

  @Test
  void packagePathMatchesExactly() {
    var filter = PackageRevisionFilter.forPackagePath("network/istio");
    assertThat(filter.matchesKey(key("network/istio", 1, "v1"))).isTrue();
    assertThat(filter.matchesKey(key("istio", 1, "v1"))).isFalse();
  }

  @Test
  void revisionZeroIsAWildcard() {
    var filter = new PackageRevisionFilter(null, null, null, null, -1, Set.of(), Map.of(), null);
    assertThat(filter.matchesKey(key("a", -1, "main"))).isTrue();
    assertThat(filter.matchesKey(key("a", 1, "v1"))).isFalse();
  }

  @Test
  void keysComposeObjectNames() {
    assertThat(key("network/istio", 0, "ws1").objectName())
        .isEqualTo("blueprints.network.istio.ws1");
    assertThat(key("basens", -1, "main").isPlaceholder()).isTrue();
    assertThat(key("basens", 1, "main").isPlaceholder()).isFalse();
    var nested = new PackageKey(new RepositoryKey("ns", "r", "catalog", "main"), "gcp/bucket");
    assertThat(nested.fullPath()).isEqualTo("catalog/gcp/bucket");
    assertThat(nested.name()).isEqualTo("bucket");
    assertThat(nested.parentPath()).isEqualTo("gcp");
  }
}
