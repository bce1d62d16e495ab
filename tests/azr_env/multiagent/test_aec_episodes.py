"""Scripted agents play full AEC episodes of every env; every reward is checked."""
import json

import pytest

from azr_env.multiagent import abduction_v0, deduction_v0, induction_v0, selfplay_v0
from azr_env.tasks import AZR_CODE_UNLEARNABLE_REWARD, TaskConfig
from azr_env.testing import FixedRateSolver, example_texts, play_aec

MODULES = {"deduction": deduction_v0, "abduction": abduction_v0, "induction": induction_v0}
# A small induction task keeps the executor's work down; the rules are the same.
# The scripts' induction proposals write their own program (f(a) = a * 2), so the proposer is not
# given one here; the given-program default has its own tests (test_absolute_zero_env.py).
CONFIG = TaskConfig(n_induction_inputs=4, induction_proposer="own_program")


def play(env, proposal, answers, options=None):
    """Run the AEC loop; return [(agent, action, reward seen by last())] and the final rewards."""
    env.reset(seed=0, options=options)
    queue = [proposal, *answers]
    trace = []
    for agent in env.agent_iter():
        observation, reward, termination, truncation, info = env.last()
        assert observation in env.observation_space(agent)
        action = None if termination or truncation else queue.pop(0)
        trace.append((agent, action, reward, dict(info)))
        env.step(action)
    assert not queue, "the episode ended before every scripted action was played"
    return trace


@pytest.mark.parametrize("task_type", sorted(MODULES))
def test_correct_wrong_and_malformed_answers_are_paid_and_learnability_follows(task_type, executor):
    s = example_texts(task_type, CONFIG)
    env = MODULES[task_type].env(n_solver=4, config=CONFIG, executor=executor)
    trace = play(env, s.proposal, [s.correct, s.wrong, s.malformed, s.correct])

    acting = [(agent, action) for agent, action, _, _ in trace if action is not None]
    assert [agent for agent, _ in acting] == ["proposer"] + ["solver"] * 4
    # last() shows the reward accumulated since the agent's previous turn: the solver's previous
    # answer each time, and, once terminated, each agent's final reward.
    solver_seen = [reward for agent, _, reward, _ in trace if agent == "solver"]
    assert solver_seen == [0.0, 1.0, -0.5, -1.0, 1.0]
    (proposer_final,) = [reward for agent, action, reward, _ in trace if agent == "proposer" and action is None]
    assert proposer_final == pytest.approx(0.5)  # 1 - solve rate, 2 of 4 answers right

    final_info = [info for agent, action, _, info in trace if agent == "proposer" and action is None][0]
    assert final_info["solve_results"] == [True, False, False, True]
    assert final_info["reward_components"] == {"valid": 1.0, "mean_solve": 0.5, "learnable": 1.0}
    assert final_info["valid"] and final_info["task"]["program"] == s.task.program
    env.close()


@pytest.mark.parametrize("task_type", sorted(MODULES))
def test_solver_rewards_are_settled_at_each_answer(task_type, executor):
    s = example_texts(task_type, CONFIG)
    env = MODULES[task_type].env(n_solver=3, config=CONFIG, executor=executor)
    raw = env.unwrapped
    env.reset(seed=1)
    env.step(s.proposal)
    assert raw.settled_rewards == {}  # the proposer's reward waits for the answers
    assert env.agent_selection == "solver"
    info = env.infos["solver"]
    assert info["task"]["task_type"] == task_type and info["attempt"] == 0

    for text, expected, correct in [(s.correct, 1.0, True), (s.wrong, -0.5, False), (s.malformed, -1.0, False)]:
        env.step(text)
        assert raw.settled_rewards["solver"] == expected
        assert env.infos["solver"]["correct"] is correct
        assert env.infos["solver"]["reason"]
        assert env.infos["solver"]["parse"]["ok"] is (text != s.malformed)
    assert raw.settled_rewards["proposer"] == pytest.approx(1 - 1 / 3)
    assert all(env.terminations.values())
    env.close()


@pytest.mark.parametrize(
    "solved, unlearnable, expected",
    [
        (4, 0.0, 0.0),  # always solved
        (0, 0.0, 0.0),  # never solved
        (1, 0.0, 0.75),  # 1 - solve rate
        (4, AZR_CODE_UNLEARNABLE_REWARD, -0.5),
    ],
)
def test_learnability_for_chosen_solve_rates(solved, unlearnable, expected, executor):
    config = TaskConfig(unlearnable_reward=unlearnable)
    env = deduction_v0.env(n_solver=4, config=config, executor=executor)
    (episode,) = play_aec(env, [FixedRateSolver(solved, 4, config=config)], seed=0)
    assert [turn.info["correct"] for turn in episode.turns[1:]] == [True] * solved + [False] * (4 - solved)
    assert episode.turns[-1].settled["proposer"] == pytest.approx(expected)  # settled with the last answer
    assert episode.seen_totals["proposer"] == pytest.approx(expected)  # what env.last() showed the proposer
    env.close()


@pytest.mark.parametrize("task_type", sorted(MODULES))
def test_invalid_proposal_ends_the_episode_with_the_penalty(task_type):
    env = MODULES[task_type].env(n_solver=2)
    env.reset(seed=0)
    env.step("<answer>```python\ndef f(a):\n    return 1 / 0\n```\n```input\n1\n```</answer>")
    assert all(env.terminations.values())
    assert env.rewards == {"proposer": -1.0, "solver": 0.0}
    info = env.infos["proposer"]
    assert info["valid"] is False and info["reason"] and info["task"] is None
    env.step(None)
    env.step(None)
    assert env.agents == []
    env.close()


def test_selfplay_plays_every_task_type(executor):
    env = selfplay_v0.env(n_solver=1, config=CONFIG, executor=executor)
    for task_type in ("deduction", "abduction", "induction"):
        s = example_texts(task_type, CONFIG)
        trace = play(env, s.proposal, [s.correct], options={"task_type": task_type})
        assert {info["task_type"] for _, _, _, info in trace} == {task_type}
        assert [r for a, act, r, _ in trace if a == "solver" and act is None] == [1.0]
    env.close()


def test_selfplay_draws_types_by_weight():
    env = selfplay_v0.env(task_weights={"abduction": 1.0})
    for seed in range(5):
        env.reset(seed=seed)
        assert env.infos["proposer"]["task_type"] == "abduction"
    env.close()


def test_valid_tasks_enter_the_buffer_with_their_solve_rate(executor):
    s = example_texts("deduction")
    env = deduction_v0.env(n_solver=2, executor=executor)
    play(env, s.proposal, [s.correct, s.wrong])
    buffer = env.unwrapped.buffers["deduction"]
    task_id = env.unwrapped.episode.task.task_id
    assert task_id in buffer and buffer.get(task_id).solve_rate == 0.5
    env.close()


def test_infos_are_plain_json_and_deterministic(executor):
    s = example_texts("abduction")

    def run():
        env = abduction_v0.env(n_solver=2, executor=executor)
        trace = play(env, s.proposal, [s.correct, s.malformed])
        env.close()
        return trace

    first, second = run(), run()
    assert first == second
    infos = [info for *_, info in first]
    assert json.loads(json.dumps(infos)) == infos  # plain JSON, nothing lost on the way

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    volatile = {k for k in keys(infos) if any(w in k.lower() for w in ("pid", "time", "worker", "elapsed"))}
    assert not volatile
