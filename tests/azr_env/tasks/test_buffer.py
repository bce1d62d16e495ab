"""Task buffers: seeding, dedupe, eviction, reproducible sampling, and files that survive a kill."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import numpy as np
import pytest

from azr_env.tasks import SEED_SOURCE, Task, TaskBuffer, TaskBuffers, TaskType, seed_task

REPO_ROOT = Path(__file__).resolve().parents[3]


def make_task(n, task_type=TaskType.DEDUCTION, **provenance):
    return Task(task_type, f"def f(a):\n    return a + {n}", "1", str(1 + n), **provenance)


def test_a_new_buffer_holds_the_papers_seed_triplet():
    buffer = TaskBuffer(TaskType.DEDUCTION)
    (seed,) = list(buffer)
    assert (seed.program, seed.input, seed.output, seed.source) == (
        "def f(a):\n    return a", "'Hello world'", "'Hello world'", SEED_SOURCE)
    assert len(TaskBuffer(TaskType.DEDUCTION, seed=False)) == 0


def test_induction_seed_splits_into_visible_and_hidden_pairs():
    seed = seed_task(TaskType.INDUCTION)
    assert seed.visible_examples and seed.hidden_examples and seed.message
    assert all(i == o for i, o in seed.examples)


def test_duplicates_by_normalised_program_and_input_are_dropped():
    buffer = TaskBuffer(TaskType.DEDUCTION, seed=False)
    assert buffer.add(Task(TaskType.DEDUCTION, "def f(a):\n    return a+1", "[1,2]", "x"))
    assert not buffer.add(Task(TaskType.DEDUCTION, "def f(a):  # again\n    return (a + 1)", "[1, 2]", "x", step=5))
    assert buffer.add(Task(TaskType.DEDUCTION, "def f(a):\n    return a+1", "[1, 3]", "x"))
    assert len(buffer) == 2


def test_a_task_of_another_type_is_refused():
    with pytest.raises(ValueError):
        TaskBuffer(TaskType.DEDUCTION).add(make_task(1, TaskType.ABDUCTION))


def test_full_buffer_evicts_oldest_non_seed_task_first():
    buffer = TaskBuffer(TaskType.DEDUCTION, max_size=3)
    for n in range(5):
        buffer.add(make_task(n))
    kept = [t.source == SEED_SOURCE or t.output for t in buffer]
    assert kept == [True, "4", "5"]  # the seed stays; tasks 0..2 went oldest first
    assert [t.output for t in buffer.newest(2)] == ["5", "4"]


def test_get_and_contains_by_task_id():
    buffer = TaskBuffer(TaskType.DEDUCTION)
    task = make_task(3, step=12)
    buffer.add(task)
    assert buffer.get(task.task_id) == task and task.task_id in buffer and task in buffer
    assert buffer.get("nope") is None
    buffer.update(task.with_provenance(solve_rate=0.25))
    assert buffer.get(task.task_id).solve_rate == 0.25


def test_sampling_is_reproducible_and_distinct():
    buffer = TaskBuffer(TaskType.DEDUCTION, [make_task(n) for n in range(50)])
    first = buffer.sample(np.random.default_rng(7), 6)
    assert first == buffer.sample(np.random.default_rng(7), 6)
    assert len({t.task_id for t in first}) == 6
    assert len(buffer.sample(np.random.default_rng(0), 500)) == len(buffer)  # never more than held


def test_sampling_is_uniform():
    buffer = TaskBuffer(TaskType.DEDUCTION, [make_task(n) for n in range(3)])
    rng = np.random.default_rng(1)
    counts = {}
    for _ in range(4000):
        (task,) = buffer.sample(rng, 1)
        counts[task.task_id] = counts.get(task.task_id, 0) + 1
    assert len(counts) == 4
    assert all(850 < c < 1150 for c in counts.values()), counts  # 1000 expected, ~5 sigma band


def test_save_and_load_round_trip_with_provenance(tmp_path):
    examples = tuple((str(i), str(i * 2)) for i in range(6))
    buffer = TaskBuffer(TaskType.INDUCTION, max_size=50)
    buffer.add(Task(TaskType.INDUCTION, "def f(a):\n    return a * 2", "0", "0", examples=examples,
                    message="doubles", n_visible=3, step=4, solve_rate=0.5, source="proposer"))
    buffer.save(tmp_path / "induction.jsonl")
    again = TaskBuffer.load(tmp_path / "induction.jsonl")
    assert list(again) == list(buffer)
    assert (again.task_type, again.max_size) == (TaskType.INDUCTION, 50)
    loaded = again.newest(1)[0]
    assert (loaded.step, loaded.solve_rate, loaded.source, loaded.n_visible) == (4, 0.5, "proposer", 3)
    assert not list(tmp_path.glob("*.tmp"))  # no temporary file left behind


def test_task_buffers_save_and_load_a_directory(tmp_path):
    buffers = TaskBuffers(max_size=20)
    buffers["abduction"].add(make_task(1, TaskType.ABDUCTION))
    buffers.save(tmp_path / "buffers")
    again = TaskBuffers.load(tmp_path / "buffers")
    assert {t: len(again[t]) for t in TaskType} == {TaskType.DEDUCTION: 1, TaskType.ABDUCTION: 2, TaskType.INDUCTION: 1}


_SAVE_LOOP = textwrap.dedent("""
    import sys
    from azr_env.tasks import Task, TaskBuffer, TaskType
    buffer = TaskBuffer(TaskType.DEDUCTION, max_size=None)
    for n in range(1500):
        buffer.add(Task(TaskType.DEDUCTION, f"def f(a):\\n    return a + {n}", "1", str(1 + n), step=n))
    n = 1500
    buffer.save(sys.argv[1])
    print("saved", flush=True)
    while True:
        buffer.add(Task(TaskType.DEDUCTION, f"def f(a):\\n    return a + {n}", "1", str(1 + n), step=n))
        buffer.save(sys.argv[1])
        n += 1
