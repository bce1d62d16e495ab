"""The red team's corpus (``redteam_corpus.py``) against the public API.

What is contained stays contained (``ATTACKS``, ``POISONS`` and the OS-layer checks below). What got
through the first version of the new executor is in ``FAULTS`` and ``FALSE_POSITIVES``, each with its
diagnosis; each was fixed at its root, and its test asserts the behaviour a user relies on.

OS-level faults are shown with the Python layers off (screen, guards, audit), every OS layer on: the
issue asks the OS layer to hold when a program holds the real ``os``. The Python-level escapes show
that a program does get there with every layer on.
"""
from __future__ import annotations

import ctypes
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from azr_env.executor import ExecStatus, Executor, SandboxLayers

from .plain_python import plain_outputs
from .redteam_corpus import ATTACKS, FALSE_POSITIVES, FAULTS, POISONS

TIMEOUT = 1.0
MARGIN = 4.0  # the zygote's grace, a fork and the pipe round trips on a loaded 2-core machine
ENV_SECRET = "azr-env-redteam-secret-51ab"
FILE_SECRET = "azr-redteam-file-secret-c0de"
REPO = Path(__file__).resolve().parents[3]

PYTHON_OFF = SandboxLayers(screen=False, guards=False, audit=False, preload=("socket",))
SECCOMP_ALONE = SandboxLayers(screen=False, guards=False, audit=False, landlock=False)
X86_64 = platform.machine() == "x86_64" and sys.platform == "linux"
needs_x86_64 = pytest.mark.skipif(not X86_64, reason="the reproducers use x86_64 Linux system call numbers")
FAULT = {fault["name"]: fault for fault in FAULTS}


def _faults(kind=None, name=None):
    return [pytest.param(f, id=f["name"]) for f in FAULTS if f["kind"] == kind or f["name"] == name]


def _require(condition, message):
    """A broken set-up is a plain failure, never mistaken for the expected one."""
    if not condition:
        pytest.fail(f"set-up: {message}")


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redteam")
    tmp.chmod(0o777)
    secret_file = tmp_path_factory.mktemp("redteam_secrets") / "secret.txt"
    secret_file.write_text(FILE_SECRET)
    return tmp, secret_file


@pytest.fixture(scope="module")
def sandbox(places):
    os.environ["AZR_REDTEAM_SECRET"] = ENV_SECRET
    try:
        with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
            ex.run("def f(a):\n    return a", "0")
            yield ex
    finally:
        os.environ.pop("AZR_REDTEAM_SECRET", None)


def _fill(text, places, port):
    tmp, secret_file = places
    return text.replace("{TMP}", str(tmp)).replace("{PORT}", str(port)).replace("{SECRET_FILE}", str(secret_file))


def _check_no_effects(results, places, listener):
    tmp, _ = places
    assert sorted(p.name for p in tmp.iterdir()) == [], "an attack created a file"
    with pytest.raises(BlockingIOError):
        listener.accept()
    for result in results:
        for text in (result.output or "", result.error or "", result.stdout or ""):
            assert ENV_SECRET not in text and FILE_SECRET not in text


def _as_worker_user():
    """preexec_fn: run a victim process under the uid the sandbox workers run as."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)


@pytest.fixture()
def victim():
    """A process outside the executor that its workers' uid may act on."""
    proc = subprocess.Popen(["sleep", "60"], preexec_fn=_as_worker_user)
    time.sleep(0.1)
    yield proc
    proc.kill()
    proc.wait()


# -- contained --------------------------------------------------------------------------------------
def test_the_corpus_is_well_formed():
    names = [a[0] for a in ATTACKS] + [p[0] for p in POISONS] + [f["name"] for f in FAULTS] + [f[0] for f in FALSE_POSITIVES]
    assert len(names) == len(set(names))
    severities = ["os", "leak", "escape", "poison", "nondeterminism", "api"]
    assert all(f["severity"] in severities and f["diagnosis"] for f in FAULTS)
    assert [severities.index(f["severity"]) for f in FAULTS] == sorted(severities.index(f["severity"]) for f in FAULTS)


