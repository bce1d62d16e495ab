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


def _setting(default: Any, help: str) -> Any:
    return dataclasses.field(default=default, metadata={"help": help})


@dataclass
class TaskConfig:
    """Options of the Absolute Zero game. Defaults follow the AZR paper unless noted.

    >>> TaskConfig().n_references, TaskConfig().n_solver_samples, TaskConfig().n_induction_inputs
    (6, 8, 10)
    """

    # Each field's help text is in its metadata (`azr train --help` shows it beside --task.FIELD).
    n_references: int = _setting(6, "K: reference triplets from the buffer shown to the proposer (paper: K=6)")
    prompt_style: Literal["tagged", "completion"] = _setting(
        "tagged", "tagged: instructions and <think>/<answer> tags with fenced blocks (instruct models, as in the "
                  "paper); completion: Python source the model continues, with no example to copy (small and base "
                  "models; PromptTemplates.completion). It picks the default templates and the parsers")
    templates: PromptTemplates | None = _setting(
        None, "PromptTemplates fields to replace (a JSON object of str.format strings); none: the prompt style's "
              "own set (PromptTemplates() or PromptTemplates.completion())")
    allowed_modules: tuple[str, ...] = _setting(
        tuple(sorted(DEFAULT_ALLOWED_MODULES)), "modules the proposer prompt says a program may import; keep it "
                                                "equal to the Executor's allowed_modules")
    n_solver_samples: int = _setting(8, "n: solver attempts per proposed task, for its learnability (paper: n=8)")
    n_induction_inputs: int = _setting(10, "N: inputs per induction proposal (paper: N=10); at least 2")
    visible_fraction: float = _setting(0.5, "share of an induction task's pairs shown to the solver, in (0, 1) "
                                            "(paper: half); the rest are hidden tests")
    induction_proposer: Literal["given_program", "own_program"] = _setting(
        "given_program", "given_program: the induction proposer is given a program from the deduction and abduction "
                         "buffers and writes only the inputs and the message (AZR, paper Sec. 3.3.2); own_program: "
                         "it writes the program too (this package's earlier behaviour)")
    # Parsing limits: a response longer than max_response_chars is rejected before any regex
    # runs, so megabytes of text cost nothing; the others bound what reaches the executor.
    max_response_chars: int = _setting(100_000, "a response longer than this is malformed, before any parsing")
    max_program_chars: int = _setting(10_000, "a longer program is malformed")
    max_input_chars: int = _setting(2_000, "a longer input is malformed")
    max_answer_chars: int = _setting(10_000, "a longer answer is malformed")
    max_message_chars: int = _setting(2_000, "a longer induction message is malformed")
    require_think: bool = _setting(
        False, "AZR's format reward: <think>...</think> before <answer>; off by default because a prompt that ends "
               "in <think> leaves the opening tag out of the completion")
    solver_correct_reward: float = _setting(1.0, "the solver's reward for a correct answer (paper Sec. 3.3.1, AZR code)")
    solver_wrong_reward: float = _setting(-0.5, "for a well-formed wrong answer (paper Sec. 3.3.1, AZR code)")
    solver_malformed_reward: float = _setting(-1.0, "for a malformed answer (paper Sec. 3.3.1, AZR code)")
    induction_credit: Literal["binary", "accuracy"] = _setting(
        "binary", "binary: an induction answer is correct only when every hidden pair passes (paper); accuracy: "
                  "the reward moves linearly from wrong to correct with the pass rate")
    invalid_proposal_reward: float = _setting(-1.0, "the proposer's reward for an invalid or malformed proposal (paper: -1)")
    unlearnable_reward: float = _setting(
        0.0, "the proposer's reward for a valid task whose solve rate is exactly 0 or 1 (paper Eq. 4: 0; "
             "AZR_CODE_UNLEARNABLE_REWARD for the released code's -0.5)")

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
            if "chat_system" in bad:  # removed: it was never read
                raise ValueError("PromptTemplates has no chat_system: the system turn belongs to whoever renders the "
                                 "chat (the agent's system_prompt, or as_chat_messages(prompt, system))")
            if bad:
                raise ValueError(f"unknown PromptTemplates fields {bad}; known: {sorted(fields)}")
        return cls(**dict(values))
