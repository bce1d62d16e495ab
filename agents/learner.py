"""One policy update from scored samples: advantages, then PPO epochs over mini-batches.

The self-play trainer (``agents.trainer``) and the learning test both go through these three calls::

    scored = score_samples(policy, samples, cfg)          # old / reference log-probs, values, when needed
    advantages = compute_advantages(samples, scored, cfg)  # TRR++, REINFORCE++, GRPO or PPO's GAE  [N, T]
    stats = ppo_update(policy, optimizer, samples, advantages, scored, cfg, accelerator)

The loss of one mini-batch, per token l_t:

    l_t = -min(rho_t A_t, clip(rho_t, 1 - eps_low, 1 + eps_high) A_t)      (PPO, Eq. 7)
          + beta * KL_t            (only when the KL is a loss, not a reward penalty)
          - c_H * H_t              (entropy bonus)
          + c_V * L^V_t            (PPO with a critic: the clipped value loss, agents.algorithms.gae)

aggregated by ``cfg.loss_aggregation`` over the mini-batch's sequences i and their valid tokens t:

    token-mean:     L = sum_i sum_t l_it / sum_i |y_i|          (every token weighs the same)
    sequence-mean:  L = (1 / N) sum_i (1 / |y_i|) sum_t l_it    (every sequence weighs the same)

Both denominators are those of the whole mini-batch, so gradient accumulation over micro-batches
gives exactly the gradient of the mini-batch. With token-mean a 160-token proposal weighs ten
16-token answers; sequence-mean gives each sample one vote. The entropy H_t is logged every update,
whether or not it is in the loss (c_H = 0).
"""
from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from typing import Hashable, Sequence

import torch

from agents.algorithms import (
    clipped_value_loss,
    explained_variance,
    gae_advantages,
    grpo_advantages,
    kl_estimate,
    masked_mean,
    ppo_clip_loss,
    reinforce_pp_advantages,
    trr_pp_advantages,
)
from agents.critic import clip_groups
from agents.policy import Policy, collate


@dataclass
class Sample:
    """One trained-on completion: tokens, its scalar reward and how it is grouped.

    ``group`` is the TRR++ key, (task type, role). ``prompt_key`` groups samples of the same prompt
    for GRPO (e.g. a task id); None puts the sample in its TRR++ group. ``advantage``, when set,
    is used as it is (see ``compute_advantages``).
    """

    prompt_ids: list[int]
    completion_ids: list[int]
    reward: float
    group: tuple[str, str] = ("task", "solver")
    prompt_key: Hashable | None = None
    # A sequence advantage the game computed itself (LSP's group-relative ones): every token of the
    # completion gets it, and ``cfg.estimator`` is not applied to this sample. None: estimate it.
    advantage: float | None = None


@dataclass
class Scored:
    """Per-sample log-probs computed before the update (lists of 1-D tensors, one per sample).

    With a critic (``estimator="ppo"``), ``values`` holds V_old(s_t) per sample, and
    ``compute_advantages`` adds ``returns``, the value targets R_t [N, T].
    """

    old_logp: list[torch.Tensor] | None = None
    ref_logp: list[torch.Tensor] | None = None
    stats: dict[str, float] = field(default_factory=dict)
    values: list[torch.Tensor] | None = None
    returns: torch.Tensor | None = None


def _pad(rows: Sequence[torch.Tensor], width: int) -> torch.Tensor:
    out = torch.zeros(len(rows), width)
    for i, row in enumerate(rows):
        out[i, : row.shape[0]] = row
    return out


def _mask(samples: Sequence[Sample]) -> torch.Tensor:
    width = max(max(len(s.completion_ids) for s in samples), 1)
    lengths = torch.tensor([len(s.completion_ids) for s in samples])
    return (torch.arange(width)[None, :] < lengths[:, None]).float()


def _micro_batches(indices: Sequence[int], size: int):
    for start in range(0, len(indices), size):
        yield list(indices[start:start + size])


def _budgeted(indices: Sequence[int], size: int, max_cells: int | None, length) -> list[list[int]]:
    """Consecutive chunks of ``indices`` of at most ``size``; with ``max_cells``, also of at most
    that many attention cells (the chunk's count times the square of its longest sequence,
    ``length(i)``), one sample at least: a forward's attention grows with the square of the length."""
    chunks: list[list[int]] = []
    chunk: list[int] = []
    longest = 0
    for i in indices:
        top = max(longest, length(i))
        if chunk and (len(chunk) >= size or (max_cells is not None and (len(chunk) + 1) * top * top > max_cells)):
            chunks.append(chunk)
            chunk, top = [], length(i)
        chunk.append(i)
        longest = top
    if chunk:
        chunks.append(chunk)
    return chunks


