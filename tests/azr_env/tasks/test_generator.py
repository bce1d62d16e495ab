"""The seed generator: seeded splits that do not overlap, outputs from the executor, CRUXEval removed."""
import ast
import pytest

from azr_env.executor import ExecResult, ExecStatus
from azr_env.tasks import TaskBuffer, TaskType
from azr_env.tasks.generator import (
    FAMILIES,
    HELDOUT_FAMILIES,
    as_task_type,
    cruxeval_shapes,
    family_of,
    generate_splits,
    program_shape,
    training_families,
)


SOME = ["str_reverse", "list_sum", "dict_get", "int_mod", "comp_sorted_desc"]


class SpyExecutor:
    """Records every call; answers through the real executor."""

    def __init__(self, executor):
        self.executor, self.calls = executor, []

    def validate_batch(self, pairs):
        pairs = list(pairs)
        self.calls.append(pairs)
        return self.executor.validate_batch(pairs)


@pytest.fixture(scope="module")
def splits(executor):
    return generate_splits(executor, seed=3, n_train=6, n_heldout=3, n_heldout_families=4, families=SOME,
                           heldout_families=["str_ends", "int_max2"])


def test_about_forty_families_of_every_kind_and_a_held_out_few():
    assert len(FAMILIES) >= 40
    assert {f.kind for f in FAMILIES.values()} == {"str", "list", "dict", "int", "composition"}
    assert set(HELDOUT_FAMILIES) <= set(FAMILIES) and not set(HELDOUT_FAMILIES) & set(training_families())
    assert all(f.message and "def f" not in f.message and "lambda" not in f.message for f in FAMILIES.values())


def test_the_same_seed_gives_the_same_splits_and_another_seed_others(executor, splits):
    again = generate_splits(executor, seed=3, n_train=6, n_heldout=3, n_heldout_families=4, families=SOME,
                            heldout_families=["str_ends", "int_max2"])
    assert [t.to_json() for t in again.train + again.heldout] == [t.to_json() for t in splits.train + splits.heldout]
    other = generate_splits(executor, seed=4, n_train=6, n_heldout=3, n_heldout_families=4, families=SOME,
                            heldout_families=["str_ends", "int_max2"])
    assert {t.task_id for t in other.train} != {t.task_id for t in splits.train}


def test_splits_are_disjoint_and_held_out_families_are_never_trained_on(splits):
    assert len(splits.train) == 6 * len(SOME) and len(splits.heldout) == 3 * len(SOME)
    train_ids = {t.task_id for t in splits.train}
    assert not train_ids & {t.task_id for t in splits.heldout}
    assert {family_of(t) for t in splits.heldout} == set(SOME)
    assert {family_of(t) for t in splits.heldout_families} == {"str_ends", "int_max2"}
    assert not {family_of(t) for t in splits.heldout_families} & {family_of(t) for t in splits.train}
    assert all(t.source.endswith("/train") for t in splits.train)


def test_outputs_come_from_the_executor(executor):
    spy = SpyExecutor(executor)
    result = generate_splits(spy, seed=0, n_train=3, n_heldout=1, n_heldout_families=0, families=["str_reverse"],
                             heldout_families=[])
    assert len(spy.calls) == 1 and len(spy.calls[0]) == 4  # one batch, every instance in it
    for task in result.train:
        assert (task.program, task.input) in spy.calls[0]
        assert ast.literal_eval(task.output) == ast.literal_eval(task.input)[::-1]


def test_instances_that_fail_in_the_sandbox_are_dropped_and_counted(executor):
    class Failing(SpyExecutor):
        def validate_batch(self, pairs):
            results = super().validate_batch(pairs)
            return [ExecResult(ExecStatus.ERROR, None, "boom")] + results[1:]

    result = generate_splits(Failing(executor), seed=0, n_train=3, n_heldout=0, n_heldout_families=0,
                             families=["int_mod"], heldout_families=[])
    assert len(result.train) == 2 and result.removed == {"error": 1}


def test_programs_shaped_like_a_cruxeval_program_are_removed(executor):
    # "def f(text): return text[::-1]" has the shape of str_reverse's program, whatever the names.
    shapes = {program_shape("def f(text):\n    # flip it\n    return text[::-1]")}
    result = generate_splits(executor, seed=0, n_train=3, n_heldout=1, n_heldout_families=0,
                             families=["str_reverse", "str_upper"], heldout_families=[], exclude_shapes=shapes)
    assert {family_of(t) for t in result.train + result.heldout} == {"str_upper"}
    assert result.removed["matches_cruxeval"] >= 4


def test_no_default_split_matches_a_cruxeval_dev_program(executor, cruxeval_path):
    shapes = cruxeval_shapes(cruxeval_path)
    assert len(shapes) > 350  # the dev set's programs, read in place
    result = generate_splits(executor, seed=0, n_train=2, n_heldout=1, n_heldout_families=1, exclude_shapes=shapes)
    assert not {program_shape(t.program) for t in result.train + result.heldout + result.heldout_families} & shapes


def test_shapes_ignore_names_comments_and_docstrings_but_not_operations():
    base = program_shape("def f(s):\n    return s.upper()")
    assert base == program_shape('def f(word):\n    """Shout."""\n    return word.upper()  # loud')
    assert base != program_shape("def f(s):\n    return s.lower()")
    assert program_shape("def f(:") is None


def test_triplets_serve_every_task_type_and_group_into_induction_tasks(splits):
    triplets = [t for t in splits.train if family_of(t) == "list_sum"]
    abduction = as_task_type(triplets, "abduction")
    assert [t.task_type for t in abduction] == [TaskType.ABDUCTION] * len(triplets)
    assert [(t.program, t.input, t.output) for t in abduction] == [(t.program, t.input, t.output) for t in triplets]
    induction = as_task_type(triplets, "induction", n_examples=3)
    assert [len(t.examples) for t in induction] == [3, 3]  # six instances of one program
    assert induction[0].message == FAMILIES["list_sum"].message
    assert len(induction[0].visible_examples) == 2 and len(induction[0].hidden_examples) == 1


def test_saved_splits_load_as_task_buffers(tmp_path, splits):
    paths = splits.save(tmp_path)
    buffer = TaskBuffer.from_jsonl(paths["heldout"], "deduction")
    assert [t.task_id for t in buffer] == [t.task_id for t in splits.heldout]
    assert not list(tmp_path.glob(".*.tmp"))


def test_bad_arguments_are_clear_errors(executor):
    with pytest.raises(ValueError, match="unknown families"):
        generate_splits(executor, families=["no_such_family"])
    with pytest.raises(ValueError, match="both trained on and held out"):
        generate_splits(executor, families=["str_reverse"], heldout_families=["str_reverse"])
