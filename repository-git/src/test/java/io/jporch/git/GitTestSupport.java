package io.jporch.git;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.context.UserInfo;
import io.jporch.core.repository.PackageRevision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helpers shared by the Git adapter tests. */
final class GitTestSupport {
  static final String NAMESPACE = "default";

  static final String KPTFILE =
      """
      apiVersion: kpt.dev/v1
      kind: Kptfile
      metadata:
        name: empty
      info:
        description: Empty Package
      """;

  private GitTestSupport() {}

  static RequestContext ctx() {
    return RequestContext.system();
  }

  static RequestContext user(String name) {
    return new RequestContext(
        new UserInfo(name, List.of(UserInfo.AUTHENTICATED_GROUP)),
        Instant.now().plusSeconds(120),
        "test");
  }

  static Repository spec(String name, String url, String branch, String directory) {
    return spec(name, url, branch, directory, false);
  }

  static Repository spec(
      String name, String url, String branch, String directory, boolean createBranch) {
    return Repository.of(
        ObjectMeta.named(NAMESPACE, name),
        new Repository.Spec(
            null,
            true,
            Repository.TYPE_GIT,
            null,
            null,
            new Repository.Git(url, branch, createBranch, directory, null, null, null),
            null),
        null);
  }

  /** {@code <package path>:<revision>:<workspace>} → lifecycle, as Porch's tests compare. */
  static Map<String, Lifecycle> keys(List<PackageRevision> revisions) {
    Map<String, Lifecycle> result = new TreeMap<>();
    for (PackageRevision r : revisions) {
      var spec = r.toApiObject().spec();
      String key = spec.packageName() + ":" + spec.revision() + ":" + spec.workspaceName();
      if (result.put(key, spec.lifecycle()) != null) {
        throw new AssertionError("duplicate revision " + key);
      }
    }
    return result;
  }
}
