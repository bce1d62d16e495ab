"""Turning proposer responses into valid tasks, through the executor.

A proposal is valid when it parses and its program

- passes the executor's screen (allowed imports and constructs) and runs without error;
- is deterministic: ``Executor.validate_batch`` runs it in separate processes with different
  hash seeds and compares values;
- returns something other than ``None``;
- returns a value whose printed form is a Python literal, since a deduction answer must be one
  (``inf``, ``nan`` and arbitrary objects cannot be written down by the solver);
- for induction, takes every one of the N inputs validly, and the inputs are all different.

All programs of a batch go to the executor in ONE ``validate_batch`` call, which consumes them
as they are parsed, so parsing overlaps with execution.

>>> from azr_env.executor import Executor
>>> from azr_env.tasks import TaskConfig
>>> text = "<answer>```python\\ndef f(a):\\n    return a[::-1]\\n```\\n```input\\n'abc'\\n```</answer>"
>>> with Executor(workers=1) as executor:
...     outcome, = evaluate_proposals(executor, "deduction", [text], TaskConfig(), step=3)
>>> outcome.valid, outcome.task.output, outcome.task.step
(True, "'cba'", 3)
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from azr_env.executor import ExecResult, canonical_repr, literal_argument_values, parse_arguments, parse_literal
from azr_env.tasks.parsing import parse_proposal, without_addresses
from azr_env.tasks.types import (
    ParsedProposal,
    ParseFailure,
    Task,
    TaskType,
    check_step,
    normalize_inputs,
    program_fingerprint,
    split_point,
)

if TYPE_CHECKING:
    from azr_env.executor import Executor
    from azr_env.tasks.config import TaskConfig

PROPOSER_SOURCE = "proposer"


@dataclass(frozen=True)
class ProposalOutcome:
    """What became of one proposer response.

    ``kind`` is a short label for counting in logs: ``"valid"``, a parse ``FailureKind`` value,
    an executor status (``"error"``, ``"timeout"``, ``"forbidden"``, ``"nondeterministic"``...),
    ``"returns_none"``, ``"non_literal_output"``, ``"duplicate_inputs"``, ``"unreadable_text"`` (a
    control or invisible character the solver's prompt could show only escaped) or
    ``"keyword_inputs"`` (an induction input passed by keyword). ``reason`` says the
    same for humans. ``reward_if_invalid`` is the proposer's reward when ``valid`` is False
    (``TaskConfig.invalid_proposal_reward``); a valid task is instead paid by its learnability
    once solved (see :func:`azr_env.tasks.proposer_reward`), and carries 0.0 here.
    """

    valid: bool
    reason: str
    task: Task | None
    parse: ParsedProposal | ParseFailure
    reward_if_invalid: float
    kind: str = "valid"


def _fingerprint_one_of(parses: list) -> object:
    """A ``while_waiting`` callable: each call fingerprints one more parsed program (memoised, so
    ``Task.task_id`` later finds it), False once none is left. Never raises: a program that cannot
    be fingerprinted is left to ``task_id``, which says why in its own way."""
    position = 0

    def one() -> bool:
        nonlocal position
        while position < len(parses):
            parsed = parses[position]
            position += 1
            if isinstance(parsed, ParsedProposal):
                try:
                    program_fingerprint(parsed.program)
                except Exception:  # noqa: BLE001 -- see the docstring
                    pass
                return True
        return False

    return one


def _invalid(parse, kind: str, reason: str, config: TaskConfig) -> ProposalOutcome:
    return ProposalOutcome(False, reason, None, parse, float(config.invalid_proposal_reward), str(kind))


def _result_problem(result: ExecResult, which: str) -> tuple[str, str] | None:
    """(kind, reason) when one validation run disqualifies the proposal."""
    if not result.ok:
        return str(result.status), without_addresses(f"{which}: {result.status}: {result.error or 'no detail'}")
    if result.output is None or result.output == "None":
        return "returns_none", f"{which}: the program returned None"
    if getattr(result, "output_is_literal", False):
        return None  # the worker saw plain data: no need to parse the text again
    ok, value, why = parse_literal(result.output)
    if not ok:
        return "non_literal_output", without_addresses(
            f"{which}: the output {result.output[:60]!r} is not a Python literal ({why})")
    if _holds_ellipsis(value):
        # Ellipsis itself prints as "Ellipsis", which does not parse: a "..." that parsed is how
        # Python prints a container that contains itself ([1, [...]]), a value no literal denotes.
        return "non_literal_output", (f"{which}: the output {result.output[:60]!r} is a container that "
                                      "contains itself, which no literal can write down")
    return None


def _holds_ellipsis(value: object, budget: int = 100_000) -> bool:
    stack = [value]
    while stack and budget > 0:
        item = stack.pop()
        budget -= 1
        if item is Ellipsis:
            return True
        if isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return bool(stack)  # too large to check: not vouched for


def evaluate_proposals(
    executor: Executor,
    task_type: TaskType | str | Sequence[TaskType | str],
    texts: Sequence[object],
    config: TaskConfig,
    step: int | None = None,
    programs: Sequence[str | None] | None = None,
) -> list[ProposalOutcome]:
    """Parse and validate a batch of proposer responses, in order, in one ``validate_batch``.

    ``task_type`` is the type of every response, or a sequence with one type per response (a
    self-play batch that mixes types still costs one executor call). ``programs`` holds, per
    response, the program an induction proposer was given (AZR's way), or None where it wrote
    its own. Never raises because of what a response contains: every response gets an outcome
    with a reason, and invalid ones the invalid-proposal reward.
    """
    step = check_step(step)  # (checked first: a bad one would otherwise fail at the first valid task)
    texts = list(texts)
    given = [None] * len(texts) if programs is None else list(programs)
    if len(given) != len(texts):
        raise ValueError(f"{len(given)} given programs for {len(texts)} proposals")
    if isinstance(task_type, (str, TaskType)):
        types = [TaskType(task_type)] * len(texts)
    else:
        types = [TaskType(t) for t in task_type]
        if len(types) != len(texts):
            raise ValueError(f"{len(types)} task types for {len(texts)} proposals")
    parses: list[ParsedProposal | ParseFailure] = []
    # Proposals refused before execution keep their outcome here; the others own a span of jobs.
    early: list[ProposalOutcome | None] = []
    spans: list[tuple[int, int] | None] = []

    def jobs():
        # One job per (program, input). A generator: the executor consumes it lazily, so its
        # workers run the first programs while the later responses are still being parsed.
        count = 0
        for task_type, text, program in zip(types, texts, given):
            parsed = parse_proposal(task_type, text, config, program=program)
            refusal = _refuse_before_running(parsed, config)
            parses.append(parsed)
            early.append(refusal)
            if refusal is not None:
                spans.append(None)
                continue
            spans.append((count, count + len(parsed.inputs)))
            count += len(parsed.inputs)
            for source in parsed.inputs:
                yield parsed.program, source

    stream = jobs()
    first = next(stream, None)  # a batch with nothing to run never reaches the executor
    if first is None:
        results = []
    elif getattr(executor, "accepts_while_waiting", False):
        # A valid task's id hashes its program's syntax tree, about as costly as compiling it.
        # Worked out while the executor waits for its last answers, it costs the step nothing.
        results = executor.validate_batch(itertools.chain((first,), stream),
                                          while_waiting=_fingerprint_one_of(parses))
    else:
        results = executor.validate_batch(itertools.chain((first,), stream))

    outcomes = []
    for task_type, parsed, span, refusal in zip(types, parses, spans, early):
        if refusal is not None:
            outcomes.append(refusal)
            continue
        outcomes.append(_judge(task_type, parsed, results[span[0]:span[1]], config, step))
    return outcomes


def _unreadable_character(text: str) -> str | None:
    """The first character of ``text`` that a prompt can show only as an escape (a control or
    invisible character: neither printable nor whitespace), or None."""
    if text.isprintable():
        return None
    for char in text:
        if not (char.isprintable() or char.isspace()):
            return char
    return None


def _refuse_before_running(parsed: ParsedProposal | ParseFailure, config: TaskConfig) -> ProposalOutcome | None:
    """An outcome for proposals that need no execution to reject: parse failures, text the solver
    could not be shown as it is, induction inputs by keyword, repeated inputs."""
    if isinstance(parsed, ParseFailure):
        return _invalid(parsed, parsed.kind, parsed.reason, config)
    # The solver's prompt writes such a character as an escape (``\x1b``), which inside a raw
    # string is four other characters: the solver would read another program than the one that
    # ran, and a proposer could pose tasks whose answer no reading of the prompt decides.
    for what, text in (("program", parsed.program), *((f"input {n}", s) for n, s in enumerate(parsed.inputs, 1)),
                       ("message", parsed.message)):
        char = _unreadable_character(text)
        if char is not None:
            return _invalid(parsed, "unreadable_text", f"the {what} holds {ascii(char)}, a character a prompt can "
                            "show only as an escape", config)
    if parsed.task_type is TaskType.INDUCTION:
        # The solver sees the calls' values and never the parameter names: an input by keyword
        # would be a hidden pair that only a program with the same names could pass.
        for n, source in enumerate(parsed.inputs, 1):
            call = parse_arguments(source)
            if not isinstance(call, str) and call.keywords:
                return _invalid(parsed, "keyword_inputs", f"input {n} passes an argument by keyword; induction "
                                "inputs are positional (the solver never sees the parameters' names)", config)
    if len(parsed.inputs) < 2:
        return None  # nothing to repeat
    seen: dict[str, int] = {}
    for n, source in enumerate(parsed.inputs, 1):
        key = normalize_inputs(source)  # "[1,2]" and "[1, 2]" are the same input
        if key in seen:
            return _invalid(parsed, "duplicate_inputs", f"input {n} repeats input {seen[key]}", config)
        seen[key] = n
    return None


def _value_key(source: str) -> str:
    """An argument list's values in one spelling, each set's elements sorted (see canonical_repr)."""
    values = literal_argument_values(source)
    if values is None:
        return normalize_inputs(source)
    args, kwargs = values
    try:
        return ", ".join([canonical_repr(a) for a in args] + [f"{k}={canonical_repr(v)}" for k, v in kwargs.items()])
    except (RecursionError, ValueError, MemoryError):
        # Nested too deep to print here, or an int past the interpreter's 4,300 digits for text:
        # the written spelling, as normalize_inputs falls back to (the thirty-eighth session's red
        # team F: the error ended evaluate_proposals for the whole batch).
        return normalize_inputs(source)


def _judge(
    task_type: TaskType, parsed: ParsedProposal, results: Sequence[ExecResult], config: TaskConfig, step: int | None
) -> ProposalOutcome:
    many = len(parsed.inputs) > 1
    for n, result in enumerate(results, 1):
        problem = _result_problem(result, f"input {n}" if many else "input")
        if problem is not None:
            return _invalid(parsed, problem[0], problem[1], config)

    if task_type is not TaskType.INDUCTION:
        task = Task(task_type, parsed.program, parsed.input, results[0].output, step=step, source=PROPOSER_SOURCE)
        return ProposalOutcome(True, "valid", task, parsed, 0.0)

    seen: dict[tuple[str, str], int] = {}
    for n, (source, result) in enumerate(zip(parsed.inputs, results), 1):
        # Inputs written apart but equal as values (``{2, 1}`` and ``{1, 2}``), with one output,
        # are one example: hidden pairs that merely reordered the visible ones' sets passed a
        # program that looked the visible pairs up (red team 28Z). Equal values with different
        # outputs (a set whose written order changes its iteration) are two.
        key = (_value_key(source), result.output)
        if key in seen:
            return _invalid(parsed, "duplicate_inputs", f"input {n} is input {seen[key]} again, with the same "
                            "output", config)
        seen[key] = n
    examples = tuple((source, result.output) for source, result in zip(parsed.inputs, results))
    task = Task(
        task_type, parsed.program, examples[0][0], examples[0][1], examples=examples, message=parsed.message,
        n_visible=split_point(len(examples), config.visible_fraction), step=step, source=PROPOSER_SOURCE,
    )
    return ProposalOutcome(True, "valid", task, parsed, 0.0)
