"""Red team 6: program code that still runs after the window closes (audit hook off), after a413bd2.

Each test failed on a413bd2 (fixed in the next commit). The gadget is the one from red teams 4 and 5: typing.get_type_hints
compiles a forward reference, unaudited once the window is closed, that reaches the real builtins
through the guarded getattr's __globals__; os._exit(42) shows up as "exit code 42".
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

HONEST = "def f(a):\n    return a * 2"

# A real violation at module level hands the program SandboxViolation's class; it subclasses it.
GADGET = '''
import typing

class Box:
    g = getattr
    x: "g.__globals__['__builtins__']['__import__']('os')._exit"

try:
    (1).__class__.__base__.__subclasses__()
except BaseException as caught:
    SV = type(caught)
'''

# --- 1. the SandboxViolation handler keeps the program's text ----------------------------------------
# `except G.SandboxViolation as exc: status, error = "forbidden", str(exc)` runs the subclass's
# __str__, which may return a str subclass: str() hands it back as is, and `error` keeps the
# program's object past the window. It dies when `error` is rebound to task.violation after the
# window (or with the frame): its __del__ runs with the audit hook off.
STR_SUBCLASS_AS_MESSAGE = GADGET + '''
class Text(str):
    def __del__(self, hints=typing.get_type_hints, box=Box):
        hints(box)['x'](42)

class Refusal(SV):
    def __str__(self):
        return Text("refused")

def f(a):
    raise Refusal()
'''

# --- 2. ... and lets the program's exception escape the handler --------------------------------------
# The same unguarded str(exc): a __str__ that raises sends the program's own exception out of
# the handler. The window's clean-up only cuts its context/cause/traceback; the exception itself
# is still in flight, re-raised after the window and freed at the end of _run_pass's
# `except BaseException as exc` (the hook off): its __del__ runs there.
RAISING_STR = GADGET + '''
class Escapee(Exception):
    def __del__(self, hints=typing.get_type_hints, box=Box):
        hints(box)['x'](42)

class Refusal(SV):
    def __str__(self):
        raise Escapee()

def f(a):
    raise Refusal()
'''

# --- 3. a finalizer refills the namespace while the clean-up clears it --------------------------------
# namespace.clear() empties the dict first and then drops the values; E.__del__, run by that drop,
# stores a fresh D into the (now empty) namespace. D's __del__ is a functools.partial, not a
# program function, so nothing of D refers back to the namespace: no cycle, the collection in the
# window cannot see it as garbage (the namespace was frozen before the task), and it is freed by
# refcount when _run_job's frame lets go of the module and namespace, after the window.
# (The survivor check does report "a D object outlived the task", but only marks the runner for
# retirement; the object is freed, and its finalizer runs, before that.)
REFILLED_NAMESPACE = '''
import typing, functools

class Box:
    g = getattr
    x: "g.__globals__['__builtins__']['__import__']('os')._exit(42)"

class D:
    __del__ = functools.partial(typing.get_type_hints, Box)

class E:
    def __del__(self, D=D):
        global keep
        keep = D()

e = E()

def f(a):
    return a
'''


@pytest.fixture(scope="module")
def ex():
    with Executor(workers=1, timeout=2.0) as executor:
        yield executor


@pytest.mark.parametrize("program", [STR_SUBCLASS_AS_MESSAGE, RAISING_STR],
                         ids=["str-subclass-message", "raising-str"])
def test_a_violation_subclass_runs_nothing_after_the_window(ex, program):
    result, honest = ex.run_batch([(program, "1"), (HONEST, "21")])
    # On a413bd2: error "the program ended its process (exit code 42)".
    assert "exit code 42" not in (result.error or ""), result
    assert result.status == ExecStatus.FORBIDDEN, result
    assert honest.ok and honest.output == "42"


@pytest.mark.parametrize("method", ["run", "validate"])
def test_a_namespace_refilled_by_a_finalizer_dies_inside_the_window(ex, method):
    result = getattr(ex, method)(REFILLED_NAMESPACE, "1")
    # On a413bd2: error "the program ended its process (exit code 42)".
    assert "exit code 42" not in (result.error or ""), result
    assert ex.run(HONEST, "21").output == "42"
