"""Proposal validation through the executor: which proposals become tasks, and why the rest do not."""
import pytest

from azr_env.tasks import FailureKind, ParseFailure, TaskConfig, TaskType, evaluate_proposals

CONFIG = TaskConfig(n_induction_inputs=4)


def proposal(program, inputs=("3",), message=None):
    parts = [f"```python\n{program}\n```"] + [f"```input\n{i}\n```" for i in inputs]
    if message is not None:
        parts.append(f"```message\n{message}\n```")
    return "<think>...</think>\n<answer>\n" + "\n".join(parts) + "\n</answer>"


class CountingExecutor:
    """Passes calls through to a real executor and counts them."""

    def __init__(self, executor):
        self.executor, self.calls = executor, []

    def __getattr__(self, name):
        method = getattr(self.executor, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_valid_deduction_and_abduction_proposals_become_tasks(executor):
    text = proposal("def f(s, n):\n    return s * n", inputs=["'ab', 3"])
    for task_type in (TaskType.DEDUCTION, TaskType.ABDUCTION):
        (outcome,) = evaluate_proposals(executor, task_type, [text], CONFIG, step=11)
        assert outcome.valid and outcome.kind == "valid" and outcome.reward_if_invalid == 0.0
        task = outcome.task
        assert (task.task_type, task.input, task.output, task.step, task.source) == (
            task_type, "'ab', 3", "'ababab'", 11, "proposer")


def test_a_set_result_is_deterministic_and_stored_canonically(executor):
    text = proposal("def f(words):\n    return set(words)", inputs=["['pear', 'fig', 'apple', 'kiwi']"])
    (outcome,) = evaluate_proposals(executor, TaskType.DEDUCTION, [text], CONFIG)
    assert outcome.valid, outcome.reason
    assert outcome.task.output == "{'apple', 'fig', 'kiwi', 'pear'}"


def test_valid_induction_proposal_splits_pairs_half_and_half(executor):
    text = proposal("def f(a):\n    return a * 2", inputs=["1", "'x'", "[3]", "(4,)"], message="Doubles it.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert outcome.valid, outcome.reason
    task = outcome.task
    assert task.examples == (("1", "2"), ("'x'", "'xx'"), ("[3]", "[3, 3]"), ("(4,)", "(4, 4)"))
    assert task.visible_examples == task.examples[:2] and task.hidden_examples == task.examples[2:]
    assert task.message == "Doubles it."


@pytest.mark.parametrize(
    "program, inputs, kind",
    [
        ("import os\ndef f(a):\n    return os.getcwd()", ["1"], "forbidden"),
        ("def f(a):\n    return __import__('random').random()", ["1"], "forbidden"),
        ("def f(a):\n    return open('/etc/hostname').read()", ["1"], "forbidden"),
        ("def f(a):\n    return 1 / 0", ["1"], "error"),
        ("def f(a, b):\n    return a", ["1"], "error"),  # wrong arity
        ("def f(a):\n    while True:\n        a += 1", ["1"], "timeout"),
        ("def f(a):\n    return list({'apple', 'pear', 'fig', 'kiwi', 'plum', 'lime'})", ["1"], "nondeterministic"),
        ("calls = [0]\ndef f(a):\n    calls[0] += 1\n    return calls[0]", ["1"], "nondeterministic"),
        ("def f(a):\n    a.append(1)", ["[]"], "returns_none"),
        ("def f(a):\n    return float('inf')", ["1"], "non_literal_output"),
        ("def f(a):\n    return range(a)", ["3"], "non_literal_output"),
        # Printed [1, [...]], which parses as [1, [Ellipsis]]: not the value f returns.
        ("def f(a):\n    x = [a]\n    x.append(x)\n    return x", ["1"], "non_literal_output"),
        ("def f(a):\n    d = {'k': a}\n    d['me'] = d\n    return d", ["1"], "non_literal_output"),
        ("def f(a):\n    return 'x' * 10 ** 6", ["1"], "output_too_large"),
    ],
)
def test_invalid_programs_are_rejected_with_a_reason(executor, program, inputs, kind):
    (outcome,) = evaluate_proposals(executor, TaskType.DEDUCTION, [proposal(program, inputs)], CONFIG)
    assert not outcome.valid and outcome.task is None
    assert outcome.kind == kind, outcome.reason
    assert outcome.reason and outcome.reward_if_invalid == -1.0


def test_induction_with_repeated_inputs_is_rejected(executor):
    text = proposal("def f(a):\n    return a", inputs=["[1, 2]", "3", "[1,2]", "4"], message="Identity.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert outcome.kind == "duplicate_inputs" and "input 3 repeats input 1" in outcome.reason


def test_induction_inputs_that_write_a_set_in_another_order_are_not_repeats(executor):
    # (The twenty-eighth session's red team: {1, 9} and {9, 1} were refused as repeats, though
    # the set iterates in the order its display writes these two: list() of them differs.)
    text = proposal("def f(s):\n    return list(s)", inputs=["{1, 9}", "{9, 1}", "{1,9}", "set()"], message="Lists.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert outcome.kind == "duplicate_inputs" and "input 3 repeats input 1" in outcome.reason
    text = proposal("def f(s):\n    return list(s)", inputs=["{1, 9}", "{9, 1}", "{2}", "set()"], message="Lists.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert outcome.valid, outcome.reason
    assert [o for _, o in outcome.task.examples] == ["[1, 9]", "[9, 1]", "[2]", "[]"]


def test_induction_with_one_failing_input_is_rejected(executor):
    text = proposal("def f(a):\n    return 10 // a", inputs=["1", "2", "0", "5"], message="Divides ten.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert outcome.kind == "error" and outcome.reason.startswith("input 3:")


BAD_TEXTS = [
    "",
    "x" * 3_000_000,
    bytes(range(256)) * 10,
    b"<answer>\xff\xfe</answer>",
    "<answer>\ud83d unpaired</answer>",
    "<answer><answer>```python\n",
    "\n".join(["```python\ndef f(a):\n    return a\n```"] * 10),
    proposal("def f(a):\n    return a", inputs=["__import__('os').system('echo hi')"]),
    proposal("def f(a):\n    return a", inputs=["open('/tmp/y', 'w')"]),
    proposal("def f(a):\n    return a", inputs=["[print('side effect')]"]),
    proposal("print('no f here')"),
]


@pytest.mark.parametrize("task_type", list(TaskType))
def test_every_bad_text_gets_the_invalid_reward_and_a_reason(executor, task_type):
    outcomes = evaluate_proposals(executor, task_type, BAD_TEXTS, CONFIG)
    assert len(outcomes) == len(BAD_TEXTS)
    for outcome in outcomes:
        assert not outcome.valid and outcome.reward_if_invalid == -1.0
        assert isinstance(outcome.parse, ParseFailure) and isinstance(outcome.parse.kind, FailureKind)
        assert outcome.reason and outcome.kind == outcome.parse.kind.value


def test_a_batch_costs_one_executor_call(executor):
    counting = CountingExecutor(executor)
    texts = [proposal(f"def f(a):\n    return a + {n}", inputs=["1"]) for n in range(6)] + ["junk", ""]
    outcomes = evaluate_proposals(counting, TaskType.DEDUCTION, texts, CONFIG)
    assert [o.valid for o in outcomes] == [True] * 6 + [False] * 2
    assert counting.calls == ["validate_batch"]
    assert evaluate_proposals(counting, TaskType.DEDUCTION, ["junk"], CONFIG)[0].kind == "missing_answer_tag"
    assert counting.calls == ["validate_batch"]  # nothing to run, no call


def test_a_batch_of_mixed_task_types_costs_one_executor_call(executor):
    counting = CountingExecutor(executor)
    texts = [
        proposal("def f(a):\n    return a * 2", inputs=["3"]),
        proposal("def f(a):\n    return a * 2", inputs=["1", "2", "3", "4"], message="Doubles it."),
        proposal("def f(a):\n    return -a", inputs=["5"]),
        "junk",
    ]
    types = [TaskType.DEDUCTION, TaskType.INDUCTION, "abduction", TaskType.INDUCTION]
    outcomes = evaluate_proposals(counting, types, texts, CONFIG)
    assert counting.calls == ["validate_batch"]
    assert [o.valid for o in outcomes] == [True, True, True, False]
    assert [o.task.task_type for o in outcomes[:3]] == [TaskType.DEDUCTION, TaskType.INDUCTION, TaskType.ABDUCTION]
    assert outcomes[1].task.examples[3] == ("4", "8") and outcomes[2].task.output == "-5"
    with pytest.raises(ValueError, match="3 task types for 4 proposals"):
        evaluate_proposals(counting, types[:3], texts, CONFIG)


def test_outputs_are_checked_here_when_the_executor_does_not_vouch_for_them():
    # An executor of the caller's own (a remote one, a cache) may return plain ExecResults that
    # do not say whether the output is a literal: the tasks layer then reads the text itself.
    from azr_env.executor import ExecResult, ExecStatus

    class TextOnlyExecutor:
        def __init__(self, output):
            self.output = output

        def validate_batch(self, pairs):
            return [ExecResult(ExecStatus.OK, output=self.output) for _ in pairs]

    text = proposal("def f(a):\n    return a")
    (bad,) = evaluate_proposals(TextOnlyExecutor("<object at 0x1>"), TaskType.DEDUCTION, [text], CONFIG)
    assert not bad.valid and bad.kind == "non_literal_output"
    (good,) = evaluate_proposals(TextOnlyExecutor("[3]"), TaskType.DEDUCTION, [text], CONFIG)
    assert good.valid and good.task.output == "[3]"


def test_an_executor_that_waits_is_handed_the_task_ids_work():
    # The step's task ids cost about as much as compiling the programs; an executor that says it
    # accepts ``while_waiting`` gets that work to do while its workers finish. It must cover every
    # parsed program once (and nothing it cannot parse), say when it is done, and never raise.
    from azr_env.executor import ExecResult, ExecStatus
    from azr_env.tasks import types as task_types

    class WaitingExecutor:
        accepts_while_waiting = True

        def __init__(self):
            self.fingerprinted = []

        def validate_batch(self, pairs, *, while_waiting=None):
            pairs = list(pairs)
            before = len(task_types._FINGERPRINTS)
            calls = 0
            while while_waiting():
                calls += 1
            self.fingerprinted.append((calls, len(task_types._FINGERPRINTS) - before))
            return [ExecResult(ExecStatus.OK, output="1") for _ in pairs]

    task_types._FINGERPRINTS.clear()
    programs = [f"def f(a):\n    return {n}" for n in range(3)]
    texts = [proposal(programs[0]), "no code here", proposal(programs[1]), proposal("def f(a:\n    return")]
    texts.append(proposal(programs[2]))
    waiting = WaitingExecutor()
    outcomes = evaluate_proposals(waiting, TaskType.DEDUCTION, texts, CONFIG)
    assert waiting.fingerprinted == [(3, 3)]  # the three parsed programs, one call each, then done
    assert [o.valid for o in outcomes] == [True, False, True, False, True]
    assert outcomes[0].task.task_id != outcomes[2].task.task_id


@pytest.mark.parametrize("program, kind", [
    ("def f(a):\n    return object()", "nondeterministic"),
    ("class C:\n    pass\n\ndef f(a):\n    return C()", "nondeterministic"),
    ("def f(a):\n    return float('nan')", "non_literal_output"),
])
def test_a_refusal_reads_the_same_in_every_run(program, kind, executor):
    # Reasons land in the env's infos, which the same seed and actions must reproduce; an object's
    # repr (and ast's messages) name memory addresses, which differ from run to run.
    first, second = (evaluate_proposals(executor, "deduction", [proposal(program)], CONFIG)[0] for _ in range(2))
    assert first.kind == kind and first.reason == second.reason and " at 0x" not in first.reason


def test_a_proposal_the_solver_could_only_be_shown_escaped_is_rejected(executor):
    # The solver's prompt writes a control character as an escape; inside a raw string that escape
    # is four other characters, so the program shown would not be the program that ran.
    escape = chr(27)
    for program, inputs in ((f"def f(a):\n    return len(r'{escape}') + a", ("0",)),
                            ("def f(a):\n    return len(a)", (f"'{escape}'",)),
                            ("def f(a):\n    return a", ("'\u200b'",))):  # a zero-width space: invisible
        (outcome,) = evaluate_proposals(executor, TaskType.DEDUCTION, [proposal(program, inputs)], CONFIG)
        assert not outcome.valid and outcome.kind == "unreadable_text", outcome.reason
    # Tabs, new lines and printable non-ASCII text are shown as they are.
    (outcome,) = evaluate_proposals(executor, TaskType.DEDUCTION, [proposal("def f(a):\n\treturn a + 'é'", ("'x'",))], CONFIG)
    assert outcome.valid, outcome.reason


def test_induction_inputs_by_keyword_are_rejected(executor):
    # The solver sees the values of the calls, never the parameter names: f(zq=5) as a hidden
    # pair would fail every right program that names its parameter otherwise.
    text = proposal("def f(zq):\n    return zq * 3", inputs=["1", "2", "zq=5", "zq=7"], message="Multiply by three.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert not outcome.valid and outcome.kind == "keyword_inputs" and "input 3" in outcome.reason
    positional = proposal("def f(zq):\n    return zq * 3", inputs=["1", "2", "5", "7"], message="Multiply by three.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [positional], CONFIG)
    assert outcome.valid, outcome.reason


def test_induction_inputs_equal_as_values_with_one_output_are_repeats(executor):
    # (Red team 28Z: hidden inputs {2, 1} ... repeated the visible {1, 2} ... with the same
    # outputs, and a program that looked the visible pairs up passed every hidden pair.)
    text = proposal("def f(s):\n    return sum(s)", inputs=["{1, 2}", "{3, 4}", "{2, 1}", "{5}"], message="Sums.")
    (outcome,) = evaluate_proposals(executor, TaskType.INDUCTION, [text], CONFIG)
    assert outcome.kind == "duplicate_inputs" and "input 3 is input 1 again" in outcome.reason, outcome.reason


# A step that a task cannot record (a float, a string) is the caller's mistake, said before any
# proposal runs: it made every valid proposal's task unloadable once saved (red team E). A numpy
# integer, a typical step counter, is taken as a plain int.
@pytest.mark.parametrize("step", [1.5, "7", True])
def test_a_step_no_task_can_record_is_refused_before_anything_runs(step):
    from azr_env.tasks.types import ArgumentError

    with pytest.raises(ArgumentError, match="step must be an integer"):
        evaluate_proposals(None, TaskType.DEDUCTION, ["anything"], TaskConfig(), step=step)


def test_a_numpy_step_is_recorded_as_a_plain_int(executor):
    import numpy as np

    text = "<answer>```python\ndef f(a):\n    return a + 1\n```\n```input\n2\n```</answer>"
    (outcome,) = evaluate_proposals(executor, TaskType.DEDUCTION, [text], TaskConfig(), step=np.int64(7))
    assert outcome.valid and outcome.task.step == 7 and type(outcome.task.step) is int


def test_induction_inputs_too_big_or_deep_to_print_judge_the_batch_without_raising(executor):
    # An int past Python 3.11's 4,300 digits for text (3,600 hex digits, allowed by a raised
    # max_input_chars) and a dict nested 198 deep, called from 400 frames down: the repeat check's
    # canonical print raised, and evaluate_proposals lost the whole batch (red team 38F).
    config = TaskConfig(max_input_chars=4000, n_induction_inputs=2)
    good = ("<answer>\n```python\ndef f(a):\n    return a * 2\n```\n```input\n1\n```\n```input\n2\n```\n"
            "```message\nm\n```\n</answer>")

    def proposal(first):
        return ("<answer>\n```python\ndef f(a):\n    return 1\n```\n```input\n" + first + "\n```\n```input\n1\n```\n"
                "```message\nm\n```\n</answer>")

    outcomes = evaluate_proposals(executor, "induction", [good, proposal("0x" + "f" * 3600)], config)
    assert [outcome.valid for outcome in outcomes] == [True, True]

    def deep(depth):
        return deep(depth - 1) if depth else evaluate_proposals(
            executor, "induction", [good, proposal("{1:" * 198 + "1" + "}" * 198)], TaskConfig(n_induction_inputs=2))

    assert [outcome.valid for outcome in deep(400)] == [True, True]
