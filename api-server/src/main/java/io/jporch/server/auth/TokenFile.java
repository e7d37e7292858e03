package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Static bearer tokens from a CSV file ({@code --token-auth-file}), in kube-apiserver's format: one
 * {@code token,user,uid[,"group1,group2"]} record per line; blank lines and lines starting with
 * {@code #} are ignored, fields may be double-quoted ({@code ""} is a quote inside a quoted field),
 * columns after the fourth are ignored. A line with fewer than three columns, an empty token or
 * user name, an unterminated quote or a token already used on another line is refused, naming the
 * line (never the token). Tokens are kept only as SHA-256 digests.
 */
public final class TokenFile {
  /** A file without tokens. */
  public static final TokenFile EMPTY = new TokenFile(Map.of());

  /** One user of the file. */
  public record TokenUser(String name, String uid, List<String> groups) {
    public TokenUser {
      groups = List.copyOf(groups);
    }

    /** The user as requests see it: its groups and {@code system:authenticated}. */
    public UserInfo toUserInfo() {
      List<String> all = new ArrayList<>(groups);
      if (!all.contains(UserInfo.AUTHENTICATED_GROUP)) {
        all.add(UserInfo.AUTHENTICATED_GROUP);
      }
      return new UserInfo(name, all);
    }
  }

  private final Map<String, TokenUser> byDigest;

  private TokenFile(Map<String, TokenUser> byDigest) {
    this.byDigest = Map.copyOf(byDigest);
  }

  /** Reads a token file; a malformed line fails with its file name and line number. */
  public static TokenFile load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the token file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses token file text; {@code source} names it in error messages. */
  public static TokenFile parse(String text, String source) {
    Map<String, TokenUser> users = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String at = "token file " + source + " line " + (i + 1);
      List<String> fields = fields(line, at);
      if (fields.size() < 3) {
        throw new IllegalArgumentException(
            at + ": needs at least 3 columns (token, user name, user uid), found " + fields.size());
      }
      String token = fields.get(0);
      if (token.isEmpty()) {
        throw new IllegalArgumentException(at + ": the token is empty");
      }
      String name = fields.get(1);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(at + ": the user name is empty");
      }
      List<String> groups = new ArrayList<>();
      if (fields.size() >= 4) {
        for (String group : fields.get(3).split(",")) {
          if (!group.strip().isEmpty()) {
            groups.add(group.strip());
          }
        }
      }
      if (users.putIfAbsent(digest(token), new TokenUser(name, fields.get(2), groups)) != null) {
        throw new IllegalArgumentException(at + ": the token is already used on an earlier line");
      }
    }
    return new TokenFile(users);
  }

  /** The user of a presented token, if the file has it. */
  public Optional<UserInfo> authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byDigest.get(digest(token))).map(TokenUser::toUserInfo);
  }

  /** The number of tokens. */
  public int size() {
    return byDigest.size();
  }

  @Override
  public String toString() {
    return "TokenFile[" + byDigest.size() + " tokens]";
  }

  /** Splits one CSV record: comma-separated fields, optionally double-quoted. */
  static List<String> fields(String line, String at) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && line.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            closed = true;
            i++;
            break;
          }
          field.append(c);
          i++;
        }
        if (!closed) {
          throw new IllegalArgumentException(at + ": unterminated quoted field");
        }
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new IllegalArgumentException(
              at + ": unexpected text after a quoted field in column " + (fields.size() + 1));
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i);
          if (c == '"') {
            throw new IllegalArgumentException(
                at + ": a quote inside an unquoted field in column " + (fields.size() + 1));
          }
          field.append(c);
          i++;
        }
      }
      fields.add(field.toString().strip());
      field.setLength(0);
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }

  private static String digest(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
