"""Text whose compiling or parsing would cost the parent more than linear time, refused first.

The parent compiles every program and parses every argument list and answer before a worker sees
them, in its own time: nothing bounds it but the text's length (100,000 characters). CPython's
compiler and ``ast.literal_eval`` are linear on ordinary text, and quadratic on three shapes a
hostile writer can choose (the twenty-sixth session's red teams A and F: 1 to 4 s of parent CPU
on one 100,000-character text, against 0.06 s for ordinary text of that length):

* **Many scopes.** Functions, lambdas, classes and comprehensions each become a code object, and
  code objects that differ only in their line number hash alike, so the compiler's table that
  merges equal constants degrades: 11,000 ``lambda:0`` lines took 2.9 s. At most ``MAX_SCOPES``.
* **Deeply nested scopes.** Each nested function's qualified name repeats its parents' names, so a
  chain of nested lambdas costs its depth squared (2,800 deep: 1 s). At most ``MAX_SCOPE_DEPTH``.
* **Constants that share one hash.** ``hash(x + yj) == hash(x) + 1000003 * hash(y)``, integers
  hash modulo 2**61 - 1, and a tuple's hash is a public, invertible function of its elements'
  (``(k, b)`` with ``b`` solved for: any number of pairs with one hash), so a writer can make
  thousands of distinct constants with one hash; every table keyed by them (the compiler's
  constants, a set or dict display, our own merging of equal constants) then compares each with
  all before it. At most ``MAX_EQUAL_HASHES`` distinct constants may share one hash. (Strings and
  bytes hash with a secret seed: no one can choose their collisions.)

Only text that could hold these shapes in harmful numbers is parsed for them (a program longer
than ``SCAN_PROGRAM_CHARS``, or longer than ``SHORT_PROGRAM_CHARS`` with more than
``SCAN_SCOPE_WORDS`` scope keywords; a literal longer than ``SCAN_LITERAL_CHARS``); below those,
the worst case costs milliseconds, and a short program costs one ``len``. Every function
here takes untrusted text, never raises, and returns a one-line reason or None.
"""
from __future__ import annotations

import ast
from collections import Counter

COSTLY = "too costly to compile: "  # how compile_source's refusals for cost begin
MAX_SCOPES = 1_000  # 1,000 sibling lambdas compile in about 25 ms; 4,000 in 310 ms
MAX_SCOPE_DEPTH = 100  # a chain of 100 nested lambdas compiles in 1 ms; 800 in 80 ms
MAX_EQUAL_HASHES = 64
SHORT_PROGRAM_CHARS = 2_000  # at worst 285 nested lambdas: 8 ms (most programs are shorter: no count at all)
SCAN_PROGRAM_CHARS = 20_000
SCAN_SCOPE_WORDS = 200  # "lambda", "def", "class", "for" (comprehensions) in the text, wherever they are
SCAN_LITERAL_CHARS = 4_000

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_NUMBERS = (int, float, complex)


def program_cost_problem(source: str) -> str | None:
    """Why compiling ``source`` (a program) would cost the parent too much, or None.

    >>> program_cost_problem("def f(a):\\n    return [x for x in a]") is None
    True
    >>> program_cost_problem("f = " + "lambda: " * 250 + "0")
    'program nests 250 functions, lambdas, classes or comprehensions (at most 100)'
    """
    size = len(source)
    if size <= SHORT_PROGRAM_CHARS or (
            size <= SCAN_PROGRAM_CHARS and sum(map(source.count, ("lambda", "def", "class", "for"))) <= SCAN_SCOPE_WORDS):
        return None
    tree = _parsed(source, "exec")
    if tree is None:
        return None  # the compiler says why, as fast as it fails
    scopes, depth, constants = _shape(tree)
    if scopes > MAX_SCOPES:
        return f"program has {scopes} functions, lambdas, classes and comprehensions (at most {MAX_SCOPES})"
    if depth > MAX_SCOPE_DEPTH:
        return f"program nests {depth} functions, lambdas, classes or comprehensions (at most {MAX_SCOPE_DEPTH})"
    return equal_hashes_problem(constants)