@pytest.mark.parametrize("method", ["run", "validate"])
def test_every_contained_attack_stays_contained(sandbox, places, listener, method):
    port = listener.getsockname()[1]
    call = getattr(sandbox, method)
    for name, program, inputs, expect in ATTACKS:
        program, inputs = _fill(program, places, port), _fill(inputs, places, port)
        start = time.monotonic()
        result = call(program, inputs)
        assert time.monotonic() - start < TIMEOUT + MARGIN, name
        _check_no_effects([result], places, listener)
        if expect == "refused":
            assert result.status is not ExecStatus.OK, f"{name} was accepted: {result.output!r}"
        elif expect == "nondeterministic" and method == "validate":
            assert result.status is ExecStatus.NONDETERMINISTIC, f"{name}: {result.status} {result.error}"
        assert result.ok or result.error, name
    answers = sandbox.validate_batch([("def f(a, b):\n    return sorted(a)[b]", f"[3, 1, 2], {i % 3}") for i in range(6)])
    assert [r.output for r in answers] == ["1", "2", "3"] * 2


@pytest.fixture(scope="module")
def pristine():
    with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as fresh:
        results = fresh.run_batch([(check, "0") for _name, _poison, check in POISONS])
    return {name: (r.status, r.output, r.stdout) for (name, _p, _c), r in zip(POISONS, results)}


@pytest.mark.parametrize("name, poison, check", POISONS, ids=[p[0] for p in POISONS])
def test_contained_poisons_do_not_reach_the_next_task(sandbox, pristine, name, poison, check):
    results = sandbox.run_batch([(poison, "0"), (check, "0")] * 3 + [(check, "0")] * 4)
    expected = pristine[name]
    assert expected[0] is ExecStatus.OK, expected
    for result in [*results[1:6:2], *results[6:]]:
        assert (result.status, result.output, result.stdout) == expected, name


@needs_x86_64
def test_the_os_layer_alone_refuses_what_it_lists():
    # Python layers off: these reach the kernel, which must say no.
    probes = {
        "x32 open": "import ctypes\ndef f(a):\n    l = ctypes.CDLL(None)\n    return l.syscall(0x40000000 | 2, b'/etc/hostname', 0)",
        "path stat": ("import ctypes\ndef f(a):\n    l = ctypes.CDLL(None)\n    b = ctypes.create_string_buffer(256)\n"
                      "    return l.syscall(262, -100, b'/etc/hostname', b, 0)"),
        "kill parent": "import os\ndef f(a):\n    try:\n        os.kill(os.getppid(), 0)\n    except OSError:\n        return 'blocked'",
        "socketpair": "import socket\ndef f(a):\n    try:\n        socket.socketpair()\n    except OSError:\n        return 'blocked'",
    }
    with Executor(workers=2, timeout=TIMEOUT, layers=PYTHON_OFF) as ex:
        results = {name: ex.run(program, "0") for name, program in probes.items()}
    assert results["x32 open"].status is ExecStatus.FORBIDDEN  # killed by the filter (foreign ABI)
    assert results["path stat"].output == "-1"
    assert results["kill parent"].output == "'blocked'" and results["socketpair"].output == "'blocked'"


@needs_x86_64
def test_landlock_scope_stops_fsetown_signals_where_the_kernel_has_it(victim):
    with Executor(workers=2, timeout=TIMEOUT, layers=PYTHON_OFF) as ex:
        if "signals" not in ex.sandbox_report()["landlock"]:
            pytest.skip("Landlock without signal scoping (ABI < 6)")
        ex.run(FAULT["fsetown_sigkill_same_uid_process"]["program"], str(victim.pid))
    time.sleep(0.3)
    assert victim.poll() is None


# -- faults: os ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def python_off():
    with Executor(workers=2, timeout=TIMEOUT, layers=PYTHON_OFF) as ex:
        yield ex


