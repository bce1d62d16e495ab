"""The vector env: one executor batch per step, the trainer's contract, autoreset, seeding."""
import gymnasium as gym
import numpy as np
import pytest

from azr_env.envs import AbsoluteZeroVectorEnv
from azr_env.game import TextObservation
from azr_env.tasks import Task, TaskConfig, TaskType
from azr_env.testing import example_texts

# The scripts' induction proposals write their own program (f(a) = a * 2), so the proposer is not
# given one here; the given-program default has its own tests (test_absolute_zero_env.py).
CONFIG = TaskConfig(n_induction_inputs=4, induction_proposer="own_program")
# The paper's rewards, TaskConfig's defaults: a right, a wrong and a malformed answer, an invalid proposal.
CORRECT, WRONG, MALFORMED, INVALID = 1.0, -0.5, -1.0, -1.0


class SpyExecutor:
    """Forwards to a real executor and records which batch methods were called, with how many jobs."""

    def __init__(self, executor):
        self._executor = executor
        self.calls = []

    def __getattr__(self, name):
        method = getattr(self._executor, name)

        def record(jobs, *args, **kwargs):
            jobs = list(jobs)  # batches may arrive as lazy iterables: count what was sent
            self.calls.append((name, len(jobs)))
            return method(jobs, *args, **kwargs)

        return record


def proposal(n):
    """A distinct valid deduction/abduction proposal per n."""
    return f"<answer>```python\ndef f(a):\n    return a * {n + 2}\n```\n```input\n{n}\n```</answer>"


def test_all_proposals_of_a_step_go_to_the_executor_in_one_batch(executor):
    spy = SpyExecutor(executor)
    envs = AbsoluteZeroVectorEnv(8, ("abduction",), n_solver=2, executor=spy)
    observations, infos = envs.reset(seed=0)
    assert isinstance(observations, tuple) and len(observations) == 8
    assert all(type(o) is TextObservation for o in observations)
    envs.step([proposal(n) for n in range(8)])
    assert spy.calls == [("validate_batch", 8)]

    spy.calls.clear()
    answers = [f"<answer>```input\n{n}\n```</answer>" for n in range(8)]
    _, rewards, *_ = envs.step(answers)
    assert spy.calls == [("check_answers", 8)]
    assert rewards.tolist() == [CORRECT] * 8
    envs.close()


def test_mixed_phases_cost_one_batch_per_kind_of_work(executor):
    spy = SpyExecutor(executor)
    envs = AbsoluteZeroVectorEnv(4, ("abduction",), n_solver=2, executor=spy)
    envs.reset(seed=0)
    envs.step([proposal(0), "junk", proposal(2), "junk"])  # 0 and 2 now solve; 1 and 3 restarted
    spy.calls.clear()
    _, rewards, _, _, infos = envs.step(
        ["<answer>```input\n0\n```</answer>", proposal(5), "<answer>```input\n9\n```</answer>", "junk"]
    )
    assert sorted(spy.calls) == [("check_answers", 2), ("validate_batch", 1)]
    assert infos["acted_role"].tolist() == ["solver", "proposer", "solver", "proposer"]
    assert rewards.tolist() == [CORRECT, 0.0, WRONG, INVALID]
    envs.close()


def test_selfplay_validates_every_task_type_in_one_batch(executor):
    spy = SpyExecutor(executor)
    envs = AbsoluteZeroVectorEnv(6, n_solver=1, config=CONFIG, executor=spy)
    _, infos = envs.reset(seed=0, options={"task_type": ["deduction", "abduction", "induction"] * 2})
    texts = [example_texts(t, CONFIG).proposal for t in infos["task_type"]]
    envs.step(texts)
    assert spy.calls == [("validate_batch", 12)]  # 2 deduction + 2 abduction + 2 x 4 induction inputs

    spy.calls.clear()
    _, rewards, *_ = envs.step([example_texts(t, CONFIG).correct for t in infos["task_type"]])
    assert rewards.tolist() == [CORRECT] * 6
    assert spy.calls == [("check_answers", 2)]  # abduction and induction answers in one call
    envs.close()


def test_delayed_proposer_rewards_can_be_attributed_by_episode_id(executor):
    s = example_texts("deduction")
    envs = AbsoluteZeroVectorEnv(3, ("deduction",), n_solver=2, executor=executor)
    _, infos = envs.reset(seed=1)
    proposer_steps = {}  # episode id -> reward, filled when it settles
    answers = {0: [s.correct, s.wrong], 1: [s.correct, s.correct], 2: []}
    actions = [s.proposal, s.proposal, "junk"]
    for t in range(3):
        observations, rewards, terminations, _, infos = envs.step(actions)
        for i in range(3):
            if infos["acted_role"][i] == "proposer":
                proposer_steps.setdefault(int(infos["acted_episode_id"][i]), None)
            if infos["rewards"]["_proposer"][i]:
                proposer_steps[int(infos["acted_episode_id"][i])] = infos["rewards"]["proposer"][i]
        actions = [answers[i].pop(0) if answers[i] else "junk" for i in range(3)]
        if t == 0:
            assert infos["role"].tolist() == ["solver", "solver", "proposer"]
            assert infos["episode_id"].tolist() == [0, 1, 3]
            assert terminations.tolist() == [False, False, True]
            assert infos["final_obs"][2] is not None and not infos["_final_obs"][0]
    # Episode 0: one of two right -> 0.5. Episode 1: always right -> 0. Junk proposals: -1.
    assert proposer_steps[0] == 0.5 and proposer_steps[1] == 0.0
    assert proposer_steps[2] == INVALID and proposer_steps[3] == INVALID
    envs.close()


