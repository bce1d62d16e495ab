"""The AEC envs' reset options: a mapping of known keys, checked before anything changes."""
import pytest
from pettingzoo.test import api_test

from azr_env.multiagent import deduction_v0, lsp_v0


def test_a_failed_reset_leaves_the_episode_and_the_generator_as_they_were():
    env = deduction_v0.env(n_solver=1)
    env.reset(seed=0)
    raw = env.unwrapped
    episode, state = raw.episode, raw.np_random.bit_generator.state
    with pytest.raises(KeyError, match="nonexistent"):
        env.reset(seed=1, options={"task_id": "nonexistent"})
    assert raw.episode is episode and raw.np_random.bit_generator.state == state
    env.close()


@pytest.mark.parametrize("make, allowed", [(deduction_v0.env, "task_id, task_type"), (lsp_v0.env, "query")])
def test_unknown_and_non_mapping_options_are_refused(make, allowed):
    env = make()
    with pytest.raises(ValueError, match=rf"unknown reset option\(s\) \['taskid'\]; the options are {allowed}$"):
        env.reset(seed=0, options={"taskid": "typo"})
    with pytest.raises(TypeError, match="reset options must be a mapping"):
        env.reset(seed=0, options="task_id=abc")
    env.close()


@pytest.mark.parametrize("make", [lambda: deduction_v0.env(n_solver=1), lsp_v0.env])
def test_pettingzoo_api_test_probe_option_is_still_accepted(make):
    # api_test resets with options={"options": 1}; refusing it would fail PettingZoo's own suite.
    api_test(make(), num_cycles=2)
