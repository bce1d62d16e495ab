"""The thirty-second session's findings.

1. ``typing.no_type_check`` was judged on the object it is given only. Given a class, the
   library's walks the class's attributes and marks every function or method whose
   ``__qualname__`` and ``__module__`` say it was defined there, and a program sets both on its
   class: a library function the class held (``d = json.JSONEncoder.default``, with the class
   renamed ``JSONEncoder`` in ``json.encoder``) got ``__no_type_check__``, a write the program is
   refused when it makes it itself (red team B). Every object it marks is judged now.
2. ``collections.OrderedDict.fromkeys`` is C code of its own, which makes its result with
   ``cls()``; a subclass whose ``__new__`` returns a plain dict sent it down dict's fast path,
   which walks an exact set's table directly, past the set-order stand-ins: the seed's order in
   every run, so ``list(O.fromkeys(s)) == list(s)``, True in plain Python, was False in ``run``
   and validated (red team C). OrderedDict's ``fromkeys`` goes through the stand-in now, as
   dict's does.
3. enum's own code writes ``_value_``, ``_name_``, ``__objclass__`` and ``_sort_order_`` onto each
   member, and calls its ``__init__``, whatever the class's ``__new__`` returned (and Flag's
   ``_missing_`` onto what ``_member_type_.__new__`` returned for a composite): a ``__new__`` that
   returned ``re.IGNORECASE`` renamed it, a library function was marked, ``json`` was
   re-initialised as a module named ``zzz`` (red team B2). What they return is judged as the
   program's own write would be, by a judge around the call itself in a copy of enum's function:
   a first version that put a judging maker in the class for the call's duration was seen, and
   replaced, by program code that runs inside it (red team F).
4. Red team A2, on the last session's fixes: an import of an allowed package's submodule that
   no file provides (``try: import json.speedups ... except ImportError:``) was refused, where plain
   Python raises ModuleNotFoundError; and dataclasses found in ``sys.modules`` every module that
   importing all the allowed ones would load (``json`` for a program that imported dataclasses
   alone), where a plain run of the program has loaded only its own imports' modules; and
   ``enum.global_enum`` on a class that names ``json`` as its module raised a KeyError that plain
   Python never raises there (it writes into ``json``), which the program caught: refused now.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus

NO_TYPE_CHECK_ON_A_LIBRARY_FUNCTION = """
import typing, json
class C:
    d = json.JSONEncoder.default
C.__qualname__ = "JSONEncoder"
C.__module__ = "json.encoder"
def f(x):
    typing.no_type_check(C)
    return getattr(json.JSONEncoder.default, "__no_type_check__", False)
"""
NO_TYPE_CHECK_THROUGH_A_CLASSMETHOD = NO_TYPE_CHECK_ON_A_LIBRARY_FUNCTION.replace(
    "d = json.JSONEncoder.default", "default = classmethod(json.JSONEncoder.default)")


@pytest.mark.parametrize("program", [NO_TYPE_CHECK_ON_A_LIBRARY_FUNCTION, NO_TYPE_CHECK_THROUGH_A_CLASSMETHOD],
                         ids=["function", "classmethod"])
def test_no_type_check_marks_no_library_function_a_class_holds(executor, program):
    result = executor.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "function objects that the program did not create" in result.error


def test_no_type_check_marks_the_programs_own_classes_as_in_plain_python(executor):
    program = (
        "import typing\n"
        "@typing.no_type_check\n"
        "class C:\n"
        "    def m(self, x: 'undefined') -> 'nope':\n        return x\n"
        "    @classmethod\n    def c(cls):\n        return 1\n"
        "    class Inner:\n        def g(self):\n            return 2\n"
        "def f(x):\n"
        "    return (C.m.__no_type_check__, C.c.__func__.__no_type_check__, C.Inner.g.__no_type_check__,\n"
        "            C.__no_type_check__, typing.get_type_hints(C.m))\n"
    )
    result = executor.validate(program, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == "(True, True, True, True, {})"


ORDERED_FROMKEYS_OF_A_PLAIN_DICT = """
import collections
class O(collections.OrderedDict):
    def __new__(cls, *a, **k):
        return {}
def f(words):
    s = set(words)
    return list(O.fromkeys(s)) == list(s) == list(collections.OrderedDict.fromkeys(s))
