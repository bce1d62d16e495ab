"""One vector-env step of B proposals against the executor's ``validate_batch`` alone on the same B.

The vector env's step parses every proposal, sends all of them to the executor in one
``validate_batch`` call, computes each valid task's id (its normalised program) for the buffer,
builds the solver prompts and fills the infos. This measures what all of that costs on top of the
executor call it wraps. Target (DESIGN.md): at most 1.5x.

The proposals are CRUXEval's programs with their inputs (generated ones with ``--source
synthetic``, or when the file is absent). Two settings, each repetition on B proposals not seen before:

* ``cold`` (the headline: training proposes programs never seen before): the env steps with one
  executor, and ``validate_batch`` runs on a second executor with the same settings, so neither
  side finds the programs in its compile caches;
* ``warm``: one executor, the pairs validated once untimed first, so both sides find its caches
  warm. The executor's work is then at its cheapest and the env's own costs weigh most.

Both executors are warmed up on unrelated programs first (worker start-up is not measured). The
two timed calls alternate in order across repetitions; figures are medians. A breakdown of the
cold step follows, from a separate instrumented pass: the executor's batch, the tasks layer's
parsing and judging, the new tasks' ids, and the env's own bookkeeping.

Usage::

    python benchmarks/bench_vector_env.py            # 20 repetitions of 64 proposals per setting
    python benchmarks/bench_vector_env.py --quick    # 5 repetitions, a few seconds

Twenty repetitions because a step lasts about 10 ms: on a 2-core machine, medians of 6 scattered
from 1.27x to 1.64x between runs, medians of 20 by a few hundredths.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from benchmarks._common import DEFAULT_CRUXEVAL, load_jsonl, machine  # noqa: E402
from azr_env.envs import AbsoluteZeroVectorEnv  # noqa: E402
from azr_env.game import absolute_zero as game  # noqa: E402
from azr_env.executor import Executor, clear_caches  # noqa: E402
from azr_env.tasks import Task  # noqa: E402
from azr_env.tasks import types as task_types  # noqa: E402

TARGET = 1.5


def synthetic_pair(rep: int, n: int) -> tuple[str, str]:
    """A small AZR-like (program, input), distinct per (rep, n)."""
    program = (
        "def f(a, k):\n"
        "    total = 0\n"
        f"    for i, c in enumerate(str(a) * {rep % 5 + 2}):\n"
        f"        total += (ord(c) * (i + k + {rep * 1000 + n})) % 97\n"
        "    return [total, sorted(set(str(a)))]"
    )
    return program, f"{n * 7919 + rep}, {n % 13}"


def as_proposal(program: str, inputs: str) -> str:
    return f"<think>Here is a task.</think>\n<answer>\n```python\n{program}\n```\n```input\n{inputs}\n```\n</answer>"


def proposal_batches(source: str, batch: int, count: int) -> list[list[tuple[str, str]]]:
    """``count`` batches of distinct (program, input) pairs: CRUXEval's programs, or synthetic ones."""
    if source == "cruxeval" and DEFAULT_CRUXEVAL.exists():
        rows = load_jsonl(DEFAULT_CRUXEVAL)
        pairs = [(row["code"], row["input"]) for row in rows]
        # Cycle through the file. A module-level line numbered by batch keeps each program new to
        # every cache once the file wraps, the task buffer included: a comment would not do, as
        # task ids ignore comments, and a task already in the buffer is cheaper to settle.
        picks = [[pairs[(k * batch + n) % len(pairs)] for n in range(batch)] for k in range(count)]
        return [[(f"{p}\nBATCH = {k}", i) for p, i in chosen] for k, chosen in enumerate(picks)]
    return [[synthetic_pair(k, n) for n in range(batch)] for k in range(count)]


def clear_process_caches() -> None:
    """Forget every process-wide memo of programs and inputs (compiled code, parsed arguments,
    fingerprints), so a cold measurement pays for all of it even where inputs repeat."""
    clear_caches()
    task_types._FINGERPRINTS.clear()
    task_types._NORMALIZED_INPUTS.clear()


