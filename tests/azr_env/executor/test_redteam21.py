"""Red teams 21 to 23 (after 9dd59e6): each test of a fault failed before the commit that fixed it."""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

from .test_redteam17 import HEADROOM  # the largest bytes object a program can make, in MiB


@pytest.fixture(scope="module")
def ex():
    with Executor(workers=2, timeout=5.0) as executor:
        yield executor


# --- 1. a public container of a module held the library's private functions --------------------------
# `copy.dispatch_table` is copyreg's registry itself: its entry for re.Pattern is `re._pickle`, which
# answers with `re._compile`. Names are judged where a program reads them; an item of a public
# container was not. A task now gets a copy, without the library's private callables.
DISPATCH_TABLE = """
import copy, re
def f(a):
    pickler = copy.dispatch_table[re.Pattern]
    return pickler(re.compile('x'))[0].__name__
"""


def test_a_modules_public_container_hands_out_no_private_library_function(ex):
    r = ex.validate(DISPATCH_TABLE, "0")
    assert r.status is not ExecStatus.OK, r


def test_a_modules_public_container_is_the_tasks_own_copy(ex):
    program = """
import copy, re
def f(a):
    table = copy.dispatch_table
    table[complex] = None
    return type(table).__name__, complex in table, copy.copy(re.compile('ab')).pattern, copy.copy(2j)
"""
    r = ex.validate(program, "0")
    assert (r.status, r.output) == (ExecStatus.OK, "('dict', True, 'ab', 2j)"), r
    again = ex.validate("import copy\ndef f(a):\n    return copy.dispatch_table.get(complex) is None", "0")
    assert (again.status, again.output) == (ExecStatus.OK, "False"), again


# --- 2. what the library made for the program counted as the program's --------------------------------
# functools.singledispatch builds its wrapper (a function), a weakref.WeakKeyDictionary and the
# wrapper's `_clear_cache` (that dictionary's bound `clear`) during the task: all "made during the
# task", so the private name in the wrapper's dict and the method's `__self__` passed. Through the
# dictionary's `_remove` closure the program got weakref's classes (an import it may not make) and
# weak references with callbacks of its choosing.
SINGLEDISPATCH = """
import functools
@functools.singledispatch
def g(x):
    return 1
def f(a):
    wkd = g._clear_cache.__self__
    ref = type(wkd._remove.__defaults__[0])
    return type(wkd).__module__, ref.__name__
"""


def test_the_library_internals_of_a_singledispatch_wrapper_stay_the_librarys(ex):
    r = ex.validate(SINGLEDISPATCH, "0")
    assert r.status is ExecStatus.FORBIDDEN, r


def test_a_singledispatch_wrapper_still_holds_the_programs_own_attributes(ex):
    program = """
import functools
@functools.singledispatch
def g(x):
    return 'any'
@g.register
def _(x: int):
    return 'int'
g._tag = 'mine'
def f(a):
    return g(a), g('s'), g._tag, sorted(t.__name__ for t in g.registry)
"""
    r = ex.validate(program, "3")
    assert (r.status, r.output) == (ExecStatus.OK, "('int', 'any', 'mine', ['int', 'object'])"), r


def test_self_of_a_library_object_from_a_module_the_program_may_not_import_is_refused(ex):
    # cached_property's lock is a _thread.RLock made during the task: its bound methods' __self__
    # is no object of a module the program could import.
    program = """
import functools
def f(a):
    lock = functools.cached_property(len).lock
    return type(lock.acquire.__self__).__name__
"""
    r = ex.validate(program, "0")
    assert r.status is ExecStatus.FORBIDDEN, r


def test_self_of_the_programs_own_bound_methods_is_still_readable(ex):
    program = """
from collections import Counter
class A:
    def m(self):
        return 1
def f(a):
    c = Counter('abca')
    e = ValueError('x')
    e._most = c.most_common
    return A().m.__self__.m(), [1].append.__self__, e._most.__self__['a'], e._most(1)
"""
    r = ex.validate(program, "0")
    assert (r.status, r.output) == (ExecStatus.OK, "(1, [1], 2, [('a', 2)])"), r


# --- 3. red team 22, state and determinism ----------------------------------------------------------
def test_a_shared_strings_utf8_form_does_not_carry_into_later_tasks():
    # The one-character strings chr(128)..chr(255) are one object each in the whole process; naming a
    # class 'é' stores the string's UTF-8 form inside it, and str.__sizeof__ counts that.
    size = "def f(a):\n    return chr(233).__sizeof__(), chr(255).__sizeof__()"
    with Executor(workers=1, timeout=5.0) as ex:
        before = ex.run(size, "0")
        assert ex.run("def f(a):\n    class é:\n        pass\n    class ÿ:\n        pass\n    return 0", "0").status is ExecStatus.OK
        after = ex.run(size, "0")
        assert (before.status, before.output) == (after.status, after.output), (before, after)
        assert ex.validate(size, "0").status is ExecStatus.OK


def test_a_relation_between_two_string_hashes_is_not_left_to_the_seeds(ex):
    # hash(a) ^ hash(b) was the same under every XOR mask: only the two seeds judged it, and a one-bit
    # output of it validated half the time. Eight pairs: each one a fresh coin under the seeds.
    programs = [(f"def f(a):\n    return (hash('w{i}') ^ hash('v{i}')) & 1", "0") for i in range(8)]
    statuses = [r.status for r in ex.validate_batch(programs)]
    assert statuses == [ExecStatus.NONDETERMINISTIC] * 8, statuses


def test_a_relation_between_two_ids_is_not_accepted(ex):
    # Ids are virtual: the same in every plain run, flipped in the perturbed one, which kept XOR.
    program = "class A:\n    pass\nx, y = A(), A()\ndef f(a):\n    return id(x) ^ id(y)"
    assert ex.validate(program, "0").status is ExecStatus.NONDETERMINISTIC


SWAPPED_IN = """
def f(a):
    s = {'%s', '%s', '%s'}
    seen = []
    for x in s:
        seen.append(x)
        if len(seen) == 1:
            s.discard(x)
            s.add('zz')
    return 'zz' in seen
"""


def test_an_element_swapped_into_a_set_during_iteration_is_judged_by_the_order(ex):
    # The interpreter yields the new element when it landed after its cursor (the seed's doing); the
    # perturbed runs walked a list made at the start, never yielded it, and agreed with every seed
    # under which it was not yielded either.
    programs = [(SWAPPED_IN % (f"a{i}", f"b{i}", f"c{i}"), "0") for i in range(10)]
    statuses = [r.status for r in ex.validate_batch(programs)]
    assert statuses == [ExecStatus.NONDETERMINISTIC] * 10, statuses


