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

Expected outputs are plain Python's, computed by the test in a subprocess.
"""
from __future__ import annotations

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


def test_a_library_property_s_getter_doc_flag_carries_no_bit_between_passes():
    # On the worker before this session, 10 of 16 such validations were ok.
    for attempt in range(4):
        with Executor(workers=2) as ex:
            result = ex.validate(CARRIED_IN_THE_GETTER_DOC_FLAG + f"# {attempt}\n", "0")
        assert not result.ok, result


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