"""


def test_ordered_dicts_fromkeys_lists_a_set_as_iterating_it_does(executor):
    # Plain Python: True under every seed (one table, walked twice). Before: False in every run.
    words = "['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']"
    for _ in range(4):
        result = executor.validate(ORDERED_FROMKEYS_OF_A_PLAIN_DICT, words)
        assert (result.status, result.output) == (ExecStatus.OK, "True"), result


def test_ordered_dicts_fromkeys_keeps_plain_pythons_results_and_words(executor):
    program = (
        "from collections import OrderedDict\n"
        "class O(OrderedDict):\n    pass\n"
        "def f(x):\n"
        "    out = [list(OrderedDict.fromkeys('abcab')), list(OrderedDict.fromkeys({3, 1, 2}, 0).items()),\n"
        "           type(O.fromkeys([1])).__name__, list(OrderedDict.fromkeys(frozenset({5, 6})))]\n"
        "    try:\n        OrderedDict.fromkeys()\n    except TypeError as e:\n        out.append(str(e))\n"
        "    return out\n"
    )
    result = executor.validate(program, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == ("[['a', 'b', 'c'], [(1, 0), (2, 0), (3, 0)], 'O', [5, 6], "
                             "\"fromkeys() missing required argument 'iterable' (pos 1)\"]")


ENUM_MEMBER_FROM_A_LIBRARY_FLAG = """
import enum, re
def f(x):
    class E(enum.Enum):
        def __new__(cls, v):
            return re.IGNORECASE
        HACKED = 1
    return repr(re.IGNORECASE)
"""
ENUM_MEMBER_FROM_A_LIBRARY_FUNCTION = """
import enum, json
def f(x):
    class E(enum.Enum):
        def __new__(cls, v):
            return json.JSONEncoder.default
        A = 1
    return getattr(json.JSONEncoder.default, '__objclass__', None) is E
"""
ENUM_MEMBER_FROM_A_MODULE = """
import enum, json
def f(x):
    class E(enum.Enum):
        def __new__(cls, v):
            return json
        A = 'zzz'
    return json.__name__
"""
FLAG_COMPOSITE_FROM_A_LIBRARY_FLAG = """
import enum, re
class T(int):
    def __new__(cls, v):
        return re.IGNORECASE if v == 3 else int.__new__(cls, v)
class F(T, enum.Flag):
    A = 1
    B = 2
def f(x):
    F(3)
    return repr(re.IGNORECASE)
"""


@pytest.mark.parametrize("program", [ENUM_MEMBER_FROM_A_LIBRARY_FLAG, ENUM_MEMBER_FROM_A_LIBRARY_FUNCTION,
                                     ENUM_MEMBER_FROM_A_MODULE, FLAG_COMPOSITE_FROM_A_LIBRARY_FLAG],
                         ids=["flag", "function", "module", "flag-composite"])
def test_enum_writes_no_member_attributes_onto_library_objects(executor, program):
    # Plain Python: re.IGNORECASE renamed (``re.HACKED``, ``re.A|B``), the function given
    # ``__objclass__``, json re-initialised as ``zzz``. The program's own write of any of them is
    # refused; through enum's member creation it landed.
    result = executor.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "did not create" in result.error


def test_an_enum_metaclass_that_answers_reads_itself_cannot_hand_enum_another_maker(executor):
    # (A descriptor on the metaclass comes before the class's own dictionary: plain Python says 're.A'.)
    program = (
        "import enum, re\n"
        "class M(enum.EnumType):\n"
        "    _new_member_ = property(lambda cls: lambda *a: re.IGNORECASE)\n"
        "def f(x):\n"
        "    class E(enum.Enum, metaclass=M):\n        A = 1\n"
        "    return repr(re.IGNORECASE)\n"
    )
    result = executor.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)


ORDINARY_ENUMS = """
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
class Planet(enum.Enum):
    EARTH = (5.97, 6.37)
    MARS = (0.642, 3.39)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
class Coord(bytes, enum.Enum):
    def __new__(cls, value, label):
        obj = bytes.__new__(cls, [value])
        obj._value_ = value
        obj.label = label
        return obj
    PX = (0, 'P.X')
    PY = (1, 'P.Y')
class Ordered(enum.Enum):
    def __new__(cls, *args):
        obj = object.__new__(cls)
        obj._value_ = len(cls.__members__) + 1
        return obj
    A = ()
    B = ()
class Perm(enum.IntFlag):
    R = 4
    W = 2
    X = 1
class F(enum.Flag):
    A = enum.auto()
    B = enum.auto()
    C = enum.auto()
