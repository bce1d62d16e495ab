"""``azr export RUN_DIR --format jsonl|hf``: the task buffers of a training run, as files others can use.

The buffers are read from the run's latest complete checkpoint (or ``--checkpoint step-000004``),
wherever in it the trainer saved them: every ``*.jsonl`` file with a task-buffer header counts, and
so does a ``buffers`` mapping in the checkpoint's ``state.json``. A directory of buffer files that is
not a run (what ``TaskBuffers.save`` writes) works too.

* ``--format jsonl`` writes ``OUT/<task type>.jsonl``, one task-buffer file per type, which
  ``TaskBuffer.load``, ``azr eval --data`` and ``azr_env.integrations.trl.build_dataset`` read back;
* ``--format hf`` writes a ``datasets.DatasetDict`` (one split per task type) with ``save_to_disk``;
  load it with ``datasets.load_from_disk(OUT)``. Needs ``pip install azr-env[hf]``.

``OUT`` defaults to ``RUN_DIR/export/<format>``.

>>> import tempfile
>>> from azr_env.tasks import Task, TaskBuffers
>>> with tempfile.TemporaryDirectory() as run:
...     buffers = TaskBuffers()
...     _ = buffers["deduction"].add(Task("deduction", "def f(a):\\n    return a + 1", "1", "2"))
...     buffers.save(run)
...     written = export_run(run, "jsonl", f"{run}/out")
...     [(p.name, n) for p, n in written]
[('abduction.jsonl', 1), ('deduction.jsonl', 2), ('induction.jsonl', 1)]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from agents.errors import RunInputError
from azr_env.tasks import TaskBuffer, TaskType
from azr_env.tasks.buffer import BUFFER_FORMAT, MAX_HEADER_BYTES, SEED_SOURCE
from azr_env.tasks.types import Task

FORMATS = ("jsonl", "hf")


def _is_buffer_file(path: Path) -> bool:
    # Only the first line is decoded: read as text, a byte that is not UTF-8 further on (a damaged
    # row) made the whole file look like no buffer, and the export left its task type out unsaid;
    # now TaskBuffer.load names that row.
    try:
        with path.open("rb") as handle:
            first = handle.readline(MAX_HEADER_BYTES + 1)  # (a file with no newline is read no further)
        if len(first) > MAX_HEADER_BYTES:
            return False
        header = json.loads(first.decode("utf-8") or "{}")
    except (OSError, ValueError):
        return False
    return isinstance(header, dict) and header.get("format") == BUFFER_FORMAT


def locate(run_dir: str | Path, checkpoint: str | None = None) -> Path:
    """The directory to read buffers from: the chosen or latest complete checkpoint of a run, else
    ``run_dir`` itself."""
    from agents.checkpoint import CHECKPOINTS, COMPLETE, find_latest

    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"{run_dir} is not a directory")
    if checkpoint is not None:
        chosen = Path(checkpoint) if Path(checkpoint).is_dir() else run_dir / CHECKPOINTS / checkpoint
        if not (chosen / COMPLETE).exists():
            raise FileNotFoundError(f"{chosen} is not a complete checkpoint")
        return chosen
    if (run_dir / COMPLETE).exists():
        return run_dir
    return find_latest(run_dir, strict=True) or run_dir


def read_buffers(source: Path) -> dict[TaskType, TaskBuffer]:
    """Every task buffer saved under ``source`` (searched recursively), merged per task type."""
    found: dict[TaskType, TaskBuffer] = {}

    def merge(buffer: TaskBuffer) -> None:
        into = found.setdefault(buffer.task_type, TaskBuffer(buffer.task_type, max_size=None, seed=False))
        into.extend(buffer)

    for path in sorted(source.rglob("*.jsonl")):
        if not path.name.startswith(".") and "export" not in path.relative_to(source).parts and _is_buffer_file(path):
            merge(TaskBuffer.load(path, max_size=None))
    state = source / "state.json"
    if state.exists():
        saved = _read_state(state).get("buffers")
        if isinstance(saved, dict):
            for task_type, tasks in saved.items():
                if isinstance(tasks, list) and task_type in {t.value for t in TaskType}:
                    merge(TaskBuffer(task_type, (Task.from_json(t) for t in tasks), max_size=None, seed=False))
    return found


def _read_state(path: Path) -> dict:
    """A checkpoint's ``state.json`` as a dict; ``RunInputError`` naming it when it is damaged (the
    message was json's alone, without the file)."""
    try:
        state = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise RunInputError(f"{path} cannot be read ({type(exc).__name__}: {exc})") from None
    if not isinstance(state, dict):
        raise RunInputError(f"{path} must be a JSON object, not a {type(state).__name__}")
    return state


