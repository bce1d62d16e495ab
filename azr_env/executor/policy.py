"""What a program may use: the module allow-list and the names refused outright.

Kept apart from the code that enforces it so that one list feeds the static screen (parent),
the guarded ``__import__`` and the audit hook (worker).
"""
from __future__ import annotations

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
    }
)

# Builtins a program may not even name: they run code from strings, open files or expose a
# namespace. The static screen refuses the name; the worker's builtins dict also lacks them.
FORBIDDEN_NAMES: frozenset[str] = frozenset(
    {"eval", "exec", "compile", "open", "globals", "locals", "vars", "breakpoint", "getattr_static"}
)

# Builtins simply absent at run time. Naming them is harmless (``def f(input): ...`` is common in
# real programs), calling them raises NameError.
ABSENT_BUILTINS: frozenset[str] = FORBIDDEN_NAMES | frozenset(
    {"input", "help", "exit", "quit", "memoryview", "copyright", "credits", "license", "__import__"}
)

# Attributes that lead from an ordinary object to frames, code or globals. Names starting with an
# underscore are refused as a class; these are the public-looking ones RestrictedPython also lists,
# plus a few it leaves to the host.
FORBIDDEN_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "tb_frame",
        "tb_next",
        "f_back",
        "f_builtins",
        "f_code",
        "f_generator",
        "f_globals",
        "f_locals",
        "f_trace",
        "co_code",
        "gi_frame",
        "gi_code",
        "gi_yieldfrom",
        "cr_await",
        "cr_frame",
        "cr_code",
        "cr_origin",
        "ag_await",
        "ag_frame",
        "ag_code",
        "mro",
        "func_globals",
        "func_code",
    }
)

# Attribute loads rewritten through the run-time guard: str.format/format_map accept field names
# like "{0.__globals__}" that walk attributes the static screen never sees.
GUARDED_ATTRIBUTES: frozenset[str] = frozenset({"format", "format_map"})
