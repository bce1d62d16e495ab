"""The thirty-fifth session's findings: set algebra that C does by walking a set whose order a seed
decides (the thirty-second session's red team C3, open until now).

``{'x', 'y', 'z', 1, 9, 17, 25} - {'x', 'y', 'z'}`` is a set of numbers only, and such a set was
never reordered. But C builds it by adding the numbers in the order it meets them in the left
set's table, where the strings' places (the seed's) decide where the numbers sit; 1, 9, 17 and 25
collide in the result's table, so they sit in that order. Plain Python lists ``(1, 25, 17, 9)``
under 19 of 24 seeds and ``(1, 9, 17, 25)`` under the other 5, and every run of one process
repeated its seed's order: 5 of 8 fresh validations passed. Set algebra now goes through
stand-ins (``_setorder.SetOrder._algebra_function``) that lay such a result out from the walk in
the run's own order.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

# Each program's output is the order of colliding numbers that C took from a walk of a set holding
# strings: two orders among 24 seeds in plain Python.
SEED_ORDERED = {
    "difference operator": "a - {'x', 'y', 'z'}",
    "difference method with a list": "a.difference(['x', 'y', 'z'])",
    "union then difference": "(({'x', 'y', 1, 9}) | {17, 25}) - {'x', 'y'}",
    "a frozenset's difference": "frozenset(a) - frozenset({'x', 'y', 'z'})",
    "a copy of the difference": "set(a - {'x', 'y', 'z'}).copy()",
    "the reflected operator of a subclass": "a - S({'x', 'y', 'z'})",
    # (C copies the argument and walks the owner: three orders among 12 seeds.)
    "symmetric difference": "{'x', 'y', 'z'} ^ a",
    # The same walk in place (red team 35A): the owner takes the intersection's table.
    "in-place intersection": "a.__iand__({1, 9, 17, 25, 100, 200, 300, 400, 500})",
    "intersection_update": "a.intersection_update({1, 9, 17, 25, 100, 200, 300, 400, 500}) or a",
    # Removing the strings in place leaves the numbers in the slots the strings pushed them into
    # (red teams 35A and 35B): a dict view on the right makes C copy the set and remove from the copy.
    "in-place difference": "a.__isub__({'x', 'y', 'z'})",
    "in-place symmetric difference": "a.__ixor__({'x', 'y', 'z'})",
    "difference with a dict's keys": "a - dict.fromkeys('xyz').keys()",
}


def _assert_refused_in_fresh_executors(program: str, attempts: int = 3) -> None:
    # Fresh executors (new seeds) each time, and a comment that differs, so that no cache answers.
    for attempt in range(attempts):
        with Executor(workers=2) as ex:
            result = ex.validate(program + f"# {attempt}\n", "0")
        assert result.status is ExecStatus.NONDETERMINISTIC, result


def _assert_validated(executor, program: str, inputs: str, output: str) -> None:
    result = executor.validate(program, inputs)
    assert result.status is ExecStatus.OK and result.output == output, result


def _program(expression: str) -> str:
    return ("class S(set):\n    pass\n\n"
            "def f(n):\n    a = {'x', 'y', 'z', 1, 9, 17, 25}\n"
            f"    return tuple({expression})\n")


@pytest.mark.parametrize("name", sorted(SEED_ORDERED))
def test_numbers_that_set_algebra_took_from_a_seed_ordered_walk_are_not_validated(name):
    # Before the fix, 5 of 8 such validations passed.
    _assert_refused_in_fresh_executors(_program(SEED_ORDERED[name]))


def test_run_answers_only_orders_that_plain_python_gives(executor):
    # Plain Python, 24 seeds: (1, 25, 17, 9) under 19, (1, 9, 17, 25) under 5.
    answers = {executor.run(_program(SEED_ORDERED["difference operator"]) + f"# {i}\n", "0").output
               for i in range(24)}
    assert answers <= {"(1, 25, 17, 9)", "(1, 9, 17, 25)"}, answers
    # C copies a set of seven elements into a table sized for them, not for the four it keeps:
    # plain Python gives (1, 17, 9, 25) under 19 seeds and (1, 17, 25, 9) under 5.
    answers = {executor.run(_program(SEED_ORDERED["difference method with a list"]) + f"# {i}\n", "0").output
               for i in range(24)}
    assert answers <= {"(1, 17, 9, 25)", "(1, 17, 25, 9)"}, answers


def test_copies_of_such_a_set_keep_its_order_as_in_plain_python(executor):
    # True under every seed: a copy of a table as it stands lists its elements as the table does.
    program = ("def f(n):\n    a = {'x', 'y', 'z', 1, 9, 17, 25}\n    b = a - {'x', 'y', 'z'}\n"
               "    return list(b) == list(set(b)) == list(b.copy()) == list(frozenset(b))\n")
    _assert_validated(executor, program, "0", "True")


def test_set_algebra_that_no_seed_orders_is_still_validated_with_plain_pythons_output(executor):
    # Numbers only (colliding ones too: 0, 8, 16 ... share a slot's probe), strings whose order
    # the output does not show, and numbers that collide nowhere: the same under every seed in
    # plain Python.
    program = """
