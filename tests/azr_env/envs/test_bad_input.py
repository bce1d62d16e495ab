"""Caller mistakes: a clear error where they are made, and nothing changed by a call that raises."""
import math

import gymnasium as gym
import numpy as np
import pytest

from azr_env.envs import AbsoluteZeroVectorEnv
from azr_env.game import AbsoluteZeroGame
from azr_env.tasks import TaskBuffer, TaskBuffers, TaskConfig
from azr_env.testing import example_texts

CONFIG = TaskConfig(n_induction_inputs=4, induction_proposer="own_program")
GOOD = "<answer>```python\ndef f(a):\n    return a * 2\n```\n```input\n21\n```</answer>"


# -- 1. a vector reset that raises changes nothing --------------------------------------------------

def test_failed_vector_reset_leaves_episodes_ids_and_generator_as_they_were(executor):
    envs = AbsoluteZeroVectorEnv(2, ["deduction"], n_solver=8, executor=executor)
    envs.reset(seed=0)
    envs.step([GOOD, GOOD])
    phases, ids = [e.phase for e in envs.episodes], envs.episode_ids.tolist()
    state = envs.np_random.bit_generator.state
    with pytest.raises(KeyError, match="no-such-id"):
        envs.reset(seed=1, options={"task_id": [None, "no-such-id"]})
    assert [e.phase for e in envs.episodes] == phases and envs.episode_ids.tolist() == ids
    assert envs.np_random.bit_generator.state == state
    *_, info = envs.step(["junk", "junk"])
    assert len(set(info["episode_id"].tolist())) == 2  # every live episode keeps its own id
    envs.close()


# -- 2. a vector step takes a sequence of texts, never a str -----------------------------------

@pytest.mark.parametrize("actions", ["ab", None, {"a": 1, "b": 2}, {"a", "b"}, b"ab"])
def test_vector_step_refuses_what_is_not_a_sequence_of_texts(actions, executor):
    envs = AbsoluteZeroVectorEnv(2, ["deduction"], n_solver=1, executor=executor)
    envs.reset(seed=0)
    with pytest.raises(TypeError, match="actions must be a sequence of 2 texts"):
        envs.step(actions)
    assert [e.role for e in envs.episodes] == ["proposer", "proposer"]  # nothing was played
    envs.close()


@pytest.mark.parametrize("wrap", [list, tuple, lambda a: np.array(a, dtype=object), np.array])
def test_vector_step_accepts_lists_tuples_and_arrays(wrap, executor):
    envs = gym.make_vec("AZR-Deduction-v0", num_envs=2, n_solver=1, executor=executor)
    envs.reset(seed=0)
    _, rewards, *_ = envs.step(wrap(["junk", "junk"]))
    assert rewards.tolist() == [-1.0, -1.0]
    envs.close()


def test_lsp_vector_env_refuses_a_str_for_its_actions_and_queries():
    envs = gym.make_vec("LSP-v0", num_envs=2, group_size=1)
    with pytest.raises(TypeError, match="queries must be a sequence of 2 texts, not a str"):
        envs.reset(seed=0, options={"queries": "ab"})
    envs.reset(seed=0)
    with pytest.raises(TypeError, match="actions must be a sequence of 2 texts, not a str"):
        envs.step("xy")
    envs.close()


# -- 3. executor and buffers are checked at construction ------------------------------------------

@pytest.mark.parametrize("make", [
    lambda **kw: gym.make("AZR-Deduction-v0", **kw),
    lambda **kw: gym.make_vec("AZR-Deduction-v0", num_envs=2, **kw),
])
def test_an_executor_without_its_methods_is_refused_at_construction(make):
    with pytest.raises(TypeError, match="executor must be an azr_env.executor.Executor.*validate_batch"):
        make(executor="not an executor")


@pytest.mark.parametrize("buffers, error, match", [
    ({"deduction": []}, TypeError, r"buffers\['deduction'\] must be a TaskBuffer, got list"),
    ("x", TypeError, "buffers must be a TaskBuffers or a mapping"),
    ({"abduction": TaskBuffer("deduction")}, ValueError, "a deduction buffer given for abduction"),
])
def test_bad_buffers_are_refused_at_construction(buffers, error, match):
    with pytest.raises(error, match=match):
        gym.make("AZR-Deduction-v0", buffers=buffers)


def test_a_mapping_of_buffers_is_used_as_given(executor):
    mine = TaskBuffer("deduction")
    env = gym.make("AZR-Deduction-v0", n_solver=1, executor=executor, buffers={"deduction": mine})
    assert isinstance(env.unwrapped.buffers, TaskBuffers) and env.unwrapped.buffers["deduction"] is mine
    env.reset(seed=0)
    env.step(GOOD)
    assert len(mine) == 2  # the valid proposal went into the caller's own buffer
    env.close()


# -- 4. non-finite task weights ----------------------------------------------------------------------

@pytest.mark.parametrize("env_id", ["AZR-Deduction-v0", "AZR-SelfPlay-v0"])
@pytest.mark.parametrize("weight", [math.nan, math.inf])
def test_non_finite_task_weights_are_refused_by_every_env(env_id, weight):
    weights = {"deduction": weight}
    with pytest.raises(ValueError, match="task weights must be finite"):
        gym.make(env_id, task_weights=weights)
    with pytest.raises(ValueError, match="task weights must be finite"):
        gym.make_vec(env_id, num_envs=2, task_weights=weights)


def test_task_weights_whose_sum_overflows_still_draw_every_type():
    # Three weights of 1e308 are finite and their sum is not: every probability came out 0, and
    # the first reset raised numpy's "probabilities do not sum to 1" (red team 27O).
    env = gym.make("AZR-SelfPlay-v0", task_weights=[1e308, 1e308, 1e308])
    drawn = {env.reset(seed=seed)[1]["task_type"] for seed in range(30)}
    env.close()
    assert drawn == {"deduction", "abduction", "induction"}


