"""The wire types of the OpenEnv server: what a client sends (:class:`AZRAction`), gets back
(:class:`AZRObservation`) and can ask about (:class:`AZRState`). Pydantic models on OpenEnv's
``Action``/``Observation``/``State``, so ``/schema`` publishes them and bad payloads get a 422.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from pydantic import Field

try:
    from openenv.core.env_server.types import Action, Observation, State
except ImportError as error:  # pragma: no cover - the message is the point
    raise ImportError("the OpenEnv integration needs openenv: pip install 'azr-env[openenv]'") from error


class AZRAction(Action):
    """A model's completion, played as whichever role is up (proposer, solver or challenger)."""

    text: str = Field(..., description="The model's completion for the role that is up; any text gets a reward.")
    role: Optional[str] = Field(
        default=None,
        description="Optional guard: the role this text is meant for. A mismatch is refused (409) instead of played.",
    )


class AZRObservation(Observation):
    """What a reset or a step returns; the fields mirror the Gymnasium env of the same id.

    ``reward`` is the reward of the action just taken (None at reset); ``rewards`` holds every
    reward settled at this step, by role (the proposer's learnability arrives with the solver's
    last answer); ``info`` is the Gymnasium env's ``info``, key for key.
    """

    prompt: str = Field(default="", description="The prompt of the role to act next (at the end: the last one acted on).")
    role: Optional[str] = Field(default=None, description="The role to act next; None once the episode is over.")
    acted_role: Optional[str] = Field(default=None, description="The role whose action this step played.")
    game: str = Field(default="", description="The game id (AZR-Deduction-v0, ..., LSP-v0).")
    rewards: Dict[str, float] = Field(default_factory=dict, description="Rewards settled at this step, by role.")
    info: Dict[str, Any] = Field(default_factory=dict, description="The Gymnasium env's info for this step.")


class AZRState(State):
    """Where a session stands (``GET /state`` and the ``state`` message of ``/ws``)."""

    game: str = Field(default="", description="The game id.")
    role: Optional[str] = Field(default=None, description="The role to act next; None before reset and once over.")
    episode_over: bool = Field(default=False, description="Whether the current episode has ended.")
    sample_solver: bool = Field(default=False, description="Whether the server writes this episode's solver answers.")
