"""Atomic writes: a failed write leaves the old file whole and no temporary file behind."""
import doctest

import pytest

from azr_env import files
from azr_env.files import write_atomic, write_json_atomic


def test_the_module_examples_hold():
    assert doctest.testmod(files).failed == 0


def test_a_write_that_fails_midway_keeps_the_old_file(tmp_path):
    path = tmp_path / "tasks.jsonl"
    write_atomic(path, "old\n")

    def chunks():
        yield "new line 1\n"
        raise RuntimeError("the producer broke")

    with pytest.raises(RuntimeError, match="producer broke"):
        write_atomic(path, chunks())
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.jsonl"]


def test_a_value_json_cannot_hold_is_an_error_and_writes_nothing(tmp_path):
    path = tmp_path / "v.json"
    with pytest.raises(TypeError):
        write_json_atomic(path, {"x": object()})
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []
