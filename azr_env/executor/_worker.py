"""Sandbox worker: a persistent process that runs screened programs, one job at a time.

Started by ``pool.py`` as ``python -s -B _worker.py CONFIG_JSON`` with a scrubbed environment
(nothing but PYTHONHASHSEED) and stdin/stdout as the request/response pipes. It imports only the
standard library, so it never pulls the azr_env package (or torch) into the sandbox.

Order of lock-down, which matters:
1. move the protocol pipes off fds 0/1, point fds 0/1/2 at /dev/null (stdin closed, stray writes lost);
2. import every allowed module (their own lazy imports happen now, while imports are unrestricted);
3. set rlimits (address space, no file writes, no new processes, no core files, few fds);
4. install the audit hook; from then on, while a program runs, anything but a short list of
   benign audit events (no open, socket, subprocess, os.*, ctypes, foreign import ...) is refused.

Protocol: frames of a 4-byte big-endian length and a payload. Requests (parent -> worker, trusted)
are marshal dumps of a list of jobs ``(job_id, program_code, inputs_code, n_calls, timeout)``.
Responses (worker -> parent, not trusted) are JSON: ``[job_id, status, outputs|None, error|None,
stdout, literal]``, one frame per job as soon as it finishes, so the parent can tell which job hangs.
``literal`` says every output is plain data (see ``_plain_data``) whose text reads back with
``ast.literal_eval``; False means "not known", and the parent checks for itself.
"""
import builtins
import json
import marshal
import mmap
import os
import resource
import signal
import struct
import sys
import time
import types

CONFIG = json.loads(sys.argv[1])
TASK_MODULE_NAME = "__azr_task__"

# --- 1. pipes ---------------------------------------------------------------------------------
REQ_FD = os.dup(0)
RESP_FD = os.dup(1)
# A page shared with the parent (a memfd it passed as fd 3) holding the id of the running job.
SLOT = mmap.mmap(CONFIG["slot_fd"], 8)
os.close(CONFIG["slot_fd"])
CURRENT_JOB = struct.Struct("<q")
_devnull = os.open(os.devnull, os.O_RDWR)
for _fd in (0, 1, 2):
    os.dup2(_devnull, _fd)
os.close(_devnull)
sys.stdin = None
sys.stderr = open(os.devnull, "w")  # noqa: SIM115 -- lives as long as the process

# --- 2. allowed modules ---------------------------------------------------------------------------
ALLOWED = frozenset(CONFIG["allowed_modules"])
for _name in sorted(ALLOWED):
    try:
        __import__(_name)
    except ImportError:
        pass
import decimal  # noqa: E402  -- after the loop on purpose: reset per job below
import collections.abc  # noqa: E402,F401
import string  # noqa: E402
import operator  # noqa: E402

# Warm lazy paths that would otherwise import during a job (codec lookups, regex compilation).
"x".encode("utf-8").decode("ascii")
try:
    import re as _re

    _re.compile(r"(?i)\w+\s*\d").sub("", "Ab 1")
except ImportError:
    pass


class SandboxViolation(BaseException):
    """Raised into the program when it reaches for something it may not use.

    A BaseException, so ``except Exception`` in the program does not swallow it; even a bare
    ``except`` cannot hide it, because the violation is also recorded in ``STATE``.
    """


class JobTimeout(BaseException):
    """Raised by SIGALRM when a job outlives its time."""


class _State:
    untrusted = False  # True while program code (or its inputs) runs
    in_hook = False
    exec_token = None  # the one code object our own exec/eval may run while untrusted
    violation = None  # first refused action during the current job


STATE = _State()


def _violation(what):
    if STATE.violation is None:
        STATE.violation = what
    raise SandboxViolation(what)


# --- builtins, guards and module views given to programs --------------------------------------
ABSENT = frozenset(CONFIG["absent_builtins"])
FORBIDDEN_ATTRIBUTES = frozenset(CONFIG["forbidden_attributes"])
_real_getattr = builtins.getattr
_real_setattr = builtins.setattr
_real_delattr = builtins.delattr


def _check_attr_name(name):
    if not isinstance(name, str):
        raise TypeError("attribute name must be a string")
    if name.startswith("_") or name in FORBIDDEN_ATTRIBUTES:
        _violation(f"access to attribute {name!r} is not allowed")