def measure(envs, env_executor, batch_executor, batches, warm: bool):
    """Median seconds of one vector step and of one validate_batch on the same proposals, and
    how many proposals were valid."""
    step_times, batch_times, valid = [], [], 0
    for rep, pairs in enumerate(batches):
        texts = [as_proposal(program, inputs) for program, inputs in pairs]
        envs.reset(seed=rep)
        if warm:
            env_executor.validate_batch(pairs)

        def time_step():
            nonlocal valid
            if not warm:  # the process-wide caches are shared by both sides: start cold
                clear_process_caches()
            start = time.perf_counter()
            _, rewards, *_ = envs.step(texts)
            step_times.append(time.perf_counter() - start)
            valid += int((rewards == 0.0).sum())

        def time_batch():
            if not warm:
                clear_process_caches()
            start = time.perf_counter()
            batch_executor.validate_batch(pairs)
            batch_times.append(time.perf_counter() - start)

        for timed in ((time_step, time_batch) if rep % 2 == 0 else (time_batch, time_step)):
            timed()
    return statistics.median(step_times), statistics.median(batch_times), valid / (len(batches) * len(batches[0]))


def breakdown(envs, executor, batches) -> dict[str, float]:
    """Median milliseconds per cold step spent in each layer, from one instrumented pass.

    ``evaluate_proposals`` (the tasks layer: parsing, then the executor's ``validate_batch``) and
    ``Task.task_id`` (a new task's id: its normalised program, which the buffer deduplicates on)
    are timed in place; what is left of the step is the env's own bookkeeping (prompts, buffer,
    infos, episodes).
    """
    spent: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return wrapper

    rows = []
    originals = (game.evaluate_proposals, Task.task_id, executor.validate_batch)
    game.evaluate_proposals = timed("evaluate", originals[0])
    Task.task_id = property(timed("task_id", originals[1].fget))
    executor.validate_batch = timed("validate_batch", originals[2])
    try:
        for rep, pairs in enumerate(batches):
            envs.reset(seed=rep)
            spent.clear()
            clear_process_caches()
            start = time.perf_counter()
            envs.step([as_proposal(program, inputs) for program, inputs in pairs])
            step = time.perf_counter() - start
            rows.append({
                "validate_batch": spent["validate_batch"],
                "parse and judge": spent["evaluate"] - spent["validate_batch"],
                "task ids": spent.get("task_id", 0.0),
                "env's own": step - spent["evaluate"] - spent.get("task_id", 0.0),
            })
    finally:
        game.evaluate_proposals, Task.task_id = originals[:2]
        del executor.validate_batch  # back to the class's method
    return {name: statistics.median(row[name] for row in rows) * 1000 for name in rows[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 repetitions (a few seconds)")
    parser.add_argument("--batch", type=int, default=64, help="proposals per step (default 64)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 20, 5 with --quick)")
    parser.add_argument("--source", choices=["cruxeval", "synthetic"], default="cruxeval",
                        help="where the proposals' programs come from (default: CRUXEval's, if found)")
    parser.add_argument("--workers", type=int, default=None, help="executor workers (default: executor's)")
    args = parser.parse_args(argv)
    reps = args.reps or (5 if args.quick else 20)
    batches = proposal_batches(args.source, args.batch, 3 * reps)
    source = args.source if args.source == "synthetic" or DEFAULT_CRUXEVAL.exists() else "synthetic"

    print(f"machine: {machine()}")
    print(f"{args.batch} deduction proposals per step ({source} programs), {reps} repetitions per setting")
    with Executor(workers=args.workers) as env_executor, Executor(workers=args.workers) as batch_executor:
        for executor in (env_executor, batch_executor):  # start the workers outside the timings
            executor.validate_batch([synthetic_pair(-1, n) for n in range(8)])
        envs = AbsoluteZeroVectorEnv(args.batch, ("deduction",), executor=env_executor)
        cold = measure(envs, env_executor, batch_executor, batches[:reps], warm=False)
        warm = measure(envs, env_executor, env_executor, batches[reps:2 * reps], warm=True)
        parts = breakdown(envs, env_executor, batches[2 * reps:])
        envs.close()

    verdict = 0
    for name, (step, batch, valid) in (("cold", cold), ("warm", warm)):
        ratio = step / batch
        print(
            f"{name}: vector step {step * 1000:7.1f} ms | executor validate_batch {batch * 1000:7.1f} ms"
            f" | ratio {ratio:.2f}x | {valid:.0%} of proposals valid"
        )
        if name == "cold":
            verdict = 0 if ratio <= TARGET else 1
            print(f"      target <= {TARGET}x on new proposals: {'PASS' if verdict == 0 else 'FAIL'}")

    print("cold step breakdown (instrumented pass on other new proposals):")
    for name, ms in parts.items():
        print(f"      {name:<20} {ms:6.1f} ms")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
