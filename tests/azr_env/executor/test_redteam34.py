"""The twenty-sixth session's red teams.

1. The sandbox's set iterator kept its state (the set, its size, the rest of the walk) in a slot
   named ``__state__`` that a program could read and write like an attribute of its own object.
   Written with a bound built-in method as the "rest", ``copy.copy(it)`` ran that method's
   ``__reduce__`` in the sandbox's frame, whose builtins are the real ones: the reduce looked up
   ``getattr`` there, and copy then called the real, unguarded ``getattr`` (red team B; no leak was
   found through it, but the program chose which of its objects the sandbox's own code handled).
   The slot is now reached through its descriptor, held by the sandbox alone.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

READ_STATE = '''
def f(x):
    it = iter({'a', 'b'})
    return repr(it.__state__)
'''

WRITE_STATE = '''
import copy
def f(x):
    it = iter({'a', 'b'})
    it.__state__ = (None, 0, [].append)
    return repr(copy.copy(it))
'''

ORDINARY = '''
import copy, operator
def f(x):
    it = iter({3, 1, 2})
    first = next(it)
    return operator.length_hint(it), sorted(copy.copy(it)) == sorted({3, 1, 2} - {first}), sorted(it)
'''


@pytest.fixture(scope="module")
def ex():
    with Executor(workers=2) as executor:
        yield executor


@pytest.mark.parametrize("program", [READ_STATE, WRITE_STATE], ids=["read", "write"])
def test_a_program_cannot_reach_the_set_iterators_state(ex, program):
    for result in (ex.run(program, "0"), ex.validate(program, "0")):
        assert result.status is ExecStatus.ERROR, result
        assert "'set_iterator' object has no attribute '__state__'" in result.error


def test_the_set_iterator_still_answers_length_hint_and_copy_as_the_interpreters(ex):
    result = ex.validate(ORDINARY, "0")
    assert result.status is ExecStatus.OK, result
    assert result.output.startswith("(2, True, [")
