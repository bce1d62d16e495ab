"""Where a cold validation's CPU goes: the parent, the zygotes and the runners, in µs per validation.

    python benchmarks/executor_cpu.py              # 40 cold batches of the 400 CRUXEval programs
    python benchmarks/executor_cpu.py --quick      # 3 batches, a few seconds

On a machine with as many cores as busy processes the executor's wall time is set by its busiest
process; on two cores (the CI machine) it is set by the parent and by the total over both cores.
This reads each process's user and system time from /proc (Linux only) before and after every
cold batch (caches emptied, as ``bench_executor.py`` does) and prints the sums per validation, and
the wall time per validation beside them. The readings include this script's own walk of /proc
(a few µs a validation, charged to the parent). No baseline: it says where to look, and
``bench_executor.py`` measures the ratios.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import DEFAULT_CRUXEVAL, load_jsonl, machine  # noqa: E402
from azr_env.executor import Executor, clear_caches  # noqa: E402

_TICKS = os.sysconf("SC_CLK_TCK")


def _times() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent pid, user ticks, system ticks) for every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited meanwhile
        found[int(entry)] = (int(fields[1]), int(fields[11]), int(fields[12]))
    return found


def by_role(root: int) -> dict[str, int]:
    """Ticks of user and system time of ``root`` (the parent), its children (the zygotes) and
    their children (the runners and one-shot children)."""
    table = _times()
    roles = {"parent user": table[root][1], "parent system": table[root][2]}
    zygotes = [pid for pid, (ppid, _, _) in table.items() if ppid == root]
    for pid, (ppid, user, system) in table.items():
        role = "zygotes" if ppid == root else "runners" if ppid in zygotes else None
        if role:
            roles[f"{role} user"] = roles.get(f"{role} user", 0) + user
            roles[f"{role} system"] = roles.get(f"{role} system", 0) + system
    return roles


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL, help="JSONL with code/input fields")
    parser.add_argument("--batches", type=int, default=40, help="cold batches to sum over (default 40)")
    parser.add_argument("--quick", action="store_true", help="3 batches instead of --batches")
    args = parser.parse_args(argv)
    if not Path("/proc/self/stat").exists():
        parser.error("this script reads /proc (Linux only)")
    if args.batches < 1:
        parser.error(f"--batches must be at least 1, got {args.batches}")
    if not args.data.exists():
        parser.error(f"{args.data} not found; pass --data")
    if args.quick:
        args.batches = 3
    pairs = [(row["code"], row["input"]) for row in load_jsonl(args.data)]
    me = os.getpid()
    totals: dict[str, int] = {}
    wall = 0.0
    with Executor(inputs="expression") as executor:
        executor.run("def f(a):\n    return a", "0")  # start the workers outside the readings
        for _ in range(args.batches):
            clear_caches()
            before = by_role(me)
            start = time.perf_counter()
            executor.validate_batch(pairs)
            wall += time.perf_counter() - start
            after = by_role(me)
            for role, ticks in after.items():
                totals[role] = totals.get(role, 0) + ticks - before.get(role, 0)
    n = args.batches * len(pairs)
    per = {role: ticks / _TICKS / n * 1e6 for role, ticks in sorted(totals.items())}
    print(f"machine: {machine()}; {len(pairs)} programs from {args.data.name}; {args.batches} cold batches")
    for role, us in per.items():
        print(f"  {role:16s} {us:7.1f} µs per validation")
    print(f"  {'all processes':16s} {sum(per.values()):7.1f} µs per validation")
    print(f"  {'wall':16s} {wall / n * 1e6:7.1f} µs per validation")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
