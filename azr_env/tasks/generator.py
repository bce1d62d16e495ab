"""A seeded generator of small deterministic programs: seed tasks of known difficulty, and held-out sets.

Each *family* is a kind of one- or two-operation program over ``str``, ``list``, ``dict`` or
``int`` (string reversal, a list filter, a dict look-up, an affine map, a composition of two of
these...). An *instance* of a family draws its constants and its inputs from a seeded generator, so
the same seed always gives the same tasks. Outputs are never computed here: every program runs in
the project's sandboxed :class:`~azr_env.executor.Executor` (``validate_batch``), and instances whose
run fails, or whose output is not a literal, are dropped.

Three splits, so that learning can be told apart from memorising:

* ``train``: instances the trainer seeds its buffers with;
* ``heldout``: the same families with new constants and inputs (no task id, and no program with the
  same input, shared with ``train``);
* ``heldout_families``: families never seen in training (``HELDOUT_FAMILIES``).

Programs whose syntax tree matches a CRUXEval program (names of arguments and locals aside) are
removed from every split, so that a CRUXEval score after training is not inflated by a copy.

>>> from azr_env.executor import Executor
>>> with Executor(workers=1) as executor:
...     splits = generate_splits(executor, seed=0, n_train=2, n_heldout=1, n_heldout_families=1,
...                              families=["str_reverse", "int_mod"], heldout_families=["list_sum"])
>>> [len(splits.train), len(splits.heldout), len(splits.heldout_families)]
[4, 2, 1]
>>> task = splits.train[0]
>>> task.source.startswith("generated:") and task.output != ""
True
"""
from __future__ import annotations

import ast
import json
import os
import string
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

import numpy as np

from azr_env.tasks.types import Task, TaskType

if TYPE_CHECKING:
    from azr_env.executor import Executor

GENERATED_SOURCE = "generated"
SPLITS = ("train", "heldout", "heldout_families")


@dataclass(frozen=True)
class Family:
    """One kind of program. ``make(rng)`` returns (program source, argument list source);
    ``message`` says in words what the program does (the induction solver's hint)."""

    name: str
    kind: str  # "str", "list", "dict", "int" or "composition"
    message: str
    make: Callable[[np.random.Generator], tuple[str, str]]


# -- random pieces ---------------------------------------------------------------------------------
_LETTERS = string.ascii_lowercase
# Real words rather than random letters: a word is a few tokens, where random letters are one token
# each, and a small model reads words far better. Held-out instances draw from the same words.
_WORDS = (
    "cat", "dog", "sun", "map", "red", "box", "pen", "cup", "hat", "egg", "ice", "key", "owl", "pie", "zoo",
    "bee", "fox", "jam", "leaf", "moon", "tree", "bird", "fish", "star", "rain", "ship", "apple", "house",
    "water", "light", "green", "stone", "river", "cloud", "bread", "chair", "table", "plant", "music",
    "paper", "money", "smile", "happy", "train", "beach", "horse", "sugar", "dream", "grass", "night",
    "car", "bus", "sky", "sea", "art", "ant", "arm", "bag", "bed", "toy", "day", "cake", "lamp", "door",
    "king", "ring", "song", "snow", "wind", "gold", "book", "milk", "rock", "road", "frog", "kite",
    "lion", "bear", "duck", "wolf", "corn", "rose", "salt", "ball", "home", "hello", "world", "python",
    "code", "data", "list", "word", "game", "blue", "pink", "lemon", "mango", "tiger", "zebra", "panda",
)


def _word(rng: np.random.Generator, low: int = 3, high: int = 7) -> str:
    """A common word of ``low`` to ``high`` letters."""
    choices = [w for w in _WORDS if low <= len(w) <= high]
    return str(rng.choice(choices))


def _common_word(rng: np.random.Generator) -> str:
    return _word(rng, 3, 4)


def _char_of(rng: np.random.Generator, text: str) -> str:
    return str(rng.choice(list(text)))


def _ints(rng: np.random.Generator, low: int = 3, high: int = 6, top: int = 9) -> list[int]:
    return [int(x) for x in rng.integers(0, top + 1, size=int(rng.integers(low, high + 1)))]


