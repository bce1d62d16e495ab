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


def test_setup_commands_install_torch_first_and_ci_runs_the_test_command():
    setup = README.read_text().split("## Set-up: two commands")[1].split("\n## ")[0]
    commands = re.findall(r"^```bash\n(.*?)\n```$", setup, re.S | re.M)
    assert len(commands) == 2
    train, tests = commands
    for command in commands:  # the CPU wheel first, so that no later install pulls a CUDA build
        assert command.startswith("pip install torch==2.13.0 && ")
    assert '".[agent,gguf,plot]"' in train and "azr train --preset smollm2-cpu" in train
    assert '".[dev]"' in tests and tests.endswith("python -m pytest")
    ci = (README.parent / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == tests
