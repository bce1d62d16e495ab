"""The LSP trainer mode: Language Self-Play as a game of the bundled agent's ``Trainer``.

``agents.trainer.Trainer`` does everything but the game: policy and frozen reference, accelerate,
the PPO/KL update of :mod:`agents.learner`, metrics, atomic checkpoints and exact resume. This
module registers the game ``"lsp"`` (:class:`LSPSelfPlay`, selected by ``LSPTrainConfig.game``).
Its ``collect`` plays one step through ``gym.make_vec("LSP-v0", num_envs=N)`` (Kuba et al. 2025,
Algorithm 1):

1. the challenger writes N queries, one per episode;
2. the solver writes G answers per query, sampled in one batch and fed to the env G times; the
   env scores them with R (and, for LSP, the reference judge's R_Q; for a small reference model
   the judge reads its verdict from probabilities, :mod:`agents.lsp.judges`);
3. advantages come from :func:`azr_env.lsp.lsp_advantages`: A_sol = r - mean_G r per query, and
   A_ch = r_ch - mean_N r_ch over the step's queries, with r_ch = -V(q) + V_Q(q);
4. the Trainer makes one update of L = L_sol + alpha_ch L_ch, plus beta KL(pi || pi_ref) on
   every token of both roles.

**How the advantages reach the update.** Each sample carries its LSP advantage as
``Sample.advantage`` (and its reward as ``Sample.reward``, for the logs): the Trainer's update
uses given advantages as they are, on every token of the completion, and applies no estimator
to them.

The weights make the loss the paper's sum of per-role means. ``agents.learner.ppo_update``
averages the surrogate over all T tokens of the batch, and scaling a sequence's advantage by
c > 0 scales its surrogate by c, under the clip too. So with c_sol = T / T_sol and
c_ch = alpha_ch T / T_ch (T_role: that role's token count), the surrogate part is exactly
L_sol + alpha_ch L_ch, each a token mean over its own role. With more than one mini-batch the
counts are the whole batch's, so the split holds on average.

Example (a few seconds on a CPU)::

    from agents.lsp import lsp_preset, train_lsp
    history = train_lsp(lsp_preset("lsp-tiny").replace(max_steps=2, output_dir="runs/lsp-demo"))
    print(history[-1]["challenger_reward_mean"], history[-1]["query_diversity"])
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from agents.errors import RunInputError
from agents.learner import Sample
from agents.lsp.config import JUDGE_SPECS, LSPTrainConfig
from agents.lsp.rewards import make_reward_fn
from agents.policy import Generation, Policy, SamplingConfig, make_reference
from agents.trainer import Bars, close_bar, seed_for
from azr_env.game.ids import LSP_GYM_ID as GYM_ID
from azr_env.lsp import LSPAdvantages, LSPPrompts, distribution_stats, lsp_advantages, lsp_step_metrics
from azr_env.lsp.episode import CHALLENGER, SOLVER

# Reward specs played by the frozen reference model; their verdicts are logged (parse rate, entropy).
REFERENCE_SPECS = (*JUDGE_SPECS, "helpfulness")


@dataclass
class LSPRollout:
    """One step of play: N queries, N x G answers, and what the env paid for them."""

    query_gens: list[Generation]  # N
    answer_gens: list[list[Generation]]  # N lists of G
    queries: list[str]  # as the env kept them (stripped, cut)
    task_rewards: np.ndarray  # R, (N, G)
    quality: np.ndarray | None  # R_Q on 0..1 before lambda, (N, G); None for LSP-Zero
    solver_rewards: np.ndarray  # what the env paid each answer, (N, G)
    challenger_rewards: np.ndarray  # what the env paid each query, (N,)


class _RecordingJudge:
    """A judge that keeps the verdicts it gave since the last ``take()``, for the per-step log.

    Wraps a text judge (``JudgeReward``: verdicts are ``ScoreParse``) or a probability judge
    (``ProbabilityJudge``: verdicts also carry the label mass and the entropy).
    """

    def __init__(self, judge, name: str):
        self.judge, self.name = judge, name
        self.verdicts: list = []
        self.seconds = 0.0

    def __call__(self, queries, answers):
        t0 = time.perf_counter()
        verdicts = self.judge.judge(queries, answers)
        self.seconds += time.perf_counter() - t0
        self.verdicts.extend(verdicts)
        return self.judge.scores(verdicts)

    def take(self) -> list:
        out, self.verdicts = self.verdicts, []
        return out

    def metrics(self) -> dict[str, float]:
        """``{name}_parse_rate``, ``time/{name}``, and for a probability judge ``{name}_score_mass`` and
        ``{name}_score_entropy``."""
        verdicts, seconds, self.seconds = self.take(), self.seconds, 0.0
        if not verdicts:
            return {}
        out = {f"{self.name}_parse_rate": float(np.mean([v.ok for v in verdicts])), f"time/{self.name}": seconds}
        if hasattr(verdicts[0], "entropy"):
            out[f"{self.name}_score_mass"] = float(np.mean([v.mass for v in verdicts]))
            out[f"{self.name}_score_entropy"] = float(np.mean([v.entropy for v in verdicts]))
        return out


def load_prompts(cfg: LSPTrainConfig) -> LSPPrompts:
    """The game's prompts: the built-in ones, or ``cfg.prompts_file``'s (``RunInputError`` when that
    file cannot be read or does not hold prompt templates)."""
    if not cfg.prompts_file:
        return LSPPrompts()
    path = Path(cfg.prompts_file)
    try:
        return LSPPrompts.from_dict(json.loads(path.read_bytes().decode("utf-8")))
    except FileNotFoundError:
        raise RunInputError(f"prompts_file {path} not found") from None
    except (OSError, UnicodeDecodeError, TypeError, ValueError) as exc:  # a folder, not UTF-8, not JSON, not templates
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RunInputError(f"prompts_file {path}: {detail}") from None


def make_env(cfg: LSPTrainConfig, reward_fn, quality_fn, prompts: LSPPrompts):
    """The lock-step vector env of ``LSP-v0``: N episodes, one reward call per step for all."""
    import gymnasium as gym

    import azr_env  # noqa: F401 -- registers the ids

    return gym.make_vec(
        GYM_ID, num_envs=cfg.n_queries, vectorization_mode="vector_entry_point", reward_fn=reward_fn,
        quality_fn=quality_fn, group_size=cfg.group_size, quality_weight=cfg.quality_weight, prompts=prompts,
        max_query_chars=cfg.max_query_chars, max_answer_chars=cfg.max_answer_chars,
    )


def _sampling(cfg: LSPTrainConfig, max_new_tokens: int) -> SamplingConfig:
    # No stop string: a query or an answer ends at EOS or at its budget.
    return SamplingConfig(max_new_tokens=max_new_tokens, temperature=cfg.temperature, top_p=cfg.top_p, stop=())


def play_step(env, policy: Policy, cfg: LSPTrainConfig, *, seed: int | None = None, bars=None) -> LSPRollout:
    """Play N episodes to the end through the vector env (steps 1 and 2 of the module doc)."""
    n, g = cfg.n_queries, cfg.group_size
    bars = bars or Bars(False)
    obs, info = env.reset(seed=seed)
    bar = bars("lsp: queries", n)
    query_gens = policy.generate(list(obs), _sampling(cfg, cfg.max_new_tokens_propose), progress=bar)
    close_bar(bar)
    obs, _, _, _, info = env.step([gen.text for gen in query_gens])
    # Every attempt at a query sees the same prompt, so all N x G answers are sampled in one batch.
    bar = bars("lsp: answers", n * g)
    flat = policy.generate([o for o in obs for _ in range(g)], _sampling(cfg, cfg.max_new_tokens_solve), progress=bar)
    close_bar(bar)
    answer_gens = [flat[i * g:(i + 1) * g] for i in range(n)]
    paid = np.zeros((n, g))
    bar = bars("lsp: scoring", g)
    for j in range(g):
        _, reward, terminated, _, info = env.step([answer_gens[i][j].text for i in range(n)])
        paid[:, j] = reward
        if bar is not None:
            bar.update(1)
    close_bar(bar)
    if not terminated.all():
        raise RuntimeError("an LSP episode lasts exactly 1 + G steps, and these did not end after the last answer")
    quality = np.array([list(q) for q in info["quality"]], dtype=np.float64) if "quality" in info else None
    return LSPRollout(
        query_gens=query_gens,
        answer_gens=answer_gens,
        queries=[str(q) for q in info["query"]],
        task_rewards=np.array([list(r) for r in info["task_rewards"]], dtype=np.float64),
        quality=quality,
        solver_rewards=paid,
        challenger_rewards=np.asarray(info["rewards"][CHALLENGER], dtype=np.float64),
    )


def rollout_advantages(rollout: LSPRollout, cfg: LSPTrainConfig) -> LSPAdvantages:
    """Step 3: the LSP (or LSP-Zero) advantages of a rollout."""
    adv = lsp_advantages(rollout.task_rewards, rollout.quality, quality_weight=cfg.quality_weight,
                         solver_scale_by_std=cfg.solver_scale_std, challenger_scale_by_std=cfg.challenger_scale_std)
    # The env paid these same rewards; a mismatch would mean the game and the trainer disagree.
    if not (np.allclose(adv.solver_rewards, rollout.solver_rewards, atol=1e-9)
            and np.allclose(adv.challenger_rewards, rollout.challenger_rewards, atol=1e-9)):
        raise RuntimeError("the rewards the env paid differ from lsp_advantages' rewards")
    return adv


def role_weights(query_tokens: int, answer_tokens: int, challenger_coef: float) -> tuple[float, float]:
    """(c_ch, c_sol): advantage scales whose all-token mean surrogate is L_sol + alpha_ch L_ch."""
    total = query_tokens + answer_tokens
    return challenger_coef * total / max(query_tokens, 1), total / max(answer_tokens, 1)


def build_samples(rollout: LSPRollout, adv: LSPAdvantages, challenger_coef: float) -> list[Sample]:
    """The update's samples, challenger queries first: each with its reward and its weighted LSP
    advantage (``Sample.advantage``, used as it is by the update)."""
    t_ch = sum(len(g.completion_ids) for g in rollout.query_gens)
    t_sol = sum(len(g.completion_ids) for answers in rollout.answer_gens for g in answers)
    c_ch, c_sol = role_weights(t_ch, t_sol, challenger_coef)
    samples = [Sample(g.prompt_ids, g.completion_ids, float(adv.challenger_rewards[i]), ("lsp", CHALLENGER),
                      advantage=c_ch * float(adv.challenger_advantages[i]))
               for i, g in enumerate(rollout.query_gens)]
    for i, answers in enumerate(rollout.answer_gens):
        samples += [Sample(g.prompt_ids, g.completion_ids, float(adv.solver_rewards[i, j]), ("lsp", SOLVER),
                           prompt_key=i, advantage=c_sol * float(adv.solver_advantages[i, j]))
                    for j, g in enumerate(answers)]
    return samples


class LSPSelfPlay:
    """The LSP game for ``agents.trainer.Trainer``: one vector env of N episodes, R, and the judge.

    The judges (``"judge"``, ``"judge-*"``, ``"helpfulness"``) are the policy's frozen reference.
    When the config has no KL (so the Trainer built no reference), the game loads the initial
    model ``cfg.model`` as one, so that a resumed run judges with the same model as a fresh one.
    Each judge's verdicts are logged per step (parse rate, and for probability judges the mass
    on the labels and the entropy); with ``log_quality``, LSP-Zero also logs R_Q without paying it.
    """

    def __init__(self, cfg: LSPTrainConfig, policy: Policy, *, process_index: int = 0, state: dict | None = None):
        if not isinstance(cfg, LSPTrainConfig):
            raise TypeError("the 'lsp' game needs an LSPTrainConfig (e.g. agents.lsp.lsp_preset('lsp-tiny'))")
        self.cfg, self.policy, self.rank = cfg, policy, process_index
        prompts = load_prompts(cfg)
        wants_quality = cfg.variant == "lsp" or cfg.log_quality
        specs = [cfg.reward] + ([cfg.quality] if wants_quality else [])
        if any(spec in REFERENCE_SPECS for spec in specs) and not policy.has_reference:
            from agents.weights import load_model

            policy.ref_model = make_reference(load_model(cfg.model, seed=cfg.seed)[0]).to(policy.device)
        self.judges: dict[str, _RecordingJudge] = {}

        def build(spec: str):
            if spec in self.judges:  # one judge per spec, shared by R and R_Q
                return self.judges[spec]
            fn = make_reward_fn(spec, policy=policy, prompts=prompts, judge_max_new_tokens=cfg.judge_max_new_tokens,
                                judge_fallback=cfg.judge_fallback, judge_scoring=cfg.judge_scoring,
                                judge_batch_size=cfg.judge_batch_size)
            if spec in REFERENCE_SPECS:
                fn = self.judges[spec] = _RecordingJudge(fn, spec.replace("-", "_"))
            return fn

        reward_fn = build(cfg.reward)
        quality_fn = build(cfg.quality) if wants_quality else None
        # LSP-Zero with log_quality: R_Q is computed for the logs only, never paid.
        self.env = make_env(cfg, reward_fn, quality_fn if cfg.variant == "lsp" else None, prompts)
        self.monitor_quality = quality_fn if cfg.variant == "lsp-zero" else None

    def collect(self, step: int, bars: Bars) -> tuple[list[Sample], dict[str, float]]:
        cfg = self.cfg
        t0 = time.perf_counter()
        rollout = play_step(self.env, self.policy, cfg, seed=seed_for(cfg.seed, self.rank, step, "lsp"), bars=bars)
        adv = rollout_advantages(rollout, cfg)
        samples = build_samples(rollout, adv, cfg.challenger_coef)
        metrics = lsp_step_metrics(rollout.queries, adv, n=cfg.diversity_ngram)
        metrics["challenger_advantage_abs_mean"] = float(np.abs(adv.challenger_advantages).mean())
        metrics["valid_rate"] = float(np.mean([bool(q) for q in rollout.queries]))  # non-empty queries
        metrics["query_tokens_mean"] = float(np.mean([len(g.completion_ids) for g in rollout.query_gens]))
        metrics["answer_tokens_mean"] = float(np.mean([len(g.completion_ids) for a in rollout.answer_gens for g in a]))
        metrics["tokens_generated"] = int(sum(len(s.completion_ids) for s in samples))
        quality = rollout.quality
        if self.monitor_quality is not None:
            quality = np.array(self.monitor_quality(
                [q for q in rollout.queries for _ in range(cfg.group_size)],
                [str(g.text)[:cfg.max_answer_chars] for answers in rollout.answer_gens for g in answers],
            ), dtype=np.float64)
        if quality is not None:
            metrics.update(distribution_stats(quality, "rq"))  # R_Q on 0..1, before lambda
        metrics.update(distribution_stats(rollout.task_rewards, "r"))
        for judge in self.judges.values():
            metrics.update(judge.metrics())
        metrics["time/play"] = time.perf_counter() - t0
        return samples, metrics

    def summary(self, metrics: dict[str, float]) -> str:
        """The console line of a step: R, R_Q, the challenger's reward, query diversity, KL, time."""
        def show(key, spec=".3f"):
            value = metrics.get(key)
            return "n/a" if value is None or not np.isfinite(value) else format(value, spec)

        return (f"step {int(metrics['step'])}: R {show('task_reward_mean')} | R_Q {show('rq_mean')} "
                f"(sd {show('rq_std')}) | challenger {show('challenger_reward_mean', '+.3f')} | "
                f"distinct-2 {show('query_distinct_2', '.2f')} top share {show('query_top_share', '.2f')} | "
                f"KL {show('kl', '.4f')} | {show('time/step', '.1f')}s")

    def state_dict(self) -> dict[str, Any]:
        return {}  # nothing outlives a step: no buffers, and the env is reset with a step-derived seed

    def save_readable(self, directory: Path) -> None:
        pass

    def close(self) -> None:
        self.env.close()


def train_lsp(cfg: LSPTrainConfig, *, resume: bool = False) -> list[dict[str, Any]]:
    """Train by LSP (or LSP-Zero) with the bundled agent's Trainer; returns the per-step metrics.

    Same as ``azr train`` with an LSP preset or config: ``OUTPUT_DIR/metrics.jsonl`` gets one line
    per step (with a ``step`` key), checkpoints are written every ``cfg.save_every`` steps, and
    ``resume`` continues from the newest complete one.
    """
    from agents.trainer import train

    path = train(cfg, resume=resume)
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


__all__ = ["LSPRollout", "LSPSelfPlay", "build_samples", "load_prompts", "make_env", "play_step",
           "role_weights", "rollout_advantages", "train_lsp"]
