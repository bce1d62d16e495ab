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

import pytest

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


CTYPES_CLASSES_LISTED = '''
def f(a):
    found, seen = [], set()
    stack = list(type.__subclasses__(object)) + list(type.__subclasses__(type))
    while stack:
        cls = stack.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        module = str(type.__dict__['__module__'].__get__(cls))
        if module.split('.')[0] in ('ctypes', '_ctypes') and not issubclass(cls, BaseException):
            found.append(cls.__name__)
        try:
            stack.extend(type.__subclasses__(cls))
        except TypeError:
            pass
    return sorted(found), len(seen) > 100
'''


def test_with_the_guards_off_no_walk_from_object_or_type_finds_a_ctypes_class():
    # The layer that holds where the private-name check failed: the escape above went on from
    # type.__subclasses__ to a union of py_object and c_void_p. With the screen and the guards
    # off (the audit hook still refuses `import ctypes`), a program walks every subclass list.
    from azr_env.executor import Executor, SandboxLayers

    layers = SandboxLayers(screen=False, guards=False, audit=True, rlimits=False, privileges=False,
                           landlock=False, seccomp=False)
    with Executor(workers=1, timeout=5.0, layers=layers) as ex:
        assert ex.sandbox_report()["ctypes_classes"].startswith("active")
        result = ex.run(CTYPES_CLASSES_LISTED, "0")
    assert (result.status, result.output) == (ExecStatus.OK, "([], True)"), (result.status, result.output, result.error)


def test_a_programs_classes_print_as_in_a_script(executor):
    # They printed '__azr_task__.Box', which no plain run prints (the benign hunt: 8 of 277).
    program = '''
import collections, typing
from dataclasses import dataclass
T = typing.TypeVar('T')
class Box(typing.Generic[T]):
    pass
@dataclass
class Point:
    x: int
P = collections.namedtuple('P', 'x')
def f(a):
    return repr(type(Point(a))), Point.__module__, P.__module__, repr(Box[int]), __name__
'''
    namespace = {"__name__": "__main__"}
    exec(program, namespace)
    expected = repr(namespace["f"](1))
    result = executor.validate(program, "1")
    assert (result.status, result.output) == (ExecStatus.OK, expected), result.error


def test_a_main_blocks_body_is_skipped_and_library_lookups_of_main_find_the_program(executor):
    program = '''
import typing
class Node:
    nxt: 'typing.Optional[Node]'
def f(a):
    return typing.get_type_hints(Node)['nxt'] == typing.Optional[Node], a
if __name__ == '__main__':
    import doctest
    doctest.testmod()
    print(f(3))
'''
    result = executor.validate(program, "7")
    assert (result.status, result.output, result.stdout) == (ExecStatus.OK, "(True, 7)", ""), result.error


# super.__getattribute__(sup, name): the check judged the instance behind the super object, whose
# own class defined the name; the read skipped that class and returned the library base's (red
# team B2).
SUPER_GETATTRIBUTE = {
    "a library method": '''
import textwrap
class P(textwrap.TextWrapper):
    def _split(self, text):
        return []
def f(a):
    return repr(super.__getattribute__(super(P, P()), "_split"))
''',
    "a metaclass's library method": '''
import enum
class M(enum.EnumType):
    _convert_ = 1
def f(a):
    return repr(super.__getattribute__(super(M, M), "_convert_"))
''',
    "a library slot descriptor": '''
import typing
class P(type(typing.Optional), _root=True):
    _getitem = 1
def f(a):
    d = super.__getattribute__(super(P, P), "_getitem")
    d.__set__(typing.Optional, lambda self, params: "rewritten")
    return repr(typing.Optional[int])
''',
}


def test_with_the_screen_and_guards_off_enums_convert_still_refuses():
    # The gadget that turned a private read into type's namespace: refused in the program's time.
    from azr_env.executor import Executor, SandboxLayers

    program = ("import enum\ndef f(a):\n    return repr(enum.EnumType._convert_(enum.IntEnum, 'X', '__main__', "
               "lambda n: n == '__subclasses__', source=type))")
    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(screen=False, guards=False)) as ex:
        result = ex.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN and "_convert_" in result.error, (result.status, result.output)