def plan_micro_batches(samples: Sequence[Sample], indices: Sequence[int], size: int,
                       share_prompts: bool, max_cells: int | None = None) -> list[tuple[bool, list[int]]]:
    """Split ``indices`` into micro-batches of at most ``size`` samples, as ``(shared, indices)``;
    with ``max_cells``, also of at most that many attention cells (see _budgeted): a few long
    samples go in smaller micro-batches instead of taking the memory of ``size`` long ones (a
    reference task whose output was a 400-item tuple made 1,377-token prompts, and 8 of them in
    one micro-batch took a CPU trainer from 5 to 19 GB, where the kernel killed it).

    With ``share_prompts``, samples that share a prompt (a GRPO group, the n attempts at one task)
    form ``shared`` micro-batches whose prompt runs once (``Policy.group_log_probs``). The rest go
    into padded micro-batches, sorted by length so that each pads little. Every sample lands in
    exactly one micro-batch and the loss is a sum over them, so the plan changes the cost of the
    update, not its gradient.
    """
    groups: dict[tuple[int, ...], list[int]] = {}
    for i in indices:
        groups.setdefault(tuple(samples[i].prompt_ids), []).append(i)
    plan, single = [], []
    def length(i: int) -> int:
        return len(samples[i].prompt_ids) + len(samples[i].completion_ids)

    for members in groups.values():
        if share_prompts and len(members) > 1:
            plan.extend((True, chunk) for chunk in _budgeted(members, size, max_cells, length))
        else:
            single.extend(members)
    single.sort(key=lambda i: (len(samples[i].prompt_ids), len(samples[i].completion_ids)))
    plan.extend((False, chunk) for chunk in _budgeted(single, size, max_cells, length))
    return plan


def _collate(policy: Policy, samples: Sequence[Sample], idx: Sequence[int]):
    return collate([samples[i].prompt_ids for i in idx], [samples[i].completion_ids for i in idx],
                   policy.tokenizer.pad_token_id)


def _max_cells(cfg) -> int | None:
    return getattr(cfg, "micro_batch_max_cells", None)


def is_on_policy(cfg) -> bool:
    """With one epoch and one mini-batch the parameters have not moved when a micro-batch is scored,
    so pi_old = pi and rho = 1 exactly: the extra no-grad forward for old log-probs is skipped."""
    return cfg.ppo_epochs == 1 and cfg.num_mini_batches == 1


def _role(sample: Sample) -> str:
    return sample.group[1]


def uses_critic(cfg) -> bool:
    return cfg.estimator == "ppo"


@torch.no_grad()
def score_samples(policy: Policy, samples: Sequence[Sample], cfg, progress=None) -> Scored:
    """Old log-probs (needed off-policy, or for a KL reward penalty), reference log-probs (KL on),
    and with a critic the old values V_old(s_t) (their forward gives the old log-probs too)."""
    scored = Scored()
    need_ref = cfg.kl_coef > 0
    need_values = uses_critic(cfg)
    need_old = not is_on_policy(cfg) or (need_ref and cfg.kl_in_reward) or need_values
    if not (need_ref or need_old):
        return scored
    old, values = [], []
    if need_values:
        old, values = _old_log_probs_and_values(policy, samples, cfg, progress)
    order = list(range(len(samples)))
    old_here = need_old and not need_values  # with a critic, the old log-probs came with the values
    # The reference is never wrapped for DDP, so its samples that share a prompt (a GRPO group) can
    # always run that prompt once, as the update does.
    share_ref = need_ref and not old_here and getattr(cfg, "shared_prompt_forward", False)
    if share_ref:
        plan = plan_micro_batches(samples, order, cfg.micro_batch_size, share_ref, _max_cells(cfg))
    elif need_ref or old_here:
        plan = [(False, idx) for idx in _budgeted(order, cfg.micro_batch_size, _max_cells(cfg),
                                                 lambda i: len(samples[i].prompt_ids) + len(samples[i].completion_ids))]
    else:
        plan = []
    ref_by_index: dict[int, torch.Tensor] = {}
    for shared, idx in plan:
        if shared:
            logp = policy.ref_group_log_probs(samples[idx[0]].prompt_ids, [samples[i].completion_ids for i in idx],
                                              temperature=cfg.temperature)
            for row, i in enumerate(idx):
                ref_by_index[i] = logp[row, : len(samples[i].completion_ids)].float().cpu()
        else:
            batch = _collate(policy, samples, idx)
            lengths = batch.completion_mask.sum(-1).tolist()
            if old_here:
                logp, _ = policy.log_probs(batch, temperature=cfg.temperature)
                old.extend(logp[i, : int(n)].float().cpu() for i, n in enumerate(lengths))
            if need_ref:
                logp = policy.ref_log_probs(batch, temperature=cfg.temperature)
                for row, (i, n) in enumerate(zip(idx, lengths)):
                    ref_by_index[i] = logp[row, : int(n)].float().cpu()
        if progress is not None:
            progress.update(len(idx))
    scored.old_logp = old if need_old else None
    scored.ref_logp = [ref_by_index[i] for i in order] if need_ref else None
    scored.values = values if need_values else None
    return scored


