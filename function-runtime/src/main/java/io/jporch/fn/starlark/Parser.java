package io.jporch.fn.starlark;

import io.jporch.fn.starlark.Ast.Arg;
import io.jporch.fn.starlark.Ast.ArgKind;
import io.jporch.fn.starlark.Ast.Clause;
import io.jporch.fn.starlark.Ast.Entry;
import io.jporch.fn.starlark.Ast.Expr;
import io.jporch.fn.starlark.Ast.Ident;
import io.jporch.fn.starlark.Ast.Param;
import io.jporch.fn.starlark.Ast.ParamKind;
import io.jporch.fn.starlark.Ast.Stmt;
import io.jporch.fn.starlark.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recursive-descent parser for the Starlark grammar (spec.md, "Grammar reference"). */
final class Parser {
  private static final Map<String, Integer> BINARY_PREC =
      Map.ofEntries(
          Map.entry("or", 1),
          Map.entry("and", 2),
          Map.entry("==", 4),
          Map.entry("!=", 4),
          Map.entry("<", 4),
          Map.entry(">", 4),
          Map.entry("<=", 4),
          Map.entry(">=", 4),
          Map.entry("in", 4),
          Map.entry("not in", 4),
          Map.entry("|", 5),
          Map.entry("^", 6),
          Map.entry("&", 7),
          Map.entry("<<", 8),
          Map.entry(">>", 8),
          Map.entry("+", 9),
          Map.entry("-", 9),
          Map.entry("*", 10),
          Map.entry("/", 10),
          Map.entry("//", 10),
          Map.entry("%", 10));

  private final String file;
  private final List<Token> tokens;
  private int p;

  Parser(String file, String src) {
    this.file = file;
    this.tokens = new Lexer(file, src).tokenize();
  }

  List<Stmt> parseFile() {
    List<Stmt> stmts = new ArrayList<>();
    while (tok().kind() != Kind.EOF) {
      if (tok().kind() == Kind.NEWLINE) {
        p++;
        continue;
      }
      statement(stmts);
    }
    return stmts;
  }

  private Token tok() {
    return tokens.get(p);
  }

  private Token peek(int n) {
    return tokens.get(Math.min(p + n, tokens.size() - 1));
  }

  private Token next() {
    return tokens.get(p++);
  }

  private StarlarkException error(Token t, String msg) {
    return new StarlarkException(file + ":" + t.line() + ":" + t.col(), msg);
  }

  private Token expectOp(String op) {
    if (!tok().isOp(op)) {
      throw error(tok(), "got " + tok() + ", want " + op);
    }
    return next();
  }

  private Token expectKeyword(String kw) {
    if (!tok().isKeyword(kw)) {
      throw error(tok(), "got " + tok() + ", want " + kw);
    }
    return next();
  }

  private Token expectIdent() {
    if (tok().kind() != Kind.IDENT) {
      throw error(tok(), "got " + tok() + ", want identifier");
    }
    return next();
  }

  private void statement(List<Stmt> out) {
    Token t = tok();
    if (t.isKeyword("def")) {
      next();
      Token name = expectIdent();
      expectOp("(");
      List<Param> params = parameters(")");
      expectOp(")");
      expectOp(":");
      List<Stmt> body = suite();
      out.add(
          new Ast.Def(
              new Ident(name.text(), name.line(), name.col()),
              new Ast.Function(name.text(), params, body, t.line(), t.col()),
              t.line(),
              t.col()));
    } else if (t.isKeyword("if")) {
      out.add(ifStmt());
    } else if (t.isKeyword("for")) {
      next();
      Expr vars = loopVariables();
      expectKeyword("in");
      Expr iter = expression();
      expectOp(":");
      out.add(new Ast.For(vars, iter, suite(), t.line(), t.col()));
    } else if (t.isKeyword("while")) {
      next();
      Expr cond = test();
      expectOp(":");
      out.add(new Ast.While(cond, suite(), t.line(), t.col()));
    } else {
      simpleStatement(out);
    }
  }

  private Stmt ifStmt() {
    Token t = next(); // if or elif
    Expr cond = test();
    expectOp(":");
    List<Stmt> then = suite();
    List<Stmt> otherwise = List.of();
    if (tok().isKeyword("elif")) {
      otherwise = List.of(ifStmt());
    } else if (tok().isKeyword("else")) {
      next();
      expectOp(":");
      otherwise = suite();
    }
    return new Ast.If(cond, then, otherwise, t.line(), t.col());
  }