def literal_cost_problem(source: str, mode: str = "eval") -> str | None:
    """Why parsing ``source`` (argument text wrapped as a call, or one literal) would cost the
    parent too much, or None: only constants sharing one hash do (literal displays nest no scopes).

    >>> literal_cost_problem("[1, 2, 3]") is None
    True
    >>> literal_cost_problem(repr({complex(-1_000_003 * k, k) for k in range(1, 1_000)}))
    'text holds 999 distinct constants that share one hash (at most 64)'
    """
    if len(source) <= SCAN_LITERAL_CHARS:
        return None
    tree = _parsed(source.strip(), mode)  # (as literal_eval reads it: leading spaces are no indent)
    if tree is None:
        return None
    return equal_hashes_problem(_shape(tree)[2])


def equal_hashes_problem(constants: dict) -> str | None:
    """Why ``constants`` (distinct constant -> its hash, as ``_shape`` gathers them) would make
    hash tables quadratic: more than ``MAX_EQUAL_HASHES`` distinct ones share one hash."""
    if len(constants) <= MAX_EQUAL_HASHES:
        return None
    worst = max(Counter(constants.values()).values())
    if worst > MAX_EQUAL_HASHES:
        return f"text holds {worst} distinct constants that share one hash (at most {MAX_EQUAL_HASHES})"
    return None


def _number_key(number) -> tuple:
    # A key equal for equal numbers of one type, whose hash no writer chooses: text (seeded
    # hashes), written in hex (linear in the number's size, with no limit on digits).
    kind = type(number)
    if kind is complex:
        return (kind, number.real.hex(), number.imag.hex())
    if kind is float:
        return (kind, number.hex())
    return (kind, hex(number))


def _parsed(source: str, mode: str):
    try:
        return ast.parse(source, "<text>", mode)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return None


def _shape(tree) -> tuple[int, int, dict]:
    """(scopes, deepest nesting of scopes, constants) of a syntax tree. The constants are the
    distinct hashable values the compiler or ``ast.literal_eval`` makes of it, each with its hash:
    numbers, the arithmetic on them that the compiler folds (``3 * (2**61 - 1)``) or the literal
    parser reads as one number (``-5 + 2j``), and tuples of constants. Walked with a stack: a
    recursive walk would fail on the deep trees it is looking for."""
    scopes = deepest = 0
    constants = _Constants()
    stack = [(tree, 0)]
    pop, push, children = stack.pop, stack.append, ast.iter_child_nodes
    while stack:
        node, depth = pop()
        kind = type(node)
        if kind is ast.BinOp or kind is ast.UnaryOp or kind is ast.Constant or kind is ast.Tuple:
            if constants.value(node) is not None:
                continue  # (its parts were counted with it)
        elif isinstance(node, _SCOPES):
            scopes += 1
            depth += 1
            deepest = max(deepest, depth)
        for child in children(node):
            push((child, depth))
    return scopes, deepest, constants.hashes


