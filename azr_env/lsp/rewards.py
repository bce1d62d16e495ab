"""Rewards and advantages of Language Self-Play, in numpy (Kuba et al. 2025, "Language
Self-Play For Data-Free Training", section 3).

One step plays N queries q_i, each answered G times (a_i^1 .. a_i^G). With R the task reward,
R_Q the quality self-reward (LSP only; already on the 0..1 scale) and lambda its weight:

    solver reward       r_ij   = R(q_i, a_ij) + lambda R_Q(q_i, a_ij)            (LSP-Zero: R)
    value               V(q_i) = mean_j R(q_i, a_ij)
    quality value       V_Q(q_i) = mean_j lambda R_Q(q_i, a_ij)                  (LSP-Zero: 0)
    solver advantage    A_sol_ij = r_ij - mean_j r_ij           [/ (std_j r_ij + eps), option]
    challenger reward   r_ch_i = -V(q_i) + V_Q(q_i)
    challenger advantage A_ch_i = r_ch_i - mean_i r_ch_i        [/ (std_i r_ch_i + eps), option]

For LSP-Zero A_ch_i = V_bar - V(q_i), the paper's form. With the self-reward the quality term
enters the challenger's reward before the baseline is taken, so A_ch_i = (V_bar - V(q_i)) +
(V_Q(q_i) - mean V_Q). The solver's baseline is the mean of its own total reward over the G
answers, so R_Q moves the solver's advantage too.

    >>> import numpy as np
    >>> out = lsp_advantages(np.array([[1.0, 0.0], [0.5, 0.0]]))
    >>> out.values.tolist(), out.challenger_advantages.tolist()
    ([0.5, 0.25], [-0.125, 0.125])
    >>> out.solver_advantages.tolist()
    [[0.5, -0.5], [0.25, -0.25]]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _as_groups(x, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have shape (N queries, G answers), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} holds a non-finite value")
    return arr


def centred(x: np.ndarray, axis: int, scale_by_std: bool = False, eps: float = 1e-6) -> np.ndarray:
    """x minus its mean along ``axis``; divided by the std + eps on request.

    The std is the unbiased (Bessel-corrected) one, the convention of ``agents.algorithms.stats``
    (and of torch, TRL and verl); a group of one has no spread, and its centred value is 0 anyway.
    """
    out = x - x.mean(axis=axis, keepdims=True)
    if scale_by_std:
        n = x.shape[axis]
        std = x.std(axis=axis, keepdims=True, ddof=1) if n > 1 else np.zeros_like(out)
        out = out / (std + eps)
    return out


@dataclass(frozen=True)
class LSPAdvantages:
    """Everything one LSP step derives from its rewards; arrays are float64."""

    task_rewards: np.ndarray  # R, (N, G)
    quality: np.ndarray | None  # lambda R_Q, (N, G); None for LSP-Zero
    solver_rewards: np.ndarray  # r = R + lambda R_Q, (N, G)
    values: np.ndarray  # V(q), (N,)
    quality_values: np.ndarray  # V_Q(q), (N,); zeros for LSP-Zero
    challenger_rewards: np.ndarray  # -V(q) + V_Q(q), (N,)
    solver_advantages: np.ndarray  # (N, G)
    challenger_advantages: np.ndarray  # (N,)


def lsp_advantages(
    task_rewards,
    quality=None,
    *,
    quality_weight: float = 1.0,
    solver_scale_by_std: bool = False,
    challenger_scale_by_std: bool = False,
    eps: float = 1e-6,
) -> LSPAdvantages:
    """Advantages for one LSP step (LSP-Zero when ``quality`` is None); see the module doc.

    ``task_rewards`` and ``quality`` are (N, G) arrays: row i holds the G answers to query i.
    """
    R = _as_groups(task_rewards, "task_rewards")
    RQ = None
    if quality is not None:
        RQ = quality_weight * _as_groups(quality, "quality")
        if RQ.shape != R.shape:
            raise ValueError(f"quality has shape {RQ.shape}, task_rewards {R.shape}")
    r = R if RQ is None else R + RQ  # solver reward
    V = R.mean(axis=1)  # V(q_i) = mean_j R(q_i, a_ij)
    VQ = np.zeros_like(V) if RQ is None else RQ.mean(axis=1)  # V_Q(q_i)
    r_ch = -V + VQ  # challenger reward, before any baseline
    return LSPAdvantages(
        task_rewards=R,
        quality=RQ,
        solver_rewards=r,
        values=V,
        quality_values=VQ,
        challenger_rewards=r_ch,
        solver_advantages=centred(r, axis=1, scale_by_std=solver_scale_by_std, eps=eps),
        challenger_advantages=centred(r_ch, axis=0, scale_by_std=challenger_scale_by_std, eps=eps),
    )


def episode_rewards(task_rewards, quality=None, quality_weight: float = 1.0) -> tuple[list[float], float]:
    """The rewards one episode (one query, its G answers) pays, before any baseline.

    Returns the solver's reward for each answer and the challenger's reward -V(q) + V_Q(q).
    This is what the environments hand out; the baselines need the whole batch of queries
    and are the trainer's business (:func:`lsp_advantages`).
    """
    out = lsp_advantages([task_rewards], None if quality is None else [quality], quality_weight=quality_weight)
    return out.solver_rewards[0].tolist(), float(out.challenger_rewards[0])
