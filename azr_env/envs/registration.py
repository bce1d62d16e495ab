"""Registers the Absolute Zero envs with Gymnasium and PettingZoo; kept apart from the envs themselves.

``import azr_env`` calls :func:`register_all`, after which:

* ``gym.make("AZR-Deduction-v0")`` (also ``-Abduction-``, ``-Induction-``, ``AZR-SelfPlay-v0``) gives
  the shared-parameter self-play env, and ``gym.make_vec(id, num_envs=B)`` the batched vector env;
* ``pettingzoo.make("aec", "azr/deduction-v0")`` (also ``abduction``, ``induction``, ``selfplay``)
  gives the two-agent AEC env.

Calling it again changes nothing and warns about nothing: ids already registered are left alone.

>>> import gymnasium as gym, pettingzoo
>>> register_all(); register_all()
>>> "AZR-Deduction-v0" in gym.registry and "azr/selfplay-v0" in pettingzoo.aec_registry
True
"""
from __future__ import annotations

import gymnasium
import pettingzoo

_GYM_ENTRY_POINT = "azr_env.envs.absolute_zero:AbsoluteZeroEnv"
_GYM_VECTOR_ENTRY_POINT = "azr_env.envs.vector:AbsoluteZeroVectorEnv"

# Gymnasium id -> the task types its episodes draw from (the self-play env mixes all three).
GYM_IDS: dict[str, tuple[str, ...]] = {
    "AZR-Deduction-v0": ("deduction",),
    "AZR-Abduction-v0": ("abduction",),
    "AZR-Induction-v0": ("induction",),
    "AZR-SelfPlay-v0": ("deduction", "abduction", "induction"),
}

# PettingZoo AEC id -> the module's env() that builds it.
AEC_IDS: dict[str, str] = {
    "azr/deduction-v0": "azr_env.multiagent.deduction_v0:env",
    "azr/abduction-v0": "azr_env.multiagent.abduction_v0:env",
    "azr/induction-v0": "azr_env.multiagent.induction_v0:env",
    "azr/selfplay-v0": "azr_env.multiagent.selfplay_v0:env",
}


def register_all() -> None:
    """Register every Gymnasium and PettingZoo id of the package; safe to call any number of times."""
    for env_id, task_types in GYM_IDS.items():
        if env_id in gymnasium.registry:
            continue
        gymnasium.register(
            id=env_id,
            entry_point=_GYM_ENTRY_POINT,
            vector_entry_point=_GYM_VECTOR_ENTRY_POINT,
            kwargs={"task_types": task_types},
        )
    for env_id, entry_point in AEC_IDS.items():
        # pettingzoo.register warns when it overrides an id, so skip the ones already there.
        if env_id in pettingzoo.aec_registry:
            continue
        pettingzoo.register("aec", env_id, entry_point)