def test_an_element_removed_during_iteration_is_never_yielded(ex):
    # CPython never yields an element removed before its turn, whatever the seed: this program is
    # deterministic, and the perturbed runs' list used to yield the removed ones.
    program = """
def f(a):
    s = {'a', 'b', 'c'}
    gone = 0
    for x in s:
        if x not in s:
            gone += 1
        if x == 'a':
            for y in ('b', 'c'):
                s.discard(y)
                s.add(y * 3)
    return gone
"""
    results = ex.validate_batch([(program, "0")] * 4)
    assert [(r.status, r.output) for r in results] == [(ExecStatus.OK, "0")] * 4, results


@pytest.mark.parametrize("slots", [4, 30, 58])
def test_a_default_repr_address_disagrees_in_the_small_size_classes(ex, slots):
    # The perturbed run's padding left some of the small size classes empty in most draws (496-byte
    # objects validated 7 times in 12): an object there landed where it did in the plain run. (The
    # 512-byte class still validates about one time in ten, and objects over 512 bytes, which malloc
    # places, every time: see the closing note.)
    program = f"""
class C:
    __slots__ = tuple('s%d' % i for i in range({slots}))
def f(a):
    r = repr(C())
    return int(r[r.rindex('0x'):-1], 16) % 16384
"""
    statuses = [r.status for r in ex.validate_batch([(program, "0")] * 6)]
    assert ExecStatus.OK not in statuses, statuses


_SUMMING_LOOP = "def f(n):\n    x = 0\n    for i in range(n):\n        x += i\n    return x\n"


def _loop_for(ex, seconds: float) -> int:
    """Iterations of a summing loop that take at least ``seconds`` in ``ex``'s workers, at their
    fastest. Timed there, not here: a worker is a session of its own, which the scheduler gives
    its own share of the cores, so a loop timed in this process on a busy machine ran twice as fast
    in the worker, and the window that the test below means to exhaust held every extra order.
    The quickest of three runs, each with a comment of its own (no run is answered from a cache)."""
    import time

    n = 100_000
    while True:
        took = float("inf")
        for k in range(3):
            start = time.perf_counter()
            result = ex.run(f"{_SUMMING_LOOP}# {n} {k}\n", str(n))
            took = min(took, time.perf_counter() - start)
            assert result.status is ExecStatus.OK, result
        if took > 0.05:
            return int(n * seconds / took)
        n *= 4


def test_a_slow_first_call_leaves_too_little_time_for_the_other_orders_and_is_not_validated():
    # The perturbed run's second call answered from a memo in no time: its mean call time let the
    # first extra order start, and the window then held no second one. A two-element order was judged
    # against one random order (accepted a quarter of the time). A call is now timed by the first,
    # and at least six orders must finish.
    program = """
memo = {}
def f(a):
    if a not in memo:
        x = 0
        for i in range(LOOPS):
            x += i
        memo[a] = sorted({'p', 'q'})
    return memo[a]
"""
    with Executor(workers=2, timeout=1.0) as ex:
        r = ex.validate(program.replace("LOOPS", str(_loop_for(ex, 0.4))), "0")
    assert r.status is ExecStatus.TIMEOUT and "other set orders" in (r.error or ""), r


# --- 4. red team 23, a hunt for false refusals ------------------------------------------------------
def test_a_main_block_never_runs_and_what_it_holds_is_no_reason_to_refuse(ex):
    program = """
X = []
def f(a):
    return a + 1, X

if __name__ == "__main__":
    import doctest
    doctest.testmod()
    X.append(open('data.txt').read())
"""
    r = ex.validate(program, "1")
    assert (r.status, r.output) == (ExecStatus.OK, "(2, [])"), r


def test_a_main_block_is_screened_when_the_program_binds_its_name(ex):
    program = "__name__ = '__main__'\nif __name__ == '__main__':\n    import os\ndef f(a):\n    return a"
    assert ex.validate(program, "1").status is ExecStatus.FORBIDDEN
    # A main block the screen refuses acts as when the file is imported: its body is blanked and
    # the else branch (screened) runs.
    with_else = "if __name__ == '__main__':\n    import sys\nelse:\n    import math\n    X = math.pi\ndef f(a):\n    return X"
    r = ex.validate(with_else, "1")
    assert (r.status, r.output) == (ExecStatus.OK, "3.141592653589793"), r
    bad_else = "if __name__ == '__main__':\n    pass\nelse:\n    import os\ndef f(a):\n    return a"
    assert ex.validate(bad_else, "1").status is ExecStatus.FORBIDDEN


def test_the_builtins_the_guards_stand_in_for_keep_their_names(ex):
    program = """
def f():
    table = {fn.__name__: fn for fn in (abs, hash, len, id, getattr, vars)}
    return sorted(table), table['hash'](7), getattr.__module__
"""
    r = ex.validate(program, "")
    assert (r.status, r.output) == (ExecStatus.OK, "(['abs', 'getattr', 'hash', 'id', 'len', 'vars'], 7, 'builtins')"), r


def test_a_library_classs_namespace_can_be_read(ex):
    # The __subclasshook__ idiom of the abc documentation walks the candidate's MRO, object included.
    program = """
from abc import ABC
class Lengthy(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Lengthy:
            return any('__len__' in B.__dict__ for B in C.__mro__) or NotImplemented
        return NotImplemented
def f():
    return issubclass(list, Lengthy), isinstance(3, Lengthy), 'upper' in vars(str), vars(str)['upper']('a')
"""
    r = ex.validate(program, "")
    assert (r.status, r.output) == (ExecStatus.OK, "(True, False, True, 'A')"), r


def test_a_library_classs_namespace_withholds_what_the_guards_check(ex):
    # The slot wrapper of object.__getattribute__ reads any name: it comes checked. A getset
    # descriptor of type (``__bases__``) writes any class's: it is withheld.
    checked = "def f():\n    return object.__dict__['__getattribute__'](f, '__globals__')"
    assert ex.validate(checked, "").status is ExecStatus.FORBIDDEN
    withheld = """
import string
def f():
    try:
        type.__dict__['__bases__'].__set__(string.Template, (object,))
    except AttributeError:
        return 'withheld'
"""
    r = ex.validate(withheld, "")
    assert (r.status, r.output) == (ExecStatus.OK, "'withheld'"), r


def test_sets_documented_private_hash_and_operators_dunder_functions_are_public(ex):
    program = """
import operator
from collections.abc import Set
class S(Set):
    def __init__(self, xs):
        self.xs = frozenset(xs)
    def __iter__(self):
        return iter(self.xs)
    def __len__(self):
        return len(self.xs)
    def __contains__(self, x):
        return x in self.xs
    def __hash__(self):
        return self._hash()
def f():
    return hash(S([1, 2])) == hash(S([2, 1])), sorted(S([1]) | S([2])), operator.__add__(1, 2), hasattr(operator, '__mul__')
"""
    r = ex.validate(program, "")
    assert (r.status, r.output) == (ExecStatus.OK, "(True, [1, 2], 3, True)"), r


INTERNS = """
class C:
    pass
def f(n):
    o = C()
    for i in range(n):
        setattr(o, 'a%d' % i, None)
    return n
"""


