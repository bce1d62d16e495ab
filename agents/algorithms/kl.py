"""Estimators of KL(pi || pi_ref) from samples of pi (Schulman 2020, "Approximating KL Divergence").

With r = pi_ref(a) / pi(a) for a ~ pi, i.e. log r = ref_logp - logp:

    k1 = -log r                       unbiased, high variance, can be negative
    k2 = (log r)^2 / 2                biased, low variance
    k3 = (r - 1) - log r              unbiased, low variance, always >= 0 (GRPO's KL loss)

Used as a reward penalty (``token_rewards(..., kl, beta)``, detached) or added to the loss (with
gradient through ``logp``). The log ratio is clamped to [-20, 20] before ``exp`` to avoid overflow.
"""
from __future__ import annotations

import torch

KL_ESTIMATORS = ("k1", "k2", "k3")


def kl_estimate(logp: torch.Tensor, ref_logp: torch.Tensor, kind: str = "k3") -> torch.Tensor:
    """Per-token estimate of KL(pi || pi_ref) with estimator ``kind`` in {"k1", "k2", "k3"}."""
    log_r = ref_logp - logp
    if kind == "k1":
        return -log_r
    if kind == "k2":
        return 0.5 * log_r ** 2
    if kind == "k3":
        log_r = log_r.clamp(-20.0, 20.0)
        return torch.exp(log_r) - 1.0 - log_r
    raise ValueError(f"unknown KL estimator {kind!r}; choose one of {KL_ESTIMATORS}")
