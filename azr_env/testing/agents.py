"""Scripted agents: players whose every move is known in advance, for testing an env's rules.

Every agent is a callable ``agent(observation, info) -> text``: ``info`` is what the env gave
with the observation (Gymnasium's ``info``, PettingZoo's ``env.last()`` info, or one sub-env's
share of a vector env's infos, see :func:`azr_env.testing.play_vector`), and ``info["role"]``
says which role to play. A bare role name works in place of ``info`` where nothing else is
needed. After each call ``agent.intent`` says what the text was meant to be (``"valid"``,
``"invalid"``, ``"correct"``, ``"wrong"``, ``"malformed"``), which is what the checks compare
the env's rewards with.

- :class:`Oracle` proposes the tasks it was given (a task file, buffers, or the kit's own
  examples) and answers every question correctly.
- :class:`FixedRateSolver` answers correctly on ``correct`` of every ``every`` attempts, so a
  task's solve rate, and with it the proposer's learnability, is known in advance.
- :class:`MalformedFuzzer` writes hostile texts that the parsers must reject: empty, too long,
  binary, unclosed tags and fences, non-literals, deep nesting, random strings.
- :class:`ScriptedTexts` plays fixed texts in turn, per role (any game, LSP included).
- :class:`Roles` puts one agent in each role.

Answers and proposals are written with the tasks layer's own renderers
(:mod:`azr_env.tasks.rendering`), so they follow the answer format of the config they are given.

>>> from azr_env.tasks import TaskConfig
>>> oracle = Oracle(config=TaskConfig(n_induction_inputs=4))
>>> "return a * 2" in oracle("prompt", {"role": "proposer", "task_type": "deduction"}), oracle.intent
(True, 'valid')
>>> solver = FixedRateSolver(1, 2, config=TaskConfig())
>>> question = {"role": "solver", "task": oracle.tasks[0].to_json()}
>>> [solver("?", dict(question, attempt=j)).split("\\n")[2] for j in range(4)], solver.intent
(['42', 'None', '42', 'None'], 'wrong')
"""
from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from azr_env.game import PROPOSER, SOLVER
from azr_env.game import to_printable
from azr_env.tasks import (
    Task,
    TaskBuffer,
    TaskBuffers,
    TaskConfig,
    TaskType,
    build_solver_prompt,
    correct_answer,
    format_answer,
    format_proposal,
    task_proposal,
)
from azr_env.tasks.buffer import MAX_TASK_LINE_CHARS
from azr_env.tasks.rendering import prompt_style

# -- the kit's own tasks ------------------------------------------------------------------------

# (program, Python twin, input, message): small integer programs, valid for every task type. The
# twin computes outputs here, so the kit knows each answer without running anything.
_EXAMPLES = (
    ("def f(a):\n    return a * 2", lambda a: a * 2, 21, "Doubles its argument."),
    ("def f(a):\n    return a + 3", lambda a: a + 3, 4, "Adds three."),
    ("def f(a):\n    return a * a - 1", lambda a: a * a - 1, 5, "One less than the square."),
    ("def f(a):\n    return a % 7 + 10", lambda a: a % 7 + 10, 30, "Ten more than the remainder by seven."),
)


def example_tasks(task_type: TaskType | str, config: TaskConfig | None = None) -> list[Task]:
    """The kit's valid tasks of ``task_type`` (four), with their outputs; induction tasks get
    ``config.n_induction_inputs`` inputs, the first ``split_point`` of them visible, as the env
    would split them.

    >>> [t.output for t in example_tasks("deduction")]
    ['42', '7', '24', '12']
    """
    from azr_env.tasks.types import split_point

    task_type = TaskType(task_type)
    config = config or TaskConfig()
    tasks = []
    for program, twin, argument, message in _EXAMPLES:
        if task_type is not TaskType.INDUCTION:
            tasks.append(Task(task_type, program, repr(argument), repr(twin(argument)), source="azr_env.testing"))
            continue
        examples = tuple((repr(a), repr(twin(a))) for a in range(1, config.n_induction_inputs + 1))
        tasks.append(Task(
            task_type, program, examples[0][0], examples[0][1], examples=examples, message=message,
            n_visible=split_point(len(examples), config.visible_fraction), source="azr_env.testing",
        ))
    return tasks


