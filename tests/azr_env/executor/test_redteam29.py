"""The twenty-fourth session's red team C: the sandbox's own objects as carriers.

1. copy.deepcopy's "not in the memo" marker was a list made once (copy's default argument, and the
   sandbox's checked deepcopy's), handed to the memo's ``get``, which a program's dict subclass
   defines: what a pass appended to it the next pass read (6 of 10 validations of a one-bit order
   ok), as a later task in the runner could.
2. A set judged order-free when its iteration or its pops began got the interpreter's own order;
   a string swapped in meanwhile (a discard and an add: the size stays), or added between pops,
   was then yielded, or popped, where the seed placed it, which no run reproduced (4 and 8 of 10
   validations ok).
3. The stand-ins for operator.attrgetter and methodcaller, and the withheld stand-in, set their
   slots with ``object.__setattr__``: called unbound on a library function, they wrote into its
   ``__dict__``, which every later task in the runner saw.
"""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor

CATCH_THE_MARKER = '''
import copy
class M(dict):
    def get(self, k, default=None):
        global NIL
        NIL = default
        return dict.get(self, k, default)
NIL = None
'''
# Reads what an earlier pass or task left in the marker, then leaves something there itself.
MARKER_CARRIER = CATCH_THE_MARKER + '''
def f(a):
    copy.deepcopy(a, M())
    seen = type(NIL) is list and len(NIL) > 0
    try:
        NIL.append('left by an earlier pass')
    except AttributeError:
        pass
    return seen
'''


def test_deepcopys_marker_carries_nothing_from_pass_to_pass_or_task_to_task():
    with Executor(workers=1) as ex:
        for inputs in ("0", "[0]"):  # the checked deepcopy's marker, and copy's own in its recursion
            for _ in range(2):
                result = ex.validate(MARKER_CARRIER, inputs)
                assert (result.status, result.output) == (ExecStatus.OK, "False"), result
                result = ex.run(MARKER_CARRIER, inputs)
                assert (result.status, result.output) == (ExecStatus.OK, "False"), result


def test_a_memo_of_the_programs_own_dict_subclass_still_works():
    program = CATCH_THE_MARKER + "def f(a):\n    memo = M()\n    b = copy.deepcopy(a, memo)\n    return b, b is not a, len(memo) > 0\n"
    with Executor(workers=1) as ex:
        result = ex.validate(program, "[[1, 2], {'k': (3,)}]")
        assert (result.status, result.output) == (ExecStatus.OK, "([[1, 2], {'k': (3,)}], True, True)"), result


SWAPPED_IN_WHILE_ITERATED = '''
def f(a):
    s = set(range(0, 32, 4))
    seen = False
    for x in s:
        if x == 16:
            s.discard(0)
            s.add('zz')
        if type(x) is str:
            seen = True
    return seen
'''
ADDED_BETWEEN_POPS = '''
def f(a):
    s = set(range(0, 32, 4))
    out = [s.pop() for _ in range(4)]
    s.add('zz')
    out += [s.pop() for _ in range(len(s))]
    return out.index('zz') < 6
'''


def test_a_string_swapped_into_a_set_of_numbers_is_not_left_to_the_seeds():
    with Executor(workers=2) as ex:
        # The walk that began order-free reports that it cannot check the order...
        result = ex.validate(SWAPPED_IN_WHILE_ITERATED, "0")
        assert result.status is ExecStatus.NONDETERMINISTIC, result
        assert "a set changed while it was iterated or popped" in result.error, result
        # ... and a small set whose pops began order-free is judged again when it grows, so the
        # perturbed run and the extra orders pop the string elsewhere.
        for _ in range(3):
            result = ex.validate(ADDED_BETWEEN_POPS, "0")
            assert result.status is ExecStatus.NONDETERMINISTIC, result


def test_numbers_swapped_into_a_set_of_numbers_still_validate():
    program = ("def f(a):\n    s = set(range(8))\n    seen = []\n    for x in s:\n        if x == 3:\n"
               "            s.discard(0)\n            s.add(40)\n        seen.append(x)\n"
               "    t = set(range(0, 32, 4))\n    out = [t.pop() for _ in range(4)]\n    t.add(100)\n"
               "    out += [t.pop() for _ in range(len(t))]\n    return seen, out\n")
    with Executor(workers=2) as ex:
        result = ex.validate(program, "0")
        assert result.ok, result


def test_the_stand_ins_write_nothing_onto_other_objects():
    probe = "import heapq\ndef f(a):\n    return sorted(vars(heapq.merge)), sorted(vars(getattr))\n"
    # (The stand-ins are made in __new__ since the thirty-first session, as the C types are: their
    # __init__ is object's, which writes nothing and, called so, raises nothing in plain Python
    # either; their __new__ makes only their own instances.)
    writes = [
        "import operator\ndef f(a):\n    operator.attrgetter.__init__(getattr, 'x')\n",
        "import operator, heapq\ndef f(a):\n    operator.methodcaller.__init__(heapq.merge, 'x', 'data')\n",
        "import operator\ndef f(a):\n    operator.attrgetter.__new__(type(getattr), 'x')\n",
        "import operator, heapq\ndef f(a):\n    operator.methodcaller.__new__(type(heapq.merge), 'x', 'data')\n",
        "import heapq\ndef f(a):\n    type(vars(type)['__bases__']).__init__(heapq.merge, 'x')\n",
    ]
    with Executor(workers=1) as ex:
        alone = ex.run(probe, "0")
        assert (alone.status, alone.output) == (ExecStatus.OK, "([], [])"), alone
        for write in writes:
            result = ex.run(write, "0")
            if "__init__(" in write and "operator" in write:
                assert (result.status, result.output) == (ExecStatus.OK, "None"), (write, result)
            else:
                assert result.status is ExecStatus.ERROR and "TypeError" in result.error, (write, result)
            after = ex.run(probe, "0")
            assert (after.status, after.output) == (alone.status, alone.output), (write, after)
