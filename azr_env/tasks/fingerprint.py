"""What a program *is*, as bytes that are the same on every Python version the package supports.

A task id must survive a Python upgrade (ids are persisted in buffers and checkpoints and used to
pin tasks), so it cannot hash bytecode, which changes with every minor version. It hashes the
program's syntax tree instead, written out without anything that layout decides:

* no positions (line and column numbers), so comments, blank lines, indentation width, spacing
  and redundant parentheses do not count;
* no fields that newer Pythons add with empty defaults (``type_params`` in 3.12) or that only
  record a spelling (``Constant.kind``, the ``u`` of ``u"..."``), and no empty string pieces in
  f-strings (3.12 alone ends a nested format spec with one), so 3.10 to 3.13 agree;
* every node as its class name, then its fields in the grammar's order: nested nodes in place,
  lists prefixed by their length, leaf values as they are. The grammar fixes which field holds
  what, so the written form can be read back one way only: two programs share it exactly when
  their trees are equal.
* serialised by ``marshal`` at format version 2, which writes every value by value: a string as
  its UTF-8 bytes, a float or complex in binary (versions 3 and up write back-references that
  depend on how many references an object has, and mark interned strings apart).

Standard library only (so that other interpreters can load this file alone and check the claim;
see tests/azr_env/tasks/test_task_ids.py).

>>> program_key("def f(a):   # identity\\n  return (a)") == program_key("def f(a):\\n    return a")
True
>>> program_key("def f(a):\\n    return a") == program_key("def f(b):\\n    return b")
False
"""
from __future__ import annotations

import ast
import marshal

# Fields that record spelling or that later Pythons add empty; left out of the written tree.
_IGNORED_FIELDS = frozenset({"ctx", "kind", "type_comment", "type_ignores", "type_params"})
_LAYOUTS: dict[type, tuple[str, tuple[str, ...]]] = {}
_AST = ast.AST
_NAME, _CONSTANT, _JOINED_STR = ast.Name, ast.Constant, ast.JoinedStr
UNPARSABLE_PREFIX = b"text:"
_MARSHAL_VERSION = 2  # by value only: no back-references, no interned-string marks


def _layout(cls: type) -> tuple[str, tuple[str, ...]]:
    layout = (cls.__name__, tuple(name for name in cls._fields if name not in _IGNORED_FIELDS))
    _LAYOUTS[cls] = layout
    return layout


def _write(node: ast.AST, out: list) -> None:
    name, fields = _LAYOUTS.get(node.__class__) or _layout(node.__class__)
    out.append(name)
    values = node.__dict__
    for field in fields:
        value = values.get(field)
        if value.__class__ is list:
            if node.__class__ is _JOINED_STR:
                value = [v for v in value if not (v.__class__ is _CONSTANT and v.value == "")]
            out.append(len(value))
            for item in value:
                _write_value(item, out)
        else:
            _write_value(value, out)


def _write_value(value, out: list) -> None:
    kind = value.__class__
    # Names and constants are most of a tree: written here, without a call per node.
    if kind is _NAME:
        out.append("Name")
        out.append(value.id)
    elif kind is _CONSTANT:
        out.append("Constant")
        out.append(value.value)
    elif isinstance(value, _AST):
        _write(value, out)
    else:
        out.append(value)  # an identifier, a constant, an absent optional field (None)


def tree_key(tree: ast.AST) -> bytes:
    """The written form of a syntax tree: the flat list of names and values, marshalled (C speed;
    types stay apart: ``'1'``, ``1``, ``1.0`` and ``True`` are written differently)."""
    out: list = []
    _write(tree, out)
    return marshal.dumps(out, _MARSHAL_VERSION)


def program_key(program: str) -> bytes:
    """The written form of the program's syntax tree; for text that does not parse (it can never
    become a valid task, but a file may hold one), the text itself, marked as such."""
    try:
        # Named as the executor names programs, whose warning filter then keeps the program's
        # SyntaxWarnings off the user's console (a literal: this file imports nothing of ours).
        tree = ast.parse(program, "<program>")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return UNPARSABLE_PREFIX + program.encode("utf-8", "surrogatepass")
    try:
        return tree_key(tree)
    except (RecursionError, ValueError):  # a tree too deep to walk, or a value marshal refuses
        return UNPARSABLE_PREFIX + program.encode("utf-8", "surrogatepass")
