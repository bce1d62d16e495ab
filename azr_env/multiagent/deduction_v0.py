"""Absolute Zero, deduction tasks: ``pettingzoo.make("aec", "azr/deduction-v0")``.

The documentation below is the one template of :mod:`azr_env.multiagent.absolute_zero`, filled in
for this env.
"""
from azr_env.multiagent.absolute_zero import versioned

__doc__, env, raw_env = versioned("deduction")
__all__ = ["env", "raw_env"]
