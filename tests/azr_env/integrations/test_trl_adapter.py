"""The TRL adapter: rewards with TRL's call signature, judged by the training verifier; the dataset builder."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from azr_env.integrations import trl as adapter
from azr_env.tasks import Task, TaskBuffers, TaskConfig, as_chat_messages, build_solver_prompt

DOUBLE = Task("deduction", "def f(a):\n    return a * 2", "[1, 2]", "[1, 2, 1, 2]")
INDUCTION = Task("induction", "def f(a):\n    return a[::-1]", "'ab'", "'ba'",
                 examples=(("'ab'", "'ba'"), ("[1, 2]", "[2, 1]"), ("'xyz'", "'zyx'"), ("(1, 2, 3)", "(3, 2, 1)")),
                 message="Reverses.")


def trl_call(reward, rows, completions, **extra):
    """Call a reward function the way GRPOTrainer does: keywords only, columns repeated per completion."""
    columns = {key: [row[key] for row in rows] for key in rows[0] if key != "prompt"}
    return reward(prompts=[row["prompt"] for row in rows], completions=completions,
                  completion_ids=[[0]] * len(rows), trainer_state=None, **columns, **extra)


def test_imports_without_trl_datasets_or_torch():
    code = textwrap.dedent("""
        import sys
        for name in ("trl", "datasets"):
            sys.modules[name] = None          # importing them would fail
        import azr_env.integrations.trl as adapter
        rows = adapter.build_rows([adapter.Task("deduction", "def f(a):\\n    return a", "1", "1")])
        assert "torch" not in sys.modules, "the adapter pulled in torch"
        try:
            adapter.build_dataset([])
        except ImportError as error:
            assert "datasets" in str(error)
        else:
            raise AssertionError("build_dataset without datasets should raise ImportError")
        print("ok", len(rows))
    """).replace("adapter.Task", "__import__('azr_env.tasks', fromlist=['Task']).Task")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok 1"


def test_solver_reward_matches_the_agents_reward(executor):
    abduction = Task("abduction", DOUBLE.program, DOUBLE.input, DOUBLE.output)
    rows = adapter.build_rows([DOUBLE, DOUBLE, abduction, abduction, INDUCTION, INDUCTION])
    completions = [
        "<think>doubling a list repeats it</think><answer>```output\n[1, 2, 1, 2]\n```</answer>",  # right
        "<answer>```output\n[2, 4]\n```</answer>",                                                   # wrong
        "<answer>```input\n[1, 2]\n```</answer>",                                                    # right
        "<answer>```input\n__import__('os').getcwd()\n```</answer>",                                 # not data
        "<answer>```python\ndef f(a):\n    return a[::-1]\n```</answer>",                            # right
        "<answer>```python\ndef f(a):\n    return a\n```</answer>",                                  # wrong
    ]
    logged = {}
    reward = adapter.solver_reward_func(executor=executor)
    values = trl_call(reward, rows, completions, log_metric=lambda name, value: logged.__setitem__(name, value))
    assert values == [1.0, -0.5, 1.0, -1.0, 1.0, -0.5]
    assert logged == {"azr/well_formed": pytest.approx(5 / 6), "azr/correct": pytest.approx(0.5)}
    assert trl_call(adapter.correctness_reward_func(executor=executor), rows, completions) == [1, 0, 1, 0, 1, 0]
    assert trl_call(adapter.format_reward_func(executor=executor), rows, completions) == [1, 1, 1, 0, 1, 1]
    assert reward.__name__ == "azr_solver"  # TRL logs each reward under its callable's name


def test_conversational_completions_and_junk_never_raise(executor):
    rows = adapter.build_rows([DOUBLE] * 4, conversational=True, system_prompt="Be careful.")
    assert rows[0]["prompt"] == as_chat_messages(build_solver_prompt(DOUBLE, TaskConfig()), "Be careful.")
    completions = [[{"role": "assistant", "content": "<answer>[1, 2, 1, 2]</answer>"}], None, b"\xff", "x" * 200_000]
    assert trl_call(adapter.solver_reward_func(executor=executor), rows, completions) == [1.0, -1.0, -1.0, -1.0]


def test_reward_config_and_missing_column(executor):
    config = TaskConfig(solver_correct_reward=2.0, solver_wrong_reward=0.0)
    rows = adapter.build_rows([DOUBLE])
    assert trl_call(adapter.solver_reward_func(config, executor), rows, ["<answer>[1, 2, 1, 2]</answer>"]) == [2.0]
    with pytest.raises(ValueError, match="azr_task"):
        adapter.solver_reward_func(executor=executor)(prompts=["p"], completions=["c"])


def test_rows_from_cruxeval_buffers_and_tasks(cruxeval_path, tmp_path):
    rows = adapter.build_rows(cruxeval_path)  # deduction and abduction, non-literal rows skipped
    assert len(rows) == 2 * 390
    assert {r["task_type"] for r in rows} == {"deduction", "abduction"}
    first = Task.from_json(json.loads(rows[0][adapter.TASK_COLUMN]))
    assert rows[0]["prompt"] == build_solver_prompt(first, TaskConfig()) and rows[0]["task_id"] == first.task_id
    assert len(adapter.build_rows(cruxeval_path, ["abduction"])) == 390

    buffers = TaskBuffers()
    buffers["induction"].add(INDUCTION)
    assert [r["task_type"] for r in adapter.build_rows(buffers)] == ["induction"]  # seeds left out
    assert len(adapter.build_rows(buffers, include_seeds=True)) == 4
    buffers.save(tmp_path)
    assert len(adapter.build_rows(tmp_path)) == 1                                   # a directory of buffers
    assert len(adapter.build_rows(tmp_path / "induction.jsonl", include_seeds=True)) == 2   # one buffer file


def test_dataset_for_trl():
    pytest.importorskip("datasets")
    dataset = adapter.build_dataset([DOUBLE, INDUCTION])
    assert dataset.num_rows == 2 and set(dataset.column_names) == {"prompt", "task_type", "task_id", "azr_task"}


@pytest.mark.slow
def test_one_grpo_step_with_trl(tmp_path):
    """TRL's own GRPOTrainer runs a step with these rewards (needs `pip install azr-env[bench]`)."""
    trl = pytest.importorskip("trl")
    from agents.weights import load_model

    model, tokenizer = load_model("tiny")
    dataset = adapter.build_dataset([DOUBLE, INDUCTION])
    args = trl.GRPOConfig(output_dir=str(tmp_path), per_device_train_batch_size=4, num_generations=2,
                          max_completion_length=8, max_steps=1, use_cpu=True, report_to="none", logging_steps=1,
                          save_strategy="no", beta=0.0)
    reward = adapter.solver_reward_func()
    try:
        trainer = trl.GRPOTrainer(model=model, processing_class=tokenizer, reward_funcs=[reward],
                                  train_dataset=dataset, args=args)
        trainer.train()
    finally:
        reward.close()
    assert any("rewards/azr_solver/mean" in entry for entry in trainer.state.log_history)
