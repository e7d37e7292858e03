package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecConfigTest {
  @TempDir Path dir;

  private ExecConfig load(String yaml) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return ExecConfig.load(file, dir.resolve("functions"));
  }

  @Test
  void readsPorchsFormatAndJoinsBinariesToTheFunctionsDirectory() throws Exception {
    ExecConfig config =
        load(
            """
            functions:
              - function: set-image
                images:
                  - ghcr.io/kptdev/krm-functions-catalog/set-image:v0.1.2
                  - ghcr.io/kptdev/krm-functions-catalog/set-image:latest
              - function: /abs/apply-setters
                images:
                  - ghcr.io/kptdev/krm-functions-catalog/apply-setters:v0.2.2
                  - ghcr.io/kptdev/krm-functions-catalog/set-image:latest
            """);

    Path functions = dir.resolve("functions").toAbsolutePath();
    assertThat(config.binaries())
        .containsExactly(
            java.util.Map.entry(
                "ghcr.io/kptdev/krm-functions-catalog/set-image:v0.1.2",
                functions.resolve("set-image")),
            java.util.Map.entry(
                "ghcr.io/kptdev/krm-functions-catalog/set-image:latest",
                functions.resolve("set-image")),
            java.util.Map.entry(
                "ghcr.io/kptdev/krm-functions-catalog/apply-setters:v0.2.2",
                functions.resolve("abs/apply-setters")));
  }

  @Test
  void anEmptyFileHasNoImages() throws Exception {
    assertThat(load("").binaries()).isEmpty();
    assertThat(load("functions: []\n").binaries()).isEmpty();
  }

  @Test
  void errorsNameTheFileAndTheField() {
    assertThatThrownBy(() -> load("functions:\n  - images: [a:v1]\n"))
        .hasMessageContaining("config.yaml")
        .hasMessageContaining("functions[0].function: must name the function's binary");
    assertThatThrownBy(() -> load("functions:\n  - function: f\n    images: a\n"))
        .hasMessageContaining("functions[0].images: must be a list of images");
    assertThatThrownBy(() -> load("functions: {}\n"))
        .hasMessageContaining("functions: must be a list");
    assertThatThrownBy(() -> load("functions: [\n"))
        .hasMessageContaining("failed to parse configuration file");
    assertThatThrownBy(() -> ExecConfig.load(dir.resolve("missing.yaml"), dir))
        .hasMessageContaining("failed to read configuration file")
        .hasMessageContaining("missing.yaml");
  }
}
