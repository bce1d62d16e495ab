"""``LSPTrainConfig``: the bundled agent's settings plus the Language Self-Play game, and its presets.

It extends :class:`agents.config.AgentConfig`, as Absolute Zero's ``TrainConfig`` does, so the
policy, sampling, KL, PPO, optimiser, checkpoint and accelerate settings mean exactly what they
mean for Absolute Zero, and ``agents.trainer.Trainer`` runs it unchanged (``game="lsp"``). It has
none of the Absolute Zero game's fields (``TrainConfig.azr``); an LSP config saved when it still
carried them loads with them dropped (``LSPTrainConfig.migrate``), since LSP never read them.

LSP reads two of the shared fields in its own way:

* ``max_new_tokens_propose``: the challenger's query budget; ``max_new_tokens_solve``: the
  solver's answer budget;
* ``kl_coef`` (beta) defaults to 0.05 here, not 0: the KL to the reference, for both roles, is
  what keeps the challenger from drifting into nonsense (Kuba et al. 2025). The value is ours;
  the public text we could read does not give the paper's.

Presets (``LSP_PRESETS``, which ``agents.config.presets()`` finds through ``agents.games``):

* ``lsp-tiny``: the random tiny model, LSP with the reference judge as R_Q and the model-free
  character-bigram overlap stand-in as R; a few steps take seconds on 2 cores. Exercises every code path.
* ``lsp-smollm2-cpu``: SmolLM2-135M-Instruct from the embedded GGUF, LSP. R_Q is the reference
  model's 7-point judge read from probabilities; R, for want of a reward model offline, is the
  reference model's P("Yes") to "does the response answer the request?" (``"helpfulness"``).
  With a reward model: ``{"preset": "lsp-smollm2-cpu", "reward": "reward-model:PATH"}``.
  ``azr train --preset lsp-smollm2-cpu --variant lsp-zero`` is the same run without R_Q.

Where the defaults come from (docs/lsp.md, "Where each default comes from", has the details):
"paper" marks what Kuba et al. 2025 state; everything else is ours and says why.

The judge: ``judge_scoring="auto"`` reads the 7-point verdict from probabilities (G-Eval) when
the reference model has fewer than ``SMALL_JUDGE_MAX_PARAMS`` (1e9) parameters, and lets it
write its verdict otherwise. Below that size the model we tried never writes a readable
``<Score>`` (SmolLM2-135M; docs/lsp.md gives the probes); 1e9 is a round line under the
paper's 3B judge, not a measured threshold. Presets set the scoring explicitly.

>>> cfg = lsp_preset("lsp-tiny")
>>> cfg.variant, cfg.kl_coef, cfg.n_queries * cfg.group_size
('lsp', 0.05, 8)
"""
from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import ClassVar, Literal

from agents.config import AgentConfig, Estimator, setting

Variant = Literal["lsp", "lsp-zero"]
JudgeScoring = Literal["auto", "probability", "text"]
VARIANTS: tuple[str, ...] = typing.get_args(Variant)
JUDGE_SCORINGS: tuple[str, ...] = typing.get_args(JudgeScoring)
JUDGE_SPECS = {"judge": None, "judge-probability": "probability", "judge-text": "text"}  # spec -> fixed scoring
SMALL_JUDGE_MAX_PARAMS = 1_000_000_000  # "auto": judges with fewer parameters score from probabilities


_BUILT_IN_REWARDS = (*JUDGE_SPECS, "helpfulness", "overlap")


def _reward_spec_problem(spec: str) -> str | None:
    """Why ``spec`` names no reward (checked when the config is made, before any model loads), or None.
    Whether a module or a reward model is there is found when the run builds it."""
    if spec in _BUILT_IN_REWARDS:
        return None
    if spec.startswith("reward-model:"):
        return None if spec.split(":", 1)[1].strip() else "names no reward model (reward-model:PATH_OR_ID)"
    module, _, attr = spec.partition(":")
    if module and all(part.isidentifier() for part in module.split(".")) and attr.removesuffix("()").isidentifier():
        return None
    return (f"is not a reward: use {', '.join(_BUILT_IN_REWARDS)}, reward-model:PATH_OR_ID or module:attr")


