package io.jporch.server.rest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Porch's webhook conflict table (pkg/apiserver/webhooks_test.go TestIsConflict) and more. */
class RepositoryConflictsTest {
  static Repository repo(String name, String ns, String url, String branch, String dir) {
    return Repository.of(
        ObjectMeta.named(ns, name),
        new Repository.Spec(
            null,
            false,
            "git",
            "Package",
            null,
            new Repository.Git(url, branch, false, dir, null, null, null),
            null),
        null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "same url and dir in same namespace|ns1|http://host/repo.git|main|dir|ns1|http://host/repo.git|main|dir|true",
        "same url and dir in different namespace|ns1|http://host/repo.git|main|dir|ns2|http://host/repo.git|main|dir|false",
        "root vs non-root|ns1|http://host/repo.git|main||ns1|http://host/repo.git|main|dir/sub|true",
        "non-root vs root|ns1|http://host/repo.git|main|dir/sub|ns1|http://host/repo.git|main||true",
        "root vs non-root across namespaces|ns1|http://host/repo.git|main||ns2|http://host/repo.git|main|dir|true",
        "nested|ns1|http://host/repo.git|main|base|ns1|http://host/repo.git|main|base/sub|true",
        "nested across namespaces|ns1|http://host/repo.git|main|base/sub|ns2|http://host/repo.git|main|base|true",
        "different url|ns1|http://host/repo1.git|main|dir|ns1|http://host/repo2.git|main|dir|false",
        "sibling subdirectories|ns1|http://host/repo.git|main|dir/sub/sub1|ns1|http://host/repo.git|main|dir/sub/sub2|false",
        "prefix that is not a parent|ns1|http://host/repo.git|main|dir|ns1|http://host/repo.git|main|dir2|false",
        "different branch|ns1|http://host/repo.git|main|dir|ns1|http://host/repo.git|dev|dir|false",
        "slashes are trimmed|ns1|http://host/repo.git|main|/dir/|ns1|http://host/repo.git|main|dir|true",
        "url normalised like Porch's cache dir|ns1|http://host:3000/r.git|main||ns1|http://host/3000/r.git|main||true",
      })
  void conflicts(
      String name,
      String ns1,
      String url1,
      String branch1,
      String dir1,
      String ns2,
      String url2,
      String branch2,
      String dir2,
      boolean expected) {
    Repository existing = repo("repo1", ns1, url1, branch1, dir1);
    Repository attempted = repo("repo2", ns2, url2, branch2, dir2);
    assertThat(RepositoryConflicts.conflict(existing, attempted)).isEqualTo(expected);
    assertThat(RepositoryConflicts.find(List.of(existing), attempted).isPresent())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"ns1", "ns2"})
  void anObjectDoesNotConflictWithItself(String ns) {
    Repository r = repo("same", ns, "http://host/repo.git", "main", "");
    assertThat(
            RepositoryConflicts.find(
                List.of(r), repo("same", ns, r.spec().git().repo(), "main", "x")))
        .isEmpty();
  }
}
