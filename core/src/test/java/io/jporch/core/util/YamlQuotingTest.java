package io.jporch.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlQuotingTest {
  @Test
  void stringsThatLookLikeOtherTypesStayStrings() throws Exception {
    List<String> values =
        List.of(
            "123",
            "1e3",
            "1E-3",
            "0x1F",
            "0o17",
            "0777",
            ".inf",
            "-.inf",
            ".nan",
            "1_000",
            "12:30",
            "2024-01-01",
            "true",
            "True",
            "yes",
            "on",
            "off",
            "y",
            "n",
            "null",
            "~",
            "",
            "+1",
            "plain",
            "a: b",
            "#x",
            "v1.2",
            "multi\nline\n",
            "x".repeat(150) + " y");
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      map.put("k" + i, values.get(i));
    }

    String yaml = Json.YAML.writeValueAsString(map);

    var back = Json.YAML.readTree(yaml);
    for (int i = 0; i < values.size(); i++) {
      assertThat(back.get("k" + i).isTextual()).as(values.get(i)).isTrue();
      assertThat(back.get("k" + i).asText()).isEqualTo(values.get(i));
    }
    assertThat(yaml)
        .contains("k1: \"1e3\"")
        .contains("k11: \"2024-01-01\"")
        .contains("k23: plain\n")
        .doesNotContain("y\n  y"); // long lines are not folded
  }
}
