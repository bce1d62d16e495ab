"""The verifiers (v1) tasksets and environment, driven by a scripted OpenAI-compatible stub on
127.0.0.1: the rewards and infos a trace gets equal the Gymnasium env's for the same texts."""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import gymnasium as gym
import pytest

pytest.importorskip("verifiers.v1", reason="verifiers (Python >= 3.11) is not installed")

import azr_env  # noqa: E402,F401
from azr_env.executor import Executor  # noqa: E402
from azr_env.integrations.verifiers import selfplay  # noqa: E402
from verifiers.v1.clients import EvalClientConfig, ModelContext  # noqa: E402
from verifiers.v1.utils.loaders import load_environment, resolve_env_config  # noqa: E402

from .scripted import AZR_SCRIPTS, answers, azr_script, normalise, proposal  # noqa: E402

REPO = Path(__file__).resolve().parents[3]


class Stub(BaseHTTPRequestHandler):
    """``/v1/chat/completions`` answering with ``reply(prompt)``; every request is kept."""

    reply = staticmethod(lambda prompt: "")
    seen: list[str] = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][-1]["content"]
        type(self).seen.append(prompt)
        text = type(self).reply(prompt)
        payload = json.dumps({
            "id": f"stub-{len(self.seen)}", "object": "chat.completion", "created": 0, "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def stub(reply):
    Stub.reply, Stub.seen = staticmethod(reply), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def context(url: str) -> ModelContext:
    os.environ.setdefault("AZR_STUB_KEY", "stub")
    return ModelContext(model="stub", client=EvalClientConfig(base_url=url, api_key_var="AZR_STUB_KEY"))


def episodes(env, url, tasks, concurrent=False):
    async def main():
        async with env.serving():
            ctx = context(url)
            if concurrent:
                return await asyncio.gather(*(env.run_episode(task, ctx) for task in tasks))
            return [await env.run_episode(task, ctx) for task in tasks]
    return asyncio.run(main())


def user_prompt(trace) -> str:
    return next(m.content for m in trace.messages if m.role == "user")


def gym_actions(game_id, seeds, script, executor):
    """Play the scripts in the Gymnasium env: each action's (role, prompt, text, info, reward paid)."""
    env = gym.make(game_id, n_solver=2, executor=executor)
    actions, texts = [], []
    for seed in seeds:
        observation, info = env.reset(seed=seed)
        owed = []
        for text in script(seed)(info):
            role = info["role"]
            texts.append(text)
            next_observation, reward, terminated, truncated, info = env.step(text)
            actions.append([role, str(observation), text, normalise(info), None])
            owed.append(actions[-1])
            for settled, value in info["rewards"].items():
                next(a for a in reversed(owed) if a[0] == settled)[4] = value
            observation = next_observation
            if terminated or truncated:
                break
    env.close()
    return actions, texts


@pytest.mark.parametrize("game_id", ["AZR-Deduction-v0", "AZR-SelfPlay-v0"])
def test_selfplay_traces_equal_the_gymnasium_env(game_id):
    names = list(AZR_SCRIPTS)
    script = lambda seed: azr_script(names[seed % len(names)], 2 + seed)  # noqa: E731
    seeds = list(range(2 * len(names)))
    with Executor(workers=2) as executor:
        expected, texts = gym_actions(game_id, seeds, script, executor)
    queue = list(texts)
    selfplay.close_hosts()  # a fresh buffer, as the Gymnasium env's
    config = resolve_env_config({"taskset": {"id": "azr-env-selfplay", "game": game_id, "n_solver": 2,
                                             "num_tasks": len(seeds)}})
    env = load_environment(config)
    assert isinstance(env, selfplay.AZRSelfPlayEnv)
    with stub(lambda prompt: queue.pop(0)) as url:
        played = episodes(env, url, list(env.taskset))
    assert all(episode.ok for episode in played), [e.errors for e in played]
    actions = [[trace.agent.name, user_prompt(trace), trace.assistant_messages[-1].content,
                normalise(trace.info["azr"]), trace.rewards["azr"].score]
               for episode in played for trace in episode.traces]
    assert actions == expected
    assert {a[0] for a in actions} == {"proposer", "solver"}
    assert {a[4] for a in actions} >= {-1.0, 1.0, -0.5, 0.5, 0.0}  # every kind of reward was paid
    selfplay.close_hosts()


def test_concurrent_episodes_share_one_buffer_and_never_mix():
    counter = iter(range(100, 10_000))

    def reply(prompt: str) -> str:
        if "Design a new Python program" in prompt:
            return proposal("deduction", next(counter))
        k = int(re.search(r"return a \* (\d+)", prompt).group(1))
        return answers("deduction", k)["right"]

    selfplay.close_hosts()
    env = load_environment(resolve_env_config({"taskset": {"id": "azr-env-selfplay", "game": "AZR-Deduction-v0",
                                                           "n_solver": 3, "num_tasks": 6}}))
    with stub(reply) as url:
        played = episodes(env, url, list(env.taskset), concurrent=True)
    assert all(e.ok for e in played)
    programs = set()
    for episode in played:
        proposer, *solvers = episode.traces
        program = proposer.info["azr"]["task"]["program"]
        programs.add(program)
        assert proposer.rewards["azr"].score == 0.0  # always solved: not learnable (paper Eq. 4)
        for trace in solvers:  # each answer was about its own episode's task, and right
            assert trace.info["azr"]["task"]["program"] == program and program in user_prompt(trace)
            assert trace.rewards["azr"].score == 1.0
    assert len(programs) == 6
    buffer = env.host.buffers["deduction"]
    assert programs <= {task.program for task in buffer}
    selfplay.close_hosts()


def _mini_dataset(tmp_path):
    path = tmp_path / "mini.jsonl"
    rows = [{"code": "def f(a):\n    return a + 1", "input": "1", "output": "2"},
            {"code": "def f(s):\n    return s[::-1]", "input": "'ab'", "output": "'ba'"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_solve_taskset_pays_the_solver_reward_of_the_gymnasium_env(tmp_path):
    data = _mini_dataset(tmp_path)
    env = load_environment(resolve_env_config({"taskset": {"id": "azr-env-solve", "data": str(data)}}))
    tasks = list(env.taskset)
    assert [t.data.task_type for t in tasks] == ["deduction", "deduction", "abduction", "abduction"]
    replies = ["<answer>2</answer>", "<answer>'xx'</answer>", "no answer", "<answer>```input\n'ab'\n```</answer>"]
    queue = list(replies)
    with stub(lambda prompt: queue.pop(0)) as url:
        played = episodes(env, url, tasks)
    rewards = [e.traces[0].rewards["azr_solver"].score for e in played]
    assert rewards == [1.0, -0.5, -1.0, 1.0]
    with Executor(workers=1) as executor:
        for task, text, reward in zip(tasks, replies, rewards):
            gym_env = gym.make(f"AZR-{task.data.task_type.title()}-v0", mode="solve", task_file=str(data),
                               executor=executor)
            observation, _ = gym_env.reset(options={"task_id": task.data.task_id})
            assert observation == task.data.prompt
            assert gym_env.step(text)[1] == reward
            gym_env.close()


@pytest.mark.slow
def test_eval_cli_runs_the_solve_taskset(tmp_path):
    """verifiers' own ``eval`` command on ``azr-env-solve`` against the stub."""
    data = _mini_dataset(tmp_path)
    queue = ["<answer>2</answer>", "<answer>'xx'</answer>", "no answer", "<answer>```input\n'ab'\n```</answer>"]
    with stub(lambda prompt: queue.pop(0)) as url:
        result = subprocess.run(
            [sys.executable, "-c", "from verifiers.v1.cli.eval.main import main; main()", "azr-env-solve",
             "--env.taskset.data", str(data), "--model", "stub", "--client.base-url", url,
             "--client.api-key-var", "AZR_STUB_KEY", "--no-serve", "--no-push", "--no-rich", "-c", "1",
             "-o", str(tmp_path / "out")],
            capture_output=True, text=True, timeout=600, cwd=REPO,
            env={**os.environ, "AZR_STUB_KEY": "stub", "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr[-3000:]
    episodes_written = [json.loads(line) for path in (tmp_path / "out").rglob("traces.jsonl") for line in path.open()]
    traces = [trace for episode in episodes_written for trace in episode["traces"]]
    rewards = {t["task"]["data"]["name"].split("/")[0] + str(t["task"]["data"]["idx"]): t["rewards"]["azr_solver"]["score"]
               for t in traces}
    assert rewards == {"deduction0": 1.0, "deduction1": -0.5, "abduction2": -1.0, "abduction3": 1.0}
