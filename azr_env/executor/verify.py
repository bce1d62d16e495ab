"""Answer checks that need no execution: solver answers are data, parsed, never evaluated."""
from __future__ import annotations

import ast
import collections
import re
import types

from .costs import SCAN_LITERAL_CHARS, literal_cost_problem
from .results import Verdict

MAX_LITERAL_CHARS = 100_000


class _ClaimedText:
    """What ``plain_text`` returns for an object whose class claims to be another (a ``__class__``
    property, which ``isinstance`` believes): not text, as the callers then see. Its class name is
    what their messages print ("expected text, got an object that may claim another class")."""

    __slots__ = ()

    def __repr__(self):
        return "<an object claiming a class it is not>"


_ClaimedText.__name__ = _ClaimedText.__qualname__ = "an object that may claim another class"


_CLAIMED_TEXT = _ClaimedText()


_TYPE_NAME = type.__dict__["__name__"].__get__  # (type's own getter: no metaclass property runs)


def type_name(value: object) -> str:
    """The name of ``value``'s class, read without running any of its code: a caller's class whose
    metaclass defines ``__name__`` as a property ran it in the parent, and could raise out of the
    API (the twentieth session's red team: ``check_output_prediction`` and ``check_answers``)."""
    return _TYPE_NAME(type(value))


def plain_text(value):
    """``value`` as an exact ``str`` when it is any str: a subclass's own ``__eq__``, ``__hash__`` or
    ``__len__`` never runs in the parent (they could raise, lie to a memo, or dodge a size cap).
    Anything else is returned as it is, for the caller to refuse, except an object whose class
    defines ``__class__`` or ``__getattribute__`` (which can answer ``str`` for ``__class__``, or
    raise): ``isinstance`` would ask it,
    and ``str.__str__`` would then fail on it (the fifteenth session's sixth red team), so it comes
    back as a stand-in that is plainly not text. Never raises, and runs none of the value's code."""
    kind = type(value)
    if kind is str:
        return value
    if issubclass(kind, str):
        return str.__str__(value)  # a plain copy made in C
    for klass in _MRO(kind):  # (read by type's own getters: a metaclass's properties never run)
        if not _FLAGS(klass) & _HEAP_TYPE:
            # A static type (object, int, bytes ...) holds no code of a caller's: its own
            # __getattribute__ slot claims nothing (before, bytes and ints came back as the
            # stand-in, and reasons read "got _ClaimedText": the sixteenth session's red team).
            continue
        # isinstance asks an object that is not a str for its __class__, through its type's
        # attribute lookup: a __class__ of its own, or a __getattribute__ that answers for it (the
        # seventh red team), would both be the object's code, and could claim str. So would a
        # key of the class dict that is a str subclass hashing like "__class__" (its __eq__ runs
        # in any lookup of that name, ours included: the eighth red team), so such keys are
        # looked at by type, in C, before any lookup by name.
        namespace = _TYPE_DICT(klass)
        for key in namespace:
            if type(key) is not str:
                return _CLAIMED_TEXT
        if "__class__" in namespace or "__getattribute__" in namespace:
            return _CLAIMED_TEXT
    return value


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_MRO = type.__dict__["__mro__"].__get__
_FLAGS = type.__dict__["__flags__"].__get__
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement or type()
_TYPE_DICT = type.__dict__["__dict__"].__get__


def _readable(text) -> tuple[object, str]:
    """``text`` as plain text, and why it is not to be parsed ("" when it is): not text, longer
    than MAX_LITERAL_CHARS, or costly to read (see costs: colliding hashes)."""
    text = plain_text(text)
    if not isinstance(text, str):
        return text, f"expected text, got {type_name(text)}"
    if len(text) > MAX_LITERAL_CHARS:
        return text, f"longer than {MAX_LITERAL_CHARS} characters"
    costly = literal_cost_problem(text) if len(text) > SCAN_LITERAL_CHARS else None
    return text, f"too costly to read: {costly}" if costly is not None else ""


