package io.jporch.git.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Remote URLs as they may appear in messages: without a password embedded in the URL. */
final class Urls {
  private static final Pattern USER_INFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)([^/@]*)@");

  private Urls() {}

  /** {@code https://user:pw@host/r.git} → {@code https://user@host/r.git}; others unchanged. */
  static String redacted(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = USER_INFO.matcher(url);
    if (!m.find()) {
      return url;
    }
    String userInfo = m.group(2);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return m.group(1) + user + "@" + url.substring(m.end());
  }

  /** {@code message} with every occurrence of {@code url} replaced by its redacted form. */
  static String redactedMessage(String message, String url) {
    if (message == null || url == null) {
      return message;
    }
    return message.replace(url, redacted(url));
  }
}
