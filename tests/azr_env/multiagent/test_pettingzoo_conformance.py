"""PettingZoo's own conformance suites, unmodified, on every registered AEC id.

api_test also gives advice that does not fit text envs (Box/Discrete spaces, numpy observations,
"player_0"-style names where the issue names the agents by role); those warnings are expected and
filtered here, while every assertion of the suites stands.
"""
import itertools

import pettingzoo
import pytest
from pettingzoo.test import api_test, seed_test
from pettingzoo.utils import wrappers

from azr_env.game.ids import AEC_IDS
from azr_env.game.spaces import PrintableText
from azr_env.multiagent import abduction_v0, deduction_v0, induction_v0
from azr_env.tasks import TaskConfig
from azr_env.testing import example_texts

pytestmark = [
    pytest.mark.filterwarnings("ignore:Observation is not a NumPy array"),
    pytest.mark.filterwarnings("ignore:.*probably should be gymnasium.spaces.box"),
    pytest.mark.filterwarnings("ignore:We recommend agents to be named"),
]

ENV_IDS = sorted(AEC_IDS)


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_api_test_passes(env_id):
    env = pettingzoo.make("aec", env_id, n_solver=2)
    api_test(env, num_cycles=100)
    env.close()


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_seed_test_passes(env_id):
    seed_test(lambda: pettingzoo.make("aec", env_id, n_solver=2), num_cycles=100)


@pytest.mark.parametrize("env_id", ["azr/deduction-v0", "azr/abduction-v0"])
def test_suites_pass_in_solve_mode(env_id):
    # Random actions never make a valid proposal, so in self-play the solver never gets a turn;
    # in solve mode it is the only agent, and its random answers are scored.
    api_test(pettingzoo.make("aec", env_id, mode="solve"), num_cycles=100)
    seed_test(lambda: pettingzoo.make("aec", env_id, mode="solve"), num_cycles=100)


class ScriptedText(PrintableText):
    """An action space whose samples are a scripted proposal and answers, in turn order."""

    def __init__(self, texts, max_length):
        super().__init__(max_length)
        self._texts = list(texts)
        self._cycle = itertools.cycle(self._texts)

    def seed(self, seed=None):
        self._cycle = itertools.cycle(self._texts)  # seed_test seeds both envs alike
        return super().seed(seed)

    def sample(self, mask=None, probability=None):
        return next(self._cycle)


MODULES = {"deduction": deduction_v0, "abduction": abduction_v0, "induction": induction_v0}


@pytest.mark.parametrize("task_type", sorted(MODULES))
def test_suites_pass_over_full_scripted_episodes(task_type, executor):
    # The same suites, with "random" actions that play the whole game: a valid proposal, then a
    # right and a wrong answer, so every turn, reward and termination path is checked.
    config = TaskConfig(n_induction_inputs=4)
    s = example_texts(task_type, config)

    def make():
        raw = MODULES[task_type].raw_env(n_solver=2, config=config, executor=executor)
        space = ScriptedText([s.proposal, s.correct, s.wrong], raw.action_space("proposer").max_length)
        raw.action_spaces = {agent: space for agent in raw.possible_agents}
        return wrappers.OrderEnforcingWrapper(raw)

    api_test(make(), num_cycles=10)
    seed_test(make, num_cycles=10)


def test_make_gives_an_aec_env_per_id():
    for env_id in ENV_IDS:
        env = pettingzoo.make("aec", env_id)
        assert isinstance(env, pettingzoo.AECEnv)
        env.reset(seed=0)
        assert env.agents == ["proposer", "solver"]
        env.close()
