"""Language Self-Play (Kuba et al. 2025): the game's semantics, with no torch.

One model plays two roles. The challenger writes a query; the solver answers it G times; a
reward function R(q, a) scores each answer. LSP adds a quality self-reward R_Q from the
reference model, graded on a 7-point additive scale; LSP-Zero leaves it out.

- :mod:`azr_env.lsp.prompts`: the three prompts, as data (:class:`LSPPrompts`).
- :mod:`azr_env.lsp.judge`: reading the judge's verdict, from its text (:func:`parse_score`) or
  from its probabilities over the score labels (:func:`expected_score`, :func:`label_of_token`).
- :mod:`azr_env.lsp.rewards`: rewards and advantages (:func:`lsp_advantages`).
- :mod:`azr_env.lsp.metrics`: per-step logs and query diversity (:func:`ngram_diversity`).
- :mod:`azr_env.lsp.scoring`: the reward-function protocol and the model-free reward functions.
- :mod:`azr_env.lsp.episode`: one episode's state, shared by the environments.

The environments are ``azr/lsp-v0`` (PettingZoo AEC, :mod:`azr_env.multiagent.lsp_v0`) and
``LSP-v0`` (Gymnasium, :mod:`azr_env.envs.lsp`); the trainer mode is in ``agents.lsp``.
User guide: docs/lsp.md.
"""
from azr_env.lsp.episode import CHALLENGER, ROLES, SOLVER, LSPEpisode, LSPGameConfig, ScoreFn, game_config
from azr_env.lsp.judge import (
    JUDGE_CRITERIA,
    MAX_SCORE,
    SCORE_LABELS,
    ProbabilityVerdict,
    ScoreParse,
    expected_score,
    label_of_token,
    normalise_score,
    parse_score,
)
from azr_env.lsp.metrics import distribution_stats, lsp_step_metrics, ngram_diversity, top_share
from azr_env.lsp.prompts import (
    DEFAULT_PROMPTS,
    LSPPrompts,
    challenger_prompt,
    extract_query,
    helpfulness_prompt,
    judge_prompt,
    solver_prompt,
)
from azr_env.lsp.rewards import LSPAdvantages, episode_rewards, lsp_advantages
from azr_env.lsp.scoring import CallableReward, JudgeReward, RewardFunction, checked_rewards, overlap_reward

__all__ = [
    "CHALLENGER", "SOLVER", "ROLES", "LSPEpisode", "LSPGameConfig", "ScoreFn", "game_config",
    "JUDGE_CRITERIA", "MAX_SCORE", "SCORE_LABELS", "ProbabilityVerdict", "ScoreParse", "expected_score",
    "label_of_token", "normalise_score", "parse_score",
    "distribution_stats", "lsp_step_metrics", "ngram_diversity", "top_share",
    "DEFAULT_PROMPTS", "LSPPrompts", "challenger_prompt", "extract_query", "helpfulness_prompt", "judge_prompt",
    "solver_prompt",
    "LSPAdvantages", "episode_rewards", "lsp_advantages",
    "CallableReward", "JudgeReward", "RewardFunction", "checked_rewards", "overlap_reward",
]
