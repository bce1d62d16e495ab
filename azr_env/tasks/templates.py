"""Prompts for the proposer and the solver, as swappable data.

Templates are ``str.format`` strings held in :class:`PromptTemplates`; replace any field to
change the wording (write literal braces as ``{{`` and ``}}``). The builders only fill them in.

Two sets ship, one per ``TaskConfig.prompt_style``:

* ``"tagged"`` (the default, for instruct models): instructions, the K references, and an answer
  inside ``<think>``/``<answer>`` tags with fenced blocks (``PromptTemplates()``);
* ``"completion"`` (for small and base models, which copy any example literal a prompt shows):
  plain Python the model continues, with no instructions and no example answer
  (``PromptTemplates.completion()``). A deduction question is ``{program}\nassert f({input}) ==``
  and the answer is the rest of that line. Each completion template ends where the answer starts,
  and its parser (``azr_env.tasks.parsing``) reads the continuation from there; see
  :func:`stop_strings` for where a generation can stop.

>>> from azr_env.tasks import TaskConfig, TaskType, Task, seed_task
>>> config = TaskConfig()
>>> prompt = build_solver_prompt(seed_task(TaskType.DEDUCTION), config)
>>> "'Hello world'" in prompt and "```output" in prompt
True
>>> as_chat_messages("Hi")
[{'role': 'user', 'content': 'Hi'}]
>>> task = Task(TaskType.DEDUCTION, "def f(s):\\n    return s[::-1]", "'abc'", "'cba'")
>>> print(build_solver_prompt(task, TaskConfig(prompt_style="completion")))
def f(s):
    return s[::-1]
assert f('abc') ==
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from azr_env.tasks.types import Task, TaskType

if TYPE_CHECKING:
    from azr_env.tasks.config import TaskConfig

_RULES = """Rules for the program:
- The entry function is named `f` and is defined at the top level; helper functions are allowed.
- It is deterministic: no randomness, no time, no file, network or console I/O.
- It returns a value (not None) that Python can write as a literal: numbers, strings, bools,
  lists, tuples, dicts and sets of these.
