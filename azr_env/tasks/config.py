"""Every knob of the tasks layer in one dataclass, with where each default comes from."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from azr_env.executor import DEFAULT_ALLOWED_MODULES
from azr_env.tasks.templates import PromptTemplates

# AZR's released code pays -0.5 to a valid proposal the solver always or never solves; the
# paper's Eq. 4 pays 0. Pass this as TaskConfig.unlearnable_reward to reproduce the code.
AZR_CODE_UNLEARNABLE_REWARD = -0.5

PROMPT_STYLES = ("tagged", "completion")
INDUCTION_PROPOSERS = ("given_program", "own_program")


@dataclass
class TaskConfig:
    """Options of the Absolute Zero game. Defaults follow the AZR paper unless noted.

    >>> TaskConfig().n_references, TaskConfig().n_solver_samples, TaskConfig().n_induction_inputs
    (6, 8, 10)
    """

    # Prompts: K reference triplets shown to the proposer (paper: K=6).
    n_references: int = 6
    # "tagged": instructions and <think>/<answer> tags with fenced blocks (instruct models, as in the
    # paper); "completion": Python source the model continues, with no example to copy (small and
    # base models; see PromptTemplates.completion). It picks the default templates and the parsers.
    prompt_style: Literal["tagged", "completion"] = "tagged"
    # None: the prompt style's own set (PromptTemplates() or PromptTemplates.completion()).
    templates: PromptTemplates | None = None
    # Named in the proposer prompt. Keep it equal to the Executor's allowed_modules.
    allowed_modules: tuple[str, ...] = tuple(sorted(DEFAULT_ALLOWED_MODULES))

    # Learnability: solver attempts per proposed task (paper: n=8).
    n_solver_samples: int = 8
    # Induction: inputs per proposal (paper: N=10) and the share shown to the solver (paper: half).
    n_induction_inputs: int = 10
    visible_fraction: float = 0.5
    # AZR (paper Sec. 3.3.2): the induction proposer is given a program from the deduction and
    # abduction buffers and writes only the inputs and the message ("given_program"); with
    # "own_program" it writes the program too (this package's earlier behaviour).
    induction_proposer: Literal["given_program", "own_program"] = "given_program"

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
        if self.prompt_style not in PROMPT_STYLES:
            raise ValueError(f"prompt_style must be one of {PROMPT_STYLES}, got {self.prompt_style!r}")
        if self.induction_proposer not in INDUCTION_PROPOSERS:
            raise ValueError(f"induction_proposer must be one of {INDUCTION_PROPOSERS}, got {self.induction_proposer!r}")
        if self.templates is None:
            self.templates = PromptTemplates.completion() if self.prompt_style == "completion" else PromptTemplates()
        elif isinstance(self.templates, Mapping):  # from a run config: fields replacing the style's set
            self.templates = (PromptTemplates.completion if self.prompt_style == "completion" else PromptTemplates)(
                **self.templates)
        self.allowed_modules = tuple(self.allowed_modules)
        if self.induction_credit not in ("binary", "accuracy"):
            raise ValueError(f"induction_credit must be 'binary' or 'accuracy', got {self.induction_credit!r}")
        if self.n_induction_inputs < 2:
            raise ValueError("induction needs at least 2 inputs: one visible and one hidden")
        if not 0.0 < self.visible_fraction < 1.0:
            raise ValueError("visible_fraction must lie strictly between 0 and 1")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> "TaskConfig":
        """A config from plain data (a run config's ``task`` section): any field by name, with
        ``templates`` as a mapping of the template fields to replace in the prompt style's set.
        Unknown names are an error that lists the known ones.

        >>> TaskConfig.from_dict({"prompt_style": "completion", "unlearnable_reward": -0.5}).unlearnable_reward
        -0.5
        """
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown TaskConfig fields {unknown}; known: {sorted(known)}")
        templates = values.get("templates")
        if templates is not None and not isinstance(templates, (Mapping, PromptTemplates)):
            raise ValueError("templates must be a mapping of PromptTemplates fields")
        if isinstance(templates, Mapping):
            fields = {f.name for f in dataclasses.fields(PromptTemplates)}
            bad = sorted(set(templates) - fields)
            if bad:
                raise ValueError(f"unknown PromptTemplates fields {bad}; known: {sorted(fields)}")
        return cls(**dict(values))
