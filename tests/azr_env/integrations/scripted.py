"""Scripted agents for the integration tests: deterministic texts for every role of every game.

``play(step, first)`` drives any Gym-like session (the Gymnasium env, a ``GameSession``, an
OpenEnv client wrapped to that shape) through one episode with a script, and returns the
transcript ``[(observation, reward, done, info), ...]`` that parity tests compare.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from azr_env.tasks import TaskConfig


def fenced(kind: str, body: str) -> str:
    return f"```{kind}\n{body}\n```"


def answer(*blocks: str) -> str:
    return "<answer>\n" + "\n".join(blocks) + "\n</answer>"


def proposal(task_type: str, k: int = 2, config: TaskConfig | None = None) -> str:
    """A valid proposal of ``f(a) = a * k`` (k picks a different program per episode)."""
    program = f"def f(a):\n    return a * {k}"
    if task_type == "induction":
        n = (config or TaskConfig()).n_induction_inputs
        inputs = [fenced("input", str(i)) for i in range(1, n + 1)]
        return answer(fenced("python", program), *inputs, fenced("message", f"Multiplies by {k}."))
    return answer(fenced("python", program), fenced("input", "21"))


def answers(task_type: str, k: int = 2) -> dict[str, str]:
    """Right, wrong and malformed answers to :func:`proposal`'s task."""
    if task_type == "deduction":
        return {"right": answer(fenced("output", str(21 * k))), "wrong": answer(fenced("output", "-1")), "malformed": "42"}
    if task_type == "abduction":
        return {"right": answer(fenced("input", "21")), "wrong": answer(fenced("input", "20")),
                "malformed": answer(fenced("input", "__import__('os')"))}
    return {"right": answer(fenced("python", f"def f(x):\n    return x * {k}")),
            "wrong": answer(fenced("python", "def f(x):\n    return x + 1")),
            "malformed": answer(fenced("python", "print('no f here')"))}


# One script per episode: the texts played in turn (the solver's in the order given).
AZR_SCRIPTS = {
    "learnable": lambda t, k: [proposal(t, k), answers(t, k)["right"], answers(t, k)["wrong"]],
    "always_solved": lambda t, k: [proposal(t, k), answers(t, k)["right"], answers(t, k)["right"]],
    "malformed_answers": lambda t, k: [proposal(t, k), answers(t, k)["malformed"], answers(t, k)["wrong"]],
    "invalid_proposal": lambda t, k: ["import os\nnot even an answer"],
    "nondeterministic": lambda t, k: [answer(fenced("python", "def f(a):\n    return list({'x', 'y', 'z', str(a)})"),
                                             fenced("input", "1"))],
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
