"""The OpenEnv ``Environment`` of every AZR and LSP game: one per client session, over one host.

OpenEnv builds one environment per WebSocket session (``SUPPORTS_CONCURRENT_SESSIONS``). Ours is
a thin view of a :class:`~azr_env.integrations.game_host.GameSession`: the episodes of all
sessions share the host's task buffer and executor, and every change to the buffer happens on
the host's writer thread. A session that ends (the client left, mid-episode or not) drops only
its own episode: tasks it added to the buffer stay, and no other session is touched.
"""
from __future__ import annotations

import uuid
from typing import Any, Optional

from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import EnvironmentMetadata

from azr_env.integrations.game_host import GameHost, RequestError
from azr_env.integrations.openenv.models import AZRAction, AZRObservation, AZRState


def json_safe(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (dict keys and values, lists, tuples) sent
    as U+FFFD: JSON encoders refuse them, and a step whose reply quoted a client's text holding
    one (an LSP answer, a sampled answer cut inside an emoji) was played and recorded but never
    answered, its reward lost. Everything else is returned as it is."""
    kind = type(value)
    if kind is str:
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    if kind is dict:
        return {json_safe(key): json_safe(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return kind(json_safe(item) for item in value)
    return value


class AZREnvironment(Environment[AZRAction, AZRObservation, AZRState]):
    """One session's episodes of ``host``'s game (OpenEnv builds one per session)."""

    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self, host: GameHost):
        super().__init__()
        self.host = host
        self.session = host.session()
        self.episode_id: str | None = None

    def reset(self, seed: Optional[int] = None, episode_id: Optional[str] = None, **options: Any) -> AZRObservation:
        """Start an episode. Options: ``task_id``, ``task_type`` (AZR), ``query`` (LSP),
        ``sample_solver`` (AZR self-play with a sampler); ``options={...}`` is accepted too."""
        nested = options.pop("options", None)
        if nested is not None:
            if not isinstance(nested, dict):
                raise RequestError(f"options must be an object, got {type(nested).__name__}")
            options = {**nested, **options}
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed < 0):
            raise RequestError(f"seed must be a non-negative integer, got {seed!r}")
        if episode_id is not None and type(episode_id) is not str:
            # (Over /ws nothing else checks it, and every later state message failed.)
            raise RequestError(f"episode_id must be a string, got {type(episode_id).__name__}")
        observation, info = self.session.reset(seed, options)
        self.episode_id = episode_id if episode_id is not None else uuid.uuid4().hex
        return AZRObservation(prompt=json_safe(observation), role=info["role"], game=self.host.game_id,
                              info=json_safe(info), done=False, reward=None)

    def step(self, action: AZRAction, timeout_s: Optional[float] = None, **kwargs: Any) -> AZRObservation:
        observation, reward, done, info = self.session.step(action.text, action.role)
        return AZRObservation(prompt=json_safe(observation), role=info["role"], acted_role=info["acted_role"],
                              game=self.host.game_id, rewards=info["rewards"], info=json_safe(info), done=done,
                              reward=reward)

    @property
    def state(self) -> AZRState:
        return AZRState(episode_id=self.episode_id, step_count=self.session.steps, game=self.host.game_id,
                        role=self.session.role, episode_over=self.session.done,
                        sample_solver=bool(self.session.sample_solver))

    def get_metadata(self) -> EnvironmentMetadata:
        from azr_env import __version__

        return EnvironmentMetadata(
            name=f"azr-env {self.host.game_id}",
            description="Data-free self-play (Absolute Zero, Language Self-Play): one model proposes and "
                        "solves code-reasoning tasks checked by a sandboxed executor. Send each role's "
                        "completion as {'text': ...}; observation.role says who is up.",
            version=__version__,
        )

    def close(self) -> None:
        # The host (buffer, executor, writer) belongs to the server, not to this session.
        self.session = self.host.session()
