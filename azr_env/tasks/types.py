"""The data of the Absolute Zero game: task types, tasks, and what parsing produces.

A task is a triplet (program, input, output). Which part the solver must supply depends on the
task type; the triplet itself is the same for all three.

>>> task = Task(TaskType.DEDUCTION, "def f(a):\\n    return a", "'Hello world'", "'Hello world'")
>>> Task.from_json(task.to_json()) == task
True
>>> task.task_id == Task(TaskType.DEDUCTION, "def f(a):  return a", "'Hello world'", "").task_id
True
"""
from __future__ import annotations

import ast
import enum
import hashlib
import json
import numbers
from dataclasses import dataclass, field

from azr_env.executor import PROGRAM_FILENAME, canonical_repr, literal_argument_values, parse_arguments, plain_text
from azr_env.executor.cache import ByteLRU, text_size
from azr_env.tasks.fingerprint import program_key, tree_key


class _TaskTypeLookup(type(enum.Enum)):
    """``TaskType(value)`` looks a str subclass up by its plain text. The lookup hashes the value,
    and a subclass's own ``__hash__`` or ``__eq__`` may raise or lie: the error escaped from
    ``parse_answer``, ``env.reset(options=...)`` and every other place that names a task type,
    where the rest of the text a caller passes is read as plain text (red team 27O)."""

    def __call__(cls, value, *args, **kwargs):
        if not args and not kwargs and isinstance(value, str) and type(value) is not str and not isinstance(value, cls):
            value = plain_text(value)
        return super().__call__(value, *args, **kwargs)


class TaskType(str, enum.Enum, metaclass=_TaskTypeLookup):
    """The three kinds of question about a (program, input, output) triplet."""

    DEDUCTION = "deduction"  # given program and input, predict the output
    ABDUCTION = "abduction"  # given program and output, predict an input producing it
    INDUCTION = "induction"  # given input/output examples and a message, write the program

    def __str__(self) -> str:
        return self.value


def normalize_program(program: str) -> str:
    """The program as ``ast.unparse`` prints it: comments and formatting do not make a new task.

    Text that does not parse is returned unchanged (such a program never becomes a valid task,
    but a buffer loaded from a file may still hold one).

    >>> normalize_program("def f(a):   # identity\\n  return (a)")
    'def f(a):\\n    return a'
    """
    program = plain_text(program)  # (the functions here never run a str subclass's own methods)
    try:
        return ast.unparse(ast.parse(program, PROGRAM_FILENAME))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return program


# Process-wide memos, bounded in bytes (azr_env.executor.cache: clear_caches() empties them too).
_FINGERPRINTS = ByteLRU("tasks.program_fingerprint", max_bytes=64 << 20)
_INPUT_KEYS = ByteLRU("tasks.input_fingerprint", max_bytes=32 << 20)
_NORMALIZED_INPUTS = ByteLRU("tasks.normalize_inputs", max_bytes=32 << 20)


def program_fingerprint(program: str) -> str:
    """A hash of what the program *is*: its syntax tree, without layout.

    Comments, blank lines, indentation width, spacing and redundant parentheses do not change it;
    a renamed variable or another constant does. The same on every Python version the package
    supports (it hashes the tree as :mod:`azr_env.tasks.fingerprint` writes it, not bytecode), and
    across processes and hash seeds. Text that does not parse is hashed as text.

    >>> program_fingerprint("def f(a):   # identity\\n  return (a)") == program_fingerprint("def f(a):\\n    return a")
    True
    """
    program = plain_text(program)  # a subclass's __hash__/__eq__ could raise here, or lie to the memo
    cached = _FINGERPRINTS.get(program)
    if cached is not None:
        return cached
    digest = hashlib.sha256(program_key(program)).hexdigest()
    _FINGERPRINTS.put(program, digest, text_size(program) + 64)
    return digest


