"""Learning check L3: does the embedded default learn something real? The README's main job
(``azr train --preset smollm2-cpu``) on SmolLM2-135M, run for one or more training seeds.

Per seed, each phase skipped when its output exists (an interrupted run picks up where it stopped):

1. ``azr train --preset smollm2-cpu --seed S --resume``: the generated seed buffer filtered to the
   untrained model's solve rate in (0, 1), the solver-first phase, then self-play; greedy pass@1 on
   the held-out sets before, during and after, with a 95% paired-bootstrap interval on the change
   (``eval/comparison.json``). Its wall-clock time is the figure the 75-minute target is about.
2. ``azr eval`` on CRUXEval-O and CRUXEval-I (completion prompts, greedy) of the untrained model
   (once for all seeds) and of the seed's last checkpoint, with the same paired bootstrap.
3. From ``metrics.jsonl``: the self-play phase's valid-proposal rate and learnability, the solver's
   accuracy in the first and last steps, the top answer's share.

Everything goes to ``RUN_DIR/l3_summary.json`` and is printed, with the issue's targets checked:
held-out instances +8 points or more with an interval that excludes 0, the top-answer share not
rising, and every seed agreeing.

    nohup python benchmarks/l3_smollm2_recipe.py --seeds 0,1 > runs/l3.log 2>&1 &     # about 75 min a seed
    python benchmarks/l3_smollm2_recipe.py --quick --run-dir runs/l3-quick              # the tiny model, minutes

Any other argument is an ``azr train`` flag for every seed's run (``--lr 2e-5 --max-steps 30``).

Nothing here is a test: it is long on 2 cores, and its figures go to benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from azr_env.files import write_atomic  # noqa: E402
from benchmarks._common import DEFAULT_CRUXEVAL, machine  # noqa: E402

# --quick: the same recipe and code paths on the tiny random model, sized to finish in minutes.
QUICK = ["--model", "tiny", "--max-steps", "3", "--solver-first-steps", "2", "--eval-every", "0",
         "--generator-train-per-family", "4", "--generator-heldout-per-family", "2",
         "--generator-heldout-family-size", "2", "--seed-filter-samples", "2", "--seed-filter-max-tasks", "16",
         "--solver-batch-size", "4", "--solver-group-size", "4", "--proposer-batch-size", "4",
         "--n-solver-samples", "2", "--executor-workers", "1", "--no-plot-at-end"]
TARGET_GAIN = 0.08


def sh(argv: list[str], log, env: dict | None = None) -> float:
    """Run one phase as its own process (as a user would), its output appended to the log; its seconds."""
    print("$ " + " ".join(argv), file=log, flush=True)
    started = time.time()
    done = subprocess.run(argv, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
    seconds = time.time() - started
    print(f"# exit {done.returncode} after {seconds:.0f} s", file=log, flush=True)
    if done.returncode != 0:
        raise SystemExit(f"phase failed: {' '.join(argv)} (see the log)")
    return seconds


def cruxeval(model: str, output: Path, opts, log) -> dict:
    if not output.exists():
        argv = [sys.executable, "-m", "agents.evaluate", "--model", model, "--tasks", "cruxeval-o,cruxeval-i",
                "--data", str(opts.data), "--n", "1", "--temperature", "0", "--prompt-style", "completion",
                "--max-new-tokens", str(opts.cruxeval_max_new_tokens), "--batch-size", "32", "--workers", "2",
                "--output", str(output), "--samples", str(output.with_suffix(".samples.jsonl")), "--no-progress"]
        if opts.cruxeval_limit:
            argv += ["--limit", str(opts.cruxeval_limit)]
        # One torch thread, as in training: on shared cores a second one spins (see benchmarks/README.md, L3).
        sh(argv, log, env={**os.environ, "OMP_NUM_THREADS": "1"})
    return json.loads(output.read_text(encoding="utf-8"))


def mean_of(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float)) and math.isfinite(r[key])]
    return round(sum(values) / len(values), 4) if values else None


def train_seed(seed: int, run: Path, opts, log) -> dict:
    """Phase 1 for one seed; the wall-clock seconds of every invocation are added up in timing.json.

    The start of an invocation is written before it runs. If this script is killed meanwhile (a
    session ends), the next run finds that mark and counts the lost invocation up to the last
    metrics line it wrote (``metrics.jsonl``'s modification time): an undercount by at most one
    step, which the summary flags as ``interrupted_invocations``.
    """
    timing_path = run / "timing.json"
    timing = json.loads(timing_path.read_text()) if timing_path.exists() else {"train_seconds": 0.0, "invocations": 0}
    metrics = run / "metrics.jsonl"
    started = timing.pop("running_since", None)
    if started is not None:
        last_line = metrics.stat().st_mtime if metrics.exists() else started
        timing["train_seconds"] += max(0.0, last_line - started)
        timing["invocations"] += 1
        timing["interrupted_invocations"] = timing.get("interrupted_invocations", 0) + 1
    comparison = run / "eval" / "comparison.json"
    if not comparison.exists():
        argv = [sys.executable, "-m", "agents.cli", "train", "--preset", opts.preset, "--seed", str(seed),
                "--output-dir", str(run), "--resume", "--no-progress"]
        argv += opts.train_flags
        run.mkdir(parents=True, exist_ok=True)
        write_atomic(timing_path, json.dumps({**timing, "running_since": time.time()}, indent=1) + "\n")
        timing["train_seconds"] += sh(argv, log)
        timing["invocations"] += 1
        timing["load_at_end"] = os.getloadavg()[0]
    write_atomic(timing_path, json.dumps(timing, indent=1) + "\n")
    return timing


def summarise_seed(seed: int, run: Path, base_crux: dict, opts, log, timing: dict) -> dict:
    from agents.evaluate import compare_results

    heldout = json.loads((run / "eval" / "comparison.json").read_text(encoding="utf-8"))["sets"]
    final = cruxeval(str(run), run / "cruxeval_after.json", opts, log)
    crux = compare_results(base_crux, final)
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    steps = [r for r in rows if r["step"] > 0]
    selfplay = [r for r in steps if r.get("phase/selfplay") == 1.0]
    solver_first = [r for r in steps if r.get("phase/selfplay") == 0.0]
    main = heldout.get("heldout/deduction", {})
    low = (main.get("ci95") or [float("nan")])[0]
    shares = main.get("top_answer_share") or [None, None]
    return {
        "seed": seed, "steps": len(steps), "solver_first_steps": len(solver_first), "selfplay_steps": len(selfplay),
        "train_wall_seconds": round(timing["train_seconds"]), "train_invocations": timing["invocations"],
        "interrupted_invocations": timing.get("interrupted_invocations", 0),
        "seconds_per_step_mean": mean_of(steps, "time/step"),
        # The steps' and evaluations' own timers: a cross-check on the wall clock (no seed filter
        # or model load in it), and the only figure left for an invocation killed unrecorded.
        "step_and_eval_seconds": round(sum(r.get("time/step", 0.0) + r.get("time/eval", 0.0) for r in rows)),
        "heldout": heldout, "cruxeval": crux,
        "selfplay": {"valid_rate": mean_of(selfplay, "valid_rate"), "learnability": mean_of(selfplay, "learnability_mean"),
                     "solve_rate": mean_of(selfplay, "solve_rate_mean")},
        "solver_accuracy": {"first5": mean_of(steps[:5], "solver_accuracy/deduction"),
                            "last5": mean_of(steps[-5:], "solver_accuracy/deduction")},
        "targets": {
            "gain_at_least_8_points": bool(main) and main["change"] >= TARGET_GAIN,
            "interval_excludes_0": bool(main) and low > 0,
            "top_answer_share_not_rising": None not in shares and shares[1] <= shares[0],
            "within_75_minutes": max(timing["train_seconds"], sum(
                r.get("time/step", 0.0) + r.get("time/eval", 0.0) for r in rows)) <= 75 * 60,
        },
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     allow_abbrev=False)  # `--seed` is azr train's, not a short `--seeds`
    parser.add_argument("--run-dir", type=Path, default=REPO / "runs" / "l3-smollm2")
    parser.add_argument("--seeds", default="0,1", help="comma-separated training seeds (default 0,1)")
    parser.add_argument("--preset", default="smollm2-cpu")
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL)
    parser.add_argument("--cruxeval-limit", type=int, default=None, help="first N CRUXEval rows (default: all 400)")
    parser.add_argument("--cruxeval-max-new-tokens", type=int, default=32)
    parser.add_argument("--quick", action="store_true", help="the tiny model, sized for minutes: checks the script")
    # Any other argument is an `azr train` flag for every seed's run (`--lr 2e-5`, `--max-steps 30`).
    opts, train_flags = parser.parse_known_args(argv)
    opts.train_flags = (QUICK if opts.quick else []) + train_flags
    from agents.cli import train_config

    train_config(["--preset", opts.preset, *opts.train_flags])  # a bad flag stops here, before any phase
    if opts.quick:
        opts.cruxeval_limit = opts.cruxeval_limit or 6
        opts.cruxeval_max_new_tokens = 8
    run_dir = opts.run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    log = open(run_dir / "l3.log", "a", encoding="utf-8")
    print(f"# L3 on {machine()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}, load {os.getloadavg()[0]:.2f}",
          file=log, flush=True)
    base_model = "tiny" if opts.quick else "smollm2-cpu"
    seeds = [int(s) for s in opts.seeds.split(",") if s.strip()]
    timings = {seed: train_seed(seed, run_dir / f"seed-{seed}", opts, log) for seed in seeds}
    base_crux = cruxeval(base_model, run_dir / "cruxeval_base.json", opts, log)
    results = [summarise_seed(seed, run_dir / f"seed-{seed}", base_crux, opts, log, timings[seed]) for seed in seeds]
    agree = all(r["targets"]["gain_at_least_8_points"] and r["targets"]["interval_excludes_0"] for r in results)
    summary = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "preset": opts.preset, "overrides": opts.train_flags,
               "seeds": results, "every_seed_meets_the_gain_target": agree}
    write_atomic(run_dir / "l3_summary.json", json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary, indent=1))
    for r in results:
        print(f"seed {r['seed']}: {r['steps']} steps in {r['train_wall_seconds']} s; targets {r['targets']}")
    print(f"every seed meets the gain target: {agree}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