  private List<Stmt> suite() {
    List<Stmt> body = new ArrayList<>();
    if (tok().kind() == Kind.NEWLINE) {
      next();
      if (tok().kind() != Kind.INDENT) {
        throw error(tok(), "got " + tok() + ", want indent");
      }
      next();
      while (tok().kind() != Kind.DEDENT && tok().kind() != Kind.EOF) {
        statement(body);
      }
      if (tok().kind() == Kind.DEDENT) {
        next();
      }
    } else {
      simpleStatement(body);
    }
    return body;
  }

  private void simpleStatement(List<Stmt> out) {
    out.add(smallStatement());
    while (tok().isOp(";")) {
      next();
      if (tok().kind() == Kind.NEWLINE || tok().kind() == Kind.EOF) {
        break;
      }
      out.add(smallStatement());
    }
    if (tok().kind() == Kind.EOF) {
      return;
    }
    if (tok().kind() != Kind.NEWLINE) {
      throw error(tok(), "got " + tok() + ", want newline");
    }
    next();
  }

  private Stmt smallStatement() {
    Token t = tok();
    if (t.isKeyword("return")) {
      next();
      Expr value = null;
      if (tok().kind() != Kind.NEWLINE && tok().kind() != Kind.EOF && !tok().isOp(";")) {
        value = expression();
      }
      return new Ast.Return(value, t.line(), t.col());
    }
    if (t.isKeyword("break") || t.isKeyword("continue") || t.isKeyword("pass")) {
      next();
      return new Ast.Branch(t.text(), t.line(), t.col());
    }
    if (t.isKeyword("load")) {
      return load();
    }
    Expr x = expression();
    Token op = tok();
    if (op.kind() == Kind.OP
        && (op.text().equals("=")
            || (op.text().length() >= 2
                && op.text().endsWith("=")
                && !op.text().equals("==")
                && !op.text().equals("!=")
                && !op.text().equals("<=")
                && !op.text().equals(">=")))) {
      next();
      Expr rhs = expression();
      return new Ast.Assign(op.text(), x, rhs, op.line(), op.col());
    }
    return new Ast.ExprStmt(x, t.line(), t.col());
  }

  private Stmt load() {
    Token t = next();
    expectOp("(");
    if (tok().kind() != Kind.STRING) {
      throw error(tok(), "first operand of load statement must be a string literal");
    }
    String module = (String) next().value();
    List<Ident> to = new ArrayList<>();
    List<String> from = new ArrayList<>();
    while (tok().isOp(",")) {
      next();
      if (tok().isOp(")")) {
        break;
      }
      if (tok().kind() == Kind.STRING) {
        Token s = next();
        String name = (String) s.value();
        to.add(new Ident(name, s.line(), s.col()));
        from.add(name);
      } else if (tok().kind() == Kind.IDENT && peek(1).isOp("=")) {
        Token id = next();
        next();
        if (tok().kind() != Kind.STRING) {
          throw error(
              tok(), "load operand must be \"name\" or localname=\"name\" (got " + tok() + ")");
        }
        to.add(new Ident(id.text(), id.line(), id.col()));
        from.add((String) next().value());
      } else {
        throw error(
            tok(), "load operand must be \"name\" or localname=\"name\" (got " + tok() + ")");
      }
    }
    expectOp(")");
    if (to.isEmpty()) {
      throw error(t, "load statement must import at least 1 symbol");
    }
    return new Ast.Load(module, to, from, t.line(), t.col());
  }

  private List<Param> parameters(String end) {
    List<Param> params = new ArrayList<>();
    while (!tok().isOp(end)) {
      Token t = tok();
      if (t.isOp("**")) {
        next();
        Token id = expectIdent();
        params.add(new Param(ParamKind.STARSTAR, id.text(), null, t.line(), t.col()));
      } else if (t.isOp("*")) {
        next();
        if (tok().kind() == Kind.IDENT) {
          Token id = next();
          params.add(new Param(ParamKind.STAR, id.text(), null, t.line(), t.col()));
        } else {
          params.add(new Param(ParamKind.BARE_STAR, null, null, t.line(), t.col()));
        }
      } else {
        Token id = expectIdent();
        if (tok().isOp("=")) {
          next();
          params.add(new Param(ParamKind.OPTIONAL, id.text(), test(), id.line(), id.col()));
        } else {
          params.add(new Param(ParamKind.REQUIRED, id.text(), null, id.line(), id.col()));
        }
      }
      if (!tok().isOp(",")) {
        break;
      }
      next();
    }
    return params;
  }