# Values reachable as attributes of allowed modules (classes, singletons such as
# decimal.DefaultContext): a program may not write to them, or the next program would see it.
_FROZEN_IDS = set()
for _name in list(sys.modules):
    _top = _name.split(".", 1)[0]
    if _top in ALLOWED or _top in ("builtins",):
        _mod = sys.modules[_name]
        _FROZEN_IDS.add(id(_mod))
        for _value in list(_real_getattr(_mod, "__dict__", {}).values()):
            _FROZEN_IDS.add(id(_value))
for _value in vars(builtins).values():
    _FROZEN_IDS.add(id(_value))


def _guard_write(obj):
    """RestrictedPython's ``_write_``: attribute writes only on the program's own objects."""
    if id(obj) in _FROZEN_IDS or isinstance(obj, types.ModuleType):
        _violation(f"writing attributes of {type(obj).__name__} objects from the standard library is not allowed")
    if isinstance(obj, type) and obj.__module__ != TASK_MODULE_NAME:
        _violation(f"writing attributes of class {obj.__name__!r} is not allowed")
    return obj


def _safe_field(field_name):
    # "{0.__globals__}" / "{0[x]}": attribute and index walks inside format strings.
    if "." in field_name or "[" in field_name:
        _violation("attribute or index lookups inside format fields are not allowed")


def _check_format_string(fmt):
    try:
        parsed = list(string.Formatter().parse(fmt))
    except (ValueError, TypeError):
        return
    for _literal, field, spec, _conv in parsed:
        if field:
            _safe_field(field)
        if spec and "{" in spec:
            _check_format_string(spec)


def _guarded_format(text):
    def format(*args, **kwargs):  # noqa: A001 -- mirrors str.format
        _check_format_string(text)
        return text.format(*args, **kwargs)

    return format


def _guarded_format_map(text):
    def format_map(mapping):
        _check_format_string(text)
        return text.format_map(mapping)

    return format_map


def _guarded_getattr(obj, name, *default):
    """``getattr`` for programs, and RestrictedPython's ``_getattr_`` for format/format_map."""
    _check_attr_name(name)
    if name == "format" and isinstance(obj, str):
        return _guarded_format(obj)
    if name == "format_map" and isinstance(obj, str):
        return _guarded_format_map(obj)
    if obj is str and name in ("format", "format_map"):
        unbound = _real_getattr(str, name)

        def checked(text, *args, **kwargs):
            if isinstance(text, str):
                _check_format_string(text)
            return unbound(text, *args, **kwargs)

        return checked
    return _real_getattr(obj, name, *default)


def _guarded_setattr(obj, name, value):
    _check_attr_name(name)
    _real_setattr(_guard_write(obj), name, value)


def _guarded_delattr(obj, name):
    _check_attr_name(name)
    _real_delattr(_guard_write(obj), name)


def _guarded_hasattr(obj, name):
    _check_attr_name(name)
    return builtins.hasattr(obj, name)


