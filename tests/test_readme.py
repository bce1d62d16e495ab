"""The README's Python examples run as written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
# Four-backtick fences hold examples that contain triple backticks themselves.
BLOCKS = re.findall(r"^(`{3,4})python\n(.*?)^\1$", README.read_text(), re.S | re.M)


@pytest.mark.parametrize("code", [code for _, code in BLOCKS], ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code):
    exec(compile(code, str(README), "exec"), {"__name__": "__readme__"})  # noqa: S102 -- our own docs


def test_readme_has_examples():
    assert len(BLOCKS) >= 4
