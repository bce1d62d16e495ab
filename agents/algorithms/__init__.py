"""Policy-gradient pieces as pure torch functions on tensors (no environment, no model).

* ``stats``: masked mean / variance / whitening and per-group normalisation.
* ``reinforce``: REINFORCE++ (token rewards, discounted returns, batch whitening) and TRR++.
* ``baselines``: GRPO-style per-prompt-group baselines and the LSP batch baseline.
* ``ppo``: the clipped surrogate (symmetric or asymmetric) and the entropy of a categorical.
* ``kl``: the k1/k2/k3 estimators of KL(pi || pi_ref), as a reward penalty or a loss.
* ``gae``: PPO with a critic: GAE(gamma, lambda) advantages and value targets, the clipped value
  loss, explained variance.
"""
from agents.algorithms.baselines import batch_baseline_advantages, grpo_advantages
from agents.algorithms.gae import clipped_value_loss, explained_variance, gae, gae_advantages
from agents.algorithms.kl import kl_estimate
from agents.algorithms.ppo import entropy_from_logits, ppo_clip_loss
from agents.algorithms.reinforce import (
    discounted_returns,
    reinforce_pp_advantages,
    token_rewards,
    trr_pp_advantages,
)
from agents.algorithms.stats import group_normalize, masked_mean, masked_var, masked_whiten

__all__ = [
    "batch_baseline_advantages", "clipped_value_loss", "discounted_returns", "entropy_from_logits",
    "explained_variance", "gae", "gae_advantages", "grpo_advantages",
    "group_normalize", "kl_estimate", "masked_mean", "masked_var", "masked_whiten", "ppo_clip_loss",
    "reinforce_pp_advantages", "token_rewards", "trr_pp_advantages",
]
