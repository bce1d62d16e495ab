"""Fixtures of the agent's tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def train_error(capsys):
    """Read what `azr train` wrote to stderr and return its one error line, failing the test when
    there is a traceback or more than one such line: bad input is said in one line."""
    def read() -> str:
        err = capsys.readouterr().err
        assert "Traceback" not in err
        lines = [line for line in err.splitlines() if line.startswith("azr train")]
        assert len(lines) == 1, err
        return lines[0]

    return read


@pytest.fixture
def damage_latest():
    """Replace a run's ``checkpoints/latest`` pointer with ``pointer`` (bytes), or with a folder
    when it is None; returns the pointer's path."""
    def damage(run, pointer):
        latest = run / "checkpoints" / "latest"
        latest.unlink()
        if pointer is None:
            latest.mkdir()
        else:
            latest.write_bytes(pointer)
        return latest

    return damage
