"""Red team 10 (after 57fc72d): each test failed on 57fc72d and passes since the commit that added this file."""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor

# --- 1. malloc's state is history: large objects' addresses ----------------------------------------
# Objects over 512 bytes bypass pymalloc; glibc serves them from its heap or, above the dynamic mmap
# threshold, from a fresh mapping (address = page + 16). Freeing a mapped chunk raises the
# threshold for the whole process, so a task that once freed a 2 MB object makes every later 1 MB
# object in that runner come from the heap instead. Validation's padding is pymalloc objects only
# (bytes of 34..512 bytes, object()): it moves neither. A program that prints whether its big int
# was mapped (its bound method's default repr shows the int's address) agrees with itself in both
# validation processes and the perturbed run once both workers ran a big task, and is accepted
# with an output a fresh worker does not give.
MAPPED = '''
def f(n):
    x = 1 << n
    return int(repr(x.bit_length).split(' at ')[1][:-1], 16) % 4096 == 16
'''
BIG = "def f(n):\n    x = 1 << n\n    return 0"


def test_a_validated_output_read_from_a_large_objects_address_is_what_a_fresh_worker_gives():
    with Executor(workers=1, timeout=5.0) as ex:
        fresh = ex.run(MAPPED, "8000000")  # 1 MB: mapped in a fresh runner
        assert fresh.status is ExecStatus.OK, fresh
        assert ex.validate(BIG, "16000000").ok  # 2 MB, in both validation processes
        v = ex.validate(MAPPED, "8000000")
        # On 57fc72d: ok, 'False' (heap) where the fresh runner gave 'True' (mapped).
        assert v.status is not ExecStatus.OK or v.output == fresh.output, (v, fresh)


# --- 2. unawaited-coroutine warnings fill the worker's own __warningregistry__ ---------------------
# A coroutine never awaited warns when it is freed, with stacklevel=2: the frame that freed it.
# The program's coroutines held in its module namespace are freed by the window's clean-up
# (_clear_until_empty, a frame of _worker.py), so the warnings module records
# ("coroutine '<qualname>' was never awaited", RuntimeWarning, lineno) in _worker.py's globals'
# __warningregistry__ (the "default" action remembers each warning it showed). The program picks
# the qualname (any length), nothing clears the registry, and nothing of it is the program's
# object, so the runner does not retire: a later honest task runs out of memory.
WARNINGS = '''
pad = 'q' * 1_000_000
def make(i):
    async def g():
        pass
    g.__qualname__ = pad + str(i)
    return g()
held = [make(i) for i in range(150)]
def f(a):
    return a
'''
ALLOCATES = "def f(n):\n    return len(bytes(n))"


def test_unawaited_coroutine_warnings_leave_nothing_in_the_runner():
    with Executor(workers=1, timeout=5.0, memory_mb=512) as ex:
        need = str(400 << 20)
        assert ex.run(ALLOCATES, need).output == need
        assert ex.run(WARNINGS, "1").ok
        later = ex.run(ALLOCATES, need)
        # On 57fc72d: memory, "ran out of memory" (150 MB of warning texts stay in the runner).
        assert later.ok and later.output == need, later
