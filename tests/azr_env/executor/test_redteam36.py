"""The twenty-ninth session's findings.

1. Validation's extra runs drew a uniformly random permutation of a set's elements. For a set
   of numbers and ``None``, processes do not spread so: the numbers keep their slots, and
   ``None`` lands wherever the moving bits of its address send it. With 21 numbers on None's
   first probes, it came last in about half of all processes but in 2 of 22 uniform orders, so a
   program that answered "is None last?" passed every extra run about one validation in eight
   (red team 28J, still open at the end of that session). Every other extra run now moves only
   what a seed or an address moves (``_setorder.random_order(placed=...)``): the set is laid
   out afresh, numbers at their hashes' slots, anything else at random ones.
2. Both random models scrambled numbers that CPython's probing keeps in order: numbers added after
   strings stay ascending under every seed, and a program that said so was validated with False
   in every validation; one whose answer was the seed's (is the string among the numbers?) was
   validated in 18 of 30; and ``run`` answered orders of ``{0, 1, 2, 'a', 'b'}`` that no process
   gives (red team G). The reported run now takes the placed model.
"""
from __future__ import annotations

import random

import pytest

from azr_env.executor import ExecStatus
from azr_env.executor._setorder import random_order

_WORD = (1 << 64) - 1


def _probe_end(address, mask, taken):
    """The slot CPython's set probe gives an object hashed by ``address`` in a table whose
    ``taken`` slots are full (setobject.c: 9 linear probes, then jumps by ``perturb >>= 5``)."""
    hashed = ((address >> 4) | (address << 60)) & _WORD
    index, perturb = hashed & mask, hashed
    while True:
        run = 9 if index + 9 <= mask else 0
        for slot in range(index, index + run + 1):
            if slot not in taken:
                return slot
        perturb >>= 5
        index = (index * 5 + 1 + perturb) & mask


