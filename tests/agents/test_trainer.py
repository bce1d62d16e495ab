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
from agents.weights import load_model
from agents.policy import Generation, SamplingConfig
from agents.trainer import AbsoluteZeroSelfPlay, Trainer, Bars

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
    cfg = TrainConfig().replace(**{**SMALL, "task_types": ("deduction",), "proposer_batch_size": 3, "solver_batch_size": 4})
    game = AbsoluteZeroSelfPlay(cfg, ScriptedPolicy())
    try:
        samples, metrics = game.collect(1, Bars(False))
        # proposals 1, 2 valid, 3 malformed; each valid one answered twice: right, wrong -> solve rate .5
        proposer = [s for s in samples if s.group == ("deduction", "proposer")]
        solver = [s for s in samples if s.group == ("deduction", "solver")]
        assert [s.reward for s in proposer] == [0.5, 0.5, -1.0]
        assert metrics["valid_rate/deduction"] == pytest.approx(2 / 3)
        assert metrics["learnability/deduction"] == 0.5 and metrics["solve_rate/deduction"] == 0.5
        assert metrics["format_error_rate/deduction/proposer"] == pytest.approx(1 / 3)
        assert metrics["buffer_size/deduction"] == 3  # the seed triplet and the two new tasks
        # AZR's mixing: the solver trains on this step's two new tasks, then on uniform draws from
        # the whole buffer (3 tasks, all distinct before any repeats)
        new = [t.task_id for t in game.buffers["deduction"].newest(2)][::-1]
        keys = [s.prompt_key for s in solver]
        assert keys[:2] == new and set(keys[2:]) <= {t.task_id for t in game.buffers["deduction"]}
        assert len(set(keys[2:])) == 2
        # answers 5, 6, 5, 6 continue the alternation; f returns 5 on the new tasks, the seed wants 'Hello world'
        assert [s.reward for s in solver][:2] == [1.0, -0.5]
        assert metrics["answer_top_share/deduction"] == 0.5 and metrics["gold_top_share/deduction"] >= 0.5
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
    straight = train(TrainConfig().replace(**small, max_steps=2, output_dir=str(tmp_path / "a")))
    train(TrainConfig().replace(**small, max_steps=1, output_dir=str(tmp_path / "b")))
    resumed = train(TrainConfig().replace(**small, max_steps=2, output_dir=str(tmp_path / "b")), resume=True)
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
    straight = train_ppo(TrainConfig().replace(**small, max_steps=2, output_dir=str(tmp_path / "a")))
    first = train_ppo(TrainConfig().replace(**small, max_steps=1, output_dir=str(tmp_path / "b")))
    resumed = train_ppo(TrainConfig().replace(**small, max_steps=2, output_dir=str(tmp_path / "b")), resume=True)
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
            "--task-types", "deduction", "--proposer-batch-size", "2", "--solver-batch-size", "2",
            "--estimator", "ppo", *extra]


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
            "--no-progress", "--task-types", "deduction", "--proposer-batch-size", "2",
            "--solver-batch-size", "2", "--entropy-coef", "0.01"]
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
@pytest.mark.parametrize("extra", [[], ["--estimator", "ppo", "--critic", "separate",
                                         "--critic-per-role"]], ids=["trr++", "ppo-separate-critic"])
def test_two_processes_train_data_parallel_on_cpu(tmp_path, extra):
    # accelerate runs DDP on CPU (gloo) when told to use the CPU and launched by torchrun.
    out = tmp_path / "ddp"
    common = ["-m", "agents.train", "--preset", "tiny", "--output-dir", str(out), "--no-progress",
              "--task-types", "deduction", "--proposer-batch-size", "2", "--solver-batch-size", "2",
              "--entropy-coef", "0.01", "--micro-batch-size", "2", *extra]
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


