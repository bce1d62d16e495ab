"""A seeded generator of small deterministic programs: seed tasks of known difficulty, and held-out sets.

Each *family* (``azr_env.tasks.families``) is a kind of one- or two-operation program over ``str``, ``list``, ``dict`` or
``int`` (string reversal, a list filter, a dict look-up, an affine map, a composition of two of
these...). An *instance* of a family draws its constants and its inputs from a seeded generator, so
the same seed always gives the same tasks. Outputs are never computed here: every program runs in
the project's sandboxed :class:`~azr_env.executor.Executor` (``validate_batch``), and instances whose
run fails, or whose output is not a literal, are dropped.

Three splits, so that learning can be told apart from memorising:

* ``train``: instances the trainer seeds its buffers with;
* ``heldout``: the same families with new constants and inputs (no task id, and no program with the
  same input, shared with ``train``);
* ``heldout_families``: families never seen in training (``HELDOUT_FAMILIES``).

Programs whose syntax tree matches a CRUXEval program (names of arguments and locals aside) are
removed from every split, so that a CRUXEval score after training is not inflated by a copy.

>>> from azr_env.executor import Executor
>>> with Executor(workers=1) as executor:
...     splits = generate_splits(executor, seed=0, n_train=2, n_heldout=1, n_heldout_families=1,
...                              families=["str_reverse", "int_mod"], heldout_families=["list_sum"])
>>> [len(splits.train), len(splits.heldout), len(splits.heldout_families)]
[4, 2, 1]
>>> task = splits.train[0]
>>> task.source.startswith("generated:") and task.output != ""
True
"""
from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from azr_env.files import write_atomic
from azr_env.tasks.families import FAMILIES, HELDOUT_FAMILIES, Family, training_families
from azr_env.tasks.types import Task, TaskType

if TYPE_CHECKING:
    from azr_env.executor import Executor

GENERATED_SOURCE = "generated"
SPLITS = ("train", "heldout", "heldout_families")
__all__ = ["FAMILIES", "HELDOUT_FAMILIES", "Family", "SeedSplits", "as_task_type", "cruxeval_shapes", "family_of",
           "generate_splits", "program_shape", "training_families", "write_tasks"]


# -- CRUXEval overlap ------------------------------------------------------------------------------


