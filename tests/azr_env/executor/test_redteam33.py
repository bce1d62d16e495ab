"""The twenty-fourth session's red team J, fixed in the twenty-fifth: set comparisons that stop
early walked the set's table in C, in the seed's order.

``a <= b`` tests a's elements in b one by one and stops at the first missing one; ``a == b`` does
the same once the sizes agree; ``isdisjoint`` stops at the first shared element. Which elements
were compared before the stop showed through a program's ``__eq__``, decimal's FloatOperation
flag or a RecursionError on deep tuples, and the extra runs, which share the reversed run's
process and so its seed, could not show another order: 4 to 6 of 10 validations ok.

The comparisons and ``issubset``/``issuperset``/``isdisjoint`` now walk such a set in the run's
order (reversed, then random), as iteration does; results are the interpreter's.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

SEED_ORDER_PROGRAMS = {
    "a program's __eq__ counts what <= compared": '''
class P:
    def __init__(self, n): self.n = n
    def __hash__(self): return 4
    def __eq__(self, o):
        log.append(self.n)
        return self is o
log = []
def f(x):
    del log[:]
    a = {'y', P(1)}
    b = {'x', P(2)}
    return (a <= b, len(log))
''',
    "decimal's flag tells whether <= compared a Decimal with a float": '''
import decimal
def f(x):
    ctx = decimal.getcontext()
    ctx.clear_flags()
    a = {'y', decimal.Decimal(4)}
    b = {'x', 4.0}
    r = a <= b
    return (r, bool(ctx.flags[decimal.FloatOperation]))
''',
    "a RecursionError tells whether <= reached two deep tuples": '''
def deep(n):
    t = (4,)
    for _ in range(n):
        t = (t,)
    return t
def f(x):
    a = {'y', deep(5000)}
    b = {'x', deep(5000)}
    try:
        return a <= b
    except RecursionError:
        return 'deep'
''',
    "isdisjoint stops at the first shared element": '''
import decimal
def f(x):
    ctx = decimal.getcontext()
    ctx.clear_flags()
    a = {'y', decimal.Decimal(4)}
    b = {'y', 4.0, 'q', 'r'}
    r = a.isdisjoint(b)
    return (r, bool(ctx.flags[decimal.FloatOperation]))
''',
    "== with equal sizes, and issubset of a list (a set is built, the owner walked)": '''
class P:
    def __init__(self, n): self.n = n
    def __hash__(self): return 4
    def __eq__(self, o):
        log.append(self.n)
        return self is o
log = []
def f(x):
    del log[:]
    a = {'y', P(1)}
    first = a == {'x', P(2)}
    second = a.issubset([P(3), 'p', 'q'])
    return (first, second, tuple(log))
''',
    # The twenty-fifth session's red team G, against the first version of the fix: an __eq__ that
    # empties part of the walked set. The interpreter skips what left it before its turn, so the
    # answer is the seed's (True where K came first): the walk over a list made in advance always
    # said False, and validated it 10 of 10 times. (Red team G's set held three strings, so that K
    # came first under a quarter of the orders: a bit that rare passed validation in about 1 of 6
    # validations in the full suite's run, where fewer extra runs fit their time window, against 0
    # of 440 alone; one string makes it an even bit, which is what the check is about.)
    "an __eq__ that empties the walked set during <=": '''
def f(n):
    class K:
        def __hash__(self): return hash('k')
        def __eq__(self, other):
            a.discard('q1')
            return True
    a = {K(), 'q1'}
    b = {K(), 'r1', 'r2', 'r3', 'r4'}
    return a <= b
''',
    # Red team I, against the second version: the program's __eq__ takes the program's own object
    # out of the walked set; the interpreter skips its slot (whether R comes before P is the
    # seed's), the walk asked P again in every run and validated the log 10 of 10 times.
    "an __eq__ that takes the program's own object out of the walked set": '''
def f(n):
    log = []
    state = {}
    class K:
        def __init__(s, name, h):
            s.name, s.h = name, h
        def __hash__(s):
            return s.h
        def __eq__(s, o):
            if not isinstance(o, K) or o.name != s.name:
                return False
            if s.name == 'R':
                state['a'].discard(state['P'])
            if s.name == 'P':
                log.append('P')
            return True
    words = ['w%d' % i for i in range(n)]
    R, P = K('R', 7), K('P', 7)
    state['P'] = P
    a = set(words)
    a.add(R); a.add(P)
    b = set(words)
    b.add(K('R', 7)); b.add(K('P', 7))
    state['a'] = a
    r = a <= b
    return (r, log)
''',
    # Red team K, against the third version: adds and discards in an __eq__ that leave the size
    # as it was but rebuild the walked set's table; the interpreter's cursor goes on over the new,
    # smaller layout from its old slot number and stops early where the seed placed 'm' after X.
    "a table rebuilt during the walk, its size unchanged": '''
class Q:
    def __init__(s, n): s.n = n
    def __hash__(s): return 60
    def __eq__(s, o):
        if s.n == 'z':
            for i in range(300):
                W.add('t%d' % i)
                W.discard('t%d' % i)
        return isinstance(o, Q)
X, Z = Q('x'), Q('z')
W = {'s%d' % i for i in range(60)} | {'m', X}
for i in range(56):
    W.discard('s%d' % i)
C = {'s%d' % i for i in range(60)} | {Z}
def f(x):
    return W <= C
''',
    # Red team L: a set of numbers laid out by the strings it held before (26 wrapped round to a
    # slot before 5 where strings filled the slots ahead of it), judged order-free and so walked
    # by the interpreter: where the walk stopped showed through the other set's __eq__, or
    # decimal's flag (10 of 10 and 3 of 5 validations ok).
    "numbers where strings sat, an __eq__ in the other set": '''
calls = []
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return self.v
    def __eq__(self, o):
        calls.append(1); return o == self.v
def f(n):
    calls.clear()
    strs = ["s%d" % i for i in range(8)]
    s = set(strs); s.add(5); s.add(26)
    for w in strs: s.discard(w)
    c = {K(5), 0}
    r = s <= c
    return (r, len(calls))
''',
    "numbers where strings sat, decimal's flag": '''
import decimal
def f(n):
    ctx = decimal.getcontext()
    ctx.clear_flags()
    strs = ["s%d" % i for i in range(8)]
    s = set(strs)
    s.add(5.0)
    s.add(26.0)
    for w in strs:
        s.discard(w)
    c = {decimal.Decimal(5), 0}
    r = s <= c
    return (r, bool(ctx.flags[decimal.FloatOperation]))
''',
}


@pytest.mark.parametrize("name", sorted(SEED_ORDER_PROGRAMS))
def test_comparisons_that_stop_early_walk_the_runs_order(name):
    verdicts = []
    for _ in range(6):  # (fresh executors: each draws its own hash seeds)
        with Executor(workers=2) as ex:
            verdicts.append(ex.validate(SEED_ORDER_PROGRAMS[name], "3").status)
    assert set(verdicts) == {ExecStatus.NONDETERMINISTIC}, verdicts


COMPARISONS = r'''
import operator
class S(set):
    pass
class F(frozenset):
    pass
class Key:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v)
    def __eq__(self, o): return isinstance(o, Key) and o.v == self.v
def f(n):
    words = ['apple', 'pear', 'fig', 'kiwi', 'lime', 'plum', 'date']
    sets = [set(), {'fig'}, set(words[:3]), set(words), frozenset(words[2:5]), S(words[:4]), F(words[1:3]),
            {1, 2, 3}, frozenset({1, 'fig'}), {Key('a'), Key('b')}, {Key('a'), Key('b'), 'x'}, {(1, 'a'), (2, 'b')}]
    out = []
    for a in sets:
        for b in sets:
            out.append((a == b, a != b, a <= b, a < b, a >= b, a > b, a.issubset(b), a.issuperset(b), a.isdisjoint(b)))
        out.append((a.issubset(words), a.issuperset(['fig']), a.isdisjoint(['fig', 'zzz']), a.issubset(iter(words)),
                    a == list(a), a != 3, a == {}.keys(), a <= {'fig': 1, 'apple': 2, 'pear': 3}.keys(),
                    {'fig': 1}.keys() <= a, a.issubset(a), a == a, a < a, a.isdisjoint(a)))
        for other in (3, [1], 'fig'):
            for op in (operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne):
                try:
                    out.append(op(a, other))
                except TypeError as error:
                    out.append(str(error))
    for call in (lambda: set.__le__(frozenset(), set()), lambda: set.__le__({1}, 5), lambda: set().issubset(5),
                 lambda: frozenset.isdisjoint({1}, {1})):
        try:
            out.append(call())
        except TypeError as error:
            out.append(str(error))
    return out
'''


def test_set_comparisons_answer_as_the_interpreter_does():
    namespace: dict = {}
    exec(COMPARISONS, namespace)  # noqa: S102 -- the test's own program: plain Python's answer
    expected = repr(namespace["f"](0))
    with Executor(workers=2, max_output_chars=100_000) as ex:
        result = ex.validate(COMPARISONS, "0")
    assert result.ok and result.output == expected


def test_an_element_removed_during_the_walk_is_skipped_as_the_interpreter_skips_it():
    # Plain Python says True under every seed: where 'q' comes first it is in b; where K comes
    # first, its __eq__ takes 'q' out of both sets, and the walk skips it. The first version of
    # the fix still tested 'q' and said False (10 of 10 validations refused as nondeterministic).
    program = '''
def f(n):
    class K:
        def __hash__(self): return hash('k')
        def __eq__(self, other):
            a.discard('q')
            b.discard('q')
            return True
    a = {K(), 'q'}
    b = {K(), 'q', 'pad'}
    return a <= b
'''
    for _ in range(4):
        with Executor(workers=2) as ex:
            result = ex.validate(program, "1")
            assert result.ok and result.output == "True", result
            assert ex.run(program, "1").output == "True"


def test_an_element_whose_hash_changed_is_found_as_the_interpreter_finds_it():
    # The interpreter looks each element up by the hash its table stored; a walk that hashes it
    # again missed an element whose key changed after it was added, and said False where plain
    # Python says True, in every run (the twenty-fifth session's red team H). Such a set is now
    # walked by the interpreter itself.
    program = '''
class P:
    def __init__(self, k): self.k = k
    def __hash__(self): return hash(self.k)
    def __eq__(self, o): return isinstance(o, P) and o.k == self.k
def f(x):
    p = P('a')
    a, b, c = {p, 'x'}, {p, 'x', 'y'}, {p, 'z'}
    fa, fb = frozenset(a), frozenset(b)
    p.k = 'changed'
    return (a <= b, a.issubset(b), b >= a, a.isdisjoint(c), a < b, fa <= fb, fb > fa, c.isdisjoint(fa))
'''
    namespace: dict = {}
    exec(program, namespace)  # noqa: S102 -- the test's own program: plain Python's answer
    expected = repr(namespace["f"](0))
    with Executor(workers=2) as ex:
        for result in (ex.validate(program, "0"), ex.run(program, "0")):
            assert result.ok and result.output == expected, result


def test_the_programs_own_object_removed_during_the_walk_is_skipped():
    # Plain Python says (True, 1) under every seed: the first __eq__ takes the other object out of
    # a, and the interpreter's walk skips its slot. Asked again, it answered False: (False, 2) in
    # every run, validated (red team I).
    program = '''
def f(n):
    state = {'calls': 0}
    class K:
        def __init__(s, name, h):
            s.name, s.h = name, h
        def __hash__(s):
            return s.h
        def __eq__(s, o):
            if not isinstance(o, K) or o.name != s.name:
                return False
            state['calls'] += 1
            if state['calls'] > 1:
                return False
            a = state['a']
            for other in list(state['objs']):
                if other.name != s.name:
                    a.discard(other)
            return True
    P, Q = K('P', 1), K('Q', 2)
    state['objs'] = [P, Q]
    a = {'x%d' % i for i in range(n)} | {P, Q}
    b = {'x%d' % i for i in range(n)} | {K('P', 1), K('Q', 2)}
    state['a'] = a
    return (a <= b, state['calls'])
'''
    namespace: dict = {}
    exec(program, namespace)  # noqa: S102 -- the test's own program: plain Python's answer
    expected = repr(namespace["f"](3))
    with Executor(workers=2) as ex:
        for result in (ex.validate(program, "3"), ex.run(program, "3")):
            assert result.ok and result.output == expected, result
