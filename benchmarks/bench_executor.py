"""Executor throughput: determinism-checked validations per second against bare ``exec``.

    python benchmarks/bench_executor.py            # full: 15 repeats of the 400 CRUXEval programs
    python benchmarks/bench_executor.py --quick    # 2 repeats, well under a minute
    python benchmarks/bench_executor.py --repeats 41   # a steadier median of the paired ratios

Both sides do the same work per program: compile it once, execute it J=2 times, call ``f`` and
compare the printed outputs. The bare side runs in this process with no screening, no isolation
and one hash seed (unsafe, the floor). The executor side is ``Executor.validate_batch`` with every
safety layer on, its J runs spread over worker processes with different hash seeds (the later
run perturbed, to catch seed and address dependence, with an extra same-namespace call that
catches state kept across calls).

With ``--azr-repo PATH`` (a checkout of LeapLabTHU/Absolute-Zero-Reasoner, read in place) a third
side runs AZR's own checker, ``PythonExecutor.check_all`` with the settings of its training config
(``executor_max_workers: 1``, ``ast_check``, ``check_determinism``), one call per program as its
reward manager makes them, in a helper process under ``--azr-python`` (an interpreter with pebble,
timeout_decorator, regex, python-dateutil and numpy). Its pass over the programs is timed once in
every repeat, after the executor's, so that both sides see the same minutes of the machine. The
ratio printed is executor / AZR, of the bests and as the median of the repeats' own ratios.

    python benchmarks/bench_executor.py --azr-repo ../ref --azr-python /path/to/python

``--batch-scheduling off`` runs the executors' workers as ordinary processes instead of under
SCHED_BATCH; ``benchmarks/bench_scheduling.py`` alternates whole runs of this script with it on and
off, since a third executor timed inside each repeat sees another machine than the first one does.

The executor is also timed with ``extra_orders=0`` (no extra runs under random set orders after a
perturbed run that agreed), cold, in the same repeats: the ratio is what those runs cost here.

Each repeat times bare exec and then the executor, so that both sides see the same minutes of a
machine whose speed drifts. "cold" starts each repeat with empty compile caches (programs never seen, as in training on new
proposals); "warm" repeats the same batch (programs re-checked, as in answer verification).
Figures are the best of the repeats; the ratio is executor / bare.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import DEFAULT_CRUXEVAL, best, load_jsonl, machine  # noqa: E402
from azr_env.executor import Executor, clear_caches  # noqa: E402


# Iterates a set of strings (so validation's extra orders run) and never depends on its order.
SET_PROGRAM = "def f(s):\n    words = set(s.split()) | {'K'}\n    return sorted(words), len(set(s))\n"


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


# Runs under --azr-python: AZR's checker on every pair, one timed pass (start-up excluded) each time
# a line arrives on stdin, so that its passes alternate with the other sides' repeats.
_AZR_SIDE = r"""
import json, os, sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
null = os.open(os.devnull, os.O_WRONLY)
results = os.fdopen(os.dup(1), "w")
os.dup2(null, 1)  # the checked programs' own prints
from absolute_zero_reasoner.utils.code_utils.python_executor import PythonExecutor
pairs = json.loads(sys.stdin.readline())
executor = PythonExecutor(timeout_length=10, ast_check=True, max_workers=1)
executor.check_all(code="def f(a):\n    return a", inputs="0")  # start the pool outside the timing
results.write("ready\n")
results.flush()
for _ in sys.stdin:
    start = time.perf_counter()
    ok = 0
    for program, inputs in pairs:
        valid, _ = executor.check_all(code=program, inputs=inputs, banned_keywords=[], check_determinism=True,
                                      imports=[], check_error=False, banned_keywords_for_errors_and_exceptions=[])
        ok += bool(valid)
    results.write(json.dumps({"seconds": time.perf_counter() - start, "ok": ok}) + "\n")
    results.flush()
