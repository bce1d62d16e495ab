"""The Python blocks of docs/agents.md run as written."""
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "agents.md"


def test_python_blocks_of_the_agent_docs_run():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})


def test_docstring_examples_of_the_evaluation_seed_config_and_flag_modules():
    import doctest

    import agents.cli
    import agents.config
    import agents.evaluate
    import agents.flags
    import agents.lsp.config
    import agents.seeds

    for module in (agents.evaluate, agents.seeds, agents.config, agents.flags, agents.cli, agents.lsp.config):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_the_flag_list_of_the_agent_docs_is_the_flags_own():
    from agents.flags import markdown_table

    text = DOC.read_text(encoding="utf-8")
    listed = text.split("<!-- flags:start -->\n", 1)[1].split("<!-- flags:end -->", 1)[0]
    assert listed == markdown_table(), "docs/agents.md is stale: paste the output of `python -m agents.flags`"
