"""Static layer: screen and compile programs and inputs in the parent, before any worker sees them.

Programs are compiled with a RestrictedPython policy. We keep RestrictedPython's checks (names and
attributes starting with ``_``, the introspection attributes, ``exec``/``eval`` calls, star
imports, ``try/except*``) and add an import allow-list and a list of forbidden builtins. We drop
the rewrites that only make sense with a proxying host (``_getitem_``, ``_getiter_``,
``_inplacevar_``, ``_apply_``, the print collector): the worker needs none of them, they cost a
Python call per subscript or loop, and RestrictedPython refuses ``d[k] += 1``, which a quarter of
real programs use. Two rewrites stay, because they carry safety the AST cannot: attribute *writes*
go through ``_write_`` (so a program cannot patch ``math.pi`` for the next one) and loads of
``format``/``format_map`` go through ``_getattr_`` (field names walk attributes at run time).
"""
from __future__ import annotations

import ast
import dis
import inspect
import marshal
import types
from collections import OrderedDict
from dataclasses import dataclass

from RestrictedPython import compile_restricted_exec
from RestrictedPython.transformer import ALLOWED_FUNC_NAMES, FORBIDDEN_FUNC_NAMES, RestrictingNodeTransformer

from .policy import DEFAULT_ALLOWED_MODULES, FORBIDDEN_ATTRIBUTES, FORBIDDEN_NAMES, GUARDED_ATTRIBUTES

PROGRAM_FILENAME = "<program>"
# First byte of an inputs payload: marshalled (args, kwargs) values, or code that builds them.
LITERAL_TAG = b"L"
CODE_TAG = b"C"
MAX_PROGRAM_CHARS = 100_000
MAX_INPUT_CHARS = 100_000


class _SandboxPolicy(RestrictingNodeTransformer):
    """RestrictedPython's checks with our allow-list, minus the host-proxy rewrites."""

    allowed_modules: frozenset[str] = DEFAULT_ALLOWED_MODULES
    _dispatch: dict = {}

    # ast.NodeTransformer looks each visitor up by name and rebuilds every list field on every
    # node; screening is on the hot path of every proposal, so we cache the lookups and only
    # touch a field when a visitor actually returned a different node.
    def visit(self, node):
        cls = node.__class__
        method = self._dispatch.get(cls)
        if method is None:
            method = getattr(type(self), "visit_" + cls.__name__, None) or type(self).generic_visit
            self._dispatch[cls] = method
        return method(self, node)

    def node_contents_visit(self, node):
        AST = ast.AST
        for name in node._fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                changed = False
                out = []
                for item in value:
                    if isinstance(item, AST):
                        new = self.visit(item)
                        if new is not item:
                            changed = True
                            if new is None:
                                continue
                            if not isinstance(new, AST):
                                out.extend(new)
                                continue
                        out.append(new)
                    else:
                        out.append(item)
                if changed:
                    value[:] = out
            elif isinstance(value, AST):
                new = self.visit(value)
                if new is not value:
                    if new is None:
                        delattr(node, name)
                    else:
                        setattr(node, name, new)
        return node

    def check_name(self, node, name, allow_magic_methods=False):
        # `print` is an ordinary builtin here: the worker captures stdout itself.
        if name in ("print",):
            return
        super().check_name(node, name, allow_magic_methods)
        if name in FORBIDDEN_NAMES:
            self.error(node, f'"{name}" is not allowed.')

    def visit_Name(self, node):
        self.check_name(node, node.id)
        return node

    def visit_Attribute(self, node):
        if node.attr in FORBIDDEN_ATTRIBUTES:
            self.error(node, f'"{node.attr}" is an introspection attribute and is not allowed.')
        # The base class checks the name and rewrites loads to _getattr_ and writes to _write_.
        rewritten = super().visit_Attribute(node)
        if isinstance(node.ctx, ast.Load) and node.attr not in GUARDED_ATTRIBUTES:
            return node  # checked, but left as a plain (fast) attribute load
        return rewritten

    def visit_Subscript(self, node):
        return self.node_contents_visit(node)

    def visit_AugAssign(self, node):
        return self.node_contents_visit(node)

    def visit_For(self, node):
        return self.node_contents_visit(node)

    def visit_comprehension(self, node):
        return self.node_contents_visit(node)

    def visit_Assign(self, node):
        return self.node_contents_visit(node)

    def visit_With(self, node):
        return self.node_contents_visit(node)

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name) and node.func.id in ("exec", "eval"):
            self.error(node, f"{node.func.id} calls are not allowed.")
        return self.node_contents_visit(node)

    def visit_AnnAssign(self, node):
        # Annotations are plain expressions here (checked like any other); dataclasses need them.
        return self.node_contents_visit(node)

    def visit_Global(self, node):
        return self.node_contents_visit(node)

    def visit_Nonlocal(self, node):
        return self.node_contents_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            self._check_module(node, alias.name)
        return super().visit_Import(node)

    def visit_ImportFrom(self, node):
        if node.level:
            self.error(node, "relative imports are not allowed.")
        else:
            self._check_module(node, node.module or "")
        return super().visit_ImportFrom(node)

    def _check_module(self, node, dotted):
        top = dotted.split(".", 1)[0]
        if top not in self.allowed_modules:
            self.error(node, f'import of "{dotted}" is not allowed (allowed: {", ".join(sorted(self.allowed_modules))}).')

    def inject_print_collector(self, node, position=0):
        return None


