"""The fifteenth session's red team and false-refusal hunt.

1. A class that hashes with a seeded C hash (str's, bytes', tuple's, frozenset's), given to it in its
   body (``__hash__ = str.__hash__``) or later, got the guards' checked stand-in as its slot, salted
   in every run alike: its instances never met equal plain values in a dict or set, and such a
   program was validated with that wrong output, 30 times in 30. The slot is now real in the
   reversed run, so those runs disagree (``nondeterministic``), and salted in the others, so that
   set algebra still calls the program's ``__eq__`` in another order in each (red teams 12 and 15).
2. Plain Python's answers where the sandbox showed its own stand-ins: the error text, ``__doc__``,
   defaults and annotations of dataclasses' generated methods; enum's documented ``_missing_`` and
   ``_generate_next_value_`` on the library's base; the "namereplace" error handler and ``\\N{...}``
   escapes, which import unicodedata from C; the names and docs of the guards' stand-ins.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus

from .plain_python import plain_outputs

MIXED_WITH_PLAIN_VALUES = {
    "str subclass, hash named in its body": (
        "class S(str):\n    __hash__ = str.__hash__\n"
        "def f(x):\n    return S(x) in {x}, {x: 1}.get(S(x), 'missing'), len({S(x), x})\n", "'key'"),
    "str subclass with __eq__, hash named in its body": (
        "class S(str):\n    def __eq__(self, o):\n        return str.__eq__(self, o)\n    __hash__ = str.__hash__\n"
        "def f(xs):\n    return len({S(c) for c in xs} & set(xs)), len({S(c) for c in xs} | set(xs))\n",
        "['ab', 'cd', 'ef', 'gh']"),
    "str subclass with __eq__, hash written after the class": (
        "class S(str):\n    def __eq__(self, o):\n        return str.__eq__(self, o)\nS.__hash__ = str.__hash__\n"
        "def f(x):\n    return {x: 1}.get(S(x), 'missing')\n", "'key'"),
    "str subclass of a subclass, hash set on the class": (
        "class B(str):\n    pass\nclass S(B):\n    pass\nS.__hash__ = str.__hash__\n"
        "def f(xs):\n    return len({S(c) for c in xs} & set(xs))\n", "['ab', 'cd', 'ef', 'gh']"),
    "bytes subclass": (
        "class S(bytes):\n    def __eq__(self, o):\n        return bytes.__eq__(self, o)\n    __hash__ = bytes.__hash__\n"
        "def f(x):\n    return {x: 1}.get(S(x), 'missing')\n", "b'key'"),
    "tuple subclass holding strings": (
        "class T(tuple):\n    def __eq__(self, o):\n        return tuple.__eq__(self, o)\n    __hash__ = tuple.__hash__\n"
        "def f(x):\n    return {tuple(x): 1}.get(T(x), 'missing')\n", "['a', 'b']"),
    "frozenset subclass holding strings": (
        "class F(frozenset):\n    def __eq__(self, o):\n        return frozenset.__eq__(self, o)\n"
        "    __hash__ = frozenset.__hash__\n"
        "def f(x):\n    return {frozenset(x): 1}.get(F(x), 'missing')\n", "['a', 'b']"),
}


@pytest.mark.parametrize("case", sorted(MIXED_WITH_PLAIN_VALUES))
def test_a_class_with_a_seeded_c_hash_meeting_plain_values_is_never_validated_with_a_wrong_output(executor, case):
    program, inputs = MIXED_WITH_PLAIN_VALUES[case]
    [expected] = plain_outputs([(program, inputs)])
    assert expected is not None  # deterministic in plain Python
    results = executor.validate_batch([(program + f"# {k}\n", inputs) for k in range(8)])
    for result in results:
        # Either plain Python's answer or a refusal; before, 8 of 8 were ok with another answer.
        assert result.status is ExecStatus.NONDETERMINISTIC or (result.ok and result.output == expected), result


ALONE = {
    "str subclass with __eq__ and str's hash": (
        "class S(str):\n    def __eq__(self, o):\n        return str.__eq__(self, o)\n    __hash__ = str.__hash__\n"
        "def f(xs):\n    s = {S(c) for c in xs}\n    return sorted(s), S('ab') in s, len(s | {S('zz')}), len(s & {S('cd')})\n",
        "['ab', 'cd', 'ef', 'ab']"),
    "tuple subclass of numbers, listed from a set": (
        "class T(tuple):\n    def __eq__(self, o):\n        return tuple.__eq__(self, o)\n    __hash__ = tuple.__hash__\n"
        "def f(xs):\n    s = {T(x) for x in xs}\n    return list(s), T((1, 2)) in {(1, 2)}\n", "[(1, 2), (3, 4), (1, 2)]"),
    "hash observations of such a class agree with each other": (
        "class S(str):\n    __hash__ = str.__hash__\n"
        "def f(x):\n    k = S(x)\n    return hash(k) == k.__hash__() == S.__hash__(k), len({hash(k), hash(S(x))})\n", "'abc'"),
}


@pytest.mark.parametrize("case", sorted(ALONE))
def test_such_a_class_among_its_own_instances_keeps_plain_pythons_answers(executor, case):
    program, inputs = ALONE[case]
    [expected] = plain_outputs([(program, inputs)])
    result = executor.validate(program, inputs)
    assert result.ok and result.output == expected, (result, expected)


PLAIN_ANSWERS = {
    "a dataclass's missing argument": (
        "from dataclasses import dataclass\n@dataclass\nclass User:\n    name: str\n    age: int\n"
        "def f(x):\n    try:\n        User('a')\n    except TypeError as e:\n        return str(e)\n", "1"),
    "a dataclass's unexpected keyword, through replace": (
        "from dataclasses import dataclass, replace\n@dataclass(frozen=True)\nclass P:\n    x: int\n"
        "def f(v):\n    try:\n        replace(P(v), y=2)\n    except TypeError as e:\n        return str(e)\n", "1"),
    "a dataclass's __doc__": (
        "from dataclasses import dataclass, field\n@dataclass\nclass Point:\n    x: int\n    y: int = 0\n"
        "    tags: list = field(default_factory=list)\ndef f(x):\n    return Point.__doc__\n", "1"),
    "a generated __init__'s names, defaults and annotations": (
        "from dataclasses import dataclass, field\n@dataclass\nclass C:\n    a: int\n    b: str = 'x'\n"
        "@dataclass(kw_only=True)\nclass K:\n    verbose: bool = False\n"
        "def f(x):\n    i = C.__init__\n    return i.__name__, i.__qualname__, i.__defaults__, sorted(i.__annotations__), "
        "K.__init__.__kwdefaults__\n", "1"),
    "enum's _missing_ through super()": (
        "from enum import Enum\nclass Lvl(Enum):\n    LOW = 1\n    @classmethod\n    def _missing_(cls, value):\n"
        "        if isinstance(value, str):\n            return cls[value.upper()]\n        return super()._missing_(value)\n"
        "def f(s):\n    out = [Lvl(s).name]\n    try:\n        Lvl(99)\n    except ValueError as e:\n        out.append(str(e))\n"
        "    return out\n", "'low'"),
    "enum's _generate_next_value_ on the library's base": (
        "from enum import Enum, auto\nclass Base(Enum):\n    @staticmethod\n"
        "    def _generate_next_value_(name, start, count, last_values):\n"
        "        return Enum._generate_next_value_(name, start, count, last_values) * 10\n"
        "class C(Base):\n    A = auto()\n    B = auto()\ndef f(x):\n    return [m.value for m in C]\n", "1"),
    "the namereplace error handler": ("def f(s):\n    return s.encode('ascii', 'namereplace')\n", "'café €'"),
    "a named escape decoded": ("def f(s):\n    return s.encode('latin-1').decode('unicode_escape')\n",
                               "'\\\\N{BULLET} item'"),
    "the guarded builtins' reprs": ("def f(x):\n    return repr(getattr), str(hasattr), repr(hash), repr(id), repr(vars)\n", "1"),
    "the stand-ins' names and docs": (
        "import operator\nclass A:\n    pass\n"
        "def f(x):\n    return (getattr.__doc__[:20], hash.__name__, operator.attrgetter.__module__, "
        "A.__hash__.__name__, A.__hash__.__qualname__, str.__hash__.__qualname__)\n", "1"),
}


@pytest.mark.parametrize("case", sorted(PLAIN_ANSWERS))
def test_what_the_sandbox_stands_in_for_answers_as_plain_python_does(executor, case):
    program, inputs = PLAIN_ANSWERS[case]
    [expected] = plain_outputs([(program, inputs)])
    assert expected is not None
    result = executor.validate(program, inputs)
    assert result.ok and result.output == expected, (result, expected)


def test_the_library_enums_other_private_names_stay_refused(executor):
    result = executor.validate("import enum\ndef f(x):\n    return len(enum.Enum._member_map_)\n", "1")
    assert result.status is ExecStatus.FORBIDDEN and "_member_map_" in result.error


def test_an_undeclared_import_of_a_module_with_state_stays_refused(executor):
    # Only unicodedata may be imported on a program's behalf without a declaration (by C, for the
    # namereplace handler); a module with state the parent's screen did not see stays out of reach.
    program = "def f(x):\n    return __import__('re').escape(x)\n"
    result = executor.validate(program, "'a.b'")
    assert result.status is ExecStatus.FORBIDDEN


def _registry_walk(n_classes: int) -> str:
    # Each registered ABC's __subclasshook__ records that it was asked: issubclass walks Base's
    # registry in its table's order, which the registered classes' hashes decide.
    return f"""import abc