HIDDEN_FINALIZER = '''
seen = []
def g(self):
    seen.append(1)
T = getattr(getattr(0, '__cl' + 'ass__'), '__cl' + 'ass__')
C = T('C', (), {'__d' + 'el__': g, '__init__': lambda s, m: None})
def f(a):
    seen.clear()
    box = []
    c = C(box)
    c.me = box
    box.append(c)
    c = box = None
    k = 0
    keep = []
    while not seen:
        keep.append([])
        k += 1
    return k
'''


def test_the_first_collection_comes_at_a_random_count_in_every_run_whatever_the_code_names(executor):
    # A __del__ that no name in the code spells (a class made by type() with a computed key)
    # escaped the static look for finalizers and ran unpadded: 686 in every run, a few more in
    # the perturbed run, which a program used to tell the runs apart and answer with the seed's
    # order in the reported run alone (red team D2: 7 of 12 validated).
    counts = {executor.run(HIDDEN_FINALIZER, "0").output for _ in range(8)}
    assert len(counts) > 2 and all(0 <= int(count) <= 700 for count in counts), counts
    assert executor.validate(HIDDEN_FINALIZER, "0").status == ExecStatus.NONDETERMINISTIC


GUARDS_ROUND_TWO = {
    # object.__getattribute__ reads a class as any object (its metaclass's MRO, its own dict):
    # judged as a class, a base of the program's that defined the name passed.
    "a class read through object.__getattribute__": '''
import abc
class B(abc.ABC):
    def _dump_registry(self):
        return 1
class C(B):
    pass
def f(a):
    return repr(object.__getattribute__(C, '_dump_registry'))
''',
    # typing's alias __getattr__, called with a str subclass, went past the patched check.
    "a str subclass through an alias's __getattr__": '''
import typing, textwrap
class S(str):
    def startswith(self, *a):
        return False
def f(a):
    A = type(typing.List[int])
    return repr(A(textwrap.TextWrapper, (int,)).__getattr__(S('_split')))
''',
    "a slot descriptor through an alias's __getattr__": '''
import typing
class S(str):
    pass
def f(a):
    A = type(typing.List[int])
    d = A(type(typing.Optional), (int,)).__getattr__(S('_getitem'))
    d.__set__(typing.Optional, lambda self, params: 'rewritten')
    return repr(typing.Optional[float])
''',
}


def test_an_aliass_writes_reach_its_origin_only_through_the_guards(executor):
    # 3.11's typing keeps four names on the alias itself; two names of later versions in the
    # sandbox's list went to typing's real setattr, which wrote them into the origin.
    program = '''
import typing, collections.abc
class C:
    pass
def f(a):
    alias = typing.Sequence[C]
    try:
        alias._defaults = 'x'
    except AttributeError:
        pass
    return [n for n in dir(collections.abc.Sequence) if n in ('_defaults', '_typevar_types')]
'''
    result = executor.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN or result.output == "[]", (result.status, result.output)


def test_typing_aliases_still_read_and_forward_as_in_python(executor):
    program = '''
import typing
T = typing.TypeVar('T')
class Box(typing.Generic[T]):
    pass
def f(a):
    alias, box = typing.List[int], Box[int]
    return alias._name, alias.__origin__, repr(box), typing.get_args(typing.Dict[str, int]), box().__orig_class__ == box
'''
    result = executor.validate(program, "0")
    assert (result.status, result.output) == (
        ExecStatus.OK, "('List', <class 'list'>, '__main__.Box[int]', (<class 'str'>, <class 'int'>), True)"), result.error


MIXED_BY_VALUE = '''
def f(a):
    s = {1, 2, 3, 4, 5, 6, 7, 8, %s}
    numbers = [v for v in s if type(v) is int]
    if numbers == sorted(numbers):
        return list({'apple', 'banana'})[0]
    return 'apple'
'''


