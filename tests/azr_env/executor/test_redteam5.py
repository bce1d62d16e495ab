"""Red team 5 (2026-12-02): the runner's gc.freeze(), the plain-literal shortcut, memoised depth/slots.

Each test failed on the code before its fix (commit noted in the closing note of that day).
"""
from __future__ import annotations

import ast

import pytest

from azr_env.executor import ExecStatus, Executor
from azr_env.executor.screen import literal_argument_values, plain_literal_values, screen_inputs


@pytest.fixture(scope="module")
def ex():
    with Executor(workers=2, timeout=2.0) as executor:
        yield executor


# --- 1. screen.plain_literal_values: a ')' closes the shortcut's own wrapper -------------------------
# The shortcut compiles "(" + text + "\n,)"; a text that closes that parenthesis and opens a new one
# compiles as a bare tuple of two displays. f(1), (2) is not an argument list at all (the full path
# says "inputs do not parse as call arguments"), but the shortcut hands back (1, (2,)).
BREAKOUTS = ["1), (2", "'a'), ('b'", "[1]), ([2]", "1, 2), 3, (4", "(1)), (2"]


def _literal_eval_per_argument(text):
    call = ast.parse(f"f({text}\n)", "<inputs>", "eval").body
    assert isinstance(call, ast.Call), "not an argument list"
    return tuple(ast.literal_eval(a) for a in call.args)


@pytest.mark.parametrize("text", BREAKOUTS)
def test_shortcut_accepts_only_what_literal_eval_accepts(text):
    with pytest.raises(AssertionError):
        _literal_eval_per_argument(text)  # the reference refuses it
    assert plain_literal_values(text) is None
    assert literal_argument_values(text) is None
    assert screen_inputs(text) is not None


def test_validate_refuses_inputs_that_are_not_an_argument_list(ex):
    result = ex.validate("def f(a, b):\n    return [a, b]", "1), (2")
    assert not result.ok, result  # before the fix: ok, output '[1, (2,)]'


# --- 2. gc.freeze(): garbage made by a finalizer in the end-of-task collection is frozen for ever ---
# The end-of-task gc.collect() runs the program's __del__ (in the window, as intended); what that
# finalizer allocates is new young garbage that the collection does not look at again. It holds
# no program code, so the survivor check lets it pass, and the next task's gc.freeze() moves it
# into the permanent generation, where no collection ever frees it. Each such task leaks what it
# likes; the runner never retires, and later honest tasks in it run out of memory.
LEAK = """
class D:
    def __del__(self, bytes=bytes):
        x = [bytes(100 << 20)]
        x.append(x)

def f(a):
    d = D()
    d.me = d
    return a
"""
ALLOCATES = "def f(n):\n    return len(bytes(n))"


def test_garbage_made_by_a_finalizer_is_not_frozen_for_ever():
    with Executor(workers=1, timeout=5.0, memory_mb=512) as executor:
        need = str(200 << 20)
        assert all(r.ok for r in executor.run_batch([(ALLOCATES, need)] * 2))
        leaks = executor.run_batch([(LEAK, "1")] * 8)
        assert all(r.ok for r in leaks)  # nothing in them looks wrong
        later = executor.run_batch([(ALLOCATES, need)] * 4)
        # Before the fix: the honest tasks fail with "memory" (each runner holds ~400 MB of frozen
        # garbage of the earlier tasks, and keeps it until it is replaced).
        assert all(r.ok and r.output == need for r in later), [(r.status, r.error) for r in later]


# --- 3. (older than today's changes) a JobTimeout raised inside the window's own except handler ----
# The program catches its first JobTimeout and raises an exception whose __str__ returns a long
# text of words: the worker's _short() splits and joins it (C work of some 100 ms), the re-armed
# alarm fires meanwhile and raises JobTimeout at a bytecode of _short outside its own try. That
# JobTimeout leaves the handler with __context__ = the program's exception, which the clean-up
# cannot drop (the chain is in flight); it is freed at the end of _run_pass's `except JobTimeout`,
# after the window: its __del__ runs with the audit hook off and reaches os._exit through the
# real builtins (typing's forward reference compiled unaudited).
CONTEXT_OF_A_LATE_TIMEOUT = '''
import typing

class Box:
    g = getattr
    x: "g.__globals__['__builtins__']['__import__']('os')._exit"

DETAIL = "a " * 3000000

class E(Exception):
    def __str__(self):
        return DETAIL
    def __del__(self, hints=typing.get_type_hints, box=Box):
        hints(box)['x'](42)

def f(a):
    try:
        while True:
            pass
    except BaseException:
        pass
    raise E()
'''


def test_a_program_exception_kept_by_a_late_timeout_dies_inside_the_window():
    with Executor(workers=1, timeout=0.5) as executor:
        result, honest = executor.run_batch([(CONTEXT_OF_A_LATE_TIMEOUT, "1"), ("def f(a):\n    return a * 2", "21")])
        # Before the fix: error "the program ended its process (exit code 42)".
        assert "exit code 42" not in (result.error or ""), result
        assert result.status in (ExecStatus.TIMEOUT, ExecStatus.FORBIDDEN), result
        assert honest.ok and honest.output == "42"
