"""The seventeenth session's red teams.

1. Validation's extra runs share the process of the reversed run, and two things outlived a pass
   there: an attribute name a program wrote on an instance of a library class, which CPython
   keeps (interned) in the class's table of shared attribute names for the life of the class,
   and ``typing.overload``'s registry of the program's functions. A pass left one bit of the
   seed's order in either, and every extra run read it back (by whether an equal name was
   already interned, or by ``typing.get_overloads``): 15 and 21 of 40 validations of such
   seed-dependent programs came out ok.
2. A text with a lone surrogate crossed from the worker as JSON escapes, and the parent's decoder
   joined an escaped high surrogate and a low one into one character: the parent reported a
   repr (and stdout) the program never produced.
3. Red teams A to F: dataclasses' generated code, library state between passes, and the program's
   finalizers that run after it ended (see each group below).
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus

from .plain_python import plain_outputs

# Whether a name was already interned, seen at module level (once a pass), and a set of strings
# iterated so that validation's extra runs follow the reversed run in its process.
INTERNED_NAME = (
    "import collections\n"
    "def _interned(name):\n"
    "    text = ''.join(['zq_', name])\n"
    "    def probe():\n        pass\n"
    "    setattr(probe, text, 1)\n"
    "    return next(iter(vars(probe))) is not text\n"
    "SEEN = _interned('probe')\n"
    "setattr(collections.Counter(), ''.join(['zq_', 'probe']), 1)\n"
    "def f(x):\n    return SEEN, sorted({'a', 'b', 'c'})\n"
)
OVERLOAD_REGISTRY = (
    "import typing\n"
    "def _mark(a):\n    pass\n"
    "SEEN = len(typing.get_overloads(_mark))\n"
    "@typing.overload\n"
    "def _mark(a: int): ...\n"
    "def f(x):\n    return SEEN, sorted({'a', 'b', 'c'})\n"
)


# Red team C: the passes of a job shared one code object (its constants: interned by a setattr,
# or given a UTF-8 form by a class named after them, which __sizeof__ shows), and copy's
# ``__slotnames__`` stayed on the library classes it was recorded on. The constants need no
# import: the persistent runner ran them so too.
UTF8_CONSTANT = (
    "K = 'zq\\xe9 0'\n"
    "SEEN = K.__sizeof__() > ''.join(['zq\\xe9', ' 0']).__sizeof__()\n"
    "type(K, (), {})\n"
    "def f(x):\n    return SEEN, sorted({'a', 'b', 'c'})\n"
)
SLOT_NAMES = (
    "import copy, string\n"
    "SEEN = '__slotnames__' in vars(string.Template)\n"
    "copy.copy(string.Template('x'))\n"
    "def f(x):\n    return SEEN, sorted({'a', 'b', 'c'})\n"
)


@pytest.mark.parametrize("program", [INTERNED_NAME, OVERLOAD_REGISTRY, UTF8_CONSTANT, SLOT_NAMES],
                         ids=["interned name", "overload registry", "UTF-8 form of a constant",
                              "__slotnames__ on a library class"])
def test_a_pass_leaves_nothing_the_next_pass_of_the_job_reads(executor, program):
    expected = plain_outputs([(program, "0")])[0]
    for _ in range(3):
        # Before: nondeterministic every time (the extra runs saw the reversed run's traces).
        result = executor.validate(program, "0")
        assert result.status is ExecStatus.OK and result.output == expected, result


def _seed_bit_program(write_back: str, read_back: str) -> str:
    return (
        f"{read_back}"
        "def f(x):\n"
        "    for bit in (0, 1):\n"
        "        if seen(bit):\n            return bit\n"
        "    bit = 1 if next(iter({'apple', 'banana'})) == 'apple' else 0\n"
        f"{write_back}"
        "    return bit\n"
    )


SEED_BIT_CHANNELS = {
    "interned name": _seed_bit_program(
        "    setattr(collections.Counter(), ''.join(['zq_', 'mark', str(bit)]), 1)\n",
        "import collections\n"
        "def seen(bit):\n"
        "    text = ''.join(['zq_', 'mark', str(bit)])\n"
        "    def probe():\n        pass\n"
        "    setattr(probe, text, 1)\n"
        "    return next(iter(vars(probe))) is not text\n"),
    "overload registry": _seed_bit_program(
        "    typing.overload(MARKS[bit])\n",
        "import typing\n"
        "def mark0(a):\n    pass\n"
        "def mark1(a):\n    pass\n"
        "MARKS = [mark0, mark1]\n"
        "def seen(bit):\n    return bool(typing.get_overloads(MARKS[bit]))\n"),
    # (The probe's fresh string stays interned while the type attribute cache holds it, for the
    # rest of a pass: distinct names push it out, as in the red team's program.)
    "interned constant": (
        "def f(x):\n"
        "    k0 = 'zq mark 0'\n    k1 = 'zq mark 1'\n"
        "    def interned(k):\n"
        "        s = ''.join(['zq mark ', k[-1]])\n"
        "        def probe():\n            pass\n"
        "        setattr(probe, s, 1)\n"
        "        found = next(iter(vars(probe))) is k\n"
        "        names = ['zz' + str(i) for i in range(20000)]\n"
        "        for name in names:\n            getattr(probe, name, None)\n"
        "        return found\n"
        "    if interned(k0):\n        return 0\n"
        "    if interned(k1):\n        return 1\n"
        "    bit = 1 if next(iter({'apple', 'banana'})) == 'apple' else 0\n"
        "    def mark():\n        pass\n"
        "    setattr(mark, k1 if bit else k0, 1)\n"
        "    return bit\n"),
    "UTF-8 form of a constant": (
        "def f(x):\n"
        "    k0 = 'zq\\xe9 0'\n    k1 = 'zq\\xe9 1'\n"
        "    base = ''.join(['zq\\xe9', ' 0']).__sizeof__()\n"
        "    if k0.__sizeof__() > base:\n        return 0\n"
        "    if k1.__sizeof__() > base:\n        return 1\n"
        "    bit = 1 if next(iter({'apple', 'banana'})) == 'apple' else 0\n"
        "    type(k1 if bit else k0, (), {})\n"
        "    return bit\n"),
    "__slotnames__ on a library class": (
        "import copy, string, textwrap\n"
        "def f(x):\n"
        "    if '__slotnames__' in vars(string.Template):\n        return 0\n"
        "    if '__slotnames__' in vars(textwrap.TextWrapper):\n        return 1\n"
        "    bit = 1 if next(iter({'apple', 'banana'})) == 'apple' else 0\n"
        "    copy.copy(textwrap.TextWrapper() if bit else string.Template('x'))\n"
        "    return bit\n"),
}


@pytest.mark.parametrize("case", sorted(SEED_BIT_CHANNELS))
def test_the_red_teams_seed_bit_is_not_validated(executor, case):
    program = SEED_BIT_CHANNELS[case]
    tries = 6 if case == "interned constant" else 12  # (its probe is slow)
    statuses = [executor.validate(program, "0").status for _ in range(tries)]
    # Before: ok in 15, 21, 16 and 25 of 40 validations (a bit of the seed's order, read back).
    assert statuses.count(ExecStatus.OK) == 0, statuses


def test_library_instances_keep_their_attributes(executor):
    # The tables are full, not closed: a library object the program made takes new names in a
    # dict of its own, as plain Python gives it once the table is full.
    program = (
        "import collections, textwrap\n"
        "def f(x):\n"
        "    c = collections.Counter('abca')\n    c.label = x\n    c.extra = [x]\n"
        "    w = textwrap.TextWrapper(width=x)\n    w.note = 'n'\n"
        "    return sorted(vars(c).items()), c.label, w.width, w.note, w.fill('a b c d e f')\n"
    )
    expected = plain_outputs([(program, "5")])[0]
    for result in (executor.run(program, "5"), executor.validate(program, "5")):
        assert result.status is ExecStatus.OK and result.output == expected, result


def test_the_report_says_the_tables_are_filled(executor):
    assert "tables filled" in executor.sandbox_report()["shared_keys"]


SURROGATES = (
    "class X:\n"
    "    def __repr__(self):\n        return '\\ud83d\\ude00'\n"
    "def f(a):\n"
    "    print('\\ud83d\\ude00|\\udfff', end='')\n"
    "    return X()\n"
)


@pytest.mark.parametrize("imports", ["", "import re\n"], ids=["runner", "one-shot"])
def test_lone_surrogates_come_back_as_the_program_printed_them(executor, imports):
    program = imports + SURROGATES
    for result in (executor.run(program, "0"), executor.validate(program, "0")):
        # Before: the one character U+1F600 in both.
        assert result.status is ExecStatus.OK, result
        assert result.output == "\ud83d\ude00" and result.stdout == "\ud83d\ude00|\udfff", result
    assert executor.check_input_prediction(program, "0", "\ud83d\ude00").correct
    assert not executor.check_input_prediction(program, "0", "\U0001F600").correct


# 3. Red team A: four more ways library code wrote or ran what the program may not.
DATACLASS_INJECTION = (
    "import dataclasses, re\nOUT = []\n"
    "@dataclasses.dataclass\nclass R:\n    a: int = 0\n"
    "def inj(code):\n"
    "    fld = dataclasses.fields(R)[0]\n"
    "    fld.name = 'a,OUT.append(' + code + ')'\n"
    "    M = type('M', (type,), {'__dataclass_fields__': {'a': fld}, '__dataclass_params__': R.__dataclass_params__})\n"
    "    C = dataclasses.dataclass(init=False, repr=False)(type('C', (M('B', (), {}),), {'a': 1}))\n"
    "    C() == C()\n    return OUT[0]\n"
    "def f(x):\n    return inj(\"object.__setattr__(re.IGNORECASE, '_value_', 999)\")\n"
)
# The same renamed Field, renamed by a descriptor that dataclasses reads while it collects the
# class's fields, after every check made before processing began (a guard: refused before the
# fix too, by another check; now by the check made as each method is compiled).
DATACLASS_RENAMED_DURING_PROCESSING = (
    "import dataclasses, re\nOUT = []\n"
    "@dataclasses.dataclass\nclass R:\n    a: int = 0\n"
    "class Rename:\n"
    "    def __get__(self, obj, owner=None):\n"
    "        dataclasses.fields(R)[0].name = \"a,OUT.append(object.__setattr__(re.IGNORECASE, '_value_', 9))\"\n"
    "        return 5\n"
    "def f(x):\n"
    "    class C(R):\n        b: int = Rename()\n"
    "    C = dataclasses.dataclass(C)\n"
    "    C() == C()\n    return OUT\n"
)
SET_NAME_BY_KEYWORD = (
    "import enum, re\nG = []\n"
    "class Desc:\n"
    "    def __set_name__(self, owner, name):\n        G.append(dict(vars(owner)))\n"
    "    def __get__(self, i, o=None):\n        return 1\n"
    "class E(enum.Enum):\n    d = Desc()\n    A = 1\n"
    "def f(x):\n"
    "    G[0]['A'].__set_name__(enum_class=re.RegexFlag, member_name='__repr__')\n"
    "    return repr(re.IGNORECASE)\n"
)
USER_DICT_COPY = (
    "import collections, textwrap\n"
    "class K:\n    def __new__(cls):\n        return textwrap.dedent\n"
    "class P:\n"
    "    def __init__(self):\n        self.data = {}\n        self.tag = 'written'\n"
    "    @property\n    def __class__(self):\n        return K\n"
    "def f(x):\n    collections.UserDict.__copy__(P())\n    return textwrap.dedent.tag\n"
)
ABSTRACT_CLASS_METHOD = (
    "import abc, textwrap\n"
    "def f(x):\n    abc.abstractclassmethod(textwrap.dedent)\n    return textwrap.dedent.__isabstractmethod__\n"
)
LIBRARY_WRITES = {"dataclass field injected by a metaclass": DATACLASS_INJECTION,
                  "dataclass field renamed during processing": DATACLASS_RENAMED_DURING_PROCESSING,
                  "__set_name__ by keyword": SET_NAME_BY_KEYWORD, "UserDict.__copy__": USER_DICT_COPY,
                  "abc.abstractclassmethod": ABSTRACT_CLASS_METHOD}


@pytest.mark.parametrize("case", sorted(LIBRARY_WRITES))
def test_library_code_writes_and_runs_only_what_the_program_may(executor, case):
    program = LIBRARY_WRITES[case]
    for result in (executor.run(program, "0"), executor.validate(program, "0")):
        # Before: ok (a library object written, or code run that no screen saw).
        assert result.status is ExecStatus.FORBIDDEN, result


def test_the_checked_library_methods_keep_their_ordinary_uses(executor):
    program = (
        "import abc, collections, copy, dataclasses, enum\n"
        "class U(collections.UserDict):\n    pass\n"
        "class L(collections.UserList):\n    pass\n"
        "class A(abc.ABC):\n"
        "    @abc.abstractclassmethod\n    def make(cls):\n        ...\n"
        "    @abc.abstractstaticmethod\n    def tool():\n        ...\n"
        "@dataclasses.dataclass(order=True)\nclass P:\n    x: int\n    _y: int = 0\n"
        "@dataclasses.dataclass\nclass Q(P):\n    z: str = 'q'\n"
        "class Color(enum.Enum):\n    RED = 1\n    GREEN = 2\n"
        "def f(n):\n"
        "    u = U(a=n)\n    u.note = 'n'\n    c = copy.copy(u)\n"
        "    l2 = copy.copy(L([n, n + 1]))\n"
        "    return (dict(c), c.note, list(l2), sorted(A.__abstractmethods__), Q(n) < Q(n + 1),\n"
        "            repr(Q(n, 2, 'w')), Color(2).name)\n"
    )
    expected = plain_outputs([(program, "3")])[0]
    assert expected is not None
    for result in (executor.run(program, "3"), executor.validate(program, "3")):
        assert result.status is ExecStatus.OK and result.output == expected, result


# A program's object left in a library class's container (or cache) was freed by the reset
# before the next pass, outside any window, and its finalizer ran there; what a reset takes out
# is now kept until the process exits.
# (Its finalizer wrote into the list copyreg had recorded as string.Template.__slotnames__ until
# copyreg's records on library classes were taken out at once, twenty-fourth session: now into the
# library dict it is kept in.)
FINALIZER_AT_RESET = (
    "import textwrap\n"
    "class D:\n"
    "    def __del__(self):\n        textwrap.TextWrapper.unicode_whitespace_trans[888888] = 'del ran'\n"
    "def f(x):\n"
    "    trans = textwrap.TextWrapper.unicode_whitespace_trans\n"
    "    seen = [trans[k] for k in (888888,) if k in trans]\n"
    "    if 999999 not in trans:\n        trans[999999] = D()\n"
    "    len([s for s in {'apple', 'banana'}])\n"
    "    return seen\n"
)


def test_nothing_of_the_program_is_freed_between_passes(executor):
    for _ in range(3):
        # Before: nondeterministic, "[] vs ['del ran']": the finalizer ran at the next pass's reset.
        result = executor.validate(FINALIZER_AT_RESET, "0")
        assert result.status is ExecStatus.OK and result.output == "[]", result


# Red team D: the resets ran the program's __eq__ outside any window (a container compared with
# ``!=``), and what a reset kept alive instead of freeing carried a pass's traces into the next
# (an interned name in re's cache, a class in typing's cache that a library ABC still listed
# among its subclasses). The resets now run at the end of each pass, in its window, compare by
# identity, and free what they take out there.
EQ_AT_RESET = (
    "import textwrap\n"
    "class X:\n"
    "    def __eq__(self, other):\n        raise ZeroDivisionError('ran at the reset')\n"
    "    __hash__ = None\n"
    "def f(x):\n"
    "    textwrap.TextWrapper.unicode_whitespace_trans[9] = X()\n"
    "    return sorted({'apple', 'banana'})\n"
)


def test_no_reset_runs_the_programs_code(executor):
    for _ in range(3):
        # Before: nondeterministic, "run 2 raised worker: ..." (its __eq__ ran between passes).
        result = executor.validate(EQ_AT_RESET, "0")
        assert result.status is ExecStatus.OK and result.output == "['apple', 'banana']", result


KEPT_BY_A_RESET = {
    "an interned name in re's cache": (
        "import re\n"
        "def seen(bit):\n"
        "    text = ''.join(['zq_', 'mark', str(bit)])\n"
        "    def probe():\n        pass\n"
        "    setattr(probe, text, 1)\n"
        "    return next(iter(vars(probe))) is not text\n"
        "SEEN = [bit for bit in (0, 1) if seen(bit)]\n"
        "def f(x):\n"
        "    if SEEN:\n        return SEEN[0]\n"
        "    bit = 1 if next(iter({'apple', 'banana'})) == 'apple' else 0\n"
        "    def mark():\n        pass\n"
        "    setattr(mark, ''.join(['zq_', 'mark', str(bit)]), 1)\n"
        "    re.compile(next(iter(vars(mark))))\n"
        "    return bit\n"),
    "a library ABC's subclass in typing's cache": (
        "import collections.abc, typing\n"
        "def make(bit):\n"
        "    class Old(collections.abc.Sized):\n"
        "        def __len__(self):\n            return 0\n"
        "        @classmethod\n"
        "        def __subclasshook__(cls, other, want='Probe' + str(bit), ni=NotImplemented):\n"
        "            return True if other.__name__ == want else ni\n"
        "    return Old\n"
        "def seen(bit):\n"
        "    return issubclass(type('Probe' + str(bit), (), {}), collections.abc.Sized)\n"
        "SEEN = [bit for bit in (0, 1) if seen(bit)]\n"
        "def f(x):\n"
        "    if SEEN:\n        return SEEN[0]\n"
        "    bit = 1 if next(iter({'apple', 'banana'})) == 'apple' else 0\n"
        "    typing.List[make(bit)]\n"
        "    return bit\n"),
}


@pytest.mark.parametrize("case", sorted(KEPT_BY_A_RESET))
def test_what_a_reset_takes_out_does_not_reach_the_next_pass(executor, case):
    statuses = [executor.validate(KEPT_BY_A_RESET[case], "0").status for _ in range(12)]
    # Before (with the resets keeping what they took out): ok in 21 and 22 of 40.
    assert statuses.count(ExecStatus.OK) == 0, statuses


DATACLASS_NAME_TRICKS = {
    "a name object that formats as code": (
        "import dataclasses, re\nOUT = []\n"
        "@dataclasses.dataclass\nclass R:\n    a: int = 0\n"
        "FLD = dataclasses.fields(R)[0]\n"
        "class X:\n"
        "    def __format__(self, spec):\n"
        "        FLD.name = 'a'\n"
        "        return \"a=OUT.append(object.__setattr__(re.IGNORECASE, '_value_', 999)),*,_type_q\"\n"
        "class Rename:\n"
        "    def __get__(self, obj, owner=None):\n        FLD.name = X()\n        return 5\n"
        "def f(x):\n"
        "    class C(R):\n        b: int = Rename()\n"
        "    dataclasses.dataclass(C)\n"
        "    return OUT, re.IGNORECASE.value\n"),
    "fields swapped after they were recorded": (
        "import dataclasses, re\nOUT = []\n"
        "@dataclasses.dataclass\nclass R:\n    a: int = dataclasses.field(init=False)\n"
        "FLD = dataclasses.fields(R)[0]\n"
        "@dataclasses.dataclass\nclass Clean:\n    z: int = 0\n"
        "class Hook:\n"
        "    def __get__(self, obj, owner=None):\n"
        "        if obj is None:\n"
        "            FLD.name = \"a=OUT.append(object.__setattr__(re.IGNORECASE, '_value_', 999)),*,_type_q\"\n"
        "            owner.__dataclass_fields__ = dict(Clean.__dataclass_fields__)\n"
        "        raise AttributeError('__post_init__')\n"
        "def f(x):\n"
        "    class C(R):\n        __post_init__ = Hook()\n"
        "    dataclasses.dataclass(C)\n"
        "    return OUT, re.IGNORECASE.value\n"),
}


@pytest.mark.parametrize("case", sorted(DATACLASS_NAME_TRICKS))
def test_a_dataclass_field_name_is_an_identifier_whenever_it_is_read(executor, case):
    for result in (executor.run(DATACLASS_NAME_TRICKS[case], "0"), executor.validate(DATACLASS_NAME_TRICKS[case], "0")):
        # Before: ok, with re.IGNORECASE's value rewritten to 999 by code no screen saw.
        assert result.status is ExecStatus.FORBIDDEN and "identifier" in result.error, result


def test_dataclass_fields_keep_their_ordinary_uses(executor):
    program = (
        "import copy, dataclasses\n"
        "@dataclasses.dataclass\nclass P:\n    x: int\n    y: list = dataclasses.field(default_factory=list)\n"
        "def f(n):\n"
        "    fs = dataclasses.fields(P)\n"
        "    g = copy.copy(fs[0])\n"
        "    Q = dataclasses.make_dataclass('Q', [('a', int, 0), ('b', str, dataclasses.field(default='z'))], bases=(P,))\n"
        "    return [f.name for f in fs], g.name, sorted(P.__dataclass_fields__), repr(Q(n, [1], 3, 'w')), dataclasses.asdict(P(n))\n"
    )
    expected = plain_outputs([(program, "2")])[0]
    assert expected is not None
    for result in (executor.run(program, "2"), executor.validate(program, "2")):
        assert result.status is ExecStatus.OK and result.output == expected, result


# Red team E: finalizers that ran after the resets (freed by the task's own clean-up), a context
# a finalizer put back while the reset freed the old one, finalizers that renew themselves past
# the resets' rounds (the state then stayed for the next pass), and a reset that read a program's
# context subclass through its properties (its exception ended the worker: "memory").
AFTER_THE_RESETS = {
    "a finalizer freed by the task's clean-up": (
        "import decimal\nfrom dataclasses import dataclass\n"
        "class K:\n"
        "    def __init__(self):\n        self.bit = None\n"
        "    def __del__(self, setcontext=decimal.setcontext, Context=decimal.Context):\n"
        "        if self.bit is not None:\n            setcontext(Context(prec=20 + self.bit))\n"
        "HOLD = K()\n"
        "@dataclass\nclass D:\n    x: object = HOLD\n"
        "def f(x):\n"
        "    p = decimal.getcontext().prec\n"
        "    b = p - 20 if p in (20, 21) else int(next(iter({'apple', 'banana'})) == 'apple')\n"
        "    HOLD.bit = b\n    return b\n"),
    "a context put back by its own finalizer": (
        "import decimal\n"
        "class Ctx(decimal.Context):\n"
        "    def __del__(self, setcontext=decimal.setcontext, type=type, setattr=setattr, getattr=getattr):\n"
        "        new = type(self)()\n        setattr(new, 'bit', getattr(self, 'bit', 0))\n        setcontext(new)\n"
        "def f(x):\n"
        "    c = decimal.getcontext()\n"
        "    if type(c) is not decimal.Context:\n        b = c.bit\n"
        "    else:\n"
        "        b = int(next(iter({'apple', 'banana'})) == 'apple')\n"
        "        c = Ctx()\n        decimal.setcontext(c)\n"
        "    c.bit = b\n    return b\n"),
    "a finalizer that renews itself": (
        "import decimal\n"
        "class Ctx(decimal.Context):\n"
        "    def __del__(self, setcontext=decimal.setcontext, type=type):\n"
        "        setcontext(type(self)(prec=self.prec))\n"
        "def f(x):\n"
        "    p = decimal.getcontext().prec\n"
        "    if p in (20, 21):\n        return p - 20\n"
        "    b = int(next(iter({'apple', 'banana'})) == 'apple')\n"
        "    decimal.setcontext(Ctx(prec=20 + b))\n    return b\n"),
}


@pytest.mark.parametrize("case", sorted(AFTER_THE_RESETS))
def test_library_state_written_after_the_program_reaches_no_later_pass(executor, case):
    statuses = [executor.validate(AFTER_THE_RESETS[case], "0").status for _ in range(12)]
    # Before: ok in 21, 24 and 15 of 40 validations.
    assert statuses.count(ExecStatus.OK) == 0, statuses


def test_state_that_will_not_settle_refuses_the_job_with_the_reason(executor):
    result = executor.run(AFTER_THE_RESETS["a finalizer that renews itself"], "0")
    assert result.status is ExecStatus.FORBIDDEN and "kept changing library state" in result.error, result


ORDINARY_AROUND_THE_RESETS = {
    "a context subclass whose property raises": (
        "import decimal\n"
        "class Ctx(decimal.Context):\n"
        "    @property\n    def capitals(self):\n        raise ValueError('no')\n"
        "def f(x):\n    decimal.setcontext(Ctx())\n    return x + 1\n"),
    "a Field renamed outside dataclass processing": (
        "import dataclasses\n"
        "def f(x):\n"
        "    fl = dataclasses.field(default=1)\n"
        "    out = []\n"
        "    for how in range(3):\n"
        "        if how == 0:\n            dataclasses.Field.name.__set__(fl, 'a,b')\n"
        "        elif how == 1:\n            object.__setattr__(fl, 'name', 'a b')\n"
        "        else:\n            setattr(fl, 'name', 'ab')\n"
        "        out.append(fl.name)\n"
        "    return out\n"),
}


@pytest.mark.parametrize("case", sorted(ORDINARY_AROUND_THE_RESETS))
def test_ordinary_programs_around_the_resets_keep_plain_pythons_answer(executor, case):
    program = ORDINARY_AROUND_THE_RESETS[case]
    expected = plain_outputs([(program, "1")])[0]
    assert expected is not None
    for result in (executor.run(program, "1"), executor.validate(program, "1")):
        # Before: "memory" (the reset's read of the property ended the worker) and forbidden.
        assert result.status is ExecStatus.OK and result.output == expected, result


# Red team F: a finalizer that the task's clean-up runs (a cycle freed by its collection) had
# dataclasses build a class after the program ended. Its checked __init__ was recorded in a task
# table the clean-up had already emptied, so the method and its defaults lived on to the next
# pass's begin_task, which emptied the table outside any window: the default's __del__ ran there
# with the audit hook off (it read the worker's frames, pid and real hash seed) and set state the
# next pass read (15 of 40). The method was also compiled into the emptied namespace, where exec
# filled in the real builtins (20 of 40). And a Field renamed outside processing reached the
# generator past the entry checks: through a metaclass's __mro__ property, or a base's
# __dataclass_params__ whose property put it in a base's fields (20 of 40).
AFTER_THE_END = {
    "a dataclass built by a late finalizer keeps state for the next pass": (
        "import decimal, dataclasses\n"
        "class K(int):\n"
        "    def __del__(self, setcontext=decimal.setcontext, Context=decimal.Context):\n"
        "        setcontext(Context(prec=20 + self))\n"
        "class Late:\n"
        "    def __init__(self, module, bit):\n"
        "        self.module, self.bit, self.me = module, bit, self\n"
        "    def __del__(self, dataclass=dataclasses.dataclass, type=type, K=K, object=object):\n"
        "        dataclass(type('D', (), {'__module__': self.module, '__annotations__': {'x': object},\n"
        "                                 'x': K(self.bit)}))\n"
        "KEEP = []\n"
        "def f(x):\n"
        "    p = decimal.getcontext().prec\n"
        "    b = p - 20 if p in (20, 21) else int(next(iter({'apple', 'banana'})) == 'apple')\n"
        "    KEEP.append(Late(__name__, b))\n"
        "    return b\n"),
    "a dataclass built by a late finalizer gets the real builtins": (
        "import dataclasses\n"
        "BUILTIN = type(len)\n"
        "class Late:\n"
        "    def __init__(self, module, bit):\n"
        "        self.module, self.bit, self.me = module, bit, self\n"
        "    def __del__(self, dc=dataclasses, type=type, isinstance=isinstance, BUILTIN=BUILTIN):\n"
        "        dc.dataclass(type('D', (), {'__module__': self.module}))\n"
        "        bit = self.bit\n"
        "        def inner():\n"
        "            if isinstance(setattr, BUILTIN):\n"
        "                setattr(dc.MISSING, 'leak', bit)\n"
        "        inner()\n"
        "KEEP = []\n"
        "def f(x):\n"
        "    seen = getattr(dataclasses.MISSING, 'leak', None)\n"
        "    if seen is not None:\n        return seen\n"
        "    b = int(next(iter({'apple', 'banana'})) == 'apple')\n"
        "    KEEP.append(Late(__name__, b))\n"
        "    return b\n"),
}
RENAMED_FIELD_SETUP = (
    "import dataclasses\n"
    "@dataclasses.dataclass\nclass A:\n    x: int = 0\n"
    "@dataclasses.dataclass\nclass B:\n    y: int = 0\n"
    "class Code:\n"
    "    def __init__(self, fl):\n        self.fl = fl\n"
    "    def __format__(self, spec):\n"
    "        self.fl.name = 'x'\n"
    "        return 'a=0): pass\\ndataclasses.MISSING.__post_init__ = 1\\ndef _q(*_r'\n"
)
RENAMED_FIELD_ROUTES = {
    "a metaclass's __mro__": (
        RENAMED_FIELD_SETUP
        + "class Meta(type):\n"
          "    @property\n    def __mro__(cls):\n        return (cls, A, object)\n"
          "def f(x):\n"
          "    fl = A.__dataclass_fields__['x']\n    fl.name = Code(fl)\n"
          "    C = Meta('C', (), {})\n"
          "    try:\n        dataclasses.dataclass(C)\n    except Exception:\n        pass\n"
          "    return getattr(dataclasses.MISSING, '__post_init__', None)\n"),
    "a base's __dataclass_params__": (
        RENAMED_FIELD_SETUP
        + "class Params:\n"
          "    @property\n    def frozen(self):\n"
          "        B.__dataclass_fields__['x'] = A.__dataclass_fields__['x']\n        return False\n"
          "class P:\n    __dataclass_fields__ = {}\n    __dataclass_params__ = Params()\n"
          "def f(x):\n"
          "    fl = A.__dataclass_fields__['x']\n    fl.name = Code(fl)\n"
          "    class C(B, P):\n        pass\n"
          "    try:\n        dataclasses.dataclass(C)\n    except Exception:\n        pass\n"
          "    return getattr(dataclasses.MISSING, '__post_init__', None)\n"),
}


@pytest.mark.parametrize("case", sorted(AFTER_THE_END))
def test_dataclasses_process_nothing_after_the_program_ended(executor, case):
    program = AFTER_THE_END[case]
    result = executor.run(program, "0")
    assert result.status is ExecStatus.FORBIDDEN and "after the program has ended" in result.error, result
    statuses = [executor.validate(program, "0").status for _ in range(8)]
    # Before: ok in 15 and 20 of 40 validations (the next pass read the bit).
    assert statuses == [ExecStatus.FORBIDDEN] * 8, statuses


@pytest.mark.parametrize("case", sorted(RENAMED_FIELD_ROUTES))
def test_a_renamed_field_reaches_no_generated_code_by_any_route(executor, case):
    for result in (executor.run(RENAMED_FIELD_ROUTES[case], "0"), executor.validate(RENAMED_FIELD_ROUTES[case], "0")):
        # Before: ok, 1 (the injected statement wrote dataclasses.MISSING).
        assert result.status is ExecStatus.FORBIDDEN, result
        assert "__mro__" in result.error or "identifier" in result.error, result


def test_the_name_check_at_the_read_holds_without_the_metaclass_check():
    # The metaclass check switched off (its list of names emptied): the read of the renamed name
    # alone refuses what the generator would have compiled.
    source = RENAMED_FIELD_ROUTES["a metaclass's __mro__"] + "print(f(0))\n"
    script = (
        "import dataclasses\n"
        "from azr_env.executor import _guards as G\n"
        "G._patch_library_sinks(); G._patch_library_agents()\n"
        "G._check_dataclass_metaclass = lambda cls: None\n"
        "namespace = {'__builtins__': __builtins__, '__name__': 'program'}\n"
        "G.begin_task(namespace, (), {})\n"
        "G.TASK.untrusted = True\n"
        "try:\n"
        f"    exec({source!r}, namespace)\n"
        "except G.SandboxViolation:\n"
        "    pass\n"
        "finally:\n"
        "    G.TASK.untrusted = False\n"
        "print('violation:', G.TASK.violation)\n"
    )
    out = _python(script)
    assert "violation: a dataclass field name must be a plain identifier" in out, out
    assert "\n1\n" not in out, out


def test_generated_methods_never_get_the_real_builtins_even_before_the_end():
    # The end-of-program refusal switched off (TASK.ended left False), the namespace emptied as the
    # clean-up empties it: the method is refused, where exec gave it the real builtins before.
    script = (
        "import dataclasses\n"
        "from azr_env.executor import _guards as G\n"
        "G._patch_library_sinks(); G._patch_library_agents()\n"
        "namespace = {'__builtins__': {'len': len}}\n"
        "G.begin_task(namespace, (), {})\n"
        "namespace.clear()\n"
        "G.TASK.untrusted = True\n"
        "try:\n"
        "    D = dataclasses.make_dataclass('D', ['x'])\n"
        "    print('real builtins:', D.__init__.__globals__.get('__builtins__') is vars(__builtins__))\n"
        "except G.SandboxViolation:\n"
        "    print('violation:', G.TASK.violation)\n"
        "finally:\n"
        "    G.TASK.untrusted = False\n"
    )
    out = _python(script)
    assert "violation: dataclasses may not make methods once the program's namespace is gone" in out, out


def test_what_a_task_leaves_in_its_tables_is_never_freed_outside_a_window():
    # The worker's settling loop switched off: a table refilled after the task's clean-up reaches
    # the next begin_task, which runs with the hook off. It keeps the objects alive instead of
    # freeing them there, and end_task says what it emptied, so that the worker loops until none.
    script = (
        "import gc\n"
        "from azr_env.executor import _guards as G\n"
        "FREED = []\n"
        "class Finalizer:\n"
        "    def __del__(self):\n        FREED.append(G.TASK.untrusted)\n"
        "G.begin_task({}, (), {})\n"
        "G.TASK.generated_methods[1] = (Finalizer(), None)\n"
        "print('end_task held:', G.end_task(), 'then:', G.end_task(), 'freed:', FREED)\n"
        "G.TASK.generated_methods[2] = (Finalizer(), None)\n"
        "G.begin_task({}, (), {})\n"
        "gc.collect()\n"
        "print('after begin_task:', FREED, len(G.TASK.generated_methods))\n"
    )
    out = _python(script)
    assert "end_task held: True then: False freed: [False]" in out, out
    assert "after begin_task: [False] 0" in out, out


def _python(script):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ordinary_finalizers_and_dataclasses_keep_plain_pythons_answer(executor):
    program = (
        "import dataclasses\n"
        "LOG = []\n"
        "@dataclasses.dataclass\nclass Node:\n    name: str\n    children: list = dataclasses.field(default_factory=list)\n"
        "    def __del__(self):\n        LOG.append(self.name)\n"
        "def f(n):\n"
        "    LOG.clear()\n"
        "    root = Node('root')\n"
        "    for i in range(n):\n        root.children.append(Node(f'c{i}'))\n"
        "    names = [c.name for c in root.children]\n"
        "    root.children.clear()\n"
        "    return names, sorted(LOG), [fl.name for fl in dataclasses.fields(Node)]\n"
    )
    expected = plain_outputs([(program, "3")])[0]
    assert expected is not None
    for result in (executor.run(program, "3"), executor.validate(program, "3")):
        assert result.status is ExecStatus.OK and result.output == expected, result


# The eighteenth session's red team: a finalizer run by the clean-up's collection stored an object
# into the emptied namespace with `global`; nothing emptied it again, and the object's __del__ (a
# library function, so the finalizer needed no builtins) ran when the worker let the namespace go,
# after the window, with the hook off: it set the decimal context that the next pass read
# (11 of 20 validations of a seed-dependent bit ok).
STORED_AFTER_THE_END = (
    "import decimal, functools\n"
    "class Late:\n"
    "    def __init__(self, bit):\n        self.bit, self.me = bit, self\n"
    "    def __del__(self, type=type, partial=functools.partial, setcontext=decimal.setcontext,\n"
    "                Context=decimal.Context):\n"
    "        global KEEP\n"
    "        KEEP = type('X', (), {'__del__': partial(setcontext, Context(prec=20 + self.bit))})()\n"
    "def f(x):\n"
    "    p = decimal.getcontext().prec\n"
    "    b = p - 20 if p in (20, 21) else int(next(iter({'apple', 'banana'})) == 'apple')\n"
    "    Late(b)\n"
    "    return b\n"
)


def test_what_a_finalizer_stores_in_the_emptied_namespace_dies_in_the_window(executor):
    statuses = [executor.validate(STORED_AFTER_THE_END, "0").status for _ in range(12)]
    # Before: ok in 11 of 20 validations.
    assert statuses.count(ExecStatus.OK) == 0, statuses