def test_same_seed_and_actions_give_the_same_steps(executor):
    s = example_texts("deduction")
    plan = [[s.proposal, "junk"], [s.correct, s.proposal], [s.malformed, s.wrong], ["junk", s.correct]]

    def run():
        envs = AbsoluteZeroVectorEnv(2, n_solver=2, executor=executor)
        out = [envs.reset(seed=3)]
        for actions in plan:
            out.append(envs.step(actions))
        envs.close()
        return out

    first, second = run(), run()
    assert repr(first) == repr(second)


def test_reset_pins_tasks_per_sub_env_and_can_reset_a_subset(executor):
    envs = AbsoluteZeroVectorEnv(3, ("deduction",), mode="solve", executor=executor)
    seed_id = Task(TaskType.DEDUCTION, "def f(a):\n    return a", "'Hello world'", "").task_id
    observations, infos = envs.reset(seed=0, options={"task_id": [seed_id, None, seed_id]})
    assert observations[0] == observations[2]
    first_ids = infos["episode_id"].tolist()
    _, infos = envs.reset(options={"reset_mask": np.array([False, True, False])})
    assert infos["episode_id"].tolist() == [first_ids[0], 3, first_ids[2]]
    _, rewards, terminations, _, infos = envs.step(["<answer>'Hello world'</answer>", "?", "<answer>1</answer>"])
    assert rewards.tolist() == [CORRECT, MALFORMED, WRONG] and terminations.all()
    assert infos["episode_id"].tolist() == [4, 5, 6]  # solve episodes last one step
    envs.close()


def test_reset_pins_tasks_from_an_array_of_ids(executor):
    # (The twenty-eighth session's red team: an id column handed over as a numpy array holds
    # numpy.str_ ids, which were refused as "not a str".)
    envs = AbsoluteZeroVectorEnv(2, ("deduction",), mode="solve", executor=executor)
    seed_id = Task(TaskType.DEDUCTION, "def f(a):\n    return a", "'Hello world'", "").task_id
    observations, _ = envs.reset(seed=0, options={"task_id": np.array([seed_id, seed_id])})
    assert observations[0] == observations[1] and "'Hello world'" in observations[0]
    _, rewards, *_ = envs.step(["<answer>'Hello world'</answer>"] * 2)
    assert rewards.tolist() == [CORRECT, CORRECT]
    with pytest.raises(ValueError, match="non-empty str"):
        envs.reset(options={"task_id": np.array(["", ""])})
    envs.close()


def test_random_actions_from_the_batched_space():
    envs = gym.make_vec("AZR-SelfPlay-v0", num_envs=4)
    envs.action_space.seed(0)
    envs.reset(seed=0)
    for _ in range(5):
        observations, rewards, terminations, truncations, infos = envs.step(envs.action_space.sample())
        assert all(o in envs.single_observation_space for o in observations)
        assert rewards.tolist() == [INVALID] * 4 and terminations.all() and not truncations.any()
    envs.close()


def test_step_needs_one_action_per_sub_env():
    envs = AbsoluteZeroVectorEnv(2, ("deduction",))
    envs.reset(seed=0)
    with pytest.raises(ValueError):
        envs.step(["only one"])
    envs.close()


def test_infos_already_returned_do_not_change_and_additions_stay_with_the_user(executor):
    s = example_texts("deduction")
    envs = AbsoluteZeroVectorEnv(1, ("deduction",), n_solver=2, executor=executor)
    envs.reset(seed=0)
    *_, first = envs.step([s.proposal])
    kept = first["details"][0]
    snapshot = repr(kept)
    kept["solver"]["my_note"] = "added by the user"  # a wrapper's own bookkeeping
    *_, second = envs.step([s.correct])
    *_, third = envs.step([s.wrong])
    assert repr({k: v for k, v in kept.items()}).replace(", 'my_note': 'added by the user'", "") == snapshot
    assert "my_note" not in second["details"][0]["solver"] and "my_note" not in third["details"][0]["solver"]
    # The later steps report the answers; the first step's info still shows the state after the proposal.
    assert "correct" not in kept["solver"] and third["details"][0]["solver"]["attempt"] == 2
    assert third["details"][0]["proposer"]["solve_results"] == [True, False]
    envs.close()
