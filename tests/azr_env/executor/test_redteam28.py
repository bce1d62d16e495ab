"""The twenty-fourth session's red team A: state that library code wrote where no reset looked.

1. ``object.__getstate__`` and ``copy`` have copyreg record ``__slotnames__`` on the object's class.
   On the sandbox's own classes (the set iterator, the withheld stand-in) nothing took it out again:
   a task changed what a later task in the runner saw, and a pass told the next pass a
   seed-dependent bit (about 1 validation in 4 ok).
2. The worker interns the library's strings before the freeze, but its walk missed dicts the
   collector does not track (json.encoder.ESCAPE_DCT holds strings alone): interning one carried a
   bit from pass to pass (3 of 7 validations ok).
3. The descriptors of classes an allowed module does not name (typing.ContextManager.__origin__ is
   contextlib's class) were not recorded, so a classmethod re-initialised in C kept its new
   function into the later passes (6 of 8 validations ok).

Each program below reads the state first and then writes it: in plain Python every fresh process
reads it untouched, so each pass must too (a validation that saw its own earlier pass's write
would call the runs nondeterministic).
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

from .test_redteam26 import CARRY_BY_INTERNING

SLOTNAMES_OF_THE_SET_ITERATOR = (
    "def f(a):\n    it = iter({1})\n    seen = hasattr(type(it), '__slotnames__')\n"
    "    it.__getstate__()\n    return seen\n")
SLOTNAMES_OF_A_STAND_IN = (
    "import copy\ndef f(a):\n    w = vars(type)['__bases__']\n    seen = '__slotnames__' in dir(w)\n"
    "    copy.copy(w)\n    return seen\n")
# The carrier of red team N's interning cases (test_redteam26), its helpers with a mark read first:
# one of json.encoder.ESCAPE_DCT's strings, which the walk before the freeze missed.
INTERNED_ESCAPE = CARRY_BY_INTERNING.replace("import textwrap", "import json\nE = json.encoder.ESCAPE_DCT").split(
    "def f(x):")[0] + """def f(x):
    t = E['\\x01']
    before = interned(t)
    evict()
    mark(t)
    return before
"""
# Returns the set's first word, which the seed decides, unless an earlier call wrote the mark:
# every validation must call that nondeterministic, whichever pass wrote it.
CONTEXTLIB_CLASSMETHOD = '''import typing
A = typing.ContextManager.__origin__
def f(x):
    C = vars(A)['__class_getitem__']
    n = C.__func__.__name__
    if n in ('apple', 'banana'):
        return n
    w = next(iter({'apple', 'banana'}))
    def g(cls, *a):
        return 0
    g.__name__ = w
    classmethod.__init__(C, g)
    return w
'''


@pytest.mark.parametrize("program, expected", [
    (SLOTNAMES_OF_THE_SET_ITERATOR, "False"),
    (SLOTNAMES_OF_A_STAND_IN, "False"),
    (INTERNED_ESCAPE, "True"),  # (interned before the freeze, as every library string is)
], ids=["slotnames, set iterator", "slotnames, stand-in", "interned escape string"])
def test_no_pass_reads_what_an_earlier_pass_wrote(program, expected):
    with Executor(workers=1) as ex:
        for _ in range(2):
            result = ex.validate(program, "0")
            assert (result.status, result.output) == (ExecStatus.OK, expected), result


def test_a_classmethod_of_a_class_no_allowed_module_names_is_put_back_between_passes():
    with Executor(workers=1) as ex:
        results = [ex.validate(CONTEXTLIB_CLASSMETHOD, "0") for _ in range(8)]
    assert all(r.status is ExecStatus.NONDETERMINISTIC for r in results), results


def test_a_task_that_has_the_set_iterator_copied_changes_no_later_task():
    probe = "def f(a):\n    return hasattr(type(iter({1})), '__slotnames__'), '__slotnames__' in dir(iter({1}))\n"
    with Executor(workers=1) as ex:
        alone = ex.run(probe, "0")
        assert alone.ok and alone.output == "(False, False)"
        assert ex.run("def f(a):\n    iter({1}).__getstate__()\n    return 0\n", "0").ok
        after = ex.run(probe, "0")
        assert (after.status, after.output) == (alone.status, alone.output)


def test_a_programs_own_classes_still_keep_their_slot_names():
    # copyreg's record on the program's own class is plain Python's behaviour, and stays.
    program = ("import copy\nclass P:\n    __slots__ = ('x', 'y')\n    def __init__(self):\n"
               "        self.x, self.y = 1, 2\n"
               "def f(a):\n    q = copy.copy(P())\n    return q.x + q.y, P.__dict__.get('__slotnames__')\n")
    with Executor(workers=1) as ex:
        result = ex.validate(program, "0")
        assert (result.status, result.output) == (ExecStatus.OK, "(3, ['x', 'y'])"), result
