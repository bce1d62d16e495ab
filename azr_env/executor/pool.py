"""Process layer: a pool of persistent sandbox workers, fed in batches over pipes.

Each worker has its own PYTHONHASHSEED, so the same job sent to two workers exposes code whose
result depends on string hashing. The parent streams jobs in chunks (one write per chunk), the
worker answers one frame per job, and the parent watches the time since each worker's last
answer: a worker silent for longer than ``timeout + grace`` is killed and replaced, the job it was
on is reported as a timeout, and the jobs queued behind it are re-sent to the replacement.

The parent treats every byte from a worker as hostile: answers are JSON (never pickle), sizes
are capped, and a malformed answer gets the worker killed.
"""
from __future__ import annotations

import fcntl
import json
import mmap
import marshal
import os
import select
import signal
import struct
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

WORKER_SCRIPT = str(Path(__file__).with_name("_worker.py"))
_STATUSES = frozenset({"ok", "error", "timeout", "memory", "forbidden", "output_too_large"})
_MAX_ERROR_CHARS = 1000
_STARTUP_SECONDS = 60.0
_MAX_CHUNK = 64
_MIN_CHUNK = 8
_PIPE_BYTES = 1 << 20
_NO_JOB = struct.Struct("<q")
_QUEUE_TARGET = 16  # jobs queued per worker before the parent stops compiling to do I/O


@dataclass(frozen=True)
class Job:
    program: bytes  # marshalled code of the screened program
    inputs: bytes  # marshalled code that builds (args, kwargs)
    n_calls: int
    worker: int  # index of the worker that must run it (validation spreads runs over hash seeds)


@dataclass
class RawResult:
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
    inbuf: bytearray = field(default_factory=bytearray)
    outbuf: deque = field(default_factory=deque)  # memoryviews still to write, oldest first
    inflight: deque = field(default_factory=deque)  # job indices sent and not yet answered
    pending: deque = field(default_factory=deque)  # job indices queued, not yet sent
    last_progress: float = 0.0
    killed_for_time: bool = False
    slot: mmap.mmap | None = None  # shared page where the worker writes its current job id
    barren_deaths: int = 0  # deaths in a row with no job to blame (a broken machine, not a program)

    @property
    def req(self) -> int:
        return self.proc.stdin.fileno()

    @property
    def resp(self) -> int:
        return self.proc.stdout.fileno()


