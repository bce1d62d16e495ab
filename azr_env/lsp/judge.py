"""Reading the quality judge's verdict: the 7-point additive score, from text or from probabilities.

The judge (the reference model, prompted with :data:`azr_env.lsp.prompts.JUDGE_PROMPT`) grades an
answer on 0..7, one point per criterion. There are two ways to read its verdict.

**From text** (:func:`parse_score`): the judge writes a justification, the points in
``<Calculation>`` tags and the total in ``<Score>`` tags. :func:`parse_score` turns any text
into a score and never raises. It tries, in order:

1. ``score``: the last ``<Score>`` tag (closed or not, any letter case) whose first number
   lies in [0, 7], however much text follows it. ``<Score>5</Score>``, ``<score> 5/7 </score>``,
   ``<Score>5.5`` all give 5 or 5.5. A tag whose number is out of range, or has no number, is
   skipped. Numbers are ASCII digits: ``<Score>٥`` has no number.
2. ``calculation``: the last ``<Calculation>`` tag: the number after its last ``=`` when there
   is one (``1+1+0 = 2``), else the sum of its numbers when all are 0 or 1 and there are at
   most 7 of them (``1+1+0+1`` gives 3). Accepted only inside [0, 7].
3. ``fallback``: the caller's fallback value, 0.0 by default: a verdict that cannot be read
   earns no quality reward (see docs/lsp.md for the reasoning).

The scan is linear in the text (tags are found once, bodies are read up to their first
number), so a judge that rambles for a megabyte costs milliseconds, and the verdict is found
wherever it is.

    >>> parse_score("Clear and complete. <Calculation>1+1+1+1+1+0+1</Calculation><Score>6</Score>")
    ScoreParse(score=6.0, source='score', reason='read from <Score>')
    >>> parse_score("no verdict").source
    'fallback'

**From probabilities** (G-Eval, Liu et al. 2023): the judge prompt is prefilled up to
``<Score>`` and the judge's next-token distribution over the score labels is read; the verdict
is the probability-weighted mean of the labels. A model of any size then always yields a score.
The model side lives in ``agents.lsp.judges``; what needs no model is here:
:func:`label_of_token` (which label a vocabulary token spells) and :func:`expected_score`.

    >>> expected_score({5: 0.3, 6: 0.1}).score   # renormalised: (5 * 0.3 + 6 * 0.1) / 0.4
    5.25
"""
from __future__ import annotations

import bisect
import math
import re
from typing import Iterable, Mapping, NamedTuple, Sequence

MAX_SCORE = 7.0
"""The judge's scale is 0..7: one point per criterion."""

SCORE_LABELS = tuple(str(k) for k in range(int(MAX_SCORE) + 1))
"""The labels the probability judge reads after ``<Score>``: "0" .. "7" (the additive scale starts at 0)."""

JUDGE_CRITERIA = (
    "identifiable task",
    "clear instruction",
    "understandable response",
    "partial coverage",
    "full coverage",
    "clarity and concision",
    "style",
)

# ASCII digits only: `\d` would also match other scripts' digits, and superscripts that float() rejects.
_NUMBER_RE = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# One way to match each tag (the space after "/" only after a "/"): a run of spaces after "<" must
# not be split between two `\s*`, which backtracks quadratically in the length of the run.
_SCORE_TAG = re.compile(r"<\s*(?:(/)\s*)?score\s*>", re.IGNORECASE)
_CALC_TAG = re.compile(r"<\s*(?:(/)\s*)?calculation\s*>", re.IGNORECASE)
_MAX_CALC_TERMS = len(JUDGE_CRITERIA)


class ScoreParse(NamedTuple):
    """A judge verdict read from text: the score on 0..7, where it came from, and why."""

    score: float
    source: str  # "score" | "calculation" | "fallback"
    reason: str

    @property
    def ok(self) -> bool:
        return self.source != "fallback"


def _in_range(value: float) -> bool:
    return math.isfinite(value) and 0.0 <= value <= MAX_SCORE


def _first_number(text: str, start: int = 0, end: int | None = None) -> float | None:
    match = _NUMBER_RE.search(text, start, len(text) if end is None else end)
    return float(match.group(0)) if match else None


