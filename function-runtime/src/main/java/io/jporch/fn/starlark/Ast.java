package io.jporch.fn.starlark;

import java.util.List;
import java.util.Set;

/** The syntax tree. Positions are 1-based line and column. */
final class Ast {
  private Ast() {}

  /** An expression. */
  sealed interface Expr
      permits Ident,
          Literal,
          ListExpr,
          TupleExpr,
          DictExpr,
          Unary,
          Binary,
          Cond,
          Index,
          SliceExpr,
          Dot,
          Call,
          Comprehension,
          Lambda {
    int line();

    int col();
  }

  /** A statement. */
  sealed interface Stmt permits ExprStmt, Assign, Def, If, For, While, Return, Branch, Load {
    int line();

    int col();
  }

  /** How an identifier was resolved. */
  enum Scope {
    LOCAL,
    GLOBAL,
    PREDECLARED,
    UNIVERSAL
  }

  /** An identifier; the resolver fills in its scope and, for LOCAL, the environment depth. */
  static final class Ident implements Expr {
    final String name;
    final int line;
    final int col;
    Scope scope;
    int depth;

    Ident(String name, int line, int col) {
      this.name = name;
      this.line = line;
      this.col = col;
    }

    @Override
    public int line() {
      return line;
    }

    @Override
    public int col() {
      return col;
    }
  }

  record Literal(Object value, int line, int col) implements Expr {}

  record ListExpr(List<Expr> elems, int line, int col) implements Expr {}

  record TupleExpr(List<Expr> elems, int line, int col) implements Expr {}

  record Entry(Expr key, Expr value) {}

  record DictExpr(List<Entry> entries, int line, int col) implements Expr {}

  record Unary(String op, Expr x, int line, int col) implements Expr {}

  record Binary(String op, Expr x, Expr y, int line, int col) implements Expr {}

  record Cond(Expr cond, Expr then, Expr otherwise, int line, int col) implements Expr {}

  record Index(Expr x, Expr index, int line, int col) implements Expr {}

  record SliceExpr(Expr x, Expr lo, Expr hi, Expr step, int line, int col) implements Expr {}

  record Dot(Expr x, String name, int line, int col) implements Expr {}

  enum ArgKind {
    POSITIONAL,
    NAMED,
    STAR,
    STARSTAR
  }

  record Arg(ArgKind kind, String name, Expr value) {}

  record Call(Expr fn, List<Arg> args, int line, int col) implements Expr {}

  /** A {@code for vars in iter} or {@code if cond} clause of a comprehension. */
  record Clause(Expr vars, Expr expr) {
    boolean isFor() {
      return vars != null;
    }
  }

  /** A list comprehension (body is an Expr) or dict comprehension (body is an Entry). */
  record Comprehension(
      boolean dict, Expr body, Entry entry, List<Clause> clauses, int line, int col)
      implements Expr {}

  record Lambda(Function fn, int line, int col) implements Expr {}

  enum ParamKind {
    REQUIRED,
    OPTIONAL,
    STAR,
    STARSTAR,
    BARE_STAR
  }

  record Param(ParamKind kind, String name, Expr dflt, int line, int col) {}

  /** A def or lambda; the resolver fills in the local names. */
  static final class Function {
    final String name;
    final List<Param> params;
    final List<Stmt> body;
    final int line;
    final int col;
    Set<String> locals;
    int numPositional;
    int numKwOnly;
    boolean hasVarargs;
    boolean hasKwargs;

    Function(String name, List<Param> params, List<Stmt> body, int line, int col) {
      this.name = name;
      this.params = params;
      this.body = body;
      this.line = line;
      this.col = col;
    }
  }

  record ExprStmt(Expr x, int line, int col) implements Stmt {}

  /** {@code lhs = rhs} (op "=") or augmented ({@code op} such as "+="). */
  record Assign(String op, Expr lhs, Expr rhs, int line, int col) implements Stmt {}

  record Def(Ident name, Function fn, int line, int col) implements Stmt {}

  record If(Expr cond, List<Stmt> then, List<Stmt> otherwise, int line, int col) implements Stmt {}

  record For(Expr vars, Expr iter, List<Stmt> body, int line, int col) implements Stmt {}

  record While(Expr cond, List<Stmt> body, int line, int col) implements Stmt {}

  record Return(Expr value, int line, int col) implements Stmt {}

  /** break, continue or pass. */
  record Branch(String kind, int line, int col) implements Stmt {}

  record Load(String module, List<Ident> to, List<String> from, int line, int col)
      implements Stmt {}
}
