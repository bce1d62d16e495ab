"""Bad input at the game host, the OpenEnv environment, the testing kit and the task-file readers
(the nineteenth session's red team J): each gets a reason, and loses no reward and no session.

The OpenEnv environment is driven in process here (what the server's routes call); the parity and
route tests with a real server are in test_openenv_server.py.
"""
from __future__ import annotations

import json
import threading
import time

import gymnasium as gym
import pytest

pytest.importorskip("openenv")

import azr_env  # noqa: E402,F401  (registers the ids)
from azr_env.integrations.game_host import GameHost, RequestError, RewardError, UnknownTaskError  # noqa: E402
from azr_env.integrations.openenv.environment import AZREnvironment, json_safe  # noqa: E402
from azr_env.integrations.openenv.models import AZRAction  # noqa: E402


# --- lone surrogates in what a reply quotes --------------------------------------------------------
def test_an_lsp_answer_with_a_lone_surrogate_is_scored_and_its_reply_can_be_sent():
    host = GameHost("LSP-v0", group_size=2)
    try:
        env = AZREnvironment(host)
        env.reset(seed=0, query="Name a colour.")
        observation = env.step(AZRAction(text="red \ud800 and blue"))
        json.dumps(observation.model_dump(), ensure_ascii=False).encode("utf-8")  # what a server sends
        assert observation.role == "solver" and observation.reward is not None
        assert "\ufffd" in json.dumps(observation.info, ensure_ascii=False)
        assert env.step(AZRAction(text="green")).done  # the first answer counted
    finally:
        host.close()


def test_json_safe_replaces_only_lone_surrogates():
    value = {"a\udc80": ["ok é", ("x\ud83d",)], "n": 1, "e": "😀"}
    assert json_safe(value) == {"a\ufffd": ["ok é", ("x\ufffd",)], "n": 1, "e": "😀"}
    assert json_safe("plain") == "plain"


def test_a_role_guard_holding_a_surrogate_gets_a_sendable_reason(executor):
    host = GameHost("AZR-Deduction-v0", executor=executor, n_solver=1)
    try:
        session = host.session()
        session.reset(seed=0)
        with pytest.raises(RequestError) as caught:
            session.step("x", role="solver\ud800")
        str(caught.value).encode("utf-8")  # no lone surrogate left in the message
        with pytest.raises(RequestError, match="it is the proposer's turn, not the solver's"):
            session.step("x", role="solver")
    finally:
        host.close()


# --- reset options ----------------------------------------------------------------------------
@pytest.mark.parametrize("task_id", ["", 0, ["a"], {"a": 1}, False])
def test_a_task_id_that_is_not_a_non_empty_string_is_refused_everywhere(executor, task_id):
    env = gym.make("AZR-Deduction-v0", executor=executor)
    with pytest.raises(ValueError, match="task_id must be"):
        env.reset(seed=0, options={"task_id": task_id})
    host = GameHost("AZR-Deduction-v0", executor=executor)
    try:
        with pytest.raises(RequestError, match="task_id must be") as caught:
            host.session().reset(seed=0, options={"task_id": task_id})
        assert caught.value.status == 422
    finally:
        host.close()


def test_a_refused_reset_leaves_the_session_generator_as_the_gym_env_leaves_its_own(executor):
    env = gym.make("AZR-SelfPlay-v0", executor=executor)
    host = GameHost("AZR-SelfPlay-v0", executor=executor)
    try:
        session = host.session()
        for seed in range(4):
            env.reset(seed=seed)
            session.reset(seed=seed)
            with pytest.raises(KeyError):
                env.reset(seed=1000 + seed, options={"task_id": "no-such-task"})
            with pytest.raises(UnknownTaskError):
                session.reset(seed=1000 + seed, options={"task_id": "no-such-task"})
            observation, _ = env.reset()
            assert session.reset()[0] == observation
    finally:
        host.close()


