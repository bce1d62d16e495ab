"""The Absolute Zero game for one shared policy: what ``gym.make("AZR-Deduction-v0")`` builds.

It is :class:`~azr_env.envs.shared_parameter.SharedParameterEnv` over the PettingZoo AEC env
:class:`~azr_env.multiagent.absolute_zero.AbsoluteZeroAECEnv`: one policy plays the proposer and
the solver in turn, and ``info["role"]`` says which one is up.

``step(action)`` returns the reward of the action just taken: -1 for an invalid proposal, 0 for a
valid one (its learnability is not known yet), the solver's reward for an answer. The proposer's
learnability reward settles with the last answer and arrives in ``info["rewards"]["proposer"]``
of that step, never mixed into the returned reward.

>>> import gymnasium as gym
>>> import azr_env  # registers the ids
>>> env = gym.make("AZR-Deduction-v0", n_solver=2)
>>> observation, info = env.reset(seed=0)
>>> info["role"], info["task_type"]
('proposer', 'deduction')
>>> proposal = "<answer>```python\\ndef f(a):\\n    return a * 2\\n```\\n```input\\n21\\n```</answer>"
>>> observation, reward, terminated, truncated, info = env.step(proposal)
>>> reward, info["role"], info["task"]["output"]
(0.0, 'solver', '42')
>>> _ = env.step("<answer>42</answer>")                                   # right: +1
>>> observation, reward, terminated, truncated, info = env.step("<answer>41</answer>")  # wrong
>>> reward, terminated, info["rewards"]
(-0.5, True, {'solver': -0.5, 'proposer': 0.5})
>>> env.close()

Solver-only mode, e.g. to evaluate on CRUXEval: ``gym.make("AZR-Deduction-v0", mode="solve",
task_file="cruxeval.jsonl")``; each episode is one answer to a task drawn from the file (or
pinned with ``reset(options={"task_id": ...})``).
"""
from __future__ import annotations

from typing import Any, Iterable

from azr_env.envs.shared_parameter import SharedParameterEnv
from azr_env.multiagent.absolute_zero import AbsoluteZeroAECEnv
from azr_env.tasks import TaskBuffers, TaskType


class AbsoluteZeroEnv(SharedParameterEnv):
    """One policy proposing and solving Absolute Zero tasks.

    Takes the arguments of :class:`~azr_env.multiagent.absolute_zero.AbsoluteZeroAECEnv`:
    ``task_types``, ``game_options`` (a :class:`~azr_env.game.GameOptions`) or its fields as keyword
    arguments, and ``render_mode``.
    """

    metadata = {
        "render_modes": list(AbsoluteZeroAECEnv.metadata["render_modes"]),
        "render_fps": AbsoluteZeroAECEnv.metadata["render_fps"],
        "name": "azr_v0",
    }

    def __init__(self, task_types: Iterable[TaskType | str] = tuple(TaskType), **kwargs: Any):
        super().__init__(AbsoluteZeroAECEnv(task_types, **kwargs))

    @property
    def game(self):
        """The rules and buffers (:class:`~azr_env.game.AbsoluteZeroGame`)."""
        return self.aec_env.game

    @property
    def buffers(self) -> TaskBuffers:
        return self.aec_env.game.buffers