def _small_dict(rng: np.random.Generator, low: int = 2, high: int = 4) -> dict[str, int]:
    keys = rng.choice(list("abcdefgh"), size=int(rng.integers(low, high + 1)), replace=False)
    return {str(k): int(rng.integers(0, 10)) for k in keys}


def _program(args: str, *body: str) -> str:
    return f"def f({args}):\n" + "\n".join(f"    {line}" for line in body)


def _family(name: str, kind: str, message: str):
    def register(make):
        FAMILIES[name] = Family(name, kind, message, make)
        return make
    return register


FAMILIES: dict[str, Family] = {}

# -- strings ---------------------------------------------------------------------------------------


@_family("str_reverse", "str", "Reverses the string.")
def _(rng):
    return _program("s", "return s[::-1]"), repr(_word(rng))


@_family("str_upper", "str", "Writes the string in capital letters.")
def _(rng):
    return _program("s", "return s.upper()"), repr(_word(rng))


@_family("str_replace", "str", "Replaces one letter with another everywhere.")
def _(rng):
    s = _word(rng, 4, 8)
    old, new = _char_of(rng, s), str(rng.choice(list(_LETTERS)))
    return _program("s", f"return s.replace({old!r}, {new!r})"), repr(s)


@_family("str_count", "str", "Counts how often a letter occurs.")
def _(rng):
    s = _word(rng, 4, 9)
    c = _char_of(rng, s) if rng.random() < 0.8 else str(rng.choice(list(_LETTERS)))
    return _program("s", f"return s.count({c!r})"), repr(s)


@_family("str_len", "str", "The length of the string.")
def _(rng):
    return _program("s", "return len(s)"), repr(_word(rng, 2, 9))


@_family("str_concat", "str", "Appends a fixed word.")
def _(rng):
    return _program("s", f"return s + {_common_word(rng)!r}"), repr(_word(rng))


@_family("str_repeat", "str", "Repeats the string a few times.")
def _(rng):
    return _program("s", f"return s * {int(rng.integers(2, 4))}"), repr(_word(rng, 2, 4))


@_family("str_prefix", "str", "The first few letters.")
def _(rng):
    return _program("s", f"return s[:{int(rng.integers(1, 4))}]"), repr(_word(rng, 4, 8))


@_family("str_suffix", "str", "Drops the first few letters.")
def _(rng):
    return _program("s", f"return s[{int(rng.integers(1, 4))}:]"), repr(_word(rng, 4, 8))


@_family("str_index", "str", "The letter at a fixed position.")
def _(rng):
    s = _word(rng, 4, 8)
    return _program("s", f"return s[{int(rng.integers(0, 4))}]"), repr(s)


@_family("str_find", "str", "Where a letter first occurs (-1 when absent).")
def _(rng):
    s = _word(rng, 4, 8)
    c = _char_of(rng, s) if rng.random() < 0.8 else str(rng.choice(list(_LETTERS)))
    return _program("s", f"return s.find({c!r})"), repr(s)


@_family("str_capitalize", "str", "Capitalises the first letter.")
def _(rng):
    return _program("s", "return s.capitalize()"), repr(_word(rng))


@_family("str_sorted", "str", "The letters in alphabetical order.")
def _(rng):
    return _program("s", "return ''.join(sorted(s))"), repr(_word(rng, 3, 6))


@_family("str_startswith", "str", "Whether the string starts with a fixed prefix.")
def _(rng):
    s = _word(rng, 4, 8)
    prefix = s[: int(rng.integers(1, 3))] if rng.random() < 0.5 else "".join(rng.choice(list(_LETTERS), size=2))
    return _program("s", f"return s.startswith({prefix!r})"), repr(s)


@_family("str_split", "str", "Splits the text at a separator.")
def _(rng):
    sep = str(rng.choice(list(",-;")))
    text = sep.join(_word(rng, 3, 4) for _ in range(int(rng.integers(2, 4))))
    return _program("s", f"return s.split({sep!r})"), repr(text)


@_family("str_join", "str", "Joins the words with a separator.")
def _(rng):
    sep = str(rng.choice(["-", "+", ", ", ""]))
    words = [_common_word(rng) for _ in range(int(rng.integers(2, 4)))]
    return _program("words", f"return {sep!r}.join(words)"), repr(words)


