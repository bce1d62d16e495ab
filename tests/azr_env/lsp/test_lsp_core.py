"""Prompts as data, reward-function wrappers, the episode state and the per-step metrics."""
import doctest
import json

import numpy as np
import pytest

import azr_env.lsp as lsp
from azr_env.lsp import episode, judge, metrics, prompts, rewards, scoring
from azr_env.lsp.episode import LSPEpisode, LSPGameConfig
from azr_env.lsp.metrics import distribution_stats, lsp_step_metrics, ngram_diversity, top_share
from azr_env.lsp.prompts import LSPPrompts, extract_query, fill, judge_prompt, solver_prompt
from azr_env.lsp.scoring import CallableReward, JudgeReward, RewardFunction, checked_rewards, overlap_reward


@pytest.mark.parametrize("module", [lsp, episode, judge, metrics, prompts, rewards, scoring])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


# -- prompts ---------------------------------------------------------------------------------

def test_placeholders_are_filled_once_and_literally():
    assert fill("{query} and {answer} {other}", query="{answer}", answer="x") == "{answer} and x {other}"
    assert judge_prompt("Q?", "A!").count("Q?") == 1 and "A!" in judge_prompt("Q?", "A!")
    assert solver_prompt("json {\"a\": 1}", LSPPrompts(solver="User: {query}")) == 'User: json {"a": 1}'


def test_prompts_round_trip_through_json_and_reject_unknown_keys():
    custom = LSPPrompts.from_dict(json.loads(json.dumps({"challenger": "Ask me something."})))
    assert custom.challenger == "Ask me something." and custom.judge == prompts.JUDGE_PROMPT
    assert LSPPrompts.from_dict(custom.to_dict()) == custom
    with pytest.raises(ValueError, match="unknown prompt keys"):
        LSPPrompts.from_dict({"challenge": "typo"})


def test_extract_query_strips_controls_and_cuts():
    assert extract_query("  hi\x00 there\n\n") == "hi there"
    assert extract_query("a" * 50, max_chars=10) == "a" * 10
    assert extract_query("") == ""