def input_fingerprint(inputs: str) -> str:
    """What a task id takes from an argument list: its value-normalised text when every argument
    is a literal (``normalize_inputs``), else a hash of its syntax tree (sandboxed expressions),
    so that neither depends on the Python version.

    >>> input_fingerprint("[1,2], key = 0x10") == input_fingerprint("[1, 2], key=16")
    True
    """
    inputs = plain_text(inputs)
    if not isinstance(inputs, str):
        return str(inputs)
    cached = _INPUT_KEYS.get(inputs)
    if cached is not None:
        return cached
    if literal_argument_values(inputs) is not None:
        key = normalize_inputs(inputs)
    else:
        call = parse_arguments(inputs)
        try:
            key = "tree:" + hashlib.sha256(tree_key(call)).hexdigest() if isinstance(call, ast.Call) else "text:" + inputs
        except (RecursionError, ValueError):
            key = "text:" + inputs
    _INPUT_KEYS.put(inputs, key, text_size(inputs, key))
    return key


def normalize_inputs(inputs: str) -> str:
    """The argument list in one canonical spelling, so ``[1,2]`` and ``[1, 2]`` are alike.

    Literal arguments are printed from their values, the way the executor prints outputs, so
    ``0x10`` and ``16`` are alike too; but a set display keeps the order it writes its elements
    in. That order is the order they are inserted in, which can change how the set iterates:
    ``list({1, 9})`` is ``[1, 9]`` and ``list({9, 1})`` is ``[9, 1]``, two tasks with two outputs.
    Other argument lists (sandboxed expressions) are printed as ``ast.unparse`` prints them, and
    text that does not parse is returned as it is.

    >>> normalize_inputs("[1,2],  'a', key = {3, 1}")
    "[1, 2], 'a', key={3, 1}"
    >>> normalize_inputs("dict(a = 1)")
    'dict(a=1)'
    """
    inputs = plain_text(inputs)
    if not isinstance(inputs, str):
        return inputs
    cached = _NORMALIZED_INPUTS.get(inputs)
    if cached is not None:
        return cached
    values = literal_argument_values(inputs)
    normal = None
    if values is not None:
        # From the values the executor's literal check already built: no second walk of the tree,
        # unless there may be a set, whose written order only the tree keeps.
        args, kwargs = values
        try:
            texts = [canonical_repr(value) for value in (*args, *kwargs.values())]
            if any("{" in text for text in texts):
                texts = _sets_as_written(inputs, (*args, *kwargs.values()), texts)
            normal = ", ".join(texts[:len(args)] + [f"{k}={text}" for k, text in zip(kwargs, texts[len(args):])])
        # Nested too deep to print here, or an int past the interpreter's 4,300 digits for text
        # (a hex literal of 3,700 digits is short enough for a raised max_input_chars, and the
        # ValueError came out of env.step: the twenty-fourth session's red team I): the tree below.
        except (RecursionError, ValueError, MemoryError):
            normal = None
    if normal is None:
        normal = inputs
        call = parse_arguments(inputs)
        if isinstance(call, ast.Call):
            try:
                normal = ast.unparse(call)[len("f("):-1]
            except (RecursionError, MemoryError, ValueError):
                pass
    _NORMALIZED_INPUTS.put(inputs, normal, text_size(inputs, normal))
    return normal


def _sets_as_written(inputs: str, values: tuple, texts: list[str]) -> list[str]:
    """``texts``, the arguments' ``canonical_repr``, with each set's elements in the order its
    display writes them (each once: the first of equal ones, which building the set keeps)."""
    call = parse_arguments(inputs)
    if not isinstance(call, ast.Call):
        return texts
    nodes = [*call.args, *(keyword.value for keyword in call.keywords)]
    # (no "{" in its text: the argument holds no set)
    return [_in_written_order(v, n) if "{" in t else t for v, n, t in zip(values, nodes, texts)]