def _tag_bodies(text: str, tag: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of every opening tag's body, last tag first.

    A body runs from the end of its opening tag to the next tag of the same name, opening or
    closing, or to the end of the text (an unclosed last tag). One pass over the text.
    """
    marks = [(m.start(), m.end(), bool(m.group(1))) for m in tag.finditer(text)]
    starts = [start for start, _, _ in marks]
    bodies = []
    for k in range(len(marks) - 1, -1, -1):
        start, end, closing = marks[k]
        if closing:
            continue
        after = bisect.bisect_right(starts, start)  # index of the next tag of this name
        bodies.append((end, marks[after][0] if after < len(marks) else len(text)))
    return bodies


def _from_calculation(text: str, start: int, end: int) -> float | None:
    equals = text.rfind("=", start, end)
    if equals >= 0:
        return _first_number(text, equals + 1, end)
    terms = []
    for match in _NUMBER_RE.finditer(text, start, end):
        terms.append(float(match.group(0)))
        if len(terms) > _MAX_CALC_TERMS:
            return None
    if terms and all(t in (0.0, 1.0) for t in terms):
        return sum(terms)
    return None


def parse_score(text: object, fallback: float = 0.0) -> ScoreParse:
    """The judge's total on 0..7 from its text; see the module doc for the rules. Never raises."""
    try:
        text = str(text)
    except Exception:  # a str() that raises is still a verdict we cannot read
        return ScoreParse(float(fallback), "fallback", "judge output is not text")
    for start, end in _tag_bodies(text, _SCORE_TAG):
        value = _first_number(text, start, end)
        if value is not None and _in_range(value):
            return ScoreParse(value, "score", "read from <Score>")
    for start, end in _tag_bodies(text, _CALC_TAG):
        value = _from_calculation(text, start, end)
        if value is not None and _in_range(value):
            return ScoreParse(value, "calculation", "no readable <Score>; read from <Calculation>")
    reason = "<Score> holds no number in [0, 7]" if _SCORE_TAG.search(text) else "no <Score> tag"
    return ScoreParse(float(fallback), "fallback", reason)


# -- the probability judge (G-Eval) ------------------------------------------------------------------


class ProbabilityVerdict(NamedTuple):
    """A verdict read from the judge's next-token distribution over the score labels.

    ``score`` is the probability-weighted mean of the label values (renormalised over the
    labels), ``mass`` the probability the judge put on any label at all, ``entropy`` the
    entropy in nats of the renormalised distribution (0: certain; log 8 = 2.08 for 0..7
    spread evenly). A distribution with no mass on any label gives the fallback.
    """

    score: float
    source: str  # "probability" | "fallback"
    reason: str
    mass: float
    entropy: float

    @property
    def ok(self) -> bool:
        return self.source != "fallback"


def expected_score(probabilities: Mapping[float, float] | Iterable[tuple[float, float]],
                   fallback: float = 0.0) -> ProbabilityVerdict:
    """The probability-weighted mean of ``{value: probability}`` (G-Eval's score), its mass and entropy.

    Probabilities need not sum to 1 (the rest of the vocabulary took the remainder); they are
    renormalised over the values given. Negative or non-finite probabilities count as 0.
    """
    items = probabilities.items() if isinstance(probabilities, Mapping) else probabilities
    pairs = [(float(v), float(p)) for v, p in items]
    pairs = [(v, p if math.isfinite(p) and p > 0.0 else 0.0) for v, p in pairs]
    mass = sum(p for _, p in pairs)
    if not (mass > 0.0 and math.isfinite(mass)):
        return ProbabilityVerdict(float(fallback), "fallback", "no probability on any score label", 0.0, 0.0)
    score = sum(v * p for v, p in pairs) / mass
    entropy = -sum((p / mass) * math.log(p / mass) for _, p in pairs if p > 0.0)
    return ProbabilityVerdict(score, "probability", "probability-weighted mean of the score labels", mass,
                              max(entropy, 0.0))


def label_of_token(text: str, labels: Sequence[str]) -> int | None:
    """The index of the label a vocabulary token spells as the judge's next token, or None.

    The token's text is read without its leading whitespace (``" 5"``, ``"\\n5"`` and a
    SentencePiece ``"▁5"`` decoded all spell "5"), case-insensitively. It spells a label when

    - it is the label (``"5"``, ``"Yes"``);
    - it starts with the label and the next character is not a letter or digit (``"5/"``,
      ``"Yes,"``), so a merged ``"56"`` or ``"Yesterday"`` spells nothing;
    - or it is the start of exactly one label (``"Y"`` for "Yes" under a character tokenizer).

    A whitespace-only token spells nothing: the judge reads one token further for those.

        >>> labels = ("0", "1", "2", "3", "4", "5", "6", "7")
        >>> [label_of_token(t, labels) for t in ("5", " 5", "5/", "56", "12", "x", " ")]
        [5, 5, 5, None, None, None, None]
    """
    word = text.lstrip().casefold()
    if not word:
        return None
    folded = [label.casefold() for label in labels]
    for k, label in enumerate(folded):
        if word == label or (word.startswith(label) and not word[len(label)].isalnum()):
            return k
    prefix_of = [k for k, label in enumerate(folded) if label.startswith(word)]
    return prefix_of[0] if len(prefix_of) == 1 else None


def normalise_score(score: float) -> float:
    """Map the judge's 0..7 onto 0..1, the scale every LSP reward lives on (docs/lsp.md)."""
    return float(score) / MAX_SCORE
