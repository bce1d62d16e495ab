"""The LSP envs: PettingZoo and Gymnasium conformance suites, scripted episodes, batching."""
import doctest
import warnings

import gymnasium as gym
import numpy as np
import pettingzoo
import pytest
from gymnasium.utils.env_checker import check_env
from pettingzoo.test import api_test, seed_test

import azr_env.envs.lsp
import azr_env.envs.registration
import azr_env.lsp.episode
from azr_env.envs.lsp import LSPEnv, LSPVectorEnv
from azr_env.envs.registration import register_all
from azr_env.lsp import CallableReward
from azr_env.multiagent import lsp_v0
from azr_env.testing import CHECKS, check_game

register_all()

# Scripted rewards: deterministic functions of the text, so every number below is known.
TASK = CallableReward(lambda q, a: a == "right")
QUALITY = CallableReward(lambda q, a: min(len(a), 10) / 10)


class CountingReward:
    def __init__(self, fn):
        self.fn, self.calls = fn, []

    def __call__(self, queries, answers):
        self.calls.append(len(queries))
        return self.fn(queries, answers)


@pytest.mark.parametrize("module", [azr_env.envs.lsp, azr_env.envs.registration, azr_env.lsp.episode, lsp_v0])
def test_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


# -- conformance -----------------------------------------------------------------------------

# api_test's advice for Box/Discrete spaces and "player_0" names does not fit a text game whose
# roles are named by the paper; the suite itself runs unmodified and must pass.
@pytest.mark.filterwarnings("ignore:Observation is not a NumPy array", "ignore:.*probably should be",
                            "ignore:We recommend agents to be named")
def test_pettingzoo_api_test():
    api_test(lsp_v0.env(), num_cycles=30)
    api_test(lsp_v0.raw_env(quality_fn=QUALITY, group_size=2), num_cycles=30)


def test_pettingzoo_seed_test():
    seed_test(lsp_v0.env, num_cycles=30)


def test_pettingzoo_make_through_its_registry():
    env = pettingzoo.make("aec", "azr/lsp-v0", reward_fn=TASK, group_size=1)
    env.reset(seed=0)
    assert env.agents == ["challenger", "solver"]


def test_gymnasium_check_env_without_warnings():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        env = gym.make("LSP-v0")
        check_env(env.unwrapped)
        check_env(gym.make("LSP-v0", quality_fn=QUALITY, group_size=2).unwrapped)
        # Normal use through gym.make (passive checker on) with random-string actions.
        env.reset(seed=3)
        env.action_space.seed(3)
        for _ in range(12):
            *_, terminated, truncated, _info = env.step(env.action_space.sample())
            if terminated or truncated:
                env.reset()
    assert [str(w.message) for w in caught] == []


def test_registration_is_idempotent_and_quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        register_all()
        register_all()


# -- scripted episodes -----------------------------------------------------------------------

def play_aec(env, query, answers):
    env.reset(seed=0)
    env.step(query)
    for a in answers:
        env.step(a)
    return env


def test_aec_lsp_zero_rewards():
    env = lsp_v0.raw_env(reward_fn=TASK, group_size=3)
    env.reset(seed=0)
    assert env.observe("challenger").startswith("You are designing a test")
    env.step("  Say 'right'.  ")
    assert env.observe("solver") == "Say 'right'."
    rewards = []
    for a in ["right", "wrong", "right"]:
        env.step(a)
        rewards.append(env.rewards["solver"])
    assert rewards == [1.0, 0.0, 1.0]
    assert env.rewards["challenger"] == pytest.approx(-2 / 3)
    assert all(env.terminations.values())
    info = env.infos["challenger"]
    assert info["task_rewards"] == [1.0, 0.0, 1.0] and "quality" not in info
    assert env.infos["solver"]["reward_components"] == {"task": 1.0, "quality": None}
    # The challenger reads its reward first, then both leave with None actions.
    _, reward, terminated, _, _ = env.last()
    assert env.agent_selection == "challenger" and reward == pytest.approx(-2 / 3) and terminated
    env.step(None)
    env.step(None)
    assert env.agents == []