def _old_log_probs_and_values(policy: Policy, samples: Sequence[Sample], cfg, progress=None):
    """pi_old's log-probs and V_old per sample, planned as the update plans its micro-batches (a
    prompt shared by several samples runs once), so that on-policy the update recomputes what was
    scored here by the same arithmetic. Padded only under DDP, where the forward counts of all
    processes must match."""
    share = cfg.shared_prompt_forward and not (torch.distributed.is_available() and torch.distributed.is_initialized()
                                               and torch.distributed.get_world_size() > 1)
    old: list[torch.Tensor | None] = [None] * len(samples)
    values: list[torch.Tensor | None] = [None] * len(samples)
    for shared, idx in plan_micro_batches(samples, range(len(samples)), cfg.micro_batch_size, share, _max_cells(cfg)):
        logp, _, value = _log_probs_and_values(policy, samples, idx, shared, cfg.temperature, False)
        for j, i in enumerate(idx):
            n = len(samples[i].completion_ids)
            old[i], values[i] = logp[j, :n].float().cpu(), value[j, :n].float().cpu()
        if progress is not None:
            progress.update(len(idx))
    return old, values


def compute_advantages(samples: Sequence[Sample], scored: Scored | None, cfg) -> torch.Tensor:
    """Token advantages [N, T] (0 on padding) from the samples' rewards, per ``cfg.estimator``.

    * ``trr++``: one baseline per (task type, role) group (AZR Eq. 8);
    * ``reinforce++``: one baseline over the whole batch (REINFORCE++);
    * ``grpo``: one baseline per ``prompt_key`` group (GRPO); samples without a key fall back to
      their (task type, role) group, so a proposer is judged against the batch of its role;
    * ``ppo``: GAE(``gamma``, ``gae_lambda``) on the critic's old values (``scored.values``),
      whitened when ``whiten_advantages``; the value targets go into ``scored.returns``.

    With ``kl_in_reward`` the penalty -beta * KL_t (estimator ``cfg.kl_estimator`` on the old
    and reference log-probs) is folded into the token rewards before the baselines are taken.

    A sample with its own ``advantage`` (a game that computes them, as LSP does) keeps it on
    every token; the estimator runs on the other samples only.
    """
    mask = _mask(samples)
    given = [i for i, s in enumerate(samples) if s.advantage is not None]
    if not given:
        return _estimated_advantages(samples, scored, cfg, mask)
    if cfg.kl_coef > 0 and cfg.kl_in_reward:
        raise ValueError("samples with their own advantage cannot take the KL as a reward penalty; "
                         "set kl_in_reward=False (the KL is then a loss term)")
    if cfg.estimator == "ppo":
        raise ValueError("estimator 'ppo' computes every advantage from the critic; samples with their own "
                         "advantage need another estimator")
    advantages = torch.zeros(mask.shape)
    advantages[given] = torch.tensor([[float(samples[i].advantage)] for i in given]) * mask[given]
    rest = [i for i in range(len(samples)) if samples[i].advantage is None]
    if rest:
        sub_scored = None if scored is None else _scored_subset(scored, rest)
        estimated = _estimated_advantages([samples[i] for i in rest], sub_scored, cfg, mask[rest])
        advantages[rest, : estimated.shape[1]] = estimated
    return advantages


