"""The twenty-fifth session's red team B2: a value replaced under a name a library class already
had carried a bit of the seed's order from one pass of a validation to the next.

CPython 3.11 audits no write to a heap class, and the guards check only the writes a program
makes itself; library code the program calls may write. ``Generic.__init_subclass__``, called on
a library class (``typing.SupportsAbs.__init_subclass__()``), sets ``cls.__parameters__`` from
the class's ``__orig_bases__``, whose alias the program had re-initialised with the alias's own
``__init__`` to hold a type variable of its choosing. The alias was put back between passes; the
class's ``__parameters__`` was not (only names added to a class were taken out). So the extra
runs of validation, which share the reversed run's process, read the reversed run's bit there
and repeated it: 7 and 9 of 10 validations ok of a program whose output is the seed's.

Every library class's namespace now gets back its values too, compared by identity, after each
pass of a one-shot job.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

CARRIERS = {
    # A Protocol class: the alias in its __orig_bases__ is Protocol[T_co].
    "SupportsAbs.__parameters__": '''
import typing
def f(x):
    cls = typing.SupportsAbs
    mark = cls.__parameters__[0]
    if mark is typing.AnyStr:
        return 0
    if mark is typing.T:
        return 1
    bit = int(next(iter({'a', 'b', 'c'})) < 'b')
    alias = cls.__orig_bases__[0]
    type(alias).__init__(alias, alias.__origin__, (typing.T if bit else typing.AnyStr,))
    cls.__init_subclass__()
    return bit
''',
    # A Generic[AnyStr] class: Generic.__init_subclass__ takes the other branch (its gvars).
    "IO.__parameters__": '''
import typing
def f(x):
    cls = typing.IO
    mark = cls.__parameters__[0]
    if mark is typing.T:
        return 0
    if mark is typing.KT:
        return 1
    bit = int(next(iter({'a', 'b', 'c'})) < 'b')
    alias = cls.__orig_bases__[0]
    type(alias).__init__(alias, alias.__origin__, (typing.KT if bit else typing.T,))
    cls.__init_subclass__()
    return bit
''',
}


@pytest.mark.parametrize("name", sorted(CARRIERS))
def test_values_replaced_on_library_classes_are_put_back_between_passes(name):
    verdicts = []
    for _ in range(6):  # (fresh executors: each draws its own hash seeds)
        with Executor(workers=2) as ex:
            verdicts.append(ex.validate(CARRIERS[name], "0").status)
    assert set(verdicts) == {ExecStatus.NONDETERMINISTIC}, verdicts


def test_library_code_still_writes_within_a_pass():
    # Put back between passes, not refused: within its own pass the program sees the library do
    # what plain Python's does (validate would refuse this one: its second call sees the first's
    # write, state kept across calls).
    program = '''
import typing
def f(x):
    cls = typing.SupportsAbs
    first = cls.__parameters__ == (typing.T_co,)
    alias = cls.__orig_bases__[0]
    type(alias).__init__(alias, alias.__origin__, (typing.AnyStr,))
    cls.__init_subclass__()
    return first, cls.__parameters__ == (typing.AnyStr,)
'''
    with Executor(workers=2) as ex:
        result = ex.run(program, "0")
        report = ex.sandbox_report()["library_state"]
    assert result.ok and result.output == "(True, True)", result
    assert "names and values" in report
