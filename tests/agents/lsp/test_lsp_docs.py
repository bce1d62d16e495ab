"""Every Python example in docs/lsp.md runs as written (from a scratch working directory)."""
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "lsp.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_guide_has_examples():
    assert len(BLOCKS) >= 5


# The training example runs the real 1.6k-character judge prompt through the tiny model (tokens
# are characters): seconds alone, more on a busy machine, so it sits in the slow set.
CASES = [pytest.param(i, marks=pytest.mark.slow) if "train_lsp(" in block else i for i, block in enumerate(BLOCKS)]


@pytest.mark.parametrize("index", CASES)
def test_example_runs(index, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # examples write runs/ relative to the working directory
    exec(compile(BLOCKS[index], f"docs/lsp.md example {index}", "exec"), {"__name__": "__docs__"})
    assert capsys.readouterr().out  # every example prints what it shows


@pytest.mark.parametrize("name", ["agents.lsp.config", "agents.lsp.rewards", "agents.lsp.judges"])
def test_docstring_examples_run(name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(name)).failed == 0
