"""The examples users read must run: docs/envs.md code blocks and the envs' docstrings."""
import doctest
import importlib
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
DOC = REPO_ROOT / "docs" / "envs.md"
# A top-level fence of three or more backticks, closed by a fence of the same length (so the
# ``` fences inside a ````python block are part of its code).
FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
MODULES = [
    "azr_env.game",
    "azr_env.game.spaces",
    "azr_env.game.executor_handle",
    "azr_env.game.absolute_zero",
    "azr_env.game.options",
    "azr_env.game.ids",
    "azr_env.envs.shared_parameter",
    "azr_env.envs.absolute_zero",
    "azr_env.envs.vector",
    "azr_env.envs.registration",
    "azr_env.multiagent",
    "azr_env.multiagent.deduction_v0",
    "azr_env.multiagent.abduction_v0",
    "azr_env.multiagent.induction_v0",
    "azr_env.multiagent.selfplay_v0",
]


def test_docs_code_blocks_run(monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    blocks = [m.group(3) for m in FENCE.finditer(DOC.read_text()) if m.group(2) == "python"]
    assert len(blocks) >= 5
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{DOC.name} block {number}", "exec"), {"__name__": f"docs_block_{number}"})
    printed = capsys.readouterr().out
    # The outcomes the prose states.
    assert "solver got +1.00; settled now: {'solver': 1.0, 'proposer': 0.0}" in printed
    assert "proposer step 0 of episode 0: +0.00" in printed  # always solved: learnability 0
    assert "proposer step 0 of episode 1: -1.00" in printed  # invalid: settled at once


def test_gym_example_is_about_ten_lines():
    first = next(m.group(3) for m in FENCE.finditer(DOC.read_text()) if m.group(2) == "python")
    code = [line for line in first.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(code) <= 14


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
