package io.jporch.fn.starlark;

import io.jporch.fn.starlark.Ast.Arg;
import io.jporch.fn.starlark.Ast.Clause;
import io.jporch.fn.starlark.Ast.Entry;
import io.jporch.fn.starlark.Ast.Expr;
import io.jporch.fn.starlark.Ast.Ident;
import io.jporch.fn.starlark.Ast.Param;
import io.jporch.fn.starlark.Ast.ParamKind;
import io.jporch.fn.starlark.Ast.Stmt;
import io.jporch.fn.starlark.BuiltinFunction.Args;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Executes Starlark programs: the tree-walking interpreter and its call stack, as starlark-go's
 * {@code Thread}. Not thread-safe: one thread of execution at a time.
 *
 * <p>Use {@link #execFile} to run a file with predeclared names; module globals are frozen when the
 * file has run. {@code load} statements are refused unless a loader is set.
 */
public final class StarlarkThread {
  private static final int NORMAL = 0;
  private static final int BREAK = 1;
  private static final int CONTINUE = 2;
  private static final int RETURN = 3;
  private static final int MAX_DEPTH = 400;

  private final StarlarkOptions options;
  private Consumer<String> print = s -> {};
  private Function<String, Map<String, Object>> loader;
  private final ArrayList<Frame> stack = new ArrayList<>();
  private long steps;

  /** One active call: where it is executing and its local environment. */
  private static final class Frame {
    final String name;
    final Module module;
    final Ast.Function fn;
    Env env;
    int line;
    int col;
    Object result = NoneType.NONE;

    Frame(String name, Module module, Ast.Function fn, Env env) {
      this.name = name;
      this.module = module;
      this.fn = fn;
      this.env = env;
    }

    String position() {
      return module.file + ":" + line + ":" + col;
    }
  }

  public StarlarkThread(StarlarkOptions options) {
    this.options = options;
  }

  /** Where {@code print} writes (one call per printed line, without newline). */
  public StarlarkThread setPrint(Consumer<String> sink) {
    this.print = sink;
    return this;
  }

  /** Resolves {@code load(module, ...)}: returns the module's members, or null if unknown. */
  public StarlarkThread setLoader(Function<String, Map<String, Object>> loader) {
    this.loader = loader;
    return this;
  }

  StarlarkOptions options() {
    return options;
  }

  void print(String line) {
    print.accept(line);
  }

  /**
   * Parses, resolves and executes {@code source}; returns the module's globals (frozen).
   *
   * @throws StarlarkException on a syntax, resolution or runtime error
   */
  public Map<String, Object> execFile(String file, String source, Map<String, Object> predeclared) {
    List<Stmt> stmts = new Parser(file, source).parseFile();
    new Resolver(file, options, predeclared.keySet(), Builtins.UNIVERSE.keySet())
        .resolveFile(stmts);
    Module module = new Module(file, predeclared);
    Frame frame = new Frame("<toplevel>", module, null, null);
    stack.add(frame);
    try {
      execBlock(stmts, frame);
    } catch (StarlarkException e) {
      attachStack(e);
      throw e;
    } catch (StackOverflowError e) {
      StarlarkException se = new StarlarkException("Starlark stack overflow");
      attachStack(se);
      throw se;
    } finally {
      stack.remove(stack.size() - 1);
    }
    module.globals.values().forEach(Starlark::freeze);
    return Collections.unmodifiableMap(module.globals);
  }

  /** Calls a Starlark callable (function or builtin) from Java. */
  public Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
    try {
      return callValue(fn, args, new LinkedHashMap<>(kwargs));
    } catch (StarlarkException e) {
      attachStack(e);
      throw e;
    }
  }

  private void attachStack(StarlarkException e) {
    if (!e.hasStack()) {
      List<StarlarkException.Frame> frames = new ArrayList<>();
      for (Frame f : stack) {
        frames.add(new StarlarkException.Frame(f.name, f.position()));
      }
      e.setStack(frames);
    }
  }

  void step() {
    if (options.maxSteps() > 0 && ++steps > options.maxSteps()) {
      throw new StarlarkException("Starlark computation cancelled: too many steps");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new StarlarkException("Starlark computation cancelled: interrupted");
    }
  }

  // ---------------------------------------------------------------- statements

  private int execBlock(List<Stmt> stmts, Frame f) {
    for (Stmt s : stmts) {
      int r = exec(s, f);
      if (r != NORMAL) {
        return r;
      }
    }
    return NORMAL;
  }

  private int exec(Stmt s, Frame f) {
    f.line = s.line();
    f.col = s.col();
    switch (s) {
      case Ast.ExprStmt e -> eval(e.x(), f);
      case Ast.Assign a -> assign(a, f);
      case Ast.Def d -> bind(d.name(), makeFunction(d.fn(), f), f);
      case Ast.If i -> {
        return Starlark.truth(eval(i.cond(), f))
            ? execBlock(i.then(), f)
            : execBlock(i.otherwise(), f);
      }
      case Ast.For loop -> {
        Object seq = eval(loop.iter(), f);
        f.line = loop.line();
        f.col = loop.col();
        return forLoop(loop, seq, f);
      }
      case Ast.While w -> {
        while (Starlark.truth(eval(w.cond(), f))) {
          step();
          int r = execBlock(w.body(), f);
          if (r == BREAK) {
            break;
          }
          if (r == RETURN) {
            return r;
          }
        }
      }
      case Ast.Return r -> {
        f.result = r.value() == null ? NoneType.NONE : eval(r.value(), f);
        return RETURN;
      }
      case Ast.Branch b -> {
        return switch (b.kind()) {
          case "break" -> BREAK;
          case "continue" -> CONTINUE;
          default -> NORMAL;
        };
      }
      case Ast.Load l -> load(l, f);
    }
    return NORMAL;
  }

  private int forLoop(Ast.For loop, Object seq, Frame f) {
    Mutable m = seq instanceof Mutable mm ? mm : null;
    if (seq instanceof String) {
      throw new StarlarkException("string value is not iterable");
    }
    if (!Starlark.isIterable(seq)) {
      throw new StarlarkException(Starlark.type(seq) + " value is not iterable");
    }
    List<Object> elems = seq instanceof StarlarkList l ? l.elems : Starlark.elements(seq);
    if (m != null) {
      m.startIteration();
    }
    try {
      for (int i = 0; i < elems.size(); i++) {
        step();
        assignTo(loop.vars(), elems.get(i), f);
        int r = execBlock(loop.body(), f);
        if (r == BREAK) {
          break;
        }
        if (r == RETURN) {
          return r;
        }
      }
    } finally {
      if (m != null) {
        m.endIteration();
      }
    }
    return NORMAL;
  }

  private void load(Ast.Load l, Frame f) {
    if (loader == null) {
      throw new StarlarkException("load not implemented by this application");
    }
    Map<String, Object> members = loader.apply(l.module());
    if (members == null) {
      throw new StarlarkException("cannot load " + l.module() + ": no such module");
    }
    for (int i = 0; i < l.to().size(); i++) {
      Object v = members.get(l.from().get(i));
      if (v == null) {
        throw new StarlarkException(
            "load: name " + l.from().get(i) + " not found in module " + l.module());
      }
      bind(l.to().get(i), v, f);
    }
  }

  private void assign(Ast.Assign a, Frame f) {
    if (a.op().equals("=")) {
      Object v = eval(a.rhs(), f);
      f.line = a.line();
      f.col = a.col();
      assignTo(a.lhs(), v, f);
      return;
    }
    String op = a.op().substring(0, a.op().length() - 1);
    switch (a.lhs()) {
      case Ident id -> {
        Object old = lookup(id, f);
        Object y = eval(a.rhs(), f);
        f.line = a.line();
        f.col = a.col();
        bind(id, augmented(op, old, y), f);
      }
      case Ast.Index ix -> {
        Object x = eval(ix.x(), f);
        Object k = eval(ix.index(), f);
        f.line = ix.line();
        f.col = ix.col();
        Object old = Operators.index(x, k);
        Object y = eval(a.rhs(), f);
        f.line = a.line();
        f.col = a.col();
        Operators.setIndex(x, k, augmented(op, old, y));
      }
      case Ast.Dot d -> {
        Object x = eval(d.x(), f);
        f.line = d.line();
        f.col = d.col();
        Object old = Methods.getAttr(x, d.name());
        Object y = eval(a.rhs(), f);
        f.line = a.line();
        f.col = a.col();
        Methods.setAttr(x, d.name(), augmented(op, old, y));
      }
      default -> throw new StarlarkException("can't assign");
    }
  }

  private static Object augmented(String op, Object x, Object y) {
    if (op.equals("+") && x instanceof StarlarkList l) {
      // list += iterable extends in place
      l.checkMutable("apply += to");
      if (!Starlark.isIterable(y)) {
        throw new StarlarkException("unknown binary op: list + " + Starlark.type(y));
      }
      l.elems.addAll(Starlark.elements(y));
      return l;
    }
    if (op.equals("|") && x instanceof StarlarkDict d && y instanceof StarlarkDict other) {
      d.checkMutable("apply |= to");
      other.map.forEach(d.map::put);
      return d;
    }
    return Operators.binary(op, x, y);
  }

  private void assignTo(Expr lhs, Object v, Frame f) {
    switch (lhs) {
      case Ident id -> bind(id, v, f);
      case Ast.TupleExpr t -> unpack(t.elems(), v, f);
      case Ast.ListExpr l -> unpack(l.elems(), v, f);
      case Ast.Index ix -> {
        Object x = eval(ix.x(), f);
        Object k = eval(ix.index(), f);
        f.line = ix.line();
        f.col = ix.col();
        Operators.setIndex(x, k, v);
      }
      case Ast.Dot d -> {
        Object x = eval(d.x(), f);
        f.line = d.line();
        f.col = d.col();
        Methods.setAttr(x, d.name(), v);
      }
      default -> throw new StarlarkException("can't assign to expression");
    }
  }

  private void unpack(List<Expr> targets, Object v, Frame f) {
    if (!Starlark.isIterable(v)) {
      throw new StarlarkException("got " + Starlark.type(v) + " in sequence assignment");
    }
    List<Object> elems = Starlark.elements(v);
    if (elems.size() > targets.size()) {
      throw new StarlarkException(
          "too many values to unpack (got " + elems.size() + ", want " + targets.size() + ")");
    }
    if (elems.size() < targets.size()) {
      throw new StarlarkException(
          "too few values to unpack (got " + elems.size() + ", want " + targets.size() + ")");
    }
    for (int i = 0; i < targets.size(); i++) {
      assignTo(targets.get(i), elems.get(i), f);
    }
  }

  private void bind(Ident id, Object v, Frame f) {
    switch (id.scope) {
      case LOCAL -> f.env.up(id.depth).vars.put(id.name, v);
      case GLOBAL -> f.module.globals.put(id.name, v);
      default -> throw new StarlarkException("cannot assign to " + id.name);
    }
  }

  private Object lookup(Ident id, Frame f) {
    Object v;
    switch (id.scope) {
      case LOCAL -> {
        v = f.env.up(id.depth).vars.get(id.name);
        if (v == null) {
          throw new StarlarkException(
              "local variable " + id.name + " referenced before assignment");
        }
      }
      case GLOBAL -> {
        v = f.module.globals.get(id.name);
        if (v == null) {
          throw new StarlarkException(
              "global variable " + id.name + " referenced before assignment");
        }
      }
      case PREDECLARED -> v = f.module.predeclared.get(id.name);
      case UNIVERSAL -> v = Builtins.UNIVERSE.get(id.name);
      default -> throw new StarlarkException("unresolved name " + id.name);
    }
    return v;
  }

  private StarlarkFunction makeFunction(Ast.Function fn, Frame f) {
    Object[] defaults = new Object[fn.params.size()];
    for (int i = 0; i < defaults.length; i++) {
      Param p = fn.params.get(i);
      if (p.kind() == ParamKind.OPTIONAL) {
        defaults[i] = eval(p.dflt(), f);
      }
    }
    return new StarlarkFunction(fn, f.module, f.env, defaults);
  }

  // ---------------------------------------------------------------- expressions

  Object eval(Expr x, Frame f) {
    switch (x) {
      case Ident id -> {
        f.line = id.line;
        f.col = id.col;
        return lookup(id, f);
      }
      case Ast.Literal l -> {
        return l.value();
      }
      case Ast.ListExpr l -> {
        StarlarkList list = new StarlarkList();
        for (Expr e : l.elems()) {
          list.elems.add(eval(e, f));
        }
        return list;
      }
      case Ast.TupleExpr t -> {
        Object[] elems = new Object[t.elems().size()];
        for (int i = 0; i < elems.length; i++) {
          elems[i] = eval(t.elems().get(i), f);
        }
        return Tuple.of(elems);
      }
      case Ast.DictExpr d -> {
        StarlarkDict dict = new StarlarkDict();
        for (Entry e : d.entries()) {
          Object k = eval(e.key(), f);
          Object v = eval(e.value(), f);
          f.line = e.key().line();
          f.col = e.key().col();
          Starlark.checkHashable(k);
          if (dict.map.containsKey(Starlark.key(k))) {
            throw new StarlarkException("duplicate key: " + Starlark.repr(k));
          }
          dict.put(k, v);
        }
        return dict;
      }
      case Ast.Unary u -> {
        Object v = eval(u.x(), f);
        f.line = u.line();
        f.col = u.col();
        return Operators.unary(u.op(), v);
      }
      case Ast.Binary b -> {
        return binary(b, f);
      }
      case Ast.Cond c -> {
        return Starlark.truth(eval(c.cond(), f)) ? eval(c.then(), f) : eval(c.otherwise(), f);
      }
      case Ast.Index i -> {
        Object v = eval(i.x(), f);
        Object k = eval(i.index(), f);
        f.line = i.line();
        f.col = i.col();
        return Operators.index(v, k);
      }
      case Ast.SliceExpr s -> {
        Object v = eval(s.x(), f);
        Object lo = s.lo() == null ? NoneType.NONE : eval(s.lo(), f);
        Object hi = s.hi() == null ? NoneType.NONE : eval(s.hi(), f);
        Object step = s.step() == null ? NoneType.NONE : eval(s.step(), f);
        f.line = s.line();
        f.col = s.col();
        return Operators.slice(v, lo, hi, step);
      }
      case Ast.Dot d -> {
        Object v = eval(d.x(), f);
        f.line = d.line();
        f.col = d.col();
        return Methods.getAttr(v, d.name());
      }
      case Ast.Call c -> {
        return call(c, f);
      }
      case Ast.Comprehension c -> {
        return comprehension(c, f);
      }
      case Ast.Lambda l -> {
        return makeFunction(l.fn(), f);
      }
    }
  }

  private Object binary(Ast.Binary b, Frame f) {
    switch (b.op()) {
      case "and" -> {
        Object x = eval(b.x(), f);
        return Starlark.truth(x) ? eval(b.y(), f) : x;
      }
      case "or" -> {
        Object x = eval(b.x(), f);
        return Starlark.truth(x) ? x : eval(b.y(), f);
      }
      default -> {
        Object x = eval(b.x(), f);
        Object y = eval(b.y(), f);
        f.line = b.line();
        f.col = b.col();
        return Operators.binary(b.op(), x, y);
      }
    }
  }

  private Object comprehension(Ast.Comprehension c, Frame f) {
    Object result = c.dict() ? new StarlarkDict() : new StarlarkList();
    Env outer = f.env;
    Object firstIterable = eval(c.clauses().get(0).expr(), f);
    f.env = new Env(outer);
    try {
      clause(c, 0, firstIterable, result, f);
    } finally {
      f.env = outer;
    }
    return result;
  }

  private void clause(Ast.Comprehension c, int i, Object iterable, Object result, Frame f) {
    if (i == c.clauses().size()) {
      if (c.dict()) {
        Object k = eval(c.entry().key(), f);
        Object v = eval(c.entry().value(), f);
        f.line = c.entry().key().line();
        f.col = c.entry().key().col();
        ((StarlarkDict) result).put(k, v);
      } else {
        ((StarlarkList) result).elems.add(eval(c.body(), f));
      }
      return;
    }
    Clause cl = c.clauses().get(i);
    if (!cl.isFor()) {
      if (Starlark.truth(eval(cl.expr(), f))) {
        clause(c, i + 1, null, result, f);
      }
      return;
    }
    Object seq = i == 0 ? iterable : eval(cl.expr(), f);
    if (!Starlark.isIterable(seq)) {
      f.line = c.line();
      f.col = c.col();
      throw new StarlarkException(Starlark.type(seq) + " value is not iterable");
    }
    Mutable m = seq instanceof Mutable mm ? mm : null;
    List<Object> elems = seq instanceof StarlarkList l ? l.elems : Starlark.elements(seq);
    if (m != null) {
      m.startIteration();
    }
    try {
      for (int j = 0; j < elems.size(); j++) {
        step();
        assignTo(cl.vars(), elems.get(j), f);
        clause(c, i + 1, null, result, f);
      }
    } finally {
      if (m != null) {
        m.endIteration();
      }
    }
  }

  private Object call(Ast.Call c, Frame f) {
    Object fn = eval(c.fn(), f);
    List<Object> args = new ArrayList<>();
    LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>();
    for (Arg a : c.args()) {
      Object v = eval(a.value(), f);
      switch (a.kind()) {
        case POSITIONAL -> args.add(v);
        case NAMED -> kwargs.put(a.name(), v);
        case STAR -> {
          if (!Starlark.isIterable(v)) {
            f.line = c.line();
            f.col = c.col();
            throw new StarlarkException(
                "argument after * must be iterable, not " + Starlark.type(v));
          }
          args.addAll(Starlark.elements(v));
        }
        case STARSTAR -> {
          f.line = c.line();
          f.col = c.col();
          if (!(v instanceof StarlarkDict d)) {
            throw new StarlarkException(
                "argument after ** must be a mapping, not " + Starlark.type(v));
          }
          for (Map.Entry<Object, Object> e : d.map.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
              throw new StarlarkException(
                  "keywords must be strings, not " + Starlark.type(e.getKey()));
            }
            if (kwargs.containsKey(k) && fn instanceof BuiltinFunction b) {
              throw new StarlarkException(
                  b.name() + ": duplicate keyword arg: " + Starlark.repr(k));
            }
            if (kwargs.containsKey(k)) {
              throw new StarlarkException(
                  "function "
                      + functionName(fn)
                      + " got multiple values for parameter \""
                      + k
                      + "\"");
            }
            kwargs.put(k, e.getValue());
          }
        }
      }
    }
    f.line = c.line();
    f.col = c.col();
    return callValue(fn, args, kwargs);
  }

  private static String functionName(Object fn) {
    return switch (fn) {
      case StarlarkFunction s -> s.name();
      case BuiltinFunction b -> b.name();
      default -> Starlark.type(fn);
    };
  }

  /** Calls {@code fn}; errors raised by builtins are prefixed with the builtin's name. */
  Object callValue(Object fn, List<Object> args, LinkedHashMap<String, Object> kwargs) {
    step();
    switch (fn) {
      case StarlarkFunction sf -> {
        return callFunction(sf, args, kwargs);
      }
      case BuiltinFunction b -> {
        try {
          Object r = b.call(this, new Args(args, kwargs));
          return r == null ? NoneType.NONE : r;
        } catch (StarlarkException e) {
          if (e.hasStack() || e.message().startsWith(b.name() + ":")) {
            throw e;
          }
          throw new StarlarkException(b.name() + ": " + e.message());
        }
      }
      default ->
          throw new StarlarkException("invalid call of non-function (" + Starlark.type(fn) + ")");
    }
  }

  private Object callFunction(StarlarkFunction sf, List<Object> args, Map<String, Object> kwargs) {
    Ast.Function fn = sf.fn;
    if (!options.allowRecursion()) {
      for (Frame fr : stack) {
        if (fr.fn == fn) {
          throw new StarlarkException("function " + fn.name + " called recursively");
        }
      }
    }
    if (stack.size() > MAX_DEPTH) {
      throw new StarlarkException("Starlark stack overflow");
    }
    Env env = new Env(sf.closure);
    bindParams(sf, args, kwargs, env);
    Frame frame = new Frame(fn.name, sf.module, fn, env);
    frame.line = fn.line;
    frame.col = fn.col;
    stack.add(frame);
    try {
      execBlock(fn.body, frame);
    } catch (StarlarkException e) {
      attachStack(e);
      throw e;
    } finally {
      stack.remove(stack.size() - 1);
    }
    return frame.result;
  }

  private static void bindParams(
      StarlarkFunction sf, List<Object> args, Map<String, Object> kwargs, Env env) {
    Ast.Function fn = sf.fn;
    List<Param> params = fn.params;
    if (params.isEmpty()) {
      if (!args.isEmpty() || !kwargs.isEmpty()) {
        throw new StarlarkException(
            "function "
                + fn.name
                + " accepts no arguments ("
                + (args.size() + kwargs.size())
                + " given)");
      }
      return;
    }
    // ordinary parameters in order: positional then keyword-only
    List<Integer> ordinary = new ArrayList<>();
    String varargs = null;
    String kwargsName = null;
    int optionalCount = 0;
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      switch (p.kind()) {
        case REQUIRED -> ordinary.add(i);
        case OPTIONAL -> {
          ordinary.add(i);
          optionalCount++;
        }
        case STAR -> varargs = p.name();
        case STARSTAR -> kwargsName = p.name();
        case BARE_STAR -> {}
      }
    }
    int nonKwOnly = fn.numPositional;
    Object[] slots = new Object[ordinary.size()];
    int n = args.size();
    if (n > nonKwOnly) {
      if (varargs == null) {
        boolean atMost = optionalCount > 0 && countOptionalPositional(fn) > 0;
        throw new StarlarkException(
            "function "
                + fn.name
                + " accepts "
                + (atMost ? "at most " : "")
                + nonKwOnly
                + " positional argument"
                + (nonKwOnly == 1 ? "" : "s")
                + " ("
                + n
                + " given)");
      }
      n = nonKwOnly;
    }
    for (int i = 0; i < n; i++) {
      slots[i] = args.get(i);
    }
    if (varargs != null) {
      env.vars.put(varargs, new Tuple(args.subList(n, args.size())));
    }
    StarlarkDict kwdict = null;
    if (kwargsName != null) {
      kwdict = new StarlarkDict();
      env.vars.put(kwargsName, kwdict);
    }
    for (Map.Entry<String, Object> e : kwargs.entrySet()) {
      int idx = -1;
      for (int i = 0; i < ordinary.size(); i++) {
        if (params.get(ordinary.get(i)).name().equals(e.getKey())) {
          idx = i;
          break;
        }
      }
      if (idx >= 0) {
        if (slots[idx] != null) {
          throw new StarlarkException(
              "function " + fn.name + " got multiple values for parameter \"" + e.getKey() + "\"");
        }
        slots[idx] = e.getValue();
      } else if (kwdict == null) {
        throw new StarlarkException(
            "function " + fn.name + " got an unexpected keyword argument \"" + e.getKey() + "\"");
      } else {
        kwdict.map.put(e.getKey(), e.getValue());
      }
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        Object dflt = sf.defaults[ordinary.get(i)];
        if (dflt == null) {
          missing.add(params.get(ordinary.get(i)).name());
        } else {
          slots[i] = dflt;
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new StarlarkException(
          "function "
              + fn.name
              + " missing "
              + missing.size()
              + " argument"
              + (missing.size() > 1 ? "s" : "")
              + " ("
              + String.join(", ", missing)
              + ")");
    }
    for (int i = 0; i < slots.length; i++) {
      env.vars.put(params.get(ordinary.get(i)).name(), slots[i]);
    }
  }

  private static int countOptionalPositional(Ast.Function fn) {
    int count = 0;
    for (Param p : fn.params) {
      if (p.kind() == ParamKind.STAR || p.kind() == ParamKind.BARE_STAR) {
        break;
      }
      if (p.kind() == ParamKind.OPTIONAL) {
        count++;
      }
    }
    return count;
  }

  /** The name of the function executing the current builtin's caller (for tests and errors). */
  String callerPosition() {
    return stack.isEmpty() ? "" : stack.get(stack.size() - 1).position();
  }

  static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }
}
