"""Execution on a Ray cluster: :class:`RayExecutor`, a pool of actors that each own an Executor.

AZR's reference code runs every execution on the head node through one worker; at 64 GPUs the
proposals and answers of a step outgrow one machine. ``RayExecutor`` keeps the
:class:`~azr_env.executor.Executor` API and spreads a batch over Ray actors:

- **Each actor owns a full multi-process** ``Executor`` built from the same settings, so every
  safety layer (static screen, rlimits, seccomp, audit hook, guarded builtins, a parent that
  trusts no worker) runs inside the actor exactly as it does locally. Ray is transport, not a
  sandbox: nothing here weakens or replaces a layer.
- **A determinism check never leaves its actor.** ``validate`` compares runs under different
  hash seeds; all runs of one program go to the same actor, whose Executor spreads them over its
  own worker processes.
- **Batches go out in chunks** (up to ``chunk_size`` pairs per actor call, up to
  ``max_in_flight`` calls queued per actor), so Ray's per-call cost is paid per chunk, not per job.
- **Actors are placed by a custom resource** (``resource``, default ``"azr_executor"``): start
  CPU nodes with ``ray start --address=HEAD --resources='{"azr_executor": 1}'`` and execution
  lives there, off the GPU nodes. One actor per unit of the resource by default.
- **A dead actor loses nothing.** A chunk whose actor died is sent again to another live actor
  (the dead one is replaced), at most ``max_chunk_retries`` times; results are placed by chunk
  index, so none is lost or duplicated. A chunk that kills every actor it lands on is reported
  job by job as ``error``, as the Executor reports a job that kills its worker.

Without a cluster, ``RayExecutor()`` starts a local Ray instance that offers the resource, so
the same code runs on a laptop:

>>> from azr_env.executor import RayExecutor            # doctest: +SKIP
>>> with RayExecutor(actors=1, workers=2) as ex:         # doctest: +SKIP
...     [r.status.value for r in ex.validate_batch([("def f(a):\\n    return a * 2", "21"),
...                                                  ("import os\\ndef f(a):\\n    return a", "0")])]
['ok', 'forbidden']

Pass it wherever an Executor goes: ``gym.make("AZR-Deduction-v0", executor=ex)``,
``gym.make_vec(..., executor=ex)``, the PettingZoo envs, ``azr serve --executor ray`` and the
trainer (``TrainConfig.executor_backend = "ray"``). Ray is imported when a RayExecutor is
built, never before.
"""
from __future__ import annotations

import itertools
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from typing import Any

# Only the package's public names: the executor's modules may be reorganised under us. This
# module is imported last by the package's __init__, when these names are already bound.
from azr_env.executor import DEFAULT_ALLOWED_MODULES, ExecResult, ExecStatus, Executor, ProgramVerdict, Verdict
from azr_env.executor.handle import ExecutorFace, WhileWaiting, step_while_waiting
from azr_env.executor.verify import plain_text, type_name

DEFAULT_RESOURCE = "azr_executor"
# Below this many pairs a chunk costs more in transport and per-batch setup than it buys in balance.
_MIN_CHUNK = 16


class _ExecutorActor:
    """What runs inside each Ray actor: a full Executor, driven through its public API."""

    def __init__(self, settings: dict[str, Any]):
        self.executor = Executor(**settings)

    def run_batch(self, pairs: list) -> list[ExecResult]:
        return self.executor.run_batch(pairs)

    def validate_batch(self, pairs: list) -> list[ExecResult]:
        return self.executor.validate_batch(pairs)

    def check_answers(self, predictions: list, programs: list) -> tuple[list[Verdict], list[ProgramVerdict]]:
        return self.executor.check_answers(predictions, programs)

    def restarts(self) -> int:
        return self.executor.restarts

    def where(self) -> dict[str, Any]:
        import ray

        return {"node_id": ray.get_runtime_context().get_node_id(), "pid": os.getpid()}

    def echo(self, payload: Any) -> int:
        # Transport probe for the scaling model: the cost of a chunk crossing to an actor and back.
        return len(payload)

    def close(self) -> None:
        self.executor.close()


