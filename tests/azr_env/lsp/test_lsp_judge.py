"""Reading the 7-point judge: exact cases, the fallback order, and 'never raises' under fuzzing."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from azr_env.lsp.judge import JUDGE_CRITERIA, MAX_SCORE, normalise_score, parse_score
from azr_env.lsp.prompts import JUDGE_PROMPT


@pytest.mark.parametrize(
    "text, score",
    [
        ("Good. <Calculation>1+1+1+1+1+0+1</Calculation> <Score>6</Score>", 6.0),
        ("<score> 5/7 </score>", 5.0),
        ("<SCORE>4 points</SCORE>", 4.0),
        ("<Score>5.5</Score>", 5.5),
        ("Unclosed at the end: <Score>3", 3.0),
        ("<Score>2</Score> on second thought <Score>3</Score>", 3.0),  # the last verdict wins
        ("<Score>9</Score> <Score>7</Score>", 7.0),
        ("<Score>0</Score>", 0.0),
        ("< Score >7</ Score >", 7.0),
    ],
)
def test_reads_the_score_tag(text, score):
    parsed = parse_score(text)
    assert parsed.source == "score" and parsed.score == score and parsed.ok


@pytest.mark.parametrize(
    "text, score",
    [
        ("<Calculation>1+1+0+1+0+0+1 = 4</Calculation> and no score", 4.0),
        ("<Calculation>1+1+0+1</Calculation>", 3.0),
        ("<Score>twelve</Score><Calculation>1+1=2</Calculation>", 2.0),
        ("<Score>12</Score><Calculation>1+1+1</Calculation>", 3.0),  # out-of-range score skipped
    ],
)
def test_falls_back_to_the_calculation(text, score):
    parsed = parse_score(text)
    assert parsed.source == "calculation" and parsed.score == score


@pytest.mark.parametrize(
    "text",
    ["", "I think it deserves a six.", "<Score></Score>", "<Score>-1</Score>", "<Score>8</Score>",
     "<Calculation>2+3+4</Calculation>", "<Calculation>1+1+1+1+1+1+1+1</Calculation>",
     "<Score>nan</Score>", "<Score>inf</Score>"],
)
def test_unreadable_verdicts_get_the_fallback(text):
    assert parse_score(text) == (0.0, "fallback", parse_score(text).reason)
    assert parse_score(text, fallback=3.5).score == 3.5
    assert not parse_score(text).ok


def test_prompt_names_every_criterion_and_the_tags():
    assert len(JUDGE_CRITERIA) == MAX_SCORE == 7
    lowered = JUDGE_PROMPT.lower()
    for criterion in JUDGE_CRITERIA:
        assert criterion in lowered
    assert "<score>" in lowered and "<calculation>" in lowered


def test_normalised_to_unit_interval():
    assert normalise_score(7) == 1.0 and normalise_score(0) == 0.0 and normalise_score(3.5) == 0.5


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ScoreCalculation0123456789.+-= \n")) | st.characters(), max_size=200),
       st.floats(allow_nan=False, allow_infinity=False, min_value=-10, max_value=10))
def test_never_raises_and_stays_in_range(text, fallback):
    parsed = parse_score(text, fallback=fallback)
    assert parsed.source in ("score", "calculation", "fallback")
    if parsed.source == "fallback":
        assert parsed.score == fallback
    else:
        assert math.isfinite(parsed.score) and 0.0 <= parsed.score <= MAX_SCORE


def test_non_text_input_is_read_as_text():
    assert parse_score(None).source == "fallback"
    assert parse_score(b"<Score>3</Score>").score == 3.0  # str(bytes) still shows the tag


def test_long_rambling_output_is_fast():
    text = "<Score>" * 50_000 + "<Score>6</Score>"
    assert parse_score(text).score == 6.0


# -- long and hostile judge outputs ------------------------------------------------------------

def test_verdict_followed_by_a_long_text_is_read():
    # The last <Score> counts however much text follows it (a 20,000-character window used to lose it).
    rambling = "The response could be improved in several ways, e.g. point 9 and 12. " * 450
    assert len(rambling) > 30_000
    assert parse_score("<Score>5</Score>" + rambling) == (5.0, "score", "read from <Score>")
    assert parse_score("<Calculation>1+1+0</Calculation>" + rambling).score == 2.0
    assert parse_score("<Score>3</Score>" + "x" * 1_000_000 + "<Score>6").score == 6.0
    assert parse_score("<Score>4" + "\x00" * 1_000_000).score == 4.0  # unclosed, then a megabyte of NULs


def test_a_megabyte_of_anything_is_read_in_linear_time():
    import time

    texts = ["<" + " " * 1_000_000, ("<Score" + " " * 40) * 20_000, "<Score>" * 150_000, "9" * 1_000_000,
             "<Calculation>" + "1+" * 500_000, ("< / " * 250_000) + "<Score>2"]
    start = time.perf_counter()
    for text in texts:
        parse_score(text)
    # Linear scans take well under a second in all; a quadratic regex takes minutes on these.
    assert time.perf_counter() - start < 10.0


def test_str_that_raises_is_the_fallback():
    class Broken:
        def __str__(self):
            raise RuntimeError("no")

    assert parse_score(Broken(), fallback=1.0) == (1.0, "fallback", "judge output is not text")


NO_ASCII_DIGITS = "abcXYZ .,;:!?-=+/\n\t\x00\u00e9\u4e2d\u0665\uff15\u00b2\u2167\U0001F600<>[]{}\\\"'"
OUT_OF_RANGE = ["8", "-1", "-0.5", "7.5", "10", "99999999999999999999", "9" * 5000, "1" + "0" * 400, "+8"]


def _junk(rng, size, digits=True):
    """Random text: printable and not, other scripts' digits, NULs; ASCII digits only when ``digits``."""
    kind = int(rng.integers(5))
    if kind == 0:
        alphabet = list(NO_ASCII_DIGITS + ("0123456789" if digits else ""))
        return "".join(rng.choice(alphabet, size)) if size else ""
    if kind == 1:
        return "\x00" * size
    if kind == 2:  # arbitrary code points, lone surrogates included
        text = "".join(chr(int(c)) for c in rng.integers(1, 0x110000, size))
        return text if digits else "".join("z" if "0" <= c <= "9" else c for c in text)
    if kind == 3:
        return ("<" + " " * int(rng.integers(1, 60))) * max(1, size // 40)
    pieces = ["</Score>", "</score >", "<Calculation>", "</Calculation>", "Score:", "score", "<Scor>", "<Score/>",
              "<<", ">>"]
    return "".join(rng.choice(pieces, max(1, size // 8)))


def _unreadable_tag(rng, closed=True):
    """A <Score> tag whose body holds no ASCII number in [0, 7] before the next tag."""
    body = _junk(rng, int(rng.integers(0, 50)), digits=False)
    if rng.random() < 0.6:  # a number out of range first, then anything
        body += str(rng.choice(OUT_OF_RANGE)) + _junk(rng, int(rng.integers(0, 20)))
    opening = str(rng.choice(["<Score>", "<score>", "< SCORE >", "<Score >", "<  /score><Score>"]))
    return opening + body + ("</Score>" if closed else "")


def hostile_case(seed):
    """(text, expected): junk, earlier verdicts, the last readable verdict (or none), then a tail with none.

    Every twentieth case is over a megabyte. The tail is long and hostile, but each tag in it is
    closed before free text (which may hold ASCII digits) follows, so no verdict hides in it.
    """
    rng = np.random.default_rng(seed)
    big = seed % 20 == 0
    parts = [_junk(rng, 1_000_000 if big else int(rng.integers(0, 2000)), digits=False)]
    for _ in range(int(rng.integers(0, 4))):  # earlier verdicts, readable or not: the last one must win
        parts.append(f"<Score>{rng.integers(0, 8)}</Score>" if rng.random() < 0.5 else _unreadable_tag(rng))
        parts.append(_junk(rng, int(rng.integers(0, 200)), digits=False))
    expected = None
    if seed % 10 == 9:  # one case in ten: nothing readable anywhere
        parts = [_junk(rng, 500, digits=False), _unreadable_tag(rng)]
    else:
        expected = min(float(rng.integers(0, 8)) + (0.5 if rng.random() < 0.2 else 0.0), 7.0)
        shown = f"{expected:g}"
        parts.append(str(rng.choice([f"<Score>{shown}</Score>", f"<score> {shown}/7 </score>",
                                     f"<SCORE>{shown} points</SCORE>", f"<Score><Score>{shown}</Score></Score>"])))
    for _ in range(int(rng.integers(1, 6))):
        if rng.random() < 0.5:
            parts.append(_unreadable_tag(rng))
        else:
            parts.append(_junk(rng, int(rng.integers(0, 30_000))))
    if rng.random() < 0.3:
        parts.append(_unreadable_tag(rng, closed=False))  # an unclosed tag at the very end
    if big:
        parts.append("\x00" * 1_000_000)
    return "".join(parts), expected


@pytest.mark.parametrize("seed", range(100))
def test_hostile_outputs_never_raise_and_read_the_last_verdict(seed):
    text, expected = hostile_case(seed)
    parsed = parse_score(text, fallback=-2.0)
    if expected is None:  # nothing readable in <Score>; a stray <Calculation> may still hold a sum
        assert parsed.source != "score"
        assert parsed.score == -2.0 or (parsed.source == "calculation" and 0.0 <= parsed.score <= MAX_SCORE)
    else:
        assert parsed == (expected, "score", "read from <Score>"), (seed, len(text))
