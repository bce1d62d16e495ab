"""The players record the same play alike through each API, and say what went wrong when it does."""
import gymnasium as gym
import pytest

import azr_env  # noqa: F401 - registers the ids
from azr_env.multiagent import deduction_v0
from azr_env.testing import EpisodeRecord, FixedRateSolver, MalformedFuzzer, Oracle, play_aec, play_gym, play_vector
from azr_env.testing.agents import example_tasks


def test_one_play_reads_the_same_through_gym_and_aec(executor):
    def plan():
        return [FixedRateSolver(1, 2), MalformedFuzzer()]

    (g1, g2) = play_gym(gym.make("AZR-Deduction-v0", n_solver=2, executor=executor), plan(), seed=0)
    (a1, a2) = play_aec(deduction_v0.env(n_solver=2, executor=executor), plan(), seed=0)
    for gym_record, aec_record in ((g1, a1), (g2, a2)):
        assert gym_record.roles == aec_record.roles
        assert [(t.observation, t.reward, t.settled, t.next_role, t.done, t.intent) for t in gym_record.turns] == \
            [(t.observation, t.reward, t.settled, t.next_role, t.done, t.intent) for t in aec_record.turns]
    assert g1.roles == ["proposer", "solver", "solver"] and g1.rewards_of("proposer") == [0.5]
    assert g1.task_type == "deduction" and g1.turns[0].acted_role == "proposer"
    assert g2.roles == ["proposer"] and g2.turns[0].settled == {"proposer": -1.0}
    # What env.last() showed each agent adds up to what was settled for it, and every agent left.
    assert a1.seen_totals == {"proposer": 0.5, "solver": 0.5} and a1.agents_left == []


def test_one_agent_plays_several_episodes_and_options_go_per_episode(executor):
    env = gym.make("AZR-SelfPlay-v0", n_solver=1, executor=executor)
    records = play_gym(env, MalformedFuzzer(), episodes=3, seed=0,
                       options=[{"task_type": t} for t in ("induction", "abduction", "deduction")])
    assert [r.task_type for r in records] == ["induction", "abduction", "deduction"]
    with pytest.raises(ValueError, match="2 entries for 3 episodes"):
        play_gym(env, MalformedFuzzer(), episodes=3, options=[None, None])
    with pytest.raises(ValueError, match="2 agents for 3 episodes"):
        play_gym(env, [MalformedFuzzer()] * 2, episodes=3)


def test_an_env_that_raises_ends_the_record_with_the_error(executor):
    class Fragile(gym.Wrapper):
        def step(self, action):
            raise RuntimeError("broken step")

    (record,) = play_gym(Fragile(gym.make("AZR-Deduction-v0", executor=executor)), [Oracle()], seed=0)
    assert isinstance(record, EpisodeRecord) and record.error == "RuntimeError: broken step" and record.turns == []


def test_vector_sub_envs_each_play_their_own_copy_and_finish_apart(executor):
    tasks = example_tasks("deduction")
    oracle = Oracle(tasks)

    def agent(observation, info):  # proposes on deduction, writes junk on abduction (invalid)
        if info["role"] == "proposer" and info["task_type"] == "abduction":
            agent.intent = "invalid"
            return "junk"
        text = oracle(observation, info)
        agent.intent = oracle.intent
        return text

    envs = gym.make_vec("AZR-SelfPlay-v0", num_envs=2, n_solver=3, executor=executor)
    sub0, sub1 = play_vector(envs, [agent], seed=0, options={"task_type": ["deduction", "abduction"]})
    assert sub0[0].roles == ["proposer", "solver", "solver", "solver"] and sub1[0].roles == ["proposer"]
    assert sub1[0].turns[0].settled == {"proposer": -1.0} and sub1[0].autoreset["role"] == "proposer"
    assert sub0[0].turns[-1].settled == {"proposer": 0.0, "solver": 1.0}
    assert sub0[0].autoreset["final_obs"] is not None
    # The agent of sub-env 0 saw the task and the attempt number of its own episode.
    assert [t.info["attempt"] for t in sub0[0].turns[1:]] == [1, 2, 3]


def test_an_env_of_another_api_is_named_before_playing(executor):
    aec = deduction_v0.env(n_solver=2, executor=executor)
    single = gym.make("AZR-Deduction-v0", executor=executor)
    vector = gym.make_vec("AZR-Deduction-v0", num_envs=2, vectorization_mode="vector_entry_point", executor=executor)
    with pytest.raises(TypeError, match="play_gym plays a Gymnasium env.*play it with play_aec"):
        play_gym(aec, [Oracle()], seed=0)  # was "cannot unpack non-iterable NoneType"
    with pytest.raises(TypeError, match="play_gym plays a Gymnasium env.*play it with play_vector"):
        play_gym(vector, [Oracle()], seed=0)
    with pytest.raises(TypeError, match="play_aec plays a PettingZoo AEC env.*play it with play_gym"):
        play_aec(single, [Oracle()], seed=0)  # was an AttributeError
    with pytest.raises(TypeError, match="play_vector plays a vector env.*play it with play_gym"):
        play_vector(single, [Oracle()], seed=0)
    for env in (aec, single, vector):
        env.close()