""")


def test_a_process_killed_mid_save_leaves_a_loadable_file(tmp_path):
    path = tmp_path / "deduction.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    for delay in (0.05, 0.13, 0.29):
        child = subprocess.Popen([sys.executable, "-c", _SAVE_LOOP, str(path)], stdout=subprocess.PIPE, env=env)
        try:
            assert child.stdout.readline().strip() == b"saved"
            time.sleep(delay)  # the child is somewhere inside its save loop
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        buffer = TaskBuffer.load(path)
        steps = [t.step for t in buffer if t.step is not None]
        # A complete snapshot: every step from 0 up to the last saved one, nothing torn.
        assert steps == list(range(len(steps))) and len(steps) >= 1500
        assert len(buffer) == len(steps) + 1  # plus the seed


def test_from_jsonl_reads_our_format_and_cruxeval_rows(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [
        {"code": "def f(x):\n    return x * 3", "input": "2", "output": "6", "id": "sample_9"},
        make_task(1, TaskType.ABDUCTION, step=2).to_json(),
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    buffer = TaskBuffer.from_jsonl(path, "abduction")
    first, second = list(buffer)
    assert (first.program, first.input, first.output) == ("def f(x):\n    return x * 3", "2", "6")
    assert first.source == "jsonl:mixed.jsonl#sample_9" and second.step == 2


def test_from_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"code": "def f(a): return a", "input": "1", "output": "1"}) + "\n{oops\n")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        TaskBuffer.from_jsonl(path, "deduction")


def test_from_jsonl_refuses_a_line_without_end_before_reading_it_whole(tmp_path, monkeypatch):
    # A file with no newline (/dev/zero, a stray binary) was read as one line until memory ran out.
    import azr_env.tasks.buffer as buffer_module

    monkeypatch.setattr(buffer_module, "MAX_TASK_LINE_CHARS", 1_000)
    path = tmp_path / "endless.jsonl"
    path.write_text(json.dumps({"code": "def f(a): return a", "input": "1", "output": "1"}) + "\n" + "x" * 5_000)
    with pytest.raises(ValueError, match="endless.jsonl:2: not a task .a line longer than 1,000 characters"):
        TaskBuffer.from_jsonl(path, "deduction")


def test_cruxeval_dev_loads_as_a_buffer(cruxeval_path):
    rows = [json.loads(line) for line in cruxeval_path.read_text().splitlines() if line.strip()]
    buffer = TaskBuffer.from_jsonl(cruxeval_path, TaskType.DEDUCTION)
    distinct = {Task(TaskType.DEDUCTION, r["code"], r["input"], r["output"]).task_id for r in rows}
    assert len(buffer) + len(buffer.skipped) == len(distinct) > 300
    assert len(buffer.skipped) <= 10  # rows such as `dict(e=1, d=2, c=3)` are not literal inputs
    assert buffer.newest(1)[0].source.startswith("jsonl:cruxeval-dev.jsonl#")
    everything = TaskBuffer.from_jsonl(cruxeval_path, TaskType.DEDUCTION, literal_inputs_only=False)
    assert len(everything) == len(distinct) and not everything.skipped


def test_rows_with_non_literal_inputs_are_skipped_with_a_reason(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"code": "def f(d):\n    return d", "input": "dict(a=1)", "output": "{'a': 1}"},
            {"code": "def f(d):\n    return d", "input": "{'a': 1}", "output": "{'a': 1}"}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    buffer = TaskBuffer.from_jsonl(path, "abduction")
    assert [t.input for t in buffer] == ["{'a': 1}"]
    assert buffer.skipped == ["line 1: argument 1 is not a literal: dict(...)"]


def test_to_hf_dataset_rows_share_one_schema(monkeypatch):
    # Without `datasets` installed, a stand-in records the rows the real one would receive.
    captured = []
    stub = types.SimpleNamespace(Dataset=types.SimpleNamespace(from_list=lambda rows: captured.extend(rows) or rows))
    monkeypatch.setitem(sys.modules, "datasets", stub)
    buffer = TaskBuffer(TaskType.DEDUCTION)
    buffer.add(make_task(1, step=3))
    buffer.to_hf_dataset()
    assert len(captured) == 2 and len({frozenset(row) for row in captured}) == 1
    assert captured[1]["task_id"] == make_task(1).task_id and captured[1]["step"] == 3


def test_to_hf_dataset_without_datasets_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "datasets", None)  # makes `import datasets` fail
    with pytest.raises(ImportError, match="pip install"):
        TaskBuffer(TaskType.DEDUCTION).to_hf_dataset()


def test_to_hf_dataset(tmp_path):
    pytest.importorskip("datasets")
    buffers = TaskBuffers()
    dataset = buffers["induction"].to_hf_dataset()
    assert dataset.num_rows == 1 and dataset[0]["task_type"] == "induction"
    assert len(dataset[0]["examples"]) == 4


def _snapshot(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_a_save_that_cannot_encode_a_task_names_it_and_changes_no_file(tmp_path):
    TaskBuffers().save(tmp_path)  # the previous checkpoint
    before = _snapshot(tmp_path)
    buffers = TaskBuffers()
    buffers["deduction"].add(make_task(5))  # deduction.jsonl is rendered first...
    bad = Task(TaskType.INDUCTION, "def f(a):\n    return '\ud800'", "1", "1",
               examples=(("1", "1"), ("2", "2")), source="proposer")
    buffers["induction"].add(bad)  # ...and this one cannot be written as UTF-8
    with pytest.raises(ValueError, match=bad.task_id):
        buffers.save(tmp_path)
    assert _snapshot(tmp_path) == before  # one snapshot, not a mix of two; no temporary file


def test_a_save_that_fails_midway_changes_no_file(tmp_path, monkeypatch):
    TaskBuffers().save(tmp_path)
    before = _snapshot(tmp_path)
    buffers = TaskBuffers()
    for task_type in TaskType:
        buffers[task_type].add(make_task(7, task_type) if task_type is not TaskType.INDUCTION else
                               Task(task_type, "def f(a):\n    return a", "1", "1", examples=(("1", "1"), ("2", "2"))))
    calls = []

    def full_disk_on_second_file(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk_on_second_file)
    with pytest.raises(OSError, match="No space"):
        buffers.save(tmp_path)
    assert _snapshot(tmp_path) == before


def test_from_jsonl_refuses_a_lone_surrogate_so_the_buffer_can_be_saved(tmp_path):
    path = tmp_path / "rows.jsonl"
    good = json.dumps({"code": "def f(a):\n    return a", "input": "1", "output": "1"})
    bad = good.replace("return a", "return '\\ud800' + a")  # a JSON escape of a lone surrogate
    path.write_text(good + "\n" + bad + "\n")
    with pytest.raises(ValueError, match=r"rows.jsonl:2: not a task \(.*surrogate"):
        TaskBuffer.from_jsonl(path, "abduction")


_GOOD_ROW = json.dumps({"code": "def f(a):\n    return a", "input": "1", "output": "1"}).encode()
_INDUCTION_ROW = {"task_type": "induction", "program": "def f(a):\n    return a", "message": "identity",
                  "examples": [["1", "1"], ["2", "2"], ["3", "3"], ["4", "4"]]}


@pytest.mark.parametrize("task_type, line, reason", [
    ("deduction", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("deduction", '{"caf\xe9": 1}'.encode("latin-1"), "not UTF-8"),
    ("induction", json.dumps({**_INDUCTION_ROW, "examples": [["1"], ["2", "2"]]}).encode(), r"examples\[0\]"),
    ("induction", json.dumps({**_INDUCTION_ROW, "n_visible": "2"}).encode(), "n_visible"),
    ("induction", json.dumps({**_INDUCTION_ROW, "n_visible": 99}).encode(), "n_visible"),
])
def test_from_jsonl_names_the_line_of_any_bad_row(tmp_path, task_type, line, reason):
    path = tmp_path / "rows.jsonl"
    first = _GOOD_ROW if task_type == "deduction" else json.dumps(_INDUCTION_ROW).encode()
    path.write_bytes(first + b"\n" + line + b"\n")
    with pytest.raises(ValueError, match=rf"rows.jsonl:2: not a task \(.*{reason}"):
        TaskBuffer.from_jsonl(path, task_type)


@pytest.mark.parametrize("header, reason", [
    (b"{bad", "Expecting"),
    (b"[1]", "not an object"),
    (b'{"format": "azr_env.task_buffer", "max_size": 5}', "no task_type"),
    (b'{"format": "azr_env.task_buffer", "task_type": "nope"}', "nope"),
    (b'{"format": "azr_env.task_buffer", "task_type": "deduction", "max_size": "abc"}', "max_size"),
    (b"[" * 50_000, "nested too deeply"),
    (b"[" * 100_000, "a first line longer than"),  # (a header is a few dozen bytes: read no further)
    (b"\xff{}", "utf-8"),
])
def test_load_names_a_bad_header(tmp_path, header, reason):
    path = tmp_path / "deduction.jsonl"
    path.write_bytes(header + b"\n" + _GOOD_ROW + b"\n")
    with pytest.raises(ValueError, match=rf"deduction.jsonl: bad task buffer header \(.*{reason}"):
        TaskBuffer.load(path)


# -- argument checks (the twenty-eighth session's red team, fault 6) -----------------------------
class _RaisingStr(str):
    """A task id whose own hashing and comparison raise: they must never run in the buffer."""

    def __hash__(self):
        raise KeyError("hash")

    def __eq__(self, other):
        raise KeyError("eq")


def _argument_error(match):
    """The error for a caller's bad argument: a TypeError and a ValueError both, naming it."""
    return pytest.raises(TypeError, match=match)