@pytest.fixture(scope="module")
def seccomp_alone():
    with Executor(workers=2, timeout=TIMEOUT, layers=SECCOMP_ALONE) as ex:
        yield ex


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _sysv_keys() -> set[int]:
    keys = set()
    for kind in ("shm", "msg", "sem"):
        path = Path(f"/proc/sysvipc/{kind}")
        if path.exists():
            keys |= {int(line.split()[0]) for line in path.read_text().splitlines()[1:] if line.strip()}
    return keys


def _remove_sysv(key):
    """Remove what the reproducer made (shm at key, msg at key + 1, sem at key + 2); IPC_RMID = 0."""
    shm, msg, sem = _libc.syscall(29, key, 0, 0), _libc.syscall(68, key + 1, 0), _libc.syscall(64, key + 2, 0, 0)
    if shm >= 0:
        _libc.syscall(31, shm, 0, None)  # shmctl
    if msg >= 0:
        _libc.syscall(71, msg, 0, None)  # msgctl
    if sem >= 0:
        _libc.syscall(66, sem, 0, 0, 0)  # semctl


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("os_sysv"))
def test_no_ipc_object_outlives_a_task(python_off, fault):
    _require(Path("/proc/sysvipc/shm").exists(), "this kernel shows no System V IPC table")
    key = 0x5A000000 + secrets.randbelow(1 << 20) * 4
    try:
        python_off.run(fault["program"], str(key))
        made = {key, key + 1, key + 2} & _sysv_keys()
    finally:
        _remove_sysv(key)
    assert not made, f"System V IPC objects created by a task: {sorted(made)}"


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("os_signal"))
def test_seccomp_alone_keeps_signals_in_the_worker(seccomp_alone, victim, fault):
    seccomp_alone.run(fault["program"], str(victim.pid))
    time.sleep(0.3)
    assert victim.poll() is None, "a process outside the worker was killed"


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("os_sched"))
def test_no_outside_process_is_rescheduled(python_off, victim, fault):
    before = (os.sched_getaffinity(victim.pid), _libc.syscall(252, 1, victim.pid))  # ioprio_get
    python_off.run(fault["program"], str(victim.pid))
    after = (os.sched_getaffinity(victim.pid), _libc.syscall(252, 1, victim.pid))
    assert after == before


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("os_mqueue"))
def test_seccomp_alone_creates_no_message_queue(seccomp_alone, fault):
    probe = f"azr_redteam_probe_{secrets.token_hex(4)}".encode()
    fd = _libc.syscall(240, probe, 0o100 | 2, 0o600, None)
    if fd < 0:
        pytest.skip("no POSIX message queues on this kernel")
    os.close(fd)
    _libc.syscall(241, probe)
    name = f"azr_redteam_{secrets.token_hex(4)}"
    seccomp_alone.run(fault["program"], repr(name))
    existed = _libc.syscall(241, name.encode()) == 0  # mq_unlink: also the clean-up
    assert not existed, "a POSIX message queue outlived the task"


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("os_orphan"))
def test_no_sandbox_process_outlives_close(fault):
    with Executor(workers=2, timeout=TIMEOUT, layers=PYTHON_OFF) as ex:
        result = ex.run(fault["program"], "0")
    pid = int(result.output) if result.ok else None
    time.sleep(0.5)
    alive = pid is not None and Path(f"/proc/{pid}").exists()
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"sandbox process {pid} survived Executor.close()"


