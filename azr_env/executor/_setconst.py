"""Constant sets in the order the program wrote them, across ``marshal``.

The compiler turns a set display of constants (``{10, 2, 18}``, ``for v in {9, 1}``, ``x in {...}``)
into a frozenset constant, built by adding the elements in the order written. ``marshal`` writes a
frozenset's elements sorted (CPython 3.11+, for reproducible .pyc files), so the worker's copy of
the code was built in another order. Where hashes collide the table is laid out otherwise, and the
set iterates in another order than the program has in plain Python (``list({10, 2, 18})`` is
``[2, 18, 10]`` from source, ``[18, 2, 10]`` after marshal): the validated output was not plain
Python's, and every run agreed on it. Literal arguments with sets had the same fault.

So the parent sends, beside marshalled code that holds frozenset constants, the elements of every
constant set display in the order written (``constant_orders``), and the worker rebuilds those
constants from them before anything runs (``loads_code``): the same frozensets, built as the
compiler builds them (see _as_compiled), under the worker's own hash seed. Standard library only:
the worker loads this file by path.
"""
from __future__ import annotations

import ast
import marshal
import math
import types

_CONSTANT_BYTECODE = {"RESUME", "LOAD_CONST", "RETURN_VALUE", "CACHE", "NOP"}
# A display of other than plain literals (signs, arithmetic, tuples) costs the parent a compile
# (some 10-20 us): past this many of them (in source order), they are not looked at. And a set of
# more than MAX_ELEMENTS keeps marshal's order: building one whose hashes collide is quadratic,
# and the parent builds each candidate three times (red team 33: 5,900 colliding complex numbers
# held it 4.5 s).
MAX_DISPLAYS = 256
MAX_ELEMENTS = 1024


def constant_key(value):
    """A key that tells constants apart as the compiler's constant cache does: by type as well as
    value (``1``, ``1.0`` and ``True`` are equal, and three constants), and 0.0 from -0.0."""
    kind = type(value)
    if kind is tuple:
        return (kind, tuple(map(constant_key, value)))
    if kind is frozenset:
        return (kind, frozenset(map(constant_key, value)))
    if kind is float:
        return (kind, value, math.copysign(1.0, value))
    if kind is complex:
        return (kind, value, math.copysign(1.0, value.real), math.copysign(1.0, value.imag))
    return (kind, value)


def all_codes(code):
    """``code`` and every code object inside it."""
    stack = [code]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(const for const in current.co_consts if type(const) is types.CodeType)


def constant_orders(codes, tree: ast.AST) -> tuple:
    """For each distinct frozenset constant in ``codes``, the elements of a set display in
    ``tree`` from which the compiler's construction (``_as_compiled``) gives that very constant,
    as a tuple in the order written. Never raises.

    Which display the compiler kept for equal constants is the first one it *compiled*, which is
    not always the first one written (a conditional expression's test comes before its body, a
    class body before its bases, a comprehension's condition before its outermost iterable), and
    a display that never becomes a constant (``{10, 2}`` is built element by element) must not
    stand in for one (red team 32). So each candidate is built here, under this process's hash
    seed, and kept only when it comes out laid out as the constant: exact for numbers and tuples
    of them, whose hashes no seed changes; for strings, whose order is the seed's anyway, a
    display of the same elements."""
    wanted = {}
    for code in codes:
        for const in code.co_consts:
            if type(const) is frozenset and len(const) <= MAX_ELEMENTS:
                wanted.setdefault(constant_key(const), const)
    if not wanted:
        return ()
    smallest = min(map(len, wanted.values()))
    displays = [node for node in ast.walk(tree) if isinstance(node, ast.Set)
                and smallest <= len(node.elts) <= MAX_ELEMENTS * 4
                and all(_plain_constant(element) for element in node.elts)]
    displays.sort(key=lambda node: (node.lineno, node.col_offset))  # (ast.walk is breadth-first)
    orders, found, compiles = [], set(), 0
    for node in displays:
        folded = _literal_values(node.elts)
        if folded is None:  # (signs, arithmetic, tuples: the compiler folds them; a compile each)
            if compiles >= MAX_DISPLAYS:
                continue
            compiles += 1
            folded = _folded(node.elts)
            if folded is None:
                continue
        try:
            key = constant_key(frozenset(folded))
        except TypeError:  # unhashable
            continue
        if key in found or key not in wanted or not _same_layout(_as_compiled(folded), wanted[key]):
            continue
        orders.append(folded)
        found.add(key)
        if len(found) == len(wanted):
            break
    return tuple(orders)


def _literal_values(elements: list) -> tuple | None:
    """The values of ``elements`` when each is a literal as written (no folding to do), else None."""
    values = []
    for element in elements:
        if not isinstance(element, ast.Constant):
            return None
        values.append(element.value)
    return tuple(values)


