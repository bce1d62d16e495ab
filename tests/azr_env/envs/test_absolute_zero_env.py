"""The Gymnasium view: one policy plays both roles; rewards, roles, modes, pinning, seeding."""
import json

import gymnasium as gym
import pytest

from azr_env.envs import AbsoluteZeroEnv
from azr_env.game.ids import GYM_IDS
from azr_env.tasks import Task, TaskBuffers, TaskConfig, TaskType
from azr_env.testing import CHECKS, check_game, example_texts

# The scripts' induction proposals write their own program (f(a) = a * 2), so the proposer is not
# given one here; the given-program default has its own tests (test_absolute_zero_env.py).
CONFIG = TaskConfig(n_induction_inputs=4, induction_proposer="own_program")
# The paper's rewards, TaskConfig's defaults: a right, a wrong and a malformed answer, an invalid proposal.
CORRECT, WRONG, MALFORMED, INVALID = 1.0, -0.5, -1.0, -1.0
TYPES = ["deduction", "abduction", "induction"]


def make(task_type, executor, **kwargs):
    kwargs.setdefault("config", CONFIG)
    return gym.make(f"AZR-{task_type.capitalize()}-v0", executor=executor, **kwargs)


@pytest.mark.parametrize("task_type", TYPES)
def test_scripted_episode_pays_each_action_and_settles_learnability_last(task_type, executor):
    s = example_texts(task_type, CONFIG)
    env = make(task_type, executor, n_solver=4)
    observation, info = env.reset(seed=0)
    assert info["role"] == "proposer" and info["rewards"] == {} and "<answer>" in observation

    observation, reward, terminated, truncated, info = env.step(s.proposal)
    assert (reward, terminated, info["role"], info["acted_role"]) == (0.0, False, "solver", "proposer")
    assert info["rewards"] == {}  # learnability is not known yet
    assert info["valid"] and info["task"]["program"] == s.task.program
    assert info["parse"]["ok"] and info["reason"] == "valid"
    assert observation == env.unwrapped.aec_env.observe("solver")

    expected = [(s.correct, CORRECT), (s.wrong, WRONG), (s.malformed, MALFORMED), (s.correct, CORRECT)]
    for n, (text, paid) in enumerate(expected, 1):
        observation, reward, terminated, truncated, info = env.step(text)
        assert reward == paid and info["acted_role"] == "solver" and info["attempt"] == n
        assert info["rewards"]["solver"] == paid
        assert info["reward_components"]["correct"] == float(paid == CORRECT)
    assert terminated and not truncated and info["role"] is None
    # 2 of 4 right: learnability 1 - 0.5, delivered beside (never inside) the solver's reward.
    assert info["rewards"] == {"solver": CORRECT, "proposer": 0.5}
    assert info["settled_infos"]["proposer"]["reward_components"]["mean_solve"] == 0.5
    with pytest.raises(RuntimeError):
        env.step("too late")
    env.close()


def test_invalid_proposal_ends_the_episode_at_once():
    env = gym.make("AZR-Deduction-v0")
    env.reset(seed=0)
    _, reward, terminated, _, info = env.step("<answer>```python\nimport os\ndef f(a):\n    return a\n```\n```input\n1\n```</answer>")
    assert (reward, terminated, info["rewards"]) == (INVALID, True, {"proposer": INVALID})
    assert info["valid"] is False and info["kind"] == "forbidden" and "os" in info["reason"]
    env.close()


def test_random_strings_never_break_the_env():
    for env_id in ("AZR-SelfPlay-v0", "AZR-Induction-v0"):
        for mode in ("selfplay", "solve"):
            env = gym.make(env_id, mode=mode)
            env.action_space.seed(0)
            env.reset(seed=0)
            for _ in range(30):
                observation, reward, terminated, truncated, info = env.step(env.action_space.sample())
                assert observation in env.observation_space and info["reason"]
                assert reward in (INVALID, MALFORMED)
                if terminated:
                    env.reset()
            env.close()


@pytest.mark.parametrize("task_type", ["deduction", "abduction"])
def test_solve_mode_is_one_step_on_a_seeded_buffer_task(task_type, executor):
    env = make(task_type, executor, mode="solve")
    observation, info = env.reset(seed=0)
    assert info["role"] == "solver" and "'Hello world'" in observation  # the paper's seed triplet
    text = "<answer>```output\n'Hello world'\n```</answer>" if task_type == "deduction" else (
        "<answer>```input\n'Hello world'\n```</answer>")
    _, reward, terminated, _, info = env.step(text)
    assert (reward, terminated, info["rewards"]) == (CORRECT, True, {"solver": CORRECT})
    env.close()


def test_solve_mode_reads_cruxeval_style_jsonl_and_pins_tasks(tmp_path, executor):
    rows = [
        {"code": "def f(x):\n    return x + 1", "input": "1", "output": "2", "id": "sample_0"},
        {"code": "def f(s):\n    return s[::-1]", "input": "'ab'", "output": "'ba'", "id": "sample_1"},
    ]
    path = tmp_path / "crux.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    env = AbsoluteZeroEnv(("deduction",), mode="solve", task_file=str(path), executor=executor)
    seen = set()
    for seed in range(6):
        _, info = env.reset(seed=seed)
        seen.add(info["task"]["source"])
    assert seen == {f"jsonl:crux.jsonl#sample_{n}" for n in range(2)}

    pinned = Task(TaskType.DEDUCTION, rows[1]["code"], rows[1]["input"], rows[1]["output"]).task_id
    for seed in range(3):
        observation, info = env.reset(seed=seed, options={"task_id": pinned})
        assert info["task"]["task_id"] == pinned and "'ab'" in observation
    _, reward, *_ = env.step("<answer>'ba'</answer>")
    assert reward == CORRECT
    with pytest.raises(KeyError):
        env.reset(options={"task_id": "no-such-task"})
    env.close()


