"""The examples users read must run: docs/tasks.md code blocks and the package's docstrings."""
import doctest
import importlib
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
DOC = REPO_ROOT / "docs" / "tasks.md"
# A top-level fence of three or more backticks, closed by a fence of the same length (so the
# fences shown inside a ````text block are not mistaken for code).
FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
MODULES = ["types", "config", "templates", "parsing", "rendering", "rewards", "buffer", "validation", "verification",
           "seeding", "families", "generator", "fingerprint", "__init__"]


def test_docs_code_blocks_run_in_order(monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)  # the docs use paths relative to the repository root
    blocks = [m.group(3) for m in FENCE.finditer(DOC.read_text()) if m.group(2) == "python"]
    assert len(blocks) >= 6
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{DOC.name} block {number}", "exec"), {"__name__": f"docs_block_{number}"})


def test_printed_learnability_values_match_the_docs(capsys):
    from azr_env.tasks import TaskConfig, learnability_reward

    shown = re.search(r"# (\[0\.0, 0\.875.*\])", DOC.read_text()).group(1)
    assert str([learnability_reward(k / 8, TaskConfig()).value for k in range(9)]) == shown


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module("azr_env.tasks" if name == "__init__" else f"azr_env.tasks.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