def export_run(run_dir: str | Path, fmt: str = "jsonl", output: str | Path | None = None, *,
               checkpoint: str | None = None, task_types: Sequence[str] | None = None,
               include_seeds: bool = True) -> list[tuple[Path, int]]:
    """Export the buffers of ``run_dir``; returns ``(path written, number of tasks)`` pairs."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    if output is not None and Path(output).exists() and not Path(output).is_dir():
        # Checked before anything is read: the export writes a folder (one file per task type).
        raise ValueError(f"output {output} is a file; the export writes a folder there")
    source = locate(run_dir, checkpoint)
    buffers = read_buffers(source)
    if not buffers:
        raise FileNotFoundError(f"no task buffers found under {source}")
    wanted = {TaskType(t) for t in task_types} if task_types else set(TaskType)
    selected = {}
    for task_type in sorted(buffers, key=lambda t: t.value):
        if task_type in wanted:
            tasks = [t for t in buffers[task_type] if include_seeds or t.source != SEED_SOURCE]
            selected[task_type] = TaskBuffer(task_type, tasks, max_size=None, seed=False)
    output = Path(output) if output is not None else Path(run_dir) / "export" / fmt
    if fmt == "jsonl":
        written = []
        for task_type, buffer in selected.items():
            path = output / f"{task_type.value}.jsonl"
            buffer.save(path)
            written.append((path, len(buffer)))
        return written
    try:
        import datasets
    except ImportError as error:
        raise ImportError("--format hf needs the `datasets` package: pip install azr-env[hf]") from error
    splits = {t.value: b.to_hf_dataset() for t, b in selected.items() if len(b)}
    datasets.DatasetDict(splits).save_to_disk(str(output))
    return [(output / name, len(split)) for name, split in splits.items()]


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("run_dir", type=Path, help="a training run's output directory (or a checkpoint, or a "
                                                     "directory of buffer files)")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="jsonl")
    parser.add_argument("--output", type=Path, default=None, help="default: RUN_DIR/export/<format>")
    parser.add_argument("--checkpoint", default=None, help="a checkpoint name such as step-000004 (default: the latest)")
    parser.add_argument("--task-types", default=None, help="comma-separated subset of deduction,abduction,induction")
    parser.add_argument("--no-seeds", dest="include_seeds", action="store_false",
                        help="leave out the seed triplet (the identity function)")
    return parser


def run(args: argparse.Namespace) -> list[tuple[Path, int]]:
    types = [t.strip() for t in args.task_types.split(",") if t.strip()] if args.task_types else None
    try:
        return export_run(args.run_dir, args.fmt, args.output, checkpoint=args.checkpoint, task_types=types,
                          include_seeds=args.include_seeds)
    except (OSError, ImportError, ValueError) as error:  # (a folder that cannot be made under a file: OSError)
        raise SystemExit(f"azr export: {error}") from None


def run_command(args: argparse.Namespace) -> int:
    """``azr export``: export, then list what was written."""
    for path, count in run(args):
        print(f"{count:6d} tasks -> {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = add_arguments(argparse.ArgumentParser(prog="azr export", description=__doc__.split("\n\n")[0]))
    return run_command(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