@pytest.mark.parametrize("max_size", [float("nan"), "5", 5.0, True, [5]])
def test_max_size_of_the_wrong_type_is_refused_by_name(max_size):
    with _argument_error("max_size must be a positive int or None") as caught:
        TaskBuffer(TaskType.DEDUCTION, max_size=max_size)
    assert isinstance(caught.value, ValueError)


def test_a_nan_max_size_is_refused_not_an_unbounded_buffer():
    with pytest.raises(ValueError, match="max_size must be a positive int or None, got nan"):
        TaskBuffers(max_size=float("nan"))


@pytest.mark.parametrize("max_size", [0, -3])
def test_max_size_below_one_is_a_value_error(max_size):
    with pytest.raises(ValueError, match=f"max_size must be a positive int or None, got {max_size}"):
        TaskBuffer(TaskType.DEDUCTION, max_size=max_size)


def test_a_numpy_integer_max_size_is_accepted_and_saved_as_an_int(tmp_path):
    buffer = TaskBuffer(TaskType.DEDUCTION, max_size=np.int64(3))
    buffer.save(tmp_path / "b.jsonl")
    assert type(buffer.max_size) is int and TaskBuffer.load(tmp_path / "b.jsonl").max_size == 3


@pytest.mark.parametrize("task", [None, "def f(a): return a", {"program": "x"}])
def test_adding_something_that_is_not_a_task_names_the_argument(task):
    buffer = TaskBuffer(TaskType.DEDUCTION)
    with _argument_error("task must be a Task, got"):
        buffer.add(task)
    with _argument_error("task must be a Task, got"):
        buffer.update(task)
    assert len(buffer) == 1


