"""The shared-parameter wrapper is generic: it turns any turn-based AEC env into a gym.Env."""
import gymnasium
import pytest
from gymnasium.spaces import Discrete
from gymnasium.utils import seeding
from gymnasium.utils.env_checker import check_env
from pettingzoo import AECEnv

from azr_env.envs import SharedParameterEnv


class Countdown(AECEnv):
    """Two players alternately say a number; the episode ends after four moves.

    Each move pays its mover the number said; the last move also pays the other player 10.
    """

    metadata = {"render_modes": [], "name": "countdown_v0"}

    def __init__(self, spaces_differ=False):
        super().__init__()
        self.possible_agents = ["a", "b"]
        self._observation_spaces = {a: Discrete(5) for a in self.possible_agents}
        self._action_spaces = {a: Discrete(3 if spaces_differ and a == "b" else 4) for a in self.possible_agents}
        self.np_random = None

    def observation_space(self, agent):
        return self._observation_spaces[agent]

    def action_space(self, agent):
        return self._action_spaces[agent]

    def reset(self, seed=None, options=None):
        if seed is not None or self.np_random is None:
            self.np_random, _ = seeding.np_random(seed)
        self.agents = list(self.possible_agents)
        self.moves = 0
        self.rewards = {a: 0 for a in self.agents}
        self._cumulative_rewards = {a: 0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {"moves": 0} for a in self.agents}
        self.agent_selection = "a"

    def observe(self, agent):
        return 4 - self.moves if self.moves < 4 else 0

    def step(self, action):
        agent = self.agent_selection
        if self.terminations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0
        self._clear_rewards()
        self.moves += 1
        self.rewards[agent] = int(action)
        other = "b" if agent == "a" else "a"
        self.infos = {a: {"moves": self.moves} for a in self.agents}
        if self.moves == 4:
            self.rewards[other] = 10
            self.terminations = {a: True for a in self.agents}
            self._deads_step_first()
        else:
            self.agent_selection = other
        self._accumulate_rewards()


def test_one_policy_plays_both_agents_and_rewards_stay_separate():
    env = SharedParameterEnv(Countdown())
    observation, info = env.reset(seed=0)
    assert (observation, info["role"]) == (4, "a")
    roles = []
    for action in (1, 2, 3):
        observation, reward, terminated, truncated, info = env.step(action)
        roles.append(info["acted_role"])
        assert reward == action and not terminated
    observation, reward, terminated, truncated, info = env.step(0)
    assert roles == ["a", "b", "a"]
    # Without settled_rewards the AEC env's `rewards` is what settled: both entries of the step.
    assert (reward, terminated, info["role"], info["rewards"]) == (0.0, True, None, {"b": 0.0, "a": 10.0})
    assert info["settled_infos"] == {"a": {"moves": 4}}


def test_passes_gymnasium_check_env():
    check_env(SharedParameterEnv(Countdown()), skip_render_check=True)


def test_refuses_agents_whose_spaces_differ():
    with pytest.raises(ValueError, match="different space"):
        SharedParameterEnv(Countdown(spaces_differ=True))


def test_is_a_gymnasium_env_over_the_aec_generator():
    env = SharedParameterEnv(Countdown())
    env.reset(seed=5)
    assert isinstance(env, gymnasium.Env) and env.np_random is env.aec_env.np_random
