"""Red team 9 (after c7fe9fe): each test failed on c7fe9fe and passes since the commit that added this file."""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor

# --- 1. object addresses reach the output through repr, and validation does not perturb them --------
# id() and identity hashes are virtualised, but the default repr of an object (object.__repr__,
# functions, iterators ...) prints its real address. ASLR moves the high bits between processes,
# not the low 12 (page offset), and within one runner the plain and perturbed runs lay objects out
# alike, so a program reading the distance between consecutive objects' addresses modulo 4096
# agrees with itself in both validation processes and in the perturbed run: accepted. The layout
# is the runner's heap history (what the validation runs freed), so the very next `run` of the
# same program in the same executor gives another output.
ADDRESS_GAPS = '''
def f(a):
    xs = [object() for _ in range(3)]
    v = [int(repr(x)[-13:-1], 16) for x in xs]
    return [(b - a) % 4096 for a, b in zip(v, v[1:])]
'''


def test_a_validated_output_depending_on_repr_addresses_is_what_later_runs_give():
    with Executor(workers=1, timeout=5.0) as ex:
        v = ex.validate(ADDRESS_GAPS, "0")
        r = ex.run(ADDRESS_GAPS, "0")
        assert v.status is not ExecStatus.OK or v.output == r.output, (v, r)


# --- 2. interned strings outlive the task that interned them ---------------------------------------
# setattr interns the attribute name; the generic setattr then looks the name up on the type, and
# CPython's type attribute cache (4096 entries, process-wide) keeps a strong reference to the
# interned name. After the task the name stays interned, so the next task that interns an equal
# string gets the old object back, not its own: `name is s` flips. The runner's code cache
# (up to 256 programs' code objects, kept across tasks) does the same for every identifier in an
# earlier program's code. Same program, same input, same runner: two outputs.
INTERNED = '''
class K:
    pass
def f(a):
    s = ''.join(['zork', '_name'])
    k = K()
    setattr(k, s, 1)
    return [n is s for n in vars(k)]
'''
MENTIONS_NAME = "def f(a):\n    zork_name = 1\n    return 0"


def test_a_program_run_twice_in_one_runner_gives_one_output():
    with Executor(workers=1, timeout=5.0) as ex:
        first = ex.run(INTERNED, "0")
        second = ex.run(INTERNED, "0")
        assert first.output == second.output, (first, second)


def test_an_earlier_programs_identifiers_do_not_change_a_later_output():
    with Executor(workers=1, timeout=5.0) as ex:
        alone = ex.run(INTERNED, "0")
    with Executor(workers=1, timeout=5.0) as ex:
        assert ex.run(MENTIONS_NAME, "0").status is ExecStatus.OK
        after = ex.run(INTERNED, "0")
    assert alone.output == after.output, (alone, after)
