"""``AZREnvClient``: OpenEnv's ``EnvClient`` for an ``azr serve`` server.

One client is one ``/ws`` session, with its own episodes; many clients play at once.

>>> from azr_env.integrations.openenv import AZREnvClient                   # doctest: +SKIP
>>> with AZREnvClient(base_url="http://127.0.0.1:8000").sync() as env:      # doctest: +SKIP
...     result = env.reset(seed=0)
...     while not result.done:
...         result = env.step(my_model(result.observation.prompt, result.observation.role))

``step`` takes an :class:`AZRAction` or plain text; ``result.observation`` is an
:class:`AZRObservation` (``prompt``, ``role``, ``rewards``, ``info`` as the Gymnasium env's).
"""
from __future__ import annotations

from typing import Any, Dict

from openenv.core.client_types import StepResult
from openenv.core.env_client import EnvClient

from azr_env.integrations.openenv.models import AZRAction, AZRObservation, AZRState


class AZREnvClient(EnvClient[AZRAction, AZRObservation, AZRState]):
    """The client of an AZR/LSP OpenEnv server (``azr serve``)."""

    def _step_payload(self, action: AZRAction | str) -> Dict[str, Any]:
        if isinstance(action, str):
            return {"text": action}
        return action.model_dump(exclude_none=True, exclude={"metadata"} if not action.metadata else set())

    def _parse_result(self, payload: Dict[str, Any]) -> StepResult[AZRObservation]:
        fields = dict(payload.get("observation", {}))
        fields.setdefault("metadata", payload.get("metadata") or {})
        observation = AZRObservation(**fields, reward=payload.get("reward"), done=payload.get("done", False))
        return StepResult(observation=observation, reward=payload.get("reward"), done=payload.get("done", False),
                          metadata=payload.get("metadata"))

    def _parse_state(self, payload: Dict[str, Any]) -> AZRState:
        return AZRState(**payload)
