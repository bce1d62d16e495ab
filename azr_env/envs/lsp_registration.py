"""Registers the Language Self-Play envs with Gymnasium and PettingZoo.

After :func:`register_lsp`:

* ``gym.make("LSP-v0", reward_fn=..., quality_fn=...)`` gives :class:`azr_env.envs.lsp.LSPEnv`
  (one policy, both roles), and ``gym.make_vec("LSP-v0", num_envs=N, ...)`` the lock-step
  :class:`azr_env.envs.lsp.LSPVectorEnv`, which scores all N episodes in one call;
* ``pettingzoo.make("aec", "azr/lsp-v0", ...)`` gives the two-agent AEC env
  (:mod:`azr_env.multiagent.lsp_v0`).

Calling it again changes nothing and warns about nothing.

>>> import gymnasium as gym, pettingzoo
>>> register_lsp(); register_lsp()
>>> "LSP-v0" in gym.registry and "azr/lsp-v0" in pettingzoo.aec_registry
True
"""
from __future__ import annotations

import gymnasium
import pettingzoo

GYM_ID = "LSP-v0"
AEC_ID = "azr/lsp-v0"


def register_lsp() -> None:
    """Register ``LSP-v0`` and ``azr/lsp-v0``; safe to call any number of times."""
    if GYM_ID not in gymnasium.registry:
        gymnasium.register(
            id=GYM_ID,
            entry_point="azr_env.envs.lsp:LSPEnv",
            vector_entry_point="azr_env.envs.lsp:LSPVectorEnv",
        )
    if AEC_ID not in pettingzoo.aec_registry:
        pettingzoo.register("aec", AEC_ID, "azr_env.multiagent.lsp_v0:env")
