"""Text whose compiling or parsing would cost the parent more than linear time, refused first.

The parent compiles every program and parses every argument list and answer before a worker sees
them, in its own time: nothing bounds it but the text's length (100,000 characters). CPython's
compiler and ``ast.literal_eval`` are linear on ordinary text, and quadratic or worse on shapes a
hostile writer can choose (the twenty-sixth session's red teams A, F and G, the twenty-seventh's
L: 1 to 8 s of parent CPU on one 100,000-character text, against 0.06 s for ordinary text of that
length, and 2 s on 2,600 characters):

* **Many scopes.** Functions, lambdas, classes and comprehensions each become a code object, and
  code objects that differ only in their line number hash alike, so the compiler's table that
  merges equal constants degrades: 11,000 ``lambda:0`` lines took 2.9 s. At most ``MAX_SCOPES``,
  counting each class pattern in a ``match`` and each value pattern that reads an attribute,
  which the screen's rewrite looks up through a lambda of its own.
* **Deeply nested scopes.** Each nested function's qualified name repeats its parents' names, so a
  chain of nested lambdas costs its depth squared (2,800 deep: 1 s). At most ``MAX_SCOPE_DEPTH``.
* **Constants that share one hash.** ``hash(x + yj) == hash(x) + 1000003 * hash(y)``, integers
  hash modulo 2**61 - 1, and a tuple's hash is a public, invertible function of its elements'
  (``(k, b)`` with ``b`` solved for: any number of pairs with one hash), so a writer can make
  thousands of distinct constants with one hash; every table keyed by them (the compiler's
  constants, a set or dict display, our own merging of equal constants) then compares each with
  all before it. At most ``MAX_EQUAL_HASHES`` distinct constants may share one hash. (Strings and
  bytes hash with a secret seed: no one can choose their collisions.)
* **Large folded constants.** The compiler folds ``(1, 2) * 128`` into one tuple and merges equal
  constants item by item, a nested tuple's once per level: at most ``MAX_CONSTANT_WEIGHT`` items.
* **Sums of constant sequences.** The compiler folds ``'x' * 4096 + 'x' * 4096 + ...`` (and bytes
  and tuples alike) link by link, making the whole sum so far at every ``+`` and keeping each to
  the end of the compile: 700 links of 9 characters made 965 MB in 0.5 s. At most
  ``MAX_FOLDED_BYTES`` made by folds, counted even in short programs where two counts of the text
  cannot rule them out.
* **Names compared pairwise.** A call's (or a class pattern's) keyword names, and the names a case
  pattern binds: at most ``MAX_KEYWORDS`` and ``MAX_PATTERN_CAPTURES``.
* **Finally bodies.** Each is emitted once per way out of its try (normal, exceptional, every
  ``return``, ``break`` and ``continue``), and one inside another's finally body doubles with each
  level: at most ``MAX_EMITTED_STATEMENTS`` statements emitted in all.
* **Fields of one f-string.** CPython 3.11's parser finds each by scanning the f-string from its
  start: at most ``MAX_FSTRING_FIELDS``, counted with the tokenizer before anything parses it.

Only text that could hold these shapes in harmful numbers is parsed for them (a program longer
than ``SCAN_PROGRAM_CHARS``, or longer than ``SHORT_PROGRAM_CHARS`` with more than
``SCAN_SCOPE_WORDS`` scope keywords, or with two ``finally`` at any length; a literal longer than
``SCAN_LITERAL_CHARS``; an f-string wherever the text holds more braces than one may have
fields); below those, the worst case costs milliseconds, and a short program costs a few
``count`` calls. Every function here takes untrusted text, never raises, and returns a one-line
reason or None.
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
import threading
import tokenize
from collections import Counter
from typing import NamedTuple

COSTLY = "too costly to compile: "  # how compile_source's refusals for cost begin
MAX_SCOPES = 1_000  # 1,000 sibling lambdas compile in about 25 ms; 4,000 in 310 ms
MAX_SCOPE_DEPTH = 100  # a chain of 100 nested lambdas compiles in 1 ms; 800 in 80 ms
MAX_EQUAL_HASHES = 64
MAX_CONSTANT_WEIGHT = 200_000  # 1.28 million (5,000 folds of 256 floats) compiled in 3 s
MAX_KEYWORDS = 1_000  # one call's keyword names are compared pairwise: 16,500 took 1.3 s; 1,000, 5 ms
MAX_PATTERN_CAPTURES = 500  # a case pattern's captures are rotated into place pairwise: 6,000 took 2.6 s
MAX_FSTRING_FIELDS = 1_000  # CPython 3.11 scans an f-string from its start for every field: 33,000 took 0.6 s
MAX_EMITTED_STATEMENTS = 50_000  # statements the compiler emits, finally bodies counted once per copy
MAX_FOLDED_BYTES = 32 << 20  # what the compiler's folds of strings, bytes and tuples make (kept to the end)
SHORT_PROGRAM_CHARS = 2_000  # at worst 285 nested lambdas: 8 ms (most programs are shorter: no count at all)
SCAN_PROGRAM_CHARS = 5_000  # (a fold such as ((.5, .5, i),) * 256 makes 20 characters 256 items)
SCAN_SCOPE_WORDS = 200  # "lambda", "def", "class", "for" (comprehensions), "case" in the text, wherever they are
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
    fields = fstring_problem(source)  # (before any parse: the parser itself is what costs)
    if fields is not None:
        return fields
    # try/finally is the one shape whose cost grows faster than its text at any length: each
    # finally body is emitted once per way out of its try, and one nested in another doubles.
    finallies = source.count("finally") >= 2
    if not finallies and _folds_bound(source) <= MAX_FOLDED_BYTES and (size <= SHORT_PROGRAM_CHARS or (
            size <= SCAN_PROGRAM_CHARS and sum(map(source.count, ("lambda", "def", "class", "for", "case"))) <= SCAN_SCOPE_WORDS)):
        return None
    tree = parsed_program(source)
    if tree is None:
        return None  # the compiler says why, as fast as it fails
    shape = _shape(tree)
    if shape.scopes > MAX_SCOPES:
        return (f"program has {shape.scopes} functions, lambdas, classes, comprehensions and class or value "
                f"patterns (each a lambda of the screen's; at most {MAX_SCOPES})")
    if shape.depth > MAX_SCOPE_DEPTH:
        return (f"program nests {shape.depth} functions, lambdas, classes or comprehensions "
                f"(at most {MAX_SCOPE_DEPTH})")
    if shape.keywords > MAX_KEYWORDS:
        return f"a call or class pattern in the program names {shape.keywords} keywords (at most {MAX_KEYWORDS})"
    if shape.captures > MAX_PATTERN_CAPTURES:
        return f"a case pattern in the program binds {shape.captures} names (at most {MAX_PATTERN_CAPTURES})"
    emitted = emitted_statements(tree.body)
    if emitted > MAX_EMITTED_STATEMENTS:
        return (f"the compiler would emit {emitted} statements for the program, copying each finally body once "
                f"for every way out of its try (at most {MAX_EMITTED_STATEMENTS})")
    constants = shape.constants
    if constants.folded > MAX_FOLDED_BYTES:
        return (f"the compiler's folds of the program's constant sums and products would make "
                f"{-(-constants.folded >> 20)} MiB of strings, bytes and tuples (at most {MAX_FOLDED_BYTES >> 20} MiB)")
    if constants.weight > MAX_CONSTANT_WEIGHT:
        return (f"program's constants hold {constants.weight} items for the compiler to merge, counting a nested "
                f"tuple's once per level and folds such as (1,) * 256 at their size (at most {MAX_CONSTANT_WEIGHT})")
    return equal_hashes_problem(constants.hashes)


def _folds_bound(source: str) -> int:
    """An upper bound, from two counts, on the bytes the compiler's folds of sequences make.

    Only a sum folds without limit (``'x' * 4096 + 'x' * 4096 + ...``: each ``+`` of a chain
    builds the whole sum so far), and what it sums comes from the text's own constants and from
    products, each at most 4,096 characters of up to 4 bytes (a tuple product, 256 items of 8).
    So each ``+`` makes at most all of that once."""
    stars = source.count("*")
    return source.count("+") * (_ITEM_BYTES * len(source) + 4_096 * _CHAR_BYTES * stars)


def fstring_problem(source: str) -> str | None:
    """Why parsing ``source`` would cost quadratic time in its f-strings, or None: CPython 3.11's
    parser finds each replacement field by scanning the f-string from its start, so one f-string
    of 33,000 fields (99,000 characters) took 0.6 s to parse, in the parent, before anything
    else could look at it. Read with the tokenizer (linear: it takes an f-string as one token),
    and only when the text holds more braces than one f-string may have fields.

    >>> fstring_problem('x = f"{a}" * 2') is None
    True
    >>> fstring_problem('x = f"' + '{a}' * 1_500 + '"')
    'an f-string holds 1500 replacement fields (at most 1000)'
    """
    if source.count("{") <= MAX_FSTRING_FIELDS or _FSTRING_START.search(source) is None:
        return None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING:
                text = token.string
                prefix = text[:len(text) - len(text.lstrip("rRbBuUfF"))]
                fields = text.count("{") - 2 * text.count("{{") if "f" in prefix or "F" in prefix else 0
                if fields > MAX_FSTRING_FIELDS:
                    return f"an f-string holds {fields} replacement fields (at most {MAX_FSTRING_FIELDS})"
    except (tokenize.TokenError, SyntaxError, ValueError, MemoryError, RecursionError):
        # The compiler would stop at the same place, but only after parsing what comes before it.
        return f"text does not tokenize and holds {source.count('{')} braces (at most {MAX_FSTRING_FIELDS})"
    return None


def emitted_statements(body) -> int:
    """How many statements the compiler emits for ``body``: each once, except a finally body,
    which it emits on the normal way out of its try, on the exceptional one, and again at every
    ``return``, ``break`` or ``continue`` that leaves the try through it (a nested function's
    body counts where it stands: a def in a finally body is compiled once per copy). A finally
    nested 18 deep in finally bodies, 2,600 characters, emitted its innermost 2**18 times: 2.1 s
    and 0.8 GB. Overcounts exits (a ``break`` of a loop inside the try), never undercounts.
    One walk, bottom-up: counting each try's exits by walking everything below it again cost
    depth times size (99 nested tries around 44,000 statements: 2 s, red team 27M)."""
    return _emitted(body, 0)[0]


def _emitted(body, depth: int) -> tuple[int, int]:
    # (statements emitted for ``body``, its exits: returns, breaks and continues outside nested scopes)
    if depth > 200:  # (the parser nests at most 100 blocks; this is no program)
        return MAX_EMITTED_STATEMENTS + 1, 0
    total = exits = 0
    for statement in body:
        total += 1
        kind = type(statement)
        if kind is ast.Return or kind is ast.Break or kind is ast.Continue:
            exits += 1
            continue
        if kind is ast.Try or kind is _TRY_STAR:
            inner_total = inner_exits = 0
            for part in (statement.body, statement.orelse, *(handler.body for handler in statement.handlers)):
                emitted, left = _emitted(part, depth + 1)
                inner_total, inner_exits = inner_total + emitted, inner_exits + left
            total += inner_total
            exits += inner_exits
            if statement.finalbody:
                emitted, left = _emitted(statement.finalbody, depth + 1)
                total += (2 + inner_exits) * emitted
                exits += left
        else:
            scope = kind in _STATEMENT_SCOPES  # (a nested def's returns leave only it)
            parts = [getattr(statement, field, None) for field in _BODIES]
            parts += [case.body for case in getattr(statement, "cases", ())]
            for part in parts:
                if part:
                    emitted, left = _emitted(part, depth + 1)
                    total += emitted
                    exits += 0 if scope else left
        if total > MAX_EMITTED_STATEMENTS:
            break
    return total, exits


_BODIES = ("body", "orelse", "finalbody")
_STATEMENT_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


# Where an f-string could begin (a prefix with f, no letter or digit before it): text without one
# holds none, and is not tokenized (0.07 s for 100,000 characters of dict displays).
_FSTRING_START = re.compile(r"(?<![\w])(?:[rR]?[fF]|[fF][rR])['\"]")
_TRY_STAR = getattr(ast, "TryStar", ast.Try)  # (3.11's except*)


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
    fields = fstring_problem(source)  # (no literal holds one, but the parser reads it before it can say so)
    if fields is not None:
        return fields
    tree = _parsed(source.strip(), mode)  # (as literal_eval reads it: leading spaces are no indent)
    if tree is None:
        return None
    return equal_hashes_problem(_shape(tree, folds=False).constants.hashes)


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


def parsed_program(source: str):
    """``ast.parse(source)`` as a program, or None where it does not parse. Inside
    ``sharing_parses()`` the last tree is kept for the next call with the very same text: the
    screen reads a program's tree (for a main block) right after the cost check has parsed it,
    and a second parse of 100,000 characters of dense statements cost 0.13 s (red team 27M).
    Callers only read the tree."""
    if not getattr(_SHARED, "on", False):
        return _parsed(source, "exec")
    last = _SHARED.last
    if last is not None and last[0] is source:
        return last[1]
    tree = _parsed(source, "exec")
    _SHARED.last = (source, tree)
    return tree


@contextlib.contextmanager
def sharing_parses():
    """Within it, ``parsed_program`` shares one parse of a text among its callers (in this thread;
    the tree is let go at the end, not held in the parent between programs)."""
    _SHARED.on, _SHARED.last = True, None
    try:
        yield
    finally:
        _SHARED.on, _SHARED.last = False, None


_SHARED = threading.local()


def _parsed(source: str, mode: str):
    try:
        return ast.parse(source, "<text>", mode)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return None


class _Shape(NamedTuple):
    scopes: int
    depth: int  # the deepest nesting of scopes
    keywords: int  # the most keyword names in one call, class definition or class pattern
    captures: int  # the most names one case pattern binds
    constants: "_Constants"


def _shape(tree, folds: bool = True) -> _Shape:
    """The counts of a syntax tree that ``program_cost_problem`` bounds. The constants are the
    distinct hashable values the compiler or ``ast.literal_eval`` makes of it, each with its hash:
    numbers, the arithmetic on them that the compiler folds (``3 * (2**61 - 1)``) or the literal
    parser reads as one number (``-5 + 2j``), and tuples of constants. Walked with a stack: a
    recursive walk would fail on the deep trees it is looking for. ``folds`` False: text no
    compiler folds (a literal), whose sums need no bound."""
    scopes = deepest = keywords = captures = 0
    constants = _Constants()
    stack = [(tree, 0)]
    pop, push, children = stack.pop, stack.append, ast.iter_child_nodes
    while stack:
        node, depth = pop()
        kind = type(node)
        if constants.weight > MAX_CONSTANT_WEIGHT or constants.folded > MAX_FOLDED_BYTES:
            break  # (refused whatever else the tree holds: no need to work out more hashes)
        if folds and kind in _FOLDABLE:
            constants.fold_bound(node)  # (each node once: what it holds is known after its first)
        if kind is ast.BinOp or kind is ast.UnaryOp or kind is ast.Constant or kind is ast.Tuple:
            if constants.outermost(node) is not None:
                continue  # (its parts were counted with it)
        elif kind is ast.Compare:
            for op, right in zip(node.ops, node.comparators):
                if type(op) in (ast.In, ast.NotIn) and type(right) is ast.List:
                    constants.outermost(right, as_tuple=True)  # (``x in [1, 2]``: the compiler makes a tuple)
        elif (kind is ast.For or kind is ast.comprehension) and type(node.iter) is ast.List:
            constants.outermost(node.iter, as_tuple=True)
        elif kind is ast.Call:
            keywords = max(keywords, len(node.keywords))
        elif kind is ast.MatchClass:
            keywords = max(keywords, len(node.kwd_attrs))
        elif kind is ast.match_case:
            captures = max(captures, sum(1 for part in ast.walk(node.pattern)
                                         if type(part) in (ast.MatchAs, ast.MatchStar) and part.name))
        if kind is ast.MatchClass or (kind is ast.MatchValue and type(node.value) is ast.Attribute):
            # The screen's rewrite looks each class (and each attribute a value pattern reads) up
            # through a lambda of its own, hoisted out of the match: 8,000 alternatives of one
            # or-pattern, 32,000 characters, compiled 8,000 lambdas in 2.5 s (red team 28Y).
            scopes += 1
        if isinstance(node, _SCOPES):
            scopes += 1
            depth += 1
            deepest = max(deepest, depth)
            if kind is ast.ClassDef:
                keywords = max(keywords, len(node.keywords))
        for child in children(node):
            push((child, depth))
    return _Shape(scopes, deepest, keywords, captures, constants)


class _Const(NamedTuple):
    hash: int | None  # None: too large to work out (its size is counted, see _Constants.weight)
    number: int  # its identity among the tree's constants
    kind: type
    length: int  # items (a tuple), characters (str, bytes), else 1
    lanes: tuple | None = None  # a small tuple's elements' hashes and identities, to fold further
    parts: tuple | None = None
    text: object = None  # a small str's or bytes' value, to fold further


class _Constants:
    """The constants of a tree, each counted once with its hash, as the compiler will make them:
    displays, and the folds of its AST optimizer (arithmetic on numbers, ``tuple * n``,
    ``tuple + tuple``, ``str * n``, ``str + str``, and a list after ``in`` or in a ``for``, which
    becomes a tuple). A tuple's hash is worked out from its elements' hashes as CPython's
    ``tuplehash`` does (xxHash's rounds), and its identity from its elements' identities, both
    once per node: hashing a nested tuple again at every level would cost its depth times its
    size, the very cost this module refuses. ``weight`` adds up what the compiler's merging of
    equal constants walks: every item of every tuple constant, a nested tuple's once for each
    level that holds it (a string is hashed once, in linear time: it weighs nothing)."""

    def __init__(self):
        self.ids: dict = {}  # key (whose hash no writer chooses) -> number
        self.hashes: dict = {}  # number -> the constant's hash
        self.seen: dict = {}  # id(node) -> _Const or None
        self.weights: dict = {}  # id(node) -> the weight of the constant it makes
        self.weight = 0
        self.folded = 0  # bytes the compiler's folds of sums copy, at most (see fold_bound)
        self.bounds: dict = {}  # id(node) -> bytes of the constant it can fold to, at most (None: none)
        self.numbers: dict = {}  # id(node) -> the number it folds to, or None (see _folded)

    def value(self, node, depth: int = 0, as_tuple: bool = False):
        """The ``_Const`` that ``node`` denotes, or None when it is no constant."""
        known = self.seen.get(id(node), _UNSEEN)
        if known is not _UNSEEN:
            return known
        result = None
        kind = type(node)
        if kind is ast.Tuple or (as_tuple and kind is ast.List):
            if depth <= 250:  # (the parser nests at most 200 brackets)
                items = [self.value(item, depth + 1) for item in node.elts]
                if None not in items:
                    weight = len(items) + sum(self.weights.get(id(item), 0) for item in node.elts)
                    lanes = [i.hash for i in items]
                    result = self._tuple(node, None if None in lanes else lanes, [i.number for i in items], weight,
                                         len(items))
        elif kind is ast.Constant and type(node.value) in _PLAIN:
            value = node.value
            if type(value) in (str, bytes):
                result = self._count((type(value), value), hash(value), type(value), len(value), text=value)
            else:
                result = self._count(_number_key(value) if type(value) in _NUMBERS else (type(value), value),
                                     hash(value), type(value), 1)
        elif kind is ast.BinOp and depth <= 250:
            result = self._chain(node, depth)
        elif kind is ast.UnaryOp:
            result = self._number(node)
        self.seen[id(node)] = result
        return result

    def _chain(self, node, depth):
        # A left-deep chain (``a + b + c + ...``) needs no brackets: it parses, and the compiler
        # folds it, as deep as the compiler's recursion allows (about 3,000 links). Walked down its
        # left side without recursion and folded upward; its right operands recurse as before.
        # (A depth limit on the whole walk stopped at 250 links, and the chain's constants, and
        # its folds, went uncounted: red team 28A.)
        spine = [node]
        below = node.left
        while type(below) is ast.BinOp and id(below) not in self.seen:
            spine.append(below)
            below = below.left
        self.value(below, depth + 1)
        for link in reversed(spine[1:]):
            self.seen[id(link)] = self._link(link, depth)
        return self._link(node, depth)

    def _link(self, node, depth):
        result = self._sequence_fold(node, depth) if type(node.op) in (ast.Mult, ast.Add) else None
        return self._number(node) if result is None else result

    def _number(self, node):
        number = _folded(node, self.numbers)
        return None if number is None else self._count(_number_key(number), hash(number), type(number), 1)

    def _sequence_fold(self, node, depth):
        # ``tuple * n``, ``tuple + tuple``, ``str * n``, ``str + str`` as the compiler folds them
        # (ast_opt.c: a tuple product of at most 256 items, a string product of at most 4,096;
        # a sum of any size; what the sums make is bounded apart, see fold_bound).
        left_node, right_node = node.left, node.right
        left, right = self.value(left_node, depth + 1), self.value(right_node, depth + 1)
        if left is None or right is None:
            return None
        if type(node.op) is ast.Mult:
            if left.kind is int and right.kind in _SEQUENCES:
                left, right, left_node, right_node = right, left, right_node, left_node
            if right.kind is not int or left.kind not in _SEQUENCES:
                return None
            times = _folded(right_node, self.numbers)
            limit = 256 if left.kind is tuple else 4096
            if type(times) is not int or times < 0 or (left.length and times > limit // left.length):
                return None
            if left.kind is tuple:  # (n copies of each item: n times the items' weight)
                known = left.lanes is not None
                return self._tuple(node, left.lanes * times if known else None, left.parts * times if known else None,
                                   self.weights.get(id(left_node), 0) * times, left.length * times)
            if left.text is None:
                return None
            return self._text(node, left.kind, left.text * times)
        if left.kind is not right.kind or left.kind not in _SEQUENCES:
            return None
        if left.kind is tuple:
            known = left.lanes is not None and right.lanes is not None
            return self._tuple(node, left.lanes + right.lanes if known else None,
                               left.parts + right.parts if known else None,
                               self.weights.get(id(left_node), 0) + self.weights.get(id(right_node), 0),
                               left.length + right.length)
        length = left.length + right.length
        known = left.text is not None and right.text is not None and length <= _LARGEST_KEPT
        return self._text(node, left.kind, left.text + right.text if known else None, length)

    def _tuple(self, node, lanes, parts, weight, length):
        # A tuple constant: its hash from its elements' (while small enough to work out), its
        # identity from theirs, its weight kept for what holds it (see outermost).
        self.weights[id(node)] = weight
        if lanes is None or length > _LARGEST_KEPT:
            number = len(self.ids)
            self.ids[("unhashed", number)] = number  # (too large to hash here: its weight counts)
            return _Const(None, number, tuple, length)
        return self._count((tuple, tuple(parts)), _tuple_hash(lanes), tuple, length, tuple(lanes), tuple(parts))

    def _text(self, node, kind, text, length=None):
        # (No weight: merging strings hashes each once, linear in their size; 7,000 folds of 4,096
        # characters, 110,000 characters of program, compile in 0.05 s.) ``text`` None: too
        # long to keep, known by its length alone.
        length = len(text) if text is not None else length
        self.weights[id(node)] = 0
        if text is None:
            number = len(self.ids)
            self.ids[("unhashed", number)] = number  # (a string's hash is seeded: no one chooses its collisions)
            return _Const(None, number, kind, length)
        return self._count((kind, text), hash(text), kind, length, text=text)

    def fold_bound(self, root):
        """Bytes, at most, of the constant the compiler could fold ``root`` to (None where it folds
        to none: a name, a call ...), adding to ``folded`` what each sum below it copies.

        The compiler folds ``str + str`` (bytes, tuples) with no limit, making the whole sum so
        far at every ``+`` of a chain and keeping each to the end of the compile: 700 links of
        ``'x' * 4096`` made 965 MB in 0.5 s (red team 28A). Bounded from the tree's shape alone,
        never from the values (any term the value model could not work out, such as
        ``'x' * (4096 + 0)`` or ``('x' * 4096,)[0]``, which the compiler folds all the same, was a
        gap: 400 MB from 7,000 characters, red team 28Q): a constant its size; a product of a
        sequence and a number its size times the number, at most 4,096 characters of 4 bytes
        more than the sequence (the compiler folds no longer product), and of numbers nothing; a
        sum, a subscript or any other operation at most its operands together. Post
        order (chains and subscripts nest without brackets), each node once."""
        return _post_order(root, self.bounds, _fold_operands, self._bound)

    def _bound(self, node, sizes):
        kind = type(node)
        if kind is ast.Constant:
            value = node.value
            return len(value) * _char_width(value) if type(value) in (str, bytes) else 0
        if kind is ast.Tuple:
            return _ITEM_BYTES * len(sizes) + sum(sizes)
        if kind is ast.BinOp:
            op = type(node.op)
            if op is ast.Add:
                self.folded += sizes[0] + sizes[1]  # (the copy this link makes)
                return sizes[0] + sizes[1]
            if op is ast.Mult:
                return self._product_bound(node, sizes)
        return sum(sizes)

    def _product_bound(self, node, sizes):
        # Numbers times numbers copy no sequence: charged 16 KiB each, 70 terms of
        # ``('a',) * 1 + ...`` or 80 of ``1*1 + 2*2 + ...`` were refused (the session's hunt).
        if not sizes[0] and not sizes[1]:
            return 0
        for size, times_node in ((sizes[0], node.right), (sizes[1], node.left)):
            times = _folded(times_node, self.numbers) if size else None
            if type(times) is int:
                return min(size * max(times, 0), size + _PRODUCT_BYTES)
        return sizes[0] + sizes[1] + _PRODUCT_BYTES

    def outermost(self, node, as_tuple: bool = False):
        """``value`` for a node no constant holds: its weight is added to the tree's (a nested
        tuple's and a fold's operands' weights are in it already, as the compiler merges only the
        constants it keeps)."""
        result = self.value(node, as_tuple=as_tuple)
        if result is not None:
            self.weight += self.weights.pop(id(node), 0)
        return result

    def _count(self, key, hashed, kind, length, lanes=None, parts=None, text=None):
        number = self.ids.setdefault(key, len(self.ids))
        if hashed is not None:
            self.hashes[number] = hashed
        return _Const(hashed, number, kind, length, lanes, parts, text)


_SEQUENCES = (tuple, str, bytes)
_PRODUCT_BYTES = 4_096 * 4  # the most a folded product makes: 4,096 characters of 4 bytes (256 items of 8 less)
_FOLDABLE = (ast.Constant, ast.Tuple, ast.BinOp, ast.UnaryOp, ast.Subscript, ast.Slice)


def _fold_operands(node):
    """The operands of a node the compiler may fold into a constant, or None for any other node."""
    kind = type(node)
    if kind not in _FOLDABLE:
        return None
    if kind is ast.Constant:
        return ()
    if kind is ast.Tuple:
        return node.elts
    if kind is ast.BinOp:
        return (node.left, node.right)
    if kind is ast.UnaryOp:
        return (node.operand,)
    if kind is ast.Subscript:
        return (node.value, node.slice)
    return tuple(part for part in (node.lower, node.upper, node.step) if part is not None)


def _char_width(text) -> int:
    """Bytes per character as CPython stores ``text`` (bytes: 1)."""
    if type(text) is not str or text.isascii():
        return 1
    widest = max(text)
    return 1 if widest <= "\xff" else 2 if widest <= "\uffff" else 4

_ITEM_BYTES = 8  # a tuple item: one pointer
_CHAR_BYTES = 4  # a character of a str, at most (UCS-4)
_LARGEST_KEPT = 4_096  # a larger folded constant is counted by its weight only (few fit in a text)


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


def _folded(root, memo: dict | None = None):
    """The number an arithmetic expression of numeric constants comes to, as the compiler folds
    it; None for anything else, or for results past _MAX_FOLDED_BITS (which the compiler leaves
    to run time, or which are few: each costs its text). Never raises. Post order with a stack,
    each node once (``memo``: id(node) -> its number or None, shared across calls): a chain of
    unary signs nests without brackets, and a walk that stopped at 20 levels left the colliding
    constants behind 22 minus signs uncounted, while the compiler folds them all (red team 28Q),
    and walked every chain's 20 levels again from each of its nodes (0.6 s on a literal of 650
    chains of 150 signs, red team 28N)."""
    memo = {} if memo is None else memo
    kind = type(root)
    if kind is ast.Constant or (kind is ast.UnaryOp and type(root.op) in _UNARY and type(root.operand) is ast.Constant):
        # (The common shapes, a number or a signed one, without the walk's bookkeeping: 33,000
        # arguments ``-0`` spent 0.35 s there.)
        known = memo.get(id(root), _UNSEEN)
        if known is _UNSEEN:
            known = memo[id(root)] = _fold_one(root, [] if kind is ast.Constant else [_fold_one(root.operand, [])])
        return known
    return _post_order(root, memo, _number_operands, _fold_one)


def _number_operands(node):
    kind = type(node)
    if kind is ast.Constant:
        return ()
    if kind is ast.UnaryOp and type(node.op) in _UNARY:
        return (node.operand,)
    if kind is ast.BinOp and type(node.op) in _BINARY:
        return (node.left, node.right)
    return None


def _post_order(root, memo: dict, operands_of, combine):
    """``combine(node, values of its operands)`` for ``root``, each node below it worked out
    first and once (``memo``: id(node) -> its value, kept across calls), with a stack instead of
    recursion. A node ``operands_of`` gives no operands for (None) is worth None, as is one with
    an operand worth None."""
    stack = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in memo:
            continue
        operands = operands_of(node)
        if operands is None:
            memo[id(node)] = None
        elif not ready:
            stack.append((node, True))
            stack.extend((operand, False) for operand in operands if id(operand) not in memo)
        else:
            values = [memo[id(operand)] for operand in operands]
            memo[id(node)] = None if None in values else combine(node, values)
    return memo[id(root)]


def _fold_one(node, values):
    if type(node) is ast.Constant:
        return node.value if type(node.value) in _NUMBERS or type(node.value) is bool else None
    try:
        if type(node) is ast.UnaryOp:
            return _small(_UNARY[type(node.op)](values[0]))
        left, right = values
        op = type(node.op)
        if op is ast.Pow or op is ast.LShift:  # sizes checked before the work, not after
            if type(right) is not int or not 0 <= right <= _MAX_FOLDED_BITS:
                return None
            if op is ast.Pow and type(left) is int and abs(left).bit_length() * right > _MAX_FOLDED_BITS:
                return None
        return _small(_BINARY[op](left, right))
    except (ArithmeticError, ValueError, TypeError):
        return None


def _small(value):
    if type(value) is int and value.bit_length() > _MAX_FOLDED_BITS:
        return None
    return value if type(value) in _NUMBERS or type(value) is bool else None


_UNARY = {ast.USub: lambda a: -a, ast.UAdd: lambda a: +a, ast.Invert: lambda a: ~a}
_BINARY = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b, ast.Pow: lambda a, b: a ** b,
    ast.LShift: lambda a, b: a << b, ast.RShift: lambda a, b: a >> b, ast.BitAnd: lambda a, b: a & b,
    ast.BitOr: lambda a, b: a | b, ast.BitXor: lambda a, b: a ^ b, ast.Div: lambda a, b: a / b,
}
