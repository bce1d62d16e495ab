"""Parsers: every response gets a parsed value or a typed failure with a reason, never an exception."""
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from azr_env.tasks import (
    FailureKind,
    ParsedAnswer,
    ParsedProposal,
    ParseFailure,
    TaskConfig,
    TaskType,
    code_blocks,
    parse_answer,
    parse_proposal,
)

CONFIG = TaskConfig()
PROGRAM = "def f(a):\n    return a * 2"


def proposal(program=PROGRAM, inputs=("3",), message=None, think=True):
    parts = [f"```python\n{program}\n```"] + [f"```input\n{i}\n```" for i in inputs]
    if message is not None:
        parts.append(f"```message\n{message}\n```")
    body = "\n".join(parts)
    return ("<think>plan</think>\n" if think else "") + f"<answer>\n{body}\n</answer>"


def induction_proposal(n=10, message="Doubles its argument.", inputs=None):
    return proposal(inputs=inputs or [str(i) for i in range(n)], message=message)


# -- proposals ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("task_type", [TaskType.DEDUCTION, TaskType.ABDUCTION])
def test_well_formed_proposal_parses(task_type):
    parsed = parse_proposal(task_type, proposal(inputs=["'ab', [1, 2]"]), CONFIG)
    assert parsed == ParsedProposal(task_type, PROGRAM, ("'ab', [1, 2]",), "")


def test_induction_proposal_parses_all_inputs_and_the_message():
    parsed = parse_proposal(TaskType.INDUCTION, induction_proposal(), CONFIG)
    assert isinstance(parsed, ParsedProposal)
    assert parsed.inputs == tuple(str(i) for i in range(10))
    assert parsed.message == "Doubles its argument."


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", FailureKind.EMPTY),
        ("   \n\t", FailureKind.EMPTY),
        ("x" * (CONFIG.max_response_chars + 1), FailureKind.TOO_LONG),
        (b"\xff\xfe<answer>", FailureKind.NOT_TEXT),
        (None, FailureKind.NOT_TEXT),
        ("<answer>\x00\x01\x02</answer>", FailureKind.NOT_TEXT),
        ("<answer>\ud800</answer>", FailureKind.NOT_TEXT),
        (f"```python\n{PROGRAM}\n```\n```input\n3\n```", FailureKind.MISSING_ANSWER_TAG),
        (f"<answer>```python\n{PROGRAM}\n```\n```input\n3\n```", FailureKind.MISSING_ANSWER_TAG),
        (f"```python\n{PROGRAM}\n```\n```input\n3\n```</answer>", FailureKind.MISSING_ANSWER_TAG),
        ("<answer>def f(a): return a</answer>", FailureKind.NO_CODE_BLOCK),
        (proposal(program="x = (1,"), FailureKind.SYNTAX_ERROR),
        (proposal(program="def g(a):\n    return a"), FailureKind.NO_ENTRY_FUNCTION),
        (proposal(program="f = lambda a: a"), FailureKind.NO_ENTRY_FUNCTION),
        (proposal(program="def f(a):\n    return a\ndef f(a):\n    return 2"), FailureKind.MULTIPLE_ENTRY_FUNCTIONS),
        (proposal(program="def f(a):\n    return a\nf = print"), FailureKind.MULTIPLE_ENTRY_FUNCTIONS),
        (proposal(inputs=[]), FailureKind.NO_INPUT),
        (proposal(inputs=[""]), FailureKind.NO_INPUT),
        (proposal(inputs=["__import__('os').system('id')"]), FailureKind.NON_LITERAL),
        (proposal(inputs=["open('/tmp/y', 'w')"]), FailureKind.NON_LITERAL),
        (proposal(inputs=["[1] * 10**9"]), FailureKind.NON_LITERAL),
        (proposal(inputs=["*[1, 2]"]), FailureKind.NON_LITERAL),
        (proposal(inputs=["x"]), FailureKind.NON_LITERAL),
        (proposal(inputs=["a=1, a=2"]), FailureKind.NON_LITERAL),  # a SyntaxError in Python
        (proposal(program="def f(a):\n    return a\n" + "# pad\n" * 3000), FailureKind.TOO_LONG),
    ],
)
def test_bad_proposals_fail_with_a_kind_and_a_reason(text, kind):
    parsed = parse_proposal(TaskType.DEDUCTION, text, CONFIG)
    assert isinstance(parsed, ParseFailure)
    assert parsed.kind is kind, parsed.reason
    assert parsed.reason


