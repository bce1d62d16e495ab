"""Red teams 15 and 16 (after 7372b52): each test of a fault failed before the commit that fixed it; the last test keeps ordinary programs of the same kinds (class counters, slow programs over sets) validating."""
from __future__ import annotations

from azr_env.executor import Executor

# --- 1. the proxy the guards hand back for writes reached the program ------------------------------
# ``S.attr += x`` reads ``attr`` on what the write guard returned for S: for a str subclass, a proxy
# of the guards' whose own methods (``__getattr__``) and class came back to the program.
PROXY_METHOD = '''
class S(str):
    pass
class G:
    def __radd__(self, other):
        global got
        got = other
        return other
got = None
def f(x):
    try:
        S.__getattr__ += G()
    except AttributeError:
        pass
    try:
        S.__class__ += G()
    except TypeError:
        pass
    return [type(got).__name__, 'azr_sandbox' in repr(got)]
'''


def test_a_write_guards_proxy_is_never_the_programs():
    with Executor(workers=2, timeout=5.0) as ex:
        result = ex.run(PROXY_METHOD, "0")
        assert result.ok and result.output == "['type', False]", result  # S.__class__ is type, as in plain Python
        counter = "class S(str):\n    n = 0\ndef f(a):\n    S.n = 0\n    S.n += a\n    S.n += a\n    return S.n"
        assert ex.validate(counter, "2").output == "4"


# --- 2. locals() took a depth ---------------------------------------------------------------------
# The guards' locals() accepted a ``_depth`` argument: a program read the locals of frames above
# its own (the code dataclasses generates for it). The builtin takes no argument.
LOCALS_DEPTH = '''
from dataclasses import dataclass
@dataclass
class P:
    x: int = 1
    def __post_init__(self):
        global seen
        seen = sorted(locals(_depth=2))
seen = None
def f(a):
    P()
    return seen
'''


def test_locals_reads_only_the_callers_own_frame():
    with Executor(workers=2, timeout=5.0) as ex:
        assert not ex.run(LOCALS_DEPTH, "0").ok
        own = "def f(a):\n    b = a + 1\n    return sorted(locals().items())"
        assert ex.validate(own, "1").output == "[('a', 1), ('b', 2)]"


# --- 3. an __eq__ written on a base class, or on a tuple subclass ----------------------------------
# Round 13 gave the checked hash to a str subclass given an __eq__ later. Written on a base class
# (``class S(M, str)``, ``M.__eq__ = ...``), or on a tuple or frozenset subclass (whose C hashes
# hash their items, strings included), set comparison still called it in the seed's order.
EQ_ON_A_BASE = '''
class M:
    pass
class S(M, str):
    pass
LOG = []
def _eq(self, other):
    LOG.append(str.__str__(self))
    return str.__eq__(self, other)
M.__eq__ = _eq
def f(a):
    del LOG[:]
    A = {S('x'), S('y')}
    B = {S('x'), S('y')}
    A <= B
    return LOG[:]
'''
EQ_ON_A_TUPLE = '''
class T(tuple):
    pass
LOG = []
def _eq(self, other):
    LOG.append(tuple.__getitem__(self, 0))
    return tuple.__eq__(self, other)
T.__eq__ = _eq
def f(a):
    del LOG[:]
    A = {T(('x',)), T(('y',))}
    B = {T(('x',)), T(('y',))}
    A <= B
    return LOG[:]
'''
EQ_BEFORE_THE_CLASS = EQ_ON_A_BASE.replace("class S(M, str):\n    pass\n", "").replace(
    "M.__eq__ = _eq\n", "M.__eq__ = _eq\nclass S(M, str):\n    pass\n")


def test_comparison_order_is_not_validated_however_the_eq_reaches_a_seeded_hash():
    with Executor(workers=2, timeout=5.0) as ex:
        for program in (EQ_ON_A_BASE, EQ_ON_A_TUPLE, EQ_BEFORE_THE_CLASS):
            for _ in range(3):
                assert not ex.validate(program, "0").ok, program
        numbers = ("class T(tuple):\n    pass\nT.__eq__ = lambda s, o: tuple.__eq__(s, o)\n"
                   "def f(a):\n    return [T((1, 2)) in {T((1, 2))}, len({T((1,)), T((2,))})]")
        assert ex.validate(numbers, "0").output == "[True, 2]"


# --- 4. a program slow only on its second call --------------------------------------------------
# Only validation's perturbed run calls f twice. A second call that spends the time limit left no
# room for any run under another set order, and the output (one of the seed's two orders of a
# two-element set) was accepted about half the time.
SLOW_SECOND_CALL = '''
CALLS = [0]
def f(a):
    CALLS[0] += 1
    if CALLS[0] == 2:
        n = 0
        for i in range(a):
            n += i
    return list({'x', 'y'})
'''


def test_an_order_left_unchecked_for_lack_of_time_is_not_validated():
    with Executor(workers=2, timeout=1.0) as ex:
        assert not ex.validate(SLOW_SECOND_CALL, "30000000").ok


# --- 5. the same __eq__, by other routes ---------------------------------------------------------
# type.__setattr__ instead of an attribute write; a callable object or a staticmethod as __eq__;
# deleting the checked __hash__ again. Each left the seeded C hash with the program's __eq__.
ROUTES = {
    "type.__setattr__": EQ_ON_A_BASE.replace("M.__eq__ = _eq\n", "type.__setattr__(M, '__eq__', _eq)\n"),
    "a staticmethod": EQ_ON_A_BASE.replace("M.__eq__ = _eq\n", "M.__eq__ = staticmethod(lambda a, b: _eq(a, b))\n"),
    "deleting the hash": EQ_ON_A_BASE.replace("M.__eq__ = _eq\n", "M.__eq__ = _eq\ndel S.__hash__\n"),
}


def test_comparison_order_is_not_validated_by_other_routes_to_the_eq():
    with Executor(workers=2, timeout=5.0) as ex:
        for name, program in ROUTES.items():
            for _ in range(3):
                assert not ex.validate(program, "0").ok, name


def test_class_counters_and_slow_set_programs_still_validate():
    with Executor(workers=2, timeout=3.0) as ex:
        counter = "class C:\n    n = 0\ndef f(a):\n    C.n = 0\n    for _ in range(a):\n        C.n += 1\n    return C.n"
        assert ex.validate(counter, "200000").output == "200000"
        slow = ("def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return [t, sorted({'b', 'a'})]")
        # A call of about a twelfth of the time limit in the sandbox on this machine, timed here: a
        # set program whose call takes more than about a seventh is refused by design (README,
        # "Determinism", and the six extra runs must fit in one more window), so a fixed 8,000,000
        # steps passed on a fast machine and failed on a slow one under load; a twelfth leaves
        # room for the timing's own spread.
        assert ex.validate(slow, str(_steps_taking(ex, slow, 3.0 / 12))).ok


def _steps_taking(ex, program: str, seconds: float) -> int:
    """How many steps of ``program``'s loop take ``seconds`` in ``ex.run`` here: estimated from
    1,000,000 steps, then timed at the estimate and scaled once more (a step costs more as the
    running sum outgrows a machine word)."""
    import time

    steps = 1_000_000
    for _ in range(2):
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            assert ex.run(program, str(steps)).ok
            best = min(best, time.perf_counter() - started)
        steps = int(steps * seconds / best)
    return steps
