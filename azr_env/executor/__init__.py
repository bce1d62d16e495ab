"""Sandboxed, batched, determinism-checked execution of model-written Python.

Layers, all on by default: a RestrictedPython static screen (parent); worker processes that lock
themselves down with rlimits, an unprivileged user, Landlock and seccomp-bpf before they run any
program; guarded builtins, per-task module views and an audit hook inside them; a process per task
for programs that import modules with state; and a parent that trusts no answer. See the README's
executor section for what each layer guarantees, and ``Executor.sandbox_report()``.

>>> from azr_env.executor import Executor
>>> with Executor(workers=2) as ex:
...     [r.status.value for r in ex.run_batch([("def f(a):\\n    return a * 2", "21"),
...                                              ("import os\\ndef f(a):\\n    return a", "0")])]
['ok', 'forbidden']
"""
from .cache import cache_stats, clear_caches
from .executor import Executor
from .policy import DEFAULT_ALLOWED_MODULES, SandboxLayers
from .results import ExecResult, ExecStatus, ProgramVerdict, Verdict
from .screen import (
    PROGRAM_FILENAME,
    compile_source,
    literal_argument_values,
    literal_arguments,
    parse_arguments,
    screen_inputs,
    screen_program,
)
from .verify import canonical_repr, check_output_prediction, outputs_equal, parse_literal, plain_text
from .ray_executor import RayExecutor  # noqa: F401  (last: it uses the names above; imports ray only when one is built)

__all__ = [
    "DEFAULT_ALLOWED_MODULES",
    "PROGRAM_FILENAME",
    "ExecResult",
    "ExecStatus",
    "Executor",
    "ProgramVerdict",
    "SandboxLayers",
    "Verdict",
    "cache_stats",
    "canonical_repr",
    "clear_caches",
    "check_output_prediction",
    "compile_source",
    "literal_argument_values",
    "literal_arguments",
    "parse_arguments",
    "outputs_equal",
    "parse_literal",
    "plain_text",
    "screen_inputs",
    "screen_program",
]
