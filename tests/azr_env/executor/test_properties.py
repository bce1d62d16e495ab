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