def _in_written_order(value: object, node: ast.expr) -> str:
    kind = type(value)
    if kind is set and isinstance(node, ast.Set):
        kept: set = set()
        items = []
        for element in node.elts:
            item = ast.literal_eval(element)  # (a set's elements hold no set: they print as they are)
            if item not in kept:
                kept.add(item)
                items.append(canonical_repr(item))
        return "{" + ", ".join(items) + "}"
    if (kind is list or kind is tuple) and isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == len(value):
        inner = ", ".join(_in_written_order(v, n) for v, n in zip(value, node.elts))
        if kind is list:
            return f"[{inner}]"
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if kind is dict and isinstance(node, ast.Dict):
        value_nodes = node.values
        if len(node.keys) != len(value):  # a repeated key: its last value stays, in its first place
            value_nodes = list(dict(zip(map(ast.literal_eval, node.keys), node.values)).values())
        return "{" + ", ".join(f"{canonical_repr(k)}: {_in_written_order(v, n)}"
                               for (k, v), n in zip(value.items(), value_nodes)) + "}"
    return canonical_repr(value)


def _text(value) -> str:
    # An example's half as an exact str: a str subclass copied in C, anything else printed.
    value = plain_text(value)
    return value if type(value) is str else str(value)


def split_point(n_examples: int, visible_fraction: float) -> int:
    """How many of ``n_examples`` induction examples the solver sees.

    At least one example is visible and at least one is hidden whenever there are two or more.

    >>> split_point(10, 0.5), split_point(3, 0.5), split_point(2, 0.9)
    (5, 2, 1)
    """
    if n_examples < 2:
        return n_examples
    wanted = int(n_examples * visible_fraction + 0.5)  # round half up, unlike round()
    return min(n_examples - 1, max(1, wanted))


