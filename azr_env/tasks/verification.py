"""Judging solver answers. Answers are data, never code run in our process.

- **Deduction:** the answer is parsed with ``ast.literal_eval`` and compared by value with the
  task's output (``check_output_prediction``); nothing is executed. A gold output that is no
  literal (``inf``, ``range(0, 3)``) is matched by text, so any Python expression answers it.
- **Abduction:** the answer must be literal arguments; the task's program is re-run on them in
  the sandbox, and any input that reproduces the output counts (as ``check_input_predictions``).
- **Induction:** the answer program is run in the sandbox on the hidden pairs
  (as ``check_programs``); binary credit by default, ``TaskConfig.induction_credit="accuracy"``
  for partial credit.

A batch costs at most one executor call (``Executor.check_answers``), whatever mix of abduction
and induction answers it holds; deduction answers need none.

>>> from azr_env.executor import Executor
>>> from azr_env.tasks import TaskConfig, TaskType, seed_task
>>> with Executor(workers=1) as executor:
...     outcomes = score_answers(executor, [seed_task(TaskType.ABDUCTION)] * 2,
...                              ["<answer>```input\\n'Hello world'\\n```</answer>", "no tags"], TaskConfig())
>>> [(o.reward, o.reason) for o in outcomes]  # doctest: +ELLIPSIS
[(1.0, ...), (-1.0, 'no <answer>...</answer> in the response')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from azr_env.executor import ProgramVerdict, Verdict, check_output_prediction
from azr_env.tasks.parsing import check_config, parse_answer, without_addresses
from azr_env.tasks.rewards import solver_reward
from azr_env.tasks.types import ArgumentError, ParsedAnswer, ParseFailure, Task, TaskType

_TYPE_NAME = type.__dict__["__name__"].__get__  # (type's own getter: a metaclass's property never runs)

if TYPE_CHECKING:
    from azr_env.executor import Executor
    from azr_env.tasks.config import TaskConfig


@dataclass(frozen=True)
class SolverOutcome:
    """The judgement of one solver answer.

    ``correct`` is what solve rates average (for induction: every hidden pair passed, whatever
    the credit option). ``verdict`` is the executor's ``Verdict`` (deduction, abduction) or
    ``ProgramVerdict`` (induction), None when the answer was malformed. ``components`` holds the
    reward's parts for logging.
    """

    reward: float
    correct: bool
    well_formed: bool
    reason: str
    parse: ParsedAnswer | ParseFailure
    verdict: Verdict | ProgramVerdict | None
    components: dict[str, float] = field(default_factory=dict)


def score_answers(
    executor: Executor, tasks: Sequence[Task], texts: Sequence[object], config: TaskConfig
) -> list[SolverOutcome]:
    """Parse, verify and reward one solver response per task, in order.

    Never raises because of what a response contains: a response that is not text (None,
    bytes that are not UTF-8, a number) is a malformed answer with a reason. The arguments are
    the caller's: ``tasks`` must be a sequence of :class:`Task`, ``texts`` a sequence of the same
    length and ``config`` a :class:`TaskConfig`, else a TypeError or ValueError says which.
    """
    check_config(config)
    for name, given in (("tasks", tasks), ("texts", texts)):
        if isinstance(given, (str, bytes)) or not hasattr(type(given), "__len__"):
            raise ArgumentError(f"{name} must be a sequence, got {_TYPE_NAME(type(given))}")
    tasks, texts = list(tasks), list(texts)
    if len(tasks) != len(texts):
        raise ValueError(f"{len(tasks)} tasks but {len(texts)} answers")
    for n, task in enumerate(tasks):
        if not issubclass(type(task), Task):  # (a None here is the caller's, not the model's)
            raise ArgumentError(f"tasks[{n}] must be a Task, got {_TYPE_NAME(type(task))}")
    parses = [parse_answer(task.task_type, text, config, task.output) for task, text in zip(tasks, texts)]
    verdicts: list[Verdict | ProgramVerdict | None] = [None] * len(tasks)

    abduction, induction = [], []
    for n, (task, parsed) in enumerate(zip(tasks, parses)):
        if isinstance(parsed, ParseFailure):
            continue
        if task.task_type is TaskType.DEDUCTION:
            verdicts[n] = check_output_prediction(parsed.text, task.output)
        elif task.task_type is TaskType.ABDUCTION:
            abduction.append(n)
        else:
            induction.append(n)
    if abduction or induction:
        input_checks = [(tasks[n].program, parses[n].text, tasks[n].output) for n in abduction]
        program_checks = [(parses[n].text, list(tasks[n].hidden_examples)) for n in induction]
        input_verdicts, program_verdicts = executor.check_answers(input_checks, program_checks)  # one round trip
        for n, verdict in zip(abduction + induction, list(input_verdicts) + list(program_verdicts)):
            verdicts[n] = verdict

    return [_outcome(task, parsed, verdict, config) for task, parsed, verdict in zip(tasks, parses, verdicts)]


def _outcome(
    task: Task, parsed: ParsedAnswer | ParseFailure, verdict: Verdict | ProgramVerdict | None, config: TaskConfig
) -> SolverOutcome:
    if isinstance(parsed, ParseFailure) or verdict is None:
        reason = parsed.reason if isinstance(parsed, ParseFailure) else "not verified"
        value, components = solver_reward(False, False, config)
        return SolverOutcome(value, False, False, reason, parsed, None, components)
    if isinstance(verdict, ProgramVerdict):
        correct, accuracy = verdict.all_passed, verdict.accuracy
    else:
        correct, accuracy = verdict.correct, None
    value, components = solver_reward(True, correct, config, accuracy=accuracy)
    # (A candidate's output may be a default repr: the address would make two identical runs'
    # infos differ, so it is written out, as validation writes it out of its reasons.)
    return SolverOutcome(value, correct, True, without_addresses(verdict.reason), parsed, verdict, components)


def solve_rate(outcomes: Sequence[SolverOutcome]) -> float:
    """The share of outcomes that are correct: the ``mean_solve`` of the paper's Eq. 4."""
    if not outcomes:
        raise ValueError("no solver outcomes")
    return sum(outcome.correct for outcome in outcomes) / len(outcomes)
