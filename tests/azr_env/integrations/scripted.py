"""Scripted agents for the integration tests: deterministic texts for every role of every game.

``play(step, first)`` drives any Gym-like session (the Gymnasium env, a ``GameSession``, an
OpenEnv client wrapped to that shape) through one episode with a script, and returns the
transcript ``[(observation, reward, done, info), ...]`` that parity tests compare.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from azr_env.tasks import Task, TaskConfig, TaskType, correct_answer, format_answer, format_proposal, task_proposal
from azr_env.testing import wrong_answer

_DEFAULT = TaskConfig()


def _task(task_type: str, k: int, config: TaskConfig | None = None) -> Task:
    """``f(a) = a * k`` on 21, or for induction on 1..N (k picks a different program per episode)."""
    program, message = f"def f(a):\n    return a * {k}", f"Multiplies by {k}."
    if task_type == "induction":
        n = (config or _DEFAULT).n_induction_inputs
        examples = tuple((str(i), str(i * k)) for i in range(1, n + 1))
        return Task(TaskType.INDUCTION, program, "1", str(k), examples=examples, message=message, n_visible=n // 2)
    return Task(TaskType(task_type), program, "21", str(21 * k))


def proposal(task_type: str, k: int = 2, config: TaskConfig | None = None) -> str:
    """A valid proposal of ``f(a) = a * k``, written by the tasks layer's renderer."""
    return task_proposal(_task(task_type, k, config), config or _DEFAULT)


def answers(task_type: str, k: int = 2) -> dict[str, str]:
    """Right, wrong and malformed answers to :func:`proposal`'s task."""
    task = _task(task_type, k)
    malformed = format_answer(task_type, "__import__('os')" if task_type != "induction" else "print('no f here')", _DEFAULT)
    return {"right": correct_answer(task, _DEFAULT), "wrong": wrong_answer(task, _DEFAULT), "malformed": malformed}


# One script per episode: the texts played in turn (the solver's in the order given).
AZR_SCRIPTS = {
    "learnable": lambda t, k: [proposal(t, k), answers(t, k)["right"], answers(t, k)["wrong"]],
    "always_solved": lambda t, k: [proposal(t, k), answers(t, k)["right"], answers(t, k)["right"]],
    "malformed_answers": lambda t, k: [proposal(t, k), answers(t, k)["malformed"], answers(t, k)["wrong"]],
    "invalid_proposal": lambda t, k: ["import os\nnot even an answer"],
    "nondeterministic": lambda t, k: [format_proposal(t, "def f(a):\n    return list({'x', 'y', 'z', str(a)})", ["1"],
                                                      _DEFAULT)],
}
LSP_SCRIPT = ["What is the capital of France?", "Paris is the capital of France.", "No idea."]


def azr_script(name: str, k: int = 2) -> Callable[[dict], list[str]]:
    """The texts of script ``name`` for the task type the reset info names (self-play draws it)."""
    return lambda info: AZR_SCRIPTS[name](info["task_type"], k) if info["role"] == "proposer" else \
        AZR_SCRIPTS[name](info["task_type"], k)[1:]


def normalise(value: Any) -> Any:
    """JSON round trip: what survives the wire (tuples become lists, str subclasses plain str).

    The sample outputs a nondeterminism verdict quotes depend on the hash seeds, which every
    executor draws at random: two executors agree on the verdict, not on those samples.
    """
    return _without_seeded_samples(json.loads(json.dumps(value)))


def _without_seeded_samples(value: Any) -> Any:
    if isinstance(value, str) and "runs disagree:" in value:
        return value[: value.index("runs disagree:") + len("runs disagree:")] + " ..."
    if isinstance(value, list):
        return [_without_seeded_samples(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_seeded_samples(v) for k, v in value.items()}
    return value


def play(reset: Callable[[], tuple], step: Callable[[str], tuple], script: Callable[[dict], list[str]]) -> list[tuple]:
    """Play the script's texts from reset until the episode ends; the transcript, normalised."""
    observation, info = reset()
    transcript = [(str(observation), None, False, normalise(info))]
    for text in script(info):
        observation, reward, done, info = step(text)
        transcript.append((str(observation), float(reward), bool(done), normalise(info)))
        if done:
            break
    return transcript
