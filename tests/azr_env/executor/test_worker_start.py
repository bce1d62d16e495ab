"""How a sandbox worker starts: from the code of its files, compiled once by the parent and handed
over in a sealed memory file (``pool.worker_code_fd``), or compiled by the worker itself where
none can be handed over (under ``python -O``, or without ``memfd_create``)."""
from __future__ import annotations

import errno
import marshal
import os
import types
from pathlib import Path

import pytest

from azr_env.executor import ExecStatus, Executor
from azr_env.executor import pool as pool_module

pytestmark = pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="memory files are Linux's")

WORKER_FILES = sorted(str(path) for path in Path(pool_module.__file__).parent.glob("_*.py")
                      if path.name != "__init__.py")
SET_PROGRAM = "def f(x):\n    return sorted({'b', 'a'}) + [x]\n"


def _handed_over() -> dict:
    fd = pool_module.worker_code_fd()
    assert fd >= 0
    return marshal.loads(os.pread(fd, os.fstat(fd).st_size, 0))


def test_the_code_handed_over_is_every_worker_file_compiled_from_its_source():
    codes = _handed_over()
    assert sorted(codes) == WORKER_FILES
    for path, code in codes.items():
        assert isinstance(code, types.CodeType)
        assert code.co_filename == path  # (tracebacks and the guards' frame checks name the file)
        source = compile(Path(path).read_bytes(), path, "exec", dont_inherit=True)
        assert code.co_names == source.co_names and code.co_consts == source.co_consts


def test_the_memory_file_is_made_once_and_no_one_can_change_it():
    fd = pool_module.worker_code_fd()
    assert pool_module.worker_code_fd() == fd
    with pytest.raises(OSError) as raised:
        os.pwrite(fd, b"x", 0)
    assert raised.value.errno == errno.EPERM  # (sealed against writes, growth and shrinking)
    with pytest.raises(OSError):
        os.ftruncate(fd, 0)


def test_a_worker_started_from_the_handed_over_code_keeps_no_handle_on_it():
    with Executor(workers=2) as ex:
        assert ex.validate(SET_PROGRAM, "1").output == "['a', 'b', 1]"
        for worker in ex._pool.workers:
            links = [os.readlink(f"/proc/{worker.proc.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{worker.proc.pid}/fd")]
            assert not [link for link in links if "azr-worker-code" in link], links


def test_without_handed_over_code_the_worker_compiles_its_files_and_runs_the_same(monkeypatch):
    monkeypatch.setattr(pool_module, "worker_code_fd", lambda: -1)
    with Executor(workers=2) as ex:
        result = ex.validate(SET_PROGRAM, "1")
        assert (result.status, result.output) == (ExecStatus.OK, "['a', 'b', 1]")
        assert ex.sandbox_report()["seccomp"].startswith("active")


def test_a_worker_file_changed_since_is_compiled_again(tmp_path, monkeypatch):
    # A copy of the executor's files, one of them edited after the first hand-over: the next
    # hand-over holds the edited file's code, not the code made before.
    copy = tmp_path / "executor"
    copy.mkdir()
    for path in WORKER_FILES + [pool_module.__file__]:
        (copy / Path(path).name).write_bytes(Path(path).read_bytes())
    monkeypatch.setattr(pool_module, "__file__", str(copy / "pool.py"))
    monkeypatch.setattr(pool_module, "_CODE_FD", {})
    first = _handed_over()
    first_fd = pool_module._CODE_FD["fd"]
    edited = copy / "_idhash.py"
    edited.write_text(edited.read_text() + "\nEDITED_AFTER_THE_FIRST_HAND_OVER = 1\n")
    second = _handed_over()
    for fd in {first_fd, pool_module._CODE_FD["fd"]}:
        os.close(fd)
    assert "EDITED_AFTER_THE_FIRST_HAND_OVER" not in first[str(edited)].co_names
    assert "EDITED_AFTER_THE_FIRST_HAND_OVER" in second[str(edited)].co_names


def test_a_number_that_no_longer_holds_the_memory_file_is_not_handed_over(tmp_path):
    # Code in the parent closed the memory file's number, and a file of its own took the number:
    # that file was handed to the workers and read as their code, and every worker failed to start
    # (red team 33F). The memory file is made again; the host's file stays the host's.
    with Executor(workers=1) as ex:
        assert ex.run(SET_PROGRAM, "1").ok
    fd = pool_module._CODE_FD["fd"]
    os.close(fd)
    notes = tmp_path / "notes.txt"
    notes.write_text("Notes of the host application\n")  # (unmarshalled, "N" is None)
    opened = os.open(notes, os.O_RDONLY)
    # (The lowest free number need not be this one when other tests left a lower one free: the
    # host's file is put on that very number.)
    reused = os.dup2(opened, fd) if opened != fd else fd
    if opened != fd:
        os.close(opened)
    try:
        assert reused == fd
        with Executor(workers=2) as ex:
            result = ex.validate(SET_PROGRAM, "1")
        assert (result.status, result.output) == (ExecStatus.OK, "['a', 'b', 1]")
        assert pool_module._CODE_FD["fd"] != reused
        assert os.pread(reused, 5, 0) == b"Notes"
    finally:
        os.close(reused)


@pytest.mark.parametrize("payload", [marshal.dumps(None), marshal.dumps({"/not/the/worker.py": 1}), b"\x00garbage"])
def test_a_worker_handed_anything_but_code_compiles_its_files_and_starts(monkeypatch, payload):
    made = pool_module._sealed_memory_file(payload)
    monkeypatch.setattr(pool_module, "worker_code_fd", lambda: made)
    try:
        with Executor(workers=1) as ex:
            result = ex.run(SET_PROGRAM, "1")
        assert (result.status, result.output) == (ExecStatus.OK, "['a', 'b', 1]")
    finally:
        os.close(made)
