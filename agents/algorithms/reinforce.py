"""REINFORCE++ (Hu 2025, arXiv:2501.03262) and TRR++, Absolute Zero's task-relative variant
(Zhao et al. 2025, arXiv:2505.03335, Eq. 8).

REINFORCE++ has no critic. With a sequence reward r(x, y) and an optional per-token KL estimate:

    r_t = 1[t = T] * r(x, y) - beta * KL_t                          (token reward)
    G_t = sum_{i >= t} gamma^(i - t) * r_i                           (discounted return, gamma = 1)
    A_t = (G_t - mean(G)) / std(G)     over all valid tokens of the batch   (global whitening)

TRR++ replaces the single batch baseline by one per (task type x role) group, i.e. 6 baselines for
3 task types x {propose, solve}:

    A = (r - mu_{task,role}) / sigma_{task,role}                     (AZR Eq. 8)

over the sequences of each group. When a KL penalty is folded into the reward, the returns differ
token by token and the same statistics are taken over the valid tokens of each group instead.
"""
from __future__ import annotations

import torch

from agents.algorithms.stats import group_normalize, masked_whiten


def token_rewards(seq_rewards: torch.Tensor, mask: torch.Tensor, kl: torch.Tensor | None = None,
                  kl_coef: float = 0.0) -> torch.Tensor:
    """r_t = 1[t = last valid token] * r - beta * KL_t, shape [B, T] (0 on padding).

    ``mask`` must mark a non-empty run of valid tokens per row that starts at 0 (right padding).
    """
    mask = mask.to(seq_rewards.dtype)
    last = (mask.sum(-1).long() - 1).clamp(min=0)
    rewards = torch.zeros_like(mask)
    rewards[torch.arange(mask.shape[0], device=mask.device), last] = seq_rewards
    if kl is not None and kl_coef:
        rewards = rewards - kl_coef * kl * mask
    return rewards * mask


def discounted_returns(rewards: torch.Tensor, mask: torch.Tensor, gamma: float = 1.0) -> torch.Tensor:
    """G_t = r_t + gamma * G_{t+1}, computed right to left; 0 on padding."""
    returns = torch.zeros_like(rewards)
    running = torch.zeros(rewards.shape[0], dtype=rewards.dtype, device=rewards.device)
    mask = mask.to(rewards.dtype)
    for t in reversed(range(rewards.shape[1])):
        running = rewards[:, t] + gamma * running * mask[:, t]  # padding never carries return back
        returns[:, t] = running * mask[:, t]
    return returns


def reinforce_pp_advantages(seq_rewards: torch.Tensor, mask: torch.Tensor, kl: torch.Tensor | None = None,
                            kl_coef: float = 0.0, gamma: float = 1.0, eps: float = 1e-6) -> torch.Tensor:
    """REINFORCE++ token advantages [B, T]: returns of the token rewards, whitened over the batch."""
    returns = discounted_returns(token_rewards(seq_rewards, mask, kl, kl_coef), mask, gamma)
    return masked_whiten(returns, mask, eps=eps)


def trr_pp_advantages(seq_rewards: torch.Tensor, mask: torch.Tensor, groups, kl: torch.Tensor | None = None,
                      kl_coef: float = 0.0, gamma: float = 1.0, eps: float = 1e-6) -> torch.Tensor:
    """TRR++ token advantages [B, T]: REINFORCE++ with one mean/std baseline per group key.

    ``groups`` holds one key per row, e.g. ``("deduction", "propose")``. Without a KL penalty (and
    gamma = 1) the return of every token is the sequence reward, so Eq. 8 is applied to the rewards
    of the sequences (each sequence counts once, whatever its length) and broadcast over its tokens.
    """
    mask_f = mask.to(seq_rewards.dtype)
    if (kl is None or not kl_coef) and gamma == 1.0:
        return group_normalize(seq_rewards, groups, eps=eps).unsqueeze(-1) * mask_f
    returns = discounted_returns(token_rewards(seq_rewards, mask, kl, kl_coef), mask, gamma)
    return group_normalize(returns, groups, mask_f, eps=eps)
