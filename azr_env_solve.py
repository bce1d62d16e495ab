"""verifiers taskset ``azr-env-solve``: the solve-only AZR taskset (``eval azr-env-solve``).

verifiers loads a taskset by a top-level module name, so this module names the one in
:mod:`azr_env.integrations.verifiers.solve`; see there and docs/verifiers.md.
"""
from azr_env.integrations.verifiers.solve import AZRChatHarness, AZRSolveEnv, AZRSolveTaskset

__all__ = ["AZRChatHarness", "AZRSolveEnv", "AZRSolveTaskset"]