def test_a_task_that_grew_the_interned_strings_table_leaves_the_next_one_its_memory():
    # setattr interns each name, and the table of interned strings never shrinks: some 15 MiB here,
    # under the runner's retirement limit on growth (64 MiB) but more than the reservation's spread
    # (16 MiB at memory_mb=128, drawn up to 8 MiB so that each runner keeps 8 MiB of slack) leaves
    # to spare. A fresh runner's headroom lies 8 to 16 MiB above the promised floor, and a runner
    # retires when it has less than 8, so the next task's is at most 8 MiB under this runner's,
    # whatever ran between them.
    with Executor(workers=1, timeout=30.0, memory_mb=128) as ex:
        fresh = int(ex.run(HEADROOM, "0").output)
        assert ex.run(INTERNS, "500000").status is ExecStatus.OK
        after = int(ex.run(HEADROOM, "0").output)
    assert after >= fresh - 8, (fresh, after)


def test_a_task_that_took_less_than_the_spread_leaves_the_next_one_a_fresh_runners_memory():
    # 250,000 names grow the table by about 9 MiB: less than a runner's slack above the floor, so a
    # runner that retired only below the floor ran the next task with 9 MiB less than it had fresh
    # (a program that fits in every fresh runner could fail there; 8 of 20 runs measured below
    # fresh - 8, the twenty-first session). Now it retires once it has less than every fresh runner
    # has, and the next task's headroom is a fresh runner's: as often above as below the first.
    # (Whether the runner measured is fresh is hidden in the random draws; the mean shows it: about
    # -9 MiB before, about 0 now, with a spread of about 1.3 MiB over six rounds.)
    drops = []
    for _ in range(6):  # (a fresh executor each time: the names are interned already in a used one)
        with Executor(workers=1, timeout=30.0, memory_mb=128) as ex:
            fresh = int(ex.run(HEADROOM, "0").output)
            assert ex.run(INTERNS, "250000").status is ExecStatus.OK
            drops.append(int(ex.run(HEADROOM, "0").output) - fresh)
    assert sum(drops) / len(drops) > -4, drops


# --- 5. red team 24, on this round's own changes ----------------------------------------------------
def test_sets_documented_hash_is_checked_like_hash_itself(ex):
    # Set._hash hashes each element with the real hash(): handed out as the library's, a seed's bit
    # of a set of strings validated on the two seeds alone, half the time.
    programs = [(f"from collections.abc import Set\ndef f(a):\n    return Set._hash(['w{i}', 'v{i}']) & 1", "0")
                for i in range(8)]
    statuses = [r.status for r in ex.validate_batch(programs)]
    assert statuses == [ExecStatus.NONDETERMINISTIC] * 8, statuses


def test_an_equal_element_put_back_during_iteration_is_the_same_element(ex):
    # The interpreter puts an equal element back in the slot it left and never yields it twice; the
    # perturbed walk took it for a new one (by identity) and yielded it again.
    program = """
def f(a):
    s = {('x', 1), ('y', 2), ('z', 3)}
    n = 0
    for t in s:
        n += 1
        s.discard(t)
        s.add((t[0], t[1]))
    return n
"""
    results = ex.validate_batch([(program, "0")] * 3)
    assert [(r.status, r.output) for r in results] == [(ExecStatus.OK, "3")] * 3, results


SWAPPED_IN_AND_OUT = """
def f(a):
    s = set(a)
    rest = set(a)
    seen = []
    first = None
    for x in s:
        seen.append(x)
        rest.discard(x)
        if first is None:
            first = x
            s.discard(x)
            s.add('zz')
        elif not rest and 'zz' in s:
            s.discard('zz')
            s.add(first)
    return 'zz' in seen
"""


def test_an_element_swapped_in_and_out_again_during_iteration_is_not_validated(ex):
    # Whether the interpreter yielded it depends on where it landed (the seed); every perturbed run
    # missed it and agreed with the seeds under which it was missed too.
    programs = [(SWAPPED_IN_AND_OUT, repr([f"{c}{i}" for c in "abcd"])) for i in range(12)]
    statuses = [r.status for r in ex.validate_batch(programs)]
    assert statuses == [ExecStatus.NONDETERMINISTIC] * 12, statuses


def test_a_size_changed_at_the_last_step_raises_in_the_perturbed_run_too(ex):
    program = """
def f(a):
    s = set(a)
    try:
        for i, x in enumerate(s):
            if i == len(a) - 1:
                s.add('zz')
    except RuntimeError:
        return 'error'
    return 'no error'
"""
    r = ex.validate(program, "['a', 'b']")
    assert (r.status, r.output) == (ExecStatus.OK, "'error'"), r


def test_a_main_block_the_compiler_refuses_is_a_syntax_error(ex):
    for body in ("return 1", "break", "yield 1"):
        r = ex.validate(f"def f(a):\n    return a\nif __name__ == '__main__':\n    {body}\n", "7")
        assert r.status is ExecStatus.SYNTAX, (body, r)


def test_a_main_block_the_screen_accepts_runs_as_in_a_script(ex):
    # (Programs ran as '__azr_task__' before, their main blocks blanked, and a stand-in raised
    # where a name rebound at run time reached a removed body. They run as '__main__' now, with
    # the main blocks the screen accepts, as a script runs them.)
    program = """
import enum
class C(enum.Enum):
    A = 1
C._member_map_['__name__'] = '__main__'
enum.global_enum(C)
x = 0
if __name__ == '__main__':
    x = 5
def f(a):
    return x
"""
    r = ex.validate(program, "0")
    assert (r.status, r.output) == (ExecStatus.OK, "5"), r


def test_the_decimal_context_carries_nothing_from_one_run_into_the_next(ex):
    # The extra orders run in the process of the perturbed run: a program kept its first answer in
    # the decimal context and gave it again under every later order.
    program = """
import decimal
def f(a):
    ctx = decimal.getcontext()
    if ctx.Emax in (1000, 1001):
        return ctx.Emax - 1000
    b = 1 if next(iter(set(a))) == a[0] else 0
    ctx.Emax = 1000 + b
    return b
"""
    programs = [(program, repr([f"p{i}", f"q{i}"])) for i in range(8)]
    statuses = [r.status for r in ex.validate_batch(programs)]
    assert statuses == [ExecStatus.NONDETERMINISTIC] * 8, statuses


def test_a_set_of_ranges_keeps_its_order(ex):
    # A range hashes the tuple of its length, start and step: ints, the same under every seed.
    program = "def f():\n    return list({range(2), range(3), range(1, 5), range(0, 9, 2)})"
    results = ex.validate_batch([(program, "")] * 3)
    assert all(r.status is ExecStatus.OK for r in results), results


# --- 5. red team 24: the perturbed walk over a set was not the interpreter's ---------------------------
# Each program here is deterministic in CPython (every seed gives the same output) unless it says
# otherwise, and each one was refused (or accepted, for the nondeterministic ones) by the walk before.
WORDS = "['a', 'b', 'c', 'd', 'e']"


