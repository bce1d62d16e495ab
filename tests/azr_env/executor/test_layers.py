"""Each safety layer alone: the layers before it (and the others) are turned off, and a program
that holds the real interpreter (real builtins, the real ``os``) attacks what this layer guards.

What each layer guarantees on its own is what the README's executor section states; these tests
are that statement, executable. The order is the one the layers are applied in: screen (parent),
guards, audit hook, rlimits, privileges, Landlock, seccomp.
"""
from __future__ import annotations

import os
import socket
import threading

import pytest

from azr_env.executor import ExecStatus, Executor, SandboxLayers

NOTHING = SandboxLayers(screen=False, guards=False, audit=False, rlimits=False, privileges=False,
                        landlock=False, seccomp=False, preload=("socket",))
SECRET = "layer-secret-4f1e"

# Every attempt is made with the real os module and real builtins; each result is recorded as
# the value it returned or "blocked: <exception>". Nothing here is refused before it runs.
PROBE = r'''
import os, resource, socket
def f(tmp, victim, secret, port, outsider):
    out = {}
    def attempt(name, fn):
        try:
            out[name] = repr(fn())[:120]
        except BaseException as exc:
            out[name] = "blocked: " + type(exc).__name__
    attempt("create", lambda: os.close(os.open(tmp + "/created", os.O_CREAT | os.O_WRONLY, 0o644)))
    attempt("read", lambda: open(secret).read())
    attempt("delete", lambda: os.unlink(victim))
    attempt("rename", lambda: os.rename(victim, tmp + "/moved"))
    attempt("mkdir", lambda: os.mkdir(tmp + "/made"))
    attempt("list", lambda: os.listdir("/"))
    attempt("connect", lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close())
    def fork():
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        return "forked"
    attempt("fork", fork)
    attempt("signal", lambda: os.kill(outsider, 0))
    attempt("raise_limit", lambda: resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY,) * 2))
    return out
'''
EXEC_PROBE = ("import os\ndef f(a):\n    try:\n        os.execv('/bin/true', ['/bin/true'])\n"
              "    except BaseException as exc:\n        return 'blocked: ' + type(exc).__name__")


