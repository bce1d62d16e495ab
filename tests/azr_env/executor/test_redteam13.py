"""Red team 13 (after ac4551f): each test failed on ac4551f and passes since the commit that added this file."""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor, check_output_prediction, parse_literal

from .test_redteam11 import SINGLEDISPATCH_ESCAPE

# --- 1. an output nested deeper than the literal parser reads was called a literal ----------------
# Python's tokenizer reads at most 200 nested brackets. A list nested 201 deep validated with
# output_is_literal=True, so a proposal with that output was a valid deduction task whose exact
# gold text no answer could match (the answer was "not a Python literal": -1).
NESTED = "def f(n):\n    x = 0\n    for _ in range(n):\n        x = [x]\n    return x"


def test_an_output_too_deep_to_read_back_is_not_called_a_literal():
    with Executor(workers=2, timeout=5.0) as ex:
        for depth, readable in ((200, True), (201, False)):
            result = ex.validate(NESTED, str(depth))
            assert result.ok and result.output_is_literal is readable, (depth, result.output_is_literal)
            assert parse_literal(result.output)[0] is readable
            # (The exact text matches as text either way, since the sixteenth session: a gold
            # output that is no literal is compared by text. The tasks layer takes no output that
            # is not a literal as a deduction task's gold, which output_is_literal above decides.)
            assert check_output_prediction(result.output, result.output).correct


# --- 2. a __repr__ that changes the value it prints --------------------------------------------
# The worker printed the value (running the program's __repr__, which replaced the object by 0)
# and only then asked whether it was plain data: '[nan]' came back as a literal.
REPR_CHANGES_VALUE = '''
class A:
    def __repr__(self):
        L[0] = 0
        return "nan"
L = None
def f(a):
    global L
    L = [A()]
    return L
'''


def test_the_literal_flag_describes_the_value_as_printed():
    with Executor(workers=2, timeout=5.0) as ex:
        result = ex.validate(REPR_CHANGES_VALUE, "0")
        assert result.output == "[nan]" and result.output_is_literal is False, result


# --- 3. whether two equal arguments are one object depended on how the input was written ----------
# Positional literals were compiled whole (the compiler merges equal constants: `a is b`), keyword
# arguments evaluated one by one (two objects). Plain Python merges both; an abduction answer
# scored +1 or -0.5 by its spelling alone.
SAME_OBJECT = "def f(a, b):\n    return a is b"


def test_equal_constant_arguments_are_one_object_however_they_are_passed():
    with Executor(workers=2, timeout=5.0) as ex:
        for inputs in ("(1, 2), (1, 2)", "(1, 2), b=(1, 2)", "'ab', b='ab'", "a=1000000, b=1000000"):
            assert ex.validate(SAME_OBJECT, inputs).output == "True", inputs
        for inputs in ("[1], [1]", "[1], b=[1]", "(1, [2]), b=(1, [2])"):  # displays build new objects
            assert ex.validate(SAME_OBJECT, inputs).output == "False", inputs
        assert ex.validate("def f(a, b):\n    return [a is b, a == b]", "0.0, b=-0.0").output == "[False, True]"


# --- 4. str.format at the recursion limit -------------------------------------------------------
# The guards read a bound format method's __self__ through a ctypes call, and ctypes turned the
# RecursionError of a call at the limit into its own ArgumentError, which the program's
# `except RecursionError` did not catch.
FORMAT_AT_THE_LIMIT = '''
def f(a):
    def r(n):
        try:
            '{0}'.format(n)
            return r(n + 1)
        except RecursionError:
            return n
    return r(0) > 0
'''


def test_a_recursion_error_inside_a_guarded_format_is_a_recursion_error():
    with Executor(workers=2, timeout=5.0) as ex:
        assert ex.validate(FORMAT_AT_THE_LIMIT, "0").output == "True"


# --- 5. one RecursionError left the audit hook switched off ---------------------------------------
# The hook set its "running" flag and then called a Python helper to switch the collector; when that
# call was the one past the recursion limit, the flag stayed set, and the hook let every later
# event of the task through. Probing depths downwards found that depth; the escape of red team 11
# (singledispatch, __wrapped__, the guards' globals) then worked again.
STUCK_HOOK = '''
import functools, typing
def g(x):
    return x
typing.overload(g)
def down(n):
    if n == 0:
        try:
            typing.overload(g)
        except RecursionError:
            return 1
        return 0
    return down(n - 1)
def f(a):
    for n in range(1100, 900, -1):
        try:
            down(n)
        except RecursionError:
            pass
''' + SINGLEDISPATCH_ESCAPE.split("def f(a):\n", 1)[1].replace("'task': TASK, ", "")


