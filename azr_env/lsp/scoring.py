"""Reward functions for Language Self-Play, as the environments see them: plain callables.

A reward function scores a batch of (query, answer) pairs::

    reward_fn(queries: list[str], answers: list[str]) -> list[float]

The environments never import torch; anything needing a model is built in ``agents.lsp`` (a
sequence-classification reward model, the reference-model judge) and handed down as such a
callable. This module holds what needs no model:

- :class:`RewardFunction`, the protocol;
- :class:`CallableReward`, which turns a per-pair check ``fn(query, answer) -> float | bool``
  (a verifier) into a reward function that never raises;
- :class:`JudgeReward`, the 7-point quality judge around any ``generate(prompts) -> texts``
  function (``agents.lsp.reference_judge`` plugs the reference model in);
- :func:`overlap_reward`, a deterministic stand-in so that an env can be built and
  conformance-tested with no model at all. It is not a reward worth training on.

All rewards shipped here live on 0..1 (docs/lsp.md explains the choice).

    >>> exact = CallableReward(lambda q, a: a.strip() == "4")
    >>> exact(["2+2?", "2+2?"], ["4", "5"])
    [1.0, 0.0]
"""
from __future__ import annotations

import math
from typing import Callable, Protocol, Sequence, runtime_checkable

from azr_env.lsp.judge import ScoreParse, normalise_score, parse_score
from azr_env.lsp.prompts import DEFAULT_PROMPTS, LSPPrompts, judge_prompt


@runtime_checkable
class RewardFunction(Protocol):
    """Scores (query, answer) pairs; returns one float per pair, in order."""

    def __call__(self, queries: Sequence[str], answers: Sequence[str]) -> list[float]: ...


def checked_rewards(fn: Callable, queries: Sequence[str], answers: Sequence[str]) -> list[float]:
    """Call a reward function and insist on one finite float per pair.

    A reward function that breaks this is a bug in the caller's code, not something a model
    wrote, so it raises ``ValueError`` with the function named.
    """
    if len(queries) != len(answers):
        raise ValueError(f"{len(queries)} queries but {len(answers)} answers")
    values = [float(v) for v in fn(list(queries), list(answers))]
    if len(values) != len(queries):
        raise ValueError(f"reward function {fn!r} returned {len(values)} values for {len(queries)} pairs")
    bad = [v for v in values if not math.isfinite(v)]
    if bad:
        raise ValueError(f"reward function {fn!r} returned non-finite values {bad[:3]}")
    return values


class CallableReward:
    """A verifiable reward: ``fn(query, answer)`` per pair, a bool or a number.

    When ``fn`` raises on a pair (say, a verifier choking on a malformed answer), that pair
    gets ``on_error`` instead, so a model's output always earns a reward.
    """

    def __init__(self, fn: Callable[[str, str], float | bool], *, on_error: float = 0.0):
        self.fn = fn
        self.on_error = float(on_error)

    def _one(self, query: str, answer: str) -> float:
        try:
            value = float(self.fn(query, answer))
        except Exception:
            return self.on_error
        return value if math.isfinite(value) else self.on_error

    def __call__(self, queries: Sequence[str], answers: Sequence[str]) -> list[float]:
        return [self._one(q, a) for q, a in zip(queries, answers, strict=True)]

    def __repr__(self) -> str:
        return f"CallableReward({getattr(self.fn, '__name__', self.fn)!r})"


class JudgeReward:
    """The LSP quality self-reward R_Q: a language model grades each answer on 0..7.

    ``generate`` maps judge prompts to the judge's texts (greedy decoding of the reference
    model in LSP). Scores are divided by 7 unless ``normalise=False``. An unreadable verdict
    scores ``fallback`` on the 0..7 scale (0 by default; see :func:`parse_score`).

        >>> judge = JudgeReward(lambda prompts: ["Fine. <Score>7</Score>"] * len(prompts))
        >>> judge(["q"], ["a"])
        [1.0]
    """

    def __init__(
        self,
        generate: Callable[[list[str]], Sequence[str]],
        *,
        prompts: LSPPrompts = DEFAULT_PROMPTS,
        fallback: float = 0.0,
        normalise: bool = True,
    ):
        self.generate = generate
        self.prompts = prompts
        self.fallback = float(fallback)
        self.normalise = normalise

    def judge(self, queries: Sequence[str], answers: Sequence[str]) -> list[ScoreParse]:
        """The judge's parsed verdicts, one per pair, with where each score came from."""
        prompts = [judge_prompt(q, a, self.prompts) for q, a in zip(queries, answers, strict=True)]
        texts = list(self.generate(prompts)) if prompts else []
        if len(texts) != len(prompts):
            raise ValueError(f"judge generate returned {len(texts)} texts for {len(prompts)} prompts")
        return [parse_score(t, self.fallback) for t in texts]

    def scores(self, verdicts: Sequence[ScoreParse]) -> list[float]:
        return [normalise_score(v.score) if self.normalise else v.score for v in verdicts]

    def __call__(self, queries: Sequence[str], answers: Sequence[str]) -> list[float]:
        return self.scores(self.judge(queries, answers))


def overlap_reward(queries: Sequence[str], answers: Sequence[str]) -> list[float]:
    """Fraction of the query's distinct character bigrams (lower-cased) that the answer contains.

    A deterministic, model-free stand-in: the default of the LSP envs, so that they can be
    built with no arguments, and the reward of the ``lsp-tiny`` smoke preset (character
    bigrams, unlike words, give even a random model's texts a spread of rewards). Pass a real
    reward function for training.

        >>> overlap_reward(["abc", ""], ["xbcx", "x"])
        [0.5, 0.0]
    """
    out = []
    for q, a in zip(queries, answers, strict=True):
        qgrams, agrams = _bigrams(q), _bigrams(a)
        out.append(len(qgrams & agrams) / len(qgrams) if qgrams else 0.0)
    return out


def _bigrams(text: str) -> set[str]:
    text = str(text).lower()
    return {text[i:i + 2] for i in range(len(text) - 1)}