def _none_last_program():
    """A set of numbers on None's probe path, so that None's slot depends on address bits above
    the ones every process shares, and a one-bit output: does None come late in the set?"""
    low = id(None) & ((1 << 21) - 1)  # (the bits the loader keeps on this project's kernels)
    draw = random.Random(1)
    taken = set()
    while True:
        taken.add(_probe_end(0x7F0000000000 | low, 127, taken))
        ends = [_probe_end((draw.randrange(1 << 14, 1 << 26) << 21) | low, 127, taken) for _ in range(400)]
        if len(set(ends)) > 4:
            break
    numbers = sorted(taken)
    places = sorted(sum(1 for number in numbers if number < end) for end in ends)
    split = places[len(places) // 2]
    return f"""
def f(n):
    s = set()
    for v in {numbers}:
        s.add(v)
    s.add(None)
    return list(s).index(None) >= {split}
"""


def test_none_placed_by_its_address_among_numbers_is_refused(executor):
    result = executor.validate(_none_last_program(), "0")
    assert result.status is ExecStatus.NONDETERMINISTIC, result


def _placed_orders(items, slots, table, placed, runs=200):
    keys = list(zip(items, slots))
    for seed in range(runs):
        permutation = random_order(random.Random(seed).random, placed=placed)(keys, 0, items, table)
        assert sorted(permutation) == list(range(len(items)))
        yield [items[i] for i in permutation]


def test_numbers_laid_out_first_keep_their_order_and_strings_move_past_them():
    items = [0, 1, 2, "a", (4, 5), "b"]
    slots = [0, 1, 2, 3, hash((4, 5)) & 15, 7]
    places = set()
    for placed in _placed_orders(items, slots, 16, "numbers-first"):
        assert [x for x in placed if type(x) is not str] == sorted(
            (x for x in items if type(x) is not str), key=lambda x: hash(x) & 15)
        assert placed[:3] == [0, 1, 2] or hash((4, 5)) & 15 < 3  # no string inside the run of slots 0-2
        places.add(placed.index("a"))
    assert len(places) >= 2


def test_a_string_laid_out_first_may_push_the_numbers_on():
    # A string added before the numbers 0..7 lands among them under about half of all seeds in a
    # 16-slot table, and the numbers stay ascending either way, as under CPython.
    items = list(range(8)) + ["s"]
    slots = list(range(8)) + [11]
    among = 0
    for placed in _placed_orders(items, slots, 16, "others-first"):
        assert [x for x in placed if x != "s"] == list(range(8))
        among += placed.index("s") < 8
    assert 60 < among < 140


# Numbers added after strings are pushed on to the next free slot, and stay ascending under every
# seed: every run scrambled them, and a program that said so was validated with False (red team G).
NUMBERS_AFTER_STRINGS = """
def f(n):
    s = set()
    for w in ['ab', 'cd', 'ef', 'gh', 'ij', 'kl', 'mn', 'op', 'qr', 'st']:
        s.add(w)
    for i in range(n):
        s.add(i)
    return [x for x in s if type(x) is int] == list(range(n))
"""

# Whether the string lands among the numbers is the seed's: True under about half of all seeds.
STRING_AMONG_NUMBERS = """
def f(n):
    s = {'ab'}
    for i in range(n):
        s.add(i)
    order = list(s)
    ints = [x for x in order if type(x) is int]
    return ints == sorted(ints) and order[-1] != 'ab'
"""


def test_numbers_kept_in_order_by_probing_are_never_validated_out_of_order(executor):
    for _ in range(3):
        result = executor.validate(NUMBERS_AFTER_STRINGS, "60")
        assert result.status is ExecStatus.NONDETERMINISTIC or result.output == "True", result


def test_a_string_placed_among_numbers_by_its_hash_is_refused(executor):
    result = executor.validate(STRING_AMONG_NUMBERS, "64")
    assert result.status is ExecStatus.NONDETERMINISTIC, result


def test_a_bit_only_one_model_of_order_sets_is_tried_by_ten_runs_of_that_model(executor):
    # Only the extra runs that lay the string out first can put it among the numbers (the reported
    # run lays numbers out first). With 7 such runs of 20, 34 of 4,000 validations let the bit
    # through (about 13 expected in 1,500); with 10 of 30, 3 of 4,000 (about 1 in 1,500), and more
    # than 6 passes in 1,500 is then about one test run in 3,000. Each copy differs by a comment,
    # so that no cached result answers it.
    pairs = [(f"{STRING_AMONG_NUMBERS}\n# copy {i}\n", "64") for i in range(1500)]
    results = executor.validate_batch(pairs)
    assert all(r.status in (ExecStatus.NONDETERMINISTIC, ExecStatus.OK) for r in results)
    assert sum(r.status is ExecStatus.OK for r in results) <= 6


def test_run_keeps_the_order_of_numbers_in_a_set_beside_strings(executor):
    # (plain Python: [0, 1, 2] under every seed; a uniform order answered [2, 1, 0] and others)
    program = "def f():\n    s = {0, 1, 2, 'a', 'b'}\n    return [x for x in s if type(x) is int]"
    assert {executor.run(program, "").output for _ in range(10)} == {"[0, 1, 2]"}
    # A string never lands inside the run of slots the numbers fill (CPython's probe moves on past
    # full slots): plain Python answers the types in this order under every seed.
    program = "def f():\n    return [type(x).__name__ for x in {0, 1, 2, 'a', 'b'}]"
    assert {executor.run(program, "").output for _ in range(20)} == {"['int', 'int', 'int', 'str', 'str']"}


def test_a_set_of_numbers_and_strings_is_still_validated_when_its_output_is_order_free(executor):
    program = "def f(n):\n    s = {1, 2, 'a', 'b', n}\n    return sorted(x for x in s if type(x) is int)"
    result = executor.validate(program, "3")
    assert result.status is ExecStatus.OK, result
    assert result.output == "[1, 2, 3]"


# --- 3. imports for annotations alone, under ``if TYPE_CHECKING:`` (the benign hunt) -----------
# typing's constant is False when a program runs, so the block never runs; its imports of modules
# the sandbox refuses were reason enough to refuse the whole program.
TYPE_CHECKING_IMPORTS = """
from __future__ import annotations
from typing import TYPE_CHECKING
import typing as t
if TYPE_CHECKING:
    from os import PathLike
    import numpy as np
if t.TYPE_CHECKING: import sys
else:
    FALLBACK = 'else ran'

def f(p: PathLike | None = None) -> str:
    return FALLBACK + ' ' + str(p)
"""

# A program that sets the name itself reaches the block's stand-in, which raises rather than skip
# code Python would run; the refused import never runs either way.
TYPE_CHECKING_REBOUND = """
TYPE_CHECKING = True
if TYPE_CHECKING:
    import os
def f(x):
    return os.getcwd()
"""


def test_imports_under_type_checking_do_not_refuse_the_program(executor):
    result = executor.validate(TYPE_CHECKING_IMPORTS, "")
    assert result.status is ExecStatus.OK, result
    assert result.output == "'else ran None'"


def test_a_type_checking_name_the_program_sets_true_raises_at_the_removed_block(executor):
    result = executor.run(TYPE_CHECKING_REBOUND, "0")
    assert result.status is ExecStatus.ERROR, result
    assert "TYPE_CHECKING block" in result.error


# The stand-in keeps the test as written: rebuilt from the tree, whose names are NFKC-normalized,
# a module imported as a fullwidth ``ｉｍｐｏｒｔ`` read as the keyword, and the program as a syntax
# error (red team H).
FULLWIDTH_ALIAS = (
    "import typing as \uff49\uff4d\uff50\uff4f\uff52\uff54\n"
    "if \uff49\uff4d\uff50\uff4f\uff52\uff54.TYPE_CHECKING:\n"
    "    from os import PathLike\n"
    "def f(x):\n    return x + 1\n"
)

# An annotation in a removed block still gives the module its ``__annotations__``, as the compiler
# gives it for one anywhere in the module's code, run or not (red team H).
ANNOTATION_IN_REMOVED_BLOCKS = """
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    y: int
HAS = '__annotations__' in dir()
def f(x):
    return (x, HAS, __annotations__)
"""
ANNOTATION_IN_A_MAIN_BLOCK = """
if __name__ == '__main__':
    try:
        pass
    except ValueError:
        y: int = 3
HAS = '__annotations__' in dir()
def f(x):
    return (x, HAS)
"""


def test_the_removed_blocks_stand_in_keeps_the_test_as_written(executor):
    result = executor.validate(FULLWIDTH_ALIAS, "41")
    assert result.status is ExecStatus.OK, result
    assert result.output == "42"


@pytest.mark.parametrize("program, output", [
    (ANNOTATION_IN_REMOVED_BLOCKS, "(1, True, {})"),
    (ANNOTATION_IN_A_MAIN_BLOCK, "(1, True)"),
])
def test_a_removed_block_leaves_the_modules_annotations_as_python_makes_them(executor, program, output):
    result = executor.validate(program, "1")
    assert result.status is ExecStatus.OK, result
    assert result.output == output


# --- 4. sets inside the library containers that print their items (the benign hunt) -----------
# ``_canonical`` sorted sets only inside exact lists, tuples and dicts: a ``defaultdict(set)`` of
# strings (an adjacency map, a grouping), an OrderedDict, a Counter keyed by frozensets, a deque
# or a namedtuple holding a set printed the seed's order, and the deterministic program was
# refused as nondeterministic. Each is now printed as its own repr writes it, sets sorted.
import collections  # noqa: E402

from azr_env.executor import canonical_repr  # noqa: E402

CONTAINER_PROGRAMS = {
    "defaultdict(set)": """
import collections
def f(pairs):
    graph = collections.defaultdict(set)
    for a, b in pairs:
        graph[a].add(b)
        graph[b].add(a)
    return graph
""",
    "defaultdict, no factory": """
import collections
def f(pairs):
    d = collections.defaultdict(None, {a: {b, a + b} for a, b in pairs})
    return d
""",
    "OrderedDict moved": """
import collections
def f(pairs):
    d = collections.OrderedDict((a, {a, b}) for a, b in pairs)
    d.move_to_end(pairs[0][0])
    return d
""",
    "Counter of frozensets": """
import collections
def f(pairs):
    return collections.Counter(frozenset(p) for p in pairs + pairs[:1])
""",
    "deque with maxlen": """
import collections
def f(pairs):
    return collections.deque(({a, b} for a, b in pairs), maxlen=2)
""",
    "namedtuple and its subclass": """
import collections
Edge = collections.namedtuple('Edge', 'ends weight')
class Heavy(Edge):
    pass
def f(pairs):
    return [Edge({a, b}, 1) for a, b in pairs] + [Heavy(frozenset(pairs[0]), 2)]
""",
    "a dict subclass": """
class Groups(dict):
    pass
def f(pairs):
    g = Groups()
    for a, b in pairs:
        g.setdefault(a[0], set()).add(b)
    return g
""",
}
PAIRS = "[('apple', 'pear'), ('fig', 'kiwi'), ('plum', 'lime')]"


@pytest.mark.parametrize("name", sorted(CONTAINER_PROGRAMS))
def test_sets_inside_library_containers_print_sorted_and_validate(executor, name):
    program = CONTAINER_PROGRAMS[name]
    namespace = {}
    exec(program, namespace)  # (the same program here, in plain Python)
    expected = canonical_repr(namespace["f"](eval(PAIRS)))
    assert "{'" in expected  # a set of strings is in there
    result = executor.validate(program, PAIRS)
    assert result.status is ExecStatus.OK, result
    assert result.output == expected


def test_library_containers_print_as_their_own_reprs():
    counter = collections.Counter({frozenset({"b", "a"}): 1, frozenset({"c"}): 3})
    assert canonical_repr(counter) == "Counter({frozenset({'c'}): 3, frozenset({'a', 'b'}): 1})"
    looped = collections.defaultdict(list)
    looped["self"] = looped
    looped["set"] = {"y", "x"}
    assert canonical_repr(looped) == "defaultdict(<class 'list'>, {'self': defaultdict(<class 'list'>, {...}), 'set': {'x', 'y'}})"
    assert canonical_repr(collections.deque([{"b", "a"}], maxlen=3)) == "deque([{'a', 'b'}], maxlen=3)"
    assert canonical_repr(collections.OrderedDict()) == "OrderedDict()"


def test_a_container_subclass_with_its_own_repr_prints_by_it(executor):
    program = """
class Shown(dict):
    def __repr__(self):
        return 'Shown(%d)' % len(self)
def f(x):
    return [Shown(a={'p', 'q'}), {'s'}]
"""
    result = executor.validate(program, "0")
    assert result.status is ExecStatus.OK, result
    assert result.output == "[Shown(1), {'s'}]"


# The containers are written by the sandbox only where nothing of the program's runs in their
# reprs: with a program's object inside, a factory that is not a class, attributes on a Counter,
# or nesting deeper than a few dozen levels, the container's own repr prints it (red team I: a
# partial factory printed ``...`` in plain Python, an item's repr that changed a later value, a
# logging __hash__, a __class__ property, a str-subclass key in a class namespace, each seen in
# another order or number). Sets of small ints print sorted in plain Python too, so plain repr is
# the expected text here.
PRINTED_AS_PLAIN_PYTHON = {
    "partial factory": """
import collections, functools
def f(x):
    d = collections.defaultdict(functools.partial(set))
    d['a'].update({1, 2})
    return d
""",
    "a repr that changes a later value": """
import collections
class Changer:
    def __repr__(self):
        od['b'] = 'changed'
        return 'C'
od = collections.OrderedDict()
def f(x):
    od.clear()
    od['a'] = Changer()
    od['b'] = {1, 2}
    return od
""",
    "a __class__ property on a namedtuple subclass": """
import collections
log = []
class P(collections.namedtuple('P', 'a b')):
    @property
    def __class__(self):
        log.append('class')
        return type(self)
def f(x):
    log.clear()
    return [P({1, 2}, 3), log]
""",
    "fields rebound": """
import collections
P = collections.namedtuple('P', 'a b')
def f(x):
    P._fields = ('x',)
    return P({1, 2}, 3)
""",
    "nested deeper than the walk": """
class D(dict):
    pass
def f(n):
    x = {1}
    for i in range(n):
        d = D()
        d[0] = x
        x = d
    return x
""",
    "inside an outer list": """
import collections
def f(x):
    outer = []
    d = collections.defaultdict(list)
    d['loop'] = outer
    d['s'] = {2, 1}
    outer.append(d)
    return outer
""",
}


@pytest.mark.parametrize("name", sorted(PRINTED_AS_PLAIN_PYTHON))
def test_containers_whose_reprs_run_program_code_print_as_plain_python(executor, name):
    program = PRINTED_AS_PLAIN_PYTHON[name]
    namespace = {"__name__": "__main__"}
    exec(program, namespace)
    expected = repr(namespace["f"](300))
    result = executor.run(program, "300")
    assert result.status is ExecStatus.OK, result
    assert result.output == expected


# Numbers of one hash sit in the order they were added, which their slots alone do not tell:
# ``{7, 7 + M}`` (M = 2**61 - 1) iterates 7 + M first under every seed, and the placed model,
# laying them out again in slot order, answered the other order in every ``run`` (red team J).
# A number whose probe passed only numbers keeps the interpreter's slot.
def test_run_keeps_numbers_of_one_hash_in_the_interpreters_order(executor):
    program = "def f(tag):\n    M = 2**61 - 1\n    s = {7, 7 + M, tag}\n    return [x for x in s if type(x) is int]"
    namespace = {}
    exec(program, namespace)
    expected = repr(namespace["f"]("t"))
    assert {executor.run(program, "'t'").output for _ in range(10)} == {expected}


# Following each of 10,000 numbers of one hash along the whole probe path they share, in Python,
# took ten times what CPython takes to build the set (red team J): bounded by _PROBE_JUMPS.
@pytest.mark.parametrize("placed", ["numbers-first", "others-first"])
def test_the_placed_model_lays_out_numbers_of_one_hash_about_as_fast_as_cpython(placed):
    import time

    items = [5 + k * (2**61 - 1) for k in range(10_000)] + ["a"]
    keys = list(zip(items, range(len(items))))
    started = time.process_time()
    set(items)
    plain = time.process_time() - started
    started = time.process_time()
    order = random_order(random.Random(1).random, placed=placed)(keys, 0, items, 32768)
    placed_seconds = time.process_time() - started
    assert sorted(order) == list(range(len(items)))
    assert placed_seconds < 5 * max(plain, 0.05), (placed_seconds, plain)


def test_a_library_container_is_held_to_the_output_cap_once():
    # Its text was counted against the cap twice: one two thirds of the cap long was refused.
    from azr_env.executor import Executor

    program = ("import collections\ndef f(n):\n    d = collections.defaultdict(set)\n"
               "    for i in range(n):\n        d['k'].add('w%05d' % i)\n    return d")
    with Executor(workers=1, max_output_chars=10_000) as ex:
        result = ex.run(program, "700")  # about 6,800 characters
        assert result.status is ExecStatus.OK, result
        assert len(result.output) < 10_000 and result.output.count("'w0") == 700
        assert ex.run(program, "1200").status is not ExecStatus.OK  # over the cap: still refused


# --- 5. in-place set updates stopped part-way (red team K) ---------------------------------------
# ``a -= b``, ``a ^= b``, ``a |= b`` and their methods walk ``b``'s table in C, in the seed's
# order; a comparison that raises part-way leaves ``a`` with what was done before it, and a
# program's ``__eq__`` that looks at ``a`` sees the same. Every run of a process shares its seed:
# 6 to 10 of 10 fresh executors validated such a bit. The walk now follows the run's order.
RAISING = """
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return 7
    def __eq__(self, o):
        raise ValueError('x')
"""
DEEP = """
def deep(n):
    t = ()
    for _ in range(n):
        t = (t,)
    return t
"""
STOPPED_UPDATES = {
    "difference_update, a raising __eq__": RAISING + """
def f(words):
    a = set(words)
    a.add(K(0))
    b = set(words)
    b.add(K(1))
    try:
        a.difference_update(b)
    except ValueError:
        pass
    return sorted(a, key=str)[:0] + [len(a)]
""",
    "-= between deep tuples": DEEP + """
def f(words):
    a = set(words)
    a.add(deep(5000))
    b = set(words)
    b.add(deep(5000))
    try:
        a -= b
    except RecursionError:
        pass
    return len(a)
""",
    "^= between deep tuples": DEEP + """
def f(words):
    a = {deep(5000)}
    b = set(words)
    b.add(deep(5000))
    try:
        a ^= b
    except RecursionError:
        pass
    return len(a)
""",
    "|= seen by an __eq__": """
class Probe:
    def __init__(self, box):
        self.box = box
    def __hash__(self):
        return 7
    def __eq__(self, other):
        self.box.append(len(self.box[0]))
        return False
def f(words):
    box = []
    a = {Probe(box)}
    box.append(a)
    b = set(words)
    b.add(Probe(box))
    a |= b
    return box[1:]
""",
}


@pytest.fixture(scope="module")
def one_seed():
    """One worker: every run of a validation shares one process and its seed, so only the runs'
    own orders can tell them apart (two workers' seeds agree on such a bit about half the time)."""
    from azr_env.executor import Executor

    with Executor(workers=1, timeout=2.0) as ex:
        yield ex


@pytest.mark.parametrize("name", sorted(STOPPED_UPDATES))
def test_an_update_stopped_part_way_is_walked_in_the_runs_order(one_seed, name):
    result = one_seed.validate(STOPPED_UPDATES[name], "['ab', 'cd', 'ef', 'gh', 'ij', 'kl']")
    assert result.status is ExecStatus.NONDETERMINISTIC, result


@pytest.mark.parametrize("program, output", [
    ("def f(a, b):\n    s = set(a)\n    s -= set(b)\n    s ^= {'z', 'q'}\n    s |= {'k'}\n    return sorted(s)",
     "['k', 'q', 'x', 'y', 'z']"),
    ("def f(a, b):\n    s = set(a)\n    s.difference_update(b, ['y'])\n    s.update(b, 'mn')\n"
     "    s.symmetric_difference_update(['m', 'w'])\n    return sorted(s)", "['c', 'd', 'n', 'w', 'x']"),
    ("class S(set):\n    pass\ndef f(a, b):\n    s = S(a)\n    s -= set(b)\n    t = frozenset(a)\n    t -= set(b)\n"
     "    return sorted(s), sorted(t), type(s).__name__, type(t).__name__", "(['x', 'y'], ['x', 'y'], 'S', 'frozenset')"),
    ("def f(a, b):\n    s = set(a)\n    try:\n        s -= list(b)\n    except TypeError as e:\n        return str(e)",
     "\"unsupported operand type(s) for -=: 'set' and 'list'\""),
])
def test_updates_of_plain_sets_answer_as_python(executor, program, output):
    result = executor.validate(program, "['x', 'y', 'c'], ['c', 'd']")
    assert result.status is ExecStatus.OK, result
    assert result.output == output


def test_updates_of_sets_of_the_programs_objects_still_answer_as_python(executor):
    # Comparisons that run the program's code, on sets a seed orders: walked in the run's order,
    # with the same result in every run.
    program = """
class P:
    def __init__(self, name):
        self.name = name
    def __hash__(self):
        return hash(self.name)
    def __eq__(self, other):
        return isinstance(other, P) and self.name == other.name
def f(names):
    a = {P(n) for n in names}
    a -= {P('b'), P('zz')}
    a ^= {P('d'), P('a')}
    a |= {P('e'), P('c')}
    a.difference_update([P('c')], {P('x')})
    return sorted(p.name for p in a)
"""
    result = executor.validate(program, "['a', 'b', 'c', 'x', 'y']")
    assert result.status is ExecStatus.OK, result
    assert result.output == "['d', 'e', 'y']"


# An argument whose order no seed changes is left to C: walked in another order, an exception
# part-way answered otherwise than every process, and numbers added one at a time took other
# slots than C's presized table gives them (red team N).
@pytest.mark.parametrize("program", [
    """
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return self.v
    def __eq__(self, o):
        if self.v == 3:
            raise ValueError('boom')
        return self.v == o.v
def f():
    a = {K(1), K(2), K(3)}
    b = {K(3), K(5), K(6)}
    try:
        a |= b
    except ValueError:
        pass
    return sorted(x.v for x in a)
""",
    """
class K:
    def __hash__(self):
        return 7
    def __eq__(self, o):
        return self is o
def f():
    k = K()
    a = {k}
    a |= {4, 36, 68, 100}
    a.discard(k)
    return list(a)
""",
], ids=["an exception part-way", "colliding numbers"])
def test_an_update_by_a_set_no_seed_orders_answers_as_python(executor, program):
    namespace = {}
    exec(program, namespace)
    expected = repr(namespace["f"]())
    result = executor.validate(program, "")
    assert result.status is ExecStatus.OK, result
    assert result.output == expected
