"""The integration pages' examples run as written and print what the prose says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def run_blocks(page: str, capsys) -> str:
    path = REPO / "docs" / page
    blocks = [m.group(3) for m in FENCE.finditer(path.read_text()) if m.group(2) == "python"]
    assert blocks, f"{page} has no python example"
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{page} block {number}", "exec"), {"__name__": f"docs_{page}_{number}"})  # noqa: S102
    return capsys.readouterr().out


def test_openenv_page(capsys):
    pytest.importorskip("openenv")
    out = run_blocks("openenv.md", capsys)
    assert "proposer reward +0.00  settled {}" in out
    assert "solver   reward +1.00  settled {'solver': 1.0, 'proposer': 0.0}" in out


def test_verifiers_page(capsys):
    pytest.importorskip("verifiers.v1", reason="verifiers (Python >= 3.11) is not installed")
    from azr_env.integrations.verifiers import selfplay

    selfplay.close_hosts()
    out = run_blocks("verifiers.md", capsys)
    lines = [line for line in out.splitlines() if line.startswith("[('proposer'")]
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("[('proposer', 0.5), ('solver'") and "1.0" in line and "-0.5" in line
    selfplay.close_hosts()


@pytest.mark.slow
def test_ray_page(capsys):
    ray = pytest.importorskip("ray")
    if ray.is_initialized():
        ray.shutdown()
    try:
        out = run_blocks("ray.md", capsys)
    finally:
        ray.shutdown()
    assert "[('ok', '[1, 2, 3]'), ('forbidden', None)]" in out and "\n1.0\n" in out