@pytest.mark.parametrize(
    "text, kind",
    [
        (induction_proposal(n=9), FailureKind.WRONG_INPUT_COUNT),
        (induction_proposal(n=11), FailureKind.WRONG_INPUT_COUNT),
        (induction_proposal(message=None), FailureKind.NO_MESSAGE),
        (induction_proposal(message=""), FailureKind.NO_MESSAGE),
        (induction_proposal(message="Try def f(a): return a * 2"), FailureKind.MESSAGE_LEAKS_CODE),
        (induction_proposal(message="It is lambda a: a * 2"), FailureKind.MESSAGE_LEAKS_CODE),
        (induction_proposal(inputs=["1"] * 9 + ["print(1)"]), FailureKind.NON_LITERAL),
    ],
)
def test_bad_induction_proposals(text, kind):
    parsed = parse_proposal(TaskType.INDUCTION, text, CONFIG)
    assert isinstance(parsed, ParseFailure)
    assert parsed.kind is kind, parsed.reason


def test_the_last_answer_and_the_last_block_win():
    draft = proposal(inputs=["1"])
    final = proposal(program="def f(a):\n    return a + 1", inputs=["2"])
    parsed = parse_proposal(TaskType.DEDUCTION, draft + "\nOn second thought:\n" + final, CONFIG)
    assert parsed.program == "def f(a):\n    return a + 1" and parsed.input == "2"


def test_ten_code_blocks_read_the_last_python_block():
    programs = "\n".join(f"```python\ndef f(a):\n    return a + {n}\n```" for n in range(10))
    parsed = parse_proposal(TaskType.DEDUCTION, f"<answer>{programs}\n```input\n1\n```</answer>", CONFIG)
    assert parsed.program.endswith("a + 9")


def test_think_tag_is_required_only_when_configured():
    text = proposal(think=False)
    assert isinstance(parse_proposal(TaskType.DEDUCTION, text, CONFIG), ParsedProposal)
    strict = parse_proposal(TaskType.DEDUCTION, text, TaskConfig(require_think=True))
    assert strict.kind is FailureKind.MISSING_THINK_TAG


def test_bytes_that_are_utf8_are_read():
    assert isinstance(parse_proposal(TaskType.DEDUCTION, proposal().encode(), CONFIG), ParsedProposal)


def test_megabytes_of_text_fail_fast():
    parsed = parse_proposal(TaskType.DEDUCTION, "<answer>```" * 500_000, CONFIG)
    assert parsed.kind is FailureKind.TOO_LONG


# -- answers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "task_type, text, expected",
    [
        (TaskType.DEDUCTION, "<think>a</think><answer>\n```output\n[1, 2]\n```\n</answer>", "[1, 2]"),
        (TaskType.DEDUCTION, "<answer>42</answer>", "42"),  # bare literal, no fence
        (TaskType.DEDUCTION, "<answer>```\n'x'\n```</answer>", "'x'"),  # untagged fence
        (TaskType.DEDUCTION, "<answer>```output\n1\n```\n```output\n2\n```</answer>", "2"),
        (TaskType.ABDUCTION, "<answer>```input\n'a', {'k': (1,)}\n```</answer>", "'a', {'k': (1,)}"),
        (TaskType.ABDUCTION, "<answer>```input\n[1, 2], key=3\n```</answer>", "[1, 2], key=3"),
        (TaskType.INDUCTION, "<answer>```python\ndef f(a):\n    return a\n```</answer>", "def f(a):\n    return a"),
        (TaskType.INDUCTION, "<answer>```py\ndef f(a):\n    return a\n```</answer>", "def f(a):\n    return a"),
    ],
)
def test_well_formed_answers_parse(task_type, text, expected):
    assert parse_answer(task_type, text, CONFIG) == ParsedAnswer(task_type, expected)


