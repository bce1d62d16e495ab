"""The Absolute Zero game as PettingZoo AEC envs: one module per task type, plus self-play.

>>> from azr_env.multiagent import deduction_v0
>>> env = deduction_v0.env(n_solver=2)
>>> env.reset(seed=0)
>>> env.possible_agents
['proposer', 'solver']
>>> env.close()
"""
from azr_env.multiagent import abduction_v0, deduction_v0, induction_v0, selfplay_v0
from azr_env.multiagent.absolute_zero import AbsoluteZeroAECEnv

__all__ = ["AbsoluteZeroAECEnv", "abduction_v0", "deduction_v0", "induction_v0", "selfplay_v0"]
