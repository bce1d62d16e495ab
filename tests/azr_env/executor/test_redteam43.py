"""The thirty-seventh session's red-team findings.

A property keeps two fields that no attribute reads: ``prop_name``, which ``__set_name__`` sets
when its class is made and which its "has no setter" errors name, and ``getter_doc``, whether its
doc came from its getter, which decides the doc of the copies ``.getter()``, ``.setter()`` and
``.deleter()`` make. ``property.__init__(P, P.fget, P.fset, P.fdel, P.__doc__)`` clears both while
leaving the four readable fields as they were, and the worker compared only those four: a library
property so re-initialized in the perturbed run, by the order it saw, told the extra runs after it
which order that was (10 of 16 validations of a one-bit output ok). The worker now reads the two
fields where the interpreter keeps them (``_worker._property_hidden_layout``) and puts them back
with the rest.

Two more (red teams D and E): a library class's dict, grown by keys a pass added and deleted again,
kept its grown table for the next pass to read through ``__sizeof__`` (the class containers are now
laid out afresh after every pass); and the weak references the set-order stand-ins keep to a
program's sets, which a set subclass that also inherits a plain class reads as ``__weakref__``,
carried a callback of the sandbox's and printed real addresses (they are now plain references, and
their reprs print virtual addresses).

Expected outputs are plain Python's, computed by the test in a subprocess.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

from .plain_python import plain_python


def _plain(program: str, inputs: str) -> str:
    return plain_python([(program, inputs)], seed=0, calls=1)[0][0]


# Red team 37A, as found: the bit is the order of a set of strings (two answers among seeds in plain
# Python); a pass that sees the flag cleared on one of two properties answers as the pass that
# cleared it did.
CARRIED_IN_THE_GETTER_DOC_FLAG = """
import statistics


def f(x):
    N = statistics.NormalDist
    A = vars(N)['mean']
    B = vars(N)['median']

    def probe(self):
        "probe doc"
    a = A.getter(probe).__doc__ != 'probe doc'
    b = B.getter(probe).__doc__ != 'probe doc'
    if a != b:
        return 0 if a else 1
    bit = 0 if list({'a', 'b', 'c', 'd'})[0] in 'ab' else 1
    P = B if bit else A
    property.__init__(P, P.fget, P.fset, P.fdel, P.__doc__)
    return bit
"""


def _assert_never_validated(program: str, attempts: int = 4) -> None:
    # Fresh executors (new seeds) each time, and a comment that differs, so that no cache answers.
    for attempt in range(attempts):
        with Executor(workers=2) as ex:
            result = ex.validate(program + f"# {attempt}\n", "0")
        assert not result.ok, result


def test_a_library_property_s_getter_doc_flag_carries_no_bit_between_passes():
    # On the worker before this session, 10 of 16 such validations were ok.
    _assert_never_validated(CARRIED_IN_THE_GETTER_DOC_FLAG)


_READ_THE_DOC_FLAG = """import statistics
def f(x):
    P = vars(statistics.NormalDist)['mean']
    def probe(self):
        "probe doc"
    return P.getter(probe).__doc__
"""
_CLEAR_THE_DOC_FLAG = """import statistics
def f(x):
    P = vars(statistics.NormalDist)['mean']
    def probe(self):
        "probe doc"
    property.__init__(P, P.fget, P.fset, P.fdel, P.__doc__)
    return P.getter(probe).__doc__
"""


def test_a_task_that_re_initializes_a_library_property_answers_as_plain_python_and_the_next_sees_it_fresh():
    with Executor(workers=1) as ex:
        cleared = ex.validate(_CLEAR_THE_DOC_FLAG, "0")
        fresh = ex.validate(_READ_THE_DOC_FLAG, "0")
    # Plain Python: the copy keeps the property's own doc once the flag is cleared, and takes the
    # new getter's doc in a process where nothing cleared it.
    assert cleared.status is ExecStatus.OK and cleared.output == _plain(_CLEAR_THE_DOC_FLAG, "0"), cleared
    assert fresh.status is ExecStatus.OK and fresh.output == _plain(_READ_THE_DOC_FLAG, "0") == "'probe doc'", fresh


# The sandbox's own property (``set_iterator.__setstate__``), which a task that imports nothing
# reaches and a runner keeps from one task to the next: the name ``__set_name__`` gives it shows in
# its "has no setter" error.
_NAME_THE_PROPERTY = """def f(x):
    P = type(iter({1, 2})).__dict__['__setstate__']
    property.__set_name__(P, None, 'carried')
    return x
"""
_READ_THE_NAME = """def f(x):
    P = type(iter({1, 2})).__dict__['__setstate__']
    try:
        P.__set__(iter({1}), 1)
    except AttributeError as e:
        return str(e)
