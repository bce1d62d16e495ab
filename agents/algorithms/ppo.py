"""The PPO clipped surrogate (Schulman et al. 2017, arXiv:1707.06347, Eq. 7) and the entropy bonus.

    rho_t = pi(a_t | s_t) / pi_old(a_t | s_t)
    L_t   = -min(rho_t * A_t, clip(rho_t, 1 - eps_low, 1 + eps_high) * A_t)

With eps_low == eps_high this is the paper's symmetric clip; DAPO (Yu et al. 2025, arXiv:2503.14476)
raises eps_high alone ("clip-higher", e.g. 0.2 / 0.28) so that unlikely tokens can still grow.
Losses are returned per token; the caller aggregates over valid tokens (see ``agents.trainer``).
"""
from __future__ import annotations

import torch


def ppo_clip_loss(logp: torch.Tensor, old_logp: torch.Tensor, advantages: torch.Tensor,
                  clip_low: float = 0.2, clip_high: float | None = None):
    """Per-token clipped surrogate loss, and a bool tensor marking where the clip was active."""
    clip_high = clip_low if clip_high is None else clip_high
    ratio = torch.exp(logp - old_logp)
    unclipped = -advantages * ratio
    clipped = -advantages * torch.clamp(ratio, 1.0 - clip_low, 1.0 + clip_high)
    return torch.maximum(unclipped, clipped), clipped > unclipped


def entropy_from_logits(logits: torch.Tensor) -> torch.Tensor:
    """H = logsumexp(l) - sum_v softmax(l)_v * l_v, the entropy of each categorical along the last dim."""
    probs = torch.softmax(logits, dim=-1)
    return torch.logsumexp(logits, dim=-1) - (probs * logits).sum(-1)