def _scored_subset(scored: Scored, rows: Sequence[int]) -> Scored:
    pick = (lambda values: None if values is None else [values[i] for i in rows])
    return Scored(old_logp=pick(scored.old_logp), ref_logp=pick(scored.ref_logp), stats=scored.stats,
                  values=pick(scored.values))


def _estimated_advantages(samples: Sequence[Sample], scored: Scored | None, cfg, mask: torch.Tensor) -> torch.Tensor:
    rewards = torch.tensor([float(s.reward) for s in samples])
    kl = None
    if cfg.kl_coef > 0 and cfg.kl_in_reward:
        width = mask.shape[1]
        kl = kl_estimate(_pad(scored.old_logp, width), _pad(scored.ref_logp, width), cfg.kl_estimator) * mask
    if cfg.estimator == "trr++":
        return trr_pp_advantages(rewards, mask, [s.group for s in samples], kl, cfg.kl_coef, cfg.gamma)
    if cfg.estimator == "reinforce++":
        return reinforce_pp_advantages(rewards, mask, kl, cfg.kl_coef, cfg.gamma)
    if cfg.estimator == "grpo":
        keys = [("prompt", s.prompt_key) if s.prompt_key is not None else ("group",) + tuple(s.group) for s in samples]
        if kl is not None:  # GRPO proper has no reward penalty; subtract the sequence's summed KL
            rewards = rewards - cfg.kl_coef * kl.sum(-1)
        return grpo_advantages(rewards, keys, scale_std=cfg.grpo_scale_std).unsqueeze(-1) * mask
    if cfg.estimator == "ppo":
        return _gae_advantages(rewards, mask, kl, scored, cfg)
    raise ValueError(f"unknown estimator {cfg.estimator!r}")


def _gae_advantages(rewards, mask, kl, scored: Scored | None, cfg) -> torch.Tensor:
    if scored is None or scored.values is None:
        raise ValueError("estimator 'ppo' needs the critic's values: score_samples with a policy that has a critic "
                         "(agents.critic.build_critic)")
    values = _pad(scored.values, mask.shape[1])
    advantages, scored.returns = gae_advantages(rewards, values, mask, kl, cfg.kl_coef, cfg.gamma, cfg.gae_lambda,
                                                whiten=cfg.whiten_advantages)
    return advantages


class _Stats:
    """Running means of the update's statistics (each recorded once per micro-batch or step)."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def record(self, name: str, value) -> None:
        self.totals[name] = self.totals.get(name, 0.0) + float(value)
        self.counts[name] = self.counts.get(name, 0) + 1

    def means(self) -> dict[str, float]:
        return {name: self.totals[name] / self.counts[name] for name in self.totals}


@dataclass
class _MiniBatch:
    """What every micro-batch of one mini-batch shares: the loss's denominators (those of the whole
    mini-batch, so that accumulating micro-batch gradients gives exactly the mini-batch's)."""

    n_tokens: float
    n_sequences: float


def ppo_update(policy: Policy, optimizer, samples: Sequence[Sample], advantages: torch.Tensor, scored: Scored | None,
               cfg, accelerator=None, progress=None) -> dict[str, float]:
    """``cfg.ppo_epochs`` passes over the samples, each in ``cfg.num_mini_batches`` optimizer steps,
    each accumulated over micro-batches of ``cfg.micro_batch_size``; grad norm clipped to
    ``cfg.max_grad_norm``. Returns averaged statistics."""
    policy.model.train()
    critic = _critic_in_use(policy, scored, cfg)
    n = len(samples)
    mask_all = _mask(samples)
    stats = _Stats()
    live = _live_samples(advantages, mask_all, cfg, critic, accelerator)
    # Under DDP every forward syncs, so the two-forward shared-prompt pass is single-process only.
    share_prompts = cfg.shared_prompt_forward and (accelerator is None or accelerator.num_processes == 1)
    mini_size = math.ceil(n / cfg.num_mini_batches)
    for _ in range(cfg.ppo_epochs):
        order = torch.randperm(n).tolist() if (cfg.ppo_epochs > 1 or cfg.num_mini_batches > 1) else list(range(n))
        for mini in _micro_batches(order, mini_size):
            if progress is not None:
                progress.update(sum(1 for i in mini if not live[i]))
            micros = plan_micro_batches(samples, [i for i in mini if live[i]], cfg.micro_batch_size, share_prompts,
                                        _max_cells(cfg))
            if not micros:  # nothing to learn from in this mini-batch
                stats.record("grad_norm", 0.0)
                continue
            batch = _MiniBatch(n_tokens=max(float(mask_all[mini].sum()), 1.0), n_sequences=float(len(mini)))
            for k, (shared, idx) in enumerate(micros):
                last = k == len(micros) - 1 or accelerator is None
                # Gradients are synchronised across processes on the last micro-batch only.
                with contextlib.nullcontext() if last else _no_sync(accelerator, [policy.model, critic]):
                    loss = micro_batch_loss(policy, critic, samples, idx, shared, advantages, scored, cfg, batch, stats)
                    if accelerator is not None:
                        accelerator.backward(loss)
                    else:
                        loss.backward()
                if progress is not None:
                    progress.update(len(idx))
            optimizer_step(policy, optimizer, critic, cfg, accelerator, stats)
    result = stats.means()
    if critic is not None:
        result.update(value_stats(samples, scored))
    return result


