"""Every id is registered once, in both registries, and registering again is silent."""
import warnings

import gymnasium as gym
import pettingzoo

from azr_env.envs import AbsoluteZeroEnv, AbsoluteZeroVectorEnv
from azr_env.envs.registration import register_all
from azr_env.game.ids import AEC_IDS, GYM_IDS
from azr_env.multiagent import AbsoluteZeroAECEnv


def test_ids_are_the_issue_s():
    assert set(GYM_IDS) == {"AZR-Deduction-v0", "AZR-Abduction-v0", "AZR-Induction-v0", "AZR-SelfPlay-v0"}
    assert set(AEC_IDS) == {"azr/deduction-v0", "azr/abduction-v0", "azr/induction-v0", "azr/selfplay-v0"}


def test_register_all_is_idempotent_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        register_all()
        register_all()
    assert all(env_id in gym.registry for env_id in GYM_IDS)
    assert all(env_id in pettingzoo.aec_registry for env_id in AEC_IDS)


def test_gym_make_builds_each_game():
    for env_id, task_types in GYM_IDS.items():
        env = gym.make(env_id)
        assert isinstance(env.unwrapped, AbsoluteZeroEnv)
        assert [t.value for t in env.unwrapped.game.task_types] == list(task_types)
        env.close()


def test_module_prefixed_id_works():
    env = gym.make("azr_env:AZR-Deduction-v0")
    assert isinstance(env.unwrapped, AbsoluteZeroEnv)
    env.close()


def test_make_vec_uses_the_batched_vector_env():
    envs = gym.make_vec("AZR-Abduction-v0", num_envs=3)
    assert isinstance(envs, AbsoluteZeroVectorEnv) and envs.num_envs == 3
    envs.close()


def test_pettingzoo_make_builds_each_game():
    for env_id in AEC_IDS:
        env = pettingzoo.make("aec", env_id, n_solver=3)
        assert isinstance(env.unwrapped, AbsoluteZeroAECEnv) and env.unwrapped.game.n_solver == 3
        env.close()