@_family("str_in", "str", "Whether a letter occurs in the string.")
def _(rng):
    s = _word(rng, 3, 7)
    c = _char_of(rng, s) if rng.random() < 0.5 else str(rng.choice([c for c in _LETTERS if c not in s]))
    return _program("s", f"return {c!r} in s"), repr(s)


@_family("str_ends", "str", "The first and the last letter.")
def _(rng):
    return _program("s", "return s[0] + s[-1]"), repr(_word(rng, 3, 8))


@_family("str_swapcase", "str", "Swaps capital and small letters.")
def _(rng):
    s = "".join(c.upper() if rng.random() < 0.4 else c for c in _word(rng, 3, 6))
    return _program("s", "return s.swapcase()"), repr(s)


# -- lists -----------------------------------------------------------------------------------------


@_family("list_sum", "list", "The sum of the numbers.")
def _(rng):
    return _program("nums", "return sum(nums)"), repr(_ints(rng))


@_family("list_max", "list", "The largest number.")
def _(rng):
    return _program("nums", "return max(nums)"), repr(_ints(rng))


@_family("list_min", "list", "The smallest number.")
def _(rng):
    return _program("nums", "return min(nums)"), repr(_ints(rng))


@_family("list_len", "list", "How many numbers there are.")
def _(rng):
    return _program("nums", "return len(nums)"), repr(_ints(rng, 1, 7))


@_family("list_sorted", "list", "The numbers in increasing order.")
def _(rng):
    return _program("nums", "return sorted(nums)"), repr(_ints(rng))


@_family("list_reverse", "list", "The numbers in reverse order.")
def _(rng):
    return _program("nums", "return nums[::-1]"), repr(_ints(rng))


@_family("list_append", "list", "Appends a fixed number.")
def _(rng):
    return _program("nums", f"return nums + [{int(rng.integers(0, 10))}]"), repr(_ints(rng, 2, 4))


@_family("list_add", "list", "Adds a constant to every number.")
def _(rng):
    return _program("nums", f"return [x + {int(rng.integers(1, 6))} for x in nums]"), repr(_ints(rng, 2, 4))


@_family("list_scale", "list", "Multiplies every number by a constant.")
def _(rng):
    return _program("nums", f"return [x * {int(rng.integers(2, 4))} for x in nums]"), repr(_ints(rng, 2, 4))


@_family("list_filter_gt", "list", "Keeps the numbers above a threshold.")
def _(rng):
    return _program("nums", f"return [x for x in nums if x > {int(rng.integers(2, 7))}]"), repr(_ints(rng))


@_family("list_evens", "list", "Keeps the even numbers.")
def _(rng):
    return _program("nums", "return [x for x in nums if x % 2 == 0]"), repr(_ints(rng))


@_family("list_count", "list", "How often a fixed number occurs.")
def _(rng):
    nums = _ints(rng, 4, 7, top=4)
    return _program("nums", f"return nums.count({int(rng.integers(0, 5))})"), repr(nums)


@_family("list_index", "list", "The number at a fixed position.")
def _(rng):
    return _program("nums", f"return nums[{int(rng.integers(0, 3))}]"), repr(_ints(rng, 3, 6))


@_family("list_slice", "list", "A fixed slice of the list.")
def _(rng):
    start = int(rng.integers(0, 2))
    return _program("nums", f"return nums[{start}:{start + int(rng.integers(1, 3))}]"), repr(_ints(rng, 4, 6))


@_family("list_ends", "list", "The first and the last number.")
def _(rng):
    return _program("nums", "return [nums[0], nums[-1]]"), repr(_ints(rng))


@_family("list_distinct", "list", "How many different numbers there are.")
def _(rng):
    return _program("nums", "return len(set(nums))"), repr(_ints(rng, 3, 6, top=5))


# -- dicts -----------------------------------------------------------------------------------------


@_family("dict_get", "dict", "Looks up a key, with a default when it is missing.")
def _(rng):
    d = _small_dict(rng)
    key = str(rng.choice(list(d))) if rng.random() < 0.7 else "z"
    return _program("d", f"return d.get({key!r}, {int(rng.integers(-1, 1))})"), repr(d)


@_family("dict_keys", "dict", "The keys in sorted order.")
def _(rng):
    return _program("d", "return sorted(d)"), repr(_small_dict(rng))