class _Constants:
    """The constants of a tree, each counted once with its hash. A tuple's hash is worked out from
    its elements' hashes as CPython's ``tuplehash`` does (xxHash's rounds), and its identity from
    its elements' identities, both once per node: hashing a nested tuple again at every level
    would cost its depth times its size, the very cost this module refuses."""

    def __init__(self):
        self.ids: dict = {}  # key (whose hash no writer chooses) -> number
        self.hashes: dict = {}  # number -> the constant's hash
        self.seen: dict = {}  # id(node) -> (hash, number) or None

    def value(self, node, depth: int = 0):
        """(hash, number) of the constant ``node`` denotes, or None when it is none."""
        known = self.seen.get(id(node), _UNSEEN)
        if known is not _UNSEEN:
            return known
        result = None
        if type(node) is ast.Tuple:
            if depth <= 250:  # (the parser nests at most 200 brackets)
                parts = [self.value(item, depth + 1) for item in node.elts]
                if None not in parts:
                    result = self._count((tuple, tuple(number for _, number in parts)),
                                         _tuple_hash([h for h, _ in parts]))
        elif type(node) is ast.Constant and type(node.value) in _PLAIN:
            value = node.value
            result = self._count(_number_key(value) if type(value) in _NUMBERS else (type(value), value), hash(value))
        else:
            number = _folded(node)
            if number is not None:
                result = self._count(_number_key(number), hash(number))
        self.seen[id(node)] = result
        return result

    def _count(self, key, hashed):
        number = self.ids.setdefault(key, len(self.ids))
        self.hashes[number] = hashed
        return hashed, number


_UNSEEN = object()
_PLAIN = (int, float, complex, str, bytes, bool, type(None), type(Ellipsis))
_MASK = (1 << 64) - 1
_XXPRIME_1, _XXPRIME_2, _XXPRIME_5 = 11400714785074694791, 14029467366897019727, 2870177450012600261


def _tuple_hash(lanes) -> int:
    """``hash(t)`` of a tuple whose elements hash to ``lanes`` (CPython 3.8+'s tuplehash, 64-bit)."""
    acc = _XXPRIME_5
    for lane in lanes:
        acc = (acc + (lane & _MASK) * _XXPRIME_2) & _MASK
        acc = ((acc << 31) | (acc >> 33)) & _MASK
        acc = (acc * _XXPRIME_1) & _MASK
    acc = (acc + (len(lanes) ^ (_XXPRIME_5 ^ 3527539))) & _MASK
    if acc == _MASK:
        return 1546275796
    return acc - (1 << 64) if acc >> 63 else acc


_MAX_FOLDED_BITS = 512  # (CPython folds integer arithmetic up to results of a few thousand bits)


def _folded(node, depth: int = 0):
    """The number an arithmetic expression of numeric constants comes to, as the compiler folds
    it; None for anything else, or for results past _MAX_FOLDED_BITS (which the compiler leaves
    to run time, or which are few: each costs its text). Never raises."""
    kind = type(node)
    if kind is ast.Constant:
        return node.value if type(node.value) in _NUMBERS else None
    if depth > 20:
        return None
    try:
        if kind is ast.UnaryOp and type(node.op) in _UNARY:
            operand = _folded(node.operand, depth + 1)
            return None if operand is None else _small(_UNARY[type(node.op)](operand))
        if kind is ast.BinOp and type(node.op) in _BINARY:
            left = _folded(node.left, depth + 1)
            right = None if left is None else _folded(node.right, depth + 1)
            if right is None or not _small(left) or not _small(right):
                return None
            op = type(node.op)
            if op is ast.Pow or op is ast.LShift:  # sizes checked before the work, not after
                if type(right) is not int or not 0 <= right <= _MAX_FOLDED_BITS:
                    return None
                if op is ast.Pow and type(left) is int and abs(left).bit_length() * right > _MAX_FOLDED_BITS:
                    return None
            return _small(_BINARY[op](left, right))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return None


def _small(value):
    if type(value) is int and value.bit_length() > _MAX_FOLDED_BITS:
        return None
    return value if type(value) in _NUMBERS else None


_UNARY = {ast.USub: lambda a: -a, ast.UAdd: lambda a: +a, ast.Invert: lambda a: ~a}
_BINARY = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b, ast.Pow: lambda a, b: a ** b,
    ast.LShift: lambda a, b: a << b, ast.RShift: lambda a, b: a >> b, ast.BitAnd: lambda a, b: a & b,
    ast.BitOr: lambda a, b: a | b, ast.BitXor: lambda a, b: a ^ b, ast.Div: lambda a, b: a / b,
}
