"""Text spaces hold what prompts and model outputs contain, and satisfy the peers' dtype checks."""
import copy
import json
import pickle
import string

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from azr_env.game.spaces import (
    PrintableText,
    TextObservation,
    answer_space,
    as_observation,
    prompt_space,
    to_printable,
)


def test_contains_code_with_whitespace_newlines_and_unicode():
    space = PrintableText(max_length=200)
    assert "def f(a):\n\treturn a  # → x\r\n" in space
    assert "naïve 日本語 🙂 \u00a0nbsp" in space
    assert "" in space  # an empty generation is a legal action
    assert string.printable in space


def test_refuses_control_characters_surrogates_and_overlong_text():
    space = PrintableText(max_length=5)
    assert "\x00" not in space and "\x1b" not in space and "\ud800" not in space
    assert "abcdef" not in space
    assert 5 not in space and None not in space


def test_samples_are_in_the_space_and_seeded():
    a, b = PrintableText(max_length=50, seed=3), PrintableText(max_length=50, seed=3)
    samples = [a.sample() for _ in range(20)]
    assert samples == [b.sample() for _ in range(20)]
    assert all(sample in a for sample in samples)
    assert any("\n" in s or " " in s for s in samples)


@given(st.text(max_size=80))
def test_to_printable_always_lands_in_the_space(text):
    assert to_printable(text) in PrintableText(max_length=80 * 12)


def test_to_printable_keeps_readable_text_unchanged():
    text = "def f(s):\n    return s.replace('é', '\\n')\t# ok"
    assert to_printable(text) is text


def test_observation_is_a_str_with_the_text_space_dtype():
    obs = as_observation("hello\nworld")
    assert isinstance(obs, str) and obs == "hello\nworld"
    assert obs.dtype == prompt_space().dtype == np.dtype("<U")
    assert json.dumps(obs) == json.dumps("hello\nworld")
    for copied in (copy.deepcopy(obs), pickle.loads(pickle.dumps(obs))):
        assert type(copied) is TextObservation and copied == obs


def test_equality_distinguishes_printable_text_from_plain_text():
    from gymnasium.spaces import Text

    assert PrintableText(10) == PrintableText(10)
    assert PrintableText(10) != PrintableText(11)
    assert PrintableText(10) != Text(10, min_length=0, charset=string.printable)


def test_default_bounds_are_generous():
    assert prompt_space().max_length >= 1 << 20
    assert answer_space().max_length >= 1 << 14
