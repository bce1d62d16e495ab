"""Tasks: ids that survive reformatting, JSON round trips, the induction split."""
import json

import numpy as np
import pytest

from azr_env.tasks import Task, TaskType, normalize_inputs, normalize_program

IDENTITY = "def f(a):\n    return a"


def test_task_id_ignores_formatting_comments_and_provenance():
    a = Task(TaskType.DEDUCTION, IDENTITY, "[1,2]", "[1, 2]", step=1, source="proposer")
    b = Task(TaskType.DEDUCTION, "def f(a):   # same\n  return (a)\n", "[1, 2]", "[1, 2]", step=9)
    assert a.task_id == b.task_id


def test_task_id_separates_programs_inputs_and_types():
    base = Task(TaskType.DEDUCTION, IDENTITY, "1", "1")
    assert base.task_id != Task(TaskType.DEDUCTION, IDENTITY, "2", "2").task_id
    assert base.task_id != Task(TaskType.DEDUCTION, "def f(b):\n    return b", "1", "1").task_id
    assert base.task_id != Task(TaskType.ABDUCTION, IDENTITY, "1", "1").task_id


def test_json_round_trip_keeps_everything():
    examples = (("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"))
    task = Task(TaskType.INDUCTION, IDENTITY, "1", "1", examples=examples, message="identity",
                n_visible=2, step=7, solve_rate=0.375, source="proposer")
    again = Task.from_json(task.to_json())
    assert again == task and again.task_id == task.task_id
    assert Task.from_json(__import__("json").dumps(task.to_json())) == task


def test_induction_split_defaults_to_half_and_half():
    examples = tuple((str(i), str(i)) for i in range(10))
    task = Task(TaskType.INDUCTION, IDENTITY, "0", "0", examples=examples)
    assert len(task.visible_examples) == 5 and len(task.hidden_examples) == 5
    assert task.visible_examples + task.hidden_examples == examples


def test_with_provenance_changes_only_provenance():
    task = Task(TaskType.ABDUCTION, IDENTITY, "1", "1")
    updated = task.with_provenance(solve_rate=0.5, step=3)
    assert (updated.solve_rate, updated.step, updated.program) == (0.5, 3, IDENTITY)
    with pytest.raises(TypeError):
        task.with_provenance(program="x")


def test_normalisers_keep_unparsable_text():
    assert normalize_program("def (") == "def ("
    assert normalize_inputs("1,,") == "1,,"
    assert normalize_inputs("'a',  {1:2}") == "'a', {1: 2}"


def test_literal_inputs_are_normalised_by_value():
    # Spelling, number bases and keyword spacing do not make a new input...
    assert normalize_inputs("{3, 1}, key = 0x10") == normalize_inputs("{3,1},key=16") == "{3, 1}, key=16"
    assert normalize_inputs("'a', (1,)") == normalize_inputs('"a",(1 ,)')
    assert normalize_inputs("[{9, 1, 9}], {'k': {2, 1}, 'k': {1, 2}}") == "[{9, 1}], {'k': {1, 2}}"  # as built
    # ...but values that differ, or differ in type, do.
    assert normalize_inputs("1") != normalize_inputs("1.0") != normalize_inputs("True")
    # Arguments that are not literals are compared as ast.unparse prints them.
    assert normalize_inputs("dict(a = 1)") == "dict(a=1)"


def test_task_id_is_the_same_for_equal_inputs_spelled_differently():
    a = Task(TaskType.DEDUCTION, IDENTITY, "{'b', 'a'}", "")
    b = Task(TaskType.DEDUCTION, IDENTITY, "{\"b\",'a'}", "")
    assert a.task_id == b.task_id


