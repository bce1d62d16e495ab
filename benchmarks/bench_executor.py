"""Executor throughput: determinism-checked validations per second against bare ``exec``.

    python benchmarks/bench_executor.py            # full: 5 repeats of the 400 CRUXEval programs
    python benchmarks/bench_executor.py --quick    # 2 repeats, well under a minute

Both sides do the same work per program: compile it once, execute it J=2 times, call ``f`` and
compare the printed outputs. The bare side runs in this process with no screening, no isolation
and one hash seed (unsafe, the floor). The executor side is ``Executor.validate_batch`` with every
safety layer on, its J runs spread over worker processes with different hash seeds (plus the
extra same-namespace call that catches state kept across calls).

"cold" starts each repeat with empty compile caches (programs never seen, as in training on new
proposals); "warm" repeats the same batch (programs re-checked, as in answer verification).
Figures are the best of the repeats; the ratio is executor / bare.
"""
from __future__ import annotations

import argparse
import ast
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import DEFAULT_CRUXEVAL, best, load_jsonl, machine  # noqa: E402
from azr_env.executor import Executor, screen  # noqa: E402


def bare_validations(pairs: list[tuple[str, str]], runs: int = 2) -> tuple[float, int]:
    """Seconds for unsafe in-process validation of every pair, and how many agreed."""
    agreed = 0
    start = time.perf_counter()
    for program, inputs in pairs:
        try:
            code = compile(program, "<program>", "exec")
            args_code = compile(f"({inputs},)", "<inputs>", "eval")
        except SyntaxError:
            continue
        outputs = []
        for _ in range(runs):
            namespace: dict = {}
            try:
                exec(code, namespace)  # noqa: S102 -- the unsafe baseline, on trusted benchmark data
                outputs.append(repr(namespace["f"](*eval(args_code, namespace))))  # noqa: S307
            except Exception:  # noqa: BLE001
                outputs.append(None)
        agreed += len(set(outputs)) == 1 and outputs[0] is not None
    return time.perf_counter() - start, agreed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL, help="JSONL with code/input fields")
    parser.add_argument("--quick", action="store_true", help="2 repeats instead of 5")
    parser.add_argument("--workers", type=int, default=None, help="executor workers (default: one per core)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} not found; pass --data")
    rows = load_jsonl(args.data)
    pairs = [(row["code"], row["input"]) for row in rows]
    repeats = 2 if args.quick else 5
    n = len(pairs)

    bare_times = []
    for _ in range(repeats):
        seconds, _agreed = bare_validations(pairs)
        bare_times.append(seconds)

    cold_times, warm_times = [], []
    with Executor(workers=args.workers, inputs="expression") as ex:
        ex.run("def f(a):\n    return a", "0")  # start the workers outside the timing
        for _ in range(repeats):
            ex._cache._programs.clear()  # cold: nothing screened or compiled before
            ex._cache._inputs.clear()
            for memo in (screen._COMPILED, screen._ARGUMENT_TREES, screen._LITERAL_ARGUMENTS):
                memo.clear()  # the process-wide memos of programs and argument lists too
            start = time.perf_counter()
            results = ex.validate_batch(pairs)
            cold_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            ex.validate_batch(pairs)
            warm_times.append(time.perf_counter() - start)
        ok = sum(r.ok for r in results)

    bare = n / best(bare_times)
    cold = n / best(cold_times)
    warm = n / best(warm_times)
    print(f"machine: {machine()}; {n} programs from {args.data.name}; best of {repeats}")
    print(f"bare exec (unsafe, in-process, J=2): {bare:10.0f} validations/s")
    print(f"executor validate_batch, cold cache: {cold:10.0f} validations/s   ratio {cold / bare:.2f}x")
    print(f"executor validate_batch, warm cache: {warm:10.0f} validations/s   ratio {warm / bare:.2f}x")
    print(f"executor verdicts: {ok}/{n} ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
