"""The twenty-sixth session's red teams.

1. The sandbox's set iterator kept its state (the set, its size, the rest of the walk) in a slot
   named ``__state__`` that a program could read and write like an attribute of its own object.
   Written with a bound built-in method as the "rest", ``copy.copy(it)`` ran that method's
   ``__reduce__`` in the sandbox's frame, whose builtins are the real ones: the reduce looked up
   ``getattr`` there, and copy then called the real, unguarded ``getattr`` (red team B; no leak was
   found through it, but the program chose which of its objects the sandbox's own code handled).
   The slot is now reached through its descriptor, held by the sandbox alone.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

READ_STATE = '''
def f(x):
    it = iter({'a', 'b'})
    return repr(it.__state__)
'''

WRITE_STATE = '''
import copy
def f(x):
    it = iter({'a', 'b'})
    it.__state__ = (None, 0, [].append)
    return repr(copy.copy(it))
'''

ORDINARY = '''
import copy, operator
def f(x):
    it = iter({3, 1, 2})
    first = next(it)
    return operator.length_hint(it), sorted(copy.copy(it)) == sorted({3, 1, 2} - {first}), sorted(it)
'''


@pytest.fixture(scope="module")
def ex():
    with Executor(workers=2) as executor:
        yield executor


@pytest.mark.parametrize("program", [READ_STATE, WRITE_STATE], ids=["read", "write"])
def test_a_program_cannot_reach_the_set_iterators_state(ex, program):
    for result in (ex.run(program, "0"), ex.validate(program, "0")):
        assert result.status is ExecStatus.ERROR, result
        assert "'set_iterator' object has no attribute '__state__'" in result.error


def test_the_set_iterator_still_answers_length_hint_and_copy_as_the_interpreters(ex):
    result = ex.validate(ORDINARY, "0")
    assert result.status is ExecStatus.OK, result
    assert result.output.startswith("(2, True, [")


# --- 2. text whose compiling or parsing cost the parent superlinear time (red teams A and F) ------
# The parent compiles programs and parses argument lists and answers in its own time. Three shapes
# made that quadratic: many code objects that hash alike (sibling lambdas), scopes nested thousands
# deep (qualified names grow with depth), and numbers chosen to share one hash, which every table
# keyed by them (the compiler's constants, a set display, the merging of equal constants) compares
# with all before them: 1 to 4 s of parent CPU for one 100,000-character text. They are refused
# (``azr_env.executor.costs``) before the compiler or the parser builds anything. A fourth, a tuple
# nested 190 deep, cost depth times size in the compiler's constant merging and in ours: it now
# takes the linear path.
import ast
import time

from azr_env.executor import check_output_prediction, clear_caches, screen_inputs, screen_program

P = 2**61 - 1  # ints hash modulo P: k * P hashes to 0 for every k
ENTRY = "def f(a):\n    return a\n"


def _cpu(call, *args):
    clear_caches()
    started = time.process_time()
    result = call(*args)
    return result, time.process_time() - started


def _bare_compile(source, mode="exec"):
    started = time.process_time()
    try:
        compile(source, "<bare>", mode, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    return time.process_time() - started


@pytest.mark.parametrize("program", [
    ENTRY + "lambda: 0\n" * 4_000,
    ENTRY + "\n".join(f"g{i} = " + "lambda: " * 700 + "0" for i in range(4)),
], ids=["siblings", "nested"])
def test_programs_with_too_many_or_too_deep_scopes_are_refused_before_the_compiler_runs(ex, program):
    reason, screened = _cpu(screen_program, program)
    assert reason and "functions, lambdas, classes" in reason
    assert screened < _bare_compile(program)  # the refusal costs less than the compile it avoids
    result = ex.validate(program, "1")
    assert result.status is ExecStatus.FORBIDDEN and "too costly to compile" in result.error


def test_ordinary_programs_with_many_functions_still_compile(ex):
    program = ENTRY + "".join(f"def g{i}(x):\n    return [x + {i} for _ in range(2)]\n" for i in range(300))
    program += "def h(a):\n    return g299(a)[0] + (lambda: 1)()\n"
    assert screen_program(program) is None
    result = ex.validate(program.replace("def f(a):\n    return a\n", "") + "f = h\n", "1")
    assert result.status is ExecStatus.OK and result.output == "301"


COLLIDING_COMPLEX = ", ".join(f"{-1_000_003 * k}+{k}j" for k in range(1, 4_500))  # hash(x + yj) = hash(x) + 1000003 * hash(y)


@pytest.mark.parametrize("text", ["{" + COLLIDING_COMPLEX + "}", "[" + COLLIDING_COMPLEX + "]",
                                  "k=[" + ", ".join(str(k * P) for k in range(1, 4_000)) + "]"],
                         ids=["set", "list", "ints"])
def test_inputs_of_numbers_that_share_one_hash_are_refused_before_any_table_is_built(ex, text):
    reason, screened = _cpu(screen_inputs, text)
    assert reason and "share one hash" in reason
    assert screened < 0.3
    result = ex.run(ENTRY, text)
    assert result.status is ExecStatus.FORBIDDEN and "share one hash" in result.error


def test_a_program_whose_folded_constants_share_one_hash_is_refused(ex):
    program = ENTRY + "S = {" + ", ".join(f"({k} << 61) - {k}" for k in range(1, 3_000)) + "}\n"
    reason, screened = _cpu(screen_program, program)
    assert reason and "share one hash" in reason
    assert screened < _bare_compile(program)


def test_an_answer_of_numbers_that_share_one_hash_is_judged_without_building_it():
    predicted = "{" + COLLIDING_COMPLEX + "}"
    verdict, judged = _cpu(check_output_prediction, predicted, "{1}")
    assert not verdict.correct and "share one hash" in verdict.reason
    started = time.process_time()
    ast.literal_eval(predicted)  # what judging it cost before: building the set
    assert judged < time.process_time() - started


def test_up_to_64_numbers_may_share_a_hash(ex):
    numbers = [k * P for k in range(1, 65)]
    text = "[" + ", ".join(map(str, numbers)) + "]" + " " * 4_000  # (long enough to be scanned)
    result = ex.validate(ENTRY, text)
    assert result.status is ExecStatus.OK and result.output == repr(numbers)
    assert check_output_prediction(repr(set(numbers)) + " " * 4_000, repr(set(numbers))).correct


@pytest.mark.parametrize("keyword", [False, True], ids=["positional", "keyword"])
def test_a_deeply_nested_tuple_argument_costs_the_parent_linear_time(ex, keyword):
    body = "(" * 190 + "1," * 12_000 + "1" + ",)" * 190
    text = ("a=" if keyword else "") + body
    reason, screened = _cpu(screen_inputs, text)
    assert reason is None
    assert screened < _bare_compile(f"[{body}]", "eval") / 2  # the compiler's merging: depth x size
    unwrap = "def f(a):\n    depth = 0\n    while len(a) == 1:\n        a, depth = a[0], depth + 1\n    return depth, len(a)\n"
    result = ex.run(unwrap, text)
    plain: dict = {}
    exec(unwrap, plain)  # noqa: S102 -- our own program, as plain Python runs it
    assert result.status is ExecStatus.OK and result.output == repr(plain["f"](ast.literal_eval(body)))


# --- 3. ``self._n += k``: the guards' shortcut for the program's own objects, and only for them ----
# An augmented write to a private attribute took the guards' full read and write checks (about
# 100 times a plain statement), where ``self._n = self._n + k`` took their shortcuts: a benign
# hunt's loop of 3,000,000 such updates timed out. The shortcut now serves both; what it skips is
# only what the checks would have let through.
AUGMENTED = '''
import string
class Counter:
    def __init__(self):
        self._n = 0
        self.__total = []
    def add(self, k):
        self._n += k
        self.__total += [k]
        return self
class Frozen:
    __slots__ = ()
def f(n):
    c = Counter()
    for i in range(n):
        c.add(i % 3)
    err = ValueError()
    err._code = 1
    err._code += 1
    out = [c._n, len(c._Counter__total), err._code]
    for target, name in ((string.Formatter(), "_vformat"), (Frozen(), "_x")):
        try:
            if name == "_vformat":
                target._vformat += 1
            else:
                target._x += 1
        except Exception as e:
            out.append(type(e).__name__)
    return out
'''


def test_augmented_private_writes_take_the_shortcut_on_the_programs_objects_only(ex):
    result = ex.validate(AUGMENTED, "1000")
    assert result.status is ExecStatus.FORBIDDEN and "_vformat" in result.error  # a library's internals
    plain = AUGMENTED.replace("(string.Formatter(), \"_vformat\"), (Frozen(), \"_x\")", "(Frozen(), \"_x\"),")
    result = ex.validate(plain, "1000")
    assert result.status is ExecStatus.OK and result.output == "[999, 1000, 2, 'AttributeError']"


def _pairs_with_one_hash(n, target=12345):
    """``(k, b)`` pairs that all hash to ``target``: a tuple's hash is xxHash's rounds over its
    elements' hashes, each step invertible, so ``b``'s hash can be solved for (an int hashes to
    itself below 2**61 - 1)."""
    mask, p1, p2, p5 = (1 << 64) - 1, 11400714785074694791, 14029467366897019727, 2870177450012600261
    rotl = lambda x: ((x << 31) | (x >> 33)) & mask  # noqa: E731
    rotr = lambda x: ((x >> 31) | (x << 33)) & mask  # noqa: E731
    last = rotr((target - (2 ^ (p5 ^ 3527539))) * pow(p1, -1, 1 << 64) & mask)
    pairs, k = [], 1
    while len(pairs) < n:
        after_k = rotl((p5 + (hash(k) & mask) * p2) & mask) * p1 & mask
        b = (last - after_k) * pow(p2, -1, 1 << 64) & mask
        b = b - (1 << 64) if b >> 63 else b
        if abs(b) < P and b != -1:
            pairs.append((k, b))
        k += 1
    return pairs


def test_inputs_and_programs_of_tuples_that_share_one_hash_are_refused(ex):
    pairs = _pairs_with_one_hash(3_000)
    assert len({hash(pair) for pair in pairs}) == 1  # (the set-up works)
    text = "{" + ", ".join(map(repr, pairs)) + "}"
    reason, screened = _cpu(screen_inputs, text)
    assert reason and "share one hash" in reason and screened < 0.3
    reason = screen_program(ENTRY + "S = {" + ", ".join(f"({a}, {b})" for a, b in pairs) + "}\n")
    assert reason and "share one hash" in reason
    # Tuples of ordinary constants (their hashes spread) are read as before.
    ordinary = repr([(i, str(i), (i, None)) for i in range(3_000)])
    assert screen_inputs(ordinary) is None and ex.run(ENTRY.replace("return a", "return len(a)"), ordinary).output == "3000"


def test_the_tuple_hash_worked_out_from_element_hashes_is_the_interpreters():
    from azr_env.executor.costs import _tuple_hash

    for value in [(), (1,), (1, 2.5, 3j, None, True), ((1, 2), ("a", b"b")), (-1,), (2**61 - 1, -(2**70))]:
        assert _tuple_hash([hash(item) for item in value]) == hash(value), value


# --- 4. builtins that read "the current frame", called by the sandbox's stand-ins (red team I) -----
# ``operator.methodcaller`` and copy's hooks are Python stand-ins in the sandbox, C or library code
# in plain Python. A program callable they call with no argument ran in their frame: ``dir()``
# listed the stand-in's own local names (``['obj', 'self']``), and ``vars()`` was refused. These
# builtins now read the frame plain Python gives them, past the sandbox's own frames; ``dir()``
# also leaves out what the screen puts in a namespace (its helpers, a match statement's sites).
FRAME_READERS = {
    "dir() through methodcaller": '''
import operator
class O:
    pass
def f(a):
    o = O()
    o.m = dir
    return operator.methodcaller('m')(o)
''',
    "vars() through methodcaller": '''
import operator
class O:
    pass
def f(a):
    o = O()
    o.m = vars
    return sorted(operator.methodcaller('m')(o))
''',
    "dir() at module level": '''
NAMES = dir()
def f(a):
    return [n for n in NAMES if not n.startswith('__')]
''',
    "dir() in a match case": '''
def f(a):
    match a:
        case int(x):
            return dir()
''',
    "dir() in a function and a class body": '''
class C:
    p = 1
    names = dir()
def f(a):
    b = 2
    return dir(), C.names
''',
}


@pytest.mark.parametrize("program", FRAME_READERS.values(), ids=FRAME_READERS.keys())
def test_frame_reading_builtins_read_the_frame_plain_python_gives_them(ex, program):
    plain: dict = {}
    exec(program, plain)  # noqa: S102 -- our own program, as plain Python runs it
    result = ex.validate(program, "1")
    assert result.status is ExecStatus.OK and result.output == repr(plain["f"](1)), result
