"""Task buffers: the valid tasks proposed so far, one buffer per task type.

Eviction policy. A buffer has a maximum size; when a new task arrives in a full buffer the
**oldest non-seed task is evicted** (first in, first out). The buffer then follows the current
proposer: references shown in prompts come from what it writes now, not from what it wrote
thousands of steps ago, when it was weaker. AZR's reference code instead keeps the oldest
tasks and drops new ones, which freezes the reference distribution at the start of training.
Seed tasks (``source == "seed"``) are never evicted, so a buffer is never empty.

Files are JSON Lines: a header line ``{"format": "azr_env.task_buffer", ...}`` followed by one
``Task.to_json()`` per line. :meth:`TaskBuffer.from_jsonl` also reads CRUXEval-style rows
(``{"code", "input", "output"}``).

>>> import numpy as np
>>> buffer = TaskBuffer(TaskType.DEDUCTION)
>>> len(buffer), buffer.newest(1)[0].program
(1, 'def f(a):\\n    return a')
>>> buffer.add(Task(TaskType.DEDUCTION, "def f(a):\\n    return a * 2", "3", "6"))
True
>>> buffer.add(Task(TaskType.DEDUCTION, "def f(a): return a*2  # same", "3", "6"))
False
>>> [t.output for t in buffer.sample(np.random.default_rng(0), 2)]
["'Hello world'", '6']
"""
from __future__ import annotations

import itertools
import json
import numbers
import os
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from azr_env.executor import plain_text
from azr_env.tasks.parsing import arguments_error
from azr_env.tasks.types import ArgumentError, Task, TaskType, check_examples

BUFFER_FORMAT = "azr_env.task_buffer"
SEED_SOURCE = "seed"
_IDENTITY = "def f(a):\n    return a"
# Distinct, non-None outputs, so the identity makes a valid induction task as well.
_SEED_INDUCTION_INPUTS = ("'Hello world'", "42", "[1, 2, 3]", "(True, 'x')")


_TYPE_NAME = type.__dict__["__name__"].__get__  # (type's own getter: a metaclass's property never runs)


def _type_name(value: object) -> str:
    return str.__str__(_TYPE_NAME(type(value)))


def _shown(value: object) -> str:
    """``value`` for an error message: its repr when it is a plain number or None (``nan``,
    ``5.5``), else its type's name; a caller's object's own ``__repr__`` never runs."""
    if value is None or type(value) in (int, float, bool, complex):
        return repr(value)
    if issubclass(type(value), str):
        return f"a str ({plain_text(value)[:40]!r})"
    return f"a {_type_name(value)}"


def _max_size(max_size: object) -> int | None:
    """``max_size`` checked: None or a positive int (a NaN compared as never too big, so a
    buffer given one never evicted; a ``"5"`` failed on ``<`` with a TypeError naming nothing)."""
    if max_size is None:
        return None
    if not isinstance(max_size, numbers.Integral) or isinstance(max_size, bool):
        raise ArgumentError(f"max_size must be a positive int or None, got {_shown(max_size)}")
    if max_size < 1:
        raise ValueError(f"max_size must be a positive int or None, got {max_size!r}")
    return int(max_size)  # (a numpy integer would not go into the saved header's JSON)


def _count(k: object) -> int:
    """``k`` checked as a number of tasks: an int (a NaN reached numpy's ``choice`` as a
    negative size, and came back as "negative dimensions are not allowed")."""
    if not isinstance(k, numbers.Integral) or isinstance(k, bool):
        raise ArgumentError(f"k must be an int, got {_shown(k)}")
    return int(k)


def _check_task(task: object, name: str = "task") -> Task:
    if not issubclass(type(task), Task):  # (by type: an object's own __class__ never runs)
        raise ArgumentError(f"{name} must be a Task, got {_type_name(task)}")
    return task


def seed_task(task_type: TaskType | str) -> Task:
    """The paper's seed triplet: the identity function on ``'Hello world'``.

    For induction, where one example cannot be split into visible and hidden pairs, the
    identity comes with four inputs and a message.
    """
    task_type = TaskType(task_type)
    if task_type is TaskType.INDUCTION:
        examples = tuple((i, i) for i in _SEED_INDUCTION_INPUTS)
        return Task(
            task_type, _IDENTITY, examples[0][0], examples[0][1], examples=examples,
            message="The function gives back its argument.", n_visible=2, source=SEED_SOURCE,
        )
    return Task(task_type, _IDENTITY, "'Hello world'", "'Hello world'", source=SEED_SOURCE)