def test_selfplay_pinning_shows_every_group_member_the_same_prompt():
    buffers = TaskBuffers()
    for n in range(10):
        buffers["deduction"].add(Task(TaskType.DEDUCTION, f"def f(a):\n    return a + {n}", "1", str(1 + n)))
    anchor = buffers["deduction"].newest(1)[0].task_id
    prompts = set()
    for seed in range(4):
        env = AbsoluteZeroEnv(("deduction",), buffers=buffers)
        observation, info = env.reset(seed=seed, options={"task_id": anchor})
        prompts.add(observation)
        assert info["reference_ids"][0] == anchor
        env.close()
    assert len(prompts) == 1
    unpinned = {AbsoluteZeroEnv(("deduction",), buffers=buffers).reset(seed=s)[0] for s in range(4)}
    assert len(unpinned) > 1


@pytest.mark.parametrize("env_id", sorted(GYM_IDS))
def test_every_game_keeps_its_invariants_through_every_api(env_id, executor):
    # The testing kit's scripted plays through gym.make, the AEC env and gym.make_vec: the same seed
    # and actions give the same trajectory, pinned tasks the same prompt in every API, the three
    # APIs the same rewards, and roles, rewards and learnability follow the rules.
    report = check_game(env_id, n_solver=4, config=CONFIG, executor=executor)
    assert report.passed == list(CHECKS) and report.apis == ["gym", "aec", "vector"]


def test_seeding_touches_only_the_env_generator():
    import random

    import numpy as np

    random.seed(1)
    np.random.seed(1)
    before = (random.random(), np.random.random_sample())
    random.seed(1)
    np.random.seed(1)
    env = gym.make("AZR-SelfPlay-v0")
    env.reset(seed=3)
    env.step("junk")
    env.reset()
    assert (random.random(), np.random.random_sample()) == before
    assert env.unwrapped.np_random is env.unwrapped.aec_env.np_random
    env.close()


def test_render_ansi_describes_the_episode(executor):
    s = example_texts("deduction")
    env = make("deduction", executor, n_solver=1, render_mode="ansi")
    env.reset(seed=0)
    env.step(s.proposal)
    text = env.render()
    assert "solve" in text and "f(21) == 42" in text
    env.close()


def test_envs_without_an_executor_share_one_and_release_it(executor):
    from azr_env.game import executor_handle

    s = example_texts("deduction")
    first, second = AbsoluteZeroEnv(("deduction",)), AbsoluteZeroEnv(("deduction",))
    for env in (first, second):
        env.reset(seed=0)
        env.step(s.proposal)
    assert first.aec_env.executor is second.aec_env.executor
    shared = first.aec_env.executor
    first.close()
    assert executor_handle._shared is shared
    second.close()
    assert executor_handle._shared is None


def test_the_induction_proposer_is_given_a_program_from_the_deduction_and_abduction_buffers(executor):
    # AZR's way, the default: the proposer sees a program drawn from the deduction and abduction
    # buffers and writes only the inputs and the message; the task's program is the given one.
    buffers = TaskBuffers()
    program = "def f(a):\n    return a * 3"
    for task_type in ("deduction", "abduction"):
        buffers[task_type].add(Task(TaskType(task_type), program, "1", "3"))
    config = TaskConfig(n_induction_inputs=4)
    assert config.induction_proposer == "given_program"
    env = make("induction", executor, n_solver=1, config=config, buffers=buffers)
    given = {}
    for seed in range(8):
        observation, info = env.reset(seed=seed)
        given.setdefault(info["given_program"], seed)
        assert f"```python\n{info['given_program']}\n```" in observation
    assert set(given) == {program, "def f(a):\n    return a"}  # both buffers' programs (the seed's too) come up
    env.reset(seed=given[program])
    inputs = "".join(f"```input\n{n}\n```\n" for n in range(1, 5))
    _, reward, terminated, _, info = env.step(f"<answer>{inputs}```message\nTriples it.\n```</answer>")
    assert info["valid"] and info["task"]["program"] == program
    assert [o for _, o in info["task"]["examples"]] == ["3", "6", "9", "12"]
    _, reward, terminated, _, info = env.step("<answer>```python\ndef f(x):\n    return 3 * x\n```</answer>")
    assert reward == CORRECT and terminated
    env.close()


def test_an_induction_proposer_writing_its_own_program_stays_an_option(executor):
    env = make("induction", executor, n_solver=1, config=CONFIG)
    observation, info = env.reset(seed=0)
    assert "given_program" not in info and "Design a new Python program" in observation
    inputs = "".join(f"```input\n{n}\n```\n" for n in range(1, 5))
    _, _, _, _, info = env.step(f"<answer>{inputs}```message\nNo program.\n```</answer>")
    assert not info["valid"] and info["kind"] == "no_code_block"
    env.close()
