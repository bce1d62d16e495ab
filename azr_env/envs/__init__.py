"""Gymnasium views of the self-play games.

- :mod:`~azr_env.envs.absolute_zero`: ``AbsoluteZeroEnv``, what ``gym.make("AZR-*-v0")`` builds;
- :mod:`~azr_env.envs.vector`: ``AbsoluteZeroVectorEnv``, what ``gym.make_vec`` builds;
- :mod:`~azr_env.envs.lsp`: ``LSPEnv`` and ``LSPVectorEnv``, for ``LSP-v0``;
- :mod:`~azr_env.envs.shared_parameter`: one policy playing every agent of any AEC env;
- :mod:`~azr_env.envs.registration`: ``register_all()``, called by ``import azr_env``.

The rules, the options, the text spaces and the executor handle they share with the PettingZoo
envs are in :mod:`azr_env.game`.
"""
from azr_env.envs.absolute_zero import AbsoluteZeroEnv
from azr_env.envs.registration import register_all
from azr_env.envs.shared_parameter import SharedParameterEnv
from azr_env.envs.vector import AbsoluteZeroVectorEnv

__all__ = ["AbsoluteZeroEnv", "AbsoluteZeroVectorEnv", "SharedParameterEnv", "register_all"]