@pytest.fixture()
def places(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    tmp.chmod(0o777)
    victim = tmp_path / "victim.txt"
    victim.write_text("still here")
    victim.chmod(0o666)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    secret.chmod(0o600)  # readable by its owner only
    tmp_path.chmod(0o755)
    return tmp, victim, secret


@pytest.fixture()
def listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _probe(layers: SandboxLayers, places, listener) -> dict:
    tmp, victim, secret = places
    with Executor(workers=2, timeout=5.0, layers=layers) as ex:
        # The process to signal is this one: outside the worker, the executor's own parent.
        arguments = (str(tmp), str(victim), str(secret), listener.getsockname()[1], os.getpid())
        result = ex.run(PROBE, repr(arguments)[1:-1])
        exec_result = ex.run(EXEC_PROBE, "0")
        report = ex.sandbox_report()
    assert result.ok, result.error
    out = eval(result.output)  # noqa: S307 -- the repr of a dict of strings the probe built
    # A successful exec replaces the worker process: the job then has no answer of its own.
    out["exec"] = exec_result.output.strip("'") if exec_result.ok else "replaced the process"
    out["_report"] = report
    return out


def _observed(places, listener) -> dict:
    """What the parent can see happened."""
    tmp, victim, _ = places
    try:
        listener.accept()[0].close()
        connected = True
    except BlockingIOError:
        connected = False
    return {"files_made": sorted(p.name for p in tmp.iterdir()), "victim": victim.exists(), "connected": connected}


def _blocked(out, *names):
    for name in names:
        assert str(out[name]).startswith("blocked"), (name, out[name])


def test_with_every_layer_off_the_probe_does_reach_the_machine(places, listener):
    # The control: without the layers, the probe's attempts succeed, so the tests below can fail.
    out = _probe(NOTHING, places, listener)
    seen = _observed(places, listener)
    assert SECRET in out["read"] and "forked" in out["fork"] and out["exec"] == "replaced the process"
    assert seen["connected"] and "created" in seen["files_made"] and not seen["victim"]


def test_seccomp_alone_stops_files_sockets_processes_signals_and_limits(places, listener):
    out = _probe(SandboxLayers(**{**NOTHING.__dict__, "seccomp": True}), places, listener)
    assert out["_report"]["seccomp"].startswith("active")
    _blocked(out, "create", "read", "delete", "rename", "mkdir", "list", "connect", "fork", "signal", "raise_limit",
             "exec")
    assert _observed(places, listener) == {"files_made": [], "victim": True, "connected": False}


def test_landlock_alone_stops_the_file_system_tcp_and_signals_out(places, listener):
    out = _probe(SandboxLayers(**{**NOTHING.__dict__, "landlock": True}), places, listener)
    if not out["_report"]["landlock"].startswith("active"):
        pytest.skip(f"Landlock unavailable here: {out['_report']['landlock']}")
    _blocked(out, "create", "read", "delete", "rename", "mkdir", "list", "connect", "signal", "exec")
    assert _observed(places, listener) == {"files_made": [], "victim": True, "connected": False}
    # What Landlock does not cover on its own: process creation and limits (seccomp's part).
    assert "forked" in out["fork"]


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs a worker started as root")
def test_dropping_root_alone_keeps_root_files_and_other_processes_out_of_reach(places, listener):
    tmp, _, _ = places
    tmp.chmod(0o755)  # root's directory: not writable by the unprivileged worker
    out = _probe(SandboxLayers(**{**NOTHING.__dict__, "privileges": True}), places, listener)
    assert out["_report"]["privileges"].startswith("dropped")
    _blocked(out, "create", "read", "delete", "rename", "mkdir", "signal")
    assert _observed(places, listener)["files_made"] == [] and _observed(places, listener)["victim"]


@pytest.mark.skipif(os.geteuid() != 0, reason="as root, only the dropped privileges make hard limits binding")
def test_rlimits_with_dropped_privileges_cannot_be_raised_again():
    layers = SandboxLayers(**{**NOTHING.__dict__, "rlimits": True, "privileges": True})
    program = ("import resource\ndef f(a):\n    try:\n        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY,) * 2)\n"
               "    except (ValueError, OSError) as exc:\n        return 'blocked'\n    return 'raised'")
    with Executor(workers=2, timeout=5.0, layers=layers) as ex:
        assert ex.run(program, "0").output == "'blocked'"


def test_rlimits_alone_cap_memory_and_file_size():
    layers = SandboxLayers(**{**NOTHING.__dict__, "rlimits": True})
    with Executor(workers=2, timeout=5.0, memory_mb=256, layers=layers) as ex:
        assert ex.run("def f(a):\n    return len(bytearray(10 ** 9))", "0").status is ExecStatus.MEMORY
        # A write of even one byte to any file fails with EFBIG (the file-size limit is 0).
        writes = ex.run("import os\ndef f(a):\n    r, w = os.pipe()\n    return os.write(w, b'x')", "0")
        assert writes.ok  # pipes are not files
        limited = ex.run("import resource\ndef f(a):\n    return resource.getrlimit(resource.RLIMIT_FSIZE)", "0")
        assert limited.output == "(0, 0)"
        no_core = ex.run("import resource\ndef f(a):\n    return resource.getrlimit(resource.RLIMIT_CORE)", "0")
        assert no_core.output == "(0, 0)"


def test_audit_hook_alone_refuses_io_processes_and_imports():
    layers = SandboxLayers(**{**NOTHING.__dict__, "audit": True})
    attempts = {
        "open": "def f(a):\n    return open('/etc/hostname').read()",
        "os.system": "import os\ndef f(a):\n    return os.system('true')",
        "fork": "import os\ndef f(a):\n    return os.fork()",
        "exec": "import os\ndef f(a):\n    os.execv('/bin/true', ['/bin/true'])",
        "socket": "import socket\ndef f(a):\n    return socket.socket()",
        "listdir": "import os\ndef f(a):\n    return os.listdir('/')",
        "import": "def f(a):\n    import xml.dom\n    return 1",
        "compile": "def f(a):\n    return eval(\"__import__('os').system('true')\")",
        # CPython 3.11 reads these without an event; the worker marks them as audited reads, so
        # every route to them (attribute syntax here, C code or library code elsewhere) meets the hook.
        "a library function's globals": "import json\ndef f(a):\n    return sorted(json.dumps.__globals__)[:3]",
        "a library function's builtins": "import json\ndef f(a):\n    return len(json.dumps.__builtins__)",
        "a library closure's cells": "import functools\ndef f(a):\n    return len(functools.lru_cache(maxsize=1).__closure__)",
        # The program's own function's globals hold the helpers the screen's rewrites call: only
        # typing.get_type_hints may read them (the sixteenth session's red team rebound them).
        "the program's own globals": "def f(a):\n    return len(f.__globals__)",
        # The import machinery's loaders hand back a loaded module (the real sys) with no event.
        "a module through a loader": (
            "def f(a):\n    loader = [c for c in object.__subclasses__() if c.__name__ == 'BuiltinImporter'][0]\n"
            "    return repr(loader.load_module('sys'))"),
        # A builtin function's __self__ (the real builtins module, the real math module) is read
        # by a C getter with no event: the worker routes that getter through a check.
        "a builtin function's module": "def f(a):\n    return repr(len.__self__)",
        "a builtin function's module, by name": "import math\ndef f(a):\n    return repr(getattr(math.sqrt, '__self__'))",
        # A change of class that brings in a library class the object's class did not have: reads
        # allowed on the old class would land in the library's (object_set_class's audit event).
        "moving an object under a library class": (
            "import string\nclass C:\n    pass\nclass X(string.Formatter):\n    pass\n"
            "def f(a):\n    c = C()\n    c.__class__ = X\n    return 1"),
        # ... or that takes a library object out of its class: that class's methods are what keep
        # its state to itself (the sandbox's set iterator hid its C chain's parts by its __reduce__).
        "moving a library object out of its class": (
            "import string\nclass C:\n    pass\n"
            "def f(a):\n    x = string.Formatter()\n    x.__class__ = C\n    return 1"),
        # ... or that puts a library object under a class whose metaclass is the program's (its
        # ``mro`` could reorder the library's classes afterwards).
        "moving a library object under a program metaclass": (
            "import string\nclass M(type):\n    pass\nclass C(string.Formatter, metaclass=M):\n    pass\n"
            "def f(a):\n    x = string.Formatter()\n    x.__class__ = C\n    return 1"),
    }
    with Executor(workers=2, timeout=5.0, layers=layers) as ex:
        for name, program in attempts.items():
            result = ex.run(program, "0")
            assert result.status is ExecStatus.FORBIDDEN, (name, result)
            assert "refused at run time" in result.error


def test_guards_alone_refuse_imports_introspection_and_foreign_writes():
    layers = SandboxLayers(**{**NOTHING.__dict__, "guards": True})
    attempts = {
        "import os": "import os\ndef f(a):\n    return os.getcwd()",
        "getattr globals": "def f(a):\n    return getattr(f, '__globals__')",
        "getattr self": "def f(a):\n    return getattr(len, '__self__')",
        "open": "def f(a):\n    return open('/etc/hostname').read()",
        "eval": "def f(a):\n    return eval('1')",
        "setattr stdlib": "import fractions\ndef f(a):\n    setattr(fractions.Fraction, 'x', 1)",
        # A library class's namespace is a checked copy: the getset descriptor that reads any
        # class's real namespace is withheld.
        "vars of a library class": "def f(a):\n    return vars(type)['__dict__'].__get__(str)",
        "attrgetter": "import operator\ndef f(a):\n    return operator.attrgetter('__globals__')(f)",
        "private module": "def f(a):\n    import re\n    return re._parser",
    }
    with Executor(workers=2, timeout=5.0, layers=layers) as ex:
        for name, program in attempts.items():
            result = ex.run(program, "0")
            assert not result.ok, (name, result)


def test_guards_alone_hold_library_code_and_forwarding_objects_to_the_programs_rights():
    # Objects that forward attribute reads (generic aliases, bound methods) and library code that
    # reads, writes or resolves modules for the program (dataclasses, typing's aliases,
    # functools.cached_property, enum) give it no more than its own getattr would.
    layers = SandboxLayers(**{**NOTHING.__dict__, "guards": True})
    refused = {
        "a generic alias's forwarded __dict__": "GA = type(list[int])\ndef f(a):\n    return getattr(GA(object, ()), '__dict__')",
        "object.__getstate__ of a class": "def f(a):\n    return getattr(object, '__getstate__')(type)",
        # C reads each name a class lists in __slotnames__, past the name checks: the slots are
        # read again through the guard.
        "a refused attribute listed in __slotnames__": (
            "class E(Exception):\n    __slotnames__ = ['__traceback__']\ndef f(a):\n    try:\n        raise E()\n"
            "    except E as e:\n        return getattr(object, '__getstate__')(e)[1]['__traceback__'].tb_lineno"),
        "a subclass of a generic alias": (
            "class G(type(list[int])):\n    __slotnames__ = ['__globals__']\n"
            "def f(a):\n    return sorted(getattr(object, '__getstate__')(G(getattr, ()))[1]['__globals__'])[:3]"),
        "a private name through a generic alias": "import enum\nGA = type(list[int])\ndef f(a):\n    return getattr(GA(enum.Enum, ()), '_convert_')",
        "cached_property on a library class": ("import functools\ndef f(a):\n    cp = functools.cached_property(len)\n"
                                               "    cp.attrname = '__getattribute__'\n    return cp.__get__(object, None)"),
        "typing's alias forwarding": ("import enum, typing\nclass K:\n    pass\ndef f(a):\n    alias = typing.List[K]\n"
                                      "    alias.__origin__ = enum.Enum\n    return alias.__getattr__('_convert_')"),
        "dataclasses.replace with hand-made fields": (
            "import dataclasses, enum\nfield = dataclasses.field()\nfield.name = '_convert_'\n"
            "class Meta(enum.EnumType):\n    __dataclass_fields__ = {'x': field}\n"
            "class E(enum.Enum, metaclass=Meta):\n    A = 1\ndef f(a):\n    return dataclasses.replace(E)"),
        "a generated dataclass method on a library object": (
            "import enum\nfrom dataclasses import dataclass\n@dataclass\nclass C:\n    _convert_: int = 0\n"
            "def f(a):\n    return C.__repr__(enum.Enum)"),
        "a forward reference evaluated in a real module": (
            "import typing\nclass C:\n    x: typing.ForwardRef('getattr', module='builtins')\n"
            "def f(a):\n    return typing.get_type_hints(C)['x'](len, '__self__')"),
        "a generated comparison whose other lies about its class": (
            "import enum\nfrom dataclasses import dataclass\nbox = []\n@dataclass\nclass C:\n    _convert_: int = 0\n"
            "class Grab:\n    def __eq__(self, other):\n        box.append(other)\n        return True\n"
            "class Meta(enum.EnumType):\n    @property\n    def __class__(cls):\n        return C\n"
            "class Fake(enum.Enum, metaclass=Meta):\n    pass\n"
            "def f(a):\n    C.__eq__(C(Grab()), Fake)\n    return box[0]('X', '__main__', lambda n: False)"),
        "a library private name a __dict__ property claims as the program's": (
            "import fractions\nclass X(fractions.Fraction):\n    @property\n    def __dict__(self):\n"
            "        return {'_operator_fallbacks': 1}\ndef f(a):\n    return getattr(X(1), '_operator_fallbacks')"),
        "enum.global_enum into a real module": (
            "import enum\nclass C(enum.Enum):\n    pi = 1\nC.__module__ = 'math'\ndef f(a):\n    enum.global_enum(C)\n    return a"),
        # dataclasses compiles its methods where the class's __module__ (here answered by its
        # metaclass) points; an InitVar with init=False is then a global load of that module.
        "dataclass code compiled in a library module": (
            "import dataclasses\nclass M(type):\n    def __getattribute__(cls, name):\n"
            "        return 'dataclasses' if name == '__module__' else type.__getattribute__(cls, name)\n"
            "got = []\nclass C(metaclass=M):\n    sys: dataclasses.InitVar[int] = dataclasses.field(init=False, default=0)\n"
            "    def __post_init__(self, sys):\n        got.append(sys)\n"
            "def f(a):\n    dataclasses.dataclass(C)()\n    return repr(got[0])"),
        "copy restoring state into a library object": (
            "import copy, typing\ndef red(self, proto):\n    return (lambda: typing.List, (), ({'_name': 'Hacked'}, None))\n"
            "def f(a):\n    copy.copy(type('X', (), {'__reduce' + '_ex__': red})())\n    return repr(typing.List)"),
    }
    copied = {  # the program may change what it got; the library's own object stays as it was
        "a bound method's forwarded __kwdefaults__": (
            "import heapq\nclass A:\n    def m(self):\n        pass\ndef f(a):\n"
            "    getattr(type(A().m)(heapq.merge, 0), '__kwdefaults__')['reverse'] = True\n"
            "    return heapq.merge.__kwdefaults__['reverse']", "False"),
        "a staticmethod's shared __annotations__": (
            "import heapq\ndef f(a):\n    getattr(staticmethod(heapq.merge), '__annotations__')['x'] = 1\n"
            "    return 'x' in heapq.merge.__annotations__", "False"),
        "a classmethod's own __dict__, which holds the same dict": (
            "import heapq\ndef f(a):\n    vars(classmethod(heapq.merge))['__annotations__']['x'] = 1\n"
            "    return 'x' in heapq.merge.__annotations__", "False"),
        "object.__getstate__ of a staticmethod": (
            "import heapq\ndef f(a):\n    getattr(object, '__getstate__')(staticmethod(heapq.merge))['__annotations__']['x'] = 1\n"
            "    return 'x' in heapq.merge.__annotations__", "False"),
    }
    with Executor(workers=2, timeout=5.0, layers=layers) as ex:
        for name, program in refused.items():
            result = ex.run(program, "0")
            assert not result.ok, (name, result)
        for name, (program, expected) in copied.items():
            result = ex.run(program, "0")
            assert result.ok and result.output == expected, (name, result)


def test_screen_alone_refuses_before_anything_runs(tmp_path):
    layers = SandboxLayers(**{**NOTHING.__dict__, "screen": True})
    marker = tmp_path / "ran"
    attempts = [
        f"import os\ndef f(a):\n    return a\nopen({str(marker)!r}, 'w')",
        f"def f(a):\n    return a\nf.__globals__['x'] = open({str(marker)!r}, 'w')",
        f"def f(a):\n    return a\neval(\"open({str(marker)!r}, 'w')\")",
    ]
    with Executor(workers=2, timeout=5.0, layers=layers) as ex:
        for program in attempts:
            assert ex.run(program, "0").status is ExecStatus.FORBIDDEN
    assert not marker.exists()


def test_the_report_says_which_layers_are_on():
    with Executor(workers=2, layers=SandboxLayers(seccomp=False)) as ex:
        report = ex.sandbox_report()
    assert report["seccomp"] == "off" and report["landlock"].startswith(("active", "unavailable"))
    with Executor(workers=2) as ex:
        report = ex.sandbox_report()
    assert all(report[k].startswith("active") for k in ("screen", "guards", "audit_hook", "rlimits", "seccomp"))


def test_a_missing_os_layer_is_said_loudly(monkeypatch):
    from azr_env.executor import executor as executor_module

    ex = Executor(workers=2)
    with pytest.warns(RuntimeWarning, match="operating-system sandbox is not fully active"):
        ex._check_report({"seccomp": "unavailable: no libseccomp", "landlock": "active (ABI 7)"})
    strict = Executor(workers=2, require_os_sandbox=True)
    with pytest.raises(RuntimeError, match="seccomp: unavailable"):
        strict._check_report({"seccomp": "unavailable: no libseccomp", "landlock": "active"})
    assert executor_module  # the module is importable on its own


# A program that holds its runner (every Python layer off) sends the runner's retirement itself and
# ends the process without answering. Before the zygote blamed such a job, every fresh runner ran it
# again, for ever: one program stopped the whole executor.
FORGED_RETIREMENT = r'''
def f(a):
    sys, os, struct, json = (__import__(m) for m in ("sys", "os", "struct", "json"))
    frame = sys._getframe()
    while frame is not None and "resp_fd" not in frame.f_locals:
        frame = frame.f_back
    payload = json.dumps(["retire", "forged"]).encode()
    os.write(frame.f_locals["resp_fd"], struct.pack(">I", len(payload)) + payload)
    os._exit(0)
'''


def test_the_zygote_alone_blames_a_job_that_forges_its_runners_retirement():
    open_python = SandboxLayers(screen=False, guards=False, audit=False)
    jobs = [("def f(a):\n    return a", "1"), (FORGED_RETIREMENT, "0"), ("def f(a):\n    return a + 1", "1")] * 2
    results = []
    with Executor(workers=2, timeout=2.0, layers=open_python) as ex:
        # In a thread, so that the loop this guards against fails the test instead of hanging it.
        batch = threading.Thread(target=lambda: results.extend(ex.run_batch(jobs)), daemon=True)
        batch.start()
        batch.join(60)
        assert not batch.is_alive(), "the batch never ended: the forging job ran again and again"
    assert [(r.status, r.output) for r in results] == [
        (ExecStatus.OK, "1"), (ExecStatus.FORBIDDEN, None), (ExecStatus.OK, "2")] * 2
    assert "retired without answering" in results[1].error


# -- system calls newer than the deny list's names (the twenty-seventh session's red team V) -------
# Linux 6.13 to 6.17 added calls that take a path (setxattrat, getxattrat, listxattrat,
# removexattrat, open_tree_attr, file_getattr, file_setattr): with the Python layers off, a program
# changed a file's mode through an ACL and read other files' attributes past seccomp and Landlock,
# and listmount/statmount, named in the deny list but unknown to libseccomp 2.5.4, were skipped.
# Every number from 451 up (but the futex calls) is denied now, by number where the name is unknown.
NEWER_CALLS = '''
import ctypes, errno
def f(numbers):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    out = {}
    for number in numbers:
        ctypes.set_errno(0)
        rc = libc.syscall(ctypes.c_long(number), ctypes.c_long(-100), ctypes.c_char_p(b"/etc/passwd"),
                          ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0))
        out[number] = "EPERM" if rc == -1 and ctypes.get_errno() == errno.EPERM else f"rc={rc} errno={ctypes.get_errno()}"
    return out
'''


def test_seccomp_alone_denies_system_calls_newer_than_its_names():
    numbers = [457, 458, 460, 463, 464, 465, 466, 467, 468, 469, 470, 500, 1000]
    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(**{**NOTHING.__dict__, "seccomp": True})) as ex:
        if not ex.sandbox_report()["seccomp"].startswith("active"):
            pytest.skip("seccomp is not active on this machine")
        result = ex.run(NEWER_CALLS, repr(numbers))
    assert result.ok, result.error
    assert eval(result.output) == {number: "EPERM" for number in numbers}  # noqa: S307 -- our probe's dict