def _policy_for(allowed_modules: frozenset[str]) -> type[_SandboxPolicy]:
    if allowed_modules == _SandboxPolicy.allowed_modules:
        return _SandboxPolicy
    return type(
        "_CustomSandboxPolicy", (_SandboxPolicy,), {"allowed_modules": frozenset(allowed_modules), "_dispatch": {}}
    )


@dataclass(frozen=True)
class Compiled:
    """Outcome of screening: marshalled code, or the status and reason for refusing it."""

    code: bytes | None
    status: str | None = None  # "syntax" or "forbidden" when refused
    reason: str | None = None


_OP = dis.opmap
# Opcodes whose programs the fast path leaves to RestrictedPython: attribute writes need the
# _write_ rewrite, star imports and match/except* are refused or need the full tree check.
_SLOW_OPS = frozenset(
    _OP[name]
    for name in ("STORE_ATTR", "DELETE_ATTR", "IMPORT_STAR", "MATCH_CLASS", "MATCH_KEYS",
                 "MATCH_MAPPING", "MATCH_SEQUENCE", "CHECK_EG_MATCH")
    if name in _OP
)
_IMPORT_NAME = _OP["IMPORT_NAME"]
_EXTENDED_ARG = _OP["EXTENDED_ARG"]
_ASYNC_FLAGS = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE
# Dunder names the compiler itself writes into class bodies and closures, plus the magic method
# names RestrictedPython lets a class define.
_COMPILER_NAMES = frozenset(
    {"__module__", "__qualname__", "__name__", "__doc__", "__annotations__", "__classcell__"}
) | ALLOWED_FUNC_NAMES
# Zero-argument super() makes the compiler add a __class__ cell; never a name the program loads.
_COMPILER_CELLS = frozenset({"__class__"})
_SLOW_NAMES = FORBIDDEN_NAMES | FORBIDDEN_ATTRIBUTES | GUARDED_ATTRIBUTES | (FORBIDDEN_FUNC_NAMES - {"print"})


def _fast_accepts(code, allowed_modules: frozenset[str]) -> bool:
    """True when compiled ``code`` obviously passes the screen and needs no rewriting.

    Only ever accepts: anything unusual returns False and goes through RestrictedPython, which
    then also phrases the rejection. Names are checked on the code objects (every global,
    attribute, import and local name the program uses), opcodes for imports and writes.
    """
    stack = [code]
    while stack:
        co = stack.pop()
        if co.co_flags & _ASYNC_FLAGS:
            return False
        for name in (*co.co_names, *co.co_varnames):
            if name in _SLOW_NAMES or (name[:1] == "_" and name != "_" and name not in _COMPILER_NAMES):
                return False
        for name in (*co.co_cellvars, *co.co_freevars):
            if name[:1] == "_" and name != "_" and name not in _COMPILER_CELLS:
                return False
        ops = co.co_code[0::2]
        if not _SLOW_OPS.isdisjoint(ops):
            return False
        if _IMPORT_NAME in ops:
            raw = co.co_code
            for offset in range(0, len(raw), 2):
                if raw[offset] == _IMPORT_NAME:
                    if offset >= 2 and raw[offset - 2] == _EXTENDED_ARG:
                        return False
                    module = co.co_names[raw[offset + 1]]
                    if module.split(".", 1)[0] not in allowed_modules:
                        return False
        for const in co.co_consts:
            if const.__class__ is types.CodeType:
                stack.append(const)
    return True


