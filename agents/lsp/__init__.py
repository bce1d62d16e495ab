"""Language Self-Play for the bundled agent: reward functions, the trainer mode and its presets.

- :mod:`agents.lsp.rewards`: ``RewardModel`` (sequence classification), ``reference_judge`` /
  ``model_judge`` (the 7-point judge), ``reference_helpfulness``, ``VerifiableReward``, ``make_reward_fn``;
- :mod:`agents.lsp.judges`: judges that score from next-token probabilities (G-Eval):
  ``ProbabilityJudge``, ``probability_judge``, ``helpfulness_judge``;
- :mod:`agents.lsp.config`: ``LSPTrainConfig`` and the ``lsp-tiny`` / ``lsp-smollm2-cpu`` presets;
- :mod:`agents.lsp.trainer`: the game ``"lsp"`` of ``agents.trainer.Trainer``, and ``train_lsp``;

``azr train --preset lsp-tiny`` (and every ``LSPTrainConfig`` field as a flag, ``--n-queries 4``) is
the agent's own ``azr train``: ``agents.config.preset`` finds the LSP presets here, and the trainer
imports the ``"lsp"`` game when a config names it.

Importing this package is light (no torch): the presets register at once, everything else loads
on first use. The game itself (prompts, judge parsing, advantages, envs) is torch-free, in
:mod:`azr_env.lsp`. User guide: docs/lsp.md.
"""
from __future__ import annotations

import importlib

from agents.lsp.config import LSP_PRESETS, LSPTrainConfig, lsp_preset

_LAZY = {
    "JudgeReward": "agents.lsp.rewards", "RewardFunction": "agents.lsp.rewards", "RewardModel": "agents.lsp.rewards",
    "VerifiableReward": "agents.lsp.rewards", "make_reward_fn": "agents.lsp.rewards",
    "model_judge": "agents.lsp.rewards", "reference_judge": "agents.lsp.rewards",
    "reference_helpfulness": "agents.lsp.rewards",
    "ProbabilityJudge": "agents.lsp.judges", "probability_judge": "agents.lsp.judges",
    "helpfulness_judge": "agents.lsp.judges",
    "LSPSelfPlay": "agents.lsp.trainer", "train_lsp": "agents.lsp.trainer",
}



def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'agents.lsp' has no attribute {name!r}")


__all__ = ["LSP_PRESETS", "LSPTrainConfig", "lsp_preset", *_LAZY]
