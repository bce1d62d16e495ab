"""Reading the quality judge's verdict: the 7-point additive score.

The judge (the reference model, prompted with :data:`azr_env.lsp.prompts.JUDGE_PROMPT`) writes
a short justification, the points it added in ``<Calculation>`` tags and the total in
``<Score>`` tags. :func:`parse_score` turns any text into a score and never raises. It tries,
in order:

1. ``score``: the last ``<Score>`` tag (closed or not, any letter case) whose first number
   lies in [0, 7]. ``<Score>5</Score>``, ``<score> 5/7 </score>``, ``<Score>5.5`` all give 5
   or 5.5. A tag whose number is out of range, or has no number, is skipped.
2. ``calculation``: the last ``<Calculation>`` tag: the number after its last ``=`` when there
   is one (``1+1+0 = 2``), else the sum of its numbers when all are 0 or 1 and there are at
   most 7 of them (``1+1+0+1`` gives 3). Accepted only inside [0, 7].
3. ``fallback``: the caller's fallback value, 0.0 by default: a verdict that cannot be read
   earns no quality reward (see docs/lsp.md for the reasoning).

    >>> parse_score("Clear and complete. <Calculation>1+1+1+1+1+0+1</Calculation><Score>6</Score>")
    ScoreParse(score=6.0, source='score', reason='read from <Score>')
    >>> parse_score("no verdict").source
    'fallback'
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple

MAX_SCORE = 7.0
"""The judge's scale is 0..7: one point per criterion."""

JUDGE_CRITERIA = (
    "identifiable task",
    "clear instruction",
    "understandable response",
    "partial coverage",
    "full coverage",
    "clarity and concision",
    "style",
)

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_SCORE_TAG = re.compile(r"<\s*score\s*>(.*?)(?=<\s*/?\s*score\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_CALC_TAG = re.compile(
    r"<\s*calculation\s*>(.*?)(?=<\s*/?\s*calculation\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_NUMBER_RE = re.compile(_NUMBER)
# A judge that rambles must not make the regexes slow: only the tail can hold the verdict.
_MAX_SCAN_CHARS = 20_000


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


def _first_number(text: str) -> float | None:
    match = _NUMBER_RE.search(text)
    return float(match.group(0)) if match else None


def _from_calculation(body: str) -> float | None:
    if "=" in body:
        return _first_number(body.rsplit("=", 1)[1])
    terms = [float(t) for t in _NUMBER_RE.findall(body)]
    if terms and len(terms) <= len(JUDGE_CRITERIA) and all(t in (0.0, 1.0) for t in terms):
        return sum(terms)
    return None


def parse_score(text: object, fallback: float = 0.0) -> ScoreParse:
    """The judge's total on 0..7 from its text; see the module doc for the rules. Never raises."""
    try:
        text = str(text)[-_MAX_SCAN_CHARS:]
    except Exception:  # a str() that raises is still a verdict we cannot read
        return ScoreParse(float(fallback), "fallback", "judge output is not text")
    for body in reversed(_SCORE_TAG.findall(text)):
        value = _first_number(body)
        if value is not None and _in_range(value):
            return ScoreParse(value, "score", "read from <Score>")
    for body in reversed(_CALC_TAG.findall(text)):
        value = _from_calculation(body)
        if value is not None and _in_range(value):
            return ScoreParse(value, "calculation", "no readable <Score>; read from <Calculation>")
    reason = "<Score> holds no number in [0, 7]" if "score" in text.lower() else "no <Score> tag"
    return ScoreParse(float(fallback), "fallback", reason)


def normalise_score(score: float) -> float:
    """Map the judge's 0..7 onto 0..1, the scale every LSP reward lives on (docs/lsp.md)."""
    return float(score) / MAX_SCORE
