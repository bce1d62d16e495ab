"""Every environment id of the package, in one table, with the task types each one plays.

Registration (:mod:`azr_env.envs.registration`) reads it; so do the trainer (which makes one
vector env per task type), the integrations (which serve any of these ids) and the tests.

>>> GYM_IDS["AZR-SelfPlay-v0"]
('deduction', 'abduction', 'induction')
>>> GYM_ID_OF_TYPE["abduction"], AEC_ID_OF_GYM_ID["AZR-Abduction-v0"]
('AZR-Abduction-v0', 'azr/abduction-v0')
"""
from __future__ import annotations

# Gymnasium id -> the Absolute Zero task types its episodes draw from (self-play mixes all three).
GYM_IDS: dict[str, tuple[str, ...]] = {
    "AZR-Deduction-v0": ("deduction",),
    "AZR-Abduction-v0": ("abduction",),
    "AZR-Induction-v0": ("induction",),
    "AZR-SelfPlay-v0": ("deduction", "abduction", "induction"),
}
# The single-type env of each task type (what a trainer steps per type).
GYM_ID_OF_TYPE: dict[str, str] = {types[0]: env_id for env_id, types in GYM_IDS.items() if len(types) == 1}

# PettingZoo AEC id -> the module whose env() builds it, for each Gymnasium id.
AEC_IDS: dict[str, str] = {
    "azr/deduction-v0": "azr_env.multiagent.deduction_v0:env",
    "azr/abduction-v0": "azr_env.multiagent.abduction_v0:env",
    "azr/induction-v0": "azr_env.multiagent.induction_v0:env",
    "azr/selfplay-v0": "azr_env.multiagent.selfplay_v0:env",
}
AEC_ID_OF_GYM_ID: dict[str, str] = dict(zip(GYM_IDS, AEC_IDS))

# Language Self-Play.
LSP_GYM_ID = "LSP-v0"
LSP_AEC_ID = "azr/lsp-v0"
