"""What SCHED_BATCH for the executor's workers buys: whole runs of bench_executor.py, alternated.

    python benchmarks/bench_scheduling.py --pairs 3 --azr-repo ../ref --azr-python /path/to/python

Each pair runs ``bench_executor.py --json`` once with ``--batch-scheduling on`` and once with
``off``, in alternating order (on first in even pairs, off first in odd ones), every run in a
fresh process, so that both settings see the same minutes of the machine. Whole runs, not a
third executor inside each repeat: the executor timed right after bare exec in a repeat is the
one whose workers sat idle longest, and an extra executor timed later in the same repeat saw a
different machine (its paired ratio came out at 0.96-1.04x while whole runs differed by 10-30%).

Printed: each run's median of the paired per-repeat ratios (executor cold / bare exec, and
executor cold / AZR's checker when --azr-repo is given) and its 90th-percentile cold time, then
the median over the runs of each setting and on / off. Every other argument is passed on to
bench_executor.py.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).with_name("bench_executor.py")


def one_run(setting: str, passed_on: list[str]) -> dict:
    """The figures of one bench_executor.py run with --batch-scheduling ``setting``."""
    command = [sys.executable, str(BENCH), "--json", "--batch-scheduling", setting, *passed_on]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench_executor.py failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3, help="runs of each setting (default 3)")
    args, passed_on = parser.parse_known_args(argv)
    if args.pairs < 1:
        parser.error(f"--pairs must be at least 1, got {args.pairs}")
    if "--json" in passed_on or "--batch-scheduling" in passed_on:
        parser.error("--json and --batch-scheduling are this script's to set")
    runs: dict[str, list[dict]] = {"on": [], "off": []}
    for pair in range(args.pairs):
        for setting in (("on", "off") if pair % 2 == 0 else ("off", "on")):
            figures = one_run(setting, passed_on)
            runs[setting].append(figures)
            azr = (f", cold / AZR {figures['cold_over_azr_median']:.1f}x" if "cold_over_azr_median" in figures else "")
            print(f"pair {pair + 1}, batch scheduling {setting:3}: median of paired repeats: cold / bare "
                  f"{figures['cold_over_bare_median']:.2f}x{azr}; p90 cold {p90(figures['cold_ms']):.0f} ms", flush=True)
    keys = ["cold_over_bare_median"] + (["cold_over_azr_median"] if "cold_over_azr_median" in runs["on"][0] else [])
    for key in keys:
        on, off = (statistics.median(run[key] for run in runs[setting]) for setting in ("on", "off"))
        print(f"{key}: median over runs {on:.2f}x on, {off:.2f}x off: on / off {on / off:.2f}x")
    on, off = (statistics.median(p90(run["cold_ms"]) for run in runs[setting]) for setting in ("on", "off"))
    print(f"p90 of a cold batch: median over runs {on:.0f} ms on, {off:.0f} ms off")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