class CompletionPolicy:
    """Answers completion-style deduction prompts from a table of ``input -> answer`` texts (several
    texts cycle); proposes ``f(a) = a + 1`` on a new input each time."""

    def __init__(self, answers, default=" 'wrong'\n"):
        self.tokenizer = load_model("tiny")[1]
        self.answers, self.default, self.visits, self.proposals = answers, default, {}, 0

    def generate(self, prompts, sampling=SamplingConfig(), progress=None):
        out = []
        for prompt in prompts:
            if prompt.endswith("def f("):
                self.proposals += 1
                text = f"a):\n    return a + 1\nassert f({self.proposals}) == 0\n\n"
            else:
                argument = prompt.rsplit("assert f(", 1)[1][: -len(") ==")]
                choices = self.answers.get(argument, [self.default])
                self.visits[argument] = self.visits.get(argument, -1) + 1
                text = choices[self.visits[argument] % len(choices)]
            ids = self.tokenizer(prompt[-200:])["input_ids"]
            out.append(Generation(ids, self.tokenizer(text)["input_ids"], text, "stop"))
            if progress is not None:
                progress.update(1)
        return out


def write_rows(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def completion_cfg(tmp_path, **changes):
    values = {**SMALL, "task_types": ("deduction",), "task": {"prompt_style": "completion"},
              "output_dir": str(tmp_path / "run"), "solver_group_size": 2, "estimator": "grpo"}
    values.update(changes)
    return TrainConfig().replace(**values)


def test_seed_file_rows_seed_every_buffer(tmp_path):
    rows = [{"code": "def f(x):\n    return x + 1", "input": str(i), "output": str(i + 1), "id": f"r{i}"} for i in range(4)]
    cfg = completion_cfg(tmp_path, task_types=("deduction", "abduction", "induction"), n_induction_inputs=2,
                         seed_file=write_rows(tmp_path / "seeds.jsonl", rows))
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({}))
    try:
        assert len(game.buffers["deduction"]) == len(game.buffers["abduction"]) == 1 + 4  # the default seed too
        induction = [t for t in game.buffers["induction"] if t.source.startswith("jsonl:")]
        assert [len(t.examples) for t in induction] == [2, 2]  # one program, four rows: two tasks of two
        assert game.seed_report["deduction"] == {"candidates": 4, "added": 4}
    finally:
        game.close()


def test_seeds_are_kept_only_where_the_untrained_policy_sometimes_succeeds(tmp_path):
    rows = [{"code": "def f(x):\n    return x * 2", "input": str(i), "output": str(2 * i)} for i in (1, 2, 3)]
    # input 1: always right, 2: right one time in two, 3: never right
    policy = CompletionPolicy({"1": [" 2\n"], "2": [" 4\n", " 5\n"]})
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), seed_filter_samples=2)
    game = AbsoluteZeroSelfPlay(cfg, policy)
    try:
        kept = [t for t in game.buffers["deduction"] if t.source.startswith("jsonl:")]
        assert [(t.input, t.solve_rate) for t in kept] == [("2", 0.5)]
        summary = json.loads((tmp_path / "run" / "seeds" / "summary.json").read_text())
        assert summary["types"]["deduction"]["never_solved"] == 1 and summary["types"]["deduction"]["always_solved"] == 1
    finally:
        game.close()
    calls = dict(policy.visits)
    again = AbsoluteZeroSelfPlay(cfg, policy)  # a restart before the first checkpoint reuses the filter
    try:
        assert policy.visits == calls
        assert [t.input for t in again.buffers["deduction"] if t.source.startswith("jsonl:")] == ["2"]
    finally:
        again.close()


