"""The twenty-eighth session's findings.

1. A built-in function stored in a class body (``class T: h = hash``) read back from an instance
   as a bound method: the guards' stand-ins for ``hash``, ``getattr``, ``id`` ... are Python
   functions, which bind, while C functions do not. ``T().h(5)`` raised TypeError where plain
   Python answers ``hash(5)``.
2. A set of numbers, built-in types and None is left in the interpreter's order (those objects
   sit at addresses whose low bits never change), judged by its element count. But a set keeps
   its table when elements are discarded: ``int`` and a number added to a set emptied from
   320,000 numbers took slots from address bits 4 to 23, which differ between processes, and two
   executors validated two different outputs (red team D). The table's size now decides.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus
from azr_env.executor._setorder import _reorders_by_kinds


BUILTINS_IN_A_CLASS = '''
class Ops:
    h = hash
    g = getattr
    n = len
    key = id
def f(x):
    ops = Ops()
    return ops.h(x), Ops.h(x), ops.n([1, 2]), ops.g(ops, 'n') is len, ops.h is hash
'''

# A metaclass whose __setattr__ refuses every write: the stand-ins are still held unbound.
BUILTINS_UNDER_A_STRICT_METACLASS = '''
class Frozen(type):
    def __setattr__(cls, name, value):
        raise AttributeError('frozen')
class Ops(metaclass=Frozen):
    h = hash
def f(x):
    return Ops().h(x)
'''


def test_a_builtin_stored_in_a_class_reads_back_unbound(executor):
    result = executor.validate(BUILTINS_IN_A_CLASS, "7")
    assert result.status is ExecStatus.OK, result
    assert result.output == "(7, 7, 2, True, True)"


def test_a_builtin_in_a_class_whose_metaclass_refuses_writes_reads_back_unbound(executor):
    result = executor.validate(BUILTINS_UNDER_A_STRICT_METACLASS, "7")
    assert result.status is ExecStatus.OK, result
    assert result.output == "7"


def _emptied_table_holding(*items):
    table = set(range(320_000))
    for number in range(320_000):
        table.discard(number)
    table.update(items)
    return table


def test_none_pushed_off_its_first_probes_is_not_taken_as_order_free():
    # Numbers on every slot None's probe tries first (its home and the 9 after it, in a table of
    # 128): None then jumps by higher address bits, which move between processes (red team J).
    home = hash(None) & 127
    crowd = set(range(200, 260)) | {256 + (home + k) % 128 for k in range(10)}
    crowd.add(None)
    assert _reorders_by_kinds(list(crowd), crowd) is not False
    # The same numbers away from None's first probes: None sits at home, and the set keeps one order.
    apart = set(range(200, 260)) | {256 + (home + 20 + k) % 128 for k in range(10)}
    apart.add(None)
    if (home - 200) % 128 >= 70:  # (no number of range(200, 260) on None's first run either)
        assert _reorders_by_kinds(list(apart), apart) is False


def test_a_set_of_builtin_types_in_a_large_table_is_not_taken_as_order_free():
    emptied = _emptied_table_holding(int, 2 ** 19)
    assert _reorders_by_kinds(list(emptied), emptied) is not False
    small = {int, None, 5}
    assert _reorders_by_kinds(list(small), small) is False  # the exemption still holds where it is true


ORDER_OF_AN_EMPTIED_TABLE = '''
def f(n):
    s = set(range(n))
    for i in range(n):
        s.discard(i)
    s.add(int)
    s.add(2 ** 19)
    return [x is int for x in s]
'''

SMALL_SET_OF_TYPES = '''
def f(n):
    s = {int, str, None, n}
    return [x is int for x in s] == [x is int for x in s], len(s)
'''


def test_validation_refuses_an_order_read_from_an_emptied_large_table(executor):
    result = executor.validate(ORDER_OF_AN_EMPTIED_TABLE, "320000")
    assert result.status is ExecStatus.NONDETERMINISTIC, result
    assert executor.validate(SMALL_SET_OF_TYPES, "3").output == "(True, 4)"


# --- 3. sums of constant sequences, folded by the compiler in the parent (red team A) -----------
# CPython's AST optimizer folds ``str + str`` (bytes, tuples) with no size limit, one link of a
# chain at a time, keeping every partial sum until the compile ends: the parent paid 0.5 to 3 s
# and 1 to 2.6 GB for programs of 6,000 to 23,000 characters. Chains deeper than 250 links went
# uncounted altogether.
import time  # noqa: E402

from azr_env.executor.screen import screen_program  # noqa: E402

FOLD_CHAINS = {
    "str": "def f(a):\n    return len(" + "+".join(["'a'*4096"] * 700) + ")\n",
    "wide-str": "def f(a):\n    return len(" + "+".join(["'\U0001F600'*4096"] * 100) + ")\n",
    "bytes": "def f(a):\n    return len(" + "+".join(["b'a'*4096"] * 700) + ")\n",
    "tuple-deeper-than-250": "def f(a):\n    return len(" + "+".join(["(0,)*64"] * 2000) + ")\n",
}


@pytest.mark.parametrize("name", sorted(FOLD_CHAINS))
def test_a_program_whose_folds_would_build_gigabytes_is_refused_cheaply(executor, name):
    program = FOLD_CHAINS[name]
    started = time.process_time()
    reason = screen_program(program)
    spent = time.process_time() - started
    assert reason is not None and "folds of the program's constant sums" in reason, reason
    assert spent < 0.5, spent
    result = executor.run(program, "0")
    assert result.status is ExecStatus.FORBIDDEN, result


def test_ordinary_sums_of_constants_still_compile_and_run(executor):
    banner = "def f(a):\n    line = '-' * 40 + '\\n'\n    return len(line + a + '=' * 40 + 'ab' + 'cd'), ('x',) * 3 + (1, 2)\n"
    assert executor.validate(banner, "'hi'").output == "(87, ('x', 'x', 'x', 1, 2))"
    # A long chain of short pieces folds to 2,000 characters: cheap, and accepted.
    chain = "def f(a):\n    return len(" + "+".join(["'ab'"] * 1000) + ")\n"
    assert executor.run(chain, "0").output == "2000"


# --- 4. UserString.format and format_map walked attributes past the format check (red team B) ----
# ``UserString.format`` calls ``self.data.format`` in the library's code, which the screen never
# rewrites: "{0._member_map_}" printed a library enum's private table, "{1.__subclasses__}"
# object's bound __subclasses__, "{0.__traceback__}" an exception's traceback.
USER_STRING_FIELDS = {
    "private": "import collections, re\ndef f(x):\n    return collections.UserString('{0._member_map_}').format(re.RegexFlag)\n",
    "subclasses": "import collections\ndef f(x):\n    return collections.UserString('{0.__subclasses__}').format(object)\n",
    "format_map": ("import collections, re\ndef f(x):\n"
                   "    return collections.UserString('{flags._member_map_}').format_map({'flags': re.RegexFlag})\n"),
}


@pytest.mark.parametrize("name", sorted(USER_STRING_FIELDS))
def test_user_string_format_reads_fields_as_the_programs_own_format_does(executor, name):
    result = executor.run(USER_STRING_FIELDS[name], "0")
    assert result.status is ExecStatus.FORBIDDEN, result


def test_user_string_format_still_formats(executor):
    program = ("import collections\nclass Loud(str):\n    def format(self, *a, **k):\n"
               "        return 'own:' + str.format(self, *a, **k)\n"
               "class Account:\n    def __init__(self):\n        self._balance = 5\n"
               "def f(x):\n    u = collections.UserString('{0} and {name}')\n"
               "    return (u.format(x, name='n'), collections.UserString('{name}!').format_map({'name': 2}),\n"
               "            collections.UserString(Loud('{0}!')).format(3), collections.UserString('{0.real}|{0.imag}').format(2+3j),\n"
               "            collections.UserString('{0._balance}').format(Account()))\n")
    result = executor.validate(program, "7")
    assert result.status is ExecStatus.OK, result
    assert result.output == "('7 and n', '2!', 'own:3!', '2.0|3.0', '5')"


# --- 5. a library class's own table, written within a task, is the library's again after it -------
# ``textwrap.TextWrapper.unicode_whitespace_trans`` is a dict the class holds: a plain attribute
# read hands out the library's own, and an item write changes what textwrap does within that task
# (red team B). The program gains nothing it could not do with its own code, and the next task,
# and every later pass of a validation, sees the library's table as it was.
WRITES_TEXTWRAPS_TABLE = ("import textwrap\ndef f(x):\n    table = textwrap.TextWrapper.unicode_whitespace_trans\n"
                          "    table[ord('a')] = 'Q'\n    return textwrap.fill('banana')\n")
READS_TEXTWRAPS_TABLE = ("import textwrap\ndef f(x):\n"
                         "    return textwrap.fill('banana'), len(textwrap.TextWrapper.unicode_whitespace_trans)\n")
COUNTS_IN_TEXTWRAPS_TABLE = ("import textwrap\ndef f(x):\n    table = textwrap.TextWrapper.unicode_whitespace_trans\n"
                             "    table[1000 + len(table)] = 'Q'\n    return len(table)\n")


def test_a_library_classs_table_written_in_one_task_is_intact_in_the_next(executor):
    assert executor.run(WRITES_TEXTWRAPS_TABLE, "0").output == "'bQnQnQ'"
    assert executor.run(READS_TEXTWRAPS_TABLE, "0").output == "('banana', 6)"
    # A count kept there is state across calls, which validation refuses, every time alike.
    for _ in range(2):
        assert executor.validate(COUNTS_IN_TEXTWRAPS_TABLE, "0").status is ExecStatus.NONDETERMINISTIC
    assert executor.run(READS_TEXTWRAPS_TABLE, "0").output == "('banana', 6)"
