"""Train a solver on Absolute Zero tasks with TRL: reward functions and a dataset builder.

TRL's ``GRPOTrainer`` calls each reward function as ``f(prompts=..., completions=..., **columns)``,
where ``columns`` holds every other dataset column as a list with one entry per completion, and
expects one float per completion. The rewards here judge completions with the same parser and the
same executor verification as the bundled agent (``azr_env.tasks.score_answers``), so a model
trained by TRL is paid exactly as the AZR solver is:

* :func:`solver_reward_func`: the AZR solver reward, 1 correct / -0.5 wrong / -1 malformed
  (``TaskConfig`` sets the values);
* :func:`correctness_reward_func`: 1.0 when correct, else 0.0;
* :func:`format_reward_func`: 1.0 when the answer parses, else 0.0.

The task travels in a dataset column (``azr_task``, the task's JSON), which :func:`build_rows` and
:func:`build_dataset` fill in. Nothing here imports ``trl``, ``datasets`` or ``torch`` until asked,
so this module imports without them.

>>> from azr_env.tasks import Task
>>> rows = build_rows([Task("deduction", "def f(a):\\n    return a[::-1]", "'abc'", "'cba'")])
>>> sorted(rows[0])
['azr_task', 'prompt', 'task_id', 'task_type']
>>> reward = solver_reward_func()
>>> reward(prompts=[rows[0]["prompt"]] * 2,
...        completions=["<answer>```output\\n'cba'\\n```</answer>", "no answer"],
...        azr_task=[rows[0]["azr_task"]] * 2)
[1.0, -1.0]
>>> reward.close()

With TRL installed (``pip install azr-env[bench]``)::

    from trl import GRPOConfig, GRPOTrainer
    dataset = build_dataset("../shared/data/cruxeval-dev.jsonl", ["deduction", "abduction"])
    trainer = GRPOTrainer(model=model, processing_class=tokenizer, train_dataset=dataset,
                          reward_funcs=[solver_reward_func()], args=GRPOConfig(...))
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Sequence

from azr_env.tasks import TaskBuffer, TaskBuffers, TaskConfig, TaskType, as_chat_messages, build_solver_prompt, score_answers
from azr_env.tasks.buffer import BUFFER_FORMAT, MAX_HEADER_BYTES, SEED_SOURCE
from azr_env.tasks.types import Task

TASK_COLUMN = "azr_task"

TaskSource = TaskBuffer | TaskBuffers | Iterable[Task] | str | os.PathLike


# -- datasets --------------------------------------------------------------------------------------
def load_tasks(source: TaskSource, task_types: Sequence[TaskType | str] | None = None, *,
               include_seeds: bool = False) -> list[Task]:
    """The tasks of ``source``, restricted to ``task_types`` (default: every type present).

    ``source`` is a ``TaskBuffer``, ``TaskBuffers``, an iterable of ``Task``, a directory of buffer
    files (``deduction.jsonl``, ... as ``TaskBuffers.save`` writes them), a buffer file, or a
    CRUXEval-style JSONL of ``code``/``input``/``output`` rows. A CRUXEval row serves deduction and
    abduction alike, so such a file gives one task per row and type (default: both types); rows with
    non-literal inputs are skipped as in training. Seed tasks (the identity function) are left out
    unless ``include_seeds``.
    """
    wanted = [TaskType(t) for t in task_types] if task_types is not None else None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            tasks = [t for _, buffer in TaskBuffers.load(path).items() for t in buffer]
        elif _is_buffer_file(path):
            tasks = list(TaskBuffer.load(path))
        else:
            types = wanted or [TaskType.DEDUCTION, TaskType.ABDUCTION]
            tasks = [t for task_type in types for t in TaskBuffer.from_jsonl(path, task_type, max_size=None)]
    elif isinstance(source, TaskBuffers):
        tasks = [t for _, buffer in source.items() for t in buffer]
    else:
        tasks = list(source)
    return [t for t in tasks
            if (wanted is None or t.task_type in wanted) and (include_seeds or t.source != SEED_SOURCE)]


def _is_buffer_file(path: Path) -> bool:
    # Read leniently: a first line that is not UTF-8 or not JSON is no buffer file, and the
    # reader that takes the file then refuses it naming the line (a bare UnicodeDecodeError or
    # RecursionError named neither).
    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        first = handle.readline(MAX_HEADER_BYTES + 1)  # (a file with no newline is read no further)
    if len(first) > MAX_HEADER_BYTES:
        return False
    try:
        return json.loads(first).get("format") == BUFFER_FORMAT
    except (ValueError, AttributeError, RecursionError):
        return False


def build_rows(source: TaskSource, task_types: Sequence[TaskType | str] | None = None, *,
               config: TaskConfig | None = None, conversational: bool = False, system_prompt: str | None = None,
               include_seeds: bool = False) -> list[dict[str, Any]]:
    """One row per task: ``prompt`` (the solver prompt training uses), ``task_type``, ``task_id`` and
    ``azr_task`` (the task as JSON text, which the reward functions read).

    ``conversational=True`` gives the prompt as chat messages (TRL then applies the chat template).
    """
    config = config or TaskConfig()
    rows = []
    for task in load_tasks(source, task_types, include_seeds=include_seeds):
        prompt = build_solver_prompt(task, config)
        rows.append({
            "prompt": as_chat_messages(prompt, system_prompt) if conversational else prompt,
            "task_type": task.task_type.value,
            "task_id": task.task_id,
            TASK_COLUMN: json.dumps(task.to_json(), ensure_ascii=False),
        })
    return rows


def build_dataset(source: TaskSource, task_types: Sequence[TaskType | str] | None = None, **kwargs):
    """:func:`build_rows` as a ``datasets.Dataset`` (needs ``pip install datasets``, which TRL brings)."""
    try:
        import datasets
    except ImportError as error:
        raise ImportError("build_dataset needs the `datasets` package: pip install azr-env[hf]") from error
    return datasets.Dataset.from_list(build_rows(source, task_types, **kwargs))


# -- rewards ---------------------------------------------------------------------------------------
def completion_text(completion: Any) -> Any:
    """The text of one TRL completion: a string, or (conversational) the last message's content.

    Anything else is passed through; the parser turns it into a malformed answer, never an error.
    """
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return completion[-1].get("content", "")
    if isinstance(completion, dict):
        return completion.get("content", "")
    return completion


class AZRReward:
    """A TRL reward function ``(prompts, completions, **kwargs) -> list[float]`` over AZR tasks.

    ``kind`` picks what is paid: ``"solver"`` (the AZR solver reward), ``"correct"`` (1/0) or
    ``"format"`` (1/0). Without ``executor=``, the process-wide shared executor is borrowed on first
    use (see ``azr_env.envs.ExecutorHandle``) and given back by :meth:`close`.
    """

    KINDS = ("solver", "correct", "format")

    def __init__(self, kind: str = "solver", *, config: TaskConfig | None = None, executor=None,
                 name: str | None = None, log_metrics: bool = True):
        if kind not in self.KINDS:
            raise ValueError(f"kind must be one of {self.KINDS}, got {kind!r}")
        from azr_env.game import ExecutorHandle

        self.kind = kind
        self.config = config or TaskConfig()
        self._handle = ExecutorHandle(executor)
        self.log_metrics = log_metrics
        # TRL names each reward's logged columns after the callable's __name__.
        self.__name__ = name or f"azr_{kind}"
        self._tasks: dict[str, Task] = {}

    def _task(self, value: Any) -> Task:
        if isinstance(value, Task):
            return value
        key = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        task = self._tasks.get(key)
        if task is None:
            task = Task.from_json(value)
            if len(self._tasks) > 100_000:
                self._tasks.clear()
            self._tasks[key] = task
        return task

    def __call__(self, prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (), **kwargs) -> list[float]:
        if TASK_COLUMN not in kwargs:
            raise ValueError(f"the dataset needs a {TASK_COLUMN!r} column (build it with "
                             "azr_env.integrations.trl.build_dataset)")
        tasks = [self._task(v) for v in kwargs[TASK_COLUMN]]
        texts = [completion_text(c) for c in completions]
        outcomes = score_answers(self._handle.get(), tasks, texts, self.config)
        log_metric = kwargs.get("log_metric")
        if self.log_metrics and callable(log_metric) and outcomes and self.kind == "solver":
            log_metric("azr/well_formed", sum(o.well_formed for o in outcomes) / len(outcomes))
            log_metric("azr/correct", sum(o.correct for o in outcomes) / len(outcomes))
        if self.kind == "correct":
            return [1.0 if o.correct else 0.0 for o in outcomes]
        if self.kind == "format":
            return [1.0 if o.well_formed else 0.0 for o in outcomes]
        return [float(o.reward) for o in outcomes]

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "AZRReward":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def solver_reward_func(config: TaskConfig | None = None, executor=None) -> AZRReward:
    """The AZR solver reward: ``config.solver_correct_reward`` (1), ``solver_wrong_reward`` (-0.5) or
    ``solver_malformed_reward`` (-1); induction partial credit follows ``config.induction_credit``."""
    return AZRReward("solver", config=config, executor=executor)


def correctness_reward_func(config: TaskConfig | None = None, executor=None) -> AZRReward:
    """1.0 for a verified-correct answer, else 0.0."""
    return AZRReward("correct", config=config, executor=executor)


def format_reward_func(config: TaskConfig | None = None, executor=None) -> AZRReward:
    """1.0 for an answer that parses (whatever its value), else 0.0."""
    return AZRReward("format", config=config, executor=executor)


__all__ = [
    "AZRReward",
    "TASK_COLUMN",
    "build_dataset",
    "build_rows",
    "completion_text",
    "correctness_reward_func",
    "format_reward_func",
    "load_tasks",
    "solver_reward_func",
]
