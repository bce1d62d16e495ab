"""The games the bundled agent plays, named once: each name's game class and its config class.

Paths, not imports: the config side (``agents.config``, the CLI) needs no torch, and the AZR
trainer does not load LSP's judges. A game of one's own is named by its ``"module:Class"`` path
(with ``TrainConfig``'s settings).

>>> sorted(GAMES)
['azr', 'lsp']
>>> GAMES["lsp"].config
'agents.lsp.config:LSPTrainConfig'
>>> sorted(load(GAMES["lsp"].presets))
['lsp-smollm2-cpu', 'lsp-tiny']
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GameEntry:
    game: str  # "module:Class" of the game: built as Game(cfg, policy, process_index=..., state=...)
    config: str  # "module:Class" of its settings (an agents.config.AgentConfig)
    presets: str | None = None  # "module:NAME" of a dict preset name -> config factory, if it adds any


GAMES: dict[str, GameEntry] = {
    "azr": GameEntry("agents.trainer:AbsoluteZeroSelfPlay", "agents.config:TrainConfig"),
    "lsp": GameEntry("agents.lsp.trainer:LSPSelfPlay", "agents.lsp.config:LSPTrainConfig",
                     "agents.lsp.config:LSP_PRESETS"),
}


def load(path: str) -> Any:
    """The object at ``"module:Name"``."""
    module, _, attribute = path.partition(":")
    if not module or not attribute:
        raise ValueError(f"{path!r} is not a 'module:Class' path")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot load {path!r} ({exc})") from exc