executor.cleanup()
"""


class AZRChecker:
    """AZR's checker in a helper process under ``python``, reading ``repo`` in place; ``time()``
    runs one timed pass over ``pairs`` and returns (seconds, accepted)."""

    def __init__(self, pairs, repo: Path, python: str):
        # Its stderr goes to a file: a pipe nobody reads while it runs could fill and stall it.
        self.errors = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen([python, "-c", _AZR_SIDE, str(repo)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.errors, text=True,
                                        env={**os.environ, "PYTHONHASHSEED": "0"})
        self._send(json.dumps(pairs))
        self._read()  # "ready": the pool has started

    def _send(self, line: str) -> None:
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:  # it has already exited (a missing package, a wrong --azr-repo)
            self._fail()

    def _read(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            self._fail()
        return line

    def _fail(self):
        self.process.kill()
        self.process.wait()
        self.errors.seek(0)
        raise SystemExit("AZR's checker failed (does --azr-python have pebble, timeout_decorator, regex, "
                         f"python-dateutil, numpy?):\n{self.errors.read()[-2000:]}")

    def time(self) -> tuple[float, int]:
        self._send("go")
        report = json.loads(self._read())
        return report["seconds"], report["ok"]

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.errors.close()


def paired_median(numerators: list[float], denominators: list[float]) -> tuple[float, list[float]]:
    """The median of the per-repeat ratios numerator / denominator, and the sorted ratios."""
    ratios = sorted(a / b for a, b in zip(numerators, denominators))
    return statistics.median(ratios), ratios


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL, help="JSONL with code/input fields")
    parser.add_argument("--quick", action="store_true", help="2 repeats instead of --repeats")
    # One repeat times each side for some 50 ms, on a machine whose speed swings by half within
    # seconds: the per-repeat ratios spread from 0.27 to 0.73 over five repeats of one run. Their
    # median needs more than five to settle; 15 repeats still take well under a minute.
    parser.add_argument("--repeats", type=int, default=15, help="timed repeats of every side (default 15)")
    parser.add_argument("--workers", type=int, default=None, help="executor workers (default: one per core)")
    parser.add_argument("--extra-orders", type=int, default=None,
                        help="the timed executor's extra_orders (default: the Executor's own default)")
    parser.add_argument("--batch-scheduling", choices=("on", "off"), default="on",
                        help="the executors' batch_scheduling (default on, the Executor's default)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON holding the figures")
    parser.add_argument("--azr-repo", type=Path, default=None, help="checkout of AZR's code: also time its checker")
    parser.add_argument("--azr-python", default=sys.executable, help="interpreter for AZR's checker")
    args = parser.parse_args(argv)
    if args.azr_repo and not (args.azr_repo / "absolute_zero_reasoner").is_dir():
        parser.error(f"{args.azr_repo} holds no absolute_zero_reasoner/ folder")
    if not args.data.exists():
        parser.error(f"{args.data} not found; pass --data")
    if args.extra_orders is not None and not 0 <= args.extra_orders <= 64:
        parser.error(f"--extra-orders must be from 0 to 64, got {args.extra_orders}")
    rows = load_jsonl(args.data)
    pairs = [(row["code"], row["input"]) for row in rows]
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    repeats = 2 if args.quick else args.repeats
    n = len(pairs)

    bare_times, cold_times, warm_times, plain_order_times, azr_times = [], [], [], [], []
    azr = AZRChecker(pairs, args.azr_repo, args.azr_python) if args.azr_repo else None
    options = {} if args.extra_orders is None else {"extra_orders": args.extra_orders}
    scheduling = {"batch_scheduling": args.batch_scheduling == "on"}
    with Executor(workers=args.workers, inputs="expression", **options, **scheduling) as ex, \
            Executor(workers=args.workers, inputs="expression", extra_orders=0, **scheduling) as no_extra:
        for executor in (ex, no_extra):
            executor.run("def f(a):\n    return a", "0")  # start the workers outside the timing
        for _ in range(repeats):
            # The sides alternate within each repeat: this machine's speed drifts by half within
            # seconds, and a baseline timed in one burst before the executor would catch a
            # different machine.
            seconds, _agreed = bare_validations(pairs)
            bare_times.append(seconds)
            clear_caches()  # cold: nothing screened, compiled or parsed before
            start = time.perf_counter()
            results = ex.validate_batch(pairs)
            cold_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            ex.validate_batch(pairs)
            warm_times.append(time.perf_counter() - start)
            # The same, without validation's extra runs under random orders (extra_orders=0): what
            # they cost on these programs, measured in the same run.
            clear_caches()
            start = time.perf_counter()
            results_no_extra = no_extra.validate_batch(pairs)
            plain_order_times.append(time.perf_counter() - start)
            if azr is not None:  # AZR's checker in the same minutes as this repeat's other sides
                seconds, azr_ok = azr.time()
                azr_times.append(seconds)
        ok = sum(r.ok for r in results)
        only_extra = sum(a.ok != b.ok for a, b in zip(results, results_no_extra))
        # Programs that do touch a seed-dependent order, and never depend on it: every one pays for
        # the extra runs (the worst case of their cost).
        set_pairs = [(SET_PROGRAM.replace("K", str(k)), repr(f"the quick brown fox {k}")) for k in range(n)]
        set_times = {ex: [], no_extra: []}
        for _ in range(repeats):
            for executor in (ex, no_extra):
                clear_caches()
                start = time.perf_counter()
                set_results = executor.validate_batch(set_pairs)
                set_times[executor].append(time.perf_counter() - start)
                assert all(r.ok for r in set_results), [r.error for r in set_results if not r.ok][:3]

    bare = n / best(bare_times)
    cold = n / best(cold_times)
    warm = n / best(warm_times)
    print(f"machine: {machine()}; {n} programs from {args.data.name}; best of {repeats}")
    print(f"bare exec (unsafe, in-process, J=2): {bare:10.0f} validations/s")
    print(f"executor validate_batch, cold cache: {cold:10.0f} validations/s   ratio {cold / bare:.2f}x")
    # Each repeat's own ratio (both sides timed back to back), the median of them: steadier than
    # the ratio of two bests when bare exec alone swings between 7,000 and 13,000/s run to run.
    paired_ratio, paired = paired_median(bare_times, cold_times)
    print(f"                                     cold / bare per repeat: {', '.join(f'{r:.2f}' for r in paired)}"
          f" (median {paired_ratio:.2f}x)")
    print(f"executor validate_batch, warm cache: {warm:10.0f} validations/s   ratio {warm / bare:.2f}x")
    print(f"executor verdicts: {ok}/{n} ok")
    plain_orders = n / best(plain_order_times)
    print(f"executor without the extra orders:   {plain_orders:10.0f} validations/s   with / without {cold / plain_orders:.2f}x"
          f"   ({only_extra} verdicts differ)")
    with_sets, without_sets = (n / best(times) for times in set_times.values())
    print(f"{n} programs over sets of strings, cold: {with_sets:.0f} validations/s with the extra orders, "
          f"{without_sets:.0f} without: with / without {with_sets / without_sets:.2f}x")
    targets = [("cold >= 5,000 validations/s", cold >= 5000), ("cold >= 0.4x bare exec (bests)", cold / bare >= 0.4),
               ("cold >= 0.4x bare exec (median of paired repeats)", paired_ratio >= 0.4)]
    if azr is not None:
        azr.close()
        # AZR's checker takes literal-looking argument text; CRUXEval's few expression inputs run as
        # they are there, the same text our executor evaluates in expression mode.
        azr_rate = n / best(azr_times)
        azr_paired, azr_ratios = paired_median(azr_times, cold_times)
        print(f"AZR reference check_all (max_workers=1): {azr_rate:8.0f} validations/s   executor cold / AZR "
              f"{cold / azr_rate:.1f}x   ({azr_ok}/{n} accepted)")
        print(f"                                     cold / AZR per repeat: {', '.join(f'{r:.1f}' for r in azr_ratios)}"
              f" (median {azr_paired:.1f}x)")
        targets += [("cold >= 5x AZR's checker (bests)", cold / azr_rate >= 5),
                    ("cold >= 5x AZR's checker (median of paired repeats)", azr_paired >= 5)]
    print("targets: " + "; ".join(f"{name}: {'met' if met else 'NOT met'}" for name, met in targets))
    if args.json:
        figures = {"cold": cold, "bare": bare, "cold_over_bare_median": paired_ratio, "cold_ms": _ms(cold_times)}
        if azr is not None:
            figures.update(azr=azr_rate, cold_over_azr_best=cold / azr_rate, cold_over_azr_median=azr_paired)
        print(json.dumps(figures))
    return 0


def _ms(times: list[float]) -> list[float]:
    return [round(seconds * 1000, 1) for seconds in times]


if __name__ == "__main__":
    raise SystemExit(main())
