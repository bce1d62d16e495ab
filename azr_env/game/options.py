"""What configures one Absolute Zero game, in one dataclass that every API view takes.

The PettingZoo AEC env, the Gymnasium env, the vector env and the integrations' hosts all build
the same game from the same options; they take them as keyword arguments (``gym.make(...,
n_solver=2)``), or whole (``options=GameOptions(...)``), and :meth:`GameOptions.of` turns either
into one checked value.

>>> options = GameOptions.of(task_types=["deduction"], n_solver=2)
>>> options.task_types, options.n_solver, options.mode
((<TaskType.DEDUCTION: 'deduction'>,), 2, 'selfplay')
>>> GameOptions.of(options, mode="solve").mode
'solve'
>>> GameOptions.of(n_solvers=2)
Traceback (most recent call last):
...
TypeError: unknown game option 'n_solvers' (the options are: task_types, task_weights, mode, n_solver, config, buffers, task_file, executor, max_prompt_chars)
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from azr_env.game.spaces import DEFAULT_MAX_PROMPT_CHARS
from azr_env.tasks import TaskBuffer, TaskBuffers, TaskConfig, TaskType

MODES = ("selfplay", "solve")


@dataclass(frozen=True)
class GameOptions:
    """The options of an Absolute Zero game.

    Attributes:
        task_types: the task types episodes draw from (one per ``*_v0`` env, all three for
            self-play).
        task_weights: relative weights of ``task_types`` (uniform when None), as a sequence in
            the same order or a mapping from type name.
        mode: ``"selfplay"`` (propose, then solve) or ``"solve"`` (the solver answers buffer
            tasks only, once per episode).
        n_solver: solver answers per valid task in self-play (``config.n_solver_samples``, 8,
            when None); the learnability reward averages over them.
        config: the tasks layer's options (prompts, parsing limits, rewards); ``TaskConfig()``
            when None.
        buffers: the task buffers to read references from and add valid tasks to; fresh seeded
            ones when None. Passing the same object to several envs makes them share it.
        task_file: in solve mode, a JSONL file of tasks (ours, or CRUXEval's ``{"code", "input",
            "output"}`` rows) to draw from instead of ``buffers``.
        executor: an :class:`azr_env.executor.Executor` (or ``RayExecutor``, or anything with
            their ``validate_batch`` and ``check_answers`` methods) to use and leave open; when
            None the process-wide shared one is borrowed on first need and given back when the
            env closes.
        max_prompt_chars: the observation space's length bound, which every prompt keeps to: a
            proposer prompt shows fewer references when all of them would not fit, and a proposed
            task whose solver prompt would not fit is an invalid proposal. A bound too small for
            the env's own reference-free prompts (or, in solve mode, for a task it draws) is
            refused when the game is built.
    """

    task_types: tuple[TaskType, ...] = tuple(TaskType)
    task_weights: Sequence[float] | Mapping[str, float] | None = None
    mode: str = "selfplay"
    n_solver: int | None = None
    config: TaskConfig | None = None
    buffers: TaskBuffers | None = None
    task_file: str | None = None
    executor: Any = None
    max_prompt_chars: int = DEFAULT_MAX_PROMPT_CHARS

    def __post_init__(self) -> None:
        types = self.task_types
        if isinstance(types, (str, TaskType)):
            types = (types,)
        object.__setattr__(self, "task_types", tuple(TaskType(t) for t in types))
        if not self.task_types:
            raise ValueError("at least one task type is needed")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {self.mode!r}")
        if self.n_solver is not None and (isinstance(self.n_solver, bool) or not isinstance(self.n_solver, int)
                                          or self.n_solver < 1):
            raise ValueError(f"n_solver must be an int >= 1 or None, got {self.n_solver!r}")
        if self.config is not None and not isinstance(self.config, TaskConfig):
            raise TypeError(f"config must be a TaskConfig, got {type(self.config).__name__}")
        if self.executor is not None:
            _check_executor(self.executor)
        if self.buffers is not None:
            object.__setattr__(self, "buffers", _checked_buffers(self.buffers))
        if self.task_file is not None and self.mode != "solve":
            raise ValueError("task_file is for mode='solve'; self-play proposes its own tasks")
        if isinstance(self.max_prompt_chars, bool) or not isinstance(self.max_prompt_chars, int) \
                or self.max_prompt_chars < 1:
            raise ValueError(f"max_prompt_chars must be a positive int, got {self.max_prompt_chars!r}")

    @classmethod
    def of(cls, options: GameOptions | None = None, /, **overrides: Any) -> GameOptions:
        """``options`` (or the defaults) with ``overrides`` applied, checked; a clear error for a
        keyword that is not an option."""
        names = _NAMES
        for name in overrides:
            if name not in names:
                raise TypeError(f"unknown game option {name!r} (the options are: {', '.join(names)})")
        if options is None:
            return cls(**overrides)
        if not isinstance(options, GameOptions):
            raise TypeError(f"options must be a GameOptions, got {type(options).__name__}")
        return dataclasses.replace(options, **overrides) if overrides else options

    @property
    def task_config(self) -> TaskConfig:
        return self.config if self.config is not None else TaskConfig()

    @property
    def solver_answers(self) -> int:
        """Answers per valid task: ``n_solver``, or the config's ``n_solver_samples``."""
        return self.n_solver if self.n_solver is not None else self.task_config.n_solver_samples


_NAMES = tuple(f.name for f in dataclasses.fields(GameOptions))

# What the game sends an executor: proposals to validate, answers to check.
_EXECUTOR_METHODS = ("validate_batch", "check_answers")


def _check_executor(executor: Any) -> None:
    # Checked here, not at the first valid proposal, where a wrong object would only fail with
    # an AttributeError deep inside the tasks layer.
    missing = [name for name in _EXECUTOR_METHODS if not callable(getattr(executor, name, None))]
    if missing:
        raise TypeError(f"executor must be an azr_env.executor.Executor (or have its methods "
                        f"{', '.join(_EXECUTOR_METHODS)}); a {type(executor).__name__} has no {', '.join(missing)}")


def _checked_buffers(buffers: Any) -> TaskBuffers:
    """``buffers`` as TaskBuffers: kept as is when it is one, else a mapping of task type to TaskBuffer
    whose buffers are used as they are (so envs given the same buffers share them)."""
    if isinstance(buffers, TaskBuffers):
        return buffers
    if not isinstance(buffers, Mapping):
        raise TypeError(f"buffers must be a TaskBuffers or a mapping of task type to TaskBuffer, "
                        f"got {type(buffers).__name__}")
    for key, buffer in buffers.items():
        if not isinstance(buffer, TaskBuffer):
            raise TypeError(f"buffers[{key!r}] must be a TaskBuffer, got {type(buffer).__name__}")
    # TaskBuffers checks the keys (a TaskType or its name) and that each buffer is of its key's type,
    # and gives a fresh seeded buffer to any type left out (the induction proposer reads the others).
    return TaskBuffers(dict(buffers))
