package io.jporch.server.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.util.Locale;

/**
 * {@code /version}: a kube-style version.Info. The Kubernetes version it claims is the API level
 * jporch's wire behaviour follows; kubectl only uses it for its version-skew warning.
 */
public final class VersionInfo {
  public static final String MAJOR = "1";
  public static final String MINOR = "32";
  public static final String GIT_VERSION = "v1.32.0-jporch";

  private VersionInfo() {}

  /** The document. */
  public static ObjectNode document() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("major", MAJOR);
    doc.put("minor", MINOR);
    doc.put("gitVersion", GIT_VERSION);
    doc.put("gitCommit", "");
    doc.put("gitTreeState", "clean");
    doc.put("buildDate", "1970-01-01T00:00:00Z");
    doc.put("goVersion", "java" + Runtime.version().feature());
    doc.put("compiler", "jporch");
    doc.put("platform", os() + "/" + arch());
    return doc;
  }

  private static String os() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    return os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
  }

  private static String arch() {
    String arch = System.getProperty("os.arch", "amd64");
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
