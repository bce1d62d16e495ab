"""`azr export`: a run's task buffers out as JSONL (and as a HF dataset when `datasets` is installed)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agents import export as ex
from agents.checkpoint import save_checkpoint
from azr_env.tasks import Task, TaskBuffer, TaskBuffers


class _Weights:
    """Stands in for a model: the checkpoint layout only needs save_pretrained."""

    def save_pretrained(self, path, **kwargs):
        Path(path).mkdir(parents=True, exist_ok=True)


def _buffers(n: int) -> TaskBuffers:
    buffers = TaskBuffers()
    for k in range(n):
        buffers["deduction"].add(Task("deduction", f"def f(a):\n    return a + {k}", "1", str(1 + k), step=k,
                                      source="proposer"))
    return buffers


def _run(tmp_path: Path) -> Path:
    """A run directory laid out as the trainer writes it: buffers/ inside each checkpoint."""
    run = tmp_path / "run"
    for step, n in ((1, 2), (2, 5)):
        save_checkpoint(run, step, model=_Weights(), state={"config": {"model": "tiny"}},
                        extra_files={"buffers": _buffers(n).save})
    return run


def test_jsonl_export_of_the_latest_checkpoint_round_trips(tmp_path):
    run = _run(tmp_path)
    written = dict((p.name, n) for p, n in ex.export_run(run, "jsonl"))
    assert written == {"abduction.jsonl": 1, "deduction.jsonl": 6, "induction.jsonl": 1}  # seeds included
    loaded = TaskBuffer.load(run / "export" / "jsonl" / "deduction.jsonl")
    assert [t.source for t in loaded].count("proposer") == 5
    assert list(loaded)[1:] == list(_buffers(5)["deduction"])[1:]  # provenance kept


def test_options_choose_checkpoint_types_and_seeds(tmp_path):
    run = _run(tmp_path)
    out = tmp_path / "out"
    written = ex.export_run(run, "jsonl", out, checkpoint="step-000001", task_types=["deduction"], include_seeds=False)
    assert [(p.name, n) for p, n in written] == [("deduction.jsonl", 2)]
    assert all(t.source != "seed" for t in TaskBuffer.load(out / "deduction.jsonl"))


def test_command_line_and_errors(tmp_path, capsys):
    from agents.cli import main

    run = _run(tmp_path)
    assert main(["export", str(run), "--output", str(tmp_path / "cli"), "--no-seeds"]) == 0
    assert "5 tasks ->" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SystemExit, match="no task buffers"):
        main(["export", str(empty)])
    with pytest.raises(SystemExit, match="not a complete checkpoint"):
        main(["export", str(run), "--checkpoint", "step-000009"])


def test_exported_buffers_feed_azr_eval(tmp_path):
    from agents import evaluate as ev

    run = _run(tmp_path)
    ex.export_run(run, "jsonl", tmp_path / "out", task_types=["deduction"], include_seeds=False)
    task_set = ev.load_task_set(tmp_path / "out" / "deduction.jsonl", "cruxeval-i")  # asked as abduction
    assert len(task_set.tasks) == 5 and {t.task_type.value for t in task_set.tasks} == {"abduction"}


def test_hf_format_needs_datasets(tmp_path, monkeypatch):
    run = _run(tmp_path)
    monkeypatch.setitem(sys.modules, "datasets", None)  # as if not installed
    with pytest.raises(ImportError, match=r"azr-env\[hf\]"):
        ex.export_run(run, "hf")


def test_hf_export_loads_back(tmp_path):
    datasets = pytest.importorskip("datasets")
    run = _run(tmp_path)
    ex.export_run(run, "hf", tmp_path / "hf")
    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    assert loaded["deduction"].num_rows == 6 and "task_id" in loaded["deduction"].column_names