def parse_literal(text: str) -> tuple[bool, object, str]:
    """Parse ``text`` as a Python literal with ``ast.literal_eval``; never raises.

    Returns ``(ok, value, reason)``; ``reason`` is empty when ``ok``.

    >>> parse_literal("[1, 'a', {2: (3,)}]")
    (True, [1, 'a', {2: (3,)}], '')
    >>> parse_literal("__import__('os')")[0]
    False
    """
    text, problem = _readable(text)
    if problem:
        return False, None, problem
    try:
        return True, ast.literal_eval(text.strip()), ""
    except Exception as exc:  # noqa: BLE001 -- ValueError, SyntaxError, RecursionError, MemoryError ...
        # (And OverflowError: literal_eval adds a number to a complex one, and an int too large
        # for a float made `0x` + 300 `f`s + `+1j` raise it: the thirtieth session's red team A.)
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        # ("malformed node or string: <ast.Name object at 0x7f...>": no address in a reason)
        detail = _ADDRESS.sub("", detail)
        return False, None, f"not a Python literal ({detail})"


def parse_printed(text: str) -> tuple[bool, object]:
    """The value an output's text denotes, where it is a literal or what ``repr`` prints for
    values that are none: ``inf``, ``nan``, ``Ellipsis``, ``frozenset({1, 2})``, ``set()``, in
    any container. ``(False, None)`` for anything else (a custom object's repr, code). Never raises.

    A gold output that is no literal was matched by its text alone: ``1e999`` was wrong against
    ``inf``, ``frozenset({10, 9})`` against ``frozenset({9, 10})``, and ``nan`` right against
    ``nan``, which no value equals (the twenty-eighth session's red team G).

    >>> parse_printed("[inf, frozenset({2, 1}), set(), Ellipsis]")
    (True, [inf, frozenset({1, 2}), set(), Ellipsis])
    >>> parse_printed("<Node 1>")
    (False, None)
    """
    text, problem = _readable(text)
    if problem:
        return False, None
    try:  # (one parse, one walk: a literal reads as literal_eval reads it)
        return True, _printed_value(ast.parse(text.strip(), "<output>", "eval").body, 0)
    except Exception:  # noqa: BLE001 -- _NotPrinted, ValueError, OverflowError ...: no value, never a raise
        return False, None


class _NotPrinted(Exception):
    """A node that no printed output holds."""


# The names repr prints for values no literal writes: float and complex infinities and NaNs.
_PRINTED_NAMES = {"inf": lambda: float("inf"), "nan": lambda: float("nan"), "infj": lambda: complex(0, float("inf")),
                  "nanj": lambda: complex(0, float("nan")), "Ellipsis": lambda: Ellipsis}
_SIGNS = {ast.USub: lambda v: -v, ast.UAdd: lambda v: +v}


def _printed_value(node: ast.expr, depth: int) -> object:
    if depth > 200:  # (deeper than the parser nests brackets: not printed output)
        raise _NotPrinted
    kind = type(node)
    if kind is ast.Constant:
        return node.value
    if kind is ast.Name and node.id in _PRINTED_NAMES:
        # (A new float for each: a list's == takes one object for equal to itself, NaN or not.)
        return _PRINTED_NAMES[node.id]()
    if kind is ast.UnaryOp and type(node.op) in _SIGNS:
        value = _printed_value(node.operand, depth + 1)
        if type(value) not in (int, float, complex):
            raise _NotPrinted
        return _SIGNS[type(node.op)](value)
    if kind is ast.BinOp and type(node.op) in (ast.Add, ast.Sub):  # a complex number: (1+2j), (-inf-1j)
        left, right = _printed_value(node.left, depth + 1), _printed_value(node.right, depth + 1)
        if type(left) not in (int, float) or type(right) is not complex:
            raise _NotPrinted
        return left + right if type(node.op) is ast.Add else left - right
    if kind is ast.Tuple or kind is ast.List or kind is ast.Set:
        items = [_printed_value(item, depth + 1) for item in node.elts]
        return tuple(items) if kind is ast.Tuple else items if kind is ast.List else set(items)
    if kind is ast.Dict:
        if None in node.keys:  # (``{**d}``)
            raise _NotPrinted
        return {_printed_value(k, depth + 1): _printed_value(v, depth + 1) for k, v in zip(node.keys, node.values)}
    if (kind is ast.Call and type(node.func) is ast.Name and node.func.id in ("set", "frozenset")
            and not node.keywords and len(node.args) <= 1):
        items = _printed_value(node.args[0], depth + 1) if node.args else set()
        if type(items) is not set:
            raise _NotPrinted  # (``set()`` and ``frozenset({...})`` are what repr prints)
        return set(items) if node.func.id == "set" else frozenset(items)
    raise _NotPrinted


