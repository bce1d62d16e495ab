"""Completion-style prompts and their parsers: plain Python the model continues, nothing to copy."""
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from azr_env.tasks import (
    FailureKind,
    PromptTemplates,
    Task,
    TaskConfig,
    TaskType,
    build_proposer_prompt,
    build_solver_prompt,
    evaluate_proposals,
    parse_answer,
    parse_proposal,
    score_answers,
)
from azr_env.tasks.templates import stop_strings

CONFIG = TaskConfig(prompt_style="completion", n_induction_inputs=3)
PROGRAM = "def f(s):\n    return s.upper()"
TASK = Task(TaskType.DEDUCTION, PROGRAM, "'cat'", "'CAT'")
EXAMPLES = (("'ab'", "'AB'"), ("'cd'", "'CD'"), ("'HIDDEN'", "'HIDDEN'"))
INDUCTION = Task(TaskType.INDUCTION, PROGRAM, "'ab'", "'AB'", examples=EXAMPLES, message="Capitals.", n_visible=2)


def test_the_deduction_question_is_the_program_and_an_open_assert():
    assert build_solver_prompt(TASK, CONFIG) == f"{PROGRAM}\nassert f('cat') =="


def test_solver_prompts_show_nothing_to_copy_but_the_question():
    abduction = build_solver_prompt(Task(TaskType.ABDUCTION, PROGRAM, "'SECRET'", "'CAT'"), CONFIG)
    assert abduction == f"{PROGRAM}\nassert 'CAT' == f(" and "SECRET" not in abduction
    induction = build_solver_prompt(INDUCTION, CONFIG)
    assert induction == "# Capitals.\nassert f('ab') == 'AB'\nassert f('cd') == 'CD'\ndef f("
    assert "HIDDEN" not in induction and "upper" not in induction


def test_proposer_prompts_show_references_and_end_where_the_task_starts():
    prompt = build_proposer_prompt("deduction", [TASK], CONFIG)
    assert prompt.endswith(f"{PROGRAM}\nassert f('cat') == 'CAT'\n\ndef f(")
    given = build_proposer_prompt("induction", [INDUCTION], CONFIG, program="def f(x):\n    return x + 1")
    assert given.endswith("# Capitals.\nf('ab')\nf('cd')\nf('HIDDEN')\n\ndef f(x):\n    return x + 1\n#")
    assert "3 calls" in given
    assert build_proposer_prompt("abduction", [], CONFIG).endswith("takes careful thought to recover.\n\ndef f(")
    with pytest.raises(ValueError, match="only an induction proposer"):
        build_proposer_prompt("deduction", [], CONFIG, program=PROGRAM)


def test_the_tagged_templates_stay_the_default():
    assert TaskConfig().prompt_style == "tagged" and TaskConfig().templates == PromptTemplates()
    assert "<answer>" in build_solver_prompt(TASK, TaskConfig())
    assert TaskConfig(prompt_style="completion").templates == PromptTemplates.completion()


def test_stop_strings_end_an_answer_where_its_parser_stops_reading():
    assert stop_strings("solver", "deduction", CONFIG) == ("\n",)
    assert "\n\n" in stop_strings("proposer", "induction", CONFIG)
    assert stop_strings("solver", "abduction", TaskConfig()) == ("</answer>",)


@pytest.mark.parametrize("text, expected", [
    (" 'CAT'\n", "'CAT'"),
    (" 'CAT'", "'CAT'"),                      # cut by the token limit after the answer
    (" [1, 2]  # two\nassert f(1) == 2", "[1, 2]"),
    ("'CAT'\n\nmore text", "'CAT'"),
    (" (1, 2), 'the message'", "(1, 2)"),  # the assert's message is not part of the answer
])
def test_a_deduction_answer_is_the_right_side_of_the_lines_comparison(text, expected):
    assert parse_answer("deduction", text, CONFIG).text == expected


@pytest.mark.parametrize("text, kind", [
    (" f('cat')\n", FailureKind.NON_LITERAL),
    (" \n'CAT'", FailureKind.EMPTY),
    ("", FailureKind.EMPTY),
    (None, FailureKind.NOT_TEXT),
    ("x" * 200_000, FailureKind.TOO_LONG),
])
def test_malformed_deduction_answers_get_a_reason(text, kind):
    failure = parse_answer("deduction", text, CONFIG)
    assert failure.kind is kind and failure.reason


def test_an_abduction_answer_is_the_call_up_to_its_closing_parenthesis():
    assert parse_answer("abduction", "'cat')\n", CONFIG).text == "'cat'"
    assert parse_answer("abduction", "'a)b', [1, (2, 3)]), 'X'\n", CONFIG).text == "'a)b', [1, (2, 3)]"
    assert parse_answer("abduction", "'cat'\n", CONFIG).kind is FailureKind.NO_INPUT  # never closed
    assert parse_answer("abduction", "__import__('os'))", CONFIG).kind is FailureKind.NON_LITERAL


