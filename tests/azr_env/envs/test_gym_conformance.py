"""Gymnasium's own checker, unmodified, on every registered id, with every warning an error."""
import warnings

import gymnasium as gym
import pytest
from gymnasium.utils.env_checker import check_env

from azr_env.game.ids import GYM_IDS
from azr_env.testing import example_texts


@pytest.mark.parametrize("env_id", sorted(GYM_IDS))
@pytest.mark.parametrize("mode", ["selfplay", "solve"])
def test_check_env_passes_without_warnings(env_id, mode):
    # Solve mode draws from the seeded buffers, induction's included; no file is needed.
    kwargs = {"mode": mode, "n_solver": 2}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env = gym.make(env_id, **kwargs)
        check_env(env.unwrapped)
        env.close()


@pytest.mark.parametrize("task_type", ["deduction", "abduction", "induction"])
def test_normal_use_raises_no_passive_checker_warning(task_type, executor):
    # Our ids are registered without gymnasium's PassiveEnvChecker (see registration.py); ask for it,
    # play a whole episode through it, valid task and all, and let any warning fail the test.
    s = example_texts(task_type)
    env_id = f"AZR-{task_type.capitalize()}-v0"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env = gym.make(env_id, n_solver=3, executor=executor, disable_env_checker=False)
        observation, info = env.reset(seed=0)
        for action in (s.proposal, s.correct, s.wrong, s.malformed):
            observation, reward, terminated, truncated, info = env.step(action)
            assert observation in env.observation_space
        assert terminated and not truncated
        env.close()
