"""The OpenEnv server (``azr serve``) against the in-process Gymnasium env: step latency, and load.

    python benchmarks/bench_openenv.py --quick    # 30 episodes per side; 1 and 8 sessions for 5 s
    python benchmarks/bench_openenv.py            # 200 episodes per side; 1, 8, 32 sessions for 30 s

**Latency.** Both sides play the same scripted Absolute Zero episodes (deduction, n_solver=2: a
valid proposal, a right and a wrong answer; every fifth episode an invalid proposal), one step at
a time, with the same executor settings:

- **in-process**: ``gym.make("AZR-Deduction-v0").step(text)`` in this process;
- **served**: ``AZREnvClient.step(text)`` over ``/ws`` to ``azr serve`` in another process on
  127.0.0.1 (JSON over a WebSocket, OpenEnv's session thread, the host's writer thread, then the
  same game code).

Medians per step are reported, for all steps and per kind (proposal / answer); the ratio is
served / in-process and the difference is the server's cost per step.

**Load.** N concurrent sessions (async clients) play those episodes for a fixed time against the
same server: steps per second, episodes per second, p50 and p99 step latency.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gymnasium as gym  # noqa: E402

import azr_env  # noqa: E402,F401
from benchmarks._common import machine  # noqa: E402
from azr_env.executor import Executor  # noqa: E402
from azr_env.integrations.openenv import AZREnvClient  # noqa: E402

N_SOLVER = 2


def texts(episode: int) -> list[str]:
    k = episode + 2
    if episode % 5 == 4:
        return ["not a proposal"]
    program = f"def f(a):\n    return a * {k}"
    return [f"<answer>\n```python\n{program}\n```\n```input\n21\n```\n</answer>",
            f"<answer>\n```output\n{21 * k}\n```\n</answer>", "<answer>\n```output\n-1\n```\n</answer>"]


def in_process(episodes: int, workers: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"propose": [], "answer": []}
    with Executor(workers=workers) as executor:
        env = gym.make("AZR-Deduction-v0", n_solver=N_SOLVER, executor=executor)
        env.reset(seed=0)
        env.step(texts(0)[0])  # warm the workers
        for episode in range(episodes):
            env.reset(seed=episode)
            for i, text in enumerate(texts(episode)):
                started = time.perf_counter()
                *_, info = env.step(text)
                times["propose" if i == 0 else "answer"].append(time.perf_counter() - started)
        env.close()
    return times


def served(url: str, episodes: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"propose": [], "answer": []}
    with AZREnvClient(base_url=url).sync() as env:
        env.reset(seed=0)
        env.step(texts(0)[0])
        for episode in range(episodes):
            env.reset(seed=episode)
            for i, text in enumerate(texts(episode)):
                started = time.perf_counter()
                env.step(text)
                times["propose" if i == 0 else "answer"].append(time.perf_counter() - started)
    return times


async def load(url: str, sessions: int, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    finished = [0]
    started = time.monotonic()

    async def session(i: int):
        async with AZREnvClient(base_url=url, message_timeout_s=300) as env:
            episode = 0
            while time.monotonic() - started < seconds:
                await env.reset(seed=i)
                for text in texts(1000 * i + episode):
                    t0 = time.perf_counter()
                    result = await env.step(text)
                    latencies.append(time.perf_counter() - t0)
                    if result.done:
                        break
                finished[0] += 1
                episode += 1

    await asyncio.gather(*(session(i) for i in range(sessions)))
    return latencies, finished[0], time.monotonic() - started


def start_server(workers: int, max_sessions: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "agents.cli", "serve", "AZR-Deduction-v0", "--port", str(port), "--n-solver",
         str(N_SOLVER), "--workers", str(workers), "--max-sessions", str(max_sessions), "--log-level", "warning"],
        cwd=Path(__file__).resolve().parents[1])
    url = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("azr serve exited")
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit("azr serve did not come up in 300 s")


def median_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="executor workers on each side")
    args = parser.parse_args(argv)
    episodes, loads, seconds = (30, (1, 8), 5.0) if args.quick else (200, (1, 8, 32), 30.0)
    print(f"machine: {machine()}; load {os.getloadavg()[0]:.1f}; {args.workers} executor workers per side")
    process, url = start_server(args.workers, max(loads))
    try:
        # Alternate the sides in halves, so drifting load falls on both alike.
        local, remote = {"propose": [], "answer": []}, {"propose": [], "answer": []}
        for half in range(2):
            for name, run in (("local", lambda: in_process(episodes // 2, args.workers)),
                              ("remote", lambda: served(url, episodes // 2)))[::1 if half == 0 else -1]:
                for kind, values in run().items():
                    (local if name == "local" else remote)[kind].extend(values)
        print(f"\nstep latency, median over {episodes} episodes per side (deduction, n_solver={N_SOLVER}):")
        print(f"{'step':10s} {'in-process ms':>14s} {'served ms':>10s} {'ratio':>7s} {'server cost ms':>15s}")
        for kind in ("propose", "answer", "all"):
            a = local[kind] if kind != "all" else local["propose"] + local["answer"]
            b = remote[kind] if kind != "all" else remote["propose"] + remote["answer"]
            print(f"{kind:10s} {median_ms(a):14.2f} {median_ms(b):10.2f} {median_ms(b) / median_ms(a):6.2f}x "
                  f"{median_ms(b) - median_ms(a):15.2f}")
        print(f"\nload: concurrent sessions for {seconds:.0f} s each")
        print(f"{'sessions':>8s} {'steps/s':>9s} {'episodes/s':>11s} {'p50 ms':>8s} {'p99 ms':>8s}")
        for sessions in loads:
            latencies, finished, elapsed = asyncio.run(load(url, sessions, seconds))
            latencies.sort()
            p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
            print(f"{sessions:8d} {len(latencies) / elapsed:9.1f} {finished / elapsed:11.1f} "
                  f"{median_ms(latencies):8.1f} {1000 * p99:8.1f}")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