@_family("dict_sum", "dict", "The sum of the values.")
def _(rng):
    return _program("d", "return sum(d.values())"), repr(_small_dict(rng))


@_family("dict_len", "dict", "How many keys there are.")
def _(rng):
    return _program("d", "return len(d)"), repr(_small_dict(rng, 1, 5))


@_family("dict_set", "dict", "Sets one key to a fixed value.")
def _(rng):
    d = _small_dict(rng, 1, 3)
    key = str(rng.choice(list("abcd")))
    return _program("d", f"d[{key!r}] = {int(rng.integers(0, 10))}", "return d"), repr(d)


@_family("dict_argmax", "dict", "The key with the largest value.")
def _(rng):
    d = _small_dict(rng)
    while len(set(d.values())) < len(d):  # a unique maximum keeps the question unambiguous to read
        d = _small_dict(rng)
    return _program("d", "return max(d, key=d.get)"), repr(d)


# -- integers --------------------------------------------------------------------------------------


@_family("int_affine", "int", "Multiplies by a constant and adds another.")
def _(rng):
    a, b = int(rng.integers(2, 5)), int(rng.integers(1, 10))
    return _program("x", f"return x * {a} + {b}"), repr(int(rng.integers(0, 20)))


@_family("int_mod", "int", "The remainder after division by a constant.")
def _(rng):
    return _program("x", f"return x % {int(rng.integers(2, 8))}"), repr(int(rng.integers(0, 40)))


@_family("int_floordiv", "int", "Integer division by a constant.")
def _(rng):
    return _program("x", f"return x // {int(rng.integers(2, 6))}"), repr(int(rng.integers(0, 40)))


@_family("int_square", "int", "The square of the number.")
def _(rng):
    return _program("x", "return x * x"), repr(int(rng.integers(0, 26)))


@_family("int_absdiff", "int", "The distance between two numbers.")
def _(rng):
    return _program("a, b", "return abs(a - b)"), f"{int(rng.integers(0, 20))}, {int(rng.integers(0, 20))}"


@_family("int_max2", "int", "The larger of two numbers.")
def _(rng):
    return _program("a, b", "return max(a, b)"), f"{int(rng.integers(0, 30))}, {int(rng.integers(0, 30))}"


@_family("int_digitsum", "int", "The sum of the decimal digits.")
def _(rng):
    return _program("x", "return sum(int(c) for c in str(x))"), repr(int(rng.integers(10, 1000)))


@_family("int_even", "int", "Whether the number is even.")
def _(rng):
    return _program("x", "return x % 2 == 0"), repr(int(rng.integers(0, 50)))


@_family("int_range", "int", "The numbers from zero up to (not including) n.")
def _(rng):
    return _program("n", "return list(range(n))"), repr(int(rng.integers(1, 6)))


# -- compositions of two operations ---------------------------------------------------------------


@_family("comp_reverse_upper", "composition", "Reverses the string and capitalises every letter.")
def _(rng):
    return _program("s", "return s[::-1].upper()"), repr(_word(rng, 3, 6))


@_family("comp_sorted_desc", "composition", "The numbers in decreasing order.")
def _(rng):
    return _program("nums", "return sorted(nums)[::-1]"), repr(_ints(rng))


@_family("comp_add_filter", "composition", "Adds a constant to the numbers above a threshold, drops the rest.")
def _(rng):
    k, t = int(rng.integers(1, 5)), int(rng.integers(2, 6))
    return _program("nums", f"return [x + {k} for x in nums if x > {t}]"), repr(_ints(rng))


@_family("comp_len_after_replace", "composition", "The length after removing one letter.")
def _(rng):
    s = _word(rng, 4, 8)
    return _program("s", f"return len(s.replace({_char_of(rng, s)!r}, ''))"), repr(s)


@_family("comp_concat_reverse", "composition", "Appends a fixed word, then reverses.")
def _(rng):
    return _program("s", f"t = s + {_common_word(rng)!r}", "return t[::-1]"), repr(_word(rng, 2, 4))


@_family("comp_range_sum", "composition", "The largest number minus the smallest.")
def _(rng):
    return _program("nums", "return max(nums) - min(nums)"), repr(_ints(rng))


