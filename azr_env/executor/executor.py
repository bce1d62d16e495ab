"""The public face of the sandbox: ``Executor.run/validate`` and their batched forms.

>>> from azr_env.executor import Executor
>>> with Executor(workers=2, timeout=2.0) as ex:
...     ex.validate("def f(a, b):\\n    return sorted({a, b})", "'x', 'y'").output
"['x', 'y']"
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterable, Sequence

from .handle import ExecutorFace, WhileWaiting
from .policy import (
    ABSENT_BUILTINS,
    ALL_LAYERS,
    DEFAULT_ALLOWED_MODULES,
    GUARDED_ATTRIBUTES,
    REFUSED_ATTRIBUTES,
    REFUSED_BUILTINS,
    REFUSED_NAMES,
    SandboxLayers,
)
from .pool import PERTURBED_CALLS, Job, RawResult, WorkerPool
from .results import ExecResult, ExecStatus, ProgramVerdict, Verdict
from .screen import CompileCache, Compiled
from .verify import MAX_LITERAL_CHARS, outputs_equal, parse_literal, plain_text, type_name

# A run that failed for one of these reasons says nothing about determinism; report it as is.
MAX_CHARS_CAP = 1_000_000  # the largest max_output_chars / max_stdout_chars (answers travel through pipes)
MAX_MEMORY_MB = 1 << 40  # an address-space limit in bytes (plus its spread) must fit the kernel's 63 bits
MAX_DETERMINISM_RUNS = 64  # each is a job in another process: more would only slow validation down
_HARD_FAILURES = (ExecStatus.TIMEOUT, ExecStatus.MEMORY, ExecStatus.FORBIDDEN, ExecStatus.OUTPUT_TOO_LARGE)
_HARD_FAILURE_NAMES = frozenset(status.value for status in _HARD_FAILURES)  # (no enum built per run)


class Executor(ExecutorFace):
    """Safe, batched execution of model-written programs ``f`` on argument text.

    Args:
        workers: sandbox processes (1 to 256); None means one per core. Validation always uses at
            least two, because its runs must happen under different hash seeds.
        timeout: seconds of CPU time per execution (module body plus the call), counted for the
            job's own process: a job that shares its core with others still gets all of it.
            Validation's perturbed run, which calls ``f`` twice, gets it for each call.
        memory_mb: address space each worker process has for programs, in MiB (its limit is an
            eighth higher: a reservation of random size, up to that eighth, varies the memory
            left between processes, so that an output measuring it is not validated).
        determinism_runs: J, the runs ``validate`` compares (>= 2).
        extra_orders: how many more runs under random set orders and hash masks ``validate``
            tries when its perturbed run saw a seed-dependent order (0 to 64; each halves the
            chance that an output depending on one bit of that order passes). Half as many
            again where that set mixed numbers with other elements (30 at the default), whose
            runs take three models of order in turn, ten of each. As many follow the first run
            in its own process where it saw such an order.
        allowed_modules: importable modules (default: pure standard-library modules).
        max_output_chars: cap on the repr of a return value (longer is ``output_too_large``);
            an int from 1 to 1,000,000.
        max_stdout_chars: what the program prints is kept up to this many characters (1 to 1,000,000).
        inputs: ``"literal"`` (default: arguments must be literals, as AZR requires) or
            ``"expression"`` (arguments are sandboxed expressions such as ``dict(a=1)``, for
            datasets like CRUXEval whose published inputs are not all literals).
        layers: which safety layers are on (``SandboxLayers``; all by default). Turning layers
            off is for tests of the remaining ones and for diagnosis only.
        require_os_sandbox: raise instead of warning when the operating-system layers (seccomp,
            Landlock) cannot be activated on this machine.
        batch_scheduling: run the workers under Linux's ``SCHED_BATCH`` policy (default True): a
            worker that wakes does not preempt this process, which screens, compiles and sends
            the next jobs, and on a machine with few cores was often the one kept waiting (a
            cold CRUXEval batch took 47 or 72 ms from one batch to the next on 2 cores; see
            ``benchmarks/bench_executor.py``). Workers still get their fair share of the CPU, so
            long-running programs are not slowed. Ignored where the policy does not exist.
        one_process_per_job: run every job in a process forked for it alone (default False: only
            programs that import a module with state do; the rest share a persistent runner per
            worker). A program that got past every Python layer into a runner could answer for
            the later jobs sent to that runner, on the pipes it shares with them (the OS layers
            bound what it can do to the machine, not what it reports); a process of its own
            holds only its own job's pipe. Costs a process per job: about 36 validations/s
            against 5,800/s for CRUXEval's programs on 2 cores (measured beside a test run).

    Nothing a program does makes these methods raise; every outcome is an ``ExecResult``.
    Workers start on first use; use the executor as a context manager or call ``close()``.
    One executor serves one batch at a time, from any thread; in a process forked from the one
    that started its workers, it starts workers of its own (the parent's are left alone).
    ``sandbox_report()`` says which layers the workers could activate.
    """

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = 5.0,
        memory_mb: int = 1024,
        determinism_runs: int = 2,
        extra_orders: int = 20,
        allowed_modules: Iterable[str] = DEFAULT_ALLOWED_MODULES,
        max_output_chars: int = 10_000,
        max_stdout_chars: int = 4_096,
        inputs: str = "literal",
        layers: SandboxLayers = ALL_LAYERS,
        require_os_sandbox: bool = False,
        batch_scheduling: bool = True,
        one_process_per_job: bool = False,
    ):
        if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool)
                                    or not 1 <= workers <= MAX_WORKERS):
            # (2**40 workers drew hash seeds until memory ran out: red team 28W)
            raise ValueError(f"workers must be an int from 1 to {MAX_WORKERS}, or None, got {workers!r}"[:300])
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout <= 3600:
            raise ValueError(f"timeout must be seconds in (0, 3600], got {timeout!r}")
        if not isinstance(memory_mb, int) or isinstance(memory_mb, bool) or not 64 <= memory_mb <= MAX_MEMORY_MB:
            raise ValueError(f"memory_mb must be an int in [64, {MAX_MEMORY_MB:,}], got {memory_mb!r}")
        if (not isinstance(determinism_runs, int) or isinstance(determinism_runs, bool)
                or not 2 <= determinism_runs <= MAX_DETERMINISM_RUNS):
            raise ValueError(f"determinism_runs must be an int in [2, {MAX_DETERMINISM_RUNS}], got {determinism_runs!r}")
        if not isinstance(extra_orders, int) or isinstance(extra_orders, bool) or not 0 <= extra_orders <= 64:
            raise ValueError(f"extra_orders must be an int in [0, 64], got {extra_orders!r}")
        for name, cap in (("max_output_chars", max_output_chars), ("max_stdout_chars", max_stdout_chars)):
            # An answer's frame must fit the workers' pipes: 12 bytes a character at worst (JSON).
            if not isinstance(cap, int) or isinstance(cap, bool) or not 1 <= cap <= MAX_CHARS_CAP:
                raise ValueError(f"{name} must be an int in [1, {MAX_CHARS_CAP:,}], got {cap!r}")
        if type(inputs) is not str or inputs not in ("literal", "expression"):
            raise ValueError(f'inputs must be "literal" or "expression", got {inputs!r}')
        allowed = _module_names(allowed_modules)
        if not isinstance(require_os_sandbox, bool):
            raise ValueError(f"require_os_sandbox must be True or False, got {require_os_sandbox!r}"[:300])
        if not isinstance(batch_scheduling, bool):
            raise ValueError(f"batch_scheduling must be True or False, got {batch_scheduling!r}")
        if not isinstance(one_process_per_job, bool):
            raise ValueError(f"one_process_per_job must be True or False, got {one_process_per_job!r}")
        if not isinstance(layers, SandboxLayers):
            raise ValueError(f"layers must be a SandboxLayers, got {_type_name(layers)}")
        self.workers = workers or os.cpu_count() or 1
        self.timeout = float(timeout)
        self.memory_mb = memory_mb
        self.determinism_runs = determinism_runs
        self.extra_orders = extra_orders
        self.allowed_modules = allowed
        self.max_output_chars = max_output_chars
        self.max_stdout_chars = max_stdout_chars
        self.inputs = inputs
        self.layers = layers
        self.require_os_sandbox = require_os_sandbox
        self.batch_scheduling = batch_scheduling
        self.one_process_per_job = one_process_per_job
        self._cache = CompileCache(allowed, literal_inputs=inputs == "literal", screen=layers.screen)
        self._strict_cache = self._cache.literal_only()  # solver answers are data whatever `inputs` says
        self._pool: WorkerPool | None = None
        self._lock = threading.RLock()
        self._pool_pid = os.getpid()  # the process that started the workers (see _ensure_pool)
        self._busy = False  # a batch is running (re-entry from its own pair source is refused)

    # -- lifecycle (context manager, copies and collection: ExecutorFace) ---------------------
    def close(self) -> None:
        """Stop the worker processes. The executor restarts them if used again. From another
        thread while a batch runs, it waits for the batch to end (the batch's workers were killed
        under it, and a worker its clean-up started outlived the executor, red team 28W); from
        inside a batch (a ``while_waiting`` callback, a lazy pair source) it raises RuntimeError."""
        with self._lock:
            if self._busy:
                raise RuntimeError("close() was called from inside this executor's running batch "
                                   "(a while_waiting callback or a pair source): close it after the batch")
            pool, self._pool = self._pool, None
            if pool is not None:
                if self._pool_pid != os.getpid():
                    pool.forget()  # (a forked child's copy: the workers are the parent's)
                else:
                    pool.close()

    @property
    def restarts(self) -> int:
        """Workers replaced so far (after a timeout, a crash or a misbehaving answer)."""
        return self._pool.restarts if self._pool is not None else 0

    @property
    def restart_reasons(self) -> list[str]:
        """Why the last restarts (up to 20) happened, oldest first: "worker 0: runner retired
        after job 3: timeout (...)" and the like."""
        return list(self._pool.restart_reasons) if self._pool is not None else []

    def _ensure_pool(self) -> WorkerPool:
        if self._pool is not None and self._pool_pid != os.getpid():
            # Forked since the workers started: theirs are the parent's pipes. This process lets go
            # of its copies and starts workers of its own.
            self._pool.forget()
            self._pool = None
        if self._pool is None:
            self._pool_pid = os.getpid()
            self._pool = WorkerPool(max(2, self.workers), timeout=self.timeout, config=self._worker_config())
            self._check_report(self._pool.report)
        return self._pool

    def _worker_config(self) -> dict:
        """What every worker of this executor is told at start (pool.worker_config adds each one's own)."""
        return {
            "allowed_modules": sorted(self.allowed_modules | {"__future__"}),
            "absent_builtins": sorted(ABSENT_BUILTINS),
            "refused_names": sorted(REFUSED_NAMES | REFUSED_BUILTINS),
            "refused_attributes": sorted(REFUSED_ATTRIBUTES),
            "guarded_attributes": sorted(GUARDED_ATTRIBUTES),
            "memory_mb": int(self.memory_mb),
            "max_output_chars": int(self.max_output_chars),
            "max_stdout_chars": int(self.max_stdout_chars),
            "extra_orders": int(self.extra_orders),
            "layers": self.layers.to_config(),
            "batch_scheduling": self.batch_scheduling,
            # Where this process's interpreter put its static objects, for the workers to tell
            # how many low address bits the layout fixes (see _setorder.settle_fixed_bits).
            "static_layout": [id(None) % (1 << 21), id(None) - id(int)],
            "plain_modules": plain_modules(self.allowed_modules),
        }

    def _check_report(self, report: dict) -> None:
        missing = [layer for layer in ("seccomp", "landlock")
                   if getattr(self.layers, layer) and not report.get(layer, "").startswith("active")]
        if not missing:
            return
        detail = "; ".join(f"{layer}: {report.get(layer, 'not reported')}" for layer in missing)
        message = (f"the executor's operating-system sandbox is not fully active ({detail}). Programs "
                   "still run under the static screen, the guards, the audit hook and rlimits, but a "
                   "program that defeats those could reach files, sockets or processes. See "
                   "Executor.sandbox_report() and the README's executor section.")
        if self.require_os_sandbox:
            self.close()
            raise RuntimeError(message)
        warnings.warn(message, RuntimeWarning, stacklevel=3)

    def sandbox_report(self) -> dict[str, str]:
        """Which safety layers the workers have active, as the workers report them.

        Keys: ``screen``, ``guards``, ``audit_hook``, ``audited_reads`` (the function attributes
        that lead to the worker's own objects, ``__globals__`` and the like, made audited reads),
        ``rlimits``, ``privileges``, ``no_new_privs``, ``landlock``, ``seccomp``, ``isolation``,
        ``malloc``, ``codecs`` (the codec registry sealed to the names that can succeed) and
        ``scheduling`` (``"batch"`` under ``batch_scheduling``; not a safety layer). A value starting with
        "active" (or "dropped" for privileges) means the layer holds; "off" means it was turned
        off through ``layers``; anything else says why the platform could not provide it.
        Starts the workers if they are not running.

        >>> with Executor(workers=2) as ex:
        ...     ex.sandbox_report()["seccomp"].startswith("active")
        True
        """
        with self._lock:
            report = self._ensure_pool().report
        report["screen"] = "active" if self.layers.screen else "off"
        return report

    # (run, validate and the single-item checks are the batches' first items: ExecutorFace)

    # -- batches ----------------------------------------------------------------------------------
    def run_batch(self, pairs: Iterable[tuple[str, str]], *,
                  while_waiting: WhileWaiting | None = None) -> list[ExecResult]:
        """``run`` for many (program, inputs) pairs in one round trip; results in order.

        ``pairs`` may be any iterable, a generator included. It is consumed lazily, so a caller
        that parses its pairs in a generator overlaps that work with the workers' execution.

        ``while_waiting``, when given, is called again and again once every pair has been taken
        and the workers are still running, until it returns False: each call should do a small
        piece of the caller's own work (well under a millisecond, as answers wait for it). The
        workers never wait for it. An exception it raises stops the calls and is raised once the
        batch has settled.
        """
        return self._batch(pairs, runs=1, while_waiting=while_waiting)

    def validate_batch(self, pairs: Iterable[tuple[str, str]], *,
                       while_waiting: WhileWaiting | None = None) -> list[ExecResult]:
        """``validate`` for many pairs in one round trip; results in order.

        Run 0 calls ``f`` once, as ``run`` does: with the interpreter's orders, but through the
        code of the extra runs below and with hashes salted as theirs are, so that no program can
        tell it, or a later ``run``, from them. Every later run, in a different worker (another
        hash seed), runs the program perturbed from the module body on (set order reversed, every
        seed- or address-dependent hash inverted, ``id()`` numbered afresh) and calls ``f`` twice in
        that namespace on fresh copies of the arguments (with ``timeout`` for each call, so that a
        program that fits its limit in ``run`` fits it here), so state kept across calls (a
        module-level counter) and output that depends on orders, hashes or ids both show up as a
        disagreement with run 0. When the perturbed run saw such an order, up to ``extra_orders``
        (20; 30 for a set of numbers and other elements) more runs under random orders and hash
        masks follow in one more window, until one
        disagrees with it (run 0's plain order, under another seed, may agree with the reversal by
        chance), so a validation job may take three times ``timeout``.
        Like ``run_batch``, ``pairs`` is consumed lazily, and ``while_waiting`` is the same.
        """
        return self._batch(pairs, runs=self.determinism_runs, while_waiting=while_waiting)

    def _batch(self, pairs: Iterable, runs: int, cache: CompileCache | None = None,
               caches: Sequence[CompileCache] | None = None,
               while_waiting: WhileWaiting | None = None) -> list[ExecResult]:
        # ``caches``, when given, names the compile cache (the input rule) of each pair.
        cache = cache or self._cache
        if isinstance(pairs, (str, bytes)) or not hasattr(pairs, "__iter__"):
            raise TypeError(f"pairs must be an iterable of (program, inputs) pairs, got {_type_name(pairs)}")
        results: list[ExecResult | None] = []
        owners: list[int] = []
        failed: list[BaseException] = []
        size = max(2, self.workers)

        def jobs():
            # A generator, so the pool runs early programs while later ones are still screened
            # (and, when ``pairs`` is itself lazy, still produced by the caller).
            try:
                for index, pair in enumerate(pairs):
                    results.append(None)
                    compiled = self._compile(pair, cache if caches is None else caches[index])
                    if isinstance(compiled, ExecResult):
                        results[index] = compiled
                        continue
                    program, inputs = compiled
                    base = len(owners)
                    owners.append(index)
                    for run in range(runs):
                        calls = 1 if run == 0 else PERTURBED_CALLS  # one call; perturbed calls in one namespace
                        yield Job(program.code, inputs.code, calls, (base + run) % size,
                                  program.isolated or self.one_process_per_job, program.imports,
                                  checked=run == 0 and runs > 1)
            except Exception as error:
                # The caller's iterable failed. Stop feeding, let the pool settle the jobs it has
                # in flight (so no stale answer reaches the next batch), then raise it.
                failed.append(error)

        if while_waiting is not None and not callable(while_waiting):
            raise TypeError(f"while_waiting must be callable, got {_type_name(while_waiting)}")
        raws = self._execute(jobs(), while_waiting)
        if failed:
            raise failed[0]
        for k, index in enumerate(owners):
            group = raws[k * runs : (k + 1) * runs]
            results[index] = self._single(group[0]) if runs == 1 else self._combine(group)
        return results  # type: ignore[return-value]

    # -- verification helpers ---------------------------------------------------------------------------
    def check_answers(
        self,
        input_predictions: Sequence[tuple[str, str, str]] = (),
        programs: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
    ) -> tuple[list[Verdict], list[ProgramVerdict]]:
        """``check_input_predictions`` and ``check_programs`` together, in ONE round trip.

        A batch of solver answers that mixes abduction and induction costs one executor call.
        Predicted inputs are held to the literal rule whatever ``inputs`` says; hidden pairs'
        inputs follow the executor's own ``inputs`` mode. Each run is validated as a proposal is
        (``validate``): an answer is right only where the program's output on it is one output
        under every seed and order, and that output is the gold.
        """
        for name, given in (("input_predictions", input_predictions), ("programs", programs)):
            if isinstance(given, (str, bytes)) or not hasattr(given, "__iter__"):
                raise TypeError(f"{name} must be a sequence of tuples, got {_type_name(given)}")
        predictions = list(input_predictions)
        strict = self._strict_cache
        verdicts: list[Verdict | None] = [None] * len(predictions)
        golds: list[object] = [None] * len(predictions)
        pairs, caches, owners = [], [], []  # owners: ("input", index) or ("program", flat index)
        for index, item in enumerate(predictions):
            try:
                program, predicted, golds[index] = item
                program, predicted, golds[index] = plain_text(program), plain_text(predicted), plain_text(golds[index])
            except Exception:  # noqa: BLE001 -- an item whose unpacking raises anything (its own __iter__) is malformed
                verdicts[index] = Verdict(False, "malformed item: expected (program, predicted_inputs, gold_output)")
                continue
            compiled = strict.inputs(predicted)
            if compiled.code is None:
                verdicts[index] = Verdict(False, f"predicted input rejected: {compiled.reason}")
                continue
            pairs.append((program, predicted))
            caches.append(strict)
            owners.append(("input", index))
        flat: list[object] = []
        spans: list[tuple[int, int] | str] = []
        for item in programs:
            try:
                candidate, hidden = item
                candidate = plain_text(candidate)
                hidden = [(plain_text(inputs), plain_text(gold)) for inputs, gold in hidden]
            except Exception:  # noqa: BLE001 -- as above, for the item and each of its pairs
                spans.append("malformed item: expected (candidate_program, [(inputs, gold_output), ...])")
                continue
            spans.append((len(flat), len(hidden)))
            for inputs, gold in hidden:
                owners.append(("program", len(flat)))
                flat.append(gold)
                pairs.append((candidate, inputs))
                caches.append(self._cache)
        pair_verdicts: list[Verdict | None] = [None] * len(flat)
        # Each run is validated as a proposal is (two processes, two hash seeds, the extra runs
        # under other set orders): an answer is right only where the program's output on it is one
        # output, and that output is the gold. Judged by one run, a predicted input on which the
        # proposer's program read a set of strings (deterministic on the proposer's own input) got
        # +1 in 4 of 12 scorings and -0.5 in the rest, and a candidate returning list({'p', 'q'})
        # got +1 for ['p', 'q'] now and then (the thirtieth session's red team A2).
        for (kind, index), result in zip(owners, self._batch(pairs, runs=self.determinism_runs, caches=caches)):
            if kind == "input":
                verdicts[index] = _compare(result, golds[index], "the program on the predicted input")
            else:
                pair_verdicts[index] = _compare(result, flat[index], "the candidate")
        program_verdicts = [
            ProgramVerdict(0, 0, (), span) if isinstance(span, str)
            else _program_verdict(tuple(pair_verdicts[span[0]:span[0] + span[1]]))  # type: ignore[arg-type]
            for span in spans
        ]
        return verdicts, program_verdicts  # type: ignore[return-value]

    # -- internals -------------------------------------------------------------------------------------
    def _compile(self, pair, cache: CompileCache) -> tuple[Compiled, Compiled] | ExecResult:
        try:
            program, inputs = pair
        except Exception:  # noqa: BLE001 -- a tuple subclass whose __iter__ raises KeyError is malformed too
            # (The fifth red team: only TypeError and ValueError were caught, and any other
            # exception from a caller's item object reached the caller, ending the whole batch.)
            return ExecResult(ExecStatus.SYNTAX, error="each item must be a (program, inputs) pair")
        program, inputs = plain_text(program), plain_text(inputs)
        compiled = cache.program(program)
        if compiled.code is None:
            return ExecResult(ExecStatus(compiled.status), error=compiled.reason)
        args = cache.inputs(inputs)
        if args.code is None:
            return ExecResult(ExecStatus(args.status), error=args.reason)
        return compiled, args

    def _execute(self, jobs, while_waiting: WhileWaiting | None = None) -> list[RawResult]:
        with self._lock:
            if self._busy:  # same thread, from inside a lazy pair source: would corrupt the batch
                raise RuntimeError("this executor is already running a batch: a pair source may not call it")
            self._busy = True
            try:
                return self._ensure_pool().execute(jobs, while_waiting)
            finally:
                self._busy = False

    @staticmethod
    def _single(raw: RawResult) -> ExecResult:
        if raw.status == "ok":
            return ExecResult(ExecStatus.OK, output=raw.outputs[0], stdout=raw.stdout,
                              output_is_literal=_known_literal(raw.outputs[0], (raw,)))
        return ExecResult(ExecStatus(raw.status), error=raw.error, stdout=raw.stdout)

    @staticmethod
    def _combine(runs: list[RawResult]) -> ExecResult:
        if len(runs) == 2:
            # The common case first: both runs ok, every output printed alike.
            plain, perturbed = runs
            if plain.status == "ok" and perturbed.status == "ok":
                first = plain.outputs[0]
                # (The first run's own extra runs add an output only where one disagreed.)
                if len(plain.outputs) == 1 and all(o == first for o in perturbed.outputs):
                    return ExecResult(ExecStatus.OK, output=first, stdout=plain.stdout,
                                      output_is_literal=_known_literal(first, runs))
        for raw in runs:
            if raw.status in _HARD_FAILURE_NAMES:
                return ExecResult(ExecStatus(raw.status), error=raw.error, stdout=raw.stdout)
        statuses = {raw.status for raw in runs}
        if statuses == {"error"}:
            return ExecResult(ExecStatus.ERROR, error=runs[0].error, stdout=runs[0].stdout)
        if statuses != {"ok"}:
            described = "; ".join(
                f"run {i + 1} {'returned ' + raw.outputs[-1][:80] if raw.status == 'ok' else 'raised ' + (raw.error or '')[:80]}"
                for i, raw in enumerate(runs)
            )
            return ExecResult(ExecStatus.NONDETERMINISTIC, error=f"runs disagree: {described}")
        outputs = [o for raw in runs for o in raw.outputs]
        first = outputs[0]
        # Texts that differ are compared as values only where every run printed plain data itself:
        # a program's own __repr__ chooses its text, and its texts parsed as equal values ('0x10'
        # and '16', a dict literal with a key twice) hid outputs that differed (red team 27).
        if all(o == first for o in outputs) or (all(raw.literal for raw in runs) and _same_values(outputs)):
            return ExecResult(ExecStatus.OK, output=first, stdout=runs[0].stdout,
                              output_is_literal=_known_literal(first, runs))
        other = next(o for o in outputs if o != first)
        return ExecResult(
            ExecStatus.NONDETERMINISTIC, error=f"runs disagree: {first[:80]!s} vs {other[:80]!s}"
        )


_PLAIN_MODULES: dict[frozenset[str], dict] = {}
# Run with ``python -I``: prints the modules loaded at start-up, then, for each module named, those
# its import adds, each imported in a child forked from the fresh interpreter (one process, and no
# import sees another's).
_PLAIN_MODULES_CODE = (
    "import os, sys\n"
    "base = set(sys.modules)\n"
    "print(' '.join(sorted(base)), flush=True)\n"
    "for name in sys.argv[1:]:\n"
    "    pid = os.fork()\n"
    "    if pid == 0:\n"
    "        try:\n"
    "            __import__(name)\n"
    "        except BaseException:\n"
    "            pass\n"
    "        print(name, *sorted(set(sys.modules) - base), flush=True)\n"
    "        os._exit(0)\n"
    "    os.waitpid(pid, 0)\n"
)


def plain_modules(allowed: frozenset[str]) -> dict:
    """The modules a plain interpreter has loaded at start-up, and those each allowed module's
    import adds (``__future__``'s too): what library code may find in ``sys.modules`` for a program
    in plain Python, which holds the start-up ones and those of the modules the program imported
    (dataclasses looks a class's ``__module__`` up there). The workers show library code those of
    theirs and no others, never the modules they load for their own confinement (``ctypes``: the
    thirty-first session's red team B4), nor the ones another allowed module would have loaded (a
    program that imported dataclasses alone found ``json`` there, the thirty-second session's red
    team A2). As ``{"names": [...], "startup": [index, ...], "imports": {module: [index, ...]}}``,
    indices into ``names`` (the workers' configuration is one command-line argument). Asked of
    this interpreter once per set of modules, in a process of its own (``-I``: no environment, no
    user site); empty, and so only the task's own module and the libraries' own, if that fails."""
    key = frozenset(allowed)
    if key not in _PLAIN_MODULES:
        try:
            done = subprocess.run([sys.executable, "-I", "-c", _PLAIN_MODULES_CODE, *sorted(key | {"__future__"})],
                                  capture_output=True, text=True, timeout=120, check=True)
            lines = done.stdout.splitlines()
            startup, added = lines[0].split(), {line.split()[0]: line.split()[1:] for line in lines[1:] if line.split()}
        except (OSError, subprocess.SubprocessError, ValueError, IndexError):
            startup, added = [], {}
        names = sorted(set(startup).union(*added.values()))
        index = {name: position for position, name in enumerate(names)}
        _PLAIN_MODULES[key] = {"names": names, "startup": [index[name] for name in startup],
                               "imports": {top: [index[name] for name in found] for top, found in added.items()}}
    return _PLAIN_MODULES[key]


def _module_names(given: object) -> frozenset[str]:
    """``allowed_modules`` as a frozenset of top-level module names, or a ValueError that says
    what is wrong. Names are checked as exact strs before they are hashed: a str subclass's own
    ``__hash__`` or ``__eq__`` never runs here."""
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        what = repr(given) if type(given) in (str, bytes) or given is None else f"a {_type_name(given)}"
        raise ValueError(f"allowed_modules must be a collection of module names, got {what}"[:300])
    try:
        names = list(given)
    except Exception as error:  # noqa: BLE001 -- the caller's own iterable failed: said, with its error
        # (The caller's exception is named by its class alone: its __str__ is the caller's code.)
        raise ValueError(f"allowed_modules could not be read: {_type_name(error)}"[:300]) from error
    for name in names:
        if type(name) is not str:
            raise ValueError(f"allowed_modules must hold top-level module names as str, got a {_type_name(name)}")
        if not name.isidentifier() or len(name) > MAX_MODULE_NAME_CHARS:
            raise ValueError(f"allowed_modules must hold top-level module names (identifiers of at most "
                             f"{MAX_MODULE_NAME_CHARS} characters), got {name!r}"[:300])
    # The workers get their configuration as one command-line argument, which Linux caps at 128 KiB:
    # 30,000 names raised "Argument list too long" from deep inside the first run (red team 28W).
    if sum(len(name) + 4 for name in names) > MAX_MODULE_LIST_CHARS:
        raise ValueError(f"allowed_modules names {len(names)} modules, more than fit in the workers' "
                         f"configuration ({MAX_MODULE_LIST_CHARS} characters of names)")
    return frozenset(names)


MAX_WORKERS = 256
MAX_MODULE_NAME_CHARS = 255
MAX_MODULE_LIST_CHARS = 32_768


_type_name = type_name  # (read without running a caller's metaclass code: see verify.type_name)


def _known_literal(output: str, runs) -> bool:
    """Did every run see plain data behind ``output``, and is it short enough for the literal
    parser to read back?"""
    return all(raw.literal for raw in runs) and len(output) <= MAX_LITERAL_CHARS


def _same_values(outputs: list[str]) -> bool:
    # Equal values printed differently (a dict built from a set: same items, other order) are
    # deterministic; a list built from a set of strings is not, and its values differ too. Equal
    # means equal with the same types all the way down: 1 == True == 1.0 and 0.0 == -0.0 print
    # differently, so they are different outputs.
    # Each distinct text is read once: the runs mostly print two or three texts, and reading all
    # 127 outputs of determinism_runs=64 again took the parent 7 s for one validation of a 40,000-
    # character output (the twenty-fourth session's red team I).
    texts = list(dict.fromkeys(outputs))
    ok, first, _ = parse_literal(texts[0])
    if not ok:
        return False
    try:
        reference = _strict_key(first)
        for text in texts[1:]:
            ok, value, _ = parse_literal(text)
            if not ok or _strict_key(value) != reference:
                return False
    except (RecursionError, TypeError, ValueError):
        return False
    return True


def _strict_key(value):
    """A comparable form of a literal value that keeps every type and every float's sign:
    containers compare by content (a dict's or a set's order does not matter), scalars by type
    and printed form."""
    kind = type(value)
    if kind is list or kind is tuple:
        return (kind.__name__, tuple(_strict_key(v) for v in value))
    if kind is dict:
        return ("dict", frozenset((_strict_key(k), _strict_key(v)) for k, v in value.items()))
    if kind is set or kind is frozenset:
        return (kind.__name__, frozenset(_strict_key(v) for v in value))
    return (kind.__name__, repr(value))


def _program_verdict(pair_verdicts: tuple[Verdict, ...]) -> ProgramVerdict:
    count = len(pair_verdicts)
    passed = sum(v.correct for v in pair_verdicts)
    if count == 0:
        reason = "no hidden pairs to check"
    elif passed == count:
        reason = f"passed all {count} hidden pairs"
    else:
        first = next(v for v in pair_verdicts if not v.correct)
        reason = f"passed {passed} of {count} hidden pairs; first failure: {first.reason}"
    return ProgramVerdict(passed, count, pair_verdicts, reason)


def _compare(result: ExecResult, gold: object, what: str) -> Verdict:
    if not result.ok:
        return Verdict(False, f"{what} failed: {result.status.value}: {result.error}")
    if not isinstance(gold, str):
        return Verdict(False, f"the gold output must be text, got {_type_name(gold)}", produced=result.output)
    if outputs_equal(result.output, gold):
        return Verdict(True, f"{what} reproduces the gold output", produced=result.output)
    return Verdict(False, f"{what} returned {result.output[:80]}, not the gold output", produced=result.output)