- Arguments are Python literals too. You may import only these modules: {allowed_modules}."""

_ANSWER_FORMAT = (
    "Think step by step inside <think> </think>, then write your final answer inside "
    "<answer> </answer>."
)


@dataclass
class PromptTemplates:
    """The words of every prompt. Fields are ``str.format`` templates; see each for its fields.

    Proposer templates get ``{references}``, ``{rules}``, ``{answer_format}``, ``{n_inputs}``, and
    (``proposer_induction_given``) the ``{program}`` the proposer writes inputs for; solver
    templates get ``{program}``, ``{input}``, ``{output}``, ``{examples}``, ``{message}`` and
    ``{answer_format}``. ``PromptTemplates()`` is the tagged set; ``PromptTemplates.completion()``
    the completion set.
    """

    rules: str = _RULES
    answer_format: str = _ANSWER_FORMAT
    no_references: str = "(none yet)"

    # One reference triplet, and one induction reference, as shown to the proposer.
    reference_triplet: str = (
        "```python\n{program}\n```\n```input\n{input}\n```\n```output\n{output}\n```"
    )
    reference_induction: str = "```python\n{program}\n```\n{examples}\n```message\n{message}\n```"
    example: str = "```input\n{input}\n```\n```output\n{output}\n```"
    # How the K references are put together: each as reference_item ({n}: its number from 1,
    # {reference}: the text above), joined by reference_separator.
    reference_item: str = "Task {n}:\n{reference}"
    reference_separator: str = "\n\n"

    proposer_deduction: str = (
        "Design a new Python program and an input for it. Another model will be shown the "
        "program and the input and must predict the output by reasoning alone, so make the "
        "output require careful, step-by-step thought without being impossible.\n\n"
        "{rules}\n\nExisting tasks; write something different from all of them:\n{references}\n\n"
        "{answer_format} The answer holds one ```python block with the program and one "
        "```input block with the arguments of the call, comma-separated, e.g.\n"
        "<answer>\n```python\ndef f(a, b):\n    return a * b\n```\n```input\n'ab', 3\n```\n</answer>"
    )
    proposer_abduction: str = (
        "Design a new Python program and an input for it. Another model will be shown the "
        "program and its output and must find an input that produces that output, so make "
        "the input hard to recover without being impossible.\n\n"
        "{rules}\n\nExisting tasks; write something different from all of them:\n{references}\n\n"
        "{answer_format} The answer holds one ```python block with the program and one "
        "```input block with the arguments of the call, comma-separated, e.g.\n"
        "<answer>\n```python\ndef f(a, b):\n    return a * b\n```\n```input\n'ab', 3\n```\n</answer>"
    )
    proposer_induction: str = (
        "Design a new Python program, {n_inputs} different inputs for it, and a short message. "
        "Another model will see half of the input/output pairs and your message, and must "
        "write a program that also gets the other half right. The message should hint at what "
        "the program does without containing code.\n\n"
        "{rules}\n\nExisting tasks; write something different from all of them:\n{references}\n\n"
        "{answer_format} The answer holds one ```python block with the program, exactly "
        "{n_inputs} ```input blocks (one call's arguments each) and one ```message block, e.g.\n"
        "<answer>\n```python\ndef f(a):\n    return a[::-1]\n```\n```input\n'abc'\n```\n"
        "```input\n[1, 2]\n```\n...\n```message\nThe function reverses a sequence.\n```\n</answer>"
    )

    # AZR's induction proposer (the default, TaskConfig.induction_proposer="given_program"): it is
    # given {program}, drawn from the deduction and abduction buffers, and writes only the inputs
    # and the message. No example answer is shown, so there is nothing to copy.
    proposer_induction_given: str = (
        "Here is a Python program. Write {n_inputs} different inputs for it and a short message. "
        "Another model will see half of the input/output pairs and your message, and must write "
        "a program that also gets the other half right. The message should hint at what the "
        "program does without containing code.\n\n```python\n{program}\n```\n\n"
        "Earlier tasks, for other programs:\n{references}\n\n"
        "{answer_format} The answer holds exactly {n_inputs} ```input blocks, each holding the "
        "arguments of one call as comma-separated Python literals, and one ```message block."
    )

    solver_deduction: str = (
        "Given the Python program and the input below, predict the value `f(<input>)` "
        "returns.\n\n```python\n{program}\n```\n```input\n{input}\n```\n\n"
        "{answer_format} The answer holds the returned value as a Python literal in an "
        "```output block, e.g.\n<answer>\n```output\n[1, 'a']\n```\n</answer>"
    )
    solver_abduction: str = (
        "Given the Python program and the value it returned below, find arguments such that "
        "`f(<arguments>)` returns exactly that value.\n\n```python\n{program}\n```\n"
        "```output\n{output}\n```\n\n"
        "{answer_format} The answer holds the arguments as comma-separated Python literals in "
        "an ```input block, e.g.\n<answer>\n```input\n'abc', 2\n```\n</answer>"
    )
    solver_induction: str = (
        "Write a Python function `f` that maps each input below to its output. It will also be "
        "checked on inputs you cannot see.\n\n{examples}\n\nMessage from the task's author:\n"
        "{message}\n\n"
        "{answer_format} The answer holds the program in a ```python block, e.g.\n"
        "<answer>\n```python\ndef f(a):\n    return a\n```\n</answer>"
    )

    @classmethod
    def completion(cls, **changes) -> "PromptTemplates":
        """The completion-style set: Python source the model continues, ending where the answer
        starts. ``changes`` replace fields, as in the constructor.

        Every template ends exactly where the answer starts (no trailing space: the model's own
        next token carries the space, as it does in code it has read). The parsers read the
        continuation from there:

        * deduction solver: ``...\nassert f({input}) ==``, then the output literal to the newline;
        * abduction solver: ``...\nassert {output} == f(``, then the arguments and ``)``;
        * induction solver: the message as a comment, the visible pairs as asserts, then
          ``def f(``, and the rest of the function;
        * deduction and abduction proposers: the references as functions with one test each, then
          ``def f(``: the model writes a function and a test ``assert f(<input>) == ...`` (what
          follows ``==`` is ignored: the executor computes the output);
        * induction proposer given a program: the references, then the program and ``#``: the
          model writes a one-line description and then one call ``f(<input>)`` per line;
          writing its own program, it starts from ``def f(`` instead.
        """
        values = dict(
            rules="",
            answer_format="",
            no_references="",
            reference_triplet="{program}\nassert f({input}) == {output}",
            reference_induction="{program}\n# {message}\n{calls}",
            example="assert f({input}) == {output}",
            reference_item="{reference}\n\n",
            reference_separator="",
            proposer_deduction="# Python functions, each with a test whose value takes careful thought to predict.\n\n"
                               "{references}def f(",
            proposer_abduction="# Python functions, each with a test whose input takes careful thought to recover.\n\n"
                               "{references}def f(",
            proposer_induction="# Python functions, each with a one-line description and {n_inputs} calls on "
                               "different inputs.\n\n{references}def f(",
            proposer_induction_given="# Python functions, each with a one-line description and {n_inputs} calls on "
                                     "different inputs.\n\n{references}{program}\n#",
            solver_deduction="{program}\nassert f({input}) ==",
            solver_abduction="{program}\nassert {output} == f(",
            solver_induction="# {message}\n{examples}\ndef f(",
        )
        values.update(changes)
        return cls(**values)


def _format_examples(templates: PromptTemplates, pairs: Sequence[tuple[str, str]]) -> str:
    return "\n".join(templates.example.format(input=i, output=o) for i, o in pairs)


def format_reference(task: Task, config: TaskConfig) -> str:
    """How one buffer task appears among the proposer's references."""
    templates = config.templates
    if task.task_type is TaskType.INDUCTION:
        return templates.reference_induction.format(
            program=task.program,
            examples=_format_examples(templates, task.examples),
            calls="\n".join(f"f({i})" for i, _ in task.examples),
            message=task.message,
        )
    return templates.reference_triplet.format(
        program=task.program, input=task.input, output=task.output
    )


def build_proposer_prompt(task_type: TaskType | str, references: Sequence[Task], config: TaskConfig,
                          program: str | None = None) -> str:
    """The proposer's prompt for one task type, showing ``references`` (sampled from its buffer).

    Pass ``buffer.sample(rng, config.n_references)`` as ``references``. ``program`` is the program
    an induction proposer is given (AZR's way, ``TaskConfig.induction_proposer="given_program"``);
    without one it writes its own.
    """
    task_type = TaskType(task_type)
    templates = config.templates
    rules = templates.rules.format(allowed_modules=", ".join(config.allowed_modules) or "none")
    shown = templates.reference_separator.join(
        templates.reference_item.format(n=n, reference=format_reference(task, config))
        for n, task in enumerate(references, 1)
    )
    if program is not None and task_type is not TaskType.INDUCTION:
        raise ValueError("only an induction proposer is given a program")
    template = {
        TaskType.DEDUCTION: templates.proposer_deduction,
        TaskType.ABDUCTION: templates.proposer_abduction,
        TaskType.INDUCTION: templates.proposer_induction if program is None else templates.proposer_induction_given,
    }[task_type]
    return template.format(
        references=shown or templates.no_references,
        rules=rules,
        answer_format=templates.answer_format,
        n_inputs=config.n_induction_inputs,
        program=program or "",
    )


def build_solver_prompt(task: Task, config: TaskConfig) -> str:
    """The solver's prompt: the question ``task`` asks, without the part to be found.

    Deduction shows program and input, abduction program and output, induction only the
    visible examples and the message (never the program or the hidden pairs).
    """
    templates = config.templates
    template = {
        TaskType.DEDUCTION: templates.solver_deduction,
        TaskType.ABDUCTION: templates.solver_abduction,
        TaskType.INDUCTION: templates.solver_induction,
    }[task.task_type]
    if task.task_type is TaskType.INDUCTION:
        return template.format(
            examples=_format_examples(templates, task.visible_examples),
            message=task.message,
            answer_format=templates.answer_format,
            program="", input="", output="",
        )
    return template.format(
        program=task.program,
        input=task.input if task.task_type is TaskType.DEDUCTION else "",
        output=task.output if task.task_type is TaskType.ABDUCTION else "",
        examples="", message="",
        answer_format=templates.answer_format,
    )


def as_chat_messages(prompt: str, system: str | None = None) -> list[dict[str, str]]:
    """The prompt as chat messages for ``tokenizer.apply_chat_template`` (instruct models).

    >>> as_chat_messages("Solve it.", system="You are careful.")
    [{'role': 'system', 'content': 'You are careful.'}, {'role': 'user', 'content': 'Solve it.'}]
    """
    messages = [{"role": "system", "content": system}] if system else []
    messages.append({"role": "user", "content": prompt})
    return messages


# Where a generation can stop, per prompt style, role and task type. A completion-style answer is
# one line (deduction, abduction) or one function (induction); a completion-style proposal is a
# function with its test or calls, and the blank line after it ends it. The parsers read only up
# to those points anyway, so a stop string saves tokens and never changes a reward.
_STOPS = {
    "tagged": {("proposer", t): ("</answer>",) for t in TaskType} | {("solver", t): ("</answer>",) for t in TaskType},
    "completion": {
        ("solver", TaskType.DEDUCTION): ("\n",),
        ("solver", TaskType.ABDUCTION): ("\n",),
        ("solver", TaskType.INDUCTION): ("\n\n", "\nassert", "\n#", "\nprint(", "\nf("),
        ("proposer", TaskType.DEDUCTION): ("\n\n", "\ndef "),
        ("proposer", TaskType.ABDUCTION): ("\n\n", "\ndef "),
        ("proposer", TaskType.INDUCTION): ("\n\n", "\ndef "),
    },
}


def stop_strings(role: str, task_type: TaskType | str, config: TaskConfig) -> tuple[str, ...]:
    """The strings at which a ``role`` ("proposer" or "solver") response to a ``task_type`` prompt
    is complete, for ``config.prompt_style``: ``("</answer>",)`` for tagged prompts, the end of the
    line or function for completion prompts.

    >>> from azr_env.tasks import TaskConfig
    >>> stop_strings("solver", "deduction", TaskConfig(prompt_style="completion"))
    ('\\n',)
    """
    try:
        return _STOPS[config.prompt_style][(role, TaskType(task_type))]
    except KeyError:
        raise ValueError(f"no stop strings for role {role!r} in prompt style {config.prompt_style!r}") from None
