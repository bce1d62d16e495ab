"""The self-play trainer: the game step through the vector envs, metrics, exact resume, kill -9."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch

from agents.config import TrainConfig
from agents.models import load_model
from agents.policy import Generation, SamplingConfig
from agents.trainer import AbsoluteZeroSelfPlay, Trainer, _Bars

SMALL = dict(
    model="tiny", task_types=("deduction", "abduction"), proposer_batch_size=2, solver_batch_size=2,
    n_solver_samples=2, n_references=1, n_induction_inputs=2, max_new_tokens_propose=12, max_new_tokens_solve=8,
    executor_workers=1, use_chat_template=False, lr=1e-3, micro_batch_size=4, progress=False,
    entropy_coef=0.01, kl_coef=0.01,  # nonzero gradients even when every reward is -1
)


class ScriptedPolicy:
    """Writes a valid deduction proposal (f returns 5, on a new input each time) for every proposer
    prompt and alternates right ("5") and wrong ("6") answers for solver prompts."""

    def __init__(self):
        self.tokenizer = load_model("tiny")[1]
        self.proposals = 0
        self.answers = 0

    def generate(self, prompts, sampling=SamplingConfig(), progress=None):
        out = []
        for prompt in prompts:
            if "Design a new Python program" in prompt:
                self.proposals += 1
                text = f"<answer>```python\ndef f(a):\n    return 5\n```\n```input\n{self.proposals}\n```</answer>"
                if self.proposals % 3 == 0:
                    text = "no answer tags"
            else:
                self.answers += 1
                text = f"<answer>{5 if self.answers % 2 else 6}</answer>"
            ids = self.tokenizer(prompt)["input_ids"]
            out.append(Generation(ids, self.tokenizer(text)["input_ids"], text, "stop"))
        return out


def test_one_game_step_through_the_vector_envs():
    cfg = TrainConfig(**{**SMALL, "task_types": ("deduction",), "proposer_batch_size": 3, "solver_batch_size": 4})
    game = AbsoluteZeroSelfPlay(cfg, ScriptedPolicy())
    try:
        samples, metrics = game.collect(1, _Bars(False))
        # proposals 1, 2 valid, 3 malformed; each valid one answered twice: right, wrong -> solve rate .5
        proposer = [s for s in samples if s.group == ("deduction", "proposer")]
        solver = [s for s in samples if s.group == ("deduction", "solver")]
        assert [s.reward for s in proposer] == [0.5, 0.5, -1.0]
        assert metrics["valid_rate/deduction"] == pytest.approx(2 / 3)
        assert metrics["learnability/deduction"] == 0.5 and metrics["solve_rate/deduction"] == 0.5
        assert metrics["format_error_rate/deduction/proposer"] == pytest.approx(1 / 3)
        assert metrics["buffer_size/deduction"] == 3  # the seed triplet and the two new tasks
        # the solver trains on the newest tasks first: the two new ones, then the seed, cycling
        newest = [t.task_id for t in game.buffers["deduction"].newest(3)]
        assert [s.prompt_key for s in solver] == newest + newest[:1]
        # answers 5, 6, 5, 6 continue the alternation: right on the newest only (the seed wants 'Hello world')
        assert [s.reward for s in solver] == [1.0, -0.5, -0.5, -0.5]
        assert metrics["tokens_generated"] > 0
        state = game.state_dict()
    finally:
        game.close()
    restored = AbsoluteZeroSelfPlay(cfg, ScriptedPolicy(), state=state)
    try:
        assert [t.to_json() for t in restored.buffers["deduction"]] == state["buffers"]["deduction"]
    finally:
        restored.close()


def read_metrics(directory):
    return [json.loads(line) for line in (directory / "metrics.jsonl").read_text().splitlines()]


def without_times(row):
    return {k: v for k, v in row.items() if not k.startswith("time/")}


def train(cfg, resume=False):
    trainer = Trainer(cfg, resume=resume)
    try:
        trainer.train()
        return {k: v.detach().clone() for k, v in trainer.accelerator.unwrap_model(trainer.policy.model).state_dict().items()}
    finally:
        trainer.close()


def test_resume_continues_exactly(tmp_path):
    small = {**SMALL, "task_types": ("abduction",)}
    straight = train(TrainConfig(**small, max_steps=2, output_dir=str(tmp_path / "a")))
    train(TrainConfig(**small, max_steps=1, output_dir=str(tmp_path / "b")))
    resumed = train(TrainConfig(**small, max_steps=2, output_dir=str(tmp_path / "b")), resume=True)
    a, b = read_metrics(tmp_path / "a"), read_metrics(tmp_path / "b")
    assert [r["step"] for r in a] == [r["step"] for r in b] == [1, 2]
    assert [without_times(r) for r in a] == [without_times(r) for r in b]
    assert all(torch.equal(straight[k], resumed[k]) for k in straight)
    assert any(not torch.equal(straight[k], load_model("tiny")[0].state_dict()[k]) for k in straight)
    for row in a:  # the keys the issue asks for
        for key in ("reward/abduction/solver_mean", "reward/abduction/proposer_std", "valid_rate",
                    "format_error_rate/abduction/proposer", "learnability_mean", "solve_rate_mean",
                    "buffer_size/abduction", "tokens_generated", "time/generate", "time/env", "time/update", "kl"):
            assert key in row


def train_ppo(cfg, resume=False):
    """Train; return the final (policy, critic) weights."""
    trainer = Trainer(cfg, resume=resume)
    try:
        trainer.train()
        unwrap = trainer.accelerator.unwrap_model
        return [{k: v.detach().clone() for k, v in unwrap(m).state_dict().items()}
                for m in (trainer.policy.model, trainer.policy.critic)]
    finally:
        trainer.close()


def test_ppo_resume_restores_the_critic_and_continues_exactly(tmp_path):
    # A separate critic model with one value head per role: every part of the critic is saved.
    small = {**SMALL, "task_types": ("abduction",), "estimator": "ppo", "critic": "separate", "critic_per_role": True}
    straight = train_ppo(TrainConfig(**small, max_steps=2, output_dir=str(tmp_path / "a")))
    first = train_ppo(TrainConfig(**small, max_steps=1, output_dir=str(tmp_path / "b")))
    resumed = train_ppo(TrainConfig(**small, max_steps=2, output_dir=str(tmp_path / "b")), resume=True)
    a, b = read_metrics(tmp_path / "a"), read_metrics(tmp_path / "b")
    assert [without_times(r) for r in a] == [without_times(r) for r in b]
    for got, want in zip(resumed, straight):  # the policy, then the critic (head and model)
        assert got.keys() == want.keys() and all(torch.equal(got[k], want[k]) for k in want)
    assert not all(torch.equal(first[1][k], straight[1][k]) for k in first[1])  # step 2 moved the critic
    assert {"head.linear.weight"} < set(straight[1]) and straight[1]["head.linear.weight"].shape[0] == 2
    for row in a:
        for key in ("update/value_loss", "update/explained_variance", "update/value_mean",
                    "update/value_mean/proposer", "update/value_mean/solver", "update/critic_grad_norm"):
            assert key in row
    critic_dir = tmp_path / "b" / "checkpoints" / "step-000002" / "critic"
    assert (critic_dir / "value_head.safetensors").exists() and (critic_dir / "model" / "config.json").exists()


def _ppo_cli(out, *extra):
    return [sys.executable, "-m", "agents.cli", "train", "--preset", "tiny", "--output-dir", str(out), "--no-progress",
            "--set", 'task_types=["deduction"]', "--set", "proposer_batch_size=2", "--set", "solver_batch_size=2",
            "--set", "estimator=ppo", *extra]


def _final_weights(out):
    from safetensors.torch import load_file

    step = out / "checkpoints" / (out / "checkpoints" / "latest").read_text().strip()
    return (load_file(str(step / "model" / "model.safetensors")),
            load_file(str(step / "critic" / "value_head.safetensors")))


@pytest.mark.slow
def test_ppo_kill_9_then_resume_restores_the_critic_exactly(tmp_path):
    killed, straight = tmp_path / "killed", tmp_path / "straight"
    process = subprocess.Popen(_ppo_cli(killed, "--max-steps", "50"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while time.time() < deadline and not (killed / "checkpoints" / "step-000002").exists():
            time.sleep(0.2)
        time.sleep(1.5)  # somewhere inside the next step or its save
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    last = max(r["step"] for r in read_metrics(killed)) + 1
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(_ppo_cli(killed, "--max-steps", str(last), "--resume"), **quiet)
    subprocess.run(_ppo_cli(straight, "--max-steps", str(last)), **quiet)
    assert [without_times(r) for r in read_metrics(killed)] == [without_times(r) for r in read_metrics(straight)]
    for got, want in zip(_final_weights(killed), _final_weights(straight)):
        assert got.keys() == want.keys() and all(torch.equal(got[k], want[k]) for k in want)


@pytest.mark.slow
def test_kill_9_then_resume_loses_at_most_one_interval(tmp_path):
    out = tmp_path / "run"
    args = [sys.executable, "-m", "agents.cli", "train", "--preset", "tiny", "--output-dir", str(out),
            "--no-progress", "--set", 'task_types=["deduction"]', "--set", "proposer_batch_size=2",
            "--set", "solver_batch_size=2", "--set", "entropy_coef=0.01"]
    process = subprocess.Popen(args + ["--max-steps", "50"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while time.time() < deadline and not (out / "checkpoints" / "step-000002").exists():
            time.sleep(0.2)
        time.sleep(1.5)  # somewhere inside the next step or its save
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    steps_before = [r["step"] for r in read_metrics(out)]
    subprocess.run(args + ["--max-steps", str(max(steps_before) + 1), "--resume"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    steps = [r["step"] for r in read_metrics(out)]
    assert steps == list(range(1, max(steps_before) + 2))  # one line per step, none lost or doubled
    assert not list((out / "checkpoints").glob(".tmp-*"))
    assert os.path.exists(out / "checkpoints" / f"step-{max(steps):06d}" / "COMPLETE")


@pytest.mark.slow
@pytest.mark.parametrize("extra", [[], ["--set", "estimator=ppo", "--set", "critic=separate",
                                         "--set", "critic_per_role=true"]], ids=["trr++", "ppo-separate-critic"])
def test_two_processes_train_data_parallel_on_cpu(tmp_path, extra):
    # accelerate runs DDP on CPU (gloo) when told to use the CPU and launched by torchrun.
    out = tmp_path / "ddp"
    common = ["-m", "agents.train", "--preset", "tiny", "--output-dir", str(out), "--no-progress",
              "--set", 'task_types=["deduction"]', "--set", "proposer_batch_size=2", "--set", "solver_batch_size=2",
              "--set", "entropy_coef=0.01", "--set", "micro_batch_size=2", *extra]
    torchrun = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2"]
    env = {**os.environ, "ACCELERATE_USE_CPU": "true"}
    subprocess.run(torchrun + common + ["--max-steps", "1"], check=True, env=env, timeout=600, capture_output=True)
    subprocess.run(torchrun + common + ["--max-steps", "2", "--resume"], check=True, env=env, timeout=600,
                   capture_output=True)
    assert [row["step"] for row in read_metrics(out)] == [1, 2]
    ranks = torch.load(out / "checkpoints" / "step-000002" / "ranks.pt", weights_only=False)
    assert len(ranks) == 2 and not torch.equal(ranks[0]["rng"]["torch"], ranks[1]["rng"]["torch"])


def test_the_console_summary_tolerates_missing_metrics():
    from agents.trainer import summary_line

    line = summary_line({"step": 3, "reward/deduction/solver_mean": 0.5, "valid_rate": 0.25,
                         "solve_rate_mean": float("nan"), "tokens_generated": 10, "time/step": 1.25}, ("deduction",))
    assert line == "step 3: reward proposer n/a solver +0.50 | valid 0.25 | solve rate n/a | 10 tokens | 1.2s"
    assert summary_line({"step": 1}, ("deduction",)).startswith("step 1: reward proposer n/a")
