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


@pytest.mark.parametrize("program", [INTERNED_NAME, OVERLOAD_REGISTRY], ids=["interned name", "overload registry"])
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
}


@pytest.mark.parametrize("case", sorted(SEED_BIT_CHANNELS))
def test_the_red_teams_seed_bit_is_not_validated(executor, case):
    program = SEED_BIT_CHANNELS[case]
    statuses = [executor.validate(program, "0").status for _ in range(12)]
    # Before: ok in 15 and 21 of 40 validations (a bit of the seed's order, read back).
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
