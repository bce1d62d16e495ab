"""The thirty-first session's findings.

1. typing's ``_GenericAlias.__reduce__`` names an alias's origin by looking its ``_name`` up in
   typing's own globals, and ``_name`` is the program's to choose (``type(List[int])(list, x,
   name='__builtins__')``, or a write of ``_name`` on an alias it made). ``copy.copy`` of such an
   alias called ``getitem(typing.__builtins__, x)``, which handed out the real ``open``, ``eval``,
   ``__import__`` and ``getattr``, and with them the real ``sys`` and library privates (red team
   B). The name is now resolved in the program's view of typing, by the guards; and copy refuses
   to rebuild an object from any module's own namespace, whichever reducer handed it one.
2. The optional-import fallback (``try: import ujson as json / except ImportError: import json``)
   was refused for its first import, where plain Python, with no such module installed, takes the
   fallback (the benign hunt). An import of a module that is not installed now raises plain
   Python's ModuleNotFoundError; one that is installed and not allowed is refused as before.
3. Plain Python's own words where the sandbox stands in for a C type (red team E): ``vars()`` of
   an object without ``__dict__`` left the guard's AttributeError as the TypeError's context; a
   class pattern's errors named the stand-in (``pattern() accepts 0 positional sub-patterns``);
   ``operator.attrgetter`` and ``methodcaller`` could be subclassed, listed their slots in
   ``dir()`` and phrased bad calls as Python functions do.
4. dataclasses looked a class's ``__module__`` up in the worker's real ``sys.modules`` for string
   annotations, and whether that raised told the program which modules the worker had loaded
   (``ctypes``, which no plain process has: red team B4). It now sees the task's module, typing
   and itself only, and, found so, the program's own views of them: a string annotation
   ``'dataclasses.InitVar[int]'`` (or ``'typing.ClassVar[str]'``) was taken for a field in the
   sandbox alone, since the class's module holds the view, not the module.
5. Garbage that only the clean-up's collection found opened validation's extra runs only when the
   program's code named ``__del__``: a suspended generator's ``finally`` block in a cycle (or a
   ``__del__`` set under a name built at run time) ran there unseen, and a bit of when the first
   collection came, which no plain process answers so, was validated (1 to 3 of 40, red team D3).
   Whether the clean-up ran any of the program's code is now watched.
6. ``vars()`` of a classmethod or staticmethod handed out its ``__dict__`` raw when the wrapped
   callable was the program's, and C keeps the callable's own ``__annotations__`` dict there: a
   wrapper of a wrapper (``classmethod(classmethod(heapq.merge))``) or of a bound method made in the
   task (``classmethod(TextWrapper().wrap)``) handed out a library function's own annotations,
   which a task wrote and every later task in the runner read (red team B5). Judged now where the
   annotations live, through every wrapper and bound method.
7. The set-order model laid out by value only the exact number types (and tuples, frozensets and
   ranges of them): a Decimal, a plain Fraction, an IntEnum member or a namedtuple of numbers took
   a random hash, so a string added before forty Decimals sat at an end of them in every extra
   run, where half of all seeds put it among them (3 of 8 validations ok), and ``run`` listed a
   Decimal 0 last, where every seed lists it first (red team D4). Every value whose hash C or the
   library computes from the value is laid out by that hash now.
8. More of plain Python's words (red team E2): ``vars``, ``dir`` and ``locals`` refuse keywords
   and ``locals`` arguments as the builtins do, and the set iterator every run hands out cannot be
   subclassed, as the interpreter's cannot.
9. Point 2's check of whether a module is installed asked every finder on ``sys.meta_path`` in the
   process that owns the executor: setuptools' own, asked about ``distutils``, imported setuptools
   there (137 modules), on behalf of a program's import line (red team X). Only the path-based
   finder is asked now, which reads directory listings.
"""
from __future__ import annotations

import sys
import types

import pytest

from azr_env.executor import Executor, ExecStatus, SandboxLayers

from .test_redteam37 import COLLECTED_IN_A_WINDOW

BUILTINS_BY_CONSTRUCTOR = """
import typing, copy
def f(name):
    alias = type(typing.List[int])(list, name, name='__builtins__')
    return repr(copy.copy(alias))
"""

