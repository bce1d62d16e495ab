"""What the local and the Ray executor share: the single-item forms of their batch methods, and
being a handle on processes (a context manager whose copies are itself, closed when collected;
``close()`` is the contract)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from .results import ExecResult, ProgramVerdict, Verdict

WhileWaiting = Callable[[], bool]


def step_while_waiting(work: WhileWaiting | None, errors: list[BaseException]) -> WhileWaiting | None:
    """One piece of a batch caller's ``while_waiting`` work; the callable again while it has more.

    It runs only when the executor has handed out every job and its workers are still busy, so
    the caller's own work (a new task's id, say) fills time the executor would spend blocked. An
    exception stops the work; the batch still settles, and the caller gets the exception after.
    """
    if work is None:
        return None
    try:
        return work if work() else None
    except Exception as error:  # noqa: BLE001 -- raised by the batch method once its jobs settle
        errors.append(error)
        return None


class ExecutorFace:
    """Subclasses define ``close``, ``run_batch``, ``validate_batch`` and ``check_answers``."""

    # Their run_batch and validate_batch take ``while_waiting=`` (see step_while_waiting): callers
    # that hand it only to executors that say so keep working with any duck-typed executor.
    accepts_while_waiting = True

    # -- single items: the first result of a batch of one ----------------------------------------
    def run(self, program: str, inputs: str) -> ExecResult:
        """Execute ``f(<inputs>)`` once."""
        return self.run_batch([(program, inputs)])[0]

    def validate(self, program: str, inputs: str) -> ExecResult:
        """Execute ``f(<inputs>)`` J times across processes; ``ok`` only if every run agrees."""
        return self.validate_batch([(program, inputs)])[0]

    def check_input_prediction(self, program: str, predicted_inputs: str, gold_output: str) -> Verdict:
        """Abduction: run ``program`` on the predicted (literal) arguments and compare outputs."""
        return self.check_input_predictions([(program, predicted_inputs, gold_output)])[0]

    def check_input_predictions(self, items: Sequence[tuple[str, str, str]]) -> list[Verdict]:
        """Batched ``check_input_prediction``: one executor round trip for all items."""
        return self.check_answers(input_predictions=items)[0]

    def check_program(self, candidate: str, pairs: Sequence[tuple[str, str]]) -> ProgramVerdict:
        """Induction: run a candidate program on hidden (inputs, gold_output) pairs."""
        return self.check_programs([(candidate, pairs)])[0]

    def check_programs(self, items: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> list[ProgramVerdict]:
        """Batched ``check_program``: every (candidate, pair) runs in one round trip."""
        return self.check_answers(programs=items)[1]

    # -- a handle on processes -------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        # Copies share the processes (or actors). Gymnasium deep-copies env kwargs
        # (env.spec.make(), check_env), which must not start a second pool.
        return self

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass
