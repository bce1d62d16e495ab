"""The twentieth session's red teams (L and L2): state a pass left for the next one, a seed that lies
about its class, and caller objects whose class name runs code.

1. ``setattr`` interns the very string it is given, and the library keeps its strings for the life
   of the worker: a task that wrote an attribute named by a docstring left it interned, and a later
   task told by identity whether an equal string it built came back as that one (an unrelated
   task's answer changed, 5 of 5); a pass that interned one of two library strings by the seed's
   set order passed the bit to every later pass of the validation (11 to 13 of 20 ok).
2. Library objects re-initialised by their own class's ``__init__`` (``typing.T.__init__(w)``, no
   guard sees library code's writes) kept that state into the later passes of a one-shot job
   (7 to 12 of 20 ok); and a library class's dict with its keys re-inserted in another order was
   taken for unchanged (9 of 20 ok).
3. A ``random.Random`` seed whose ``__class__`` claims float passed random's isinstance check and C
   hashed it by its address (3 of 20 ok).
4. A caller's object whose metaclass defines ``__name__`` as a property ran it in the parent, and
   the check helpers raised.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor, check_output_prediction, parse_literal

# A seed-dependent bit in plain Python: which of two strings a two-element set yields first.
BIT = "next(iter({'apple', 'banana'}))"


# --- 1. strings interned by one task, seen by the next -----------------------------------------------
MARK_DOCSTRING = "def f(x):\n    def h():\n        pass\n    setattr(h, vars(int)['__doc__'], 1)\n    return 0\n"
ASK_DOCSTRING = (
    "def f(x):\n    t = vars(int)['__doc__']\n    s = ''.join(list(t))\n    def h():\n        pass\n"
    "    setattr(h, s, 1)\n    return list(vars(h))[0] is t\n")


def test_a_task_that_interns_a_library_string_changes_no_later_task():
    with Executor(workers=1) as ex:
        alone = ex.run(ASK_DOCSTRING, "0")
        for _ in range(3):
            assert ex.run(MARK_DOCSTRING, "0").ok
            after = ex.run(ASK_DOCSTRING, "0")
            assert (after.status, after.output) == (alone.status, alone.output)


# (Shared with red team N's cases below: which strings carry the bit is the parameter.)
CARRY_BY_INTERNING = """
import textwrap
def interned(t):
    s = ''.join(list(t))
    def h():
        pass
    setattr(h, s, 1)
    return list(vars(h))[0] is t
def mark(t):
    def h():
        pass
    setattr(h, t, 1)
def evict():
    # The type attribute cache keeps a name of up to 100 characters alive for the rest of the
    # pass: overwritten, so that the copy interned() interned dies and t itself can be marked.
    def g():
        pass
    for i in range(30000):
        setattr(g, 'k' + str(i), 0)
def f(x):
    seen, bit = SEEN, BIT_STRING
    if interned(seen):
        return interned(bit)
    evict()
    b = next(iter({'apple', 'banana'})) == 'apple'
    if b:
        mark(bit)
    mark(seen)
    return b
"""


def validated_alike_in_every_process(seen: str, bit: str) -> set:
    """The (status, output) of validating the carrier of ``seen``/``bit`` in four fresh executors.
    Before, an executor validated it ok with the seed's bit (True or False) about half the time."""
    program = CARRY_BY_INTERNING.replace("SEEN", seen).replace("BIT_STRING", bit)
    verdicts = set()
    for _ in range(4):
        with Executor(workers=2) as ex:
            result = ex.validate(program, "0")
            verdicts.add((result.status, result.output))
    return verdicts


def test_a_bit_carried_by_interning_a_docstring_gives_one_answer_in_every_process():
    verdicts = validated_alike_in_every_process("vars(int)['__doc__']", "vars(str)['__doc__']")
    assert len(verdicts) == 1, verdicts