  private Expr loopVariables() {
    Token t = tok();
    Expr first = primary();
    if (!tok().isOp(",")) {
      return first;
    }
    List<Expr> elems = new ArrayList<>();
    elems.add(first);
    while (tok().isOp(",")) {
      next();
      if (tok().isKeyword("in")) {
        break;
      }
      elems.add(primary());
    }
    return new Ast.TupleExpr(elems, t.line(), t.col());
  }

  /** Expression = Test {',' Test} [','] — a bare tuple when there is a comma. */
  private Expr expression() {
    Token t = tok();
    Expr x = test();
    if (!tok().isOp(",")) {
      return x;
    }
    List<Expr> elems = new ArrayList<>();
    elems.add(x);
    while (tok().isOp(",")) {
      next();
      if (endOfExpression()) {
        break;
      }
      elems.add(test());
    }
    return new Ast.TupleExpr(elems, t.line(), t.col());
  }

  private boolean endOfExpression() {
    Token t = tok();
    return t.kind() == Kind.NEWLINE
        || t.kind() == Kind.EOF
        || t.isOp("=")
        || t.isOp(")")
        || t.isOp("]")
        || t.isOp("}")
        || t.isOp(":")
        || t.isOp(";")
        || t.isKeyword("in")
        || (t.kind() == Kind.OP
            && t.text().length() >= 2
            && t.text().endsWith("=")
            && !t.text().equals("==")
            && !t.text().equals("!=")
            && !t.text().equals("<=")
            && !t.text().equals(">="));
  }

  Expr test() {
    Token t = tok();
    if (t.isKeyword("lambda")) {
      next();
      List<Param> params = parameters(":");
      expectOp(":");
      Expr body = test();
      var fn =
          new Ast.Function(
              "lambda",
              params,
              List.of(new Ast.Return(body, body.line(), body.col())),
              t.line(),
              t.col());
      return new Ast.Lambda(fn, t.line(), t.col());
    }
    Expr x = binary(1);
    if (tok().isKeyword("if")) {
      Token ifTok = next();
      Expr cond = binary(1);
      if (!tok().isKeyword("else")) {
        throw error(tok(), "conditional expression without else clause");
      }
      next();
      Expr otherwise = test();
      return new Ast.Cond(cond, x, otherwise, ifTok.line(), ifTok.col());
    }
    return x;
  }

  /** Test without a conditional expression (comprehension operands). */
  private Expr testNoCond() {
    if (tok().isKeyword("lambda")) {
      return test();
    }
    return binary(1);
  }

  private String binaryOp() {
    Token t = tok();
    if (t.kind() == Kind.KEYWORD) {
      if (t.text().equals("not") && peek(1).isKeyword("in")) {
        return "not in";
      }
      return switch (t.text()) {
        case "or", "and", "in" -> t.text();
        default -> null;
      };
    }
    if (t.kind() == Kind.OP && BINARY_PREC.containsKey(t.text())) {
      return t.text();
    }
    return null;
  }

  private Expr binary(int minPrec) {
    Expr x = unary(minPrec);
    while (true) {
      String op = binaryOp();
      if (op == null) {
        return x;
      }
      int prec = BINARY_PREC.get(op);
      if (prec < minPrec) {
        return x;
      }
      Token t = next();
      if (op.equals("not in")) {
        next();
      }
      Expr y = binary(prec + 1);
      x = new Ast.Binary(op, x, y, t.line(), t.col());
      if (prec == 4) {
        String again = binaryOp();
        if (again != null && BINARY_PREC.get(again) == 4) {
          throw error(tok(), op + " does not associate with " + again + " (use parens)");
        }
      }
    }
  }

  private Expr unary(int minPrec) {
    Token t = tok();
    if (t.isKeyword("not") && minPrec <= 3) {
      next();
      return new Ast.Unary("not", binary(3), t.line(), t.col());
    }
    if (t.isKeyword("not")) {
      // "not" binds looser than the operator being parsed: parse as its own operand
      next();
      return new Ast.Unary("not", binary(3), t.line(), t.col());
    }
    if (t.isOp("-") || t.isOp("+") || t.isOp("~")) {
      next();
      return new Ast.Unary(t.text(), unary(11), t.line(), t.col());
    }
    return primary();
  }

  private Expr primary() {
    Expr x = operand();
    while (true) {
      Token t = tok();
      if (t.isOp(".")) {
        next();
        Token id = expectIdent();
        x = new Ast.Dot(x, id.text(), id.line(), id.col());
      } else if (t.isOp("(")) {
        next();
        x = new Ast.Call(x, arguments(), t.line(), t.col());
        expectOp(")");
      } else if (t.isOp("[")) {
        next();
        x = indexOrSlice(x, t);
      } else {
        return x;
      }
    }
  }

