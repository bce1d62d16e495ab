"""The third red team's corpus (``redteam3_corpus.py``) against the public API, every layer on.

What is contained stays contained (``ATTACKS``, ``POISONS``), and the ordinary programs of
``BENIGN3`` get plain Python's answer. What got through is in ``FAULTS`` and ``FALSE_POSITIVES``,
each with the red team's diagnosis; their tests assert the behaviour a user relies on and are
marked ``xfail(strict=True, raises=AssertionError)``, so that fixing a root cause turns them green
(and the strict mark then asks for the mark to go). A broken set-up raises a plain error
(``_require``), never an AssertionError, so that it is not mistaken for the fault.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from azr_env.executor import ExecStatus, Executor, SandboxLayers

from .plain_python import plain_outputs
from .redteam3_corpus import ATTACKS, BENIGN3, FALSE_POSITIVES, FAULTS, POISONS

TIMEOUT = 1.0
MARGIN = 4.0  # the zygote's grace, a fork and the pipe round trips on a loaded 2-core machine
REPO = Path(__file__).resolve().parents[3]
SEVERITIES = ["os", "leak", "escape", "poison", "nondeterminism", "api"]
# The OS layer and the zygote must hold when a program holds the real sys and os (as after any escape).
PYTHON_OFF = SandboxLayers(screen=False, guards=False, audit=False)


# The corpus entries whose root cause has been fixed: their tests run unmarked. (The corpus keeps
# every entry with its diagnosis, as the record of what was found.)
FIXED_ESCAPES_AND_POISONS: set[str] = {
    "generic_alias_forwards_guarded_attributes",
    "object_getstate_hands_out_real_dicts",
    "typing_alias_getattr_reads_library_private_names",
    "dataclass_generated_eq_reads_private_attributes_of_any_object",
    "dataclasses_replace_reads_library_private_names",
    "cached_property_reads_library_class_dicts",
    "global_enum_writes_real_modules_and_runs_after_the_window",
    "escaped_runner_forges_every_later_answer",
    "object_getstate_writes_a_builtin_types_dict",
    "bound_method_forwards_library_kwdefaults",
    "staticmethod_shares_a_library_functions_annotations",
    "runner_writes_its_own_blame_slot",
}

FIXED_NONDETERMINISM: set[str] = {
    "work_done_outside_the_repeated_call_is_never_perturbed",
    "hash_inversion_skipped_in_functions_named_hash",
    "str_hash_method_bypasses_the_guarded_hash",
    "hash_of_objects_that_hash_strings_is_not_inverted",
    "sets_hashed_by_library_code_keep_their_order",
    "str_subclasses_pass_both_checks",
    "addresses_pass_validation",
    "set_methods_saved_before_the_repeated_call",
    "set_subclass_made_before_the_repeated_call",
    # one bit of which element pops first: random orders tried until one disagrees (EXTRA_ORDERS)
    "pop_from_a_large_set",
}

FIXED_FALSE_POSITIVES: set[str] = {
    "module_level_hash_table_queried_in_f",  # by the perturbed run's fresh namespace
    "peek_then_pop_on_a_large_set",  # pop reversed at every size, as iteration is
    # the perturbed run's own time window, and sets of numbers and tuples of them judged from the
    # element types at C speed
    "set_of_grid_cells_iterated_repeatedly",
    "class_pattern_reevaluated_after_a_recursive_guard",
    "augmented_private_attribute_with_super_call",
    "augmented_private_attribute_with_walrus",
    "augmented_private_attribute_with_yield",
    "except_star_handlers",
    "attribute_write_on_an_immutable_builtin_value",
    "format_string_reads_own_private_attributes",
    "private_attribute_on_a_library_object_the_program_made",
    "private_slot_of_a_library_base_class",
    "subclasses_of_the_programs_own_class",
    "guards_add_frames_near_the_recursion_limit",
}

FIXED = FIXED_ESCAPES_AND_POISONS | FIXED_NONDETERMINISM | FIXED_FALSE_POSITIVES


def _xfail(name, reason):
    if name in FIXED:
        return ()
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)


def _faults(kind):
    return [pytest.param(f, id=f["name"], marks=_xfail(f["name"], f["diagnosis"][:200]))
            for f in FAULTS if f["kind"] == kind]


def _require(condition, message):
    """A broken set-up is a plain failure (an error, not the expected AssertionError)."""
    if not condition:
        raise RuntimeError(f"set-up: {message}")


def _key(result):
    return result.status, result.output, result.stdout


@pytest.fixture(scope="module")
def sandbox():
    with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
        ex.run("def f(a):\n    return a", "0")
        yield ex


# -- the corpus itself -----------------------------------------------------------------------------
def test_the_corpus_is_well_formed():
    names = ([a[0] for a in ATTACKS] + [p[0] for p in POISONS] + [f["name"] for f in FAULTS]
             + [f[0] for f in FALSE_POSITIVES] + [b[0] for b in BENIGN3])
    assert len(names) == len(set(names))
    assert all(f["severity"] in SEVERITIES and f["diagnosis"] and f["kind"] for f in FAULTS)
    order = [SEVERITIES.index(f["severity"]) for f in FAULTS]
    assert order == sorted(order), "FAULTS are listed by severity, highest first"
    assert all(why for *_, why in FALSE_POSITIVES)
    assert len(BENIGN3) >= 150
    assert FIXED <= set(names), FIXED - set(names)


# -- contained ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["run", "validate"])
def test_contained_attacks_stay_contained(sandbox, method):
    results = getattr(sandbox, method + "_batch")([(program, inputs) for _, program, inputs, _ in ATTACKS])
    for (name, _program, _inputs, expect), result in zip(ATTACKS, results):
        if expect == "refused":
            assert result.status is not ExecStatus.OK, f"{name} was accepted: {result.output!r}"
        assert result.ok or result.error, name
    # The runner that ran them still answers honest jobs.
    assert [r.output for r in sandbox.run_batch([("def f(a):\n    return a + 1", str(i)) for i in range(4)])] == [
        "1", "2", "3", "4"]


@pytest.mark.parametrize("name, poison, check", POISONS, ids=[p[0] for p in POISONS])
def test_contained_poisons_leave_later_tasks_alone(name, poison, check):
    with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
        expected = {_key(r) for r in ex.run_batch([(check, "0")] * 2)}
        _require(len(expected) == 1, f"the check differs between fresh workers: {expected}")
        ex.validate_batch([(poison, "0")] * 2)  # both workers, one of them through the repeated call
        seen = {_key(r) for r in ex.run_batch([(check, "0")] * 6)}
    assert seen == expected, name


# -- faults: escapes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", _faults("escape"))
def test_no_program_reaches_the_real_builtins(sandbox, fault):
    result = sandbox.run(fault["program"], "0")
    assert result.status is not ExecStatus.OK, f"escaped: {result.output}"


@pytest.mark.parametrize("fault", _faults("after_window"))
def test_no_program_code_runs_after_its_window(sandbox, fault):
    result = sandbox.run(fault["program"], "0")
    # A program's own failure is reported as its status; "worker:" means the worker's own code failed
    # under it, after the window had closed.
    assert not (result.error or "").startswith("worker:"), result.error


# -- faults: poison -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", _faults("poison"))
def test_no_task_changes_what_a_later_task_computes(fault):
    poison, check = fault["poison"], fault["check"]
    with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
        before = ex.run_batch([(check, "0")] * 2)
        expected = {_key(r) for r in before}
        _require(len(expected) == 1 and before[0].ok, f"the check differs between fresh workers: {expected}")
        results = ex.run_batch([(poison, "0")] * 4 + [(check, "0")] * 6)
    seen = {_key(r) for r in results[4:]}
    assert seen == expected, seen


@pytest.mark.parametrize("fault", _faults("slot_self"))
def test_a_runner_program_cannot_choose_which_job_is_blamed(fault):
    # Worker 0's runner gets, in one chunk, the program and three honest jobs behind it; worker 1 gets
    # honest fillers (jobs alternate between the two workers).
    honest = "def f(a):\n    return a * 2\n"
    first = [(fault["program"], "0")] + [(honest, str(i)) for i in range(3)]
    pairs = [pair for job in first for pair in (job, (honest, "7"))]
    with Executor(workers=2, timeout=0.5, memory_mb=512, layers=PYTHON_OFF) as ex:
        results = ex.run_batch(pairs)[::2]
    _require(results[0].status is not ExecStatus.OK, f"the spinner was not stopped: {results[0]}")
    assert [(r.status.value, r.output) for r in results[1:]] == [("ok", str(2 * i)) for i in range(3)]


# -- faults: accepted nondeterminism ---------------------------------------------------------------------
@pytest.mark.parametrize("fault", _faults("nondet_validate"))
def test_seed_dependent_programs_are_caught(fault):
    with Executor(workers=2, timeout=TIMEOUT) as ex:
        verdicts = ex.validate_batch([(p, "0") for p in fault["programs"]])
    _require(all(v.ok or v.status is ExecStatus.NONDETERMINISTIC for v in verdicts), [v.error for v in verdicts])
    accepted = sum(v.ok for v in verdicts)
    assert accepted == 0, f"{accepted} of {len(verdicts)} accepted"


@pytest.fixture(scope="module")
def clean_sandbox():
    """An executor no red-team program has touched, for the programs that must get plain Python's answer."""
    with Executor(workers=2, timeout=2.0, memory_mb=512) as ex:
        yield ex


