"""What set algebra costs inside a validation run: the set-order stand-ins against the interpreter.

    python benchmarks/bench_set_algebra.py              # best of 5 for each case, a few seconds
    python benchmarks/bench_set_algebra.py --repeats 9

Validation's runs send every ``-``, ``&``, ``^``, ``|`` (and the methods and in-place forms) of a
set through a Python stand-in (``azr_env.executor._setorder.SetOrder``), which looks at the result
so that numbers C took from a walk in a seed's order are laid out as this run's walk would lay them
out (README, executor section). This script installs the stand-ins in this process, perturbing as
a validation run does, times three loops, then uninstalls them and times the same loops again:

- small: three operations on sets of two to four numbers (the common case);
- big: a union with a set of 1,000 numbers (one C pass over the result, one over the operands);
- mixed: a difference that walks a set of 300 strings and 300 colliding numbers (the model runs).

It prints microseconds per operation on each side and their ratio. Nothing here is a test.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from azr_env.executor import _setorder  # noqa: E402


def _small(n: int = 20_000) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(n):
        a = {i, i + 1, i + 2}
        total += len(a & {i + 1, i + 5}) + len(a | {7}) + len(a - {i})
    return (time.perf_counter() - started) * 1e6 / (3 * n)


_NUMBERS = set(range(1000))


def _big(n: int = 2_000) -> float:
    started = time.perf_counter()
    for i in range(n):
        _NUMBERS | {i}
    return (time.perf_counter() - started) * 1e6 / n


_WORDS = {str(i) for i in range(300)}
_MIXED = _WORDS | set(range(0, 300 * 64, 64))


def _mixed(n: int = 500) -> float:
    started = time.perf_counter()
    for _ in range(n):
        _MIXED - _WORDS
    return (time.perf_counter() - started) * 1e6 / n


CASES = {"small": _small, "big": _big, "mixed": _mixed}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="best of this many timings per case (default 5)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    order = _setorder.SetOrder(lambda item: False)
    if not order.ok or not order.number_slots:
        print("this interpreter's set layout is not the one the stand-ins check: nothing to time")
        return 1
    order.install()
    try:
        order.reverse(True, shuffle=_setorder.random_order(random.Random(1).random))
        perturbing = {name: min(case() for _ in range(args.repeats)) for name, case in CASES.items()}
    finally:
        order.uninstall()
    plain = {name: min(case() for _ in range(args.repeats)) for name, case in CASES.items()}
    print(f"set algebra, us per operation (best of {args.repeats}): stand-ins perturbing / interpreter")
    for name in CASES:
        print(f"  {name:6s} {perturbing[name]:8.2f} / {plain[name]:6.2f}   {perturbing[name] / plain[name]:5.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
