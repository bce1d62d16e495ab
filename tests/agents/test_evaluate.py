"""`azr eval`: the pass@k estimator, the task sets, and the harness end to end (oracle and tiny model)."""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from agents import evaluate as ev
from azr_env.tasks import Task, TaskBuffer, TaskConfig, build_solver_prompt


# -- pass@k --------------------------------------------------------------------------------------
@pytest.mark.parametrize("n, c, k, expected", [
    (5, 2, 2, 1 - 3 / 10),        # 1 - C(3,2)/C(5,2)
    (10, 3, 1, 0.3),              # pass@1 is the fraction correct
    (10, 3, 5, 1 - 21 / 252),     # 1 - C(7,5)/C(10,5)
    (4, 0, 1, 0.0),
    (4, 4, 4, 1.0),
    (4, 3, 2, 1.0),               # n - c < k: every pair of draws holds a correct one
    (1, 1, 1, 1.0),
])
def test_pass_at_k_hand_computed(n, c, k, expected):
    assert ev.pass_at_k(n, c, k) == pytest.approx(expected, abs=1e-12)


def test_pass_at_k_equals_the_binomial_form():
    for n in range(1, 12):
        for c in range(n + 1):
            for k in range(1, n + 1):
                exact = 1 - math.comb(n - c, k) / math.comb(n, k)
                assert ev.pass_at_k(n, c, k) == pytest.approx(exact, abs=1e-12)


def test_mean_pass_at_k_averages_tasks_and_rejects_bad_arguments():
    assert ev.mean_pass_at_k([(5, 2), (5, 0), (5, 5)], 2) == pytest.approx((0.7 + 0 + 1) / 3)
    with pytest.raises(ValueError):
        ev.pass_at_k(3, 4, 1)
    with pytest.raises(ValueError):
        ev.pass_at_k(3, 1, 4)


# -- task sets -----------------------------------------------------------------------------------
def test_cruxeval_sets_skip_the_ten_non_literal_rows(cruxeval_path):
    for name in ("cruxeval-o", "cruxeval-i"):
        task_set = ev.load_task_set(cruxeval_path, name)
        assert (task_set.n_rows, len(task_set.tasks), len(task_set.skipped)) == (400, 390, 10)
        assert task_set.skipped[0].startswith("line 77:")  # numbered as in the user's file
        assert task_set.tasks[0].source == "jsonl:cruxeval-dev.jsonl#sample_0"
    induction = ev.load_task_set(cruxeval_path, "induction")
    assert induction.tasks == [] and len(induction.skipped) == 400  # one pair per row: nothing to hide


def gold_answer(task: Task) -> str:
    if task.task_type.value == "deduction":
        return f"<think>run it</think>\n<answer>\n```output\n{task.output}\n```\n</answer>"
    if task.task_type.value == "abduction":
        return f"<answer>\n```input\n{task.input}\n```\n</answer>"
    return f"<answer>\n```python\n{task.program}\n```\n</answer>"


def oracle_for(path: Path, names, *, limit=None, right_on_visit=None):
    """A scripted generator: the gold answer for every prompt (or only on the listed visits)."""
    config = TaskConfig()
    gold = {build_solver_prompt(t, config): gold_answer(t)
            for name in names for t in ev.load_task_set(path, name, limit=limit).tasks}
    visits = Counter()

    def generate(prompts):
        out = []
        for prompt in prompts:
            visits[prompt] += 1
            right = right_on_visit is None or visits[prompt] in right_on_visit
            out.append(gold[prompt] if right else "<answer>```output\n'surely wrong'\n```</answer>")
        return out

    return generate


def args_for(tmp_path, *argv):
    parser = ev.add_arguments(__import__("argparse").ArgumentParser())
    return parser.parse_args(["--output", str(tmp_path / "results.json"), "--no-progress", "--workers", "1", *argv])


