"""The light install: every module of ``azr_env`` imports, and the envs play, where torch cannot.

``pip install azr-env`` brings gymnasium, pettingzoo, numpy and RestrictedPython only; torch,
transformers and accelerate come with the ``agent`` extra. A fresh interpreter with those made
unimportable (a meta-path finder that refuses them) imports every module under ``azr_env``
(the integrations included: their optional libraries do not need torch either) and plays an
episode of each Gymnasium and PettingZoo id.
"""
from __future__ import annotations

import ast
import configparser
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

BLOCKER = '''
import importlib.abc, sys
BLOCKED = ("torch", "transformers", "accelerate")
class NoAgent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: the light install has no torch)", name=name)
sys.meta_path.insert(0, NoAgent())
for name in BLOCKED:
    sys.modules.pop(name, None)
'''

IMPORT_ALL = BLOCKER + '''
import importlib, pkgutil
import azr_env
optional = {"openenv": "openenv", "verifiers": "verifiers.v1", "ray": "ray"}
def has(module):
    try:
        importlib.import_module(module)
        return True
    except ImportError:
        return False
available = {key: has(module) for key, module in optional.items()}
names, skipped = [], []
for info in pkgutil.walk_packages(azr_env.__path__, "azr_env."):
    needs = next((key for key in optional if info.name.startswith(f"azr_env.integrations.{key}")), None)
    if needs is not None and not available[needs]:
        skipped.append(info.name)
        continue
    if info.name.endswith(".openenv.app"):
        continue  # builds a server at import, from environment variables; covered by the server tests
    if info.name.endswith("._worker"):
        continue  # the sandbox worker is a script the pool runs, not a module to import
    importlib.import_module(info.name)
    names.append(info.name)
for module in ("azr_env_solve", "azr_env_selfplay"):
    if available["verifiers"]:
        importlib.import_module(module)
        names.append(module)
assert not any(m.split(".")[0] in ("torch", "transformers", "accelerate") for m in sys.modules)
print("\\n".join(names))
print("SKIPPED", skipped)
'''

PLAY = BLOCKER + '''
import gymnasium as gym, pettingzoo
import azr_env
from azr_env.executor import Executor
proposal = "<answer>```python\\ndef f(a):\\n    return a * 2\\n```\\n```input\\n21\\n```</answer>"
with Executor(workers=1) as executor:
    for env_id in ("AZR-Deduction-v0", "AZR-Abduction-v0", "AZR-Induction-v0", "AZR-SelfPlay-v0"):
        env = gym.make(env_id, n_solver=1, executor=executor)
        env.reset(seed=0)
        assert env.step("not a proposal")[1] == -1.0
        env.close()
    for env_id in ("azr/deduction-v0", "azr/selfplay-v0"):
        env = pettingzoo.make("aec", env_id, n_solver=1, executor=executor)
        env.reset(seed=0)
        env.step(proposal)
        env.close()
env = gym.make("LSP-v0", group_size=1)
env.reset(seed=0)
env.step("Say hi.")
assert env.step("hi")[2]
from azr_env.testing import check_game
assert check_game("AZR-Deduction-v0", n_solver=2).ok and check_game("LSP-v0", group_size=2).ok
assert not any(m.split(".")[0] in ("torch", "transformers", "accelerate") for m in sys.modules)
print("played")
'''


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_every_module_imports_without_torch():
    out = _run(IMPORT_ALL)
    imported = set(out.split("SKIPPED")[0].split())
    # The envs, the rules and the executor, module by module.
    for name in ("azr_env.envs.absolute_zero", "azr_env.envs.vector", "azr_env.envs.lsp", "azr_env.multiagent.lsp_v0",
                 "azr_env.multiagent.selfplay_v0", "azr_env.tasks.verification", "azr_env.lsp.scoring",
                 "azr_env.executor.ray_executor", "azr_env.integrations.trl", "azr_env.integrations.game_host",
                 "azr_env.integrations.sampler", "azr_env.testing.check", "azr_env.testing.agents",
                 "azr_env.testing.play", "azr_env.tasks.rendering"):
        assert name in imported, name
    # Only the integrations whose optional library is not installed here may be left out.
    skipped = ast.literal_eval(out.split("SKIPPED")[1].strip())
    assert all(name.startswith(("azr_env.integrations.openenv", "azr_env.integrations.verifiers")) for name in skipped)


def test_envs_play_without_torch():
    assert _run(PLAY).strip().endswith("played")


def test_install_requires_is_the_light_set():
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    required = {line.split(">")[0].split("=")[0].strip().lower()
                for line in config["options"]["install_requires"].splitlines() if line.strip()}
    assert required == {"gymnasium", "pettingzoo", "numpy", "restrictedpython"}
    agent = config["options.extras_require"]["agent"]
    assert all(name in agent for name in ("torch", "transformers", "accelerate"))
    dev = config["options.extras_require"]["dev"]
    assert all(name in dev for name in ("torch", "openenv", "ray", "verifiers", "pytest"))
