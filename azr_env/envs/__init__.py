"""Gymnasium views of the self-play games, and the text-environment pieces they are built from.

- :mod:`~azr_env.envs.spaces`: ``PrintableText`` spaces and the ``TextObservation`` str type;
- :mod:`~azr_env.envs.shared_parameter`: one policy playing every agent of any AEC env;
- :mod:`~azr_env.envs.executor_handle`: borrowing the shared executor, lazily;
- :mod:`~azr_env.envs.game`: the rules of an Absolute Zero episode, API-free and batched;
- :mod:`~azr_env.envs.absolute_zero`: ``AbsoluteZeroEnv``, what ``gym.make("AZR-*-v0")`` builds;
- :mod:`~azr_env.envs.vector`: ``AbsoluteZeroVectorEnv``, what ``gym.make_vec`` builds;
- :mod:`~azr_env.envs.registration`: ``register_all()``, called by ``import azr_env``.
"""
from azr_env.envs.absolute_zero import AbsoluteZeroEnv
from azr_env.envs.executor_handle import ExecutorHandle
from azr_env.envs.registration import register_all
from azr_env.envs.shared_parameter import SharedParameterEnv
from azr_env.envs.spaces import (
    PrintableText,
    TextObservation,
    answer_space,
    as_observation,
    prompt_space,
    to_printable,
)
from azr_env.envs.vector import AbsoluteZeroVectorEnv

__all__ = [
    "AbsoluteZeroEnv",
    "AbsoluteZeroVectorEnv",
    "ExecutorHandle",
    "PrintableText",
    "SharedParameterEnv",
    "TextObservation",
    "answer_space",
    "as_observation",
    "prompt_space",
    "register_all",
    "to_printable",
]
