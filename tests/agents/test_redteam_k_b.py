"""Red team K, what test_bad_run_input.py left open: task files whose rows are all skipped, or
some; a --model that is no path and no reachable hub id; `azr export` of a damaged checkpoint;
`checkpoints/latest` leading out of the run; samples files rewritten in place. Each is one line
naming the option or file, before the model loads where it can be found then."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from agents import cli
from agents import evaluate as ev
from agents import export as ex
from agents.checkpoint import CheckpointError
from azr_env.tasks import Task, TaskBuffers, TaskConfig, TaskType

FAST = ["--preset", "tiny", "--task-types", "deduction", "--proposer-batch-size", "2", "--solver-batch-size", "2",
        "--max-new-tokens-propose", "8", "--max-new-tokens-solve", "4", "--no-progress"]
GOOD_ROW = json.dumps({"code": "def f(a):\n    return a + 1", "input": "1", "output": "2"})


@pytest.fixture
def no_model_load(monkeypatch):
    """Fail the test if a model is loaded: every case here must be refused before that."""
    from agents.policy import Policy

    def refuse(*args, **kwargs):
        raise AssertionError("the model was loaded before the input was checked")

    monkeypatch.setattr(Policy, "from_pretrained", refuse)
    monkeypatch.setattr(ev, "load_policy", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # (hub_reachable then answers without the network)


# -- seed_file and eval_file -------------------------------------------------------------------------
@pytest.mark.parametrize("content, says", [
    (b"\xff\xfe\n", "seed_file {path} holds no usable task (1 row: line 1: not UTF-8 text"),
    (b'{"code": "def f(a', "seed_file {path} holds no usable task (1 row: line 1: not valid JSON (Unterminated string"),
    (b'[1, 2]\n"text"\n', "seed_file {path} holds no usable task (2 rows: line 1: a JSON list, not an object; line 2"),
    (b"", "seed_file {path} holds no usable task (0 rows)"),
    ("folder", "seed_file {path} is a folder"),
])
def test_a_seed_file_with_no_usable_row_stops_the_run_before_the_model(tmp_path, content, says, train_error, no_model_load):
    path = tmp_path / "seeds.jsonl"
    if content == "folder":
        path.mkdir()
    else:
        path.write_bytes(content)
    assert cli.main(["train", *FAST, "--output-dir", str(tmp_path / "run"), "--seed-file", str(path)]) == 1
    assert says.format(path=path) in train_error()


def test_an_eval_file_with_no_usable_row_stops_the_run_before_the_model(tmp_path, train_error, no_model_load):
    path = tmp_path / "heldout.jsonl"
    path.write_bytes(b"\xff\n")  # the held-out pass@1 was NaN, step after step
    argv = ["train", *FAST, "--output-dir", str(tmp_path / "run"), "--eval-heldout", "--eval-file", str(path)]
    assert cli.main(argv) == 1
    assert f"eval_file {path} holds no usable task (1 row: line 1: not UTF-8 text" in train_error()


def test_skipped_seed_rows_are_reported_with_their_lines(tmp_path, capsys):
    path = tmp_path / "seeds.jsonl"
    path.write_bytes(b"\n".join([GOOD_ROW.encode(), b"[1]", b'{"code": "def f(a', b""])[:-1])  # cut off mid-row
    assert cli.main(["train", *FAST, "--output-dir", str(tmp_path / "run"), "--seed-file", str(path),
                     "--max-steps", "0"]) == 0
    out = capsys.readouterr()
    assert (f"warning: seed_file {path}: 2 of 3 rows skipped (line 2: a JSON list, not an object; "
            "line 3: not valid JSON (Unterminated string starting at column 10))") in out.out + out.err


# -- --model ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("spec, says", [
    ("./no/such/model", "no such file or directory (nor tiny, smollm2-cpu or a hub id)"),
    ("no-such-owner/no-such-model", "no such file or directory, and the Hugging Face hub cannot be reached"),  # (HF_HUB_OFFLINE: no retries)
])
def test_a_model_that_is_no_path_and_no_reachable_hub_id_is_one_line(tmp_path, spec, says, train_error, no_model_load):
    assert cli.main(["train", *FAST, "--model", spec, "--output-dir", str(tmp_path / "run")]) == 1
    assert f"model {spec}: {says}" in train_error()
    args = ev.add_arguments(argparse.ArgumentParser()).parse_args(
        ["--model", spec, "--output", str(tmp_path / "r.json"), "--data", str(_data(tmp_path)), "--no-progress",
         "--tasks", "cruxeval-o", "--workers", "1"])
    with pytest.raises(SystemExit, match=f"^azr eval: --model {spec}: .*{says.split('(')[0]}"):
        ev.run(args)


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text(GOOD_ROW + "\n")
    return path


# -- damaged checkpoints for azr export and azr eval ----------------------------------------------------------
def fake_run(tmp_path: Path) -> Path:
    """A run directory with one complete checkpoint holding buffers (no model: export reads none)."""
    run = tmp_path / "run"
    checkpoint = run / "checkpoints" / "step-000001"
    buffers = TaskBuffers()
    buffers["deduction"].add(Task("deduction", "def f(a):\n    return a + 1", "1", "2"))
    buffers.save(checkpoint / "buffers")
    (checkpoint / "state.json").write_text(json.dumps({"step": 1}))
    (checkpoint / "COMPLETE").write_text("ok\n")
    (run / "checkpoints" / "latest").write_text("step-000001\n")
    return run


def export(run: Path, tmp_path: Path):
    return ex.run(ex.add_arguments(argparse.ArgumentParser()).parse_args([str(run), "--output", str(tmp_path / "out")]))


def test_azr_export_names_a_damaged_state_json(tmp_path):
    run = fake_run(tmp_path)
    state = run / "checkpoints" / "step-000001" / "state.json"
    state.write_text('{"step": 1, "bu')
    with pytest.raises(SystemExit, match=f"^azr export: {state} cannot be read"):
        export(run, tmp_path)


def test_azr_export_does_not_leave_out_a_buffer_with_a_damaged_row(tmp_path):
    run = fake_run(tmp_path)
    damaged = run / "checkpoints" / "step-000001" / "buffers" / "deduction.jsonl"
    damaged.write_bytes(damaged.read_bytes() + b'{"code": "\xff"}\n')  # (line 4) deduction was left out, exit 0
    with pytest.raises(SystemExit, match=f"^azr export: {damaged}:4: not a task \\(not UTF-8"):
        export(run, tmp_path)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("pointer, says", [
    (b"../../elsewhere/checkpoints/step-000001\n", "names '../../elsewhere/checkpoints/step-000001', not a checkpoint"),
    (b"\xff\xfe", "cannot be read"),
    (None, "is not a file"),
])
def test_a_latest_pointer_leading_out_of_the_run_is_refused_where_it_is_followed(tmp_path, pointer, says, train_error,
                                                                                 damage_latest):
    run = fake_run(tmp_path)
    latest = damage_latest(run, pointer)
    with pytest.raises(SystemExit, match=f"azr export: {latest} {says}"):
        export(run, tmp_path)
    with pytest.raises(CheckpointError, match=f"{latest} {says}"):
        ev.resolve_model(str(run))
    assert cli.main(["train", *FAST, "--output-dir", str(run), "--resume"]) == 1  # (before the model: no weights here)
    assert f"{latest} {says}" in train_error()


def test_a_deleted_newest_checkpoint_still_resumes_from_the_one_before(tmp_path):
    run = fake_run(tmp_path)
    (run / "checkpoints" / "latest").write_text("step-000002\n")  # its checkpoint deleted to go back
    assert ev.resolve_model(str(run))[0] == str(run / "checkpoints" / "step-000001" / "model")


# -- samples files -------------------------------------------------------------------------------------------
def test_a_samples_file_is_replaced_whole_and_kept_when_the_evaluation_fails(tmp_path, executor):
    tasks = [Task(TaskType.DEDUCTION, "def f(x):\n    return x + 1", str(i), str(i + 1)) for i in range(4)]
    task_set = ev.TaskSet("set", TaskType.DEDUCTION, tasks, n_rows=4)
    samples = tmp_path / "samples.jsonl"
    samples.write_text('{"earlier": "run"}\n')
    calls = []

    def fails_on_the_second_batch(prompts):
        calls.append(prompts)
        if len(calls) == 2:
            raise RuntimeError("killed mid-way")
        return [" 1\n"] * len(prompts)

    with pytest.raises(RuntimeError):
        ev.evaluate(fails_on_the_second_batch, [task_set], executor, config=TaskConfig(prompt_style="completion"),
                    batch_size=2, progress=False, samples_path=samples)
    assert samples.read_text() == '{"earlier": "run"}\n'  # it was cut to nothing, then half-written
    assert len((tmp_path / "samples.jsonl.partial").read_text().splitlines()) == 2  # what was done is kept
    ev.evaluate(lambda prompts: [" 1\n"] * len(prompts), [task_set], executor,
                config=TaskConfig(prompt_style="completion"), batch_size=2, progress=False, samples_path=samples)
    assert [json.loads(line)["task_id"] for line in samples.read_text().splitlines()] == [t.task_id for t in tasks]
    assert not (tmp_path / "samples.jsonl.partial").exists()


# -- metrics.jsonl -------------------------------------------------------------------------------------------
def test_a_damaged_metrics_line_does_not_stop_a_resume(tmp_path):
    from agents.trainer import _truncate_metrics

    path = tmp_path / "metrics.jsonl"
    path.write_bytes(b'{"step": 1}\n{"step": 2, "x": "\xff"}\n{"step": 3}\n{"step": 4}\n{"st')
    _truncate_metrics(path, 3)  # (a UnicodeDecodeError traceback: the run could not be resumed)
    assert path.read_text() == '{"step": 1}\n{"step": 3}\n'