@pytest.mark.parametrize("value", ["false", "no", 0, [0]])
def test_sample_solver_takes_only_a_boolean(executor, value):
    host = GameHost("AZR-Deduction-v0", executor=executor)
    try:
        with pytest.raises(RequestError, match="sample_solver must be true or false"):
            host.session().reset(options={"sample_solver": value})
    finally:
        host.close()


def test_an_episode_id_that_is_not_a_string_is_refused_and_state_still_reads(executor):
    host = GameHost("AZR-Deduction-v0", executor=executor)
    try:
        env = AZREnvironment(host)
        with pytest.raises(RequestError, match="episode_id must be a string"):
            env.reset(seed=0, episode_id=5)
        env.state.model_dump()  # still a valid state
        assert env.reset(seed=0, episode_id="ep").role == "proposer" and env.state.episode_id == "ep"
    finally:
        host.close()


# --- solve mode on a file with no task --------------------------------------------------------------
def test_a_task_file_with_no_playable_task_is_refused_when_the_game_is_built(executor, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    skipped = tmp_path / "skipped.jsonl"
    skipped.write_text(json.dumps({"code": "def f(**k):\n    return k", "input": "dict(e=1)", "output": "{'e': 1}"}) + "\n")
    for path in (empty, skipped):
        with pytest.raises(ValueError, match="holds no deduction task"):
            gym.make("AZR-Deduction-v0", mode="solve", task_file=str(path), executor=executor)


# --- a sampler that fails --------------------------------------------------------------------------
def test_a_failing_sampler_still_answers_the_proposal_with_the_solver_prompt(executor):
    def broken(prompt, n):
        raise ConnectionError("endpoint down")

    host = GameHost("AZR-Deduction-v0", executor=executor, n_solver=2, solver_sampler=broken)
    try:
        session = host.session()
        session.reset(seed=0)
        proposal = "<answer>\n```python\ndef f(a):\n    return a * 2\n```\n```input\n21\n```\n</answer>"
        observation, _, done, info = session.step(proposal)
        assert "endpoint down" in info["sampler_error"] and not done
        assert info["role"] == "solver" and info["valid"] and "def f(a)" in observation
        right = "<answer>\n```output\n42\n```\n</answer>"
        session.step(right)
        assert session.step(right)[2]  # the client answered both attempts itself
    finally:
        host.close()


# --- LSP: one answer a reward function refuses fails only its own step ------------------------------
def test_one_answer_the_reward_function_refuses_fails_only_its_own_step():
    gate = threading.Event()

    def judge(queries, answers):
        if any(query == "slow" for query in queries):
            gate.wait(5)  # holds the writer, so that the next two answers are settled in one batch
        if any(len(answer) > 1000 for answer in answers):
            raise RuntimeError("context length exceeded")  # as a judge's 400 fails the whole call
        return [1.0 for _ in answers]

    host = GameHost("LSP-v0", group_size=2, reward_fn=judge)
    try:
        slow, long_, short = host.session(), host.session(), host.session()
        for session, query in ((slow, "slow"), (long_, "a"), (short, "b")):
            session.reset(seed=0, options={"query": query})
        results: dict[str, object] = {}

        def play(name, session, text):
            try:
                results[name] = session.step(text)[1]
            except Exception as error:  # noqa: BLE001
                results[name] = error

        threads = [threading.Thread(target=play, args=("slow", slow, "x"))]
        threads[0].start()
        time.sleep(0.3)  # the writer is inside the judge for "slow"
        threads += [threading.Thread(target=play, args=(name, session, text))
                    for name, session, text in (("long", long_, "y" * 5000), ("short", short, "z"))]
        for thread in threads[1:]:
            thread.start()
        time.sleep(0.3)
        gate.set()
        for thread in threads:
            thread.join(10)
        assert isinstance(results["long"], RewardError) and results["long"].status == 502
        assert results["short"] == pytest.approx(results["slow"])  # scored as if alone
        assert long_.step("w")[1] == pytest.approx(results["short"])  # the refused answer was not counted
    finally:
        host.close()
