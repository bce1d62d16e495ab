"""Absolute Zero and Language Self-Play as OpenEnv environments (``pip install 'azr-env[openenv]'``).

- :mod:`~azr_env.integrations.openenv.server`: ``create_server_app(game_id)``, ``serve(...)``;
  ``azr serve ID --host H --port P`` from a shell.
- :mod:`~azr_env.integrations.openenv.client`: :class:`AZREnvClient`, OpenEnv's ``EnvClient`` for it.
- :mod:`~azr_env.integrations.openenv.models`: the pydantic wire types.
- :mod:`~azr_env.integrations.openenv.environment`: the OpenEnv ``Environment``.

This folder is also an OpenEnv package (``openenv.yaml``, ``Dockerfile``): ``openenv validate``
checks it. Names are imported on first use, so ``import azr_env.integrations.openenv`` works
without openenv installed. User guide: docs/openenv.md.
"""
from __future__ import annotations

import importlib

_NAMES = {
    "AZREnvClient": "client", "AZRAction": "models", "AZRObservation": "models", "AZRState": "models",
    "AZREnvironment": "environment", "create_server_app": "server", "serve": "server",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
