"""Load on a real ``azr serve``: 32 concurrent sessions playing whole episodes for a bounded time.

- No episode is lost or mixed up: each session proposes programs no other session proposes, and
  checks that every observation it gets back is about its own task.
- Every reward equals the in-process one: each finished episode is replayed through an
  in-process session of the same game, and the rewards must match step for step.
- Clients killed mid-episode (``kill -9``) do not hurt the server: the other sessions finish,
  the killed sessions' slots are freed, and new sessions play normally.
- Throughput and p50/p99 step latency are printed (``pytest -s`` shows them).
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

import pytest

pytest.importorskip("openenv")
requests = pytest.importorskip("requests")

from azr_env.executor import Executor  # noqa: E402
from azr_env.integrations.game_host import GameHost  # noqa: E402
from azr_env.integrations.openenv import AZREnvClient  # noqa: E402

from .scripted import answers, proposal  # noqa: E402

SESSIONS = 32
KILLED = 4
SECONDS = float(os.environ.get("AZR_LOAD_SECONDS", "20"))
N_SOLVER = 2

# Killed clients: open a session, play the proposal, say so, and wait to be killed mid-episode.
VICTIM = """
import sys
from azr_env.integrations.openenv import AZREnvClient
with AZREnvClient(base_url=sys.argv[1]).sync() as env:
    env.reset(seed=0)
    env.step(sys.argv[2])
    print("mid-episode", flush=True)
    sys.stdin.read()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script(session: int, episode: int) -> tuple[int, list[str]]:
    """A program unique to (session, episode), and the texts that play it: every fifth episode an
    invalid proposal, else a mix of right, wrong and malformed answers."""
    k = 1000 * (session + 1) + episode + 2
    if episode % 5 == 4:
        return k, ["this is not a proposal"]
    kinds = [("right", "wrong"), ("right", "right"), ("wrong", "malformed"), ("malformed", "right")][episode % 4]
    return k, [proposal("deduction", k)] + [answers("deduction", k)[kind] for kind in kinds]


async def play_session(url: str, session: int, deadline: float, latencies: list, log: list) -> None:
    async with AZREnvClient(base_url=url, message_timeout_s=120) as env:
        episode = 0
        while time.monotonic() < deadline:
            k, texts = script(session, episode)
            result = await env.reset(seed=session)
            steps = []
            for text in texts:
                started = time.perf_counter()
                result = await env.step(text)
                latencies.append(time.perf_counter() - started)
                observation = result.observation
                task = observation.info.get("task")
                if task is not None:  # this session's own task, and nobody else's
                    assert task["program"] == f"def f(a):\n    return a * {k}", (session, episode, task)
                    assert task["output"] == str(21 * k)
                steps.append((result.reward, result.done, observation.rewards))
                if result.done:
                    break
            assert result.done, (session, episode)
            log.append((session, episode, texts[:len(steps)], steps))
            episode += 1


async def load(url: str, seconds: float) -> tuple[list, list, float]:
    latencies: list = []
    log: list = []
    started = time.monotonic()
    await asyncio.gather(*(play_session(url, i, started + seconds, latencies, log) for i in range(SESSIONS)))
    return latencies, log, time.monotonic() - started


@pytest.mark.slow
def test_32_sessions_under_load_lose_nothing_and_survive_killed_clients(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "agents.cli", "serve", "AZR-Deduction-v0", "--port", str(port), "--n-solver",
         str(N_SOLVER), "--workers", "2", "--max-sessions", str(SESSIONS + KILLED), "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    victims = []
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, server.stdout.read()
            try:
                if requests.get(f"{url}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "azr serve did not come up"
            time.sleep(0.2)

        # Clients that will die mid-episode, holding session slots.
        for i in range(KILLED):
            victim = subprocess.Popen([sys.executable, "-c", VICTIM, url, proposal("deduction", 99_000 + i)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            victims.append(victim)
        for victim in victims:
            assert victim.stdout.readline().strip() == "mid-episode"

        async def load_and_kill():
            async def kill_later():
                await asyncio.sleep(min(3.0, SECONDS / 4))
                for victim in victims:
                    victim.send_signal(signal.SIGKILL)  # no close handshake: the socket just drops
            killer = asyncio.create_task(kill_later())
            result = await load(url, SECONDS)
            await killer
            return result

        latencies, log, elapsed = asyncio.run(load_and_kill())
        assert all(victim.wait(timeout=30) == -signal.SIGKILL for victim in victims)

        # Nothing lost: every session finished episodes, each one exactly once and in order.
        by_session: dict[int, list[int]] = {}
        for session, episode, _, _ in log:
            by_session.setdefault(session, []).append(episode)
        assert sorted(by_session) == list(range(SESSIONS))
        assert all(episodes == list(range(len(episodes))) for episodes in by_session.values())

        # Every reward equals the in-process one, replayed step by step.
        with Executor(workers=2) as executor:
            host = GameHost("AZR-Deduction-v0", n_solver=N_SOLVER, executor=executor)
            replay = host.session()
            for session, episode, texts, steps in log:
                replay.reset(seed=session)
                local = []
                for text in texts:
                    _, reward, done, info = replay.step(text)
                    local.append((reward, done, info["rewards"]))
                assert local == [tuple(step) for step in steps], (session, episode)
            host.close()

        # The killed sessions' slots were freed: the server takes its full session count again.
        async def fill_up():
            clients = [AZREnvClient(base_url=url) for _ in range(SESSIONS + KILLED)]
            try:
                for client in clients:
                    await client.connect()
                results = await asyncio.gather(*(client.reset(seed=1) for client in clients))
                return [r.observation.role for r in results]
            finally:
                await asyncio.gather(*(client.close() for client in clients))

        assert asyncio.run(fill_up()) == ["proposer"] * (SESSIONS + KILLED)
        assert requests.get(f"{url}/health").json() == {"status": "healthy"}

        steps = len(latencies)
        latencies.sort()
        p50 = statistics.median(latencies)
        p99 = latencies[min(steps - 1, int(0.99 * steps))]
        print(f"\nOpenEnv load: {SESSIONS} sessions for {elapsed:.1f} s: {len(log)} episodes, {steps} steps, "
              f"{steps / elapsed:.1f} steps/s, {len(log) / elapsed:.1f} episodes/s; "
              f"step latency p50 {1000 * p50:.1f} ms, p99 {1000 * p99:.1f} ms; {KILLED} clients killed mid-episode")
        assert len(log) >= SESSIONS
    finally:
        for victim in victims:
            if victim.poll() is None:
                victim.kill()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