def _plain_constant(node, depth=0) -> bool:
    """Could ``node`` fold into a constant (a literal, a sign or arithmetic on literals, a tuple of
    these)? Checked by its shape first, so that nested displays (``{{{...}}}``) are never compiled
    one inside another: that cost the parent time in the square of their depth (red team 32)."""
    if depth > 50:
        return False
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _plain_constant(node.operand, depth + 1)
    if isinstance(node, ast.BinOp):
        return _plain_constant(node.left, depth + 1) and _plain_constant(node.right, depth + 1)
    if isinstance(node, ast.Tuple):
        return all(_plain_constant(item, depth + 1) for item in node.elts)
    return False


def _same_layout(built: frozenset, constant: frozenset) -> bool:
    """The same elements in the same order (by type and value), in a table of the same size."""
    return (built.__sizeof__() == constant.__sizeof__()
            and [constant_key(item) for item in built] == [constant_key(item) for item in constant])


def _folded(elements: list) -> tuple | None:
    """The tuple the compiler folds ``elements`` into, or None when they are not all constants."""
    try:
        expression = ast.Expression(ast.Tuple(elts=elements, ctx=ast.Load()))
        ast.fix_missing_locations(expression)
        code = compile(expression, "<set display>", "eval", dont_inherit=True)
    except Exception:  # noqa: BLE001 -- too deep, too big: the display is left as marshal gives it
        return None
    import dis  # (here: the worker loads this module and never folds a display)

    names = {dis.opname[op] for op in code.co_code[0::2]}
    if code.co_names or not names <= _CONSTANT_BYTECODE:
        return None
    value = code.co_consts[-1] if code.co_consts else None
    for const in code.co_consts:
        if type(const) is tuple and len(const) == len(elements):
            value = const
    return value if type(value) is tuple and len(value) == len(elements) else None


def dumps_code(code, codes, tree) -> bytes:
    """``code`` marshalled for a worker (``codes``: it and the code objects inside it; ``tree``: the
    syntax tree it was compiled from, or a thunk that parses it): with the order its constant set
    displays were written in, when it holds frozenset constants. The tree is asked for only then."""
    holding = [co for co in codes if any(type(const) is frozenset for const in co.co_consts)]
    if holding:
        try:
            orders = constant_orders(holding, tree() if callable(tree) else tree)
        except Exception:  # noqa: BLE001 -- it compiled; a parse that fails here (depth) leaves marshal's order
            orders = ()
        if orders:
            return marshal.dumps((code, orders))
    return marshal.dumps(code)


def loads_code(payload: bytes):
    """The code object ``dumps_code`` wrote, its frozenset constants rebuilt in the order written."""
    loaded = marshal.loads(payload)
    return with_display_orders(*loaded) if type(loaded) is tuple else loaded


def with_display_orders(code, orders: tuple):
    """``code`` with each frozenset constant rebuilt from the display in ``orders`` that holds the
    same constants (one per constant, see constant_orders), nested code objects included;
    ``code`` itself when nothing changes."""
    try:
        table = {}
        for elements in orders:
            if type(elements) is tuple:
                try:
                    table.setdefault(constant_key(frozenset(elements)), elements)
                except TypeError:  # unhashable: no display of constants
                    continue
        return _rebuilt(code, table) if table else code
    except Exception:  # noqa: BLE001 -- the worker must run the code whatever: marshal's order then
        return code


def _as_compiled(elements: tuple) -> frozenset:
    """The frozenset constant the compiler makes of a display of ``elements``: built from them in
    the order written, then built again from its own iteration order when the constant is merged
    into the compiler's cache (``merge_consts_recursive`` in CPython 3.11's compile.c). A single
    build iterated ``{10, 2, 18}`` as [18, 10, 2]; the compiler's constant iterates as [2, 18, 10]."""
    return frozenset(tuple(frozenset(elements)))


def _as_compiled_from(elements: tuple, constant: frozenset) -> frozenset:
    """``_as_compiled(elements)`` made of ``constant``'s own element objects: the same hashes
    inserted in the same order, so the same table. Equal elements of other types (``True``, ``1``,
    ``1.0``) are one element, as in any set: each is looked up by equality."""
    own = {item: item for item in constant}
    return frozenset(tuple(own[item] for item in frozenset(elements)))


def _rebuilt(code, table):
    consts, changed = [], False
    for const in code.co_consts:
        kind = type(const)
        if kind is frozenset:
            elements = table.get(constant_key(const))
            if elements is not None:
                # The constant's own element objects, in the display's order: the compiler shares
                # one object between an element and an equal constant elsewhere (``t = 1.5`` beside
                # ``{1.5, 2.5, 3.5}``), and marshal keeps that; ``is`` must hold as in plain Python
                # (red team 33).
                const, changed = _as_compiled_from(elements, const), True
        elif kind is types.CodeType:
            inner = _rebuilt(const, table)
            if inner is not const:
                const, changed = inner, True
        consts.append(const)
    return code.replace(co_consts=tuple(consts)) if changed else code
