"""What the executor reports: a status, a canonical output, and a short reason.

Everything here is plain data so that results can cross process boundaries and be logged.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class ExecStatus(str, enum.Enum):
    """Outcome of executing (or validating) one program on one input."""

    OK = "ok"
    ERROR = "error"  # the program raised, or the worker died under it
    TIMEOUT = "timeout"
    MEMORY = "memory"
    FORBIDDEN = "forbidden"  # rejected by the static screen or refused at run time
    NONDETERMINISTIC = "nondeterministic"  # runs disagreed; never reported as a valid empty output
    SYNTAX = "syntax"
    OUTPUT_TOO_LARGE = "output_too_large"

    def __str__(self) -> str:  # so f"{status}" prints "ok", not "ExecStatus.OK"
        return self.value


@dataclass(frozen=True)
class ExecResult:
    """One execution.

    ``output`` is the canonical ``repr`` of ``f(*inputs)`` when ``status`` is ``ok`` (sets and
    frozensets printed with sorted elements, so that equal values print alike in every process),
    otherwise None. ``error`` is a one-line reason whenever ``status`` is not ``ok``.
    ``stdout`` is what the program printed, truncated to the executor's cap.
    ``output_is_literal`` is True when the worker saw that the value was plain data (exact int,
    bool, str, bytes, None, finite float, and lists, tuples, sets and dicts of them), so
    ``output`` reads back with ``ast.literal_eval``. False means "not known": a caller that needs
    a literal checks ``output`` itself (``parse_literal``). Like every worker report, it is
    believed the way ``output`` is; a wrong True could only mislabel the output, since nothing
    in the parent ever evaluates it.
    """

    status: ExecStatus
    output: str | None = None
    error: str | None = None
    stdout: str = ""
    output_is_literal: bool = False

    @property
    def ok(self) -> bool:
        return self.status is ExecStatus.OK


@dataclass(frozen=True)
class Verdict:
    """Whether one solver answer is right, and why (a reason is always given)."""

    correct: bool
    reason: str
    # The output the answer produced, when it was executed (input prediction, synthesis).
    produced: str | None = None


@dataclass(frozen=True)
class ProgramVerdict:
    """A candidate program checked on hidden (inputs, output) pairs."""

    passed: int
    total: int
    pair_verdicts: tuple[Verdict, ...]
    reason: str

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total

    @property
    def accuracy(self) -> float:
        return self.passed / self.total if self.total else 0.0