class MyInt(int):
    def __new__(cls, v):
        return int.__new__(cls, v)
class MF(MyInt, enum.Flag):
    A = 1
    B = 2
Animal = enum.Enum('Animal', 'ANT BEE CAT')
def f(x):
    return (Color(2).name, Planet.MARS.radius, Coord.PY.label, Coord.PY.value, [m.value for m in Ordered],
            str(Perm.R | Perm.W), repr(F.A | F.C), (F.A | F.B).name, repr(MF(3)), Animal.CAT.value,
            repr(Perm(7)), F(0).name)
"""


def test_ordinary_enums_make_their_members_as_in_plain_python(executor):
    result = executor.validate(ORDINARY_ENUMS, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == ("('GREEN', 3.39, 'P.Y', 1, [1, 2], '6', '<F.A|C: 5>', 'A|B', '<MF.A|B: 3>', 3, "
                             "'<Perm.R|W|X: 7>', None)")


def _plain_python(program, arguments):
    """``repr(f(arguments))`` from a fresh ``python -c`` of this interpreter."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", f"{program}\nprint(repr(f({arguments})))"],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


MISSING_SUBMODULE = """
def f(x):
    try:
        import {name}
    except ImportError as e:
        return (type(e).__name__, e.name, str(e))
    return 'found'
"""


@pytest.mark.parametrize("name", ["json.speedups", "collections.a.b", "math.zz", "abc.zz"])
def test_an_allowed_packages_missing_submodule_raises_what_plain_python_raises(executor, name):
    # The fallback idiom with a submodule: refused before ("not preloaded"), where plain Python
    # raises ModuleNotFoundError (naming the first missing module, or saying its parent is no
    # package) and the program takes the fallback.
    program = MISSING_SUBMODULE.format(name=name)
    expected = _plain_python(program, "0")
    assert expected.startswith("('ModuleNotFoundError'")
    result = executor.validate(program, "0")
    assert (result.status, result.output) == (ExecStatus.OK, expected), result


