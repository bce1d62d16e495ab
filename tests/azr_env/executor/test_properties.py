"""Property tests: whatever text arrives, the executor reports and never raises."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from azr_env.executor import ExecStatus, Executor, parse_literal, screen_inputs, screen_program

FRAGMENTS = ["def f(a):\n", "    return a\n", "import math\n", "__import__('os')", "while True: pass\n",
             "'{0.__class__}'.format(a)", "lambda: 0", "[1, 2", ")", "\x00", "yield a\n", "class C:\n    pass\n"]


@pytest.fixture(scope="module")
def ex():
    with Executor(workers=2, timeout=0.5, memory_mb=256) as executor:
        yield executor


programs = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join))
inputs = st.one_of(st.text(max_size=50), st.sampled_from(["1", "'a', [1]", "", "x", "{1: 2}", "-1.5e3"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=programs, args=inputs)
def test_any_text_gets_a_status_never_an_exception(ex, program, args):
    result = ex.run(program, args)
    assert isinstance(result.status, ExecStatus)
    assert (result.output is not None) == result.ok
    assert result.ok or result.error


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_screens_and_literal_parsing_never_raise(text):
    assert screen_program(text) is None or isinstance(screen_program(text), str)
    assert screen_inputs(text) is None or isinstance(screen_inputs(text), str)
    ok, _, reason = parse_literal(text)
    assert ok or reason


# The bytecode shortcut may only ever accept what the full RestrictedPython screen accepts.
SHORTCUT_FRAGMENTS = [
    "def f(a):\n", "    return a\n", "    return a._x\n", "    return a.__dict__\n", "    a.b = 1\n",
    "    return '{0}'.format(a)\n", "import math\n", "import re._parser\n", "from re import _parser\n",
    "    return eval('1')\n", "open = len\n", "    return open(a)\n", "class C:\n    _z = 1\n",
    "    return getattr(a, 'x')\n", "    match a:\n        case int(x):\n            return x\n",
    "    return a.__self__\n", "    return a.__globals__\n", "_azr_match_0 = 1\n", "    return vars()\n",
    "import os\n", "    global open\n", "    return __import__('os')\n", "    return a.__reduce__()\n",
]


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(SHORTCUT_FRAGMENTS), min_size=1, max_size=6))
def test_the_bytecode_shortcut_never_accepts_what_the_full_screen_refuses(parts):
    from azr_env.executor.policy import DEFAULT_ALLOWED_MODULES
    from azr_env.executor.screen import _fast_accepts, _policy_for, compile_source

    source = "".join(parts)
    code = compile_source(source)
    if isinstance(code, str) or _fast_accepts(code, DEFAULT_ALLOWED_MODULES) is None:
        return
    from RestrictedPython import compile_restricted_exec

    full = compile_restricted_exec(source, "<program>", policy=_policy_for(DEFAULT_ALLOWED_MODULES))
    assert not full.errors, (source, full.errors)


# The same holds for argument expressions (Executor(inputs="expression")): their shortcut compiles
# the expressions as they are, which is safe only where RestrictedPython would accept them unchanged.
EXPRESSION_FRAGMENTS = [
    "1", "x", "range(3)", "dict(a=1)", "'a'.upper()", "'{0}'.format(1)", "a._x", "a.__dict__", "open('f')",
    "__import__('os')", "lambda v: v", "[i for i in ()]", "(y := 2)", "(__builtins__ := 1)", "getattr(a, 'b')",
    "vars()", "a.__self__", "a.__globals__", "_azr_args", "k=1", "(1).__class__", "not_bound.attr", "eval('1')",
    "print(1)", "''.join(['A'] * 2)", "a.__reduce__()",
]


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(EXPRESSION_FRAGMENTS), min_size=1, max_size=4))
def test_the_expression_shortcut_never_accepts_what_the_full_screen_refuses(parts):
    from azr_env.executor import screen
    from azr_env.executor.policy import DEFAULT_ALLOWED_MODULES

    text = ", ".join(sorted(parts, key=lambda part: "=" in part and "==" not in part and ":=" not in part))
    quick = screen._compile_expression_inputs(text, DEFAULT_ALLOWED_MODULES)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(screen, "_plain_expression_inputs", lambda *_: None)
        full = screen._compile_expression_inputs(text, DEFAULT_ALLOWED_MODULES)
    assert (quick.code is None) == (full.code is None), (text, quick.reason, full.reason)
    assert quick.status == full.status


# The shortcut for plain literal argument lists may only ever accept what ast.literal_eval
# accepts, with the same values: a fold the compiler does (1 + 2, (1, 2)[0]) must never pass.
def _literal_eval_arguments(text):
    import ast

    try:
        call = ast.parse(f"f({text}\n)", "<inputs>", "eval").body
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return "refused"
        args = tuple(ast.literal_eval(a) for a in call.args)
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        return (args, kwargs) if kwargs else args
    except Exception:  # noqa: BLE001
        return "refused"


_scalars = st.one_of(st.integers(-10**30, 10**30), st.floats(allow_nan=False), st.text(max_size=8),
                     st.binary(max_size=4), st.booleans(), st.none())
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(st.one_of(st.integers(), st.text(max_size=3)), inner, max_size=3),
                            st.frozensets(st.integers(-5, 5), max_size=3).map(set)),
    max_leaves=8,
)
LITERAL_NOISE = ["+", "-", "*", "[0]", "(1)", ".real", " if 1 else 2", "=1", "**", "not ", "~", "j", "'", '"',
                 "f'", "b", "r", "\\", "\n", ",", ":", "(", ")", "[", "]", "{", "}", "...", "_", "x", "lambda: 0",
                 "), (", "], [", ")), ((", "}, {"]


@settings(max_examples=400, deadline=None)
@given(values=st.lists(_values, min_size=1, max_size=3), noise=st.lists(
    st.tuples(st.integers(0, 10_000), st.sampled_from(LITERAL_NOISE)), max_size=3))
def test_the_literal_shortcut_agrees_with_literal_eval_or_declines(values, noise):
    from azr_env.executor.screen import plain_literal_values

    text = ", ".join(repr(v) for v in values)
    for position, fragment in noise:  # the same text, broken or turned into code in places
        position %= len(text) + 1
        text = text[:position] + fragment + text[position:]
    fast = plain_literal_values(text)
    if fast is not None:
        expected = _literal_eval_arguments(text)
        assert expected != "refused" and _shape(fast) == _shape(expected), text
    if not noise and "set()" not in text and "inf" not in text:  # (the empty set and inf are names)
        assert _shape(fast) == _shape(tuple(values)), text  # reprs of plain values are always taken


_json_scalars = st.one_of(st.integers(-10**40, 10**40), st.floats(allow_nan=False, allow_infinity=False),
                          st.text(alphabet=st.characters(max_codepoint=127), max_size=6),
                          st.sampled_from(["a", "ab_1", "x y", "it's", 'say "hi"', "", "1000", "True"]),
                          st.booleans(), st.none(), st.sampled_from([1000, 1000.0, -0.0, 0.0, 1e300, 2**70]))
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.one_of(st.text(alphabet="ab_ 1'", max_size=3), st.sampled_from(["a", "k", "it's"])), inner, max_size=3)),
    max_leaves=10,
)


def _written(value, quotes, spaces) -> str:
    """``value`` as a person writes it: either quote style where the text allows it, spaces or not."""
    kind = type(value)
    sep = ", " if spaces else ","
    if kind is list:
        return "[" + sep.join(_written(v, quotes, spaces) for v in value) + "]"
    if kind is dict:
        colon = ": " if spaces else ":"
        return "{" + sep.join(_written(k, quotes, spaces) + colon + _written(v, quotes, spaces)
                              for k, v in value.items()) + "}"
    plain = kind is str and "\\" not in value and value.isprintable()
    if plain and quotes and "'" not in value:
        return f"'{value}'"
    if plain and '"' not in value:
        return f'"{value}"'
    return repr(value)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_json_values, max_size=4), quotes=st.booleans(), spaces=st.booleans(), noise=st.lists(
    st.tuples(st.integers(0, 10_000), st.sampled_from(LITERAL_NOISE + ["true", "null", "NaN", "Infinity", "'''"])),
    max_size=2))
def test_the_json_shortcut_hands_the_worker_what_the_compiler_would(values, quotes, spaces, noise, monkeypatch):
    """Where the JSON shortcut reads an argument list, its values marshal to the very bytes the
    compiled shortcut's do (equal constants one object, names interned: ``a is b`` and ``a is 'k'``
    answer as in plain Python); where the compiled path refuses a text, so does the JSON one."""
    import marshal

    from azr_env.executor import screen

    text = (", " if spaces else ",").join(_written(v, quotes, spaces) for v in values)
    for position, fragment in noise:
        position %= len(text) + 1
        text = text[:position] + fragment + text[position:]
    fast = screen.json_literal_values(text)
    with monkeypatch.context() as patched:
        patched.setattr(screen, "json_literal_values", lambda source: None)
        compiled = screen.plain_literal_values(text)
    reference = compiled if compiled is not None else _literal_eval_arguments(text)
    if fast is None:
        return
    assert reference != "refused", text
    if compiled is not None:
        assert marshal.dumps((fast, {})) == marshal.dumps((compiled, {})), text
    else:  # the compiled shortcut declined (a long int, deep nesting): literal_eval's values
        assert _shape(fast) == _shape(reference), text
    if not noise:
        assert _shape(fast) == _shape(tuple(values)), text


@pytest.mark.parametrize("text", ["true", "null", "NaN", "-Infinity", "[1,]", "'a' 'b'", "'''a'''", "'a\"b'",
                                  "1, x", "'\t'", "1_000", ".5", "0x10", "{1: 2}", "(1,)", "[" * 70 + "]" * 70,
                                  "'é'", "1\\\n"])
def test_the_json_shortcut_declines_what_python_reads_otherwise(text):
    from azr_env.executor.screen import json_literal_values

    assert json_literal_values(text) is None


def _shape(value):
    """Value and exact types, set order aside (a set display may iterate in another order than
    ``set([...])`` built in source order; both are equal sets, and the shortcut's is the order plain
    Python gives the same display)."""
    if isinstance(value, (set, frozenset)):
        return type(value).__name__, sorted(map(repr, value))
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [_shape(v) for v in value]
    if isinstance(value, dict):
        return "dict", [(_shape(k), _shape(v)) for k, v in value.items()]
    return type(value).__name__, repr(value)


@pytest.mark.parametrize("text", ["(1, 2)[0]", "1 + 2", "-(1)", "'a'[0]", "[1][0]", "True(1)", "--1", "1 -1",
                                  "{1: 2}[1]", "(1)(2)", "1.real", "f'{1}'", "not 1", "1 if 1 else 2", "k=1",
                                  "*[1]", "1), (2", "1], [2", "1}, {2", "-True", "'''x'', 1, ''", "2**3", "~1", "(1,) * 2"])
def test_the_literal_shortcut_declines_every_folded_expression(text):
    from azr_env.executor.screen import plain_literal_values

    assert plain_literal_values(text) is None
    # and the full path still decides (refuses, or accepts with literal_eval's values)
    verdict = screen_inputs(text)
    assert (verdict is None) == (_literal_eval_arguments(text) != "refused")
