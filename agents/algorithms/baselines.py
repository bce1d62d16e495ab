"""Group baselines without a critic.

* GRPO (Shao et al. 2024, arXiv:2402.03300, Sec. 4.1.2): each prompt is sampled G times and every
  answer is compared with its own group,

      A_i = (r_i - mean(r_group)) / std(r_group)        (or r_i - mean(r_group) without std scaling,
                                                          as Dr. GRPO, Liu et al. 2025, recommends)

* LSP batch baseline for a proposer (Kuba et al. 2025, "Language Self-Play"): the challenger's
  advantage is its reward against the mean over the batch of queries, A_ch = V_bar - V(q) for the
  reward -V(q), i.e. ``r - mean(r)`` with no std division.

Both return one advantage per sequence [B]; broadcast it over the sequence's tokens with the mask.
"""
from __future__ import annotations

import torch

from agents.algorithms.stats import group_normalize


def grpo_advantages(rewards: torch.Tensor, groups, *, scale_std: bool = True, eps: float = 1e-6) -> torch.Tensor:
    """Per-prompt-group advantages [B]; ``groups`` has one key per row (the prompt or its id)."""
    return group_normalize(rewards, groups, scale_std=scale_std, eps=eps)


def batch_baseline_advantages(rewards: torch.Tensor, *, scale_std: bool = False, eps: float = 1e-6) -> torch.Tensor:
    """A = r - mean(r) over the whole batch (optionally divided by the batch std)."""
    return group_normalize(rewards, torch.zeros(rewards.shape[0], dtype=torch.long), scale_std=scale_std, eps=eps)
