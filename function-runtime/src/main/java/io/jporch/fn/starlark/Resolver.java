package io.jporch.fn.starlark;

import io.jporch.fn.starlark.Ast.Arg;
import io.jporch.fn.starlark.Ast.Clause;
import io.jporch.fn.starlark.Ast.Entry;
import io.jporch.fn.starlark.Ast.Expr;
import io.jporch.fn.starlark.Ast.Ident;
import io.jporch.fn.starlark.Ast.Param;
import io.jporch.fn.starlark.Ast.ParamKind;
import io.jporch.fn.starlark.Ast.Scope;
import io.jporch.fn.starlark.Ast.Stmt;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static checks and name resolution, as starlark-go's {@code resolve} package does: every name is
 * local (with the environment depth), global, predeclared or universal, or the program is rejected
 * with "undefined: x" before it runs.
 */
final class Resolver {
  private final String file;
  private final StarlarkOptions options;
  private final Set<String> predeclared;
  private final Set<String> universe;
  private final Map<String, String> globals = new HashMap<>();

  /** A function or comprehension scope (the module is the null block). */
  private record Block(Block parent, Set<String> names) {}

  private Block block;
  private int loops;
  private boolean inFunction;

  Resolver(String file, StarlarkOptions options, Set<String> predeclared, Set<String> universe) {
    this.file = file;
    this.options = options;
    this.predeclared = predeclared;
    this.universe = universe;
  }