BUILTINS_BY_WRITE = """
import typing, copy
def f(name):
    alias = typing.Literal[name]
    alias._name = '__builtins__'
    return repr(copy.copy(alias))
"""


@pytest.mark.parametrize("program", [BUILTINS_BY_CONSTRUCTOR, BUILTINS_BY_WRITE], ids=["constructor", "write"])
@pytest.mark.parametrize("name", ["open", "__import__"])
def test_an_aliass_name_cannot_pick_typings_builtins_for_copy(executor, program, name):
    result = executor.run(program, repr(name))
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "__builtins__" in result.error


def test_copies_of_typings_own_aliases_still_name_their_origin(executor):
    program = (
        "import typing, copy\n"
        "def f(a):\n"
        "    made = [typing.List[int], typing.Dict[str, int], typing.Callable[[int], str], typing.Tuple[int, ...]]\n"
        "    return [copy.copy(x) == x for x in made], repr(copy.deepcopy(typing.List[int]))\n"
    )
    result = executor.run(program, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == "([True, True, True, True], 'typing.List[int]')"


def _run_with_the_python_layers_off(program, arguments):
    """``run`` with the static screen and the guards off: the real builtins and modules."""
    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(screen=False, guards=False)) as ex:
        return ex.run(program, arguments)


def test_with_the_screen_and_guards_off_the_reduce_still_resolves_only_typings_public_names():
    # The first layer alone: the alias's reducer, called directly (no copy, so copy's own check
    # never sees it), with the real builtins and modules in the program's hands.
    program = ("import typing\ndef f(a):\n    alias = type(typing.List[int])(list, a, name='__builtins__')\n"
               "    return repr(alias.__reduce__())")
    result = _run_with_the_python_layers_off(program, "'open'")
    assert result.status == ExecStatus.FORBIDDEN and "__builtins__" in result.error, (result.status, result.output)


def test_with_the_screen_and_guards_off_copy_still_refuses_a_modules_namespace():
    # The second layer alone: a reducer of the program's own that hands copy typing's namespace
    # (which, with the guards off, the program holds) is refused however the alias's was mended.
    program = ("import typing, copy, operator\n"
               "class R:\n"
               "    def __reduce__(self):\n"
               "        return operator.getitem, (vars(typing), 'sys')\n"
               "def f(a):\n    return repr(copy.copy(R()))")
    result = _run_with_the_python_layers_off(program, "0")
    assert result.status == ExecStatus.FORBIDDEN and "namespace" in result.error, (result.status, result.output)


ABSENT = "azr_env_no_such_module_31"
FALLBACK = f"""
try:
    import {ABSENT} as json
except ImportError:
    import json
try:
    from {ABSENT}.sub import fast
except ModuleNotFoundError as error:
    fast = error.name
def f(d):
    return json.dumps(d, sort_keys=True), fast
"""


def _plain(program, arguments):
    """``repr(f(arguments))`` in plain Python, the program run as a module of its own (dataclasses
    finds a class's module in ``sys.modules``, as a script's ``__main__`` is)."""
    module = types.ModuleType("azr_plain_program")
    sys.modules[module.__name__] = module
    try:
        exec(compile(program, "<plain>", "exec", dont_inherit=True), module.__dict__)  # noqa: S102 -- the test's own program
        return repr(eval(f"f({arguments})", module.__dict__))  # noqa: S307
    finally:
        del sys.modules[module.__name__]


def test_the_fallback_import_idiom_runs_as_in_plain_python(executor):
    expected = _plain(FALLBACK, "{'b': 1, 'a': [2]}")
    for result in (executor.run(FALLBACK, "{'b': 1, 'a': [2]}"), executor.validate(FALLBACK, "{'b': 1, 'a': [2]}")):
        assert (result.status, result.output) == (ExecStatus.OK, expected), result


def test_an_import_of_a_module_not_installed_raises_what_plain_python_raises(executor):
    result = executor.run(f"import {ABSENT}\ndef f(a):\n    return a", "0")
    assert result.status == ExecStatus.ERROR, result
    assert f"ModuleNotFoundError: No module named '{ABSENT}'" in result.error


