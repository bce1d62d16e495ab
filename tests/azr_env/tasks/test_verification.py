"""Judging solver answers: by value for deduction, by re-execution for abduction and induction."""
import pytest

from azr_env.executor import ProgramVerdict, Verdict
from azr_env.tasks import (
    FailureKind,
    Task,
    TaskBuffer,
    TaskConfig,
    TaskType,
    score_answers,
    solve_rate,
)

CONFIG = TaskConfig()
SORT = "def f(a):\n    return sorted(a)"
DEDUCTION = Task(TaskType.DEDUCTION, SORT, "[3, 1, 2]", "[1, 2, 3]")
ABDUCTION = Task(TaskType.ABDUCTION, "def f(a, b):\n    return a + b", "2, 3", "5")
EXAMPLES = tuple((repr(s), repr(s[::-1])) for s in ["ab", "xyz", "hello", "qw", "abc", "12"])
INDUCTION = Task(TaskType.INDUCTION, "def f(s):\n    return s[::-1]", EXAMPLES[0][0], EXAMPLES[0][1],
                 examples=EXAMPLES, message="Reverses a string.")


def answer(block, body, think=True):
    return ("<think>reasoning</think>" if think else "") + f"<answer>\n```{block}\n{body}\n```\n</answer>"


@pytest.mark.parametrize("text", [answer("output", "[1, 2, 3]"), answer("output", "[1,2,3]"), "<answer>[1, 2, 3]</answer>"])
def test_deduction_correct_by_value(executor, text):
    (outcome,) = score_answers(executor, [DEDUCTION], [text], CONFIG)
    assert (outcome.reward, outcome.correct, outcome.well_formed) == (1.0, True, True)
    assert isinstance(outcome.verdict, Verdict)


def test_deduction_compares_values_not_text(executor):
    task = Task(TaskType.DEDUCTION, "def f(a):\n    return {'b': a, 'a': 1}", "2", "{'b': 2, 'a': 1}")
    (outcome,) = score_answers(executor, [task], [answer("output", "{'a': 1, 'b': 2}")], CONFIG)
    assert outcome.correct
    (outcome,) = score_answers(executor, [DEDUCTION], [answer("output", "(1, 2, 3)")], CONFIG)
    assert not outcome.correct  # a tuple is not the list the program returns


def test_deduction_wrong_and_malformed(executor):
    wrong, code, untagged = score_answers(
        executor, [DEDUCTION] * 3,
        [answer("output", "[3, 2, 1]"), answer("output", "sorted([3, 1, 2])"), "[1, 2, 3]"], CONFIG)
    assert (wrong.reward, wrong.well_formed, wrong.correct) == (-0.5, True, False)
    assert (code.reward, code.well_formed, code.parse.kind) == (-1.0, False, FailureKind.NON_LITERAL)
    assert (untagged.reward, untagged.parse.kind) == (-1.0, FailureKind.MISSING_ANSWER_TAG)


NOT_LITERAL_GOLDS = [("def f(x):\n    return float(x)", "'inf'", "inf"),
                     ("def f(n):\n    return range(n)", "3", "range(0, 3)"),
                     ("def f(a):\n    return frozenset(a)", "[1]", "frozenset({1})")]


@pytest.mark.parametrize("program, inputs, gold", NOT_LITERAL_GOLDS)
def test_deduction_matches_a_gold_that_is_no_literal_by_its_text(executor, program, inputs, gold):
    # (The twenty-eighth session's red team: the exact answer was refused as "not a literal"
    # before check_output_prediction could match it by text, and scored as malformed.)
    task = Task(TaskType.DEDUCTION, program, inputs, gold)
    texts = [answer("output", gold), answer("output", "range(0, 4)"), answer("output", f"The output is {gold}.")]
    right, near, prose = score_answers(executor, [task] * 3, texts, CONFIG)
    assert (right.reward, right.correct, right.well_formed) == (1.0, True, True)
    assert (near.reward, near.correct, near.well_formed) == (-0.5, False, True)
    assert (prose.reward, prose.well_formed, prose.parse.kind) == (-1.0, False, FailureKind.NON_LITERAL)


