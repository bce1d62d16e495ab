"""Writing proposals and answers in the format the parsers read: the inverse of parsing.

Scripted agents, tests and tools that need a well-formed response build it here rather than
spelling out the answer format themselves, so that a change of format changes them all. Two
formats, one per ``TaskConfig.prompt_style`` (a config without that field is tagged):

- ``"tagged"``: ``<answer>`` with fenced blocks, as :mod:`azr_env.tasks.parsing` describes;
- ``"completion"``: the continuation of a prompt that ends where the answer starts
  (``assert f(x) ==``, ``== f(``, ``def f(``), so a program must be a lone ``def f``.

For every task type and every body the parser accepts (in the completion style: every program
that is a lone ``def f``),

    parse_answer(t, format_answer(t, body, config), config).text == body
    parse_proposal(t, format_proposal(t, program, inputs, config, message), config)
        == ParsedProposal(t, program, tuple(inputs), message)

(``tests/azr_env/tasks/test_rendering.py`` checks both, with hypothesis).

>>> from azr_env.tasks import TaskConfig, TaskType, seed_task
>>> config = TaskConfig()
>>> print(format_answer("deduction", "[1, 2]", config))
<answer>
```output
[1, 2]
```
</answer>
>>> print(correct_answer(seed_task(TaskType.ABDUCTION), config))
<answer>
```input
'Hello world'
```
</answer>
>>> print(format_proposal("deduction", "def f(a):\\n    return a * 2", ["21"], config))
<answer>
```python
def f(a):
    return a * 2
```
```input
21
```
</answer>
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from azr_env.tasks.types import Task, TaskType

if TYPE_CHECKING:
    from azr_env.tasks.config import TaskConfig

# The block a solver answer goes in, per task type (what parse_answer looks for first).
ANSWER_BLOCK = {TaskType.DEDUCTION: "output", TaskType.ABDUCTION: "input", TaskType.INDUCTION: "python"}
# The answer formats written here (TaskConfig.prompt_style, where the config has one).
STYLES = ("tagged", "completion")


def prompt_style(config: TaskConfig) -> str:
    """The answer format ``config`` asks for; ``"tagged"`` (``<answer>`` and fenced blocks) unless
    the config names another."""
    return getattr(config, "prompt_style", "tagged")


def _tagged(*blocks: tuple[str, str]) -> str:
    fenced = "\n".join(f"```{language}\n{body}\n```" for language, body in blocks)
    return f"<answer>\n{fenced}\n</answer>"


# The completion style's prompts end where the answer starts (``assert f(x) ==``, ``== f(``,
# ``def f(``), and its parsers read the model's continuation from there; these write it.
_DEF = "def f("


def _continuing_def(program: str) -> str:
    """``program`` as the continuation of a prompt that ends in ``def f(``: the text after it. A
    text that does not start with ``def f(`` is returned as it is (a malformed continuation)."""
    return program[len(_DEF):] if program.startswith(_DEF) else program


def _calls(inputs: Sequence[str]) -> str:
    return "\n".join(f"f({source})" for source in inputs)


def _unsupported(config: TaskConfig, what: str) -> ValueError:
    return ValueError(f"{what}: no renderer for prompt style {prompt_style(config)!r} (known: {STYLES})")


def format_answer(task_type: TaskType | str, body: str, config: TaskConfig) -> str:
    """A solver response holding ``body``: an output literal (deduction), literal call arguments
    (abduction) or a program defining ``f`` (induction). ``body`` is written as given, so a
    malformed body makes a malformed answer (what a fuzzer wants)."""
    task_type = TaskType(task_type)
    style = prompt_style(config)
    if style == "tagged":
        return _tagged((ANSWER_BLOCK[task_type], body))
    if style == "completion":
        if task_type is TaskType.DEDUCTION:
            return f" {body}"  # after "assert f(<input>) =="
        if task_type is TaskType.ABDUCTION:
            return f"{body})"  # after "assert <output> == f("
        return _continuing_def(body)  # after "def f(": a program that is only its f
    raise _unsupported(config, "format_answer")


def format_proposal(
    task_type: TaskType | str,
    program: str,
    inputs: Sequence[str],
    config: TaskConfig,
    message: str = "",
    *,
    given_program: bool = False,
) -> str:
    """A proposer response: ``program`` with its input (one for deduction and abduction, each of
    ``inputs`` for induction, which also takes the ``message`` to the solver).

    ``given_program``: the env gave an induction proposer ``program`` (AZR's way), so the
    response holds only the inputs and the message where the format allows leaving it out.
    """
    task_type = TaskType(task_type)
    inputs = list(inputs)
    if task_type is not TaskType.INDUCTION and len(inputs) != 1:
        raise ValueError(f"a {task_type.value} proposal has one input, got {len(inputs)}")
    style = prompt_style(config)
    if style == "tagged":
        blocks = [("python", program)] + [("input", source) for source in inputs]
        if task_type is TaskType.INDUCTION:
            blocks.append(("message", message))
        return _tagged(*blocks)
    if style == "completion":
        if task_type is not TaskType.INDUCTION:
            # A test after the function; what follows "==" is not read (the executor computes it).
            return f"{_continuing_def(program)}\nassert f({inputs[0]}) == ..."
        if given_program:
            return f" {message}\n{_calls(inputs)}"  # after "<program>\n#"
        return f"{_continuing_def(program)}\n# {message}\n{_calls(inputs)}"
    raise _unsupported(config, "format_proposal")


def solution_of(task: Task) -> str:
    """The part of ``task`` its solver must supply: the output (deduction), the input
    (abduction) or the program (induction)."""
    if task.task_type is TaskType.DEDUCTION:
        return task.output
    if task.task_type is TaskType.ABDUCTION:
        return task.input
    return task.program


def correct_answer(task: Task, config: TaskConfig) -> str:
    """A response that answers ``task`` correctly: its own solution in the answer format."""
    return format_answer(task.task_type, solution_of(task), config)


def task_proposal(task: Task, config: TaskConfig, *, given_program: bool = False) -> str:
    """A response proposing ``task``'s program and input(s) (the executor computes the output);
    ``given_program`` as in :func:`format_proposal`."""
    return format_proposal(task.task_type, task.program, task.inputs, config, task.message,
                           given_program=given_program)