def same_reward(a: str, b: str, judge_scoring: str = "auto") -> bool:
    """True when the reward specs ``a`` and ``b`` may name the same function (so R_Q could equal R)."""
    if a == b:
        return True
    if a in JUDGE_SPECS and b in JUDGE_SPECS:
        ma, mb = (JUDGE_SPECS[x] or judge_scoring for x in (a, b))
        return "auto" in (ma, mb) or ma == mb
    return False


@dataclass
class LSPTrainConfig(AgentConfig):
    """Settings of an LSP run: the agent's (``AgentConfig``) plus the game's. Defaults marked (paper)
    follow Kuba et al. 2025; the rest are ours."""

    game: str = setting("lsp", "the game to play (lsp: agents.lsp.trainer.LSPSelfPlay, in agents.games.GAMES)")
    output_dir: str = setting("runs/lsp", "where metrics.jsonl and checkpoints/ go")
    # -- the game ------------------------------------------------------------------------------
    variant: Variant = setting(
        "lsp-zero", "lsp: with the quality self-reward R_Q; lsp-zero: without (the paper's names)")
    reward: str = setting(
        "judge", "R(q, a): judge (7-point, reference model), judge-probability, judge-text, helpfulness (reference "
                 "P(Yes)), overlap, reward-model:PATH_OR_ID or module:attr. Paper: a reward model")
    quality: str = setting("judge", "R_Q for lsp: the reference judge (paper), or any reward spec as for reward (on 0..1)")
    n_queries: int = setting(16, "N: challenger queries per step (ours: sized for one machine)")
    group_size: int = setting(8, "G: solver answers per query (ours; GRPO's usual group)")
    quality_weight: float = setting(
        1.0, "lambda: the solver's reward is R + lambda R_Q; 1 is the paper's plain sum, as we read it")
    challenger_coef: float = setting(1.0, "alpha_ch in L = L_sol + alpha_ch L_ch (ours: roles weighted equally)")
    solver_scale_std: bool = setting(False, "divide A_sol by the group std (paper: mean baseline, no division)")
    challenger_scale_std: bool = setting(False, "divide A_ch by the batch std (paper: mean baseline, no division)")
    prompts_file: str | None = setting(
        None, "a JSON file with any of challenger, solver, judge, helpfulness: the game's prompts (none: the built-in ones)")
    max_query_chars: int = setting(4096, "a query is cut to this many characters")
    max_answer_chars: int = setting(16384, "an answer is cut to this many characters")
    # -- the judge (reference model) ------------------------------------------------------------
    judge_scoring: JudgeScoring = setting(
        "auto", "probability: G-Eval, P(0..7) after a prefilled <Score>; text: a greedy verdict, parsed; auto: "
                "probability below SMALL_JUDGE_MAX_PARAMS (1e9) parameters, text above")
    judge_max_new_tokens: int = setting(256, "text judge: the verdict's token budget")
    judge_fallback: float = setting(0.0, "score (0..7) of a verdict that cannot be read (ours: docs/lsp.md says why)")
    judge_batch_size: int = setting(8, "probability judges: (query, answer) pairs per forward pass")
    # -- logs ------------------------------------------------------------------------------------
    diversity_ngram: int = setting(2, "n of the distinct-n-gram query diversity logged each step")
    log_quality: bool = setting(False, "lsp-zero: also compute R_Q (quality) for the logs, without paying it")
    # -- shared fields with an LSP default ------------------------------------------------------
    kl_coef: float = setting(
        0.05, "beta of the KL to the reference, for both roles (ours; the paper regularises both roles by KL, "
              "docs/lsp.md)")
    estimator: Estimator = setting("grpo", "must be grpo: it re-centres the LSP advantages per group, i.e. "
                                           "leaves them as they are (agents.lsp.trainer)")
    grpo_scale_std: bool = setting(False, "must be off: the std options are solver_scale_std / challenger_scale_std")
    max_new_tokens_propose: int = setting(256, "the challenger's query budget")
    max_new_tokens_solve: int = setting(512, "the solver's answer budget")

    # The Absolute Zero game's fields, which LSP configs carried (and ignored) until AgentConfig
    # became the common base; a config saved then holds them, and they are dropped on load.
    LEGACY_FIELDS: ClassVar[tuple[str, ...]] = (
        "task_types", "proposer_batch_size", "solver_batch_size", "n_solver_samples", "n_references",
        "n_induction_inputs", "train_proposer", "buffer_max_size", "executor_workers", "executor_timeout",
        "executor_backend", "ray_address", "ray_actors", "env_kwargs", "task", "generated_seeds", "seed_file",
        "generator_seed", "generator_families", "generator_train_per_family", "generator_heldout_per_family",
        "generator_heldout_family_size", "seed_filter_samples", "seed_filter_max_tasks", "seed_max_answer_share",
        "solver_first_steps", "solver_task_sampling", "solver_group_size", "top_answer_warning", "eval_heldout",
        "eval_file", "eval_every", "eval_limit", "eval_max_new_tokens",
    )

    # The common ranges and the game's own: a negative text budget stopped the run with the env's
    # traceback after the model loaded; a fallback outside the judge's 0..7 scale gave an
    # unreadable verdict a score no readable one can reach. (0 characters is what the env allows.)
    RANGES: ClassVar[dict[str, tuple[float | None, float | None, str]]] = {
        **AgentConfig.RANGES, "max_query_chars": (0, None, "[)"), "max_answer_chars": (0, None, "[)"),
        "judge_fallback": (0, 7, "[]"),
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("n_queries", "group_size", "diversity_ngram", "judge_max_new_tokens", "judge_batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("reward", "quality"):
            problem = _reward_spec_problem(getattr(self, name))
            if problem:
                raise ValueError(f"{name} {getattr(self, name)!r} {problem}")
        if self.challenger_coef < 0 or self.quality_weight < 0:
            raise ValueError("challenger_coef and quality_weight must be non-negative")
        if self.kl_in_reward:
            raise ValueError("LSP applies the KL to the reference as a loss term for both roles; set kl_in_reward=False")
        if self.estimator != "grpo" or self.grpo_scale_std:
            # The game hands the Trainer finished advantages; only un-scaled GRPO passes them through.
            raise ValueError("LSP needs estimator='grpo' with grpo_scale_std=False; "
                             "use solver_scale_std / challenger_scale_std for std scaling")
        if self.variant == "lsp" and same_reward(self.reward, self.quality, self.judge_scoring):
            # R_Q would equal R answer for answer: the challenger's -V(q) + V_Q(q) is then 0.
            raise ValueError(f"variant 'lsp' with reward {self.reward!r} and quality {self.quality!r} (judge scoring "
                             f"{self.judge_scoring!r}) may be the same function, which cancels the challenger's "
                             "reward; use 'lsp-zero', or different functions for R and R_Q")


def _lsp_tiny() -> LSPTrainConfig:
    # Every code path in seconds on 2 cores: the judge's prompt is ~1.6k characters, i.e. tokens for
    # the character-level tiny tokenizer, so its budget stays short.
    return LSPTrainConfig(
        model="tiny", output_dir="runs/lsp-tiny", variant="lsp", reward="overlap", n_queries=4, group_size=2,
        max_new_tokens_propose=24, max_new_tokens_solve=24, judge_scoring="probability", judge_max_new_tokens=8,
        gen_batch_size=32, micro_batch_size=16, lr=1e-3, use_chat_template=False,
    )


def _lsp_smollm2_cpu() -> LSPTrainConfig:
    # A laptop CPU, no network: short budgets, small groups; lr 1e-5 as in the smollm2-cpu preset.
    # No reward model offline: R is the reference model's P(Yes) ("helpfulness"), R_Q its 7-point
    # judge read from probabilities (SmolLM2-135M never writes a readable <Score> itself).
    return LSPTrainConfig(
        model="smollm2-cpu", output_dir="runs/lsp-smollm2", variant="lsp", reward="helpfulness", quality="judge",
        judge_scoring="probability", n_queries=4, group_size=4, max_new_tokens_propose=64, max_new_tokens_solve=128,
        judge_max_new_tokens=160, gen_batch_size=16, micro_batch_size=4, lr=1e-5,
    )


LSP_PRESETS = {"lsp-tiny": _lsp_tiny, "lsp-smollm2-cpu": _lsp_smollm2_cpu}


def lsp_preset(name: str) -> LSPTrainConfig:
    """A fresh :class:`LSPTrainConfig` for preset ``name`` (see ``LSP_PRESETS``)."""
    try:
        return LSP_PRESETS[name]()
    except KeyError:
        raise ValueError(f"unknown LSP preset {name!r}; choose one of {sorted(LSP_PRESETS)}") from None
