"""RayExecutor with one actor against the Executor, and the inputs of the scaling model.

    python benchmarks/bench_ray_executor.py --quick    # 2 repeats of the 400 CRUXEval programs
    python benchmarks/bench_ray_executor.py            # 7 repeats, plus 2000 transport probes

Both sides validate the same batch (the 400 CRUXEval programs, expression inputs, J=2 runs each)
with the same settings and the same number of sandbox workers:

- **local**: ``Executor(workers=W).validate_batch(batch)`` in this process;
- **ray**: ``RayExecutor(actors=1, workers=W).validate_batch(batch)``: the batch crosses to one
  Ray actor on this machine in chunks of ``--chunk-size`` pairs, the actor's own Executor runs
  them, and the results come back. Same work, plus Ray's transport.

Each repeat starts cold (a new batch of programs never seen: the compile caches of both sides are
defeated by a per-repeat comment in every program), the sides alternate, and the best repeat of
each side is kept. Target: ray / local >= 0.8x.

It also measures what benchmarks/README.md's scaling model needs:

- **per-actor throughput**: executions per second of the one actor (validations count J each);
- **transport cost per chunk**: the round trip of a chunk of ``--chunk-size`` CRUXEval pairs to
  an actor that does nothing with it (``echo``), median over the probes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import DEFAULT_CRUXEVAL, best, load_jsonl, machine  # noqa: E402
from azr_env.executor import Executor, RayExecutor  # noqa: E402


def batch(rows: list[dict], tag: int) -> list[tuple[str, str]]:
    # A comment unique to the repeat makes every program new to both sides' compile caches.
    return [(f"# repeat {tag}\n{row['code']}", row["input"]) for row in rows]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL)
    parser.add_argument("--quick", action="store_true", help="2 repeats and 200 transport probes")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="sandbox workers on each side")
    parser.add_argument("--chunk-size", type=int, default=256, help="RayExecutor chunk_size (its default)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} not found; pass --data")
    import ray

    rows = load_jsonl(args.data)
    repeats, probes = (2, 200) if args.quick else (7, 2000)
    settings = dict(workers=args.workers, timeout=5.0, inputs="expression")
    print(f"machine: {machine()}; ray {ray.__version__}; load {os.getloadavg()[0]:.1f}")
    print(f"batch: {len(rows)} CRUXEval programs x J=2 runs; {args.workers} workers per side; "
          f"chunk_size {args.chunk_size}; best of {repeats} cold repeats")

    with Executor(**settings) as local, RayExecutor(1, chunk_size=args.chunk_size, **settings) as remote:
        local.validate_batch(batch(rows[:8], -1))  # start both sides' workers before timing
        remote.validate_batch(batch(rows[:8], -1))
        times = {"local": [], "ray": []}
        verdicts = {}
        for repeat in range(repeats):
            for name, executor in (("local", local), ("ray", remote)) if repeat % 2 == 0 else \
                    (("ray", remote), ("local", local)):
                pairs = batch(rows, repeat * 2 + (name == "ray"))
                started = time.perf_counter()
                results = executor.validate_batch(pairs)
                times[name].append(time.perf_counter() - started)
                verdicts[name] = [r.status for r in results]
        assert verdicts["local"] == verdicts["ray"], "the two sides disagree on a verdict"

        executions = 2 * len(rows)
        t_local, t_ray = best(times["local"]), best(times["ray"])
        print(f"local Executor:      {t_local:.3f} s  {executions / t_local:8.0f} executions/s")
        print(f"RayExecutor (1 actor): {t_ray:.3f} s  {executions / t_ray:8.0f} executions/s")
        print(f"ratio ray / local: {t_local / t_ray:.3f}x   (target >= 0.8x: {'met' if t_local / t_ray >= 0.8 else 'NOT met'})")

        chunk = batch(rows[:args.chunk_size], 0)
        actor = remote.actors[0]
        ray.get(actor.echo.remote(chunk))
        trips = []
        for _ in range(probes):
            started = time.perf_counter()
            ray.get(actor.echo.remote(chunk))
            trips.append(time.perf_counter() - started)
        payload = sum(len(p) + len(i) for p, i in chunk)
        print(f"transport: a chunk of {args.chunk_size} pairs ({payload / 1024:.1f} KiB) to an actor and back: "
              f"median {1000 * statistics.median(trips):.2f} ms, p90 {1000 * sorted(trips)[int(0.9 * probes)]:.2f} ms "
              f"({probes} probes)")
        per_core = executions / t_ray / args.workers
        print(f"per-actor throughput: {executions / t_ray:.0f} executions/s with {args.workers} workers "
              f"= {per_core:.0f} executions/s per worker core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