def test_the_solver_goes_first_then_self_play_with_new_tasks_and_buffer_draws(tmp_path):
    rows = [{"code": "def f(x):\n    return x * 2", "input": str(i), "output": str(2 * i)} for i in range(1, 9)]
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), solver_first_steps=1,
                         solver_batch_size=4, proposer_batch_size=2)
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({str(i): [f" {2 * i}\n"] for i in range(1, 9)}))
    try:
        samples, metrics = game.collect(1, Bars(False))
        assert {s.group for s in samples} == {("deduction", "solver")} and metrics["phase/selfplay"] == 0.0
        keys = [s.prompt_key for s in samples]
        assert len(samples) == 4 * 2 and keys[0] == keys[1] and len(set(keys)) == 4  # 4 tasks, groups of 2
        assert metrics["solver_accuracy/deduction"] == pytest.approx(
            sum(game.buffers["deduction"].get(k).source.startswith("jsonl:") for k in keys) / 8)
        samples, metrics = game.collect(2, Bars(False))
        assert metrics["phase/selfplay"] == 1.0 and metrics["valid_rate/deduction"] == 1.0
        proposed = [t.task_id for t in game.buffers["deduction"] if t.source == "proposer"]
        solver_keys = [s.prompt_key for s in samples if s.group == ("deduction", "solver")]
        assert solver_keys[:4] == [proposed[0], proposed[0], proposed[1], proposed[1]]  # this step's new tasks first
        assert len(proposed) == 2 and set(solver_keys[4:]) <= {t.task_id for t in game.buffers["deduction"]}
    finally:
        game.close()


def test_newest_task_sampling_stays_an_option(tmp_path):
    rows = [{"code": "def f(x):\n    return x", "input": str(i), "output": str(i)} for i in range(1, 6)]
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), solver_first_steps=1,
                         solver_task_sampling="newest", solver_batch_size=3, solver_group_size=1)
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({}))
    try:
        samples, _ = game.collect(1, Bars(False))
        assert [s.prompt_key for s in samples] == [t.task_id for t in game.buffers["deduction"].newest(3)]
    finally:
        game.close()


def test_a_collapsed_solver_is_measured_and_warned_about(tmp_path, capsys):
    rows = [{"code": "def f(x):\n    return x", "input": str(i), "output": str(i)} for i in range(1, 9)]
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), solver_first_steps=1,
                         solver_batch_size=4)
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({}, default=" 7\n"))
    try:
        _, metrics = game.collect(1, Bars(False))
    finally:
        game.close()
    assert metrics["answer_top_share/deduction"] == 1.0 and metrics["answer_entropy/deduction"] == 0.0
    assert metrics["gold_top_share/deduction"] == pytest.approx(2 / 8)  # 4 tasks, each asked twice
    assert "100% of the deduction solver's answers are one and the same" in capsys.readouterr().out


def test_the_common_wrong_answer_penalty_makes_the_habitual_wrong_answer_the_worst(tmp_path):
    # f(x) = x. The policy says 7 to everything but 1 (right) and 2 (a rare wrong answer, 3).
    rows = [{"code": "def f(x):\n    return x", "input": str(i), "output": str(i)} for i in range(1, 9)]

    def play(penalty):
        cfg = completion_cfg(tmp_path / str(penalty), seed_file=write_rows(tmp_path / "seeds.jsonl", rows),
                             solver_first_steps=1, solver_batch_size=8, solver_group_size=2,
                             wrong_answer_share_penalty=penalty)
        game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({"1": [" 1\n"], "2": [" 3\n"]}, default=" 7\n"))
        try:
            return game.collect(1, Bars(False))
        finally:
            game.close()

    (plain, plain_metrics), (shaped, shaped_metrics) = play(0.0), play(2.0)
    assert [s.prompt_key for s in plain] == [s.prompt_key for s in shaped]  # the same tasks, the same answers
    assert plain_metrics["reward/deduction/solver_mean"] == shaped_metrics["reward/deduction/solver_mean"]  # AZR's
    assert shaped_metrics["reward/deduction/solver_wrong_answer_penalty"] > 0
    assert plain_metrics["reward/deduction/solver_wrong_answer_penalty"] == 0
    tokenizer = load_model("tiny")[1]
    answers = [tokenizer.decode(p.completion_ids).strip() for p in plain]
    shares = {a: answers.count(a) / len(answers) for a in answers}
    for p, s, answer in zip(plain, shaped, answers):
        if p.reward == 1.0:
            assert s.reward == 1.0  # right answers are left alone
        else:  # each wrong answer pays twice its share of the batch, down to the malformed reward
            assert p.reward == -0.5 and s.reward == pytest.approx(max(-0.5 - 2.0 * shares[answer], -1.0))
    assert answers.count("7") > answers.count("3")  # so a wrong 7 learns less than a wrong 3 would
    by_answer = {answer: s.reward for s, answer in zip(shaped, answers)}
    assert by_answer["7"] < by_answer["3"] < -0.5
    assert by_answer["7"] == -1.0  # 7 is 3/4 of the batch: -0.5 - 1.5 would be worse than malformed


