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