def test_an_installed_module_that_is_not_allowed_is_refused_even_behind_a_fallback(executor):
    # Plain Python would import os here and take the other branch: no run of the sandbox could
    # answer as it does, so the program is refused, not run down the fallback.
    program = "try:\n    import os\nexcept ImportError:\n    os = None\ndef f(a):\n    return os is None\n"
    result = executor.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN and 'import of "os"' in result.error, result


def test_with_the_screen_off_the_worker_refuses_an_import_it_was_not_told_is_absent():
    # The worker answers ModuleNotFoundError only for an import the parent's screen marked as not
    # installed; without the screen, every import it may not make is refused, absent or not.
    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(screen=False)) as ex:
        for name in (ABSENT, "os"):
            result = ex.run(f"import {name}\ndef f(a):\n    return a", "0")
            assert result.status == ExecStatus.FORBIDDEN and name in result.error, (name, result)


STAND_INS = """
import operator
class C:
    a = 1
def attempt(call):
    try:
        return call()
    except Exception as error:
        return type(error).__name__ + ': ' + str(error)
def m(x):
    match x:
        case C(y):
            return y
def n(x):
    match x:
        case int(a, b):
            return a
def k(x, K):
    match x:
        case K():
            return 1
def vars_context():
    try:
        vars(5)
    except TypeError as error:
        return repr(error.__context__), error.__suppress_context__
def f(a):
    g = operator.attrgetter('a')
    return [vars_context(), attempt(lambda: m(C())), attempt(lambda: n(a)), attempt(lambda: k(a, 5)),
            attempt(lambda: type('S', (operator.attrgetter,), {})), attempt(lambda: type('T', (operator.methodcaller,), {})),
            attempt(operator.attrgetter), attempt(operator.methodcaller), attempt(lambda: g(C(), 2)),
            attempt(lambda: len(g)), [x for x in dir(g) if x[:1] == '_' and x[:2] != '__'],
            type(g).__init__.__qualname__, attempt(lambda: operator.attrgetter.__new__(C, 'a')),
            repr(operator.methodcaller('count', 'a', start=1)), g(C())]
"""


def test_stand_ins_for_c_code_answer_in_plain_pythons_words(executor):
    expected = _plain(STAND_INS, "3")
    result = executor.run(STAND_INS, "3")
    assert (result.status, result.output) == (ExecStatus.OK, expected), result


LOADED_PROBE = """
import dataclasses
def f(names):
    out = []
    for name in names:
        class C:
            a: "int"
        C.__module__ = name
        try:
            dataclasses.dataclass(C)
            out.append('loaded')
        except AttributeError:
            out.append('absent')
    return out
"""


def test_dataclasses_cannot_tell_which_modules_the_worker_loaded(executor):
    # A plain process running this program (it imports dataclasses alone) has loaded os, and none
    # of the modules the worker loads for its own confinement (ctypes, resource, mmap), nor json,
    # which another allowed module would have brought (the thirty-second session's red team A2).
    names = ["os", "json", "ctypes", "_ctypes", "resource", "mmap", "no_such_module_xyz"]
    result = executor.run(LOADED_PROBE, repr(names))
    assert (result.status, result.output) == (ExecStatus.OK, repr(["loaded"] + ["absent"] * 6)), result


STRING_MARKERS = """
import dataclasses
import typing
from dataclasses import dataclass, InitVar, KW_ONLY
from typing import ClassVar
@dataclass
class A:
    x: int
    c: 'ClassVar[int]' = 3
    d: 'typing.ClassVar[str]' = 'q'
    e: typing.ClassVar[str] = 'e'
    i: 'InitVar[int]' = 0
    j: 'dataclasses.InitVar[int]' = 1
    _: 'KW_ONLY'
    k: int = 5
    def __post_init__(self, i, j):
        self.s = i + j
def f(a):
    v = A(a, 2, 3, k=7)
    return [fl.name for fl in dataclasses.fields(v)], v.s, A.c, A.d, repr(v)
"""


