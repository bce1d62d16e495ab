"""Per-step numbers that show how an LSP run is going, and the collapse detector.

The challenger's failure mode is collapse: it finds one query the solver handles badly and
repeats it, or drifts into gibberish. :func:`ngram_diversity` over a step's queries falls
towards 0 when the queries repeat each other, :func:`top_share` rises towards 1 when one query
takes over; the query length and the spread of V(q) tell the rest. :func:`distribution_stats`
summarises a step's rewards (the R_Q distribution per step, for one).

    >>> ngram_diversity(["a b c", "a b c"], n=2)
    0.5
    >>> ngram_diversity(["a b c", "c d e"], n=2)
    1.0
    >>> top_share(["Name a prime.", "name a  prime.", "Why?"])
    0.6666666666666666
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np

from azr_env.lsp.rewards import LSPAdvantages


def ngram_diversity(texts: Sequence[str], n: int = 2) -> float:
    """Distinct n-grams over all n-grams of ``texts`` (lower-cased, whitespace tokens).

    1.0 means no n-gram occurs twice anywhere in the batch. A batch with no n-gram at all
    (every text shorter than n words) scores 0.0: empty or one-word queries are collapse too.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    seen: set[tuple[str, ...]] = set()
    total = 0
    for text in texts:
        words = str(text).lower().split()
        for i in range(len(words) - n + 1):
            seen.add(tuple(words[i : i + n]))
            total += 1
    return len(seen) / total if total else 0.0


def top_share(texts: Sequence[str]) -> float:
    """The share of the batch taken by its most common text (case and runs of whitespace ignored); 0 when empty."""
    if not texts:
        return 0.0
    counts = Counter(" ".join(str(t).lower().split()) for t in texts)
    return max(counts.values()) / len(texts)


def distribution_stats(values, prefix: str) -> dict[str, float]:
    """``{prefix}_mean``, ``_std``, ``_min``, ``_p25``, ``_median``, ``_p75``, ``_max`` of ``values`` (none when empty)."""
    x = np.asarray(values, dtype=np.float64).ravel()
    if x.size == 0:
        return {}
    q25, q50, q75 = np.percentile(x, [25, 50, 75])
    return {f"{prefix}_mean": float(x.mean()), f"{prefix}_std": float(x.std()), f"{prefix}_min": float(x.min()),
            f"{prefix}_p25": float(q25), f"{prefix}_median": float(q50), f"{prefix}_p75": float(q75),
            f"{prefix}_max": float(x.max())}


def lsp_step_metrics(queries: Sequence[str], adv: LSPAdvantages, n: int = 2) -> dict[str, float]:
    """The per-step log of an LSP run: rewards of both roles, V(q) spread, R_Q, query shape and diversity.

    ``quality_mean`` (the mean of lambda R_Q) is present only when the step had a self-reward,
    so that LSP-Zero logs never show a made-up zero. Query diversity: ``query_diversity``
    (distinct n-grams, n as given), ``query_distinct_1`` / ``query_distinct_2`` (n = 1, 2)
    and ``query_top_share`` (:func:`top_share`).
    """
    lengths = np.array([len(q) for q in queries], dtype=np.float64)
    words = np.array([len(q.split()) for q in queries], dtype=np.float64)
    metrics = {
        "challenger_reward_mean": float(adv.challenger_rewards.mean()),
        "value_mean": float(adv.values.mean()),
        "value_std": float(adv.values.std()),
        "value_range": float(adv.values.max() - adv.values.min()),
        "task_reward_mean": float(adv.task_rewards.mean()),
        "task_reward_std": float(adv.task_rewards.std()),
        "solver_reward_mean": float(adv.solver_rewards.mean()),
        "solver_reward_std": float(adv.solver_rewards.std()),
        "query_chars_mean": float(lengths.mean()) if len(queries) else 0.0,
        "query_words_mean": float(words.mean()) if len(queries) else 0.0,
        "query_diversity": ngram_diversity(queries, n),
        "query_distinct_1": ngram_diversity(queries, 1),
        "query_distinct_2": ngram_diversity(queries, 2),
        "query_top_share": top_share(queries),
    }
    if adv.quality is not None:
        metrics["quality_mean"] = float(adv.quality.mean())
        metrics["quality_value_std"] = float(adv.quality_values.std())
    return metrics
