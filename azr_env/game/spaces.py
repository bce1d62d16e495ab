"""Text spaces for prompts and model outputs, and the observation type that PettingZoo's checker reads.

Nothing here knows about a particular game: any text-in, text-out environment (Absolute Zero,
Language Self-Play, ...) can use these.

Two traps in the stock pieces, and how this module avoids them:

* ``gymnasium.spaces.Text`` defaults to an alphanumeric charset, so a prompt with a space or a
  newline is "outside" the space. :class:`PrintableText` samples from printable ASCII plus every
  whitespace character, and *contains* any string of printable characters and whitespace (accented
  letters, arrows, emoji included), because a language model may write any of them and the env
  must still be able to show them back.
* PettingZoo 1.27's ``api_test`` compares ``observation_space.dtype`` with ``observation.dtype``;
  a plain ``str`` has no ``dtype``. :class:`TextObservation` is a ``str`` that carries the dtype of
  a ``Text`` space (``numpy.dtype('<U')``); everything that accepts a ``str`` accepts it.

>>> space = PrintableText(max_length=64)
>>> "def f(x):\\n    return x  # → identity" in space
True
>>> "\\x00" in space, "a" * 65 in space
(False, False)
>>> obs = TextObservation("Hello\\nworld")
>>> obs.dtype == space.dtype, isinstance(obs, str), obs.upper()
(True, True, 'HELLO\\nWORLD')
"""
from __future__ import annotations

import re
import string
from typing import Any

import numpy as np
from gymnasium.spaces import Text

# Letters, digits, punctuation and ' \t\n\r\x0b\x0c': what `space.sample()` draws from.
PRINTABLE_CHARSET: str = string.printable

# Generous bounds: a prompt carries a few reference programs, an answer is one model generation.
# They are limits on what the space *contains*; sampling draws lengths uniformly up to them.
DEFAULT_MAX_PROMPT_CHARS: int = 1 << 20
DEFAULT_MAX_ANSWER_CHARS: int = 1 << 14


class PrintableText(Text):
    """A ``Text`` space of human-readable text: printable characters, whitespace and newlines.

    ``sample()`` draws from ``charset`` (printable ASCII and whitespace by default). ``contains``
    accepts, beyond ``charset``, every character for which ``str.isprintable()`` holds, so text a
    model wrote in any script belongs to the space; control characters (NUL, escape, ...) and
    unpaired surrogates do not. ``min_length`` defaults to 0: an empty generation is a legal
    (if poor) action and the env must score it.

    >>> space = PrintableText(max_length=8, seed=0)
    >>> sample = space.sample()
    >>> sample in space and len(sample) <= 8
    True
    >>> "naïve ü" in space, "a\\tb\\nc" in space
    (True, True)
    """

    def __init__(
        self,
        max_length: int,
        *,
        min_length: int = 0,
        charset: frozenset[str] | str = PRINTABLE_CHARSET,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        super().__init__(max_length, min_length=min_length, charset=charset, seed=seed)
        # str.translate table deleting every sampling character, so `contains` hands the rest to
        # the C-speed str.isprintable() instead of looping over a long prompt in Python.
        self._delete_charset = {ord(c): None for c in self.character_list}

    def contains(self, x: Any) -> bool:
        if not isinstance(x, str) or not self.min_length <= len(x) <= self.max_length:
            return False
        rest = x.translate(self._delete_charset)
        return rest.isprintable() or all(_is_readable(c) for c in rest)

    def __repr__(self) -> str:
        # Text's repr prints the whole charset; the bounds are what a reader needs.
        return f"PrintableText({self.min_length}, {self.max_length})"

    def __eq__(self, other: object, /) -> bool:
        # A plain Text with the same charset rejects non-ASCII text, so it is a different space.
        return type(other) is type(self) and super().__eq__(other)


_DELETE_ASCII_TEXT = {ord(c): None for c in PRINTABLE_CHARSET}


def _is_readable(char: str) -> bool:
    # isprintable() is False for every whitespace but ' ' (no-break space, line separator...).
    return char.isprintable() or char.isspace()


# The ASCII characters to_printable escapes: neither in the charset nor readable.
_ASCII_UNREADABLE = re.compile(
    "[" + "".join(re.escape(chr(i)) for i in range(128) if chr(i) not in PRINTABLE_CHARSET and not _is_readable(chr(i))) + "]"
)


def to_printable(text: str) -> str:
    """``text`` with every character a :class:`PrintableText` space refuses written as an escape.

    Keeps a prompt inside the space. (Validation refuses a proposal that holds such a character:
    written as ``\\x1b`` inside a raw string it would read as four other characters.)

    >>> print(to_printable("a" + chr(27) + "b"))
    a\\x1bb
    >>> to_printable("naïve\\ttext\\n") == "naïve\\ttext\\n"
    True
    """
    # Most prompts are ASCII: one C-speed scan for the few ASCII characters that need escaping.
    if text.isascii():
        if _ASCII_UNREADABLE.search(text) is None:
            return text
    rest = text.translate(_DELETE_ASCII_TEXT)
    if rest.isprintable() or all(_is_readable(c) for c in rest):
        return text
    return "".join(c if _is_readable(c) else repr(c)[1:-1] for c in text)


class TextObservation(str):
    """A ``str`` that also has the ``dtype`` of a ``Text`` space, for checkers that compare dtypes.

    Equality, hashing, slicing and JSON encoding are those of ``str``; methods that build a new
    string (``upper``, ``+``, ...) return a plain ``str``.

    >>> import json
    >>> json.dumps(TextObservation("a\\nb"))
    '"a\\\\nb"'
    """

    __slots__ = ()
    dtype: np.dtype = np.dtype(str)


def as_observation(text: str) -> TextObservation:
    """Wrap a prompt as an observation (no copy of the characters is made by the caller).

    >>> as_observation("hi") == "hi"
    True
    """
    return TextObservation(text)


def prompt_space(max_length: int = DEFAULT_MAX_PROMPT_CHARS) -> PrintableText:
    """The observation space of a text environment: one prompt."""
    return PrintableText(max_length=max_length)


def answer_space(max_length: int = DEFAULT_MAX_ANSWER_CHARS) -> PrintableText:
    """The action space of a text environment: one model generation."""
    return PrintableText(max_length=max_length)