log = []
class R(abc.ABC):
    @classmethod
    def __subclasshook__(cls, sub):
        log.append(cls.__name__)
        return NotImplemented
rs = [type(R)('R%d' % i, (R,), {{}}) for i in range({n_classes})]
class Base(abc.ABC):
    pass
for r in rs:
    Base.register(r)
class X:
    pass
issubclass(X, Base)
out = tuple(log[-{n_classes}:])
def f(x):
    return out
"""


@pytest.mark.parametrize("n_classes", [2, 7])
def test_the_order_abc_walks_a_registry_of_the_programs_classes_in_is_never_validated(executor, n_classes):
    # Before: the classes' addresses decided it, alike in both workers: 30 of 30 validated, with an
    # order plain Python did not give, and `run` answered otherwise once another task had run.
    results = executor.validate_batch([(_registry_walk(n_classes) + f"# {k}\n", "0") for k in range(12)])
    assert [r.status for r in results] == [ExecStatus.NONDETERMINISTIC] * 12, [(r.status, r.output) for r in results]


def test_a_program_metaclass_checking_subclasses_in_a_registry_walk_is_never_validated(executor):
    program = """log = []
class Meta(type):
    def __subclasscheck__(cls, sub):
        log.append(cls.__name__)
        return False
import abc
class Base(abc.ABC):
    pass