# A program past every Python layer, in a persistent runner, read the runner's request pipe and
# answered the later jobs sent to it ("FORGED" for every honest job, in later batches too: red team
# V). ``one_process_per_job`` runs each job in a process that holds only its own answer pipe.
FORGER = r'''
def f(x):
    # (No import statement: a program that imports a module with state runs in a process of its own.)
    os, sys, marshal = __import__("os"), __import__("sys"), __import__("marshal")
    frame = sys._getframe()
    while frame is not None and frame.f_code.co_name != "runner_main":
        frame = frame.f_back
    if frame is None:
        return "not in a runner"
    names = frame.f_locals
    ids = [job[0] for job in names["jobs"]]
    forged = lambda job: '[%d,"ok",["\'FORGED\'"],null,"",true]' % job
    def send(parts):
        payload = ("[" + ",".join(parts) + "]").encode()
        os.write(names["resp_fd"], len(payload).to_bytes(4, "big") + payload)
    mine = ids.index(names["job_id"])
    send(list(names["answers"]) + [forged(names["job_id"])] + [forged(job) for job in ids[mine + 1:]])
    while True:
        head = os.read(names["req_fd"], 4)
        if len(head) < 4:
            os._exit(0)
        size, body = int.from_bytes(head, "big"), b""
        while len(body) < size:
            body += os.read(names["req_fd"], size - len(body))
        send([forged(job[0]) for job in marshal.loads(body)])
'''


