"""Sandbox worker: a warm zygote that forks the processes which run programs.

Started by ``pool.py`` as ``python -s -B _worker.py CONFIG_JSON`` would run it (from code the pool compiled
once, see pool.worker_code_fd), with a scrubbed environment
(nothing but PYTHONHASHSEED, drawn at random for each executor) and stdin/stdout as the request and
response pipes. It imports only the standard library, never the azr_env package (or torch).

Three kinds of process, one tree per worker slot:
- the **zygote** warms up (imports every allowed module and every codec, builds the guards),
  locks itself down (rlimits, unprivileged uid, no_new_privs, Landlock, seccomp), freezes its
  state and then only routes jobs and forks. It never runs program code.
- the **runner**, forked from the zygote, runs the jobs of programs that import nothing with
  state (``policy.STATELESS_MODULES`` or nothing). After each job it checks that none of the
  program's objects survived (finalizers included); a runner that saw anything suspicious retires
  and a fresh one is forked.
- a **one-shot child**, forked from the zygote for each job of a program that imports a module
  with state (re, typing, decimal, abc ...). It runs that job alone and exits: nothing it changes
  can reach another task.
Runner and children add a stricter seccomp filter (no fork, no signals, no limit changes) and a
nested Landlock domain on top of the zygote's.

Protocol (both hops, parent<->zygote and zygote<->runner): frames of a 4-byte big-endian length
and a payload. Requests (trusted) are marshal dumps of a list of jobs
``(job_id, program_code, inputs_code, n_calls, timeout, isolated, imports, checked)``. Answers (not trusted
by their reader) are JSON lists of ``[job_id, status, outputs|None, error|None, stdout, literal]``.
The zygote checks that each answer's id belongs to a job it gave that process before passing it on.
Zygote-to-parent events: ``["ready", report]`` once, ``["restart", reason]`` when a runner is replaced.
"""
import builtins
import errno
import gc
import importlib.util
import json
import marshal
import math
import mmap
import os
import re
import resource
import select
import signal
import struct
import sys
import time
import types
from itertools import chain
from operator import attrgetter, call as _CALL, is_, is_not, itemgetter, ne

CONFIG = json.loads(sys.argv[1])
LAYERS = CONFIG["layers"]
HERE = os.path.dirname(os.path.abspath(__file__))
# The code of the sibling files, by path, as the pool handed it over (pool.worker_code_fd): loaded
# from it, they are not compiled again at every start. A file without it is compiled here.
_PRECOMPILED = globals().pop("__precompiled__", None) or {}

# --- 1. pipes ---------------------------------------------------------------------------------------
REQ_FD = os.dup(0)
RESP_FD = os.dup(1)
_devnull = os.open(os.devnull, os.O_RDWR)
for _fd in (0, 1, 2):
    os.dup2(_devnull, _fd)
os.close(_devnull)
sys.stdin = None
sys.stderr = open(os.devnull, "w")  # noqa: SIM115 -- lives as long as the process
STDERR_FD = sys.stderr.fileno()


def _say_why_start_failed(kind, exc, traceback):
    """Until the worker is ready, an exception nothing caught (in the warm-up below, or in the
    lock-down) is told to the pool, whose error then names it: stderr is /dev/null. (Set up
    before anything that can fail; nothing of this module's later definitions is used.)"""
    where = traceback
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    place = f" in {where.tb_frame.f_code.co_name} (line {where.tb_lineno})" if where is not None else ""
    said = json.dumps(["start_failed", f"{kind.__name__}{place}: {exc}"[:500]]).encode()
    try:
        os.write(RESP_FD, struct.pack(">I", len(said)) + said)
    finally:
        os._exit(1)


sys.excepthook = _say_why_start_failed
# Standard-library code that writes into "the main module" (enum.global_enum, pickle lookups)
# finds a decoy, not this file's globals (and, while a task runs, the task's module: see _run_job).
_MAIN_DECOY = sys.modules["__main__"] = types.ModuleType("__main__")