def _all_ok(ex, program, expected, argument=WORDS, n=3):
    pairs = [(f"{program}\n# {k}\n", argument) for k in range(n)]
    return [(r.status, r.output) for r in ex.validate_batch(pairs)] == [(ExecStatus.OK, expected)] * n


def test_a_set_listed_again_after_an_equal_element_replaced_one_yields_the_new_object(ex):
    # The run's memo of a set's order was checked by size, fill and membership (1 == 1.0): it served
    # the old object, which the set no longer holds.
    program = """
def f(words):
    s = set(words) | {1}
    n = len(list(s))
    s.discard(1); s.add(1.0)
    return sorted(repr(x) for x in s)
"""
    assert _all_ok(ex, program, "[\"'a'\", \"'b'\", \"'c'\", \"'d'\", \"'e'\", '1.0']")


def test_a_set_listed_again_after_a_program_equal_object_replaced_one_counts_its_elements(ex):
    program = """
class K:
    def __init__(self, name, tag): self.name, self.tag = name, tag
    def __hash__(self): return hash(self.name)
    def __eq__(self, o): return isinstance(o, K) and o.name == self.name
def f(words):
    s = {K(w, 0) for w in words}
    n1 = sum(1 for _ in s)
    old = next(k for k in s if k.name == words[0])
    s.discard(old); s.add(K(words[0], 1))
    return n1, sum(1 for _ in s), sorted(k.tag for k in s)
"""
    assert _all_ok(ex, program, "(5, 5, [0, 0, 0, 0, 1])")


def test_a_set_iterated_once_does_not_keep_its_elements_alive(ex):
    # The memo held the elements: their finalizers ran at the end of the run, not at clear().
    program = """
log = []
class D:
    def __init__(self, n): self.n = n
    def __hash__(self): return hash(str(self.n))
    def __eq__(self, o): return self is o
    def __del__(self): log.append(self.n)
def f(k):
    log.clear()
    s = {D(i) for i in range(k)}
    total = sum(d.n for d in s)
    s.clear()
    return total, sorted(log)
"""
    assert _all_ok(ex, program, "(3, [0, 1, 2])", argument="3")


def test_a_set_iterator_that_raised_for_a_changed_size_raises_again(ex):
    program = """
def f(words):
    s = set(words)
    it = iter(s)
    next(it)
    s.add('zzz')
    try:
        next(it)
    except RuntimeError:
        pass
    s.discard('zzz')
    try:
        next(it)
        return 'continued'
    except RuntimeError:
        return 'sticky'
"""
    assert _all_ok(ex, program, "'sticky'")


def test_an_element_added_and_discarded_within_one_step_is_no_reason_to_refuse(ex):
    # It is never in the set when the iterator takes a step, so no seed yields it.
    program = """
def f(words):
    s = set(words)
    n = 0
    for w in s:
        s.add('tmp'); s.discard('tmp')
        n += 1
    return n
"""
    assert _all_ok(ex, program, "5")


def test_the_walk_judges_a_set_by_its_real_type_and_size(ex):
    # A frozenset subclass whose __class__ property says "set", and a set subclass whose __len__
    # lies: the interpreter's iterator reads neither.
    faked_class = """
class F(frozenset):
    __class__ = property(lambda self: set)
def f(words):
    return sorted(F(words)), sum(1 for _ in F(words))
"""
    assert _all_ok(ex, faked_class, "(['a', 'b', 'c', 'd', 'e'], 5)")
    lying_len = """
class S(set):
    def __len__(self): return 3
def f(words):
    s = S(words)
    try:
        for w in s:
            s.add(w + '!')
        return 'no error'
    except RuntimeError:
        return 'error'
"""
    assert _all_ok(ex, lying_len, "'error'")


def test_the_perturbed_iterator_looks_like_the_interpreters(ex):
    program = """
import operator
def f(words):
    it = iter(set(words))
    before = operator.length_hint(it)
    next(it)
    return type(it).__name__, before, operator.length_hint(it), len(list(it)), operator.length_hint(it)
"""
    assert _all_ok(ex, program, "('set_iterator', 5, 4, 4, 0)")


def test_a_removed_tuple_element_is_not_yielded(ex):
    # Tuples of plain data are compared by C: the walk now skips those removed before their turn, as
    # it did for strings (CPython never yields one, whatever the seed).
    program = """
def f(words):
    s = {(w, len(w)) for w in words}
    gone = 0
    for k in s:
        if k not in s:
            gone += 1
        if k == (words[0], 1):
            for w in words[1:]:
                s.discard((w, 1))
                s.add((w * 3, 3))
    return gone
"""
    assert _all_ok(ex, program, "0")


def test_iteration_and_pop_agree_after_a_set_was_rebuilt(ex):
    # After clear() and the same elements added back, iteration was served from the memo of the
    # old table while pop listed the new one: a fresh table pops in its iteration order, always in
    # CPython, and the perturbed runs disagreed.
    program = """
def f(words):
    s = set(words)
    first = list(s)
    s.clear()
    for w in reversed(first):
        s.add(w)
    return list(s) == [s.pop() for _ in range(len(s))]
"""
    # (36 two-letter words: their table's order changes in the rebuild under every seed)
    assert _all_ok(ex, program, "True", argument=repr([a + b for a in "abcdef" for b in "abcdef"]))


def test_an_element_added_between_pops_can_pop_anywhere_in_the_extra_orders(ex):
    # CPython pops it before some of the others under some seeds (24 seeds in 40 say True here);
    # every perturbed run popped it last, and the program validated three times in four.
    program = """
def f(words):
    s = set(words)
    s.pop()
    s.add('new')
    s.pop(); s.pop()
    return 'new' in s
"""
    pairs = [(f"{program}\n# {k}\n", repr([f"{c}{k}" for c in "abcd"])) for k in range(8)]
    statuses = [r.status for r in ex.validate_batch(pairs)]
    assert ExecStatus.OK not in statuses, statuses


# The two below guard the walk's handling of a resize (SetOrder._after_resize): a first version of
# this change took the resize for the end of the walk, or refused every one.
def test_a_set_resized_while_iterated_is_judged_by_what_other_layouts_yield(ex):
    # An add (discarded again before the next step) made four elements outgrow their table: the
    # interpreter's cursor goes on over the new layout and yields 4 or 5 elements, as the seed
    # placed them. Every perturbed run yielded the four listed ones.
    program = """
def f(a):
    s = {'a' + a, 'b' + a, 'c' + a, 'd' + a}
    n = 0
    for w in s:
        s.add('tmp'); s.discard('tmp')
        n += 1
    return n
"""
    statuses = [r.status for r in ex.validate_batch([(program, repr(str(k))) for k in range(6)])]
    assert statuses == [ExecStatus.NONDETERMINISTIC] * 6, statuses


