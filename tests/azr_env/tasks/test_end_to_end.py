"""One round of the game per task type: propose, validate, ask, answer, verify, reward, store."""
import numpy as np
import pytest

from azr_env.tasks import (
    TaskBuffers,
    TaskConfig,
    TaskType,
    build_proposer_prompt,
    build_solver_prompt,
    evaluate_proposals,
    proposer_reward,
    score_answers,
    solve_rate,
)

CONFIG = TaskConfig(n_induction_inputs=6)
PROGRAM = "def f(words, n):\n    return [w.upper() for w in words if len(w) > n]"
INPUTS = ["['hi', 'there', 'you'], 2", "['a', 'bb', 'ccc'], 1", "[], 0", "['xyz'], 0", "['ab', 'cd'], 5", "['q'], 0"]


def proposal(task_type):
    inputs = INPUTS if task_type is TaskType.INDUCTION else INPUTS[:1]
    blocks = "".join(f"```input\n{i}\n```\n" for i in inputs)
    message = "```message\nKeeps long words, shouting.\n```\n" if task_type is TaskType.INDUCTION else ""
    return f"<think>Let me design something.</think>\n<answer>\n```python\n{PROGRAM}\n```\n{blocks}{message}</answer>"


def wrap(block, body):
    return f"<think>working it out</think>\n<answer>\n```{block}\n{body}\n```\n</answer>"


SOLVER_ANSWERS = {
    # three correct, three wrong, two malformed: 3/8 solved
    TaskType.DEDUCTION: [wrap("output", "['THERE', 'YOU']"), wrap("output", "['THERE','YOU']"), "<answer>['THERE', 'YOU']</answer>",
                         wrap("output", "['there', 'you']"), wrap("output", "[]"), wrap("output", "['HI', 'THERE', 'YOU']"),
                         wrap("output", "[w.upper() for w in ['there', 'you']]"), "I think it is ['THERE', 'YOU']"],
    TaskType.ABDUCTION: [wrap("input", "['there', 'you'], 2"), wrap("input", "['there', 'a', 'you'], 2"), wrap("input", "['THERE', 'YOU'], 0"),
                         wrap("input", "['there', 'you'], 3"), wrap("input", "[], 0"), wrap("input", "'there you', 2"),
                         wrap("input", "['there'] + ['you'], 2"), "<answer>```input\n['there', 'you'], 2"],
    TaskType.INDUCTION: [wrap("python", PROGRAM), wrap("python", "def f(ws, k):\n    return [w.upper() for w in ws if len(w) >= k + 1]"),
                         wrap("python", "def f(ws, k):\n    out = []\n    for w in ws:\n        if len(w) > k:\n            out.append(w.upper())\n    return out"),
                         wrap("python", "def f(ws, k):\n    return [w.upper() for w in ws]"), wrap("python", "def f(ws, k):\n    return []"),
                         wrap("python", "def f(ws, k):\n    return ws"),
                         wrap("python", "lambda ws, k: ws"), "<answer>no code, sorry</answer>"],
}


@pytest.mark.parametrize("task_type", list(TaskType))
def test_a_full_round(executor, task_type):
    buffers, rng = TaskBuffers(), np.random.default_rng(0)
    prompt = build_proposer_prompt(task_type, buffers[task_type].sample(rng, CONFIG.n_references), CONFIG)
    assert "def f(a):" in prompt  # the seed is shown as a reference

    (outcome,) = evaluate_proposals(executor, task_type, [proposal(task_type)], CONFIG, step=42)
    assert outcome.valid, outcome.reason
    task = outcome.task

    question = build_solver_prompt(task, CONFIG)
    if task_type is TaskType.INDUCTION:
        assert PROGRAM not in question and all(i not in question for i, _ in task.hidden_examples)
    else:
        assert PROGRAM in question

    solved = score_answers(executor, [task] * 8, SOLVER_ANSWERS[task_type], CONFIG)
    assert [o.reward for o in solved] == [1.0] * 3 + [-0.5] * 3 + [-1.0] * 2, [o.reason for o in solved]
    assert all(o.reason for o in solved)

    rate = solve_rate(solved)
    reward = proposer_reward(outcome.valid, rate, CONFIG)
    assert reward.value == pytest.approx(1 - 3 / 8)

    assert buffers[task_type].add(task.with_provenance(solve_rate=rate))
    stored = buffers[task_type].get(task.task_id)
    assert (stored.step, stored.solve_rate, stored.source) == (42, 3 / 8, "proposer")


INVALID_PROPOSALS = {
    "missing_answer_tag": "```python\ndef f(a):\n    return a\n```\n```input\n1\n```",
    "no_code_block": "<answer>def f(a): return a</answer>",
    "no_entry_function": "<answer>```python\ndef g(a):\n    return a\n```\n```input\n1\n```</answer>",
    "multiple_entry_functions": "<answer>```python\ndef f(a):\n    return a\ndef f(b):\n    return b\n```\n```input\n1\n```</answer>",
    "non_literal": "<answer>```python\ndef f(a):\n    return a\n```\n```input\n__import__('os')\n```</answer>",
    "forbidden": "<answer>```python\nimport subprocess\ndef f(a):\n    return a\n```\n```input\n1\n```</answer>",
    "error": "<answer>```python\ndef f(a):\n    return a[5]\n```\n```input\n[1]\n```</answer>",
    "nondeterministic": "<answer>```python\ndef f(a):\n    return list({'x' + str(i) for i in range(a)})\n```\n```input\n20\n```</answer>",
    "returns_none": "<answer>```python\ndef f(a):\n    pass\n```\n```input\n1\n```</answer>",
}


def test_every_kind_of_invalid_proposal_is_paid_minus_one(executor):
    for task_type in (TaskType.DEDUCTION, TaskType.ABDUCTION):
        outcomes = evaluate_proposals(executor, task_type, list(INVALID_PROPOSALS.values()), CONFIG)
        assert [o.kind for o in outcomes] == list(INVALID_PROPOSALS)
        assert all(proposer_reward(o.valid, None, CONFIG).value == -1.0 for o in outcomes)


def test_unlearnable_valid_tasks_pay_zero_by_default(executor):
    (outcome,) = evaluate_proposals(executor, TaskType.DEDUCTION, [proposal(TaskType.DEDUCTION)], CONFIG)
    everyone = score_answers(executor, [outcome.task] * 8, [wrap("output", "['THERE', 'YOU']")] * 8, CONFIG)
    nobody = score_answers(executor, [outcome.task] * 8, [wrap("output", "0")] * 8, CONFIG)
    assert proposer_reward(True, solve_rate(everyone), CONFIG).value == 0.0
    assert proposer_reward(True, solve_rate(nobody), CONFIG).value == 0.0
