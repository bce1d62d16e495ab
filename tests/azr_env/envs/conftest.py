"""The env tests register the ids here; the executor fixture is the suite's (tests/conftest.py)."""
from azr_env.envs.registration import register_all

# `import azr_env` registers the ids; calling it here keeps these tests independent of that.
register_all()