class TaskBuffer:
    """Valid tasks of one type, deduplicated by ``Task.task_id``, oldest first.

    ``max_size=None`` means unbounded. ``seed=True`` starts the buffer with :func:`seed_task`.
    """

    def __init__(
        self,
        task_type: TaskType | str,
        tasks: Iterable[Task] = (),
        *,
        max_size: int | None = 10_000,
        seed: bool = True,
    ) -> None:
        max_size = _max_size(max_size)
        self.task_type = TaskType(task_type)
        self.max_size = max_size
        self._tasks: OrderedDict[str, Task] = OrderedDict()
        self._ordered: list[Task] | None = None  # cache for sampling; reset on every change
        self.skipped: list[str] = []  # rows from_jsonl left out, with reasons
        if seed:
            self.add(seed_task(self.task_type))
        self.extend(tasks)

    # -- contents ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[Task]:
        return iter(list(self._tasks.values()))

    def __contains__(self, item: Task | str) -> bool:
        """Whether a task with ``item``'s id (or the id ``item``) is here; False for anything that
        is neither a Task nor a str. A str subclass is read as a plain str: its own ``__hash__``
        and ``__eq__`` never run."""
        key = plain_text(item.task_id if issubclass(type(item), Task) else item)
        return type(key) is str and key in self._tasks

    def __repr__(self) -> str:
        return f"TaskBuffer({self.task_type.value!r}, {len(self)} tasks, max_size={self.max_size})"

    def get(self, task_id: str) -> Task | None:
        """The task with id ``task_id``, or None. A str subclass is read as a plain str (its own
        ``__hash__`` and ``__eq__`` never run); anything else is a TypeError."""
        key = plain_text(task_id)
        if type(key) is not str:
            raise ArgumentError(f"task_id must be a str, got {_type_name(task_id)}")
        return self._tasks.get(key)

    def add(self, task: Task) -> bool:
        """Add ``task``; False when a task with its id is already here (the first one stays)."""
        _check_task(task)
        if task.task_type is not self.task_type:
            raise ValueError(f"a {task.task_type.value} task does not belong in a {self.task_type.value} buffer")
        if task.task_id in self._tasks:
            return False
        self._tasks[task.task_id] = task
        self._ordered = None
        self._evict()
        return task.task_id in self._tasks

    def extend(self, tasks: Iterable[Task]) -> int:
        """Add several tasks; returns how many were new."""
        return sum(self.add(task) for task in tasks)

    def update(self, task: Task) -> None:
        """Replace the stored task with the same id (e.g. with a new ``solve_rate``), in place."""
        _check_task(task)
        if task.task_id not in self._tasks:
            raise KeyError(task.task_id)
        self._tasks[task.task_id] = task
        self._ordered = None

    def _evict(self) -> None:
        if self.max_size is None:
            return
        while len(self._tasks) > self.max_size:
            victim = next((tid for tid, t in self._tasks.items() if t.source != SEED_SOURCE), None)
            if victim is None:  # only seeds left: they stay, even beyond max_size
                return
            del self._tasks[victim]

    # -- sampling ---------------------------------------------------------------------------
    def sample(self, rng: np.random.Generator, k: int) -> list[Task]:
        """``k`` distinct tasks drawn uniformly (all of them, shuffled, when fewer than ``k``).

        The draw depends only on the generator's state and the buffer's contents, so the same
        seed gives the same references. ``rng`` must be a ``numpy.random.Generator`` (or a
        legacy ``RandomState``) and ``k`` an int; ``k <= 0`` gives no tasks.
        """
        if not isinstance(rng, (np.random.Generator, np.random.RandomState)):
            raise ArgumentError(f"rng must be a numpy.random.Generator, got {_type_name(rng)}")
        k = _count(k)
        if self._ordered is None:
            self._ordered = list(self._tasks.values())
        k = min(k, len(self._ordered))
        if k <= 0:
            return []
        picks = rng.choice(len(self._ordered), size=k, replace=False)
        return [self._ordered[int(i)] for i in picks]

    def newest(self, k: int) -> list[Task]:
        """The ``k`` most recently added tasks, newest first."""
        k = _count(k)
        if k <= 0:
            return []
        tasks = list(self._tasks.values())
        return tasks[::-1][:k]

    # -- files ------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Write the buffer atomically: to a temporary file beside ``path``, then ``os.replace``.

        A reader (or a process killed mid-save) sees either the old file or the new one, never
        a half-written one. A killed save may leave a ``.<name>.*.tmp`` file behind. A task whose
        text cannot be written as UTF-8 raises ``ValueError`` naming it, and ``path`` is untouched.
        """
        _replace_files({Path(path): self._file_bytes()})

    def _file_bytes(self) -> bytes:
        """The file :meth:`save` writes, encoded: every task is rendered before any file changes."""
        header = {"format": BUFFER_FORMAT, "version": 1, "task_type": self.task_type.value, "max_size": self.max_size}
        lines = [(json.dumps(header) + "\n").encode("utf-8")]
        for task in self._tasks.values():
            line = json.dumps(task.to_json(), ensure_ascii=False) + "\n"
            try:
                lines.append(line.encode("utf-8"))
            except UnicodeEncodeError as error:  # a lone surrogate, from a Task built in code
                raise ValueError(
                    f"cannot save task {task.task_id} (source {task.source!r}): its text is not valid "
                    f"UTF-8 ({error.reason}: {error.object[error.start:error.end]!r})"
                ) from None
        return b"".join(lines)

    @classmethod
    def load(cls, path: str | os.PathLike, *, max_size: int | None = None) -> TaskBuffer:
        """Read a buffer written by :meth:`save`; type and max size come from the file's header
        (``max_size`` overrides the latter). A header that is not one :meth:`save` writes raises
        ``ValueError("<path>: bad task buffer header (...)")``."""
        path = Path(path)
        with path.open("rb") as handle:
            first = handle.readline(MAX_HEADER_BYTES + 1)  # (a file with no newline is read no further)
        if len(first) > MAX_HEADER_BYTES:
            raise ValueError(f"{path}: bad task buffer header (a first line longer than {MAX_HEADER_BYTES:,} bytes)")
        task_type, saved_max_size = _read_header(path, first)
        return cls.from_jsonl(path, task_type, max_size=max_size if max_size is not None else saved_max_size, seed=False)

    @classmethod
    def from_jsonl(
        cls,
        path: str | os.PathLike,
        task_type: TaskType | str,
        *,
        max_size: int | None = None,
        seed: bool = False,
        literal_inputs_only: bool = True,
    ) -> TaskBuffer:
        """A buffer of the tasks in a JSONL file, in file order.

        Each line is either our task format (``Task.to_json()``) or a CRUXEval-style row
        ``{"code": ..., "input": ..., "output": ..., "id": ...}``; the same row serves as a
        deduction or an abduction task, whichever ``task_type`` says. Induction rows need an
        ``"examples"`` list of at least two pairs. The file is trusted data: a line that is not
        a task raises ``ValueError`` naming the line. Duplicates are dropped.

        With ``literal_inputs_only`` (the default), rows whose inputs are not literal arguments
        are skipped and listed in ``buffer.skipped`` as ``"line N: reason"``. A proposer could
        not have written them (proposal inputs must be literals), an abduction solver could not
        answer with them, and the executor refuses them unless built with
        ``inputs="expression"``. CRUXEval's dev set has ten such rows, e.g. ``dict(e=1, d=2)``.
        """
        path = Path(path)
        task_type = TaskType(task_type)
        buffer = cls(task_type, max_size=max_size, seed=seed)
        # surrogateescape: a line that is not UTF-8 still reads, and is refused below with its
        # number, instead of a UnicodeDecodeError that names no line.
        with path.open(encoding="utf-8", errors="surrogateescape") as handle:
            for number, line in _bounded_lines(handle, path):
                if not line.strip():
                    continue
                try:
                    _check_line_utf8(line)
                    record = _json_line(line)
                    if record.get("format") == BUFFER_FORMAT:
                        continue
                    task = _task_from_record(record, task_type, f"jsonl:{path.name}")
                    _check_utf8(task)
                except (ValueError, KeyError, TypeError, AttributeError) as error:
                    raise ValueError(f"{path}:{number}: not a task ({error})") from error
                problem = next(filter(None, map(arguments_error, task.inputs)), None) if literal_inputs_only else None
                if problem is not None:
                    buffer.skipped.append(f"line {number}: {problem}")
                    continue
                buffer.add(task)
        return buffer

    def to_hf_dataset(self):
        """The tasks as a ``datasets.Dataset`` (needs ``pip install datasets``)."""
        try:
            import datasets
        except ImportError as error:
            raise ImportError("to_hf_dataset needs the `datasets` package: pip install azr-env[hf]") from error
        rows = [task.to_json() for task in self._tasks.values()]
        for row in rows:  # one schema for every row, whatever its type
            row.setdefault("examples", [])
            row.setdefault("message", "")
            row.setdefault("n_visible", None)
            row["task_id"] = Task.from_json(row).task_id
        return datasets.Dataset.from_list(rows)


def _replace_files(contents: dict[Path, bytes]) -> None:
    """Write several files so that a failure changes none of them.

    Every file goes to a temporary file beside it first (flushed to disk), and every target that
    exists gets a backup beside it (a hard link where the file system has them, else a copy);
    only then are the new files moved into place with ``os.replace``. A failure on the way (disk
    full, a folder that cannot be written, a directory where a target should be) removes the
    temporary files and puts back every target already replaced: the replaces went one by one,
    and one that failed after others left a mix of two snapshots (the thirtieth session's red
    team A2). A process killed mid-save may leave ``.<name>.*.tmp`` and ``.bak`` files behind,
    never a damaged target.
    """
    temps: list[tuple[str, Path]] = []
    backups: dict[Path, str] = {}
    replaced: list[Path] = []
    try:
        for path, data in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((temp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for _, path in temps:
            if path.is_file():
                backups[path] = _backup(path)
        for temp, path in temps:
            os.replace(temp, path)
            replaced.append(path)
    except BaseException:
        for path in reversed(replaced):
            try:
                if path in backups:
                    os.replace(backups.pop(path), path)
                else:
                    os.unlink(path)  # (it did not exist before this save)
            except OSError:
                pass
        for temp, _ in temps:
            try:
                os.unlink(temp)
            except OSError:  # already moved into place, or never made
                pass
        raise
    finally:
        for backup in backups.values():
            try:
                os.unlink(backup)
            except OSError:
                pass


def _backup(path: Path) -> str:
    """A copy of ``path`` beside it, under a fresh name: a hard link where the file system makes
    one (no data copied), else a copy."""
    fd, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".bak", dir=path.parent)
    os.close(fd)
    os.unlink(backup)  # (os.link makes the name afresh)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


def _read_header(path: Path, line: bytes) -> tuple[TaskType, int | None]:
    """The task type and max size in a saved buffer's first line."""
    try:
        header = _json_line(line.decode("utf-8") or "{}")
        if not isinstance(header, dict):
            raise TypeError(f"a JSON {type(header).__name__}, not an object")
    except (ValueError, TypeError) as error:
        raise ValueError(f"{path}: bad task buffer header ({error})") from error
    if header.get("format") != BUFFER_FORMAT:
        raise ValueError(f"{path} has no task buffer header; use TaskBuffer.from_jsonl")
    if "task_type" not in header:
        raise ValueError(f"{path}: bad task buffer header (no task_type)")
    try:
        task_type = TaskType(header["task_type"])
    except ValueError as error:
        raise ValueError(f"{path}: bad task buffer header ({error})") from error
    max_size = header.get("max_size")
    valid_size = max_size is None or (isinstance(max_size, int) and not isinstance(max_size, bool) and max_size >= 1)
    if not valid_size:
        raise ValueError(f"{path}: bad task buffer header (max_size must be a positive integer or null, not {max_size!r})")
    return task_type, max_size


