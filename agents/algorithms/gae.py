"""PPO with a learned critic: GAE advantages, value targets, the clipped value loss.

Generalized Advantage Estimation (Schulman et al. 2016, arXiv:1506.02438, Eq. 11-16), per token of
a completion, with the state s_t = (prompt, y_<t) and V_t = V(s_t) from the critic:

    r_t     = 1[t = T] * r(x, y) - beta * KL_t                 (token reward, as REINFORCE++'s)
    delta_t = r_t + gamma * V_{t+1} - V_t,   V_{T+1} = 0        (TD residual, Eq. 11; the episode ends at T)
    A_t     = delta_t + gamma * lambda * A_{t+1}                (GAE(gamma, lambda), Eq. 16)
    R_t     = A_t + V_t                                         (the value target: the lambda-return)

lambda = 1 gives the Monte Carlo advantage G_t - V_t; lambda = 0 the one-step TD residual. The
advantages are then whitened over all valid tokens of the batch, as TRL, OpenRLHF and veRL do;
the targets R_t are taken before whitening.

The critic's loss is PPO's clipped value loss (as in OpenAI baselines' ppo2, TRL, OpenRLHF, veRL):

    V_clip = V_old + clip(V - V_old, -eps_v, eps_v)
    L^V_t  = 1/2 * max((V - R_t)^2, (V_clip - R_t)^2)

and the quality of its predictions is the explained variance 1 - Var(R - V) / Var(R) over valid
tokens: 1 for a perfect critic, 0 for one that predicts the mean, negative for one worse than that.
"""
from __future__ import annotations

import torch

from agents.algorithms.reinforce import token_rewards
from agents.algorithms.stats import masked_mean, masked_var, masked_whiten


def gae(rewards: torch.Tensor, values: torch.Tensor, mask: torch.Tensor, gamma: float = 1.0,
        lam: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """GAE advantages A_t and value targets R_t = A_t + V_t, both [B, T] and 0 on padding.

    ``mask`` marks a run of valid tokens per row starting at 0 (right padding); the value after
    a row's last valid token is 0 (the episode is over), whatever ``values`` holds there.
    """
    mask = mask.to(values.dtype)
    values = values * mask
    advantages = torch.zeros_like(values)
    running = torch.zeros(values.shape[0], dtype=values.dtype, device=values.device)
    next_value = torch.zeros_like(running)
    for t in reversed(range(values.shape[1])):
        delta = rewards[:, t] + gamma * next_value - values[:, t]  # Eq. 11
        running = (delta + gamma * lam * running) * mask[:, t]  # Eq. 16; padding carries nothing back
        advantages[:, t] = running
        next_value = values[:, t]
    return advantages, (advantages + values) * mask


def gae_advantages(seq_rewards: torch.Tensor, values: torch.Tensor, mask: torch.Tensor, kl: torch.Tensor | None = None,
                   kl_coef: float = 0.0, gamma: float = 1.0, lam: float = 1.0, whiten: bool = True,
                   eps: float = 1e-6) -> tuple[torch.Tensor, torch.Tensor]:
    """PPO's token advantages and value targets from sequence rewards and the critic's values.

    The reward sits on the last valid token, minus ``kl_coef * kl`` on every token when given
    (``token_rewards``); GAE(``gamma``, ``lam``); the advantages whitened over all valid tokens of
    the batch when ``whiten``. Returns ``(advantages, returns)``, each [B, T], 0 on padding.
    """
    rewards = token_rewards(seq_rewards.to(values.dtype), mask, kl, kl_coef)
    advantages, returns = gae(rewards, values, mask, gamma, lam)
    if whiten:
        advantages = masked_whiten(advantages, mask, eps=eps)
    return advantages, returns


def clipped_value_loss(values: torch.Tensor, old_values: torch.Tensor, returns: torch.Tensor,
                       clip_range: float | None = 0.5) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-token 1/2 max((V - R)^2, (V_clip - R)^2), and a bool tensor marking where the clipped
    term was the larger one. ``clip_range=None`` is the plain squared error 1/2 (V - R)^2."""
    unclipped = (values - returns) ** 2
    if clip_range is None:
        return 0.5 * unclipped, torch.zeros_like(unclipped, dtype=torch.bool)
    clipped_values = old_values + (values - old_values).clamp(-clip_range, clip_range)
    clipped = (clipped_values - returns) ** 2
    return 0.5 * torch.maximum(unclipped, clipped), clipped > unclipped


def explained_variance(values: torch.Tensor, returns: torch.Tensor, mask: torch.Tensor,
                       rel_tol: float = 1e-10) -> float:
    """1 - Var(R - V) / Var(R) over the valid tokens; NaN when the targets do not vary.

    R = A + V carries float rounding, so targets that are equal in exact arithmetic (every reward
    -1, say) still have a variance of about 1e-15; below ``rel_tol`` times their mean square they
    count as not varying, instead of dividing by rounding noise."""
    var_returns = masked_var(returns, mask)
    if not var_returns > rel_tol * masked_mean(returns ** 2, mask):
        return float("nan")
    return float(1.0 - masked_var(returns - values, mask) / var_returns)


def value_mean(values: torch.Tensor, mask: torch.Tensor) -> float:
    return float(masked_mean(values, mask))