"""


def test_a_shared_property_s_name_set_by_a_task_is_put_back_and_the_task_refused():
    with Executor(workers=1) as ex:  # (one runner: the reader runs where the writer ran)
        before = ex.run(_READ_THE_NAME, "0")
        written = ex.run(_NAME_THE_PROPERTY, "0")
        after = ex.run(_READ_THE_NAME, "0")
    assert written.status is ExecStatus.FORBIDDEN and "re-initialized a descriptor" in written.error, written
    assert before.status is ExecStatus.OK and "carried" not in before.output, before
    assert (after.status, after.output) == (before.status, before.output), (before, after)


# Red team 37E: the set-order stand-ins keep a weak reference to a program's set, which a set
# subclass that also inherits a plain class reads as ``__weakref__`` (its weak-reference list's
# first entry). It was made with a callback, a function of the sandbox's that the program could
# call, and its repr printed real addresses, which told a later task in the runner how an earlier
# one had freed its objects.
_WEAKREF_OF_A_SET = """
class A:
    pass
class S(set, A):
    pass
def f(x):
    s = S({'a', 'b', 'c'})
    for _ in s:
        pass
    w = s.__weakref__
    if w is None:
        return None
    return w.__callback__ is None, repr(w).endswith(' at ' + hex(id(s)) + '>')
"""


def test_a_set_s_weak_reference_holds_no_function_of_the_sandbox_s_and_shows_virtual_addresses(executor):
    # Plain Python: None (nothing refers to the set weakly). The sandbox's own reference may show
    # (README), but with no callback, and with the address id() shows.
    result = executor.run(_WEAKREF_OF_A_SET, "0")
    assert result.status is ExecStatus.OK and result.output in ("None", "(True, True)"), result


_FREE_FORWARD = """
class A:
    pass
class S(set, A):
    pass
def f(x):
    L = [S() for _ in range(x)]
    while L:
        L.pop(0)
    return x
"""
_ADDRESS_ORDER = """
class A:
    pass
class S(set, A):
    pass
def addr(s):
    for _ in s:
        pass
    w = s.__weakref__
    if w is None:
        return None
    return int(repr(w).split(' at ')[2].rstrip('>'), 16)
def f(x):
    sets = [S({'a', 'b'}) for _ in range(4)]
    a = [addr(s) for s in sets]
    if None in a:
        return 'no weakref'
    return ''.join('+' if a[i + 1] > a[i] else '-' for i in range(3))
"""


def test_an_earlier_task_s_frees_decide_nothing_a_later_task_reads_through_a_weak_reference():
    # Plain Python answers 'no weakref'. Before, the reader was validated with '+++' in a fresh
    # runner and answered '---' after a task that freed its sets in forward order (4 of 4): real
    # addresses. Now they are the run's virtual ones, drawn afresh in every run, whatever ran before.
    with Executor(workers=1) as ex:
        alone = ex.validate(_ADDRESS_ORDER, "0")
        ex.run(_FREE_FORWARD, "40")
        after = ex.validate(_ADDRESS_ORDER + "# after\n", "0")
    for result in (alone, after):
        assert result.status is not ExecStatus.OK or result.output == "'no weakref'", result


# Red team 37D: keys added to a library class's dict and deleted again leave its contents as they
# were in a grown table, which __sizeof__ shows: a pass that grew it by the order it saw told the
# extra runs after it which order that was (4 of 8 validations of a one-bit output ok).
GROWN_LIBRARY_DICT = """
import textwrap
d = textwrap.TextWrapper.unicode_whitespace_trans
s = d.__sizeof__()
if s == 336:
    b = list({'a', 'b'})[0] == 'a'
    n = 40 if b else 12
    for i in range(n):
        d[-1 - i] = 0
    for i in range(n):
        del d[-1 - i]
    out = b
else:
    out = s > 1000
def f(x):
    return out
"""


def test_a_library_class_s_dict_grown_by_a_pass_is_laid_out_afresh_for_the_next():
    _assert_never_validated(GROWN_LIBRARY_DICT)


@pytest.fixture(scope="module")
def executor():
    with Executor(workers=2) as ex:
        yield ex


def test_the_set_records_keep_plain_weak_references_and_forget_dead_sets_as_they_grow():
    from azr_env.executor import _setorder

    table, live = {}, []
    for i in range(20_000):
        s = {i, "x"}
        ref = _setorder._weak(s, table)
        assert ref is not None and ref.__callback__ is None and ref() is s
        table[i] = (ref,)  # (keyed by the count: every entry its own, as no address is reused here)
        if i % 10 == 0:
            live.append(s)
    # Without callbacks, dead sets' entries stay until the table has doubled since its last sweep:
    # never more than twice what was alive then, and every live set's entry is kept.
    assert len(table) <= 2 * max(_setorder._SWEEP_FLOOR, 2 * len(live)), len(table)
    assert all(table[10 * k][0]() is s for k, s in enumerate(live))
