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
    # Terms the compiler folds that a model of values could not work out (red team Q): a zero
    # operand, a subscript of a constant, 22 unary minus signs, a bool.
    "zero-operand": "def f(a):\n    return len(" + "+".join(["'a'*(4096+0)"] * 450) + ")\n",
    "subscript": "def f(a):\n    return len(" + "+".join(["('a'*4096,)[0]"] * 450) + ")\n",
    "unary-chain": "def f(a):\n    return len(" + "+".join(["'a'*" + "-" * 22 + "4096"] * 450) + ")\n",
    "bool": "def f(a):\n    return len(" + "+".join(["'a'*(True*4096)"] * 450) + ")\n",
}


@pytest.mark.parametrize("name", sorted(FOLD_CHAINS))
def test_a_program_whose_folds_would_build_gigabytes_is_refused_cheaply(executor, name):
    import gc

    program = FOLD_CHAINS[name]
    # (The collector off while timed: late in a full suite its passes over the test process's heap,
    # which the screen's many syntax-tree nodes set off, cost more than the screen itself.)
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        reason = screen_program(program)
        spent = time.process_time() - started
    finally:
        gc.enable()
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
    # Sums of products of numbers, or of small tuples and numbers, copy next to nothing (each
    # product was charged 16 KiB, and 64 such terms were refused: the session's second hunt).
    squares = "def f(a):\n    return " + " + ".join(f"{k}*{k}" for k in range(1, 81)) + "\n"
    table = "def f(a):\n    return len(" + " + ".join(f"('c{k}',) * {k % 3 + 1}" for k in range(70)) + ")\n"
    assert executor.run(squares, "0").output == str(sum(k * k for k in range(1, 81)))
    assert executor.run(table, "0").output == str(sum(k % 3 + 1 for k in range(70)))


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


# --- 6. outputs that are no literal, compared as text alone (red team G) ------------------------
# A gold output that is no literal (from a task file: CRUXEval's layout) was matched by its text:
# ``1e999`` was wrong against ``inf`` and ``frozenset({10, 9})`` against ``frozenset({9, 10})``,
# while ``nan`` was right against ``nan``, which nothing equals. They are values after all.
from azr_env.executor import check_output_prediction, outputs_equal  # noqa: E402


@pytest.mark.parametrize("predicted, gold, correct", [
    ("1e999", "inf", True),
    ("[1e999, -1e999]", "[inf, -inf]", True),
    ("...", "Ellipsis", True),
    ("{'a': 1, 'b': 1e999}", "{'b': inf, 'a': 1}", True),
    ("frozenset({10, 9})", "frozenset({9, 10})", True),
    ("nan", "nan", False),
    ("[nan]", "[nan]", False),
    ("inf", "-inf", False),
    ("frozenset({9})", "frozenset({9, 10})", False),
    ("<Node 3>", "<Node 3>", True),  # a custom repr: still matched by its text
    # Inside tuples and complex numbers too, and complex infinities (red team N).
    ("(1e309, 2)", "(inf, 2)", True),
    ("(1, nan)", "(1, nan)", False),
    ("(nan+1j)", "(nan+1j)", False),
    ("({'a': 1, 'b': 2},)", "({'b': 2, 'a': 1},)", True),
    ("1e309j", "infj", True),
    ("[-1e309j, inf]", "[-infj, inf]", True),
    ("nanj", "nanj", False),
    # A gold that is a literal, and a prediction printed as repr prints it.
    ("frozenset()", "set()", True),
    ("frozenset({1, 2})", "{1, 2}", True),
    ("{1: inf}", "{1: 1e309}", True),
])
def test_an_output_that_is_no_literal_is_judged_as_python_compares_it(predicted, gold, correct):
    assert check_output_prediction(predicted, gold).correct is correct
    assert outputs_equal(predicted, gold) is correct


def test_an_induction_task_passes_its_own_pairs_whatever_order_its_gold_prints_a_set_in(executor):
    program = "def f(xs):\n    return frozenset(xs)"
    _, [verdict] = executor.check_answers(programs=[(program, [("[9, 10]", "frozenset({9, 10})"),
                                                                ("[1, 2]", "frozenset({1, 2})")])])
    assert verdict.passed == verdict.total == 2, verdict