def canonical_repr(value: object) -> str:
    """``repr(value)``, but with set elements sorted, so equal values print alike under every
    hash seed. It is how the executor's workers print outputs (the worker, which imports nothing
    from this package, keeps its own copy of these rules). Sets inside lists, tuples, dicts and
    sets, and inside the library containers that print their items (``defaultdict``,
    ``OrderedDict``, ``Counter``, ``deque``, namedtuples, dict subclasses that print as dicts),
    are sorted.

    >>> canonical_repr([{'b', 'a'}, (1,), {'k': set()}])
    "[{'a', 'b'}, (1,), {'k': set()}]"
    >>> import collections
    >>> canonical_repr(collections.defaultdict(set, {'k': {'b', 'a'}}))
    "defaultdict(<class 'set'>, {'k': {'a', 'b'}})"
    """
    text = repr(value)
    # Only a container can hold a set, and its repr then shows "{" or "set(": skip the walk else.
    if ("{" in text or "set(" in text) and not isinstance(value, (str, bytes, int, float)):
        text = _canonical(value)
    return text


def _canonical(value: object, active: set[int] | None = None) -> str:
    # ``active``: ids of the lists, tuples and dicts being printed, so one that contains itself
    # prints as Python prints it (``[...]``, ``(...)``, ``{...}``) instead of recursing without end.
    kind = type(value)
    if kind is set or kind is frozenset:
        items = sorted(_canonical(v, active) for v in value)  # type: ignore[union-attr]
        if not items:
            return "set()" if kind is set else "frozenset()"
        body = "{" + ", ".join(items) + "}"
        return body if kind is set else f"frozenset({body})"
    if kind in _LIBRARY_CONTAINERS or (kind is not tuple and kind is not dict and issubclass(kind, (tuple, dict))):
        formats: dict = {}
        if _library_walk_ok(value, formats):
            return _library_write(value, formats, set() if active is None else set(active))
        return repr(value)
    if kind is list or kind is dict or kind is tuple:
        active = set() if active is None else active
        if id(value) in active:
            return "[...]" if kind is list else "{...}" if kind is dict else "(...)"
        active.add(id(value))
        try:
            if kind is list:
                return "[" + ", ".join(_canonical(v, active) for v in value) + "]"  # type: ignore[union-attr]
            if kind is tuple:
                inner = ", ".join(_canonical(v, active) for v in value)  # type: ignore[union-attr]
                return f"({inner},)" if len(value) == 1 else f"({inner})"  # type: ignore[arg-type]
            return "{" + ", ".join(f"{_canonical(k, active)}: {_canonical(v, active)}"
                                   for k, v in value.items()) + "}"  # type: ignore[union-attr]
        finally:
            active.discard(id(value))
    return repr(value)


def _namedtuple_template():
    return next(const for const in collections.namedtuple.__code__.co_consts
                if isinstance(const, types.CodeType) and const.co_name == "__repr__")


_NAMEDTUPLE_REPR = _namedtuple_template()
_LIBRARY_CONTAINERS = (collections.OrderedDict, collections.defaultdict, collections.Counter, collections.deque)
_PLAIN_ITEMS = (str, bytes, int, float, complex, bool, type(None))
_LIBRARY_DEPTH = 50


