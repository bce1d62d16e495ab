"""The OpenEnv server of a game: ``create_server_app(game_id)`` and ``serve(game_id, host, port)``.

Built with OpenEnv's own server API (``create_app`` over :class:`AZREnvironment`), so it has
OpenEnv's routes: ``/health``, ``/schema``, ``/metadata``, ``/reset``, ``/step``, ``/state`` and the
``/ws`` session socket that OpenEnv's ``EnvClient`` (and :class:`AZREnvClient`) speak.

- **Episodes live in ``/ws`` sessions.** OpenEnv's HTTP ``/reset`` and ``/step`` build a fresh
  environment per request, so over HTTP ``/reset`` shows a first prompt and ``/step`` answers 409
  (no episode in progress) with that reason; play episodes over ``/ws``.
- **Bad requests get a 4xx and a reason**: 422 for a malformed action or reset option (OpenEnv's
  own validation included), 404 for an unknown ``task_id``, 409 for a step out of turn, 502 when
  the solver sampler's endpoint fails. Over ``/ws`` the same reasons come back as error messages
  and the session stays usable.
- **One host per server**: every session shares the game's buffer, executor and writer thread;
  the host closes with the server.

>>> app = create_server_app("AZR-Deduction-v0", n_solver=2)      # doctest: +SKIP
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)  -- or, from a shell: azr serve AZR-Deduction-v0
"""
from __future__ import annotations

import functools
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from openenv.core.env_server.http_server import create_app

from azr_env.integrations.game_host import GameHost, RequestError
from azr_env.integrations.openenv.environment import AZREnvironment
from azr_env.integrations.openenv.models import AZRAction, AZRObservation, AZRState

DEFAULT_MAX_SESSIONS = 64


def create_server_app(game_id: str, *, max_sessions: int = DEFAULT_MAX_SESSIONS, executor: Any = None,
                      solver_sampler: Any = None, host: GameHost | None = None, **game: Any) -> FastAPI:
    """The FastAPI app serving ``game_id`` (a Gymnasium or PettingZoo id of an AZR or LSP game).

    Args:
        max_sessions: concurrent ``/ws`` sessions allowed (OpenEnv's ``max_concurrent_envs``).
        executor: an Executor or RayExecutor to use (the caller closes it); default: one owned
            by the server, one worker per core.
        solver_sampler: ``(prompt, n) -> texts`` that writes solver answers server-side (e.g.
            :class:`azr_env.integrations.sampler.OpenAISampler`).
        host: an existing :class:`GameHost` to serve (then the other arguments are ignored).
        **game: the game's keyword arguments (``mode``, ``n_solver``, ``task_file``, ``config``,
            ``group_size``...), as ``gym.make`` takes them.
    """
    if host is None:
        host = GameHost(game_id, executor=executor, solver_sampler=solver_sampler, **game)
    app = create_app(
        functools.partial(AZREnvironment, host=host), AZRAction, AZRObservation,
        env_name=host.game_id, max_concurrent_envs=max_sessions, state_cls=AZRState,
    )

    async def refuse(request: Request, error: RequestError) -> JSONResponse:
        return JSONResponse(status_code=error.status, content={"detail": str(error)})

    app.add_exception_handler(RequestError, refuse)
    app.router.on_shutdown.append(host.close)
    app.state.azr_host = host
    return app


def serve(game_id: str, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info", **kwargs: Any) -> None:
    """Serve ``game_id`` with uvicorn until interrupted (what ``azr serve`` runs)."""
    import uvicorn

    app = create_server_app(game_id, **kwargs)
    uvicorn.run(app, host=host, port=port, log_level=log_level, ws_max_size=64 * 1024 * 1024)
