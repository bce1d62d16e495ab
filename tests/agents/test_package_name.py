"""Our top-level package is called ``agents`` (the design card's name), and so is openai-agents',
which the verifiers extra installs. Where both are installed, Python finds one ``agents``
package, and a module of ours that has the name of one of theirs is shadowed by theirs (it was:
``agents.models``). No module of ours may share a name with a module of another installed
distribution's ``agents`` package."""
from importlib import metadata
from pathlib import Path

import agents

OURS = Path(__file__).resolve().parents[2] / "agents"


def _names(paths):
    return {Path(p).parts[1].removesuffix(".py") for p in paths if len(Path(p).parts) > 1}


def test_no_module_of_ours_is_shadowed_by_another_agents_package():
    ours = {p.name.removesuffix(".py") for p in OURS.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    ours.discard("__init__")
    for dist in metadata.distributions():
        if dist.metadata["Name"] in (None, "azr-env", "azr_env"):
            continue
        theirs = _names(str(f) for f in (dist.files or ()) if str(f).startswith("agents/"))
        clash = ours & theirs
        assert not clash, f"{dist.metadata['Name']} also has agents.{sorted(clash)}: ours would be shadowed"


def test_every_module_of_ours_imports_as_ours():
    for name in ("cli", "config", "weights", "games", "flags"):
        module = __import__(f"agents.{name}", fromlist=["_"])
        assert Path(module.__file__).resolve().parent == OURS, (name, module.__file__, agents.__path__)
