"""The program families the seed generator draws from (``azr_env.tasks.generator``).

A family is a kind of one- or two-operation program over ``str``, ``list``, ``dict`` or ``int``, or a
composition of two: ``make(rng)`` draws its constants and an input from a seeded generator and
returns the program's source and the call's arguments, never running anything. Add one with the
``_family`` decorator; ``HELDOUT_FAMILIES`` are never trained on.

>>> import numpy as np
>>> program, inputs = FAMILIES["str_upper"].make(np.random.default_rng(0))
>>> print(program)
def f(s):
    return s.upper()
>>> FAMILIES["str_upper"].kind, len(FAMILIES) >= 40
('str', True)
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Callable

import numpy as np


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