def test_oracle_scores_one_through_the_training_verifier(cruxeval_path, tmp_path):
    names = ["cruxeval-o", "cruxeval-i"]
    args = args_for(tmp_path, "--model", "oracle", "--data", str(cruxeval_path), "--limit", "80",
                    "--samples", str(tmp_path / "samples.jsonl"))
    report = ev.run(args, generate=oracle_for(cruxeval_path, names, limit=80))
    assert json.loads((tmp_path / "results.json").read_text()) == report
    for name in names:
        result = report["results"][name]
        # of the first 80 rows, only line 77 has a non-literal input
        assert result["n_rows"] == 80 and result["n_skipped"] == 1 and result["n_tasks"] == 79
        assert result["pass_at_k"] == {"pass@1": 1.0}
        assert result["well_formed_rate"] == 1.0 and result["mean_reward"] == 1.0
    samples = [json.loads(line) for line in (tmp_path / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 2 * 79 and all(s["correct"] for s in samples)


def test_pass_at_k_from_repeated_samples(cruxeval_path, tmp_path):
    # Right on the first of three samples only: c = 1 of n = 3 for every task.
    args = args_for(tmp_path, "--model", "oracle", "--data", str(cruxeval_path), "--limit", "6",
                    "--tasks", "cruxeval-o", "--n", "3")
    report = ev.run(args, generate=oracle_for(cruxeval_path, ["cruxeval-o"], limit=6, right_on_visit={1}))
    result = report["results"]["cruxeval-o"]
    assert report["k"] == [1, 3] and report["temperature"] == ev.DEFAULT_SAMPLING_TEMPERATURE
    assert {t["c"] for t in result["per_task"]} == {1} and {t["n"] for t in result["per_task"]} == {3}
    assert result["pass_at_k"]["pass@1"] == pytest.approx(1 / 3)
    assert result["pass_at_k"]["pass@3"] == pytest.approx(1.0)
    assert result["mean_reward"] == pytest.approx((1 - 0.5 - 0.5) / 3)  # right, wrong, wrong


def test_induction_over_hidden_pairs(tmp_path):
    task = Task("induction", "def f(a):\n    return a * 2", "1", "2",
                examples=(("1", "2"), ("'ab'", "'abab'"), ("[0]", "[0, 0]"), ("3", "6")), message="Doubles.")
    buffer = TaskBuffer("induction", [task], seed=False)
    buffer.save(tmp_path / "induction.jsonl")
    args = args_for(tmp_path, "--model", "oracle", "--data", str(tmp_path / "induction.jsonl"), "--tasks", "induction")
    prompt = build_solver_prompt(task, TaskConfig())
    assert "'abab'" in prompt and "[0, 0]" not in prompt  # the hidden pairs stay hidden
    right = ev.run(args, generate=lambda ps: [gold_answer(task)] * len(ps))
    wrong = ev.run(args, generate=lambda ps: ["<answer>```python\ndef f(a):\n    return a + a if a != [0] else 0\n```</answer>"] * len(ps))
    assert right["results"]["induction"]["pass_at_k"]["pass@1"] == 1.0
    assert wrong["results"]["induction"]["pass_at_k"]["pass@1"] == 0.0
    assert wrong["results"]["induction"]["well_formed_rate"] == 1.0


def test_bad_options_are_refused(cruxeval_path, tmp_path):
    with pytest.raises(SystemExit, match="temperature"):
        ev.run(args_for(tmp_path, "--model", "x", "--data", str(cruxeval_path), "--n", "4", "--temperature", "0"))
    with pytest.raises(SystemExit, match="between 1 and n"):
        ev.run(args_for(tmp_path, "--model", "x", "--data", str(cruxeval_path), "--n", "2", "--k", "5"))
    with pytest.raises(SystemExit, match="unknown task sets"):
        ev.run(args_for(tmp_path, "--model", "x", "--data", str(cruxeval_path), "--tasks", "mbpp"))


# -- real models -----------------------------------------------------------------------------------
def test_tiny_model_end_to_end_through_the_azr_command(cruxeval_path, tmp_path):
    from agents.cli import main

    status = main(["eval", "--model", "tiny", "--data", str(cruxeval_path), "--limit", "3", "--max-new-tokens", "6",
                   "--output", str(tmp_path / "tiny.json"), "--workers", "1", "--no-progress"])
    assert status == 0
    report = json.loads((tmp_path / "tiny.json").read_text())
    assert report["tasks"] == ["cruxeval-o", "cruxeval-i"] and report["temperature"] == 0.0
    for result in report["results"].values():
        assert result["n_tasks"] == 3 and 0.0 <= result["pass_at_k"]["pass@1"] <= 1.0
        assert sum(result["failure_kinds"].values()) == round(3 * (1 - result["well_formed_rate"]))


def test_checkpoint_directories_load_their_trained_weights(tmp_path):
    import torch

    from agents.checkpoint import save_checkpoint
    from agents.weights import load_model

    model, tokenizer = load_model("tiny", seed=3)
    with torch.no_grad():
        model.model.embed_tokens.weight.add_(1.0)  # differs from a fresh tiny model
    config = {"model": "tiny", "use_chat_template": False, "system_prompt": None, "lora_r": 0}
    path = save_checkpoint(tmp_path / "run", 2, model=model, tokenizer=tokenizer, state={"config": config})
    for spec in (tmp_path / "run", path):  # the run (its latest checkpoint) or the checkpoint itself
        policy = ev.load_policy(str(spec))
        assert torch.equal(policy.model.model.embed_tokens.weight, model.model.embed_tokens.weight)
        assert policy.use_chat_template is False
    assert ev.resolve_model("tiny") == ("tiny", {})


def test_paired_bootstrap_interval_excludes_zero_only_for_a_real_change():
    same = [0, 1, 0, 0, 1] * 60
    diff, low, high = ev.paired_bootstrap(same, same)
    assert (diff, low, high) == (0.0, 0.0, 0.0)
    better = [1 if i % 5 == 0 else x for i, x in enumerate(same)]  # 12 points more, same tasks
    diff, low, high = ev.paired_bootstrap(same, better)
    assert diff == pytest.approx(0.2) and 0 < low < diff < high
    noisy_before = [i % 2 for i in range(300)]
    noisy_after = [(i // 2) % 2 for i in range(300)]  # as many right, on other tasks
    diff, low, high = ev.paired_bootstrap(noisy_before, noisy_after)
    assert low < 0 < high
    with pytest.raises(ValueError):
        ev.paired_bootstrap([1, 0], [1])


def test_comparison_pairs_tasks_by_id_and_reports_the_interval():
    rows = lambda cs: [{"task_id": f"t{i}", "n": 1, "c": c} for i, c in enumerate(cs)]  # noqa: E731
    before = {"results": {"heldout": {"per_task": rows([0] * 40), "answer_top_share": 0.3}}}
    after = {"results": {"heldout": {"per_task": rows([1] * 10 + [0] * 30), "answer_top_share": 0.2,
                                     "gold_top_share": 0.1},
                         "other": {"per_task": rows([1])}}}
    comparison = ev.compare_results(before, after)
    assert list(comparison) == ["heldout"]
    c = comparison["heldout"]
    assert (c["before"], c["after"], c["n_tasks"]) == (0.0, 0.25, 40) and c["ci95"][0] > 0
    line = ev.format_comparison(comparison)
    assert "0.000 -> 0.250" in line and "excludes 0" in line and "top answer share 0.30 -> 0.20" in line
    assert c["gold_top_share"] == 0.1 and "(right answers' 0.10)" in line  # what an always-right solver shows


def test_the_top_share_change_has_a_paired_interval_that_tells_a_habit_from_the_draw():
    # 300 tasks whose right answers are spread; before, the model is right on a third and says
    # something unique elsewhere. A habit: "0" on every task it gets wrong (200 of 300).
    gold = [str(i % 30) for i in range(300)]
    before = [[g if i % 3 == 0 else f"x{i}"] for i, g in enumerate(gold)]
    habit = [[g if i % 3 == 0 else "0"] for i, g in enumerate(gold)]
    change, low, high = ev.top_share_bootstrap(before, habit)
    assert change == pytest.approx(210 / 300 - 10 / 300) and low > 0.5
    # Four more answers of the already-top one in 300: a rise, but within the draw of tasks.
    slight = [[g if i % 3 == 0 else ("0" if i in (1, 2, 4, 5) else f"x{i}")] for i, g in enumerate(gold)]
    change, low, high = ev.top_share_bootstrap(before, slight)
    assert change == pytest.approx(4 / 300) and low <= 0 < high
    # Malformed answers (None) count in the total, never as the top answer.
    change, _, _ = ev.top_share_bootstrap([["1"], [None]], [[None], [None]])
    assert change == pytest.approx(-0.5)
    with pytest.raises(ValueError):
        ev.top_share_bootstrap([["1"]], [])


def test_comparison_reports_the_top_share_interval_when_both_reports_hold_answers():
    rows = lambda keys: [{"task_id": f"t{i}", "n": 1, "c": 0, "answers": [k]} for i, k in enumerate(keys)]  # noqa: E731
    spread = [str(i) for i in range(40)]
    before = {"results": {"heldout": {"per_task": rows(spread), "answer_top_share": 1 / 40}}}
    after = {"results": {"heldout": {"per_task": rows(["1"] * 30 + spread[30:]), "answer_top_share": 30 / 40}}}
    c = ev.compare_results(before, after)["heldout"]
    assert c["top_share_change"] == pytest.approx(29 / 40) and c["top_share_ci95"][0] > 0.5
    assert "95% CI of the change +" in ev.format_comparison({"heldout": c})
    for row in before["results"]["heldout"]["per_task"]:  # a report saved before answers were kept
        del row["answers"]
    assert "top_share_ci95" not in ev.compare_results(before, after)["heldout"]


def test_completion_prompts_are_asked_and_parsed_when_chosen(tmp_path):
    from azr_env.tasks import Task, TaskType
    from azr_env.tasks.generator import write_tasks

    tasks = [Task(TaskType.DEDUCTION, "def f(s):\n    return s.upper()", repr(w), repr(w.upper())) for w in ("cat", "dog")]
    write_tasks(tmp_path / "tasks.jsonl", tasks)
    seen = []

    def generate(prompts):
        seen.extend(prompts)
        return [" 'CAT'\n", " 'dog'\n"]

    args = args_for(tmp_path, "--model", "scripted", "--data", str(tmp_path / "tasks.jsonl"), "--tasks", "deduction",
                    "--prompt-style", "completion")
    report = ev.run(args, generate=generate)
    assert seen == ["def f(s):\n    return s.upper()\nassert f('cat') ==", "def f(s):\n    return s.upper()\nassert f('dog') =="]
    result = report["results"]["deduction"]
    assert report["prompt_style"] == "completion" and result["pass_at_k"]["pass@1"] == 0.5
    assert result["answer_top_share"] == 0.5 and result["well_formed_rate"] == 1.0


def test_each_task_keeps_its_answer_keys_and_the_samples_file_keeps_the_raw_completions(tmp_path, executor):
    from azr_env.tasks import Task, TaskType, TaskConfig

    tasks = [Task(TaskType.DEDUCTION, "def f(x):\n    return x + 1", str(i), str(i + 1)) for i in range(3)]
    task_set = ev.TaskSet("set", TaskType.DEDUCTION, tasks, n_rows=3)
    completions = [" 1 \n", "not an answer (", " 0x1\n"]  # right, malformed, wrong (the value 1)
    samples = tmp_path / "samples.jsonl"
    [result] = ev.evaluate(lambda prompts: completions[:len(prompts)], [task_set], executor,
                           config=TaskConfig(prompt_style="completion"), progress=False, samples_path=samples)
    # Answers are compared by value: " 1 " and "0x1" are the same answer, and the malformed one is None.
    assert [row["answers"] for row in result.per_task] == [["1"], [None], ["1"]]
    assert result.answer_top_share == pytest.approx(2 / 3)
    assert [json.loads(line)["completion"] for line in samples.read_text().splitlines()] == completions
