"""Plain CPython as the reference: run programs one by one, each in a forked child, and report
what ``f`` returned. A helper process of ``executor_acceptance.py``, never imported by it.

    PYTHONHASHSEED=1 PYTHONPATH=<repo> python benchmarks/_plain_runner.py --timeout 3 --memory-mb 2048

Reads one JSON job per line on stdin, ``{"key", "program", "inputs", "calls"}``, and writes one
JSON result per line on stdout, in the order the jobs finish (the same order: one at a time):
``{"key", "status", "digests", "canonical", "azr_view", "error"}``. ``status`` is ``ok``,
``error`` (the program raised), ``timeout`` or ``crash`` (the child died: memory, recursion in C).

Why a fork per program: each program gets a fresh interpreter state (no stdlib state left by the
previous one), a wall-clock limit the program cannot catch, and rlimits; the warm parent keeps the
cost near a millisecond. The child runs in an empty temporary directory, may not write files
(RLIMIT_FSIZE 0) and prints into /dev/null.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import select
import signal
import sys
import tempfile
import time

from azr_env.executor import canonical_repr

# Canonical texts longer than this travel as digests only (they are still compared exactly).
MAX_TEXT_CHARS = 20_000
# AZR's PythonExecutor.truncate: outputs longer than 400 characters keep 200 at each end.
AZR_TRUNCATE = 400


def _azr_view(value: object) -> str:
    text = repr(value).strip()
    half = AZR_TRUNCATE // 2
    return text if len(text) <= AZR_TRUNCATE else text[:half] + "..." + text[-half:]


def _child(job: dict, write_fd: int, cpu_seconds: int, memory_mb: int, workdir: str) -> None:
    """Runs in the forked child; never returns."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.chdir(workdir)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit raises instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        sys.setrecursionlimit(10_000)
        try:
            namespace = {"__name__": "__main__"}
            # dont_inherit: this file's own `from __future__ import annotations` must not turn the
            # program's annotations into strings (plain Python would not).
            exec(compile(job["program"], "<program>", "exec", dont_inherit=True), namespace)  # noqa: S102 -- the reference run
            call = compile("f(" + job["inputs"] + ")", "<inputs>", "eval", dont_inherit=True)
            texts, first = [], None
            for i in range(job["calls"]):
                value = eval(call, namespace)  # noqa: S307 -- the reference run
                if i == 0:
                    first = _azr_view(value)
                texts.append(canonical_repr(value))
            result = {
                "status": "ok",
                "digests": [hashlib.sha256(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts],
                "canonical": texts[0] if len(texts[0]) <= MAX_TEXT_CHARS else None,
                "azr_view": first,
            }
        except BaseException as exc:  # noqa: BLE001 -- whatever the program raised is its verdict
            detail = str(exc).splitlines()[0][:200] if str(exc) else ""
            result = {"status": "error", "error": f"{type(exc).__name__}: {detail}".rstrip(": ")}
        payload = json.dumps(result, ensure_ascii=True).encode()
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    finally:
        os._exit(0)


def run_one(job: dict, timeout: float, memory_mb: int, workdir: str) -> dict:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(job, write_fd, int(timeout) + 1, memory_mb, workdir)
    os.close(write_fd)
    chunks, deadline, timed_out = [], time.monotonic() + timeout, False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if ready:
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if timed_out:
        return {"status": "timeout", "error": f"over {timeout:g} s"}
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        return {"status": "crash", "error": f"child died ({how})"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args()
    out = sys.stdout
    with tempfile.TemporaryDirectory(prefix="plain-runner-") as workdir:
        for line in sys.stdin:
            if not line.strip():
                continue
            job = json.loads(line)
            result = run_one(job, args.timeout, args.memory_mb, workdir)
            result["key"] = job["key"]
            out.write(json.dumps(result, ensure_ascii=True) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