# The same markers unquoted, under the future import that makes every annotation a string.
FUTURE_MARKERS = "from __future__ import annotations\n" + STRING_MARKERS.replace(
    "'ClassVar[int]'", "ClassVar[int]").replace("'typing.ClassVar[str]'", "typing.ClassVar[str]").replace(
    "'InitVar[int]'", "InitVar[int]").replace("'dataclasses.InitVar[int]'", "dataclasses.InitVar[int]").replace(
    "'KW_ONLY'", "KW_ONLY")


@pytest.mark.parametrize("program", [STRING_MARKERS, FUTURE_MARKERS], ids=["strings", "future"])
def test_dataclass_markers_written_as_strings_are_read_as_in_plain_python(executor, program):
    expected = _plain(program, "1")
    assert expected == "(['x', 'k'], 5, 3, 'q', 'A(x=1, k=7)')"
    for result in (executor.run(program, "1"), executor.validate(program, "1")):
        assert (result.status, result.output) == (ExecStatus.OK, expected), result


# test_redteam37's window, its cycle with __del__ made instead by a suspended generator's finally
# block, and by a __del__ under a name built at run time.
GENERATOR_FINALLY_IN_A_WINDOW = COLLECTED_IN_A_WINDOW.replace(
    "class N:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n        log.append(1)\n",
    "def gen():\n    try:\n        yield 1\n    finally:\n        log.append(1)\nclass N:\n    def __init__(self):\n"
    "        self.me = self\n        self.g = gen()\n        next(self.g)\n")
COMPUTED_DEL_IN_A_WINDOW = COLLECTED_IN_A_WINDOW.replace(
    "class N:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n        log.append(1)\n",
    "def init(self):\n    self.me = self\nN = type('N', (), {'__init__': init, ''.join(['__d', 'el__']): lambda self: log.append(1)})\n")
@pytest.mark.parametrize("program", [GENERATOR_FINALLY_IN_A_WINDOW, COMPUTED_DEL_IN_A_WINDOW],
                         ids=["generator-finally", "computed-del"])
def test_finalizers_the_clean_up_ran_open_the_extra_runs_whatever_their_name(executor, program):
    # As test_redteam37's __del__ case: without the extra runs 34 and 37 of 40 validations said
    # False, which no plain process answers; with them, the runs that reach the window with a
    # collection give the seed's bit and disagree (16 and 18 of 40 still pass, as all runs can
    # miss a window one start in twelve reaches: a bound well clear of both).
    assert "__del__" not in program
    statuses = [executor.validate(program, "0").status for _ in range(40)]
    assert statuses.count(ExecStatus.OK) <= 28, statuses


SHARED_ANNOTATIONS_WRITE = """
import heapq
def f(token):
    vars(classmethod(classmethod(heapq.merge)))['__annotations__']['leak'] = token
    return 1
"""
SHARED_ANNOTATIONS_READ = "import heapq\ndef f(a):\n    return dict(heapq.merge.__annotations__)\n"


def test_a_wrapper_of_a_wrapper_hands_out_no_library_annotations_to_later_tasks():
    with Executor(workers=1, timeout=5.0) as ex:
        before = ex.run(SHARED_ANNOTATIONS_READ, "0")
        assert (before.status, before.output) == (ExecStatus.OK, "{}"), before
        ex.run(SHARED_ANNOTATIONS_WRITE, "'token'")
        for _ in range(3):
            after = ex.run(SHARED_ANNOTATIONS_READ, "0")
            assert (after.status, after.output) == (ExecStatus.OK, "{}"), after


def test_library_annotations_through_wrappers_and_bound_methods_are_copies(executor):
    program = """
import textwrap, typing
def f(a):
    vars(classmethod(textwrap.TextWrapper().wrap))['__annotations__']['planted'] = int
    vars(classmethod(classmethod(textwrap.TextWrapper)))['__annotations__']['planted'] = int
    vars(staticmethod(staticmethod(textwrap.dedent)))['__annotations__']['planted'] = int
    own = classmethod(classmethod(f))
    vars(own)['__annotations__']['mine'] = int
    return (sorted(textwrap.TextWrapper.wrap.__annotations__), 'planted' in typing.get_type_hints(textwrap.TextWrapper),
            sorted(textwrap.dedent.__annotations__), sorted(f.__annotations__))
"""
    # The library's own annotations stay as they were (plain Python, with no later task to keep
    # apart, would show the writes); the program's own function's, written through its own
    # wrappers, are its own to write.
    result = executor.run(program, "0")
    assert (result.status, result.output) == (ExecStatus.OK, "([], False, [], ['mine'])"), result


