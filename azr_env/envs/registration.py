"""Registers every environment of the package with Gymnasium and PettingZoo, from the one table
of ids (:mod:`azr_env.game.ids`); kept apart from the envs themselves.

``import azr_env`` calls :func:`register_all`, after which:

* ``gym.make("AZR-Deduction-v0")`` (also ``-Abduction-``, ``-Induction-``, ``AZR-SelfPlay-v0``) gives
  the shared-parameter self-play env, and ``gym.make_vec(id, num_envs=B)`` the batched vector env;
* ``gym.make("LSP-v0", reward_fn=..., quality_fn=...)`` gives the Language Self-Play env, and
  ``gym.make_vec("LSP-v0", num_envs=N, ...)`` its lock-step vector env;
* ``pettingzoo.make("aec", "azr/deduction-v0")`` (also ``abduction``, ``induction``, ``selfplay``,
  ``lsp``) gives the two-agent AEC env.

Calling it again changes nothing and warns about nothing: ids already registered are left alone.

>>> import gymnasium as gym, pettingzoo
>>> register_all(); register_all()
>>> "AZR-Deduction-v0" in gym.registry and "azr/selfplay-v0" in pettingzoo.aec_registry
True
>>> "LSP-v0" in gym.registry and "azr/lsp-v0" in pettingzoo.aec_registry
True
"""
from __future__ import annotations

import gymnasium
import pettingzoo

from azr_env.game.ids import AEC_IDS, GYM_IDS, LSP_AEC_ID, LSP_GYM_ID

_AZR_ENTRY_POINT = "azr_env.envs.absolute_zero:AbsoluteZeroEnv"
_AZR_VECTOR_ENTRY_POINT = "azr_env.envs.vector:AbsoluteZeroVectorEnv"
_LSP_ENTRY_POINT = "azr_env.envs.lsp:LSPEnv"
_LSP_VECTOR_ENTRY_POINT = "azr_env.envs.lsp:LSPVectorEnv"
_LSP_AEC_ENTRY_POINT = "azr_env.multiagent.lsp_v0:env"


# Gymnasium's PassiveEnvChecker marks its first reset as checked *before* calling the env, so when
# that reset raises (an unknown task_id, say) it keeps no (obs, info) and its first step later
# fails with "cannot unpack non-iterable NoneType". Nothing the env does can reach the wrapper's
# record, so the checker is off by default for our ids; the tests run gymnasium's check_env on
# every env instead, and gym.make(..., disable_env_checker=False) still adds it.
_NO_ENV_CHECKER = {"disable_env_checker": True}


def register_all() -> None:
    """Register every Gymnasium and PettingZoo id of the package; safe to call any number of times."""
    for env_id, task_types in GYM_IDS.items():
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point=_AZR_ENTRY_POINT, vector_entry_point=_AZR_VECTOR_ENTRY_POINT,
                               kwargs={"task_types": task_types}, **_NO_ENV_CHECKER)
    if LSP_GYM_ID not in gymnasium.registry:
        gymnasium.register(id=LSP_GYM_ID, entry_point=_LSP_ENTRY_POINT, vector_entry_point=_LSP_VECTOR_ENTRY_POINT,
                           **_NO_ENV_CHECKER)
    # pettingzoo.register warns when it overrides an id, so skip the ones already there.
    for env_id, entry_point in {**AEC_IDS, LSP_AEC_ID: _LSP_AEC_ENTRY_POINT}.items():
        if env_id not in pettingzoo.aec_registry:
            pettingzoo.register("aec", env_id, entry_point)
