"""The twenty-fourth session's red team E: the set iterator's C parts again, through an MRO the
program ordered itself.

A metaclass's ``mro`` put ``itertools.chain`` before the sandbox's set iterator in a class the
iterator was then moved under (the classes were the same, so the class-change rule let it), at
once or later, when ``__bases__`` was set again. ``copy.copy`` then called chain's own
``__reduce__``; ``copy.deepcopy`` with the program's memo kept the originals it copied in a list in
that memo, the chain's ctypes cell among them; written through a memoryview, the cell made a set
whose table was a function's globals, and so the real sys and the worker's hash seed.

Two things now hold, each alone: a library's object moves only under a class whose metaclass is a
library's so no
order but the interpreter's reaches it; and copy keeps its originals where the program cannot read
them.
"""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor, SandboxLayers

from .test_layers import NOTHING
from .test_redteam27 import ESCAPE

# (Over the set iterator's type until the thirty-first session, which made it final, as the
# interpreter's is: a class statement over it now raises TypeError, see the test below. The guard on
# __class__ assignment is tested over another library class with slots.)
REORDERED = '''
import copy, itertools
S = itertools.chain
LATER = [False]
class M(type):
    def mro(cls):
        if LATER[0]:
            return [cls, itertools.chain, S, object]
        return type.mro(cls)
class P(S, metaclass=M):
    __slots__ = ()
    def __setstate__(self, state):
        OUT.append(state)
OUT = []
def f(a):
    it = itertools.chain('abcd')
    it.__class__ = P
    LATER[0] = True
    P.__bases__ = P.__bases__
    copy.copy(it)
    return repr(OUT)[:60]
'''


def test_no_object_is_moved_under_a_class_whose_metaclass_orders_its_bases():
    with Executor(workers=1) as ex:
        result = ex.run(REORDERED, "0")
        assert result.status is ExecStatus.FORBIDDEN, result
        assert "a class whose metaclass is the program's" in result.error


def test_the_set_iterators_type_cannot_be_subclassed_as_in_plain_python():
    program = REORDERED.replace("S = itertools.chain", "S = type(iter(set()))")
    with Executor(workers=1) as ex:
        result = ex.run(program, "0")
    assert result.status is ExecStatus.ERROR and "not an acceptable base type" in result.error, result


def test_a_library_object_may_still_move_under_a_subclass_with_a_library_metaclass():
    program = ("import string, abc\nclass Loud(string.Formatter, metaclass=abc.ABCMeta):\n"
               "    def format_field(self, v, spec):\n        return str(v).upper()\n"
               "def f(x):\n    fmt = string.Formatter()\n    fmt.__class__ = Loud\n    return fmt.format('{0}!', x)\n")
    with Executor(workers=1) as ex:
        result = ex.validate(program, "'hi'")
        assert (result.status, result.output) == (ExecStatus.OK, "'HI!'"), result


def test_a_memo_passed_to_deepcopy_holds_no_original():
    # In plain Python the memo also keeps a list of the originals under id(memo).
    program = ("import copy\ndef f(a):\n    o = [a]\n    memo = {}\n    c = copy.deepcopy([o, o], memo)\n"
               "    held = [x for v in memo.values() if type(v) is list for x in v]\n"
               "    return c, c[0] is c[1], any(x is o for x in held)\n")
    with Executor(workers=1) as ex:
        result = ex.validate(program, "1")
        assert (result.status, result.output) == (ExecStatus.OK, "([[1], [1]], True, False)"), result


def test_metaclasses_and_deep_copies_of_ordinary_programs_still_run():
    program = '''
import copy
class Registry(type):
    classes = []
    def __new__(mcs, name, bases, ns):
        cls = super().__new__(mcs, name, bases, ns)
        mcs.classes.append(name)
        return cls
class Base(metaclass=Registry):
    pass
class Node(Base):
    def __init__(self, v, kids=()):
        self.v, self.kids = v, list(kids)
    def __deepcopy__(self, memo):
        return Node(self.v * 10, copy.deepcopy(self.kids, memo))
def f(a):
    Registry.classes = ['Base', 'Node']
    tree = Node(1, [Node(2), Node(3)])
    t = copy.deepcopy(tree, {})
    return Registry.classes, t.v, [k.v for k in t.kids], type(t).__mro__[1].__name__
'''
    with Executor(workers=1) as ex:
        result = ex.validate(program, "0")
        assert (result.status, result.output) == (ExecStatus.OK, "(['Base', 'Node'], 10, [20, 30], 'Base')"), result


def test_with_the_guards_alone_copys_memo_still_hands_out_no_original():
    # The class rules are the audit hook's; with it off the escape programs may move the iterator,
    # and the memo is what still keeps the walk's parts away from them.
    layers = SandboxLayers(**{**NOTHING.__dict__, "guards": True})
    memo = ("import copy\ndef f(a):\n    o = [a]\n    memo = {}\n    copy.deepcopy([o, o], memo)\n"
            "    return any(x is o for v in memo.values() if type(v) is list for x in v)\n")
    with Executor(workers=1, layers=layers) as ex:
        results = [ex.run(ESCAPE, "0"), ex.run(REORDERED, "0")]
        seeds = {str(seed) for seed in ex._pool._seeds}
        for result in results:
            assert not any(seed in f"{result.output} {result.error}" for seed in seeds), result
            assert "attrgetter" not in str(result.output) and "c_char" not in str(result.output), result
        assert ex.run(memo, "1").output == "False"