@_family("comp_sum_scaled", "composition", "The sum after multiplying every number by a constant.")
def _(rng):
    return _program("nums", f"return sum(x * {int(rng.integers(2, 4))} for x in nums)"), repr(_ints(rng, 2, 4))


@_family("comp_len_concat", "composition", "The length after appending a fixed word.")
def _(rng):
    return _program("s", f"return len(s + {_common_word(rng)!r})"), repr(_word(rng))


# Never trained on: a second measure of transfer, to new kinds of program.
HELDOUT_FAMILIES = ("str_swapcase", "str_ends", "list_ends", "list_distinct", "dict_argmax", "int_max2",
                    "comp_range_sum", "comp_len_concat")


def training_families() -> tuple[str, ...]:
    """Every family not in ``HELDOUT_FAMILIES``, in registration order."""
    return tuple(name for name in FAMILIES if name not in HELDOUT_FAMILIES)


# -- CRUXEval overlap ------------------------------------------------------------------------------


class _Canonical(ast.NodeTransformer):
    """Renames arguments and local names to their order of appearance, so ``def f(s): return s[::-1]``
    and ``def f(text): return text[::-1]`` compare equal; builtins and attributes keep their names."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _rename(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self._rename(node.arg)
        node.annotation = None
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.names or isinstance(node.ctx, ast.Store):
            node.id = self._rename(node.id)
        return node


def program_shape(program: str) -> str | None:
    """The program's syntax tree with argument and local names made canonical (None if it does not parse).

    >>> program_shape("def f(s):\\n    return s[::-1]") == program_shape("def f(text):  # flip\\n    return text[::-1]")
    True
    """
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):  # docstrings do not change what a program does
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(_Canonical().visit(tree), annotate_fields=False)


def cruxeval_shapes(path: str | os.PathLike | None) -> set[str]:
    """The shapes of every program in a CRUXEval-style JSONL (``code`` or ``program`` field); empty
    when ``path`` is None or missing."""
    if path is None or not Path(path).exists():
        return set()
    shapes = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                shape = program_shape(record.get("code") or record.get("program") or "")
                if shape is not None:
                    shapes.add(shape)
    return shapes


# -- the splits ------------------------------------------------------------------------------------


@dataclass
class SeedSplits:
    """Deduction triplets per split, each ``source`` naming its family and split
    (``generated:<family>/<split>``). ``removed`` counts instances dropped, by reason."""

    train: list[Task] = field(default_factory=list)
    heldout: list[Task] = field(default_factory=list)
    heldout_families: list[Task] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, split: str) -> list[Task]:
        if split not in SPLITS:
            raise KeyError(f"unknown split {split!r}; choose from {SPLITS}")
        return getattr(self, split)

    def save(self, directory: str | os.PathLike) -> dict[str, Path]:
        """Write ``<split>.jsonl`` (one ``Task.to_json()`` per line) for each split, atomically."""
        paths = {}
        for split in SPLITS:
            path = Path(directory) / f"{split}.jsonl"
            write_tasks(path, self[split])
            paths[split] = path
        return paths


def family_of(task: Task) -> str | None:
    """The family a generated task came from (None for other tasks)."""
    if not task.source.startswith(GENERATED_SOURCE + ":"):
        return None
    return task.source[len(GENERATED_SOURCE) + 1:].split("/", 1)[0]


def write_tasks(path: str | os.PathLike, tasks: Iterable[Task]) -> None:
    """Tasks as JSON lines, written to a temporary file beside ``path`` and moved into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for task in tasks:
                handle.write(json.dumps(task.to_json(), ensure_ascii=False) + "\n")
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def generate_splits(
    executor: Executor,
    *,
    seed: int = 0,
    n_train: int = 40,
    n_heldout: int = 10,
    n_heldout_families: int = 20,
    families: Sequence[str] | None = None,
    heldout_families: Sequence[str] = HELDOUT_FAMILIES,
    exclude_shapes: set[str] | frozenset[str] = frozenset(),
    max_tries: int = 20,
) -> SeedSplits:
    """Instances of ``families`` (default: ``training_families()``) for train (``n_train`` each) and
    held-out (``n_heldout`` each), and ``n_heldout_families`` of each of ``heldout_families``.

    The same ``seed`` gives the same splits. Outputs come from ``executor.validate_batch``; an
    instance that fails there, returns None or a non-literal, or whose program shape is in
    ``exclude_shapes`` (see :func:`cruxeval_shapes`), is dropped and counted in ``removed``.
    Each family draws up to ``max_tries`` times its quota to find distinct instances, so a family
    with few possible instances yields fewer.
    """
    families = list(training_families() if families is None else families)
    unknown = [name for name in list(families) + list(heldout_families) if name not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown families {unknown}; see azr_env.tasks.generator.FAMILIES")
    overlap = set(families) & set(heldout_families)
    if overlap:
        raise ValueError(f"families both trained on and held out: {sorted(overlap)}")
    rng = np.random.default_rng(seed)
    splits = SeedSplits()
    # Held-out instances are drawn first, so that a family with few possible instances still has
    # its held-out quota; train takes what is left.
    plan = [(name, "heldout", n_heldout) for name in families] + [(name, "train", n_train) for name in families]
    plan += [(name, "heldout_families", n_heldout_families) for name in heldout_families]
    seen: set[tuple[str, str]] = set()  # (program, normalised input): no pair lands in two splits
    drafts: list[tuple[str, str, str, str]] = []  # family, split, program, input
    for name, split, quota in plan:
        family, found = FAMILIES[name], 0
        for _ in range(quota * max_tries):
            if found == quota:
                break
            program, inputs = family.make(rng)
            key = (program, inputs)
            if key in seen:
                continue
            seen.add(key)
            if exclude_shapes and program_shape(program) in exclude_shapes:
                splits.removed["matches_cruxeval"] = splits.removed.get("matches_cruxeval", 0) + 1
                continue
            drafts.append((name, split, program, inputs))
            found += 1
    results = executor.validate_batch([(program, inputs) for _, _, program, inputs in drafts])
    for (name, split, program, inputs), result in zip(drafts, results):
        problem = _output_problem(result)
        if problem is not None:
            splits.removed[problem] = splits.removed.get(problem, 0) + 1
            continue
        task = Task(TaskType.DEDUCTION, program, inputs, result.output, source=f"{GENERATED_SOURCE}:{name}/{split}")
        splits[split].append(task)
    return splits


def _output_problem(result) -> str | None:
    if not result.ok:
        return str(result.status)
    if result.output is None or result.output == "None":
        return "returns_none"
    if not getattr(result, "output_is_literal", True):
        from azr_env.executor import parse_literal

        if not parse_literal(result.output)[0]:
            return "non_literal_output"
    return None


# -- seeding buffers from triplets -----------------------------------------------------------------


def as_task_type(tasks: Iterable[Task], task_type: TaskType | str, *, n_examples: int = 10,
                 visible_fraction: float = 0.5) -> list[Task]:
    """The triplets as tasks of ``task_type``.

    Deduction and abduction ask about the same (program, input, output), so the triplet is kept
    and only its type changes. Induction needs several examples of one program: triplets that
    share a program are grouped, in order, into tasks of ``n_examples`` examples (a last group of
    fewer than two is left out), with the family's description as the message when known.
    Triplets that already are induction tasks pass through.
    """
    from azr_env.tasks.types import split_point

    task_type = TaskType(task_type)
    tasks = list(tasks)
    if task_type is not TaskType.INDUCTION:
        out = []
        for task in tasks:
            record = task.to_json()
            for extra in ("examples", "message", "n_visible"):
                record.pop(extra, None)
            record["task_type"] = task_type.value
            out.append(Task.from_json(record))
        return out
    groups: dict[str, list[Task]] = {}
    out = []
    for task in tasks:
        if task.task_type is TaskType.INDUCTION:
            out.append(task)
        else:
            groups.setdefault(task.program, []).append(task)
    for program, members in groups.items():
        for start in range(0, len(members), n_examples):
            chunk = members[start:start + n_examples]
            if len(chunk) < 2:
                continue
            examples = tuple((t.input, t.output) for t in chunk)
            family = FAMILIES.get(family_of(chunk[0]) or "")
            out.append(Task(TaskType.INDUCTION, program, examples[0][0], examples[0][1], examples=examples,
                            message=family.message if family else "Maps each input to its output.",
                            n_visible=split_point(len(examples), visible_fraction), source=chunk[0].source))
    return out