def test_a_resize_while_iterated_never_yields_a_removed_element(ex):
    # Whatever the new layout yields, an element removed before its turn is not among it.
    program = """
def f(a):
    s = {'a', 'b', 'c'}
    gone = 0
    for x in s:
        if x not in s:
            gone += 1
        if x == 'a':
            for y in ('b', 'c'):
                s.discard(y)
                s.add(y * 3)
    return gone
"""
    assert _all_ok(ex, program, "0", argument="0", n=6)


# --- 6. the perturbed runs could be told from the plain one --------------------------------------------
# A set's iterator, set.__iter__ and set.pop were the interpreter's in the plain run and ours in the
# perturbed ones: a program that answered a constant when it saw ours, and the seed's order otherwise,
# validated whenever the plain run's seed gave that constant (7 times in 20, red team 22's fault 5).
# Every run now hands out the same objects.
DETECTORS = [
    "type(iter(s)) is not type(iter(set()))",
    "type(iter(s)) is not type(iter({1, 2}))",
    "type(set.__iter__) is not type(set.__len__)",
    "type(set.pop) is not type(set.add)",
    "type(copy.copy(iter(s))).__name__",
    "operator.length_hint(iter(s))",
]


@pytest.mark.parametrize("detector", DETECTORS)
def test_a_program_cannot_tell_the_perturbed_runs_from_the_plain_one(ex, detector):
    # What each detector answers is the same in every run: a program that branches on it branches
    # the same way under validation as anywhere else (before, the plain run and the perturbed ones
    # disagreed on every one of these).
    program = f"""
import copy, operator
def f(a):
    s = {{'x' + a, 'y' + a}}
    return {detector}
"""
    results = ex.validate_batch([(program, repr(str(k))) for k in range(4)])
    assert all(r.status is ExecStatus.OK for r in results), results
    assert len({r.output for r in results}) == 1, results


def test_a_set_iterator_behaves_the_same_in_every_run(ex):
    program = """
import copy, operator
def f(a):
    s = {3, 1, 2}
    it = iter(s)
    first = next(it)
    again = copy.copy(it)
    return type(it).__name__, operator.length_hint(it), sorted(again), sorted(it), sorted(iter(frozenset(s)))
"""
    assert _all_ok(ex, program, "('set_iterator', 2, [2, 3], [2, 3], [1, 2, 3])", argument="0")


# A program that compares two of its objects' ids, hashes or set order and answers a constant on one side
# of the comparison passes only when every run takes the constant branch or the seed's order agrees: every
# run (plain included, section 8) numbers ids at random, so the comparison is a coin in each (about 1% of
# validations pass). A guard on that figure: with ids and orders the runs did not randomise, half would.
RUN_DETECTORS = [
    "id(n1) < id(n2)",
    "hash(n1) < hash(n2)",
    "[n.v for n in {n1, n2}] == [1, 2]",
]


@pytest.mark.parametrize("detector", RUN_DETECTORS)
def test_a_program_that_tells_the_runs_apart_by_its_objects_rarely_passes(ex, detector):
    program = f"""
class N:
    def __init__(self, v):
        self.v = v
def f(a):
    n1, n2 = N(1), N(2)
    if not ({detector}):
        return 'x' + a + 'y' + a  # (what a program would answer where it saw a perturbed run)
    return ''.join({{'x' + a, 'y' + a}})
"""
    results = ex.validate_batch([(f"{program}# {k}\n", repr(str(k))) for k in range(120)])
    assert sum(r.status is ExecStatus.OK for r in results) <= 6  # expected 1.5; P(> 6) is about 0.001


# --- 7. red team 26, on the walk above ----------------------------------------------------------------
def test_an_element_popped_and_added_back_pops_after_the_others(ex):
    # The interpreter puts it back in the slot it left, which its pop finger has passed: every
    # extra run may not pop it next (as the model of new elements, placed anywhere, did).
    peek = """
def f(ws):
    s = set(ws)
    x = s.pop(); s.add(x)
    y = s.pop(); s.add(y)
    return x == y
"""
    round_robin = """
def f(ws):
    s = set(ws); out = []
    for _ in range(len(ws)):
        x = s.pop(); out.append(x); s.add(x)
    return len(set(out))
"""
    assert _all_ok(ex, peek, "False", argument="['ab', 'cd']", n=4)
    assert _all_ok(ex, round_robin, "5", argument="['ab', 'cd', 'ef', 'gh', 'ij']", n=4)


def test_at_the_recursion_limit_a_set_is_not_handed_out_in_the_seeds_order(ex):
    # The walk fell back to the interpreter's order when it had no room left: every run then showed
    # its seed's order (accepted 8 times in 20), and a program could tell the runs apart by it.
    program = """
def f(ws):
    s = set(ws)
    res = []
    def probe(d):
        try:
            probe(d + 1)
        except RecursionError:
            pass
        try:
            res.append(list(s))
        except RecursionError:
            pass
    probe(0)
    return res[0]
"""
    pairs = [(program, repr([f"a{k}", f"b{k}"])) for k in range(8)]
    statuses = [r.status for r in ex.validate_batch(pairs)]
    assert ExecStatus.OK not in statuses, statuses
    telling = program.replace("return res[0]", "return 'perturbed' if res[0] != list(s) else 'plain'")
    assert _all_ok(ex, telling, "'plain'", argument="['ab', 'cd']", n=4)


def test_the_same_strings_in_tables_of_two_sizes_take_independent_orders(ex):
    # Under a seed, a set of 7 strings that lost 4 and a set of the 3 left differ in table size, and
    # their first elements agree 24 times in 40; the extra runs' orders were a function of the
    # elements alone, and always agreed.
    program = """
def f(ws):
    a = set(ws)
    b = set(ws[:3])
    for w in ws[3:]:
        a.discard(w)
    return next(iter(a)) == next(iter(b))
"""
    pairs = [(program, repr([f"{c}{k}" for c in "abcdefg"])) for k in range(8)]
    statuses = [r.status for r in ex.validate_batch(pairs)]
    assert ExecStatus.OK not in statuses, statuses


def test_the_set_machinery_introspects_as_the_interpreters(ex):
    program = """
import copy
def f(a):
    it = iter({'a', 'b'})
    try:
        it.__setstate__((iter(['zz']),))
        state = 'set'
    except AttributeError:
        state = 'AttributeError'
    try:
        type(it)()
        made = 'made'
    except TypeError:
        made = 'TypeError'
    return state, made, set.__iter__.__qualname__, set.pop.__doc__.split('.')[0], dict.fromkeys.__name__
"""
    expected = "('AttributeError', 'TypeError', 'set.__iter__', 'Remove and return an arbitrary set element', 'fromkeys')"
    assert _all_ok(ex, program, expected, argument="0")