NOTHING_BUT_OS = SandboxLayers(screen=False, guards=False, audit=False)


def _honest_outputs_after_a_forger(one_process_per_job):
    honest = "def f(x):\n    return x * 2"
    with Executor(workers=1, timeout=5.0, layers=NOTHING_BUT_OS, one_process_per_job=one_process_per_job) as ex:
        first = ex.run_batch([(FORGER, "0"), (FORGER, "1"), (honest, "21"), (honest, "50")])
        later = ex.run_batch([(honest, "7"), (honest, "'ab'")])
        validated = ex.validate(honest, "3")
    return [r.output for r in first[2:]] + [r.output for r in later] + [validated.output]


def test_one_process_per_job_keeps_a_job_past_the_python_layers_from_answering_others():
    assert _honest_outputs_after_a_forger(True) == ["42", "100", "14", "'abab'", "6"]
    # The control, and the limit the README states: in a shared runner the OS layers alone let it.
    assert "'FORGED'" in _honest_outputs_after_a_forger(False)


# Every child's fds 0-2 were copies of the zygote's one open /dev/null: one open file description,
# whose status flags and flock lock outlived the job that set them. A program past the Python
# layers counted its runs in two flag bits, in processes of their own, and held /dev/null locked
# against every process of the machine (red team 28E). A child's standard streams are now pipes
# of its own; seccomp denies flock and record locks besides.
FLAG_COUNTER = r'''
import fcntl, os
def f(x):
    flags = fcntl.fcntl(0, fcntl.F_GETFL)
    runs = (1 if flags & os.O_APPEND else 0) + (2 if flags & os.O_NONBLOCK else 0)
    if runs < 3:
        runs += 1
        flags &= ~(os.O_APPEND | os.O_NONBLOCK)
        flags |= (os.O_APPEND if runs & 1 else 0) | (os.O_NONBLOCK if runs & 2 else 0)
        fcntl.fcntl(0, fcntl.F_SETFL, flags)
    return x if runs < 3 else -x
'''
LOCK_STDIN = r'''
import fcntl
def f(x):
    try:
        fcntl.flock(0, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return "locked"
    except OSError as exc:
        return "blocked: " + type(exc).__name__
'''


