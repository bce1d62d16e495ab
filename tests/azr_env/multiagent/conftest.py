"""Fixtures for the PettingZoo env tests: one executor per test module, ids registered, and the
scripted model outputs shared with the Gymnasium env tests (``tests/azr_env/envs/scripts.py``)."""
import importlib.util
import sys
from pathlib import Path

import pytest

from azr_env.envs.registration import register_all

# `import azr_env` registers the ids; calling it here keeps these tests independent of that.
register_all()

# Loaded by path: the test folders are not one importable package tree.
_SCRIPTS = Path(__file__).resolve().parents[1] / "envs" / "scripts.py"
_spec = importlib.util.spec_from_file_location("azr_env_test_scripts", _SCRIPTS)
scripts = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(scripts)


@pytest.fixture(scope="module")
def executor():
    from azr_env.executor import Executor

    with Executor(workers=2, timeout=2.0) as ex:
        yield ex


@pytest.fixture
def script():
    """script(task_type) -> Script(proposal, correct, wrong, malformed)."""
    return scripts.script
