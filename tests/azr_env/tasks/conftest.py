"""Fixtures shared by the tasks tests: one executor per test module, the shared data folder."""
from pathlib import Path

import pytest

# The `shared` folder lives beside the repository root: <root>/../shared/data.
SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
CRUXEVAL_DEV = SHARED_DATA / "cruxeval-dev.jsonl"


@pytest.fixture(scope="module")
def executor():
    from azr_env.executor import Executor

    with Executor(workers=2, timeout=1.0) as ex:
        yield ex


@pytest.fixture
def cruxeval_path():
    if not CRUXEVAL_DEV.exists():
        pytest.skip(f"CRUXEval dev file not found at {CRUXEVAL_DEV}")
    return CRUXEVAL_DEV
