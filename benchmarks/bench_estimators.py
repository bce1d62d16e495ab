"""PPO with a learned critic against REINFORCE++ and GRPO on the toy task of the learning test.

The task is ``tests/agents/test_learning.py``'s, imported from there so that both play the same
game: the tiny policy answers one deduction question (``f(7)`` for ``f(x) = x % 3``, answer ``1``)
B times per step with the Absolute Zero solver rewards (1 / -0.5 / -1), then makes one update
(lr 5e-3, one PPO epoch, one mini-batch). Every estimator starts each seed from the same initial
model (``Policy.from_pretrained("tiny", seed=s)``, torch seeded with s) and takes the same B
samples per step; only the advantages and, for PPO, the critic differ:

* ``ppo``: ``estimator="ppo"``, a value head on the policy's transformer (the default critic),
  GAE(1, 1), whitened advantages, clipped value loss (vf_coef 0.1, clip 0.5);
* ``ppo-separate``: the same with a separate critic model (``critic="separate"``);
* ``reinforce++``: one batch baseline, returns whitened over the batch's tokens;
* ``grpo``: one baseline per prompt group, divided by the group's std.

For each estimator and seed: the steps until a step's mean reward reaches 0.9 (or "not reached"
after ``--max-steps``), and the wall-clock time of a step (generation, rewards, scoring, update),
whose median and minimum over all steps of an estimator are compared with REINFORCE++'s, measured
in the same run (the minimum is the figure least disturbed by other load on a shared machine). The
estimators take turns within each seed, in an order that rotates from seed to seed, so
that drifting load from other users of the machine falls on all of them alike.

**What this task can and cannot show.** One prompt and one-token answers make every state the
same: V(s) is one number per step, so whitened GAE advantages (r - V) equal whitened rewards,
which are REINFORCE++'s and GRPO's too (one prompt = one group, one token = one return). What
differs is the critic's own update: with a head, the value loss also trains the shared
transformer; and the time the critic costs (the forward that scores old values, the head, a
separate model's forward and backward). REINFORCE++ and GRPO compute the same numbers here, so
their rows should agree: a check on the benchmark's noise, not a finding.

    python benchmarks/bench_estimators.py --quick      # 2 seeds, ppo / reinforce++ / grpo; about 1-2 minutes
    python benchmarks/bench_estimators.py              # 8 seeds, all four; about 6-10 CPU-minutes
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout, uninstalled
sys.path.insert(0, str(REPO / "tests" / "agents"))  # the toy task lives with the learning test

import test_learning as toy  # noqa: E402

from benchmarks._common import machine  # noqa: E402

TARGET = 0.9
BASELINE = "reinforce++"
VARIANTS = {
    "ppo": {"estimator": "ppo"},
    "ppo-separate": {"estimator": "ppo", "critic": "separate"},
    "reinforce++": {"estimator": "reinforce++"},
    "grpo": {"estimator": "grpo"},
}


def run_one(variant: str, seed: int, max_steps: int, batch: int) -> dict:
    """Train one seed until a step's mean reward reaches TARGET; return its steps and times."""
    cfg = toy.CFG.replace(micro_batch_size=batch, **VARIANTS[variant])
    policy, optimizer = toy.new_learner(cfg, seed)
    rewards, seconds = [], []
    for _ in range(max_steps):
        start = time.perf_counter()
        reward, _, _ = toy.play(policy, optimizer, cfg, batch=batch)
        seconds.append(time.perf_counter() - start)
        rewards.append(reward)
        if reward >= TARGET:
            break
    reached = len(rewards) if rewards[-1] >= TARGET else None
    return {"variant": variant, "seed": seed, "steps_to_target": reached, "rewards": rewards, "seconds": seconds}


def summarise(runs: list[dict], variants: list[str]) -> dict[str, dict]:
    out = {}
    for variant in variants:
        mine = [r for r in runs if r["variant"] == variant]
        steps = [r["steps_to_target"] for r in mine]
        reached = [s for s in steps if s is not None]
        out[variant] = {
            "reached": len(reached), "seeds": len(mine), "steps": steps,
            "median_steps": statistics.median(reached) if reached else None,
            "mean_steps": statistics.mean(reached) if reached else None,
            "median_step_seconds": statistics.median(t for r in mine for t in r["seconds"]),
            "best_step_seconds": min(t for r in mine for t in r["seconds"]),
        }
    return out


def print_table(summary: dict[str, dict], max_steps: int) -> None:
    base = summary.get(BASELINE)
    print(f"\n| estimator | reached {TARGET} | steps to {TARGET}: median (mean) | per seed | s/step median (best) "
          f"| s/step vs {BASELINE}: median (best) | median steps vs {BASELINE} |")
    print("|---|---|---|---|---|---|---|")
    for variant, s in summary.items():
        per_seed = ", ".join("-" if x is None else str(x) for x in s["steps"])
        steps = "n/a" if s["median_steps"] is None else f"{s['median_steps']:g} ({s['mean_steps']:.1f})"
        time_ratio = steps_ratio = "n/a"
        if base is not None:
            time_ratio = (f"{s['median_step_seconds'] / base['median_step_seconds']:.2f}x "
                          f"({s['best_step_seconds'] / base['best_step_seconds']:.2f}x)")
            if s["median_steps"] is not None and base["median_steps"]:
                steps_ratio = f"{s['median_steps'] / base['median_steps']:.2f}x"
        print(f"| {variant} | {s['reached']}/{s['seeds']} | {steps} | {per_seed} | {s['median_step_seconds']:.2f} "
              f"({s['best_step_seconds']:.2f}) | {time_ratio} | {steps_ratio} |")
    print(f"('-': not reached within {max_steps} steps)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds; ppo, reinforce++ and grpo only")
    parser.add_argument("--seeds", type=int, help="number of seeds (0..N-1); default 8, or 2 with --quick")
    parser.add_argument("--variants", default=None, help=f"comma-separated subset of {','.join(VARIANTS)}")
    parser.add_argument("--max-steps", type=int, default=toy.MAX_STEPS, help="give up on a seed after this many steps")
    parser.add_argument("--batch", type=int, default=toy.BATCH, help="samples per step (the same for every estimator)")
    parser.add_argument("--json", metavar="FILE", help="also write every run's rewards and step times here")
    args = parser.parse_args(argv)
    seeds = args.seeds or (2 if args.quick else 8)
    variants = (args.variants.split(",") if args.variants
                else ["ppo", "reinforce++", "grpo"] if args.quick else list(VARIANTS))
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variants {unknown}; choose from {list(VARIANTS)}")
    import torch

    print(f"machine: {machine()}; torch threads {torch.get_num_threads()}; load average {os.getloadavg()[0]:.2f}")
    print(f"toy task: {seeds} seeds x {variants}, {args.batch} samples per step, at most {args.max_steps} steps, "
          f"target mean reward {TARGET}")
    runs = []
    for seed in range(seeds):
        k = seed % len(variants)
        for variant in variants[k:] + variants[:k]:  # the order rotates from seed to seed
            result = run_one(variant, seed, args.max_steps, args.batch)
            runs.append(result)
            print(f"seed {seed} {variant:13s} steps to {TARGET}: {result['steps_to_target'] or '-':>3} "
                  f"| median s/step {statistics.median(result['seconds']):.2f} "
                  f"| rewards {[round(r, 2) for r in result['rewards']]}", flush=True)
    summary = summarise(runs, variants)
    print_table(summary, args.max_steps)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"runs": runs, "summary": summary}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