# -- 5. reset options: a mapping of known keys -------------------------------------------------------

@pytest.mark.parametrize("env_id", ["AZR-Deduction-v0", "LSP-v0"])
def test_reset_options_must_be_a_mapping(env_id):
    env = gym.make(env_id)
    with pytest.raises(TypeError, match="reset options must be a mapping"):
        env.reset(seed=0, options="task_id=abc")
    env.close()


@pytest.mark.parametrize("make, allowed", [
    (lambda: gym.make("AZR-Abduction-v0", mode="solve"), "task_id, task_type"),
    (lambda: gym.make_vec("AZR-Deduction-v0", num_envs=2), "task_id, task_type, reset_mask"),
    (lambda: gym.make("LSP-v0"), "query"),
    (lambda: gym.make_vec("LSP-v0", num_envs=2), "queries"),
])
def test_a_misspelt_reset_option_is_refused_with_the_options_named(make, allowed):
    env = make()
    with pytest.raises(ValueError, match=rf"unknown reset option\(s\) \['taskid'\]; the options are {allowed}$"):
        env.reset(seed=0, options={"taskid": "typo"})
    env.close()


# -- 6. a failed first reset does not break the env ----------------------------------------------

@pytest.mark.parametrize("options", [{"task_id": "nonexistent"}, {"taskid": "x"}])
def test_a_failed_first_reset_then_a_good_reset_and_a_step_work(options, executor):
    env = gym.make("AZR-Deduction-v0", n_solver=1, executor=executor)
    with pytest.raises((KeyError, ValueError)):
        env.reset(seed=0, options=options)
    env.reset(seed=0)
    _, reward, terminated, _, info = env.step("junk")
    assert (reward, terminated, info["acted_role"]) == (-1.0, True, "proposer")
    env.close()


# -- 7. max_prompt_chars bounds every observation ----------------------------------------------

@pytest.mark.parametrize("make", [
    lambda **kw: gym.make("AZR-Deduction-v0", **kw),
    lambda **kw: gym.make_vec("AZR-SelfPlay-v0", num_envs=2, **kw),
    lambda **kw: gym.make("AZR-Deduction-v0", mode="solve", **kw),
])
def test_a_max_prompt_chars_too_small_for_the_envs_own_prompts_is_refused(make):
    with pytest.raises(ValueError, match="max_prompt_chars=200 is too small: the .* has [0-9]+ characters"):
        make(max_prompt_chars=200)


def _prompt_without_references(task_type, config):
    game = AbsoluteZeroGame(task_types=[task_type], config=config)
    prompt, _ = game._proposer_prompt(game.task_types[0], [], None)
    return len(prompt)


def test_a_proposer_prompt_shows_fewer_references_to_keep_within_the_bound(executor):
    bound = _prompt_without_references("deduction", CONFIG) + 10  # room for no reference at all
    env = gym.make("AZR-Deduction-v0", n_solver=1, executor=executor, config=CONFIG, max_prompt_chars=bound)
    observation, info = env.reset(seed=0)
    assert observation in env.observation_space and info["reference_ids"] == []
    env.close()


def test_a_task_whose_solver_prompt_would_not_fit_is_an_invalid_proposal(executor):
    s = example_texts("deduction", CONFIG)
    game = AbsoluteZeroGame(task_types=["deduction"], config=CONFIG)
    seed_prompt = max(len(game._solver_prompt(t)) for t in game.buffers["deduction"])
    bound = max(seed_prompt, _prompt_without_references("deduction", CONFIG))  # the env's own prompts fit...
    long_program = s.proposal.replace("return", "x = '" + "y" * bound + "'\n    return", 1)  # ...this does not
    assert long_program != s.proposal
    env = gym.make("AZR-Deduction-v0", n_solver=1, executor=executor, config=CONFIG, max_prompt_chars=bound)
    env.reset(seed=0)
    observation, reward, terminated, _, info = env.step(long_program)
    assert (reward, terminated, info["kind"], info["valid"]) == (-1.0, True, "prompt_too_long", False)
    assert "max_prompt_chars" in info["reason"] and observation in env.observation_space
    assert len(env.unwrapped.buffers["deduction"]) == 1  # it never entered the buffer
    env.close()


def test_the_lsp_vector_env_needs_a_reset_and_reads_none_queries_as_the_aec_env_does():
    envs = gym.make_vec("LSP-v0", num_envs=2, group_size=1)
    with pytest.raises(RuntimeError, match="reset"):
        envs.step(["What is 2+2?", "hi"])
    observations, _ = envs.reset(seed=0, options={"queries": [None, None]})
    assert "None" not in observations[0] and envs.unwrapped.role == "challenger"  # the challenger plays
    with pytest.raises(ValueError, match="every episode"):
        envs.reset(seed=0, options={"queries": ["What is 2+2?", None]})
    envs.reset(seed=0, options={"queries": ["What is 2+2?", "Name a colour."]})
    assert envs.unwrapped.role == "solver"
    envs.close()


# -- a training step that no task can record is refused where it is set ------------------------

@pytest.mark.parametrize("step", [2.5, "3", False])
def test_a_training_step_no_task_can_record_is_refused_when_set(step):
    game = AbsoluteZeroGame(task_types=("deduction",))
    with pytest.raises(TypeError, match="step must be an integer"):
        game.training_step = step
    assert game.training_step is None
    game.training_step = np.int64(4)
    assert game.training_step == 4 and type(game.training_step) is int