# --- 2. library objects and ordered containers carried from pass to pass -------------------------------
CARRIERS = {
    "typing.T re-initialised": (
        f"import typing\ndef f(x):\n    if typing.T.__name__ != 'T':\n        return typing.T.__name__\n"
        f"    w = {BIT}\n    typing.T.__init__(w)\n    return w\n"),
    "typing.List re-initialised": (
        f"import typing\ndef f(x):\n    if repr(typing.List) != 'typing.List':\n        return repr(typing.List)[7:]\n"
        f"    w = {BIT}\n    typing.List.__init__(list, 0, name=w)\n    return w\n"),
    "a library class's dict reordered": (
        "import textwrap\nT = textwrap.TextWrapper.unicode_whitespace_trans\ndef f(x):\n"
        "    if next(iter(T)) != 9:\n        return 'apple' if list(T)[-2] == 10 else 'banana'\n"
        f"    w = {BIT}\n    k = 10 if w == 'apple' else 11\n    T[k] = T.pop(k)\n    T[9] = T.pop(9)\n    return w\n"),
}


def _each_validation_is_refused(executor, carrier):
    """Eight copies of a seed-dependent carrier, each refused as nondeterministic (before a fix,
    about half of them validated with the seed's bit)."""
    results = executor.validate_batch([(carrier + f"# {k}\n", "0") for k in range(8)])
    assert [r.status for r in results] == [ExecStatus.NONDETERMINISTIC] * 8, [(r.status, r.output) for r in results]


@pytest.mark.parametrize("name", CARRIERS)
def test_state_written_on_library_objects_does_not_reach_the_next_pass(executor, name):
    _each_validation_is_refused(executor, CARRIERS[name])


def test_programs_that_use_those_objects_plainly_still_validate(executor):
    ok = executor.validate_batch([
        ("import typing\nT = typing.TypeVar('T')\ndef f(x: typing.List[int]) -> int:\n    return len(x)", "[1, 2]"),
        ("import textwrap\ndef f(s):\n    return textwrap.fill(s, 5)", "'hello world'"),
        ("import typing\ndef f(x):\n    return repr(typing.T), typing.List[int] == typing.List[int]", "0"),
    ])
    assert [(r.status, r.output) for r in ok] == [
        (ExecStatus.OK, "2"), (ExecStatus.OK, "'hello\\nworld'"), (ExecStatus.OK, "('~T', True)")]


# --- 3. a seed that claims to be a float --------------------------------------------------------------------
CLAIMS_FLOAT = (
    "import statistics\nclass C:\n    @property\n    def __class__(self):\n        return float\n"
    "def f(x):\n    return statistics.NormalDist().samples(1, seed=C())[0] < 0\n")
HASHED_BY_ADDRESS = (
    "import statistics\nclass F(float):\n    __hash__ = object.__hash__\n"
    "def f(x):\n    return statistics.NormalDist().samples(1, seed=F(x))[0] < 0\n")


def test_a_seed_hashed_by_its_address_is_refused_whatever_class_it_claims(executor):
    for program in (CLAIMS_FLOAT, HASHED_BY_ADDRESS):
        result = executor.validate(program, "2.5")
        assert result.status is ExecStatus.FORBIDDEN and "hashed by its address" in result.error


def test_seeds_that_are_alike_in_every_process_still_work(executor):
    program = "import statistics\nclass F(float):\n    pass\ndef f(s):\n    return statistics.NormalDist().samples(2, seed=s)\n"
    import statistics

    for seed in (3, "abc", b"x", 2.5, True):
        result = executor.validate(program, repr(seed))
        assert result.ok and result.output == repr(statistics.NormalDist().samples(2, seed=seed))
    subclass = executor.validate(program.replace("seed=s", "seed=F(s)"), "2.5")
    assert subclass.ok and subclass.output == repr(statistics.NormalDist().samples(2, seed=2.5))


# --- 4. a caller's class whose metaclass computes __name__ ----------------------------------------------------
class _Meta(type):
    @property
    def __name__(cls):
        raise RuntimeError("the caller's metaclass code ran in the parent")


class _Odd(metaclass=_Meta):
    pass