def test_counted_over_tasks_the_penalty_hits_a_habit_and_spares_a_one_task_mistake(tmp_path):
    # f(x) = x on inputs 1..8, two answers each. The policy says 7 to everything (right only on
    # task 7), except 1 (right) and 2, where it says 3 twice: a wrong answer it gives on that one
    # task only. Per answer, 3 is 2 of 16 and would be penalised; per task it is on no other task.
    rows = [{"code": "def f(x):\n    return x", "input": str(i), "output": str(i)} for i in range(1, 9)]
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), solver_first_steps=1,
                         solver_batch_size=8, solver_group_size=2, wrong_answer_share_penalty=1.0,
                         wrong_answer_share_unit="tasks")
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({"1": [" 1\n"], "2": [" 3\n"]}, default=" 7\n"))
    try:
        samples, metrics = game.collect(1, Bars(False))
    finally:
        game.close()
    tokenizer = load_model("tiny")[1]
    answers = [tokenizer.decode(s.completion_ids).strip() for s in samples]
    tasks = [s.prompt_key for s in samples]
    wrong_7_tasks = {t for a, t, s in zip(answers, tasks, samples) if a == "7" and s.reward != 1.0}
    assert len(set(tasks)) == 8 and len(wrong_7_tasks) == 5  # tasks 3, 4, 5, 6 and 8
    for s, answer in zip(samples, answers):
        if answer == "1" or (answer == "7" and s.reward == 1.0):
            assert s.reward == 1.0  # right answers are left alone
        elif answer == "3":
            assert s.reward == -0.5  # wrong on its own task only: no habit, no penalty
        else:  # the habit: wrong on 4 other tasks of 8
            assert answer == "7" and s.reward == pytest.approx(-0.5 - 1.0 * 4 / 8)
    assert metrics["reward/deduction/solver_mean"] == pytest.approx(
        (2 * 1 + 2 * 1 + 2 * -0.5 + 10 * -0.5) / 16)  # the logged reward stays AZR's
    with pytest.raises(ValueError, match="wrong_answer_share_unit must be one of"):
        completion_cfg(tmp_path, wrong_answer_share_unit="samples")


def test_counted_within_families_the_penalty_hits_a_family_constant_and_spares_other_families(tmp_path):
    # f(x) = x on 1..8: tasks 1-4 are family A, 5-8 family B (their source). The policy says 3 on
    # every task of A (right on task 3 only) and on task 5 of B, where it is right everywhere else.
    # Within A, 3 is wrong on 2 of each wrong task's 3 other tasks; within B on none of task 5's.
    # Counted over the step's tasks, task 5's 3 would pay for A's habit (wrong on 3 other tasks).
    rows = [{"program": "def f(x):\n    return x", "input": str(i), "output": str(i), "source": "A" if i <= 4 else "B"}
            for i in range(1, 9)]
    answers_by_input = {str(i): [f" {i}\n"] for i in range(6, 9)} | {str(i): [" 3\n"] for i in range(1, 6)}
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), solver_first_steps=2,
                         solver_batch_size=8, solver_group_size=2, wrong_answer_share_penalty=0.6,
                         wrong_answer_share_unit="family", wrong_answer_share_window=2,
                         solver_task_sampling="newest")  # the 8 rows, each once a step
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy(answers_by_input))
    try:
        samples, metrics = game.collect(1, Bars(False))
        tokenizer = load_model("tiny")[1]
        seen = {}
        for s in samples:
            argument = tokenizer.decode(s.prompt_ids).rsplit("assert f(", 1)[1].split(")", 1)[0]
            seen.setdefault(argument, set()).add(s.reward)
        assert sorted(seen, key=int) == [str(i) for i in range(1, 9)]
        assert seen["3"] == {1.0} and seen["6"] == seen["7"] == seen["8"] == {1.0}  # right answers are left alone
        for argument in ("1", "2", "4"):  # A's habit
            assert len(seen[argument]) == 1 and seen[argument].pop() == pytest.approx(-0.5 - 0.6 * 2 / 3)
        assert seen["5"] == {-0.5}  # wrong on its own task only, within B
        assert metrics["reward/deduction/solver_mean"] == pytest.approx((8 * 1 + 8 * -0.5) / 16)  # AZR's, logged
        assert len(game.habits["deduction"]) == 1  # the window of 2 keeps this step for the next
        game.collect(2, Bars(False))
        assert len(game.habits["deduction"]) == 1  # and only the latest
        state = game.state_dict()
    finally:
        game.close()
    resumed = AbsoluteZeroSelfPlay(cfg, CompletionPolicy(answers_by_input), state=state)
    try:  # a resumed run counts the same earlier step
        assert resumed.habits == {"deduction": state["habits"]["deduction"]}
    finally:
        resumed.close()
    with pytest.raises(ValueError, match="wrong_answer_share_window must be positive"):
        completion_cfg(tmp_path, wrong_answer_share_window=0)