# An item the caller built wrong (None, a pair whose own __iter__ raises, a 3-tuple program item)
# travels as None, which the actor's Executor answers "malformed item" for, as a local Executor
# does: one bad item no longer raises out of the whole batch (the sixteenth session's red team).
# Its fields travel as plain text, or as a stand-in (see _sendable).
def _pair_item(item):
    try:
        program, inputs = item
        return _sendable(program), _sendable(inputs)
    except Exception:  # noqa: BLE001 -- whatever the item's own iteration raises
        return None


def _prediction_item(item):
    try:
        return tuple(_sendable(field) for field in item)
    except Exception:  # noqa: BLE001 -- as above
        return None


def _program_item(item):
    try:
        candidate, hidden = item
        return _sendable(candidate), [tuple(_sendable(field) for field in pair) for pair in hidden]
    except Exception:  # noqa: BLE001 -- as above, for the item and each of its pairs
        return None


def _sendable(value):
    """A field of a caller's item as it travels to an actor: an exact ``str`` (a subclass is
    copied, so its own pickling never runs), or, for anything else, a stand-in that arrives as an
    object of a class named like the value's type. The actor's Executor then refuses it in the
    words a local Executor uses ("program must be str, got generator"). Before, a generator or a
    lock failed to pickle and a str subclass whose unpickling raised failed in the actor, and
    either raised out of the whole batch (the seventeenth session's red team)."""
    text = plain_text(value)
    return text if type(text) is str else _NotText(type_name(text))


class _NotText:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = str(name)

    def __reduce__(self):
        return _object_named, (self.name,)


_NAMED_CLASSES: dict[str, type] = {}


def _object_named(name: str) -> object:
    # (A name type() refuses, one with a NUL say, answered by a metaclass's property, is shown
    # escaped: the item is refused all the same, and the rest of its chunk is run.)
    name = name if "\0" not in name else name.replace("\0", "\\0")
    kind = _NAMED_CLASSES.get(name)
    if kind is None:
        try:
            kind = type(name, (), {"__slots__": (), "__module__": __name__})
        except Exception:  # noqa: BLE001 -- any other name type() will not take
            kind = type("object", (), {"__slots__": (), "__module__": __name__})
        _NAMED_CLASSES[name] = kind
    return kind()


@dataclass
class _Chunk:
    index: int
    method: str
    args: tuple
    failed: Callable[[str], Any]  # the chunk's results when every attempt died, given a reason
    attempts: int = 0