def test_brackets_and_quotes_inside_string_literals_do_not_close_the_call():
    for text, expected in [("'''x)''', 2)", "'''x)''', 2"), (r"'it\'s)', 1)  # == 0", r"'it\'s)', 1"),
                           ("b')', {'k': [1]})", "b')', {'k': [1]}"), ("'#', 1)", "'#', 1")]:
        assert parse_answer("abduction", text, CONFIG).text == expected
    for never_closed in ("'a)\n", "1 # )\n", "[1)\n", "1]\n", "'''x)\n'''y)"):
        assert parse_answer("abduction", never_closed, CONFIG).kind is FailureKind.NO_INPUT, never_closed


def test_hostile_answer_lines_cost_the_parent_linear_time():
    # Every quote escaped: the pure-Python tokenizer that found the closing parenthesis rescanned
    # to the end of the line from each one, 5 s of CPU for this 24,000-character answer (about
    # 100 s at max_response_chars). Each parser must now take a few milliseconds.
    hostile = "'\\" * 12_000
    calls = [lambda: parse_answer("abduction", hostile, CONFIG),
             lambda: parse_proposal("deduction", "a):\n    return a\nassert f(" + hostile, CONFIG),
             lambda: parse_proposal("induction", "a):\n    return a\n# msg\nf(" + hostile, CONFIG)]
    for call in calls:
        start = time.process_time()
        result = call()
        assert time.process_time() - start < 0.5
        assert not result.ok and result.reason


def test_an_induction_answer_is_the_function_up_to_the_first_unindented_line():
    parsed = parse_answer("induction", "s):\n    t = s.upper()\n    return t\nassert f('x') == 'X'", CONFIG)
    assert parsed.text == "def f(s):\n    t = s.upper()\n    return t"
    assert parse_answer("induction", "s)\n", CONFIG).kind is FailureKind.SYNTAX_ERROR


def test_a_response_reads_as_if_generation_had_stopped_at_its_first_stop_string():
    # Generation stops at the role's stop strings (a blank line ends an induction answer); a
    # response generated without them must get the same reward, so it is read up to there too.
    full = "s):\n    t = s.upper()\n\n    return t\nassert f('x') == 'X'"
    stopped = "s):\n    t = s.upper()\n\n"
    assert parse_answer("induction", full, CONFIG) == parse_answer("induction", stopped, CONFIG)
    proposal = "a):\n    return a + 1\n\ndef g(b):\n    return b\nassert f(2) == 3\n"
    assert parse_proposal("deduction", proposal, CONFIG) == parse_proposal("deduction", "a):\n    return a + 1\n\n", CONFIG)


def _python_passes(task, line):
    namespace = {}
    exec(task.program, namespace)  # noqa: S102 -- the test's own programs
    try:
        exec(line, namespace)  # noqa: S102
    except AssertionError:
        return False
    return True


PAIR = Task(TaskType.DEDUCTION, "def f(a):\n    return (a, 2)", "1", "(1, 2)")
IDENTITY = Task(TaskType.DEDUCTION, "def f(a):\n    return a", "1", "1")
IDENTITY_INPUT = Task(TaskType.ABDUCTION, "def f(a):\n    return a", "1", "1")


@pytest.mark.parametrize("task, continuation, well_formed", [
    (PAIR, " 1, 2", True),                     # assert f(1) == 1, 2: the 2 is the message
    (IDENTITY, " 1, 'identity'", True),
    (PAIR, " (1, 2), 'a pair'", True),
    (IDENTITY_INPUT, "1), 'identity'", True),
    (IDENTITY_INPUT, "1) and False", False),   # the assert no longer tests f's output alone
    (IDENTITY_INPUT, "1) == 2", False),
    (IDENTITY, " 1; pass", True),              # what follows the assert on its line runs after the test
    (IDENTITY_INPUT, "1); pass", True),
])
def test_an_answer_line_is_judged_as_python_judges_the_assert_it_completes(executor, task, continuation, well_formed):
    # (The twenty-eighth session's red team: the rest of the line was read as the answer, so the
    # assert's message became part of the output ("1, 2" as (1, 2)), and text after the call was
    # ignored ("1) and False" was right).)
    line = build_solver_prompt(task, CONFIG).splitlines()[-1] + continuation
    outcome, = score_answers(executor, [task], [continuation], CONFIG)
    assert outcome.correct == _python_passes(task, line), (line, outcome.reason)
    assert outcome.well_formed == well_formed, outcome.reason


