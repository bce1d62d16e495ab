"""Reading the 7-point judge: exact cases, the fallback order, and 'never raises' under fuzzing."""
import math

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
