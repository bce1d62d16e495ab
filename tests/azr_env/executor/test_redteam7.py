"""Red team 7 (after d5f8a0e): each test failed on d5f8a0e and passes on the commit that added this file."""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

HONEST = "def f(a):\n    return a * 2"

# --- 1. a MemoryError in the window's clean-up skips the quarantine -----------------------------------
# A chain of finalizers refills the namespace on each of the 8 clears, so the clean-up marks the
# task and would quarantine (module, namespace, builtins). Before it gets there it counts the heap
# with the window closed: len(gc.get_objects()) builds a list of every object tracked since the
# freeze (~3M small lists, kept in the namespace as `mem`), which does not fit in the 3 MB the
# program left free. That MemoryError is not caught by the clean-up's loop (only JobTimeout is):
# it leaves _run_job, the quarantine is never reached, and _run_pass's `except BaseException`
# frees the exception, its traceback, _run_job's frame, the module and the namespace, which still
# holds `mem` (freed first: memory to spare) and a D whose __del__ runs with the hook off.
def _levels(n):
    """L1 ... Ln: generators suspended in try/finally. Each one's finally, run when the clean-up
    clears the namespace, puts the next level, started, back into it; the last level puts back
    `mem` (the heap) and a D, whose __del__ is the gadget (a partial: no program function, so
    nothing left in the namespace refers back to it, and it is freed by its reference count)."""
    def body(k):
        pad = "    " * (2 * (k - 1))
        rows = [
            f"{pad}def L{k}(held=held, D=D):",
            f"{pad}    global keep, mem",
            f"{pad}    try:",
            f"{pad}        yield",
            f"{pad}    finally:",
        ]
        if k < n:
            rows += body(k + 1)
            rows += [f"{pad}        nxt = L{k + 1}()", f"{pad}        next(nxt)", f"{pad}        keep = nxt"]
        else:
            rows += [f"{pad}        mem = held", f"{pad}        keep = D()"]
        return rows
    return body(1)


MEMORY_IN_CLEANUP = '''
import typing, functools

class Box:
    g = getattr
    x: "g.__globals__['__builtins__']['__import__']('os')._exit(42)"

class D:
    __del__ = functools.partial(typing.get_type_hints, Box)

held = []
''' + "\n".join(_levels(8)) + '''

def f(a):
    global keep
    held.append([[] for _ in range(3_000_000)])
    pads = []
    try:
        while True:
            pads.append(bytearray(1 << 20))
    except MemoryError:
        pass
    del pads[-3:]
    held.append(pads)
    first = L1()
    next(first)
    keep = first
    return a
'''


def test_memory_error_in_cleanup_does_not_skip_quarantine():
    with Executor(workers=1, timeout=10.0, memory_mb=512) as ex:
        result = ex.run(MEMORY_IN_CLEANUP, "1")
        assert "exit code 42" not in (result.error or ""), result
        assert ex.run(HONEST, "21").output == "42"