# --- 8. red team 27: ids told the runs apart ------------------------------------------------------------
# The plain run showed ids 1, 2, 3..., the first perturbed run flipped them to near 2**63 and the extra
# runs mixed them over 63 bits; identity hashes went negative when inverted. `id(object()) > 2**50` was
# exactly "a checking run": a program answered a constant there and the seed's order elsewhere, and
# validated 9 times in 12. Every run now numbers addresses at random in one address-like range.
ID_DETECTORS = [
    "id(object()) > 2**50",
    "id(object()) < 2**32",
    "hash(N()) < 0",
    "hash(n) == id(n) >> 4",
    "id(n) % 16",
]


@pytest.mark.parametrize("detector", ID_DETECTORS)
def test_ids_look_the_same_in_every_run(ex, detector):
    program = f"""
class N:
    pass
def f(a):
    n = N()
    return {detector}
"""
    results = ex.validate_batch([(program, repr(str(k))) for k in range(4)])
    assert all(r.status is ExecStatus.OK for r in results), results
    assert len({r.output for r in results}) == 1, results


# Default reprs printed real addresses: the runs, forked from one warm process, printed the same high
# bits, and a bit of the address validated half the time (6 times in 12). They now print the virtual
# address id() shows.
def test_a_bit_of_a_default_reprs_address_is_not_validated(ex):
    programs = [
        ("def f(x):\n    a = int(repr(object()).split(' at ')[1][:-1], 16)\n    return (a >> 24) & 1", "0"),
        ("def f(x):\n    a = int(repr(f).split(' at ')[1][:-1], 16)\n    return (a >> 28) & 1", "0"),
        ("class A:\n    pass\ndef f(x):\n    a = int(repr(A()).split(' at ')[1][:-1], 16)\n    return (a >> 32) & 1", "0"),
        ("def g():\n    yield 1\ndef f(x):\n    a = int(repr(g()).split(' at ')[1][:-1], 16)\n    return (a >> 26) & 1", "0"),
    ]
    pairs = [(f"{p}\n# {k}\n", a) for p, a in programs for k in range(3)]
    statuses = [r.status for r in ex.validate_batch(pairs)]
    assert ExecStatus.OK not in statuses, statuses


def test_a_default_repr_prints_the_address_id_shows(ex):
    program = """
class A:
    pass
def g():
    yield 1
def f(x):
    a, o, it = A(), object(), g()
    return (repr(a).endswith(' object at %s>' % hex(id(a))), repr(o) == '<object object at %s>' % hex(id(o)),
            repr(f) == '<function f at %s>' % hex(id(f)), repr(it) == '<generator object g at %s>' % hex(id(it)))
"""
    assert _all_ok(ex, program, "(True, True, True, True)", argument="0")


def test_an_allowed_module_drawing_from_the_unseeded_global_generator_is_refused(ex):
    # statistics.NormalDist.samples() without a seed calls random.gauss, seeded from the OS in every
    # process: random in plain Python, and a biased bit of it validated 8 times in 12.
    unseeded = "import statistics\ndef f(x):\n    return statistics.NormalDist(0, 1).samples(1)[0] > 1.0"
    r = ex.validate(unseeded, "0")
    assert r.status is ExecStatus.FORBIDDEN and "pass a seed" in (r.error or ""), r
    seeded = "import statistics\ndef f(x):\n    return [round(v, 3) for v in statistics.NormalDist(0, 1).samples(2, seed=7)]"
    assert _all_ok(ex, seeded, "[-0.256, 0.511]", argument="0", n=2)


def test_texts_a_programs_repr_chose_are_compared_as_texts(ex):
    # The parent compared differing outputs as parsed values: '0x10' and '16', chosen by a hash bit
    # in a __repr__, were one value, and the program validated every time with a seed-dependent text.
    program = """
class R:
    def __init__(self, bit):
        self.bit = bit
    def __repr__(self):
        return '0x10' if self.bit else '16'
def f(s):
    return R(hash(s) & 1)
"""
    statuses = [r.status for r in ex.validate_batch([(f"{program}# {k}\n", repr(f"w{k}")) for k in range(6)])]
    assert ExecStatus.OK not in statuses, statuses
    # Plain data printed in another order is still one value (a dict built from a set).
    built = "def f(s):\n    return {k: len(k) for k in set(s)}"
    r = ex.validate(built, "['ab', 'c', 'def', 'gh']")
    assert r.status is ExecStatus.OK, r


# --- 9. red team 28, on red team 27's fixes --------------------------------------------------------------
def test_a_default_repr_runs_no_code_of_a_names_str_subclass(ex):
    program = """
class S(str):
    def __format__(self, spec):
        raise ValueError('boom')
def g():
    pass
g.__qualname__ = S('g')
def f(x):
    return repr(g)[:16]
"""
    assert _all_ok(ex, program, "'<function g at 0'", argument="0", n=2)


def test_no_bit_relation_between_ids_survives_every_run(ex):
    # A multiply and an XOR numbered the k-th and the (k + 2**m)-th ids with bit m always different.
    program = """
def f(x):
    objs = [object() for _ in range(300)]
    ids = [id(o) for o in objs]
    return ((ids[0] ^ ids[256]) >> 12) & 1
"""
    statuses = [r.status for r in ex.validate_batch([(f"{program}# {k}\n", "0") for k in range(6)])]
    assert ExecStatus.OK not in statuses, statuses


def test_a_nan_seed_is_refused(ex):
    program = "import statistics\ndef f(x):\n    return statistics.NormalDist(0, 1).samples(1, seed=float('nan'))[0] > 0"
    r = ex.validate(program, "0")
    assert r.status is ExecStatus.FORBIDDEN, r


def test_the_other_c_reprs_print_virtual_addresses(ex):
    programs = [
        "def f(x):\n    a = int(repr(object().__init__).split(' at ')[1][:-1], 16)\n    return (a >> 24) & 1",
        "def f(x):\n    a = int(repr([].append).split(' at ')[1][:-1], 16)\n    return (a >> 24) & 1",
        "def f(x):\n    a = int(repr(memoryview(b'ab')).split(' at ')[1][:-1], 16)\n    return (a >> 24) & 1",
    ]
    pairs = [(f"{p}\n# {k}\n", "0") for p in programs for k in range(4)]
    statuses = [r.status for r in ex.validate_batch(pairs)]
    assert ExecStatus.OK not in statuses, statuses
    same = """
def f(x):
    o = object()
    return (repr(o.__init__) == "<method-wrapper '__init__' of object object at %s>" % hex(id(o)),
            repr(len), repr(int.from_bytes)[:40])
"""
    assert _all_ok(ex, same, "(True, '<built-in function len>', '<built-in method from_bytes of type obje')",
                   argument="0", n=2)