class RayExecutor(ExecutorFace):
    """The :class:`~azr_env.executor.Executor` API, run by a pool of Ray actors.

    Args:
        actors: number of actors; None means one per unit of ``resource`` in the cluster.
        address: Ray address to connect to (``"auto"``, ``"ray://host:10001"``...). None: use the
            Ray instance this process already joined, else the ``RAY_ADDRESS`` environment
            variable, else start a local one that offers ``resource``.
        resource: the custom resource each actor asks one unit of, so that actors land on the
            nodes that offer it (the CPU nodes). None places actors by CPU alone.
        chunk_size: at most this many (program, inputs) pairs per actor call; a batch of known
            size is cut smaller when that gives every actor two chunks (but never below 16).
        max_in_flight: calls queued per actor; 2 keeps an actor busy while a chunk travels.
        max_chunk_retries: how many times a chunk whose actor died is sent to another actor.
        start_timeout: seconds to wait for an actor to start when none has (an unschedulable
            actor would otherwise wait forever); ``RuntimeError`` after that.
        actor_options: extra ``ray.remote`` options for the actors (default ``{"num_cpus": 1}``).
        workers, timeout, memory_mb, determinism_runs, extra_orders, allowed_modules,
            max_output_chars, max_stdout_chars, inputs: the settings of each actor's Executor (see
            :class:`~azr_env.executor.Executor`); ``workers=None`` is one per core of the node.

    Like the Executor, nothing a program does makes these methods raise. Losing every actor
    and failing to start new ones does raise ``RuntimeError``: that is the cluster, not a program.
    """

    def __init__(
        self,
        actors: int | None = None,
        *,
        address: str | None = None,
        resource: str | None = DEFAULT_RESOURCE,
        chunk_size: int = 256,
        max_in_flight: int = 2,
        max_chunk_retries: int = 3,
        start_timeout: float = 300.0,
        actor_options: dict[str, Any] | None = None,
        workers: int | None = None,
        timeout: float = 5.0,
        memory_mb: int = 1024,
        determinism_runs: int = 2,
        extra_orders: int = 20,
        allowed_modules: Iterable[str] = DEFAULT_ALLOWED_MODULES,
        max_output_chars: int = 10_000,
        max_stdout_chars: int = 4_096,
        inputs: str = "literal",
    ):
        if actors is not None and (not isinstance(actors, int) or actors < 1):
            raise ValueError(f"actors must be a positive int or None, got {actors!r}")
        for name, value in (("chunk_size", chunk_size), ("max_in_flight", max_in_flight)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not isinstance(max_chunk_retries, int) or max_chunk_retries < 0:
            raise ValueError(f"max_chunk_retries must be an int >= 0, got {max_chunk_retries!r}")
        settings = dict(
            workers=workers, timeout=timeout, memory_mb=memory_mb, determinism_runs=determinism_runs,
            extra_orders=extra_orders, allowed_modules=tuple(sorted(allowed_modules)), max_output_chars=max_output_chars,
            max_stdout_chars=max_stdout_chars, inputs=inputs,
        )
        # Building an Executor checks the settings and starts nothing (its workers start on first
        # use), so a bad setting fails here, before any actor exists.
        Executor(**settings)
        self._settings = settings
        self.workers = workers
        self.timeout = float(timeout)
        self.memory_mb = memory_mb
        self.determinism_runs = determinism_runs
        self.extra_orders = extra_orders
        self.allowed_modules = frozenset(settings["allowed_modules"])
        self.max_output_chars = max_output_chars
        self.max_stdout_chars = max_stdout_chars
        self.inputs = inputs
        self.resource = resource
        self.chunk_size = chunk_size
        self.max_in_flight = max_in_flight
        self.max_chunk_retries = max_chunk_retries
        self.start_timeout = float(start_timeout)
        self._actor_options = {"num_cpus": 1, **(actor_options or {})}
        self._lock = threading.Lock()  # guards the actor list (a batch may replace actors)
        self._busy = threading.local()
        self._closed = False
        # Counters over the executor's life: chunks sent (retries included), chunks answered,
        # chunks sent again after their actor died, actors replaced, chunks given up on.
        self.stats = {"chunks": 0, "chunks_done": 0, "chunks_retried": 0, "actors_replaced": 0, "chunks_failed": 0}

        import ray  # lazily: importing azr_env.executor never needs ray

        self._ray = ray
        self._connect(address, actors)
        count = actors if actors is not None else self._resource_units()
        self._remote_class = ray.remote(**self._remote_options())(_ExecutorActor)
        self._errors = tuple(getattr(ray.exceptions, name) for name in ("RayActorError", "ActorUnavailableError")
                             if hasattr(ray.exceptions, name))
        # An error raised inside the actor's call (after ``_errors``, which may share its bases).
        self._task_errors = (ray.exceptions.RayTaskError,)
        self._actors: list[Any] = []
        self._ready: dict[Any, Any] = {}  # actor -> the ref of its first call: done once it started
        for _ in range(count):
            self._start_actor()
        # Fail now, with the reason, if an actor cannot start (a package missing on a node...), or
        # cannot be placed (every unit of the resource is held, by another RayExecutor say).
        started, pending = ray.wait(list(self._ready.values()), num_returns=count, timeout=self.start_timeout)
        if pending:
            self.close()
            raise RuntimeError(
                f"{len(pending)} of {count} Ray actors could not start within {self.start_timeout:.0f} s: each needs "
                f"one unit of {self.resource!r} (free now: {ray.available_resources().get(self.resource, 0):g}); "
                "is another RayExecutor holding them?")
        ray.get(started)

    # -- cluster -------------------------------------------------------------------------------
    def _connect(self, address: str | None, actors: int | None) -> None:
        ray = self._ray
        if ray.is_initialized():
            return
        if address is None and not os.environ.get("RAY_ADDRESS"):
            # No cluster named: a local instance whose one node offers the resource.
            resources = {self.resource: float(actors or 1)} if self.resource else None
            ray.init(resources=resources, include_dashboard=False, log_to_driver=False)
            return
        ray.init(address=address, log_to_driver=False)

    def _resource_units(self) -> int:
        if self.resource is None:
            return 1
        units = int(self._ray.cluster_resources().get(self.resource, 0))
        if units < 1:
            raise ValueError(
                f"no node of this Ray cluster offers the custom resource {self.resource!r}: start the "
                f"execution nodes with `ray start --address=HEAD --resources='{{\"{self.resource}\": 1}}'`, "
                "or pass resource=None to place actors by CPU alone"
            )
        return units

    def _remote_options(self) -> dict[str, Any]:
        options = dict(self._actor_options)
        if self.resource is not None:
            options["resources"] = {**options.get("resources", {}), self.resource: 1}
        return options

    @property
    def actors(self) -> list[Any]:
        """The live actor handles (a dead actor is replaced when a batch finds it dead)."""
        with self._lock:
            return list(self._actors)

    def placement(self) -> list[dict[str, Any]]:
        """Where each actor runs: ``{"node_id", "pid"}`` per actor."""
        return self._ray.get([actor.where.remote() for actor in self.actors])

    @property
    def restarts(self) -> int:
        """Sandbox workers replaced so far, summed over the live actors' Executors."""
        return sum(self._ray.get([actor.restarts.remote() for actor in self.actors]))

    def _start_actor(self) -> Any:
        actor = self._remote_class.remote(self._settings)
        self._actors.append(actor)
        self._ready[actor] = actor.where.remote()
        return actor

    def _replace(self, dead: Any) -> None:
        with self._lock:
            if dead not in self._actors:
                return  # another batch replaced it already
            self._actors.remove(dead)
            self._ready.pop(dead, None)
            try:
                self._ray.kill(dead)
            except Exception:  # noqa: BLE001 - it is dead already, which is all we need
                pass
            self._start_actor()
            self.stats["actors_replaced"] += 1

    def _usable(self) -> list[Any]:
        """The live actors that have started. A replacement still being scheduled gets no chunk
        while another actor can take it, so a replacement that never starts (its node is gone)
        cannot hold a batch up; when no actor has started yet, wait for the first."""
        with self._lock:
            ready = dict(self._ready)
        refs = list(ready.values())
        done, _ = self._ray.wait(refs, num_returns=len(refs), timeout=0)
        if not done and refs:
            done, _ = self._ray.wait(refs, num_returns=1, timeout=self.start_timeout)
            if not done:
                raise RuntimeError(
                    f"no Ray actor of this executor started within {self.start_timeout:.0f} s: does a live node "
                    f"still offer the resource {self.resource!r}?")
        done = set(done)
        return [actor for actor, ref in ready.items() if ref in done]

    # -- lifecycle (context manager, copies and collection: ExecutorFace) ---------------------
    def close(self) -> None:
        """Stop the actors (and their sandbox workers). The Ray instance itself is left running."""
        if self._closed or not hasattr(self, "_actors"):
            return
        self._closed = True
        with self._lock:
            actors, self._actors = self._actors, []
            self._ready = {}
        ray = self._ray
        try:
            ray.get([actor.close.remote() for actor in actors], timeout=30)
        except Exception:  # noqa: BLE001 - closing is best effort; the kill below is not
            pass
        for actor in actors:
            try:
                ray.kill(actor)
            except Exception:  # noqa: BLE001
                pass

    # -- the Executor API ---------------------------------------------------------------------------
    def run_batch(self, pairs: Iterable[tuple[str, str]], *,
                  while_waiting: WhileWaiting | None = None) -> list[ExecResult]:
        """``run`` for many pairs, chunked over the actors; results in order. Consumed lazily;
        ``while_waiting`` as in ``Executor.run_batch`` (here: once every chunk is sent)."""
        return self._pairs("run_batch", pairs, while_waiting)

    def validate_batch(self, pairs: Iterable[tuple[str, str]], *,
                       while_waiting: WhileWaiting | None = None) -> list[ExecResult]:
        """``validate`` for many pairs; each pair's runs stay in one actor. Consumed lazily;
        ``while_waiting`` as in ``Executor.validate_batch``."""
        return self._pairs("validate_batch", pairs, while_waiting)

    def _batch(self, pairs: Iterable, runs: int) -> list[ExecResult]:
        """The Executor's ``_batch``: ``runs=1`` is ``run_batch``, ``runs=J`` is ``validate_batch``."""
        if runs == 1:
            return self.run_batch(pairs)
        if runs == self.determinism_runs:
            return self.validate_batch(pairs)
        raise ValueError(f"runs must be 1 or determinism_runs ({self.determinism_runs}), got {runs!r}")

    def check_answers(
        self,
        input_predictions: Sequence[tuple[str, str, str]] = (),
        programs: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
    ) -> tuple[list[Verdict], list[ProgramVerdict]]:
        """``check_input_predictions`` and ``check_programs`` together, chunked over the actors.

        A chunk holds whole items (a candidate program with all its hidden pairs), about
        ``chunk_size`` executions each.
        """
        predictions = [_prediction_item(item) for item in input_predictions]
        candidates = [_program_item(item) for item in programs]
        chunks: list[tuple[list, list]] = []
        limit = self._chunk_for(len(predictions) + sum(max(1, len(item[1])) if item else 1 for item in candidates))
        size, current = 0, ([], [])
        for item in predictions:
            current[0].append(item)
            size += 1
            if size >= limit:
                chunks.append(current)
                size, current = 0, ([], [])
        for item in candidates:
            current[1].append(item)
            size += max(1, len(item[1])) if item else 1
            if size >= limit:
                chunks.append(current)
                size, current = 0, ([], [])
        if current[0] or current[1]:
            chunks.append(current)

        def failed(chunk: tuple[list, list]) -> Callable[[str], Any]:
            def results(reason: str):
                return ([Verdict(False, reason) for _ in chunk[0]],
                        [ProgramVerdict(0, len(item[1]) if item else 0,
                                        tuple(Verdict(False, reason) for _ in (item[1] if item else ())), reason)
                         for item in chunk[1]])
            return results

        outcomes = self._map("check_answers", ((c, failed(c)) for c in chunks))
        verdicts = [v for outcome in outcomes for v in outcome[0]]
        program_verdicts = [v for outcome in outcomes for v in outcome[1]]
        return verdicts, program_verdicts

    # -- scheduling --------------------------------------------------------------------------------
    def _chunk_for(self, total: int | None) -> int:
        """Pairs per chunk: ``chunk_size``, or less when a batch of known size would otherwise give
        some actors nothing to do (every actor gets two chunks when the batch allows it)."""
        if total is None:
            return self.chunk_size
        spread = -(-total // (2 * max(1, len(self._actors))))
        return max(1, min(self.chunk_size, max(spread, _MIN_CHUNK)))

    def _pairs(self, method: str, pairs: Iterable, while_waiting: WhileWaiting | None = None) -> list[ExecResult]:
        if while_waiting is not None and not callable(while_waiting):
            raise TypeError(f"while_waiting must be callable, got {type_name(while_waiting)}")
        size = self._chunk_for(len(pairs) if isinstance(pairs, Sized) else None)

        def chunks() -> Iterator[tuple[tuple, Callable[[str], Any]]]:
            source = iter(pairs)
            while True:
                chunk = [_pair_item(item) for item in itertools.islice(source, size)]
                if not chunk:
                    return
                yield (chunk,), _failed_results(len(chunk))

        return [result for results in self._map(method, chunks(), while_waiting) for result in results]

    def _map(self, method: str, chunks: Iterator[tuple[tuple, Callable[[str], Any]]],
             while_waiting: WhileWaiting | None = None) -> list[Any]:
        """Run ``actor.<method>(*args)`` for every chunk; the results, in chunk order.

        Chunks are pulled lazily (a lazy pair source overlaps with execution) and handed to the
        least-loaded live actor, at most ``max_in_flight`` per actor. When an actor dies, each of
        its chunks goes back to the front of the queue for another actor, and the dead actor is
        replaced.
        """
        if self._closed:
            raise RuntimeError("this RayExecutor is closed")
        if getattr(self._busy, "on", False):  # same thread, from inside a lazy pair source
            raise RuntimeError("this executor is already running a batch: a pair source may not call it")
        self._busy.on = True
        try:
            return self._schedule(method, chunks, while_waiting)
        finally:
            self._busy.on = False

    def _schedule(self, method: str, chunks: Iterator, while_waiting: WhileWaiting | None = None) -> list[Any]:
        ray = self._ray
        idle, idle_errors = while_waiting, []
        results: dict[int, Any] = {}
        waiting: deque[_Chunk] = deque()  # chunks to (re)send, retries first
        inflight: dict[Any, tuple[_Chunk, Any]] = {}  # object ref -> (chunk, actor)
        load: dict[Any, int] = {}
        counter = itertools.count()
        source_error: list[BaseException] = []
        exhausted = False

        def next_chunk() -> _Chunk | None:
            nonlocal exhausted
            if waiting:
                return waiting.popleft()
            if exhausted:
                return None
            try:
                args, failed = next(chunks)
            except StopIteration:
                exhausted = True
                return None
            except Exception as error:  # the caller's pair source failed: settle, then raise it
                source_error.append(error)
                exhausted = True
                return None
            return _Chunk(next(counter), method, args, failed)

        while True:
            actors = self._usable()
            for actor in actors:
                load.setdefault(actor, 0)
            while not source_error:
                free = [a for a in actors if load[a] < self.max_in_flight]
                if not free:
                    break
                chunk = next_chunk()
                if chunk is None:
                    break
                actor = min(free, key=load.__getitem__)
                try:
                    ref = getattr(actor, method).remote(*chunk.args)
                except Exception as error:  # noqa: BLE001 -- the chunk could not be sent (serialised)
                    results[chunk.index] = chunk.failed(f"the job could not be sent to a Ray actor ({type(error).__name__})")
                    self.stats["chunks_failed"] += 1
                    continue
                inflight[ref] = (chunk, actor)
                load[actor] += 1
                self.stats["chunks"] += 1
            if not inflight:
                if source_error or not waiting:
                    break  # done, or the caller's source failed and in-flight chunks have settled
                continue
            if idle is not None and exhausted and not waiting:
                # Every chunk is out: the caller's own work runs while the actors do theirs.
                ready, _ = ray.wait(list(inflight), num_returns=1, timeout=0)
                if not ready:
                    idle = step_while_waiting(idle, idle_errors)
                    continue
            else:
                ready, _ = ray.wait(list(inflight), num_returns=1)
            for ref in ready:
                chunk, actor = inflight.pop(ref)
                if actor in load:  # absent once the actor was found dead and replaced
                    load[actor] -= 1
                try:
                    results[chunk.index] = ray.get(ref)
                    self.stats["chunks_done"] += 1
                except self._errors as error:
                    load.pop(actor, None)
                    self._replace(actor)
                    chunk.attempts += 1
                    if chunk.attempts > self.max_chunk_retries:
                        reason = f"the Ray actor running this job died {chunk.attempts} times ({type(error).__name__})"
                        results[chunk.index] = chunk.failed(reason)
                        self.stats["chunks_failed"] += 1
                    else:
                        waiting.appendleft(chunk)
                        self.stats["chunks_retried"] += 1
                except self._task_errors as error:
                    # The actor's call raised (nothing a program does makes an Executor raise:
                    # this is a chunk the actor could not even read); its jobs are answered so.
                    results[chunk.index] = chunk.failed(f"the Ray actor could not run this job ({type(error).__name__})")
                    self.stats["chunks_failed"] += 1
        if source_error:
            raise source_error[0]
        if idle_errors:
            raise idle_errors[0]
        return [results[i] for i in range(len(results))]


def _failed_results(count: int) -> Callable[[str], list[ExecResult]]:
    def results(reason: str) -> list[ExecResult]:
        return [ExecResult(ExecStatus.ERROR, error=reason) for _ in range(count)]
    return results