def test_extract_query_reads_only_the_start_of_a_huge_action():
    # (The twenty-eighth session's red team: the whole action was filtered character by character
    # before the cut, so a 6M-character challenger action cost +440 MB in one step.)
    import tracemalloc

    action = "\u20ac" * 1_000_000
    tracemalloc.start()
    try:
        query = extract_query(action, max_chars=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert query == "\u20ac" * 100
    assert peak < 1 << 20  # bytes: the work is on the first 2 * max_chars characters only
    # Text that only starts after 2 * max_chars characters is never read.
    assert extract_query("\x00" * 300 + "late", max_chars=100) == ""
    assert extract_query(" \x00" * 50 + "early", max_chars=100) == "early"


# -- reward functions ------------------------------------------------------------------------

def test_callable_reward_never_raises():
    def verifier(q, a):
        return int(a) == 4  # raises on non-numbers

    fn = CallableReward(verifier, on_error=-1.0)
    assert isinstance(fn, RewardFunction)
    assert fn(["2+2", "2+2", "2+2"], ["4", "5", "four"]) == [1.0, 0.0, -1.0]
    assert CallableReward(lambda q, a: float("nan"))(["q"], ["a"]) == [0.0]


def test_checked_rewards_catches_buggy_reward_functions():
    with pytest.raises(ValueError, match="returned 1 values for 2 pairs"):
        checked_rewards(lambda q, a: [1.0], ["a", "b"], ["c", "d"])
    with pytest.raises(ValueError, match="non-finite"):
        checked_rewards(lambda q, a: [float("inf")], ["a"], ["b"])
    with pytest.raises(ValueError):
        checked_rewards(overlap_reward, ["a"], [])


def test_judge_reward_parses_and_normalises():
    seen = []

    def generate(batch):
        seen.extend(batch)
        return ["<Score>7</Score>", "rambling", "<Calculation>1+1+0</Calculation>"]

    judge_fn = JudgeReward(generate, fallback=0.0)
    verdicts = judge_fn.judge(["q1", "q2", "q3"], ["a1", "a2", "a3"])
    assert [v.source for v in verdicts] == ["score", "fallback", "calculation"]
    assert judge_fn.scores(verdicts) == [1.0, 0.0, 2 / 7]
    assert "q2" in seen[1] and "a2" in seen[1]
    assert JudgeReward(generate, normalise=False)(["a"] * 3, ["b"] * 3) == [7.0, 0.0, 2.0]
    with pytest.raises(ValueError):
        JudgeReward(lambda b: [])(["q"], ["a"])


def test_overlap_stand_in():
    # "Abc" has bigrams {ab, bc}; "xBC" shares bc.
    assert overlap_reward(["Abc", "", "abc"], ["xBC", "x", "abc"]) == [0.5, 0.0, 1.0]


# -- episode ---------------------------------------------------------------------------------

def test_episode_pays_both_roles():
    ep = LSPEpisode(LSPGameConfig(group_size=2, quality_weight=0.5))
    assert ep.prompt("solver") == ""
    ep.set_query("Q")
    assert ep.add_answer("a", 1.0, quality=1.0) == 1.5
    assert ep.role == "solver"
    assert ep.add_answer("b", 0.0, quality=0.0) == 0.0
    assert ep.done and ep.role is None
    # -V + V_Q = -0.5 + 0.5 * 0.5
    assert ep.challenger_reward() == pytest.approx(-0.25)
    info = ep.challenger_info()
    assert info["reward_components"] == {"value": 0.5, "quality_value": 0.25}
    assert info["quality"] == [1.0, 0.0]
    with pytest.raises(RuntimeError):
        ep.add_answer("c", 0.0, quality=0.0)


def test_episode_refuses_mixed_quality_and_second_query():
    ep = LSPEpisode(LSPGameConfig(group_size=3))
    ep.set_query("Q")
    with pytest.raises(RuntimeError):
        ep.set_query("again")
    ep.add_answer("a", 1.0)
    with pytest.raises(ValueError):
        ep.add_answer("b", 1.0, quality=0.5)


def test_game_config_validates():
    with pytest.raises(ValueError):
        LSPGameConfig(group_size=0)


@pytest.mark.parametrize("rules, error, field", [
    ({"quality_weight": float("nan")}, ValueError, "quality_weight"),  # would make every reward NaN
    ({"quality_weight": float("inf")}, ValueError, "quality_weight"),
    ({"quality_weight": "x"}, TypeError, "quality_weight"),  # failed only at the first answer
    ({"group_size": 2.5}, TypeError, "group_size"),  # was accepted: episodes of 3 answers
    ({"group_size": "2"}, TypeError, "group_size"),  # was "'<' not supported between str and int"
    ({"group_size": True}, TypeError, "group_size"),
    ({"max_query_chars": "10"}, TypeError, "max_query_chars"),
    ({"max_answer_chars": -1}, ValueError, "max_answer_chars"),
    ({"prompts": "x"}, TypeError, "prompts"),  # was an AttributeError at the first prompt
    ({"prompts": ""}, TypeError, "prompts"),  # falsy, it silently became the default prompts
    ({"prompts": {"solver": None}}, TypeError, "prompts.solver"),  # became the template "None"
])
def test_game_config_names_a_bad_setting_at_construction(rules, error, field):
    with pytest.raises(error, match=field):
        episode.game_config(**rules)


def test_game_config_keeps_whole_numbers_and_finite_weights():
    config = episode.game_config(group_size=np.int64(3), quality_weight=1, max_query_chars=0)
    assert (config.group_size, config.quality_weight, config.max_query_chars) == (3, 1.0, 0)
    assert type(config.group_size) is int and type(config.quality_weight) is float


def test_lsp_env_refuses_a_bad_setting_when_made():
    import gymnasium as gym
    import azr_env  # noqa: F401 - registers the ids

    with pytest.raises(ValueError, match="quality_weight"):
        gym.make("LSP-v0", quality_weight=float("nan"))
    with pytest.raises(TypeError, match="group_size"):
        gym.make("LSP-v0", group_size="2")


# -- metrics ---------------------------------------------------------------------------------

def test_ngram_diversity_flags_collapse():
    assert ngram_diversity(["the cat sat", "the cat sat", "the cat sat"]) == pytest.approx(2 / 6)
    assert ngram_diversity(["The cat sat", "a dog ran"]) == 1.0
    assert ngram_diversity(["one", ""]) == 0.0
    assert ngram_diversity(["a b a b"], n=1) == 0.5
    with pytest.raises(ValueError):
        ngram_diversity(["a"], n=0)


def test_top_share_flags_one_query_taking_over():
    assert top_share(["Write a poem.", "write a  POEM.", "Write a poem.", "Name a city."]) == 0.75
    assert top_share(["a", "b", "c", "d"]) == 0.25
    assert top_share([]) == 0.0


def test_distribution_stats_summarise_a_step():
    stats = distribution_stats([[0.0, 0.5], [1.0, 0.25]], "rq")
    assert stats == pytest.approx({"rq_mean": 0.4375, "rq_std": float(np.std([0, 0.5, 1, 0.25])), "rq_min": 0.0,
                                   "rq_p25": 0.1875, "rq_median": 0.375, "rq_p75": 0.625, "rq_max": 1.0})
    assert distribution_stats([], "rq") == {}


def test_step_metrics_keys_for_both_variants():
    queries = ["what is x", "what is y"]
    zero = lsp_step_metrics(queries, lsp.lsp_advantages([[1.0, 0.0], [0.0, 0.0]]))
    assert "quality_mean" not in zero
    assert zero["challenger_reward_mean"] == pytest.approx(-0.25)
    assert zero["value_std"] == pytest.approx(0.25) and zero["value_range"] == pytest.approx(0.5)
    assert zero["query_words_mean"] == 3 and zero["query_chars_mean"] == 9
    assert zero["query_diversity"] == pytest.approx(3 / 4)
    assert zero["query_distinct_1"] == pytest.approx(4 / 6) and zero["query_distinct_2"] == pytest.approx(3 / 4)
    assert zero["query_top_share"] == 0.5 and zero["task_reward_std"] == pytest.approx(np.std([1.0, 0, 0, 0]))
    full = lsp_step_metrics(queries, lsp.lsp_advantages([[1.0, 0.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]))
    assert full["quality_mean"] == 0.5
    assert all(np.isfinite(v) for v in full.values())
