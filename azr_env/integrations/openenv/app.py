"""The module-level ``app`` that ``uvicorn`` and ``openenv serve`` load (``openenv.yaml``'s ``app``).

The game comes from environment variables, since a module cannot take arguments:
``AZR_GAME`` (default ``AZR-SelfPlay-v0``), ``AZR_MAX_SESSIONS`` (64), ``AZR_N_SOLVER`` (the
game's default) and ``AZR_EXECUTOR_WORKERS`` (one per core). ``azr serve`` is the same server
with command-line flags.

    AZR_GAME=AZR-Deduction-v0 uvicorn azr_env.integrations.openenv.app:app --port 8000
"""
from __future__ import annotations

import os

from azr_env.integrations.openenv.server import create_server_app


def _from_environment():
    game: dict = {}
    if os.environ.get("AZR_N_SOLVER"):
        game["n_solver"] = int(os.environ["AZR_N_SOLVER"])
    executor = None
    if os.environ.get("AZR_EXECUTOR_WORKERS"):
        from azr_env.executor import Executor

        executor = Executor(workers=int(os.environ["AZR_EXECUTOR_WORKERS"]))
    return create_server_app(os.environ.get("AZR_GAME", "AZR-SelfPlay-v0"),
                             max_sessions=int(os.environ.get("AZR_MAX_SESSIONS", "64")), executor=executor, **game)


app = _from_environment()