def test_a_set_of_numbers_and_an_element_placed_by_a_random_hash_is_mixed_for_the_extra_runs(executor):
    # A tuple holding a string and a NaN are laid out by random hashes, not as numbers, but the
    # check for "mixed" went by types: the extra runs were all uniform, the reported run kept the
    # numbers ascending, and a program answered with the seed's order there alone (red team D3).
    for other in ("('x',)", "float('nan')"):
        program = MIXED_BY_VALUE % other
        statuses = [executor.validate(program, "0").status for _ in range(10)]
        assert statuses.count(ExecStatus.OK) <= 1, (other, statuses)


SCRIPT_STYLE = [
    ("def f(x):\n    return g(x)\nif __name__ == '__main__':\n    def g(x):\n        return x + 1\n", "3", "4"),
    ("if __name__ == '__main__':\n    def f(x):\n        return x * 2\n", "3", "6"),
    ("calls = []\ndef f(x):\n    calls.append(x)\n    return len(calls)\nif __name__ == '__main__':\n    f(1)\n    f(2)\n", "0", "3"),
    ("MODE = 'lib'\nif __name__ != '__main__':\n    A = 'lib'\nelse:\n    A = 'cli'\nif __name__ == '__main__':\n    B = 'cli'\n"
     "else:\n    B = 'lib'\ndef f(a):\n    return A, B\n", "0", "('cli', 'cli')"),
]


def test_main_blocks_the_screen_accepts_run_as_in_a_script(executor):
    # Blanked, they answered NameError where a script answers, or a mix of script and import
    # readings of __name__ that no run gives (red team G).
    for program, arguments, script in SCRIPT_STYLE:
        result = executor.run(program, arguments)
        assert (result.status, result.output) == (ExecStatus.OK, script), (program, result.error)


def test_elements_whose_hash_no_seed_moves_keep_cpythons_order(executor):
    # '' and b'' hash to 0, a frozenset of numbers and a range of two or more by value: CPython
    # lays them out alike under every seed. Judged seed-ordered (any str) or laid out by random
    # hashes, they were refused and `run` answered orders no seed gives (red team D4).
    empty = "def f():\n    return list({'', 1, 2}), list({b'', 3, ''})\n"
    namespace = {}
    exec(empty, namespace)
    result = executor.validate(empty, "")
    assert (result.status, result.output) == (ExecStatus.OK, repr(namespace["f"]())), result.error
    frozen = "def f():\n    s = {frozenset({1}), 1, 2, 'a'}\n    return [x for x in s if x != 'a']\n"
    exec(frozen, namespace)
    assert {executor.run(frozen, "").output for _ in range(8)} == {repr(namespace["f"]())}


GUARDS_ROUND_THREE = {
    # The first fix for object.__getattribute__ on a class judged it by the instance rules, which
    # took the class's namespace (a mappingproxy) for no instance dict (red team B6).
    "a library class's own private method": "import textwrap\ndef f(a):\n    return repr(object.__getattribute__(textwrap.TextWrapper, '_split'))",
    "a library class's slot descriptor": '''
import typing
def f(a):
    d = object.__getattribute__(type(typing.Optional), '_getitem')
    d.__set__(typing.Optional, lambda self, params: 'rewritten')
    return repr(typing.Optional[int])
''',
    # namedtuple's public-by-convention names are the program's to read, but a library
    # namedtuple's _field_defaults is that library class's own dict.
    "a library namedtuple's _field_defaults": '''
import statistics
def f(a):
    d = statistics.LinearRegression._field_defaults
    d['slope'] = 'x'
    return dict(d)
''',
}


def test_the_programs_own_names_read_through_object_getattribute_and_namedtuple_api(executor):
    program = '''
from collections import namedtuple
P = namedtuple('P', 'x y', defaults=(0,))
class C:
    _table = {'a': 1}
    def _helper(self):
        return 2
def f(a):
    return (object.__getattribute__(C, '_table'), object.__getattribute__(C(), '_helper')(),
            P._field_defaults, P(1)._asdict(), P._fields)
'''
    result = executor.validate(program, "0")
    assert (result.status, result.output) == (
        ExecStatus.OK, "({'a': 1}, 2, {'y': 0}, {'x': 1, 'y': 0}, ('x', 'y'))"), result.error


