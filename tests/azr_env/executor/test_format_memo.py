"""The guards judge a format string's fields once per pass (a loop that formats one string parsed
it at every step, 6.5 to 14 times plain Python's time). What the memo must not change: every use
is still checked against the object it formats, a refused field is refused at every use, and
nothing of one task's strings reaches the next."""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor

# setattr interns the very string it is given unless an equal one is interned already: whether the
# name in the function's dict is ``t`` tells whether an earlier task left an equal string interned.
ASK = ("def f(x):\n    t = ''.join(['{0', '.real}', 'zq'])\n    def h():\n        pass\n"
       "    setattr(h, t, 1)\n    return list(vars(h))[0] is t\n")
# Interns an equal string, then formats with it (the memo holds it until the pass ends).
MARK = ("def f(x):\n    s = ''.join(['{0', '.real}', 'zq'])\n    def h():\n        pass\n"
        "    setattr(h, s, 1)\n    return s.format(5)\n")


def test_a_format_string_judged_in_one_task_is_not_kept_for_the_next():
    with Executor(workers=1) as ex:
        alone = ex.run(ASK, "0")
        assert alone.ok
        for _ in range(3):
            marked = ex.run(MARK, "0")
            assert marked.ok and marked.output == "'5zq'", marked
            after = ex.run(ASK, "0")
            assert (after.status, after.output) == (alone.status, alone.output)


def test_a_memoised_verdict_still_checks_each_object_it_formats(executor):
    # The same private field: allowed on the program's own object, refused on a library object's
    # internals, in that order within one pass (the memo says "check the fields", not "allowed").
    program = ("import fractions\nclass Cell:\n    def __init__(self):\n        self._numerator = 7\n"
               "def f(x):\n    own = '{0._numerator}'.format(Cell())\n"
               "    return own, '{0._numerator}'.format(fractions.Fraction(1, 2))\n")
    result = executor.validate(program, "0")
    assert result.status == ExecStatus.FORBIDDEN and "_numerator" in result.error, result


def test_a_refused_field_is_refused_at_every_use(executor):
    program = ("def f(x):\n    n = 0\n    for _ in range(3):\n        try:\n"
               "            '{0.__globals__}'.format(f)\n        except Exception:\n            n += 1\n    return n\n")
    result = executor.validate(program, "0")
    assert result.status == ExecStatus.FORBIDDEN and "__globals__" in result.error, result


def test_formatting_in_a_loop_gives_plain_pythons_answers(executor):
    program = ("class Cell:\n    def __init__(self, r, c):\n        self._r, self.c = r, c\n"
               "def f(n):\n    out = []\n    for i in range(n):\n        cell = Cell(i, -i)\n"
               "        out.append('{0._r}:{0.c}'.format(cell) + '{0.c!r:>4}'.format(cell) + '{:{w}}'.format(i, w=3))\n"
               "    return out[-1], len(out)\n")
    namespace: dict = {}
    exec(program, namespace)  # noqa: S102 -- the test's own program, for plain Python's answer
    result = executor.validate(program, "500")
    assert (result.status, result.output) == (ExecStatus.OK, repr(namespace["f"](500))), result


def test_long_format_strings_used_once_each_are_not_kept_alive():
    # 200 strings of a megabyte, each formatted once and dropped: plain Python holds one at a time.
    # Kept by the memo until the pass ended, they filled a 128 MB limit.
    program = ("def f(n):\n    total = 0\n    for i in range(n):\n"
               "        text = '{0.real}' + 'x' * 1_000_000 + str(i)\n        total += len(text.format(1))\n"
               "    return total\n")
    with Executor(memory_mb=128, timeout=30.0) as ex:
        result = ex.validate(program, "200")
    assert (result.status, result.output) == (ExecStatus.OK, repr(sum(1_000_001 + len(str(i)) for i in range(200)))), result
