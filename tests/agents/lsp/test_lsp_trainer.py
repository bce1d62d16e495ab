"""The LSP trainer mode: loss weighting by hand, and short CPU runs of the tiny model through the Trainer."""
import json
import sys
import types

import numpy as np
import pytest
import torch

from agents.config import TrainConfig, presets
from agents.learner import compute_advantages
from agents.lsp import LSPTrainConfig, lsp_preset
from agents.lsp.trainer import LSPRollout, build_samples, role_weights, rollout_advantages, train_lsp
from agents.policy import Generation
from azr_env.lsp import CallableReward

# Deterministic scripted rewards, importable by name as configs need: the share of lower-case
# letters in the answer (R), of non-letters (R_Q). Even the random tiny model's answers get a spread.
scripted = types.ModuleType("lsp_scripted_rewards")
scripted.R = CallableReward(lambda q, a: sum(c.islower() for c in a) / max(len(a), 1))
scripted.Q = CallableReward(lambda q, a: sum(not c.isalpha() for c in a) / max(len(a), 1))
sys.modules[scripted.__name__] = scripted
SCRIPTED = {"reward": "lsp_scripted_rewards:R", "quality": "lsp_scripted_rewards:Q"}


def fast_config(tmp_path, **changes) -> LSPTrainConfig:
    base = lsp_preset("lsp-tiny").replace(
        n_queries=2, group_size=2, max_new_tokens_propose=6, max_new_tokens_solve=6, judge_max_new_tokens=4,
        progress=False, output_dir=str(tmp_path), max_steps=2, **SCRIPTED,
    )
    return base.replace(**changes)


# -- the loss weighting ------------------------------------------------------------------------

def gen(n_tokens):
    return Generation(prompt_ids=[1], completion_ids=[5] * n_tokens, text="x" * n_tokens, finish_reason="length")


def test_role_weights_split_the_token_mean_into_role_means():
    # T = 6 tokens: T_ch = 2, T_sol = 4; c_ch = 0.5 * 6 / 2 = 1.5, c_sol = 6 / 4 = 1.5.
    assert role_weights(2, 4, challenger_coef=0.5) == (1.5, 1.5)
    assert role_weights(1, 9, challenger_coef=1.0) == (10.0, 10 / 9)
    # Per-token advantages: challenger [a, a] (2 tokens), solver [b] and [c, c, c].
    a, b, c = 1.0, 2.0, -1.0
    c_ch, c_sol = role_weights(2, 4, 0.5)
    all_token_mean = (2 * c_ch * a + c_sol * b + 3 * c_sol * c) / 6
    assert all_token_mean == pytest.approx((b + 3 * c) / 4 + 0.5 * (2 * a) / 2)  # L_sol + alpha L_ch


def test_samples_carry_lsp_advantages_through_the_trainer_estimator():
    cfg = LSPTrainConfig(n_queries=2, group_size=2, variant="lsp", reward="overlap", challenger_coef=2.0)
    rollout = LSPRollout(
        query_gens=[gen(2), gen(2)], answer_gens=[[gen(1), gen(1)], [gen(2), gen(2)]], queries=["a", "b"],
        task_rewards=np.array([[1.0, 0.0], [0.5, 0.5]]), quality=np.array([[0.5, 0.5], [1.0, 0.0]]),
        solver_rewards=np.array([[1.5, 0.5], [1.5, 0.5]]), challenger_rewards=np.array([0.0, 0.0]),
    )
    adv = rollout_advantages(rollout, cfg)
    # V = [0.5, 0.5], V_Q = [0.5, 0.5] -> r_ch = [0, 0], A_ch = [0, 0]; A_sol = +-0.5 in both groups.
    np.testing.assert_allclose(adv.solver_advantages, [[0.5, -0.5], [0.5, -0.5]])
    np.testing.assert_allclose(adv.challenger_advantages, [0.0, 0.0])
    samples = build_samples(rollout, adv, cfg.challenger_coef)
    assert [s.group[1] for s in samples] == ["challenger"] * 2 + ["solver"] * 4
    assert [s.prompt_key for s in samples[2:]] == [0, 0, 1, 1]
    # T = 4 + 6 = 10 tokens: c_sol = 10 / 6. The Trainer's estimator hands these over unchanged.
    token_adv = compute_advantages(samples, None, cfg)
    expected = torch.tensor([[0, 0], [0, 0], [0.5, 0], [-0.5, 0], [0.5, 0.5], [-0.5, -0.5]]) * 10 / 6
    torch.testing.assert_close(token_adv, expected.float(), atol=1e-6, rtol=0)
    # The trainer refuses a rollout whose env payments disagree with the formulas.
    rollout.challenger_rewards = np.array([1.0, 0.0])
    with pytest.raises(RuntimeError, match="differ"):
        rollout_advantages(rollout, cfg)


