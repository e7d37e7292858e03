package io.jporch.task.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.fn.BuiltinFunctionRuntime;
import io.jporch.task.DefaultTaskHandler;
import io.jporch.task.RenderResult;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every package of the shared kpt examples ({@code testdata/kpt-packages}) renders with the native
 * functions, or fails only on kubeconform, which jporch does not implement, with a message naming
 * its image; without the kubeconform validator each one renders.
 */
class KptPackagesRenderTest {
  private final DefaultTaskHandler handler =
      new DefaultTaskHandler(List.of(new BuiltinFunctionRuntime()));

  @ParameterizedTest
  @ValueSource(
      strings = {"cert-manager-basic", "ghost", "guestbook", "nginx", "tenant", "wordpress"})
  void rendersOrFailsOnlyOnKubeconform(String name) throws IOException {
    Map<String, String> files = read(TestData.sharedDir().resolve("testdata/kpt-packages/" + name));

    RenderResult result = handler.render(files);

    boolean usesKubeconform = files.values().stream().anyMatch(t -> t.contains("kubeconform:"));
    if (usesKubeconform) {
      assertThat(result.error())
          .contains("kubeconform")
          .contains("is not supported by this server");
      assertThat(result.status().result().items())
          .allSatisfy(
              item ->
                  assertThat(item.exitCode() == 0 || item.image().contains("/kubeconform:"))
                      .as(item.image())
                      .isTrue());
      files.replaceAll((path, text) -> path.endsWith("Kptfile") ? withoutKubeconform(text) : text);
      result = handler.render(files);
    }
    assertThat(result.error()).as(name).isNull();
    assertThat(result.resources().get("Kptfile")).contains("reason: RenderSuccess");
  }

  /** The Kptfile without its kubeconform validator (always the last entry of these pipelines). */
  static String withoutKubeconform(String kptfile) {
    int at =
        kptfile.indexOf(
            "  validators:\n    - image: ghcr.io/kptdev/krm-functions-catalog/kubeconform");
    if (at < 0) {
      return kptfile;
    }
    String rest = kptfile.substring(0, at);
    return rest.endsWith("pipeline:\n")
        ? rest.substring(0, rest.length() - "pipeline:\n".length())
        : rest;
  }

  static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        if (!p.toString().endsWith(".png")) {
          files.put(
              dir.relativize(p).toString().replace('\\', '/'),
              Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }
}