def test_the_check_helpers_name_a_caller_s_class_without_running_its_code(executor):
    odd = _Odd()
    program = "def f(a):\n    return a"
    assert parse_literal(odd)[2] == "expected text, got _Odd"
    assert not check_output_prediction(odd, "1").correct and not check_output_prediction("1", odd).correct
    assert "got _Odd" in executor.check_input_prediction(program, "1", odd).reason
    assert executor.check_program(program, [("1", odd)]).passed == 0
    verdicts, _ = executor.check_answers([(program, "1", odd)])
    assert not verdicts[0].correct
    assert executor.run(odd, "1").error == "program must be str, got _Odd"


# --- red team N (on the fixes above) ---------------------------------------------------------------------
# 5. Strings the start-up walk missed: the qualname a builtin descriptor makes on first read
#    (``str.join.__qualname__``), library functions' qualnames (in their code's fields): interned by
#    one task, seen by the next (5 of 5), and carried between passes (7 to 13 of 20 ok).
# 6. Descriptors in library classes' dicts re-initialised in C by their own ``__init__``
#    (``property.__init__`` on ``ChainMap.parents``, ``classmethod.__init__`` on ``Counter.fromkeys``):
#    8 and 9 of 20 ok.
ASK_QUALNAME = (
    "def f(x):\n    t = str.join.__qualname__\n    s = ''.join(list(t))\n    def h():\n        pass\n"
    "    setattr(h, s, 1)\n    return list(vars(h))[0] is t\n")
MARK_QUALNAME = "def f(x):\n    t = str.join.__qualname__\n    def h():\n        pass\n    setattr(h, t, 1)\n    return 0\n"


def test_a_descriptor_s_qualname_interned_by_one_task_changes_no_later_task():
    with Executor(workers=1) as ex:
        alone = ex.run(ASK_QUALNAME, "0")
        assert ex.run(MARK_QUALNAME, "0").ok
        after = ex.run(ASK_QUALNAME, "0")
        assert (after.status, after.output) == (alone.status, alone.output)


@pytest.mark.parametrize("seen, bit", [
    ("str.join.__qualname__", "str.split.__qualname__"),
    ("textwrap.TextWrapper.fill.__qualname__", "textwrap.TextWrapper.wrap.__qualname__"),
])
def test_a_bit_carried_by_interning_a_qualname_gives_one_answer_in_every_process(seen, bit):
    verdicts = validated_alike_in_every_process(seen, bit)
    assert len(verdicts) == 1, verdicts


DESCRIPTOR_CARRIERS = {
    "property.__init__": (
        f"import collections\nP = vars(collections.ChainMap)['parents']\ndef f(x):\n    d = P.__doc__\n"
        f"    if d in ('apple', 'banana'):\n        return d\n    w = {BIT}\n"
        f"    property.__init__(P, P.fget, None, None, w)\n    return w\n"),
    "classmethod.__init__": (
        f"import collections\nC = vars(collections.Counter)['fromkeys']\ndef f(x):\n    n = C.__func__.__name__\n"
        f"    if n in ('apple', 'banana'):\n        return n\n    w = {BIT}\n    def g(cls, it, v=None):\n"
        f"        return 0\n    g.__name__ = w\n    classmethod.__init__(C, g)\n    return w\n"),
}


@pytest.mark.parametrize("name", DESCRIPTOR_CARRIERS)
def test_a_library_descriptor_re_initialised_does_not_reach_the_next_pass(executor, name):
    _each_validation_is_refused(executor, DESCRIPTOR_CARRIERS[name])


def test_library_properties_and_classmethods_still_work(executor):
    result = executor.validate(
        "import collections\ndef f(x):\n    c = collections.ChainMap({'a': 1}, {'b': 2})\n"
        "    return dict(c.parents), collections.OrderedDict.fromkeys('ab', 0), collections.Counter('aab').most_common(1)",
        "0")
    assert (result.status, result.output) == (ExecStatus.OK, "({'b': 2}, OrderedDict([('a', 0), ('b', 0)]), [('a', 2)])")