def test_a_set_written_in_another_order_is_another_task(executor):
    # (The twenty-eighth session's red team: set elements were sorted, so {1, 9} and {9, 1} shared
    # a task id, though the written order is the insertion order and list() of them differs.)
    program = "def f(s):\n    return list(s)"
    outputs = [r.output for r in executor.run_batch([(program, "{1, 9}"), (program, "{9, 1}")])]
    assert outputs[0] != outputs[1]  # the two inputs are two tasks to the program
    first, second = (Task(TaskType.DEDUCTION, program, inputs, output)
                     for inputs, output in zip(("{1, 9}", "{9, 1}"), outputs))
    assert first.task_id != second.task_id
    assert normalize_inputs("{1, 9}") != normalize_inputs("{9, 1}")


EXAMPLES4 = [["1", "1"], ["2", "2"], ["3", "3"], ["4", "4"]]


def induction_record(**changes):
    record = {"task_type": "induction", "program": IDENTITY, "input": "1", "output": "1",
              "examples": EXAMPLES4, "message": "identity", "n_visible": 2, "step": 3, "solve_rate": 0.5}
    record.update(changes)
    return record


@pytest.mark.parametrize("field, value", [
    ("program", 5), ("input", [1]), ("output", None), ("message", 3),
    ("examples", "1,1"), ("examples", [["1", "1"], ["2"]]), ("examples", [["1", 1], ["2", "2"]]),
    ("n_visible", "2"), ("n_visible", 2.0), ("n_visible", True),
    ("step", "x"), ("step", 1.5), ("solve_rate", "abc"), ("solve_rate", True),
])
def test_from_json_refuses_a_field_of_the_wrong_type_naming_it(field, value):
    with pytest.raises(TypeError, match=field):
        Task.from_json(induction_record(**{field: value}))


@pytest.mark.parametrize("field, value", [
    ("n_visible", 0), ("n_visible", 4), ("n_visible", 99),  # nothing shown, or nothing left to check
    ("solve_rate", -0.1), ("solve_rate", 1.5), ("solve_rate", float("nan")), ("solve_rate", float("inf")),
])
def test_from_json_refuses_impossible_values_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        Task.from_json(induction_record(**{field: value}))


def test_from_json_accepts_every_valid_split_and_makes_numbers_json_ready():
    for n_visible in (1, 2, 3, None):
        task = Task.from_json(induction_record(n_visible=n_visible))
        assert task.visible_examples and task.hidden_examples
    # A solve rate averaged with numpy is stored as a float, so the task can still be saved.
    task = Task.from_json(induction_record(solve_rate=np.float32(0.5), step=np.int64(9)))
    assert json.loads(json.dumps(task.to_json()))["solve_rate"] == 0.5 and task.step == 9
    # A deduction task has no examples and no n_visible; null message and source read as "".
    task = Task.from_json({"task_type": "deduction", "program": IDENTITY, "input": "1", "output": "1",
                           "message": None, "source": None})
    assert (task.message, task.source, task.n_visible) == ("", "", None)


def test_with_provenance_refuses_a_bad_solve_rate():
    task = Task(TaskType.ABDUCTION, IDENTITY, "1", "1")
    with pytest.raises(ValueError, match="solve_rate"):
        task.with_provenance(solve_rate=2.0)


def test_an_int_too_long_to_print_in_decimal_is_normalized_without_raising():
    # 3,700 hex digits are some 4,450 decimal ones, past Python 3.11's 4,300 for int-to-str: the
    # ValueError came out of env.step when max_input_chars allowed the input (red team I, 2026-12-04).
    big = "0x" + "f" * 3700
    normal = normalize_inputs(big)
    assert isinstance(normal, str) and normal.startswith("0x")
    task = Task(TaskType.DEDUCTION, "def f(a):\n    return 1", big, "1")
    assert task.task_id == Task(TaskType.DEDUCTION, "def f(a):\n    return 1", big, "1").task_id


# -- str subclasses from a caller (the twenty-sixth session's red team A) ------------------------
class _RaisingHash(str):
    def __hash__(self):
        raise KeyError("a str subclass's own __hash__ ran")


class _LikeAnother(str):
    def __hash__(self):
        return hash("def f(a):\n    return a + 1")

    def __eq__(self, other):
        return True

    __ne__ = str.__ne__