def test_an_installed_submodule_that_is_not_preloaded_is_still_refused(executor):
    result = executor.run(MISSING_SUBMODULE.format(name="json.tool"), "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)


DATACLASS_MODULES = """
import dataclasses
def f(names):
    out = []
    for m in names:
        try:
            dataclasses.make_dataclass('C', [('a', 'ClassVar[int]', 1)], namespace={'__module__': m})
            out.append(m)
        except AttributeError:
            pass
    return out
"""


def test_dataclasses_finds_only_the_modules_a_plain_run_of_the_program_loaded(executor):
    # A program that imports dataclasses alone: in plain Python json, decimal, statistics and the
    # rest are not loaded, and dataclasses fails to find them; the sandbox showed every module that
    # importing all the allowed ones would load.
    names = repr(["json", "typing", "decimal", "fractions", "statistics", "textwrap", "string", "copy",
                  "numbers", "heapq", "bisect", "array", "cmath", "math", "unicodedata", "random", "ctypes"])
    expected = _plain_python(DATACLASS_MODULES, names)
    assert "'json'" not in expected and "'copy'" in expected  # (dataclasses itself imports copy)
    result = executor.validate(DATACLASS_MODULES, names)
    assert (result.status, result.output) == (ExecStatus.OK, expected), result


GLOBAL_ENUM_INTO_A_LIBRARY_MODULE = """
import enum, json
def f(x):
    try:
        @enum.global_enum
        class E(enum.IntEnum):
            __module__ = 'json'
            QQ = 1
        return repr(E.QQ), hasattr(json, 'QQ')
    except Exception as e:
        return type(e).__name__
"""


def test_global_enum_into_a_library_module_is_refused_not_answered_with_a_key_error(executor):
    # Plain Python writes the member into json and answers ('json.QQ', True); the sandbox keeps
    # json from enum, and the KeyError that made was caught and validated as the answer.
    result = executor.validate(GLOBAL_ENUM_INTO_A_LIBRARY_MODULE, "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "'json'" in result.error


def test_global_enum_into_a_module_no_plain_run_loaded_raises_plain_pythons_key_error(executor):
    program = GLOBAL_ENUM_INTO_A_LIBRARY_MODULE.replace("'json'", "'no_such_module_xyz'")
    expected = _plain_python(program, "0")
    assert expected == "'KeyError'"
    result = executor.validate(program, "0")
    assert (result.status, result.output) == (ExecStatus.OK, expected), result


ENUM_NEW_READS_ITS_MAKER = """
import enum
class E(enum.Enum):
    def __new__(cls, v):
        obj = object.__new__(cls)
        obj._value_ = v
        obj.seen = getattr(cls._new_member_, "__name__", "?")
        return obj
    A = 1
def f(x):
    return E.A.seen
"""
FLAG_VALUE_READS_THE_MEMBER_TYPE = """
import enum
class V(int):
    def __and__(self, o):
        V.log.append(type(F._member_type_).__name__)
        return int.__and__(int(self), o)
V.log = []
class F(enum.IntFlag):
    A = 1
    B = 2
def f(x):
    F(V(x))
    return V.log
"""


@pytest.mark.parametrize("program", [ENUM_NEW_READS_ITS_MAKER, FLAG_VALUE_READS_THE_MEMBER_TYPE],
                         ids=["new-member", "member-type"])
def test_program_code_inside_enums_member_creation_sees_what_plain_python_shows(executor, program):
    # The first version of the judge put its own maker in the class while enum made a member:
    # '__new__' was answered 'made_by_the_program', 'type' was answered 'SimpleNamespace'.
    expected = _plain_python(program, "3")
    result = executor.validate(program, "3")
    assert (result.status, result.output) == (ExecStatus.OK, expected), result


FLAG_MEMBER_TYPE_SWAPPED_DURING_MISSING = """
import enum, json
class Evil:
    def __new__(cls, v):
        return json.dumps
class V(int):
    def __and__(self, o):
        type.__setattr__(F, "_member_type_", Evil)
        return int.__and__(int(self), int(o))
class F(enum.IntFlag):
    A = 1
    B = 2
def f(x):
    try:
        F(V(x))
    except Exception as e:
        pass
    return sorted(vars(json.dumps))
"""
MAKER_SWAPPED_BY_A_METACLASS_DELATTR = """
import enum, json
def evil(cls, *args):
    return json.dumps
class M(enum.EnumMeta):
    def __delattr__(cls, name):
        type.__setattr__(cls, "_new_member_", evil)
        super().__delattr__(name)
def f(x):
    try:
        class E(enum.Enum, metaclass=M):
            A = 1
    except Exception as e:
        pass
    return sorted(vars(json.dumps))
"""


@pytest.mark.parametrize("program", [FLAG_MEMBER_TYPE_SWAPPED_DURING_MISSING, MAKER_SWAPPED_BY_A_METACLASS_DELATTR],
                         ids=["member-type", "delattr"])
def test_a_maker_swapped_in_while_enum_makes_a_member_is_judged_too(executor, program):
    # Program code that runs inside member creation put its own maker in the class, past the
    # first version's judge: json.dumps got _name_ and _value_ (and __objclass__, _sort_order_).
    result = executor.run(program, "3")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "did not create" in result.error


def test_with_the_screen_off_the_worker_refuses_a_submodule_it_was_not_told_is_absent():
    # The worker answers ModuleNotFoundError for a missing submodule only where the parent's screen
    # marked it so; without the screen, it refuses, missing or installed-but-not-preloaded alike.
    from azr_env.executor import Executor, SandboxLayers

    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(screen=False)) as ex:
        for name in ("json.speedups", "json.tool"):
            result = ex.run(f"import {name}\ndef f(a):\n    return a", "0")
            assert result.status == ExecStatus.FORBIDDEN and name in result.error, (name, result)


def test_dataclasses_works_when_the_plain_module_lists_could_not_be_made(monkeypatch):
    # executor.plain_modules answers empty lists when its probe process fails: dataclasses must
    # still find itself and the typing the program imported (ClassVar told apart from a field).
    from azr_env.executor import Executor
    from azr_env.executor import executor as executor_module

    monkeypatch.setattr(executor_module, "plain_modules", lambda allowed: {})
    program = ("import dataclasses, typing\n@dataclasses.dataclass\nclass A:\n    y: int\n"
               "    x: typing.ClassVar[int] = 3\n    z: 'typing.ClassVar[int]' = 4\n"
               "def f(v):\n    return [fl.name for fl in dataclasses.fields(A)], repr(A(v))\n")
    with Executor(workers=1, timeout=5.0) as ex:
        result = ex.validate(program, "1")
    assert (result.status, result.output) == (ExecStatus.OK, "(['y'], 'A(y=1)')"), result