@dataclass(frozen=True)
class ExampleTexts:
    """The texts of one scripted episode: a task, its proposal, and a right, a wrong and a
    malformed answer to it, all in the answer format of the config they were made with."""

    task: Task
    proposal: str
    correct: str
    wrong: str
    malformed: str


def example_texts(task_type: TaskType | str, config: TaskConfig | None = None, k: int = 0) -> ExampleTexts:
    """The texts of :func:`example_tasks` ``[k]`` (``f(a) = a * 2`` on 21 for k = 0).

    >>> texts = example_texts("deduction")
    >>> texts.task.program, texts.task.output
    ('def f(a):\\n    return a * 2', '42')
    """
    config = config or TaskConfig()
    task = example_tasks(task_type, config)[k]
    return ExampleTexts(task, task_proposal(task, config), correct_answer(task, config), wrong_answer(task, config),
                        format_answer(task.task_type, "__import__('os').getcwd()", config))


def load_tasks(
    source: str | os.PathLike | Task | TaskBuffer | TaskBuffers | Iterable[Task],
    task_types: Iterable[TaskType | str] = (TaskType.DEDUCTION, TaskType.ABDUCTION),
) -> list[Task]:
    """Tasks from any of the package's task formats.

    ``source`` is a :class:`Task`, a buffer, buffers, an iterable of tasks, or a path: a
    directory that :meth:`TaskBuffers.save` wrote, a buffer file (:meth:`TaskBuffer.save`), a
    JSONL file of ``Task.to_json()`` rows (of any types), or a CRUXEval-style file of
    ``{"code", "input", "output"}`` rows, read as each of ``task_types``.
    """
    if isinstance(source, Task):
        return [source]
    if isinstance(source, TaskBuffers):
        return [task for _, buffer in source.items() for task in buffer]
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            return load_tasks(TaskBuffers.load(path))
        if not path.exists():
            raise FileNotFoundError(f"no task file at {path}")
        rows = _json_rows(path)
        if rows and rows[0][1].get("format") is not None:
            return list(TaskBuffer.load(path))
        if all("task_type" in row for _, row in rows):
            tasks = []
            for number, row in rows:
                try:
                    tasks.append(Task.from_json(row))
                except (ValueError, KeyError, TypeError, AttributeError) as error:
                    raise ValueError(f"{path}:{number}: not a task ({error})"[:500]) from None
            return tasks
        return [task for t in task_types for task in TaskBuffer.from_jsonl(path, t)]
    if not isinstance(source, Iterable):
        raise TypeError(f"tasks must be a Task, a buffer, buffers, a path or an iterable of tasks, "
                        f"not {type(source).__name__}")
    return checked_tasks(list(source))  # a TaskBuffer or any iterable of tasks


def _json_rows(path: Path) -> list[tuple[int, dict]]:
    """The JSON objects of a JSONL file with their line numbers, or a ValueError that names the file
    and the line (a bare UnicodeDecodeError, RecursionError or JSONDecodeError named neither)."""
    rows = []
    # (surrogateescape: a line that is not UTF-8 still reads, and is refused with its number)
    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        # (Read a bounded line at a time: a file with no newline, a stray binary, was read as
        # one line until memory ran out.)
        for number, line in enumerate(iter(lambda: handle.readline(MAX_TASK_LINE_CHARS + 1), ""), 1):
            if len(line) > MAX_TASK_LINE_CHARS:
                raise ValueError(f"{path}:{number}: not a task (a line longer than {MAX_TASK_LINE_CHARS:,} characters)")
            if not line.strip():
                continue
            try:
                line.encode("utf-8")
                row = json.loads(line)
            except UnicodeEncodeError:
                raise ValueError(f"{path}:{number}: the line is not UTF-8") from None
            except (ValueError, RecursionError) as error:
                raise ValueError(f"{path}:{number}: not JSON ({type(error).__name__}: {error})"[:500]) from None
            if type(row) is not dict:
                raise ValueError(f"{path}:{number}: a JSON {type(row).__name__}, not an object")
            rows.append((number, row))
    return rows