@dataclass(frozen=True)
class Task:
    """One question of the game, with where it came from.

    ``input`` is the source text of the call's arguments (``"'a', [1, 2]"``) and ``output`` the
    canonical ``repr`` of the result, as the executor prints it.

    Induction tasks carry every (input, output) pair in ``examples``; the first ``n_visible`` are
    shown to the solver and the rest are hidden and used for checking. Their ``input``/``output``
    repeat the first example, so every task is a triplet. ``message`` is the proposer's hint to
    the solver.

    Provenance: ``step`` is the training step that proposed it (None for seeds and files),
    ``solve_rate`` the solver's mean success when it was last attempted, ``source`` a short
    label ("seed", "proposer", "seeding", "jsonl:cruxeval-dev.jsonl#sample_0", ...).
    """

    task_type: TaskType
    program: str
    input: str
    output: str
    examples: tuple[tuple[str, str], ...] = ()
    message: str = ""
    n_visible: int | None = None
    step: int | None = None
    solve_rate: float | None = None
    source: str = ""
    # task_id is derived on demand; caching it keeps dedupe cheap in large buffers.
    _id: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every field is checked here, as from_json checks a record: a task built in code with an
        # impossible value (n_visible past its examples, a NaN solve rate, a numpy or float step)
        # was saved without complaint and then refused on load, with the whole file it was in.
        if self.task_type.__class__ is not TaskType:
            object.__setattr__(self, "task_type", TaskType(self.task_type))
        for name in ("program", "input", "output", "message", "source"):
            value = getattr(self, name)
            if type(value) is not str:
                if not isinstance(value, str):
                    raise TypeError(f"{name} must be a string, not {type(value).__name__}")
                # An exact str: its hash, equality and printing are then the interpreter's, never
                # a subclass's own methods run in the parent (by memos, buffers, task ids).
                object.__setattr__(self, name, plain_text(value))
        if self.examples or self.examples.__class__ is not tuple:
            pairs = check_examples(self.examples)
            object.__setattr__(self, "examples", tuple((_text(i), _text(o)) for i, o in pairs))
        object.__setattr__(self, "n_visible", _n_visible_field(self.n_visible, len(self.examples)))
        object.__setattr__(self, "step", check_step(self.step))
        object.__setattr__(self, "solve_rate", _solve_rate_field(self.solve_rate))

    @property
    def visible_examples(self) -> tuple[tuple[str, str], ...]:
        return self.examples[: self._n_visible()]

    @property
    def hidden_examples(self) -> tuple[tuple[str, str], ...]:
        return self.examples[self._n_visible():]

    def _n_visible(self) -> int:
        if self.n_visible is not None:
            return self.n_visible
        return split_point(len(self.examples), 0.5)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every input of the task: the examples' for induction, else just ``input``."""
        if self.task_type is TaskType.INDUCTION and self.examples:
            return tuple(i for i, _ in self.examples)
        return (self.input,)

    @property
    def task_id(self) -> str:
        """A stable id: a hash of the task type, the program's syntax tree and the normalised inputs.

        Two tasks that differ only in formatting, comments or provenance share an id, which is
        what buffers deduplicate on. It is the same on every Python version the package supports,
        so buffers, checkpoints and pinned ids carry over an upgrade.
        """
        if not self._id:
            key = "\x00".join(
                [self.task_type.value, program_fingerprint(self.program)]
                + [input_fingerprint(i) for i in self.inputs]
            )
            digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            object.__setattr__(self, "_id", digest)
        return self._id

    def with_provenance(self, **changes) -> Task:
        """A copy with new provenance (``step``, ``solve_rate``, ``source``)."""
        unknown = set(changes) - {"step", "solve_rate", "source"}
        if unknown:
            raise TypeError(f"not provenance fields: {sorted(unknown)}")
        fields = self.to_json()
        fields.update(changes)
        return Task.from_json(fields)

    def to_json(self) -> dict:
        """A JSON-ready dict (plain strings, lists and numbers)."""
        record = {
            "task_type": self.task_type.value,
            "program": self.program,
            "input": self.input,
            "output": self.output,
            "step": self.step,
            "solve_rate": self.solve_rate,
            "source": self.source,
        }
        if self.task_type is TaskType.INDUCTION:
            record["examples"] = [list(pair) for pair in self.examples]
            record["message"] = self.message
            record["n_visible"] = self._n_visible()
        return record

    @classmethod
    def from_json(cls, record: dict | str) -> Task:
        """Inverse of :meth:`to_json`; also accepts the JSON text.

        Every field is checked (by the constructor, as for a task built in code), since records
        come from files and datasets: a wrong type or an impossible value raises
        ``TypeError``/``ValueError`` naming the field, instead of a task that fails later, inside
        an env's reset or a solver's reward.
        """
        if isinstance(record, str):
            try:
                record = json.loads(record)
            except RecursionError:
                raise ValueError("task JSON is nested too deeply") from None
        if not isinstance(record, dict):
            raise TypeError(f"a task record must be a JSON object, not {type(record).__name__}")
        for name in ("task_type", "program"):
            if name not in record:
                raise ValueError(f"task record has no {name!r}")
        return cls(
            task_type=TaskType(record["task_type"]),
            program=_text_field(record, "program"),
            input=_text_field(record, "input"),
            output=_text_field(record, "output"),
            examples=check_examples(record.get("examples") or ()),
            message=_text_field(record, "message", none_ok=True),
            n_visible=record.get("n_visible"),
            step=record.get("step"),
            solve_rate=record.get("solve_rate"),
            source=_text_field(record, "source", none_ok=True),
        )


def check_examples(examples) -> tuple[tuple[str, str], ...]:
    """``examples`` as a tuple of (input, output) string pairs; TypeError when it is not one."""
    if not isinstance(examples, (list, tuple)):
        raise TypeError(f"examples must be a list of [input, output] pairs, not {type(examples).__name__}")
    for number, pair in enumerate(examples):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise TypeError(f"examples[{number}] must be an [input, output] pair of strings, not {pair!r:.80}")
    return tuple(tuple(pair) for pair in examples)