_COMPILED: OrderedDict[str, types.CodeType | str] = OrderedDict()
_COMPILED_MAX = 4096


def compile_source(source: str) -> types.CodeType | str:
    """``compile(source)`` with a process-wide LRU, or the one-line syntax error.

    The tasks layer compiles a proposal to check its entry function and fingerprint it; the
    executor compiles it again to screen it. Both go through here, so it is compiled once. The
    result is plain ``compile`` output (never executed here): screening is still the caller's job.
    """
    hit = _COMPILED.get(source)
    if hit is not None:
        _COMPILED.move_to_end(source)
        return hit
    try:
        result: types.CodeType | str = compile(source, PROGRAM_FILENAME, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError) as exc:
        if isinstance(exc, SyntaxError):
            result = _first_line(f"SyntaxError: {exc.msg} (line {exc.lineno})")
        else:
            result = _first_line(f"{type(exc).__name__}: {exc}")
    _COMPILED[source] = result
    if len(_COMPILED) > _COMPILED_MAX:
        _COMPILED.popitem(last=False)
    return result


def _first_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _compile_program(source: str, allowed_modules: frozenset[str]) -> Compiled:
    if not isinstance(source, str):
        return Compiled(None, "syntax", f"program must be str, got {type(source).__name__}")
    if len(source) > MAX_PROGRAM_CHARS:
        return Compiled(None, "forbidden", f"program is longer than {MAX_PROGRAM_CHARS} characters")
    if "\x00" in source:
        return Compiled(None, "syntax", "program contains a NUL byte")
    code = compile_source(source)
    if isinstance(code, str):
        return Compiled(None, "syntax", code)
    if _fast_accepts(code, allowed_modules):
        return Compiled(marshal.dumps(code))
    try:
        tree = ast.parse(source, PROGRAM_FILENAME, "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        return Compiled(None, "syntax", _first_line(f"{type(exc).__name__}: {exc}"))
    try:
        # Handing over the parsed tree saves RestrictedPython a second parse.
        result = compile_restricted_exec(tree, PROGRAM_FILENAME, policy=_policy_for(allowed_modules))
    except (SyntaxError, ValueError, MemoryError, RecursionError, TypeError) as exc:
        return Compiled(None, "forbidden", _first_line(f"{type(exc).__name__}: {exc}"))
    if result.errors or result.code is None:
        return Compiled(None, "forbidden", _first_line("; ".join(result.errors) or "rejected by the static screen"))
    return Compiled(marshal.dumps(result.code))


def _literal_error(node: ast.AST) -> str | None:
    """Why an argument expression is not a plain literal (None when it is one)."""
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as exc:
        return _first_line(f"{ast.unparse(node)[:80]!s} is not a literal ({type(exc).__name__})")
    return None


# Argument lists are read by the tasks layer (is it literal? what is its normal form?) and then
# by the executor (the values to ship). These process-wide memos let both share one parse and one
# evaluation, the way ``compile_source`` shares a program's compile. Trees are kept only for
# short argument lists, the common case, so the memo stays small.
_ARGUMENT_TREES: dict[str, ast.Call | str] = {}
_ARGUMENT_TREES_MAX, _ARGUMENT_TREE_MAX_CHARS = 2048, 256
_LITERAL_ARGUMENTS: OrderedDict[str, Compiled] = OrderedDict()
_LITERAL_ARGUMENTS_MAX = 4096


def parse_arguments(source: str) -> ast.Call | str:
    """``f(<source>)`` parsed to its ``ast.Call``, or the one-line reason it is not an argument list.

    Memoised process-wide; callers must not modify the returned tree.

    >>> [ast.unparse(a) for a in parse_arguments("[1,2], k='x'").args]
    ['[1, 2]']
    >>> parse_arguments("1, 2)").startswith("inputs do not parse as call arguments")
    True
    """
    if not isinstance(source, str):
        return f"inputs must be str, got {type(source).__name__}"
    hit = _ARGUMENT_TREES.get(source)
    if hit is not None:
        return hit
    try:
        call = ast.parse(f"f({source}\n)", "<inputs>", "eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError, TypeError) as exc:
        call = _first_line(f"inputs do not parse as call arguments: {exc}")
    else:
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or call.func.id != "f":
            call = "inputs do not parse as call arguments"
    if len(source) <= _ARGUMENT_TREE_MAX_CHARS:
        if len(_ARGUMENT_TREES) >= _ARGUMENT_TREES_MAX:
            _ARGUMENT_TREES.clear()
        _ARGUMENT_TREES[source] = call
    return call


def literal_arguments(source: str) -> Compiled:
    """The literal-only compilation of an argument list (see ``_compile_inputs``), memoised
    process-wide: the tasks layer's check of a proposal's input primes the executor's."""
    return _memo(_LITERAL_ARGUMENTS, source, _compile_inputs, _LITERAL_ARGUMENTS_MAX)


def literal_argument_values(source: str) -> tuple[tuple, dict] | None:
    """The (args, kwargs) an argument list of literals denotes, a fresh copy from the memo of
    ``literal_arguments``; None when ``source`` is not literals only.

    >>> literal_argument_values("[1,2], k='x'")
    (([1, 2],), {'k': 'x'})
    >>> literal_argument_values("open('x')") is None
    True
    """
    code = literal_arguments(source).code
    if code is None or code[:1] != LITERAL_TAG:
        return None
    return marshal.loads(code[1:])


def _memo(table: OrderedDict, source, build, limit: int):
    """``build(source)`` through the LRU ``table`` of at most ``limit`` entries (a source that is
    not text is built every time, never stored)."""
    if not isinstance(source, str):
        return build(source)
    hit = table.get(source)
    if hit is not None:
        table.move_to_end(source)
        return hit
    built = build(source)
    table[source] = built
    if len(table) > limit:
        table.popitem(last=False)
    return built


def _compile_inputs(source: str) -> Compiled:
    """Compile the arguments text of ``f(<source>)`` into the values the worker calls ``f`` on.

    Every argument must be a literal (the same rule ``ast.literal_eval`` applies), so building
    the arguments can only build data. The worker unmarshals a fresh copy for every call: a
    program that mutates its input cannot fake non-determinism.
    """
    if not isinstance(source, str):
        return Compiled(None, "syntax", f"inputs must be str, got {type(source).__name__}")
    if len(source) > MAX_INPUT_CHARS:
        return Compiled(None, "forbidden", f"inputs are longer than {MAX_INPUT_CHARS} characters")
    call = parse_arguments(source)
    if isinstance(call, str):
        return Compiled(None, "syntax", call)
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            return Compiled(None, "forbidden", "inputs may not use * unpacking")
    for kw in call.keywords:
        if kw.arg is None:
            return Compiled(None, "forbidden", "inputs may not use ** unpacking")
    # Ship the values themselves: unmarshalling a fresh copy costs the worker less than
    # compiling and evaluating literal-building bytecode. Each argument is evaluated once; the
    # reason for a refusal is worked out only when there is one.
    try:
        args = tuple(ast.literal_eval(a) for a in call.args)
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as exc:
        for node in [*call.args, *(k.value for k in call.keywords)]:
            reason = _literal_error(node)
            if reason:
                return Compiled(None, "forbidden", f"inputs must be literals: {reason}")
        return Compiled(None, "forbidden", _first_line(f"inputs cannot be stored: {exc}"))
    try:
        return Compiled(LITERAL_TAG + marshal.dumps((args, kwargs)))
    except (ValueError, TypeError, MemoryError, RecursionError) as exc:
        return Compiled(None, "forbidden", _first_line(f"inputs cannot be stored: {exc}"))


def _compile_expression_inputs(source: str, allowed_modules: frozenset[str]) -> Compiled:
    """Arguments as sandboxed expressions (``dict(a=1)``, ``range(3)``), screened like a program.

    Opt-in (``Executor(inputs="expression")``) for datasets such as CRUXEval whose published
    inputs are not all literals. The code runs inside the worker, in the program's namespace.
    """
    if not isinstance(source, str):
        return Compiled(None, "syntax", f"inputs must be str, got {type(source).__name__}")
    if len(source) > MAX_INPUT_CHARS:
        return Compiled(None, "forbidden", f"inputs are longer than {MAX_INPUT_CHARS} characters")
    wrapper = f"def _azr_args(*a, **k):\n    return a, k\n_azr_call = _azr_args({source}\n)\n"
    try:
        tree = ast.parse(wrapper, "<inputs>", "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        return Compiled(None, "syntax", _first_line(f"inputs do not parse as call arguments: {exc}"))
    if len(tree.body) != 2:
        return Compiled(None, "syntax", "inputs do not parse as call arguments")
    call = tree.body[1].value
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return Compiled(None, "forbidden", "inputs may not use * or ** unpacking")
    # Screen (and let the policy rewrite, e.g. format loads) only the user's expressions.
    values = [*call.args, *(k.value for k in call.keywords)]
    checker = ast.Module(body=[ast.Expr(value=v) for v in values], type_ignores=[])
    ast.fix_missing_locations(checker)
    result = compile_restricted_exec(checker, "<inputs>", policy=_policy_for(allowed_modules))
    if result.errors:
        return Compiled(None, "forbidden", _first_line("inputs: " + "; ".join(result.errors)))
    screened = [stmt.value for stmt in checker.body]  # the policy's rewritten nodes
    n_args = len(call.args)
    expr = ast.Expression(
        ast.Tuple(
            elts=[
                ast.Tuple(elts=screened[:n_args], ctx=ast.Load()),
                ast.Dict(keys=[ast.Constant(k.arg) for k in call.keywords], values=screened[n_args:]),
            ],
            ctx=ast.Load(),
        )
    )
    ast.fix_missing_locations(expr)
    try:
        return Compiled(CODE_TAG + marshal.dumps(compile(expr, "<inputs>", "eval")))
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        return Compiled(None, "syntax", _first_line(f"inputs do not compile: {exc}"))


class CompileCache:
    """Bounded LRU of screening outcomes, keyed by source text.

    Validation sends each program to two workers and training re-checks the same programs many
    times, so screening (an AST walk in Python) is paid once per distinct text.
    """

    def __init__(
        self,
        allowed_modules: frozenset[str] = DEFAULT_ALLOWED_MODULES,
        max_entries: int = 8192,
        literal_inputs: bool = True,
    ):
        self.allowed_modules = frozenset(allowed_modules)
        self.literal_inputs = literal_inputs
        self.max_entries = max_entries
        self._programs: OrderedDict[str, Compiled] = OrderedDict()
        self._inputs: OrderedDict[str, Compiled] = OrderedDict()

    def program(self, source: str) -> Compiled:
        return self._lookup(self._programs, source, lambda s: _compile_program(s, self.allowed_modules))

    def inputs(self, source: str) -> Compiled:
        if self.literal_inputs:
            return literal_arguments(source)  # memoised process-wide already
        return self._lookup(self._inputs, source, self._literal_or_expression)

    def _literal_or_expression(self, source: str) -> Compiled:
        # Most arguments are literals even in expression mode; they take the cheap path.
        literal = literal_arguments(source)
        if literal.code is not None:
            return literal
        return _compile_expression_inputs(source, self.allowed_modules)

    def _lookup(self, table, source, build):
        return _memo(table, source, build, self.max_entries)


def screen_program(source: str, allowed_modules: frozenset[str] = DEFAULT_ALLOWED_MODULES) -> str | None:
    """Reason the static screen refuses ``source`` (syntax or forbidden construct), or None.

    >>> screen_program("def f(a):\\n    return a + 1") is None
    True
    >>> screen_program("import os\\ndef f(a):\\n    return a")
    'Line 1: import of "os" is not allowed (allowed: ...)'
    """
    compiled = _compile_program(source, frozenset(allowed_modules))
    return None if compiled.code is not None else compiled.reason


def screen_inputs(source: str) -> str | None:
    """Reason the argument text is not literals only, or None.

    >>> screen_inputs("'John', {'age': 20}") is None
    True
    >>> screen_inputs("open('x', 'w')")
    "inputs must be literals: open('x', 'w') is not a literal (ValueError)"
    """
    compiled = _compile_inputs(source)
    return None if compiled.code is not None else compiled.reason
