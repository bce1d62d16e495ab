"""Scripted model outputs for the Absolute Zero envs: a valid task of each type and its answers.

Each script proposes ``f(a) = a * 2`` (on 21 for deduction and abduction, on N numbers for
induction) and holds a correct, a wrong and a malformed answer to it.
"""
from __future__ import annotations

from dataclasses import dataclass

from azr_env.tasks import TaskConfig

PROGRAM = "def f(a):\n    return a * 2"


def fenced(kind: str, body: str) -> str:
    return f"```{kind}\n{body}\n```"


def answer(*blocks: str) -> str:
    return "<think>easy</think>\n<answer>\n" + "\n".join(blocks) + "\n</answer>"


@dataclass(frozen=True)
class Script:
    proposal: str
    correct: str
    wrong: str
    malformed: str


def script(task_type: str, config: TaskConfig | None = None) -> Script:
    config = config or TaskConfig()
    if task_type == "deduction":
        return Script(
            proposal=answer(fenced("python", PROGRAM), fenced("input", "21")),
            correct=answer(fenced("output", "42")),
            wrong=answer(fenced("output", "41")),
            malformed="42",  # no <answer> tags
        )
    if task_type == "abduction":
        return Script(
            proposal=answer(fenced("python", PROGRAM), fenced("input", "21")),
            correct=answer(fenced("input", "21")),
            wrong=answer(fenced("input", "20")),
            malformed=answer(fenced("input", "__import__('os')")),  # not a literal
        )
    if task_type == "induction":
        inputs = [fenced("input", str(n)) for n in range(1, config.n_induction_inputs + 1)]
        return Script(
            proposal=answer(fenced("python", PROGRAM), *inputs, fenced("message", "Doubles its argument.")),
            correct=answer(fenced("python", "def f(x):\n    return x + x")),
            wrong=answer(fenced("python", "def f(x):\n    return x + 1")),
            malformed=answer(fenced("python", "print('no f here')")),
        )
    raise ValueError(task_type)


# The rewards the default TaskConfig pays (AZR paper): solver and invalid proposer.
CORRECT, WRONG, MALFORMED, INVALID = 1.0, -0.5, -1.0, -1.0