def test_trainer_estimator_keeps_uneven_challenger_advantages():
    cfg = LSPTrainConfig(n_queries=3, group_size=1, variant="lsp-zero", reward="overlap")
    rollout = LSPRollout(
        query_gens=[gen(1), gen(1), gen(1)], answer_gens=[[gen(1)], [gen(1)], [gen(1)]], queries=["a", "b", "c"],
        task_rewards=np.array([[1.0], [0.0], [0.5]]), quality=None,
        solver_rewards=np.array([[1.0], [0.0], [0.5]]), challenger_rewards=np.array([-1.0, 0.0, -0.5]),
    )
    samples = build_samples(rollout, rollout_advantages(rollout, cfg), cfg.challenger_coef)
    # A_ch = V_bar - V = 0.5 - [1, 0, 0.5]; c_ch = 6 / 3 = 2. One answer per query: A_sol = 0.
    token_adv = compute_advantages(samples, None, cfg)[:, 0]
    torch.testing.assert_close(token_adv, torch.tensor([-1.0, 1.0, 0.0, 0.0, 0.0, 0.0]), atol=1e-6, rtol=0)


# -- configuration ---------------------------------------------------------------------------

def test_the_lsp_presets_are_among_the_agents_presets():
    assert {"lsp-tiny", "lsp-smollm2-cpu"} <= set(presets())
    cfg = TrainConfig.from_dict({"preset": "lsp-smollm2-cpu", "max_steps": 3})
    # The embedded default plays LSP: R_Q from the reference judge's probabilities, R its P(Yes).
    assert isinstance(cfg, LSPTrainConfig) and cfg.variant == "lsp" and cfg.quality == "judge"
    assert cfg.reward == "helpfulness" and cfg.judge_scoring == "probability"
    assert cfg.kl_coef == 0.05 and cfg.max_steps == 3
    assert TrainConfig.from_dict({"preset": "lsp-smollm2-cpu", "variant": "lsp-zero"}).variant == "lsp-zero"


@pytest.mark.parametrize("bad", [{"variant": "lsp", "reward": "judge"}, {"variant": "zero"}, {"group_size": 0},
                                 {"kl_in_reward": True}, {"challenger_coef": -1.0}, {"estimator": "trr++"},
                                 {"grpo_scale_std": True}, {"judge_scoring": "generated"}, {"judge_batch_size": 0},
                                 # R and R_Q may be the same judge: "judge" resolves to one of the other two
                                 {"variant": "lsp", "reward": "judge", "quality": "judge-probability"},
                                 {"variant": "lsp", "reward": "judge-text", "quality": "judge", "judge_scoring": "text"}])
def test_config_rejects_incoherent_settings(bad):
    with pytest.raises(ValueError):
        LSPTrainConfig(**bad)


def test_config_accepts_distinct_reward_and_quality():
    for reward, quality, scoring in [("helpfulness", "judge", "auto"), ("judge-text", "judge", "probability"),
                                     ("judge-text", "judge-probability", "auto"), ("overlap", "judge", "auto")]:
        assert LSPTrainConfig(variant="lsp", reward=reward, quality=quality, judge_scoring=scoring).variant == "lsp"


# -- runs ------------------------------------------------------------------------------------

def read_metrics(path):
    return [json.loads(line) for line in (path / "metrics.jsonl").read_text().splitlines()]


def without_times(history):
    return [{k: v for k, v in m.items() if not k.startswith("time/")} for m in history]


def test_tiny_lsp_run_completes_and_logs(tmp_path):
    history = train_lsp(fast_config(tmp_path))
    assert [m["step"] for m in history] == [1, 2] and history == read_metrics(tmp_path)
    for m in history:
        for key in ("challenger_reward_mean", "value_std", "value_range", "quality_mean", "solver_reward_mean",
                    "query_chars_mean", "query_diversity", "update/loss", "update/kl_ref", "update/grad_norm"):
            assert np.isfinite(m[key]), key
        assert m["challenger_reward_mean"] == pytest.approx(-m["value_mean"] + m["quality_mean"])
        assert "judge_parse_rate" not in m  # scripted R_Q: no judge was built
    assert history[0]["solver_reward_std"] > 0 and history[0]["update/grad_norm"] > 0
    assert history[1]["update/kl_ref"] > 0  # the first update moved the policy away from the reference
    assert (tmp_path / "checkpoints" / "step-000002" / "COMPLETE").exists()


