"""azr-env: data-free self-play (Absolute Zero, Language Self-Play) as Gymnasium/PettingZoo envs.

Importing the package registers its environments:

>>> import gymnasium as gym, pettingzoo, azr_env
>>> sorted(i for i in gym.registry if i.startswith(("AZR-", "LSP-")))
['AZR-Abduction-v0', 'AZR-Deduction-v0', 'AZR-Induction-v0', 'AZR-SelfPlay-v0', 'LSP-v0']
>>> sorted(i for i in pettingzoo.aec_registry if i.startswith("azr/"))
['azr/abduction-v0', 'azr/deduction-v0', 'azr/induction-v0', 'azr/lsp-v0', 'azr/selfplay-v0']
"""
__version__ = "0.1.0"

from azr_env.envs.registration import register_all as _register_all  # noqa: E402

_register_all()