@pytest.fixture(scope="module")
def false_positive_runs(clean_sandbox):
    jobs = [(program, inputs) for _name, program, inputs, _why in FALSE_POSITIVES]
    return dict(zip([f[0] for f in FALSE_POSITIVES], zip(plain_outputs(jobs), clean_sandbox.validate_batch(jobs))))


@pytest.mark.parametrize("name", [pytest.param(f[0], id=f[0], marks=_xfail(f[0], f[3][:200]))
                                  for f in FALSE_POSITIVES])
def test_harmless_programs_get_plain_pythons_output(false_positive_runs, name):
    expected, result = false_positive_runs[name]
    _require(expected is not None, "plain Python is not deterministic here")
    assert result.ok and result.output == expected, (result.status.value, result.output or result.error)


@pytest.fixture(scope="module")
def benign_runs(clean_sandbox):
    jobs = [(program, inputs) for _name, program, inputs in BENIGN3]
    start = time.monotonic()
    results = clean_sandbox.validate_batch(jobs)
    _require(time.monotonic() - start < 60, "validating the benign corpus took over a minute")
    return dict(zip([b[0] for b in BENIGN3], zip(plain_outputs(jobs), results)))


@pytest.mark.parametrize("name", [b[0] for b in BENIGN3])
def test_ordinary_programs_get_plain_pythons_output(benign_runs, name):
    expected, result = benign_runs[name]
    _require(expected is not None, "plain Python is not deterministic here (the corpus entry is broken)")
    assert result.ok and result.output == expected, (result.status.value, result.output or result.error)
