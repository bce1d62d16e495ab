"""Learning check L3: LSP against LSP-Zero on SmolLM2-135M on CPU, same seed, same steps.

1. **LSP**: the preset ``lsp-smollm2-cpu`` (R = the reference model's P(Yes) that an answer serves
   its query, R_Q = the reference model's 7-point judge read from probabilities), for ``--steps``
   steps, or for as many steps as fit in ``--minutes`` (a new step starts only when the mean step
   time so far says it will end within the budget; model loading counts).
2. **LSP-Zero**: the same preset, seed and number of steps with ``variant="lsp-zero"``. R_Q is
   still computed on its answers for the logs (``log_quality``) but never paid, so both runs
   report the same quality measure.
3. A table, one row per step, and a summary (first and last fifth of the steps): R_Q's
   distribution per step, the challenger's query diversity (distinct 1- and 2-grams, share of
   the most common query), the task reward R and the solver's total reward of both runs, and the
   KL to the reference. Printed, and written to ``RUN_DIR/compare.md`` and ``RUN_DIR/compare.json``.

Each run goes through ``agents.trainer.Trainer``, the code ``azr train`` runs, and the script
prints the equivalent ``azr train`` commands. An interrupted run continues from its last
checkpoint when the script is started again (a finished phase is skipped).

    nohup python benchmarks/lsp_smollm2_compare.py --minutes 45 > runs/lsp-compare.log 2>&1 &
    python benchmarks/lsp_smollm2_compare.py --steps 2 --run-dir runs/lsp-smoke --n-queries 2 --group-size 2
    python benchmarks/lsp_smollm2_compare.py --preset lsp-tiny --steps 3 --run-dir runs/lsp-tiny-compare

Any other argument is an ``azr train`` flag for both runs (``--n-queries 2``).

It is long on 2 cores (the full run is about twice ``--minutes``); nothing in it is a test.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._common import machine  # noqa: E402

# The per-step tables: (title, run, metric key, format); run "lsp" or "zero".
RQ_TABLE = [("mean", "lsp", "rq_mean", ".3f"), ("sd", "lsp", "rq_std", ".4f"), ("min", "lsp", "rq_min", ".3f"),
            ("p25", "lsp", "rq_p25", ".3f"), ("median", "lsp", "rq_median", ".3f"), ("p75", "lsp", "rq_p75", ".3f"),
            ("max", "lsp", "rq_max", ".3f"), ("LSP-Zero mean (logged)", "zero", "rq_mean", ".3f"),
            ("LSP-Zero sd", "zero", "rq_std", ".4f")]
DIVERSITY_TABLE = [(f"{name} {title}", run, key, spec) for run, name in (("lsp", "LSP"), ("zero", "Zero"))
                   for title, key, spec in (("distinct-1", "query_distinct_1", ".2f"),
                                            ("distinct-2", "query_distinct_2", ".2f"),
                                            ("top share", "query_top_share", ".2f"),
                                            ("words", "query_words_mean", ".1f"))]
REWARD_TABLE = [("LSP R", "lsp", "task_reward_mean", ".3f"), ("Zero R", "zero", "task_reward_mean", ".3f"),
                ("LSP solver", "lsp", "solver_reward_mean", ".3f"), ("Zero solver", "zero", "solver_reward_mean", ".3f"),
                ("LSP challenger", "lsp", "challenger_reward_mean", "+.3f"),
                ("Zero challenger", "zero", "challenger_reward_mean", "+.3f"),
                ("LSP KL", "lsp", "kl", ".4f"), ("Zero KL", "zero", "kl", ".4f"),
                ("LSP s", "lsp", "time/step", ".0f"), ("Zero s", "zero", "time/step", ".0f")]
SUMMARY_KEYS = ["task_reward_mean", "solver_reward_mean", "challenger_reward_mean", "rq_mean", "rq_std",
                "query_distinct_1", "query_distinct_2", "query_top_share", "query_words_mean", "kl",
                "judge_score_mass", "judge_score_entropy", "judge_parse_rate", "helpfulness_score_mass", "time/step"]


def read_metrics(run_dir: Path) -> list[dict]:
    path = run_dir / "metrics.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def train(cfg, *, budget_s: float | None, label: str) -> list[dict]:
    """Run ``cfg`` to ``cfg.max_steps`` (or the budget) with the Trainer ``azr train`` uses; returns its metrics."""
    import agents.lsp.trainer  # noqa: F401  (registers the "lsp" game)
    from agents import checkpoint as ckpt
    from agents.weights import quiet_transformers
    from agents.trainer import Trainer

    quiet_transformers()
    out = Path(cfg.output_dir)
    started = time.perf_counter()
    trainer = Trainer(cfg, resume=ckpt.find_latest(out) is not None)
    print(f"[{label}] model ready in {time.perf_counter() - started:.0f} s; from step {trainer.step}", flush=True)
    step_times, saved = [], trainer.step
    try:
        while trainer.step < cfg.max_steps:
            if budget_s is not None and step_times:
                mean_step = sum(step_times) / len(step_times)
                if time.perf_counter() - started + mean_step > budget_s:
                    print(f"[{label}] budget: stopping after step {trainer.step} "
                          f"({time.perf_counter() - started:.0f} s used, {mean_step:.0f} s per step)", flush=True)
                    break
            t0 = time.perf_counter()
            metrics = trainer.train_step()
            step_times.append(time.perf_counter() - t0)
            print(f"[{label}] {trainer.game.summary(metrics)}", flush=True)
            if trainer.step % cfg.save_every == 0:
                trainer.save()
                saved = trainer.step
        if saved != trainer.step:
            trainer.save()
    finally:
        trainer.close()
    return read_metrics(out)


def show(value, spec: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return format(value, spec)


def mean_of(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float)) and math.isfinite(r[key])]
    return sum(values) / len(values) if values else None


def step_table(lsp: list[dict], zero: list[dict], columns) -> str:
    header = ["step"] + [title for title, _, _, _ in columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    zero_by_step = {r["step"]: r for r in zero}
    for row in lsp:
        runs = {"lsp": row, "zero": zero_by_step.get(row["step"], {})}
        lines.append("| " + " | ".join([str(row["step"])] + [show(runs[run].get(key), spec)
                                                              for _, run, key, spec in columns]) + " |")
    return "\n".join(lines)


def summary(lsp: list[dict], zero: list[dict]) -> tuple[str, dict]:
    steps = min(len(lsp), len(zero))
    k = max(1, steps // 5)
    windows = {"all": slice(0, steps), f"first {k}": slice(0, k), f"last {k}": slice(max(0, steps - k), steps)}
    data = {name: {run: {key: mean_of(rows[window], key) for key in SUMMARY_KEYS}
                   for run, rows in (("lsp", lsp), ("lsp-zero", zero))} for name, window in windows.items()}
    lines = ["| metric (mean over steps) | " + " | ".join(f"LSP {w} | Zero {w}" for w in windows) + " |",
             "|---|" + "---|---|" * len(windows)]
    for key in SUMMARY_KEYS:
        cells = []
        for name in windows:
            cells += [show(data[name]["lsp"][key], ".4f"), show(data[name]["lsp-zero"][key], ".4f")]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines), data


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     allow_abbrev=False)  # the other arguments are azr train's, whole
    parser.add_argument("--run-dir", type=Path, default=REPO / "runs" / "lsp-compare")
    parser.add_argument("--preset", default="lsp-smollm2-cpu")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, help="steps of each run")
    budget.add_argument("--minutes", type=float, default=None,
                        help="LSP runs for as many steps as fit in this many minutes; LSP-Zero for as many (default 45)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save-every", type=int, default=10, help="checkpoint every N steps (and at the end)")
    # Any other argument is an `azr train` flag for both runs.
    opts, train_flags = parser.parse_known_args(argv)
    if opts.steps is None and opts.minutes is None:
        opts.minutes = 45.0

    from agents.cli import train_config

    run = opts.run_dir
    run.mkdir(parents=True, exist_ok=True)
    base = train_config(["--preset", opts.preset, *train_flags]).replace(seed=opts.seed, save_every=opts.save_every,
                                                                         progress=False)
    print(f"# L3 LSP vs LSP-Zero on {machine()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}, "
          f"load {os.getloadavg()[0]:.2f}, preset {opts.preset}, seed {opts.seed}", flush=True)

    # 1. LSP, to a number of steps or a time budget; its step count is then fixed in lsp/STEPS.
    lsp_dir, zero_dir = run / "lsp", run / "lsp-zero"
    steps_file = lsp_dir / "STEPS"
    started = time.time()
    if steps_file.exists():
        steps = int(steps_file.read_text())
        lsp = read_metrics(lsp_dir)
        print(f"[lsp] done earlier: {steps} steps", flush=True)
    else:
        cap = opts.steps if opts.steps is not None else 100_000
        lsp_cfg = base.replace(variant="lsp", max_steps=cap, output_dir=str(lsp_dir))
        lsp = train(lsp_cfg, budget_s=None if opts.steps is not None else opts.minutes * 60, label="lsp")
        steps = len(lsp)
        steps_file.write_text(str(steps))
    lsp_seconds = time.time() - started

    # 2. LSP-Zero: same preset, seed and steps; R_Q measured on its answers, not paid.
    started = time.time()
    zero_cfg = base.replace(variant="lsp-zero", log_quality=True, max_steps=steps, output_dir=str(zero_dir))
    zero = train(zero_cfg, budget_s=None, label="lsp-zero")
    zero_seconds = time.time() - started

    # 3. The comparison.
    tables = [("R_Q per step (0..1, before lambda): LSP's, and LSP-Zero's measured but not paid", RQ_TABLE),
              ("Query diversity per step", DIVERSITY_TABLE), ("Rewards and KL to the reference per step", REWARD_TABLE)]
    table = "\n\n".join(f"### {title}\n\n{step_table(lsp, zero, columns)}" for title, columns in tables)
    text, data = summary(lsp, zero)
    commands = [
        f"azr train --preset {opts.preset} --seed {opts.seed} --max-steps {steps} --save-every {opts.save_every} "
        + "".join(f"{shlex.quote(s)} " for s in train_flags) + f"--variant lsp --output-dir {lsp_dir}",
        f"azr train --preset {opts.preset} --seed {opts.seed} --max-steps {steps} --save-every {opts.save_every} "
        + "".join(f"{shlex.quote(s)} " for s in train_flags) + f"--variant lsp-zero --log-quality --output-dir {zero_dir}",
    ]
    report = (f"# LSP vs LSP-Zero, {opts.preset}, seed {opts.seed}, {steps} steps\n\n"
              f"Machine: {machine()}. LSP phase {lsp_seconds / 60:.1f} min, LSP-Zero phase {zero_seconds / 60:.1f} min "
              f"(this invocation).\n\nEquivalent commands:\n\n" + "\n".join(f"    {c}" for c in commands)
              + "\n\n## Per step\n\n" + table + "\n\n## Summary\n\n" + text + "\n")
    (run / "compare.md").write_text(report, encoding="utf-8")
    (run / "compare.json").write_text(json.dumps({"steps": steps, "preset": opts.preset, "seed": opts.seed,
                                                  "summary": data, "lsp": lsp, "lsp-zero": zero}, indent=1),
                                      encoding="utf-8")
    print(report, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