class WorkerPool:
    """``size`` sandbox processes with distinct hash seeds; ``execute`` runs a list of jobs."""

    def __init__(self, size: int, *, timeout: float, memory_mb: int, allowed_modules, absent_builtins,
                 forbidden_attributes, max_output_chars: int, max_stdout_chars: int, grace: float | None = None):
        self.timeout = float(timeout)
        # Margin for the worker's own SIGALRM to fire and the answer to cross the pipe.
        self.grace = grace if grace is not None else max(0.5, 0.25 * self.timeout)
        self.max_output_chars = max_output_chars
        self.max_stdout_chars = max_stdout_chars
        self._config = json.dumps(
            {
                "allowed_modules": sorted(allowed_modules),
                "absent_builtins": sorted(absent_builtins),
                "forbidden_attributes": sorted(forbidden_attributes),
                "memory_mb": int(memory_mb),
                "max_output_chars": int(max_output_chars),
                "max_stdout_chars": int(max_stdout_chars),
            }
        )
        self.workers: list[_Worker] = []
        self.restarts = 0
        try:
            for index in range(size):
                self.workers.append(self._spawn(index, seed=1 + 7919 * index))
            for worker in self.workers:
                self._wait_ready(worker)
        except BaseException:
            self.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------
    def _spawn(self, index: int, seed: int) -> _Worker:
        slot_fd = os.memfd_create("azr-slot", 0)
        os.ftruncate(slot_fd, 8)
        slot = mmap.mmap(slot_fd, 8)
        slot[:8] = _NO_JOB.pack(-1)
        config = json.dumps({**json.loads(self._config), "slot_fd": slot_fd})
        proc = subprocess.Popen(
            [sys.executable, "-s", "-B", WORKER_SCRIPT, config],
            pass_fds=(slot_fd,),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Only the hash seed: no secrets, tokens or paths from the parent's environment.
            env={"PYTHONHASHSEED": str(seed), "PATH": os.defpath},
            close_fds=True,
            start_new_session=True,
            cwd="/",
        )
        os.close(slot_fd)
        for fd in (proc.stdin.fileno(), proc.stdout.fileno()):
            os.set_blocking(fd, False)
            try:  # bigger pipes: fewer partial writes and wake-ups per batch (Linux only)
                fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
            except OSError:
                pass
        return _Worker(index=index, seed=seed, proc=proc, last_progress=time.monotonic(), slot=slot)

    def _wait_ready(self, worker: _Worker) -> None:
        deadline = time.monotonic() + _STARTUP_SECONDS
        while not worker.ready:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("sandbox worker did not start within 60 s")
            readable, _, _ = select.select([worker.resp], [], [], left)
            if readable and not self._read(worker, results=None, jobs=None):
                code = worker.proc.wait()
                raise RuntimeError(
                    f"sandbox worker exited during start-up (exit code {code}); is memory_mb too small?"
                )

    def _kill(self, worker: _Worker) -> int | None:
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
            return worker.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def _replace(self, worker: _Worker) -> _Worker:
        self.restarts += 1
        fresh = self._spawn(worker.index, worker.seed)
        fresh.pending = worker.pending
        self.workers[worker.index] = fresh
        return fresh

    def close(self) -> None:
        for worker in self.workers:
            self._kill(worker)
        self.workers = []

    # -- running -----------------------------------------------------------------------------
    def execute(self, jobs: Iterable[Job]) -> list[RawResult]:
        """Run ``jobs`` and return their results in order.

        ``jobs`` may be a lazy iterator: the parent screens and compiles programs while the
        workers already run the first ones, so neither core waits for the other.
        """
        source = iter(jobs)
        for worker in self.workers:  # job ids restart at 0 in every call; forget the last one
            if worker.slot is not None:
                worker.slot[:8] = _NO_JOB.pack(-1)
        exhausted = False
        job_list: list[Job] = []
        results: list[RawResult | None] = []
        remaining = 0
        try:
            while not exhausted or remaining:
                # Pull (and thereby compile) jobs until every worker has enough queued to stay busy.
                while not exhausted and any(len(w.pending) < _QUEUE_TARGET for w in self.workers):
                    job = next(source, None)
                    if job is None:
                        exhausted = True
                        break
                    self.workers[job.worker % len(self.workers)].pending.append(len(job_list))
                    job_list.append(job)
                    results.append(None)
                    remaining += 1
                if not remaining:
                    continue
                for worker in list(self.workers):
                    if worker.ready:
                        self._feed(worker, job_list, force=exhausted)
                remaining -= self._service(job_list, results, block=exhausted)
        except BaseException:
            # Interrupted mid-batch (Ctrl-C, or a job source that raised): answers still on
            # their way would be read as the next batch's. Replace every worker with work out.
            self._abandon_batch()
            raise
        return results  # type: ignore[return-value]

    def _abandon_batch(self) -> None:
        for worker in list(self.workers):
            worker.pending.clear()
            if worker.inflight or worker.outbuf:
                self._kill(worker)
                self._replace(worker)

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
                self._flush(worker, results)
        now = time.monotonic()
        for worker in list(self.workers):
            if (worker.inflight or not worker.ready) and now > self._deadline(worker):
                worker.killed_for_time = True
                self._kill(worker)
                settled += self._on_death(worker, results)
        return settled

    def _deadline(self, worker: _Worker) -> float:
        if not worker.ready:
            return worker.last_progress + _STARTUP_SECONDS
        return worker.last_progress + self.timeout + self.grace

    def _feed(self, worker: _Worker, jobs: list[Job], force: bool = True) -> None:
        # Two chunks in flight: the worker never waits for us, and a hang loses little progress.
        # While more jobs are still being compiled, wait for a few before writing (fewer syscalls),
        # unless the worker is idle.
        while worker.pending and len(worker.inflight) < 2 * self._chunk_size(worker):
            if not force and worker.inflight and len(worker.pending) < _MIN_CHUNK:
                break
            size = self._chunk_size(worker)
            batch = [worker.pending.popleft() for _ in range(min(size, len(worker.pending)))]
            payload = marshal.dumps(
                [(i, jobs[i].program, jobs[i].inputs, jobs[i].n_calls, self.timeout) for i in batch]
            )
            if not worker.inflight:
                worker.last_progress = time.monotonic()
            worker.inflight.extend(batch)
            worker.outbuf.append(memoryview(struct.pack(">I", len(payload)) + payload))
        if worker.outbuf:
            self._flush(worker, None)

    def _chunk_size(self, worker: _Worker) -> int:
        return max(1, min(_MAX_CHUNK, (len(worker.pending) + len(worker.inflight)) // 4 + 1))

    def _flush(self, worker: _Worker, results) -> None:
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
        """Drain the worker's pipe; False on EOF or a malformed answer (worker is then dead)."""
        try:
            chunk = os.read(worker.resp, 1 << 20)
        except BlockingIOError:
            return True
        except OSError:
            chunk = b""
        if not chunk:
            return False
        worker.inbuf += chunk
        while len(worker.inbuf) >= 4:
            (length,) = struct.unpack(">I", worker.inbuf[:4])
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
        calls = 2
        if jobs and worker.inflight:
            calls = jobs[worker.inflight[0]].n_calls
        # JSON escapes can grow text sixfold (\uXXXX).
        return 6 * (calls * self.max_output_chars + self.max_stdout_chars + _MAX_ERROR_CHARS) + 4096

    def _accept(self, worker: _Worker, payload: bytes, results, jobs) -> bool:
        try:
            message = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            return False
        if not worker.ready:
            worker.ready = isinstance(message, list) and message[:1] == ["ready"]
            worker.last_progress = time.monotonic()
            return worker.ready
        if not isinstance(message, list) or not message:
            return False
        for answer in message:
            if not self._accept_one(worker, answer, results, jobs):
                return False
        worker.last_progress = time.monotonic()
        return True

    def _accept_one(self, worker: _Worker, answer, results, jobs) -> bool:
        if not (isinstance(answer, list) and len(answer) == 6 and worker.inflight):
            return False
        job_id, status, outputs, error, stdout, literal = answer
        if job_id != worker.inflight[0] or status not in _STATUSES:
            return False
        if status == "ok":
            if not (isinstance(outputs, list) and len(outputs) == jobs[job_id].n_calls
                    and all(isinstance(o, str) and len(o) <= self.max_output_chars for o in outputs)):
                return False
            error = None
        else:
            outputs = None
            error = str(error)[:_MAX_ERROR_CHARS] if error is not None else status
        if not isinstance(stdout, str) or not isinstance(literal, bool):
            return False
        worker.inflight.popleft()
        results[job_id] = RawResult(status, outputs, error, stdout[: self.max_stdout_chars], literal and status == "ok")
        return True

    def _on_death(self, worker: _Worker, results) -> int:
        """Report the job the worker died on, re-queue the rest on a fresh worker. Returns 1 or 0."""
        code = self._kill(worker)
        settled = 0
        if worker.inflight:
            # Answers are sent per chunk, so jobs before the fatal one may be unanswered too: the
            # slot names the job that was running; the others simply run again on the new worker.
            inflight = list(worker.inflight)
            current = _NO_JOB.unpack(worker.slot[:8])[0] if worker.slot is not None else -1
            if current not in inflight and not worker.killed_for_time and worker.barren_deaths < 2:
                # Died between jobs (killed from outside, say): nothing to blame, run them again.
                worker.pending.extendleft(reversed(inflight))
                worker.inflight.clear()
                fresh = self._replace(worker)
                fresh.barren_deaths = worker.barren_deaths + 1
                self._wait_ready(fresh)
                return 0
            fatal = inflight.index(current) if current in inflight else 0
            job_id = inflight.pop(fatal)
            if worker.killed_for_time or code == -signal.SIGXCPU:
                raw = RawResult("timeout", None, f"exceeded the {self.timeout:g} s time limit (worker killed)", "")
            elif code == -signal.SIGKILL:
                raw = RawResult("memory", None, "worker was killed, most likely out of memory", "")
            else:
                raw = RawResult("error", None, f"the program ended the worker process (exit code {code})", "")
            results[job_id] = raw
            settled = 1
            worker.pending.extendleft(reversed(inflight))
            worker.inflight.clear()
        fresh = self._replace(worker)
        self._wait_ready(fresh)
        return settled