def test_abduction_accepts_any_input_that_reproduces_the_output(executor):
    outcomes = score_answers(executor, [ABDUCTION] * 3,
                             [answer("input", "2, 3"), answer("input", "4, 1"), answer("input", "b=0, a=5")], CONFIG)
    assert [o.reward for o in outcomes] == [1.0, 1.0, 1.0]
    assert outcomes[1].verdict.produced == "5"


def test_abduction_wrong_failing_and_malformed(executor):
    wrong, crashing, code, side_effect = score_answers(
        executor, [ABDUCTION] * 4,
        [answer("input", "1, 1"), answer("input", "1, 'x'"), answer("input", "__import__('os'), 1"),
         answer("input", "open('/tmp/pwned', 'w'), 1")], CONFIG)
    assert (wrong.reward, wrong.well_formed) == (-0.5, True)
    assert crashing.reward == -0.5 and "error" in crashing.reason  # runs, raises TypeError: wrong
    assert code.reward == -1.0 and code.parse.kind is FailureKind.NON_LITERAL
    assert side_effect.reward == -1.0 and side_effect.parse.kind is FailureKind.NON_LITERAL


def test_induction_checks_the_hidden_pairs(executor):
    right = answer("python", "def f(s):\n    return ''.join(reversed(s))")
    visible_only = answer("python", "def f(s):\n    return {'ab': 'ba', 'xyz': 'zyx', 'hello': 'olleh'}.get(s, s)")
    half = answer("python", "def f(s):\n    return s[::-1] if s.isalpha() else s")
    outcomes = score_answers(executor, [INDUCTION] * 3, [right, visible_only, half], CONFIG)
    assert [o.reward for o in outcomes] == [1.0, -0.5, -0.5]
    assert all(isinstance(o.verdict, ProgramVerdict) and o.verdict.total == 3 for o in outcomes)
    assert outcomes[1].verdict.passed == 0  # memorising the visible pairs earns nothing
    assert outcomes[2].verdict.passed == 2


def test_induction_accuracy_credit(executor):
    half = answer("python", "def f(s):\n    return s[::-1] if s.isalpha() else s")
    (outcome,) = score_answers(executor, [INDUCTION], [half], TaskConfig(induction_credit="accuracy"))
    assert outcome.reward == pytest.approx(-0.5 + 1.5 * 2 / 3)
    assert not outcome.correct and outcome.components["accuracy"] == pytest.approx(2 / 3)


def test_induction_malformed_and_forbidden(executor):
    no_f, forbidden = score_answers(
        executor, [INDUCTION] * 2,
        [answer("python", "def g(s):\n    return s"), answer("python", "import os\ndef f(s):\n    return s[::-1]")],
        CONFIG)
    assert no_f.reward == -1.0 and no_f.parse.kind is FailureKind.NO_ENTRY_FUNCTION
    assert forbidden.reward == -0.5 and not forbidden.correct and "forbidden" in forbidden.reason


BAD_TEXTS = ["", "x" * 3_000_000, bytes(range(256)), "<answer>\udc80</answer>", "</answer><answer>",
             "<answer>" + "```\n" * 9 + "</answer>", "<answer>```output\n" * 10 + "</answer>", None, 42]


def test_every_bad_text_gets_the_malformed_reward_and_a_reason(executor):
    tasks = [DEDUCTION, ABDUCTION, INDUCTION]
    for task in tasks:
        outcomes = score_answers(executor, [task] * len(BAD_TEXTS), BAD_TEXTS, CONFIG)
        for outcome in outcomes:
            assert (outcome.reward, outcome.well_formed, outcome.correct) == (-1.0, False, False)
            assert outcome.reason and outcome.verdict is None


def test_mixed_batch_costs_one_executor_call(executor):
    calls = []

    class Counting:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(executor, name)

    tasks = [DEDUCTION, ABDUCTION, INDUCTION] * 3
    texts = [answer("output", "[1, 2, 3]"), answer("input", "2, 3"), answer("python", "def f(s):\n    return s[::-1]")] * 3
    outcomes = score_answers(Counting(), tasks, texts, CONFIG)
    assert all(o.correct for o in outcomes) and solve_rate(outcomes) == 1.0
    assert calls == ["check_answers"]