def test_every_task_config_field_can_be_set_from_a_run_config():
    cfg = TrainConfig().replace(task={"induction_proposer": "own_program", "unlearnable_reward": -0.5,
                            "templates": {"solver_deduction": "{program}\n>>> f({input})\n"}}, n_references=2)
    task = cfg.task_config()
    assert (task.induction_proposer, task.unlearnable_reward, task.n_references) == ("own_program", -0.5, 2)
    assert task.templates.solver_deduction.startswith("{program}")
    with pytest.raises(ValueError, match="as game fields"):
        TrainConfig().replace(task={"n_references": 3})
    with pytest.raises(ValueError, match="unknown TaskConfig fields"):
        TrainConfig().replace(task={"no_such_field": 1}).task_config()


def test_the_recipe_on_the_tiny_model_evaluates_before_and_after_and_resumes(tmp_path):
    from agents.config import preset

    cfg = preset("smollm2-cpu").replace(
        model="tiny", output_dir=str(tmp_path / "run"), max_steps=2, solver_first_steps=1, progress=False,
        generator_families=("int_mod", "list_sum"), generator_train_per_family=3, generator_heldout_per_family=2,
        generator_heldout_family_size=1, seed_filter_samples=0, solver_batch_size=2, solver_group_size=2,
        proposer_batch_size=2, n_solver_samples=2, max_new_tokens_propose=8, max_new_tokens_solve=4,
        eval_max_new_tokens=4, eval_every=1, plot_at_end=False, executor_workers=1, micro_batch_size=8,
        gen_batch_size=32, kl_coef=0.01, save_every=1)
    trainer = Trainer(cfg.replace(max_steps=1))
    try:
        trainer.train()
    finally:
        trainer.close()
    trainer = Trainer(cfg, resume=True)
    try:
        trainer.train()
        comparison = trainer.report_heldout()
    finally:
        trainer.close()
    rows = read_metrics(tmp_path / "run")
    assert [r["step"] for r in rows] == [0, 1, 2]
    assert all("eval/heldout/deduction/pass@1" in r for r in rows)  # before, every step, after
    assert rows[1]["phase/selfplay"] == 0.0 and rows[2]["phase/selfplay"] == 1.0
    saved = sorted(p.name for p in (tmp_path / "run" / "eval").iterdir() if not p.name.endswith(".samples.jsonl"))
    assert saved == ["comparison.json", "step-000000.json", "step-000001.json", "step-000002.json"]
    answers = (tmp_path / "run" / "eval" / "step-000002.samples.jsonl").read_text().splitlines()
    assert len(answers) == sum(len(s.tasks) for s in trainer._heldout)  # every answer, for a look at what was said
    assert set(comparison) == {"heldout/deduction", "heldout_families/deduction"}
    assert comparison["heldout/deduction"]["n_tasks"] == 4


