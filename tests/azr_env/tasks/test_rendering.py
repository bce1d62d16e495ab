"""Rendering is the parsers' inverse: what format_answer/format_proposal write parses back as given."""
import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from azr_env.tasks import (
    ParsedAnswer,
    ParsedProposal,
    ParseFailure,
    Task,
    TaskConfig,
    TaskType,
    correct_answer,
    format_answer,
    format_proposal,
    parse_answer,
    parse_proposal,
    seed_task,
    solution_of,
    task_proposal,
)
from azr_env.tasks import config as config_module

# Every prompt style the config knows: a style added without a renderer fails here.
STYLES = getattr(config_module, "PROMPT_STYLES", ("tagged",))


def config_for(style, **changes):
    if "prompt_style" in {f.name for f in dataclasses.fields(TaskConfig)}:
        changes["prompt_style"] = style
    return TaskConfig(**changes)


# Literal values of the kinds programs return and take, printed as Python prints them.
literals = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@pytest.mark.parametrize("style", STYLES)
@settings(max_examples=60, deadline=None)
@given(value=literals)
def test_deduction_answers_round_trip(style, value):
    config = config_for(style)
    body = repr(value)
    assert parse_answer("deduction", format_answer("deduction", body, config), config) == ParsedAnswer(
        TaskType.DEDUCTION, body)


@pytest.mark.parametrize("style", STYLES)
@settings(max_examples=60, deadline=None)
@given(values=st.lists(literals, min_size=1, max_size=3))
def test_abduction_answers_round_trip(style, values):
    config = config_for(style)
    body = ", ".join(repr(v) for v in values)
    assert parse_answer("abduction", format_answer("abduction", body, config), config) == ParsedAnswer(
        TaskType.ABDUCTION, body)


PROGRAMS = [
    "def f(a):\n    return a * 2",
    "def f(s, n=2):\n    out = []\n    for c in s:\n        out.append(c * n)\n    return ''.join(out)",
    "import math\n\ndef helper(x):\n    return x + 1\n\ndef f(x):\n    return math.floor(helper(x) / 2)",
]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("program", PROGRAMS)
def test_induction_answers_and_proposals_round_trip(style, program):
    if style == "completion" and not program.startswith("def f("):
        pytest.skip("a completion continues `def f(`: its programs are a lone f")
    config = config_for(style, n_induction_inputs=3)
    assert parse_answer("induction", format_answer("induction", program, config), config) == ParsedAnswer(
        TaskType.INDUCTION, program)
    for task_type in ("deduction", "abduction"):
        text = format_proposal(task_type, program, ["'ab', 3"], config)
        assert parse_proposal(task_type, text, config) == ParsedProposal(TaskType(task_type), program, ("'ab', 3",))
    inputs = ["1", "'x'", "[2, 3]"]
    text = format_proposal("induction", program, inputs, config, message="Works on anything.")
    assert parse_proposal("induction", text, config) == ParsedProposal(
        TaskType.INDUCTION, program, tuple(inputs), "Works on anything.")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("task_type", list(TaskType))
def test_a_task_answers_and_proposes_itself(style, task_type):
    config = config_for(style)
    task = seed_task(task_type)
    parsed = parse_answer(task_type, correct_answer(task, config), config)
    assert parsed == ParsedAnswer(task_type, solution_of(task))
    proposed = parse_proposal(task_type, task_proposal(task, config), config)
    if task_type is TaskType.INDUCTION:
        # The seed's 4 inputs against the config's 10: the proposal is refused, and says why.
        assert isinstance(proposed, ParseFailure) and "4" in proposed.reason
        config = config_for(style, n_induction_inputs=4)
        proposed = parse_proposal(task_type, task_proposal(task, config), config)
    assert (proposed.program, proposed.inputs, proposed.message) == (task.program, task.inputs, task.message)


def test_solution_of_is_the_part_the_solver_supplies():
    task = Task(TaskType.DEDUCTION, "def f(a):\n    return a * 2", "21", "42")
    assert solution_of(task) == "42"
    assert solution_of(Task(TaskType.ABDUCTION, task.program, "21", "42")) == "21"
    assert solution_of(Task(TaskType.INDUCTION, task.program, "21", "42")) == task.program


def test_a_malformed_body_makes_a_malformed_answer():
    config = TaskConfig()
    assert isinstance(parse_answer("deduction", format_answer("deduction", "__import__('os')", config), config),
                      ParseFailure)


def test_bad_requests_get_clear_errors():
    config = TaskConfig()
    with pytest.raises(ValueError, match="one input"):
        format_proposal("deduction", "def f(a):\n    return a", ["1", "2"], config)
    with pytest.raises(ValueError):
        format_answer("no-such-type", "1", config)


@pytest.mark.parametrize("style", STYLES)
def test_an_induction_proposal_for_a_given_program_holds_inputs_and_message(style):
    import inspect

    if "program" not in inspect.signature(parse_proposal).parameters:
        pytest.skip("this tasks layer gives induction proposers no program")
    config = config_for(style, n_induction_inputs=3)
    given = "def f(a):\n    return [a]"
    text = format_proposal("induction", given, ["1", "'x'", "()"], config, message="Wraps it.", given_program=True)
    assert parse_proposal("induction", text, config, program=given) == ParsedProposal(
        TaskType.INDUCTION, given, ("1", "'x'", "()"), "Wraps it.")


def test_an_unknown_style_is_a_clear_error():
    class Styled:
        prompt_style = "haiku"

    with pytest.raises(ValueError, match="no renderer for prompt style 'haiku'"):
        format_answer("deduction", "1", Styled())
