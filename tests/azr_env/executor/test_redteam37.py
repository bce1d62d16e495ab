"""The thirtieth session's findings.

1. Every run started the program's youngest garbage-collector generation from the same reset
   count, so the first automatic collection (and the first finalizer of a garbage cycle) came
   after the same number of allocations in every run. An output that told whether it took 600 or
   more was validated with True in 5 of 5 validations, while every plain process answers False
   (`python -c` reaches it after about 530 allocations; after other imports, 272). Runs of a
   program that may have finalizers now start that count at a random place, and a perturbed run
   that saw a collection is checked against the extra runs (red team D).
2. ``verify.parse_literal``, documented as never raising, let ``OverflowError`` out:
   ``ast.literal_eval`` adds an int to a complex number, and ``0x`` + 300 ``f``s + ``+1j`` is an
   int too large for a float. A solver's answer, or a proposed program's output repr, raised
   through ``check_output_prediction``, ``evaluate_proposals`` (the whole batch lost) and
   ``score_answers`` (red team A).
"""
from __future__ import annotations

from azr_env.executor import ExecStatus, check_output_prediction
from azr_env.executor.verify import parse_literal, parse_printed
from azr_env.tasks import TaskConfig, TaskType
from azr_env.tasks.types import Task
from azr_env.tasks.validation import evaluate_proposals
from azr_env.tasks.verification import score_answers

FIRST_COLLECTION = """
log = []
class Cycle:
    def __init__(self):
        self.me = self
    def __del__(self):
        log.append(1)
first = None
for i in range(3000):
    Cycle()
    if log:
        first = i
        break
def f(k):
    return first if k is None else first >= k
"""


def test_an_output_that_tells_when_the_first_collection_came_is_not_validated_as_no_process_gives_it(executor):
    # Plain processes reach the first collection after fewer than 600 allocations; a run that
    # starts from an emptied generation, after about 680. Whatever validation decides, it must
    # not vouch for True.
    results = [executor.validate(FIRST_COLLECTION, "600") for _ in range(4)]
    assert not any(r.status == ExecStatus.OK and r.output == "True" for r in results), [
        (r.status, r.output) for r in results]
    assert sum(r.status == ExecStatus.NONDETERMINISTIC for r in results) >= 3, [(r.status, r.error) for r in results]


def test_runs_reach_the_first_collection_after_as_many_allocations_as_a_process_might(executor):
    counts = {executor.run(FIRST_COLLECTION, "None").output for _ in range(8)}
    assert len(counts) > 1, counts
    assert all(0 <= int(count) <= 700 for count in counts), counts


def test_programs_whose_finalizers_do_not_decide_the_output_still_validate(executor):
    cycles = """
log = []
class Node:
    def __init__(self, v):
        self.v = v
        self.me = self
    def __del__(self):
        log.append(self.v)
def f(n):
    for i in range(n):
        Node(i)
    return n * 2
"""
    counted = """
class Resource:
    live = 0
    def __init__(self):
        Resource.live += 1
    def __del__(self):
        Resource.live -= 1
def f(n):
    held = [Resource() for _ in range(n)]
    most = Resource.live
    del held
    return most, Resource.live
"""
    for program, arguments, output in ((cycles, "3000", "6000"), (counted, "3000", "(3000, 0)")):
        result = executor.validate(program, arguments)
        assert (result.status, result.output) == (ExecStatus.OK, output), result.error


HUGE_PLUS_COMPLEX = "0x" + "f" * 300 + "+1j"


def test_a_literal_whose_sum_overflows_is_no_literal_and_raises_nothing():
    ok, value, reason = parse_literal(HUGE_PLUS_COMPLEX)
    assert (ok, value) == (False, None) and "OverflowError" in reason or "too large" in reason, reason
    assert parse_printed(HUGE_PLUS_COMPLEX) == (False, None)
    for gold in ("1", "[1, 2]", "inf", "frozenset({1})"):
        verdict = check_output_prediction(HUGE_PLUS_COMPLEX, gold)
        assert not verdict.correct and verdict.reason, gold


def test_a_proposal_whose_output_overflows_when_read_is_refused_and_spares_the_batch(executor):
    hostile = ("<answer>```python\nclass R:\n    def __repr__(self):\n        return " + repr(HUGE_PLUS_COMPLEX)
               + "\ndef f(a):\n    return R()\n```\n```input\n1\n```</answer>")
    honest = "<answer>```python\ndef f(a):\n    return a[::-1]\n```\n```input\n'abc'\n```</answer>"
    outcomes = evaluate_proposals(executor, "deduction", [honest, hostile], TaskConfig())
    assert outcomes[0].valid and outcomes[0].task.output == "'cba'"
    assert not outcomes[1].valid and outcomes[1].reason


def test_an_answer_that_overflows_when_read_scores_as_wrong(executor):
    task = Task(TaskType.DEDUCTION, "def f(a):\n    return float(a)", "'inf'", "inf")
    answers = ["<answer>inf</answer>", f"<answer>{HUGE_PLUS_COMPLEX}</answer>"]
    right, hostile = score_answers(executor, [task, task], answers, TaskConfig())
    assert right.reward == 1.0
    assert hostile.reward < 1.0 and hostile.reason


SUPER_SPOOF = '''
import textwrap, enum
class Decoy:
    _split = _convert_ = 1
class Decoy2(Decoy):
    pass
class Spoof:
    __self_class__ = Decoy2
    __thisclass__ = Decoy2
class T(Spoof, textwrap.TextWrapper):
    pass
class U(T):
    pass
class M(Spoof, enum.EnumType):
    pass
class E(enum.Enum, metaclass=M):
    A = 1
def f(which):
    if which == 'wrapper':
        return repr(super(U, U())._split)
    return repr(super(M, E)._convert_)
'''

SUPER_EQ = '''
import textwrap
class Meta(type):
    def __eq__(cls, other):
        return True
    __hash__ = type.__hash__
class A(metaclass=Meta):
    _split = 1
class U(A, textwrap.TextWrapper):
    pass
def f(a):
    return repr(super(A, U())._split)
'''


def test_a_super_object_is_judged_by_its_own_fields_not_by_names_the_mro_answers(executor):
    # super looks every name but __class__ up along the MRO after __thisclass__ first: a program
    # class there that defined __self_class__ and __thisclass__ made the private-name check walk
    # its own decoy's MRO while the read landed in the library class (the escape went on from
    # EnumType._convert_ to object.__subclasses__(), ctypes and the real builtins).
    for which in ("wrapper", "enum"):
        result = executor.run(SUPER_SPOOF, repr(which))
        assert result.status == ExecStatus.FORBIDDEN, (which, result.status, result.output)
        assert "private attribute" in result.error


def test_a_super_objects_mro_is_searched_by_identity(executor):
    # ``mro.index(thisclass)`` compared with ==: a metaclass's __eq__ that always answered True
    # started the walk at the program's own class, which defined the name.
    result = executor.run(SUPER_EQ, "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)


def test_super_still_reaches_the_programs_own_private_names_and_public_library_ones(executor):
    program = '''
import textwrap
class Base:
    def _helper(self):
        return 'base'
class Child(Base):
    def _helper(self):
        return 'child+' + super()._helper()
class Wrapper(textwrap.TextWrapper):
    def wrap(self, text):
        return [line.upper() for line in super().wrap(text)]
def f(text):
    return Child()._helper(), Wrapper(width=6).wrap(text)
'''
    result = executor.validate(program, "'ab cd ef'")
    assert (result.status, result.output) == (ExecStatus.OK, "('child+base', ['AB CD', 'EF'])"), result.error