def _live_samples(advantages: torch.Tensor, mask_all: torch.Tensor, cfg, critic, accelerator) -> torch.Tensor:
    """The samples the update must run. One whose advantages are all 0 adds nothing to the
    surrogate; when no other term (entropy, KL loss, the critic's value loss) needs it, its
    forward/backward is skipped. Its tokens still count in the loss's denominator, so the gradient
    is exactly that of the full batch. (Not under DDP: every process must run as many backwards.)"""
    use_kl_loss = cfg.kl_coef > 0 and not cfg.kl_in_reward
    can_skip = (cfg.entropy_coef == 0 and not use_kl_loss and critic is None
                and (accelerator is None or accelerator.num_processes == 1))
    if not can_skip:
        return torch.ones(advantages.shape[0], dtype=torch.bool)
    return (advantages[:, : mask_all.shape[1]] != 0).any(-1)


def micro_batch_loss(policy: Policy, critic, samples: Sequence[Sample], idx: Sequence[int], shared: bool,
                     advantages: torch.Tensor, scored: Scored | None, cfg, batch: _MiniBatch,
                     stats: _Stats) -> torch.Tensor:
    """One micro-batch's share of the mini-batch loss (module doc): the clipped surrogate (PPO Eq. 7),
    plus beta KL_t (a loss term unless it was a reward penalty), minus c_H H_t, plus c_V times the
    clipped value loss with a critic; aggregated per ``cfg.loss_aggregation`` with the
    mini-batch's denominators. Records its statistics in ``stats``."""
    mask = _mask([samples[i] for i in idx]).to(policy.device)
    width = mask.shape[1]
    adv = advantages[idx][:, :width].to(policy.device)
    if adv.shape[1] < width:
        adv = torch.nn.functional.pad(adv, (0, width - adv.shape[1]))
    values = None
    if critic is not None:  # the same forward, plus V(s_t) from the critic
        logp, entropy, values = _log_probs_and_values(policy, samples, idx, shared, cfg.temperature,
                                                      cfg.entropy_coef > 0)
    elif shared:  # one prompt, its completions on top of its repeated KV cache
        logp, entropy, _ = policy.group_log_probs(
            samples[idx[0]].prompt_ids, [samples[i].completion_ids for i in idx],
            temperature=cfg.temperature, with_entropy=True)
    else:
        logp, entropy = policy.log_probs(_collate(policy, samples, idx), temperature=cfg.temperature,
                                         with_entropy=True)
    old = logp.detach() if is_on_policy(cfg) else _pad([scored.old_logp[i] for i in idx], width).to(logp.device)
    pg, clipped = ppo_clip_loss(logp, old, adv, cfg.clip_low, cfg.clip_high)
    token_loss = pg
    if cfg.kl_coef > 0:
        ref = _pad([scored.ref_logp[i] for i in idx], width).to(logp.device)
        kl = kl_estimate(logp, ref, cfg.kl_estimator)
        if not cfg.kl_in_reward:
            token_loss = token_loss + cfg.kl_coef * kl
        stats.record("kl_ref", masked_mean(kl.detach(), mask))
    if entropy is not None:
        if cfg.entropy_coef > 0:
            token_loss = token_loss - cfg.entropy_coef * entropy
        stats.record("entropy", masked_mean(entropy.detach(), mask))
    if values is not None:
        old_values = _pad([scored.values[i] for i in idx], width).to(values.device)
        returns = scored.returns[idx][:, :width].to(values.device)
        value_loss, value_clipped = clipped_value_loss(values, old_values, returns, cfg.value_clip)
        token_loss = token_loss + cfg.vf_coef * value_loss
        stats.record("value_loss", masked_mean(value_loss.detach(), mask))
        stats.record("value_clip_frac", masked_mean(value_clipped.float(), mask))
    per_sequence = cfg.loss_aggregation == "sequence-mean"
    if per_sequence:
        loss = ((token_loss * mask).sum(-1) / mask.sum(-1).clamp(min=1)).sum() / batch.n_sequences
    else:
        loss = (token_loss * mask).sum() / batch.n_tokens
    # Logged as the micro-batch's own mean, whatever its share of the mini-batch.
    stats.record("loss", loss.detach() * (batch.n_sequences / len(idx) if per_sequence
                                          else batch.n_tokens / max(float(mask.sum()), 1.0)))
    stats.record("pg_loss", masked_mean(pg.detach(), mask))
    stats.record("clip_frac", masked_mean(clipped.float(), mask))
    stats.record("approx_kl_old", masked_mean(kl_estimate(logp.detach(), old, "k3"), mask))
    return loss


