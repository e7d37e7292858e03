package io.jporch.fn.starlark;

import io.jporch.fn.starlark.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/** Splits Starlark source into tokens, with Python-style INDENT/DEDENT and implicit joining. */
final class Lexer {
  static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "break",
          "continue",
          "def",
          "elif",
          "else",
          "for",
          "if",
          "in",
          "lambda",
          "load",
          "not",
          "or",
          "pass",
          "return",
          "while");
  private static final Set<String> RESERVED =
      Set.of(
          "as",
          "async",
          "await",
          "class",
          "del",
          "except",
          "finally",
          "from",
          "global",
          "import",
          "is",
          "nonlocal",
          "raise",
          "try",
          "with",
          "yield");
  private static final String[] OPS = {
    "**", "//=", "<<=", ">>=", "//", "<<", ">>", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "=", ".", ",",
    ":", ";", "(", ")", "[", "]", "{", "}"
  };

  private final String file;
  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;
  private int depth;
  private final Deque<Integer> indents = new ArrayDeque<>();
  private final List<Token> out = new ArrayList<>();

  Lexer(String file, String src) {
    this.file = file;
    this.src = src;
    indents.push(0);
  }

  List<Token> tokenize() {
    boolean atLineStart = true;
    while (true) {
      if (atLineStart && depth == 0) {
        if (!indentation()) {
          continue;
        }
        atLineStart = false;
      }
      skipSpaceAndComments();
      if (pos >= src.length()) {
        break;
      }
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        if (depth == 0 && !out.isEmpty() && last().kind() != Kind.NEWLINE) {
          add(Kind.NEWLINE, "", null, line, pos - lineStart);
        }
        newLine();
        atLineStart = true;
        continue;
      }
      if (c == '\\') {
        if (pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
          pos += 2;
          newLine();
          continue;
        }
        if (pos + 2 < src.length() && src.charAt(pos + 1) == '\r' && src.charAt(pos + 2) == '\n') {
          pos += 3;
          newLine();
          continue;
        }
        throw error(pos, "unexpected input character '\\'");
      }
      if (c == '\r') {
        pos++;
        continue;
      }
      scanToken();
    }
    int col = pos - lineStart + 1;
    if (depth > 0) {
      throw error(pos, "unexpected EOF in bracketed expression");
    }
    if (!out.isEmpty() && last().kind() != Kind.NEWLINE) {
      add(Kind.NEWLINE, "", null, line, col);
    }
    while (indents.peek() > 0) {
      indents.pop();
      add(Kind.DEDENT, "", null, line, col);
    }
    add(Kind.EOF, "", null, line, col);
    return out;
  }

  /** Handles the indentation of a new logical line; false if the line is blank. */
  private boolean indentation() {
    int width = 0;
    int p = pos;
    while (p < src.length()) {
      char c = src.charAt(p);
      if (c == ' ') {
        width++;
      } else if (c == '\t') {
        width += 8 - width % 8;
      } else {
        break;
      }
      p++;
    }
    // blank or comment-only lines do not affect indentation
    if (p >= src.length()) {
      pos = p;
      return true;
    }
    char c = src.charAt(p);
    if (c == '\n' || c == '#' || c == '\r') {
      pos = p;
      while (pos < src.length() && src.charAt(pos) != '\n') {
        pos++;
      }
      if (pos < src.length()) {
        pos++;
        newLine();
      }
      return false;
    }
    pos = p;
    int col = pos - lineStart + 1;
    if (width > indents.peek()) {
      indents.push(width);
      add(Kind.INDENT, "", null, line, col);
    } else {
      while (width < indents.peek()) {
        indents.pop();
        add(Kind.DEDENT, "", null, line, col);
      }
      if (width != indents.peek()) {
        throw error(pos, "unindent does not match any outer indentation level");
      }
    }
    return true;
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || (c == '\r' && peekIs(1, '\n') && depth > 0)) {
        pos++;
      } else if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '\n' && depth > 0) {
        pos++;
        newLine();
      } else {
        return;
      }
    }
  }

  private void scanToken() {
    int start = pos;
    int col = pos - lineStart + 1;
    int startLine = line;
    char c = src.charAt(pos);
    if (Character.isLetter(c) || c == '_') {
      if ((c == 'r' || c == 'R') && (peekIs(1, '"') || peekIs(1, '\''))) {
        pos++;
        scanString(true, startLine, col);
        return;
      }
      if ((c == 'b' || c == 'B')
          && (peekIs(1, '"')
              || peekIs(1, '\'')
              || ((peekIs(1, 'r') || peekIs(1, 'R')) && (peekIs(2, '"') || peekIs(2, '\''))))) {
        throw error(pos, "bytes literals are not supported");
      }
      while (pos < src.length()
          && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      String word = src.substring(start, pos);
      if (KEYWORDS.contains(word)) {
        add(Kind.KEYWORD, word, null, startLine, col);
      } else if (RESERVED.contains(word)) {
        throw error(start, "keyword " + word + " is reserved");
      } else {
        add(Kind.IDENT, word, null, startLine, col);
      }
      return;
    }
    if (c == '"' || c == '\'') {
      scanString(false, startLine, col);
      return;
    }
    if (Character.isDigit(c)
        || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      scanNumber(startLine, col);
      return;
    }
    for (String op : OPS) {
      if (src.startsWith(op, pos)) {
        pos += op.length();
        switch (op) {
          case "(", "[", "{" -> depth++;
          case ")", "]", "}" -> depth = Math.max(0, depth - 1);
          default -> {}
        }
        add(Kind.OP, op, null, startLine, col);
        return;
      }
    }
    throw error(pos, "unexpected input character " + quoteChar(c));
  }

  private static String quoteChar(char c) {
    return "'" + c + "'";
  }

  private void scanNumber(int startLine, int col) {
    int start = pos;
    char c = src.charAt(pos);
    if (c == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
      char kind = Character.toLowerCase(src.charAt(pos + 1));
      pos += 2;
      int digitsStart = pos;
      while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
        pos++;
      }
      String digits = src.substring(digitsStart, pos);
      int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
      try {
        if (digits.isEmpty()) {
          throw new NumberFormatException();
        }
        add(Kind.INT, src.substring(start, pos), new BigInteger(digits, radix), startLine, col);
      } catch (NumberFormatException e) {
        throw error(start, "invalid int literal: " + src.substring(start, pos));
      }
      return;
    }
    boolean isFloat = false;
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && isDigit(src.charAt(pos))) {
        isFloat = true;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
        throw error(start, "invalid float literal");
      }
    }
    String text = src.substring(start, pos);
    if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
      throw error(
          start, "invalid " + (isFloat ? "float" : "int") + " literal: " + text + src.charAt(pos));
    }
    if (isFloat) {
      add(Kind.FLOAT, text, Double.parseDouble(text), startLine, col);
    } else {
      if (text.length() > 1 && text.charAt(0) == '0' && !text.chars().allMatch(ch -> ch == '0')) {
        throw error(start, "obsolete form of octal literal; use 0o" + text.substring(1));
      }
      add(Kind.INT, text, new BigInteger(text), startLine, col);
    }
  }

  private void scanString(boolean raw, int startLine, int col) {
    char quote = src.charAt(pos);
    boolean triple = src.startsWith("" + quote + quote + quote, pos);
    pos += triple ? 3 : 1;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw errorAt(startLine, col, "unexpected EOF in string");
      }
      char c = src.charAt(pos);
      if (c == quote) {
        if (!triple) {
          pos++;
          break;
        }
        if (src.startsWith("" + quote + quote + quote, pos)) {
          pos += 3;
          break;
        }
        sb.append(c);
        pos++;
        continue;
      }
      if (c == '\n') {
        if (!triple) {
          throw errorAt(startLine, col, "unexpected newline in string");
        }
        sb.append(c);
        pos++;
        newLine();
        continue;
      }
      if (c == '\r' && peekIs(1, '\n')) {
        pos++;
        continue;
      }
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      // escapes
      if (pos + 1 >= src.length()) {
        throw errorAt(startLine, col, "unexpected EOF in string");
      }
      char e = src.charAt(pos + 1);
      if (raw) {
        if (e == '\n') {
          sb.append("\\\n");
          pos += 2;
          newLine();
        } else {
          sb.append('\\').append(e);
          pos += 2;
        }
        continue;
      }
      pos += 2;
      switch (e) {
        case '\n' -> newLine();
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append('\u000b');
        case '\\' -> sb.append('\\');
        case '\'' -> sb.append('\'');
        case '"' -> sb.append('"');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int start = pos - 1;
          int end = start;
          while (end < src.length()
              && end < start + 3
              && src.charAt(end) >= '0'
              && src.charAt(end) <= '7') {
            end++;
          }
          int v = Integer.parseInt(src.substring(start, end), 8);
          if (v > 127) {
            throw error(
                start - 1,
                "non-ASCII octal escape \\"
                    + src.substring(start, end)
                    + " (use \\u"
                    + String.format(java.util.Locale.ROOT, "%04X", v)
                    + " instead)");
          }
          sb.append((char) v);
          pos = end;
        }
        case 'x' -> {
          String hex = src.substring(pos, Math.min(src.length(), pos + 2));
          if (hex.length() < 2 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw error(pos - 2, "truncated escape sequence \\x" + hex);
          }
          int v = Integer.parseInt(hex, 16);
          if (v > 127) {
            throw error(
                pos - 2,
                "non-ASCII hex escape \\x"
                    + hex
                    + " (use \\u"
                    + String.format(java.util.Locale.ROOT, "%04X", v)
                    + " instead)");
          }
          sb.append((char) v);
          pos += 2;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          String hex = src.substring(pos, Math.min(src.length(), pos + n));
          if (hex.length() < n || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw error(pos - 2, "truncated escape sequence \\" + e + hex);
          }
          long v = Long.parseLong(hex, 16);
          if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
            throw error(pos - 2, "invalid Unicode code point U+" + hex);
          }
          sb.appendCodePoint((int) v);
          pos += n;
        }
        default -> throw error(pos - 2, "invalid escape sequence \\" + e);
      }
    }
    add(Kind.STRING, "", sb.toString(), startLine, col);
  }

  private boolean peekIs(int offset, char c) {
    return pos + offset < src.length() && src.charAt(pos + offset) == c;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void newLine() {
    line++;
    lineStart = pos;
  }

  private Token last() {
    return out.get(out.size() - 1);
  }

  private void add(Kind kind, String text, Object value, int l, int c) {
    out.add(new Token(kind, text, value, l, c));
  }

  private StarlarkException error(int at, String msg) {
    // compute line/col of "at" within the current line when possible
    int col = at - lineStart + 1;
    return errorAt(line, Math.max(1, col), msg);
  }

  private StarlarkException errorAt(int l, int c, String msg) {
    return new StarlarkException(file + ":" + l + ":" + c, msg);
  }
}