# --- 7. outputs holding sets printed otherwise than plain Python prints them (red team G) ---------
TUPLE_CYCLE = "def f(x):\n    l = []\n    t = (l, {1, 2})\n    l.append(t)\n    return t"
SET_GROWN_BY_A_REPR = ("class X:\n    def __repr__(self):\n        S.add(99)\n        return 'X'\n"
                       "    def __hash__(self):\n        return 7\nS = set()\n"
                       "def f(x):\n    S.clear()\n    S.add(X())\n    S.add(1)\n    return [S]")
DICT_SHRUNK_BY_A_REPR = ("class X(int):\n    def __repr__(self):\n        D.pop('b', None)\n        return '1'\nD = {}\n"
                         "def f(x):\n    D.clear()\n    D['a'] = X(1)\n    D['b'] = 2\n    D['c'] = {3}\n    return D")


def test_a_tuple_that_holds_itself_prints_as_python_prints_it(executor):
    result = executor.validate(TUPLE_CYCLE, "0")
    assert (result.status, result.output) == (ExecStatus.OK, "([(...)], {1, 2})"), result


def test_a_set_printed_while_a_repr_adds_to_it_prints_the_elements_it_had(executor):
    result = executor.validate(SET_GROWN_BY_A_REPR, "0")
    assert (result.status, result.output) == (ExecStatus.OK, "[{1, X}]"), result


def test_a_dict_that_a_repr_shrinks_while_it_prints_is_no_output(executor):
    # (Plain Python prints "{'a': 1, 'c': {3}}"; the text of the entries as they were is no output.)
    result = executor.run(DICT_SHRUNK_BY_A_REPR, "0")
    assert result.status is ExecStatus.ERROR and "changed the dict being printed" in result.error, result


# --- 8. the time limit counts the CPU a job spends, not the wall clock (red team H) ---------------
# With more processes running programs than cores, an innocent job that needed 40% of its limit
# alone timed out beside four busy loops in one batch. A job's process that is stopped (here by
# SIGSTOP, standing in for a machine busy with other work) spends no CPU, and its job runs on.
import os  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402

from azr_env.executor import Executor  # noqa: E402