def test_aec_lsp_rewards_with_quality():
    env = play_aec(lsp_v0.raw_env(reward_fn=TASK, quality_fn=QUALITY, group_size=2, quality_weight=2.0),
                   "q", ["right", "no"])
    # Answer 1: R=1, R_Q=0.5 -> 1 + 2*0.5 = 2; answer 2: R=0, R_Q=0.2 -> 0.4.
    assert env.infos["challenger"]["solver_rewards"] == pytest.approx([2.0, 0.4])
    assert env.rewards["solver"] == pytest.approx(0.4)
    # Challenger: -V + V_Q = -0.5 + mean(1.0, 0.4) = 0.2
    assert env.rewards["challenger"] == pytest.approx(0.2)
    assert env.infos["challenger"]["reward_components"] == pytest.approx({"value": 0.5, "quality_value": 0.7})


def test_pinned_query_skips_the_challenger():
    env = lsp_v0.raw_env(reward_fn=TASK, group_size=1)
    env.reset(options={"query": "fixed"})
    assert env.agent_selection == "solver" and env.observe("solver") == "fixed"
    env.step("right")
    assert env.rewards == {"challenger": -1.0, "solver": 1.0}


def test_gym_view_splits_rewards_by_role():
    env = LSPEnv(reward_fn=TASK, quality_fn=QUALITY, group_size=2)
    obs, info = env.reset(seed=0)
    assert info["role"] == "challenger" and obs == env.game.observe("challenger")
    obs, r, term, _, info = env.step("Say right")
    assert (r, term, info["role"], info["acted_role"], info["rewards"]) == (0.0, False, "solver", "challenger", {})
    obs, r, term, _, info = env.step("right")
    assert r == pytest.approx(1.5) and info["rewards"] == pytest.approx({"solver": 1.5})
    obs, r, term, _, info = env.step("")
    assert term and info["role"] is None
    assert info["rewards"] == pytest.approx({"solver": 0.0, "challenger": -0.5 + 0.25})


def test_random_strings_and_overlong_text_are_played():
    env = LSPEnv(group_size=2, max_query_chars=16, max_answer_chars=32)
    env.reset(seed=0)
    _, _, _, _, info = env.step("\x00\x1bweird " * 20)
    assert len(info["query"]) <= 16 and "\x00" not in info["query"]
    _, r, *_ = env.step("x" * 1000)
    assert np.isfinite(r)
    *_, info = env.step(None)
    assert info["role"] is None


def test_the_game_keeps_its_invariants_through_every_api():
    # The testing kit's scripted plays (a query, hostile texts, a pinned query) through gym.make, the
    # AEC env and gym.make_vec: the same seed and texts give the same transcript, every answer is paid
    # R + lambda R_Q and the challenger -V + V_Q, and the three APIs agree.
    report = check_game("LSP-v0", reward_fn=TASK, quality_fn=QUALITY, quality_weight=2.0, group_size=2)
    assert report.passed == [c for c in CHECKS if c != "learnability"] and report.apis == ["gym", "aec", "vector"]


# -- vector env ------------------------------------------------------------------------------

