"""One executor per test module for the testing kit's tests."""
import pytest


@pytest.fixture(scope="module")
def executor():
    from azr_env.executor import Executor

    with Executor(workers=2, timeout=2.0) as ex:
        yield ex
