"""Hostile programs: the shared attack examples plus our own, one per class of attack.

For every program we check what a user relies on: no file appears, no connection is made, no
secret (from the parent's environment or a file) leaks into any field of the result, the call
ends within the timeout plus a margin, and the executor still answers correctly afterwards.
"""
from __future__ import annotations

import ast
import os
import socket
import time
from pathlib import Path

import pytest

from azr_env.executor import ExecStatus, Executor

TIMEOUT = 1.0
MARGIN = 3.0  # kill, respawn and the pipe round trip on a loaded 2-core machine
ENV_SECRET = "azr-env-secret-7d1c0ffee"
FILE_SECRET = "azr-file-secret-9b4d00d"


def _shared_examples(shared_data: Path) -> list[tuple[str, str, str]]:
    # The file is data: read the EXAMPLES literal without executing anything.
    tree = ast.parse((shared_data / "attack-examples.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "EXAMPLES":
            return ast.literal_eval(node.value)
    raise AssertionError("EXAMPLES not found in attack-examples.py")


# name, program ({TMP}, {PORT} and {SECRET_FILE} are filled in), inputs
OWN_ATTACKS = [
    ("getattr_dunder", "def f(a):\n    return getattr(a, '__cla' + 'ss__').__subclasses__()", "0"),
    ("attrgetter_dunder", "import operator\ndef f(a):\n    return operator.attrgetter('__class__.__base__')(a)", "0"),
    ("methodcaller_format", "import operator\ndef f(a):\n    return operator.methodcaller('format', f)('{0.__globals__}')", "0"),
    ("formatter_walk", "import string\ndef f(a):\n    return string.Formatter().format('{0.__globals__}', f)", "0"),
    ("unbound_str_format", "def f(a):\n    return str.format('{0.__globals__}', f)", "0"),
    ("format_map_walk", "def f(a):\n    return '{x.__globals__}'.format_map({'x': f})", "0"),
    ("getattr_format", "def f(a):\n    return getattr('{0.__globals__}', 'format')(f)", "0"),
    ("type_hints_eval", "import typing\ndef g(x: \"open('{SECRET_FILE}').read()\"):\n    pass\ndef f(a):\n    return typing.get_type_hints(g)", "0"),
    ("module_attribute_walk", "import dataclasses\ndef f(a):\n    return dataclasses.sys.modules['posix'].environ", "0"),
    ("typing_sys_walk", "import typing\ndef f(a):\n    return typing.sys.modules['os'].system('touch {TMP}/z')", "0"),
    ("import_sys", "import sys\ndef f(a):\n    return sys.modules", "0"),
    ("import_socket", "import socket\ndef f(a):\n    socket.create_connection(('127.0.0.1', {PORT}))\n    return a", "0"),
    ("import_builtin_socket", "def f(a):\n    s = __import__('socket').socket()\n    s.connect(('127.0.0.1', {PORT}))", "0"),
    ("import_ctypes", "import ctypes\ndef f(a):\n    return ctypes.CDLL(None).system(b'id')", "0"),
    ("import_subprocess", "import subprocess\ndef f(a):\n    return subprocess.run(['id'])", "0"),
    ("import_pathlib", "import pathlib\ndef f(a):\n    return pathlib.Path('{SECRET_FILE}').read_text()", "0"),
    ("import_io", "import io\ndef f(a):\n    return io.open('{SECRET_FILE}').read()", "0"),
    ("import_importlib", "import importlib\ndef f(a):\n    return importlib.import_module('os').environ", "0"),
    ("builtins_dict", "def f(a):\n    return __builtins__['open']('{SECRET_FILE}').read()", "0"),
    ("globals_call", "def f(a):\n    return globals()", "0"),
    ("vars_call", "def f(a):\n    return vars()", "0"),
    ("traceback_frame", "def f(a):\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n        return e.__traceback__.tb_frame.f_globals", "0"),
    ("generator_code", "def f(a):\n    g = (x for x in [a])\n    return g.gi_code", "0"),
    ("function_code", "def f(a):\n    return (lambda: 0).__code__", "0"),
    ("magic_getattribute", "class X:\n    def __getattribute__(self, n):\n        return n\ndef f(a):\n    return X().y", "0"),
    ("input_call", "def f(a):\n    return input()", "0"),
    ("exit_call", "def f(a):\n    exit(3)", "0"),
    ("raise_system_exit", "def f(a):\n    raise SystemExit(3)", "0"),
    ("raise_keyboard_interrupt", "def f(a):\n    raise KeyboardInterrupt", "0"),
    ("recursion", "def f(a):\n    return f(a)", "0"),
    ("print_flood", "def f(a):\n    while True:\n        print('x' * 1000)", "0"),
    ("huge_output", "def f(a):\n    return list(range(10 ** 6))", "0"),
    ("regex_backtracking", "import re\ndef f(a):\n    return re.match('(a+)+$', 'a' * 64 + 'b')", "0"),
    ("big_power", "def f(a):\n    return 7 ** 7 ** 12", "0"),
    ("list_bomb", "def f(a):\n    return [0] * (10 ** 10)", "0"),
    ("catch_everything_spin", "def g(n):\n    return n + 1\ndef f(a):\n    while True:\n        try:\n            while True:\n                a = g(a)\n        except BaseException:\n            pass", "0"),
    ("namedtuple_injection", "from collections import namedtuple\ndef f(a):\n    return namedtuple('P', \"x, y=open('{SECRET_FILE}')\")", "0"),
    ("class_poison", "import fractions\ndef f(a):\n    fractions.Fraction.limit_denominator = None\n    return a", "0"),
    ("write_via_setattr", "import math\ndef f(a):\n    setattr(math, 'sqrt', abs)\n    return a", "0"),
    ("inputs_with_call", "def f(a):\n    return a", "__import__('os').system('touch {TMP}/w')"),
    ("inputs_with_lambda", "def f(a):\n    return a()", "lambda: open('{SECRET_FILE}').read()"),
]


@pytest.fixture(scope="module")
def listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory, listener):
    tmp = tmp_path_factory.mktemp("attacks")
    secret_file = tmp_path_factory.mktemp("secrets") / "secret.txt"
    secret_file.write_text(FILE_SECRET)
    os.environ["AZR_TEST_SECRET"] = ENV_SECRET  # present in the parent before the workers start
    try:
        with Executor(workers=2, timeout=TIMEOUT, memory_mb=512) as ex:
            ex.run("def f(a):\n    return a", "0")
            yield ex, tmp, secret_file
    finally:
        os.environ.pop("AZR_TEST_SECRET", None)


def _all_attacks(shared_data):
    return [(n, p, i) for n, p, i in _shared_examples(shared_data)] + OWN_ATTACKS


def _fill(text, tmp, port, secret_file):
    # The shared examples double their braces for str.format; our own use single-brace markers.
    return (
        text.replace("{{", "{").replace("}}", "}") if "{TMP}" in text or "{{" in text else text
    ).replace("{TMP}", str(tmp)).replace("{PORT}", str(port)).replace("{SECRET_FILE}", str(secret_file))


def _check_no_effects(results, tmp, listener):
    assert sorted(p.name for p in tmp.iterdir()) == [], "an attack created a file"
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected
    for result in results:
        for text in (result.output or "", result.error or "", result.stdout or ""):
            assert ENV_SECRET not in text and FILE_SECRET not in text


def test_every_attack_is_contained(sandbox, listener, shared_data):
    ex, tmp, secret_file = sandbox
    port = listener.getsockname()[1]
    attacks = _all_attacks(shared_data)
    assert len(attacks) >= 50
    harmless_ok = {"poison_builtin"}  # refused outright; kept here to show it never leaks (below)
    for name, program, inputs in attacks:
        program = _fill(program, tmp, port, secret_file)
        inputs = _fill(inputs, tmp, port, secret_file)
        for method in (ex.run, ex.validate):
            start = time.monotonic()
            result = method(program, inputs)
            elapsed = time.monotonic() - start
            assert elapsed < TIMEOUT + MARGIN, f"{name}: took {elapsed:.1f}s"
            _check_no_effects([result], tmp, listener)
            if name.startswith("nondeterministic") and method is ex.validate:
                assert result.status is ExecStatus.NONDETERMINISTIC, name
            elif not name.startswith("nondeterministic") and name not in harmless_ok:
                assert result.status is not ExecStatus.OK, f"{name} was accepted: {result.output!r}"
    # Still correct afterwards, on every worker.
    answers = ex.validate_batch([("def f(a, b):\n    return sorted(a)[b]", f"[3, 1, 2], {i % 3}") for i in range(12)])
    assert [r.output for r in answers] == ["1", "2", "3"] * 4


def test_attacks_in_one_batch_do_not_disturb_honest_neighbours(sandbox, listener, shared_data):
    ex, tmp, secret_file = sandbox
    port = listener.getsockname()[1]
    pairs = []
    for name, program, inputs in _all_attacks(shared_data):
        pairs.append((_fill(program, tmp, port, secret_file), _fill(inputs, tmp, port, secret_file)))
        pairs.append(("def f(a):\n    return a * 2", str(len(pairs))))
    results = ex.run_batch(pairs)
    _check_no_effects(results, tmp, listener)
    honest = [(int(x), r) for (p, x), r in zip(pairs, results) if p == "def f(a):\n    return a * 2"]
    assert all(r.ok and r.output == str(2 * x) for x, r in honest)


def test_workers_run_with_a_scrubbed_environment_and_rlimits(sandbox):
    ex, _, _ = sandbox
    for worker in ex._pool.workers:
        environ = Path(f"/proc/{worker.proc.pid}/environ").read_bytes()
        assert ENV_SECRET.encode() not in environ
        assert set(environ.split(b"\0")) - {b""} <= {b"PATH=" + os.defpath.encode(), f"PYTHONHASHSEED={worker.seed}".encode()}
        limits = Path(f"/proc/{worker.proc.pid}/limits").read_text()
        assert any(line.startswith("Max file size") and line.split()[3] == "0" for line in limits.splitlines())
        assert any(line.startswith("Max address space") and line.split()[3] == str(512 * 1024 * 1024) for line in limits.splitlines())
        assert any(line.startswith("Max processes") and line.split()[2] == "0" for line in limits.splitlines())
        fds = os.listdir(f"/proc/{worker.proc.pid}/fd")
        assert len(fds) <= 7  # stdio on /dev/null, the two pipes, the slot page (no stray files)
