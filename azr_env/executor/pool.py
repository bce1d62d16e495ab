"""Process layer: a pool of sandbox worker trees, fed in batches over pipes.

Each worker slot is a zygote process (``_worker.py``) with its own random PYTHONHASHSEED, so the
same job sent to two slots exposes code whose result depends on string hashing. The zygote runs no
program code itself: it forks a runner for programs without stateful imports and a one-shot child
for each job of the others, enforces each job's time limit, blames the job a dead process was
running, and replaces the process.

The parent streams jobs in chunks (one write per chunk) and reads answers as they come, in any
order. It treats every byte from a worker as hostile: answers are JSON (never pickle), sizes are
capped, an answer for a job the worker was not given gets the whole tree killed. As a backstop, a
slot silent for well past every job's deadline is killed and its jobs run again elsewhere.
"""
from __future__ import annotations

import fcntl
import json
import marshal
import os
import secrets
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.machinery import SourceFileLoader
from pathlib import Path
from typing import NamedTuple

from .handle import WhileWaiting, step_while_waiting

WORKER_SCRIPT = str(Path(__file__).with_name("_worker.py"))
# The worker's own files: the script and the siblings it loads (``_load`` in _worker.py).
_WORKER_FILES = ("_worker", "_guards", "_confine", "_setorder", "_setconst", "_idhash", "_reprs")
# How a worker starts: as ``python _worker.py CONFIG`` would run it, from the code of its files
# that the parent hands over in a sealed memory file (see worker_code_fd): a script is compiled from
# source at every start (Python keeps no bytecode for a script, and -B writes none for the files it
# imports), some 80 ms of a worker's 320 ms start-up alone, and the test suite starts some 900. Where no
# code comes (fd -1), or none for a file, the file is compiled as before.
_WORKER_BOOT = (
    "import sys, os, builtins, marshal; from importlib.machinery import SourceFileLoader\n"
    "path, fd = sys.argv.pop(1), int(sys.argv.pop(1)); sys.argv[0] = path; sys.path[0] = os.path.dirname(path)\n"
    "codes = {}\n"
    "if fd >= 0:\n"
    "    try: codes = marshal.loads(os.pread(fd, os.fstat(fd).st_size, 0))\n"
    "    except Exception: pass\n"
    "    os.close(fd)\n"
    "    if type(codes) is not dict: codes = {}\n"
    "code = codes.pop(path, None)\n"
    "if type(code) is not type(compile('', '', 'exec')): code = SourceFileLoader('__main__', path).get_code('__main__')\n"
    "exec(code, {'__name__': '__main__', '__file__': path, '__builtins__': builtins, '__doc__': None,\n"
    "            '__cached__': None, '__precompiled__': codes})\n")
_CODE_LOCK = threading.Lock()
# {"stamp": the files' (path, mtime, size), "fd": the memory file, "identity": its (device, inode)}
_CODE_FD: dict = {}


def worker_code_fd() -> int:
    """A sealed memory file holding ``marshal.dumps({path: code})`` of the worker's files, made
    once per process (again where a file changed since), or -1 where none can be made: the worker
    then compiles its files itself. The code is the import system's (``SourceFileLoader``: from
    bytecode where it is up to date, compiled otherwise); sealed, no worker can change what the
    next one runs. Not under -O, whose code (asserts gone) is not what the worker would run."""
    if sys.flags.optimize or not hasattr(os, "memfd_create"):
        return -1
    paths = [os.path.abspath(Path(__file__).with_name(name + ".py")) for name in _WORKER_FILES]
    with _CODE_LOCK:
        try:
            stamp = tuple((path, info.st_mtime_ns, info.st_size) for path, info in zip(paths, map(os.stat, paths)))
            if _CODE_FD.get("stamp") != stamp or not _still_ours(_CODE_FD):
                codes = {path: SourceFileLoader(os.path.basename(path), path).get_code(None) for path in paths}
                # (The file made before stays open: a pool in another thread may be passing it to a
                # worker it is starting. One file per edit of the executor's source, in all.)
                fd = _sealed_memory_file(marshal.dumps(codes))
                info = os.fstat(fd)
                _CODE_FD.update(stamp=stamp, fd=fd, identity=(info.st_dev, info.st_ino))
        except (OSError, ImportError, SyntaxError, ValueError):
            return -1  # (the worker compiles, and reports what fails)
        return _CODE_FD["fd"]