def _text_field(record: dict, name: str, *, none_ok: bool = False) -> str:
    # A missing field is "" (as to_json leaves out message for non-induction tasks);
    # message and source may also be null, as older files wrote them.
    value = record.get(name, "")
    if value is None and none_ok:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    return value


def _n_visible_field(value, n_examples: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"n_visible must be an integer or null, not {type(value).__name__}")
    value = int(value)
    # Same bounds as split_point: with two or more examples at least one is shown and one is
    # hidden (else the task cannot be checked); with fewer, to_json writes the count itself.
    low, high = (1, n_examples - 1) if n_examples >= 2 else (n_examples, n_examples)
    if not low <= value <= high:
        raise ValueError(f"n_visible must be between {low} and {high} for {n_examples} examples, not {value}")
    return value


def check_step(value) -> int | None:
    """A training step as a task records it: None, or an integer of any kind (a numpy counter
    included) as a plain int, so that the task can be saved; ArgumentError for anything else
    (a float, a bool, a string).

    >>> import numpy
    >>> check_step(numpy.int64(7)), check_step(None)
    (7, None)
    """
    if value is None:
        return None
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise ArgumentError(f"step must be an integer or null, not {type(value).__name__}")
    return int(value)


def _solve_rate_field(value) -> float | None:
    if value is None:
        return None
    # numbers.Real admits numpy floats (callers average numpy arrays); float() makes them JSON-ready.
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"solve_rate must be a number or null, not {type(value).__name__}")
    rate = float(value)
    if not 0.0 <= rate <= 1.0:  # also refuses NaN
        raise ValueError(f"solve_rate must be between 0 and 1, not {value!r}")
    return rate


class FailureKind(str, enum.Enum):
    """Why a model's text could not be read as a proposal or an answer."""

    NOT_TEXT = "not_text"  # not a str, not UTF-8, NUL bytes or unpaired surrogates
    EMPTY = "empty"
    TOO_LONG = "too_long"
    MISSING_THINK_TAG = "missing_think_tag"  # only when TaskConfig.require_think is set
    MISSING_ANSWER_TAG = "missing_answer_tag"  # absent, unclosed or mismatched <answer> tags
    NO_CODE_BLOCK = "no_code_block"
    SYNTAX_ERROR = "syntax_error"
    NO_ENTRY_FUNCTION = "no_entry_function"  # no top-level `def f`
    MULTIPLE_ENTRY_FUNCTIONS = "multiple_entry_functions"
    NO_INPUT = "no_input"
    NON_LITERAL = "non_literal"  # an input or output that is not plain data
    WRONG_INPUT_COUNT = "wrong_input_count"  # induction proposals need exactly N inputs
    NO_MESSAGE = "no_message"
    MESSAGE_LEAKS_CODE = "message_leaks_code"  # the induction hint contains a program

    def __str__(self) -> str:
        return self.value


class ArgumentError(TypeError, ValueError):
    """An argument of the wrong kind given to a public function of ``azr_env.tasks`` (None for a
    config, a float for a count): the caller's mistake, never the model's. It is both a
    TypeError (the usual error for a wrong type) and a ValueError (what ``Executor`` raises for
    its arguments), so either ``except`` catches it; its message names the argument."""


@dataclass(frozen=True)
class ParseFailure:
    """A model output that could not be read; ``reason`` always says why, for humans and logs."""

    kind: FailureKind
    reason: str

    ok = False


@dataclass(frozen=True)
class ParsedProposal:
    """A proposal that parsed: a program and its input(s), plus a message for induction.

    Parsing says nothing about whether the program runs; that is validation's job.
    """

    task_type: TaskType
    program: str
    inputs: tuple[str, ...]
    message: str = ""

    ok = True

    @property
    def input(self) -> str:
        return self.inputs[0]


@dataclass(frozen=True)
class ParsedAnswer:
    """A solver answer that parsed.

    ``text`` is the output literal (deduction), the argument list (abduction) or the program
    (induction), as extracted from the answer block.
    """

    task_type: TaskType
    text: str

    ok = True
