"""Masked statistics shared by every advantage estimator.

One convention throughout: the spread is the *unbiased* (Bessel-corrected) standard deviation, as
``torch.std`` and TRL/verl compute it, and normalisation is ``(x - mean) / (std + eps)``. A group
with no spread (one element, or all equal) normalises to 0: its own baseline cancels it.
"""
from __future__ import annotations

from typing import Hashable, Sequence

import torch


def masked_mean(x: torch.Tensor, mask: torch.Tensor, dim=None) -> torch.Tensor:
    """Mean of ``x`` over the positions where ``mask`` is 1 (0 when the mask is empty)."""
    mask = mask.to(x.dtype)
    total = (x * mask).sum() if dim is None else (x * mask).sum(dim)
    count = mask.sum() if dim is None else mask.sum(dim)
    return total / count.clamp(min=1)


def masked_var(x: torch.Tensor, mask: torch.Tensor, unbiased: bool = True) -> torch.Tensor:
    """Variance of the masked entries of ``x``; 0 when fewer than two entries (one when biased)."""
    mask = mask.to(x.dtype)
    n = mask.sum()
    mean = masked_mean(x, mask)
    sq = (((x - mean) ** 2) * mask).sum()
    denom = n - 1 if unbiased else n
    return sq / denom if denom > 0 else torch.zeros((), dtype=x.dtype, device=x.device)


def masked_whiten(x: torch.Tensor, mask: torch.Tensor, eps: float = 1e-6, shift_mean: bool = True) -> torch.Tensor:
    """(x - mean) / (std + eps) over the masked entries; masked-out entries come back as 0."""
    mean = masked_mean(x, mask)
    centred = x - mean if shift_mean else x
    return _scale(centred, masked_var(x, mask).sqrt(), eps) * mask.to(x.dtype)


def _scale(centred: torch.Tensor, std: torch.Tensor, eps: float) -> torch.Tensor:
    # No spread means every value equals the mean: the advantage is 0, whatever eps is.
    return centred / (std + eps) if std > 0 else torch.zeros_like(centred)


def group_ids_tensor(groups: Sequence[Hashable] | torch.Tensor, device=None) -> torch.Tensor:
    """Map arbitrary hashable group keys (e.g. ("deduction", "solve")) to 0..G-1, in first-seen order."""
    if isinstance(groups, torch.Tensor):
        return groups.to(device=device, dtype=torch.long)
    index: dict[Hashable, int] = {}
    return torch.tensor([index.setdefault(g, len(index)) for g in groups], dtype=torch.long, device=device)


def group_normalize(x: torch.Tensor, groups, mask: torch.Tensor | None = None, *, scale_std: bool = True,
                    eps: float = 1e-6) -> torch.Tensor:
    """Normalise ``x`` within each group: (x - mean_g) / (std_g + eps), or x - mean_g without scaling.

    ``x`` is either one value per row ([B], statistics over rows) or per token ([B, T] with ``mask``,
    statistics over the valid tokens of the group's rows). ``groups`` has one key per row.
    """
    ids = group_ids_tensor(groups, device=x.device)
    if mask is None:
        mask = torch.ones_like(x)
    out = torch.zeros_like(x)
    for g in ids.unique():
        rows = ids == g
        xg, mg = x[rows], mask[rows]
        mean = masked_mean(xg, mg)
        centred = xg - mean
        if scale_std:
            centred = _scale(centred, masked_var(xg, mg).sqrt(), eps)
        out[rows] = centred * mg.to(x.dtype)
    return out