@pytest.mark.parametrize(
    "task_type, text, kind",
    [
        (TaskType.DEDUCTION, "The output is 42.", FailureKind.MISSING_ANSWER_TAG),
        (TaskType.DEDUCTION, "<answer>42", FailureKind.MISSING_ANSWER_TAG),
        (TaskType.DEDUCTION, "<answer></answer>", FailureKind.EMPTY),
        (TaskType.DEDUCTION, "<answer>```output\n42</answer>", FailureKind.NO_CODE_BLOCK),
        (TaskType.DEDUCTION, "<answer>sorted([2, 1])</answer>", FailureKind.NON_LITERAL),
        (TaskType.DEDUCTION, "<answer>the answer is 3</answer>", FailureKind.NON_LITERAL),
        (TaskType.DEDUCTION, "<answer>" + "[" * 5000 + "</answer>", FailureKind.NON_LITERAL),
        (TaskType.DEDUCTION, "<answer>" + "9" * 20_000 + "</answer>", FailureKind.TOO_LONG),
        (TaskType.ABDUCTION, "<answer>```input\n__import__('os')\n```</answer>", FailureKind.NON_LITERAL),
        (TaskType.ABDUCTION, "<answer>```input\n[print(1)]\n```</answer>", FailureKind.NON_LITERAL),
        (TaskType.ABDUCTION, "<answer>```input\n**{'a': 1}\n```</answer>", FailureKind.NON_LITERAL),
        # A repeated keyword parses, but compiling the call is a SyntaxError (the twenty-eighth red team).
        (TaskType.ABDUCTION, "<answer>```input\nx=1, x=2\n```</answer>", FailureKind.NON_LITERAL),
        (TaskType.INDUCTION, "<answer>```python\nreturn 1\n```</answer>", FailureKind.SYNTAX_ERROR),
        (TaskType.INDUCTION, "<answer>```python\ndef g(a):\n    return a\n```</answer>", FailureKind.NO_ENTRY_FUNCTION),
        (TaskType.INDUCTION, "<answer>```python\nclass f:\n    pass\n```</answer>", FailureKind.NO_ENTRY_FUNCTION),
        (TaskType.INDUCTION, b"<answer>\xc3\x28</answer>", FailureKind.NOT_TEXT),
    ],
)
def test_malformed_answers_fail_with_a_kind(task_type, text, kind):
    parsed = parse_answer(task_type, text, CONFIG)
    assert isinstance(parsed, ParseFailure)
    assert parsed.kind is kind, parsed.reason
    assert parsed.reason


def test_code_blocks_alias_languages_and_strip_bodies():
    assert code_blocks("```Python3\n  x = 1  \n```\n```args\n1\n```") == [("python", "x = 1"), ("input", "1")]


# -- properties --------------------------------------------------------------------------------------
ANSWERISH = st.lists(
    st.one_of(
        st.sampled_from(["<think>", "</think>", "<answer>", "</answer>", "```", "```python\n", "```input\n",
                         "```output\n", "```message\n", "def f(a):\n    return a\n", "\n", "'", "(", "[1, 2]",
                         "__import__('os')", "lambda: 0", "def f(", "\x00", "\ud800"]),
        st.text(max_size=20),
    ),
    max_size=30,
).map("".join)


def _assert_result(result, ok_type):
    assert isinstance(result, (ok_type, ParseFailure))
    if isinstance(result, ParseFailure):
        assert isinstance(result.kind, FailureKind)
        assert isinstance(result.reason, str) and result.reason.strip()


