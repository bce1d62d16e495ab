"""Per-step numbers that show how an LSP run is going, and the collapse detector.

The challenger's failure mode is collapse: it finds one query the solver handles badly and
repeats it, or drifts into gibberish. :func:`ngram_diversity` over a step's queries falls
towards 0 when the queries repeat each other; the query length and the spread of V(q) tell
the rest.

    >>> ngram_diversity(["a b c", "a b c"], n=2)
    0.5
    >>> ngram_diversity(["a b c", "c d e"], n=2)
    1.0
"""
from __future__ import annotations

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


def lsp_step_metrics(queries: Sequence[str], adv: LSPAdvantages, n: int = 2) -> dict[str, float]:
    """The per-step log of an LSP run: rewards of both roles, V(q) spread, R_Q, query shape.

    ``quality_mean`` (the mean of lambda R_Q) is present only when the step had a self-reward,
    so that LSP-Zero logs never show a made-up zero.
    """
    lengths = np.array([len(q) for q in queries], dtype=np.float64)
    words = np.array([len(q.split()) for q in queries], dtype=np.float64)
    metrics = {
        "challenger_reward_mean": float(adv.challenger_rewards.mean()),
        "value_mean": float(adv.values.mean()),
        "value_std": float(adv.values.std()),
        "value_range": float(adv.values.max() - adv.values.min()),
        "task_reward_mean": float(adv.task_rewards.mean()),
        "solver_reward_mean": float(adv.solver_rewards.mean()),
        "solver_reward_std": float(adv.solver_rewards.std()),
        "query_chars_mean": float(lengths.mean()) if len(queries) else 0.0,
        "query_words_mean": float(words.mean()) if len(queries) else 0.0,
        "query_diversity": ngram_diversity(queries, n),
    }
    if adv.quality is not None:
        metrics["quality_mean"] = float(adv.quality.mean())
        metrics["quality_value_std"] = float(adv.quality_values.std())
    return metrics