def test_plain_data_cannot_change_between_its_judgement_and_its_text(ex):
    # A collection between the plain-data check and the repr ran a finalizer that put an object with
    # a __repr__ of its own ('16' or '0x10', by set order) into the judged list: the two texts then
    # compared as one value, and the program validated every time with a text CPython never prints.
    program = """
class P:
    def __repr__(self):
        return '0x10' if next(iter({'a', 'b'})) == 'a' else '16'
class G:
    def __del__(self):
        self.sink.append(P())
class S:
    def __del__(self):
        self.flag.append(1)
def f(x):
    big = [0] * 800
    flag, sink = [], []
    s = S(); s.flag = flag; s.me = s; del s
    keep = []
    while not flag:          # allocate until a collection has just run: generation 0 is empty
        keep.append([])
    g = G(); g.sink = sink; g.me = g; del g  # collected by the next collection
    return [big, sink]
"""
    for r in ex.validate_batch([(f"{program}# {k}\n", "0") for k in range(4)]):
        assert r.status is not ExecStatus.OK or r.output.endswith(", []]"), r


def test_a_small_set_of_built_in_types_keeps_its_order(ex):
    # Built-in types' addresses keep their low bits in every CPython process: {int, str, ...} iterates
    # in one order everywhere, and validation refused it by reversing that order.
    import subprocess
    import sys

    program = "def f(x):\n    return [t.__name__ for t in {int, str, float, bytes, list, dict, tuple, set}]"
    r = ex.validate(program, "0")
    plain = subprocess.run([sys.executable, "-c", program + "\nprint(repr(f(0)))"], capture_output=True, text=True)
    assert (r.status, r.output) == (ExecStatus.OK, plain.stdout.strip()), r
    # A class of the program's own sits on the heap: its place is the address layout's doing.
    mixed = "class A:\n    pass\ndef f(x):\n    return [t.__name__ for t in {int, str, A}]"
    statuses = [r.status for r in ex.validate_batch([(f"{mixed}\n# {k}\n", "0") for k in range(4)])]
    assert ExecStatus.OK not in statuses, statuses


def test_the_interpreters_static_objects_keep_their_order_and_distances(ex):
    # Small ints, None and the built-in types sit in the interpreter's own data: their ids move between
    # processes by whole pages, their order and distances never. Numbered at random, `id(1) < id(2)`
    # was refused 7 times in 8 and validated False once.
    import subprocess
    import sys

    program = "def f(x):\n    return id(1) < id(2) < id(3), id(2) - id(1), id(int) < id(str), hash(int) == id(int) >> 4"
    plain = subprocess.run([sys.executable, "-c", program + "\nprint(repr(f(0)))"], capture_output=True, text=True)
    assert _all_ok(ex, program, plain.stdout.strip(), argument="0", n=4)
    moved = "def f(x):\n    return (id(None) >> 24) & 1"
    statuses = [r.status for r in ex.validate_batch([(f"{moved}\n# {k}\n", "0") for k in range(4)])]
    assert ExecStatus.OK not in statuses, statuses


# --- 10. the last real addresses (tenth session) --------------------------------------------------------
# Coroutines', asynchronous generators', cells' and locks' reprs, and array.buffer_info(), gave real
# addresses. Until now only the perturbed run's padding (objects of random sizes, moving where the
# program's objects landed) made their low bits disagree; array storage, which malloc places, it moved
# too rarely: a bit of buffer_info()'s address validated 2 times in 6. They are virtual now, and the
# padding is gone (it cost a sixth of a worker's time per validation).
LOW_BITS = "\ndef low(text):\n    return int(text.rsplit(' at ', 1)[1].rstrip('>'), 16) % 4096\n"


@pytest.mark.parametrize("expression", [
    "low(repr(c))",                                     # a coroutine's
    "low(repr(g()))",                                   # an asynchronous generator's
    "low(repr(functools.cached_property(len).lock))",   # the RLock a cached_property holds
    "array.array('b', [1] * 7).buffer_info()[0] % 4096",  # an array's storage (malloc's)
])
def test_the_low_bits_of_no_address_are_validated(ex, expression):
    program = (f"import array, functools\nasync def co():\n    pass\nasync def g():\n    yield 1\n{LOW_BITS}"
               f"def f(x):\n    c = co()\n    value = {expression}\n    c.close()\n    return value\n")
    pairs = [(f"{program}# {k}\n", "0") for k in range(8)]
    statuses = [r.status for r in ex.validate_batch(pairs)]
    assert ExecStatus.OK not in statuses, statuses


def test_coroutines_and_locks_print_the_address_id_shows(ex):
    program = """
import array, functools
async def co():
    pass
async def ag():
    yield 1
def f(x):
    c, a = co(), ag()
    lock = functools.cached_property(len).lock
    held = array.array('b', [1, 2, 3])
    shown = (repr(c) == '<coroutine object co at %s>' % hex(id(c)),
             repr(a) == '<async_generator object ag at %s>' % hex(id(a)),
             repr(lock).startswith('<unlocked _thread.RLock object owner=0 count=0 at 0x'),
             repr(lock).endswith(' at %s>' % hex(id(lock))),
             held.buffer_info()[0] == held.buffer_info()[0], held.buffer_info()[1],
             held.buffer_info()[0] % 16 == 0)
    c.close()
    return shown
"""
    assert _all_ok(ex, program, "(True, True, True, True, True, 3, True)", argument="0")


# --- 11. red team 29: library code's id() and the C JSON encoder gave real addresses ------------------
# copy.deepcopy keys its memo by the builtin id(), and the memo is the program's: passed in, or handed
# to a __deepcopy__. Its keys were real addresses, whose high bits the two workers shared in about half
# of executors (bit 20 of a key validated 8 times in 8 there). The C JSON encoder wrote real addresses
# into the markers dict its caller gave it, where a `default` callback could read them.
def test_library_code_sees_the_ids_the_program_sees(ex):
    program = """
import copy
class Peek:
    def __deepcopy__(self, memo):
        return list(memo)
def f(x):
    a = []
    memo = {}
    copy.deepcopy([a], memo)
    outer = [Peek()]
    return list(memo)[1] == id(a), copy.deepcopy(outer)[0] == [id(outer)]
"""
    assert _all_ok(ex, program, "(True, True)", argument="0")


@pytest.mark.parametrize("shift", [12, 20, 24])
def test_a_bit_of_a_deepcopy_memo_key_is_not_validated(ex, shift):
    program = (f"import copy\ndef f(x):\n    a = []\n    memo = {{}}\n    copy.deepcopy([a], memo)\n"
               f"    return (list(memo)[1] >> {shift}) & 1\n")
    statuses = [r.status for r in ex.validate_batch([(f"{program}# {k}\n", "0") for k in range(8)])]
    assert ExecStatus.OK not in statuses, statuses


def test_programs_see_json_without_its_c_encoder_and_json_still_works(ex):
    program = """
import json
def f(x):
    a = []
    a.append(a)
    try:
        json.dumps(a)
    except ValueError as error:
        circular = str(error)
    return json.encoder.c_make_encoder is None, json.dumps({'k': [1, 2.5, None]}), circular
"""
    assert _all_ok(ex, program, "(True, '{\"k\": [1, 2.5, null]}', 'Circular reference detected')", argument="0")


