package io.jporch.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.context.UserInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @Test
  void parsesKubeApiserverCsvWithQuotedGroups() {
    TokenFile file =
        TokenFile.parse(
            """
            # readers and writers
            reader-token,reader,uid-1

            author-token,alice,uid-2,"authors,porch-users"
              approver-token , bob , uid-3 , approvers
            "quoted,token",carol,uid-4,"",extra-column-ignored
            """,
            "tokens.csv");

    assertThat(file.size()).isEqualTo(4);
    assertThat(file.authenticate("reader-token"))
        .contains(new UserInfo("reader", List.of(UserInfo.AUTHENTICATED_GROUP)));
    assertThat(file.authenticate("author-token"))
        .contains(
            new UserInfo("alice", List.of("authors", "porch-users", UserInfo.AUTHENTICATED_GROUP)));
    assertThat(file.authenticate("approver-token"))
        .contains(new UserInfo("bob", List.of("approvers", UserInfo.AUTHENTICATED_GROUP)));
    assertThat(file.authenticate("quoted,token"))
        .contains(new UserInfo("carol", List.of(UserInfo.AUTHENTICATED_GROUP)));
    assertThat(file.authenticate("unknown")).isEmpty();
    assertThat(file.authenticate("")).isEmpty();
    assertThat(file.authenticate(null)).isEmpty();
  }

  @Test
  void theAuthenticatedGroupIsNotDuplicated() {
    TokenFile file = TokenFile.parse("t,u,1,\"system:authenticated,x\"\n", "f");
    assertThat(file.authenticate("t").orElseThrow().groups())
        .containsExactly(UserInfo.AUTHENTICATED_GROUP, "x");
  }

  @Test
  void malformedLinesAreRefusedNamingTheLineButNotTheToken() {
    assertThatThrownBy(() -> TokenFile.parse("# c\nsecret-abc,alice\n", "t.csv"))
        .hasMessage(
            "token file t.csv line 2: needs at least 3 columns (token, user name, user uid),"
                + " found 2")
        .message()
        .doesNotContain("secret-abc");
    assertThatThrownBy(() -> TokenFile.parse(",alice,1\n", "t.csv"))
        .hasMessage("token file t.csv line 1: the token is empty");
    assertThatThrownBy(() -> TokenFile.parse("a,b,1\nsecret-x,,2\n", "t.csv"))
        .hasMessage("token file t.csv line 2: the user name is empty");
    assertThatThrownBy(() -> TokenFile.parse("secret-x,a,1\nsecret-x,b,2\n", "t.csv"))
        .hasMessage("token file t.csv line 2: the token is already used on an earlier line");
    assertThatThrownBy(() -> TokenFile.parse("t,u,1,\"g1,g2\n", "t.csv"))
        .hasMessage("token file t.csv line 1: unterminated quoted field");
    assertThatThrownBy(() -> TokenFile.parse("t,u\"x,1\n", "t.csv"))
        .hasMessageStartingWith("token file t.csv line 1: a quote inside an unquoted field");
  }

  @Test
  void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("good.csv"), "t,u,1\r\n");
    assertThat(TokenFile.load(good).authenticate("t")).isPresent();
    Path bad = Files.writeString(dir.resolve("bad.csv"), "t\n");
    assertThatThrownBy(() -> TokenFile.load(bad)).hasMessageContaining(bad + " line 1");
    assertThatThrownBy(() -> TokenFile.load(dir.resolve("missing.csv")))
        .hasMessageContaining("cannot read the token file");
    assertThat(TokenFile.load(good).toString()).isEqualTo("TokenFile[1 tokens]");
  }
}