@settings(max_examples=300, deadline=None)
@given(task_type=st.sampled_from(list(TaskType)), text=st.one_of(ANSWERISH, st.text(), st.binary()))
def test_parse_proposal_never_raises(task_type, text):
    _assert_result(parse_proposal(task_type, text, CONFIG), ParsedProposal)


@settings(max_examples=300, deadline=None)
@given(task_type=st.sampled_from(list(TaskType)), text=st.one_of(ANSWERISH, st.text(), st.binary()))
def test_parse_answer_never_raises(task_type, text):
    _assert_result(parse_answer(task_type, text, CONFIG), ParsedAnswer)


@settings(max_examples=200, deadline=None)
@given(value=st.recursive(
    st.one_of(st.integers(), st.text(max_size=8), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.tuples(children, children),
                               st.dictionaries(st.text(max_size=4), children, max_size=3)),
    max_leaves=12,
))
def test_any_literal_round_trips_as_a_deduction_answer(value):
    # The one documented exception: text holding the opening tag itself (see the module doc).
    assume("<answer>" not in repr(value))
    parsed = parse_answer(TaskType.DEDUCTION, f"<answer>\n```output\n{value!r}\n```\n</answer>", CONFIG)
    assert isinstance(parsed, ParsedAnswer), parsed
    assert parsed.text == repr(value)


def test_a_tag_mentioned_while_thinking_does_not_hide_the_answer():
    text = "<think>I will put the result in <answer> tags.</think>\n<answer>\n```output\n[1, 2]\n```\n</answer>"
    parsed = parse_answer(TaskType.DEDUCTION, text, CONFIG)
    assert isinstance(parsed, ParsedAnswer) and parsed.text == "[1, 2]"


def test_only_a_fence_that_opens_its_line_closes_a_block():
    text = "```python\ns = 'a```b'\nx = 1 ```\n  ```\nafter\n```input\n1\n```"
    assert code_blocks(text) == [("python", "s = 'a```b'\nx = 1 ```"), ("input", "1")]
    assert code_blocks("```python\nnever closed ```") == []


def test_block_bodies_are_dedented_like_textwrap():
    import textwrap

    body = "    def f(a):\n\n        return a\n   \n"
    assert code_blocks(f"```python\n{body}```") == [("python", textwrap.dedent(body).strip())]
    body = "def f(a):\n  \t\n    return a"  # first line at column 0; a line of blanks inside
    assert code_blocks(f"```python\n{body}\n```") == [("python", textwrap.dedent(body).strip())]


@pytest.mark.parametrize("body", ["f(1)", "[x for x in y]", "{'a': b}"])
def test_a_reason_names_no_memory_address(body):
    # The reason lands in the env's info, which must be the same in every run (seeding checks
    # compare infos); ast.literal_eval's own message names the node's address.
    text = f"<answer>\n```output\n{body}\n```\n</answer>"
    first, second = (parse_answer(TaskType.DEDUCTION, text, CONFIG) for _ in range(2))
    assert first.kind is FailureKind.NON_LITERAL and first.reason == second.reason
    assert " at 0x" not in first.reason


@pytest.mark.parametrize("config", [None, {}, "tagged"])
def test_a_config_that_is_not_a_task_config_is_the_callers_error_named(config):
    # (not a parse failure: the response is fine, the call is not)
    with pytest.raises(TypeError, match="config must be a TaskConfig, got") as caught:
        parse_answer(TaskType.DEDUCTION, "<answer>6</answer>", config)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(TypeError, match="config must be a TaskConfig, got"):
        parse_proposal(TaskType.DEDUCTION, proposal(), config)


@pytest.mark.parametrize("text", [None, 42, b"\xff", object()])
def test_a_response_that_is_not_text_is_a_parse_failure_even_with_a_good_config(text):
    failure = parse_answer(TaskType.DEDUCTION, text, CONFIG)
    assert isinstance(failure, ParseFailure) and failure.kind is FailureKind.NOT_TEXT and failure.reason
