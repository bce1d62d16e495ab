"""Rewards of the Absolute Zero game, as pure functions.

Each returns a :class:`Reward`: the scalar to train on and its components for logging.

Solver (AZR paper Sec. 3.3.1, with the format penalty of its Eq. 6)::

    r_solve = 1     if the answer is correct
            = -0.5  if it is well formed but wrong
            = -1    if it is malformed

Proposer, from the solve rates of n solver attempts (paper Eq. 4)::

    r_propose = 1 - mean_solve   if 0 < mean_solve < 1
              = 0                if mean_solve is 0 or 1   (nothing to learn from the task)
              = -1               if the proposal is invalid or malformed

AZR's released code pays -0.5 instead of 0 for a valid task that is always or never solved,
which pushes the proposer away from trivial and impossible tasks rather than just not paying
for them. Set ``TaskConfig.unlearnable_reward = AZR_CODE_UNLEARNABLE_REWARD`` to reproduce it.

>>> from azr_env.tasks import TaskConfig
>>> learnability_reward([True, False, False, False], TaskConfig()).value
0.75
>>> proposer_reward(False, None, TaskConfig()).value
-1.0
"""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Sequence

if TYPE_CHECKING:
    from azr_env.tasks.config import TaskConfig


class Reward(NamedTuple):
    """A reward and its parts. Unpacks as ``value, components = reward``."""

    value: float
    components: dict[str, float]


def solver_reward(
    well_formed: bool, correct: bool, config: TaskConfig, accuracy: float | None = None
) -> Reward:
    """The solver's reward for one answer.

    ``accuracy`` (the share of hidden pairs passed) matters only for induction under
    ``config.induction_credit == "accuracy"``: the reward then moves linearly from the wrong-answer
    reward at 0 to the correct-answer reward at 1, so both end points agree with binary credit.

    >>> from azr_env.tasks import TaskConfig
    >>> [solver_reward(w, c, TaskConfig()).value for w, c in [(True, True), (True, False), (False, False)]]
    [1.0, -0.5, -1.0]
    >>> solver_reward(True, False, TaskConfig(induction_credit="accuracy"), accuracy=0.6).value
    0.4
    """
    if not well_formed:
        value = config.solver_malformed_reward
    elif accuracy is not None and config.induction_credit == "accuracy":
        low, high = config.solver_wrong_reward, config.solver_correct_reward
        value = round(low + (high - low) * accuracy, 12)
    else:
        value = config.solver_correct_reward if correct else config.solver_wrong_reward
    components = {"well_formed": float(well_formed), "correct": float(well_formed and correct)}
    if accuracy is not None:
        components["accuracy"] = float(accuracy)
    return Reward(float(value), components)


def mean_solve_rate(solve_rates_or_mean: float | Sequence[float | bool]) -> float:
    """The mean of per-attempt successes (bools or numbers in [0, 1]), or a given mean as is."""
    if isinstance(solve_rates_or_mean, (int, float)) and not isinstance(solve_rates_or_mean, bool):
        mean = float(solve_rates_or_mean)
    else:
        rates = [float(rate) for rate in solve_rates_or_mean]
        if not rates:
            raise ValueError("no solver attempts to average")
        mean = sum(rates) / len(rates)
    if not 0.0 <= mean <= 1.0:
        raise ValueError(f"a solve rate lies in [0, 1], got {mean}")
    return mean


def learnability_reward(solve_rates_or_mean: float | Sequence[float | bool], config: TaskConfig) -> Reward:
    """Paper Eq. 4: ``1 - mean_solve`` for a task the solver sometimes solves, else
    ``config.unlearnable_reward`` (0 in the paper, -0.5 in AZR's code).

    >>> from azr_env.tasks import TaskConfig
    >>> [learnability_reward(k / 8, TaskConfig()).value for k in (0, 2, 8)]
    [0.0, 0.75, 0.0]
    """
    mean = mean_solve_rate(solve_rates_or_mean)
    learnable = 0.0 < mean < 1.0
    value = 1.0 - mean if learnable else config.unlearnable_reward
    return Reward(float(value), {"mean_solve": mean, "learnable": float(learnable)})


def proposer_reward(
    valid: bool, solve_rates_or_mean: float | Sequence[float | bool] | None, config: TaskConfig
) -> Reward:
    """The proposer's reward: ``config.invalid_proposal_reward`` (-1) for an invalid or malformed
    proposal, else the learnability of the task given the solver's attempts.
    """
    if not valid:
        return Reward(float(config.invalid_proposal_reward), {"valid": 0.0})
    if solve_rates_or_mean is None:
        raise ValueError("a valid proposal is rewarded from the solver's attempts; pass them")
    value, components = learnability_reward(solve_rates_or_mean, config)
    return Reward(value, {"valid": 1.0, **components})
