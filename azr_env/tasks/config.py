"""Every knob of the tasks layer in one dataclass, with where each default comes from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from azr_env.executor import DEFAULT_ALLOWED_MODULES
from azr_env.tasks.templates import PromptTemplates

# AZR's released code pays -0.5 to a valid proposal the solver always or never solves; the
# paper's Eq. 4 pays 0. Pass this as TaskConfig.unlearnable_reward to reproduce the code.
AZR_CODE_UNLEARNABLE_REWARD = -0.5


@dataclass
class TaskConfig:
    """Options of the Absolute Zero game. Defaults follow the AZR paper unless noted.

    >>> TaskConfig().n_references, TaskConfig().n_solver_samples, TaskConfig().n_induction_inputs
    (6, 8, 10)
    """

    # Prompts: K reference triplets shown to the proposer (paper: K=6).
    n_references: int = 6
    templates: PromptTemplates = field(default_factory=PromptTemplates)
    # Named in the proposer prompt. Keep it equal to the Executor's allowed_modules.
    allowed_modules: tuple[str, ...] = tuple(sorted(DEFAULT_ALLOWED_MODULES))

    # Learnability: solver attempts per proposed task (paper: n=8).
    n_solver_samples: int = 8
    # Induction: inputs per proposal (paper: N=10) and the share shown to the solver (paper: half).
    n_induction_inputs: int = 10
    visible_fraction: float = 0.5

    # Parsing limits. A response longer than max_response_chars is rejected before any regex
    # runs, so megabytes of text cost nothing; the others bound what reaches the executor.
    max_response_chars: int = 100_000
    max_program_chars: int = 10_000
    max_input_chars: int = 2_000
    max_answer_chars: int = 10_000
    max_message_chars: int = 2_000
    # AZR's format reward wants <think>...</think> before <answer>; off by default because a
    # prompt that ends in "<think>" leaves the opening tag out of the completion.
    require_think: bool = False

    # Solver rewards (paper Sec. 3.3.1 / AZR code): correct, well-formed but wrong, malformed.
    solver_correct_reward: float = 1.0
    solver_wrong_reward: float = -0.5
    solver_malformed_reward: float = -1.0
    # Induction: "binary" pays correct only when every hidden pair passes (paper);
    # "accuracy" interpolates linearly between the wrong and correct rewards by pass rate.
    induction_credit: Literal["binary", "accuracy"] = "binary"

    # Proposer rewards: an invalid or malformed proposal (paper: -1), and a valid task whose
    # solve rate is exactly 0 or 1 (paper Eq. 4: 0; AZR_CODE_UNLEARNABLE_REWARD for the code's -0.5).
    invalid_proposal_reward: float = -1.0
    unlearnable_reward: float = 0.0

    def __post_init__(self) -> None:
        if self.induction_credit not in ("binary", "accuracy"):
            raise ValueError(f"induction_credit must be 'binary' or 'accuracy', got {self.induction_credit!r}")
        if self.n_induction_inputs < 2:
            raise ValueError("induction needs at least 2 inputs: one visible and one hidden")
        if not 0.0 < self.visible_fraction < 1.0:
            raise ValueError("visible_fraction must lie strictly between 0 and 1")