for p in [Meta('P%d' % i, (), {}) for i in range(4)]:
    Base.register(p)
class X:
    pass
issubclass(X, Base)
def f(x):
    return tuple(log)
"""
    results = executor.validate_batch([(program + f"# {k}\n", "0") for k in range(12)])
    assert [r.status for r in results] == [ExecStatus.NONDETERMINISTIC] * 12, [(r.status, r.output) for r in results]


def test_abcs_and_metaclasses_used_as_keys_keep_plain_pythons_answers(executor):
    program = """import abc
class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...
class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
class Meta(type):
    pass
class Tagged(metaclass=Meta):
    pass
Shape.register(int)
def f(x):
    kinds = {Shape: 'shape', Square: 'square', Tagged: 'tagged'}
    return (Square(x).area(), isinstance(3, Shape), issubclass(Square, Shape), kinds[Square], kinds[Tagged],
            len({Shape, Square, Shape, Tagged}), hash(Square) == hash(Square), Shape.register.__qualname__)
"""
    [expected] = plain_outputs([(program, "3")])
    result = executor.validate(program, "3")
    assert result.ok and result.output == expected, (result, expected)


def test_no_checked_dataclass_method_hands_out_inspects_signature_class(executor):
    # A __signature__ on the stand-in (this session's first fix, before the second red team) gave
    # programs inspect.Signature, whose from_callable(..., eval_str=True, globals={}) evaluated
    # program text with the real builtins: unsalted hashes, real ids, private reads, the worker's sys.
    program = """from dataclasses import dataclass
@dataclass
class C:
    q: int
def f(a):
    Sig = type(C.__init__.__signature__)
    def g(x): pass
    g.__annotations__ = {'x': "type(hash).__name__"}
    return Sig.from_callable(g, eval_str=True, globals={}).parameters['x'].annotation
"""
    result = executor.validate(program, "0")
    assert result.status is ExecStatus.ERROR and "__signature__" in result.error, result


def test_text_a_library_evaluates_sees_the_tasks_builtins_only(executor):
    # dataclasses writes the __doc__ of a class without one from inspect.signature(cls), which
    # evaluates a metaclass's __text_signature__ (program text) in a dict without builtins: eval
    # filled in the real ones (the real hash; exit, help and license, of the non-allowed
    # _sitebuiltins), the third red team. Now the task's builtins answer, and a builtin the
    # sandbox withholds is refused as if the program had named it.
    template = """import dataclasses