def _still_ours(made: dict) -> bool:
    """Is ``made["fd"]`` still the memory file made for it? Code in this process may have closed
    the number, and an unrelated file may have it now: it would be handed to a worker and read as
    code (every worker failed to start, red team 33F)."""
    try:
        info = os.fstat(made["fd"])
        seals = fcntl.fcntl(made["fd"], fcntl.F_GET_SEALS)
    except (KeyError, OSError):
        return False
    return (info.st_dev, info.st_ino) == made["identity"] and seals == _SEALS


# (Linux's; elsewhere no memory file is made, and the names may be missing)
_SEALS = sum(getattr(fcntl, name, 0) for name in ("F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE"))


def _sealed_memory_file(data: bytes) -> int:
    fd = os.memfd_create("azr-worker-code", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, _SEALS)
    except BaseException:
        os.close(fd)
        raise
    return fd


_STATUSES = frozenset({"ok", "error", "timeout", "memory", "forbidden", "output_too_large"})
_MAX_ERROR_CHARS = 1000
_STARTUP_SECONDS = 60.0
# Jobs per frame to a worker. Each frame wakes the zygote and its runner, and each answer frame
# wakes the zygote and the parent; on a 2-core VM a wake-up costs a process some 20-30 us of CPU,
# more than the work it brings. Chunks of 24 to 96 jobs (instead of 8 to 64) cut the CPU per
# validation of every process by 3-12% (benchmarks/README.md, section 1). Those sizes are a busy
# worker's; an idle one is sent what is queued for it at once (8-13 jobs in a cold CRUXEval batch),
# since holding it for a bigger frame saved the workers 7% of their CPU but made the batch slower:
# the parent is the longer path, and the runners started later (twenty-third session).
_MAX_CHUNK = 96
_MIN_CHUNK = 24
_PIPE_BYTES = 1 << 20
# Bytes of code and arguments per frame: the zygote reads frames of at most 64 MiB (FRAME_LIMIT in
# _worker.py) and died on a larger one. Two programs of some 40 MB of folded constants each, sent
# to one worker in one chunk, killed it and its replacement, and the pool then blamed a harmless
# job in flight (the twenty-seventh session's red team W). A chunk stops before this, holding one
# job at least (no program compiles to more: 100,000 characters fold to some 45 MB at most).
_FRAME_BYTES = 48 << 20
_QUEUE_TARGET = 64  # jobs queued per worker before the parent stops compiling to do I/O
# Jobs compiled between two rounds of I/O: a worker that finished its chunk waits at most that
# long for the next one (deep queues alone let it starve while the parent compiled on).
_PULL_BURST = 16
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# Beyond a job's own deadline and the zygote's grace: forking a replacement runner, the pipes.
_BACKSTOP_SECONDS = 5.0
# Job time limits count CPU time (the worker's alarm, the zygote's clock reads); a job's wall
# time may run to this many times its CPU limit before the zygote gives up on it (a process that
# shares its core gets only a part of it: six running programs on two cores, a third).
WALL_PER_CPU_SECOND = 4.0
_REASONS_KEPT = 20  # the last restarts whose reasons Executor.restart_reasons reports


# Validation's perturbed runs call ``f`` this many times in one namespace (state kept across calls
# shows), each call with the whole time limit.
PERTURBED_CALLS = 2


class Job(NamedTuple):
    """One run of one program, as the parent queues it (a tuple: two are made per validation, and
    a frozen dataclass's constructor cost the parent more than the rest of the queueing)."""

    program: bytes  # marshalled code of the screened program
    inputs: bytes  # tagged payload: literal values or code that builds them
    n_calls: int
    worker: int  # index of the worker that must run it (validation spreads runs over hash seeds)
    isolated: bool = False  # run in a process of its own (the program imports modules with state)
    imports: tuple[str, ...] = ()
    # Validation's first run (one call, its output the one reported): where it saw an order a
    # seed decides, more runs under other orders follow in its own process, and the first that
    # disagrees comes back as a second output (see _worker.run_job).
    checked: bool = False


class RawResult(NamedTuple):
    """One job's answer as the parent checked it (a tuple, made twice per validation)."""

    status: str
    outputs: list[str] | None
    error: str | None
    stdout: str
    literal: bool = False  # the worker saw plain data behind every output (False: not known)