def _load(name):
    """Import a sibling file under a name that is not in sys.modules."""
    spec = importlib.util.spec_from_file_location(f"azr_sandbox{name}", os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    code = _PRECOMPILED.pop(spec.origin, None)
    if code is None:
        spec.loader.exec_module(module)
    else:
        exec(code, module.__dict__)  # (what exec_module does with the code it compiles)
    if "G" in globals():
        G.SANDBOX_NAMESPACES.append(module.__dict__)  # (its frames are the sandbox's: see G._program_frame)
    return module


G = _load("_guards")
G.SANDBOX_NAMESPACES.append(globals())
# The frame that started this file, where one did (pool._WORKER_BOOT), is the sandbox's too: a
# builtin that reads "the current frame" with no program frame on the stack would list its names.
try:
    G.SANDBOX_NAMESPACES.append(sys._getframe(1).f_globals)
except ValueError:
    pass  # (started as a script: nothing below this file's frame)
C = _load("_confine")

# --- 2. warm-up: everything a program may reach is imported now, while files can be read ------------
ALLOWED = frozenset(CONFIG["allowed_modules"])
for _name in sorted(ALLOWED) + sorted(LAYERS["preload"]):
    try:
        __import__(_name)
    except ImportError:
        pass
# Public submodules of allowed packages, so `import pkg.sub` works after lock-down (numpy.random,
# collections.abc ...). Test and build tooling is left out.
import pkgutil  # noqa: E402

_SKIP_SUBMODULES = {"tests", "testing", "conftest", "setup", "f2py", "distutils", "tool", "__main__"}
for _name in sorted(ALLOWED):
    _package = sys.modules.get(_name)
    for _info in pkgutil.iter_modules(getattr(_package, "__path__", None) or []):
        if _info.name.startswith("_") or _info.name in _SKIP_SUBMODULES:
            continue
        try:
            __import__(f"{_name}.{_info.name}")
        except Exception:  # noqa: BLE001 -- an optional submodule that cannot load here
            pass
# Modules the interpreter itself reaches for while a program runs (the warning for a coroutine
# never awaited imports tracemalloc, linecache and traceback): loaded now, never imported later.
for _name in ("warnings", "linecache", "traceback", "tracemalloc"):
    try:
        __import__(_name)
    except ImportError:
        pass
# Warnings raised while a program runs (a coroutine never awaited, freed by the clean-up) are
# shown nowhere (stderr is /dev/null), and the "default" action would remember each one's text,
# which the program chooses, in the registry of the worker's own module for ever: ignored.
# Programs cannot import the warnings module, so none of them sees the difference.
import warnings as _warnings  # noqa: E402

_warnings.simplefilter("ignore")


def _ignore_unraisable(unraisable):
    """sys.unraisablehook: an exception nothing could catch (a generator that ignores GeneratorExit,
    finalized after the program's call returned) is dropped, as plain Python prints it to a stderr
    that no output here includes. The default hook formatted its traceback from the worker's own
    frame, which opened _worker.py for the source line: refused, and the harmless program with it
    (the fifteenth session's sixth red team). Nothing of the exception or the object runs here."""


sys.unraisablehook = _ignore_unraisable


def _fix_malloc_thresholds():
    """glibc raises its mmap threshold each time a large mapped block is freed, so where a
    later large object lands (mapped, page + 16, or in the heap) depends on earlier tasks, and a
    default repr prints that address. Fixed values turn the adjustment off. Returns a report."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError, ImportError):
        return "unavailable (not glibc): where large objects land may depend on earlier tasks"
    ok = mallopt(-3, 128 * 1024) == 1 and mallopt(-1, 128 * 1024) == 1  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
    return "fixed thresholds" if ok else "mallopt refused: where large objects land may depend on earlier tasks"


MALLOC_REPORT = _fix_malloc_thresholds()


def _malloc_trim():
    """glibc's ``malloc_trim(0)``, or a no-op where there is none."""
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
        return trim
    except (OSError, AttributeError, ImportError):
        return lambda pad: 0


_MALLOC_TRIM = _malloc_trim()


def _heap_top():
    """glibc's ``sbrk(0)``: where the heap ends now (a C call, no system call once it is known),
    or None where there is none."""
    try:
        import ctypes

        sbrk = ctypes.CDLL(None).sbrk
        sbrk.argtypes, sbrk.restype = [ctypes.c_ssize_t], ctypes.c_void_p
        sbrk(0)
        return lambda: sbrk(0) or 0
    except (OSError, AttributeError, ImportError):
        return None


_HEAP_TOP = _heap_top()
_HELD_SLACK = 4 << 20  # heap a run may keep past its end (the sandbox's own growth) unnoticed


def _give_back_held_heap(out, heap_at_start):
    """After _release_pass_texts, before the extra runs: where the heap still ends higher than
    when the job started, the run kept that much of the process's address space (blocks of up to
    1,032 bytes that the program freed last stay in glibc's per-thread cache, "in use", at the top
    of the heap, and hold everything it freed below them), and every run after it would have had
    that much less room: a program that answered the seed's order only where it had the room told
    the first run from its extra runs (the thirty-eighth session's red team M: 4 of 8 validations
    of a one-bit output ok). The process's reservation gives that much back, so the extra runs
    start with the room the first had (and the runner retires after the job: its reservation is no
    longer its band's); where the reservation is smaller than what is held, the job cannot be
    checked and says so (``memory``). Returns why, or None."""
    if _HEAP_TOP is None or heap_at_start is None:
        return None
    held = _HEAP_TOP() - heap_at_start
    if held <= _HELD_SLACK:
        return None
    held = -(-held // mmap.PAGESIZE) * mmap.PAGESIZE
    reserved = _RESERVED[-1] if _RESERVED else None
    if reserved is None or len(reserved) <= held:
        return (f"the run kept {held >> 20} MiB of memory after it ended (freed blocks at the top of its heap), "
                "which the runs under other orders would not have had: its order cannot be checked")
    size = len(reserved) - held
    _RESERVED.pop().close()
    try:
        _RESERVED.append(mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE, prot=0))
    except (OSError, ValueError, OverflowError):
        return "the memory a run kept after it ended could not be given back to the runs after it"
    out.tainted = out.tainted or f"its reservation gave back {held >> 20} MiB that a run kept"
    return None


def _release_pass_texts(out):
    """Before the extra runs of a job: ``out``'s output and stdout texts copied afresh (into the
    room the program's freed memory left low in the heap) and the originals let go, then the heap
    trimmed. The texts were made while the program's objects were alive, at the top of the heap,
    where they kept glibc from giving the program's freed memory back: every later run of the
    process had that much less address space under its limit, and a program that held 200 MB in
    small blocks while it printed told its first run (roomy) from the extra runs after it, and
    answered the seed's order in the first alone: 6 of 16 validations ok (the thirty-eighth
    session's red team J)."""
    out.stdout = _fresh_text(out.stdout)
    if out.outputs is not None:
        out.outputs = [_fresh_text(text) for text in out.outputs]
    _MALLOC_TRIM(0)


def _fresh_text(text):
    """A new string equal to ``text`` (one character or none: the interpreter's own singletons)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass") if len(text) > 1 else text
# Every codec, so that str.encode('cp1252') never needs a file after lock-down.
import encodings  # noqa: E402

for _info in pkgutil.iter_modules(encodings.__path__):
    try:
        __import__("encodings." + _info.name)
    except Exception:  # noqa: BLE001 -- a codec that cannot load on this platform
        pass
del pkgutil


def _seal_codec_registry():
    """Look up every codec name that can succeed now, then answer lookups from that table only.

    ``str.encode(name)`` hands a program's text to the codec registry, which keeps it for the
    process's life: the C cache keeps every successful name, ``encodings.search_function`` caches
    every name it is asked, failures included (a name with a dot never reaches an import). A
    later task would find those names interned and the memory gone. After this, the only search
    function is a C ``dict.get`` on a table of every name that can succeed here (interned now), so
    a new name fails with plain Python's ``LookupError: unknown encoding`` and leaves nothing
    behind. Returns a report."""
    import codecs
    import itertools

    modules = sorted(name.split(".", 1)[1] for name in sys.modules
                     if name.startswith("encodings.") and name != "encodings.aliases")
    names = list(modules)  # first: each module's lookup registers its own extra aliases
    for name in modules:
        try:
            codecs.lookup(name)
        except LookupError:
            pass
    variants = set()
    for alias in list(encodings._aliases):
        # search_function also takes an alias with dots for some of its underscores.
        parts = alias.split("_")
        if len(parts) > 9:  # (none has more than five)
            variants.add(alias)
            continue
        for separators in itertools.product("_.", repeat=len(parts) - 1):
            variants.add(parts[0] + "".join(s + p for s, p in zip(separators, parts[1:])))
    names += sorted(variants)
    table = {}
    for name in names:  # already in C's normal form (lower case, "_" between runs, dots kept)
        try:
            table[sys.intern(name)] = codecs.lookup(name)
        except LookupError:
            pass
    try:
        codecs.unregister(encodings.search_function)  # (which empties the C cache too)
        codecs.register(table.get)
    except (AttributeError, TypeError) as exc:
        return f"open ({type(exc).__name__}): codec names a program looks up stay cached"
    for name in table:
        codecs.lookup(name)  # the C cache again, now from the table
    return f"sealed: {len(table)} names of {len(modules)} codecs"


CODEC_REPORT = _seal_codec_registry()
# Warm lazy paths that would otherwise import during a job (regex compilation, codec lookups).
"x".encode("utf-8").decode("ascii")
try:
    import re as _re

    _re.compile(r"(?i)\w+\s*\d").sub("", "Ab 1")
    _re.purge()
except ImportError:
    pass
if "decimal" in sys.modules:
    import decimal as _decimal

    _decimal.getcontext()
from json.encoder import encode_basestring_ascii as _json_str  # noqa: E402  -- C function: no class to patch

G.configure(CONFIG)
_SETORDER = _load("_setorder")
SET_ORDER = _SETORDER.SetOrder(G.order_free)
_SETORDER.OURS = G.ours
_SETORDER.NEED_ROOM = G.need_room
_SETORDER.SELF_SALTED = G.self_salted
_SETORDER.REFUSE = G.violation
_SETORDER.know_library_numbers(G._NUMERIC_HASHERS, getattr(sys.modules.get("decimal"), "Decimal", None),
                                getattr(sys.modules.get("fractions"), "Fraction", None))
if G._SET_FLAGS is not None:
    # Final, as the interpreter's set iterator is: a class statement over it raises "not an
    # acceptable base type" (one was made: the thirty-first session's red team E2).
    G._SET_FLAGS(_SETORDER.set_iterator, G._type_flags(_SETORDER.set_iterator) & ~G._BASE_TYPE)
_FIXED_BITS = _SETORDER.settle_fixed_bits(CONFIG.get("static_layout"))
# The masks of the extra orders validation tries (see run_job) come from a generator of ours,
# seeded from the OS now: a C type, so no program can patch its methods, and private, so no
# program can predict which orders will be tried.
import _random  # noqa: E402

_ORDER_RNG = _random.Random(int.from_bytes(os.urandom(16), "big"))
SETCONST = _load("_setconst")
IDENTITY_HASH = _load("_idhash")
REPRS = _load("_reprs")
REPRS.OURS = G.ours
# The guarded builtins print as the built-ins they stand for (a program that prints repr(getattr)).
for _name in G.STAND_IN_BUILTINS:
    _stand_in = G.SAFE_BUILTINS.get(_name)
    if isinstance(_stand_in, types.FunctionType):
        REPRS.STAND_INS[id(_stand_in)] = (_stand_in, f"<built-in function {_name}>")
# The globals of the worker's own code: the alarm never raises in a frame that runs with these.
_OWN_NAMESPACES = (globals(), vars(G), vars(C), vars(IDENTITY_HASH), vars(_SETORDER), vars(REPRS), vars(SETCONST))


class BuiltLiterals:
    """Literal arguments that hold a set (the parent's SET_LITERAL_TAG): the code of their
    ``(args, kwargs)`` expression, constants and displays only, evaluated before the program runs
    for a fresh copy per call, as marshalled literals are unmarshalled."""

    __slots__ = ("code",)

    def __init__(self, code):
        self.code = code

    def build(self):
        return eval(self.code, {"__builtins__": {}})  # noqa: S307 -- checked by the parent: constants only


def _inputs_from(payload):
    tag = payload[:1]
    if tag == b"L":
        return payload[1:]
    if tag == b"S":
        return BuiltLiterals(SETCONST.loads_code(payload[1:]))
    return SETCONST.loads_code(payload[1:])


class JobTimeout(BaseException):
    """Raised by the time limit's signal when a job outlives its time."""


# The time limit counts the CPU time the job's process spends (ITIMER_PROF: user and system time),
# not the wall clock: with more processes running programs than cores (each worker's runner and
# its one-shot children), a job that needed 40% of its limit alone timed out beside four busy
# loops, in run_batch and validate_batch alike (the twenty-eighth session's red team H). A program
# can neither sleep nor wait on anything, so alone on a core the two agree. The wall clock only
# backs it up (see Zygote._overdue).
_ALARM_TIMER, _ALARM_SIGNAL = signal.ITIMER_PROF, signal.SIGPROF
_cpu_clock = time.process_time


class _Timer:
    expired = False


TIMER = _Timer()


def _on_alarm(signum, frame):
    """The time limit: raise JobTimeout in the program's code, never in the worker's own.

    Raised in a frame of ours (the audit hook, a handler describing the program's exception, the
    window's clean-up), the exception would cut that code short: a hook left believing it still
    runs, an exception of the program's kept alive past the window by the one in flight. There it
    only marks the job as timed out (which the program cannot undo); the alarm, re-armed every
    50 ms, raises at the next one that lands in the program's code (or in a finalizer, where the
    interpreter swallows it), and the zygote kills a process that never gets back there."""
    TIMER.expired = True
    task = G.TASK
    if not task.untrusted or task.in_hook:
        return
    ours = True  # (should the look below fail, the alarm does not raise here)
    try:
        G.set_in_hook(True)  # our read of the frame is not the program's (and no collection runs in it)
        ours = False
        if frame is not None:
            found = frame.f_globals
            for namespace in _OWN_NAMESPACES:  # identity only: `in` would compare dicts by value
                if found is namespace:
                    ours = True
                    break
    finally:
        task.in_hook = False  # an assignment, which nothing can stop (see _guards.set_in_hook)
        G.release_collector()
    if not ours:
        raise JobTimeout()


signal.signal(_ALARM_SIGNAL, _on_alarm)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the file-size limit fails with EFBIG
signal.signal(signal.SIGPIPE, signal.SIG_IGN)

MAX_OUTPUT = int(CONFIG["max_output_chars"])
MAX_STDOUT = int(CONFIG["max_stdout_chars"])
MAX_ERROR_CHARS = 1000  # an error text in an answer (pool.py budgets its frames with the same cap)
MEMORY_BYTES = int(CONFIG["memory_mb"]) * 1024 * 1024
# How much memory is left for a program depends on what ran before it in the same process (the
# heap's fragments, the interpreter's caches): a program that allocates until MemoryError and
# returns the count would give one answer in both fresh validation processes and another later.
# Each process that runs programs therefore holds a reservation of address space of a random
# size from 0 to this spread, drawn when it is forked, for its whole life (PROT_NONE: no memory
# is touched). The two validation runs then see different headroom, and an output that measures
# it disagrees with itself. The address-space limit is raised by the spread, so that no program
# gets less than memory_mb.
HEADROOM_SPREAD = MEMORY_BYTES // 8
# Which part of that range this zygote's processes draw from: [band, bands], set per slot by the
# pool (see pool._headroom_band), so that validation's runs, sent to neighbouring slots, never
# draw within one allocation of each other.
HEADROOM_BAND = tuple(CONFIG.get("headroom_band", (0, 1)))
_RESERVED = []
TASK_MODULE_NAME = G.TASK_MODULE_NAME
GUARDS_ON = bool(LAYERS["guards"])
_OWN_GLOBALS = globals()  # the worker's frames' globals, below the program's (see _guards._in_own_hash)


# --- 3. running one job -----------------------------------------------------------------------------
class _CappedStdout:
    """Keeps the first MAX_STDOUT characters a program prints, drops the rest."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str")
        text = str.__str__(text)  # a str subclass may lie about its length
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


def _canonical(value, room):
    """repr, with set elements sorted so equal sets print alike under every hash seed.

    Only for a value that holds a set inside its exact lists, tuples and dicts (``_holds_set``):
    anything else prints as ``repr`` prints it, once. Each object that is not an exact container
    has its own ``repr`` called once, as ``repr`` of the whole would call it; a dict's entries
    are printed in order, with those a ``__repr__`` adds meanwhile (it does not stop the walk,
    as it does not stop C's); one Python frame per level of nesting, as C's repr takes one level
    of the interpreter's recursion. ``room`` is the characters left under the output cap, kept
    in a one-item list: the walk is the worker's code, which the time limit does not interrupt,
    so it ends as soon as its text would pass the cap. A container being printed stands on the
    interpreter's own list of them (see _REPR_STACK), as C's repr puts it there: one that holds
    itself prints as Python prints it (``[...]``, ``(...)``, ``{...}``, ``set(...)``), whether
    this walk meets it again or a program's ``__repr__`` calls ``repr()`` on it."""
    kind = type(value)
    parts = ()
    library = None
    if _library_kind(kind):
        library = _library_text(value, room)
    if library is not None:
        text = library
    elif kind is set or kind is frozenset or kind is list or kind is dict or kind is tuple:
        if _being_printed(value):
            return _RECURSIVE_TEXT[kind]
        _REPR_STACK.append(value)
        try:
            parts = []
            if kind is set or kind is frozenset:
                for item in list(value):  # (a copy first, as C's set repr takes one: a repr may add to the set)
                    parts.append(_canonical(item, room))
                parts.sort()
                if not parts:
                    text = "set()" if kind is set else "frozenset()"
                else:
                    body = "{" + ", ".join(parts) + "}"
                    text = body if kind is set else f"frozenset({body})"
            elif kind is list or kind is tuple:
                for item in value:
                    parts.append(_canonical(item, room))
                if kind is list:
                    text = "[" + ", ".join(parts) + "]"
                else:
                    text = f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"
            else:
                text = _canonical_dict(value, parts, room)
        finally:
            _repr_leave(value)
    else:
        text = repr(value)
        if type(text) is not str:
            text = str.__str__(text)
    # (What this level adds: its parts' characters were counted where they were made.)
    room[0] -= len(text) - sum(map(len, parts))
    if room[0] < 0:
        raise OutputTooLarge(f"output repr is over the cap of {MAX_OUTPUT} characters")
    return text


def _thread_repr_stack():
    """The list in which CPython's ``Py_ReprEnter`` keeps the containers whose repr is being made
    (the thread state's dict, under "Py_Repr"), made now if no repr has made it yet. _canonical
    walks containers in Python: a program's ``__repr__`` that called ``repr()`` on the list
    holding it got a second copy of that list where Python prints ``[...]`` (the twenty-eighth
    session's red team N)."""
    import ctypes  # noqa: PLC0415 -- (at start-up, before the lock-down)

    thread_dict = ctypes.pythonapi.PyThreadState_GetDict
    thread_dict.restype = ctypes.c_void_p  # (a borrowed reference: read as an address, then
    thread_dict.argtypes = []              # as an object, which takes a reference of its own)
    return ctypes.cast(thread_dict(), ctypes.py_object).value.setdefault("Py_Repr", [])


_REPR_STACK = _thread_repr_stack()
_RECURSIVE_TEXT = {list: "[...]", tuple: "(...)", dict: "{...}", set: "set(...)", frozenset: "frozenset(...)"}


def _being_printed(value):
    for held in _REPR_STACK:
        if held is value:
            return True
    return False


def _repr_leave(value):
    # (The last time it was put on, as Py_ReprLeave takes it off.)
    for index in range(len(_REPR_STACK) - 1, -1, -1):
        if _REPR_STACK[index] is value:
            del _REPR_STACK[index]
            return


def _library_containers():
    """The library containers whose reprs ``_canonical`` writes itself, with the sets inside
    sorted (the benign hunt of the twenty-ninth session: a ``defaultdict(set)`` of strings, a
    deque or a namedtuple holding a set printed its sets in the seed's order, and a deterministic
    program was refused as nondeterministic), and the code of the ``__repr__`` that
    ``collections.namedtuple`` gives each class it makes."""
    import collections  # noqa: PLC0415 -- (at start-up, before the lock-down; an allowed module)

    template = next(const for const in collections.namedtuple.__code__.co_consts
                    if type(const) is types.CodeType and const.co_name == "__repr__")
    return collections.OrderedDict, collections.defaultdict, collections.Counter, collections.deque, template


_ORDERED_DICT, _DEFAULT_DICT, _COUNTER, _DEQUE, _NAMEDTUPLE_REPR = _library_containers()
_TYPE_MRO = type.__dict__["__mro__"].__get__
_FUNCTION_CODE = types.FunctionType.__dict__["__code__"].__get__
_OBJECT_DICT = object.__getattribute__
_LIBRARY_DEPTH = 50  # nesting past which a library container is left to its own repr (see _library_text)


def _plain_namespaces(kind):
    """Are the namespaces of ``kind`` and its bases keyed by exact strings alone? Then reading a
    name from them runs no code of the program's (a key of a str subclass with the same hash
    would have its ``__eq__`` called, red team I)."""
    return all(all(type(key) is str for key in _TYPE_DICT(klass)) for klass in _TYPE_MRO(kind))


def _namedtuple_format(kind):
    """The format namedtuple's ``__repr__`` fills (``'(a=%r, b=%r)'``) for its class ``kind``, from
    the closure of the ``__repr__`` that class resolves (the class's ``_fields`` may have been
    rebound since, and the repr does not read them), or None where ``kind`` is no such class, or
    one whose repr may run code of the program's (a ``__class__`` of its own: the repr reads
    ``self.__class__``)."""
    if type(kind) is not type or not _plain_namespaces(kind):  # (a metaclass's own __name__ would run)
        return None
    method = None
    for klass in _TYPE_MRO(kind):
        namespace = _TYPE_DICT(klass)
        if "__class__" in namespace and klass is not object:
            return None
        if method is None and "__repr__" in namespace:
            method = namespace["__repr__"]
    if type(method) is not types.FunctionType:
        return None
    return G.ours(_namedtuple_repr_format, method)


def _namedtuple_repr_format(method):
    # (Run as the sandbox's own act: the audit hook refuses the program's reads of a function's
    # code and closure. Nothing of the program's runs here.)
    code = _FUNCTION_CODE(method)
    if code is not _NAMEDTUPLE_REPR:
        return None
    return method.__closure__[code.co_freevars.index("repr_fmt")].cell_contents


def _prints_as_dict(kind):
    """Is ``kind`` a dict subclass whose objects print by dict's own repr (no ``__repr__`` of its
    own or of a base before dict), which reads no attribute of theirs?"""
    if not _plain_namespaces(kind):
        return False
    for klass in _TYPE_MRO(kind):
        if klass is dict:
            return True
        if "__repr__" in _TYPE_DICT(klass):
            return False
    return False


def _library_text(value, room):
    """The text ``repr(value)`` gives a library container (an exact ``defaultdict``,
    ``OrderedDict``, ``Counter`` or ``deque``, or an instance of a namedtuple class) that holds a
    set, with its sets sorted, or None where this walk would not be plain Python's: anything in
    it other than plain data, these containers and namedtuples (a program's object's ``__repr__``,
    ``__hash__`` or properties run in an order and a number that the library's own reprs decide:
    red team I), a defaultdict whose factory is not a class, a Counter or OrderedDict with
    attributes of its own, or containers nested past _LIBRARY_DEPTH (where C's repr, which takes
    one to three levels of recursion a level, meets its limit elsewhere). Built as CPython 3.11's
    reprs build it; such a container printed inside itself prints ``...`` as C prints it."""
    formats = {}
    # (In the program's time, as the rest of the output's walk: iterating a set runs the set-order
    # stand-in, which may hash the program's objects.)
    if not _library_walk_ok(value, formats):
        return None
    # (Containers an outer walk is printing are on the interpreter's list: met again here, they
    # print as ``[...]``, as C's repr finds them there.)
    # (The walk's budget bounds the text; _canonical counts it against the cap.)
    return _library_write(value, formats, {id(held) for held in _REPR_STACK})


def _library_walk_ok(value, formats):
    """Is everything inside ``value`` plain data, library containers with plain reading (see
    _library_text) or namedtuples (their formats into ``formats``, by class)?"""
    stack, seen, budget = [(value, 0)], set(), MAX_OUTPUT
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if _plain_kind(kind):
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if depth > _LIBRARY_DEPTH:
            return False
        if kind is list or kind is tuple or kind is set or kind is frozenset or kind is _DEQUE:
            inner = list(item)
        elif kind is dict or kind is _ORDERED_DICT or kind is _COUNTER or kind is _DEFAULT_DICT:
            if kind is _DEFAULT_DICT and not (item.default_factory is None or type(item.default_factory) is type):
                return False
            if (kind is _COUNTER or kind is _ORDERED_DICT) and _OBJECT_DICT(item, "__dict__"):
                return False
            inner = [*dict.keys(item), *dict.values(item)]
        elif issubclass(kind, dict):  # a program's dict subclass that prints as a dict
            if formats.get(id(kind)) != "dict" and not _prints_as_dict(kind):
                return False
            formats[id(kind)] = "dict"
            inner = [*dict.keys(item), *dict.values(item)]
        elif issubclass(kind, tuple):
            form = formats.get(id(kind)) or _namedtuple_format(kind)  # (by id: a metaclass may hash)
            if form is None:
                return False
            formats[id(kind)] = form
            inner = list(tuple.__iter__(item))
        else:
            return False
        budget -= len(inner) + 1
        if budget < 0:
            return False
        stack.extend((x, depth + 1) for x in inner)
    return True


def _library_write(value, formats, active):
    """``value``'s text (see _library_text), every part of it plain data or a container whose
    repr runs no program code, so the order in which they are written is not seen."""
    kind = type(value)
    if _plain_kind(kind):
        return repr(value)
    if kind is set or kind is frozenset:
        items = sorted(_library_write(x, formats, active) for x in value)
        if not items:
            return "set()" if kind is set else "frozenset()"
        return "{" + ", ".join(items) + "}" if kind is set else "frozenset({" + ", ".join(items) + "})"
    if formats.get(id(kind), "dict") != "dict":  # a namedtuple
        items = tuple(_Printed(_library_write(x, formats, active)) for x in tuple.__iter__(value))
        return kind.__name__ + formats[id(kind)] % items
    if kind is _COUNTER:
        if not dict.__len__(value):
            return "Counter()"
        try:
            pairs = sorted(dict.items(value), key=_SECOND, reverse=True)  # (Counter.most_common's order)
        except TypeError:
            pairs = list(dict.items(value))
        return "Counter({" + ", ".join(f"{_library_write(k, formats, active)}: {_library_write(v, formats, active)}"
                                        for k, v in pairs) + "})"
    if id(value) in active:  # (as C's Py_ReprEnter finds it)
        if kind is _DEFAULT_DICT:
            return f"defaultdict({_factory_text(value)}, {{...}})"
        return {list: "[...]", tuple: "(...)", _DEQUE: "[...]", _ORDERED_DICT: "..."}.get(kind, "{...}")
    active.add(id(value))
    try:
        if kind is list or kind is _DEQUE:
            body = "[" + ", ".join(_library_write(x, formats, active) for x in value) + "]"
            if kind is list:
                return body
            return f"deque({body})" if value.maxlen is None else f"deque({body}, maxlen={value.maxlen})"
        if kind is tuple:
            inner = [_library_write(x, formats, active) for x in value]
            return f"({inner[0]},)" if len(inner) == 1 else "(" + ", ".join(inner) + ")"
        if kind is _ORDERED_DICT:
            if not dict.__len__(value):
                return "OrderedDict()"
            return "OrderedDict([" + ", ".join(
                f"({_library_write(k, formats, active)}, {_library_write(v, formats, active)})"
                for k, v in _ORDERED_DICT.items(value)) + "])"
        body = "{" + ", ".join(f"{_library_write(k, formats, active)}: {_library_write(v, formats, active)}"
                               for k, v in dict.items(value)) + "}"
        if kind is not _DEFAULT_DICT:  # (a dict, or a subclass that prints as one)
            return body
        return f"defaultdict({_factory_text(value)}, {body})"  # (the factory read after the items, as C reads it)
    finally:
        active.discard(id(value))


_SECOND = itemgetter(1)


def _factory_text(value):
    factory = value.default_factory  # (None or a class: see _library_walk_ok)
    return "None" if factory is None else repr(factory)


def _library_kind(kind):
    """Could ``_library_text`` print an object of class ``kind``: an exact library container, or
    a subclass of tuple (a namedtuple's class) or of dict (a program's own), judged further by
    _library_walk_ok? Compared by identity: ``in`` would run a metaclass's ``__eq__`` or
    ``__hash__``, which plain repr never calls."""
    if kind is _DEFAULT_DICT or kind is _ORDERED_DICT or kind is _COUNTER or kind is _DEQUE:
        return True
    return kind is not tuple and kind is not dict and issubclass(kind, (tuple, dict))


def _plain_kind(kind):
    # (By identity, as _library_kind.)
    return (kind is str or kind is int or kind is float or kind is bool or kind is bytes or kind is complex
            or kind is _NONE_TYPE)


_NONE_TYPE = type(None)


class _Printed:
    """Text that ``%r`` prints as it is (a namedtuple's format, filled with its items' text)."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def _canonical_dict(value, parts, room):
    """A dict's text into ``parts``: its entries in order, and those a repr adds meanwhile after
    them, as C's walk of the table meets them; no key's __hash__ or __eq__ runs (a lookup would
    run them). A repr that took an entry out or replaced one (C's walk then skips it or prints
    the new value) ends the output with an error: the text printed from the entries as they were
    is one plain Python never prints (red team 28G)."""
    done = 0
    printed = []
    while done < dict.__len__(value):
        entries = list(dict.items(value))[done:]
        if not entries:
            break
        for key, item in entries:
            printed.append((key, item))
            parts.append(f"{_canonical(key, room)}: {_canonical(item, room)}")
            done += 1
    now = list(dict.items(value))
    if len(now) != len(printed) or any(a is not c or b is not d for (a, b), (c, d) in zip(now, printed)):
        raise RuntimeError("a __repr__ changed the dict being printed")
    return "{" + ", ".join(parts) + "}"


def _holds_set(value):
    """Does an exact set or frozenset sit inside ``value``'s exact lists, tuples, dicts and sets,
    or the library containers ``_canonical`` prints (see _library_text)? Walks those containers
    only (reading them runs none of the program's code), each once; None
    when there are more of them and their items than the output cap has characters, since each
    prints at least one."""
    stack, seen, budget = [value], set(), MAX_OUTPUT
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is set or kind is frozenset:
            return True
        if kind is list or kind is tuple or kind is dict:
            inner = item if kind is not dict else [*item.keys(), *item.values()]
        elif kind is str or kind is int:
            continue
        elif _library_kind(kind):
            # (Read by C methods of the exact base: a subclass's own iteration is program code.)
            inner = (list(item) if kind is _DEQUE
                     else [*dict.keys(item), *dict.values(item)] if kind is not _DEQUE and issubclass(kind, dict)
                     else list(tuple.__iter__(item)))
        else:
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        budget -= len(inner) + 1
        if budget < 0:
            return None
        stack.extend(inner)
    return False


_PLAIN_DATA_BUDGET = 10_000  # values walked per output before giving up ("not known")


# Python's tokenizer reads at most 200 nested brackets: a deeper value prints as text that no
# literal parser (ast.literal_eval included) can read back.
_PLAIN_DATA_DEPTH = 200


def _plain_data(value):
    """True when ``value`` is built only of exact int, bool, str, bytes, None, finite float,
    list, tuple, set and dict, nested at most _PLAIN_DATA_DEPTH deep, so its printed form is a
    Python literal that reads back. Exact types only; walking the value calls none of the
    program's code."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # most outputs: no walk
        return True
    stack = [(value, 0)]
    budget = _PLAIN_DATA_BUDGET
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None or kind is bytes:
            pass
        elif kind is float:
            if item != item or item in (float("inf"), float("-inf")):
                return False
        elif kind is list or kind is tuple or kind is set or kind is dict:
            depth += 1
            if depth > _PLAIN_DATA_DEPTH:
                return False
            for inner in (item if kind is not dict else [*item.keys(), *item.values()]):
                stack.append((inner, depth))
        else:
            return False
        budget -= 1
        if budget < 0:
            return False
    return True


def _render(value, plain=False):
    """The output's text: ``repr(value)``, called once (a program's ``__repr__`` may count its
    calls), with the sets inside its exact containers printed in sorted order (``_canonical``).
    ``plain``: ``value`` is plain data (see ``_plain_data``), whose C repr runs no program code.
    Walking only where a set is: the walk ran for every value whose text showed a brace, called
    each object's ``__repr__`` a second time, stopped where a ``__repr__`` added to a dict being
    printed, and took two frames a level, so a list 400 deep with a dict at the bottom raised
    RecursionError (red team 27R)."""
    kind = type(value)
    if plain:
        # Plain data prints in C, running nothing of the program's: its text tells whether a set
        # can be inside, which costs less than a walk (most outputs hold none).
        text = repr(value)
        holds = ("{" in text or "set(" in text) and kind is not str and kind is not bytes
        if holds and len(text) > MAX_OUTPUT:
            raise OutputTooLarge(f"output repr is {len(text)} characters, over the cap of {MAX_OUTPUT}")
    else:
        holds = False if kind is str or kind is bytes or kind is int or kind is float else _holds_set(value)
        if holds is None:
            raise OutputTooLarge(f"output repr is over the cap of {MAX_OUTPUT} characters")
        text = None if holds else repr(value)
    if holds:
        depth = len(_REPR_STACK)
        try:
            text = _canonical(value, [MAX_OUTPUT])
        finally:
            # What a walk cut short left there: a RecursionError raised again in the clean-up of a
            # level deep down (its own call needs a frame too) kept the program's container on
            # the interpreter's list for the runner's life, and a later task had that much less
            # memory (the twenty-eighth session's red team T). A slice deletion takes no frame.
            del _REPR_STACK[depth:]
    if type(text) is not str:
        text = str.__str__(text)
    if len(text) > MAX_OUTPUT:
        raise OutputTooLarge(f"output repr is {len(text)} characters, over the cap of {MAX_OUTPUT}")
    return text


_TYPE_NAME = type.__dict__["__name__"].__get__


def _type_name(obj):
    """The name of ``obj``'s class, read from the type itself: a metaclass's ``__name__`` property
    or a ``str`` subclass given as the name is program code, and this runs none of it."""
    try:
        return str.__str__(_TYPE_NAME(type(obj)))
    except BaseException:  # noqa: BLE001 -- never: the slot always holds a str
        return "exception"


def _short(exc):
    """``Name: message`` of a program's exception, cut to 300 characters; never raises.

    Only inside the program's window: ``str(exc)`` is the program's code. Outside it (after the
    window, in a one-shot child's last resort) only ``_type_name`` may look at a program's object:
    an exception that escaped the window's handlers would otherwise run its ``__str__`` with the
    audit hook and the timer off."""
    name = _type_name(exc)
    try:
        detail = str(exc)
        detail = str.__str__(detail) if isinstance(detail, str) else ""
    except BaseException:  # noqa: BLE001 -- a __str__ that raises is the program's problem, not ours
        detail = ""
    text = f"{name}: {detail}" if detail else name
    text = " ".join(text.split())
    return text[:300]


_SUSPECT_TYPES = (types.FunctionType, types.MethodType, types.GeneratorType, types.CoroutineType,
                  types.AsyncGeneratorType, types.CellType, types.FrameType, types.TracebackType,
                  types.ModuleType, staticmethod, classmethod, property)


_CODE_FLAGS_WITH_FINALIZERS = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async gen
# A class statement compiles to a body whose code stores ``__qualname__`` (and ``__module__``): that
# name, not a search of the bytecode for LOAD_BUILD_CLASS, marks a class. (Reading a fresh code
# object's ``co_code`` makes a copy of its bytecode: that search cost every job about 2 us.)
_NAMES_WITH_FINALIZERS = frozenset({"type", "__class__", "__del__", "__new__", "__init_subclass__", "__qualname__"})
_CODE_TYPE = types.CodeType


_FINALIZER_MEMO = {}  # identity hash of code -> (code, answer): emptied after every pass (see _run_pass)


def _may_leave_finalizers(code):
    """Could the program make an object whose collection runs its code (a class with __del__, a
    generator with a finally block)? Then the collector runs and the heap is searched after the
    task whatever the object count says (a collection during the task can untrack objects that
    existed before, and so hide one that survived)."""
    key = _ADDRESS(code)  # the identity hash: unique among live objects, and not audited like id()
    hit = _FINALIZER_MEMO.get(key)
    if hit is not None and hit[0] is code:
        return hit[1]
    if len(_FINALIZER_MEMO) > 512:
        _FINALIZER_MEMO.clear()
    answer = _FINALIZER_MEMO[key] = (code, _scan_for_finalizers(code))
    return answer[1]


def _code_objects(code):
    """``code`` and every code object nested in its constants."""
    stack = [code]
    while stack:
        co = stack.pop()
        yield co
        stack.extend(const for const in co.co_consts if type(const) is _CODE_TYPE)


def _scan_for_finalizers(code):
    return any(co.co_flags & _CODE_FLAGS_WITH_FINALIZERS or not _NAMES_WITH_FINALIZERS.isdisjoint(co.co_names)
               for co in _code_objects(code))


_COLLECTION_ROUNDS = 8
CLEANUP_FAILED_EXIT = 86  # a process whose clean-up after a task failed (see _run_job)
# Objects of a task that could not be freed inside its window: kept until the process exits
# (a runner retires after such a task; os._exit runs no finalizer).
_QUARANTINE = []
_OWN_EXCEPTIONS = frozenset({JobTimeout, MemoryError, RecursionError, KeyboardInterrupt, SystemExit})


def _clear_until_empty(table):
    """Clear ``table`` until it stays empty (finalizers run by a clear may refill it); the reason
    when it does not within a few rounds, else None. Called in the program's window."""
    for _ in range(_COLLECTION_ROUNDS):
        table.clear()
        if not table:
            return None
    return "finalizers that kept refilling the task's namespace"
# Set without running any __setattr__ of a program's exception class.
_EXC_CONTEXT = BaseException.__dict__["__context__"].__set__
_EXC_CAUSE = BaseException.__dict__["__cause__"].__set__
_EXC_TRACEBACK = BaseException.__dict__["__traceback__"].__set__


def _collect_in_window():
    """Collect until a collection finds nothing: the finalizers one collection runs may leave
    new garbage of their own (a cycle made in ``__del__``), which the next task's freeze would
    otherwise keep for ever. Called in the program's window. A program whose finalizers keep
    making garbage after a few rounds retires the runner (the reason is returned)."""
    for _ in range(_COLLECTION_ROUNDS):
        if not gc.collect():
            return None
    return "finalizers that kept making garbage"


_YOUNGEST_THRESHOLD, *_OLDER_THRESHOLDS = gc.get_threshold()


def _collector_cells():
    """The collector's counts of its three generations as ctypes ints at their places in the
    interpreter's state, and its statistics as nine ctypes ints (collections, collected and
    uncollectable of each generation); (None, None) where that place is not known.

    64-bit CPython 3.11: ``generations[0].count`` of the interpreter's collector state, a
    PyGC_Head and two ints per generation, found by the three thresholds and the two older counts
    that gc reports (nothing allocates between the reads and the search), and checked by a write
    that ``gc.get_count()`` reads back (which reads before it allocates its answer); the
    statistics follow the three generations, the pointer to the youngest and the permanent one,
    and are checked against ``gc.get_stats()``. (Read directly: a ``gc.callbacks`` hook, called
    with a new dict at the start and end of every collection, four of them in every run, cost the
    cold validation benchmark a tenth of its speed.)"""
    import ctypes  # noqa: PLC0415 -- (at start-up, before the lock-down)

    if sys.version_info[:2] != (3, 11) or sys.implementation.name != "cpython" or ctypes.sizeof(ctypes.c_void_p) != 8:
        return None, None
    interpreter_state = ctypes.pythonapi.PyInterpreterState_Get
    interpreter_state.restype = ctypes.c_void_p
    ints = (ctypes.c_int * 4096).from_address(interpreter_state())  # (the main interpreter: part of a static struct)
    thresholds = gc.get_threshold()
    enabled = gc.isenabled()
    gc.disable()
    try:
        _, middle, oldest = gc.get_count()
        places = [at for at in range(4096 - 14)
                  if (ints[at], ints[at + 6], ints[at + 12], ints[at + 7], ints[at + 13]) == (*thresholds, middle, oldest)]
        if len(places) != 1:
            return None, None
        generations = ctypes.addressof(ints) + 4 * places[0] - 16  # (the youngest's PyGC_Head)
        cell = ctypes.c_int.from_address(generations + 20)
        was = cell.value
        cell.value = 5
        read = gc.get_count()[0]
        cell.value = was
        stats = (ctypes.c_ssize_t * 9).from_address(generations + 3 * 24 + 8 + 24)
        expected = [value for generation in gc.get_stats() for value in
                    (generation["collections"], generation["collected"], generation["uncollectable"])]
        if read != 5 or list(stats) != expected:
            return None, None
        # The older generations' counts, 24 bytes on: checked the same way.
        older = [ctypes.c_int.from_address(generations + 24 * k + 20) for k in (1, 2)]
        if [c.value for c in older] != list(gc.get_count()[1:]):
            return None, None
        return (cell, *older), stats
    finally:
        if enabled:
            gc.enable()


_COLLECTOR_COUNTS, _COLLECTOR_STATS = _collector_cells()
# Objects of ours that stand for what a process had allocated before the program started, where
# the count cannot be written (see _pad_collector).
_GC_PADDING = []


def _pad_collector(finalizing):
    """Start the program's youngest generation at a random count, drawn afresh for every run.

    A plain process reaches a program with whatever its own start-up left in the youngest
    generation, so when the first automatic collection comes (and with it a finalizer of the
    program's garbage cycles) differs from process to process. Each run here started it from the
    same reset count, so an output that told how many allocations the first collection took (was
    it 600 or more?) agreed in every run, was validated, and answered what no plain process
    answers (`python -c` reaches it after about 530; the thirtieth session's red team D); and
    the perturbed run, whose bookkeeping allocates a few objects more, reached it a few
    allocations later than the reported run, so a program could tell the two apart and answer
    with the seed's order in one of them alone (red team D2: 7 of 12 validated). Counted from a
    random start in every run, the point tells nothing; and a perturbed run whose collections
    found unreachable objects is checked further (see ``collected`` in _run_job). Written into
    the interpreter's count where its place is known (a store: nothing allocated); elsewhere
    made up by allocating, for programs that may have finalizers only. Called in the program's
    window, with the collector's generations just emptied."""
    start = _ORDER_RNG.getrandbits(32) % _YOUNGEST_THRESHOLD
    if _COLLECTOR_COUNTS is not None:
        # And the older generations' counts (how many collections of the younger one since their
        # own), which every run started at 1 and 0 after the task's full collection, where `python
        # -c` reaches a program with 4 and 1: counting young collections until an old cycle was
        # freed answered 11 in every run, 8 in every plain process (red team D5).
        youngest, middle, oldest = _COLLECTOR_COUNTS
        youngest.value = start
        middle.value = _ORDER_RNG.getrandbits(32) % _OLDER_THRESHOLDS[0]
        oldest.value = _ORDER_RNG.getrandbits(32) % _OLDER_THRESHOLDS[1]
    elif finalizing:
        _GC_PADDING.extend([] for _ in range(start))


def _defines_del(code):
    """Does the program's code name ``__del__`` (a method so named, or the name or text anywhere)?"""
    return any(co.co_name == "__del__" or "__del__" in co.co_names
               or any(type(const) is str and "__del__" in const for const in co.co_consts)
               for co in _code_objects(code))


_FINALIZER_CALLS = []  # a mark for each call of the program's code the clean-up's collection made


def _finalizer_watch(namespace):
    """A profile function (``sys.setprofile``) that marks every call of a function of the program
    (its globals are the task's namespace): set around the clean-up's collection, whatever it
    calls is a finalizer."""
    def watch(frame, event, arg):
        if event == "call" and frame.f_globals is namespace:
            _FINALIZER_CALLS.append(True)
    return watch


def _collected():
    """How many unreachable objects the collections of this process have found, all generations
    together (only such objects have finalizers a collection runs): read directly where the
    place of the collector's statistics is known (see _collector_cells), else from gc."""
    stats = _COLLECTOR_STATS
    if stats is not None:
        return stats[1] + stats[4] + stats[7]
    return sum(generation["collected"] for generation in gc.get_stats())


def _survivors(ours=()):
    """True when an object the program made is still alive after its namespace was cleared and
    a collection ran: it could run the program's code (a finalizer, a suspended generator's
    finally block) during a later task."""
    owned = G.program_owned
    ours = {id(o) for o in ours}
    for obj in gc.get_objects():
        if id(obj) in ours:
            continue
        kind = type(obj)
        # issubclass on the real type, never isinstance: isinstance falls back to the object's
        # own ``__class__``, which a program's object can make a property (its code, run here
        # with the audit hook off); and the name comes from the type's slot for the same reason.
        if owned(kind) or (issubclass(kind, type) and owned(obj)) or (issubclass(kind, _SUSPECT_TYPES) and owned(obj)):
            return f"a {str.__str__(_TYPE_NAME(kind))} object"
    return None


# The recursion a program may use, as in `exec(program)` at the top of a script (`python -c`)
# under the default limit of 1000. Processes are forked at different call depths (a runner replaced
# from inside the zygote's event handlers), so the limit is set from the depth of each job.
# GUARD_FRAMES more: getattr, hasattr, hash, id, `self._x`, str.format fields and set iteration
# are Python functions in the guards, where plain Python's builtins spend no frame, and those whose
# depth varies first ask for ROOM_FRAMES (see _guards.need_room); a program recursing near the
# limit that calls one at its deepest point must not fail in the sandbox only.
GUARD_FRAMES = G.ROOM_FRAMES + 2
RECURSION_HEADROOM = 998 + GUARD_FRAMES


def _recursion_depth():
    """The recursion depth here as the interpreter counts it against the limit: Python frames and
    every re-entry of the evaluation loop from C (a call through ``exec``, a slot, a callback),
    which walking the frames does not see. Found by bisection on ``sys.setrecursionlimit``, which
    refuses a limit at or under the current depth (some ten C calls, no frame read)."""
    limit = sys.getrecursionlimit()
    low, high = 1, limit  # a limit of ``high`` is accepted here
    # (The alarm is held meanwhile: its handler, run under a limit lowered to the depth, would
    # raise RecursionError into the bisection and skew it.)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {_ALARM_SIGNAL})
    try:
        while low < high:
            middle = (low + high) // 2
            try:
                sys.setrecursionlimit(middle)
            except RecursionError:
                low = middle + 1
            else:
                high = middle
    finally:
        sys.setrecursionlimit(limit)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return low


_DEPTHS = {}  # which caller ran _run_pass (see _same_headroom) -> the depth of _run_job's frame


def _same_headroom(path):
    # The program's module frame will be one below _run_job's frame. The depth is the same on
    # every pass that comes by the same ``path`` (run_job's passes, or _other_orders's; run_job is
    # called from one place in a process), so it is measured once per path. It is the depth the
    # limit counts, not the number of frames: the extra runs' path counted one frame more than
    # its depth, so a program found one frame more room there than in the run it is compared
    # with, and could tell them apart by it.
    depth = _DEPTHS.get(path)
    if depth is None:
        depth = _DEPTHS[path] = _recursion_depth()
    limit = depth + RECURSION_HEADROOM
    if sys.getrecursionlimit() != limit:
        sys.setrecursionlimit(limit)


# Validation's later runs execute the program perturbed, module body included, in a fresh
# namespace and under other orders: hash-ordered sets iterate (and pop) in reverse, and every hash
# or id() the program sees that could change with the seed or with addresses comes back inverted.
# They are compared with the first run, in another process under another seed (an extra run itself,
# see run_job): an order of strings or of the program's objects, random there, agrees with the
# reversal by chance.
#
# So when the perturbed run did reorder a set or salt a hash or id(), validation tries EXTRA_ORDERS
# more runs, each with random set orders and a random hash mask, until one disagrees with it. A
# program whose output is one bit of the order (is the element ``set.pop()`` returns smaller than
# some string?) then passes about once in 2**(1 + EXTRA_ORDERS) validations, a whole order of two
# strings about as rarely. Programs that touch no seed-dependent order (most) never pay for it, and
# the extra runs share one time window: a slow program gets fewer of them. (20, not 13: the test
# suite alone refuses some 1,900 validations as nondeterministic, and at once in 2**14 about one
# suite run in eight let one through; one of six clean-clone CI runs failed so. Once in 2**21 is
# about one in 2,000,000.)
EXTRA_ORDERS = int(CONFIG.get("extra_orders", 20))  # Executor(extra_orders=...)
# The fewest of them that must finish (see _other_orders): an output that is the order of a
# two-element set then passes at most once in 2**7 validations, not once in 4.
MIN_EXTRA_ORDERS = min(6, EXTRA_ORDERS)
# Where the perturbed run reordered a set of numbers beside other elements, the extra runs take
# three models of order in turn (_EXTRA_RUN_MODELS), and a bit of the order that only one of them
# can set is tried by a third of the runs: a string added before 64 numbers lands among them under
# half of all seeds and under the others-first model alone (the reported run lays numbers out
# first), and with 20 runs, 7 of them others-first, whether it did was validated in about 1.5% of
# validations (3 of 200, and one failed clean-clone CI run, the thirty-fourth session). Half as many
# runs again give each model 10 (once in 2**10); only validations of such mixed sets pay for them.
MIXED_EXTRA_ORDERS = EXTRA_ORDERS + EXTRA_ORDERS // 2
_INVERT = -1  # the first perturbed run's mask: x ^ -1 == ~x, every bit flipped
# The extra runs' models of other set orders, in turn (see _setorder.random_order's ``placed``),
# a third of the runs each. The reported run lays numbers out first, so a program that can tell
# that layout from the others (many mixed sets, all with their numbers in CPython's order)
# answers with the seed's order where it sees it and a constant elsewhere: it passes only where
# every numbers-first extra run gives the reported run's answer, about once in 2**7 validations.
# With one run in six numbers-first it passed once in 16 (the thirtieth session's red team D3).
_EXTRA_RUN_MODELS = (None, "numbers-first", "others-first")


def _random_mask():
    mask = _ORDER_RNG.getrandbits(64) - (1 << 63)  # a signed 64-bit hash, as Py_hash_t
    return mask or _INVERT


_ADDRESS = object.__hash__  # the identity hash (taken before _idhash replaces object's entry)


def _perturb_order(mask=_INVERT, placed=None):
    G.set_untrusted(False)  # our own switches
    try:
        if mask == _INVERT:
            SET_ORDER.reverse(True)
        else:
            # ``placed``: only what a seed or an address moves is moved (see random_order).
            SET_ORDER.reverse(True, shuffle=_SETORDER.random_order(_ORDER_RNG.random, placed=placed),
                              keep_added=_SETORDER.random_choice(_ORDER_RNG.random, _ADDRESS))
        G.TASK.salt_hashes = mask
        G.TASK.salt_seen = False
    finally:
        G.set_untrusted(True)


def _restore_order():
    mode = SET_ORDER.mode
    if not (G.TASK.salt_hashes or mode.reversed or mode.shuffle or SET_ORDER.drains or SET_ORDER.listed):
        return  # nothing was perturbed, or it was restored already
    was = G.TASK.untrusted
    G.set_untrusted(False)
    try:
        G.TASK.salt_hashes = 0
        SET_ORDER.reverse(False)  # (installed for good: every run, plain or not, looks the same)
    finally:
        G.set_untrusted(was)


class Outcome:
    __slots__ = ("status", "outputs", "error", "stdout", "literal", "tainted", "saw_order", "saw_collection", "mixed",
                 "seconds", "first_seconds")


def run_job(program_bytes, inputs_bytes, n_calls, timeout, imports, check_survivors, checked=False):
    """Execute one job; every failure of the program becomes a status, never an exception here.

    ``n_calls`` outputs, from calls in one namespace. One call: ``run``, or validation's first run
    (see below). More (validation's later runs): the whole program runs perturbed from the module
    body on (other set orders,
    inverted hashes, ids numbered afresh), its calls sharing the namespace so that state kept
    across calls shows; and, when that run saw a seed-dependent order, up to EXTRA_ORDERS more runs
    under random orders in one more window, the first that disagrees standing in for its last
    output. The parent compares these outputs with validation's first run in another process."""
    if n_calls == 1:
        # A single run (``run``, or validation's first, whose output is the one reported) is an
        # extra run: random orders, its own hash mask, the same code. So no program can tell it
        # from them: not by the recursion depth at which a set iteration fails (see
        # _guards.need_room), not by counting its __hash__ calls, not by comparing a set's order
        # with the hashes it is shown, not by how often an element added between pops comes next.
        # A program that told the first run from the perturbed ones answered the seed's order
        # there and a constant in the others, and passed half the time; now it can single out only
        # the reversed run, and the extra runs outvote it. And ``run``, which checks answers
        # against the reported output, is such a run too: a program cannot answer one way when
        # validated and another when checked. For a validated program the order makes no
        # difference (that is what validation checked), so the output is plain Python's; an
        # output that depends on a hash's value depends on the seed, and is refused either way;
        # what no seed changes (equal hashes of equal values, the 0 of an empty string) holds
        # under every mask.
        # Its orders move only what a seed or an address moves (random_order's ``placed``): a
        # set of numbers and strings keeps its numbers' order, as CPython's probing does, where a
        # uniform permutation answered orders no process gives.
        heap_at_start = _HEAP_TOP() if checked and _HEAP_TOP is not None else None
        started = _cpu_clock()
        out = _run_pass(program_bytes, inputs_bytes, 1, timeout, imports, check_survivors, perturbed=_random_mask(),
                        reported=True, placed="numbers-first", checked=checked)
        out.seconds = _cpu_clock() - started
        if checked and out.status == "ok" and (out.saw_order or out.saw_collection):
            # Validation's first run is checked in its own process as the perturbed run is in
            # its: anything a program can tell about a process (how much memory it may allocate:
            # each validation slot's runners reserve their own band, see _reserve_headroom) told
            # the first run from the perturbed one and its extra runs, which all share the other
            # process, and a program that answered the seed's order in the first and a constant in
            # the rest was validated whenever the two agreed (the thirty-eighth session's red team
            # H: 6 of 8). Its extra runs now answer other orders where it did, in its process, as
            # many as the perturbed run's: with half as many, a bit the first run's process alone
            # shows, and that the order sets only one time in four, would pass one validation in
            # 18 (0.75**10).
            _tried_under_other_orders(out, heap_at_start, True, program_bytes, inputs_bytes, timeout, imports,
                                      check_survivors)
        return out
    heap_at_start = _HEAP_TOP() if _HEAP_TOP is not None else None
    started = _cpu_clock()
    # Its window is ``timeout`` for each call: the second call is validation's own check for state
    # kept across calls, and a program that needs 60% of its limit for one call (which ``run``
    # accepts) timed out here when both calls shared one window: `validate` refused what the
    # program's limit allows (a 40-million-step loop of the benign corpus, 2.7 s a call against
    # 5 s, failed a CI run).
    out = _run_pass(program_bytes, inputs_bytes, n_calls, timeout * n_calls, imports, check_survivors,
                    perturbed=_INVERT)
    out.seconds = _cpu_clock() - started
    if out.status == "ok" and (out.saw_order or out.saw_collection):
        # The first run this one is compared with ran in another process, under another seed: it
        # may agree with the reversal by chance, so every run that saw an order is tried further;
        # and so is one whose collections found garbage, whose finalizers may have told when the
        # collections came (each run starts the collector's count afresh: see _pad_collector).
        # Only an order needs the extra runs to fit: a program that merely made garbage is not
        # refused for want of time.
        _tried_under_other_orders(out, heap_at_start, False, program_bytes, inputs_bytes, timeout, imports,
                                  check_survivors)
    return out


def _tried_under_other_orders(out, heap_at_start, first, program_bytes, inputs_bytes, timeout, imports,
                              check_survivors):
    """``out`` (a run that saw an order or a collection) tried further in its process: its texts
    released and the heap it kept given back (see _give_back_held_heap), then the extra runs (see
    _other_orders), the first that disagrees standing in: as a second output of validation's
    ``first`` run, in place of the perturbed run's last output; a failure as the job's status
    (an error after the first run's answer is a disagreement, not an error the perturbed run may
    share)."""
    _release_pass_texts(out)
    held = _give_back_held_heap(out, heap_at_start)
    if held is not None:
        out.status, out.outputs, out.error, out.literal = "memory", None, held, False
        return
    other = _other_orders(out, program_bytes, inputs_bytes, timeout, imports, check_survivors,
                          needs_all=out.saw_order)
    out.tainted = other.tainted
    if other is out:
        return
    if other.status == "ok":
        if first:
            out.outputs.append(other.outputs[0])
        else:
            out.outputs[-1] = other.outputs[0]  # the disagreement the parent then reports
        out.literal = out.literal and other.literal
    elif other.status == "error" and first:
        out.outputs.append(f"(another order raised {str.__str__(other.error or '')[:200]})")
        out.literal = False
    else:
        out.status, out.outputs, out.error, out.literal = other.status, None, other.error, False


def _other_orders(agreed, program_bytes, inputs_bytes, timeout, imports, check_survivors, needs_all=True):
    """Runs under random orders and masks (see EXTRA_ORDERS), in one window of ``timeout``; the
    first that disagrees with ``agreed`` (another output, or a failure) stands in for it.
    ``needs_all``: too few runs in the window are no validation (see MIN_EXTRA_ORDERS); else
    what the runs that fitted found stands."""
    ends = _cpu_clock() + timeout
    # A run under another order (one call) that times out with room for twice what the perturbed
    # run's module body and first call took is a program that behaves otherwise under that order
    # (one that loops only when it sees an order other than the plain or the reversed one): the
    # timeout is the disagreement. At least MIN_EXTRA_ORDERS runs must finish: a program can spend
    # the window on slow calls (or on its second call, which only the perturbed run makes) and
    # leave the seed's order checked against one or two others, which a two-element order passes
    # a quarter of the time. A run is timed by the first call (a second call may answer from a
    # memo the first filled, and each extra run starts afresh).
    per_call = max(agreed.first_seconds, agreed.seconds / 2)
    fair = 2 * per_call + 0.05
    for attempt in range(MIXED_EXTRA_ORDERS if agreed.mixed else EXTRA_ORDERS):
        left = ends - _cpu_clock()
        if left <= (fair if attempt else per_call + 0.02):
            if attempt < MIN_EXTRA_ORDERS and needs_all:
                # Too few runs under other orders fit: the output may be one of the seed's orders,
                # checked against too few others to tell. Not validated.
                return _too_few_orders(agreed, attempt)
            break
        # Uniform orders and the two placed ones (see _setorder.random_order) in turn, where the
        # perturbed run reordered a set of numbers and other elements; elsewhere uniform alone (the
        # placed ones keep what uniform ones move, and a set of numbers laid out where strings
        # sat, which only uniform orders catch, was validated by one of 2**5 runs instead of 2**20).
        model = _EXTRA_RUN_MODELS[attempt % len(_EXTRA_RUN_MODELS)] if agreed.mixed else None
        other = _run_pass(program_bytes, inputs_bytes, 1, left, imports, check_survivors, perturbed=_random_mask(),
                          path=1, placed=model)
        agreed.tainted = agreed.tainted or other.tainted
        if other.status == "timeout":
            if left > fair or (attempt < MIN_EXTRA_ORDERS and needs_all):
                # With room for twice a call, the program behaved otherwise under this order; and
                # with too few runs under other orders finished, too little was checked: either
                # way, not validated.
                other.tainted = agreed.tainted or other.tainted
                return other
            break  # the window ran out after enough runs: what they found stands
        if other.status != "ok" or other.outputs[0] != agreed.outputs[0]:
            other.tainted = agreed.tainted
            return other
    return agreed


def _too_few_orders(agreed, done):
    short = Outcome()
    short.status, short.outputs, short.literal, short.stdout = "timeout", None, False, ""
    short.error = (f"only {done} of the {MIN_EXTRA_ORDERS} runs under other set orders that validation needs "
                   "fit in the time limit after the perturbed run")
    short.tainted, short.saw_order = agreed.tainted, True
    return short


# Library state a program may change (it imported the module, so it runs in a one-shot process)
# that is put back as a fresh process has it at the end of each pass, in the program's window (see
# _reset_library_state; each reset says whether it found anything): validation's extra runs follow the
# perturbed one in the same process, and a program that kept its first answer in the decimal
# context (``getcontext().Emax``) gave it again in every later run, whatever their orders. The
# caches that hold a pass's strings alive are emptied too: a string a cache still holds is the one
# a later pass gets back for an equal one (``re.compile(s).pattern is s`` held only in a pass with
# no pass before it in the process, as ``typing.Literal[s].__args__[0] is s`` did), which told the
# extra runs from the first run and from ``run`` (a program answered the seed's order there alone,
# and ``run`` then answered at random: the twelfth session's red team).
_PASS_RESETS = []


def _fresh_decimal_context():
    decimal = sys.modules.get("decimal")
    if decimal is None:
        return False
    # The module's own contexts first: a program may write their traps and flags
    # (``DefaultContext.traps[Inexact] = True``), and setcontext copies DefaultContext. (Their
    # settings are numbers and strings, their traps and flags a C mapping of bools: comparing
    # them runs no code of the program's.)
    # The thread's context is read only when it is exactly a Context: a subclass of the program's
    # could answer with properties (its code) and pass for a plain one.
    current = decimal.getcontext()
    changed = any(_decimal_state(context) != pristine for context, pristine in _DECIMAL_CONTEXTS)
    changed = changed or type(current) is not decimal.Context or _decimal_state(current) != _DECIMAL_CONTEXTS[0][1]
    for context, (settings, traps, flags) in _DECIMAL_CONTEXTS:
        for name, value in settings.items():
            setattr(context, name, value)
        context.traps.update(traps)
        context.flags.update(flags)
    decimal.setcontext(decimal.DefaultContext)  # (a copy of it, as a new thread gets)
    return changed


def _decimal_state(context):
    return ({name: getattr(context, name) for name in _DECIMAL_SETTINGS}, dict(context.traps), dict(context.flags))


_DECIMAL_SETTINGS = ("prec", "rounding", "Emin", "Emax", "capitals", "clamp")
_DECIMAL_CONTEXTS = []  # (a context of the decimal module, its pristine settings, traps and flags)
_ABC_REGISTRIES = []  # (a library ABC, the classes registered with it when the worker started)
_ABC_TOKEN = [0, 0]  # abc's cache token when the worker started; as the last restore left it
_CLASS_CONTAINERS = []  # (a dict, list or set held by a library class, a copy of its contents when the worker
# started, and for a set the order it iterates in once laid out: see _lay_out_afresh)
_CONTAINER_TYPES = (dict, list, set)
# (library object, its instance dict or None, that dict's contents, [(slot descriptor, value)],
#  the builtin type whose C state it has or None, that state)
_LIBRARY_INSTANCES = []
# Objects whose attributes are not state a pass can leave (functions hold only what the program
# may not write; the resets handle the rest).
_NOT_INSTANCES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.WrapperDescriptorType,
                  types.MethodDescriptorType, types.GetSetDescriptorType, types.MemberDescriptorType, str, bytes,
                  int, float, complex, bool, tuple, frozenset, type(None))
_CLASS_NAMESPACES = []  # (a library class, a copy of its namespace when the worker started)
# What tells that no class namespace changed (see _fresh_class_namespaces): a cell over each
# namespace's version tag, and the tags when all was as the worker started (None, None where the
# dict layout is not the one checked: every namespace is then compared).
_CLASS_VERSIONS = [None, None]
_VERSION_OFFSET, _USED_OFFSET = 24, 16  # ma_version_tag and ma_used in CPython 3.11's PyDictObject
_TYPING_CACHES = []  # typing's lru caches (of generic aliases, Literal values), as typing._cleanups lists them
_TYPE_DICT = type.__dict__["__dict__"].__get__
_VALUE = attrgetter("value")


# Offsets (64-bit CPython 3.11) in functools' C lru_cache object, whose root node comes first: a
# node's link to the next, newer one, its key and its result. Checked on probes (_lru_layout_ok).
_LRU_NEXT, _LRU_KEY, _LRU_RESULT = 24, 40, 48
_PLAIN_LEAVES = frozenset({str, int, bool, float, bytes, type(None)})  # (their hash and == run no program code)


def _lru_entries(cache):
    """{key: result} of a bounded C lru_cache, read from its list of nodes (no call of it)."""
    import ctypes

    root, entries = id(cache), {}
    node = ctypes.c_void_p.from_address(root + _LRU_NEXT).value
    while node and node != root and len(entries) <= cache.cache_info().currsize:
        key = ctypes.cast(ctypes.c_void_p.from_address(node + _LRU_KEY).value, ctypes.py_object).value
        entries[key] = ctypes.cast(ctypes.c_void_p.from_address(node + _LRU_RESULT).value, ctypes.py_object).value
        node = ctypes.c_void_p.from_address(node + _LRU_NEXT).value
    return entries


def _lru_layout_ok():
    import functools

    a, b, result = object(), object(), object()
    plain = functools.lru_cache(maxsize=4)(lambda x, y: result)
    typed = functools.lru_cache(maxsize=4, typed=True)(lambda x, y: result)
    plain(a, b)
    typed(a, b)
    found_plain, found_typed = _lru_entries(plain), _lru_entries(typed)
    return (list(found_plain) == [(a, b)] and list(found_typed) == [(a, b, object, object)]
            and found_plain[(a, b)] is result and found_typed[(a, b, object, object)] is result)


def _leaves(value, into):
    if type(value) is tuple:
        for item in value:
            _leaves(item, into)
    elif type(value) not in _PLAIN_LEAVES:
        into.add(id(value))


def _keep_warm(caches):
    """Let every pass find what warm-up left in ``caches`` (typing's lru caches), though the
    caches are emptied before each pass: each ``inner`` function typing wraps around a cache looks
    in a frozen copy of its warm-up entries first (the same objects, as in a plain process, where
    typing's own module body made ``Generic[AnyStr]`` for ``IO``'s bases), then in the cache.
    Only a call whose arguments are all of those entries' objects, or plain data, or tuples of
    them, is looked up in the copy: hashing anything else could run the program's code twice."""
    if not caches:
        return "none"
    if not _lru_layout_ok():
        return "emptied before every pass (unknown layout of functools' lru_cache: warm entries are not kept)"
    kept = 0
    for cache in caches:
        params = cache.cache_parameters()
        entries = _lru_entries(cache)
        if len(entries) != cache.cache_info().currsize or params["maxsize"] is None:
            continue
        if not entries:
            continue
        leaves = set()
        for key in entries:
            _leaves(key, leaves)
        cells = _typing_cells(cache)  # (before our lookup holds one too)
        lookup = _warm_lookup(cache, entries, frozenset(leaves), params["typed"])
        for cell in cells:
            cell.cell_contents = lookup
        kept += len(entries)
    return f"{kept} entries made at warm-up found by every pass (the caches emptied before each)"


def _typing_cells(cache):
    """The closure cells of typing's functions that hold ``cache`` (its ``_tp_cache`` wrappers)."""
    found = []
    for cell in gc.get_referrers(cache):
        if type(cell) is types.CellType and any(
                type(closure) is tuple and any(type(function) is types.FunctionType and function.__closure__ is closure
                                               and function.__module__ == "typing"
                                               for function in gc.get_referrers(closure))
                for closure in gc.get_referrers(cell)):
            found.append(cell)
    return found


def _warm_lookup(cache, entries, leaves, typed):
    def eligible(value):
        if type(value) is tuple:
            return all(map(eligible, value))
        return type(value) in _PLAIN_LEAVES or id(value) in leaves

    def cached(*args, **kwargs):
        if not kwargs and all(map(eligible, args)):
            key = args + tuple(map(type, args)) if typed else args
            found = entries.get(key, _NO_ENTRY)
            if found is not _NO_ENTRY:
                return found
        return cache(*args, **kwargs)

    return cached


_NO_ENTRY = object()


def _remember_library_state():
    """What the resets below put back, read once in the zygote after warm-up."""
    typing = sys.modules.get("typing")
    if typing is not None:
        _TYPING_CACHES.extend(clear.__self__ for clear in typing._cleanups)
    decimal = sys.modules.get("decimal")
    if decimal is not None:
        for context in (decimal.DefaultContext, decimal.BasicContext, decimal.ExtendedContext):
            _DECIMAL_CONTEXTS.append((context, _decimal_state(context)))
    import _abc
    from abc import ABCMeta
    alive = gc.get_objects()
    for candidate in alive:
        kind = type(candidate)  # (not isinstance: a weak proxy to a class passes for one)
        if issubclass(kind, ABCMeta):
            registered = frozenset(filter(None, (ref() for ref in _abc._get_dump(candidate)[0])))
            _ABC_REGISTRIES.append((candidate, registered))
        if issubclass(kind, type) and _standard_library_class(candidate):
            # (Of the whole standard library: copyreg records __slotnames__ on the class of
            # whatever copy is given, inspect's or reprlib's classes included.)
            _CLASS_NAMESPACES.append((candidate, dict(_TYPE_DICT(candidate))))
        if issubclass(kind, type) and _library_class(candidate):
            # The containers a library class holds (TextWrapper.unicode_whitespace_trans,
            # typing.io.__all__, an Enum's _value2member_map_, which keeps the composite flags a
            # pass makes): a program reaches some of them by a public name and writes them.
            for value in list(type.__dict__["__dict__"].__get__(candidate).values()):
                if type(value) in _CONTAINER_TYPES:
                    # Laid out as the reset lays it out (emptied, then filled from the copy), so
                    # that one put back is one never touched, to its table's size and free room:
                    # which of the two a pass finds tells nothing (a set's iteration order; a
                    # dict's or a list's __sizeof__, see _fresh_class_containers).
                    contents = value.copy()
                    _lay_out_afresh(value, contents)
                    _CLASS_CONTAINERS.append((value, contents, list(_SETORDER._SET_ITER(value)) if type(value) is set else None))
    _remember_library_instances(alive)
    _remember_library_functions(alive)
    _CLASS_VERSIONS[:] = _version_cells([_TYPE_DICT(cls) for cls, _ in _CLASS_NAMESPACES])
    _ABC_TOKEN[0] = _ABC_TOKEN[1] = _abc.get_cache_token()


def _remember_library_instances(alive):
    """The attributes of every object an allowed module holds by name that is not a class, a
    module or a function (``typing.T``, ``typing.List``, ``typing.Never``, enum members): library
    code a program calls can write them (``typing.T.__init__(w)`` is TypeVar's own ``__init__``, so
    no guard sees the writes), and a later pass of the job read them back (the twentieth
    session's red team: 7 to 12 of 20 validations of a seed-dependent bit ok)."""
    seen = set()
    held = []
    for name, module in list(sys.modules.items()):
        if type(module) is not types.ModuleType or name.split(".", 1)[0] not in ALLOWED:
            continue
        held += [value for value in list(module.__dict__.values())
                 if _library_class(type(value)) or _standard_library_class(type(value))]
    # The descriptors that every class written in Python holds (a property's doc, a classmethod's
    # function): property.__init__ and classmethod.__init__ re-initialise them in C, where no guard
    # looks (8 and 9 of 20 validations of a seed-dependent bit ok, the twentieth session's red team
    # N). Of every such class alive now, not only those an allowed module names: a program reaches
    # others by reference (typing.ContextManager.__origin__ is contextlib's class; the
    # twenty-fourth session's red team A, 6 of 8 validations ok).
    # And every instance of an allowed module's class alive now, named or not: the composite flags a module
    # made while it loaded (``re.I | re.X``, in RegexFlag's value map alone) cache their inverse in
    # their own dict, and a generic alias inside a class's ``__orig_bases__`` (``typing.IO``'s
    # ``Generic[AnyStr]``) takes new arguments from its own ``__init__`` (the twenty-fourth session's
    # red team D: 3 and 2 of 12 validations of a seed-dependent bit ok).
    for candidate in alive:  # (gc.get_objects(), as _remember_library_state read it just before)
        kind = type(candidate)
        if issubclass(kind, type):
            if G._type_flags(candidate) & G._HEAP_TYPE:
                held += [item for item in list(_TYPE_DICT(candidate).values()) if _c_state_kind(type(item))]
        elif G._type_flags(kind) & G._HEAP_TYPE and _library_class(kind):
            # (Of the allowed modules' classes: the interpreter's own objects of other modules'
            # change without a program, such as threading's main thread, given its ident after
            # the fork, which a restore then fought at every pass.)
            held.append(candidate)
    for value in held:
        kind = type(value)
        if (id(value) in seen or issubclass(kind, (type, types.ModuleType)) or kind in _NOT_INSTANCES
                or kind in _CONTAINER_TYPES):
            continue
        seen.add(id(value))
        attributes = _instance_dict(value)
        slots = [(slot, _slot_value(slot, value)) for slot in _slots_of(kind) if _writable_slot(slot, value)]
        c_kind = _c_state_kind(kind)
        c_state = _remember_c_state(value, c_kind) if c_kind else None
        if attributes is not None or slots or c_kind:
            _LIBRARY_INSTANCES.append((value, attributes, None if attributes is None else dict(attributes), slots,
                                       c_kind, c_state))


# Every function alive when the worker starts (the library's, in modules and classes), with what
# its attributes held then: library code that a program calls writes them as any object's
# (``textwrap.TextWrapper.__init__(json.dumps, width=1)`` is TextWrapper's own ``__init__``, and
# ``typing.ParamSpec.__init__(f, "x")`` renames ``f`` before it raises), where no guard looks, and
# a later pass of the job read them back: a seed-dependent bit kept on ``json.dumps`` by
# ``contextlib.nullcontext.__init__`` was validated in 5 of 12 validations (the thirty-fourth
# session's red team D).
# (Not __defaults__, __kwdefaults__ or __code__: the audit hook refuses a write of them to a
# library function, and reading them raises an audit event, twice the cost of the rest together.)
_FUNCTION_ATTRIBUTES = ("__dict__", "__annotations__", "__name__", "__qualname__", "__doc__", "__module__")
_FUNCTION_READERS = tuple(attrgetter(name) for name in _FUNCTION_ATTRIBUTES)
_FUNCTIONS = []
_FUNCTION_STATE = []  # per attribute, its value on each function in _FUNCTIONS, in order
_EMPTY_FUNCTION_DICTS = []  # the functions' __dict__ and __annotations__ dicts that were empty
_FILLED_FUNCTION_DICTS = []  # (dict, its contents) of the others


def _remember_library_functions(alive):
    """Record what _fresh_library_functions puts back (reading ``__dict__`` and ``__annotations__``
    makes them where a function had none: empty dicts, made once, in the zygote)."""
    # (Not the worker's own functions, nor the codecs' (encodings.*), which no program is handed.)
    own = [id(namespace) for namespace in _OWN_NAMESPACES]
    _FUNCTIONS[:] = [obj for obj in alive if type(obj) is types.FunctionType and id(obj.__globals__) not in own
                     and not str(obj.__globals__.get("__name__")).startswith("encodings.")]
    _FUNCTION_STATE[:] = [list(map(read, _FUNCTIONS)) for read in _FUNCTION_READERS]
    for table in chain(_FUNCTION_STATE[0], _FUNCTION_STATE[1]):
        if type(table) is dict:
            if table:
                _FILLED_FUNCTION_DICTS.append((table, dict(table)))
            else:
                _EMPTY_FUNCTION_DICTS.append(table)


# Whether another pass of this job may follow the one ending (set by _run_job before the resets).
_ANOTHER_PASS_MAY_FOLLOW = [True]


def _fresh_library_functions():
    """Put back the attributes of the functions _remember_library_functions recorded, compared
    by identity (C loops, no code of theirs runs: about 0.7 ms for some 3,400 functions), where
    another pass of the job may read them: the first reading writes their reference counts, and
    so copies the pages that hold them from the zygote, about 10 ms in a one-shot child, which
    tripled the cost of a validation. The last pass of a process (the only one of a ``run``, or
    of validation's first run, or a perturbed run that saw no order) leaves them: the process exits."""
    if not _ANOTHER_PASS_MAY_FOLLOW[0]:
        return False
    changed = False
    for name, read, then in zip(_FUNCTION_ATTRIBUTES, _FUNCTION_READERS, _FUNCTION_STATE):
        if any(map(is_not, map(read, _FUNCTIONS), then)):
            changed = True
            for function, value in zip(_FUNCTIONS, then):
                if read(function) is not value:
                    _FUNCTION_SETTERS[name](function, value)
    if any(_EMPTY_FUNCTION_DICTS):
        changed = True
        for table in _EMPTY_FUNCTION_DICTS:
            table.clear()
    for table, contents in _FILLED_FUNCTION_DICTS:
        if not _same_objects(table, contents):
            changed = True
            table.clear()
            table.update(contents)
    return changed


# The function type's own setters (a write through them runs nothing of the value's).
_FUNCTION_SETTERS = {name: types.FunctionType.__dict__[name].__set__ for name in _FUNCTION_ATTRIBUTES}


def _property_hidden_layout():
    """Where a property keeps the two fields that its own ``__init__`` rewrites and no attribute
    reads: ``prop_name`` (set by ``__set_name__`` when its class is made, and named in its "has no
    setter" errors) and ``getter_doc`` (whether its doc came from its getter, which decides the doc
    of the copies ``.getter()``, ``.setter()`` and ``.deleter()`` make). ``property.__init__(P,
    P.fget, P.fset, P.fdel, P.__doc__)`` on a library property left its four readable fields as
    they were and cleared both, and a later pass of the job read the flag back through a copy's doc
    (the thirty-seventh session's red team A: 10 of 16 validations of a seed-dependent bit ok).
    (offset of prop_name, offset of getter_doc), found on probes and checked; None where the
    layout is another (CPython 3.10 has no prop_name; other interpreters), and the four readable
    fields are then all that is compared."""
    import ctypes  # noqa: PLC0415 -- (at start-up, before the lock-down)

    if sys.implementation.name != "cpython" or ctypes.sizeof(ctypes.c_void_p) != 8:
        return None

    def getter(self):
        """a doc"""

    head, size = object.__basicsize__, property.__basicsize__
    with_doc, explicit = property(getter), property(getter, None, None, "another doc")
    name = "".join(["probe_", str(id(with_doc))])  # (made here: an address of its own)
    try:
        property.__set_name__(with_doc, None, name)
    except (AttributeError, TypeError):
        return None
    words = [ctypes.c_void_p.from_address(id(with_doc) + at).value for at in range(head, size - 7, 8)]
    if words.count(id(name)) != 1:
        return None
    name_at = head + 8 * words.index(id(name))
    flag_at = name_at + 8
    if flag_at + 4 > size:
        return None
    flags = [ctypes.c_int.from_address(id(probe) + flag_at).value for probe in (with_doc, explicit)]
    unnamed = ctypes.c_void_p.from_address(id(explicit) + name_at).value
    return (name_at, flag_at) if flags == [1, 0] and unnamed is None else None


_PROPERTY_HIDDEN_AT = _property_hidden_layout()
# A property's hidden fields as ctypes cells (the name's address, the flag, and both as raw bytes for
# the descriptor check's one C pass), by the property's address (a cell reads whatever
# property lives there: a new one at a freed one's address keeps its fields at the same places).
_PROPERTY_CELLS = {}
# The names properties held when the worker started, by address (kept alive here, so that no other
# object takes an address): a name is read back as the very object, comparable by identity, and
# any other as _FOREIGN_NAME.
_PROPERTY_NAMES = {None: None}
_FOREIGN_NAME = object()


def _property_cells(prop):
    cells = _PROPERTY_CELLS.get(id(prop))
    if cells is None:
        import ctypes  # noqa: PLC0415 -- (already imported at start-up: a dict lookup)

        name_at, flag_at = _PROPERTY_HIDDEN_AT
        address = id(prop)
        cells = _PROPERTY_CELLS[id(prop)] = (ctypes.c_void_p.from_address(address + name_at),
                                             ctypes.c_int.from_address(address + flag_at),
                                             (ctypes.c_char * (flag_at + 4 - name_at)).from_address(address + name_at))
    return cells


def _property_name(prop):
    return _PROPERTY_NAMES.get(_property_cells(prop)[0].value, _FOREIGN_NAME)


def _property_getter_doc(prop):
    return _property_cells(prop)[1].value  # (0 or 1: small ints, compared by identity)


def _remember_property_name(prop):
    """Keep the name ``prop`` holds now, so that _property_name reads it back as itself."""
    import ctypes  # noqa: PLC0415

    address = _property_cells(prop)[0].value
    if address is not None and address not in _PROPERTY_NAMES:
        _PROPERTY_NAMES[address] = ctypes.cast(address, ctypes.py_object).value


def _put_property_back(prop, fget, fset, fdel, doc, name=None, getter_doc=None):
    """``property.__init__`` with the readable fields, then the hidden ones as they were (the
    ``__init__`` clears the name and sets the flag from its own arguments)."""
    property.__init__(prop, fget, fset, fdel, doc)
    if getter_doc is not None:
        if name is not None:
            property.__set_name__(prop, None, name)
        _property_cells(prop)[1].value = getter_doc


# The C state of builtin descriptors, read and put back by the base type's own code (a subclass's
# methods never run): (read, restore).
# (Each field's own getter, one per field: _fresh_descriptors compares them one C call each.)
_STATE_READERS = {
    property: (tuple(property.__dict__[name].__get__ for name in ("fget", "fset", "fdel", "__doc__"))
               + ((_property_name, _property_getter_doc) if _PROPERTY_HIDDEN_AT else ())),
    classmethod: (classmethod.__dict__["__func__"].__get__,),
    staticmethod: (staticmethod.__dict__["__func__"].__get__,),
}


def _state_reader(readers):
    return lambda obj: tuple(read(obj) for read in readers)


_C_STATE = {kind: (_state_reader(readers), _put_property_back if kind is property else kind.__init__)
            for kind, readers in _STATE_READERS.items()}


def _remember_c_state(value, kind):
    """The C state of ``value`` (a descriptor of ``kind``) as _C_STATE reads it, its property name
    kept for reading back first."""
    if kind is property and _PROPERTY_HIDDEN_AT:
        _remember_property_name(value)
    return _C_STATE[kind][0](value)


def _c_state_kind(kind):
    for base in _C_STATE:
        if issubclass(kind, base):
            return base
    return None


def _instance_dict(obj):
    try:
        found = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        return None
    return found if type(found) is dict else None


def _slots_of(kind):
    """The slot descriptors (member descriptors) of ``kind`` and its bases, read from their dicts."""
    return [value for cls in type.__dict__["__mro__"].__get__(kind)
            for value in _TYPE_DICT(cls).values() if type(value) is types.MemberDescriptorType]


def _slot_value(slot, obj):
    try:
        return slot.__get__(obj)
    except AttributeError:
        return _ABSENT


def _writable_slot(slot, obj):
    """Can the slot be written (set back to what it holds)? A read-only member (``partial.func``)
    is the C code's alone to set, once."""
    value = _slot_value(slot, obj)
    try:
        if value is _ABSENT:
            return True
        slot.__set__(obj, value)
    except (AttributeError, TypeError):
        return False
    return True


def _same_slot_value(now, then):
    """Identity, or equal numbers: a member of a C type (an int or a double) is read as a new
    object every time. (Exact int, float and bool compare in C, running no code.)"""
    if now is then:
        return True
    kind = type(now)
    return kind is type(then) and kind in (int, float, bool) and (now == then or (now != now and then != then))


def _fresh_library_instances():
    """Put back the attributes and slots of the objects _remember_library_instances recorded,
    compared by identity (in order), as the worker started with them."""
    changed = False
    for obj, attributes, contents, slots, c_kind, c_state in _LIBRARY_INSTANCES:
        if c_kind is not None:
            now = _C_STATE[c_kind][0](obj)
            if not all(a is b for a, b in zip(now, c_state)):
                changed = True
                _C_STATE[c_kind][1](obj, *c_state)
        if attributes is not None and not _same_objects(attributes, contents):
            changed = True
            attributes.clear()
            attributes.update(contents)
        for slot, then in slots:
            if not _same_slot_value(_slot_value(slot, obj), then):
                changed = True
                if then is _ABSENT:
                    slot.__delete__(obj)
                else:
                    slot.__set__(obj, then)
    return changed


# Descriptors whose state their own C ``__init__`` rewrites (property, classmethod, staticmethod)
# in the dictionaries of classes a program reaches: ``str.__dict__['maketrans'].__init__(len)``
# re-pointed ``str.maketrans`` (a staticmethod: so are bytes' and bytearray's), and the same call
# on ``dict.fromkeys`` (the sandbox's classmethod) or ``set_iterator.__new__`` changed them for
# every later task in a runner; and a perturbed run that re-pointed one told the extra runs after it,
# in the same process, which order it had seen (the thirty-sixth session's red team: 5 of 8
# validations of a one-bit output ok). No guard sees a C method's writes, so every pass ends by
# comparing them with the state the worker started with (see _fresh_descriptors). Those of the
# interpreter's types and the sandbox's own classes, which a task that imports nothing reaches, are
# compared after every pass; those of the allowed modules' classes after each pass of a one-shot job.
# And their own ``__dict__``: classmethod's and staticmethod's ``__init__`` copy the new callable's
# name, qualified name, module, doc and annotations there (``functools.wraps`` in C), so two calls,
# the second with the original callable, left ``__func__`` as it was and ``str.maketrans.__dict__``
# holding them, for every later task to read (the thirty-sixth session's red team: 8 of 16
# validations of a bit carried so ok).
# [descriptors], [(C state, (own dict, its items) or None)], flat lists for the check (a field's
# reader, its descriptor, the field's value then), and their dicts' contents ([dict], [its length],
# [dict per entry], [key], [value]).
_SHARED_DESCRIPTORS = ([], [], [], [], [], [], [], [], [], [], [], [])
_LIBRARY_DESCRIPTORS = ([], [], [], [], [], [], [], [], [], [], [], [])
# A property's two hidden fields are compared as raw bytes in the check's one C pass (the third of
# _property_cells); their readers (_property_name, _property_getter_doc, Python functions) serve the
# put-back only.
_HIDDEN_READERS = frozenset((_property_name, _property_getter_doc))
_RAW = attrgetter("raw")
def _own_dict_descriptor(kind):
    """The descriptor of ``kind``'s instances' ``__dict__`` (of the first class of its MRO that has
    one: classmethod's, staticmethod's, a property subclass's), or None."""
    for base in _TYPE_MRO(kind):
        descriptor = _TYPE_DICT(base).get("__dict__")
        if type(descriptor) is types.GetSetDescriptorType:
            return descriptor
    return None


def _remember_descriptors(table, classes):
    (found, states, readers, owners, values, dicts, lengths, entry_dicts, keys, entry_values,
     hidden_cells, hidden_raw) = table
    for cls in classes:
        for value in list(_TYPE_DICT(cls).values()):
            kind = _c_state_kind(type(value))
            if kind is None:
                continue
            found.append(value)
            state = _remember_c_state(value, kind)
            for read in _STATE_READERS[kind]:
                if read in _HIDDEN_READERS:
                    continue
                readers.append(read)
                owners.append(value)
                values.append(read(value))
            if kind is property and _PROPERTY_HIDDEN_AT:
                both = _property_cells(value)[2]
                hidden_cells.append(both)
                hidden_raw.append(both.raw)
            own_dict = _own_dict_descriptor(type(value))
            snapshot = None
            if own_dict is not None:
                contents = own_dict.__get__(value)  # (made, empty, if it was not yet: as a program's read makes it)
                snapshot = (contents, list(contents.items()))
                readers.append(own_dict.__get__)
                owners.append(value)
                values.append(contents)
                dicts.append(contents)
                lengths.append(len(contents))
                for key, item in snapshot[1]:
                    entry_dicts.append(contents)
                    keys.append(key)
                    entry_values.append(item)
            states.append((state, snapshot))


def _interpreter_and_sandbox_classes():
    """The interpreter's built-in types (every subclass of object whose module is ``builtins``,
    where the set-order stand-ins put ``dict.fromkeys``) and the classes of the sandbox's own
    modules: what a task that imports nothing reaches."""
    found, stack = set(), [object]
    while stack:
        cls = stack.pop()
        if cls in found:
            continue
        found.add(cls)
        stack.extend(type.__subclasses__(cls) if cls is not type else ())
    chosen = {cls for cls in found if type.__dict__["__module__"].__get__(cls) == "builtins"}
    # (The library classes the sandbox's modules import, and its stand-ins that a library module's
    # name, are reached by an import only: a one-shot job's, see _LIBRARY_DESCRIPTORS.)
    chosen.update(value for namespace in _OWN_NAMESPACES for value in list(namespace.values())
                  if isinstance(value, type) and not _standard_library_class(value))
    return chosen


def _fresh_descriptors(table):
    """Put back every descriptor of ``table`` whose C state changed; was there one? (One C pass
    over every field when none did: about 2 us for the 14 a runner checks.)"""
    (found, states, readers, owners, values, dicts, lengths, entry_dicts, keys, entry_values,
     hidden_cells, hidden_raw) = table
    if not (any(map(is_not, map(_CALL, readers, owners), values)) or any(map(ne, map(len, dicts), lengths))
            or any(map(is_not, map(dict.get, entry_dicts, keys), entry_values))
            or any(map(ne, map(_RAW, hidden_cells), hidden_raw))):
        return False
    for descriptor, (state, snapshot) in zip(found, states):
        kind = _c_state_kind(type(descriptor))
        if any(map(is_not, _C_STATE[kind][0](descriptor), state)):
            _C_STATE[kind][1](descriptor, *state)
        if snapshot is not None:
            contents, items = snapshot
            own_dict = _own_dict_descriptor(type(descriptor))
            if own_dict.__get__(descriptor) is not contents:
                own_dict.__set__(descriptor, contents)
            # (Compared by identity only, above: a value the program put there may have an __eq__.
            # Freed here, in the window, its finalizer runs as the program's.)
            contents.clear()
            contents.update(items)
    return True


def _standard_library_class(cls):
    module = type.__dict__["__module__"].__get__(cls)
    return (type(module) is str and module.split(".", 1)[0] in sys.stdlib_module_names
            and G._type_flags(cls) & G._HEAP_TYPE)


def _library_class(cls):
    module = type.__dict__["__module__"].__get__(cls)
    return type(module) is str and module.split(".", 1)[0] in ALLOWED


def _fresh_abc_registries():
    """Put every library ABC's registry back as it was (``numbers.Integral.register(str)`` in one
    pass showed in the next, as did the cache token every registration raises: the twelfth
    session's second red team told the extra runs from the first run by them). Skipped while no
    registration has happened since the last restore (the token says so). The token programs see
    (``abc.get_cache_token``) is counted from the worker's start, pass by pass (see
    _guards.cache_token)."""
    import _abc
    changed = _abc.get_cache_token() != _ABC_TOKEN[1]
    if changed:
        for abstract, registered in _ABC_REGISTRIES:
            # By identity: a set of the program's classes would hash and compare them with
            # their metaclass's code.
            now = [cls for cls in (ref() for ref in _abc._get_dump(abstract)[0]) if cls is not None]
            if not _same_objects(now, registered):
                _abc._reset_registry(abstract)
                for subclass in registered:
                    _abc._abc_register(abstract, subclass)
        _ABC_TOKEN[1] = _abc.get_cache_token()
    # The caches too, every time: isinstance() and issubclass() fill them without a registration
    # (a __subclasshook__ that records its calls is not called again for a class already cached:
    # the third red team's round).
    # (Emptied every round, and not counted as a change: the sandbox's own checks fill them in
    # the window too. They hold weak references only: emptying them frees nothing.)
    for abstract, _registered in _ABC_REGISTRIES:
        _abc._reset_caches(abstract)
    G.TASK.cache_token_offset = _ABC_TOKEN[1] - _ABC_TOKEN[0]
    return changed


def _fresh_class_containers():
    """Put back the containers library classes hold, as the worker started with them: every one,
    every pass, laid out afresh (a few dozen small ones). Their contents are compared by identity
    (``==`` would run the ``__eq__`` of an object the program put there: the seventeenth session's
    red team ran its code so, with the hook off, before this ran in the window), but keys added
    and deleted again leave the same contents in a grown table, or in one with less free room,
    which ``__sizeof__`` shows at once or after the next pass's adds: 40 or 12 keys by the
    order a pass saw told the extra runs after it which that was (the thirty-seventh session's red
    team D, 4 of 8 validations of a one-bit output ok). Only a change of contents counts as a
    change (the resets run until nothing changes)."""
    changed = False
    for container, contents, order in _CLASS_CONTAINERS:
        if order is None:
            changed = changed or not _same_objects(container, contents)
        else:  # (a set: in the interpreter's own order, which every layout from ``contents`` gives)
            changed = changed or len(container) != len(order) or not all(map(is_, _SETORDER._SET_ITER(container), order))
        _lay_out_afresh(container, contents)
    return changed


def _lay_out_afresh(container, contents):
    """Empty ``container`` (freeing its table) and fill it from ``contents``, in order: the same
    contents give the same table every time."""
    container.clear()
    if type(container) is list:
        container.extend(contents)
    else:
        container.update(contents)


_MEMORY_ERRORS_KEPT = 16  # MEMERRORS_SAVE in CPython 3.11's exceptions.c


def _same_objects(container, contents):
    """Does ``container`` hold exactly the objects ``contents`` holds (for a dict, the same keys
    bound to the same values), judged by identity, running no code of the objects'?"""
    if len(container) != len(contents):
        return False
    if type(container) is dict:
        # In order too: the same keys re-inserted in an order of the program's choosing were taken
        # for no change, and a later pass read the order back (the twentieth session's red team:
        # 9 of 20 validations of a seed-dependent bit ok).
        return all(key is key_then and value is value_then for (key, value), (key_then, value_then)
                   in zip(dict.items(container), dict.items(contents)))
    if type(container) is list and type(contents) is list:
        return all(a is b for a, b in zip(container, contents))
    if type(container) is set and type(contents) is set:
        return all(a is b for a, b in zip(container, contents))  # (its iteration order: see _remember_library_state)
    ids = {id(item) for item in contents}  # (sets, and a list compared with a set)
    return all(id(item) in ids for item in container)


_ABSENT = object()


def _fresh_class_namespaces():
    """Put every library class's namespace back as it was when the worker started: take out the
    names added since, and put back the values replaced or deleted under the names it had. Library
    code writes some in the program's time (``copy`` has copyreg record ``__slotnames__`` on the
    class of whatever it copies, ``string.Template`` or ``textwrap.TextWrapper``), and a later
    pass read which were there, so the extra runs repeated the reversed run's bit of the seed's
    order (the seventeenth session's red team: 25 of 40 validations). Values too: CPython 3.11
    audits no write to a heap class, and ``typing.SupportsAbs.__init_subclass__()`` (Generic's
    own) replaced ``SupportsAbs.__parameters__`` with a tuple built from an alias the program had
    re-initialised with its own library ``__init__``: the extra runs read the reversed run's bit
    there (the twenty-fifth session's red team: 7 and 9 of 10 validations ok). Compared by
    identity; the names are exact strings (a key of any other type is taken out first), so no
    lookup runs code of the program's. Nothing changed, the usual case, is found by one read of
    each namespace's version tag (see _version_cells)."""
    cells, versions = _CLASS_VERSIONS
    if cells is not None and list(map(_VALUE, cells)) == versions:
        return False  # (no namespace written since: its dict's version tag moves with every write)
    changed = False
    for cls, saved in _CLASS_NAMESPACES:
        namespace = _TYPE_DICT(cls)
        if len(namespace) != len(saved):
            for name in [name for name in namespace if type(name) is not str or name not in saved]:
                changed = True
                type.__delattr__(cls, name)
        for name, value in saved.items():
            if namespace.get(name, _ABSENT) is not value:
                changed = True
                type.__setattr__(cls, name, value)
    if cells is not None:
        _CLASS_VERSIONS[1] = list(map(_VALUE, cells))
    return changed


def _version_cells(namespaces):
    """Cells over the version tags (PEP 509) of the dicts behind ``namespaces`` (mappingproxies of
    class namespaces), and their values now; (None, None) where this interpreter's dict layout is
    not the one checked (every namespace is then compared at every pass). CPython 3.11 gives a dict a new
    tag at every write that changes it, so one read per class tells that nothing changed: 0.05 ms
    a pass for 1,200 classes, where comparing their 12,000 values took 0.5 ms and, twice a pass,
    made a one-shot validation 17% slower. Made here, before the lock-down: a ctypes object made
    in the program's time is an audited event."""
    import ctypes

    probe = {"a": 1, "b": 2, "c": 3}
    used = ctypes.c_ssize_t.from_address(id(probe) + _USED_OFFSET)
    version = ctypes.c_uint64.from_address(id(probe) + _VERSION_OFFSET)
    before = version.value
    probe["d"] = 4
    if sys.version_info[:2] != (3, 11) or used.value != 4 or version.value == before:
        return [None, None]
    dicts = [gc.get_referents(namespace) for namespace in namespaces]
    # (A dict or a subclass laid out as one: ctypes' classes keep their namespace in a StgDict.)
    if not all(len(found) == 1 and issubclass(type(found[0]), dict) for found in dicts):
        return [None, None]
    cells = [ctypes.c_uint64.from_address(id(found[0]) + _VERSION_OFFSET) for found in dicts]
    return [cells, list(map(_VALUE, cells))]


def _reset_library_state():
    """Run the resets (see _PASS_RESETS) in the program's window, and collect, until neither finds
    anything to do: a finalizer that the resets or the collection run may write library state
    again (an object of the program's in a list a reset drops, writing into a container another
    reset already put back). The reason, when it does not settle within a few rounds."""
    for _ in range(_COLLECTION_ROUNDS):
        changed = False
        for reset in _PASS_RESETS:
            try:
                changed = reset() or changed
            except Exception as exc:  # noqa: BLE001 -- a state the resets cannot put back
                return f"the library state could not be put back ({_type_name(exc)})"
        if not gc.collect() and not changed:
            return None
    return "finalizers that kept changing library state"


def _settle_after_program(namespace, task_builtins):
    """Empty what the task owns (its namespace, its builtins, its tables: G.end_task) until it
    stays empty, with the collections and resets that what it held may call for, in the
    program's window. A finalizer that the clean-up's collections or resets ran could fill them
    again: an object stored by ``global`` into the emptied namespace was freed when the worker let
    the namespace go, after the window, and its finalizer set the decimal context there with the
    hook off for the next pass to read (the eighteenth session's red team: 11 of 20); a checked
    dataclass method recorded in a table was freed by the next pass's begin_task, outside any
    window, where the program's finalizer read the worker's frames and the real hash seed (the
    seventeenth session's red team F). Costs a few emptiness checks when nothing refilled them.
    The reason, when they do not settle."""
    for _ in range(_COLLECTION_ROUNDS):
        refilled = bool(namespace) or bool(task_builtins)
        if refilled:
            problem = _clear_until_empty(namespace) or _clear_until_empty(task_builtins)
            if problem is not None:
                return problem
        if not G.end_task() and not refilled:
            return None
        problem = _collect_in_window()
        if problem is None and _PASS_RESETS:
            problem = _reset_library_state()
        if problem is not None:
            return problem
    return "finalizers that kept refilling the task's namespace or tables"


def _fresh_memory_errors():
    """Hand out every MemoryError the interpreter keeps for reuse, clear the one flag its reuse
    keeps, and give them back. CPython 3.11 keeps up to 16 freed MemoryErrors and clears their
    arguments, context and cause, but not ``__suppress_context__``: a task that raised one ``from
    None`` left the flag set on the next MemoryError any later task made in the runner, and
    ``MemoryError().__suppress_context__`` was True there, False in plain Python (the sixteenth
    session's eighth red team: 20 of 20). About 1.4 us a pass."""
    errors = [MemoryError() for _ in range(_MEMORY_ERRORS_KEPT)]
    for error in errors:
        error.__suppress_context__ = False


def _fresh_library_caches():
    changed = False
    re = sys.modules.get("re")
    if re is not None:
        changed = bool(re._cache) or re._compile_repl.cache_info().currsize > 0
        re.purge()
    typing = sys.modules.get("typing")
    if typing is not None:
        # (The caches of its generic aliases and Literal values, found at warm-up: in the
        # window a builtin method's __self__ is the guards' to judge, see _remember_library_state.)
        for cache in _TYPING_CACHES:
            changed = changed or cache.cache_info().currsize > 0
            cache.cache_clear()
        # typing.overload records the program's functions by module and qualified name, and
        # get_overloads reads them back: the reversed pass left its answer there under a name
        # of the seed's choosing, and every extra run read it (the seventeenth session's red
        # team: 21 of 40 validations of a seed-dependent bit).
        changed = changed or bool(typing._overload_registry)
        typing._overload_registry.clear()
    return changed


def _over_time(window, n_calls):
    """The error of a run past its window, ``window`` being the limit for each of ``n_calls``."""
    if n_calls == 1:
        return f"exceeded the {window:g} s time limit"
    return f"exceeded the {window / n_calls:g} s time limit for each of its {n_calls} calls"


def _run_pass(program_bytes, inputs_bytes, n_calls, timeout, imports, check_survivors, perturbed, path=0,
              reported=False, placed=None, checked=False):
    """One run of the program; ``perturbed`` is 0 (plain) or the hash mask of a perturbed run
    (``reported``: the single run whose output is reported, see run_job, which says what it saw
    where ``checked``; ``placed``: its set orders move only what a seed or an address moves, see
    _setorder.random_order).

    The program's code and its arguments are unmarshalled for each pass, and let go after it: the
    passes of one job shared one code object before, and with it the program's constants and
    arguments, whose interning or UTF-8 cache a pass could set (``setattr(obj, 'a b', 1)`` interns
    that very constant) and a later pass read back (``name is s``, ``s.__sizeof__()``), so the
    extra runs repeated the reversed run's bit of the seed's order (the seventeenth session's red
    team: 16 and 24 of 40 validations, in the runner as in a one-shot process)."""
    # The interpreter's type attribute cache holds strong references to the attribute names of
    # earlier jobs and passes (interned strings): emptied, so that whether a name is already
    # interned (``name is s``) does not depend on what ran before, an earlier pass of the same job
    # included (it costs about 8 us and the refills after it).
    sys._clear_type_cache()
    _fresh_memory_errors()
    out = Outcome()
    out.tainted = False
    out.saw_order = out.saw_collection = out.mixed = False
    out.first_seconds = 0.0
    program_code = inputs_code = None
    try:
        program_code = SETCONST.loads_code(program_bytes)
        inputs_code = _inputs_from(inputs_bytes)
        _run_job(out, program_code, inputs_code, n_calls, timeout, imports, check_survivors, perturbed, path,
                 reported, placed, checked)
    except JobTimeout:  # the alarm fired in our own bookkeeping after the program's window
        out.status, out.outputs, out.error, out.literal = "timeout", None, _over_time(timeout, n_calls), False
        out.tainted = "the alarm fired outside the program"
        out.stdout = getattr(out, "stdout", "")
    except BaseException as exc:  # noqa: BLE001
        # Outside the window: ``exc`` may be the program's (raised from its exception's class
        # while the window's handler described it), so nothing of it runs; its class name only.
        name = _type_name(exc)
        out.status, out.outputs, out.error, out.literal = "error", None, f"worker: {name}", False
        out.tainted = f"worker error: {name}"
        out.stdout = getattr(out, "stdout", "")
    program_code = inputs_code = None
    _FINALIZER_MEMO.clear()  # (it holds the code it judged)
    return out


def _run_job(out, program_code, inputs_code, n_calls, timeout, imports, check_survivors, perturbed, path,
             reported=False, placed=None, checked=False):
    task = G.TASK
    stdout = _CappedStdout()
    task.violation = None
    status, outputs, error, literal = "ok", [], None, True
    module = G.new_namespace(GUARDS_ON)
    namespace = module.__dict__
    task_builtins = namespace["__builtins__"]
    G.begin_task(namespace, imports, _OWN_GLOBALS)
    # Each run, plain or not, numbers virtual addresses its own random way (see _guards._virtual_id).
    G.TASK.id_factor = _ORDER_RNG.getrandbits(36) | 1
    G.TASK.id_key = _ORDER_RNG.getrandbits(36)
    G.TASK.static_shift = _ORDER_RNG.getrandbits(18) << 21  # (whole 2 MiB steps, as a library is mapped)
    _same_headroom(path)
    sys.modules[TASK_MODULE_NAME] = module
    built_inputs = inputs_code.__class__ is BuiltLiterals
    literal_inputs = built_inputs or inputs_code.__class__ is bytes
    task.exec_tokens = (program_code,) if literal_inputs else (program_code, inputs_code)
    entry = value = args = kwargs = None
    unmodelable = False
    # Everything of ours that lives through the task exists now, and is frozen (moved where the
    # collector and gc.get_objects() never look; O(1)): after the clean-up, every container
    # object the collector still tracks outside that set is one the program made and left alive.
    # No free of anything older can offset a leak in that count, and counting costs only what the
    # task made, not the whole young heap (8 us a pass before). The arguments are counted as the
    # program's, made after the freeze: they are gone after the clean-up unless it kept them.
    # (No address reaches a program: ids, identity hashes, default reprs and buffer addresses are
    # virtual, numbered afresh in every run; see _reprs.py. So the runs need no padding to move
    # the program's objects, which cost a sixth of a worker's time per validation.)
    gc.freeze()
    # And every task starts with the same collector state: a full collection of the (now empty)
    # generations resets the long-lived bookkeeping that decides when the next full collection
    # runs, which a previous task could otherwise leave anywhere (a program that times its own
    # finalizers would see it). Nothing is collectable here (everything alive is frozen), and it
    # runs in the program's time all the same, as every collection in a runner does.
    G.set_untrusted(True)
    gc.collect()
    G.set_untrusted(False)
    baseline = 0  # the collector's generations are empty right after a freeze
    # Every call's arguments, unmarshalled now, before any object of the program exists: a
    # fresh copy per call, and no work of ours between the program's calls.
    # (A loop, not a comprehension: a comprehension's closure would make ``inputs_code`` a cell
    # of this frame, which the survivor check would find alive after the task.)
    fresh_arguments = [] if literal_inputs else None
    for _ in range(n_calls if literal_inputs else 0):
        fresh_arguments.append(inputs_code.build() if built_inputs else marshal.loads(inputs_code))
    # (Only where the collector's count cannot be written: see _pad_collector.)
    finalizing = _COLLECTOR_COUNTS is None and _may_leave_finalizers(program_code)
    collected = None
    start = _cpu_clock()
    sys.stdout = stdout
    # Re-armed every 50 ms: a program that catches the first JobTimeout gets another.
    signal.setitimer(_ALARM_TIMER, timeout, 0.05)
    # Cleared after the arming: the previous job's alarm, still armed until the line above (see
    # the clean-up below), may have fired just before it, and that is no timeout of this job.
    TIMER.expired = False
    try:
        try:
            if perturbed:
                _perturb_order(perturbed, placed)
            G.set_untrusted(True)
            # The youngest generation's count decides when the program's first collection runs
            # (and so when a finalizer of a cycle runs): what our own bookkeeping allocated since
            # the full collection above varies (a runner's first task made one object fewer, and a
            # perturbed run more), so it is reset here, last, to what every run starts from. A
            # program that counted its allocations to its first collection told a runner's first
            # task from later ones, and so whether an earlier task had been refused or timed out
            # (red team 27N: 6 of 9 pairs, and a validated output a fresh executor disagreed with).
            gc.collect(0)
            _pad_collector(finalizing)
            collected = _collected() if _COLLECTOR_STATS is not None or finalizing else None
            exec(program_code, namespace)  # noqa: S102 -- the sandbox's purpose
            entry = namespace.get("f")
            if not callable(entry):
                raise NameError("the program defines no function f")
            for _call in range(n_calls):
                if literal_inputs:  # literal values: a fresh copy per call
                    args, kwargs = fresh_arguments[_call]
                    fresh_arguments[_call] = None
                else:  # sandboxed argument expressions (Executor(inputs="expression"))
                    args, kwargs = eval(inputs_code, namespace)  # noqa: S307 -- screened like a program
                value = entry(*args, **kwargs)
                if not _call:
                    out.first_seconds = _cpu_clock() - start  # the module body and one call
                # Judged before the repr, which may run the program's __repr__ (and change the
                # value); plain data prints through C alone, so its text is what was judged. The
                # collector stays off from the judgement to the text: a collection there ran a
                # finalizer of the program's that put an object with a __repr__ of its own into
                # judged plain data (red team 28).
                gc.disable()
                try:
                    plain = _plain_data(value)
                    text = _render(value, plain=True) if plain else None
                finally:
                    G.release_collector()
                literal = literal and plain
                outputs.append(text if plain else _render(value))
                value = args = kwargs = None
        except JobTimeout:
            status, error = "timeout", _over_time(timeout, n_calls)
        except G.SandboxViolation as exc:
            # The guards record every refusal; an instance that the program raised itself (of a
            # subclass, with a __str__ of its own) is described like any exception of the program.
            if task.violation is not None:
                status, error = "forbidden", task.violation
            else:
                status, error = "error", _short(exc)
        except MemoryError:
            status, error = "memory", "ran out of memory"
        except OutputTooLarge as exc:
            status, error = ("output_too_large", str(exc)) if type(exc) is OutputTooLarge else ("error", _short(exc))
        except RecursionError:
            status, error = "error", "RecursionError: maximum recursion depth exceeded"
        except BaseException as exc:  # noqa: BLE001 -- every failure of the program is a report
            status, error = "error", _short(exc)
        finally:
            # Still inside the window (guards, audit hook and timer on): drop every reference to
            # the program's objects so that their finalizers run now, not during a later task.
            # Whatever raised to get here (a MemoryError in a region of ours), the clean-up is
            # the program's time: its finalizers run with the hook on.
            G.TASK.in_hook = False  # (an assignment first: see _guards.set_in_hook)
            G.set_in_hook(False)
            # (Read first, before the clean-up's own collections. Where the statistics cannot be
            # read directly, gc's own reading, for programs that may have finalizers only.)
            collected_before = collected
            collected = collected is not None and _collected() != collected
            G.set_untrusted(True)
            G.TASK.ended = True  # (what runs from here on is a finalizer: see end_task)
            # An exception of ours still in flight (the alarm, firing while a handler above
            # described the program's exception) holds that exception as its context and the
            # handler's frames in its traceback: both are cut here, so that they die in the window
            # and not when the exception is caught, after it.
            in_flight = sys.exc_info()[1]
            if in_flight is not None and type(in_flight) not in _OWN_EXCEPTIONS:
                # No handler above lets the program's exceptions out; should one be in flight all
                # the same, it is never freed (see _QUARANTINE), and the runner retires.
                _QUARANTINE.append(in_flight)
                out.tainted = f"a {_type_name(in_flight)} escaped the window's handlers"
            # The alarm never raises in this code (see _on_alarm), and the program's finalizers
            # that the clean-up runs swallow it, so the clean-up runs through once.
            try:
                if in_flight is not None:
                    _EXC_CONTEXT(in_flight, None)
                    _EXC_CAUSE(in_flight, None)
                    _EXC_TRACEBACK(in_flight, None)
                    in_flight = None
                entry = value = args = kwargs = fresh_arguments = None
                # (What the run saw: for the perturbed run, and for validation's first run, which
                # its own extra runs check too; `run`'s single run is not compared with anything.)
                compared = bool(perturbed) and (checked or not reported)
                out.saw_order = compared and (SET_ORDER.mode.reordered or task.salt_seen)
                out.saw_collection = compared and collected
                out.mixed = compared and SET_ORDER.mode.mixed
                # (The first run reports what it answered: an order it could not check is the
                # perturbed run's to report, as before its own extra runs were added.)
                unmodelable = compared and not reported and SET_ORDER.mode.unmodelable
                # The perturbed run's pops in progress hold the program's set elements: dropped
                # here, in the window, so that their finalizers run under the guards
                # (_restore_order below works with the hook off).
                SET_ORDER.forget_drains()
                _restore_order()
                # Clearing a dict drops its values after emptying it: a finalizer run by the
                # drop can write into it again. Cleared until it stays empty, in the window.
                refilled = _clear_until_empty(namespace) or _clear_until_empty(task_builtins)
                if refilled:
                    out.tainted = refilled
                G.end_task()
                _GC_PADDING.clear()  # (ours, and no part of the count below)
                G.set_untrusted(False)  # our own count runs no program code (and is audited)
                # Anything the collector tracks outside what was frozen before the task is
                # something the program made and left alive: collect and look.
                leftover = (len(gc.get_objects()) != baseline or _may_leave_finalizers(program_code)
                            or (not literal_inputs and _may_leave_finalizers(inputs_code)))
                G.set_untrusted(True)
                if leftover:
                    # Garbage that no collection in the program's time found, but whose
                    # finalizers the clean-up's collection ran: in a plain process a collection may
                    # well have come while the program ran (a cycle made just before a window of
                    # allocations that `python -c` always collects in, and a random start only
                    # one run in twelve: the thirtieth session's red team D5), so the extra runs
                    # follow, each with its own start. Whether the program's code ran is watched
                    # (a suspended generator's finally block, or a __del__ no name in the code
                    # spells, ran there unseen by a look for the name: 1 to 3 validations in 40
                    # of a bit no plain process gives, the thirty-first session's red team D3).
                    watch = compared and not out.saw_collection and collected_before is not None
                    if watch:
                        del _FINALIZER_CALLS[:]
                        G.ours(sys.setprofile, _finalizer_watch(namespace))
                    try:
                        out.tainted = out.tainted or _collect_in_window()
                    finally:
                        if watch:
                            G.ours(sys.setprofile, None)
                    if (watch and _collected() != collected_before
                            and (_FINALIZER_CALLS or _defines_del(program_code))):
                        out.saw_collection = True
                if _PASS_RESETS:
                    # The library state a one-shot job's passes share is put back now, last, in
                    # the window: what the resets let go of may be the program's (a str subclass
                    # in re's cache, a class in typing's, an object in a library class's dict), and
                    # its finalizers run here, hook on. Done before the next pass, they ran with
                    # the hook off; kept alive, they carried the pass's traces into the next one;
                    # done before the task's own clean-up (end_task, the collection), a finalizer
                    # that clean-up ran wrote the state again (the seventeenth session's red teams).
                    # State that will not settle refuses the job: the next pass would read it.
                    # (A perturbed run that saw an order or a collection, and every extra run, may be
                    # followed by an extra run: see run_job.)
                    _ANOTHER_PASS_MAY_FOLLOW[0] = path == 1 or (compared and bool(out.saw_order or out.saw_collection))
                    problem = _reset_library_state()
                    if problem is not None:
                        task.violation = task.violation or f"refused after the program ended: {problem}"
                        out.tainted = out.tainted or problem
                # Last, what the task owns again: a finalizer that the collections or resets ran
                # may have put an object back in the namespace (a `global` store) or in one of the
                # task's tables (a dataclass built in a __del__ records its methods), and what is
                # left there is freed after the window, with the hook off.
                problem = _settle_after_program(namespace, task_builtins)
                if problem is not None:
                    task.violation = task.violation or f"refused after the program ended: {problem}"
                    out.tainted = out.tainted or problem
                # Descriptors re-initialized by their own C __init__ (see _SHARED_DESCRIPTORS), by
                # the program or by a finalizer of its that the clean-up above ran (the resets drop
                # what library caches held of it): put back here, last, in the window, and the job
                # refused and the runner retired (a finalizer that putting one back runs may write
                # one again; the process goes with it).
                rewritten = _fresh_descriptors(_SHARED_DESCRIPTORS)
                if _PASS_RESETS and _fresh_descriptors(_LIBRARY_DESCRIPTORS):
                    rewritten = True
                if rewritten:
                    task.violation = task.violation or ("refused after the program ended: it re-initialized a "
                                                        "descriptor of a class it did not create")
                    out.tainted = out.tainted or "a shared descriptor was re-initialized"
                # Then, with nothing of the program's left to run, whatever it left alive.
                if leftover and check_survivors and not out.tainted:
                    G.set_untrusted(False)
                    out.tainted = _survivors((module, namespace, task_builtins))
                    if out.tainted:
                        out.tainted = f"{out.tainted} outlived the task"
                    G.set_untrusted(True)
                if out.tainted:
                    # What is left is kept alive for as long as this process lives (it retires
                    # after this job and leaves by os._exit): freed after the window, the
                    # program's objects would run their finalizers with the hook off.
                    _QUARANTINE.extend((module, namespace, task_builtins))
            except BaseException:  # noqa: BLE001 -- the clean-up itself failed (out of memory ...)
                # What the program made may still be alive, and freeing it after the window would
                # run its finalizers with the hook off: the process leaves now, freeing nothing,
                # and its zygote answers for the job (see Zygote._blame).
                os._exit(CLEANUP_FAILED_EXIT)
    finally:
        G.set_untrusted(False)
        _GC_PADDING.clear()
        task.exec_tokens = ()
        # The alarm stays armed: the next job's setitimer replaces it (one system call a job, not
        # two), and the runner disarms it before it waits for more work (see runner_main). Should
        # it fire in our own code before then, the job it belongs to had run out of time anyway.
        _restore_order()
        sys.stdout = sys.__stdout__
        sys.modules[TASK_MODULE_NAME] = _MAIN_DECOY
        G.forget_task()
    out.stdout = stdout.getvalue()
    # The time limit cannot be caught: a program that swallowed the alarm still timed out.
    if TIMER.expired or _cpu_clock() - start > timeout:
        status, error = "timeout", _over_time(timeout, n_calls)
        out.tainted = "timeout"
    elif task.violation is not None:
        # A refused action counts even if the program caught the exception and carried on.
        status, error = "forbidden", task.violation
        out.tainted = "violation"
    elif status == "ok" and unmodelable:
        # (An error of this run, not of the program: the parent then sees the runs disagree.)
        status, error = "error", ("a set changed while it was iterated or popped in a way validation cannot "
                                  "reproduce (an element swapped in, whose place the seed decides): its order is the seed's")
    if status != "ok":
        outputs, literal = None, False
    out.status, out.outputs, out.error, out.literal = status, outputs, error, literal


def _answer_json(job_id, out):
    """One answer as JSON text, built from C string encoding only (no class a program could patch)."""
    outputs = "null" if out.outputs is None else "[" + ",".join(_json_text(o) for o in out.outputs) + "]"
    error = "null" if out.error is None else _json_text(str.__str__(out.error)[:MAX_ERROR_CHARS])
    return "[%d,%s,%s,%s,%s,%s]" % (job_id, _json_str(out.status), outputs, error, _json_text(out.stdout),
                                   "true" if out.literal else "false")


_SURROGATE = re.compile("([\ud800-\udfff])")


def _json_text(text):
    """``text`` as a JSON string, or, when it holds a lone surrogate, as a list of strings that
    the parent joins (pool._joined_text): JSON writes a surrogate as an escape, and a decoder
    joins an escaped high surrogate followed by a low one into one character, so a program whose
    repr was the two characters '\\ud83d\\ude00' was reported as the one character U+1F600 (the
    seventeenth session's red team). Each surrogate goes in a string of its own."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return _json_str(text)
    return "[" + ",".join(_json_str(part) for part in _SURROGATE.split(text) if part) + "]"


# --- 4. framing ---------------------------------------------------------------------------------------
def _frame(payload):
    return struct.pack(">I", len(payload)) + payload


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except InterruptedError:
            continue
        view = view[written:]


def _read_exact(fd, n):
    chunks = []
    while n:
        try:
            chunk = os.read(fd, min(n, 1 << 20))
        except InterruptedError:
            continue
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd):
    header = _read_exact(fd, 4)
    if header is None:
        return None
    return _read_exact(fd, struct.unpack(">I", header)[0])


# The zygote's reads land in one buffer, reused: a fresh 1 MiB ``os.read`` result is over
# malloc's mmap threshold, so every read cost an mmap, an mremap and an munmap, and page faults on
# the fresh pages, at several hundred reads a second. Each read is copied out of it at once.
_READ_BUFFER = bytearray(1 << 20)
_READ_VIEW = memoryview(_READ_BUFFER)


def _read_available(fd):
    """What the pipe ``fd`` holds now (up to 1 MiB), as a view of the shared read buffer that is
    valid until the next read; empty at EOF or on an error."""
    try:
        return _READ_VIEW[:os.readv(fd, (_READ_BUFFER,))]
    except OSError:
        return _READ_VIEW[:0]


class _FrameReader:
    """Non-blocking frame reassembly for the zygote's event loop."""

    def __init__(self, limit):
        self.buf = bytearray()
        self.limit = limit

    def feed(self, data):
        """The frames ``data`` completes; ValueError for a frame over the limit, or one whose
        buffering the zygote's memory cannot hold (a child's partial frame of 64 MiB raised
        MemoryError here, which ended the zygote, and a job in flight beside it was blamed:
        red team 28R)."""
        try:
            self.buf += data
        except MemoryError:
            self.buf = bytearray()
            raise ValueError("frame too large for the zygote's memory") from None
        frames = []
        while len(self.buf) >= 4:
            (length,) = struct.unpack(">I", self.buf[:4])
            if length > self.limit:
                raise ValueError("frame too large")
            if len(self.buf) < 4 + length:
                break
            frames.append(bytes(self.buf[4:4 + length]))
            del self.buf[:4 + length]
        return frames


# --- 5. confinement of processes that run program code -------------------------------------------
REPORT = {}


def _address_space_left():
    """The address space this process can still map under its RLIMIT_AS, to a page: the largest
    PROT_NONE mapping that succeeds (a binary search; nothing is touched, each probe is unmapped
    at once, some twenty system calls in all)."""
    page = mmap.PAGESIZE
    low, high = 0, (MEMORY_BYTES + HEADROOM_SPREAD) // page  # in pages: ``low`` fits
    while low < high:
        mid = (low + high + 1) // 2
        try:
            mmap.mmap(-1, mid * page, flags=mmap.MAP_PRIVATE, prot=0).close()
            low = mid
        except (OSError, ValueError, OverflowError, MemoryError):
            high = mid - 1
    return low * page


_CLEAN_LEFT = [None]  # the zygote's address space left right after its lock-down (see _lock_down)
_MIN_SLACK = 8 << 20
# The least address space above the floor that any fresh runner has: its reservation is drawn up
# to the spread less this. A runner that has used up more than its share of it retires (see
# _PeakWatch.headroom_lost), so every program that fits in every fresh runner fits in every runner.
_FRESH_SLACK = min(_MIN_SLACK, HEADROOM_SPREAD // 2)


def _band_pages(pages):
    """[low, high): the draws, in pages of ``pages``, of this slot's band (pool._headroom_band).
    Each band is 1/bands of the range less a quarter of that at each end, so the draws of
    neighbouring slots are at least half a band apart."""
    band, bands = HEADROOM_BAND
    width = pages // bands
    gap = width // 4
    low, high = band * width + gap, (band + 1) * width - gap
    if high <= low:  # a range of a few pages (a tiny memory_mb): no gap to spare
        low, high = band * width, max(band * width + 1, (band + 1) * width)
    return min(low, pages - 1), min(high, pages)


def _reserve_headroom():
    """Hold address space for this process's life, so that the headroom its programs get is the
    zygote's clean headroom less a random draw from this slot's band of 0 to HEADROOM_SPREAD
    (see _band_pages).

    Measured, not assumed: whatever the zygote held when it forked this process (the heap
    fragments of jobs it had queued, freed here by _drop_job_data but not given back to the
    system) is address space lost to this process, and it is taken off the reservation. Without
    that, a runner forked after a 34 MB program was queued kept 35-70 MB less headroom for its
    whole life, and a program that fit in every fresh runner ran out of memory in it."""
    # Drawn up to the spread less a margin: a runner keeps some slack above the floor (see
    # _PeakWatch.headroom_lost), or the address space would be measured after every new peak.
    pages = (HEADROOM_SPREAD - _FRESH_SLACK) // mmap.PAGESIZE
    if pages < 1:
        return
    low, high = _band_pages(pages)
    draw = mmap.PAGESIZE * (1 + low + _ORDER_RNG.getrandbits(32) % (high - low))
    size = draw
    if _CLEAN_LEFT[0] is not None:
        size = _address_space_left() - (_CLEAN_LEFT[0] - draw)
    if size <= 0:
        return  # the zygote held more than the draw: this process's headroom is what is left
    try:
        _RESERVED.append(mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE, prot=0))
    except (OSError, ValueError, OverflowError):
        pass  # no room for it: this process's headroom is what it is


def _confine_child(keep_fds, cpu_seconds=None):
    """Called right after fork in a runner or one-shot child, before any program code. Returns
    None, or why the process could not be confined: it then runs no program (see _refused)."""
    # A fresh seed for the generator of validation's extra orders and masks: every process forked
    # from this zygote would otherwise repeat the same sequence (getrandom(2); no file is opened).
    try:
        _ORDER_RNG.seed(int.from_bytes(os.urandom(16), "big"))
    except OSError:
        pass  # keep the zygote's draw: still private, only shared with this zygote's other children
    _private_standard_streams()
    keep = sorted(set(keep_fds) | {0, 1, 2, STDERR_FD})
    low = 3
    for fd in keep:
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, 1 << 16)
    if LAYERS["rlimits"]:
        _reserve_headroom()
        C.set_limit(resource.RLIMIT_NPROC, 0, 0)
        if cpu_seconds is not None:
            C.set_limit(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)
    # These two layers are known to work here (the zygote's own loaded), so a failure now is this
    # process's alone, and it runs no program: with the zygote's filter only, a program could
    # fork, signal and raise its limits; outside the nested domain, signal its zygote. (Before,
    # the failure was ignored, and the jobs ran with the weaker sandbox.) It answers each job with
    # the reason instead of leaving, so that a zygote forks no runner after runner in a loop.
    problem = None
    if LAYERS["landlock"] and REPORT.get("landlock", "").startswith("active"):
        said = C.landlock_restrict()  # nested domain: signals cannot reach the zygote or siblings
        if not said.startswith("active"):
            problem = f"its Landlock domain: {said}"
    if LAYERS["seccomp"] and CHILD_FILTER is not None:
        said = C.apply_filter(CHILD_FILTER)
        if not said.startswith("active"):
            problem = problem or f"its seccomp filter: {said}"
    # What the zygote made since its lock-down (its own state, the frames below this one) is the
    # sandbox's: collected once now and frozen, so that no task's count or survivor check sees it.
    gc.collect()
    gc.freeze()
    G.collect_in_program_time()  # see _guards._Task: finalizers run only in the program's time
    return problem


def _refused(job_id, problem):
    """The answer of a job that a process which could not be confined (_confine_child) never ran."""
    out = Outcome()
    out.status, out.outputs, out.stdout, out.literal = "error", None, "", False
    out.error = f"the sandbox could not confine the process that was to run the program ({problem[:200]}): it did not run"
    return _answer_json(job_id, out)


def _private_standard_streams():
    """fds 0-2 (and STDERR_FD) of a runner or one-shot child: ends of pipes of its own.

    They were copies of the zygote's one open /dev/null, a single open file description that
    every child shared and the zygote held: its status flags (``fcntl(0, F_SETFL, ...)``) and its
    ``flock`` lock outlived the job that set them. A program past the Python layers counted its
    runs in two flag bits, in processes of their own (``one_process_per_job``): it validated,
    then answered otherwise in later jobs, and its lock on /dev/null was seen by every process of
    the machine until the executor closed (the twenty-eighth session's red team E). Nothing can be
    opened here (the zygote is locked down), so: stdin reads end-of-file (a pipe whose write end
    is closed), and stdout and stderr fail every write alike (a pipe whose read end is closed:
    EPIPE, SIGPIPE being ignored), whatever ran before. Nothing of the worker writes there; the
    warnings module drops a warning it cannot write."""
    read_end, closed_write = os.pipe()
    closed_read, write_end = os.pipe()
    os.close(closed_write)
    os.close(closed_read)
    os.dup2(read_end, 0)
    for fd in {1, 2, STDERR_FD}:
        os.dup2(write_end, fd)
    for fd in (read_end, write_end):
        if fd not in (0, 1, 2, STDERR_FD):
            os.close(fd)


# --- 6. the runner ------------------------------------------------------------------------------------
RUNNER_FLUSH_SECONDS = 0.02


# A runner retires once its peak resident memory has grown by this much since it started. Some
# of the interpreter's own tables grow with what a task does and never shrink (the interned-string
# table holds every name that was alive at once: 240 MiB after a task that kept 5.6 million
# attribute names alive, though none outlived it), and every later task in that runner would have
# that much less memory. The peak only rises, so the growth a runner carries is bounded by this
# plus one task's own. (A task that merely used much memory retires its runner too: a fork.)
RETIRE_GROWTH_KIB = max(64 * 1024, MEMORY_BYTES // 16 // 1024)


# Reading the peak is a system call on every job (several per cent of a runner's time on short
# jobs), so it is skipped while the jobs since the last reading cannot have grown it past the
# limit: resident memory grows only as pages are written, and no core writes fresh pages faster
# than this (a generous bound: one core's memset runs at 10-50 GB/s). The wall time of those jobs
# bounds their writing, so the check still comes before any growth over RETIRE_GROWTH_KIB.
MAX_TOUCH_BYTES_PER_SECOND = 200e9


def _peak_kib():
    try:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except OSError:
        return 0


class _PeakWatch:
    """The runner's peak growth since it started, read only when it may have crossed a limit:
    RETIRE_GROWTH_KIB, or the runner's slack of address space (see headroom_lost)."""

    __slots__ = ("start", "grown", "unread_seconds", "checked", "slack", "least")

    def __init__(self, slack=None):
        self.start = _peak_kib()
        self.grown = 0  # KiB, at the last reading
        self.unread_seconds = 0.0  # job time since the last reading
        self.checked = 0  # the growth when the address space left was last measured
        self.slack = slack  # KiB of it above the floor then (None: not measured, no rlimits)
        # The slack below which it retires: what every fresh runner has. A runner born with less
        # (the zygote held more than its draw when it forked, see _reserve_headroom) keeps the
        # floor as its limit: held to the fresh runners' least, it and each successor would retire
        # after their first job.
        fresh = _FRESH_SLACK // 1024
        self.least = fresh if slack is not None and slack >= fresh else 0

    def _margin(self):
        """KiB the peak may grow by, since the last measurement, before the runner could fall
        under ``least`` (at least 1: a runner drawn at that least measures after any growth)."""
        return max(self.slack - self.least, 1)

    def after(self, seconds):
        """The growth after a job of ``seconds``: read when it could exceed a limit, else the
        last reading (which is then known to be within the limits either way)."""
        self.unread_seconds += seconds
        limit = RETIRE_GROWTH_KIB if self.slack is None else min(RETIRE_GROWTH_KIB, self.checked + self._margin())
        if (limit - self.grown) * 1024 <= self.unread_seconds * MAX_TOUCH_BYTES_PER_SECOND:
            self.grown = _peak_kib() - self.start
            self.unread_seconds = 0.0
        return self.grown

    def headroom_lost(self):
        """Has the runner less address space left than any fresh runner has (the floor, which is
        what a program is promised, plus _FRESH_SLACK; see ``least``)? Measured only when the
        peak has grown by the margin since the last measurement: what a task leaves behind for
        good (the table of interned strings grows with the names a task made, and never shrinks)
        is memory it wrote, so the peak grew by at least as much. A task that grew that table by
        15 MiB left a later program that fits in every fresh runner out of memory in 7 of 10 runs
        (the twenty-second red team): the retirement limit on growth alone (64 MiB) was more than
        the reservation's spread leaves to spare. Retiring only below the floor still left a
        runner anywhere in the fresh runners' least 8 MiB: a program that fits in every fresh
        runner failed there (about one run in 25 of that red team's test, the twenty-first
        session)."""
        if self.slack is None or self.grown - self.checked < self._margin():
            return False
        self.checked = self.grown
        self.slack = (_address_space_left() - _headroom_floor()) // 1024
        return self.slack < self.least


def _headroom_floor():
    """The address space a program is promised: the zygote's clean figure less the spread."""
    return _CLEAN_LEFT[0] - HEADROOM_SPREAD


def _headroom_slack():
    """KiB of address space this runner has above the floor now, or None without rlimits."""
    if not LAYERS["rlimits"] or _CLEAN_LEFT[0] is None:
        return None
    return (_address_space_left() - _headroom_floor()) // 1024


def runner_main(req_fd, resp_fd, unconfined=None):
    """Run jobs from the zygote until EOF, or retire after a job that left anything behind.
    ``unconfined``: why this process could not be confined; it then answers every job with that.

    It tells the zygote nothing about which job it is running: a program that held the runner's
    memory could say anything (see Zygote._runner_died)."""
    peak = _PeakWatch(_headroom_slack())
    while True:
        payload = _read_frame(req_fd)
        if payload is None:
            os._exit(0)
        jobs = marshal.loads(payload)
        if unconfined is not None:
            _write_all(resp_fd, _frame(("[" + ",".join(_refused(job[0], unconfined) for job in jobs) + "]").encode()))
            continue
        answers = []
        last_flush = time.monotonic()
        retire = None
        for job_id, program_bytes, inputs_bytes, n_calls, timeout, _isolated, imports, checked in jobs:
            # Unmarshalled for each pass (see _run_pass), never cached: a code object kept across
            # jobs would keep its identifiers interned, and whether an equal string is already
            # interned is visible to a later program (``name is s``).
            started = time.monotonic()  # (the job's time, for the peak's reading, is all of it)
            out = run_job(program_bytes, inputs_bytes, n_calls, timeout, imports, check_survivors=True, checked=checked)
            answers.append(_answer_json(job_id, out))
            grown = peak.after(time.monotonic() - started)
            if not out.tainted and grown > RETIRE_GROWTH_KIB:
                out.tainted = f"the runner's peak memory grew by {grown // 1024} MiB"
            elif not out.tainted and peak.headroom_lost():
                out.tainted = "the runner has less address space left than the memory limit promises"
            if out.tainted:
                retire = f"after job {job_id}: {out.status} ({out.tainted})"
                break  # the rest of the chunk goes to a fresh runner
            if time.monotonic() - last_flush > RUNNER_FLUSH_SECONDS:
                _write_all(resp_fd, _frame(("[" + ",".join(answers) + "]").encode()))
                answers = []
                last_flush = time.monotonic()
        signal.setitimer(_ALARM_TIMER, 0)  # the last job's alarm (see _run_job)
        if retire is not None:
            # In the same frame as the answers; C string encoding only, as in _answer_json.
            answers.append("[" + _json_str("retire") + "," + _json_str(retire) + "]")
        if answers:
            _write_all(resp_fd, _frame(("[" + ",".join(answers) + "]").encode()))
        if retire is not None:
            os._exit(0)


def oneshot_main(result_fd, job, unconfined=None):
    """Run one job of a program with state-holding imports, answer, and exit (``unconfined``: see
    runner_main)."""
    if unconfined is not None:
        try:
            _write_all(result_fd, _frame(("[" + _refused(job[0], unconfined) + "]").encode()))
        finally:
            os._exit(0)
    _PASS_RESETS.extend((_fresh_decimal_context, _fresh_library_caches, _fresh_abc_registries,
                         _fresh_class_containers, _fresh_class_namespaces, _fresh_library_instances,
                         _fresh_library_functions))
    job_id, program_bytes, inputs_bytes, n_calls, timeout, _isolated, imports, checked = job
    try:
        out = run_job(program_bytes, inputs_bytes, n_calls, timeout, imports, check_survivors=False, checked=checked)
        text = _answer_json(job_id, out)
    except BaseException as exc:  # noqa: BLE001 -- outside the window: the class name only (see _short)
        text = '[%d,"error",null,%s,"",false]' % (job_id, _json_str(f"worker: {_type_name(exc)}"))
    try:
        _write_all(result_fd, _frame(("[" + text + "]").encode()))
    finally:
        os._exit(0)  # no finalizer, atexit or buffered flush runs after the answer


# --- 7. the zygote ------------------------------------------------------------------------------------
MAX_CHILDREN = 2
# Jobs handed to the runner in one frame (it answers a frame's jobs in one frame): as many as the
# parent sends in one chunk (pool._MAX_CHUNK), so that each costs one wake-up of each process.
RUNNER_BATCH = 96
GRACE = None  # set per job from its timeout
_STATUSES = frozenset({"ok", "error", "timeout", "memory", "forbidden", "output_too_large"})


class _Proc:
    def __init__(self, pid, read_fd, write_fd=None):
        self.pid = pid
        self.read_fd = read_fd
        self.write_fd = write_fd
        self.alone = False  # running a job that must run alone (see Zygote._runner_died)
        self.reader = _FrameReader(FRAME_LIMIT)
        self.outbuf = []
        self.jobs = []  # job records given to it and not yet answered, in order
        self.started = time.monotonic()
        self.last_progress = self.started
        self.cpu_mark = 0.0  # its CPU time at last_progress (a forked process starts at 0)
        self.longest = 0.0  # the longest limit among the jobs given since it was last idle
        self.retired = None
        self.killed_for_time = False


FRAME_LIMIT = 64 * 1024 * 1024
# A one-shot child sends one answer: its outputs (two calls at most), its stdout and an error,
# each character at most 12 bytes of JSON (a surrogate pair escaped), and the frame around them.
CHILD_FRAME_LIMIT = 12 * (2 * MAX_OUTPUT + MAX_STDOUT + MAX_ERROR_CHARS) + 65536


def _grace(timeout):
    return max(0.5, 0.25 * timeout)


# A job's wall-clock backstop, per second of the CPU time it may spend (see _overdue): a process
# that shares its core with others gets a fraction of it (six processes running programs on two
# cores, a third), and only one that spends no CPU at all (none should) waits for this.
WALL_PER_CPU_SECOND = float(CONFIG["wall_per_cpu_second"])  # (pool.WALL_PER_CPU_SECOND)


def _cpu_seconds(pid):
    """The CPU time that process ``pid`` (a child of the zygote's) has spent, read from its CPU
    clock (Linux makes a process's clock id from its pid: clock_gettime, no file opened), or None
    once it is gone."""
    try:
        return time.clock_gettime(((~pid) << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
    except (OSError, ValueError, OverflowError):
        return None


def _progress(proc):
    """``proc`` has answered, or been given work while idle: its job's time starts again now."""
    proc.last_progress = time.monotonic()
    cpu = _cpu_seconds(proc.pid)
    if cpu is not None:
        proc.cpu_mark = cpu


def _overdue(proc, limit, now):
    """(Is ``proc`` past the time of the job it runs?, the earliest moment it can be): the job may
    spend ``limit`` and its grace of CPU time since ``proc``'s last progress, the time the job's
    own alarm counts (a process that ignores it is killed here); and, as a backstop for a process
    that spends no CPU, or whose clock cannot be read, WALL_PER_CPU_SECOND times that in wall time
    (CPU time never runs faster than the wall clock, so the first can come no sooner than that)."""
    allowed = limit + _grace(limit)
    wall = now - proc.last_progress
    if wall <= allowed:
        return False, now + (allowed - wall)  # (no read of the clock: it cannot be ahead of the wall's)
    cpu = _cpu_seconds(proc.pid)
    used = wall if cpu is None else cpu - proc.cpu_mark
    backstop = WALL_PER_CPU_SECOND * allowed
    if used > allowed or wall > backstop:
        return True, None
    return False, now + min(allowed - used, backstop - wall)


def _job_seconds(job):
    """The time a job may take: validation's (n_calls > 1) runs the program in up to two
    windows, the perturbed calls' (``timeout`` for each call) and the extra orders' (see run_job);
    its first run (``checked``) in up to two, its call's and the extra orders'."""
    return job[4] * (job[3] + 1 if job[3] > 1 or job[7] else 1)


class Zygote:
    def __init__(self):
        self.parent_reader = _FrameReader(FRAME_LIMIT)
        self.parent_out = []
        self.runner = None
        self.runner_queue = []  # job records waiting for the runner
        self.child_queue = []  # job records waiting for a one-shot child
        self.children = {}  # read fd -> _Proc
        self.parent_eof = False
        self.solo = set()  # ids of jobs that must run alone: they were in flight when a runner died

    # -- forking ---------------------------------------------------------------------------------
    def _fork_runner(self):
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                self._drop_job_data()
                runner_main(req_r, resp_w, _confine_child({req_r, resp_w}))
            finally:
                os._exit(70)
        os.close(req_r)
        os.close(resp_w)
        os.set_blocking(req_w, False)
        self.runner = _Proc(pid, resp_r, req_w)

    def _drop_job_data(self):
        """In a process just forked from this zygote: let go of every job, frame and answer the
        zygote held (its queues, other processes' jobs, its buffers), so that none of it takes
        address space from this process's programs. The zygote forks only from its event loop's
        top (_feed_runner, _spawn_children), where no frame of its holds a job in a variable."""
        self.runner_queue = []
        self.child_queue = []
        self.children = {}
        self.runner = None
        self.parent_reader = None
        self.parent_out = []
        self.solo = set()

    def _fork_child(self, job):
        read_fd, write_fd = os.pipe()
        cpu = int(math.ceil(_job_seconds(job))) + 1
        pid = os.fork()
        if pid == 0:
            try:
                self._drop_job_data()  # (``job``, its own, stays)
                oneshot_main(write_fd, job, _confine_child({write_fd}, cpu_seconds=cpu))
            finally:
                os._exit(70)
        os.close(write_fd)
        proc = _Proc(pid, read_fd)
        proc.reader.limit = CHILD_FRAME_LIMIT
        proc.jobs = [job]
        self.children[read_fd] = proc

    # -- answers ---------------------------------------------------------------------------------
    def _send_parent(self, message):
        self.parent_out.append(_frame(message.encode() if isinstance(message, str) else message))

    def _answer(self, job, status, error):
        out = Outcome()
        out.status, out.outputs, out.error, out.stdout, out.literal = status, None, error, "", False
        self._send_parent("[" + _answer_json(job[0], out) + "]")

    def _accept_answers(self, proc, payload):
        """Pass on the answers in ``payload`` that belong to ``proc``; False if it is malformed."""
        try:
            message = json.loads(payload)
        except Exception:  # noqa: BLE001 -- ValueError, RecursionError on deep nesting: malformed
            return False
        if isinstance(message, list) and message[:1] == ["retire"]:
            proc.retired = str(message[1])[:200] if len(message) > 1 else "retired"
            return True
        if not isinstance(message, list) or not message:
            return False
        last = message[-1]
        if isinstance(last, list) and last[:1] == ["retire"]:
            # A runner retires in the frame of its last answers, so that the zygote never sends
            # it a job between the two (that job would look unanswered by a retiring runner).
            proc.retired = str(last[1])[:200] if len(last) > 1 else "retired"
            del message[-1]
            if not message:
                return True
            payload = json.dumps(message).encode()
        jobs = proc.jobs
        if len(message) > len(jobs):
            return False
        for position, answer in enumerate(message):
            # In order, and only for a job this process was given.
            if not (isinstance(answer, list) and len(answer) == 6 and answer[0] == jobs[position][0]
                    and answer[1] in _STATUSES):
                return False
        del jobs[:len(message)]
        _progress(proc)
        self._send_parent(payload)  # checked: passed on as it came
        return True

    # -- deaths ----------------------------------------------------------------------------------
    def _reap(self, proc):
        try:
            _, status = os.waitpid(proc.pid, 0)
        except ChildProcessError:
            return None
        return status

    def _blame(self, proc, status, job):
        if proc.retired is not None:  # it said it retired, and never answered this job
            self._answer(job, "forbidden", "the runner retired without answering this job (a forged message)")
        elif proc.killed_for_time:
            self._answer(job, "timeout", f"exceeded the {job[4]:g} s time limit (process killed)")
        elif status is not None and os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU:
                self._answer(job, "timeout", f"exceeded the {job[4]:g} s CPU limit")
            elif sig == signal.SIGKILL:
                self._answer(job, "memory", "the process was killed, most likely out of memory")
            elif sig == signal.SIGSYS:
                self._answer(job, "forbidden", "killed by the sandbox's system-call filter")
            else:
                self._answer(job, "error", f"the program ended its process (signal {sig})")
        else:
            code = os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None
            if code == CLEANUP_FAILED_EXIT:
                self._answer(job, "memory", "the sandbox could not clean up after the program (out of memory)")
            else:
                self._answer(job, "error", f"the program ended its process (exit code {code})")

    def _runner_died(self):
        proc = self.runner
        self.runner = None
        for fd in (proc.read_fd, proc.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        if not proc.killed_for_time:
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        status = self._reap(proc)
        unanswered = proc.jobs
        blamed = None
        if proc.retired is not None:
            reason = f"runner retired {proc.retired}"
            # An honest runner answers the job that made it retire, then stops: what it leaves
            # unanswered never ran. A program that holds the runner can send the retirement
            # itself, unanswered, and would run again in every fresh runner for ever. So the
            # first job left runs alone next, and one that was alone and is left unanswered is
            # blamed.
            if unanswered and proc.alone and len(unanswered) == 1:
                blamed = unanswered.pop()
            elif unanswered:
                self.solo.add(unanswered[0][0])
        elif unanswered:
            # Which of its jobs was running, only the runner knows, and nothing it says can be
            # believed: a program that holds its memory could name an honest job queued behind it.
            # So a death is blamed only on a job that was alone in the runner: the one left when
            # the time ran out (it had the whole limit since the last answer), or one sent alone.
            # Otherwise (several in flight, finished ones perhaps not flushed yet; or a death that
            # may have come between jobs) each runs again alone, and a job that dies again is blamed.
            if len(unanswered) == 1 and (proc.killed_for_time or proc.alone):
                blamed = unanswered.pop()
            else:
                self.solo.update(job[0] for job in unanswered)
            reason = "runner replaced after it " + ("timed out" if proc.killed_for_time else "died")
        else:
            reason = "runner replaced after it died between jobs"
        # The event goes first, so a batch that waits for the blamed job has counted the restart.
        self._send_parent(json.dumps(["restart", reason]))
        if blamed is not None:
            self._blame(proc, status, blamed)
        self.runner_queue[:0] = unanswered
        # Its successor is forked at the event loop's top (_feed_runner), not here: a fork from
        # this frame would copy ``blamed`` and the dead runner's buffers into the new runner.
        proc.jobs, proc.reader, proc.outbuf = [], None, []

    def _child_done(self, proc):
        del self.children[proc.read_fd]
        try:
            os.close(proc.read_fd)
        except OSError:
            pass
        if not proc.killed_for_time:
            # Also when it answered: a child that closed its pipe and lingers must not make the
            # zygote wait in waitpid.
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        status = self._reap(proc)
        if proc.jobs:
            self._blame(proc, status, proc.jobs[0])

    # -- routing ---------------------------------------------------------------------------------
    def _take_jobs(self, payload):
        for job in marshal.loads(payload):
            (self.child_queue if job[5] else self.runner_queue).append(job)

    def _needs_runner(self):
        """No runner, and jobs for one (or more may come from the parent)."""
        return self.runner is None and bool(self.runner_queue or not self.parent_eof)

    def _feed_runner(self):
        if self._needs_runner():
            self._fork_runner()  # (a warm runner for the next jobs, also after a death between jobs)
        if not self.runner_queue:
            return
        proc = self.runner
        if proc.retired is not None or len(proc.jobs) >= 2 * RUNNER_BATCH or (proc.alone and proc.jobs):
            return  # a retiring runner gets nothing more: its successor takes the queue
        solo = self.solo
        proc.alone = False
        if solo and self.runner_queue[0][0] in solo:
            if proc.jobs:
                return  # a job that must run alone waits until the runner is idle
            batch = self.runner_queue[:1]
            solo.discard(batch[0][0])
            proc.alone = True
        else:
            batch = self.runner_queue[:RUNNER_BATCH]
            if solo:
                batch = batch[:next((i for i, job in enumerate(batch) if job[0] in solo), len(batch))]
        del self.runner_queue[:len(batch)]
        if not proc.jobs:
            _progress(proc)
            proc.longest = 0.0
        proc.jobs.extend(batch)
        proc.longest = max(proc.longest, max(map(_job_seconds, batch)))
        proc.outbuf.append(_frame(marshal.dumps(batch)))

    def _spawn_children(self):
        while self.child_queue and len(self.children) < MAX_CHILDREN:
            self._fork_child(self.child_queue.pop(0))

    @staticmethod
    def _flush(fd, buffers):
        while buffers:
            head = buffers[0]
            try:
                written = os.write(fd, head)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if written < len(head):
                # A view, so that the rest of a long frame is not copied on every partial write
                # (a 34 MB program cost the zygote seconds of copying through a 64 KiB pipe).
                buffers[0] = memoryview(head)[written:]
                return True
            buffers.pop(0)
        return True

    def _deadlines(self, now):
        nearest = None
        runner = self.runner
        if runner is not None and runner.jobs:
            # The longest limit among the jobs it holds: answers leave in batches (every 20 ms),
            # so the oldest unanswered job need not be the one running, and a validation's
            # perturbed run was killed under the limit of a first run answered but not yet sent
            # (then run again alone: red team 28M).
            overdue, deadline = _overdue(runner, runner.longest, now)
            if overdue:
                runner.killed_for_time = True
                try:
                    os.kill(runner.pid, signal.SIGKILL)
                except OSError:
                    pass
                self._runner_died()
            else:
                nearest = deadline
        for proc in list(self.children.values()):
            if not proc.jobs:
                continue
            overdue, deadline = _overdue(proc, _job_seconds(proc.jobs[0]), now)
            if overdue:
                proc.killed_for_time = True
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                self._child_done(proc)
            elif proc.jobs:
                nearest = deadline if nearest is None else min(nearest, deadline)
        return nearest

    def serve(self):
        os.set_blocking(RESP_FD, False)
        self._fork_runner()
        while True:
            self._feed_runner()
            self._spawn_children()
            # Write what was queued at once (the pipes are non-blocking): a round through select
            # only to learn that a pipe is writable doubled the zygote's wake-ups, each costing
            # more than the work it does. Only what does not fit waits for select.
            runner = self.runner
            if runner is not None and runner.outbuf:
                self._flush(runner.write_fd, runner.outbuf)
            if self.parent_out and not self._flush(RESP_FD, self.parent_out):
                return  # the parent is gone
            busy = bool(self.runner_queue or self.child_queue or self.children
                        or (self.runner is not None and self.runner.jobs))
            if self.parent_eof and not busy and not self.parent_out:
                break
            now = time.monotonic()
            nearest = self._deadlines(now)
            reads = [] if self.parent_eof else [REQ_FD]
            if self.runner is not None:
                reads.append(self.runner.read_fd)
            reads.extend(self.children)
            writes = []
            if self.parent_out:
                writes.append(RESP_FD)
            if self.runner is not None and self.runner.outbuf:
                writes.append(self.runner.write_fd)
            wait = None if nearest is None else max(0.0, nearest - time.monotonic())
            if self._needs_runner():
                wait = 0.0  # a runner died in this round: its successor is forked at the top
            try:
                readable, writable, _ = select.select(reads, writes, [], wait)
            except InterruptedError:
                continue
            for fd in readable:
                self._on_readable(fd)
            for fd in writable:
                if fd == RESP_FD:
                    if not self._flush(RESP_FD, self.parent_out):
                        return  # the parent is gone
                elif self.runner is not None and fd == self.runner.write_fd:
                    self._flush(fd, self.runner.outbuf)
        self._shutdown()

    def _on_readable(self, fd):
        if fd == REQ_FD:
            data = _read_available(REQ_FD)
            if not data:
                self.parent_eof = True
                return
            for payload in self.parent_reader.feed(data):
                self._take_jobs(payload)
            return
        runner = self.runner
        if runner is not None and fd == runner.read_fd:
            data = _read_available(fd)
            if not data:
                self._runner_died()
                return
            try:
                frames = runner.reader.feed(data)
            except ValueError:
                frames = None
            if frames is None or not all(self._accept_answers(runner, f) for f in frames):
                self._runner_died()  # a malformed answer: the runner is not to be believed again
            return
        proc = self.children.get(fd)
        if proc is None:
            return
        data = _read_available(fd)
        if data:
            try:
                frames = proc.reader.feed(data)
            except ValueError:
                frames = None
            if frames is None or not all(self._accept_answers(proc, f) for f in frames):
                proc.jobs = proc.jobs[:1]  # blamed below as a crash
                self._child_done(proc)
            elif not proc.jobs:
                # Answered: ended now. A child past the Python layers answered and then slept,
                # spending no CPU, and with no job left no deadline watched it: two of them held
                # both child slots, and the next job waited for the parent's backstop (red team 28R).
                self._child_done(proc)
            return
        self._child_done(proc)

    def _shutdown(self):
        procs = list(self.children.values()) + ([self.runner] if self.runner is not None else [])
        for proc in procs:
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self._reap(proc)


# --- 8. lock-down of the zygote -------------------------------------------------------------------------
CHILD_FILTER = None


def _lock_down():
    global CHILD_FILTER
    report = REPORT
    report["screen"] = "parent"
    report["guards"] = "active" if GUARDS_ON else "off"
    seccomp_problem = C.seccomp_available() if LAYERS["seccomp"] else "off"
    zygote_filter = None
    if seccomp_problem is None:
        try:
            zygote_filter = C.build_filter("zygote")
            CHILD_FILTER = C.build_filter("child")
        except OSError as exc:
            seccomp_problem = f"unavailable: {exc}"
    if LAYERS["rlimits"]:
        failures = []
        for name, which, value in (("address space", resource.RLIMIT_AS, MEMORY_BYTES + HEADROOM_SPREAD),
                                   ("file size", resource.RLIMIT_FSIZE, 0),
                                   ("core files", resource.RLIMIT_CORE, 0),
                                   ("open files", resource.RLIMIT_NOFILE, 64)):
            problem = C.set_limit(which, value, value)
            if problem:
                failures.append(f"{name}: {problem}")
        report["rlimits"] = "active" if not failures else "partial (" + "; ".join(failures) + ")"
        if not failures:
            _CLEAN_LEFT[0] = _address_space_left()
    else:
        report["rlimits"] = "off"
    report["privileges"] = C.drop_privileges() if LAYERS["privileges"] else "off"
    needs_nnp = LAYERS["landlock"] or LAYERS["seccomp"]
    report["no_new_privs"] = C.no_new_privs() if needs_nnp else "off"
    report["landlock"] = C.landlock_restrict() if LAYERS["landlock"] else "off"
    if zygote_filter is not None:
        report["seccomp"] = C.apply_filter(zygote_filter)
        if not report["seccomp"].startswith("active"):
            CHILD_FILTER = None
    else:
        report["seccomp"] = seccomp_problem
    if LAYERS["audit"]:
        report["audited_reads"] = G.install_audit_hook()
        report["audit_hook"] = "active"
    else:
        report["audit_hook"] = report["audited_reads"] = "off"
    # Installed for every run, plain ones included, and never taken out: a program that looks at
    # a set's iterator, set.__iter__ or set.pop finds the same objects in every run, so it cannot
    # tell validation's perturbed runs from the plain one (and answer one way there only).
    SET_ORDER.install()
    report["set_order"] = ((("reversed for the perturbed run of validation; comparisons that stop early walk "
                             "the run's order too") if SET_ORDER.compare_slots else
                            ("reversed for the perturbed run of validation; comparisons walk the interpreter's "
                             "order (unknown layout of tp_richcompare)"))
                           if SET_ORDER.ok else "unavailable (unknown interpreter layout): seeds alone judge set order")
    report["global_random"] = _refuse_global_random()
    report["identity_hash"] = IDENTITY_HASH.install(G.virtual_hash)
    report["class_hash"] = G.install_class_identity_hash()
    report["default_reprs"] = REPRS.install(G.virtual_address)
    report["buffer_addresses"] = REPRS.install_buffer_info(G.virtual_buffer_address)
    report["library_ids"] = G.install_library_id(_OWN_NAMESPACES)
    report["import_machinery"] = G.install_import_machinery_guard() if LAYERS["audit"] else "off"
    report["malloc"] = MALLOC_REPORT
    report["codecs"] = CODEC_REPORT
    report["isolation"] = ("a fresh process per task that imports a module with state; "
                           "a persistent runner, checked after every task, for the rest")
    report["keyword_parsers"] = _prepare_keyword_parsers()
    strings = _library_strings()
    report["utf8_caches"] = _fill_utf8_caches(strings)
    report["interned_strings"] = _intern_library_strings(strings)
    strings = None
    report["shared_keys"] = _fill_shared_key_tables()
    try:
        _remember_library_state()
        # The caches every pass's reset empties, emptied here too: the zygote kept what warm-up
        # put there (typing's aliases from its own module body, the worker's own compiled
        # pattern), so the first pass of every process found them warm and the later passes cold,
        # and a program that asked (`typing.Generic[typing.AnyStr] is typing.IO.__orig_bases__[0]`)
        # answered the seed's order in the reported run alone: 4 of 10 validations ok of a
        # seed-dependent output (the thirty-eighth session's red team D). What warm-up put in
        # typing's caches is still found, by every pass, as in a plain process (see _keep_warm).
        report["typing_caches"] = _keep_warm(_TYPING_CACHES)
        _fresh_library_caches()
        shared = _interpreter_and_sandbox_classes()
        _remember_descriptors(_SHARED_DESCRIPTORS, shared)
        _remember_descriptors(_LIBRARY_DESCRIPTORS, [cls for cls, _ in _CLASS_NAMESPACES if cls not in shared])
        report["descriptors"] = (f"{len(_SHARED_DESCRIPTORS[0])} of the interpreter's and the sandbox's "
                                 "classes checked after every pass, "
                                 f"{len(_LIBRARY_DESCRIPTORS[0])} of the "
                                 "allowed modules' after each pass of a one-shot job")
        report["library_state"] = (f"restored before each pass of a one-shot job: {len(_ABC_REGISTRIES)} ABC "
                                   f"registries, {len(_CLASS_CONTAINERS)} class containers, "
                                   f"{len(_CLASS_NAMESPACES)} class namespaces (names and values, checked by "
                                   f"{'their version tags' if _CLASS_VERSIONS[0] is not None else 'value'}), "
                                   f"{len(_LIBRARY_INSTANCES)} library "
                                   "objects' attributes, decimal's contexts")
    except Exception as exc:  # noqa: BLE001 -- reported, never fatal
        report["library_state"] = f"unavailable ({type(exc).__name__}: {exc})"[:200]
    report["ctypes_classes"] = G.hide_ctypes_classes()  # (last: every use of ctypes above has loaded it)
    report["collector_start"] = ("random counts of the three generations for every run, written into the collector's state"
                                 if _COLLECTOR_COUNTS is not None else
                                 "a random youngest-generation count, made by allocating, for programs that may have "
                                 "finalizers only (unknown layout of the collector's state)")
    # Everything alive now is the sandbox's, not a program's; the collector leaves it alone.
    G.freeze()
    gc.freeze()
    if _CLEAN_LEFT[0] is not None:
        # Measured again now that the warm-up is done: the heap its walks left behind (interning
        # every library string grew it by megabytes) is the zygote's for good, not a queued job's
        # fragments. Counted as such, it left no room for a runner's random reservation whenever
        # the draw fell under it: two runners then had the same headroom, and a program that
        # measures the memory left validated with an answer a later run contradicted (1 of 30).
        _CLEAN_LEFT[0] = _address_space_left()


def _refuse_global_random():
    """``random`` is not a module programs may import, but an allowed one draws from its global
    generator: ``statistics.NormalDist.samples()`` without a seed calls ``random.gauss``, seeded
    from the OS in every process. Its output is random in plain Python, and a biased bit of it
    (``samples(1)[0] > 1``) validated 8 times in 12 (red team 27). The module's functions bound
    to the global generator are stand-ins that refuse, with the reason; a seeded
    ``random.Random(seed)``, which ``samples(seed=...)`` makes, is untouched."""
    module = sys.modules.get("random")
    if module is None:
        return "not imported"
    shared = getattr(module, "_inst", None)
    refused = []
    for name in dir(module):
        value = getattr(module, name)
        if getattr(value, "__self__", None) is shared and shared is not None:
            setattr(module, name, _refusing_random(name))
            refused.append(name)
    module.Random = _seeded_random_class(module.Random)
    return f"refused: {len(refused)} functions of the global generator, and seeds drawn from the OS or an address"


def _seeded_random_class(base):
    """``random.Random`` as an allowed module reaches it (``samples(seed=...)``): a seed of None
    draws from the OS, and a NaN's hash (which seeds a float) is its address: both refused
    (a NaN seed validated 8 times in 24, red team 28). A NaN of a float subclass too, judged by
    the real type and float's own comparison (no code of the program's): C hashes it as float
    does, by its address (8 of 40 validated, the nineteenth session's red team)."""

    class Random(base):
        def seed(self, a=None, version=2):
            if not _deterministic_seed(a):
                G.violation("random.Random seeded with None, a NaN or an object hashed by its address draws from "
                            "the OS or an address: pass an int, a str, bytes or a finite float")
            return super().seed(a, version)

    Random.__module__, Random.__qualname__ = base.__module__, base.__qualname__
    return Random


def _deterministic_seed(a):
    """Does ``a`` seed a generator alike in every process? Judged by its real type (random's own
    check asks isinstance, which an object whose ``__class__`` claims float passes; C then hashed
    it by its address: 3 of 20 validations ok, the twentieth session's red team) and by float's
    own comparison and hash (no code of the program's): int, str, bytes and bytearray (and their
    subclasses, read by value), and a finite float whose class hashes as float does."""
    kind = type(a)
    if issubclass(kind, float):
        return not float.__ne__(a, a) and _class_attribute(kind, "__hash__") is float.__hash__
    return issubclass(kind, (int, str, bytes, bytearray))


def _class_attribute(kind, name):
    for cls in type.__dict__["__mro__"].__get__(kind):
        namespace = _TYPE_DICT(cls)
        if name in namespace:
            return namespace[name]
    return None


def _refusing_random(name):
    def refused(*args, **kwargs):
        G.violation(f"random.{name} draws from the process's unseeded generator (a library function called "
                    "without a seed, such as statistics.NormalDist.samples): pass a seed")

    refused.__name__ = refused.__qualname__ = name
    return refused


# Callables not to call with a probe keyword: they would act before they parse it (breakpoint
# imports pdb), or they are the sandbox's to withhold anyway.
_NOT_PROBED = frozenset({"breakpoint", "breakpointhook", "input", "help", "exit", "quit", "copyright", "credits",
                         "license", "open", "exec", "eval", "compile", "__import__", "__build_class__"})


def _prepare_keyword_parsers():
    """Have every C function and method a program can reach build its table of keyword names now.

    CPython 3.11 builds a C function's tuple of keyword names (interned strings, kept for the life
    of the process) the first time the function is called with a keyword (``math.isclose(a, b,
    rel_tol=0.1)``, ``b'ab'.hex(bytes_per_sep=1)``). A task that did so left ``'rel_tol'`` interned
    for every later task in the runner, where a string built afresh and interned (``setattr(g, s,
    1)``) then came back as the old one: ``name is s`` answered False after such a task and True
    before (the sixteenth session's fourth red team: 20 of 20). Called once here with a keyword no
    function takes, each builds its table before the freeze, and every task finds them built."""
    probe = {"_azr_keyword_probe": None}
    modules = [builtins]
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType) and (name in ALLOWED or name.lstrip("_") in ALLOWED):
            modules.append(module)
    kinds, calls = [], []
    for module in modules:
        for name, value in list(vars(module).items()):
            if name in _NOT_PROBED:
                continue
            # (issubclass on the real type: a weak proxy to a class passes isinstance, and
            # type's slots refuse it)
            if issubclass(type(value), type) and not G._type_flags(value) & G._HEAP_TYPE:  # a static (C) type
                kinds.append(value)
            elif type(value) is types.BuiltinFunctionType:
                calls.append((value, ()))
    samples = {memoryview: memoryview(b"")}
    seen = set()
    for kind in kinds:
        if id(kind) in seen:
            continue
        seen.add(id(kind))
        calls.append((kind, ()))
        sample = samples.get(kind)
        if sample is None:
            try:
                sample = kind()
            except Exception:  # noqa: BLE001 -- a type that needs arguments: its methods are skipped
                sample = None
        for name, attribute in list(vars(kind).items()):
            if name in _NOT_PROBED:
                continue
            if type(attribute) is types.MethodDescriptorType and sample is not None:
                calls.append((attribute, (sample,)))
            elif type(attribute) is types.ClassMethodDescriptorType:
                calls.append((attribute.__get__(None, kind), ()))
            elif type(attribute) in (types.BuiltinFunctionType, staticmethod):
                calls.append((getattr(kind, name), ()))
    for function, args in calls:
        try:
            function(*args, **probe)
        except Exception:  # noqa: BLE001 -- the TypeError about the probe is the expected answer
            pass
    return f"built for {len(calls)} functions and methods"


def _library_strings():
    """Every exact ``str`` the worker's objects hold now, by id: in the containers the collector
    knows (module and class dicts, lists, sets), in the tuples, frozensets and dicts inside them, which
    it need not track (a tuple or dict of strings alone is untracked), in the fields of every other object
    the collector knows (``gc.get_referents``: names, qualnames, docs), in code objects' names
    and constants, and the qualnames builtin descriptors make on first read (made here)."""
    found = {}
    seen = set()
    pending = []

    def visit(items):
        for item in items:
            kind = type(item)
            if kind is str:
                found[id(item)] = item
            elif _may_hide_strings(kind, item) and id(item) not in seen:
                seen.add(id(item))
                pending.append(item)

    objects = gc.get_objects()
    for obj in objects:
        if type(obj) in _LAZY_QUALNAMES:
            # A builtin descriptor makes its __qualname__ on the first read and keeps it (where the
            # collector does not look): made now, and collected, so that a program's first read
            # finds it interned like every other string.
            try:
                visit((obj.__qualname__, obj.__name__))
            except Exception:  # noqa: BLE001 -- a descriptor of an odd type: nothing kept
                pass
    codes = []
    for obj in objects:
        kind = type(obj)
        if kind is dict:
            visit(obj)
            visit(obj.values())
        elif kind is tuple or kind is list or kind is frozenset or kind is set:
            visit(obj)
        else:
            # Whatever else holds strings in its own fields (a function's name, qualname and doc,
            # a class's name and qualname, a descriptor's name and qualname, a property's doc):
            # what the collector says it refers to.
            for item in gc.get_referents(obj):
                kind = type(item)
                if kind is str:
                    found[id(item)] = item
                elif kind is types.CodeType:
                    codes.append(item)
                elif _may_hide_strings(kind, item) and id(item) not in seen:
                    seen.add(id(item))
                    pending.append(item)
    done_codes = set()
    while codes:  # (code objects are no collector containers: their names and constants, by hand)
        code = codes.pop()
        if id(code) in done_codes:
            continue
        done_codes.add(id(code))
        visit((code.co_name, code.co_qualname, code.co_filename, *code.co_names, *code.co_varnames,
               *code.co_freevars, *code.co_cellvars))
        visit(code.co_consts)
        codes.extend(c for c in code.co_consts if type(c) is types.CodeType)
    while pending:
        item = pending.pop()
        visit(item)
        if type(item) is dict:
            visit(item.values())
    return found


def _may_hide_strings(kind, item):
    """Is ``item`` a container the collector need not track, whose strings only a walk into it
    finds? A tuple or frozenset, or a dict of strings and numbers alone: json.encoder.ESCAPE_DCT's
    values were missed, and a task that interned one told a later pass so (the twenty-fourth
    session's red team A: 3 of 7 validations of a seed-dependent bit ok)."""
    return kind is tuple or kind is frozenset or (kind is dict and not gc.is_tracked(item))


_LAZY_QUALNAMES = (types.MethodDescriptorType, types.WrapperDescriptorType, types.GetSetDescriptorType,
                   types.MemberDescriptorType, types.ClassMethodDescriptorType)


def _intern_library_strings(strings):
    """Intern every string the library holds now, before the freeze.

    ``setattr`` (and every name the interpreter stores) interns the very string object it is
    given when no equal string is interned yet, and the library keeps its strings for the life of
    the worker: a task that wrote an attribute named by a docstring (``setattr(h,
    vars(int)['__doc__'], 1)``) left it interned, and a later task told, by identity, whether an
    equal string it built came back as that one: an unrelated task's answer changed (5 of 5), and
    a pass that interned one of two strings by the seed's set order passed that bit to every
    later pass of the validation (11 to 13 of 20 validated ok; the twentieth session's red team).
    Interned now, every one is as every task finds it; strings a task makes itself die with it."""
    done = 0
    for text in strings.values():
        sys.intern(text)
        done += 1
    return f"{done} library strings interned"


def _fill_utf8_caches(strings):
    """Give every non-ASCII string a program can reach now its UTF-8 copy.

    CPython keeps a str's UTF-8 form inside the str once something asks for it (a class named
    'é', ``float.__getformat__``, an attribute name), and ``str.__sizeof__`` counts it. The
    one-character strings chr(128) to chr(255) are shared by the whole process, and so are the
    library's constants and docstrings: a task that had one encoded changed what ``__sizeof__``
    said to every later task in the runner (a fault of the twenty-second red team). Encoded now,
    before the freeze, each stays as every task finds it. Strings are those _library_strings
    finds."""
    import ctypes

    as_utf8 = ctypes.pythonapi.PyUnicode_AsUTF8AndSize
    as_utf8.argtypes, as_utf8.restype = [ctypes.py_object, ctypes.c_void_p], ctypes.c_void_p
    found = {id(c): c for c in map(chr, range(128, 256))}
    found.update((key, text) for key, text in strings.items() if not text.isascii())
    failed = 0
    for text in found.values():
        try:
            as_utf8(text, None)
        except Exception:  # noqa: BLE001 -- a lone surrogate has no UTF-8 form to cache
            failed += 1
    return f"{len(found) - failed} non-ASCII strings encoded"


_SHARED_KEYS_MAX = 30  # SHARED_KEYS_MAX_SIZE in CPython 3.11's dictobject.c
_PAD_PREFIX = "_azr_shared_key_"


def _fill_shared_key_tables():
    """Fill every class's table of shared attribute names, so that no name can join one later.

    CPython 3.11 gives the instances of a class made by a ``class`` statement one table of
    attribute names, shared and owned by the class: the first write of a new name to any
    instance puts the name there (interned) for as long as the class lives, up to 30 names, after
    which an instance with a new name gets a dict of its own. A library class lives as long as
    the process, so a name a program wrote to its instance (``setattr(Counter(), name, 1)``)
    outlived the pass, and a later pass of the same job told by identity whether an equal name
    was already interned (``next(iter(vars(g))) is name`` after ``setattr(g, name, 1)``): the
    reversed pass left one bit of the seed's order there and every extra run read it back (the
    seventeenth session's red team: 15 of 40 validations). Filled now, before any program runs,
    a table takes no new name: every route to it (``setattr``, ``vars(obj)[name] = ...``,
    ``copy`` restoring state, library code) meets a full table. The padding names are ours,
    constant, and never visible: an instance shows only the names it holds."""
    filled = failed = 0
    for cls in gc.get_objects():
        # issubclass on the real type, never isinstance: a weak proxy to a class (ctypes caches
        # its array types, c_char * 32 for the confinement's structures, behind such proxies)
        # passes isinstance, and type's slots raise on it. Whether one is tracked here depends on
        # the interpreter's site packages: under CI's Python the worker ended before it was ready.
        if not issubclass(type(cls), type) or not G._type_flags(cls) & G._HEAP_TYPE:
            continue
        if cls.__dictoffset__ == 0 or issubclass(cls, type):
            continue  # no instance dict (slots), or a metaclass (a class's dict is its own)
        instance = _bare_instance(cls)
        if instance is None:
            failed += 1
            continue
        try:
            # By attribute writes, the interpreter's own route to the table: reading __dict__
            # first gives some classes' instances (those of dict's subclasses) a dict of their own.
            for index in range(_SHARED_KEYS_MAX):
                object.__setattr__(instance, _PAD_PREFIX + str(index), None)
            filled += 1
        except Exception:  # noqa: BLE001 -- a class whose instances refuse: counted, never fatal
            failed += 1
    return f"{filled} classes' tables filled" + (f", {failed} without a bare instance" if failed else "")


def _bare_instance(cls):
    """An instance of ``cls`` made by the first ``__new__`` along its MRO that is C's (object's,
    dict's, an AST node's), running none of the library's code (no ``__new__`` or ``__init__``
    written in Python), or None."""
    if any("__del__" in klass.__dict__ for klass in cls.__mro__ if klass is not object):
        return None  # its finalizer would run on a half-made object
    abstract = cls.__dict__.get("__abstractmethods__")
    try:
        if abstract:
            cls.__abstractmethods__ = frozenset()  # (object.__new__ refuses an abstract class)
        for klass in cls.__mro__:
            make = klass.__dict__.get("__new__")
            # (A Python __new__ is a staticmethod, or a plain function where enum set one.)
            if make is not None and type(make) is not staticmethod and type(make) is not types.FunctionType:
                return make(cls)
    except Exception:  # noqa: BLE001 -- a __new__ that needs arguments (functools.partial)
        return None
    finally:
        if abstract:
            cls.__abstractmethods__ = abstract
    return None


def _batch_scheduling() -> str:
    """Put this process (and so every runner and one-shot child it forks) under SCHED_BATCH: a
    worker woken by a job then does not preempt the parent, which compiles and sends the next
    jobs and is the longer path on a machine with few cores. Before the lock-down: the seccomp
    filter refuses sched_setscheduler, so no program can change it back or elsewhere."""
    if not CONFIG.get("batch_scheduling", True):
        return "normal (off)"
    if not hasattr(os, "SCHED_BATCH"):
        return "normal (no SCHED_BATCH on this platform)"
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except OSError as exc:
        return f"normal ({exc})"
    return "batch"


def main():
    REPORT["scheduling"] = _batch_scheduling()
    REPORT["fixed_address_bits"] = _FIXED_BITS  # (see _setorder.settle_fixed_bits)
    _lock_down()  # (what raises here is told to the pool: see _say_why_start_failed)
    sys.excepthook = sys.__excepthook__  # ready: from here on the pool reads only the protocol
    _write_all(RESP_FD, _frame(json.dumps(["ready", os.getpid(), REPORT]).encode()))
    Zygote().serve()
    os._exit(0)


if __name__ == "__main__":
    main()