  private Expr indexOrSlice(Expr x, Token t) {
    Expr lo = null;
    if (!tok().isOp(":")) {
      lo = expression();
      if (tok().isOp("]")) {
        next();
        return new Ast.Index(x, lo, t.line(), t.col());
      }
    }
    Expr hi = null;
    Expr step = null;
    expectOp(":");
    if (!tok().isOp(":") && !tok().isOp("]")) {
      hi = test();
    }
    if (tok().isOp(":")) {
      next();
      if (!tok().isOp("]")) {
        step = test();
      }
    }
    expectOp("]");
    return new Ast.SliceExpr(x, lo, hi, step, t.line(), t.col());
  }

  private List<Arg> arguments() {
    List<Arg> args = new ArrayList<>();
    while (!tok().isOp(")")) {
      Token t = tok();
      if (t.isOp("**")) {
        next();
        args.add(new Arg(ArgKind.STARSTAR, null, test()));
      } else if (t.isOp("*")) {
        next();
        args.add(new Arg(ArgKind.STAR, null, test()));
      } else if (t.kind() == Kind.IDENT && peek(1).isOp("=")) {
        next();
        next();
        args.add(new Arg(ArgKind.NAMED, t.text(), test()));
      } else {
        args.add(new Arg(ArgKind.POSITIONAL, null, test()));
      }
      if (!tok().isOp(",")) {
        break;
      }
      next();
    }
    return args;
  }

  private Expr operand() {
    Token t = tok();
    switch (t.kind()) {
      case IDENT -> {
        next();
        return new Ident(t.text(), t.line(), t.col());
      }
      case INT, FLOAT, STRING -> {
        next();
        if (tok().kind() == Kind.STRING && t.kind() == Kind.STRING) {
          throw error(tok(), "implicit string concatenation is not allowed (use +)");
        }
        return new Ast.Literal(t.value(), t.line(), t.col());
      }
      case OP -> {
        switch (t.text()) {
          case "(" -> {
            next();
            if (tok().isOp(")")) {
              next();
              return new Ast.TupleExpr(List.of(), t.line(), t.col());
            }
            Expr x = test();
            if (tok().isOp(",")) {
              List<Expr> elems = new ArrayList<>();
              elems.add(x);
              while (tok().isOp(",")) {
                next();
                if (tok().isOp(")")) {
                  break;
                }
                elems.add(test());
              }
              expectOp(")");
              return new Ast.TupleExpr(elems, t.line(), t.col());
            }
            if (tok().isKeyword("for")) {
              throw error(tok(), "generator expressions are not supported");
            }
            expectOp(")");
            return x;
          }
          case "[" -> {
            next();
            List<Expr> elems = new ArrayList<>();
            if (tok().isOp("]")) {
              next();
              return new Ast.ListExpr(elems, t.line(), t.col());
            }
            Expr first = test();
            if (tok().isKeyword("for")) {
              List<Clause> clauses = clauses();
              expectOp("]");
              return new Ast.Comprehension(false, first, null, clauses, t.line(), t.col());
            }
            elems.add(first);
            while (tok().isOp(",")) {
              next();
              if (tok().isOp("]")) {
                break;
              }
              elems.add(test());
            }
            expectOp("]");
            return new Ast.ListExpr(elems, t.line(), t.col());
          }
          case "{" -> {
            next();
            List<Entry> entries = new ArrayList<>();
            if (tok().isOp("}")) {
              next();
              return new Ast.DictExpr(entries, t.line(), t.col());
            }
            Entry first = entry();
            if (tok().isKeyword("for")) {
              List<Clause> clauses = clauses();
              expectOp("}");
              return new Ast.Comprehension(true, null, first, clauses, t.line(), t.col());
            }
            entries.add(first);
            while (tok().isOp(",")) {
              next();
              if (tok().isOp("}")) {
                break;
              }
              entries.add(entry());
            }
            expectOp("}");
            return new Ast.DictExpr(entries, t.line(), t.col());
          }
          default -> {}
        }
      }
      default -> {}
    }
    throw error(t, "got " + t + ", want primary expression");
  }

  private Entry entry() {
    Expr k = test();
    expectOp(":");
    Expr v = test();
    return new Entry(k, v);
  }

  private List<Clause> clauses() {
    List<Clause> clauses = new ArrayList<>();
    while (true) {
      if (tok().isKeyword("for")) {
        next();
        Expr vars = loopVariables();
        expectKeyword("in");
        clauses.add(new Clause(vars, testNoCond()));
      } else if (tok().isKeyword("if")) {
        next();
        clauses.add(new Clause(null, testNoCond()));
      } else {
        return clauses;
      }
    }
  }
}
