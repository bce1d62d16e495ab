"""One training step of the bundled agent against TRL's ``GRPOTrainer`` on the same work, on CPU.

The work of one step, identical on both sides: P CRUXEval output-prediction prompts (the solver
prompt training uses), G completions each (B = P x G sequences), at most L new tokens, temperature
1, top-p 1; every completion scored by this package's solver verifier (1 / -0.5 / -1); GRPO
advantages (reward minus its prompt group's mean, over the group's std); one PPO-clip optimizer
step over the B sequences in one micro-batch, AdamW, grad clip 1.0, no KL term (so no reference
model), fp32, no gradient checkpointing. The model is the ``tiny`` one from ``agents.weights``
(same seed, same weights on both sides).

* **agent**: ``agents.trainer.Trainer.train_step``, unchanged, with a game that plays only the
  trainer's solve phase on fixed tasks: a solve-mode ``AZR-Deduction-v0`` vector env of B
  sub-envs reset onto the P tasks (G sub-envs each), ``Policy.generate`` on its observations, one
  ``env.step`` to score them; then the trainer's own update (``estimator="grpo"``, samples
  grouped by task id). Its defaults stay on: generation runs each of the P prompts once and shares
  its KV cache among the G rows, and the update runs each prompt once for its G completions
  (``shared_prompt_forward``; same gradient as the padded batch, to float rounding).
* **trl**: ``trl.GRPOTrainer`` with ``azr_env.integrations.trl.solver_reward_func`` as its reward
  and ``build_dataset`` on the same tasks; ``per_device_train_batch_size=B``,
  ``num_generations=G``, ``max_completion_length=L``, ``beta=0``, ``num_iterations=1``. TRL's
  defaults ``gradient_checkpointing=True`` and ``bf16=True`` are turned off to match the agent.

**Rewards carry a tie-breaker.** The random tiny model never writes a well-formed answer, so the
verifier pays every completion -1, every GRPO advantage is 0, and the agent's learner skips the
forward/backward of zero-advantage samples (their gradient is exactly 0), while TRL computes it.
That would compare an update against no update. So both sides add the same deterministic jitter in
[0, 0.01) (a hash of the completion text) to the verifier's reward: every sample then carries a
gradient on both sides, as in a run where rewards differ. ``--no-jitter`` measures the bare
reward, where the agent's skip is a real (but situational) saving.

Each side runs in its own fresh process (so that its peak RSS is its own): W untimed warm-up
steps, then S timed steps; R rounds of (agent, TRL) processes, the order alternating (ABBA) so
that drifting load from other users of the machine hits both alike. Time per step is the median
of all timed steps of a side (the minimum is printed too); peak memory is the process's
``ru_maxrss`` (imports included) and its growth over the RSS measured just before the first step.
Target (DESIGN.md): agent time per step <= 0.7x TRL's.

    python benchmarks/bench_train_step.py --quick      # P=2, G=4, L=32, 1 + 3 steps, 1 round; about a minute
    python benchmarks/bench_train_step.py              # P=4, G=8, L=64, 2 + 6 steps, 2 rounds

TRL is an optional extra: ``pip install 'azr-env[bench]'`` (or ``--python`` pointing at an
interpreter that has it; the agent side runs there too, so both share one environment).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from benchmarks._common import DEFAULT_CRUXEVAL, machine, rss_mb  # noqa: E402

TARGET = 0.7
LR = 1e-5


def jitter(text) -> float:
    """A deterministic tie-breaker in [0, 0.01) added to every reward on both sides (see the docstring)."""
    return 0.01 * zlib.crc32(str(text).encode("utf-8", "replace")) / 2**32


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bench_tasks(n: int, data: Path):
    from azr_env.tasks import Task, TaskBuffer

    if data.exists():
        buffer = TaskBuffer.from_jsonl(data, "deduction", max_size=None)
        return list(buffer)[:n]
    return [Task("deduction", f"def f(a):\n    return [x * {i} for x in a]", "[1, 2, 3]", f"[{i}, {2 * i}, {3 * i}]",
                 source="synthetic") for i in range(n)]


# -- the agent side --------------------------------------------------------------------------------
def run_agent(opts) -> dict:
    import gymnasium as gym
    import torch

    import azr_env  # noqa: F401  (registers AZR-*)
    from agents.config import TrainConfig
    from agents.learner import Sample
    from agents.policy import SamplingConfig
    from agents.trainer import Trainer
    from azr_env.executor import Executor
    from azr_env.tasks import TaskBuffers, TaskConfig

    tasks = bench_tasks(opts.prompts, opts.data)
    B = opts.prompts * opts.group

    global SolveOnly  # the trainer loads it as "__main__:SolveOnly"

    class SolveOnly:
        """The trainer's solve phase on fixed tasks, G sub-envs per task (a GRPO group)."""

        def __init__(self, cfg, policy, *, process_index=0, state=None):
            self.policy = policy
            self.executor = Executor(workers=opts.workers)
            buffers = TaskBuffers(max_size=None)
            buffers["deduction"].extend(tasks)
            self.env = gym.make_vec("AZR-Deduction-v0", num_envs=B, mode="solve", config=TaskConfig(),
                                    executor=self.executor, buffers=buffers)
            self.task_ids = [tasks[i // opts.group].task_id for i in range(B)]
            self.sampling = SamplingConfig(cfg.max_new_tokens_solve, cfg.temperature, cfg.top_p)
            self.lengths = []

        def collect(self, step, bars):
            t0 = time.perf_counter()
            observations, _ = self.env.reset(seed=step, options={"task_id": self.task_ids})
            t1 = time.perf_counter()
            gens = self.policy.generate(list(observations), self.sampling)
            t2 = time.perf_counter()
            _, rewards, _, _, _ = self.env.step([g.text for g in gens])
            t3 = time.perf_counter()
            self.lengths.append(sum(len(g.completion_ids) for g in gens) / len(gens))
            bonus = [jitter(g.text) if opts.jitter else 0.0 for g in gens]
            samples = [Sample(g.prompt_ids, g.completion_ids, float(r) + j, ("deduction", "solver"), prompt_key=tid)
                       for g, r, j, tid in zip(gens, rewards, bonus, self.task_ids)]
            return samples, {"valid_rate": float("nan"), "tokens_generated": sum(len(g.completion_ids) for g in gens),
                             "reward_mean": float(sum(rewards) / len(rewards)),
                             "time/generate": t2 - t1, "time/env": (t1 - t0) + (t3 - t2)}

        def state_dict(self):
            return {}

        def save_readable(self, directory):
            pass

        def close(self):
            self.env.close()
            self.executor.close()

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as out:
        cfg = TrainConfig().replace(
            model="tiny", output_dir=out, max_steps=opts.warmup + opts.steps, seed=0, progress=False, game="__main__:SolveOnly",
            task_types=("deduction",), n_solver_samples=opts.group, temperature=1.0, top_p=1.0,
            max_new_tokens_solve=opts.length, gen_batch_size=B, micro_batch_size=B, estimator="grpo",
            grpo_scale_std=True, kl_coef=0.0, ppo_epochs=1, num_mini_batches=1, lr=LR, max_grad_norm=1.0,
            use_chat_template=False, executor_workers=opts.workers,
        )
        trainer = Trainer(cfg)
        before = rss_mb()
        times, grad_norms, phases = [], [], []
        try:
            for step in range(opts.warmup + opts.steps):
                t0 = time.perf_counter()
                metrics = trainer.train_step()
                times.append(time.perf_counter() - t0)
                grad_norms.append(metrics.get("update/grad_norm", float("nan")))
                phases.append({k: metrics.get(f"time/{k}", float("nan")) for k in ("generate", "env", "update")})
            lengths = trainer.game.lengths
        finally:
            trainer.close()
    timed = times[opts.warmup:]
    return {"side": "agent", "step_s": statistics.median(timed), "steps_s": timed, "rss_before_mb": before,
            "peak_rss_mb": peak_rss_mb(), "mean_completion_tokens": statistics.mean(lengths[opts.warmup:]),
            "grad_norm_mean": statistics.mean(grad_norms[opts.warmup:]),
            "phases_s": {k: statistics.median(p[k] for p in phases[opts.warmup:]) for k in phases[0]}}


# -- the TRL side ----------------------------------------------------------------------------------
def run_trl(opts) -> dict:
    import torch
    import trl
    from transformers import TrainerCallback

    from agents.weights import load_model
    from azr_env.executor import Executor
    from azr_env.integrations.trl import build_dataset, completion_text, solver_reward_func

    tasks = bench_tasks(opts.prompts, opts.data)
    B = opts.prompts * opts.group
    total = opts.warmup + opts.steps
    # Enough rows for every step to see P prompts; the same P tasks, in order, as the agent sees.
    dataset = build_dataset(tasks * total)
    torch.manual_seed(0)
    model, tokenizer = load_model("tiny", seed=0)

    class Timer(TrainerCallback):
        def __init__(self):
            self.times, self.lengths, self.grad_norms, self._t0 = [], [], [], None

        def on_step_begin(self, args, state, control, **kwargs):
            self._t0 = time.perf_counter()

        def on_step_end(self, args, state, control, **kwargs):
            self.times.append(time.perf_counter() - self._t0)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "completions/mean_length" in logs:
                self.lengths.append(logs["completions/mean_length"])
            if logs and "grad_norm" in logs:
                self.grad_norms.append(float(logs["grad_norm"]))

    timer = Timer()
    with tempfile.TemporaryDirectory() as out, Executor(workers=opts.workers) as executor:
        args = trl.GRPOConfig(
            output_dir=out, per_device_train_batch_size=B, num_generations=opts.group, max_completion_length=opts.length,
            temperature=1.0, top_p=1.0, top_k=0, learning_rate=LR, beta=0.0, num_iterations=1,
            gradient_accumulation_steps=1, max_grad_norm=1.0, max_steps=total, use_cpu=True, bf16=False, fp16=False,
            gradient_checkpointing=False, logging_steps=1, report_to="none", save_strategy="no", shuffle_dataset=False,
            seed=0, dataloader_num_workers=0, disable_tqdm=True,
        )
        solver = solver_reward_func(executor=executor)

        def reward(prompts, completions, **kwargs):
            values = solver(prompts=prompts, completions=completions, **kwargs)
            if opts.jitter:
                values = [v + jitter(completion_text(c)) for v, c in zip(values, completions)]
            return values

        reward.__name__ = "azr_solver"
        trainer = trl.GRPOTrainer(model=model, processing_class=tokenizer, reward_funcs=[reward], train_dataset=dataset,
                                  args=args, callbacks=[timer])
        before = rss_mb()
        trainer.train()
    timed = timer.times[opts.warmup:]
    return {"side": "trl", "trl_version": trl.__version__, "step_s": statistics.median(timed), "steps_s": timed,
            "rss_before_mb": before, "peak_rss_mb": peak_rss_mb(),
            "mean_completion_tokens": statistics.mean(timer.lengths[opts.warmup:]) if timer.lengths else float("nan"),
            "grad_norm_mean": statistics.mean(timer.grad_norms[opts.warmup:]) if timer.grad_norms else float("nan")}


# -- the driver ------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--prompts", type=int, default=None, help="P prompts per step")
    parser.add_argument("--group", type=int, default=None, help="G completions per prompt")
    parser.add_argument("--length", type=int, default=None, help="L, max new tokens per completion")
    parser.add_argument("--steps", type=int, default=None, help="timed steps")
    parser.add_argument("--warmup", type=int, default=None, help="untimed steps first")
    parser.add_argument("--rounds", type=int, default=None, help="agent/TRL process pairs, order alternating")
    parser.add_argument("--no-jitter", dest="jitter", action="store_false",
                        help="pay the bare verifier reward (see the docstring: the agent then skips the backward)")
    parser.add_argument("--workers", type=int, default=1, help="executor workers on each side")
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL)
    parser.add_argument("--python", default=sys.executable, help="interpreter for both sides (needs trl for TRL)")
    parser.add_argument("--side", choices=("agent", "trl"), help=argparse.SUPPRESS)  # child process mode
    opts = parser.parse_args(argv)
    opts.prompts = opts.prompts or (2 if opts.quick else 4)
    opts.group = opts.group or (4 if opts.quick else 8)
    opts.length = opts.length or (32 if opts.quick else 64)
    opts.steps = opts.steps or (3 if opts.quick else 6)
    opts.rounds = opts.rounds or (1 if opts.quick else 2)
    opts.warmup = opts.warmup if opts.warmup is not None else (1 if opts.quick else 2)

    if opts.side:
        import torch

        torch.set_num_threads(min(torch.get_num_threads(), os.cpu_count() or 1))
        from transformers.utils import logging

        logging.set_verbosity_error()
        result = (run_agent if opts.side == "agent" else run_trl)(opts)
        print("RESULT " + json.dumps(result))
        return 0

    forwarded = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--quick"]
    print(f"rewards: the solver verifier's{' + a tie-breaking jitter in [0, 0.01)' if opts.jitter else ' (no jitter)'}")
    child = [opts.python, __file__, *forwarded, "--prompts", str(opts.prompts), "--group", str(opts.group),
             "--length", str(opts.length), "--steps", str(opts.steps), "--warmup", str(opts.warmup)]
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"work per step: P={opts.prompts} prompts x G={opts.group} completions = {opts.prompts * opts.group} "
          f"sequences, <= {opts.length} new tokens, tiny model; {opts.warmup} warm-up + {opts.steps} timed steps")
    runs: dict[str, list[dict]] = {"agent": [], "trl": []}
    failed = False
    for round_ in range(opts.rounds):
        for side in (("agent", "trl") if round_ % 2 == 0 else ("trl", "agent")):  # ABBA against drifting load
            t0 = time.perf_counter()
            done = subprocess.run(child + ["--side", side], capture_output=True, text=True)
            line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
            if done.returncode != 0 or line is None:
                tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
                print(f"{side}: failed ({done.returncode}): " + " | ".join(tail))
                if side == "trl" and "No module named 'trl'" in (done.stderr or ""):
                    print("  TRL is not installed: pip install 'azr-env[bench]', or pass --python with an "
                          "interpreter that has it")
                failed = True
                break
            result = json.loads(line[len("RESULT "):])
            result["wall_s"] = time.perf_counter() - t0
            runs[side].append(result)
        if failed:
            break
    summary = {}
    for side, rs in runs.items():
        if not rs:
            continue
        steps = [t for r in rs for t in r["steps_s"]]
        summary[side] = {"median": statistics.median(steps), "min": min(steps), "steps": steps,
                         "peak": max(r["peak_rss_mb"] for r in rs),
                         "growth": max(r["peak_rss_mb"] - r["rss_before_mb"] for r in rs),
                         "length": statistics.mean(r["mean_completion_tokens"] for r in rs),
                         "grad_norm": statistics.mean(r["grad_norm_mean"] for r in rs),
                         "wall": statistics.mean(r["wall_s"] for r in rs), "label": (
                             f"TRL {rs[0]['trl_version']} GRPOTrainer" if side == "trl" else "agent Trainer.train_step")}
    for side, r in summary.items():
        print(f"{r['label']:<28}: median {r['median']:6.2f} s/step, min {r['min']:6.2f} s "
              f"(timed: {', '.join(f'{t:.2f}' for t in r['steps'])}); peak RSS {r['peak']:6.0f} MB "
              f"(+{r['growth']:.0f} MB over the RSS before step 1); mean completion {r['length']:.1f} tokens; "
              f"mean grad norm {r['grad_norm']:.3g}; "
              f"process wall {r['wall']:.0f} s")
    if runs["agent"]:
        phases = {k: statistics.median(r["phases_s"][k] for r in runs["agent"]) for k in runs["agent"][0]["phases_s"]}
        print("agent step breakdown (medians): " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
    if len(summary) == 2:
        ratio = summary["agent"]["median"] / summary["trl"]["median"]
        ratio_min = summary["agent"]["min"] / summary["trl"]["min"]
        mem = summary["agent"]["peak"] / summary["trl"]["peak"]
        print(f"ratio agent/TRL time per step: {ratio:.3f}x on medians, {ratio_min:.3f}x on minima "
              f"(target <= {TARGET}x: {'met' if ratio <= TARGET else 'NOT met'}); peak RSS ratio {mem:.3f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if len(summary) == 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