@dataclass
class _Worker:
    index: int
    seed: int
    proc: subprocess.Popen
    ready: bool = False
    report: dict = field(default_factory=dict)
    inbuf: bytearray = field(default_factory=bytearray)
    outbuf: deque = field(default_factory=deque)  # memoryviews still to write, oldest first
    inflight: dict = field(default_factory=dict)  # job index -> None, in the order sent
    pending: deque = field(default_factory=deque)  # job indices queued, not yet sent
    last_progress: float = 0.0
    barren_deaths: int = 0  # deaths in a row with no job to blame (a broken machine, not a program)
    start_error: str = ""  # why the worker could not get ready, in its own words

    @property
    def req(self) -> int:
        return self.proc.stdin.fileno()

    @property
    def resp(self) -> int:
        return self.proc.stdout.fileno()


class WorkerPool:
    """``size`` sandbox worker trees with distinct random hash seeds; ``execute`` runs jobs."""

    def __init__(self, size: int, *, timeout: float, config: dict, grace: float | None = None):
        self.timeout = float(timeout)
        self._frame_calls = 2  # the most calls of a job in the batch running (caps answer frames)
        self.grace = grace if grace is not None else max(0.5, 0.25 * self.timeout)
        self.max_output_chars = int(config["max_output_chars"])
        self.max_stdout_chars = int(config["max_stdout_chars"])
        self._config = dict(config)
        self._read_buffer = bytearray(1 << 20)
        self._read_view = memoryview(self._read_buffer)
        # Drawn per pool, never fixed or published: a program cannot pick strings whose set order
        # happens to agree under both seeds.
        seeds: set[int] = set()
        while len(seeds) < size:
            seeds.add(1 + secrets.randbelow(2**32 - 2))
        self._seeds = sorted(seeds, key=lambda _: secrets.randbits(16))
        self.workers: list[_Worker] = []
        self.restarts = 0
        # Why, for the last few: a worker's zygote says why it replaced its runner; a worker the
        # pool replaced itself is said so.
        self.restart_reasons: deque[str] = deque(maxlen=_REASONS_KEPT)
        try:
            for index in range(size):
                self.workers.append(self._spawn(index, self._seeds[index]))
            for worker in self.workers:
                self._wait_ready(worker)
        except BaseException:
            self.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------
    def _spawn(self, index: int, seed: int) -> _Worker:
        code_fd = worker_code_fd()
        proc = subprocess.Popen(
            [sys.executable, "-s", "-B", "-c", _WORKER_BOOT, os.path.abspath(WORKER_SCRIPT), str(code_fd),
             json.dumps(worker_config(self._config, index, len(self._seeds)))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Only the hash seed (and one thread for numeric libraries, whose reductions then add up
            # in one order): no secrets, tokens or paths from the parent's environment.
            env={"PYTHONHASHSEED": str(seed), "PATH": os.defpath, **_ONE_THREAD},
            close_fds=True,
            pass_fds=(code_fd,) if code_fd >= 0 else (),
            start_new_session=True,  # its own process group: one kill ends the zygote and its children
            cwd="/",
        )
        for fd in (proc.stdin.fileno(), proc.stdout.fileno()):
            os.set_blocking(fd, False)
            try:  # bigger pipes: fewer partial writes and wake-ups per batch (Linux only)
                fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
            except OSError:
                pass
        return _Worker(index=index, seed=seed, proc=proc, last_progress=time.monotonic())

    def _wait_ready(self, worker: _Worker) -> None:
        deadline = time.monotonic() + _STARTUP_SECONDS
        while not worker.ready:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("sandbox worker did not start within 60 s")
            readable, _, _ = select.select([worker.resp], [], [], left)
            if readable and not self._read(worker, results=None, jobs=None):
                code = worker.proc.wait()
                why = worker.start_error or "is memory_mb too small?"
                raise RuntimeError(f"sandbox worker exited during start-up (exit code {code}): {why}")

    def _kill(self, worker: _Worker) -> None:
        try:
            os.killpg(worker.proc.pid, signal.SIGKILL)
        except OSError:
            try:
                worker.proc.kill()
            except OSError:
                pass
        for stream in (worker.proc.stdin, worker.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            worker.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def _replace(self, worker: _Worker) -> _Worker:
        self.restarts += 1
        self.restart_reasons.append(f"worker {worker.index} replaced by the pool")
        fresh = self._spawn(worker.index, worker.seed)
        fresh.pending = worker.pending
        fresh.barren_deaths = worker.barren_deaths
        self.workers[worker.index] = fresh
        return fresh

    def close(self) -> None:
        for worker in self.workers:
            self._kill(worker)
        self.workers = []

    def forget(self) -> None:
        """In a process forked from the one that started the workers: let go of this process's
        copies of their pipes, signalling nothing (the workers are the parent's, still serving
        it: a child that used them read the parent's answers as its own, and its close() killed
        the parent's workers, red team 28W)."""
        for worker in self.workers:
            for stream in (worker.proc.stdin, worker.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        self.workers = []

    @property
    def report(self) -> dict:
        """What the first worker said it has active (see ``Executor.sandbox_report``)."""
        return dict(self.workers[0].report) if self.workers else {}

    # -- running -----------------------------------------------------------------------------
    def execute(self, jobs: Iterable[Job], while_waiting: WhileWaiting | None = None) -> list[RawResult]:
        """Run ``jobs`` and return their results in order.

        ``jobs`` may be a lazy iterator: the parent screens and compiles programs while the
        workers already run the first ones, so neither core waits for the other. Once every job
        is taken, the parent would only wait for answers: ``while_waiting`` (the caller's own work,
        a small piece a call) runs then, between polls, instead of a blocking wait.
        """
        source = iter(jobs)
        exhausted = False
        job_list: list[Job] = []
        results: list[RawResult | None] = []
        remaining = 0
        idle, idle_errors = while_waiting, []
        self._frame_calls = 1
        try:
            while not exhausted or remaining:
                # Pull (and thereby compile) jobs until every worker has enough queued to stay busy.
                short = sum(len(w.pending) < _QUEUE_TARGET for w in self.workers)
                burst = _PULL_BURST
                while short and burst and not exhausted:
                    burst -= 1
                    job = next(source, None)
                    if job is None:
                        exhausted = True
                        break
                    worker = self.workers[job.worker % len(self.workers)]
                    worker.pending.append(len(job_list))
                    job_list.append(job)
                    results.append(None)
                    remaining += 1
                    if job.n_calls > self._frame_calls:
                        self._frame_calls = job.n_calls
                    queued = len(worker.pending)
                    short -= queued == _QUEUE_TARGET
                    if queued >= _MIN_CHUNK and worker.ready and not worker.inflight:
                        break  # an idle worker has a chunk's worth: send it before compiling on
                if not remaining:
                    continue
                for worker in list(self.workers):
                    if worker.ready:
                        self._feed(worker, job_list, force=exhausted)
                # Block on the pipes when there is nothing to compile: every worker has a full
                # queue, or every job is taken and the caller gave no work for the wait.
                block = (idle is None) if exhausted else all(len(w.pending) >= _QUEUE_TARGET for w in self.workers)
                settled = self._service(job_list, results, block=block)
                remaining -= settled
                if exhausted and remaining and not settled:
                    idle = step_while_waiting(idle, idle_errors)
        except BaseException:
            # Interrupted mid-batch (Ctrl-C, or a job source that raised): answers still on
            # their way would be read as the next batch's. Replace every worker with work out.
            self._abandon_batch()
            raise
        if idle_errors:
            raise idle_errors[0]
        return results  # type: ignore[return-value]

    def _abandon_batch(self) -> None:
        for worker in list(self.workers):
            worker.pending.clear()
            if worker.inflight or worker.outbuf:
                self._kill(worker)
                fresh = self._replace(worker)
                self._wait_ready(fresh)

    def _service(self, jobs: list[Job], results: list, block: bool) -> int:
        """One round of pipe I/O and deadline checks; returns how many jobs were settled."""
        settled = 0
        now = time.monotonic()
        waits = [w for w in self.workers if w.inflight or not w.ready]
        if not waits and not any(w.outbuf for w in self.workers):
            return 0
        timeout = 0.0
        if block and waits:
            timeout = max(0.0, min(self._deadline(w) for w in waits) - now)
        readable, writable, _ = select.select(
            [w.resp for w in waits], [w.req for w in self.workers if w.outbuf], [], timeout
        )
        by_fd = {w.resp: w for w in self.workers}
        for fd in readable:
            worker = by_fd.get(fd)
            if worker is None or self.workers[worker.index] is not worker:
                continue  # replaced during this round (its fd number may be reused)
            before = len(worker.inflight)
            alive = self._read(worker, results, jobs)
            settled += before - len(worker.inflight)
            if not alive:
                settled += self._on_death(worker, results)
        req_fds = {w.req: w for w in self.workers}
        for fd in writable:
            worker = req_fds.get(fd)
            if worker is not None and self.workers[worker.index] is worker and worker.outbuf:
                self._flush(worker)
        now = time.monotonic()
        for worker in list(self.workers):
            if (worker.inflight or not worker.ready) and now > self._deadline(worker):
                self._kill(worker)
                settled += self._on_death(worker, results)
        return settled

    def _deadline(self, worker: _Worker) -> float:
        if not worker.ready:
            return worker.last_progress + _STARTUP_SECONDS
        # The zygote answers a hung job itself once it has spent timeout + grace of CPU time
        # (three times the timeout for a validation job, which runs the program in up to two
        # windows: its PERTURBED_CALLS calls, a timeout each, and the extra orders), or
        # WALL_PER_CPU_SECOND times that in wall time; this is the backstop.
        longest = (PERTURBED_CALLS + 1) * self.timeout
        return worker.last_progress + WALL_PER_CPU_SECOND * (longest + 2 * self.grace) + _BACKSTOP_SECONDS

    def _feed(self, worker: _Worker, jobs: list[Job], force: bool = True) -> None:
        # Two chunks in flight: the worker never waits for us, and a hang loses little progress.
        # While more jobs are still being compiled, wait for a few before writing (fewer syscalls),
        # unless the worker is idle.
        while worker.pending and len(worker.inflight) < 2 * self._chunk_size(worker):
            if not force and worker.inflight and len(worker.pending) < _MIN_CHUNK:
                break
            size = self._chunk_size(worker)
            batch, room = [], _FRAME_BYTES
            while worker.pending and len(batch) < size:
                job = jobs[worker.pending[0]]
                cost = len(job.program) + len(job.inputs) + 64
                if batch and cost > room:
                    break
                batch.append(worker.pending.popleft())
                room -= cost
            payload = marshal.dumps(
                [(i, jobs[i].program, jobs[i].inputs, jobs[i].n_calls, self.timeout, jobs[i].isolated,
                  jobs[i].imports, jobs[i].checked) for i in batch]
            )
            if not worker.inflight:
                worker.last_progress = time.monotonic()
            for i in batch:
                worker.inflight[i] = None
            worker.outbuf.append(memoryview(len(payload).to_bytes(4, "big") + payload))
        if worker.outbuf:
            self._flush(worker)

    def _chunk_size(self, worker: _Worker) -> int:
        return max(1, min(_MAX_CHUNK, (len(worker.pending) + len(worker.inflight)) // 2 + 1))

    def _flush(self, worker: _Worker) -> None:
        # Slicing memoryviews keeps a partial write O(1); a bytearray would memmove the rest.
        while worker.outbuf:
            head = worker.outbuf[0]
            try:
                written = os.write(worker.req, head)
            except BlockingIOError:
                return
            except OSError:
                return  # the worker died; its EOF on the response pipe is handled by the read path
            if written < len(head):
                worker.outbuf[0] = head[written:]
                return
            worker.outbuf.popleft()

    def _read(self, worker: _Worker, results, jobs) -> bool:
        """Drain the worker's pipe; False on EOF or a malformed answer (the worker is then dead)."""
        try:
            # Into a buffer kept for the pool's life: a fresh 1 MiB read result is over malloc's
            # mmap threshold, which cost an mmap, an mremap and an munmap on every read.
            size = os.readv(worker.resp, (self._read_buffer,))
        except BlockingIOError:
            return True
        except OSError:
            size = 0
        if not size:
            return False
        worker.inbuf += self._read_view[:size]
        while len(worker.inbuf) >= 4:
            length = int.from_bytes(worker.inbuf[:4], "big")
            if length > self._max_frame(jobs, worker):
                self._kill(worker)
                return False
            if len(worker.inbuf) < 4 + length:
                break
            payload = bytes(worker.inbuf[4 : 4 + length])
            del worker.inbuf[: 4 + length]
            if not self._accept(worker, payload, results, jobs):
                self._kill(worker)
                return False
        return True

    def _max_frame(self, jobs, worker) -> int:
        calls = max(2, self._frame_calls)  # the most calls of any job in this batch
        per_job = calls * self.max_output_chars + self.max_stdout_chars + _MAX_ERROR_CHARS
        # JSON escapes grow a character to 12 bytes at most (a surrogate pair, \ud83d\ude00); a
        # frame carries at most one chunk.
        return 12 * per_job * max(1, min(len(worker.inflight), _MAX_CHUNK)) + 65536

    def _accept(self, worker: _Worker, payload: bytes, results, jobs) -> bool:
        try:
            message = json.loads(payload)
        except Exception:  # noqa: BLE001 -- ValueError, RecursionError on deep nesting: a malformed answer
            return False
        if not isinstance(message, list) or not message:
            return False
        if not worker.ready:
            if message[0] == "start_failed" and len(message) == 2 and isinstance(message[1], str):
                worker.start_error = message[1][:500]  # (the worker exits next; the caller says why)
                return False
            if message[0] != "ready" or len(message) != 3 or not isinstance(message[2], dict):
                return False
            worker.ready = True
            worker.report = {str(k): str(v)[:300] for k, v in message[2].items()}
            worker.last_progress = time.monotonic()
            return True
        if message[0] == "restart":
            self.restarts += 1
            reason = message[1] if len(message) > 1 and isinstance(message[1], str) else "?"
            self.restart_reasons.append(f"worker {worker.index}: {reason[:200]}")
            worker.last_progress = time.monotonic()
            return True
        for answer in message:
            if not self._accept_one(worker, answer, results, jobs):
                return False
        worker.last_progress = time.monotonic()
        worker.barren_deaths = 0
        return True

    def _accept_one(self, worker: _Worker, answer, results, jobs) -> bool:
        if not (isinstance(answer, list) and len(answer) == 6):
            return False
        job_id, status, outputs, error, stdout, literal = answer
        if type(job_id) is not int or job_id not in worker.inflight or status not in _STATUSES:
            return False
        stdout = _joined_text(stdout)
        if status == "ok":
            job = jobs[job_id]
            if not (isinstance(outputs, list) and (len(outputs) == job.n_calls
                                                   or (job.checked and len(outputs) == job.n_calls + 1))):
                return False
            cap = self.max_output_chars
            outputs = [_joined_text(output) for output in outputs]
            for output in outputs:
                if not isinstance(output, str) or len(output) > cap:
                    return False
            error = None
        else:
            outputs = None
            error = str(_joined_text(error))[:_MAX_ERROR_CHARS] if error is not None else status
        if not isinstance(stdout, str) or not isinstance(literal, bool):
            return False
        del worker.inflight[job_id]
        results[job_id] = RawResult(status, outputs, error, stdout[: self.max_stdout_chars], literal and status == "ok")
        return True

    def _on_death(self, worker: _Worker, results) -> int:
        """A zygote died or went silent: run its jobs again on a fresh one. Returns jobs settled.

        The zygote runs no program code and answers hung jobs itself, so its death is the
        machine's trouble (killed from outside, out of memory), not a program's: nothing is
        blamed, unless it keeps dying with work out, when the oldest job is reported as an error.
        """
        self._kill(worker)
        settled = 0
        inflight = list(worker.inflight)
        worker.inflight.clear()
        if inflight and worker.barren_deaths >= 2:
            results[inflight.pop(0)] = RawResult("error", None, "the sandbox worker died repeatedly on this job", "")
            settled = 1
            worker.barren_deaths = -1
        worker.pending.extendleft(reversed(inflight))
        fresh = self._replace(worker)
        fresh.barren_deaths = worker.barren_deaths + 1 if inflight else 0
        self._wait_ready(fresh)
        return settled


def worker_config(config: dict, index: int, size: int) -> dict:
    """The configuration worker ``index`` of ``size`` starts with: the executor's, and its own band
    of memory headroom (see _headroom_band)."""
    return {**config, "headroom_band": _headroom_band(index, size), "wall_per_cpu_second": WALL_PER_CPU_SECOND}


def _headroom_band(index: int, size: int) -> list[int]:
    """[band, bands]: which part of the random reservation's range slot ``index`` draws from.

    Validation sends its runs of one program to consecutive slots (mod ``size``), so neighbours
    get different bands, with a gap between bands: the two runs then see headroom at least a
    sixth of the range apart (9 MiB at 512 MB), and an output that counts what fits before
    MemoryError always disagrees with itself. Drawn over one shared range, the two headrooms
    fell within one 64 KiB allocation of each other about once in 450 validations, and such an
    output validated (a clean-clone CI run failed so). Two bands alternate when ``size`` is even;
    an odd ring needs a third for its last slot."""
    if size % 2 == 0:
        return [index % 2, 2]
    return [2 if index == size - 1 else index % 2, 3]


def _joined_text(value):
    """A text field of a worker's answer: a JSON string, or a list of strings for a text with a
    lone surrogate (see _worker._json_text), joined back. Anything else is returned as it is,
    for the caller to refuse."""
    if type(value) is list and all(type(part) is str for part in value):
        return "".join(value)
    return value