def test_no_right_answer_may_fill_the_seed_buffer(tmp_path):
    # Eight seeds whose answer is 1 and four with other answers: a 25% cap keeps 3 (a quarter of 12) of the 1s.
    rows = [{"code": "def f(x):\n    return x % 2", "input": str(2 * i + 1), "output": "1"} for i in range(8)]
    rows += [{"code": "def f(x):\n    return x + 1", "input": str(i), "output": str(i + 1)} for i in range(4, 8)]
    cfg = completion_cfg(tmp_path, seed_file=write_rows(tmp_path / "seeds.jsonl", rows), seed_max_answer_share=0.25)
    game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({}))
    try:
        outputs = [t.output for t in game.buffers["deduction"] if t.source.startswith("jsonl:")]
        assert sorted(outputs) == ["1", "1", "1", "5", "6", "7", "8"]
    finally:
        game.close()
    with pytest.raises(ValueError, match="seed_max_answer_share"):
        TrainConfig().replace(seed_max_answer_share=0.0)


def test_no_seed_family_teaches_one_answer_as_a_constant(tmp_path):
    # A predicate family whose kept seeds are five False and one True keeps one of each; a family
    # whose answers all differ keeps every seed.
    def row(program, x, output, family):
        return {"task_type": "deduction", "program": program, "input": str(x), "output": output, "source": family}

    even = "def f(x):\n    return x % 2 == 0"
    rows = [row(even, x, "False", "fam:even") for x in (1, 3, 5, 7, 9)] + [row(even, 2, "True", "fam:even")]
    rows += [row("def f(x):\n    return x + 1", x, str(x + 1), "fam:inc") for x in range(3)]
    seed_file = write_rows(tmp_path / "seeds.jsonl", rows)
    kept = {}
    for balance in (False, True):
        cfg = completion_cfg(tmp_path / str(balance), seed_file=seed_file, seed_balance_families=balance)
        game = AbsoluteZeroSelfPlay(cfg, CompletionPolicy({}))
        try:
            kept[balance] = sorted((t.source, t.output) for t in game.buffers["deduction"] if t.source.startswith("fam:"))
        finally:
            game.close()
    assert kept[False].count(("fam:even", "False")) == 5  # off (the default): every seed stays
    assert kept[True] == [("fam:even", "False"), ("fam:even", "True"), ("fam:inc", "1"), ("fam:inc", "2"), ("fam:inc", "3")]


def test_completion_prompts_reach_the_model_as_the_env_wrote_them(tmp_path, monkeypatch):
    import agents.weights as models

    def chatty_tokenizer():  # the tiny tokenizer, with a chat template as instruct models have
        tokenizer = build()
        tokenizer.chat_template = "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}{% endfor %}<assistant>"
        return tokenizer

    build = models.build_tiny_tokenizer
    monkeypatch.setattr(models, "build_tiny_tokenizer", chatty_tokenizer)
    prompt = "def f(s):\n    return s\nassert f('a') =="
    for cfg, seen in [(completion_cfg(tmp_path / "c", use_chat_template=None), prompt),
                      (TrainConfig().replace(**{**SMALL, "use_chat_template": None, "output_dir": str(tmp_path / "t")}),
                       f"<user>{prompt}<assistant>")]:
        trainer = Trainer(cfg.replace(max_steps=0))
        try:
            assert trainer.policy.render(prompt) == seen
        finally:
            trainer.close()
    with pytest.raises(ValueError, match="continued as they are"):
        Trainer(completion_cfg(tmp_path / "x", response_prefix="<answer>\n"))


def test_games_are_named_in_one_map_or_by_path():
    from agents.games import GAMES
    from agents.trainer import game_class
    from agents.lsp.trainer import LSPSelfPlay

    assert game_class("azr") is AbsoluteZeroSelfPlay and game_class("lsp") is LSPSelfPlay
    assert game_class("agents.trainer:AbsoluteZeroSelfPlay") is AbsoluteZeroSelfPlay  # a game of one's own
    assert set(GAMES) == {"azr", "lsp"}
    for bad in ("chess", "agents.trainer:NoSuchGame", "no_such_module:Game"):
        with pytest.raises(ValueError, match="game"):
            game_class(bad)
