"""Learning check L2: SmolLM2-135M-Instruct self-play on CPU for 50 steps, with a hold-out evaluation
before and after.

1. ``azr eval`` of the untrained model on CRUXEval output and input prediction (greedy, pass@1).
   CRUXEval is never seen in training (the buffers start from the identity seed), so it is a
   hold-out set by construction.
2. ``azr train --preset smollm2-cpu --max-steps 50`` (resumable: rerunning continues from the last
   checkpoint).
3. ``azr eval`` of the last checkpoint on the same rows.
4. From ``metrics.jsonl``: the valid-proposal rate, the format-error rates (proposer and solver),
   the learnability mean and the solver accuracy, as first-5 and last-5 step means; the curves via
   ``azr plot``. Everything lands in ``RUN_DIR/l2_summary.json`` and is printed.

Each phase is skipped when its output exists, so an interrupted run picks up where it stopped::

    nohup python benchmarks/l2_smollm2_selfplay.py > runs/l2.log 2>&1 &
    python benchmarks/l2_smollm2_selfplay.py --max-steps 2 --eval-limit 8 --run-dir runs/l2-smoke   # a smoke run

Any other argument is an ``azr train`` flag of the run (``--lr 2e-5``).

It is long on 2 cores (about a minute per step, an hour in all); nothing in it is a test.
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

from benchmarks._common import DEFAULT_CRUXEVAL, machine  # noqa: E402


def sh(argv: list[str], log) -> None:
    """Run one phase as its own process (as a user would), its output appended to the log."""
    print("$ " + " ".join(argv), file=log, flush=True)
    started = time.time()
    done = subprocess.run(argv, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    print(f"# exit {done.returncode} after {time.time() - started:.0f} s", file=log, flush=True)
    if done.returncode != 0:
        raise SystemExit(f"phase failed: {' '.join(argv)} (see the log)")


def evaluate(model: str, output: Path, opts, cfg, log) -> dict:
    # Before and after alike see the response format the run trains with (the preset's prefix).
    if not output.exists():
        sh([sys.executable, "-m", "agents.evaluate", "--model", model, "--tasks", "cruxeval-o,cruxeval-i",
            "--data", str(opts.data), "--limit", str(opts.eval_limit), "--n", "1", "--temperature", "0",
            "--max-new-tokens", str(opts.eval_max_new_tokens), "--batch-size", "8", "--workers", "1",
            "--response-prefix", json.dumps(cfg.response_prefix),
            "--close-answer-at-eos" if cfg.close_answer_at_eos else "--no-close-answer-at-eos",
            "--output", str(output), "--samples", str(output.with_suffix(".samples.jsonl"))], log)
    return json.loads(output.read_text(encoding="utf-8"))


def window_mean(rows: list[dict], key: str, which: slice) -> float | None:
    values = [r[key] for r in rows[which] if isinstance(r.get(key), (int, float)) and math.isfinite(r[key])]
    return round(sum(values) / len(values), 4) if values else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     allow_abbrev=False)  # the other arguments are azr train's, whole
    parser.add_argument("--run-dir", type=Path, default=REPO / "runs" / "l2-smollm2")
    parser.add_argument("--max-steps", type=int, default=50)
    parser.add_argument("--preset", default="smollm2-cpu")
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL)
    parser.add_argument("--eval-limit", type=int, default=100, help="hold-out rows (the first N of the file)")
    parser.add_argument("--eval-max-new-tokens", type=int, default=256)
    # Any other argument is an `azr train` flag of the run (`--lr 2e-5`, `--task-types deduction`).
    opts, train_flags = parser.parse_known_args(argv)
    from agents.cli import train_config

    cfg = train_config(["--preset", opts.preset, *train_flags])  # a bad flag stops here, before any phase
    run = opts.run_dir
    run.mkdir(parents=True, exist_ok=True)
    log = open(run / "l2.log", "a", encoding="utf-8")
    print(f"# L2 on {machine()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}, load {os.getloadavg()[0]:.2f}", file=log,
          flush=True)

    t0 = time.time()
    before = evaluate(cfg.model, run / "eval_before.json", opts, cfg, log)
    t_eval = time.time() - t0

    metrics_path = run / "metrics.jsonl"
    done_steps = sum(1 for _ in metrics_path.open()) if metrics_path.exists() else 0
    t0 = time.time()
    if done_steps < opts.max_steps:
        argv_train = [sys.executable, "-m", "agents.cli", "train", "--preset", opts.preset, "--max-steps",
                      str(opts.max_steps), "--output-dir", str(run), "--resume", "--no-progress"]
        argv_train += train_flags
        sh(argv_train, log)
    t_train = time.time() - t0

    after = evaluate(str(run), run / "eval_after.json", opts, cfg, log)
    sh([sys.executable, "-m", "agents.cli", "plot", str(run)], log)

    rows = [json.loads(line) for line in metrics_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    keys = ["valid_rate", "learnability_mean", "solve_rate_mean"] + sorted(
        k for k in rows[0] if k.startswith(("format_error_rate/", "solver_accuracy/", "valid_rate/")))
    first, last = slice(0, 5), slice(-5, None)
    summary = {
        "machine": machine(), "date": time.strftime("%Y-%m-%d"), "preset": opts.preset, "overrides": train_flags,
        "steps": len(rows), "train_seconds_this_invocation": round(t_train), "eval_seconds_before": round(t_eval),
        "seconds_per_step_mean": window_mean(rows, "time/step", slice(None)),
        "first5": {k: window_mean(rows, k, first) for k in keys},
        "last5": {k: window_mean(rows, k, last) for k in keys},
        "holdout": {
            name: {"before": before["results"][name]["pass_at_k"]["pass@1"],
                   "after": after["results"][name]["pass_at_k"]["pass@1"],
                   "well_formed_before": before["results"][name]["well_formed_rate"],
                   "well_formed_after": after["results"][name]["well_formed_rate"],
                   "n_tasks": before["results"][name]["n_tasks"]}
            for name in before["results"]},
        "plot": str(run / "metrics.png"),
    }
    (run / "l2_summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