def test_tiny_lsp_zero_run_with_the_reference_judge(tmp_path):
    # LSP-Zero, R = the reference model's 7-point judge (short prompt: the tiny tokenizer is per character).
    # No KL, so the Trainer built no reference: the game loads the initial model as the judge.
    prompts = tmp_path / "prompts.json"
    prompts.write_text(json.dumps({"judge": "Q: {query}\nA: {answer}\n<Score>", "challenger": "Ask:"}))
    cfg = fast_config(tmp_path / "run", variant="lsp-zero", reward="judge", prompts_file=str(prompts), max_steps=1,
                      kl_coef=0.0)
    (m,) = train_lsp(cfg)
    assert "quality_mean" not in m and 0.0 <= m["judge_parse_rate"] <= 1.0
    assert m["challenger_reward_mean"] == pytest.approx(-m["value_mean"])


def test_tiny_lsp_run_with_probability_judges_logs_the_verdicts(tmp_path):
    # The preset's game on the tiny model: R = P(Yes) of the reference, R_Q = its 7-point judge
    # read from probabilities. Every verdict is read (parse rate 1 by construction) and R_Q varies.
    prompts = tmp_path / "prompts.json"
    prompts.write_text(json.dumps({"judge": "Q: {query}\nA: {answer}\nScore:", "helpfulness": "{query} {answer} ok?",
                                   "challenger": "Ask:"}))
    cfg = fast_config(tmp_path / "run", reward="helpfulness", quality="judge", judge_scoring="probability",
                      prompts_file=str(prompts), max_steps=1, n_queries=3, group_size=2)
    (m,) = train_lsp(cfg)
    assert m["judge_parse_rate"] == 1.0 and m["helpfulness_parse_rate"] == 1.0
    assert 0.0 < m["judge_score_mass"] <= 1.0 and 0.0 <= m["judge_score_entropy"] <= np.log(8) + 1e-9
    assert 0.0 <= m["rq_min"] <= m["rq_p25"] <= m["rq_median"] <= m["rq_p75"] <= m["rq_max"] <= 1.0
    assert m["rq_std"] > 0.0  # the 6 answers get different scores
    assert m["rq_mean"] * cfg.quality_weight == pytest.approx(m["quality_mean"])
    assert m["challenger_reward_mean"] == pytest.approx(-m["value_mean"] + m["quality_mean"])
    for key in ("query_distinct_1", "query_distinct_2", "query_top_share", "r_mean", "kl"):
        assert np.isfinite(m[key]), key


def test_lsp_zero_can_log_quality_without_paying_it(tmp_path):
    prompts = tmp_path / "prompts.json"
    prompts.write_text(json.dumps({"judge": "{query} {answer} <Score>", "challenger": "Ask:"}))
    cfg = fast_config(tmp_path / "run", variant="lsp-zero", quality="judge", log_quality=True,
                      prompts_file=str(prompts), max_steps=1)
    (m,) = train_lsp(cfg)
    assert "quality_mean" not in m and m["challenger_reward_mean"] == pytest.approx(-m["value_mean"])
    assert m["judge_parse_rate"] == 1.0 and 0.0 <= m["rq_mean"] <= 1.0  # measured, not paid
    (plain,) = train_lsp(cfg.replace(output_dir=str(tmp_path / "plain"), log_quality=False))
    assert "rq_mean" not in plain and "judge_parse_rate" not in plain
    # Logging R_Q changes nothing in the game: same rewards, same update.
    for key in ("task_reward_mean", "challenger_reward_mean", "update/loss"):
        assert plain[key] == pytest.approx(m[key]), key


def test_same_seed_same_run(tmp_path):
    a = train_lsp(fast_config(tmp_path / "a", max_steps=1))
    b = train_lsp(fast_config(tmp_path / "b", max_steps=1))
    assert without_times(a) == without_times(b)


@pytest.mark.slow  # six tiny steps and three checkpoints; the Trainer's own tests cover resume in general
def test_resume_continues_exactly(tmp_path):
    whole = train_lsp(fast_config(tmp_path / "whole", max_steps=3))
    part = fast_config(tmp_path / "part", max_steps=2)
    train_lsp(part)
    resumed = train_lsp(part.replace(max_steps=3), resume=True)
    assert without_times(resumed) == without_times(whole)


def test_azr_train_command_runs_an_lsp_preset(tmp_path):
    from agents.cli import main

    assert main(["train", "--preset", "lsp-tiny", "--max-steps", "1", "--output-dir", str(tmp_path), "--no-progress",
                 "--n-queries", "2", "--group-size", "1", "--max-new-tokens-propose", "4",
                 "--max-new-tokens-solve", "4", "--judge-max-new-tokens", "2",
                 "--prompts-file", str(_short_prompts(tmp_path))]) == 0
    assert [m["step"] for m in read_metrics(tmp_path)] == [1]


def _short_prompts(tmp_path):
    path = tmp_path / "short.json"
    path.write_text(json.dumps({"judge": "{query} {answer} <Score>"}))
    return path