def f(s):
    a = set(range(0, 64, 8)) | {1, 9, 17}
    words = set(s.split()) | {'k', 3, 11}
    return (tuple(a - {0}), tuple(a & {8, 16, 9, 1}), tuple(a ^ {1, 200}), tuple(a.union([33, 41])),
            sorted(words - {'k'}, key=str), len(words & {3, 11, 'the'}), tuple(set([10, 2, 18]) - {'x'}),
            tuple({'a', 'b', 1, 2, 3} - {'a', 'b'}))
"""
    result = executor.validate(program, "'the cat the k'")
    assert result.status is ExecStatus.OK, result
    assert result.output == ("((32, 1, 8, 40, 9, 16, 48, 17, 24, 56), (8, 16, 9, 1), "
                             "(32, 0, 200, 8, 40, 9, 16, 48, 17, 24, 56), (0, 32, 1, 33, 8, 40, 9, 41, 16, 48, 17, 24, 56), "
                             "[11, 3, 'cat', 'the'], 3, (2, 18, 10), (1, 2, 3))")


def test_set_algebra_raises_the_interpreters_own_errors(executor):
    program = """
def f(n):
    out = []
    for thunk in (lambda: {1} - 1, lambda: set() | [], lambda: set.__sub__(1, {1}),
                  lambda: frozenset() ^ 'ab', lambda: {1}.union(5)):
        try:
            thunk()
        except TypeError as e:
            out.append(str(e))
    return out
"""
    result = executor.validate(program, "0")
    assert result.status is ExecStatus.OK, result
    assert result.output == str([
        "unsupported operand type(s) for -: 'set' and 'int'",
        "unsupported operand type(s) for |: 'set' and 'list'",
        "descriptor '__sub__' requires a 'set' object but received a 'int'",
        "unsupported operand type(s) for ^: 'frozenset' and 'str'",
        "'int' object is not iterable",
    ])


def test_library_numbers_taken_from_a_seed_ordered_walk_are_not_validated():
    # Decimals hash by value as ints do (red team 35A: 3 of 8 validated; plain Python lists
    # [18, 51, 38, 6] under 16 of 24 seeds and [38, 18, 51, 6] under 8).
    program = """
from decimal import Decimal
def f(n):
    a = set()
    for s in ['v', 't', 'o']:
        a.add(s)
    for v in [38, 6, 18, 51]:
        a.add(Decimal(v))
    return [int(e) for e in a - set(['v', 't', 'o'])]
"""
    _assert_refused_in_fresh_executors(program)


def test_the_model_never_runs_the_programs_hash_where_plain_python_does_not(executor):
    # Plain Python: (4, []) under every seed: a difference hashes nothing again. The model once
    # judged the left operand's order through its elements' hashes (red team 35B).
    program = """
