"""Fixtures shared across the suite.

Data from ../shared/data (beside the repository) is read in place, never copied into the repo;
tests that need it skip when it is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(scope="session")
def cruxeval_path(shared_data: Path) -> Path:
    path = shared_data / "cruxeval-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="module")
def executor():
    """One executor per test module (two workers; a timeout that holds on a loaded 2-core machine)."""
    from azr_env.executor import Executor

    with Executor(workers=2, timeout=2.0) as ex:
        yield ex