def test_vector_env_scores_each_step_in_one_call():
    task, quality = CountingReward(TASK), CountingReward(QUALITY)
    vec = gym.make_vec("LSP-v0", num_envs=3, reward_fn=task, quality_fn=quality, group_size=2)
    assert isinstance(vec.unwrapped, LSPVectorEnv)
    obs, info = vec.reset(seed=0)
    assert len(obs) == 3 and list(info["role"]) == ["challenger"] * 3
    obs, r, term, trunc, info = vec.step(["q0", "q1", "q2"])
    assert list(obs) == ["q0", "q1", "q2"] and not term.any()
    vec.step(["right", "no", "right"])
    obs, r, term, trunc, info = vec.step(["right", "right", "xxxxxxxxxxxx"])
    assert task.calls == [3, 3] and quality.calls == [3, 3]
    assert term.all() and not trunc.any()
    np.testing.assert_allclose(r, [1.5, 1.5, 1.0])
    # Episode 1: R = [0, 1], R_Q = [0.2, 0.5] -> challenger -0.5 + 0.35
    np.testing.assert_allclose(info["rewards"]["challenger"], [-1 + 0.5, -0.5 + 0.35, -0.5 + 0.75])
    assert list(info["task_rewards"][1]) == [0.0, 1.0]
    assert list(info["query"]) == ["q0", "q1", "q2"]
    # Same-step autoreset: the new episodes' challenger prompts come back at once.
    assert list(info["role"]) == ["challenger"] * 3 and list(info["final_obs"]) == ["q0", "q1", "q2"]
    assert vec.unwrapped.role == "challenger" and obs[0].startswith("You are designing")


def test_vector_env_matches_the_single_env():
    vec = LSPVectorEnv(num_envs=2, reward_fn=TASK, quality_fn=QUALITY, group_size=2)
    vec.reset(seed=0)
    vec.step(["a", "b"])
    vec.step(["right", "x"])
    *_, info = vec.step(["yy", "right"])
    for i, answers in enumerate([["right", "yy"], ["x", "right"]]):
        single = play_aec(lsp_v0.raw_env(reward_fn=TASK, quality_fn=QUALITY, group_size=2), "ab"[i], answers)
        assert info["rewards"]["challenger"][i] == pytest.approx(single.rewards["challenger"])
        assert list(info["solver_rewards"][i]) == pytest.approx(single.infos["challenger"]["solver_rewards"])


def test_vector_env_pinned_queries():
    vec = LSPVectorEnv(num_envs=2, reward_fn=TASK, group_size=1)
    obs, info = vec.reset(options={"queries": ["A", "B"]})
    assert list(obs) == ["A", "B"] and vec.role == "solver"
    with pytest.raises(ValueError):
        vec.reset(options={"queries": ["only one"]})


class _RaisingStr:
    def __str__(self):
        raise RuntimeError("its own __str__")


def test_any_action_is_text_and_none_raises_out_of_a_step():
    # (The nineteenth session's red team J: an action whose __str__ raised ended the step; bytes
    # were read as their repr, where the Absolute Zero envs read them as UTF-8.)
    env = lsp_v0.raw_env(reward_fn=TASK, group_size=3)
    env.reset(seed=0)
    env.step("Say 'right'.".encode())
    assert env.observe("solver") == "Say 'right'."
    rewards = []
    for action in (_RaisingStr(), b"right", "right\ud800"):
        env.step(action)
        rewards.append(env.rewards["solver"])
    assert rewards == [0.0, 1.0, 0.0]  # no text, the bytes' text, a text that is not "right"


class _LyingStr(str):
    def __str__(self):
        return "not what the model wrote"


def test_vector_env_reads_actions_as_the_single_env_does():
    # (The twenty-eighth session's red team: the vector env read actions with str(), so bytes became
    # "b'...'", a str subclass's own __str__ chose the text, and a raising __str__ ended the step.)
    actions = ["Say 'right'.".encode(), np.bytes_(b"Name a prime."), _LyingStr("What is 2+2?"), _RaisingStr()]
    vec = LSPVectorEnv(num_envs=len(actions), reward_fn=TASK, group_size=1)
    vec.reset(seed=0)
    obs, *_ = vec.step(actions)
    queries = []
    for action in actions:
        env = lsp_v0.raw_env(reward_fn=TASK, group_size=1)
        env.reset(seed=0)
        env.step(action)
        queries.append(env.observe("solver"))
    assert list(obs) == queries == ["Say 'right'.", "Name a prime.", "What is 2+2?", ""]
    _, rewards, *_ = vec.step([b"right", _LyingStr("right"), _RaisingStr(), np.array([b"right"])[0]])
    assert rewards.tolist() == [1.0, 1.0, 0.0, 1.0]
