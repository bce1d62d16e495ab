"""Absolute Zero for verifiers (v1): tasksets, a multi-agent environment, a one-shot chat harness.

``pip install 'azr-env[verifiers]'`` (verifiers needs Python >= 3.11). Two taskset ids (verifiers
imports a taskset by a top-level module name; the modules ``azr_env_selfplay`` and
``azr_env_solve`` beside this package name the ones here):

- ``azr-env-selfplay``: self-play with ``proposer`` and ``solver`` seats
  (:mod:`~azr_env.integrations.verifiers.selfplay`); rewards -1 invalid, learnability, 1/-0.5/-1.
- ``azr-env-solve``: answer fixed tasks (CRUXEval, a buffer), for ``eval``
  (:mod:`~azr_env.integrations.verifiers.solve`).

Importing this package imports nothing from verifiers; its modules do. User guide: docs/verifiers.md.
"""
SELFPLAY = "azr-env-selfplay"
SOLVE = "azr-env-solve"