def test_fingerprints_and_normal_forms_never_run_a_str_subclasss_own_methods():
    from azr_env.executor import clear_caches
    from azr_env.tasks import input_fingerprint, normalize_inputs, normalize_program, program_fingerprint

    program = "def f(a):\n    return a"
    clear_caches()
    assert program_fingerprint(_RaisingHash(program)) == program_fingerprint(program)
    assert input_fingerprint(_RaisingHash("1, 2")) == input_fingerprint("1, 2")
    assert normalize_inputs(_RaisingHash("1,2")) == "1, 2"
    assert normalize_program(_RaisingHash(program)) == program
    task = Task(TaskType.DEDUCTION, _RaisingHash(program), _RaisingHash("1"), "1")
    assert type(task.program) is str and type(task.input) is str
    assert task.task_id == Task(TaskType.DEDUCTION, program, "1", "1").task_id
    # A subclass that hashes and compares like another program got that program's memoised
    # fingerprint, and so its task id.
    clear_caches()
    other = program_fingerprint("def f(a):\n    return a + 1")
    assert program_fingerprint(_LikeAnother(program)) != other


def test_a_task_type_named_by_a_str_subclass_is_read_as_its_text():
    # TaskType(value) hashed the value: a subclass's own __hash__ raised out of parse_answer,
    # env.reset(options=...) and everything else that names a task type (red team 27O).
    from azr_env.tasks import TaskConfig, parse_answer

    assert TaskType(_RaisingHash("deduction")) is TaskType.DEDUCTION
    assert TaskType(TaskType.ABDUCTION) is TaskType.ABDUCTION
    with pytest.raises(ValueError):
        TaskType(_RaisingHash("deducti0n"))
    parsed = parse_answer(_RaisingHash("deduction"), "<answer>1</answer>", TaskConfig())
    assert parsed.task_type is TaskType.DEDUCTION and parsed.text == "1"


# -- a task built in code is checked as a record from a file is ------------------------------------
# Before, Task(...) checked nothing that from_json checks: a buffer saved such a task without
# complaint, atomically replacing the last good file, and then refused to load that file, losing
# every task in it (the twenty-ninth session's red team E).

def _induction(**changes):
    fields = dict(task_type=TaskType.INDUCTION, program="def f(a):\n    return a", input="1", output="1",
                  examples=(("1", "1"), ("2", "2"), ("3", "3")), message="identity")
    fields.update(changes)
    return Task(**fields)


@pytest.mark.parametrize("changes, error, words", [
    (dict(n_visible=3), ValueError, "n_visible must be between 1 and 2"),
    (dict(n_visible=0), ValueError, "n_visible must be between 1 and 2"),
    (dict(n_visible=1.5), TypeError, "n_visible must be an integer"),
    (dict(solve_rate=float("nan")), ValueError, "solve_rate must be between 0 and 1"),
    (dict(solve_rate=2.0), ValueError, "solve_rate must be between 0 and 1"),
    (dict(step=1.5), TypeError, "step must be an integer"),
    (dict(step="7"), TypeError, "step must be an integer"),
    (dict(step=True), TypeError, "step must be an integer"),
    (dict(output=3), TypeError, "output must be a string"),
    (dict(examples=[("1", 1)]), TypeError, r"examples\[0\] must be"),
])
def test_a_task_built_in_code_refuses_what_a_file_could_not_hold(changes, error, words):
    with pytest.raises(error, match=words):
        _induction(**changes)


def test_numpy_provenance_becomes_plain_numbers_and_the_task_saves_and_loads(tmp_path):
    from azr_env.tasks import TaskBuffer

    task = _induction(step=np.int64(7), solve_rate=np.float32(0.25))
    assert type(task.step) is int and type(task.solve_rate) is float
    buffer = TaskBuffer(TaskType.INDUCTION, [task], seed=False)
    path = tmp_path / "induction.jsonl"
    buffer.save(path)
    (loaded,) = list(TaskBuffer.load(path))
    assert loaded.task_id == task.task_id and (loaded.step, loaded.solve_rate) == (7, 0.25)
