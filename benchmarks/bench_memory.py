"""Memory: peak RSS of shared-parameter self-play against training a single role.

Both runs are ``agents.trainer.Trainer`` with the Absolute Zero game on deduction tasks, the same
model, the same executor, the same generation lengths, and the same number of sequences in each
update (N):

* **self-play**: one shared model plays proposer and solver; N/2 proposals (each answered
  ``n_solver_samples`` times for learnability) and N/2 solver answers are trained on together;
* **single role**: the same game, but only the solver is trained (``train_proposer=False``), on N
  solver answers. The proposer still writes (untrained) proposals, as the solver needs tasks.

**Rewards carry a tie-breaker.** An untrained model's answers and proposals are nearly all malformed,
so every reward is -1, every advantage 0, and the learner skips the backward of zero-advantage
samples: no gradient, no optimizer state, nothing of training's memory measured. A deterministic
jitter in [0, 0.01) (a hash of the completion tokens) is added to every sample's reward before the
update, so that every sample is trained on, as when rewards differ. ``--no-jitter`` turns it off.

With shared parameters, self-play adds no second model, gradient or optimizer state; what it may
add is the activations of its longer proposer prompts (they hold K reference tasks). Each run is
a fresh process; its peak RSS is ``ru_maxrss`` after the steps (imports, model, AdamW state,
activations, executor included). The executor's worker processes are separate processes and are
not counted on either side. Target (DESIGN.md): self-play <= 1.1x single role.

    python benchmarks/bench_memory.py --quick     # tiny model, N=8, 2 steps; about a minute
    python benchmarks/bench_memory.py             # smollm2-cpu when installed (else tiny), N=4, 2 steps
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from benchmarks._common import machine, rss_mb  # noqa: E402

TARGET = 1.1


def run_side(opts) -> dict:
    from agents.config import TrainConfig
    from agents.trainer import Trainer

    selfplay = opts.side == "selfplay"
    n = opts.sequences
    with tempfile.TemporaryDirectory() as out:
        cfg = TrainConfig().replace(
            model=opts.model, output_dir=out, max_steps=opts.steps, seed=0, progress=False, task_types=("deduction",),
            proposer_batch_size=n // 2, solver_batch_size=n // 2 if selfplay else n,
            train_proposer=selfplay, n_solver_samples=2, n_references=2, max_new_tokens_propose=opts.length,
            max_new_tokens_solve=opts.length, gen_batch_size=max(n, 2), micro_batch_size=opts.micro_batch,
            executor_workers=1, lr=1e-5, estimator="trr++", use_chat_template=None if opts.model != "tiny" else False,
        )
        trainer = Trainer(cfg)
        if opts.jitter:
            collect = trainer.game.collect

            def collect_jittered(step, bars):
                samples, metrics = collect(step, bars)
                for s in samples:  # a tie-breaker, so that no advantage is exactly 0 (see the docstring)
                    s.reward += 0.01 * zlib.crc32(repr(s.completion_ids).encode()) / 2**32
                return samples, metrics

            trainer.game.collect = collect_jittered
        loaded = rss_mb()
        samples = []
        t0 = time.perf_counter()
        try:
            for _ in range(opts.steps):
                metrics = trainer.train_step()
                samples.append(int(metrics["samples"]))
        finally:
            trainer.close()
        seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"side": opts.side, "peak_rss_mb": peak, "rss_after_load_mb": loaded, "samples_per_step": samples,
            "seconds": seconds}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--model", default=None, help="default: tiny with --quick, else smollm2-cpu when installed")
    parser.add_argument("--sequences", type=int, default=None, help="N sequences per update (even)")
    parser.add_argument("--length", type=int, default=None, help="max new tokens, proposer and solver")
    parser.add_argument("--micro-batch", type=int, default=None)
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--no-jitter", dest="jitter", action="store_false", help="bare rewards (see the docstring)")
    parser.add_argument("--side", choices=("selfplay", "single"), help=argparse.SUPPRESS)  # child process mode
    opts = parser.parse_args(argv)
    if opts.model is None:
        from agents.weights import find_smollm2_gguf

        opts.model = "tiny" if opts.quick or find_smollm2_gguf() is None else "smollm2-cpu"
    small = opts.model == "tiny"
    opts.sequences = opts.sequences or (8 if small else 4)
    opts.length = opts.length or (32 if small else 48)
    opts.micro_batch = opts.micro_batch or (8 if small else 2)

    if opts.side:
        from transformers.utils import logging

        logging.set_verbosity_error()
        print("RESULT " + json.dumps(run_side(opts)))
        return 0

    child = [sys.executable, __file__, "--model", opts.model, "--sequences", str(opts.sequences), "--length",
             str(opts.length), "--micro-batch", str(opts.micro_batch), "--steps", str(opts.steps)]
    if not opts.jitter:
        child.append("--no-jitter")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"model {opts.model}; N={opts.sequences} sequences per update, <= {opts.length} new tokens, "
          f"micro-batch {opts.micro_batch}, {opts.steps} steps, deduction only; reward jitter {'on' if opts.jitter else 'off'}")
    results = {}
    for side in ("single", "selfplay"):
        done = subprocess.run(child + ["--side", side], capture_output=True, text=True)
        line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
        if done.returncode != 0 or line is None:
            print(f"{side}: failed ({done.returncode}): " + " | ".join((done.stderr or done.stdout).strip().splitlines()[-5:]))
            return 1
        results[side] = json.loads(line[len("RESULT "):])
    labels = {"single": "single role (solver only)", "selfplay": "self-play (shared model)"}
    for side, r in results.items():
        print(f"{labels[side]:<26}: peak RSS {r['peak_rss_mb']:7.0f} MB (after model load {r['rss_after_load_mb']:6.0f} MB); "
              f"samples per update {r['samples_per_step']}; {r['seconds']:.0f} s")
    ratio = results["selfplay"]["peak_rss_mb"] / results["single"]["peak_rss_mb"]
    print(f"ratio self-play/single role peak RSS: {ratio:.3f}x (target <= {TARGET}x: {'met' if ratio <= TARGET else 'NOT met'})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