class M(type):
    __text_signature__ = '(a=%s)'
def f(x):
    @dataclasses.dataclass(init=False)
    class C(metaclass=M):
        __module__ = 'nowhere'
    return C.__doc__
"""
    withheld = executor.validate(template % "exit.__class__.__module__", "0")
    assert withheld.status is ExecStatus.FORBIDDEN and '"exit"' in withheld.error, withheld
    guarded = executor.validate(template % "hash.__class__.__name__", "0")
    assert guarded.ok and "builtin_function_or_method" not in guarded.output, guarded


def test_the_programs_classes_registered_on_a_library_abc_are_never_validated_in_walk_order(executor):
    program = """import abc, numbers
log = []
class R(abc.ABC):
    @classmethod
    def __subclasshook__(cls, sub):
        log.append(cls.__name__)
        return NotImplemented
for r in [type(R)('R%d' % i, (R,), {}) for i in range(2)]:
    numbers.Number.register(r)
class X:
    pass
del log[:]
issubclass(X, numbers.Number)
def f(x):
    return tuple(log)
"""
    # Before: 22 of 40 validated, 15 of them with an order plain Python never gave.
    results = executor.validate_batch([(program + f"# {k}\n", "0") for k in range(12)])
    assert [r.status for r in results] == [ExecStatus.NONDETERMINISTIC] * 12, [(r.status, r.output) for r in results]


@pytest.mark.parametrize("how", ["a metaclass __call__", "a __new__ of its own"])
def test_a_dataclasss_doc_follows_inspects_order_when_init_is_not_what_it_reads(executor, how):
    # The fourth red team: the __doc__ shortcut read the generated __init__ where inspect reads a
    # metaclass's __call__ or the class's __new__ first ('C(x: int = 0)' against plain 'C(*a)').
    extra = ("class M(type):\n    def __call__(cls, *a):\n        return 1\n" if how == "a metaclass __call__" else "")
    head = "@dataclasses.dataclass\nclass C(metaclass=M):\n" if extra else "@dataclasses.dataclass\nclass C:\n"
    body = "    x: int = 0\n" + ("" if extra else "    def __new__(cls, q, r=1):\n        return object.__new__(cls)\n")
    program = "import dataclasses\n" + extra + head + body + "def f(v):\n    return C.__doc__\n"
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)


def test_an_item_object_whose_unpacking_raises_is_a_malformed_item_not_an_exception(executor):
    # The fifth red team: only TypeError and ValueError were caught while unpacking an item, so a
    # tuple subclass whose __iter__ raised KeyError ended the whole batch with that KeyError.
    class Raising(tuple):
        def __iter__(self):
            raise KeyError("iter")

    class RaisingStr(str):
        def __iter__(self):
            raise RuntimeError("iter")

    def hidden_pairs():
        yield ("1", "1")
        raise LookupError("the pairs' own failure")

    program = "def f(*a):\n    return 1\n"
    results = executor.validate_batch([Raising((program, "1")), (program, "1"), RaisingStr("ab")])
    assert [r.status for r in results] == [ExecStatus.SYNTAX, ExecStatus.OK, ExecStatus.SYNTAX]
    assert "pair" in results[0].error
    verdicts, program_verdicts = executor.check_answers(
        [Raising((program, "1", "1")), (program, "1", "1")],
        [(program, [Raising(("1", "1"))]), (program, hidden_pairs()), (program, [("1", "1")])])
    assert [v.correct for v in verdicts] == [False, True] and "malformed" in verdicts[0].reason
    assert [p.passed for p in program_verdicts] == [0, 0, 1]


def test_an_object_that_claims_to_be_a_str_is_refused_not_raised(executor):
    # The sixth red team: a __class__ property answering str passed isinstance(x, str), and
    # str.__str__ then raised TypeError out of run, validate and check_output_prediction; one whose
    # __class__ raised passed that exception out.
    from azr_env.executor import check_output_prediction

    class Claims:
        __class__ = property(lambda self: str)

    class Raises:
        @property
        def __class__(self):
            raise KeyError("boom")

    program = "def f(x):\n    return x\n"
    for fake in (Claims(), Raises()):
        assert executor.run(fake, "1").status is ExecStatus.SYNTAX
        assert executor.validate(program, fake).status is ExecStatus.SYNTAX
        assert [r.status for r in executor.run_batch([(program, fake), (program, "2")])] == [ExecStatus.SYNTAX,
                                                                                           ExecStatus.OK]
        assert not check_output_prediction(fake, "1").correct
        assert not check_output_prediction("1", fake).correct


def test_getattrs_default_is_the_callers_whatever_it_is(executor):
    # getattr's own sentinel sat in its __defaults__, where a program read it and passed it back.
    program = ("def f(x):\n    d = (getattr.__defaults__ or (None,))[0]\n"
               "    return getattr(1, 'zz', d) is d, getattr(1, 'real'), getattr(1, 'zz', 5)\n")
    result = executor.validate(program, "0")
    assert result.ok and result.output == "(True, 1, 5)", result


def test_a_generator_that_ignores_its_close_after_the_call_is_not_refused(executor):
    # Finalized after f returned, its RuntimeError went to the default unraisable hook, which read
    # the worker's source file for a traceback: refused (`open`), where plain Python answers 1.
    program = ("def g():\n    while True:\n        try:\n            yield 1\n        except GeneratorExit:\n"
               "            pass\ndef f(x):\n    it = g()\n    next(it)\n    return 1\n")
    result = executor.validate(program, "0")
    assert result.ok and result.output == "1", result


def test_an_object_whose_getattribute_claims_str_is_refused_not_raised(executor):
    # The seventh red team: a __getattribute__ answering str for __class__ got past the first fix.
    from azr_env.executor import check_output_prediction, parse_literal

    class Answers:
        def __getattribute__(self, name):
            if name == "__class__":
                return str
            return object.__getattribute__(self, name)

    class Raises:
        def __getattribute__(self, name):
            raise KeyError(name)

    program = "def f(x):\n    return x\n"
    for fake in (Answers(), Raises()):
        assert executor.run(fake, "1").status is ExecStatus.SYNTAX
        assert executor.validate(program, fake).status is ExecStatus.SYNTAX
        assert not check_output_prediction(fake, "1").correct
        assert parse_literal(fake)[0] is False
        verdicts, programs = executor.check_answers([(program, fake, "1")], [(program, [(fake, "1")])])
        assert not verdicts[0].correct and programs[0].passed == 0


@pytest.mark.parametrize("call", ["getattr(obj=x, name='real')", "hash(obj=x)", "id(obj=x)",
                                  "hasattr(obj=x, name='real')", "getattr(x, 'zz', default=5)"])
def test_the_guarded_builtins_take_no_keyword_arguments(executor, call):
    # Plain Python's built-ins refuse them (TypeError); the guarded ones answered.
    result = executor.validate(f"def f(x):\n    return {call}\n", "1")
    assert result.status is ExecStatus.ERROR and "TypeError" in result.error, result


def test_a_class_dict_key_that_hashes_like_class_is_refused_not_run(executor):
    # The eighth red team: a str-subclass key hashing like "__class__" had its __eq__ run by the
    # check itself (and raised KeyError out of run, validate and parse_literal).
    from azr_env.executor import check_output_prediction, parse_literal

    class Key(str):
        def __hash__(self):
            return str.__hash__("__class__")

        def __eq__(self, other):
            raise KeyError("ran in the parent")

    fake = type("K", (), {Key("__class__"): property(lambda self: str)})()
    program = "def f(x):\n    return x\n"
    assert executor.run(fake, "1").status is ExecStatus.SYNTAX
    assert executor.validate(program, fake).status is ExecStatus.SYNTAX
    assert parse_literal(fake)[0] is False
    assert not check_output_prediction("1", fake).correct


@pytest.mark.parametrize("call", ["id()", "id(1, 2)", "hash()", "hash(1, 2)", "getattr(1)", "getattr(1, 'a', 2, 3)",
                                  "setattr(1, 'a')", "delattr(1)", "hasattr(1, 'a', 2)", "getattr(x=1, name='a')"])
def test_a_wrong_call_of_a_guarded_builtin_says_what_plain_python_says(executor, call):
    program = f"def f(v):\n    try:\n        {call}\n    except TypeError as e:\n        return str(e)\n"
    [expected] = plain_outputs([(program, "0")])
    result = executor.validate(program, "0")
    assert result.ok and result.output == expected, (result, expected)