calls = []
class O:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        calls.append('hash ' + self.k)
        return hash(self.k)
    def __eq__(self, other):
        calls.append('eq ' + self.k)
        return isinstance(other, O) and other.k == self.k

def f(n):
    o = O('x')
    a = {o, 1, 9, 17, 25}
    r = {o}
    calls.clear()
    b = a - r
    return len(b), calls
"""
    _assert_validated(executor, program, "0", "(4, [])")


def test_whole_table_copies_made_by_set_algebra_keep_the_originals_order(executor):
    # True under every seed in plain Python; each of these copied the table as it stood, and the
    # model laid them out afresh (red team 35B: refused in 12 of 12).
    program = """
def f(n):
    a = {'x', 'y', 'z', 1, 9, 17, 25}
    b = a - {'x', 'y', 'z'}
    return list(b) == list(b.union()) == list(b | set()) == list(b - set()) == list(set().union(b)) == list(b & b)
"""
    _assert_validated(executor, program, "0", "True")


def test_a_loop_of_differences_whose_results_are_only_counted_takes_no_extra_runs(executor):
    # Nothing of the results' order shows, so the run saw no order: the 30 runs under other orders
    # do not follow (with them, 20,000 such differences timed out: red team 35B).
    program = """
def f(n):
    words = {str(i) for i in range(300)}
    a = words | set(range(0, 300 * 64, 64))
    t = 0
    for i in range(n):
        t += len(a - words)
    return t
"""
    _assert_validated(executor, program, "2000", "600000")


# Red team 35C: copies of such a set that C makes with no stand-in in the way (a constructor, copy's
# saved method, an update of a non-empty set), and results holding None, a built-in type or ''
# beside the numbers. Plain Python: two orders among 24 seeds for each; 3 to 6 of 8 validated.
_FIVE = ("    a = set()\n    for w in ['e', 'r']:\n        a.add(w)\n"
         "    for x in [283, 105, 91, 153, 221]:\n        a.add(x)\n    b = a - {'e', 'r'}\n")
_SEVEN = "    a = {'x', 'y', 'z', 1, 9, 17, 25}\n    b = a - {'x', 'y', 'z'}\n"
COPIED = {
    "a constructor's copy into a smaller table": _FIVE + "    return tuple(set(b))\n",
    "copy.copy": "    import copy\n" + _FIVE + "    return tuple(copy.copy(b))\n",
    "an update of a non-empty set": _SEVEN + "    s = {0}\n    s |= b\n    return tuple(s)\n",
    "None beside the numbers": ("    a = set()\n    for x in ['w', 'r', 17, 97, 1, None]:\n        a.add(x)\n"
                                "    return [x for x in a - {'w', 'r'} if x is not None]\n"),
    "a built-in type beside the numbers": ("    a = set()\n    for x in ['w', 'r', 17, 97, 1, int]:\n        a.add(x)\n"
                                           "    return [x for x in a - {'w', 'r'} if x is not int]\n"),
    # Red team 35D: a walk that happened to lay the seed's order out took no extra runs (8 of 8
    # validated); a copy of a set holding removals' marks lays it out afresh (True under 18
    # seeds: 6 of 8 validated). (A symmetric difference resized part-way, whose final size the
    # seed decides, is modelled but still passes about one validation in six: README.)
    "a walk that lays the seed's order out": ("    a = {109, 'ef', 'ab', 173, 'cd', 29, 4611686018427387915, -1}\n"
                                              "    return tuple(a - {'ef', 'cd', 'ab'})\n"),
    "a copy of a set holding removals' marks": ("    a = set()\n    for v in [1, 'x', 9, 7]:\n        a.add(v)\n"
                                                "    a -= {'x'}\n    return list(a) == list(a.copy())\n"),
    # Red team 35E: a union onto such a set copies its table slot for slot (78 before its home
    # where 14 went in first: 2 of 24 seeds, 8 of 8 validated), and so does an update of it.
    "a union onto such a set": ("    a = set()\n    for v in [14, 'w', 78, 'x', 'ab', 'gh', 'ij']:\n        a.add(v)\n"
                                "    return tuple((a - {'gh', 'ab', 'w', 'ij', 'x'}).union([2872, 2272]))\n"),
    "an update of such a set": ("    a = {63, 'cd', 'gh', 95, 'x', 127.0, 'y', 'ef', 159}\n    b = a - {'ef', 'gh', 'cd', 'y', 'x'}\n"
                                "    b |= set([63, 95, 159, 127.0, 2540, 2505, 2116, 2380])\n    return tuple({*b})\n"),
    # Red team 35F: a symmetric difference modelled elements by identity, so that True and 1 (or
    # 41.0 and 41) were two elements, and every run agreed on an order 1 of 24 seeds gives.
    "equal numbers of two types in a symmetric difference": (
        "    A = {0, 2, 17, 1, 'v', 7, 9}\n    r = tuple({True, 33, 'v'} ^ A)\n    return r.index(33) < r.index(17)\n"),
    "the empty string beside the numbers": ("    a = set()\n    for x in ['w', 'r', 17, 97, 1, '']:\n        a.add(x)\n"
                                            "    return [x for x in a - {'w', 'r'} if x != '']\n"),
}


@pytest.mark.parametrize("name", sorted(COPIED))
def test_copies_and_neighbours_of_such_sets_are_not_validated(name):
    _assert_refused_in_fresh_executors(f"def f(n):\n{COPIED[name]}")


def test_a_constructors_copy_and_the_copy_method_agree_as_in_plain_python(executor):
    # True under every seed: both copy the same table the same way (red team 35C: refused 6 of 6).
    program = f"def f(n):\n{_FIVE}    return list(set(b)) == list(b.copy()), list(b | set()) == list(frozenset(b))\n"
    _assert_validated(executor, program, "0", "(True, True)")


def test_a_recorded_set_does_not_slow_every_later_iteration(executor):
    # Once a run recorded one such set, every iteration of every set looked it up by a sorted key:
    # a loop of max() over 50,000 numbers timed out (red team 35F; plain Python: 0.3 s).
    program = """
