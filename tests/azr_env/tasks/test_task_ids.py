"""Task ids survive a Python upgrade: they hash the program's syntax tree, never bytecode.

Ids are persisted in buffers and checkpoints and used to pin tasks, so a buffer written under one
Python must be found, id for id, under another.
"""
from __future__ import annotations

import ast
import glob
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from azr_env.tasks import Task, TaskType, program_fingerprint
from azr_env.tasks import fingerprint

REPO = Path(__file__).resolve().parents[3]
CRUXEVAL = REPO.parent / "shared" / "data" / "cruxeval-dev.jsonl"
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")

# Syntax whose trees differ in small ways between versions: f-strings (3.12 adds an empty piece
# to nested format specs), string prefixes, huge literals, match patterns, walrus, star-args.
EDGE_CASES = [
    "x = f'{a!r:>{w}} {b=}'\n",
    "x = f'{a:{b}.{c}f}' f'{d!s:}' 'tail'\n",
    "x = u'abc' + b'\\x00' + r'\\d' + rb'\\x'\n",
    "s = 'é\\U0001F600\\ud800'\n",
    "n = 0x" + "F" * 5000 + "\n",
    "match x:\n    case {'a': [1, *rest]} if rest:\n        pass\n    case Point(x=0) | None:\n        pass\n",
    "def f(a, /, b=1, *c, d, **e):\n    return [y := a, *c, {**e}]\n",
    "async def g():\n    async with a as b:\n        await b\n",
]


def _corpus() -> list[str]:
    programs = list(EDGE_CASES)
    if CRUXEVAL.exists():
        programs += [json.loads(line)["code"] for line in CRUXEVAL.read_text(encoding="utf-8").splitlines()]
    return programs


def test_the_ids_of_these_tasks_never_change():
    # Written once (Python 3.11); any version, any platform, any later release must agree. A change
    # here orphans every saved buffer and pinned id.
    tasks = {
        "fdad88c0334fcce1": Task(TaskType.DEDUCTION, "def f(a):\n    return a", "'Hello world'", "'Hello world'"),
        "2351498c02a5bb2d": Task(TaskType.ABDUCTION, 'def f(s, k=2):\n    return s[::k] + f"{len(s):>3}"',
                                 "'abcdef', k=3", "'ad  6'"),
        "5439f314e1fb8408": Task(TaskType.INDUCTION, "def f(x):\n    return x * 2", "1", "2",
                                 examples=(("1", "2"), ("2", "4"), ("{1, 3}", "{1, 3, 1, 3}")), message="doubles"),
        # Was 5439f314e1fb8408 too until the twenty-eighth session: set elements were sorted, but
        # the written order is the insertion order, which can change how a set iterates
        # (list({9, 1}) != list({1, 9})). Only sets not written in sorted order changed ids.
        "c887c06e5469ec4d": Task(TaskType.INDUCTION, "def f(x):\n    return x * 2", "1", "2",
                                 examples=(("1", "2"), ("2", "4"), ("{3, 1}", "{1, 3, 1, 3}")), message="doubles"),
    }
    assert {task.task_id: task for task in tasks.values()}.keys() == tasks.keys()


def test_layout_does_not_change_a_fingerprint_and_the_tree_always_does():
    # (The huge literal is left out: ast.unparse and ast.dump cannot print it in decimal.)
    programs = [p for p in _corpus() if _parses(p) and "F" * 100 not in p]
    by_key: dict[bytes, str] = {}
    for program in programs:
        # Re-laid out by ast.unparse (spacing, parentheses, quotes, comments gone): same program.
        assert program_fingerprint(ast.unparse(ast.parse(program))) == program_fingerprint(program)
        tree = ast.dump(ast.parse(program))
        assert by_key.setdefault(fingerprint.program_key(program), tree) == tree  # equal keys: equal trees
    trees = {ast.dump(ast.parse(p)) for p in programs}
    assert len(set(by_key)) == len(trees)  # and distinct trees: distinct keys


def test_text_that_does_not_parse_still_gets_an_id():
    assert program_fingerprint("def (") != program_fingerprint("def ((")
    assert Task(TaskType.DEDUCTION, "def (", "1", "1").task_id  # no exception


def _parses(program: str) -> bool:
    try:
        ast.parse(program)
        return True
    except SyntaxError:
        return False


def _interpreters() -> dict[str, str]:
    """Other supported Pythons installed here: version -> executable."""
    found = {}
    for version in SUPPORTED:
        if version == f"{sys.version_info.major}.{sys.version_info.minor}":
            continue
        candidates = [shutil.which(f"python{version}")] + sorted(glob.glob(f"/root/.pyenv/versions/{version}*/bin/python"))
        for candidate in filter(None, candidates):
            try:
                out = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                     capture_output=True, text=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if out.returncode == 0 and out.stdout.strip() == version:
                found[version] = candidate
                break
    return found


_OTHER = r"""
import hashlib, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("fingerprint", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps([hashlib.sha256(module.program_key(p)).hexdigest() for p in json.load(sys.stdin)]))
"""


@pytest.mark.parametrize("version", [v for v in SUPPORTED])
def test_every_supported_python_gives_the_same_fingerprints(version):
    if version == f"{sys.version_info.major}.{sys.version_info.minor}":
        pytest.skip("this interpreter: the reference")
    interpreter = _interpreters().get(version)
    if interpreter is None:
        pytest.skip(f"Python {version} is not installed here")
    programs = _corpus()
    # fingerprint.py is standard library only: the other interpreter loads it alone.
    done = subprocess.run([interpreter, "-c", _OTHER, fingerprint.__file__], input=json.dumps(programs),
                          capture_output=True, text=True, timeout=300, check=True)
    theirs = json.loads(done.stdout)
    ours = [hashlib.sha256(fingerprint.program_key(p)).hexdigest() for p in programs]
    # Syntax newer than one of the two versions parses on one side only: no such program here.
    different = [programs[i][:60] for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    assert not different, different