# -- faults: leak -------------------------------------------------------------------------------------
@pytest.fixture()
def open_dir():
    """A directory every user may traverse (pytest's tmp_path is private to its owner), as most are."""
    path = Path(tempfile.mkdtemp(prefix="azr-redteam-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("leak_stat"))
def test_no_path_metadata_reaches_a_program(python_off, open_dir, fault):
    hidden = open_dir / "hidden.bin"
    hidden.write_bytes(b"x" * 31337)
    hidden.chmod(0o600)  # private: only its metadata is at stake
    result = python_off.run(fault["program"], repr(str(hidden)))
    assert "31337" not in (result.output or ""), result.output


@needs_x86_64
@pytest.mark.parametrize("fault", _faults("leak_xattr"))
def test_no_file_attribute_reaches_a_program(python_off, open_dir, fault):
    marked = open_dir / "marked.txt"
    marked.write_text("x")
    marked.chmod(0o644)
    try:
        os.setxattr(marked, "user.azr", FILE_SECRET.encode())
    except OSError as exc:
        pytest.skip(f"no user xattrs here: {exc}")
    result = python_off.run(fault["program"], repr(str(marked)))
    assert FILE_SECRET not in (result.output or ""), result.output


# -- faults: Python-level escapes, every layer on -------------------------------------------------------
@pytest.fixture(scope="module")
def escape_sandbox():
    with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
        yield ex


@pytest.mark.parametrize("fault", _faults("escape"))
def test_no_program_reaches_the_real_builtins_or_the_worker(escape_sandbox, fault):
    result = escape_sandbox.run(fault["program"], "0")
    assert result.status is not ExecStatus.OK, f"escaped: {result.output}"


# -- faults: poisoning ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", _faults("poison"))
def test_no_task_changes_what_a_later_task_computes(fault):
    poison, check = fault["poison"], fault["check"]
    with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
        before = ex.run_batch([(check, "0")] * 2)  # one per worker, before any poison
        expected = {(r.status, r.output, r.stdout) for r in before}
        _require(len(expected) == 1 and before[0].ok, f"the check differs between fresh workers: {expected}")
        # The poison runs twice in each worker (a program may need a first run to prepare the second),
        # then the check runs three times in each.
        results = ex.run_batch([(poison, "0")] * 4 + [(check, "0")] * 6)
    seen = [(r.status, r.output, r.stdout) for r in results[4:]]
    assert set(seen) == expected, seen


# -- faults: accepted nondeterminism --------------------------------------------------------------------
@pytest.mark.parametrize("fault", _faults("nondet_later_runs"))
def test_a_validated_output_is_what_later_runs_give(fault):
    with Executor(workers=2, timeout=TIMEOUT) as ex:
        validated = ex.validate(fault["program"], "0")
        later = [r.output for r in ex.run_batch([(fault["program"], "0")] * 6)]
    _require(validated.ok or validated.status is ExecStatus.NONDETERMINISTIC, validated)
    assert not validated.ok or set(later) == {validated.output}, (validated.output, later)


@pytest.mark.parametrize("fault", _faults("nondet_text"))
def test_validate_accepts_only_outputs_every_worker_prints_alike(fault):
    with Executor(workers=2, timeout=TIMEOUT) as ex:
        verdicts = ex.validate_batch([(p, "0") for p in fault["programs"]])
        both = ex.run_batch([(p, "0") for p in fault["programs"] for _ in range(2)])  # worker 0, worker 1
    disagreeing = [k for k, v in enumerate(verdicts) if v.ok and both[2 * k].output != both[2 * k + 1].output]
    assert not disagreeing, [(both[2 * k].output, both[2 * k + 1].output) for k in disagreeing]


@pytest.mark.parametrize("fault", _faults("nondet_validate"))
def test_every_set_order_dependent_program_is_caught(fault):
    with Executor(workers=2, timeout=TIMEOUT) as ex:
        verdicts = ex.validate_batch([(p, "0") for p in fault["programs"]])
    accepted = sum(v.ok for v in verdicts)
    assert accepted == 0, f"{accepted} of {len(verdicts)} accepted"


# -- faults: the API raises or stalls ---------------------------------------------------------------------
def _deep(n, fn):
    return fn() if n == 0 else _deep(n - 1, fn)


@pytest.mark.parametrize("fault", _faults("api_deep_json"))
def test_nothing_a_worker_sends_makes_the_parent_raise(fault):
    with Executor(workers=2, timeout=TIMEOUT, layers=PYTHON_OFF) as ex:
        try:
            _deep(80, lambda: ex.run(fault["program"], "960"))
            raised = None
        except RecursionError as exc:
            raised = exc
    assert raised is None, raised


@pytest.mark.parametrize("fault", _faults("api_stall"))
def test_a_lingering_child_does_not_stall_later_tasks(fault):
    honest = [("import re\ndef f(a):\n    return a", str(i)) for i in range(4)]
    with Executor(workers=2, timeout=TIMEOUT, layers=PYTHON_OFF) as ex:
        ex.run(fault["program"], "0")
        start = time.monotonic()
        results = ex.run_batch(honest)
        elapsed = time.monotonic() - start
    _require([r.output for r in results] == ["0", "1", "2", "3"], results)
    assert elapsed < TIMEOUT + MARGIN, f"honest tasks took {elapsed:.1f}s"


class _RaisingHash(str):
    def __hash__(self):
        raise RuntimeError("hash")


@pytest.mark.parametrize("fault", _faults(name="str_subclass_with_raising_hash"))
def test_a_str_subclass_gets_a_result_not_an_exception(sandbox, fault):
    program = "def f(a):\n    return a"
    calls = [lambda: sandbox.run(_RaisingHash(program), "0"), lambda: sandbox.run(program, _RaisingHash("0")),
             lambda: sandbox.check_input_prediction(program, _RaisingHash("1"), "1")]
    raised = []
    for call in calls:
        try:
            call()
        except RuntimeError as exc:
            raised.append(exc)
    assert not raised


_MEMO_POISON = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from azr_env.executor import Executor
    class LyingEq(str):
        def __eq__(self, other):
            raise RuntimeError("eq")
        __hash__ = str.__hash__
    with Executor(workers=2, timeout=1.0) as ex:
        ex.run("def f(a):\\n    return a", LyingEq("0"))
    with Executor(workers=2, timeout=1.0) as other:
        try:
            print(other.run("def f(a):\\n    return a", "0").status.value)
        except RuntimeError as exc:
            print("RAISED", exc)
""")


@pytest.mark.parametrize("fault", _faults(name="str_subclass_poisons_process_wide_memo"))
def test_one_odd_argument_does_not_break_later_calls(fault):
    # In a subprocess: the memo it poisons is process-wide.
    done = subprocess.run([sys.executable, "-c", _MEMO_POISON, str(REPO)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stdout + done.stderr[-500:]


@pytest.mark.parametrize("fault", _faults(name="infinite_timeout_accepted_then_raises"))
def test_an_unusable_timeout_is_refused_up_front(fault):
    try:
        ex = Executor(workers=2, timeout=float("inf"))
    except ValueError:
        return  # refused with a clear error: fine
    try:
        with ex:
            result = ex.run("def f(a):\n    return a", "1")
        raised = None
    except OverflowError as exc:
        raised, result = exc, None
    assert raised is None and result.ok


# -- false positives ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def false_positive_runs():
    jobs = [(name, program, inputs) for name, program, inputs, _why in FALSE_POSITIVES]
    plain = plain_outputs([(program, inputs) for _name, program, inputs in jobs])
    # The first entry is refused in about half of all fresh runners (it depends on the heap layout,
    # which the hash seed changes): it runs as the first job of twelve, the worst result counts.
    first = None
    for _ in range(2):
        with Executor(workers=6, timeout=2.0) as ex:
            for result in ex.run_batch([(jobs[0][1], jobs[0][2])] * 6):  # one job per worker
                first = result if first is None or first.ok else first
    with Executor(workers=2, timeout=2.0) as ex:
        rest = ex.validate_batch([(program, inputs) for _name, program, inputs in jobs[1:]])
    return {name: (expected, result) for (name, _p, _i), expected, result in zip(jobs, plain, [first, *rest])}


@pytest.mark.parametrize("name", [pytest.param(f[0], id=f[0])
                                  for f in FALSE_POSITIVES])
def test_harmless_programs_get_plain_pythons_output(false_positive_runs, name):
    expected, result = false_positive_runs[name]
    _require(expected is not None, "plain Python fails on this entry, or disagrees with itself")
    assert result.ok and result.output == expected, (result.status.value, result.output or result.error)
