package io.jporch.fn.starlark;

/** A lexical token; {@code value} holds the literal value of INT, FLOAT and STRING tokens. */
record Token(Kind kind, String text, Object value, int line, int col) {
  enum Kind {
    IDENT,
    INT,
    FLOAT,
    STRING,
    KEYWORD,
    OP,
    NEWLINE,
    INDENT,
    DEDENT,
    EOF
  }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }

  boolean isOp(String t) {
    return kind == Kind.OP && text.equals(t);
  }

  boolean isKeyword(String t) {
    return kind == Kind.KEYWORD && text.equals(t);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case NEWLINE -> "newline";
      case INDENT -> "indent";
      case DEDENT -> "outdent";
      case EOF -> "end of file";
      case STRING -> "string literal";
      case INT, FLOAT -> "number literal";
      default -> text;
    };
  }
}