@pytest.mark.parametrize("rng", [None, 0, np.random.default_rng])
def test_sampling_without_a_generator_names_the_argument(rng):
    with _argument_error("rng must be a numpy.random.Generator, got"):
        TaskBuffer(TaskType.DEDUCTION).sample(rng, 1)


@pytest.mark.parametrize("k", [float("nan"), 1.5, "2", None])
def test_a_count_that_is_not_an_int_names_the_argument(k):
    buffer = TaskBuffer(TaskType.DEDUCTION)
    with _argument_error("k must be an int, got") as caught:
        buffer.sample(np.random.default_rng(0), k)
    assert "negative dimensions" not in str(caught.value)
    with _argument_error("k must be an int, got"):
        buffer.newest(k)


def test_a_str_subclass_id_is_read_as_plain_text_without_running_its_methods():
    buffer = TaskBuffer(TaskType.DEDUCTION)
    seed_id = buffer.newest(1)[0].task_id
    assert buffer.get(_RaisingStr(seed_id)) is buffer.newest(1)[0]
    assert _RaisingStr(seed_id) in buffer
    assert buffer.get(_RaisingStr("absent")) is None
    assert _RaisingStr("absent") not in buffer


@pytest.mark.parametrize("task_id", [None, 3, b"abc", ("a",)])
def test_an_id_that_is_not_text_is_refused_by_get_and_absent_for_in(task_id):
    buffer = TaskBuffer(TaskType.DEDUCTION)
    with _argument_error("task_id must be a str, got"):
        buffer.get(task_id)
    assert task_id not in buffer