# --- 12. an audited event at the recursion limit (eleventh session) ----------------------------------------
# The sandbox's hash(), id() and default reprs read frames, an audited event, and namedtuple and
# make_dataclass compile source the hook parses; at the recursion limit the hook had no room to judge
# the event, and the program was refused as a violation. A program that recurses
# until RecursionError and then hashes, ids or formats an object on the way back is ordinary Python: it
# now meets RecursionError where there is no room, as it would in plain Python, and is accepted.
# (The expression runs in the deepest 300 frames only: run in all of them, the make_dataclass case
# took 1.4-2.2 s to validate alone and timed out at 5 s beside a busy process on each core.)
AT_THE_LIMIT = """
import collections, dataclasses
class Node:
    pass
def f(n):
    o = Node()
    got = []
    deepest = [0]
    def deep(d):
        try:
            deep(d + 1)
        except RecursionError:
            deepest[0] = max(deepest[0], d)
        if d < deepest[0] - 300:
            return
        try:
            got.append(EXPRESSION)
        except RecursionError:
            pass
    deep(0)
    return got[-1], len(got) > 100
"""


@pytest.mark.parametrize("expression, value", [
    ("repr(o)[:1]", "'<'"), ("str(o)[:1]", "'<'"), ("format(o)[:1]", "'<'"), ("'%r' % o > ''", "True"),
    ("hash(o) > 0", "True"), ("o.__hash__() > 0", "True"), ("id(o) > 0", "True"), ("hash('ab') != -1", "True"),
    ("collections.namedtuple('P', 'x y')(1, 2).x", "1"), ("dataclasses.make_dataclass('D', ['a'])(1).a", "1"),
])
def test_a_program_that_formats_or_hashes_at_the_recursion_limit_is_accepted(ex, expression, value):
    program = AT_THE_LIMIT.replace("EXPRESSION", expression)
    assert _all_ok(ex, program, f"({value}, True)", argument="1", n=2)


# --- 13. library ids: counted only where they can reach the program (eleventh session) ---------------------
# Every id() a library took during a task counted as one the program saw, so a program that deep-copied
# a grid got validation's extra runs, and each id read the frames above it: 1,000 deep copies of a
# 10 x 10 grid (0.03 s in plain Python) took 10 s to validate and timed out, 100 of them 3.3 s. Library
# ids now count only where copy's memo can reach the program: a memo it passes in, or one handed to a
# __deepcopy__ it can define.
def test_a_loop_of_deep_copies_of_plain_data_validates_within_a_short_limit():
    program = """
import copy
def f(n):
    grid = [[i * j for j in range(10)] for i in range(10)]
    total = 0
    for k in range(n):
        g = copy.deepcopy(grid)
        g[0][0] = k
        total += g[0][0] + g[9][9]
    return total
"""
    with Executor(workers=2, timeout=2.0) as executor:
        result = executor.validate(program, "1000")
    assert (result.status, result.output) == (ExecStatus.OK, "580500"), result


METACLASS_READER = """
import copy
OUT = []
ARM = []
def grab(self, memo):
    OUT.append(list(memo))
    del type(self).__deepcopy__
    return self
class M(type):
    def __hash__(cls):
        if ARM:
            ARM.pop()
            if not ARM:
                cls.__deepcopy__ = grab
        return 1
class A(metaclass=M):
    pass
L = [A()]
def f(x):
    OUT.clear()
    ARM[:] = ARMS
    copy.deepcopy(L)
    return (OUT[0][0] >> SHIFT) & 1 if OUT else -1
"""


MEMO_READERS = {
    "a memo the program passes in": """
import copy
def f(x):
    memo = {}
    copy.deepcopy([[1], [2]], memo)
    return (min(memo) >> SHIFT) & 1
""",
    "a memo handed to the program's __deepcopy__": """
import copy
class A:
    def __deepcopy__(self, memo):
        return (min(memo) >> SHIFT) & 1
def f(x):
    return copy.deepcopy([A(), [1]])[0]
""",
    "a memo handed to a __deepcopy__ in a library object's replaced __dict__ (red team 31)": """
import copy, string, collections
def g(memo):
    return list(memo)
t = string.Template('a')
t.__dict__ = collections.OrderedDict(template='a', __deepcopy__=g)
L = [t]
def f(x):
    r = copy.deepcopy(L)
    return (r[0][0] >> SHIFT) & 1
""",
    "a memo handed to a __deepcopy__ a base class defines": """
import copy
class Base:
    def __deepcopy__(self, memo):
        return (min(memo) >> SHIFT) & 1
class A(Base):
    pass
def f(x):
    return copy.deepcopy([A(), [1]])[0]
""",
    "a memo handed to a __deepcopy__ that __getattr__ answers with": """
import copy
class A:
    def __getattr__(self, name):
        if name == '__deepcopy__':
            return lambda memo: (min(memo) >> SHIFT) & 1
        raise AttributeError(name)
def f(x):
    return copy.deepcopy([A(), [1]])[0]
""",
    "a memo handed to a __deepcopy__ set on the program's own object": """
import copy
class A:
    pass
def f(x):
    a = A()
    a.__deepcopy__ = lambda memo: (min(memo) >> SHIFT) & 1
    return copy.deepcopy([a, [1]])[0]
""",
    "a memo handed to a __deepcopy__ under a class key of a str subclass": """
import copy
class S(str):
    def __hash__(self):
        return str.__hash__(self)
    def __eq__(self, other):
        return str.__eq__(self, other)
def g(self, memo):
    return (min(memo) >> SHIFT) & 1
class A:
    locals()[S('__deepcopy__')] = g
def f(x):
    return copy.deepcopy([A(), [1]])[0]
""",
    # (ARMS: how many hashes of the class pass before its metaclass installs a __deepcopy__)
    "a memo handed to a __deepcopy__ a metaclass's __hash__ installs at the second hash of the class "
    "(red team 32, 13 of 32)": METACLASS_READER.replace("ARMS", "[1, 1]"),
    "a memo handed to a __deepcopy__ a metaclass's __hash__ installs at deepcopy's own hash of the class":
        METACLASS_READER.replace("ARMS", "[1]"),
    "a memo handed to a __deepcopy__ set on a library object": """
import copy, collections
def f(x):
    c = collections.Counter('ab')
    got = []
    c.__deepcopy__ = lambda memo: got.append((min(memo) >> SHIFT) & 1) or 1
    copy.deepcopy([c])
    return got
""",
}


@pytest.mark.parametrize("reader", sorted(MEMO_READERS))
@pytest.mark.parametrize("shift", [12, 24])
def test_a_bit_of_a_memo_key_the_program_can_read_is_not_validated(ex, reader, shift):
    # Each reader validated about half the time with copy's ids left uncounted.
    program = MEMO_READERS[reader].replace("SHIFT", str(shift))
    statuses = [r.status for r in ex.validate_batch([(f"{program}# {k}\n", "0") for k in range(8)])]
    assert ExecStatus.OK not in statuses, statuses