def test_mismatched_lengths_are_a_programming_error(executor):
    with pytest.raises(ValueError):
        score_answers(executor, [DEDUCTION], [], CONFIG)


@pytest.mark.parametrize("task_type, block, field", [(TaskType.DEDUCTION, "output", "output"),
                                                     (TaskType.ABDUCTION, "input", "input")])
def test_cruxeval_published_answers_score_one(executor, cruxeval_path, task_type, block, field):
    tasks = list(TaskBuffer.from_jsonl(cruxeval_path, task_type))
    texts = [answer(block, getattr(task, field)) for task in tasks]
    outcomes = score_answers(executor, tasks, texts, CONFIG)
    failures = [(t.source, o.reason) for t, o in zip(tasks, outcomes) if not o.correct]
    assert not failures, failures[:5]
    assert sum(o.reward for o in outcomes) / len(outcomes) == 1.0


def test_reasons_carry_no_memory_address(executor):
    # A candidate's output may be a default repr; with its address in the reason, two identical
    # runs would report different infos.
    candidate = answer("python", "def f(s):\n    return (c for c in s)")
    first, second = (score_answers(executor, [INDUCTION], [candidate], CONFIG)[0] for _ in range(2))
    assert not first.correct and "generator object" in first.reason
    assert "0x" not in first.reason and first.reason == second.reason


# -- argument checks (the twenty-eighth session's red team, fault 6) -----------------------------
@pytest.mark.parametrize("config", [None, {"prompt_style": "tagged"}])
def test_a_config_that_is_not_a_task_config_is_named(executor, config):
    with pytest.raises(TypeError, match="config must be a TaskConfig, got") as caught:
        score_answers(executor, [DEDUCTION], ["<answer>[1, 2, 3]</answer>"], config)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("task", [None, "deduction", DEDUCTION.to_json()])
def test_a_task_that_is_not_a_task_is_the_callers_error_named_by_index(executor, task):
    with pytest.raises(TypeError, match=r"tasks\[1\] must be a Task, got") as caught:
        score_answers(executor, [DEDUCTION, task], ["x", "y"], CONFIG)
    assert isinstance(caught.value, ValueError)


def test_tasks_and_texts_must_be_sequences(executor):
    with pytest.raises(TypeError, match="texts must be a sequence, got NoneType"):
        score_answers(executor, [DEDUCTION], None, CONFIG)


def test_responses_that_are_not_text_are_malformed_answers_with_a_reason(executor):
    texts = [None, b"\xff\xfe", 7, "<answer>[1, 2, 3]</answer>"]
    outcomes = score_answers(executor, [DEDUCTION] * 4, texts, CONFIG)
    for outcome in outcomes[:3]:
        assert (outcome.reward, outcome.well_formed) == (-1.0, False)
        assert outcome.parse.kind is FailureKind.NOT_TEXT and "not" in outcome.reason
    assert outcomes[3].correct


def test_an_answer_whose_run_depends_on_the_hash_seed_is_never_right(executor):
    # Answers were judged by one run: a predicted input on which the proposer's program (valid
    # on its own input) reads a set of strings got +1 in 4 of 12 scorings, and a candidate that
    # returns list({'p', 'q'}) got +1 for ['p', 'q'] now and then (the thirtieth session's red
    # team A2). Each run is validated now, as a proposal is.
    seeded = Task(TaskType.ABDUCTION,
                  "def f(s):\n    if s == 'abc':\n        return 'q'\n    return list({'x', 'y', 'z', s})[0][0]",
                  "'abc'", "'q'")
    listed = Task(TaskType.INDUCTION, "def f(a):\n    return sorted({'p', 'q'})", "0", "['p', 'q']",
                  examples=(("0", "['p', 'q']"), ("1", "['p', 'q']"), ("2", "['p', 'q']")), message="Two letters.")
    for _ in range(3):
        abduced, induced = score_answers(executor, [seeded, listed],
                                         [answer("input", "'q'"), answer("python", "def f(a):\n    return list({'p', 'q'})")], CONFIG)
        assert abduced.reward == -0.5 and "nondeterministic" in abduced.reason, abduced.reason
        assert induced.reward == -0.5, induced.reason
