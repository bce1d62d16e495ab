"""The ``azr`` plugin of Language Self-Play (``agents.cli.PLUGIN_MODULES`` names it).

Importing it, which stays light, does two things:

- it adds the presets ``lsp-tiny`` and ``lsp-smollm2-cpu`` to ``agents.config.PRESETS``, so
  ``azr train --preset lsp-tiny`` and ``{"preset": "lsp-tiny"}`` config files resolve;
- it wraps ``azr train`` so that the game ``"lsp"`` is registered with ``agents.trainer`` just
  before training starts. That import is the heavy one, and only training needs it.

    azr train --preset lsp-tiny --max-steps 2 --output-dir runs/lsp-tiny
    azr train --preset lsp-smollm2-cpu --max-steps 3 --output-dir runs/lsp-smollm2
    azr train --preset lsp-smollm2-cpu --max-steps 3 --set variant=lsp-zero --output-dir runs/lsp-zero-smollm2
    azr train --preset lsp-smollm2-cpu --max-steps 3 --set reward='"reward-model:/path/rm"'
"""
from __future__ import annotations

import argparse

from agents.cli import COMMANDS, register_command
from agents.lsp.config import register_presets

register_presets()


def _with_lsp_game(run):
    def run_train(args: argparse.Namespace) -> int:
        import agents.lsp.trainer  # noqa: F401  (registers the "lsp" game)

        return run(args)

    run_train.lsp_game = True
    return run_train


_train = COMMANDS.get("train")
if _train is not None and not getattr(_train.run, "lsp_game", False):
    register_command("train", _train.help, _train.configure, _with_lsp_game(_train.run))