STRING_BEFORE_DECIMALS = """
from decimal import Decimal
def f(n):
    s = {'x'}
    for k in range(n):
        s.add(Decimal(2 * k))
    listed = list(s)
    return listed.index('x') in (0, len(listed) - 1)
"""


def test_a_string_among_decimals_is_placed_by_the_decimals_hashes():
    # Plain Python: True under 7 of 20 seeds, False under 13; the extra runs must see both.
    for _ in range(4):
        with Executor(workers=2, timeout=10.0) as ex:  # (fresh seeds each time)
            result = ex.validate(STRING_BEFORE_DECIMALS, "40")
        assert result.status == ExecStatus.NONDETERMINISTIC, result


LIBRARY_NUMBERS_AMONG_STRINGS = {
    "decimal": ("from decimal import Decimal\ndef f(n):\n    s = {1, 2, 3, 4, 5, Decimal(n)}\n"
                "    s.add('a'); s.add('b')\n    return [x for x in s if type(x) is not str]\n"),
    "fraction": ("from fractions import Fraction\ndef f(n):\n    s = {1, 2, 3, 4, 5, Fraction(n, 1)}\n"
                 "    s.add('a'); s.add('b')\n    return [x for x in s if type(x) is not str]\n"),
    "intenum": ("import enum\nclass E(enum.IntEnum):\n    A = 0\n    B = 7\ndef f(n):\n"
                "    s = {1, 2, 3, 4, 5, E.A, E.B}\n    s.add('a'); s.add('b')\n"
                "    return [int(x) for x in s if type(x) is not str]\n"),
    "namedtuple": ("from collections import namedtuple\nP = namedtuple('P', 'x y')\ndef f(n):\n"
                   "    s = {1, 2, 3, 4, 5, 9, 10, 11, P(0, n)}\n    s.add('a'); s.add('b')\n"
                   "    return [x for x in s if type(x) is not str]\n"),
}


@pytest.mark.parametrize("name", sorted(LIBRARY_NUMBERS_AMONG_STRINGS))
def test_run_lists_library_numbers_as_every_seed_does(executor, name):
    # Strings added after the numbers never move them: one order under every seed, which run
    # answers (it laid the Decimal, the IntEnum members and the namedtuple out by random hashes).
    program = LIBRARY_NUMBERS_AMONG_STRINGS[name]
    expected = _plain(program, "0")
    for _ in range(6):
        result = executor.run(program, "0")
        assert (result.status, result.output) == (ExecStatus.OK, expected), result


BUILTIN_WORDS = """
def attempt(call):
    try:
        return call()
    except TypeError as error:
        return str(error)
def f(a):
    return [attempt(lambda: vars(x=1)), attempt(lambda: dir(x=1)), attempt(lambda: locals(x=1)),
            attempt(lambda: locals(1)), attempt(lambda: locals(1, 2)),
            attempt(lambda: type('X', (type(iter({a})),), {}) and 'subclassed')]
"""


def test_builtins_the_sandbox_stands_in_for_refuse_bad_calls_in_plain_pythons_words(executor):
    expected = _plain(BUILTIN_WORDS, "1")
    result = executor.run(BUILTIN_WORDS, "1")
    assert (result.status, result.output) == (ExecStatus.OK, expected), result


@pytest.mark.parametrize("name", ["distutils", "pip", "setuptools", ABSENT])
def test_screening_an_import_runs_no_finder_code_in_this_process(name):
    from azr_env.executor import screen_program

    before = set(sys.modules)
    screen_program(f"import {name}\ndef f(a):\n    return a")
    assert set(sys.modules) - before == set(), f"screening 'import {name}' imported modules here"
    assert before <= set(sys.modules), f"screening 'import {name}' removed modules here"
