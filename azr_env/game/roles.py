"""The roles of the package's games, named once.

Absolute Zero has a proposer and a solver; Language Self-Play a challenger and a solver. The
names are the agents' names in the PettingZoo envs, the keys of ``info["rewards"]`` and of the
trainers' per-role metrics.
"""
PROPOSER = "proposer"
SOLVER = "solver"
CHALLENGER = "challenger"

AZR_ROLES = (PROPOSER, SOLVER)
LSP_ROLES = (CHALLENGER, SOLVER)
