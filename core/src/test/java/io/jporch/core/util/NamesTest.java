package io.jporch.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {
  @ParameterizedTest
  @CsvSource({
    // Workspace vectors from Porch's TestGetPRWorkspaceName.
    "repo.hello.there, hello, there",
    "repo.hello.v1.2.3, hello, v1.2.3",
    "repo.hello.v1.2, hello, v1.2",
    "repo.hello.v1, hello, v1",
    "repo.hello.v1.v1, hello/v1, v1",
    "repo.hello.v1.2.3.end, hello/v1/2/3, end",
    "blueprints.network.istio.ws-1, network/istio, ws-1",
    "deploy.edge.site-a.app.draft1, edge/site-a/app, draft1",
    "blueprints.basens.main, basens, main"
  })
  void parsesPackageRevisionNames(String name, String path, String workspace) {
    var parsed = Names.parsePackageRevisionName(name);
    assertThat(parsed).isPresent();
    assertThat(parsed.get().packagePath()).isEqualTo(path);
    assertThat(parsed.get().workspace()).isEqualTo(workspace);
  }

  @ParameterizedTest
  @CsvSource({"my-repo", "repo.", "Repo.Pkg.ws", "repo..ws", "repo.pkg_x.ws", "v."})
  void refusesUnparsableNames(String name) {
    assertThat(Names.parsePackageRevisionName(name)).isEqualTo(Optional.empty());
  }

  @Test
  void composesNamesAsPorchDoes() {
    assertThat(Names.packageRevisionObjectName("blueprints", "/network/istio/", "ws-1"))
        .isEqualTo("blueprints.network.istio.ws-1");
    assertThat(Names.packageRevisionObjectName("blueprints", "basens", "")).isEmpty();
    assertThat(Names.packageObjectName("blueprints", "network/istio"))
        .isEqualTo("blueprints.network.istio");
  }

  @Test
  void validatesParts() {
    assertThat(Names.validatePackageRevisionParts("repo", "a/b/c", "ws")).isEmpty();
    assertThat(Names.validatePackageRevisionParts("Repo", "pkg", "ws"))
        .singleElement()
        .asString()
        .startsWith("repository name \"Repo\"");
    assertThat(Names.validatePackageRevisionParts("repo", "pkg", "WS"))
        .singleElement()
        .asString()
        .startsWith("workspace name \"WS\"");
    assertThat(Names.validatePackagePath("a//b")).contains("//");
    assertThat(Names.validatePackagePath("a/b.c")).isNotNull();
    assertThat(Names.validatePackagePath("a/b-c")).isNull();
  }

  @Test
  void limitsLabelLength() {
    assertThat(Names.validateDns1123Label("a".repeat(63))).isNull();
    assertThat(Names.validateDns1123Label("a".repeat(64))).contains("63");
  }
}
