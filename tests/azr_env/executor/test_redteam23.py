"""The sixteenth session's red teams.

1. ``enum.global_enum(cls)`` writes ``cls.__members__``, a dict any class may hold, into the module
   ``sys.modules`` names: the program's namespace. A key ``_match_class_`` replaced the helper the
   screen's rewrite of a class pattern calls, and a ``case K(v)`` pattern then read any attribute
   in C, unchecked: the program's own function's ``__globals__``, ``write_guard``'s default ``TASK``,
   the worker's globals and the hash seed, and forged its own answer on the result pipe. Libraries
   now see the namespace as a copy whose writes take only names the program could bind itself, and
   the guards hold what they bind in closure cells, not in ``__defaults__``.
2. The hash the sandbox gives a program's metaclass sat in its ``__dict__``, with the real
   ``object.__hash__`` (addresses) in its defaults; ``vars(M)`` showed a key plain Python does not.
3. Stand-ins that answered otherwise than plain Python: their modules and names; dataclasses'
   ``__doc__`` of a class with ``__wrapped__`` or ``__signature__``; a withheld builtin named in an
   annotation, which raised a NameError the program could catch.
4. State that reached the next task: ``__future__``'s feature objects (a Python class whose own
   ``__init__`` rewrote a shared one, and whose shared key table kept the program's attribute
   names), and an RLock's repr, which printed the real thread identifier.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor, check_output_prediction, parse_literal

from .plain_python import plain_outputs

HELPER_REBINDING = {
    "the class pattern's helper": (
        "import enum\nclass X:\n    __members__ = {'_match_class_': lambda *a: None}\n"
        "def f(x):\n    enum.global_enum(X)\n    return 1\n"),
    "the write guard": (
        "import enum\nclass X:\n    __members__ = {'_write_': lambda o: o}\n"
        "def f(x):\n    enum.global_enum(X)\n    return 1\n"),
    "a hoisted site": (
        "import enum\nclass X:\n    __members__ = {'_azr_match_0': 1}\n"
        "def f(x):\n    enum.global_enum(X)\n    return 1\n"),
    "the builtins": (
        "import enum\nclass X:\n    __members__ = {'__builtins__': {}}\n"
        "def f(x):\n    enum.global_enum(X)\n    return 1\n"),
    "a key that is no plain str": (
        "import enum\nclass K(str):\n    pass\nclass X:\n    __members__ = {K('_getattr_'): 1}\n"
        "def f(x):\n    enum.global_enum(X)\n    return 1\n"),
}


@pytest.mark.parametrize("case", sorted(HELPER_REBINDING))
def test_a_library_cannot_bind_a_name_in_the_programs_namespace_that_the_program_could_not(executor, case):
    program = HELPER_REBINDING[case]
    for result in (executor.run(program, "0"), executor.validate(program, "0")):
        # Before: ok, and the helper was the program's own function from then on.
        assert result.status is ExecStatus.FORBIDDEN and "namespace" in result.error, result


def test_the_red_teams_escape_through_a_replaced_class_pattern_helper_is_refused(executor):
    program = (
        "import enum\nclass Site:\n    def __init__(self, c):\n        self.cls = c\n"
        "class X:\n    __members__ = {'_match_class_': lambda site, src, kw, lazy: Site(src() if lazy else src)}\n"
        "enum.global_enum(X)\nclass AnyMeta(type):\n    def __instancecheck__(cls, obj):\n        return True\n"
        "def read(obj, name):\n    K = AnyMeta('K', (), {'__match_args__': (name,)})\n    match obj:\n"
        "        case K(v):\n            return v\n"
        "def f(x):\n    ns = read(f, '__glo' + 'bals__')\n    task = read(ns['_write_'], '__defaults__')[2]\n"
        "    return task.runner_globals['os'].environ['PYTHONHASHSEED']\n")
    for result in (executor.run(program, "0"), executor.validate(program, "0")):
        assert result.status is ExecStatus.FORBIDDEN, result  # before: run gave the worker's hash seed


def test_global_enum_still_exports_a_programs_members(executor):
    program = ("import enum\n@enum.global_enum\nclass Color(enum.IntEnum):\n    RED = 1\n    BLUE = 2\n"
               "def f(x):\n    return RED + BLUE + x, Color.RED.name\n")
    result = executor.validate(program, "10")
    assert result.ok and result.output == "(13, 'RED')", result


def test_forward_references_still_resolve_in_the_programs_namespace(executor):
    program = ("import typing\nclass A:\n    def m(self, other: 'B') -> 'list[B]':\n        pass\nclass B:\n    pass\n"
               "def f(x):\n    hints = typing.get_type_hints(A.m)\n    return hints['other'].__name__, str(hints['return'])\n")
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)


def test_the_guards_a_program_can_reach_hold_nothing_in_their_defaults():
    # In-process: the same module the workers load. What a guard binds for speed sits in closure
    # cells, which the audit hook lets only the program's own functions' be read.
    from azr_env.executor import _guards

    for guard in (_guards.write_guard, _guards.attribute_guard, _guards.virtual_hash, _guards.class_identity_hash):
        assert guard.__defaults__ is None and guard.__kwdefaults__ is None, guard
        assert guard.__qualname__ == guard.__name__


METACLASS_NAMESPACES = {
    "a program's metaclass": "class M(type):\n    pass\ndef f(x):\n    return '__hash__' in M.__dict__, sorted(vars(M))\n",
    "a program's class of a program's metaclass": (
        "class M(type):\n    pass\nclass C(metaclass=M):\n    pass\ndef f(x):\n    return {C: 1}[C], sorted(vars(M))\n"),
    "ABCMeta": "import abc\ndef f(x):\n    return '__hash__' in abc.ABCMeta.__dict__, '__hash__' in vars(abc.ABCMeta)\n",
    "the read of the entry itself": (
        "class M(type):\n    pass\ndef f(x):\n    try:\n        return M.__dict__['__hash__']\n"
        "    except KeyError as e:\n        return 'KeyError', str(e)\n"),
}


@pytest.mark.parametrize("case", sorted(METACLASS_NAMESPACES))
def test_the_hash_the_sandbox_gives_a_metaclass_is_not_in_its_namespace(executor, case):
    program = METACLASS_NAMESPACES[case]
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    # Before: True and '__hash__' listed, and the entry's defaults held the real object.__hash__.
    assert result.ok and result.output == expected, (result, expected)


PLAIN_ANSWERS = {
    "the stand-ins' modules and names": (
        "import abc, functools, typing, dataclasses\n"
        "def f(x):\n    return [(g.__module__, g.__qualname__) for g in (abc.ABCMeta.register, functools.wraps, "
        "functools.update_wrapper, typing.get_type_hints, dataclasses.dataclass, dataclasses.make_dataclass, "
        "abc.get_cache_token, functools.cached_property.__get__)]\n"),
    "a dataclass with __wrapped__": (
        "import dataclasses\ndef g(a, b=2):\n    pass\n@dataclasses.dataclass\nclass C:\n    x: int = 0\n"
        "    __wrapped__ = g\ndef f(x):\n    return C.__doc__\n"),
    "a dataclass with __signature__": (
        "import dataclasses\n@dataclasses.dataclass\nclass C:\n    x: int = 0\n    __signature__ = 5\n"
        "def f(x):\n    return C.__doc__\n"),
    "a dataclass whose metaclass has __signature__ None": (
        "import dataclasses\nclass M(type):\n    __signature__ = None\n@dataclasses.dataclass\nclass C(metaclass=M):\n"
        "    x: int = 0\ndef f(x):\n    return C.__doc__\n"),
}


@pytest.mark.parametrize("case", sorted(PLAIN_ANSWERS))
def test_what_the_sandbox_stands_in_for_answers_as_plain_python_does(executor, case):
    program = PLAIN_ANSWERS[case]
    [expected] = plain_outputs([(program, "0")])
    assert expected is not None
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)


WITHHELD_IN_ANNOTATIONS = {
    "typing.get_type_hints of a function": (
        "import typing\ndef f(x):\n    def g(a: 'help'):\n        pass\n    try:\n        return typing.get_type_hints(g)\n"
        "    except NameError:\n        return 'NameError'\n"),
    "typing.get_type_hints of a class": (
        "import typing\nclass A:\n    a: 'exit'\ndef f(x):\n    try:\n        return str(typing.get_type_hints(A))[:10]\n"
        "    except NameError:\n        return 'NameError'\n"),
    "functools.singledispatch's register": (
        "import functools\n@functools.singledispatch\ndef g(a):\n    return 0\n"
        "def f(x):\n    try:\n        @g.register\n        def _(a: 'copyright'):\n            return 1\n"
        "    except (NameError, TypeError) as e:\n        return type(e).__name__\n"),
}


@pytest.mark.parametrize("case", sorted(WITHHELD_IN_ANNOTATIONS))
def test_a_withheld_builtin_named_in_an_annotation_is_refused_not_a_catchable_error(executor, case):
    result = executor.validate(WITHHELD_IN_ANNOTATIONS[case], "0")
    # Before: ok 'NameError', where plain Python found the builtin.
    assert result.status is ExecStatus.FORBIDDEN and "not available" in result.error, result


def test_reasons_name_the_type_of_what_was_passed_instead_of_text():
    assert "bytes" in parse_literal(b"1")[2]  # before: "expected text, got _ClaimedText"
    assert "int" in check_output_prediction("1", 1).reason


FUTURE_POISON = ("import __future__\ndef f(x):\n    F = type(__future__.annotations)\n"
                 "    F.__init__(__future__.annotations, (9, 9), (8, 8), 12345)\n    return x\n")
FUTURE_PROBE = ("import __future__\ndef f(x):\n    a = __future__.annotations\n"
                "    return a.optional, a.getMandatoryRelease(), a.compiler_flag\n")
KEY_TABLE_POISON = ("import __future__\ndef f(n):\n    x = type(__future__.annotations)((1,), (2,), 0)\n"
                    "    for i in range(n):\n        setattr(x, 'zq' * 60 + str(i), i)\n    return n\n")
INTERNED_PROBE = ("def f(x):\n    def g():\n        pass\n    s = 'zq' * 60 + str(len(''))\n    setattr(g, s, 1)\n"
                  "    return [k for k in vars(g) if k == s][0] is s\n")
TABLE_SIZE_PROBE = ("import __future__\ndef f(x):\n    F = type(__future__.annotations)\n    for _ in range(40):\n"
                    "        F((1,), (2,), 0)\n    return vars(F((1,), (2,), 0)).__sizeof__()\n")


def test_future_feature_objects_changed_by_a_task_do_not_reach_the_next():
    probes = [(FUTURE_PROBE, "0"), (INTERNED_PROBE, "0"), (TABLE_SIZE_PROBE, "0")]
    expected = plain_outputs(probes)
    assert None not in expected
    # The size of an instance dict of a library class is the sandbox's own, not plain Python's:
    # every class's table of shared attribute names is full from the worker's start (see
    # test_redteam24), so the dict holds room for all of them. What matters here is that no task
    # changes it for the next: it is what a fresh executor answers.
    with Executor(workers=1) as fresh:
        expected[2] = fresh.run(TABLE_SIZE_PROBE, "0").output
    with Executor(workers=1) as executor:
        executor.validate(FUTURE_POISON, "0")
        executor.validate(KEY_TABLE_POISON, "8")
        # Before: the poisoned feature 20 of 20, and False and 144 after the key table grew.
        for _ in range(3):
            results = executor.validate_batch([(FUTURE_POISON, "1"), (KEY_TABLE_POISON, "9"), *probes])
            assert [r.output for r in results[2:]] == expected, results
            assert [r.output for r in executor.run_batch(probes)] == expected


def test_an_rlocks_owner_is_no_real_thread_identifier(executor):
    program = ("import functools\ndef f(bit):\n    lock = functools.RLock()\n    lock.acquire()\n"
               "    owner = int(repr(lock).split('owner=')[1].split()[0])\n    return (owner >> bit) & 1\n")
    results = executor.validate_batch([(program + f"# {k}\n", "16") for k in range(10)])
    # Before: ok in 20 of 40 validations, the bit of pthread_self() in the two workers agreeing.
    assert all(r.status is ExecStatus.NONDETERMINISTIC for r in results), results
    shape = ("import functools\ndef f(x):\n    lock = functools.RLock()\n    lock.acquire()\n    lock.acquire()\n"
             "    text = repr(lock)\n    lock.release()\n    lock.release()\n"
             "    return text.split()[:2], 'count=2' in text, 'owner=0 ' in repr(lock)\n")
    result = executor.run(shape, "0")
    assert result.ok and result.output == "(['<locked', '_thread.RLock'], True, True)", result


POSING_AS_FORWARD_REF = {
    "a __class__ property, through singledispatch's register": (
        "import functools, typing\nG = []\nclass FR:\n    @property\n    def __class__(self):\n        return typing.ForwardRef\n"
        "    def _evaluate(self, g, l, guard):\n        G.append(g)\n        return int\n"
        "def f(x):\n    @functools.singledispatch\n    def h(a):\n        return 0\n    def spec(a: FR()):\n        return 1\n"
        "    h.register(spec)\n    return sorted(k for k in G[0] if k.startswith('_'))\n"),
    "a __class__ property, through get_type_hints": (
        "import typing\nG = []\nclass FR:\n    @property\n    def __class__(self):\n        return typing.ForwardRef\n"
        "    def _evaluate(self, g, l, guard):\n        G.append(g)\n        return int\n"
        "def f(x):\n    def spec(a: FR()):\n        return 1\n    typing.get_type_hints(spec)\n"
        "    return sorted(k for k in G[0] if k.startswith('_'))\n"),
    "a subclass made with _root": (
        "import typing\nG = []\nclass FR(typing.ForwardRef, _root=True):\n"
        "    def _evaluate(self, g, l, guard):\n        G.append(g)\n        return int\n"
        "def f(x):\n    def spec(a: FR('int')):\n        return 1\n    typing.get_type_hints(spec)\n"
        "    return sorted(k for k in G[0] if k.startswith('_'))\n"),
}


@pytest.mark.parametrize("case", sorted(POSING_AS_FORWARD_REF))
def test_no_program_object_is_handed_the_namespace_annotations_are_evaluated_in(executor, case):
    program = POSING_AS_FORWARD_REF[case]
    for result in (executor.run(program, "0"), executor.validate(program, "0")):
        # Before: ok, and the object held the program's real globals, helpers and all.
        assert result.status is ExecStatus.FORBIDDEN and "ForwardRef" in result.error, result


STRING_ANNOTATIONS = {
    "singledispatch registers by a string annotation": (
        "from __future__ import annotations\nimport functools\n@functools.singledispatch\ndef show(x):\n    return 'any'\n"
        "@show.register\ndef _(x: int):\n    return 'int'\n@show.register\ndef _(x: list):\n    return 'list'\n"
        "def f(v):\n    return show(v), show([v]), show('s')\n"),
    "get_type_hints of a function": (
        "from __future__ import annotations\nimport typing\nclass Node:\n    pass\n"
        "def link(a: Node, b: int = 0) -> list[Node]:\n    return []\n"
        "def f(v):\n    return sorted((k, str(t)) for k, t in typing.get_type_hints(link).items())\n"),
}


@pytest.mark.parametrize("case", sorted(STRING_ANNOTATIONS))
def test_string_annotations_are_still_evaluated_for_the_program(executor, case):
    program = STRING_ANNOTATIONS[case]
    [expected] = plain_outputs([(program, "3")])
    result = executor.validate(program, "3")
    assert result.ok and result.output == expected, (result, expected)


KEYWORD_POISONS = {
    "math.isclose's keywords": ("import math\ndef f(x):\n    return math.isclose(1.0, 1.05, rel_tol=0.1)\n", "abs_tol"),
    "bytes.hex's keywords": ("def f(x):\n    return b'ab'.hex(bytes_per_sep=1, sep=':')\n", "bytes_per_sep"),
}


@pytest.mark.parametrize("case", sorted(KEYWORD_POISONS))
def test_a_keyword_call_of_a_c_function_leaves_no_interned_name_for_the_next_task(case):
    poison, name = KEYWORD_POISONS[case]
    probe = (f"def g():\n    pass\ns = ''.join([{name[:3]!r}, {name[3:]!r}])\nsetattr(g, s, 1)\n"
             "R = [k for k in vars(g) if k == s][0] is s\ndef f(x):\n    return R\n")
    with Executor(workers=1) as executor:
        before = [executor.validate(probe + f"# {k}\n", "0").output for k in range(3)]
        executor.validate(poison, "0")
        after = [executor.validate(probe + f"# {k}\n", "0").output for k in range(3, 6)]
        after += [r.output for r in executor.run_batch([(probe + f"# {k}\n", "0") for k in range(6, 9)])]
    # Before: 'True' before the poison and 'False' after it, in every validation and run.
    assert len(set(before + after)) == 1 and None not in before, (before, after)


def test_generated_dataclass_methods_name_the_module_the_class_names(executor):
    program = ("import dataclasses\n@dataclasses.dataclass(frozen=True)\nclass C:\n    __module__ = 'os'\n    x: int = 1\n"
               "def f(a):\n    return C.__init__.__module__, C.__hash__.__module__, C.__repr__.__module__\n")
    [expected] = plain_outputs([(program, "3")])
    result = executor.validate(program, "3")
    assert result.ok and result.output == expected == "('os', 'os', 'os')", (result, expected)


def test_the_default_reprs_are_named_as_the_slots_they_replace(executor):
    program = ("def f(x):\n    return [(getattr(m, '__qualname__', None), getattr(m, '__module__', None)) for m in "
               "(object.__repr__, type(f).__repr__, type(iter([])).__repr__)]\n")
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)


LIBRARY_WRITES_FOR_THE_PROGRAM = {
    "enum's member placeholder, set on a library class": (
        "import enum, re\nG = []\nclass Desc:\n    def __set_name__(self, owner, name):\n        G.append(dict(vars(owner)))\n"
        "    def __get__(self, i, o=None):\n        return 1\nclass E(enum.Enum):\n    d = Desc()\n    A = 1\n"
        "def f(x):\n    G[0]['A'].__set_name__(re.RegexFlag, '__repr__')\n    return repr(re.IGNORECASE)\n"),
    "functools.total_ordering of a library ABC": (
        "import functools, numbers\ndef f(x):\n    functools.total_ordering(numbers.Real)\n    return 1\n"),
    "abc.update_abstractmethods of a library class": (
        "import abc, re\ndef f(x):\n    abc.update_abstractmethods(re.RegexFlag)\n    return 1\n"),
    "typing.final of a library class": ("import typing, re\ndef f(x):\n    typing.final(re.RegexFlag)\n    return 1\n"),
    "typing.no_type_check of a library class": (
        "import typing, re\ndef f(x):\n    typing.no_type_check(re.RegexFlag)\n    return 1\n"),
    "enum.global_enum of a library enum": ("import enum, re\ndef f(x):\n    enum.global_enum(re.RegexFlag)\n    return 1\n"),
    "typing.dataclass_transform's decorator on a library class": (
        "import typing, re\ndef f(x):\n    typing.dataclass_transform()(re.RegexFlag)\n    return 1\n"),
}


@pytest.mark.parametrize("case", sorted(LIBRARY_WRITES_FOR_THE_PROGRAM))
def test_library_code_writes_only_objects_the_program_may_write(executor, case):
    result = executor.validate(LIBRARY_WRITES_FOR_THE_PROGRAM[case], "0")
    # Before: ok, the library class rewritten (RegexFlag's repr replaced, its members added to).
    assert result.status is ExecStatus.FORBIDDEN and "did not create" in result.error, result


def test_the_same_library_functions_still_serve_the_programs_own_objects(executor):
    program = (
        "import abc, enum, functools, typing\n"
        "@functools.total_ordering\nclass V:\n    def __init__(self, v):\n        self.v = v\n"
        "    def __eq__(self, o):\n        return self.v == o.v\n    def __lt__(self, o):\n        return self.v < o.v\n"
        "class Shape(abc.ABC):\n    @abc.abstractmethod\n    def area(self):\n        pass\n"
        "@typing.final\nclass Leaf:\n    pass\n@typing.runtime_checkable\nclass Sized(typing.Protocol):\n"
        "    def size(self) -> int: ...\nclass Box:\n    def size(self):\n        return 1\n"
        "@enum.global_enum\nclass Mode(enum.IntEnum):\n    ON = 1\n"
        "class Desc:\n    def __set_name__(self, owner, name):\n        self.name = name\nclass H:\n    d = Desc()\n"
        "def f(x):\n    Shape.area = lambda self: 1\n    abc.update_abstractmethods(Shape)\n"
        "    return (V(1) <= V(2), sorted(Shape.__abstractmethods__), Leaf.__final__, isinstance(Box(), Sized), Mode.ON.value,\n"
        "            typing.final(len) is len, H.__dict__['d'].name)\n")
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)


def test_a_coroutine_freed_without_being_awaited_is_no_refusal(executor):
    program = "async def c():\n    pass\ndef f(a):\n    c()\n    x = c()\n    del x\n    return a + 1\n"
    for result in (executor.run(program, "1"), executor.validate(program, "1")):
        # Before: forbidden, "import of 'warnings' is not allowed" (the interpreter's warning).
        assert result.ok and result.output == "2", result


WRITERS_UNDER_OTHER_NAMES = {
    "abstractmethod as numbers and typing bind it": (
        "import numbers, typing, fractions, re\ndef f(x):\n    numbers.abstractmethod(fractions.Fraction.limit_denominator)\n"
        "    typing.abstractmethod(re.sub)\n    return 1\n"),
    "no_type_check through no_type_check_decorator": (
        "import typing, json\ndef f(x):\n    typing.no_type_check_decorator(lambda g: g)(json.JSONEncoder)\n    return 1\n"),
}


@pytest.mark.parametrize("case", sorted(WRITERS_UNDER_OTHER_NAMES))
def test_a_writer_of_its_argument_is_checked_under_every_name(executor, case):
    result = executor.validate(WRITERS_UNDER_OTHER_NAMES[case], "0")
    # Before: ok, __isabstractmethod__ / __no_type_check__ set on library functions and classes.
    assert result.status is ExecStatus.FORBIDDEN and "did not create" in result.error, result


HONEST_ANNOTATIONS_THAT_COULD_CLAIM = {
    "a class whose metaclass defines __getattribute__, registered with singledispatch": (
        "import functools\nclass Meta(type):\n    def __getattribute__(cls, k):\n        return type.__getattribute__(cls, k)\n"
        "class A(metaclass=Meta):\n    pass\n@functools.singledispatch\ndef g(a):\n    return 'o'\n"
        "@g.register\ndef _(a: A):\n    return 'A'\ndef f(x):\n    return g(A()), g(1)\n"),
    "an instance whose class defines __getattribute__, as a class annotation": (
        "import typing\nclass Unit:\n    def __init__(self, n):\n        self.n = n\n"
        "    def __getattribute__(self, k):\n        return object.__getattribute__(self, k)\n"
        "    def __repr__(self):\n        return 'Unit(' + self.n + ')'\n"
        "def f(x):\n    def g(v: Unit('m')):\n        pass\n    return repr(typing.get_type_hints(g)['v'])\n"),
}


@pytest.mark.parametrize("case", sorted(HONEST_ANNOTATIONS_THAT_COULD_CLAIM))
def test_an_annotation_whose_class_could_claim_another_is_evaluated_when_it_does_not(executor, case):
    program = HONEST_ANNOTATIONS_THAT_COULD_CLAIM[case]
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)


def test_a_memory_errors_suppressed_context_does_not_reach_the_next_task():
    poison = ("def f(x):\n    try:\n        raise MemoryError('out of room') from None\n    except MemoryError:\n"
              "        pass\n    e = MemoryError()\n    e.__suppress_context__ = True\n    return 1\n")
    probe = "def f(x):\n    return [MemoryError().__suppress_context__ for _ in range(20)]\n"
    expected = repr([False] * 20)
    with Executor(workers=1) as executor:
        assert executor.validate(probe, "0").output == expected
        executor.validate(poison, "0")
        # Before: True from then on, in every validation and run in that runner.
        results = [executor.validate(probe + f"# {k}\n", "0") for k in range(3)]
        results += executor.run_batch([(poison, "1"), (probe, "0")])[1:]
    assert all(r.ok and r.output == expected for r in results), results


CLASS_METHODS_SELF = "import itertools\ndef f(x):\n    return [m.__self__.__name__ for m in (int.from_bytes, bytes.fromhex, dict.fromkeys, itertools.chain.from_iterable)]\n"


def test_a_class_methods_class_is_its_self(executor):
    [expected] = plain_outputs([(CLASS_METHODS_SELF, "0")])
    result = executor.validate(CLASS_METHODS_SELF, "0")
    # Before: forbidden, "__self__ of this builtin_function_or_method is not the program's".
    assert result.ok and result.output == expected, (result, expected)


@pytest.mark.parametrize("gold", ["inf", "-inf", "[inf]", "range(0, 3)", "frozenset({1})"])
def test_the_exact_text_of_a_gold_output_that_is_no_literal_is_right(gold):
    # Before: judged wrong ("predicted output is not a Python literal") before the gold was read.
    assert check_output_prediction(gold, gold).correct
    assert check_output_prediction(f"  {gold}\n", gold).correct
    assert not check_output_prediction("0", gold).correct


def test_no_answer_equals_a_nan_gold():
    # As ``f(x) == gold`` judges it, a NaN equals nothing, its own text included (red team 28G:
    # the text "nan" was right against the gold "nan").
    for answer in ("nan", "  nan\n", "0", "1e999"):
        assert not check_output_prediction(answer, "nan").correct


def test_no_reason_prints_an_address():
    reason = parse_literal("foo")[2]
    assert "0x" not in reason and "not a Python literal" in reason
