"""The games' rules and the pieces every API view of them shares, below both API layers.

The Gymnasium envs (:mod:`azr_env.envs`), the PettingZoo envs (:mod:`azr_env.multiagent`) and
the integrations (:mod:`azr_env.integrations`) are views of the games defined here; none of
them holds a rule of its own.

- :mod:`~azr_env.game.absolute_zero`: the rules of an Absolute Zero episode, API-free and batched;
- :mod:`~azr_env.game.options`: ``GameOptions``, what configures one game;
- :mod:`~azr_env.game.roles`: the role names;
- :mod:`~azr_env.game.ids`: every environment id and the task types it plays;
- :mod:`~azr_env.game.spaces`: ``PrintableText`` spaces and the ``TextObservation`` str type;
- :mod:`~azr_env.game.executor_handle`: borrowing the shared executor, lazily.

The Language Self-Play rules live in :mod:`azr_env.lsp` (no model code either).
"""
from azr_env.game.absolute_zero import AbsoluteZeroGame, Episode, Phase, Settlement, parse_view, task_view
from azr_env.game.executor_handle import ExecutorHandle
from azr_env.game.ids import AEC_ID_OF_GYM_ID, AEC_IDS, GYM_ID_OF_TYPE, GYM_IDS, LSP_AEC_ID, LSP_GYM_ID
from azr_env.game.options import MODES, GameOptions
from azr_env.game.roles import AZR_ROLES, CHALLENGER, LSP_ROLES, PROPOSER, SOLVER
from azr_env.game.spaces import (
    DEFAULT_MAX_PROMPT_CHARS,
    PrintableText,
    TextObservation,
    answer_space,
    as_observation,
    prompt_space,
    to_printable,
)

__all__ = [
    "AEC_IDS",
    "AEC_ID_OF_GYM_ID",
    "AZR_ROLES",
    "AbsoluteZeroGame",
    "CHALLENGER",
    "DEFAULT_MAX_PROMPT_CHARS",
    "Episode",
    "ExecutorHandle",
    "GYM_IDS",
    "GYM_ID_OF_TYPE",
    "GameOptions",
    "LSP_AEC_ID",
    "LSP_GYM_ID",
    "LSP_ROLES",
    "MODES",
    "PROPOSER",
    "Phase",
    "PrintableText",
    "SOLVER",
    "Settlement",
    "TextObservation",
    "answer_space",
    "as_observation",
    "parse_view",
    "prompt_space",
    "task_view",
    "to_printable",
]
