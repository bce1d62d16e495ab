"""docs/testing.md runs as written: its examples print what the page says, and the pytest file
it offers to copy passes under pytest. The kit's docstring examples run too."""
import doctest
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
DOC = REPO_ROOT / "docs" / "testing.md"
# A top-level fence of three or more backticks, closed by a fence of the same length.
FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
PYTEST_FILE = "# test_my_game.py"
# Timings vary from run to run, and the episode count with the length of the kit's text lists.
VARYING = re.compile(r"\(\d+\.\d s\)|\d+ episodes")


def fenced():
    return [(m.group(2), m.group(3)) for m in FENCE.finditer(DOC.read_text())]


def test_examples_print_what_the_page_says(monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    blocks = fenced()
    ran = 0
    for n, (language, code) in enumerate(blocks):
        if language != "python" or code.startswith(PYTEST_FILE):
            continue
        exec(compile(code, f"{DOC.name} block {n}", "exec"), {"__name__": f"docs_block_{n}"})
        ran += 1
        printed = capsys.readouterr().out
        following = blocks[n + 1] if n + 1 < len(blocks) else (None, "")
        if following[0] == "text":  # the output the page shows for this example
            assert VARYING.sub("#", printed) == VARYING.sub("#", following[1])
    assert ran >= 3


def test_the_pytest_file_to_copy_passes(tmp_path):
    (code,) = [code for language, code in fenced() if language == "python" and code.startswith(PYTEST_FILE)]
    path = tmp_path / "test_my_game.py"
    path.write_text(code)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "-q", "-p", "no:cacheprovider"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b7 passed\b", result.stdout)


@pytest.mark.parametrize("name", ["azr_env.testing", "azr_env.testing.agents", "azr_env.testing.play",
                                  "azr_env.testing.check", "azr_env.testing.rules", "azr_env.testing.report",
                                  "azr_env.testing.absolute_zero", "azr_env.testing.lsp"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