class _Canonical(ast.NodeTransformer):
    """Renames arguments and local names to their order of appearance, so ``def f(s): return s[::-1]``
    and ``def f(text): return text[::-1]`` compare equal; builtins and attributes keep their names."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _rename(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self._rename(node.arg)
        node.annotation = None
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.names or isinstance(node.ctx, ast.Store):
            node.id = self._rename(node.id)
        return node


def program_shape(program: str) -> str | None:
    """The program's syntax tree with argument and local names made canonical (None if it does not parse).

    >>> program_shape("def f(s):\\n    return s[::-1]") == program_shape("def f(text):  # flip\\n    return text[::-1]")
    True
    """
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):  # docstrings do not change what a program does
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(_Canonical().visit(tree), annotate_fields=False)


def cruxeval_shapes(path: str | os.PathLike | None) -> set[str]:
    """The shapes of every program in a CRUXEval-style JSONL (``code`` or ``program`` field); empty
    when ``path`` is None or missing."""
    if path is None or not Path(path).exists():
        return set()
    shapes = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                shape = program_shape(record.get("code") or record.get("program") or "")
                if shape is not None:
                    shapes.add(shape)
    return shapes


# -- the splits ------------------------------------------------------------------------------------


@dataclass
class SeedSplits:
    """Deduction triplets per split, each ``source`` naming its family and split
    (``generated:<family>/<split>``). ``removed`` counts instances dropped, by reason."""

    train: list[Task] = field(default_factory=list)
    heldout: list[Task] = field(default_factory=list)
    heldout_families: list[Task] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, split: str) -> list[Task]:
        if split not in SPLITS:
            raise KeyError(f"unknown split {split!r}; choose from {SPLITS}")
        return getattr(self, split)

    def save(self, directory: str | os.PathLike) -> dict[str, Path]:
        """Write ``<split>.jsonl`` (one ``Task.to_json()`` per line) for each split, atomically."""
        paths = {}
        for split in SPLITS:
            path = Path(directory) / f"{split}.jsonl"
            write_tasks(path, self[split])
            paths[split] = path
        return paths


def family_of(task: Task) -> str | None:
    """The family a generated task came from (None for other tasks)."""
    if not task.source.startswith(GENERATED_SOURCE + ":"):
        return None
    return task.source[len(GENERATED_SOURCE) + 1:].split("/", 1)[0]


def write_tasks(path: str | os.PathLike, tasks: Iterable[Task]) -> None:
    """Tasks as JSON lines, written to a temporary file beside ``path`` and moved into place."""
    write_atomic(path, (json.dumps(task.to_json(), ensure_ascii=False) + "\n" for task in tasks))


def generate_splits(
    executor: Executor,
    *,
    seed: int = 0,
    n_train: int = 40,
    n_heldout: int = 10,
    n_heldout_families: int = 20,
    families: Sequence[str] | None = None,
    heldout_families: Sequence[str] = HELDOUT_FAMILIES,
    exclude_shapes: set[str] | frozenset[str] = frozenset(),
    max_tries: int = 20,
) -> SeedSplits:
    """Instances of ``families`` (default: ``training_families()``) for train (``n_train`` each) and
    held-out (``n_heldout`` each), and ``n_heldout_families`` of each of ``heldout_families``.

    The same ``seed`` gives the same splits. Outputs come from ``executor.validate_batch``; an
    instance that fails there, returns None or a non-literal, or whose program shape is in
    ``exclude_shapes`` (see :func:`cruxeval_shapes`), is dropped and counted in ``removed``.
    Each family draws up to ``max_tries`` times its quota to find distinct instances, so a family
    with few possible instances yields fewer.
    """
    families = list(training_families() if families is None else families)
    unknown = [name for name in list(families) + list(heldout_families) if name not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown families {unknown}; see azr_env.tasks.generator.FAMILIES")
    overlap = set(families) & set(heldout_families)
    if overlap:
        raise ValueError(f"families both trained on and held out: {sorted(overlap)}")
    rng = np.random.default_rng(seed)
    splits = SeedSplits()
    # Held-out instances are drawn first, so that a family with few possible instances still has
    # its held-out quota; train takes what is left.
    plan = [(name, "heldout", n_heldout) for name in families] + [(name, "train", n_train) for name in families]
    plan += [(name, "heldout_families", n_heldout_families) for name in heldout_families]
    seen: set[tuple[str, str]] = set()  # (program, normalised input): no pair lands in two splits
    drafts: list[tuple[str, str, str, str]] = []  # family, split, program, input
    for name, split, quota in plan:
        family, found = FAMILIES[name], 0
        for _ in range(quota * max_tries):
            if found == quota:
                break
            program, inputs = family.make(rng)
            key = (program, inputs)
            if key in seen:
                continue
            seen.add(key)
            if exclude_shapes and program_shape(program) in exclude_shapes:
                splits.removed["matches_cruxeval"] = splits.removed.get("matches_cruxeval", 0) + 1
                continue
            drafts.append((name, split, program, inputs))
            found += 1
    results = executor.validate_batch([(program, inputs) for _, _, program, inputs in drafts])
    for (name, split, program, inputs), result in zip(drafts, results):
        problem = _output_problem(result)
        if problem is not None:
            splits.removed[problem] = splits.removed.get(problem, 0) + 1
            continue
        task = Task(TaskType.DEDUCTION, program, inputs, result.output, source=f"{GENERATED_SOURCE}:{name}/{split}")
        splits[split].append(task)
    return splits


def _output_problem(result) -> str | None:
    if not result.ok:
        return str(result.status)
    if result.output is None or result.output == "None":
        return "returns_none"
    if not getattr(result, "output_is_literal", True):
        from azr_env.executor import parse_literal

        if not parse_literal(result.output)[0]:
            return "non_literal_output"
    return None


# -- seeding buffers from triplets -----------------------------------------------------------------


def as_task_type(tasks: Iterable[Task], task_type: TaskType | str, *, n_examples: int = 10,
                 visible_fraction: float = 0.5) -> list[Task]:
    """The triplets as tasks of ``task_type``.

    Deduction and abduction ask about the same (program, input, output), so the triplet is kept
    and only its type changes. Induction needs several examples of one program: triplets that
    share a program are grouped, in order, into tasks of ``n_examples`` examples (a last group of
    fewer than two is left out), with the family's description as the message when known.
    Triplets that already are induction tasks pass through.
    """
    from azr_env.tasks.types import split_point

    task_type = TaskType(task_type)
    tasks = list(tasks)
    if task_type is not TaskType.INDUCTION:
        out = []
        for task in tasks:
            record = task.to_json()
            for extra in ("examples", "message", "n_visible"):
                record.pop(extra, None)
            record["task_type"] = task_type.value
            out.append(Task.from_json(record))
        return out
    groups: dict[str, list[Task]] = {}
    out = []
    for task in tasks:
        if task.task_type is TaskType.INDUCTION:
            out.append(task)
        else:
            groups.setdefault(task.program, []).append(task)
    for program, members in groups.items():
        for start in range(0, len(members), n_examples):
            chunk = members[start:start + n_examples]
            if len(chunk) < 2:
                continue
            examples = tuple((t.input, t.output) for t in chunk)
            family = FAMILIES.get(family_of(chunk[0]) or "")
            out.append(Task(TaskType.INDUCTION, program, examples[0][0], examples[0][1], examples=examples,
                            message=family.message if family else "Maps each input to its output.",
                            n_visible=split_point(len(examples), visible_fraction), source=chunk[0].source))
    return out
