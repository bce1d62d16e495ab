"""One LSP episode as plain state: a query, then G scored answers.

The environments (``azr_env.multiagent.lsp_v0`` for one episode, ``azr_env.envs.lsp`` for a
lock-step batch) keep their game in :class:`LSPEpisode` and do only the API work around it.
Scoring is outside the episode on purpose: a batched env scores the answers of many episodes
in one call of the reward function, then records each result here.

    >>> ep = LSPEpisode(LSPGameConfig(group_size=2))
    >>> ep.role
    'challenger'
    >>> ep.set_query("  Name a prime.  ")
    'Name a prime.'
    >>> ep.add_answer("2", task_reward=1.0), ep.add_answer("4", task_reward=0.0)
    (1.0, 0.0)
    >>> ep.done, ep.challenger_reward()
    (True, -0.5)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any, Callable, Sequence

from azr_env.game.roles import CHALLENGER, SOLVER
from azr_env.game.roles import LSP_ROLES as ROLES  # noqa: F401  (re-exported)
from azr_env.lsp.prompts import (DEFAULT_PROMPTS, LSPPrompts, action_text, challenger_prompt, extract_query,
                                 solver_prompt)
from azr_env.lsp.rewards import episode_rewards, lsp_advantages

# A reward function: R(q, a) for a batch of (query, answer) pairs.
ScoreFn = Callable[[Sequence[str], Sequence[str]], Sequence[float]]


@dataclass(frozen=True)
class LSPGameConfig:
    """The rules of one LSP game.

    - ``group_size``: G, the solver's answers per query (its baseline is their mean).
    - ``quality_weight``: lambda, the weight of the self-reward R_Q when there is one.
    - ``max_query_chars`` / ``max_answer_chars``: longer texts are cut, so that every
      observation stays inside the env's space.
    - ``prompts``: the wording of the three prompts (:class:`azr_env.lsp.prompts.LSPPrompts`).
    """

    group_size: int = 4
    quality_weight: float = 1.0
    max_query_chars: int = 4096
    max_answer_chars: int = 1 << 14
    prompts: LSPPrompts = DEFAULT_PROMPTS

    def __post_init__(self):
        # Checked here, at construction: a wrong type or a NaN would otherwise surface only at
        # the first answer (as a NaN reward or a TypeError deep inside the scoring).
        _set(self, "group_size", _count("group_size", self.group_size, minimum=1))
        _set(self, "max_query_chars", _count("max_query_chars", self.max_query_chars, minimum=0))
        _set(self, "max_answer_chars", _count("max_answer_chars", self.max_answer_chars, minimum=0))
        _set(self, "quality_weight", _finite("quality_weight", self.quality_weight))
        if not isinstance(self.prompts, LSPPrompts):
            raise TypeError(f"prompts must be an LSPPrompts or a dict, not {type(self.prompts).__name__}")


def _set(config: LSPGameConfig, name: str, value: Any) -> None:
    object.__setattr__(config, name, value)  # the dataclass is frozen; this only normalises the type


def _count(name: str, value: Any, *, minimum: int) -> int:
    """``value`` as a plain int >= ``minimum``; bools and floats (2.5, even 2.0) are refused."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, not {type(value).__name__} ({value!r})")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return int(value)


def _finite(name: str, value: Any) -> float:
    """``value`` as a finite float: a NaN or infinite weight would make every reward NaN."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__} ({value!r})")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, not {value}")
    return float(value)


def game_config(*, prompts: LSPPrompts | dict | None = None, **rules: Any) -> LSPGameConfig:
    """The :class:`LSPGameConfig` from an env's keyword arguments (``prompts`` may be a dict).

    >>> game_config(group_size=2).group_size
    2
    """
    if isinstance(prompts, dict):
        prompts = LSPPrompts.from_dict(prompts)
    # ``is None``, not ``or``: a falsy wrong value ("" or 0) must reach the type check.
    return LSPGameConfig(prompts=DEFAULT_PROMPTS if prompts is None else prompts, **rules)


@dataclass
class LSPEpisode:
    """The state of one episode; ``role`` says who acts next ("challenger", "solver" or None)."""

    config: LSPGameConfig
    query: str | None = None
    answers: list[str] = field(default_factory=list)
    task_rewards: list[float] = field(default_factory=list)
    quality: list[float] | None = None  # lambda-free R_Q per answer; None without self-reward

    @property
    def done(self) -> bool:
        return len(self.answers) >= self.config.group_size

    @property
    def role(self) -> str | None:
        if self.query is None:
            return CHALLENGER
        return None if self.done else SOLVER

    def prompt(self, role: str) -> str:
        """What ``role`` sees: the challenger prompt, or the solver prompt once there is a query."""
        if role == CHALLENGER:
            return challenger_prompt(self.config.prompts)
        return "" if self.query is None else solver_prompt(self.query, self.config.prompts)

    def set_query(self, text: str) -> str:
        if self.query is not None:
            raise RuntimeError("the challenger already wrote this episode's query")
        self.query = extract_query(text, self.config.max_query_chars)
        return self.query

    def clip_answer(self, text: object) -> str:
        return action_text(text)[: self.config.max_answer_chars]

    def add_answer(self, answer: str, task_reward: float, quality: float | None = None) -> float:
        """Record one scored answer; returns the solver's reward R + lambda R_Q for it."""
        if self.role != SOLVER:
            raise RuntimeError(f"no answer expected now (next to act: {self.role})")
        if self.answers and (quality is None) != (self.quality is None):
            raise ValueError("give a quality score for every answer of an episode, or for none")
        if quality is not None:
            self.quality = (self.quality or []) + [float(quality)]
        self.answers.append(self.clip_answer(answer))
        self.task_rewards.append(float(task_reward))
        return float(task_reward) + (0.0 if quality is None else self.config.quality_weight * float(quality))

    def challenger_reward(self) -> float:
        """-V(q) + V_Q(q) over the answers so far (the game pays it once all G are in)."""
        return episode_rewards(self.task_rewards, self.quality, self.config.quality_weight)[1]

    def solver_info(self) -> dict:
        """The structured view of the last answer: query, attempt number and reward parts."""
        j = len(self.answers) - 1
        quality = None if self.quality is None else self.config.quality_weight * self.quality[j]
        return {
            "role": SOLVER,
            "query": self.query,
            "attempt": j,
            "answer": self.answers[j],
            "reward_components": {"task": self.task_rewards[j], "quality": quality},
        }

    def challenger_info(self) -> dict:
        """The structured view of the finished episode, for the challenger."""
        adv = lsp_advantages([self.task_rewards], None if self.quality is None else [self.quality],
                             quality_weight=self.config.quality_weight)
        info = {
            "role": CHALLENGER,
            "query": self.query,
            "task_rewards": adv.task_rewards[0].tolist(),
            "solver_rewards": adv.solver_rewards[0].tolist(),
            "reward_components": {"value": float(adv.values[0]), "quality_value": float(adv.quality_values[0])},
        }
        if self.quality is not None:
            info["quality"] = list(self.quality)  # R_Q on 0..1, before the weight lambda
        return info
