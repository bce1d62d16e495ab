"""The twenty-fourth session's red team B: out of the Python layers through the sandbox's own set
iterator.

``iter(a_set)`` gives the worker's ``set_iterator``, a subclass of ``itertools.chain`` whose C
state holds the walk's parts: a raw ``operator.attrgetter``, and a ctypes cell on the set's header.
Its own ``__reduce__`` hides them. The program moved the iterator under its own chain subclass
(``it.__class__ = P``: no library class was added, so the change was allowed), and ``copy.copy``
then called chain's ``__reduce__`` and handed the parts to the program's ``__setstate__``. The raw
attrgetter read ``object.__subclasses__`` and a private ``_module``, and so the worker's real
``sys``, ``os`` and environment (its hash seed came back in the output). Seccomp and Landlock held.

The root: an object may not leave a class that is not the program's (``_class_change_problem``);
that class's own methods are what keep its state to itself.
"""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor

ESCAPE = '''
import copy, itertools, operator
class P(itertools.chain):
    __slots__ = ('__state__',)
    def __setstate__(self, state):
        global GOT
        GOT = state
GOT = None
def f(a):
    it = iter({'a', 'b', 'c', 'd'})
    it.__class__ = P
    copy.copy(it)
    body, tail = list(GOT[0])
    memo = {}
    copy.deepcopy(body, memo)
    kept = [v for v in memo.values() if type(v) is list][0]
    RA = [type(x) for x in kept if type(x).__name__ == 'attrgetter' and type(x) is not operator.attrgetter][0]
    subs = RA('__subclasses__')(object)()
    cw = [c for c in subs if c.__name__ == 'catch_warnings'][0]
    os = RA('_module')(cw()).sys.modules['os']
    return [os.environ.get('PYTHONHASHSEED'), os.getpid(), os.getuid()]
'''


def test_the_set_iterator_escape_is_refused_and_leaks_no_seed():
    with Executor(workers=1) as ex:
        results = (ex.run(ESCAPE, "0"), ex.validate(ESCAPE, "0"))
        seeds = {str(seed) for seed in ex._pool._seeds}  # the workers' hash seeds, which it read out
        for result in results:
            assert result.status is ExecStatus.FORBIDDEN, result
            assert "__class__ away from the library's set_iterator" in result.error
            assert not any(seed in f"{result.output} {result.error}" for seed in seeds)


def test_no_object_leaves_a_class_that_is_not_the_programs():
    moves = {
        # the sandbox's own iterator, under a chain subclass of the program's
        "a set iterator": ("import itertools\nclass P(itertools.chain):\n    __slots__ = ('__state__',)\n"
                           "def f(a):\n    it = iter({1, 2})\n    it.__class__ = P\n    return 1"),
        # a library object, under a class of the program's that is not its class's subclass
        "a library object": ("import string\nclass C:\n    pass\n"
                             "def f(a):\n    x = string.Formatter()\n    x.__class__ = C\n    return 1"),
    }
    with Executor(workers=1) as ex:
        for name, program in moves.items():
            result = ex.run(program, "0")
            assert result.status is ExecStatus.FORBIDDEN, (name, result)
            assert "__class__ away from the library's" in result.error, (name, result)


def test_ordinary_changes_of_class_still_run():
    programs = {
        # the state pattern: between the program's own classes
        "states": ("class Idle:\n    def next(self):\n        self.__class__ = Busy\n        return 'idle'\n"
                   "class Busy:\n    def next(self):\n        self.__class__ = Idle\n        return 'busy'\n"
                   "def f(n):\n    s = Idle()\n    return [s.next() for _ in range(n)]", "3", "['idle', 'busy', 'idle']"),
        # a library object under the program's subclass of its own class: nothing is left
        "a subclass": ("import string\nclass Loud(string.Formatter):\n    def format_field(self, v, spec):\n"
                       "        return str(v).upper()\n"
                       "def f(x):\n    fmt = string.Formatter()\n    fmt.__class__ = Loud\n    return fmt.format('{0}!', x)",
                       "'hi'", "'HI!'"),
    }
    with Executor(workers=1) as ex:
        for name, (program, inputs, expected) in programs.items():
            result = ex.validate(program, inputs)
            assert (result.status, result.output) == (ExecStatus.OK, expected), (name, result)