def _json_line(line: str):
    """One JSON value; ValueError for anything json cannot read, deep nesting included."""
    try:
        return json.loads(line)
    except RecursionError:  # e.g. 100,000 nested brackets: bad data, not a bug of ours
        raise ValueError("JSON nested too deeply") from None


MAX_TASK_LINE_CHARS = 16 << 20  # a program's 100,000 characters, escaped, with its examples, fit many times
# A saved buffer's first line (format, task type, max size) is a few dozen bytes: one longer than
# this is no header, and a file with no newline is read no further (a 1 GiB file of zero bytes
# was read whole, until memory ran out: the thirtieth session's red team A2).
MAX_HEADER_BYTES = 1 << 16


def _bounded_lines(handle, path):
    """(number, line) of a text file, refusing a line longer than ``MAX_TASK_LINE_CHARS``: a file
    with no newline (``/dev/zero``, a stray binary) was read as one line until memory ran out."""
    number = 0
    while True:
        line = handle.readline(MAX_TASK_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_TASK_LINE_CHARS:
            raise ValueError(f"{path}:{number}: not a task (a line longer than {MAX_TASK_LINE_CHARS:,} characters)")
        yield number, line


def _check_line_utf8(line: str) -> None:
    """Refuse a line that was not UTF-8 in the file (read with surrogateescape, its bad bytes
    are the surrogates U+DC80..U+DCFF)."""
    if line.isascii():
        return
    try:
        line.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = ord(line[error.start]) - 0xDC00
        raise ValueError(f"not UTF-8 text (byte {byte:#04x} at character {error.start})") from None


def _check_utf8(task: Task) -> None:
    """Refuse task text that cannot be written back as UTF-8: a JSON escape of a lone surrogate
    such as ``"\\ud800"`` decodes fine, but once loaded it would make every later
    :meth:`TaskBuffer.save` fail."""
    texts = [task.program, task.input, task.output, task.message, task.source, *itertools.chain(*task.examples)]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            bad = error.object[error.start:error.end]
            raise ValueError(f"text holds a lone surrogate {bad!r}, which cannot be written as UTF-8") from None


def _task_from_record(record: dict, task_type: TaskType, default_source: str) -> Task:
    if "program" not in record and "code" in record:  # CRUXEval style
        label = f"{default_source}#{record['id']}" if "id" in record else default_source
        record = {"program": record["code"], "input": record["input"], "output": record["output"], "source": label}
    record = dict(record)
    if record.setdefault("task_type", task_type.value) != task_type.value:
        raise ValueError(f"a {record['task_type']} task in a {task_type.value} file")
    record.setdefault("source", default_source)
    if task_type is TaskType.INDUCTION:
        examples = check_examples(record.get("examples") or [])
        if len(examples) < 2:
            raise ValueError("an induction task needs at least two examples")
        record.setdefault("input", examples[0][0])
        record.setdefault("output", examples[0][1])
    for name in ("program", "input", "output"):
        if name not in record:  # CRUXEval rows and our own need all three; from_json would default them
            raise ValueError(f"no {name!r}")
    return Task.from_json(record)


class TaskBuffers:
    """One :class:`TaskBuffer` per task type, indexable by ``TaskType`` or its name.

    >>> buffers = TaskBuffers(max_size=100)
    >>> [len(buffers[t]) for t in TaskType]
    [1, 1, 1]
    """

    def __init__(self, buffers: dict[TaskType, TaskBuffer] | None = None, *, max_size: int | None = 10_000) -> None:
        self._buffers = {t: TaskBuffer(t, max_size=max_size) for t in TaskType}
        for task_type, buffer in (buffers or {}).items():
            task_type = TaskType(task_type)
            if buffer.task_type is not task_type:
                raise ValueError(f"a {buffer.task_type.value} buffer given for {task_type.value}")
            self._buffers[task_type] = buffer

    def __getitem__(self, task_type: TaskType | str) -> TaskBuffer:
        return self._buffers[TaskType(task_type)]

    def __iter__(self) -> Iterator[TaskType]:
        return iter(self._buffers)

    def __len__(self) -> int:
        return len(self._buffers)

    def items(self):
        return self._buffers.items()

    def __repr__(self) -> str:
        sizes = ", ".join(f"{t.value}={len(b)}" for t, b in self._buffers.items())
        return f"TaskBuffers({sizes})"

    def save(self, directory: str | os.PathLike) -> None:
        """Save each buffer to ``directory/<type>.jsonl``, all or nothing.

        Every file is rendered and written to a temporary file before any is replaced, so a save
        that fails (a task that cannot be written as UTF-8, a full disk) leaves the directory
        holding the previous snapshot whole, not a mix of two.
        """
        contents = {Path(directory) / f"{t.value}.jsonl": buffer._file_bytes() for t, buffer in self._buffers.items()}
        _replace_files(contents)

    @classmethod
    def load(cls, directory: str | os.PathLike) -> TaskBuffers:
        """Load the buffers :meth:`save` wrote; a missing file gives a fresh seeded buffer."""
        buffers = {}
        for task_type in TaskType:
            path = Path(directory) / f"{task_type.value}.jsonl"
            if path.exists():
                buffers[task_type] = TaskBuffer.load(path)
        return cls(buffers)
