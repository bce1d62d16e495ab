"""What plain CPython answers for (program, inputs) jobs: the reference the red-team tests hold the
executor's answers to, for the programs it must accept."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

_PLAIN = r"""
import contextlib, io, json, sys
sys.path.insert(0, sys.argv[1])
from azr_env.executor.verify import canonical_repr
calls = int(sys.argv[2])
out = []
for program, inputs in json.load(sys.stdin):
    namespace = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(program, "<p>", "exec"), namespace)
            out.append([canonical_repr(eval("f(" + inputs + ")", namespace)) for _ in range(calls)])
    except BaseException as exc:
        out.append(["raised " + type(exc).__name__])
sys.__stdout__.write(json.dumps(out))
"""


def plain_python(jobs, seed, calls):
    env = {"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", _PLAIN, str(REPO), str(calls)],
                          input=json.dumps(jobs), capture_output=True, text=True, timeout=120, check=True, env=env)
    return json.loads(done.stdout)


def plain_outputs(jobs):
    """Each job's output in plain Python, or None where plain Python disagrees with itself (three hash
    seeds, the second calling ``f`` twice in one namespace, as validation does) or raises."""
    runs = [plain_python(jobs, 1, 1), plain_python(jobs, 2, 2), plain_python(jobs, 3, 1)]
    outputs = []
    for per_seed in zip(*runs):
        seen = {text for texts in per_seed for text in texts}
        only = next(iter(seen))
        outputs.append(only if len(seen) == 1 and not only.startswith("raised ") else None)
    return outputs