def optimizer_step(policy: Policy, optimizer, critic, cfg, accelerator, stats: _Stats) -> None:
    """Clip the accumulated gradients to ``cfg.max_grad_norm`` (the policy's and, separately, a
    separate critic's), step, and clear them."""
    groups = clip_groups(policy) if critic is not None else [("grad_norm", _trainable(policy.model))]
    for name, params in groups:
        if accelerator is not None:
            grad_norm = accelerator.clip_grad_norm_(params, cfg.max_grad_norm)
        else:
            grad_norm = torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm)
        stats.record(name, grad_norm)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)


def _trainable(model) -> list[torch.nn.Parameter]:
    return [p for p in model.parameters() if p.requires_grad]


def _critic_in_use(policy: Policy, scored: Scored | None, cfg):
    if not uses_critic(cfg):
        return None
    if policy.critic is None:
        raise ValueError("estimator 'ppo' trains a critic, and this policy has none (agents.critic.build_critic)")
    if scored is None or scored.values is None or scored.returns is None:
        raise ValueError("estimator 'ppo' needs score_samples' values and compute_advantages' returns in `scored`")
    policy.critic.train()
    return policy.critic


def _no_sync(accelerator, models):
    """Gradient accumulation under DDP: no all-reduce until the last micro-batch, for every model."""
    stack = contextlib.ExitStack()
    if accelerator is not None:
        for model in models:
            if model is not None:
                stack.enter_context(accelerator.no_sync(model))
    return stack


def _log_probs_and_values(policy: Policy, samples: Sequence[Sample], idx: Sequence[int], shared: bool,
                          temperature: float, with_entropy: bool):
    roles = [_role(samples[i]) for i in idx]
    if shared:
        logp, entropy, _, values = policy.group_log_probs_and_values(
            samples[idx[0]].prompt_ids, [samples[i].completion_ids for i in idx], roles,
            temperature=temperature, with_entropy=with_entropy)
    else:
        logp, entropy, values = policy.log_probs_and_values(_collate(policy, samples, idx), roles,
                                                            temperature=temperature, with_entropy=with_entropy)
    return logp, entropy, values


def value_stats(samples: Sequence[Sample], scored: Scored) -> dict[str, float]:
    """How well the critic (before this update) predicted the value targets: the value loss's
    companions in metrics.jsonl. ``value_mean``, ``return_mean`` and ``explained_variance``
    over all valid tokens, and the last two per role as well (``value_mean/solver``...)."""
    mask = _mask(samples)
    values = _pad(scored.values, mask.shape[1])
    returns = scored.returns[:, : mask.shape[1]]
    stats = {"value_mean": float(masked_mean(values, mask)), "return_mean": float(masked_mean(returns, mask)),
             "explained_variance": explained_variance(values, returns, mask)}
    roles = [_role(s) for s in samples]
    for role in sorted(set(roles)):
        rows = torch.tensor([r == role for r in roles])
        stats[f"value_mean/{role}"] = float(masked_mean(values[rows], mask[rows]))
        stats[f"explained_variance/{role}"] = explained_variance(values[rows], returns[rows], mask[rows])
    return stats