def checked_tasks(items: list[Any]) -> list[Task]:
    """``items`` if each is a :class:`Task`; else a TypeError naming the first that is not, now,
    rather than an AttributeError in the middle of a scripted episode."""
    for i, item in enumerate(items):
        if not isinstance(item, Task):
            hint = {str: " (a program? make a Task of it; a path to a task file is passed alone, as tasks=path)",
                    dict: " (a JSON row? read it with Task.from_json, or pass the file's path)"}
            raise TypeError(f"tasks[{i}] is a {type(item).__name__}, not a Task{hint.get(type(item), '')}: "
                            f"{item!r:.80}")
    return items


# -- the agents -------------------------------------------------------------------------------------


def _role(info: Mapping[str, Any] | str | None) -> str | None:
    return info if isinstance(info, str) or info is None else info.get("role")


def _field(info: Mapping[str, Any] | str | None, key: str) -> Any:
    return None if isinstance(info, str) or info is None else info.get(key)


class ScriptedAgent:
    """The shape every kit agent has: ``agent(observation, info)`` plays ``info["role"]``.

    Subclasses write :meth:`propose` and :meth:`answer` (Absolute Zero), or override
    ``__call__`` (any other game).
    """

    intent: str | None = None

    def __call__(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        role = _role(info)
        if role == PROPOSER:
            return self.propose(observation, info)
        if role == SOLVER:
            return self.answer(observation, info)
        raise ValueError(f"{type(self).__name__} plays 'proposer' and 'solver'; info names role {role!r}")

    def propose(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        raise NotImplementedError(f"{type(self).__name__} does not propose")

    def answer(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        raise NotImplementedError(f"{type(self).__name__} does not answer")


class Oracle(ScriptedAgent):
    """Proposes the tasks it knows, in turn, and answers every question correctly.

    Args:
        tasks: what it knows (anything :func:`load_tasks` reads: a task or buffer file, buffers,
            tasks); the kit's :func:`example_tasks` of every type when None.
        config: the env's :class:`TaskConfig`: prompts are matched and answers written with it.

    As solver it finds the question's task by the prompt (the solver prompt ``config`` builds
    for each task it knows), else in the env's ``info["task"]``; a question it cannot place is a
    ``LookupError``. As proposer it proposes its tasks of ``info["task_type"]`` in order,
    cycling (induction tasks only if they have ``config.n_induction_inputs`` inputs).
    """

    def __init__(self, tasks: Any = None, *, config: TaskConfig | None = None):
        self.config = config or TaskConfig()
        if tasks is None:
            known = [task for t in TaskType for task in example_tasks(t, self.config)]
        else:
            known = load_tasks(tasks)
        self.tasks: list[Task] = []
        self._by_prompt: dict[str, Task] = {}
        self._next: dict[TaskType, int] = {}
        for task in known:
            self.learn(task)

    def learn(self, task: Task) -> None:
        """Know ``task`` too: propose it, and recognise its solver prompt."""
        self.tasks.append(task)
        self._by_prompt.setdefault(to_printable(build_solver_prompt(task, self.config)), task)

    def task_for(self, observation: Any, info: Mapping[str, Any] | str | None = None) -> Task:
        """The task a solver prompt asks about (see the class doc)."""
        task = self._by_prompt.get(str(observation))
        if task is not None:
            return task
        view = _field(info, "task")
        if isinstance(view, Mapping) and view.get("program") is not None:
            return Task.from_json(dict(view))
        raise LookupError(
            f"{type(self).__name__} knows no task with this solver prompt, and the info names none: "
            f"{str(observation)[:200]!r}"
        )

    def proposable(self, task_type: TaskType | str) -> list[Task]:
        task_type = TaskType(task_type)
        return [
            t for t in self.tasks
            if t.task_type is task_type
            and (task_type is not TaskType.INDUCTION or len(t.inputs) == self.config.n_induction_inputs)
        ]

    def next_task(self, task_type: TaskType | str) -> Task:
        """The next task to propose for ``task_type``."""
        task_type = TaskType(task_type)
        candidates = self.proposable(task_type)
        if not candidates:
            inputs = f" with {self.config.n_induction_inputs} inputs" if task_type is TaskType.INDUCTION else ""
            raise LookupError(f"{type(self).__name__} has no {task_type.value} task to propose{inputs}")
        n = self._next.get(task_type, 0)
        self._next[task_type] = n + 1
        return candidates[n % len(candidates)]

    def propose(self, observation: Any, info: Mapping[str, Any] | str) -> str:
        task_type = _field(info, "task_type")
        if task_type is None:
            raise ValueError("to propose, the info must name the task_type")
        self.intent = "valid"
        # An env that gives the induction proposer its program says so in the info; the response
        # then holds only the inputs and the message.
        given = _field(info, "given_program") is not None or gives_program(task_type, self.config)
        return task_proposal(self.next_task(task_type), self.config, given_program=given)

    def answer(self, observation: Any, info: Mapping[str, Any] | str) -> str:
        task = self.task_for(observation, info)
        self.intent = "correct"
        return correct_answer(task, self.config)


def wrong_answer(task: Task, config: TaskConfig) -> str:
    """A well-formed answer to ``task`` that is wrong.

    Deduction: ``None`` (a valid task never returns None). Abduction: the right input plus an
    unknown keyword argument (wrong for every ``f`` without ``**kwargs``). Induction: an ``f``
    that returns None on every input.
    """
    if task.task_type is TaskType.DEDUCTION:
        body = "None" if task.output.strip() != "None" else "0"
    elif task.task_type is TaskType.ABDUCTION:
        body = f"{task.input}, azr_wrong_answer=None" if task.input.strip() else "azr_wrong_answer=None"
    else:
        body = "def f(*args, **kwargs):\n    return None"
    return format_answer(task.task_type, body, config)


class FixedRateSolver(Oracle):
    """Answers correctly on ``correct`` of every ``every`` attempts: attempt j (counted from 0
    in each episode) is right when ``j % every < correct``. The others are ``miss``: ``"wrong"``
    (well formed), ``"malformed"`` or ``"alternate"`` (wrong, malformed, wrong, ...).

    With ``every`` equal to the env's ``n_solver`` the solve rate of every task is exactly
    ``correct / every``. The attempt number is read from ``info["attempt"]`` (answers already
    given in the episode) when the env reports it, else counted here from the last proposal.
    It proposes as an :class:`Oracle` with the same ``tasks`` and ``config``.
    """

    def __init__(self, correct: int, every: int, tasks: Any = None, *, miss: str = "wrong",
                 config: TaskConfig | None = None, seed: int = 0):
        if every < 1 or not 0 <= correct <= every:
            raise ValueError(f"need 0 <= correct <= every and every >= 1, got {correct} of {every}")
        if miss not in ("wrong", "malformed", "alternate"):
            raise ValueError(f"miss must be 'wrong', 'malformed' or 'alternate', got {miss!r}")
        super().__init__(tasks, config=config)
        self.correct, self.every, self.miss = correct, every, miss
        self._fuzzer = MalformedFuzzer(seed=seed, config=self.config)
        self._answers_since_proposal = 0

    @property
    def solve_rate(self) -> float:
        return self.correct / self.every

    def propose(self, observation: Any, info: Mapping[str, Any] | str) -> str:
        self._answers_since_proposal = 0
        return super().propose(observation, info)

    def answer(self, observation: Any, info: Mapping[str, Any] | str) -> str:
        attempt = _field(info, "attempt")
        j = int(attempt) if isinstance(attempt, (int, np.integer)) else self._answers_since_proposal
        self._answers_since_proposal += 1
        if j % self.every < self.correct:
            return super().answer(observation, info)
        misses_before = j % self.every - self.correct
        if self.miss == "malformed" or (self.miss == "alternate" and misses_before % 2 == 1):
            text = self._fuzzer.answer(observation, info)
            self.intent = "malformed"
        else:
            text = wrong_answer(self.task_for(observation, info), self.config)
            self.intent = "wrong"
        return text


# -- hostile texts ----------------------------------------------------------------------------------

# Bodies no parser may read as an answer or an argument list: code, not data.
_HOSTILE_BODIES = (
    "__import__('os').system('echo pwned')",
    "open('/etc/passwd').read()",
    "lambda: 0",
    "[" * 1000 + "]" * 1000,  # nested deeper than the parser allows
)
_RANDOM_CHARSET = "".join(c for c in map(chr, range(32, 127)) if c != "<") + "\n\t"


def malformed_answers(task_type: TaskType | str, config: TaskConfig | None = None) -> list[str]:
    """Solver texts the parser of ``config``'s answer format must reject, for ``task_type``.

    Whatever the format: empty, blank, longer than ``max_response_chars``, NUL bytes, an unpaired
    surrogate, code in place of data, an answer longer than ``max_answer_chars``. For the tagged
    format also: no tags, an unclosed tag, tags the wrong way round, an empty answer, an unclosed
    fence, a fence of another language holding code, and only thinking.
    """
    task_type = TaskType(task_type)
    config = config or TaskConfig()
    texts = ["", " \n\t ", "x" * (config.max_response_chars + 1)]
    texts += [format_answer(task_type, body, config) for body in (
        "1\x00", "'\ud800'", *_HOSTILE_BODIES, "1" * (config.max_answer_chars + 1))]
    if prompt_style(config) == "tagged":
        texts += [
            "42",
            "<answer>```output\n42\n```",
            "</answer>42<answer>",
            "<answer></answer>",
            "<answer>\n```output\n42\n</answer>",
            "<answer>\n```rust\nfn main() { println!(\"hi\"); }\n```\n</answer>",
            "<think>" + "Let me think. " * 200,
        ]
    return texts


def gives_program(task_type: TaskType | str, config: TaskConfig) -> bool:
    """Whether the env gives ``task_type``'s proposer its program (AZR's induction proposer, where
    the config has ``induction_proposer="given_program"``): its response then holds no program."""
    return TaskType(task_type) is TaskType.INDUCTION and getattr(config, "induction_proposer", None) == "given_program"


def malformed_proposals(task_type: TaskType | str, config: TaskConfig | None = None, *,
                        given_program: bool | None = None) -> list[str]:
    """Proposer texts that must be refused (invalid proposals), for ``task_type``: unparseable
    ones as in :func:`malformed_answers`, non-literal inputs, for induction the wrong number of
    inputs, repeated inputs and a message that gives the code away, and, where the proposer
    writes the program (``given_program`` False; by default as :func:`gives_program` says),
    programs that must be refused (a forbidden import, a crash, ``None`` returned, no ``f``, a
    syntax error)."""
    task_type = TaskType(task_type)
    config = config or TaskConfig()
    given = gives_program(task_type, config) if given_program is None else given_program
    n = config.n_induction_inputs if task_type is TaskType.INDUCTION else 1
    inputs = [str(i) for i in range(1, n + 1)]
    tagged = prompt_style(config) == "tagged"

    def proposal(program: str, given_inputs: Sequence[str] = inputs, message: str = "A hint.") -> str:
        return format_proposal(task_type, program, given_inputs, config, message, given_program=given)

    texts = ["", " \n\t ", "x" * (config.max_response_chars + 1)]
    texts.append(proposal("def f(a):\n    return a\x00", message="A hint.\x00"))  # NUL in whatever is written
    texts.append(proposal("def f(a):\n    return a", ["__import__('os')"] * n))
    if task_type is TaskType.INDUCTION:
        texts += [
            format_proposal(task_type, "def f(a):\n    return a", inputs[:-1], config, "A hint.", given_program=given),
            proposal("def f(a):\n    return a", message="def f(a): return a"),
            proposal("def f(a):\n    return a", ["1"] * n),  # repeated inputs
        ]
    if not given:
        texts += [
            proposal("import os\ndef f(a):\n    return os.getcwd()"),
            proposal("def f(a):\n    return a / 0"),
            proposal("def f(a):\n    return None"),
            proposal("def f(a):\n    return object()"),  # a different object in every run
            proposal("def f(a):\n    return float('nan')"),  # not a literal
            proposal("def g(a):\n    return a"),
            proposal("def f(a):\n    return (a"),
        ]
        if tagged:  # a completion is read up to the end of its first function
            texts.append(proposal("def f(a):\n    return a\ndef f(b):\n    return b"))
    if tagged:
        texts += [
            "def f(a):\n    return a",
            "<answer>```python\ndef f(a):\n    return a\n```",
            "<answer>\n```input\n1\n```\n</answer>",
            "<answer>\n```python\ndef f(a):\n    return a\n```\n</answer>",
            "<answer>\n```python\ndef f(a):\n    return a\n```input\n1\n</answer>",
        ]
    return texts


class MalformedFuzzer(ScriptedAgent):
    """Plays texts that must be rejected: as solver a malformed answer (the solver's malformed
    reward), as proposer an invalid proposal (the invalid-proposal reward).

    It goes through :func:`malformed_answers` / :func:`malformed_proposals` of the task type in
    order, then, for the tagged format, random printable strings without ``<`` (so never an
    answer tag), drawn from a generator seeded with ``seed``. ``non_text=True`` adds values that
    are not text at all (invalid UTF-8 bytes, an int), which a model never writes but a
    careless wrapper might pass.
    """

    def __init__(self, seed: int = 0, *, config: TaskConfig | None = None, non_text: bool = False):
        self.config = config or TaskConfig()
        self.non_text = non_text
        self._rng = np.random.default_rng(seed)
        self._calls = itertools.count()

    def _texts(self, role: str, info: Mapping[str, Any] | str) -> list[Any]:
        task_type = TaskType(_field(info, "task_type") or TaskType.DEDUCTION)
        if role == PROPOSER:
            given = _field(info, "given_program")
            texts: list[Any] = malformed_proposals(task_type, self.config,
                                                   given_program=None if given is None else bool(given))
        else:
            texts = malformed_answers(task_type, self.config)
        if self.non_text:
            texts = texts + [b"\xff\xfe<answer>", 42]
        return texts

    def random_text(self) -> str:
        length = int(self._rng.integers(0, 200))
        return "".join(self._rng.choice(list(_RANDOM_CHARSET), size=length))

    def _next(self, role: str, info: Mapping[str, Any] | str) -> Any:
        n = next(self._calls)
        texts = self._texts(role, info)
        if n < len(texts) or prompt_style(self.config) != "tagged":
            return texts[n % len(texts)]
        return self.random_text()

    def propose(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        self.intent = "invalid"
        return self._next(PROPOSER, info)

    def answer(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        self.intent = "malformed"
        return self._next(SOLVER, info)


# -- plain scripts ------------------------------------------------------------------------------------


class ScriptedTexts(ScriptedAgent):
    """Plays the given texts in turn, per role: ``ScriptedTexts(proposer=[p], solver=[a1, a2])``.

    Works for any game (LSP's ``challenger`` too). Runs out with a ``LookupError`` unless
    ``cycle=True``. ``intents`` (same keys, same lengths) sets ``agent.intent`` per text.
    """

    def __init__(self, *, cycle: bool = False, intents: Mapping[str, Sequence[str]] | None = None,
                 **texts: Sequence[Any]):
        self.texts = {role: list(values) for role, values in texts.items()}
        self.intents = {role: list(values) for role, values in (intents or {}).items()}
        self.cycle = cycle
        self._played = {role: 0 for role in self.texts}

    def __call__(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        role = _role(info)
        if role not in self.texts:
            raise ValueError(f"no texts for role {role!r} (this script has {sorted(self.texts)})")
        n = self._played[role]
        texts = self.texts[role]
        if n >= len(texts) and not (self.cycle and texts):
            raise LookupError(f"the script has no text left for role {role!r} (it had {len(texts)})")
        self._played[role] = n + 1
        intents = self.intents.get(role)
        self.intent = intents[n % len(intents)] if intents else None
        return texts[n % len(texts)]


class Roles(ScriptedAgent):
    """One agent per role: ``Roles(proposer=Oracle(), solver=MalformedFuzzer())``."""

    def __init__(self, **agents: Any):
        self.agents = agents

    def __call__(self, observation: Any, info: Mapping[str, Any] | str) -> Any:
        role = _role(info)
        if role not in self.agents:
            raise ValueError(f"no agent for role {role!r} (this one has {sorted(self.agents)})")
        agent = self.agents[role]
        text = agent(observation, info)
        self.intent = getattr(agent, "intent", None)
        return text
