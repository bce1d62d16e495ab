"""verifiers taskset ``azr-env-selfplay``: AZR self-play with proposer and solver seats.

verifiers loads a taskset by a top-level module name, so this module names the one in
:mod:`azr_env.integrations.verifiers.selfplay`; see there and docs/verifiers.md.
"""
from azr_env.integrations.verifiers.selfplay import AZRChatHarness, AZRSelfPlayEnv, AZRSelfPlayTaskset

__all__ = ["AZRChatHarness", "AZRSelfPlayEnv", "AZRSelfPlayTaskset"]