def _namedtuple_format(kind: type) -> str | None:
    """The worker's rule (_worker._namedtuple_format): the format namedtuple's ``__repr__`` fills,
    read from its closure (not from ``_fields``, which the repr never reads), where nothing of the
    class's own runs in that repr."""
    if type(kind) is not type or any(type(key) is not str for klass in kind.__mro__ for key in vars(klass)):
        return None
    method = None
    for klass in kind.__mro__:
        if "__class__" in vars(klass) and klass is not object:
            return None
        if method is None and "__repr__" in vars(klass):
            method = vars(klass)["__repr__"]
    if not isinstance(method, types.FunctionType) or method.__code__ is not _NAMEDTUPLE_REPR:
        return None
    return method.__closure__[method.__code__.co_freevars.index("repr_fmt")].cell_contents


def _prints_as_dict(kind: type) -> bool:
    if any(type(key) is not str for klass in kind.__mro__ for key in vars(klass)):
        return False
    for klass in kind.__mro__:
        if klass is dict:
            return True
        if "__repr__" in vars(klass):
            return False
    return False


def _library_walk_ok(value, formats: dict, depth: int = 0, seen: set | None = None) -> bool:
    """The worker's rule (_worker._library_walk_ok): plain data, library containers read plainly
    and namedtuples only, nested no deeper than _LIBRARY_DEPTH."""
    seen = set() if seen is None else seen
    kind = type(value)
    if kind in _PLAIN_ITEMS or id(value) in seen:
        return True
    seen.add(id(value))
    if depth > _LIBRARY_DEPTH:
        return False
    if kind in (list, tuple, set, frozenset, collections.deque):
        inner = list(value)
    elif kind in (dict, collections.OrderedDict, collections.Counter, collections.defaultdict):
        if kind is collections.defaultdict and not (value.default_factory is None or type(value.default_factory) is type):
            return False
        if kind in (collections.Counter, collections.OrderedDict) and vars(value):
            return False
        inner = [*dict.keys(value), *dict.values(value)]
    elif issubclass(kind, dict) and _prints_as_dict(kind):
        formats[id(kind)] = "dict"
        inner = [*dict.keys(value), *dict.values(value)]
    elif issubclass(kind, tuple) and _namedtuple_format(kind) is not None:
        formats[id(kind)] = _namedtuple_format(kind)
        inner = list(tuple.__iter__(value))
    else:
        return False
    return all(_library_walk_ok(item, formats, depth + 1, seen) for item in inner)


def _library_write(value, formats: dict, active: set[int]) -> str:
    """As the container's own repr writes it in CPython 3.11 (see _worker._library_write), each
    part by this walk, sets sorted."""
    kind = type(value)
    if kind in _PLAIN_ITEMS:
        return repr(value)
    write = lambda item: _library_write(item, formats, active)  # noqa: E731
    if kind is set or kind is frozenset:
        items = sorted(write(x) for x in value)
        if not items:
            return "set()" if kind is set else "frozenset()"
        return "{" + ", ".join(items) + "}" if kind is set else "frozenset({" + ", ".join(items) + "})"
    if formats.get(id(kind), "dict") != "dict":
        return kind.__name__ + formats[id(kind)] % tuple(_Printed(write(x)) for x in tuple.__iter__(value))
    if kind is collections.Counter:
        if not value:
            return "Counter()"
        try:
            pairs = sorted(dict.items(value), key=lambda pair: pair[1], reverse=True)
        except TypeError:
            pairs = list(dict.items(value))
        return "Counter({" + ", ".join(f"{write(k)}: {write(v)}" for k, v in pairs) + "})"
    factory = None
    if kind is collections.defaultdict:
        factory = "None" if value.default_factory is None else repr(value.default_factory)
    if id(value) in active:
        if factory is not None:
            return f"defaultdict({factory}, {{...}})"
        return {list: "[...]", tuple: "(...)", collections.deque: "[...]", collections.OrderedDict: "..."}.get(kind, "{...}")
    active.add(id(value))
    try:
        if kind is list or kind is collections.deque:
            body = "[" + ", ".join(write(x) for x in value) + "]"
            if kind is list:
                return body
            return f"deque({body})" if value.maxlen is None else f"deque({body}, maxlen={value.maxlen})"
        if kind is tuple:
            inner = [write(x) for x in value]
            return f"({inner[0]},)" if len(inner) == 1 else "(" + ", ".join(inner) + ")"
        if kind is collections.OrderedDict:
            if not value:
                return "OrderedDict()"
            return "OrderedDict([" + ", ".join(f"({write(k)}, {write(v)})" for k, v in value.items()) + "])"
        body = "{" + ", ".join(f"{write(k)}: {write(v)}" for k, v in dict.items(value)) + "}"
        return body if factory is None else f"defaultdict({factory}, {body})"
    finally:
        active.discard(id(value))


