"""Fixtures for the PettingZoo env tests: ids registered (the executor fixture is the suite's)."""
from azr_env.envs.registration import register_all

# `import azr_env` registers the ids; calling it here keeps these tests independent of that.
register_all()
