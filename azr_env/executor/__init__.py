"""Sandboxed, batched, determinism-checked execution of model-written Python.

Layers, all on by default: a RestrictedPython static screen (parent), persistent worker processes
with rlimits, an audit hook, guarded builtins and module views, a scrubbed environment, capped
I/O, and a parent that kills and replaces any worker that overruns or misbehaves.

>>> from azr_env.executor import Executor
>>> with Executor(workers=2) as ex:
...     [r.status.value for r in ex.run_batch([("def f(a):\\n    return a * 2", "21"),
...                                              ("import os\\ndef f(a):\\n    return a", "0")])]
['ok', 'forbidden']
"""
from .executor import Executor
from .policy import DEFAULT_ALLOWED_MODULES
from .results import ExecResult, ExecStatus, ProgramVerdict, Verdict
from .screen import compile_source, screen_inputs, screen_program
from .verify import canonical_repr, check_output_prediction, outputs_equal, parse_literal
from .ray_executor import RayExecutor  # noqa: F401  (last: it uses the names above; imports ray only when one is built)

__all__ = [
    "DEFAULT_ALLOWED_MODULES",
    "ExecResult",
    "ExecStatus",
    "Executor",
    "ProgramVerdict",
    "Verdict",
    "canonical_repr",
    "check_output_prediction",
    "compile_source",
    "outputs_equal",
    "parse_literal",
    "screen_inputs",
    "screen_program",
]
