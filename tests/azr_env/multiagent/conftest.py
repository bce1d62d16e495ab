"""Fixtures for the PettingZoo env tests: one executor per test module, ids registered."""
import pytest

from azr_env.envs.registration import register_all

# `import azr_env` registers the ids; calling it here keeps these tests independent of that.
register_all()


@pytest.fixture(scope="module")
def executor():
    from azr_env.executor import Executor

    with Executor(workers=2, timeout=2.0) as ex:
        yield ex
