"""What starting processes costs the executor.

1. How long a fresh executor takes to answer its first program: workers started from the code the
   parent compiled once (``pool.worker_code_fd``, the default) against workers that compile their
   files themselves (as before the hand-over), alternated in one run.
2. What a validation costs when the program imports a module with state (``import re``: each run
   in a one-shot child forked for it) against one that imports nothing (the persistent runner):
   batches of 300 distinct programs, caches emptied, ms per validation.

    python benchmarks/bench_worker_start.py            # 15 alternated pairs, 5 batches of each kind
    python benchmarks/bench_worker_start.py --quick    # 4 pairs, 2 batches

Each side times ``with Executor(workers=2) as ex: ex.run(...)`` from the constructor to the first
answer: both workers' start-up (imports, warm-up, lock-down), side by side on the cores, and one
job. The parent's one compile happens before the first pair and is not timed (it is paid once per
process). Prints each side's median and best, and the ratio of the medians (handed over /
compiled by the worker). No target: the issue asks for no start-up figure; the test suite starts
some 900 workers, so this is most of what it spends outside the programs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import machine  # noqa: E402
from azr_env.executor import Executor, clear_caches  # noqa: E402
from azr_env.executor import pool as pool_module  # noqa: E402

PROGRAM = "def f(x):\n    return x + 1\n"


def first_answer_seconds(hand_over: bool) -> float:
    handed = pool_module.worker_code_fd
    if not hand_over:
        pool_module.worker_code_fd = lambda: -1
    try:
        started = time.perf_counter()
        with Executor(workers=2) as ex:
            result = ex.run(PROGRAM, "1")
            took = time.perf_counter() - started
        assert result.output == "2", result
        return took
    finally:
        pool_module.worker_code_fd = handed


def per_validation_ms(programs: list[str], batches: int) -> float:
    """Median over ``batches`` cold batches of ``validate_batch(programs)``, in ms per program."""
    took = []
    with Executor(workers=2) as ex:
        ex.run(PROGRAM, "1")  # (the workers' start-up is not what this times)
        for _ in range(batches):
            clear_caches()
            started = time.perf_counter()
            results = ex.validate_batch([(program, "1") for program in programs])
            took.append((time.perf_counter() - started) / len(programs) * 1000)
            assert all(result.ok for result in results), results[0]
    return statistics.median(took)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="4 pairs")
    args = parser.parse_args(argv)
    pairs = 4 if args.quick else args.pairs
    if pool_module.worker_code_fd() < 0:
        print("no code can be handed over here (python -O, or no memfd_create): nothing to compare")
        return 1
    print(machine())
    times = {True: [], False: []}
    for index in range(pairs):
        for hand_over in ((True, False) if index % 2 == 0 else (False, True)):
            times[hand_over].append(first_answer_seconds(hand_over))
    for hand_over, label in ((True, "handed over"), (False, "compiled by the worker")):
        runs = times[hand_over]
        print(f"{label:>24}: median {statistics.median(runs) * 1000:6.1f} ms, best {min(runs) * 1000:6.1f} ms "
              f"({len(runs)} executors)")
    ratio = statistics.median(times[True]) / statistics.median(times[False])
    print(f"handed over / compiled by the worker, medians: {ratio:.2f}x")
    batches = 2 if args.quick else 5
    runner = per_validation_ms([f"def f(x):\n    return x + {i}\n" for i in range(300)], batches)
    one_shot = per_validation_ms([f"import re\ndef f(x):\n    return x + {i}\n" for i in range(300)], batches)
    print(f"validation, persistent runner: {runner:.2f} ms; one-shot child per run: {one_shot:.2f} ms "
          f"(medians of {batches} cold batches of 300; one-shot / runner {one_shot / runner:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