  void resolveFile(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      bindTopLevel(s);
    }
    stmts.forEach(this::stmt);
  }

  private StarlarkException error(int line, int col, String msg) {
    return new StarlarkException(file + ":" + line + ":" + col, msg);
  }

  private void bindTopLevel(Stmt s) {
    switch (s) {
      case Ast.Assign a when a.op().equals("=") -> bindTargetsGlobal(a.lhs());
      case Ast.Assign a when a.lhs() instanceof Ident id ->
          globals.putIfAbsent(id.name, file + ":" + id.line + ":" + id.col);
      case Ast.Def d -> bindGlobal(d.name());
      case Ast.For f -> {
        bindTargetsGlobal(f.vars());
        f.body().forEach(this::bindTopLevel);
      }
      case Ast.While w -> w.body().forEach(this::bindTopLevel);
      case Ast.If i -> {
        i.then().forEach(this::bindTopLevel);
        i.otherwise().forEach(this::bindTopLevel);
      }
      case Ast.Load l -> l.to().forEach(this::bindGlobal);
      default -> {}
    }
  }

  private void bindTargetsGlobal(Expr lhs) {
    switch (lhs) {
      case Ident id -> bindGlobal(id);
      case Ast.TupleExpr t -> t.elems().forEach(this::bindTargetsGlobal);
      case Ast.ListExpr l -> l.elems().forEach(this::bindTargetsGlobal);
      default -> {}
    }
  }

  private void bindGlobal(Ident id) {
    String prev = globals.putIfAbsent(id.name, file + ":" + id.line + ":" + id.col);
    if (prev != null && !options.allowGlobalReassign()) {
      throw error(id.line, id.col, "cannot reassign global " + id.name + " declared at " + prev);
    }
  }

  private void stmt(Stmt s) {
    switch (s) {
      case Ast.ExprStmt e -> expr(e.x());
      case Ast.Assign a -> {
        expr(a.rhs());
        if (!a.op().equals("=")) {
          if (a.lhs() instanceof Ast.TupleExpr || a.lhs() instanceof Ast.ListExpr) {
            throw error(
                a.lhs().line(),
                a.lhs().col(),
                "can't use "
                    + (a.lhs() instanceof Ast.TupleExpr ? "tuple" : "list")
                    + " expression in augmented assignment");
          }
        }
        target(a.lhs());
      }
      case Ast.Def d -> {
        function(d.fn());
        use(d.name());
      }
      case Ast.If i -> {
        if (!inFunction && !options.allowTopLevelControl()) {
          throw error(i.line(), i.col(), "if statement not within a function");
        }
        expr(i.cond());
        i.then().forEach(this::stmt);
        i.otherwise().forEach(this::stmt);
      }
      case Ast.For f -> {
        if (!inFunction && !options.allowTopLevelControl()) {
          throw error(f.line(), f.col(), "for loop not within a function");
        }
        expr(f.iter());
        target(f.vars());
        loops++;
        f.body().forEach(this::stmt);
        loops--;
      }
      case Ast.While w -> {
        if (!options.allowWhile()) {
          throw error(w.line(), w.col(), "dialect does not support while loops");
        }
        if (!inFunction && !options.allowTopLevelControl()) {
          throw error(w.line(), w.col(), "while loop not within a function");
        }
        expr(w.cond());
        loops++;
        w.body().forEach(this::stmt);
        loops--;
      }
      case Ast.Return r -> {
        if (!inFunction) {
          throw error(r.line(), r.col(), "return statement not within a function");
        }
        if (r.value() != null) {
          expr(r.value());
        }
      }
      case Ast.Branch b -> {
        if (!b.kind().equals("pass") && loops == 0) {
          throw error(b.line(), b.col(), b.kind() + " not in a loop");
        }
      }
      case Ast.Load l -> {
        if (inFunction) {
          throw error(l.line(), l.col(), "load statement within a function");
        }
        for (int i = 0; i < l.to().size(); i++) {
          if (l.from().get(i).startsWith("_")) {
            throw error(
                l.line(),
                l.col(),
                "load: names with leading underscores are not exported: " + l.from().get(i));
          }
          use(l.to().get(i));
        }
      }
    }
  }

  private void target(Expr lhs) {
    switch (lhs) {
      case Ident id -> use(id);
      case Ast.TupleExpr t -> t.elems().forEach(this::target);
      case Ast.ListExpr l -> l.elems().forEach(this::target);
      case Ast.Index ix -> {
        expr(ix.x());
        expr(ix.index());
      }
      case Ast.Dot d -> expr(d.x());
      default -> throw error(lhs.line(), lhs.col(), "can't assign to " + describe(lhs));
    }
  }

  private static String describe(Expr x) {
    return switch (x) {
      case Ast.Literal l -> "literal";
      case Ast.Call c -> "call expression";
      case Ast.SliceExpr s -> "slice expression";
      case Ast.Binary b -> "binary expression";
      case Ast.Unary u -> "unary expression";
      case Ast.Comprehension c -> "comprehension";
      case Ast.DictExpr d -> "dict expression";
      default -> "expression";
    };
  }

  private void function(Ast.Function fn) {
    // defaults are evaluated in the enclosing scope
    Set<String> seen = new HashSet<>();
    boolean seenStar = false;
    boolean seenStarStar = false;
    boolean seenOptional = false;
    int positional = 0;
    int kwOnly = 0;
    List<Param> params = fn.params;
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      if (seenStarStar) {
        throw error(p.line(), p.col(), "parameter may not follow **kwargs");
      }
      switch (p.kind()) {
        case REQUIRED -> {
          if (seenOptional && !seenStar) {
            throw error(p.line(), p.col(), "required parameter may not follow optional");
          }
          if (seenStar) {
            kwOnly++;
          } else {
            positional++;
          }
        }
        case OPTIONAL -> {
          seenOptional = true;
          expr(p.dflt());
          if (seenStar) {
            kwOnly++;
          } else {
            positional++;
          }
        }
        case STAR, BARE_STAR -> {
          if (seenStar) {
            throw error(p.line(), p.col(), "multiple * parameters not allowed");
          }
          seenStar = true;
          if (p.kind() == ParamKind.STAR) {
            fn.hasVarargs = true;
          } else if (i + 1 >= params.size() || params.get(i + 1).kind() == ParamKind.STARSTAR) {
            throw error(p.line(), p.col(), "bare * must be followed by keyword-only parameters");
          }
        }
        case STARSTAR -> {
          seenStarStar = true;
          fn.hasKwargs = true;
        }
      }
      if (p.name() != null && !seen.add(p.name())) {
        throw error(p.line(), p.col(), "duplicate parameter: " + p.name());
      }
    }
    fn.numPositional = positional;
    fn.numKwOnly = kwOnly;
    Set<String> locals = new LinkedHashSet<>(seen);
    fn.body.forEach(s -> collectLocals(s, locals));
    fn.locals = locals;
    Block saved = block;
    int savedLoops = loops;
    boolean savedIn = inFunction;
    block = new Block(saved, locals);
    loops = 0;
    inFunction = true;
    try {
      fn.body.forEach(this::stmt);
    } finally {
      block = saved;
      loops = savedLoops;
      inFunction = savedIn;
    }
  }

  private static void collectLocals(Stmt s, Set<String> out) {
    switch (s) {
      case Ast.Assign a -> collectTargets(a.lhs(), out);
      case Ast.Def d -> out.add(d.name().name);
      case Ast.For f -> {
        collectTargets(f.vars(), out);
        f.body().forEach(b -> collectLocals(b, out));
      }
      case Ast.While w -> w.body().forEach(b -> collectLocals(b, out));
      case Ast.If i -> {
        i.then().forEach(b -> collectLocals(b, out));
        i.otherwise().forEach(b -> collectLocals(b, out));
      }
      default -> {}
    }
  }

  private static void collectTargets(Expr lhs, Set<String> out) {
    switch (lhs) {
      case Ident id -> out.add(id.name);
      case Ast.TupleExpr t -> t.elems().forEach(e -> collectTargets(e, out));
      case Ast.ListExpr l -> l.elems().forEach(e -> collectTargets(e, out));
      default -> {}
    }
  }

  private void use(Ident id) {
    int depth = 0;
    for (Block b = block; b != null; b = b.parent()) {
      if (b.names().contains(id.name)) {
        id.scope = Scope.LOCAL;
        id.depth = depth;
        return;
      }
      depth++;
    }
    if (globals.containsKey(id.name)) {
      id.scope = Scope.GLOBAL;
    } else if (predeclared.contains(id.name)) {
      id.scope = Scope.PREDECLARED;
    } else if (universe.contains(id.name)) {
      if (id.name.equals("set") && !options.allowSet()) {
        throw error(id.line, id.col, "dialect does not support sets");
      }
      id.scope = Scope.UNIVERSAL;
    } else {
      throw error(id.line, id.col, "undefined: " + id.name);
    }
  }

  private void expr(Expr x) {
    switch (x) {
      case Ident id -> use(id);
      case Ast.Literal l -> {}
      case Ast.ListExpr l -> l.elems().forEach(this::expr);
      case Ast.TupleExpr t -> t.elems().forEach(this::expr);
      case Ast.DictExpr d -> {
        for (Entry e : d.entries()) {
          expr(e.key());
          expr(e.value());
        }
      }
      case Ast.Unary u -> expr(u.x());
      case Ast.Binary b -> {
        expr(b.x());
        expr(b.y());
      }
      case Ast.Cond c -> {
        expr(c.cond());
        expr(c.then());
        expr(c.otherwise());
      }
      case Ast.Index i -> {
        expr(i.x());
        expr(i.index());
      }
      case Ast.SliceExpr s -> {
        expr(s.x());
        if (s.lo() != null) {
          expr(s.lo());
        }
        if (s.hi() != null) {
          expr(s.hi());
        }
        if (s.step() != null) {
          expr(s.step());
        }
      }
      case Ast.Dot d -> expr(d.x());
      case Ast.Call c -> {
        expr(c.fn());
        checkArgs(c);
        for (Arg a : c.args()) {
          expr(a.value());
        }
      }
      case Ast.Comprehension c -> comprehension(c);
      case Ast.Lambda l -> function(l.fn());
    }
  }

  private void checkArgs(Ast.Call c) {
    boolean seenStar = false;
    boolean seenStarStar = false;
    boolean seenNamed = false;
    Set<String> names = new HashSet<>();
    for (Arg a : c.args()) {
      switch (a.kind()) {
        case POSITIONAL -> {
          if (seenStarStar) {
            throw error(c.line(), c.col(), "positional argument may not follow **kwargs");
          }
          if (seenStar) {
            throw error(c.line(), c.col(), "positional argument may not follow *args");
          }
          if (seenNamed) {
            throw error(c.line(), c.col(), "positional argument may not follow named");
          }
        }
        case NAMED -> {
          if (seenStarStar) {
            throw error(c.line(), c.col(), "keyword argument may not follow **kwargs");
          }
          if (!names.add(a.name())) {
            throw error(c.line(), c.col(), "keyword argument \"" + a.name() + "\" is repeated");
          }
          seenNamed = true;
        }
        case STAR -> {
          if (seenStarStar) {
            throw error(c.line(), c.col(), "*args may not follow **kwargs");
          }
          if (seenStar) {
            throw error(c.line(), c.col(), "multiple *args not allowed");
          }
          seenStar = true;
        }
        case STARSTAR -> {
          if (seenStarStar) {
            throw error(c.line(), c.col(), "multiple **kwargs not allowed");
          }
          seenStarStar = true;
        }
      }
    }
  }

  private void comprehension(Ast.Comprehension c) {
    List<Clause> clauses = c.clauses();
    expr(clauses.get(0).expr()); // the first iterable is evaluated in the enclosing scope
    Set<String> names = new LinkedHashSet<>();
    for (Clause cl : clauses) {
      if (cl.isFor()) {
        collectTargets(cl.vars(), names);
      }
    }
    Block saved = block;
    block = new Block(saved, names);
    try {
      for (int i = 0; i < clauses.size(); i++) {
        Clause cl = clauses.get(i);
        if (cl.isFor()) {
          if (i > 0) {
            expr(cl.expr());
          }
          target(cl.vars());
        } else {
          expr(cl.expr());
        }
      }
      if (c.dict()) {
        expr(c.entry().key());
        expr(c.entry().value());
      } else {
        expr(c.body());
      }
    } finally {
      block = saved;
    }
  }
}