def f(n):
    b = {'x', 'y', 'z', 1, 9, 17, 25} - {'x', 'y', 'z'}
    s = set(range(50000))
    t = 0
    for _ in range(n):
        t += max(s)
    return len(b), t
"""
    _assert_validated(executor, program, "100", "(4, 4999900)")


def test_other_numbers_at_the_addresses_of_dead_ones_are_not_taken_for_them(executor):
    # The same under every seed in plain Python: c's numbers reuse the blocks b's numbers freed,
    # and were given b's recorded order (red team 35F: refused 7 of 7).
    program = """
def f(n):
    def made(base):
        return [base + 8 * k for k in range(6)]
    a = set(made(1000)) | {'x', 'y', 'z'}
    b = a - {'x', 'y', 'z'}
    r1 = len(b)
    del a, b
    c = set(made(n))
    return r1, list(c)
"""
    _assert_validated(executor, program, "2000", "(6, [2016, 2024, 2000, 2032, 2008, 2040])")


def test_the_model_never_runs_an_equality_the_program_gave_a_number_type(executor):
    # int's hash, the program's __eq__ (set after the class was made): plain Python's difference
    # compares each number with the others of its hash once, (3, 3) under every seed; the model's
    # own adds compared them again, (6, 3) (red team 35F).
    program = """
class I(int):
    pass
calls = [0]
def _eq(self, other):
    calls[0] += 1
    return int(self) == int(other)
I.__eq__ = _eq

def f(n):
    M = 2 ** 61 - 1
    a = {I(1), I(1 + M), I(1 + 2 * M), 'x', 'y', 'z'}
    before = calls[0]
    b = a - {'x', 'y', 'z'}
    return calls[0] - before, len(b)
"""
    _assert_validated(executor, program, "0", "(3, 3)")