def test_completion_answers_are_judged_as_tagged_ones_are(executor):
    abduction = Task(TaskType.ABDUCTION, PROGRAM, "'cat'", "'CAT'")
    outcomes = score_answers(executor, [TASK, TASK, abduction, INDUCTION],
                             [" 'CAT'\n", " 'cat'\n", "'Cat')\n", "x):\n    return x.upper()\n"], CONFIG)
    assert [o.reward for o in outcomes] == [1.0, -0.5, 1.0, 1.0]


def test_a_proposal_is_a_function_and_its_test():
    parsed = parse_proposal("deduction", "n):\n    return n * 3\nassert f(7) == 21\n\n", CONFIG)
    assert (parsed.program, parsed.inputs) == ("def f(n):\n    return n * 3", ("7",))
    assert parse_proposal("abduction", "n):\n    return n\n", CONFIG).kind is FailureKind.NO_INPUT
    assert parse_proposal("deduction", "n)\n    return n\nassert f(1)", CONFIG).kind is FailureKind.SYNTAX_ERROR
    assert parse_proposal("deduction", "n):\n    return n\nassert f(len('x'))", CONFIG).kind is FailureKind.NON_LITERAL


def test_an_induction_proposal_given_a_program_is_a_description_and_calls():
    text = " Adds one.\nf(1)\nf(2)\nf([3])\nf(4)\n"
    parsed = parse_proposal("induction", text, CONFIG, program="def f(x):\n    return x + 1")
    assert parsed.program == "def f(x):\n    return x + 1" and parsed.inputs == ("1", "2", "[3]")
    assert parsed.message == "Adds one."
    short = parse_proposal("induction", " Adds one.\nf(1)\n", CONFIG, program="def f(x):\n    return x")
    assert short.kind is FailureKind.WRONG_INPUT_COUNT
    leak = parse_proposal("induction", " lambda x: x + 1\nf(1)\nf(2)\nf(3)", CONFIG, program="def f(x):\n    return x")
    assert leak.kind is FailureKind.MESSAGE_LEAKS_CODE


def test_an_induction_proposal_of_its_own_program_has_all_three():
    parsed = parse_proposal("induction", "x):\n    return -x\n# Negates.\nf(1)\nf(2)\nf(3)\n\n", CONFIG)
    assert (parsed.program, parsed.message, parsed.inputs) == ("def f(x):\n    return -x", "Negates.", ("1", "2", "3"))
    assert parse_proposal("induction", "x):\n    return -x\nf(1)\n", CONFIG).kind is FailureKind.NO_MESSAGE


def test_completion_proposals_are_validated_by_the_executor(executor):
    texts = ["n):\n    return n * 3\nassert f(7) == 0\n", "n):\n    return 1 / n\nassert f(0) == 1\n"]
    valid, invalid = evaluate_proposals(executor, "deduction", texts, CONFIG)
    assert valid.valid and valid.task.output == "21"  # the output is the executor's, not the model's
    assert not invalid.valid and invalid.kind == "error"
    outcome, = evaluate_proposals(executor, "induction", [" Squares.\nf(2)\nf(3)\nf(4)\n"], CONFIG,
                                  programs=["def f(x):\n    return x * x"])
    assert outcome.valid and [o for _, o in outcome.task.examples] == ["4", "9", "16"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(list(TaskType)))
def test_completion_parsers_never_raise(text, task_type):
    for result in (parse_answer(task_type, text, CONFIG), parse_proposal(task_type, text, CONFIG)):
        assert result.ok or result.reason


def test_task_config_fields_come_from_plain_data():
    config = TaskConfig.from_dict({"prompt_style": "completion", "templates": {"solver_deduction": "{program}\n>>> f({input})\n"},
                                   "induction_proposer": "own_program", "allowed_modules": ["math"]})
    assert config.templates.solver_deduction.startswith("{program}") and config.templates.solver_abduction.endswith("f(")
    assert config.allowed_modules == ("math",)
    with pytest.raises(ValueError, match="unknown TaskConfig fields"):
        TaskConfig.from_dict({"prompt_styl": "completion"})
    with pytest.raises(ValueError, match="unknown PromptTemplates fields"):
        TaskConfig.from_dict({"templates": {"solver": "x"}})
    with pytest.raises(ValueError, match="prompt_style"):
        TaskConfig(prompt_style="chat")
    with pytest.raises(ValueError, match="induction_proposer"):
        TaskConfig(induction_proposer="mine")


def test_the_system_turn_is_not_a_template():
    # PromptTemplates.chat_system was never read; the system turn belongs to whoever renders the chat.
    from dataclasses import fields

    from azr_env.tasks import PromptTemplates
    from azr_env.tasks.templates import as_chat_messages

    assert "chat_system" not in {f.name for f in fields(PromptTemplates)}
    with pytest.raises(ValueError, match="system_prompt"):
        TaskConfig.from_dict({"templates": {"chat_system": "Be brief."}})
    assert as_chat_messages("Solve it.", "Be brief.")[0] == {"role": "system", "content": "Be brief."}