def _parents():
    """Every process's parent, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    return parents


def _grandchildren():
    parents = _parents()
    zygotes = {pid for pid, parent in parents.items() if parent == os.getpid()}
    return [pid for pid, parent in parents.items() if parent in zygotes]


def test_a_job_stopped_for_longer_than_its_limit_is_not_timed_out():
    program = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i % 7\n    return s"
    with Executor(workers=1, timeout=1.0) as ex:
        assert ex.run(program, "10").ok  # the runner is up
        results = []
        worker = threading.Thread(target=lambda: results.append(ex.run(program, "300000")))
        worker.start()
        stopped = _grandchildren()
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        try:
            worker.join(2.5)  # longer than the limit and its grace, in wall time
        finally:
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)
        worker.join(30)
    assert stopped and results, (stopped, results)
    assert results[0].status is ExecStatus.OK, results[0]


# --- 9. a __repr__ that prints the container holding it (red team N) -----------------------------
# The worker prints outputs holding sets by walking their containers in Python; C's guard against
# recursion (Py_ReprEnter) did not know them, and a __repr__ calling repr() on its own container
# printed a second copy of it where Python prints "[...]".
_SELF_PRINTING = "class X:\n    def __repr__(self):\n        return repr(self.ref)\n    def __hash__(self):\n        return 7\n"


@pytest.mark.parametrize("body, plain", [
    ("x = X()\n    held = [{a}, x]", "[{1}, [...]]"),
    ("x = X()\n    held = ({a}, x)", "({1}, (...))"),
    ("x = X()\n    held = {'k': {a}, 'x': x}", "{'k': {1}, 'x': {...}}"),
    ("x = X()\n    held = [{x}]\n    x.ref = held[0]\n    return held", "[{set(...)}]"),
])
def test_a_repr_that_prints_its_own_container_prints_as_in_plain_python(executor, body, plain):
    program = _SELF_PRINTING + f"def f(a):\n    {body}\n    x.ref = held\n    return held\n"
    result = executor.validate(program, "1")
    assert (result.status, result.output) == (ExecStatus.OK, plain), result


# --- 10. super().__getattribute__('__dict__') is the instance's own dict (the session's hunt) ------
SUPER_DICT = '''
class A:
    def __init__(self, n):
        super().__getattribute__("__dict__")["n"] = n
class Upper:
    def __init__(self, **kw):
        self.__dict__.update(kw)
    def __getattribute__(self, name):
        return super().__getattribute__(name)
def f(n):
    return A(n).n, Upper(a=n).a
'''


def test_super_getattribute_reads_the_instances_own_dict(executor):
    result = executor.validate(SUPER_DICT, "3")
    assert (result.status, result.output) == (ExecStatus.OK, "(3, 3)"), result


def test_super_getattribute_still_keeps_library_internals_out_of_reach(executor):
    program = "import re\nclass P(re.RegexFlag.__class__):\n    pass\ndef f(x):\n    return super(type, re.RegexFlag).__getattribute__('_member_map_')\n"
    assert executor.run(program, "0").status is ExecStatus.FORBIDDEN


# --- 11. a walk cut short by RecursionError left a container on the interpreter's repr list -------
# (red team T: a set nested past the recursion limit beside 300 MB of bytes; the bytes stayed
# alive on the list for the runner's life, and a later task's allocation failed).
DEEP_SET_WITH_BULK = "def f(n):\n    v = [{1}, bytes(n)]\n    for _ in range(1500):\n        v = [v]\n    return v\n"
ALLOCATES = "def f(n):\n    try:\n        bytearray(n)\n        return 'allocated'\n    except MemoryError:\n        return 'MemoryError'\n"


def test_an_output_too_deep_to_print_leaves_nothing_behind():
    with Executor(workers=1, memory_mb=512) as ex:
        ex.run(ALLOCATES, "1")  # (the runner is up)
        first = ex.run(DEEP_SET_WITH_BULK, "300_000_000")
        later = [ex.run(ALLOCATES, "300_000_000").output for _ in range(2)]
    assert first.status is ExecStatus.ERROR and "RecursionError" in first.error, first
    assert later == ["'allocated'"] * 2, later


# --- 12. misuse of the API: clear errors, no stolen answers, nothing left behind (red team W) -----
from azr_env.executor import SandboxLayers  # noqa: E402


@pytest.mark.parametrize("options", [
    {"allowed_modules": ["a" * 140_000]},
    {"allowed_modules": [f"m{k}" for k in range(30_000)]},
    {"workers": 2 ** 40},
], ids=["long-name", "many-names", "workers"])
def test_options_the_workers_cannot_take_are_refused_when_given(options):
    with pytest.raises(ValueError):
        Executor(**options)


def test_a_preload_list_the_workers_cannot_take_is_refused_when_given():
    with pytest.raises(ValueError, match="preload"):
        SandboxLayers(preload=("a" * 140_000,))


def test_close_from_another_thread_waits_for_the_running_batch():
    slow = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"
    before = _descendants()  # (other tests' executors may have workers of their own)
    ex = Executor(workers=2, timeout=10)
    results = []
    batch = threading.Thread(target=lambda: results.append(ex.run_batch([(slow, "2000000")] * 8)))
    batch.start()
    time.sleep(0.3)
    ex.close()
    batch.join(60)
    ex.close()
    assert results and all(r.output == "1999999000000" for r in results[0]), results
    assert _descendants() - before == set()


def _descendants():
    parents = _parents()
    found, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_a_forked_child_runs_on_workers_of_its_own_and_leaves_the_parents_alone():
    with Executor(workers=1, timeout=5) as ex:
        assert ex.run("def f(x):\n    return 'parent'", "0").output == "'parent'"
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its answers must be its own; its close() must spare the parent's workers
            try:
                output = ex.run("def f(x):\n    return 'child'", "0").output
                ex.close()
                os.write(writer, output.encode())
            finally:
                os._exit(0)
        os.close(writer)
        os.waitpid(pid, 0)
        said = os.read(reader, 100).decode()
        os.close(reader)
        after = ex.run("def f(x):\n    return 'parent again'", "0")
        restarts = ex.restarts
    assert said == "'child'"
    assert after.output == "'parent again'" and restarts == 0, (after, restarts)


# --- 13. the refused-builtin check read every symbol against every child scope (red team Z) --------
# symtable's get_symbols() looks each symbol up in every child table: 45,000 one-character names
# beside 999 lambdas, with an ``a.open`` that sends the program to the check, took 1.6 s of the
# parent's CPU. Only the refused names a table holds are looked up now.
def _many_names_beside_many_lambdas(limit=100_000):
    head = "def f(a):\n    return a.open\nT=(" + ",".join(["lambda:0"] * 998) + ")\n"
    names = (chr(cp) for cp in range(0x4E00, 0x9FFF) if chr(cp).isidentifier())
    lines, size, line = [head], len(head), []
    for name in names:
        if size + len(name) + 3 > limit:
            break
        line.append(name)
        size += len(name) + 1
        if len(line) == 500:
            lines.append(",".join(line) + "\n")
            line = []
    return "".join(lines) + ",".join(line) + "\n"


def test_the_refused_builtin_check_is_linear_in_names_and_scopes():
    from azr_env.executor.screen import unbound_builtin_uses

    program = _many_names_beside_many_lambdas()
    started = time.process_time()
    found = unbound_builtin_uses(program)
    spent = time.process_time() - started
    assert found == [] and spent < 0.5, (found, spent)
    # And it still finds what it is for, at module level and in a function.
    assert unbound_builtin_uses("x = open\n") == ["open"]
    assert unbound_builtin_uses("def g():\n    return eval\n") == ["eval"]
    assert unbound_builtin_uses("def open(p):\n    return p\ndef g():\n    return open\n") == []


# --- 14. a long literal argument list holding a small set (red team Z) ----------------------------
# One small set among 33,328 arguments sent the whole text down the set-display path, which deep
# copied every argument's tree: 1.15 s of the parent's CPU for 100,000 characters.
# Judged against the same list led by a tuple instead, timed in the same test (the best of two
# each): the set's path costs 2.2-2.4 times the tuple's now, and cost 3.6-3.8 times it with the
# deep copies (0.55 s and 1.16 s alone on a quiet machine). A bound on the time alone (1 s)
# failed under a loaded full suite.
def test_a_long_argument_list_with_a_small_set_is_read_in_linear_time(executor):
    import gc

    from azr_env.executor import clear_caches

    spent = {"{1}": [], "(1,)": []}
    for _ in range(2):
        for first in spent:
            text = first + "," + ",".join(["-0"] * 33_328)
            clear_caches()
            # (The collector off while timed: late in a full suite its passes over the test
            # process's heap cost more than the reading itself, 0.3-0.4 s a call.)
            gc.collect()
            gc.disable()
            try:
                started = time.process_time()
                result = executor.run("def f(*a):\n    return len(a), a[0]", text)
                spent[first].append(time.process_time() - started)
            finally:
                gc.enable()
            assert result.output == f"(33329, {first})", result
    assert min(spent["{1}"]) < 3 * min(spent["(1,)"]), spent


# --- 15. hashes trusted as fixed that read strings or a library's address (red team Z) -------------
TUPLE_SUBCLASS_HIDING_STRINGS = '''
class T(tuple):
    def __iter__(self):
        return iter((1, 2))
def f(x):
    return hash(T((x, 'qq'))) & 1
'''
FRACTION_OVER_A_STRING = '''
import fractions, numbers
class Y:
    def __init__(self, s): self.s = s
    def __abs__(self): return self.s
    def __ge__(self, o): return True
    def __mul__(self, o): return self
class R:
    def __init__(self, n, d): self.numerator, self.denominator = n, d
numbers.Rational.register(R)
def f(x):
    return hash(fractions.Fraction(R(Y(x), 1), R(1, 1), _normalize=False)) & 1
'''


@pytest.mark.parametrize("program", [TUPLE_SUBCLASS_HIDING_STRINGS, FRACTION_OVER_A_STRING],
                         ids=["tuple-subclass", "fraction"])
def test_a_hash_that_reads_a_string_is_never_trusted_as_fixed(executor, program):
    # Masked in the perturbed run, so the bit disagrees every time (it was left to the two seeds).
    for _ in range(3):
        assert executor.validate(program, "'ab'").status is ExecStatus.NONDETERMINISTIC


def test_plain_fractions_still_hash_as_numbers(executor):
    program = "import fractions\ndef f(x):\n    return hash(fractions.Fraction(x, 3)) == hash(x / 3), len({fractions.Fraction(1, 2), 0.5})\n"
    assert executor.validate(program, "1").output == "(False, 1)"


def test_only_the_interpreters_own_types_get_its_fixed_bits():
    import decimal

    from azr_env.executor import _setorder

    if _setorder.settle_fixed_bits([id(None) % (1 << 21), id(None) - id(int)]) != 21:
        pytest.skip("this machine's layout fixes only a page's bits")
    assert _setorder._fixed_bits_of(object.__hash__(None)) == 21
    assert _setorder._fixed_bits_of(object.__hash__(int)) == 21
    assert _setorder._fixed_bits_of(object.__hash__(decimal.Decimal)) == 12  # (from _decimal's own library)