class _Printed:
    """Text that ``%r`` prints as it is."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def values_equal(a: object, b: object) -> bool:
    """Equality as CRUXEval's ``assert f(x) == y`` judges it, but never raising."""
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 -- exotic __eq__ or deep recursion: not equal
        return False


def outputs_equal(a: str, b: str) -> bool:
    """True when two output texts denote equal literal values (or are the same text).

    >>> outputs_equal("{'b': 1, 'a': 2}", "{'a': 2, 'b': 1}")
    True
    >>> outputs_equal("[1, 2]", "(1, 2)")
    False
    """
    a, b = plain_text(a), plain_text(b)
    if type(a) is not str or type(b) is not str:
        # (Not text: never equal. ``a == b`` with a plain str on the left fell back to the other
        # object's own __eq__, which could raise here or call itself equal.)
        return False
    if a == b and "nan" not in a:
        return True
    # As values wherever both texts are printed values (``inf``, ``frozenset(...)`` too: in any
    # order, and a NaN equal to nothing, as ``==`` judges them), else as text (a custom repr).
    ok_a, value_a = parse_printed(a)
    ok_b, value_b = parse_printed(b) if ok_a else (False, None)
    if ok_a and ok_b:
        return values_equal(value_a, value_b)
    return a == b


def check_output_prediction(predicted: str, gold_output: str) -> Verdict:
    """Deduction: the predicted output is right when its literal value equals the gold value.

    >>> check_output_prediction("[3, 2, 1]", "[3, 2, 1]").correct
    True
    >>> check_output_prediction("sorted([1, 2, 3])", "[1, 2, 3]").correct  # code is never run
    False
    """
    predicted, gold_output = plain_text(predicted), plain_text(gold_output)
    if not isinstance(gold_output, str):
        return Verdict(False, f"the gold output must be text, got {type_name(gold_output)}")
    if not isinstance(predicted, str):
        return Verdict(False, f"predicted output is expected text, got {type_name(predicted)}")
    if predicted.strip() == gold_output.strip() and "nan" not in gold_output:
        return Verdict(True, "matches the gold output text")  # (the common case, unparsed)
    # Each text parsed once, as a printed value: a literal, or what repr prints for values that
    # are none (``inf``, ``frozenset({9, 10})``), judged by ``==`` (a NaN equals nothing).
    gold_ok, gold_value = parse_printed(gold_output)
    if not gold_ok:
        # A gold output that is no printed value (``range(0, 3)``, a custom object's repr) can
        # only match as text: asked first, since such a prediction is no value either (it was
        # refused as one, and the exact answer judged wrong: the sixteenth session's red team).
        same = predicted.strip() == gold_output.strip()
        return Verdict(same, "matches the gold output text" if same else "differs from the gold output text")
    ok, value = parse_printed(predicted)
    if not ok:
        return Verdict(False, f"predicted output is {parse_literal(predicted)[2] or 'not a Python literal'}")
    if values_equal(value, gold_value):
        return Verdict(True, "equals the gold output")
    return Verdict(False, "does not equal the gold output")
