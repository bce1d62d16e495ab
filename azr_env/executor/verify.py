"""Answer checks that need no execution: solver answers are data, parsed, never evaluated."""
from __future__ import annotations

import ast
import re

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


def parse_literal(text: str) -> tuple[bool, object, str]:
    """Parse ``text`` as a Python literal with ``ast.literal_eval``; never raises.

    Returns ``(ok, value, reason)``; ``reason`` is empty when ``ok``.

    >>> parse_literal("[1, 'a', {2: (3,)}]")
    (True, [1, 'a', {2: (3,)}], '')
    >>> parse_literal("__import__('os')")[0]
    False
    """
    text = plain_text(text)
    if not isinstance(text, str):
        return False, None, f"expected text, got {type_name(text)}"
    if len(text) > MAX_LITERAL_CHARS:
        return False, None, f"longer than {MAX_LITERAL_CHARS} characters"
    costly = literal_cost_problem(text) if len(text) > SCAN_LITERAL_CHARS else None  # (see costs: colliding hashes)
    if costly is not None:
        return False, None, f"too costly to read: {costly}"
    try:
        return True, ast.literal_eval(text.strip()), ""
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        # ("malformed node or string: <ast.Name object at 0x7f...>": no address in a reason)
        detail = _ADDRESS.sub("", detail)
        return False, None, f"not a Python literal ({detail})"


def canonical_repr(value: object) -> str:
    """``repr(value)``, but with set elements sorted, so equal values print alike under every
    hash seed. It is how the executor's workers print outputs (the worker, which imports nothing
    from this package, keeps its own copy of these rules).

    >>> canonical_repr([{'b', 'a'}, (1,), {'k': set()}])
    "[{'a', 'b'}, (1,), {'k': set()}]"
    """
    text = repr(value)
    # Only a container can hold a set, and its repr then shows "{" or "set(": skip the walk else.
    if ("{" in text or "set(" in text) and not isinstance(value, (str, bytes, int, float)):
        text = _canonical(value)
    return text


def _canonical(value: object, active: set[int] | None = None) -> str:
    # ``active``: ids of the lists and dicts being printed, so one that contains itself prints
    # as Python prints it (``[...]``, ``{...}``) instead of recursing without end.
    kind = type(value)
    if kind is set or kind is frozenset:
        items = sorted(_canonical(v, active) for v in value)  # type: ignore[union-attr]
        if not items:
            return "set()" if kind is set else "frozenset()"
        body = "{" + ", ".join(items) + "}"
        return body if kind is set else f"frozenset({body})"
    if kind is tuple:
        inner = ", ".join(_canonical(v, active) for v in value)  # type: ignore[union-attr]
        return f"({inner},)" if len(value) == 1 else f"({inner})"  # type: ignore[arg-type]
    if kind is list or kind is dict:
        active = set() if active is None else active
        if id(value) in active:
            return "[...]" if kind is list else "{...}"
        active.add(id(value))
        try:
            if kind is list:
                return "[" + ", ".join(_canonical(v, active) for v in value) + "]"  # type: ignore[union-attr]
            return "{" + ", ".join(f"{_canonical(k, active)}: {_canonical(v, active)}"
                                   for k, v in value.items()) + "}"  # type: ignore[union-attr]
        finally:
            active.discard(id(value))
    return repr(value)


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
    if a == b:
        return True
    ok_a, value_a, _ = parse_literal(a)
    ok_b, value_b, _ = parse_literal(b)
    return ok_a and ok_b and values_equal(value_a, value_b)


def check_output_prediction(predicted: str, gold_output: str) -> Verdict:
    """Deduction: the predicted output is right when its literal value equals the gold value.

    >>> check_output_prediction("[3, 2, 1]", "[3, 2, 1]").correct
    True
    >>> check_output_prediction("sorted([1, 2, 3])", "[1, 2, 3]").correct  # code is never run
    False
    """
    predicted, gold_output = plain_text(predicted), plain_text(gold_output)
    gold_ok, gold_value, _ = parse_literal(gold_output)
    if not gold_ok:
        # A gold output that is not a literal (``inf``, ``range(0, 3)``, a custom object's repr) can
        # only match as text: asked first, since such a prediction is no literal either (it was
        # refused as one, and the exact answer judged wrong: the sixteenth session's red team).
        if not isinstance(gold_output, str):
            return Verdict(False, f"the gold output must be text, got {type_name(gold_output)}")
        if not isinstance(predicted, str):
            return Verdict(False, f"predicted output is expected text, got {type_name(predicted)}")
        same = predicted.strip() == gold_output.strip()
        return Verdict(same, "matches the gold output text" if same else "differs from the gold output text")
    ok, value, reason = parse_literal(predicted)
    if not ok:
        return Verdict(False, f"predicted output is {reason}")
    if values_equal(value, gold_value):
        return Verdict(True, "equals the gold output")
    return Verdict(False, "does not equal the gold output")
