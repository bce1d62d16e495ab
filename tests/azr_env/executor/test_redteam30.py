"""The twenty-fourth session's red team D: library state a one-shot job's passes shared.

1. The interpreter counts changes of the warning filters and writes the count into the
   ``__warningregistry__`` of the module a warning comes from, the program's own; ``re.template``
   changes the filters for a moment, so the count told a pass what earlier passes had done (2 of
   12 validations of a seed-dependent bit ok).
2. Library objects that no module names were not put back between passes: the composite flags
   ``re`` made while it loaded (``re.I | re.X``) cache their inverse in their own dict, and the
   ``Generic[AnyStr]`` inside ``typing.IO.__orig_bases__`` takes new arguments from its own
   ``__init__`` (3 and 2 of 12 validations ok).
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

# How far the filters' count moves while the program runs: in plain Python re.template moves it.
FILTER_COUNT = '''
import re
def f(x):
    bool(NotImplemented)
    before = __warningregistry__['version']
    re.template('x')
    bool(NotImplemented)
    return __warningregistry__['version'] - before
'''


def test_the_warning_filters_count_does_not_move_in_the_programs_time():
    with Executor(workers=2) as ex:
        result = ex.validate(FILTER_COUNT, "0")
        assert (result.status, result.output) == (ExecStatus.OK, "0"), result


# Each reads a mark an earlier pass may have left, else leaves it when the set's first word is
# 'apple' and returns that word: every validation must call it nondeterministic.
CARRIERS = {
    "a composite flag's cached inverse": '''
import re
def f(x):
    a = re.I | re.X
    i = vars(a).get('_inverted_')
    if i is not None and i is not re.RegexFlag(i.value):
        return 'apple'
    w = next(iter({'apple', 'banana'}))
    if w == 'apple':
        ~a
    return w
''',
    "a generic alias re-initialised": '''
import typing
def f(x):
    ga = typing.IO.__orig_bases__[0]
    if ga.__args__[0] is int:
        return 'apple'
    w = next(iter({'apple', 'banana'}))
    if w == 'apple':
        type(ga).__init__(ga, typing.Generic, (int,))
    return w
''',
}


@pytest.mark.parametrize("name", sorted(CARRIERS))
def test_library_objects_no_module_names_are_put_back_between_passes(name):
    verdicts = []
    for _ in range(10):  # (fresh executors: each draws its own hash seeds)
        with Executor(workers=2) as ex:
            verdicts.append(ex.validate(CARRIERS[name], "0").status)
    assert set(verdicts) == {ExecStatus.NONDETERMINISTIC}, verdicts