OLD_CYCLE = '''
log = []
class N:
    def __init__(self, tag):
        self.me = self
        self.tag = tag
    def __del__(self):
        log.append(self.tag)
def tick(i):
    N(i)
    keep = []
    while i not in log:
        keep.append([])
def measure():
    old = N('old')
    tick(0)
    old = None
    i = 1
    while 'old' not in log and i < 100:
        tick(i)
        i += 1
    return i
YOUNG_COLLECTIONS = measure()
def f(k):
    return YOUNG_COLLECTIONS if k is None else YOUNG_COLLECTIONS >= k
'''


def test_the_older_generations_counts_start_at_random_too(executor):
    # Every run started the middle generation's count at 1 (after the task's full collection),
    # so the young collections until a cycle that survived one was freed came to 11 in every run
    # (8 in every plain process), and "10 or more?" was validated True (red team D5: 10 of 10).
    counts = {executor.run(OLD_CYCLE, "None").output for _ in range(10)}
    assert len(counts) > 2, counts
    assert executor.validate(OLD_CYCLE, "10").status == ExecStatus.NONDETERMINISTIC


COLLECTED_IN_A_WINDOW = '''
log = []
class N:
    def __init__(self):
        self.me = self
    def __del__(self):
        log.append(1)
pad = [[] for _ in range(480)]
N()
window = [[] for _ in range(60)]
COLLECTED = bool(log)
pad = window = None
def f(x):
    if COLLECTED:
        return next(iter({'a', 'b'})) == 'a'
    return False
'''


def test_garbage_with_a_finalizer_freed_only_by_the_clean_up_gets_the_extra_runs(executor):
    # A cycle with __del__ made just before a window of allocations that `python -c` always
    # collects in: a run's random start puts a collection there one time in twelve, and the
    # perturbed run, whose collections found nothing, opened no extra runs (14 of 16 validated
    # with False, where plain Python answers the seed's bit). The clean-up's collection finding
    # it now opens them; each reaches the window with its own start.
    statuses = [executor.validate(COLLECTED_IN_A_WINDOW, "0").status for _ in range(16)]
    assert statuses.count(ExecStatus.OK) <= 9, statuses


BOUND_THROUGH_SUPER = {
    # super(X, obj).__getattribute__ is the slot found after X, bound to obj, which reads obj in
    # full: judged on the super object, a library class before X went unchecked (red team B7).
    "a library base before X": '''
import textwrap
class P:
    _split = 1
class B(textwrap.TextWrapper, P):
    pass
def f(a):
    return repr(super(textwrap.TextWrapper, B()).__getattribute__('_split'))
''',
    "a library slot descriptor through a metaclass": '''
import typing
class Pm(type):
    _getitem = 1
class M(Pm):
    pass
class C(type(typing.Optional), metaclass=M, _root=True):
    pass
def f(a):
    d = super(M, C).__getattribute__('_getitem')
    d.__set__(typing.Optional, lambda self, p: 'rewritten')
    return repr(typing.Optional[int])
''',
}


def test_the_programs_own_names_through_super_and_through_its_generic_aliases(executor):
    # Refused by the same judgement, where plain Python answers (red team B7).
    program = '''
import typing
T = typing.TypeVar('T')
class C:
    def __init__(self):
        self._x = 5
    def __getattribute__(self, name):
        return super().__getattribute__(name)
class Meta(type):
    pass
class D(metaclass=Meta):
    _y = 4
class G(typing.Generic[T]):
    _reg = 3
def f(a):
    return C()._x + a, super(Meta, D).__getattribute__('_y'), G[int]._reg
'''
    result = executor.validate(program, "1")
    assert (result.status, result.output) == (ExecStatus.OK, "(6, 4, 3)"), result.error


# Every library private read above, each judged where it lands (red teams B2, B3, B6, B7).
FORBIDDEN_READS = {**SUPER_GETATTRIBUTE, **GUARDS_ROUND_TWO, **GUARDS_ROUND_THREE, **BOUND_THROUGH_SUPER}


@pytest.mark.parametrize("what", sorted(FORBIDDEN_READS))
def test_a_library_private_read_is_refused_where_it_lands(executor, what):
    result = executor.run(FORBIDDEN_READS[what], "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