def test_a_recursion_error_inside_the_hook_does_not_switch_it_off():
    with Executor(workers=2, timeout=10.0) as ex:
        result = ex.run(STUCK_HOOK, "0")
        assert result.status is not ExecStatus.OK, result
    with Executor(workers=2, timeout=10.0, inputs="expression") as ex:
        assert ex.run("def f(a):\n    return a", "[1, 2]").output == "[1, 2]"


# --- 6. a text signature evaluated in the real modules' dicts -------------------------------------
# dataclasses calls inspect.signature for a class without a docstring; with no __init__, inspect
# read the class's __text_signature__ (from the docstring the program wrote, then removed) and
# evaluated its dotted names in the dicts of every module in sys.modules: constants of the real
# sys and os came back in the class's __doc__.
TEXT_SIGNATURE = '''
import dataclasses
class C:
    "C(a=sys.version, b=sys.executable, c=os.name)\\n--\\n\\n"
C.__doc__ = None
def f(a):
    return dataclasses.dataclass(init=False)(C).__doc__
'''


def test_a_text_signature_reads_nothing_of_the_real_modules():
    with Executor(workers=2, timeout=5.0) as ex:
        result = ex.run(TEXT_SIGNATURE, "0")
        assert not result.ok or "version" not in result.output and "posix" not in result.output, result
        assert result.output == "'C'", result


# --- 7. running out of memory with small objects ------------------------------------------------
# (A guard against a fix tried for the memory-counting class, a Python callback in MemoryError's
# constructor: with no memory left, the callback could not run, and the worker died of SIGSEGV.)
SMALL_OBJECTS_UNTIL_FULL = "def f(a):\n    x = []\n    while True:\n        x.append(str(len(x)) * 3)"


def test_memory_exhausted_by_small_objects_is_memory_and_the_next_task_runs():
    with Executor(workers=1, timeout=20.0, memory_mb=256) as ex:
        assert ex.run(SMALL_OBJECTS_UNTIL_FULL, "0").status is ExecStatus.MEMORY
        assert ex.run("def f(a):\n    return a + 1", "1").output == "2"


# --- 8. string hashes seen inside a __hash__ that the guards probe --------------------------------
# To judge whether a class's __hash__ is seed-dependent, the perturbed run calls it under a probe;
# hashes seen inside were neither salted nor counted as seen, so no extra run followed, and the
# two seeds alone judged a bit the __hash__ kept (accepted about half the time).
HASH_SEEN_IN_A_PROBE = '''
rec = []
class K:
    n = 0
    def __hash__(self):
        K.n += 1
        if K.n == 2:
            rec.append(hash('a') < hash('b'))
        return 1
def f(x):
    K.n = 0
    rec.clear()
    k = K()
    hash(k)
    hash(k)
    return rec[0]
'''

# --- 9. a program that loops only in validation's extra runs ----------------------------------------
# id(object()) tells a plain run (1), the first perturbed run (its flip) and the extra runs apart.
# An extra run that timed out ended the extra runs with the perturbed run's output accepted.
LOOPS_IN_EXTRA_RUNS = '''
def f(a):
    v = id(object())
    if v != 1 and v != 9223372036854775806:
        while True:
            pass
    return hash('a') < hash('b')
'''


def test_seed_dependent_bits_kept_by_a_hash_or_hidden_behind_a_timeout_are_not_validated():
    with Executor(workers=2, timeout=1.0) as ex:
        for _ in range(3):
            assert ex.validate(HASH_SEEN_IN_A_PROBE, "0").status is not ExecStatus.OK
            assert ex.validate(LOOPS_IN_EXTRA_RUNS, "0").status is not ExecStatus.OK
        # A program that is merely slow still validates: its extra runs stop when the window is short
        # (after the six that must finish: a call of a tenth of the time limit leaves room for them).
        slow = ("def f(n):\n    s = set('abcdefgh')\n    t = 0\n    for i in range(n):\n        t += len(sorted(s))\n"
                "    return t")
        assert ex.validate(slow, "10000").output == "80000"