def test_a_buffer_file_with_no_newline_is_refused_without_reading_it_whole(tmp_path):
    # The header was read with an unbounded readline: a 1 GiB file of zero bytes was read whole
    # (the thirtieth session's red team A2). A sparse file costs no disk.
    path = tmp_path / "deduction.jsonl"
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)
    script = textwrap.dedent(f"""
        import resource
        from azr_env.tasks import TaskBuffer
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + (400 << 20), hard))  # far less than the file
        try:
            TaskBuffer.load({str(path)!r})
        except ValueError as error:
            print("refused:", error)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "bad task buffer header" in done.stdout, (done.stdout, done.stderr[-500:])


def test_a_save_whose_last_replace_fails_puts_back_the_files_already_replaced(tmp_path):
    # The new files went into place one by one: a failure at the third left the first two new,
    # a mix of two snapshots (red team A2).
    TaskBuffers().save(tmp_path)
    (tmp_path / "induction.jsonl").unlink()
    (tmp_path / "induction.jsonl").mkdir()  # the one target os.replace cannot overwrite
    before = {name: (tmp_path / name).read_bytes() for name in ("deduction.jsonl", "abduction.jsonl")}
    buffers = TaskBuffers()
    buffers["deduction"].add(make_task(3, TaskType.DEDUCTION))
    buffers["abduction"].add(make_task(4, TaskType.ABDUCTION))
    with pytest.raises(OSError):
        buffers.save(tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".bak"))]