class _GuardedFormatter(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        _safe_field(field_name)
        return super().get_field(field_name, args, kwargs)


def _guarded_attrgetter(*names):
    for name in names:
        for part in str(name).split("."):
            _check_attr_name(part)
    return operator.attrgetter(*names)


def _guarded_methodcaller(name, *args, **kwargs):
    _check_attr_name(name)
    if name in ("format", "format_map"):
        _violation("operator.methodcaller of format is not allowed")
    return operator.methodcaller(name, *args, **kwargs)


def _allowed_module_name(name):
    return name.split(".", 1)[0] in ALLOWED


def _module_view(module, overrides=None, _seen=None):
    """What ``import module`` gives a program: its public names, minus other modules.

    Real modules hold their own imports as attributes (``dataclasses.sys``, ``typing.sys``); from
    ``sys.modules`` a program could reach ``posix.write`` and forge answers on the result pipe.
    A view keeps public functions, classes and constants, replaces an attribute that is itself an
    allowed module by that module's view, and drops every other module.
    """
    seen = {} if _seen is None else _seen
    if id(module) in seen:
        return seen[id(module)]
    view = types.ModuleType(module.__name__, getattr(module, "__doc__", None))
    seen[id(module)] = view
    for name, value in list(module.__dict__.items()):
        if name.startswith("_"):
            continue
        if isinstance(value, types.ModuleType):
            if _allowed_module_name(value.__name__):
                view.__dict__[name] = _module_view(value, None, seen)
            continue
        view.__dict__[name] = value
    # By name, so a module first reached as another module's attribute still gets its guards.
    view.__dict__.update(overrides or _OVERRIDES.get(module.__name__, {}))
    _FROZEN_IDS.add(id(view))
    return view


_OVERRIDES = {
    "string": {"Formatter": _GuardedFormatter},
    "operator": {"attrgetter": _guarded_attrgetter, "methodcaller": _guarded_methodcaller},
}
_MODULE_VIEWS = {}
_views_seen = {}
for _name in sorted(sys.modules):
    if _allowed_module_name(_name):
        _MODULE_VIEWS[_name] = _module_view(sys.modules[_name], _OVERRIDES.get(_name), _views_seen)


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002
    if level != 0 or not isinstance(name, str) or not _allowed_module_name(name):
        _violation(f"import of {name!r} is not allowed")
    view = _MODULE_VIEWS.get(name)
    if view is None:
        _violation(f"import of {name!r} is not allowed (not preloaded)")
    if fromlist or "." not in name:
        return view
    return _MODULE_VIEWS[name.split(".", 1)[0]]  # `import a.b` binds `a`


SAFE_BUILTINS = {k: v for k, v in vars(builtins).items() if k not in ABSENT and not k.startswith("__")}
SAFE_BUILTINS.update(
    {
        "__build_class__": builtins.__build_class__,
        "__name__": "builtins",
        "__import__": _guarded_import,
        "getattr": _guarded_getattr,
        "setattr": _guarded_setattr,
        "delattr": _guarded_delattr,
        "hasattr": _guarded_hasattr,
    }
)

# --- 3. rlimits -------------------------------------------------------------------------------------
def _set_limit(which, soft, hard=None):
    try:
        cur_soft, cur_hard = resource.getrlimit(which)
        hard = cur_hard if hard is None else hard
        if cur_hard != resource.RLIM_INFINITY:
            soft = min(soft, cur_hard)
            hard = min(hard, cur_hard)
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        pass  # a limit the platform lacks is one layer fewer, not a reason to refuse to run


MEMORY_BYTES = int(CONFIG["memory_mb"]) * 1024 * 1024
_set_limit(resource.RLIMIT_AS, MEMORY_BYTES, MEMORY_BYTES)
_set_limit(resource.RLIMIT_FSIZE, 0, 0)
_set_limit(resource.RLIMIT_CORE, 0, 0)
_set_limit(resource.RLIMIT_NPROC, 0, 0)
_max_fd = max(REQ_FD, RESP_FD, 2)
_set_limit(resource.RLIMIT_NOFILE, _max_fd + 1, _max_fd + 1)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead

# --- 4. audit hook ----------------------------------------------------------------------------------
# Events a program may raise. Everything else is refused while untrusted code runs.
BENIGN_EVENTS = frozenset(
    {
        "builtins.id",
        "object.__setattr__",  # class attribute assignment on the program's own classes
        "object.__delattr__",
    }
)
# stdlib modules that build functions from generated source (namedtuple, dataclass).
# typing is deliberately absent: get_type_hints() evals annotation strings the program wrote.
DYNAMIC_CODE_MODULES = frozenset({"collections", "dataclasses"})


def _caller_module():
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return frame.f_globals.get("__name__") if frame is not None else None


def _audit(event, args):
    if not STATE.untrusted or STATE.in_hook:
        return
    if event in BENIGN_EVENTS:
        return
    STATE.in_hook = True
    try:
        if event == "exec" and args and args[0] is STATE.exec_token:
            STATE.exec_token = None
            return
        if event in ("exec", "compile", "sys._getframe"):
            caller = _caller_module()
            if caller is not None and caller.split(".", 1)[0] in DYNAMIC_CODE_MODULES:
                return
        # CPython's event for reading __code__, gi_frame, tb_frame and kin. dataclass() reads
        # __code__ through inspect.signature; programs themselves cannot reach inspect.
        if event == "object.__getattr__":
            caller = _caller_module()
            if caller is not None and caller.split(".", 1)[0] in DYNAMIC_CODE_MODULES | {"inspect"}:
                return
        if event == "import" and args:
            name = args[0]
            if isinstance(name, str) and (name.split(".", 1)[0] in ALLOWED or name.startswith("encodings.")):
                return
        detail = ""
        if event == "import" and args:
            detail = f" {args[0]!r}"
        if STATE.violation is None:
            STATE.violation = f"refused at run time: {event}{detail}"
    finally:
        STATE.in_hook = False
    raise SandboxViolation(STATE.violation)


sys.addaudithook(_audit)


# --- running jobs -----------------------------------------------------------------------------------
MAX_OUTPUT = int(CONFIG["max_output_chars"])
MAX_STDOUT = int(CONFIG["max_stdout_chars"])


class _CappedStdout:
    """Keeps the first MAX_STDOUT characters a program prints, drops the rest."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str")
        room = MAX_STDOUT - self.size
        if room > 0:
            piece = text[:room]
            self.parts.append(piece)
            self.size += len(piece)
        return len(text)

    def flush(self):
        pass

    def getvalue(self):
        return "".join(self.parts)


class OutputTooLarge(Exception):
    pass


def _canonical(value):
    """repr, with set elements sorted so equal sets print alike under every hash seed."""
    if isinstance(value, (set, frozenset)) and type(value) in (set, frozenset):
        items = [_canonical(v) for v in value]
        items.sort()
        if not items:
            return "set()" if type(value) is set else "frozenset()"
        body = "{" + ", ".join(items) + "}"
        return body if type(value) is set else f"frozenset({body})"
    if type(value) is list:
        return "[" + ", ".join(_canonical(v) for v in value) + "]"
    if type(value) is tuple:
        inner = ", ".join(_canonical(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if type(value) is dict:
        return "{" + ", ".join(f"{_canonical(k)}: {_canonical(v)}" for k, v in value.items()) + "}"
    return repr(value)


_PLAIN_DATA_BUDGET = 10_000  # values walked per output before giving up ("not known")


def _plain_data(value):
    """True when ``value`` is built only of exact int, bool, str, bytes, None, finite float,
    list, tuple, set and dict, so its printed form is a Python literal.

    Exact types only (``type(v) is int``): a subclass may print anything. Walking the value
    calls none of the program's code. Self-references and huge values exhaust the budget and
    answer False, which only means the parent checks the text itself.
    """
    stack = [value]
    budget = _PLAIN_DATA_BUDGET
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None or kind is bytes:
            pass
        elif kind is float:
            if item != item or item in (float("inf"), float("-inf")):
                return False
        elif kind is list or kind is tuple or kind is set:
            stack.extend(item)
        elif kind is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            return False
        budget -= 1
        if budget < 0:
            return False
    return True


def _render(value):
    text = repr(value)
    # Only containers can hold a set; skip the Python-level walk when none can be inside.
    if ("{" in text or "set(" in text) and not isinstance(value, (str, bytes, int, float)):
        text = _canonical(value)
    if len(text) > MAX_OUTPUT:
        raise OutputTooLarge(f"output repr is {len(text)} characters, over the cap of {MAX_OUTPUT}")
    return text


def _on_alarm(signum, frame):
    raise JobTimeout()


signal.signal(signal.SIGALRM, _on_alarm)


def _short(exc):
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = " ".join(text.split())
    return text[:300]


def _fresh_decimal_context():
    # Programs may change the thread's decimal context; the next job starts from the defaults.
    decimal.setcontext(decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                                       capitals=1, clamp=0, flags=[], traps=[decimal.InvalidOperation,
                                                                             decimal.DivisionByZero,
                                                                             decimal.Overflow]))


def _guards():
    return {
        "__builtins__": SAFE_BUILTINS,
        "__name__": TASK_MODULE_NAME,
        "_getattr_": _guarded_getattr,
        "_write_": _guard_write,
    }


def run_job(program_code, inputs_code, n_calls, timeout):
    """Execute one job; return (status, outputs, error, stdout, literal)."""
    stdout = _CappedStdout()
    STATE.violation = None
    status, outputs, error = "ok", None, None
    literal = True
    _fresh_decimal_context()
    cpu_now = resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime
    _set_limit(resource.RLIMIT_CPU, int(cpu_now + timeout + 2))
    sys.stdout = stdout
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        namespace = _guards()
        STATE.untrusted = True
        STATE.exec_token = program_code
        exec(program_code, namespace)  # noqa: S102 -- the sandbox's purpose
        entry = namespace.get("f")
        if not callable(entry):
            raise NameError("the program defines no function f")
        outputs = []
        for _ in range(n_calls):
            if inputs_code.__class__ is bytes:  # literal values: a fresh copy per call
                STATE.untrusted = False  # our own unmarshal of parent-made data, not the program's
                args, kwargs = marshal.loads(inputs_code)
                STATE.untrusted = True
            else:  # sandboxed argument expressions (Executor(inputs="expression"))
                STATE.exec_token = inputs_code
                args, kwargs = eval(inputs_code, namespace)  # noqa: S307 -- screened like a program
            value = entry(*args, **kwargs)
            outputs.append(_render(value))
            literal = literal and _plain_data(value)
    except JobTimeout:
        status, error = "timeout", f"exceeded the {timeout:g} s time limit"
    except SandboxViolation as exc:
        status, error = "forbidden", str(exc)
    except MemoryError:
        status, error = "memory", "ran out of memory"
    except OutputTooLarge as exc:
        status, error = "output_too_large", str(exc)
    except RecursionError:
        status, error = "error", "RecursionError: maximum recursion depth exceeded"
    except BaseException as exc:  # noqa: BLE001 -- every failure of the program is a report
        status, error = "error", _short(exc)
    finally:
        STATE.untrusted = False
        STATE.exec_token = None
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout = sys.__stdout__
    if STATE.violation is not None and status != "timeout":
        # A refused action counts even if the program caught the exception and carried on.
        status, error = "forbidden", STATE.violation
        outputs = None
    if status != "ok":
        outputs, literal = None, False
    return status, outputs, error, stdout.getvalue(), literal


def _read_exact(n):
    chunks = []
    while n:
        chunk = os.read(REQ_FD, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _write_frame(payload):
    data = struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(RESP_FD, view)
        view = view[written:]


FLUSH_SECONDS = 0.02


def main():
    _write_frame(json.dumps(["ready", os.getpid()]).encode())
    while True:
        header = _read_exact(4)
        if header is None:
            return
        payload = _read_exact(struct.unpack(">I", header)[0])
        if payload is None:
            return
        jobs = marshal.loads(payload)
        code_cache = {}
        answers = []
        last_flush = time.monotonic()
        for job_id, program_bytes, inputs_bytes, n_calls, timeout in jobs:
            # Tell the parent which job runs now: if it hangs, the parent kills us, reads this
            # slot, and blames the right job even though answers before it were not yet sent.
            CURRENT_JOB.pack_into(SLOT, 0, job_id)
            try:
                program_code = code_cache.get(program_bytes)
                if program_code is None:
                    program_code = code_cache[program_bytes] = marshal.loads(program_bytes)
                inputs_code = code_cache.get(inputs_bytes)
                if inputs_code is None:
                    # b"L": marshalled values, unmarshalled per call; b"C": marshalled code.
                    body = inputs_bytes[1:]
                    inputs_code = code_cache[inputs_bytes] = body if inputs_bytes[:1] == b"L" else marshal.loads(body)
                status, outputs, error, out, literal = run_job(program_code, inputs_code, n_calls, timeout)
            except BaseException as exc:  # noqa: BLE001 -- keep serving the batch
                status, outputs, error, out, literal = "error", None, f"worker: {_short(exc)}", "", False
            answers.append([job_id, status, outputs, error, out, literal])
            # One frame per chunk is cheap for the parent; slow chunks still report every 20 ms.
            if time.monotonic() - last_flush > FLUSH_SECONDS:
                _send(answers)
                answers = []
                last_flush = time.monotonic()
        CURRENT_JOB.pack_into(SLOT, 0, -1)  # between chunks: no job is running
        if answers:
            _send(answers)


def _send(answers):
    try:
        frame = json.dumps(answers).encode()
    except (TypeError, ValueError, MemoryError):
        frame = json.dumps([[a[0], "error", None, "unreportable result", "", False] for a in answers]).encode()
    _write_frame(frame)


if __name__ == "__main__":
    main()