def test_a_childs_standard_streams_carry_nothing_to_later_jobs():
    with Executor(workers=1, timeout=5.0, layers=NOTHING_BUT_OS, one_process_per_job=True) as ex:
        validated = ex.validate(FLAG_COUNTER, "5")
        later = [ex.run(FLAG_COUNTER, "5").output for _ in range(3)]
    assert validated.ok, validated.error
    assert [validated.output, *later] == ["5"] * 4


def _host_can_lock_dev_null():
    import fcntl

    with open(os.devnull) as null:
        try:
            fcntl.flock(null, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(null, fcntl.LOCK_UN)
        return True


@pytest.mark.parametrize("seccomp", [False, True], ids=["private-streams-alone", "seccomp"])
def test_a_lock_taken_in_a_job_is_invisible_outside_it(seccomp):
    layers = SandboxLayers(**{**NOTHING_BUT_OS.__dict__, "seccomp": seccomp})
    with Executor(workers=1, timeout=5.0, layers=layers, one_process_per_job=True) as ex:
        if seccomp and not ex.sandbox_report()["seccomp"].startswith("active"):
            pytest.skip("seccomp is not active on this machine")
        result = ex.run(LOCK_STDIN, "0")
        host_could_lock = _host_can_lock_dev_null()
    assert result.ok, result.error
    # With seccomp, the lock is refused; without it, the lock is on a pipe of the child's own.
    assert result.output == ("'blocked: PermissionError'" if seccomp else "'locked'")
    assert host_could_lock


# A one-shot child past the Python layers answered for its own job on its own pipe and then slept,
# spending no CPU: with its job answered, no deadline watched it, and two of them held both child
# slots while later jobs waited for the parent's backstop (red team 28R). A child that has
# answered is ended at once.
ANSWERS_THEN_SLEEPS = r'''
import os, struct, sys, time
def f(x):
    frame = sys._getframe()
    while frame.f_code.co_name != "oneshot_main":
        frame = frame.f_back
    job_id, fd = frame.f_locals["job"][0], frame.f_locals["result_fd"]
    body = ('[[%d,"ok",["%d"],null,"",true]]' % (job_id, os.getpid())).encode()
    os.write(fd, struct.pack(">I", len(body)) + body)
    while True:
        time.sleep(3600)
'''


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_child_that_has_answered_is_ended_at_once():
    import time

    with Executor(workers=1, timeout=1.0, layers=NOTHING_BUT_OS, one_process_per_job=True) as ex:
        sleepers = [ex.run(ANSWERS_THEN_SLEEPS, str(k)) for k in range(2)]
        pids = [int(r.output) for r in sleepers if r.ok]
        started = time.monotonic()
        honest = ex.run("def f(x):\n    return x + 1\n", "41")
        waited = time.monotonic() - started
        lingering = [pid for pid in pids if _alive(pid)]
    assert len(pids) == 2, sleepers
    assert honest.output == "42" and waited < 5, (honest, waited)
    assert lingering == []


# A one-shot child's answer frame was read up to the runner's 64 MiB: a child that announced 64
# MiB and sent 63 made the zygote's buffer outgrow its memory limit, the zygote died, and a job in
# flight beside it was blamed (red team 28R). A child's frame is held to the largest answer it can
# send, and a frame the zygote cannot buffer counts as a malformed answer of that child's.
SENDS_A_HUGE_PARTIAL_FRAME = r'''
import os, struct, sys, time
def f(x):
    frame = sys._getframe()
    while frame.f_code.co_name != "oneshot_main":
        frame = frame.f_back
    fd = frame.f_locals["result_fd"]
    os.write(fd, struct.pack(">I", 64 * 1024 * 1024))
    chunk = b"x" * (1 << 20)
    for _ in range(63):
        os.write(fd, chunk)
    time.sleep(3600)
'''


def test_a_childs_oversized_answer_is_its_own_failure():
    honest = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"
    with Executor(workers=1, timeout=2.0, memory_mb=64, layers=NOTHING_BUT_OS, one_process_per_job=True) as ex:
        results = ex.run_batch([(honest, "200000"), (SENDS_A_HUGE_PARTIAL_FRAME, "0"), (honest, "10")])
        restarts = ex.restart_reasons
    assert [r.output for r in (results[0], results[2])] == ["19999900000", "45"], results
    assert not results[1].ok
    assert not any("worker" in reason and "died" in reason for reason in restarts), restarts


# The child filter is loaded in every runner and one-shot child from the BPF program libseccomp
# generated once (``Seccomp.generate``), not generated again by ``seccomp_load`` each time. Both
# ways must leave the process with the same filter: each probe below answers the same errno.
FILTER_PROBE = r'''
import ctypes, errno, json, os, socket, sys
sys.path.insert(0, sys.argv[1])
from azr_env.executor import _confine as C
built = C.build_filter("child")
if sys.argv[2] == "library":
    built.program = None  # (seccomp_load generates and loads it, as before)
assert (built.program is None) == (sys.argv[2] == "library")
built.load()
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def code(call):
    try:
        call()
        return "allowed"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
    except ValueError:  # (what resource.setrlimit raises for EPERM)
        return "EPERM"
def raw(number, *args):
    def call():
        if libc.syscall(number, *args) == -1:
            raise OSError(ctypes.get_errno(), "")
    return call
out = {
    "getpid": code(os.getpid),
    "fork": code(lambda: os.fork() == 0 and os._exit(0)),
    "socket": code(lambda: socket.socket()),
    "kill 1": code(lambda: os.kill(1, 0)),
    "setrlimit": code(lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_CORE, (0, 0))),
    "number 460": code(raw(460)),
    "clone3": code(raw(435, 0, 0)),
    "read a pipe": code(lambda: os.read(os.pipe()[0], 0)),
}
print(json.dumps(out))
'''


def test_the_child_filter_loaded_from_its_generated_program_is_the_one_libseccomp_loads():
    import json
    import subprocess
    import sys
    from pathlib import Path

    from azr_env.executor import _confine

    if _confine.seccomp_available() is not None:
        pytest.skip("seccomp is not available on this machine")
    repo = str(Path(__file__).resolve().parents[3])
    answers = {}
    for way in ("generated once", "library"):
        done = subprocess.run([sys.executable, "-c", FILTER_PROBE, repo, way], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        answers[way] = json.loads(done.stdout)
    assert answers["generated once"] == answers["library"]
    assert answers["library"]["getpid"] == "allowed" and answers["library"]["read a pipe"] == "allowed"
    assert {answers["library"][name] for name in ("fork", "socket", "setrlimit", "number 460")} == {"EPERM"}
    assert answers["library"]["clone3"] == "ENOSYS"


# A zygote's child whose own confinement fails (its seccomp filter or nested Landlock domain does
# not load) runs no program: it answers every job with the reason. Run in a process of its own,
# which loads the worker's code, locks itself down as a zygote does, then forks the two kinds of
# child: first with the real layers (the job runs), then with one layer made to fail.
CONFINE_FAILURE_PROBE = r'''
import json, marshal, os, runpy, sys
out = os.dup(1)
repo, broken = sys.argv[1], sys.argv[2]
sys.path.insert(0, repo)
from azr_env.executor import Executor, pool
ex = Executor(inputs="expression")
program, inputs = ex._compile(("def f(x):\n    return x + 1", "41"), ex._cache)
sys.argv = [pool.WORKER_SCRIPT, json.dumps(pool.worker_config(ex._worker_config(), 0, 2))]
g = runpy.run_path(pool.WORKER_SCRIPT, run_name="azr_probe")["_lock_down"].__globals__
g["_lock_down"]()
report = {"seccomp": g["REPORT"]["seccomp"], "landlock": g["REPORT"]["landlock"]}


def read_all(fd):
    data = b""
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return data
        data += chunk


def oneshot(job):
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        g["oneshot_main"](write_fd, job, g["_confine_child"]({write_fd}, cpu_seconds=7))
        os._exit(70)
    os.close(write_fd)
    data = read_all(read_fd)
    os.waitpid(pid, 0)
    return json.loads(data[4:])[0]


def runner(job):
    req_r, req_w = os.pipe()
    resp_r, resp_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        g["runner_main"](req_r, resp_w, g["_confine_child"]({req_r, resp_w}))
        os._exit(70)
    os.close(req_r)
    os.close(resp_w)
    os.write(req_w, g["_frame"](marshal.dumps([job])))
    os.close(req_w)
    data = read_all(resp_r)
    os.waitpid(pid, 0)
    return json.loads(data[4:])[0]


job = (7, program.code, inputs.code, 1, 5.0, False, program.imports, False)
report["before"] = [oneshot(job), runner(job)]
if broken == "seccomp":
    g["C"].apply_filter = lambda built: "failed: made to fail by the test"
else:
    g["C"].landlock_restrict = lambda *args, **kwargs: "failed: made to fail by the test"
report["after"] = [oneshot(job), runner(job)]
os.write(out, json.dumps(report).encode())
'''


@pytest.mark.parametrize("broken", ["seccomp", "landlock"])
def test_a_child_whose_own_confinement_fails_runs_no_program(broken):
    import json
    import subprocess
    import sys
    from pathlib import Path

    repo = str(Path(__file__).resolve().parents[3])
    done = subprocess.run([sys.executable, "-c", CONFINE_FAILURE_PROBE, repo, broken], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    if not report[broken].startswith("active"):
        pytest.skip(f"{broken} is not active on this machine: {report[broken]}")
    for answer in report["before"]:  # [job id, status, outputs, error, stdout, literal]
        assert answer[:3] == [7, "ok", ["42"]]
    for answer in report["after"]:
        assert answer[0] == 7 and answer[1] == "error" and answer[2] is None
        assert "could not confine" in answer[3] and "made to fail by the test" in answer[3]
        assert "did not run" in answer[3]


def test_the_descriptor_check_alone_keeps_a_re_pointed_builtin_from_later_tasks():
    # No screen, guards or audit hook: nothing stops the program from re-pointing str.maketrans (a
    # staticmethod the interpreter's str holds) in C. The comparison at the end of every pass
    # (_worker._fresh_descriptors) puts it back and refuses the job, so the next task in the same
    # runner sees the interpreter's own.
    writer = "def f(x):\n    str.__dict__['maketrans'].__init__(len)\n    return x\n"
    reader = "def f(x):\n    return str.maketrans('a', 'b')\n"
    with Executor(workers=1, layers=NOTHING) as ex:
        result = ex.run(writer, "0")
        assert result.status is ExecStatus.FORBIDDEN and "re-initialized a descriptor" in result.error, result
        assert ex.run(reader, "0").output == "{97: 98}"


def test_the_descriptor_check_alone_puts_back_a_shared_property_s_hidden_name():
    # No screen, guards or audit hook: the program names the sandbox's own property
    # (set_iterator.__setstate__) through __set_name__, a field no attribute reads. The comparison
    # reads it where the interpreter keeps it, puts it back and refuses the job, so the next task in
    # the same runner meets the property's own "has no setter" error.
    writer = ("def f(x):\n    P = type(iter({1, 2})).__dict__['__setstate__']\n"
              "    property.__set_name__(P, None, 'carried')\n    return x\n")
    reader = ("def f(x):\n    P = type(iter({1, 2})).__dict__['__setstate__']\n    try:\n"
              "        P.__set__(iter({1}), 1)\n    except AttributeError as e:\n        return str(e)\n")
    with Executor(workers=1, layers=NOTHING) as ex:
        before = ex.run(reader, "0")
        result = ex.run(writer, "0")
        assert result.status is ExecStatus.FORBIDDEN and "re-initialized a descriptor" in result.error, result
        after = ex.run(reader, "0")
    assert before.ok and "carried" not in before.output, before
    assert (after.status, after.output) == (before.status, before.output), (before, after)
