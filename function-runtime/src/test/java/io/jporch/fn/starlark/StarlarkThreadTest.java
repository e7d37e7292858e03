package io.jporch.fn.starlark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interpreter's embedding API, error reporting and dialect options. */
class StarlarkThreadTest {

  private static Map<String, Object> run(StarlarkOptions options, String src) {
    return new StarlarkThread(options).execFile("test.star", src, Map.of());
  }

  private static StarlarkException error(StarlarkOptions options, String src) {
    try {
      run(options, src);
    } catch (StarlarkException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void returnsFrozenGlobals() {
    Map<String, Object> globals =
        run(StarlarkOptions.DEFAULT, "x = [1, 2]\ny = {'a': (1, 2.5)}\nz = 7 // 2\n");
    assertThat(Starlark.repr(globals.get("x"))).isEqualTo("[1, 2]");
    assertThat(Starlark.repr(globals.get("y"))).isEqualTo("{\"a\": (1, 2.5)}");
    assertThat(globals.get("z")).isEqualTo(BigInteger.valueOf(3));
    StarlarkList x = (StarlarkList) globals.get("x");
    assertThatThrownBy(() -> x.add(BigInteger.ONE))
        .isInstanceOf(StarlarkException.class)
        .hasMessage("cannot append to frozen list");
  }

  @Test
  void runtimeErrorCarriesPositionAndCallStack() {
    StarlarkException e =
        error(
            StarlarkOptions.DEFAULT,
            "def f(x):\n  return g(x)\n\ndef g(y):\n  return y + 'a'\n\nf(1)\n");
    assertThat(e.message()).isEqualTo("unknown binary op: int + string");
    assertThat(e.getMessage()).isEqualTo("test.star:5:12: unknown binary op: int + string");
    assertThat(e.stack())
        .extracting(StarlarkException.Frame::function)
        .containsExactly("<toplevel>", "f", "g");
    assertThat(e.backtrace())
        .isEqualTo(
            "Traceback (most recent call last):\n"
                + "  test.star:7:2: in <toplevel>\n"
                + "  test.star:2:11: in f\n"
                + "  test.star:5:12: in g\n"
                + "Error: unknown binary op: int + string");
  }

  @Test
  void failPrefixesItsMessage() {
    StarlarkException e = error(StarlarkOptions.DEFAULT, "fail('no', 'private', 'keys')\n");
    assertThat(e.message()).isEqualTo("fail: no private keys");
  }

  @Test
  void syntaxAndResolveErrorsAreReportedBeforeExecution() {
    List<String> printed = new ArrayList<>();
    StarlarkThread t = new StarlarkThread(StarlarkOptions.DEFAULT).setPrint(printed::add);
    assertThatThrownBy(() -> t.execFile("a.star", "print('hi')\nprint(y)\n", Map.of()))
        .hasMessage("a.star:2:7: undefined: y");
    assertThat(printed).isEmpty();
    assertThat(error(StarlarkOptions.DEFAULT, "def f():\n  x = 1\n   y = 2\n").getMessage())
        .isEqualTo("test.star:3:4: got indent, want primary expression");
    assertThat(error(StarlarkOptions.DEFAULT, "x = 'abc\n").getMessage())
        .isEqualTo("test.star:1:5: unexpected newline in string");
    assertThat(error(StarlarkOptions.DEFAULT, "class X: pass\n").getMessage())
        .isEqualTo("test.star:1:1: keyword class is reserved");
  }

  @Test
  void loadIsRefusedWithoutLoader() {
    StarlarkException e = error(StarlarkOptions.DEFAULT, "load('json.star', 'json')\n");
    assertThat(e.message()).isEqualTo("load not implemented by this application");
  }

  @Test
  void defaultDialectRefusesWhatTheKrmDialectAllows() {
    String src =
        "x = 1\nx = 2\nif x:\n  y = 3\ndef fact(n):\n  return 1 if n <= 1 else n * fact(n - 1)\n"
            + "z = fact(20)\ni = 0\nwhile i < 3:\n  i += 1\ns = set([1, 2])\n";
    assertThat(error(StarlarkOptions.DEFAULT, src).getMessage())
        .isEqualTo("test.star:2:1: cannot reassign global x declared at test.star:1:1");
    Map<String, Object> globals = run(StarlarkOptions.KRM, src);
    assertThat(globals.get("z")).isEqualTo(new BigInteger("2432902008176640000"));
    assertThat(globals.get("i")).isEqualTo(BigInteger.valueOf(3));
    assertThat(error(StarlarkOptions.DEFAULT, "def f(n):\n  return f(n)\nf(1)\n").message())
        .isEqualTo("function f called recursively");
  }

  @Test
  void stepBudgetStopsRunawayLoops() {
    StarlarkException e =
        error(StarlarkOptions.KRM.withMaxSteps(1000), "x = 0\nwhile True:\n  x += 1\n");
    assertThat(e.message()).isEqualTo("Starlark computation cancelled: too many steps");
  }

  @Test
  void deepRecursionIsAnErrorNotACrash() {
    StarlarkException e = error(StarlarkOptions.KRM, "def f(n):\n  return f(n + 1)\nf(0)\n");
    assertThat(e.message()).isEqualTo("Starlark stack overflow");
  }

  @Test
  void predeclaredValuesAreMutableAndSeeChanges() {
    StarlarkDict rl =
        (StarlarkDict) Starlark.fromJava(Map.of("items", List.of(Map.of("kind", "A"))));
    new StarlarkThread(StarlarkOptions.KRM)
        .execFile(
            "t.star",
            "for r in rl['items']:\n  r['metadata'] = {'name': r['kind'].lower()}\n",
            Map.of("rl", rl));
    assertThat(Starlark.repr(rl))
        .isEqualTo("{\"items\": [{\"kind\": \"A\", \"metadata\": {\"name\": \"a\"}}]}");
  }

  @Test
  void mutationDuringIterationIsAnError() {
    StarlarkException e = error(StarlarkOptions.KRM, "x = [1, 2]\nfor i in x:\n  x.append(i)\n");
    assertThat(e.message()).isEqualTo("append: cannot append to list during iteration");
  }

  @Test
  void integerSemantics() {
    Map<String, Object> g =
        run(
            StarlarkOptions.DEFAULT,
            "a = -7 // 2\nb = -7 % 2\nc = 7 % -2\nd = 1 << 100\n"
                + "e = 7 / 2\nf = '%d-%s-%r' % (3, 'x', 'y')\ng = '{} {k}'.format(1, k=[2])\n");
    assertThat(g.get("a")).isEqualTo(BigInteger.valueOf(-4));
    assertThat(g.get("b")).isEqualTo(BigInteger.ONE);
    assertThat(g.get("c")).isEqualTo(BigInteger.valueOf(-1));
    assertThat(g.get("d")).isEqualTo(BigInteger.ONE.shiftLeft(100));
    assertThat(g.get("e")).isEqualTo(3.5);
    assertThat(g.get("f")).isEqualTo("3-x-\"y\"");
    assertThat(g.get("g")).isEqualTo("1 [2]");
  }
}
