"""What a program may use: module allow-lists, refused names, and the safety layers' switches.

Kept apart from the code that enforces it so that one list feeds the static screen (parent), the
run-time guards and the audit hook (worker). The policy is precise rather than blanket: the
operating-system layer (seccomp, Landlock, rlimits) is the boundary, so the language layers
refuse only what leads from ordinary objects to the interpreter's machinery (frames, code objects,
function globals, the real builtins, ``object.__subclasses__()``) and leave ordinary Python alone:
classes with dunder methods, ``_private`` names, ``super()``, ``match``, star imports.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Pure, deterministic standard-library modules: no I/O, no clock, no randomness, no process or
# interpreter control. `random` and `time` are left out on purpose: they break determinism.
DEFAULT_ALLOWED_MODULES: frozenset[str] = frozenset(
    {
        "math",
        "cmath",
        "itertools",
        "collections",
        "functools",
        "re",
        "string",
        "heapq",
        "bisect",
        "operator",
        "copy",
        "dataclasses",
        "typing",
        "fractions",
        "decimal",
        "statistics",
        "numbers",
        "array",
        "enum",
        "abc",
        "textwrap",
        "unicodedata",
        "json",
        "contextlib",  # (its chdir and redirect_* are withheld: see _guards._WITHHELD)
    }
)

# Modules whose public API holds no state a program could change or observe across tasks: their
# functions are pure and their types immutable. A program importing only these (or nothing) runs
# in a worker's persistent runner, checked after every task. Any other import (caches, registries,
# default contexts: re, typing, abc, decimal, enum, copy ...) sends the task to a process forked
# for it alone, so nothing it changes can reach the next task.
# (Not ``__future__``: its feature objects are instances of a Python class, whose own ``__init__``
# rewrote a shared one for every later task in the runner, and whose instances' attribute names,
# kept in the class's shared key table, outlived the task: the sixteenth session's red team.)
STATELESS_MODULES: frozenset[str] = frozenset(
    {"math", "cmath", "itertools", "bisect", "heapq", "operator"}
)

# Names a program may not use in any role (load, store, argument, import alias): they run code
# from strings, open files, expose a namespace or the real builtins, or would rebind the guards the
# screen inserts. The worker's builtins dict also lacks the callable ones.
REFUSED_NAMES: frozenset[str] = frozenset(
    {
        "__import__",
        "__builtins__",
        "__build_class__",
        "__loader__",
        "__spec__",
        # The guards the screen's rewrites call; a program rebinding them would skip them.
        "_getattr_",
        "_write_",
        "_match_class_",
    }
)
# Names reserved for what the screen inserts (``_azr_match_0`` ...).
RESERVED_PREFIX = "_azr_"

# Builtins that run code from strings, open files or hand out a namespace: a program may not load
# them where they would resolve to the builtin. Binding its own (a method called ``open``, a local
# ``compile = re.compile``) is ordinary code and allowed; the worker's builtins lack them anyway.
REFUSED_BUILTINS: frozenset[str] = frozenset({"eval", "exec", "compile", "open", "globals", "breakpoint"})

# Builtins simply absent at run time. Naming them is harmless (``def f(input): ...`` is common in
# real programs); calling them raises NameError.
ABSENT_BUILTINS: frozenset[str] = frozenset(
    {"eval", "exec", "compile", "open", "globals", "breakpoint", "__import__",
     "input", "help", "exit", "quit", "copyright", "credits", "license"}
)

# Attributes that lead from an ordinary object to the interpreter's machinery. Refused wherever a
# name can be given: the ``.`` syntax (static), getattr/setattr/hasattr/delattr, operator's
# attrgetter/methodcaller, format-string fields, class patterns in ``match`` (all at run time).
REFUSED_ATTRIBUTES: frozenset[str] = frozenset(
    {
        # frames and tracebacks: f_globals and f_builtins reach everything
        "tb_frame", "tb_next", "__traceback__",
        "f_back", "f_builtins", "f_code", "f_globals", "f_locals", "f_trace",
        "f_trace_lines", "f_trace_opcodes", "f_generator",
        # generators, coroutines and async generators hold frames and code
        "gi_frame", "gi_code", "gi_yieldfrom",
        "cr_frame", "cr_code", "cr_await", "cr_origin",
        "ag_frame", "ag_code", "ag_await",
        # code objects build arbitrary functions; globals and closures reach other namespaces
        "__code__", "__globals__", "__closure__", "cell_contents", "__builtins__",
        "co_code", "func_globals", "func_code", "__forward_code__",
        # the __reduce__ of a builtin method looks `getattr` up in its caller's builtins: called
        # from library code, that is the real, unguarded getattr
        "__reduce__", "__reduce_ex__",
        # module machinery: loaders read files
        "__loader__", "__spec__", "__file__", "__path__", "__cached__",
    }
)

# Attribute *loads* that go through a run-time guard instead of being refused: the value is
# legitimate for the program's own objects, dangerous for others'. str.format/format_map walk
# "{0.attr}" fields; __subclasses__ of object or of a standard-library class lists every class in
# the process, the worker's own among them (of the program's own class, only the program's
# classes); __getattribute__/__setattr__/__delattr__ are the unguarded forms of
# getattr/setattr/delattr; __dict__ of a standard-library class hands out unbound descriptors;
# __self__ of a builtin function is the real module it lives in; the __dict__, __defaults__,
# __kwdefaults__ and __annotations__ of a standard-library function or class are shared mutable
# state (the guard hands out copies); ``__getstate__`` (3.11's ``object.__getstate__``) returns
# an object's ``__dict__`` itself, for a class its real namespace, and gets the same rule. Private
# attributes (``_x``, not dunders) are guarded too: a program may use those its own classes define,
# not the standard library's internals.
GUARDED_ATTRIBUTES: frozenset[str] = frozenset(
    {"format", "format_map", "__getattribute__", "__setattr__", "__delattr__", "__dict__", "__self__",
     "__defaults__", "__kwdefaults__", "__annotations__", "__getstate__", "__subclasses__",
     # a library descriptor's __set_name__ writes the class it is given
     "__set_name__",
     # a hash read as a method is observed as hash() observes it (validation's perturbed run)
     "__hash__"}
)

@dataclass(frozen=True)
class SandboxLayers:
    """Which safety layers the executor turns on. All are on by default.

    Each layer assumes the ones before it failed. Turning a layer off is for testing that the
    others still hold on their own (the test suite does this for every layer) and for diagnosis;
    never for real use.

    ``preload`` names extra modules the workers import before they lock down, so that a test with
    the Python layers off can hand a program modules (``socket``) that could not be imported after
    lock-down. It changes nothing about what the screen or the guards allow.
    """

    screen: bool = True  # static screen and rewrites in the parent (RestrictedPython policy)
    guards: bool = True  # worker: guarded builtins, module views, attribute and format guards
    audit: bool = True  # worker: audit hook refusing I/O, processes and unscreened code
    rlimits: bool = True  # worker: address space, file size 0, no core files, no new processes
    privileges: bool = True  # worker: drop to an unprivileged uid when started as root
    landlock: bool = True  # worker: Landlock ruleset denying all file system and TCP access
    seccomp: bool = True  # worker: seccomp-bpf filter denying opens, processes, sockets ...
    preload: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        # A switch given as text ("no") or None would be read as on or off by its truth: refused.
        for name in ("screen", "guards", "audit", "rlimits", "privileges", "landlock", "seccomp"):
            value = getattr(self, name)
            if type(value) is not bool:
                raise ValueError(f"SandboxLayers.{name} must be True or False, got {value!r}")
        preload = self.preload
        if isinstance(preload, str) or not isinstance(preload, (tuple, list)):
            raise ValueError(f"SandboxLayers.preload must be a tuple of module names, got {preload!r}")
        if not all(type(name) is str and all(part.isidentifier() for part in name.split(".")) for name in preload):
            raise ValueError(f"SandboxLayers.preload must hold dotted module names, got {preload!r}"[:300])
        # (The workers get it on their command line, which Linux caps at 128 KiB: red team 28W.)
        if sum(len(name) + 4 for name in preload) > 32_768:
            raise ValueError(f"SandboxLayers.preload names {len(preload)} modules, more than fit in the workers' "
                             "configuration (32768 characters of names)")
        object.__setattr__(self, "preload", tuple(preload))  # (frozen: a list given becomes a tuple)

    def to_config(self) -> dict:
        return {
            "guards": self.guards,
            "audit": self.audit,
            "rlimits": self.rlimits,
            "privileges": self.privileges,
            "landlock": self.landlock,
            "seccomp": self.seccomp,
            "preload": list(self.preload),
        }


ALL_LAYERS = SandboxLayers()
