"""The executor accepts idiomatic Python with the output plain Python gives.

Refusing ordinary code is a wrong reward, not a safe one: a proposer that writes a class with a
``__repr__``, a ``match`` statement or a namedtuple ``_replace`` must see its program validated
with the value that CPython computes. Every program of ``benign_corpus.CORPUS`` is run here in
plain Python (in a subprocess, under two hash seeds, the second calling ``f`` twice), and the
executor must accept each one with the same canonical output. The default run checks a fixed half
of the corpus (every other entry); ``pytest -m slow`` checks all of it.

The run ends with a summary line (acceptance rate) and every refusal with its reason.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from azr_env.executor import ExecStatus, Executor

from .benign_corpus import CORPUS

REPO = Path(__file__).resolve().parents[3]
NAMES = [name for name, _, _ in CORPUS]
# The default run checks every other program (a fixed half, spread over every hunt's file), the
# slow run the rest too: the whole corpus took some 125 of the default run's 580 seconds.
IN_THE_DEFAULT_RUN = frozenset(NAMES[::2])
_TEST_NAME = "test_executor_accepts_with_plain_python_output"
PLAIN_TIMEOUT_S = 300  # the whole corpus in one process: about a minute on 2 quiet cores

# Runs in a fresh interpreter. Each program gets its own module, a script's ``__main__`` in
# ``sys.modules`` (library code finds it there: typing evaluates a dataclass's string annotation
# in it), and the decimal context a fresh process starts with (an entry that sets
# ``getcontext().prec`` changed what every later entry's Decimal arithmetic gave here, not in a
# process of its own); what it prints is kept off the channel that carries the results.
_PLAIN_RUNNER = r"""
import contextlib, decimal, io, json, sys, types
from azr_env.executor import canonical_repr

jobs = json.load(sys.stdin)
results = []
for program, inputs, calls in jobs:
    sink = io.StringIO()
    decimal.setcontext(decimal.Context())
    try:
        with contextlib.redirect_stdout(sink):
            module = sys.modules["__main__"] = types.ModuleType("__main__")
            namespace = module.__dict__
            exec(compile(program, "<corpus>", "exec"), namespace)
            outputs = [canonical_repr(eval("f(" + inputs + ")", namespace)) for _ in range(calls)]
        results.append({"outputs": outputs})
    except BaseException as exc:
        results.append({"error": f"{type(exc).__name__}: {exc}"})
sys.__stdout__.write(json.dumps(results))
"""


def _start_plain(hash_seed: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed), PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", _PLAIN_RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _selected(request) -> list[tuple[str, str, str]]:
    """The corpus entries this pytest run checks (the half in the default run, or all of them)."""
    names = {item.callspec.params["name"] for item in request.session.items
             if getattr(item, "originalname", None) == _TEST_NAME and hasattr(item, "callspec")}
    return [entry for entry in CORPUS if entry[0] in names] or [entry for entry in CORPUS if entry[0] in IN_THE_DEFAULT_RUN]


def _results(process: subprocess.Popen, calls: int, entries) -> list[dict]:
    jobs = json.dumps([(program, inputs, calls) for _, program, inputs in entries])
    try:
        out, err = process.communicate(jobs, timeout=PLAIN_TIMEOUT_S)
    finally:
        process.kill()
    assert process.returncode == 0, f"the plain runner failed: {err[-2000:]}"
    return json.loads(out)


@pytest.fixture(scope="module")
def plain_outputs(request) -> dict[str, str | None]:
    """Each program's canonical output in plain Python, or None where plain Python disagrees
    with itself or raises (the corpus entry is then broken, not the executor). The two plain
    runs go side by side, one per core."""
    entries = _selected(request)
    with ThreadPoolExecutor(max_workers=2) as threads:
        first = threads.submit(_results, _start_plain(hash_seed=1), 1, entries)
        second = threads.submit(_results, _start_plain(hash_seed=2), 2, entries)
        first_runs, second_runs = first.result(), second.result()
    outputs: dict[str, str | None] = {}
    for (name, _, _), a, b in zip(entries, first_runs, second_runs):
        runs = a.get("outputs", []) + b.get("outputs", [])
        outputs[name] = runs[0] if len(runs) == 3 and len(set(runs)) == 1 else None
    return outputs


class _AcceptanceReport:
    """Prints the corpus acceptance rate and every refusal at the end of the pytest run."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.section("benign corpus acceptance")
        for line in self.lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def executor_results(request, plain_outputs):
    entries = [entry for entry in CORPUS if entry[0] in plain_outputs]
    names = [name for name, _, _ in entries]
    with Executor(workers=2) as ex:
        results = dict(zip(names, ex.validate_batch([(program, inputs) for _, program, inputs in entries])))
    accepted = [n for n in names if results[n].ok and results[n].output == plain_outputs[n]]
    lines = [f"accepted with plain Python's output: {len(accepted)}/{len(names)} ({100 * len(accepted) / len(names):.1f}%)"
             + ("" if len(names) == len(NAMES) else f" (the default run's half of {len(NAMES)}; all: -m slow)")]
    for name in names:
        result = results[name]
        if not result.ok:
            lines.append(f"  refused  {name}: {result.status}: {result.error}")
        elif result.output != plain_outputs[name]:
            lines.append(f"  differs  {name}: executor {result.output!r:.80} vs plain {plain_outputs[name]!r:.80}")
    request.config.pluginmanager.register(_AcceptanceReport(lines), "benign-corpus-acceptance-report")
    return results


def test_corpus_is_large_and_deterministic_in_plain_python(plain_outputs):
    assert len(CORPUS) >= 150
    broken = [name for name, output in plain_outputs.items() if output is None]
    assert broken == [], "corpus entries that fail or disagree in plain Python"


@pytest.mark.parametrize("name", [name if name in IN_THE_DEFAULT_RUN else pytest.param(name, marks=pytest.mark.slow)
                                  for name in NAMES])
def test_executor_accepts_with_plain_python_output(name, plain_outputs, executor_results):
    expected = plain_outputs[name]
    if expected is None:
        pytest.fail(f"{name} does not run deterministically in plain Python; fix the corpus entry")
    result = executor_results[name]
    assert result.status is ExecStatus.OK, f"refused: {result.status}: {result.error}"
    assert result.output == expected
