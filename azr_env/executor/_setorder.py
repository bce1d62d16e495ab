"""Reverse the order of hash-ordered sets, to expose programs whose output depends on it.

A set of strings iterates (and pops) in an order set by the strings' hashes, which change with
the hash seed. Comparing runs under two random seeds catches a program that returns
``list({'a', 'b'})`` only half the time (two orders, each as likely). So validation's perturbed
run sees every such set in *reverse* (an order the same elements also take under other seeds),
and, when it saw one, more runs follow under uniformly random orders until one disagrees with it
(``_worker.EXTRA_ORDERS``): a program whose output depends on the order escapes about once
in 2**14 validations.

Covered: iteration of any kind (``for``, ``list(s)``, ``sorted`` is unaffected by design,
``s.__iter__()``), ``set.pop`` (of any size: the order is listed once per run of pops),
``dict.fromkeys(a_set)`` (and OrderedDict's), and the comparisons that walk a set and stop early (``<=``, ``==`` and the
rest, ``issubset``, ``issuperset``, ``isdisjoint``: see _compare_function). Sets whose order no seed can change are left alone: numbers (whose
hashes are their values), tuples and frozensets of them, and objects whose own ``__hash__``
hashes nothing seed-dependent (``order_free``, from the guards). Mutating a set while iterating
it still raises RuntimeError. Not covered (the two seeds alone judge them): the other C code that walks
a set's table directly (set algebra keeps the table order, and iterating the result is covered,
unless it holds only numbers: see below; which elements it compares, and in what order, is the
table's),
and subclasses of set made before ``install`` (they copied the interpreter's iteration function
when they were made; validation installs before the program's module body runs).

How: ``for`` and the other C callers reach a set's iterator through the ``tp_iter`` slot of
``set`` and ``frozenset``. We point that slot at the interpreter's own generic slot function (the
one every Python class with an ``__iter__`` method has), after checking the type layout
(``SetOrder.ok`` is False, and nothing is patched, on an interpreter whose layout is not the one
checked), and put Python functions for ``__iter__`` and ``pop`` in the types' dictionaries (and
``fromkeys`` in dict's and OrderedDict's). The generic slot calls our ``__iter__`` as Python calls any method: at
the recursion limit it raises RecursionError cleanly (a ctypes callback there would hand back an
uninitialised pointer). Every call they do not reorder goes to the interpreter's own method,
unchanged (same results, same errors), and every iterator is handed out as a ``set_iterator``
of ours. The swap is installed once, for every run (the worker's lock-down), so that a program
finds the same objects in every run; only the mode changes.
"""
import ctypes
import gc
import sys
import weakref
from collections import OrderedDict, defaultdict
from itertools import chain, compress, count, islice, repeat
from functools import partial
from operator import and_, attrgetter, eq, is_ as _IS, is_not, itemgetter, methodcaller, ne, not_

_POINTER = ctypes.sizeof(ctypes.c_void_p)


def NEED_ROOM():  # noqa: N802 -- replaced by the worker with _guards.need_room
    pass


def SELF_SALTED(item):  # noqa: N802 -- replaced by the worker with _guards.self_salted
    return False


def REFUSE(reason):  # noqa: N802 -- replaced by the worker with _guards.violation
    raise RuntimeError(reason)


# The hash functions that hash a number by its value (int's, float's, complex's, range's, and
# Decimal's and Fraction's where loaded), by identity hash, and those two classes: handed over by
# the worker (know_library_numbers), looked up in C by _library_hasher's callers.
_BY_VALUE_HASHERS = {}
_LIBRARY_NUMBERS = {"decimal": None, "fraction": None}


def know_library_numbers(hashers, decimal_class, fraction_class):
    """Called by the worker once its modules are loaded: see _BY_VALUE_HASHERS."""
    _BY_VALUE_HASHERS.update((_IDENTITY(hasher), hasher) for hasher in hashers)
    for kind in (decimal_class, fraction_class):
        if kind is not None and "__eq__" in kind.__dict__:
            _LIBRARY_EQUALITY.add(_IDENTITY(kind.__dict__["__eq__"]))
    _LIBRARY_NUMBERS.update(decimal=decimal_class, fraction=fraction_class)


# The interpreter's own size methods, for our reads of a table's size (see _table_size_function):
# taken before the worker puts its checked set.__sizeof__ in set's dictionary.
_SIZEOF = {set: set.__dict__["__sizeof__"], frozenset: frozenset.__dict__["__sizeof__"]}

# A set's memory size tells how big its hash table is, and after a removal that depends on the
# seed: the slot a discard leaves is reused by a later add only if the new element's probe path,
# which its hash decides, meets it before an empty slot; otherwise the add takes a fresh slot, and
# the fill count that decides the next resize grows. So one bit of ``s.__sizeof__()`` after a
# discard and an add told one seed from another (40 of 60 such programs validated: the extra runs
# share one process, and so one seed). No run can show another seed's size, and the history that
# decides it (what was removed, when) is gone by the time the size is asked for: refused, for
# every set. A frozenset too: ``a ^ b`` builds one by copying b and then removing and adding, in C,
# so its size is the seed's as well (the twenty-fourth session's red team H: 5 of 12 validated).
# (A dict's table grows by insertions counted whatever the seed.)
_SIZEOF_REFUSAL = ("set.__sizeof__ and frozenset.__sizeof__ are not available: a set's memory size can depend on "
                   "the hash seed (after a removal, a later add reuses the freed slot or not, as the seed decides)")

# Offsets (64-bit CPython 3.8 - 3.13) in PyTypeObject: tp_name, tp_basicsize, tp_flags, tp_iter.
_TP_NAME, _TP_BASICSIZE, _TP_FLAGS, _TP_ITER = 24, 32, 168, 216
_TP_RICHCOMPARE = 200  # PyTypeObject.tp_richcompare (64-bit CPython 3.8 - 3.13), checked in SetOrder
_SET_HASH = 48  # PySetObject.hash: a frozenset's cached hash, -1 until computed (never set on a set)
_COMPARISONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")
# set's updates that walk their argument's table in C, and what each does with an element there;
# the in-place operators call them (see SetOrder._update_function).
_UPDATES = {"difference_update": "discard", "__isub__": "discard", "symmetric_difference_update": "toggle",
            "__ixor__": "toggle", "update": "add", "__ior__": "add"}
_METHOD_OF = {"__isub__": "difference_update", "__ixor__": "symmetric_difference_update", "__ior__": "update"}
_TP_AS_NUMBER = 96  # PyTypeObject.tp_as_number (64-bit CPython 3.8 - 3.13), checked in SetOrder
# PyNumberMethods' in-place slots that call the updates above: nb_inplace_subtract, _xor, _or.
_INPLACE_SLOTS = {"__isub__": 160, "__ixor__": 216, "__ior__": 224}
_SUBSET_METHODS = ("issubset", "issuperset", "isdisjoint")
# PyNumberMethods' binary slots of set algebra: nb_subtract, nb_and, nb_xor, nb_or (set's and
# frozenset's own), pointed at the generic slot functions, which call the methods below.
_BINARY_SLOTS = {"__sub__": 8, "__and__": 104, "__xor__": 112, "__or__": 120}
_INPLACE_AND_SLOT = {"__iand__": 208}  # nb_inplace_and: set's ``&=`` (see _intersection_update_function)
# Set algebra that C does by walking a set's table, each name with what it builds (see
# SetOrder._algebra_function) and whether its operands come reflected (``b.__rsub__(a)`` is
# ``a - b``): the result's layout, where elements collide, follows the walk.
_ALGEBRA = {"__sub__": ("difference", False), "__rsub__": ("difference", True),
            "__and__": ("intersection", False), "__rand__": ("intersection", True),
            "__xor__": ("symmetric", False), "__rxor__": ("symmetric", True),
            "__or__": ("union", False), "__ror__": ("union", True),
            "difference": ("difference", False), "intersection": ("intersection", False),
            "symmetric_difference": ("symmetric", False), "union": ("union", False)}
_ANY_SET = (set, frozenset)
# The interpreter's own comparisons, for the sandbox's own tests of sets of types: the operators
# reach the stand-ins below once they are installed (see _compare_function).
_SUBSET = set.__dict__["__le__"]
_SET_INTERSECTION = set.__dict__["intersection"]  # (the interpreter's, for our own use: see _algebra_function)
_FROZEN_SUPERSET = frozenset.__dict__["issuperset"]
_EXACT_SETS = frozenset({set, frozenset})
_ORDER_FREE_TYPES = frozenset({int, bool, float, complex})  # hashes are their values (not None's: see below)
_NONE_TYPE = type(None)
_INEXACT = frozenset({float, complex})
_TUPLE_DEPTH = 20  # as _guards.order_free
_IS_TUPLE = frozenset({tuple}).__contains__  # (applied to types: a C predicate)


def _layout_ok(cls):
    if _POINTER != 8 or sys.implementation.name != "cpython":
        return False
    name = ctypes.c_char_p.from_address(id(cls) + _TP_NAME).value
    basicsize = ctypes.c_ssize_t.from_address(id(cls) + _TP_BASICSIZE).value
    flags = ctypes.c_ulong.from_address(id(cls) + _TP_FLAGS).value
    return name == cls.__name__.encode() and basicsize == cls.__basicsize__ and flags == cls.__flags__


def _type_dict(cls):
    """The dictionary behind ``cls.__dict__`` (a read-only proxy of it)."""
    (found,) = [d for d in gc.get_referents(cls.__dict__) if type(d) is dict]
    return found


_C_COMPARED = frozenset({str, bytes})  # membership tests of these run no program code


def _is_set(owner):
    """A set (or a subclass), judged by the real type: ``isinstance`` honours a ``__class__``
    property, which a frozenset subclass can point at ``set``."""
    return issubclass(type(owner), set)


def _size_function(owner):
    # The count the interpreter's iterator checks (so->used): a subclass's own __len__ is program
    # code, and the interpreter never calls it.
    return set.__len__ if _is_set(owner) else frozenset.__len__


def _table_size_function(owner):
    """set's or frozenset's own ``__sizeof__`` for ``owner`` (never a subclass's: program code;
    never the checked one programs get): it tells the table's size (an inline table of 8 slots,
    or (mask + 1) * 16 bytes more) in one C call, with no ctypes cell to make."""
    return _SIZEOF[set if _is_set(owner) else frozenset]


def _compared_in_c(items):
    """Does a membership test of every element run no program code (str, bytes, numbers and
    tuples of them)? Then a walk can skip the elements removed before their turn."""
    kinds = set(map(type, items))
    if _SUBSET(kinds, _PLAIN_KINDS):
        return True
    return _SUBSET(kinds, _PLAIN_OR_TUPLE) and all(map(_plainly_compared, items))


def _walk(owner, items, size, order, compared):
    """An iterator over ``items`` (``owner``'s elements, listed in this run's order) that walks
    the live set as the interpreter's iterator would: never an element removed before its turn,
    RuntimeError for a size that changed (checked before each element and once more after the
    last, as the interpreter does, and raised again at every later step), and, when elements were
    swapped in meanwhile (a discard and an add: the size never changed), what ``order`` (the
    SetOrder) decides (see SetOrder._added). The interpreter yields such an element when it landed
    after its cursor, which the seed decides: so must the perturbed runs, or they would all agree
    with the seeds under which it was not yielded. After a resize, what ``order`` decides too (see
    SetOrder._after_resize). (Removals are seen in sets whose membership test runs no program code,
    ``compared``; swaps in any set.) Built from C iterators: a loop over a set of strings in a hot
    loop cost some 45 us a pass of 100 elements as a Python generator."""
    rest = iter(items)
    if not _is_set(owner):  # a frozenset: nothing changes it
        return _new_iterator(rest, (), owner, size, rest)
    entry = _header_entry(owner)
    # The selectors read the items from a second iterator: ``rest`` is what the walk has not
    # reached (the interpreter's length hint).
    present = compress(rest, map(set.__contains__, repeat(owner), items)) if compared else rest
    # zip asks the check first, then the element: one check more after the last element. The
    # check reads the set's fill, used, mask and table in one C call (32 bytes); only bytes not
    # seen before cost a Python call (see _StepCheck).
    cell = None if entry is None else _step_cell(owner, entry)
    check = _StepCheck(owner, items, cell, size, rest)
    if cell is None:
        steps = map(check.__getitem__, map(set.__len__, repeat(owner)))
    else:
        steps = map(check.__getitem__, map(_RAW, repeat(cell)))
    body = map(_SECOND, zip(steps, present))
    return _new_iterator(body, _walk_end(owner, items, compared, check, order), owner, size, rest)


def _walk_end(owner, items, compared, check, order):
    if check.resized_at is not None:
        yield from order._after_resize(owner, items, compared, check)
        return
    if (compared and check.header is not None and not check.changed()
            and all(map(set.__contains__, repeat(owner), items))):
        return  # the same elements, and no slot filled meanwhile: nothing was swapped in
    yield from order._added(owner, items, check)


class set_iterator(chain):  # noqa: N801 -- the interpreter's own name for a set's iterator
    """Every run's iterator over a set: in the perturbed runs a chain of C iterators (the walk's
    steps, then the elements swapped in meanwhile), elsewhere the interpreter's own iterator,
    wrapped; either way one type, answering ``__length_hint__`` and ``copy`` as the interpreter's
    does, so that no program can tell the runs apart by its iterators."""

    # (owner, size, rest), read and written through _STATE only: the slot's descriptor is taken
    # out of the class below. A program that could write it chose the object whose __reduce__ ran
    # in this module's frame, whose builtins are the real ones: a bound built-in method's reduce
    # looks up getattr there, and copy.copy then called the real getattr (the twenty-sixth
    # session's red team B).
    __slots__ = ("__state__",)

    def __length_hint__(self):
        owner, size, rest = _STATE_GET(self)
        if owner is not None and _size_function(owner)(owner) != size:
            return 0
        return rest.__length_hint__()

    def __reduce__(self):
        # As the interpreter's: iter() of a list of what is left (walks: of what the walk has not
        # reached).
        owner, _size, rest = _STATE_GET(self)
        reduced = rest.__reduce__()
        if owner is None:
            return reduced
        left = reduced[1][0][reduced[2]:] if len(reduced) > 2 else []
        return (iter, (list(left),))


set_iterator.__module__ = "builtins"
_STATE = set_iterator.__dict__["__state__"]
_STATE_GET, _STATE_SET = _STATE.__get__, _STATE.__set__
del set_iterator.__state__  # (the slot stays; no name reaches it but ours)


def _hidden(self):
    raise AttributeError(f"'set_iterator' object has no attribute '__setstate__'")


set_iterator.__setstate__ = property(_hidden)  # (the interpreter's set iterator has none)


def _no_new(cls, *args, **kwargs):
    raise TypeError("cannot create 'set_iterator' instances")


_CHAIN_NEW = chain.__new__
set_iterator.__new__ = staticmethod(_no_new)  # (as the interpreter's: made by iter(a_set) only)


def _wrapped(iterator, tail=()):
    """The interpreter's own set iterator, as a ``set_iterator`` of ours (see SetOrder.install),
    followed by ``tail`` (a check that yields nothing)."""
    wrapper = _CHAIN_NEW(set_iterator, iterator, tail)
    _STATE_SET(wrapper, (None, 0, iterator))
    return wrapper
_SECOND = itemgetter(1)
_RAW = attrgetter("raw")


def _new_iterator(body, tail, owner, size, rest):
    iterator = _CHAIN_NEW(set_iterator, body, tail)
    _STATE_SET(iterator, (owner, size, rest))
    return iterator


class _StepCheck(dict):
    """The interpreter's checks at each step of a walk over ``owner``, keyed by what a step reads:
    the set's fill and used counts, mask and table address as 32 bytes, and a small set's inline
    table after them (see _step_cell; or its size, where the layout is not the one checked).

    A used count other than the size at the start is the interpreter's RuntimeError, at this step
    and at every later one (its iterator never resumes once it raised). Another mask or table is
    a resize (an add can cause one, even an add discarded again before the step): the walk's steps
    end there, and the rest is the SetOrder's (``resized_at``: how far the walk had come). A new
    fill count alone (an add took a fresh slot) makes it look at the set: elements present at a
    step that were not listed could be yielded by the interpreter (see SetOrder._added); one of
    them gone again by a later step may have been yielded or not, as the seed placed it, which no
    run can reproduce (``lost``). An element added and discarded between two steps was never there
    to be seen."""

    __slots__ = ("owner", "listed", "header", "size", "rest", "start", "seen", "lost", "failed", "resized_at")

    def __init__(self, owner, listed, header, size, rest):
        super().__init__()
        self.owner, self.listed, self.header, self.size, self.rest = owner, listed, header, size, rest
        self.seen = set()  # keys (see _order_keys) of the elements swapped in and seen at a step
        self.lost = self.failed = False
        self.resized_at = None
        if header is None:
            self.start = None
            self[size] = None
        else:
            self.start = header.raw
            self[self.start] = None

    def changed(self):
        return len(self) > 1

    def __missing__(self, key):
        if self.failed or self.header is None or _field(key, 1) != self.size:
            self.failed = True
            self.clear()  # every later step misses, and raises again
            raise RuntimeError("Set changed size during iteration")
        self[key] = None
        if key[16:32] != self.start[16:32]:
            # (StopIteration, raised in the steps' map, ends the steps: the walk goes on to its end)
            self.resized_at = len(self.listed) - self.rest.__length_hint__()
            raise StopIteration
        self.note(_new_elements(self.owner, self.listed))
        return None

    def note(self, new):
        """Record what is swapped in now, and whether something seen at an earlier step left."""
        now = set(_order_keys(new))  # (plain data by value: an equal element put back is the same)
        if not self.seen <= now:
            self.lost = True
        self.seen |= now


def _new_elements(owner, listed):
    """The elements of ``owner`` that were not listed: new by identity, unless equal to a listed
    element (plain data only: comparing the program's objects would run its code), which the
    interpreter puts back in the slot it left."""
    known = set(map(_IDENTITY, listed))
    new = [item for item in _SET_ITER(owner) if _IDENTITY(item) not in known]
    if new:
        plain = [item for item in listed if _plainly_compared(item)]
        if plain:
            again = set(plain)
            new = [item for item in new if not (_plainly_compared(item) and item in again)]
    return new


_SET_ITER = set.__dict__["__iter__"]  # the interpreter's (taken before SetOrder puts its own in place)
_SET_FILL = 16  # offset (64-bit CPython 3.8-3.13) in a set of fill, then used, mask and table (8 bytes each)
_HEADERS = {}  # a set's identity hash -> (a weak reference to it, a ctypes cell on its header)


def _header(owner):
    """A ctypes cell on ``owner``'s fill, used, mask and table fields, as 32 bytes (None where the
    layout is not the one checked): ``cell.raw`` reads all four in one C call (see _field). The
    fill count grows when an add takes a fresh slot, which no discard gives back; a resize or
    clear() resets it. The cell is made once per set (making one is an audited event, in the
    program's time: ``OURS``, set by the worker, tells the audit hook it is ours)."""
    entry = _header_entry(owner)
    return None if entry is None else entry[1]


def _header_entry(owner):
    """(a weak reference to ``owner``, its header cell (see _header), its inline table's cell or
    None until a walk needs it (see _step_cell), its address), or None."""
    if not _FILL_OK:
        return None
    key = _IDENTITY(owner)
    entry = _HEADERS.get(key)
    if entry is None or entry[0]() is not owner:
        entry = OURS(_make_header, owner, key)
    return entry


def _field(raw, index):
    """Field ``index`` (0 fill, 1 used, 2 mask, 3 table) of a header's 32 bytes."""
    return int.from_bytes(raw[8 * index:8 * index + 8], "little", signed=index < 3)


def _make_header(owner, key):
    address = id(owner)
    cell = _HEADER_CELL.from_address(address + _SET_FILL)
    ref = _weak(owner, _HEADERS)
    if ref is None:  # a subclass with __slots__ and no weak references: not kept
        return (lambda: owner, cell, None, address)
    entry = _HEADERS[key] = (ref, cell, None, address)
    return entry


_INLINE_TABLE = 64  # offset of a small set's own 8-slot table (used while its mask is 7)
_WIDE_BYTES = _INLINE_TABLE + 8 * 16 - _SET_FILL  # from fill to the end of that table


def _step_cell(owner, entry):
    """The cell a walk's steps read: the header, and for a set whose table is its own inline one
    (up to 5 elements) that table too, 176 bytes read in one C call. An element swapped in that
    takes a slot a discard left (no fresh slot: the fill count stays) shows only in the table: a
    set of four words that had one swapped in and out again showed nothing, and was accepted
    under seeds where the interpreter may have yielded it. (Bigger tables are not read at every
    step: that would cost O(n) a step.)"""
    ref, header, wide, address = entry
    if _field(header.raw, 3) != address + _INLINE_TABLE:
        return header
    if wide is None:
        wide = OURS(_make_wide, address)
        key = _IDENTITY(owner)
        if _HEADERS.get(key) is entry:  # (kept for the set's next walks, where the entry is kept)
            _HEADERS[key] = (ref, header, wide, address)
    return wide


def _make_wide(address):
    return _WIDE_CELL.from_address(address + _SET_FILL)


# The cells' types, made here, before any task: an entry of _HEADERS outlives the set it is about
# until a sweep (see _weak), and a type made in a task's time is the task's, so a cell of one kept
# after the task counted as the program's object outliving it (the runner was retired for it).
_HEADER_CELL = ctypes.c_char * 32
_WIDE_CELL = ctypes.c_char * _WIDE_BYTES


_ENTRY_BYTES = 16  # a table slot: the key's address and its hash


def _table_image(header, before):
    """(``owner``'s mask and table as header bytes, a ctypes view of its hash table, the table's
    bytes now), from the set's ``header``; ``before`` is the last image made for the set (or
    None), whose view is kept while the table stays where it was. The table's bytes say
    everything that decides the interpreter's order: the same bytes, the same objects in the same
    slots. A view is made once per table (an audited event, run as ours) and read at C speed:
    comparing a 100-element set's table costs a fifth of a microsecond, identities read one by
    one twenty times that."""
    where = header.raw[16:]
    if before is not None and before[0] == where:
        view = before[1]
    else:
        view = OURS(_make_view, _field(header.raw, 3), _field(header.raw, 2))
    return (where, view, view.raw)


def _make_view(table, mask):
    return (ctypes.c_char * ((mask + 1) * _ENTRY_BYTES)).from_address(table)


def _slots(words):
    """The table slots that hold a set's elements, in the interpreter's order (which is slot
    order), from its table's words (see _table_words). An entry is taken when its key is set and
    its hash is not -1 (a dummy left by a discard; no element hashes to -1)."""
    return list(compress(count(), map(and_, map(bool, words[0::2]), map(ne, words[1::2], repeat(-1)))))


def _table_words(owner):
    """``owner``'s hash table as signed 64-bit words, keys (addresses) and hashes interleaved, or
    None where the layout is not the one checked. Read in C: a view of the table, then its bytes."""
    entry = _header_entry(owner)
    if entry is None:
        return None
    raw = entry[1].raw
    if _field(raw, 3) == entry[3] + _INLINE_TABLE:
        # A small set's own table, read through the cell its walk reads anyway (see _step_cell).
        table = _step_cell(owner, entry).raw[_INLINE_TABLE - _SET_FILL:]
    else:
        table = OURS(_make_view, _field(raw, 3), _field(raw, 2)).raw
    return memoryview(table).cast("q")


def _placed_keys(owner, keys):
    """``keys`` (see _order_keys, in the interpreter's order) paired with the slot each element
    sits in, for the extra runs' numbers, and the table's number of slots; ``keys`` and None where
    the layout is not the one checked. Two sets of the same strings filled in another order take
    other slots where their hashes collide, and so, under the interpreter, another order. Keyed by
    the element alone, every extra run gave them one order, and a program that compared two such
    sets told the extra runs from the others (a quarter of its validations passed). An element
    keeps its slot while it stays in the set, so a set that lost an element keeps the others'
    order, as under the interpreter."""
    words = _table_words(owner) if _FILL_OK else None
    if words is None:
        return keys, None
    slots = _slots(words)
    if len(slots) != len(keys):
        return keys, None
    return list(zip(keys, slots)), len(words) // 2


_IDENTITY = object.__hash__  # the interpreter's identity hash (no audit event), taken before the worker replaces it


def _call(function, *args):
    return function(*args)


OURS = _call  # the worker's way to run a read of ours while a program runs (see _guards.ours)


def _fill_layout_ok():
    if _POINTER != 8 or sys.implementation.name != "cpython":
        return False
    probe = {1, 2, 3}
    probe.discard(2)  # fill 3, used 2
    fill, used, mask, table = (ctypes.c_ssize_t.from_address(id(probe) + offset).value
                               for offset in (_SET_FILL, _SET_FILL + 8, _SET_FILL + 16, _SET_FILL + 24))
    both = (ctypes.c_char * 32).from_address(id(probe) + _SET_FILL).raw
    return ((fill, used, mask, table) == (3, 2, 7, id(probe) + 64)  # (a small set's table is inline, at 64)
            and int.from_bytes(both[8:16], sys.byteorder, signed=True) == 2 and sys.byteorder == "little")


_FILL_OK = _fill_layout_ok()
_PLAIN_KINDS = frozenset({str, bytes, int, float, bool, complex, type(None)})
_PLAIN_OR_TUPLE = _PLAIN_KINDS | {tuple}


def _plainly_compared(item, depth=0):
    """Does comparing ``item`` run no program code (plain data, tuples of it)?"""
    kind = type(item)
    if kind in _PLAIN_KINDS:
        return True
    return kind is tuple and depth < 20 and all(_plainly_compared(x, depth + 1) for x in item)


def _reorders_by_kinds(items, owner):
    """The verdict from the elements' types alone (and, for built-in types and None, the size of
    ``owner``'s table), at C speed, or None when they do not decide it.

    Numbers, and tuples of them at any depth (grid cells, pairs), are order-free; str and bytes are
    not. (Order-free by their hashes, not always by their history: numbers that collide in a table
    where strings sat before them sit in an order the seed chose, and nothing in the table tells
    that history; those that set algebra took from a walk of a table of strings are told apart
    where the algebra is done, see SetOrder._note_built.) This runs on every iteration of a set in the repeated call: a set of 5,000 cells iterated
    in a loop must not cost a Python call per element each time round.
    """
    for level in range(_TUPLE_DEPTH):
        kinds = set(map(type, items))
        # (Membership, not ``&``: set algebra in a run goes through the stand-ins, see _algebra_function.)
        if float in kinds or complex in kinds:
            # A NaN hashes by its address (CPython 3.10+): a set of them has an address order.
            # (x == x is False for a NaN alone; compared here by C, for floats and complex only.)
            inexact = list(compress(items, map(_INEXACT.__contains__, map(type, items))))
            if not all(map(eq, inexact, inexact)):
                return True
        if _SUBSET(kinds, _ORDER_FREE_TYPES):
            return False
        if (not level and _any_in(kinds, _ADDRESS_KIND_LIST) and _SUBSET(kinds, _STATIC_KINDS)
                and len(items) <= _STATIC_TYPES_MAX and _static_elements_at_home(owner, items)):
            # Built-in types and None sit in the interpreter's own data, at addresses whose low
            # bits the address layout never changes (4 KiB pages at least), and hash by them: a
            # small set of them takes the same order in every CPython process, and validation must
            # not reverse it. Not inside a tuple (only at the first level), whose hash mixes every
            # bit of theirs: a set of tuples holding None took another order in another process
            # (red team 27S), as did a set of 200,000 numbers and None, whose slots read higher bits.
            # The table's own size decides, not the count: a set never shrinks its table when
            # elements are discarded, and None and int added to a set emptied from 320,000 numbers
            # took their slots from address bits 4 to 23, which differ between processes (red
            # team 28D: two executors validated two orders). Each of them must sit where its
            # probe had read only fixed bits (see _placed_by_fixed_bits).
            if all(not (_TYPE_FLAGS(x) & _HEAP_TYPE) for x in items if type(x) is type):
                return False
        if str in kinds or bytes in kinds:
            # By identity (the empty str and bytes are singletons in CPython): `"" in items`
            # compares with ==, which ran a program's __eq__ on its objects in the set, and one
            # that discarded from the set being walked changed what the walk saw.
            # (C scans: this runs on every iteration.)
            if not any(map(_IS, items, repeat(""))) and not any(map(_IS, items, repeat(b""))):
                return True
            # The empty str and bytes hash to 0 under every seed: judged by the rest.
            items = [x for x in items if not ((type(x) is str or type(x) is bytes) and not x)]
            if not items:
                return False
            continue
        if tuple not in kinds or not _SUBSET(kinds, _ORDER_FREE_TYPES | {tuple}):
            return None
        if len(kinds) > 1:  # numbers beside the tuples: only the tuples need a look inside
            items = compress(items, map(_IS_TUPLE, map(type, items)))
        items = list(chain.from_iterable(items))
    return None


# What hashes by an address in the interpreter's own data: built-in types and the singletons None,
# Ellipsis and NotImplemented (a set of None, ``...`` and 0 took a random order in ``run`` where
# plain Python gives one: the twenty-eighth session's hunt).
_ADDRESS_KINDS = frozenset({type, _NONE_TYPE, type(Ellipsis), type(NotImplemented)})
_ADDRESS_KIND_LIST = tuple(_ADDRESS_KINDS)


def _any_in(kinds, candidates):
    # Membership tests only: the program's run replaces frozenset.isdisjoint with a stand-in that
    # walks sets in the run's order, and this check, made on every iteration of a set of tuples,
    # went through it, took a set of types for an order the run changed, and brought the extra
    # runs to a program that never touches an order (a grid of cells iterated 400 times timed out).
    for kind in candidates:
        if kind in kinds:
            return True
    return False
_STATIC_KINDS = _ORDER_FREE_TYPES | _ADDRESS_KINDS
_TYPE_FLAGS = type.__dict__["__flags__"].__get__
_HEAP_TYPE = 1 << 9
_STATIC_TYPES_MAX = 150  # (a table holding more is larger than 256 slots)
_LINEAR_PROBES = 9  # CPython's setobject.c: the slots after the first that a probe tries before it jumps
_FIXED_ADDRESS_BITS = 12  # the low bits of an address that no layout moves (4 KiB pages at least); see settle_fixed_bits


def settle_fixed_bits(parent_layout):
    """How many low address bits of the interpreter's static objects (None, built-in types) no
    process of this interpreter moves: 21 where the parent's interpreter, of the same build (its
    None as far from its int as ours), put None at the same place modulo 2 MiB, as a kernel that
    maps the interpreter's library at 2 MiB boundaries does (Linux 6.x on this project's
    machines: ``id(None)`` ends in the same 21 bits in every process, and plain Python iterates a
    set of built-in types in one order everywhere); else the 12 of a page, all that ASLR
    promises. (Two layouts drawn by pages agree on the 9 bits above 12 once in 512.)"""
    global _FIXED_ADDRESS_BITS, _INTERPRETER_SPANS
    ours = [id(None) % (1 << 21), id(None) - id(int)]
    _INTERPRETER_SPANS = _spans_of_file_holding(id(None))
    _FIXED_ADDRESS_BITS = 21 if list(parent_layout or ()) == ours and _INTERPRETER_SPANS else 12
    return _FIXED_ADDRESS_BITS


_INTERPRETER_SPANS = ()  # the address ranges of the file that holds None (see settle_fixed_bits)


def _spans_of_file_holding(address):
    """The address ranges mapped from the file that holds ``address`` (read once, at start-up,
    from /proc/self/maps): the static types of an extension module loaded from a file of its own
    (``decimal.Decimal`` from ``_decimal``'s library) sit wherever that file was mapped, at its
    own page-aligned offset, and keep only a page's 12 bits in every process (red team 28Z: a
    set of two numbers and ``Decimal`` validated two orders in two executors)."""
    try:
        with open("/proc/self/maps") as maps:
            rows = [line.split(None, 5) for line in maps]
        spans = [(int(row[0].split("-")[0], 16), int(row[0].split("-")[1], 16), row[5].strip() if len(row) > 5 else "")
                 for row in rows]
    except (OSError, ValueError, IndexError):
        return ()
    holder = next((name for start, end, name in spans if start <= address < end), "")
    if not holder.startswith("/"):
        return ()
    return tuple((start, end) for start, end, name in spans if name == holder)


def _fixed_bits_of(hashed):
    """The fixed low bits of the address behind ``hashed`` (CPython's pointer hash: the address
    rotated right by 4 bits)."""
    if _FIXED_ADDRESS_BITS == 12:
        return 12
    word = hashed & _WORD
    address = ((word << 4) | (word >> 60)) & _WORD
    for start, end in _INTERPRETER_SPANS:
        if start <= address < end:
            return _FIXED_ADDRESS_BITS
    return 12


def _static_elements_at_home(owner, items):
    """Does every element of ``items`` hashed by its address (None, built-in types) sit where
    only the address's fixed low bits put it (see _placed_by_fixed_bits)? (No, where the table's
    layout is not the checked one.)"""
    words = _table_words(owner)
    if words is None:
        return False
    mask = len(words) // 2 - 1
    hashed = {_IDENTITY(x) for x in items if type(x) in _ADDRESS_KINDS}
    hashes = words[1::2]
    for slot, key in enumerate(words[0::2]):
        if key and hashes[slot] in hashed and not _placed_by_fixed_bits(hashes[slot], slot, mask):
            return False
    return True


def _placed_by_fixed_bits(hashed, slot, mask):
    """Is ``slot`` among those a probe for ``hashed`` (an address rotated right by 4 bits, as
    CPython hashes None and types) tries while it has read only the address's fixed bits? Jump j
    of the probe (see _probe_runs) reads address bits 4 + 5j and up, as many as the mask has. A
    probe that went on past those read bits that move between processes: numbers placed along
    None's probe chain sent it to a slot that differed from one process to the next (red team
    28J)."""
    jumps = max(0, (_fixed_bits_of(hashed) - 4 - mask.bit_length()) // 5 + 1)
    return any(slot in run for run in islice(_probe_runs(hashed & _WORD, mask), jumps))


def _probe_runs(hashed, mask):
    """CPython's probe for ``hashed`` (as size_t) in a table of ``mask + 1`` slots, as the runs of
    slots it tries, one a jump, without end (setobject.c: the slot ``hashed & mask`` and the
    _LINEAR_PROBES after it, where they do not run off the end, then a jump to
    ``(i * 5 + 1 + perturb) & mask`` with ``perturb >>= 5``)."""
    slot, perturb = hashed & mask, hashed
    while True:
        yield range(slot, slot + (_LINEAR_PROBES if slot + _LINEAR_PROBES <= mask else 0) + 1)
        perturb >>= _PERTURB_SHIFT
        slot = (slot * 5 + 1 + perturb) & mask


_PERTURB_SHIFT = 5  # setobject.c's


_WORD = (1 << 64) - 1  # C's size_t


class _Mode:
    # Slots, not an instance dict: a dict that once held no container is untracked by the
    # collector, and storing a run's ``shuffle`` (a closure) tracked it again after the task's
    # freeze, so every run under random orders counted it as a survivor and paid for a collection
    # and a heap search it did not need (about 2 us a validation).
    __slots__ = ("reversed", "shuffle", "keep_added", "unmodelable", "reordered", "mixed")

    def __init__(self):
        self.reversed = False
        self.shuffle = None  # a function that permutes a list in place, for validation's extra orders
        self.keep_added = None  # the extra orders' choice of which elements added during an iteration it yields
        self.unmodelable = False  # did a set change while iterated in a way no run can reproduce? (see _added)
        self.reordered = False  # did a set's order change in this run? (then other orders are worth a try)
        self.mixed = False  # did it reorder a set of numbers and other elements? (see _mixes_numbers)


_NOTHING = object()  # (no element: None may be one)


_REJUDGED_WHEN_GROWN = 64  # (see SetOrder._rebuilt)


class _Drain:
    """A set's pops in progress: its elements still to pop, in the run's order (``pending``, last
    first; None for a set judged order-free, which pops in the interpreter's order until it has
    doubled: ``limit``), and what the set was at our last pop (``size``; ``fill`` and ``table``
    from ``header``, from the second pop on).

    Elements added between pops (``extra`` of them, not yet placed): the interpreter's finger
    reaches each one wherever the seed placed it among the rest. The first perturbed run pops them
    when its list runs out; each extra run (``draw``: its random numbers) pops one of them next
    with the probability that it is the next of all that remain, and only then finds them (listing
    the set at every pop after an add cost O(n) a pop) and places the others at random among the
    pending. Elements the program removed meanwhile are skipped
    when their turn comes."""

    __slots__ = ("ref", "pending", "draw", "members", "popped", "extra", "limit", "size", "header", "fill", "table")

    def __init__(self, owner, pending, draw):
        self.ref = lambda: None
        self.pending, self.draw = pending, draw
        self.size = set.__len__(owner)
        self.limit = 2 * self.size
        self.extra = 0
        # The set's header is read from the second pop on (see SetOrder._rebuilt): a loop that
        # pops a fresh small set once or twice must not pay for a ctypes cell per set.
        self.header = self.fill = self.table = None
        # (keys, see _order_keys, of the pending elements: made at the first look for added ones,
        # which most drains never take, and kept up after it)
        self.members = None
        self.popped = set()  # (keys of the elements popped: one added back returns to its slot, behind the finger)

    def next_added(self, owner):
        """An element added since our last pop, to pop now (see the class), or _NOTHING."""
        grown = set.__len__(owner) - self.size
        if grown > 0:
            self.extra += grown
            self.size += grown
        if not self.extra or self.draw() * (len(self.pending) + self.extra) >= self.extra:
            return _NOTHING
        live = list(_SET_ITER(owner))
        keys = _order_keys(live)
        if self.members is None:
            self.members = set(_order_keys(self.pending))
        fresh = list(compress(zip(live, keys), map(not_, map(self.members.__contains__, keys))))
        self.extra = 0
        if not fresh:
            return _NOTHING
        # One to pop now; the others go among the pending at random places (so a set listed once
        # is listed again only when more are added: a loop of pops and adds lists it some log n
        # times a pass, not n).
        draw, pending, popped = self.draw, self.pending, self.popped
        self.members.update(map(_SECOND, fresh))
        # An element popped before and added back goes to the slot it left, which the finger has
        # passed: it comes after all the others (the first of the list is popped last).
        back = [item for item, key in fresh if key in popped]
        fresh = [pair for pair in fresh if pair[1] not in popped]
        pending[:0] = back
        if not fresh:
            return _NOTHING
        now = fresh.pop(int(draw() * len(fresh)))
        for item, _key in fresh:
            pending.insert(int(draw() * (len(pending) + 1)), item)
        return now[0]

    def forget(self, item):
        key = item if type(item) is str or _plainly_compared(item) else _IDENTITY(item)
        if self.members is not None:
            self.members.discard(key)
        self.popped.add(key)


class SetOrder:
    """``install()`` routes set iteration, ``set.pop`` and ``dict.fromkeys`` through us;
    ``reverse(True)`` flips the order of hash-ordered sets; ``uninstall()`` restores the
    interpreter's own functions."""

    def __init__(self, order_free):
        self.order_free = order_free
        # An identity, read with no audit event (id() raises one): the interpreter's own identity
        # hash, taken before the worker puts its virtual one in object's dictionary.
        self.address = object.__hash__
        self.mode = _Mode()
        self.installed = False
        self.drains = {}  # a set's identity hash -> its pops in progress (see _start_drain)
        self.listed = {}  # a set's identity hash -> the order this run listed for it (see _list)
        self.generations = count(1)  # (see _list)
        # The sets of numbers that set algebra built in this run from a walk in an order a seed
        # decides: their elements' identities, sorted (_identity_key) -> (those identities in the
        # order the walk in this run's order gives, the table's number of slots, whether it held
        # the marks removals leave, the set's own identity, each element's slot where the model
        # knows it) (see _lay_out and
        # _built_order). Keyed by the elements, not the set: C copies such a set (``set(b)``,
        # ``frozenset(b)``, ``copy.copy(b)``, ``{*b}``, ``s |= b`` into an empty ``s``) with no stand-in
        # seeing it, and the copy must take the order a copy of that walk's table would.
        self.built = {}
        self.built_sizes = set()  # (the sizes of the sets recorded: most sets iterated match none)
        self.building = False
        self.ok = all(_layout_ok(cls) for cls in (set, frozenset, dict))
        self.compare_slots = []  # (see below: tp_richcompare's cells, where its layout is checked)
        if not self.ok:
            return
        self.original_iters = {cls: cls.__dict__["__iter__"] for cls in (set, frozenset)}
        # (the slot as a ctypes cell, made once: making one is an audited event, on every run)
        self.slots = [(cell, cell.value) for cell in
                      (ctypes.c_void_p.from_address(id(cls) + _TP_ITER) for cls in (set, frozenset))]

        class _Probe:  # a class with a Python __iter__: its tp_iter is the generic slot function
            def __iter__(self):
                return iter(())

        self.generic_iter_slot = ctypes.c_void_p.from_address(id(_Probe) + _TP_ITER).value
        # The comparisons the same way: tp_richcompare pointed at the generic slot function of
        # every Python class with an __eq__, which calls the __le__ and the rest we put in the
        # types' dictionaries (see _compare_function). Only where the layout is the one checked.
        comparisons = []
        if _compare_layout_ok():
            class _ProbeCompare:
                def __eq__(self, other):
                    return NotImplemented

            self.generic_compare_slot = ctypes.c_void_p.from_address(id(_ProbeCompare) + _TP_RICHCOMPARE).value
            self.compare_slots = [(cell, cell.value) for cell in
                                  (ctypes.c_void_p.from_address(id(cls) + _TP_RICHCOMPARE) for cls in (set, frozenset))]
            comparisons = [(cls, name, self._compare_function(name, cls.__dict__[name], cls))
                           for cls in (set, frozenset) for name in _COMPARISONS]
            comparisons += [(cls, name, self._method_function(name, cls.__dict__[name], cls))
                            for cls in (set, frozenset) for name in _SUBSET_METHODS]
        # The in-place updates the same way: set's nb_inplace_subtract, _xor and _or pointed at the
        # generic slot functions, which call the __isub__ and the rest we put in its dictionary.
        self.number_slots = []  # (cell, the interpreter's slot function, the generic one)
        updates = []
        generic = _inplace_slot_functions()
        if generic is not None:
            numbers = ctypes.c_void_p.from_address(id(set) + _TP_AS_NUMBER).value
            for name, offset in _INPLACE_SLOTS.items():
                cell = ctypes.c_void_p.from_address(numbers + offset)
                self.number_slots.append((cell, cell.value, generic[name]))
            updates = [(set, name, self._update_function(name, set.__dict__[name])) for name in _UPDATES]
        # Set algebra the same way (both types' binary slots), so that a set of numbers that C
        # built by walking a set whose order a seed decides takes the order the walk gives in
        # this run (see _algebra_function).
        algebra = []
        binary = _binary_slot_functions()
        if binary is not None and _FILL_OK:
            for cls in (set, frozenset):
                numbers = ctypes.c_void_p.from_address(id(cls) + _TP_AS_NUMBER).value
                for name, offset in _BINARY_SLOTS.items():
                    cell = ctypes.c_void_p.from_address(numbers + offset)
                    self.number_slots.append((cell, cell.value, binary[name]))
            algebra = [(cls, name, self._algebra_function(name, cls.__dict__[name], cls))
                       for cls in (set, frozenset) for name in _ALGEBRA]
            # A dict view's ``|`` (dict_keys and dict_items share one PyNumberMethods) copies the
            # view into a set and merges the other operand into it with C's _PySet_Update, which
            # walks a set's table in the seed's order past set.update's stand-in (the
            # thirty-eighth session's red team C: 4 of 8 validations ok): pointed at the generic
            # slot function too, which calls the __or__ below (its __ror__ stays the interpreter's,
            # which merges the view, iterated in the dict's order, into a copy of the left operand).
            views = _view_union_slot(binary["__or__"]) if updates else None
            if views is not None:
                self.number_slots.append(views)
                update = next(ours for _, name, ours in updates if name == "update")
                algebra += [(kind, "__or__", self._view_union_function(kind.__dict__["__or__"], update))
                            for kind in _VIEWS]
            algebra.append((set, "copy", self._algebra_function("copy", set.__dict__["copy"], set)))
            iand = _generic_number_slots(_INPLACE_AND_SLOT)
            theirs = _number_slots(set, _INPLACE_AND_SLOT)
            if iand and theirs and iand["__iand__"] and theirs["__iand__"] and iand["__iand__"] != theirs["__iand__"]:
                numbers = ctypes.c_void_p.from_address(id(set) + _TP_AS_NUMBER).value
                cell = ctypes.c_void_p.from_address(numbers + _INPLACE_AND_SLOT["__iand__"])
                self.number_slots.append((cell, cell.value, iand["__iand__"]))
                algebra += [(set, name, self._intersection_update_function(name, set.__dict__[name]))
                            for name in ("__iand__", "intersection_update")]
        # (type, its dictionary, name, the interpreter's entry, ours)
        self.entries = [(cls, _type_dict(cls), name, cls.__dict__[name], _named_as(ours, cls.__dict__[name]))
                        for cls, name, ours in (
            (set, "pop", self._pop_function(set.__dict__["pop"])),
            (set, "__iter__", self._iter_function(self.original_iters[set])),
            (frozenset, "__iter__", self._iter_function(self.original_iters[frozenset])),
            (dict, "fromkeys", classmethod(self._fromkeys_function(dict.__dict__["fromkeys"]))),
            # (OrderedDict's own C fromkeys makes its result with cls(), and where that is a plain
            # dict, a class whose __new__ returns one, it walks an exact set's table as dict's
            # does: the seed's order in every run, the thirty-second session's red team C.)
            (OrderedDict, "fromkeys", classmethod(self._fromkeys_function(OrderedDict.__dict__["fromkeys"]))),
            (set, "__sizeof__", _refused_sizeof(_SIZEOF[set])),
            (frozenset, "__sizeof__", _refused_sizeof(_SIZEOF[frozenset])),
            *comparisons,
            *updates,
            *algebra,
        )]
        self.swapped_types = list(dict.fromkeys(cls for cls, *_ in self.entries))
        self.type_modified = ctypes.pythonapi.PyType_Modified
        self.type_modified.argtypes = [ctypes.py_object]
        self.type_modified.restype = None

    def _reorders(self, owner, original_iter):
        """Is ``owner`` a set with two or more elements whose order some seed changes?"""
        try:
            kind = type(owner)
            if not issubclass(kind, (set, frozenset)) or _size_function(owner)(owner) < 2:
                return False
            items = list(original_iter(owner))
            if self.built and self._built_entry(items) is not None:
                return True  # (laid out by set algebra from a walk in an order a seed decides: see _lay_out)
            verdict = _reorders_by_kinds(items, owner)
            if verdict is not None:
                return verdict
            if self.mode.shuffle is not None and all(map(SELF_SALTED, items)):
                # The program's objects hashed by its own __hash__ or by identity: in the extra
                # runs their hashes, salted or renumbered, lay the table out afresh, as another
                # seed would; shuffled on top, their order disagreed with the hashes the program
                # is shown, which it agrees with in the first run (a program that checked told the
                # runs apart, and answered the seed's order there alone). The reversed run still
                # reverses them.
                return False
            return not all(self.order_free(x) for x in items)
        except BaseException:  # noqa: BLE001 -- a __hash__ that fails, the recursion limit, an MRO that cannot be read
            # Not known to be order-free: perturbed like any order that may depend on the seed
            # (leaving it alone let a class whose type could not be judged keep the seed's order).
            return True

    def _plain_iter(self, owner):
        """The interpreter's own iterator over a set or frozenset (of any subclass)."""
        kind = set if _is_set(owner) else frozenset
        return self.original_iters[kind](owner)

    def _list(self, owner, original_iter, walk=True):
        """``owner``'s elements in this run's order, first first: the reverse of the interpreter's
        own order (sure to change any order), or the order of ``reverse(shuffle=...)``. Recorded
        for ``_listed_before`` (when ``walk``: a drain's listing is not served to a walk) as the
        set's table as it was and the permutation taken, so that nothing of the program's is held
        (a finalizer would run late).

        The extra runs' order is a function of the elements (every iteration and pop of a set in
        a run agrees, as under one seed), within a *generation* of the set: when the interpreter's
        own order of the elements a set keeps changed between two listings (a clear() and the
        same elements added back in another order, a resize), the set's order in that run is
        drawn afresh, as another seed may give it."""
        mode = self.mode
        mode.reordered = True
        now = list(original_iter(owner))
        if not mode.mixed:
            mode.mixed = _mixes_numbers(now)
        key = _IDENTITY(owner)
        entry = self.listed.get(key)
        if entry is not None and entry[0]() is not owner:
            entry = None
        keys = generation = permutation = None
        built = self._built_order(owner, now) if self.built else None
        if built is not None:
            permutation, generation = built, 0
            items = list(map(now.__getitem__, permutation))
        elif mode.shuffle is None:
            items = now[::-1]
        else:
            keys, table = _placed_keys(owner, _order_keys(now))
            generation = 0 if entry is None else entry[3]
            if entry is not None and entry[1] is not None and _relative_order_changed(entry[1], keys):
                generation = next(self.generations)
            # (Keyed by the table's size too: the same elements in a table of another size take
            # another order under a seed, as the interpreter's hash & mask gives them.)
            permutation = mode.shuffle(keys, (generation, _table_size_function(owner)(owner)), now, table)
            items = list(map(now.__getitem__, permutation))
        # (A drain's listing of a set listed before is recorded, so that the set's generation
        # follows it; one of a fresh set is not: a loop that pops small sets empty must not pay
        # for a weak reference and a record per set.)
        ref = None
        if entry is not None:
            ref = entry[0]
        elif walk:
            ref = _weak(owner, self.listed)
        if ref is not None:
            image = compared = None
            if walk:
                compared = _compared_in_c(now)
                # The table's image, for _listed_before, from the second listing of a set on: a
                # set iterated once (a fresh set in a loop) never pays for one.
                if entry is not None and _is_set(owner) and _FILL_OK:
                    image = _table_image(_header(owner), entry[5])
            self.listed[key] = (ref, keys, permutation, generation, compared, image)
        return items

    def _perturbed_iter(self, owner, original_iter):
        items = self._list(owner, original_iter)
        entry = self.listed.get(_IDENTITY(owner))
        compared = entry[4] if entry is not None else _compared_in_c(items)
        return _walk(owner, items, _size_function(owner)(owner), self, compared)

    def _listed_before(self, owner, original_iter):
        """A walk over the order this run listed for ``owner`` the last time, when the interpreter
        still holds the same objects in the same slots (served afresh from the live set). A set of
        words iterated inside a loop was listed, judged and ordered again on every pass, at some
        twenty times the interpreter's cost; now it costs a look at the set's table (see
        _table_image) and one C pass over the set."""
        found = self._remembered(owner, original_iter)
        if found is None:
            return None
        items, compared = found
        return _walk(owner, items, len(items), self, compared)

    def _remembered(self, owner, original_iter):
        """(``owner``'s elements in the order this run listed for it, whether they are compared in
        C), when that order still holds (see _listed_before), or None."""
        entry = self.listed.get(_IDENTITY(owner))
        if entry is None or entry[0]() is not owner or entry[4] is None:
            return None
        image = entry[5]
        if image is None:
            if _is_set(owner):
                return None  # no layout to read: listed again
            # (a frozenset: nothing changes it)
        elif _header(owner).raw[16:] != image[0] or image[1].raw != image[2]:
            return None  # another table, or other slots taken: listed again
        now = list(original_iter(owner))
        return (now[::-1] if entry[2] is None else list(map(now.__getitem__, entry[2]))), entry[4]

    def _in_order(self, owner):
        """``owner``'s elements in this run's order, as a list (no walk: nothing of the program's
        runs while a C caller such as dict.fromkeys takes them)."""
        original_iter = self.original_iters[set if _is_set(owner) else frozenset]
        found = self._remembered(owner, original_iter)
        if found is not None:
            return found[0]
        if self._reorders(owner, original_iter):
            return self._list(owner, original_iter)  # (RecursionError: see __iter__)
        return list(original_iter(owner))

    def _added(self, owner, listed, check):
        """The elements of ``owner`` swapped in since ``listed`` was made, those this run yields:
        all of them in the first perturbed run, a random half (per element, the same all run
        long) in each extra run (see _new_elements). An element swapped in, seen at a step and
        gone again before the end may have been yielded or not, as the seed placed it: no run
        here can tell, so the run reports that it cannot check this order."""
        new = _new_elements(owner, listed)
        if check is not None:
            check.note(new)
            if check.lost:
                self.mode.unmodelable = True
        if not new:
            return ()
        keep = self.mode.keep_added
        return new if keep is None else [item for item in new if keep(item)]

    def _after_resize(self, owner, listed, compared, check):
        """The rest of a walk over ``owner`` whose table was rebuilt while it was walked (its size
        unchanged). The interpreter's cursor goes on over the new table from the same slot number:
        it yields the elements the new layout put after it, which may include elements it yielded
        already and leave out some it had not; which ones is the seed's doing. The first perturbed
        run yields those it had not reached, once each; each extra run yields a random choice of
        the set's elements (per element, the same all run long), yielded already or not."""
        now = list(_SET_ITER(owner))
        ids_now = set(map(_IDENTITY, now))
        ids_listed = set(map(_IDENTITY, listed))
        new = [item for item in now if _IDENTITY(item) not in ids_listed]
        keep = self.mode.keep_added
        if keep is None:
            chosen = [item for item in listed[check.resized_at:] if _IDENTITY(item) in ids_now] + new
        else:
            chosen = [item for item in listed if _IDENTITY(item) in ids_now and keep(item)]
            chosen += [item for item in new if keep(item)]
        size, length = check.size, set.__len__
        for item in chosen:
            if length(owner) != size:
                raise RuntimeError("Set changed size during iteration")
            if compared and _plainly_compared(item) and not set.__contains__(owner, item):
                continue  # removed before its turn
            yield item
        if length(owner) != size:
            raise RuntimeError("Set changed size during iteration")

    def _iter_function(self, original_iter):
        def __iter__(*args, **kwargs):
            if len(args) != 1 or kwargs or not issubclass(type(args[0]), (set, frozenset)):
                return original_iter(*args, **kwargs)  # (the interpreter's TypeError)
            owner = args[0]
            if self.mode.reversed:
                NEED_ROOM()  # (see _guards.need_room: the same depth fails in every run)
                again = self._listed_before(owner, original_iter)
                if again is not None:
                    return again
                if self._reorders(owner, original_iter):
                    # (At the recursion limit this raises RecursionError, as the program's own
                    # code would there: falling back to the interpreter's order handed the seed's
                    # order out, and told the program which run it was in.)
                    return self._perturbed_iter(owner, original_iter)
                if _is_set(owner):
                    # Order-free now, but an element whose place the seed decides may be swapped
                    # in while it is iterated (a discard and an add: the size stays), and the
                    # interpreter's iterator then yields it or not as the seed placed it (the
                    # twenty-fourth session's red team C: 4 of 10 validations ok). No run here
                    # can reproduce the other seeds' choice: checked at the end of the walk.
                    return _wrapped(original_iter(owner), self._still_order_free(owner, original_iter))
            # The interpreter's own iterator, in the same wrapper as a perturbed walk: every run
            # hands out the same type of iterator, whatever it does with the order.
            return _wrapped(original_iter(owner))

        return __iter__

    def _still_order_free(self, owner, original_iter):
        """The end of a perturbed run's walk over a set judged order-free when it began (a
        generator that yields nothing): if the set has an order some seed changes now, with its
        size unchanged (it would have raised otherwise), an element was swapped in meanwhile, and
        this run reports that it cannot check the order."""
        if self._reorders(owner, original_iter):
            self.mode.unmodelable = True
        return
        yield  # noqa: unreachable -- (a generator)

    def _pop_function(self, original_pop):
        original_iter = self.original_iters[set]
        drains = self.drains

        def pop(*args, **kwargs):
            # A fresh set pops in iteration order: ours pops from the other end, an order other
            # seeds give. Everything else goes to the interpreter's pop, exactly. (This runs for
            # every pop of a perturbed run: no call it can spare; the identity hash, not id(),
            # which is an audited event.)
            if not mode.reversed or len(args) != 1 or kwargs or not issubclass(type(args[0]), set):
                return original_pop(*args, **kwargs)
            NEED_ROOM()
            owner = args[0]
            drain = drains.get(_IDENTITY(owner))
            if drain is None or drain.ref() is not owner or self._rebuilt(owner, drain):
                drain = self._start_drain(owner, original_iter)
            length = set.__len__
            for attempt in range(2):
                if attempt:
                    drain = self._start_drain(owner, original_iter)
                order = drain.pending
                while order:  # skipping what left the set since it was listed
                    item = _NOTHING
                    if drain.draw is not None and (drain.extra or length(owner) > drain.size):
                        item = drain.next_added(owner)
                    if item is _NOTHING:
                        item = order.pop()
                    size = length(owner)
                    set.discard(owner, item)
                    if length(owner) < size:
                        drain.size = size - 1
                        if drain.draw is not None:
                            drain.forget(item)
                        return item
                if order is None or not length(owner):
                    break
                # Listed to the end, and elements added since: list it again.
            item = original_pop(owner)  # order-free, empty, or hashes that will not find an element
            if drain.pending is None:
                drain.size = length(owner)  # (see _rebuilt: what an add after this pop grows it from)
            return item

        mode = self.mode
        return pop

    def _rebuilt(self, owner, drain):
        """Must the pops of ``owner`` in progress be listed again? A set judged order-free is
        judged again once it has doubled; a listed one once its table was rebuilt (a clear(), a
        resize: the interpreter's order of every element may have changed)."""
        if drain.pending is None:
            # Judged again once it has doubled; a small one as soon as it grew: a string added
            # to a set of numbers between its pops was popped where the seed placed it, which no
            # run reproduced (the twenty-fourth session's red team C: 8 of 10 validations ok).
            # (Not a large one: a loop that pops and adds numbers would list it at every pop.)
            size = set.__len__(owner)
            return size > drain.limit or (drain.size < size <= _REJUDGED_WHEN_GROWN)
        header = drain.header
        if header is None:
            if not _FILL_OK:
                return False
            header = drain.header = _header(owner)
            raw = header.raw
            drain.fill, drain.table = raw[:8], raw[16:]
            return False
        raw = header.raw
        if raw[16:] != drain.table:
            return True  # resized
        if raw[:8] != drain.fill:  # (slots filled by adds since: fine; fewer, a clear(): rebuilt)
            if _field(raw, 0) < _field(drain.fill, 0):
                return True
            drain.fill = raw[:8]
        return False

    def _start_drain(self, owner, original_iter):
        """A set is listed once and popped from the list (see _Drain): a run of pops costs O(1) a
        pop, not O(n)."""
        pending = None
        if self._reorders(owner, original_iter):
            pending = self._list(owner, original_iter, walk=False)  # (RecursionError: see __iter__)
            pending.reverse()  # popped from the end
        shuffle = self.mode.shuffle
        drain = _Drain(owner, pending, None if shuffle is None or pending is None else shuffle.draw)
        drains, key = self.drains, _IDENTITY(owner)
        # Weakly (a program may pop from a million sets: see _weak).
        drain.ref = _weak(owner, drains)
        if drain.ref is None:  # no weak references to it: listed again at its next pop
            return drain
        drains[key] = drain
        return drain

    # -- comparisons: C walks of a set's table that stop early -------------------------------------
    def _compare_function(self, name, original, owner_class):
        """``set.__le__`` and the rest (for ``owner_class``): the interpreter's comparison, except
        where it would walk a set whose order some seed changes, which is walked in this run's
        order instead (see _contained). ``a <= b`` tests a's elements in b one by one and stops at
        the first missing one, so which elements it compared (a program's ``__eq__``, decimal's
        FloatOperation flag, a RecursionError on a deep tuple) was the seed's, and the extra runs,
        which share the reversed run's process, could not show another (the twenty-fourth
        session's red team J: 4 to 6 of 10 validations ok)."""
        def compare(*args, **kwargs):
            if not self.mode.reversed or len(args) != 2 or kwargs:
                return original(*args, **kwargs)
            left, right = args
            if not issubclass(type(left), owner_class) or not issubclass(type(right), _ANY_SET):
                return original(left, right)  # (NotImplemented, or the interpreter's TypeError)
            NEED_ROOM()  # (as for iteration: the same depth fails in every run, whatever the set holds)
            left_size, right_size = _size_function(left)(left), _size_function(right)(right)
            if name == "__eq__" or name == "__ne__":
                # (as the interpreter: sizes first, then two frozensets' cached hashes, then a walk)
                if left_size != right_size or _cached_hashes_differ(left, right):
                    return original(left, right)
                walked, other = left, right
            elif name == "__le__" or (name == "__lt__" and left_size < right_size):
                walked, other = left, right
            elif name == "__ge__" or (name == "__gt__" and left_size > right_size):
                walked, other = right, left
            else:
                return original(left, right)  # (< or > decided by the sizes alone)
            found = self._contained(walked, other, stop_at_missing=True)
            if found is None:
                return original(left, right)
            return (not found) if name == "__ne__" else found

        return compare

    def _method_function(self, name, original, owner_class):
        """``issubset``, ``issuperset`` and ``isdisjoint`` of ``owner_class``, as the comparisons
        above: the interpreter's own, except where they walk a set whose order a seed changes."""
        def method(*args, **kwargs):
            if not self.mode.reversed or len(args) != 2 or kwargs or not issubclass(type(args[0]), owner_class):
                return original(*args, **kwargs)
            owner, other = args
            NEED_ROOM()
            if name == "isdisjoint":
                # The interpreter walks the smaller of two exact sets (the argument on a tie) and
                # stops at the first shared element; anything else it iterates (its own order,
                # or a set subclass's iterator, which is ours).
                if other is owner or type(other) not in _EXACT_SETS:
                    return original(owner, other)
                walked, container = other, owner
                if _size_function(other)(other) > _size_function(owner)(owner):
                    walked, container = owner, other
                found = self._contained(walked, container, stop_at_missing=False)
                return original(owner, other) if found is None else not found
            if name == "issuperset":
                if not issubclass(type(other), _ANY_SET):
                    return original(owner, other)  # (it iterates the argument, in its own order)
                walked, container = other, owner
            else:
                if not issubclass(type(other), _ANY_SET):
                    # (The interpreter builds a set of the argument first and walks the owner.)
                    other = set(other)
                walked, container = owner, other
            found = self._contained(walked, container, stop_at_missing=True)
            return original(owner, other) if found is None else found

        return method

    def _contained(self, walked, container, stop_at_missing):
        """With ``stop_at_missing``: is every element of ``walked`` in ``container`` (False at the
        first that is not)? Without: is any (True at the first that is)? Walked in this run's
        order; None when ``walked`` has no order a seed changes (the caller then lets the
        interpreter do it, exactly). Each element is looked up by ``in`` (set's own, never a
        subclass's ``__contains__``), which hashes it again where the interpreter used the hash
        it stored: a program's ``__hash__`` runs once more per element compared."""
        original_iter = self.original_iters[set if _is_set(walked) else frozenset]
        found = self._remembered(walked, original_iter)
        if found is None and not self._reorders(walked, original_iter):
            # No seed orders these elements by their hashes. But a set of numbers can sit in a
            # table laid out by strings it held before (their slots, the dummies they left, when
            # it grew): the seed's, which nothing in the table tells apart. A walk's early stop
            # shows only through a comparison that runs code or sets a flag (a program's __eq__,
            # a Decimal against a float, a deep tuple): where either set holds such an element,
            # the walk follows the run's order too (the twenty-fifth session's red team L: a
            # program's __eq__ in the other set told where 26 sat beside 5, 10 of 10 validations
            # ok). Plain data on both sides: the interpreter walks, exactly.
            if (_compared_in_c(list(original_iter(walked)))
                    and _compared_in_c(list(self.original_iters[set if _is_set(container) else frozenset](container)))):
                return None
        if stop_at_missing and _size_function(walked)(walked) > _size_function(container)(container):
            return False
        items = found[0] if found is not None else self._list(walked, original_iter)
        if not _hashes_as_stored(walked, items):
            return None
        contains = set.__contains__ if _is_set(container) else frozenset.__contains__
        # A membership test may run the program's __eq__, which may change the walked set. The
        # interpreter's walk skips a slot emptied before its turn (so do we: see _still_in) and
        # may or may not reach an element added
        # meanwhile, as the seed placed it: no run here can tell, so the run says it cannot check
        # this order (the twenty-fifth session's red team G: an __eq__ that emptied part of the
        # walked set was answered otherwise than by the interpreter in 10 of 10 runs).
        mutable = _is_set(walked)
        size = set.__len__
        before = size(walked) if mutable else 0
        # (Its table's mask and address: a table rebuilt during the walk, by adds and discards
        # that leave the size as it was, sends the interpreter's cursor on over the new layout
        # from the same slot number, as the seed placed things: red team K, 10 of 10 validations
        # ok of a seed-dependent answer.)
        header = _header(walked) if mutable else None
        layout = header.raw[16:] if header is not None else None
        answer = stop_at_missing
        for item in items:
            if mutable and size(walked) != before and not _still_in(walked, item, self.mode):
                continue  # removed before its turn
            if contains(container, item) is not stop_at_missing:
                answer = not stop_at_missing
                break
        if mutable and (_new_elements(walked, items) or (header is not None and header.raw[16:] != layout)):
            self.mode.unmodelable = True
        return answer

    # -- in-place updates: C walks of the argument's table that can stop part-way ---------------
    def _update_function(self, name, original):
        """``difference_update``, ``symmetric_difference_update`` and ``update``, and the in-place
        operators that call them (``-=``, ``^=``, ``|=``): the interpreter's own, except where the
        argument is a set whose table C would walk in an order a seed decides while a comparison
        on the way can run code or raise (see _update_order): there the argument is walked in
        this run's order, one element at a time. An exception part-way leaves the set with what
        was done before it, and a program's ``__eq__`` that looks at the set sees the same: in
        C's order, the real seed's in every run of a process, so a bit of it was validated in 6 to
        10 of 10 fresh executors (the twenty-ninth session's red team K). Each element is hashed
        again where C used the hash its table stored, as in _contained."""
        action = _UPDATES[name]
        operator = name.startswith("__")
        # The interpreter's method for one argument (an operator's own C function does the same
        # after its type check), taken before the swap puts ours in set's dictionary.
        interpreters = set.__dict__[_METHOD_OF.get(name, name)]

        def update(*args, **kwargs):
            if not self.mode.reversed or kwargs or len(args) < 2 or not issubclass(type(args[0]), set):
                return original(*args, **kwargs)
            owner, others = args[0], args[1:]
            if operator and (len(others) != 1 or not issubclass(type(others[0]), _ANY_SET)):
                return original(*args)  # (NotImplemented, or the interpreter's TypeError)
            NEED_ROOM()
            before = None
            built_others = [other for other in others if self._is_built(other)] if action == "add" else []
            grown = None
            if action == "add" and self.built and not self.building:
                # (A set that algebra laid out, grown in place: see _lay_out_grown.)
                grown = self._built_entry(list(self.original_iters[set](owner)))
            if built_others and not self.building:
                # A set that algebra laid out (see _lay_out) merged into this one: C walks its table
                # in the seed's order, into a table sized for both at once; laid out afresh below.
                before = [self._in_order(owner)]
            elif action != "add" and not self.building:
                # A removal can leave numbers alone in the slots that strings pushed them into:
                # the order they keep is the one this run walked the owner in, less the removed.
                self.building = True
                try:
                    before = self._walk_orders([owner])
                finally:
                    self.building = False
            for other in others:
                if action == "toggle" and not issubclass(type(other), _ANY_SET):
                    other = set(other)  # (the interpreter makes a set of it first, and walks that)
                items = self._update_order(owner, other, action)
                if items is None:
                    interpreters(owner, other)
                    continue
                for item in items:
                    if action == "add":
                        set.add(owner, item)
                    elif action == "discard":
                        set.discard(owner, item)
                    else:
                        size = set.__len__(owner)
                        set.discard(owner, item)
                        if set.__len__(owner) == size:
                            set.add(owner, item)
            if before is not None and set.__len__(owner) >= 2 and _plain_numbers(owner):
                self.building = True
                try:
                    if built_others:
                        before = before + [self._in_order(other) for other in built_others]
                    toggled = [other for other in others if issubclass(type(other), _ANY_SET)]
                    if action == "toggle" and len(toggled) == 1 and len(others) == 1:
                        # (Elements toggled into the owner's table, C's walk of the argument: the
                        # whole on the table model, as for ``^``.)
                        self._lay_out_symmetric(owner, before + [self._in_order(toggled[0])])
                    else:
                        self._lay_out(owner, owner, before, by_adds=False, in_place=True)
                finally:
                    self.building = False
            elif grown is not None and grown[4] is not None and set.__len__(owner) >= 2 and _plain_numbers(owner):
                self.building = True
                try:
                    self._lay_out_grown(owner, grown, others)
                finally:
                    self.building = False
            return owner if operator else None

        return update

    def _update_order(self, owner, other, action):
        """The elements of ``other`` in the order this run walks them for an update of ``owner``,
        or None where the interpreter's own walk shows nothing a seed decides: ``other`` no set,
        the owner itself, an empty owner that ``update`` fills by copying (no comparison runs),
        an argument whose order no seed changes, or plain data on both sides (no comparison runs
        code or raises: the result alone is seen, and it is the same in any order). (A walk in
        Python hashes each element again, and lays the owner's table out by single adds: a
        program that counts its ``__hash__`` calls in such an update, or that reads the owner's
        order of colliding numbers after it, sees that, in every run alike.)"""
        if not issubclass(type(other), _ANY_SET) or other is owner:
            return None
        if action == "add" and not set.__len__(owner):
            return None  # (a copy of the argument's table: ordered as copies are, see _built_order)
        if action == "discard" and (_size_function(other)(other) >> 3) > set.__len__(owner):
            # (The interpreter's shortcut: it walks the intersection instead, which it builds by
            # walking the owner.)
            other = _SET_INTERSECTION(owner, other)
        original_iter = self.original_iters[set if _is_set(other) else frozenset]
        # (Plain data on both sides first: the common case, told from the types alone.)
        if (_compared_in_c(list(original_iter(other)))
                and _compared_in_c(list(self.original_iters[set](owner)))):
            return None
        found = self._remembered(other, original_iter)
        if found is None and not self._reorders(other, original_iter):
            # No seed orders the argument's elements (numbers, the program's objects hashed by
            # numbers): C's walk is the same in every process, and a walk in another order
            # answered otherwise where an exception stopped it, and laid colliding numbers out in
            # other slots (red team N: deterministic programs refused, and run answering what no
            # process gives).
            return None
        items = found[0] if found is not None else self._list(other, original_iter)
        if not _hashes_as_stored(other, items):
            return None
        return items

    def _algebra_function(self, name, original, owner_class):
        """``a - b``, ``a & b``, ``a ^ b``, ``a | b`` (and their reflected forms), ``difference``,
        ``intersection``, ``symmetric_difference``, ``union`` and ``copy``: the interpreter's own,
        after which a result of plain numbers built by walking a set whose order a seed decides
        takes the order that walk gives in this run (see _note_built). C builds the result by
        adding the elements in the order it meets them in the walked set's table, and numbers
        that collide in the result's table sit in that order: ``{'x', 'y', 'z', 1, 9, 17, 25} -
        {'x', 'y', 'z'}`` lists ``(1, 9, 17, 25)`` under some seeds and ``(1, 25, 17, 9)`` under
        others, and a set holding only numbers is never reordered, so the runs of one process all
        repeated its seed's order (the thirty-second session's red team C3: 5 of 8 validated)."""
        kind, reflected = _ALGEBRA.get(name, ("copy", False))

        def algebra(*args, **kwargs):
            if not self.mode.reversed or self.building:
                return original(*args, **kwargs)
            NEED_ROOM()  # (as for iteration: the same depth fails in every run)
            result = original(*args, **kwargs)
            # (The checks that leave early come first, each one C pass: set algebra in a loop pays
            # for them on every operation.)
            if (kwargs or not args or type(result) not in _EXACT_SETS or len(result) < 2
                    or not issubclass(type(args[0]), owner_class) or not _plain_numbers(result)
                    or (len(result) <= _FEW and not _homes_shared(result)
                        and not (_may_hold_marks(kind, args, reflected) and _has_dummies(result)))):
                return result
            self.building = True
            try:
                operands = (args[1], args[0]) if reflected and len(args) == 2 else args
                self._note_built(kind, operands, result)
            finally:
                self.building = False
            return result

        return algebra

    def _note_built(self, kind, operands, result):
        """Record the order of ``result`` (built by ``kind`` of set algebra from ``operands``, the
        first the set whose method C ran) that a walk of the operands in this run's order gives
        (see _walk_orders and _lay_out), where the result holds two or more plain numbers and a
        set the interpreter walked for it has an order a seed decides."""
        owner, others = operands[0], [x for x in operands[1:] if issubclass(type(x), _ANY_SET)]
        # What C walks, in turn, and how it builds the result: adding what it keeps to a new set
        # one by one (``by_adds``, growing it as it goes), or copying the first walked set's table
        # whole into one sized for it, then removing or adding.
        by_adds = False
        if kind == "intersection":
            if len(operands) != 2 or not others:
                return  # (an iterable argument is walked in its own order; several are left alone)
            other = others[0]
            # (The interpreter walks the smaller of the two, the argument on a tie.)
            walked = [owner] if _size_function(other)(other) > _size_function(owner)(owner) else [other]
            by_adds = True
        elif kind == "difference":
            walked = [owner]
            # (A set or dict argument of at least a quarter of the owner's size: a walk of the owner;
            # otherwise a copy of it, from which the argument's elements are removed.)
            by_adds = len(operands) >= 2 and _difference_walks_owner(owner, operands[1])
        elif kind == "symmetric":
            walked = others + [owner]  # (a copy of the argument, then a walk of the owner)
        else:
            walked = [owner] + others  # (a copy of the owner, then the arguments' elements added)
        orders = self._walk_orders(walked)
        if orders is None:
            return
        if kind == "symmetric" and len(orders) == 2 and len(orders[0]) + len(orders[1]) <= _MODELLED_AT_MOST:
            # (C copies the argument, then toggles the owner's elements into the copy, which can
            # resize part-way: the seed decides the final size too, so the whole is modelled.)
            self._lay_out_symmetric(result, orders)
        else:
            self._lay_out(result, walked[0], orders, by_adds)

    def _walk_orders(self, walked):
        """The order this run walks each set of ``walked`` in (``_in_order``), or None where no
        seed decides them (numbers alone: the common case, told in C passes) or where finding out
        would run the program's code (its objects' ``__hash__``, which plain Python's set algebra
        never calls). Listing them here does not count as the run seeing an order: the result's
        own iteration, if any, does (a loop of differences whose results it only counted was tried
        under 30 more orders, and timed out)."""
        if not self.built and all(map(_numbers_alone, walked)):
            return None
        for operand in walked:
            items = list(_walker(operand)(operand))
            if not _compared_in_c(items) and not all(map(_valued_in_c, items)):
                return None
        reordered = self.mode.reordered
        try:
            for operand in walked:
                operand_iter = _walker(operand)
                if self._remembered(operand, operand_iter) is not None or self._reorders(operand, operand_iter):
                    return [self._in_order(operand) for operand in walked]
            return None
        finally:
            self.mode.reordered = reordered

    def _lay_out(self, result, first, orders, by_adds, in_place=False):
        """Record, for the rest of the run, the order of ``result`` (plain numbers) that C gives
        when it meets its elements in ``orders`` (the walked sets' orders in this run, ``first``
        the first of them; ``in_place``: ``first`` is ``result`` itself, as it was before), unless
        the interpreter's own order is that one already."""
        items = list(_walker(result)(result))
        key = _identity_key(map(_IDENTITY, items))
        if self._built_entry(items) is not None:
            # (A copy of such a set, ``b | set()``, ``b.copy()``: ordered as its copies are, see
            # _built_order.)
            return
        if not in_place and key == _identity_key(map(_IDENTITY, _walker(first)(first))):
            return  # (a copy of a walked set whose order no algebra laid out: its own iteration's)
        place = {_IDENTITY(item): index for index, item in enumerate(items)}
        met = []
        for order in orders:
            for item in order:
                index = place.pop(_IDENTITY(item), None)
                if index is not None:
                    met.append(index)
        unmet = sorted(place.values())  # (any the walk did not meet, in the interpreter's order)
        slot_of = None  # (identity -> slot in the modelled table, where the model knows them)
        copied = None if by_adds or in_place else self._copied_slot_for_slot(items, first, met + unmet, result)
        if copied is not None:
            permutation, slot_of = copied
        elif by_adds:
            # Added one by one, as C does: the interpreter's own set, grown by the same resizes
            # (each lays the table out again in slot order, so that only the first few elements'
            # order decides where colliding ones sit; laid out at once in the final table, a set
            # of 300 numbers that every seed lists alike came out otherwise in each run).
            fresh = set()
            for index in met + unmet:
                set.add(fresh, items[index])
            position = {_IDENTITY(items[index]): index for index in met + unmet}
            laid = list(_ORIGINAL_ITERS[set](fresh))
            permutation = [position[_IDENTITY(item)] for item in laid]
            words = _table_words(fresh)
            if words is not None:
                slot_of = dict(zip(map(_IDENTITY, laid), _slots(words)))
        elif not unmet and len(orders) == 1 and _table_slots(result) == _table_slots(first):
            # A copy of the walked table into one of its size, then removals: every element kept
            # its slot, so the walk's order, less what was removed (``b - {x}``, ``a -= {'x'}``).
            permutation = met
        else:
            # A copy into a table of another size (or a copy of the argument, then the owner's
            # elements toggled in): laid out along CPython's probe in a table of the result's own
            # size, in the walks' order, the elements C lays out and then drops included: each
            # keeps its slot as the mark a removal leaves, which the numbers added after it probe
            # past (``{17, 21, 'z'} ^ {'z'}`` lists 21 first where 'z' sat in 17's home slot: 3 of
            # 24 seeds). Their slots are the seed's: drawn at random in each extra run.
            permutation = self._probed_order(items, orders, unmet, _table_slots(result) - 1)
        if len(items) > _FEW and not _homes_shared(result) and not _has_dummies(result):
            return  # (every element in its own home slot: the same order whatever the walk)
        # Recorded even where this run's walk gives the interpreter's own order: iterating the
        # result then counts as seeing an order, and the extra runs' walks show the others (a
        # reversed walk that happened to lay the seed's order out was validated 8 of 8 times).
        self._record(items, (tuple(_IDENTITY(items[index]) for index in permutation), _table_slots(result),
                             _has_dummies(result), _IDENTITY(result), slot_of))

    def _lay_out_grown(self, owner, grown, others):
        """Record the order of ``owner``, a set that algebra laid out (``grown``, its record), after
        an update added ``others``' elements (``b |= N``): each element keeps the slot the model
        gave it (or, where the table grew, is laid out again in that slot order), and the new ones
        follow along the probe in the order C meets them (this run's order of each argument). Left
        to its own slots, such a set iterated in the seed's order (red team 35E: 8 of 8 validated)."""
        items = list(self.original_iters[set](owner))
        mask = _table_slots(owner) - 1
        old = sorted(grown[4].items(), key=lambda pair: pair[1])
        if mask + 1 == grown[1]:
            slot_of = dict(old)
            taken = set(slot_of.values())
        else:
            slot_of, taken = {}, set()
            by_id = {_IDENTITY(item): item for item in items}
            for identity, _ in old:
                if identity in by_id:
                    slot_of[identity] = _probe(hash(by_id[identity]) & _WORD, mask, taken)
        for other in others:
            walk = self._in_order(other) if issubclass(type(other), _ANY_SET) else []
            for item in walk:
                identity = _IDENTITY(item)
                if identity not in slot_of and _plainly_compared(item):
                    slot_of[identity] = _probe(hash(item) & _WORD, mask, taken)
        for item in items:  # (any not met: in the interpreter's order)
            if _IDENTITY(item) not in slot_of:
                slot_of[_IDENTITY(item)] = _probe(hash(item) & _WORD, mask, taken)
        order = sorted(items, key=lambda item: slot_of[_IDENTITY(item)])
        self._record(items, (tuple(map(_IDENTITY, order)), mask + 1, _has_dummies(owner), _IDENTITY(owner),
                             {_IDENTITY(item): slot_of[_IDENTITY(item)] for item in items}))

    def _copied_slot_for_slot(self, items, first, sequence, result):
        """(the permutation of ``items``, their slots) where C copied ``first``, a table this run
        modelled slot by slot, into ``result``'s table of the same size as it stands, then added
        the other elements of ``sequence`` (indices of ``items``, in the walks' order) along the
        probe (``(a - S) | N``); else None. Each copied
        element keeps the slot the model gave it, a number that probed past the table's end
        included: laid out again from the order, such a number went home, and every run gave the
        majority's order (8 of 8 validated, red team 35E)."""
        source = self._built_entry(list(_walker(first)(first)))
        if source is None or source[4] is None or source[1] != _table_slots(result) or source[2]:
            return None
        slot_of = dict(source[4])
        taken = set(slot_of.values())
        mask = _table_slots(result) - 1
        for index in sequence:
            if _IDENTITY(items[index]) not in slot_of:
                slot_of[_IDENTITY(items[index])] = _probe(hash(items[index]) & _WORD, mask, taken)
        if not all(_IDENTITY(item) in slot_of for item in items):
            return None
        return sorted(range(len(items)), key=lambda index: slot_of[_IDENTITY(items[index])]), slot_of

    def _lay_out_symmetric(self, result, orders):
        """Record the order of ``result`` (``a ^ b``, plain numbers) that C gives in this run: a
        copy of ``b`` (its elements in this run's order, into a table sized for them), then each
        element of ``a`` in this run's order removed where it is there and added where it is not,
        on a model of the table (_TableModel): the marks removals leave, and the resizes part-way,
        whose timing decides the table's final size (``{18, 'z', 'w', 'y', 23, 27, 12} ^ {'z',
        'w', 'y'}`` ends in 16 slots under some seeds and 32 under others: two orders of numbers
        that all sit at home). Strings and the rest hash at random in the extra runs, by their own
        hash in the reversed one."""
        items = list(_walker(result)(result))
        if self._built_entry(items) is not None:
            return
        draw = getattr(self.mode.shuffle, "draw", None)
        drawn = {}

        def hashed(item):
            if _hashed_by_value(item):
                return hash(item)
            if draw is None:
                return hash(item)
            if item not in drawn:  # (by value: every element here is compared in C)
                drawn[item] = int(draw() * _RANDOM_HASHES)
            return drawn[item]

        def token(item):  # (what C compares: equal values are one element, ``True`` and ``1`` too)
            return item

        copied, toggled = orders
        model = _TableModel(_INLINE_SLOTS)
        if len(copied) * 5 >= model.mask * 3:
            model.resize(len(copied) * 2)
        for item in copied:
            model.insert_clean(token(item), hashed(item))
        for item in toggled:
            if not model.discard(token(item)):
                model.add(token(item), hashed(item))
        position = {item: index for index, item in enumerate(items)}  # (by value: see token)
        order = [position[key] for key in model.keys() if key in position]
        if len(order) != len(items):
            return  # (the model lost track: left to the iteration)
        slot_of = {_IDENTITY(item): model.where[item] for item in items}
        self._record(items, (tuple(_IDENTITY(items[index]) for index in order), model.mask + 1,
                             model.fill > model.used, _IDENTITY(result), slot_of))

    def _probed_order(self, items, orders, unmet, mask):
        """The order of ``items`` (a result's, by index) when C adds the elements of ``orders`` in
        turn along CPython's probe into a table of ``mask + 1`` slots, where elements not in
        ``items`` take a slot each (by a random hash in the extra runs, by their own in the
        reversed one), then ``unmet`` (indices the walks did not meet)."""
        # (By value: an equal element met again, a string in the owner after the argument's copy,
        # ``1`` after ``True``, is the same element to C, whatever the object. Every element here
        # is compared in C: see _walk_orders and _plain_numbers.)
        position = {item: index for index, item in enumerate(items)}
        draw = getattr(self.mode.shuffle, "draw", None)
        taken, seen, placed = set(), set(), []
        for order in orders:
            for item in order:
                if item in seen:
                    continue
                seen.add(item)
                index = position.get(item)
                if index is None:
                    hashed = int(draw() * _RANDOM_HASHES) if draw is not None else hash(item)
                    _probe(hashed & _WORD, mask, taken)
                else:
                    placed.append((_probe(hash(item) & _WORD, mask, taken), index))
        placed += [(_probe(hash(items[index]) & _WORD, mask, taken), index) for index in unmet]
        return [index for _, index in sorted(placed)]

    def _record(self, items, entry):
        """Record ``entry`` (see ``built``) for a set of ``items``, with the sum of their hashes: an
        entry is found again only for the same objects holding the same values (a new number at the
        address of a dead one is another element: a set of other numbers that reused the freed
        addresses took a dead set's order, red team 35F)."""
        key = _identity_key(map(_IDENTITY, items))
        self.built[key] = entry + (sum(map(hash, items)),)
        self.built_sizes.add(len(key))

    def _built_entry(self, items):
        """The ``built`` entry for a set of ``items`` (a list, the set's elements), or None. Most
        sets iterated in a run are of no recorded size, and pay for one look at a set of sizes
        (a sorted key for every iteration of every set took a loop over a set of 50,000 numbers
        past its time limit, red team 35F)."""
        if len(items) not in self.built_sizes:
            return None
        entry = self.built.get(_identity_key(map(_IDENTITY, items)))
        if entry is None or not (_compared_in_c(items) or all(map(_valued_in_c, items))):
            return None
        if sum(map(hash, items)) != entry[5]:
            return None  # (other objects, of other values, at the addresses of dead ones)
        return entry

    def _is_built(self, candidate):
        """Is ``candidate`` a set of the elements of one that set algebra laid out (see _lay_out)?"""
        if not self.built or not issubclass(type(candidate), _ANY_SET):
            return False
        walk = _walker(candidate)
        return self._built_entry(list(walk(candidate))) is not None

    def _built_order(self, owner, now):
        """The permutation of ``now`` (``owner``'s elements in the interpreter's order) that this
        run gives a set of the elements of one that set algebra laid out (see _lay_out), or None.
        In a table of the same size, that set's order (a copy of the table as it stands); in one
        of another size, the order C's copy gives: its elements added in that set's order, each
        along CPython's probe."""
        ids = list(map(_IDENTITY, now))
        entry = self._built_entry(now)
        if entry is None:
            return None
        order, slots, dummies, origin = entry[:4]
        position = dict(zip(ids, count()))
        if _IDENTITY(owner) == origin or (_table_slots(owner) == slots and (not dummies or _has_dummies(owner))):
            return [position[identity] for identity in order]
        # (A copy of a table that holds dummies, which C lays out again element by element even
        # in a table of the same size: numbers that removed strings had pushed on go back home.)
        by_id = dict(zip(ids, now))
        mask, taken = _table_slots(owner) - 1, set()
        placed = [(_probe(hash(by_id[identity]) & _WORD, mask, taken), position[identity]) for identity in order]
        return [index for _, index in sorted(placed)]

    def _intersection_update_function(self, name, original):
        """``&=`` and ``intersection_update`` of a set: C builds the intersection by a walk (see
        _note_built) and gives the owner its table. The walked set's order is taken before, since
        the owner may be the one walked."""
        def update(*args, **kwargs):
            if (not self.mode.reversed or self.building or kwargs or len(args) != 2
                    or not issubclass(type(args[0]), set) or not issubclass(type(args[1]), _ANY_SET)):
                return original(*args, **kwargs)
            NEED_ROOM()
            owner, other = args
            walked = owner if _size_function(other)(other) > set.__len__(owner) else other
            self.building = True
            try:
                orders = self._walk_orders([walked])
            finally:
                self.building = False
            answer = original(owner, other)
            if orders is not None and set.__len__(owner) >= 2 and _plain_numbers(owner):
                self.building = True
                try:
                    self._lay_out(owner, walked, orders, by_adds=True, in_place=True)
                finally:
                    self.building = False
            return answer

        return update

    def _view_union_function(self, original, update):
        """``dict_keys.__or__`` and ``dict_items.__or__``: the interpreter's, except where the
        other operand is a set or frozenset and the run perturbs: then the interpreter's own copy
        of the view into a new set (its ``|`` with an empty frozenset, which merges nothing), and
        the operand merged into it by ``update`` (set.update's stand-in), as ``{*view} | other``
        would be (the same elements compared, now in this run's order)."""
        def union(*args, **kwargs):
            if (not self.mode.reversed or kwargs or len(args) != 2
                    or not issubclass(type(args[1]), _ANY_SET)):
                return original(*args, **kwargs)
            result = original(args[0], _NO_ELEMENTS)  # (the interpreter's TypeError for a wrong self)
            update(result, args[1])
            return result

        return union

    def _fromkeys_function(self, original_fromkeys):
        def fromkeys(cls, *args, **kwargs):
            if args and self.mode.reversed and issubclass(type(args[0]), (set, frozenset)):
                NEED_ROOM()
                args = (self._in_order(args[0]),) + args[1:]
            return original_fromkeys.__get__(None, cls)(*args, **kwargs)

        return fromkeys

    def forget_drains(self):
        """Drop the pops in progress, and with them the references they hold to a program's set
        elements, until none is left (a finalizer run by the drop may pop again). The caller
        does this inside the program's window: finalizers are the program's code."""
        while self.drains:
            self.drains.popitem()
        self.listed.clear()
        # The sets' header cells too, kept until a sweep: a table left near its threshold by one
        # run swept, and freed, some 3,000 objects the collector tracks at the next run's first
        # walk, which zeroed its youngest generation's count (the random start each run gets), so
        # a later task's first collection came after the same number of allocations whenever an
        # earlier task had walked 1,024 sets (the thirty-eighth session's red team A: 8 of 8).
        _HEADERS.clear()
        _emptied(self.listed, self.drains, _HEADERS)

    def install(self):
        if self.ok and not self.installed:
            for cell, _ in self.slots:
                cell.value = self.generic_iter_slot
            for cell, _ in self.compare_slots:
                cell.value = self.generic_compare_slot
            for cell, _, generic in self.number_slots:
                cell.value = generic
            self._swap(ours=True)
            self.installed = True

    def reverse(self, on, shuffle=None, keep_added=None):
        """Turn the perturbation on or off; with ``shuffle`` (see random_order), hash-ordered sets
        take the orders it gives instead of the reverse; ``keep_added`` (element -> bool) picks
        which elements added to a set while it is iterated the iteration still yields (all of
        them without it)."""
        self.mode.reversed = bool(on)
        self.mode.shuffle = shuffle if on else None
        self.mode.keep_added = keep_added if on else None
        self.mode.reordered = False
        self.mode.mixed = False
        self.mode.unmodelable = False
        self.listed.clear()
        self.built.clear()
        self.built_sizes.clear()
        self.drains.clear()
        _emptied(self.listed, self.drains)

    def uninstall(self):
        self.listed.clear()
        self.built.clear()
        self.built_sizes.clear()
        self.mode.reversed = False
        self.mode.shuffle = None
        self.mode.keep_added = None
        self.drains.clear()
        _emptied(self.listed, self.drains)
        if self.installed:
            for cell, original in self.slots + self.compare_slots:
                cell.value = original
            for cell, original, _ in self.number_slots:
                cell.value = original
            self._swap(ours=False)
            self.installed = False

    def _swap(self, ours):
        for cls, namespace, name, original, replacement in self.entries:
            namespace[name] = replacement if ours else original
        for cls in self.swapped_types:
            self.type_modified(cls)  # drop the method cache's entries for the type (once, after every write)


def _hashes_as_stored(owner, items):
    """Does every element of ``owner`` whose hash could have changed since it was added (the
    program's objects, and tuples or frozensets holding them) still hash to what ``owner``'s table
    stored? The interpreter's walk looks each element up by its stored hash; ours hashes it again
    (``in``), so an element whose ``__hash__`` now answers otherwise would be missed where the
    interpreter finds it (the twenty-fifth session's red team H: ``a <= b`` said False where plain
    Python says True, in every run). False then, and where the table cannot be read: the caller
    lets the interpreter walk, exactly. Numbers, strings and bytes (and tuples of them) keep their
    hashes: nothing is asked of them."""
    unsettled = [item for item in items if not _plainly_compared(item)]
    if not unsettled:
        return True
    stored = _stored_hashes(owner)
    if stored is None:
        return False
    try:
        return all(stored.get(_address(item)) == hash(item) for item in unsettled)
    except Exception:  # noqa: BLE001 -- a __hash__ that raises now: the interpreter never asks it
        return False


def _still_in(owner, item, mode):
    """Is ``item`` still in the set ``owner``, asked without running the program's code? Plain
    data by ``in`` (C compares it); the program's objects by their address among the keys the
    table holds now, as the interpreter's walk sees its slots (a program's __eq__ that took its
    own object out of the walked set was asked about it again: the twenty-fifth session's red
    team I, 10 of 10 validations ok of a seed-dependent output). Where the table cannot be read,
    the run says it cannot check this order."""
    if _plainly_compared(item):
        return set.__contains__(owner, item)
    present = _stored_hashes(owner)
    if present is None:
        mode.unmodelable = True
        return True
    return _address(item) in present


def _address(item):
    """``item``'s address, from the interpreter's identity hash (no audit event): that hash is
    the address rotated right by 4 bits."""
    rotated = _IDENTITY(item) & _WORD
    return ((rotated << 4) | (rotated >> 60)) & _WORD


def _stored_hashes(owner):
    """{an element's address: the hash ``owner``'s table stored for it}, or None where the layout
    is not the one checked. (Addresses of user space fit a signed word.)"""
    words = _table_words(owner)
    return None if words is None else dict(zip(words[0::2], words[1::2]))


def _cached_hash(owner):
    return ctypes.c_ssize_t.from_address(id(owner) + _SET_HASH).value


def _cached_hashes_differ(left, right):
    """Do two frozensets both have their hash computed, and differ in it? (The interpreter's
    shortcut for ``==``, taken before any element is compared.) A set's hash field stays -1."""
    if _is_set(left) or _is_set(right):
        return False
    first, second = OURS(_cached_hash, left), OURS(_cached_hash, right)
    return first != -1 and second != -1 and first != second


def _number_slots(cls, offsets):
    """{name: the function in ``cls``'s number slot at that offset} for ``offsets`` (see
    _INPLACE_SLOTS), or None where the type has no number slots."""
    numbers = ctypes.c_void_p.from_address(id(cls) + _TP_AS_NUMBER).value
    if not numbers:
        return None
    return {name: ctypes.c_void_p.from_address(numbers + offset).value for name, offset in offsets.items()}


def _generic_number_slots(offsets):
    """The slot functions CPython gives a class that defines the methods named in ``offsets`` in
    Python: the generic ones, each calling the method its type resolves."""
    def not_implemented(self, other):
        return NotImplemented

    return _number_slots(type("_Probe", (), dict.fromkeys(offsets, not_implemented)), offsets)


def _inplace_slot_functions():
    """{"__isub__": the generic slot function CPython gives a class that defines ``__isub__``, ...}
    (each calls the method its type resolves), or None where set's number slots are not where
    we read them: set's in-place slots set, frozenset's empty, a class's own generic ones set and
    apart from set's, a class without the methods without them."""
    class _Without:
        pass

    ours = _generic_number_slots(_INPLACE_SLOTS)
    theirs, frozen = _number_slots(set, _INPLACE_SLOTS), _number_slots(frozenset, _INPLACE_SLOTS)
    bare = _number_slots(_Without, _INPLACE_SLOTS)
    if None in (ours, theirs, frozen) or any(frozen.values()) or (bare is not None and any(bare.values())):
        return None
    if not all(ours.values()) or not all(theirs.values()) or any(ours[n] == theirs[n] for n in ours):
        return None
    return ours


def _plain_numbers(result):
    """Does ``result`` (an exact set or frozenset that set algebra just built) hold plain numbers
    alone (or tuples of them: no program code runs to hash them), no NaN among them? Anything else
    is left to the iteration: an order a seed decides by itself is its own to perturb, and the
    program's objects are left alone. One C pass over the result (about 16 us for 1,000 numbers;
    the operation itself takes 3 us)."""
    walk = _walker(result)
    kinds = set(map(type, walk(result)))
    if _SUBSET(kinds, _ORDER_FREE_TYPES):
        return not (float in kinds or complex in kinds) or all(map(eq, walk(result), walk(result)))
    items = list(walk(result))
    if _reorders_by_kinds(items, result) is False:
        # (Tuples of numbers; None and built-in types at their homes, and the empty str and bytes,
        # beside numbers: none of them is reordered by its own iteration, and C compares them.)
        return True
    # (Decimals, Fractions, ranges, IntEnum members: hashed and compared by value by C or the library.)
    return (not (str in kinds or bytes in kinds) and all(map(_hashed_by_value, items))
            and all(map(_equal_by_the_library, kinds)))


def _valued_in_c(item):
    """Does hashing and comparing ``item`` run no program code (plain data, or a number the
    library hashes by value: see _hashed_by_value)?"""
    if _plainly_compared(item) or item is Ellipsis or item is NotImplemented:
        return True
    if type(item) is type:
        return not (_TYPE_FLAGS(item) & _HEAP_TYPE)  # (a built-in type: a metaclass of the program's runs nothing)
    return _hashed_by_value(item) and _equal_by_the_library(type(item))


# ``__eq__`` as the interpreter finds it (see _HASH_ENTRY), and the library's own: an int
# subclass given an ``__eq__`` of the program's after it was made keeps int's hash, and the model,
# which adds such elements to sets of its own, ran that ``__eq__`` where plain Python's set
# algebra does not (red team 35F).
_EQ_ENTRY = methodcaller("get", "__eq__", _NOTHING)
_LIBRARY_EQUALITY = {_IDENTITY(kind.__dict__["__eq__"]) for kind in (int, float, complex, tuple, range)}


def _equal_by_the_library(kind):
    found = next(filter(_FOUND, map(_EQ_ENTRY, map(_TYPE_DICT, _TYPE_MRO(kind)))), None)
    return found is not None and _IDENTITY(found) in _LIBRARY_EQUALITY


def _table_slots(owner):
    """The number of slots of ``owner``'s hash table, from its memory size (one C call)."""
    kind = set if _is_set(owner) else frozenset
    memory = _SIZEOF[kind](owner)
    return _INLINE_SLOTS if memory == _EMPTY_SIZE[kind] else (memory - _EMPTY_SIZE[kind]) // _ENTRY_BYTES


def _may_hold_marks(kind, args, reflected):
    """Can set algebra of ``kind`` on ``args`` leave the marks of removals in its result's table?
    Only where C copies a table and removes from it: a symmetric difference, and a difference
    with an argument under a quarter of the owner's size (or not a set or dict). (Reading the
    marks makes a cell on the set's header, which a small operation's cost would double.)"""
    if kind == "symmetric":
        return True
    if kind != "difference" or len(args) < 2:
        return False
    owner, argument = (args[1], args[0]) if reflected else (args[0], args[1])
    return not _difference_walks_owner(owner, argument)


def _identity_key(identities):
    """The ``built`` registry's key for a set of these identities: sorted, as a tuple (a frozenset
    key compared in a dict lookup would go through the comparison stand-ins)."""
    return tuple(sorted(identities))


def _has_dummies(owner):
    """Does ``owner``'s table hold the marks that removals leave (its fill above its count)? A
    number pushed on by an element since removed stays where it was pushed, away from its home."""
    header = _header(owner)
    if header is None:
        return True
    raw = header.raw
    return _field(raw, 0) > _field(raw, 1)


def _numbers_alone(operand):
    """Does ``operand`` (a set walked for set algebra) hold numbers alone, no NaN among them? Their
    slots are their values', so C's walk meets them in the same order under every seed."""
    walk = _walker(operand)
    kinds = set(map(type, walk(operand)))
    if not _SUBSET(kinds, _ORDER_FREE_TYPES):
        return False
    return not (float in kinds or complex in kinds) or all(map(eq, walk(operand), walk(operand)))


def _homes_shared(result):
    """Do two of ``result``'s plain numbers share a home slot in its table? (Where none does, no
    element was ever pushed on from its home, and the order is the slots'.) One C pass, about
    50 us for 1,000 numbers: asked first of small results, last of big ones (see _FEW)."""
    walk = _walker(result)
    return len(set(map(and_, map(hash, walk(result)), repeat(_table_slots(result) - 1)))) < len(result)


_FEW = 32  # (up to this many elements, the home slots are read before the walked sets' kinds)


_ORIGINAL_ITERS = {set: _SET_ITER, frozenset: frozenset.__dict__["__iter__"]}


def _walker(owner):
    """The interpreter's own iterator function for ``owner`` (a set or frozenset of any subclass:
    never a subclass's ``__iter__``, nor the run's stand-in)."""
    return _ORIGINAL_ITERS[set if _is_set(owner) else frozenset]


def _difference_walks_owner(owner, argument):
    """Does C's ``owner - argument`` walk the owner and add what it keeps to a new set (a set or
    dict argument of at least a quarter of the owner's size), rather than copy the owner's table
    and remove the argument's elements from the copy?"""
    if issubclass(type(argument), _ANY_SET):
        return (_size_function(owner)(owner) >> 2) <= _size_function(argument)(argument)
    if type(argument) is dict:
        return (_size_function(owner)(owner) >> 2) <= dict.__len__(argument)
    return False
_INLINE_SLOTS = 8  # a small set's own table (PySet_MINSIZE)
_EMPTY_SIZE = {set: _SIZEOF[set](set()), frozenset: _SIZEOF[frozenset](frozenset())}


def _binary_slot_functions():
    """{"__sub__": the generic slot function CPython gives a class that defines ``__sub__``, ...},
    or None where the number slots of set and frozenset are not where we read them (both set, the
    same functions, and apart from the generic ones)."""
    ours = _generic_number_slots(_BINARY_SLOTS)
    theirs, frozen = _number_slots(set, _BINARY_SLOTS), _number_slots(frozenset, _BINARY_SLOTS)
    if None in (ours, theirs, frozen) or not all(ours.values()) or theirs != frozen:
        return None
    if any(ours[n] == theirs[n] or not theirs[n] for n in ours):
        return None
    return ours


_VIEWS = (type({}.keys()), type({}.items()))
_NO_ELEMENTS = frozenset()


def _view_union_slot(generic_or):
    """(the nb_or cell that dict_keys and dict_items share, the interpreter's function there, the
    generic one), or None where it is not where we read it: one PyNumberMethods for both views,
    its nb_or set and not already the generic one, and ``__or__`` in both views' dictionaries."""
    keys, items = _VIEWS
    if not all(_layout_ok(kind) and "__or__" in kind.__dict__ for kind in _VIEWS):
        return None
    numbers = ctypes.c_void_p.from_address(id(keys) + _TP_AS_NUMBER).value
    if not numbers or numbers != ctypes.c_void_p.from_address(id(items) + _TP_AS_NUMBER).value:
        return None
    cell = ctypes.c_void_p.from_address(numbers + _BINARY_SLOTS["__or__"])
    if not cell.value or cell.value == generic_or:
        return None
    return cell, cell.value, generic_or


def _compare_layout_ok():
    """Is tp_richcompare where we read it, and a frozenset's cached hash too? (See SetOrder.)"""
    def slot(cls):
        return ctypes.c_void_p.from_address(id(cls) + _TP_RICHCOMPARE).value

    class _Equal:
        def __eq__(self, other):
            return NotImplemented

    class _Less:
        def __lt__(self, other):
            return NotImplemented

    class _Neither:
        pass

    probe = frozenset({1, 2, 3})
    before = _cached_hash(probe)
    value = hash(probe)
    return (slot(set) == slot(frozenset) != 0 and slot(_Equal) == slot(_Less) not in (0, slot(set))
            and slot(_Neither) == slot(object) and before == -1 and _cached_hash(probe) == value)


def _refused_sizeof(original):
    def __sizeof__(*args, **kwargs):
        if len(args) != 1 or kwargs or not issubclass(type(args[0]), (set, frozenset)):
            return original(*args, **kwargs)  # (the interpreter's TypeError)
        REFUSE(_SIZEOF_REFUSAL)

    return __sizeof__


def _named_as(ours, original):
    """``ours`` with the interpreter's entry's name, qualified name and docstring (a program that
    prints ``set.pop.__doc__`` reads the same text as under the interpreter)."""
    function = ours.__func__ if isinstance(ours, classmethod) else ours
    for name in ("__name__", "__qualname__", "__doc__"):
        try:
            setattr(function, name, getattr(original, name))
        except (AttributeError, TypeError):
            pass
    return ours


def _weak(owner, table):
    """A weak reference to ``owner``, for an entry about to be added to ``table`` (a dict whose
    values hold one at index 0, or as ``.ref``), or None if the type takes no weak references
    (then nothing is recorded for it). Every lookup checks that the entry's reference still gives
    the set asked about (an identity of a dead set is taken by the next set at its address).

    No callback: a reference made with one sits in the set's own list of weak references, which a
    set subclass that also inherits a plain class reads as ``__weakref__`` (the first entry; None
    in plain Python, where nothing refers to a program's set weakly), and its ``__callback__`` was
    a function of the sandbox's that the program could call to drop the set's record while the set
    lived (the thirty-seventh session's red team E). A plain reference is the one the interpreter
    shares among all who ask for one, and its ``__callback__`` is None. The entries of dead sets go
    when the table has doubled since it was last swept (a program may pop from a million sets)."""
    try:
        ref = weakref.ref(owner)
    except TypeError:
        return None
    if len(table) >= _SWEEP_AT.get(id(table), _SWEEP_FLOOR):
        _sweep(table)
    return ref


_SWEEP_FLOOR = 1024  # entries a table may hold before its first sweep
_SWEEP_AT = {}  # id(table) -> its size at which it is swept next (the tables live as long as the worker)


def _sweep(table):
    """Drop the entries of dead sets from ``table``; the next sweep when it has doubled again.
    (One frame: it runs inside the set stand-ins' room below the recursion limit, see need_room.)"""
    dead = []
    for key, entry in table.items():
        if (entry.ref if type(entry) is _Drain else entry[0])() is None:
            dead.append(key)
    for key in dead:
        table.pop(key, None)  # (freeing an entry may run a program's finalizer, which may sweep too)
    _SWEEP_AT[id(table)] = max(_SWEEP_FLOOR, 2 * len(table))


def _emptied(*tables):
    """The tables were emptied: their next sweep at the floor again (a threshold doubled over a run
    that kept a million sets alive would let as many dead ones pile up in the next run)."""
    for table in tables:
        _SWEEP_AT.pop(id(table), None)



def _relative_order_changed(before, now):
    """Do the identities common to two listings of a set come in another order? (Added and
    removed elements alone never move the others, unless the table was rebuilt.)"""
    if before == now:
        return False
    kept_before, kept_now = set(before), set(now)
    return (list(compress(now, map(kept_before.__contains__, now)))
            != list(compress(before, map(kept_now.__contains__, before))))


def _order_keys(items):
    """What the extra runs' keys are drawn for: plain data by value (an equal element put back in
    a set takes the slot its twin left, whatever the object), the program's objects by identity
    (comparing them would run their code; and an identity holds nothing alive)."""
    if _FROZEN_SUPERSET(_C_COMPARED, map(type, items)):
        return items
    return [item if _plainly_compared(item) else _IDENTITY(item) for item in items]


_NUMBER_KINDS = (int, bool, float, complex)
_C_FROZENSET_ITER = frozenset.__iter__  # (C's, taken at import, before the run's stand-in)
_C_TUPLE_ITER = tuple.__iter__
_TUPLE_HASH, _FROZENSET_HASH = tuple.__hash__, frozenset.__hash__
_TYPE_MRO = type.__dict__["__mro__"].__get__
_TYPE_DICT = type.__dict__["__dict__"].__get__
# A class's __hash__ as the interpreter finds it, the first in its MRO's dicts:
# ``next(filter(_FOUND, map(_HASH_ENTRY, map(_TYPE_DICT, _TYPE_MRO(kind)))), None)``, all of it C, so
# that no frame is added where the set walk has asked for its room (see need_room: a helper
# function one frame deeper made a set of the program's objects fail at another depth).
_HASH_ENTRY = methodcaller("get", "__hash__", _NOTHING)
_FOUND = partial(is_not, _NOTHING)
_NUMBERS_OR_TUPLES = frozenset({int, bool, float, complex, tuple})
_NUMBERS_OR_TUPLES_LIST = tuple(_NUMBERS_OR_TUPLES)  # (iterated: a frozenset's iteration in a run is the stand-in's)


def _mixes_numbers(items):
    """Do ``items`` (a set's) hold elements the placed orders lay out by value (numbers and tuples
    of numbers, see _hashed_by_value) beside others? Only there do the placed orders (see
    random_order) differ from uniform ones in what they keep: a set of strings alone takes random
    places either way. Judged by the same test as the placed layout: judged by types, a set of
    numbers and one tuple holding a string (or one NaN, hashed by its address) was not mixed, so
    the extra runs were all uniform while the reported run kept the numbers in CPython's order,
    which told a program which run it was in (the thirtieth session's red team D3: 3 and 5 of 12
    validated with the seed's order)."""
    # (A dict, not a set: iterated below, and a set's iteration in a run is the stand-in's.)
    kinds = dict.fromkeys(map(type, items))
    # (Membership, not isdisjoint: the run's stand-in replaces set's, see _any_in.)
    if not _any_in(kinds, _NUMBERS_OR_TUPLES_LIST):
        for kind in kinds:
            # (The hash found by C alone, see _HASH_ENTRY.)
            if kind is str or kind is bytes:
                continue
            hasher = next(filter(_FOUND, map(_HASH_ENTRY, map(_TYPE_DICT, _TYPE_MRO(kind)))), None)
            if (hasher is _TUPLE_HASH or hasher is _FROZENSET_HASH
                    or _BY_VALUE_HASHERS.get(_IDENTITY(hasher)) is hasher):
                break
        else:
            return False
    seen = [False, False]  # (others, by value)
    for item in items:  # (until one of each: this runs at every listing until a set is found mixed)
        seen[_hashed_by_value(item)] = True
        if seen[0] and seen[1]:
            return True
    return False


def _hashed_by_value(item, depth=0):
    """Is ``item``'s hash the same under every seed and at every address: a number (not a NaN,
    which hashes by its address), the empty str or bytes (0 under every seed), a range of two or
    more elements, or a tuple or frozenset of such? Exact types only, compared and walked in C (a
    frozenset through its own C iterator, never the run's stand-in): no program code runs. (Laid
    out by a random hash, `''` and `frozenset({1})` beside numbers took places CPython never gives
    them, and `run` answered orders of `{frozenset({1}), 1, 2}` that no seed gives: the thirtieth
    session's red team D4.)"""
    kind = type(item)
    if kind is tuple:
        if all(type(x) in _NUMBER_KINDS and x == x for x in item):
            return True
        return depth < _TUPLE_DEPTH and all(_hashed_by_value(x, depth + 1) for x in item)
    if kind in _NUMBER_KINDS:
        return item == item
    if kind is str or kind is bytes:
        return not item
    if kind is frozenset:
        return depth < _TUPLE_DEPTH and all(_hashed_by_value(x, depth + 1) for x in _C_FROZENSET_ITER(item))
    if kind is range:
        return len(item) > 1  # (a shorter one hashes a tuple holding None: by an address)
    if kind is str or kind is bytes:
        return False
    # A Decimal, a plain Fraction, an IntEnum member, a namedtuple of numbers: hashed by value by C
    # or the library, never by the program (laid out by a random hash, a Decimal 0 came last in
    # `run` where every seed lists it first, and a string added before forty Decimals was validated
    # at one end of them, where half of all seeds put it among them: the thirty-first session's red
    # team D4). The hash is found as the interpreter finds it, in the MRO's dicts, by C alone (see
    # _HASH_ENTRY), and only C reads the value.
    hasher = next(filter(_FOUND, map(_HASH_ENTRY, map(_TYPE_DICT, _TYPE_MRO(kind)))), None)
    if hasher is _TUPLE_HASH:
        return depth < _TUPLE_DEPTH and all(_hashed_by_value(x, depth + 1) for x in _C_TUPLE_ITER(item))
    if hasher is _FROZENSET_HASH:
        return depth < _TUPLE_DEPTH and all(_hashed_by_value(x, depth + 1) for x in _C_FROZENSET_ITER(item))
    if _BY_VALUE_HASHERS.get(_IDENTITY(hasher)) is not hasher:
        return False
    decimal, fraction = _LIBRARY_NUMBERS["decimal"], _LIBRARY_NUMBERS["fraction"]
    if kind is decimal:
        return not decimal.is_nan(item)
    if kind is not fraction and fraction is not None and hasher is _TYPE_DICT(fraction).get("__hash__"):
        # Fraction's hash is Python code that reads the numerator and denominator by name: taken
        # by another class (`__hash__ = Fraction.__hash__` on an int subclass), it read the
        # program's properties, which ran inside this model (red team 31D5).
        return False
    if kind is fraction:
        # Its hash is Python code that hashes whatever the numerator slot holds (see
        # _guards._plain_fraction): only exact ints count.
        slots = _TYPE_DICT(fraction)
        try:
            return type(slots["_numerator"].__get__(item)) is int and type(slots["_denominator"].__get__(item)) is int
        except Exception:  # noqa: BLE001 -- an empty slot
            return False
    if issubclass(kind, float):
        return float.__eq__(item, item)  # (a NaN hashes by its address)
    if issubclass(kind, complex):
        return complex.__eq__(item, item)
    return issubclass(kind, int)  # (an IntEnum member, a bool or int subclass; a range is final)


def _placed_values(keys, items, numbers, table, numbers_first, settled):
    """The placed model's sort values (see random_order): each element's slot in a table of
    ``table`` slots that this run lays out as CPython would, numbers (and tuples of numbers) by
    their hashes, anything else by a random hash (its draw from ``numbers``), each along CPython's
    probe to the first free slot. ``keys`` pair each element with its slot in the interpreter's
    table. An element keeps the slot it got (``settled``, by key, for the run and the table's
    generation) while it stays, as in CPython's table: a set that lost an element, or was popped,
    keeps the others' order.

    Which came first, the numbers or the rest, is history the table does not keep
    (``numbers_first``). Numbers first: a number keeps the interpreter's slot where its probe
    there passed only numbers (numbers of one hash sit in the order they were added, which their
    slots alone do not tell: ``{7, 7 + M}``, M = 2**61 - 1, iterates 7 + M first, red team J);
    one that a string pushed on goes in again by its hash, before the rest. The rest first: the
    numbers go in again after them, in their present order, each by its hash. (Numbers kept where
    this process put them carried its seed in: a string added first pushed the numbers from its
    slot on by one, and the runs repeated the seed's answer to "is the string among the
    numbers?", the twenty-ninth session's red team G.)"""
    taken = {settled[key] for key in keys if key in settled}
    if len(taken) < len(keys):
        mask = table - 1
        numeric = list(map(_hashed_by_value, items))
        new = [i for i, key in enumerate(keys) if key not in settled]
        by_value = [i for i in new if numeric[i]]
        moved = [i for i in new if not numeric[i]]
        if numbers_first:
            number_slots = {key[1] for key, is_number in zip(keys, numeric) if is_number}
            again = []
            for i in by_value:
                slot = keys[i][1]
                if slot not in taken and _probed_past_numbers(hash(items[i]) & _WORD, slot, mask, number_slots):
                    taken.add(slot)
                    settled[keys[i]] = slot
                else:
                    again.append(i)
            order = ((again, True), (moved, False))
        else:
            order = ((moved, False), (by_value, True))
        for group, hashed_by_value in order:
            for i in group:
                hashed = hash(items[i]) if hashed_by_value else int(numbers[keys[i]] * _RANDOM_HASHES)
                settled[keys[i]] = _probe(hashed & _WORD, mask, taken)
    return [settled[key] for key in keys]


_RANDOM_HASHES = 1 << 53  # (a draw in [0, 1) times this: 53 random bits, low ones included)
# How many jumps the model follows a probe for: past them, the next free slot after it. Numbers
# of one hash (``5 + k * (2**61 - 1)``) share one probe path, and following each one's whole path
# in Python took ten times what building the set takes CPython (red team J).
_PROBE_JUMPS = 16


def _probe_path(hashed, mask):
    """The slots CPython's probe for ``hashed`` tries (see _probe_runs), for _PROBE_JUMPS jumps."""
    return chain.from_iterable(islice(_probe_runs(hashed, mask), _PROBE_JUMPS))


def _probe(hashed, mask, taken):
    """The free slot CPython's probe finds for ``hashed`` where ``taken`` slots are full (past
    _PROBE_JUMPS jumps, the next free slot from a place that moves with the table's fill, so that
    numbers of one hash do not all scan one run of full slots), marked taken."""
    for candidate in _probe_path(hashed, mask):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    candidate = (hashed + len(taken) * _SPREAD) & mask
    while candidate in taken:
        candidate = (candidate + 1) & mask
    taken.add(candidate)
    return candidate


_SPREAD = 0x9E3779B97F4A7C15  # (an odd constant: consecutive fills start far apart)


_MODELLED_AT_MOST = 2000  # (elements: the table model is Python, and a lookup in it walks the table)


class _TableModel:
    """A CPython set's table, modelled for set algebra (see SetOrder._lay_out_symmetric): slots
    holding a key or the mark a removal leaves, the fill and count, and setobject.c's rules for
    adds (the first mark along the probe before an unused slot is reused, with the fill unchanged;
    else the unused slot: ``s = {1, 17}; s.discard(1); s.add(33)`` lists 33 first), removals (a
    mark left in place) and resizes (when fill * 5 >= mask * 3, to the smallest power of two above
    four times the count, the keys laid out again in slot order). Keys are values; equal keys are
    one element, as to C."""

    def __init__(self, slots):
        self.mask, self.table, self.taken, self.where, self.fill, self.used = slots - 1, {}, set(), {}, 0, 0

    def insert_clean(self, key, hashed):
        slot = _probe(hashed & _WORD, self.mask, self.taken)  # (marks the slot taken)
        self.table[slot] = (key, hashed)
        self.where[key] = slot
        self.fill += 1
        self.used += 1

    def add(self, key, hashed):
        if key in self.where:
            return
        for slot in _probe_path(hashed & _WORD, self.mask):
            if slot not in self.table:
                break  # (unused: no mark met before it)
            if self.table[slot] is None:
                self.table[slot] = (key, hashed)  # (the first mark met: reused, the fill unchanged)
                self.where[key] = slot
                self.used += 1
                return
        self.insert_clean(key, hashed)
        if self.fill * 5 >= self.mask * 3:
            self.resize(self.used * 4)

    def discard(self, key):
        slot = self.where.pop(key, None)
        if slot is None:
            return False
        self.table[slot] = None  # (the mark: still taken for probes, never reused)
        self.used -= 1
        return True

    def resize(self, minimum):
        size = _INLINE_SLOTS
        while size <= minimum:
            size <<= 1
        entries = [self.table[slot] for slot in sorted(self.table) if self.table[slot] is not None]
        self.mask, self.table, self.taken, self.where, self.fill, self.used = size - 1, {}, set(), {}, 0, 0
        for key, hashed in entries:
            self.insert_clean(key, hashed)

    def keys(self):
        return [self.table[slot][0] for slot in sorted(self.table) if self.table[slot] is not None]


def _probed_past_numbers(hashed, slot, mask, number_slots):
    """Did the probe for ``hashed`` reach ``slot`` past slots that hold numbers only (so that no
    string decided where it stopped)? Taken as so past _PROBE_JUMPS jumps."""
    for candidate in _probe_path(hashed, mask):
        if candidate == slot:
            return True
        if candidate not in number_slots:
            return False
    return True


def random_choice(draw, address):
    """A ``keep_added`` for ``SetOrder.reverse``: True for a random half of the elements, drawn
    once per element (by ``address``) and run, as ``random_order`` draws its keys."""
    keys = defaultdict(draw)
    return lambda item: keys[address(item)] < 0.5


def random_order(draw, placed=None):
    """A ``shuffle`` for ``SetOrder.reverse``: one run of validation's extra orders.

    ``order(keys, generation=0, items=None, table=None)`` answers a permutation (a list of
    indices) that sorts ``keys`` (one per element: the element's value or identity, see
    _order_keys; paired with its slot where ``table``, the table's number of slots, is known, see
    _placed_keys) by random numbers drawn from ``draw`` (a C method returning a float, such as
    ``random.Random().random``), one per key and generation, the first time the run sees it. So
    the order is a function of the elements, not of the call: every iteration and pop of a set in
    that run sees the same order (``next(iter(s)) == s.pop()`` holds, as under any seed), and a
    set that lost an element keeps the others' order. A new ``random_order`` draws new numbers:
    each run's order is a uniformly random permutation. (Numbers hashed from addresses and a
    per-run mask were not uniform: five elements allocated side by side took only 45 to 65 of
    their 120 orders.) C calls only (the placed orders below loop in Python over what they lay
    out anew): a set of 5,000 elements may be iterated in a loop, and no program code runs to
    order it.

    With ``placed`` ("numbers-first" or "others-first"), only what a seed or an address moves is
    moved: the set is laid out in a simulated CPython table of its size, numbers (and tuples of
    numbers) by their hashes and anything else by random ones, along CPython's probe (see
    _placed_values), the numbers going in before or after the rest. A uniform permutation is far from the orders processes give a set of numbers and
    one element hashed by its address: ``None`` among 21 numbers, placed by address bits that
    differ from one process to the next, came last in about half of all processes and in 2 of 22
    uniform orders, so a program that answered whether it came last passed all of them about one
    validation in eight (red team 28J). And it scrambles numbers that CPython's probing keeps in
    order: numbers added after strings, each pushed on to the next free slot, stay ascending
    under every seed, and a program that said so was validated with ``False`` in every run (the
    twenty-ninth session's red team G). The single run whose output is reported lays numbers out
    first (as a display such as ``{0, 1, 2, 'a'}`` does); validation's extra runs take uniform
    orders and both placed ones in turn where a set mixed numbers with other elements, uniform
    orders alone elsewhere (see _worker._other_orders).

    >>> import random
    >>> order = random_order(random.Random(7).random)
    >>> order(list("abcde")) == order(list("abcde")) and sorted(order(list("abcde"))) == [0, 1, 2, 3, 4]
    True
    >>> placed = random_order(random.Random(7).random, placed="numbers-first")
    >>> items = [1, 2, "a", 3]
    >>> [items[i] for i in placed(list(zip(items, [1, 2, 5, 6])), 0, items, 8) if type(items[i]) is int]
    [1, 2, 3]
    """
    tables = {}  # generation -> {key: this run's number for it}
    layouts = {}  # generation -> {key: the slot the placed model gave it} (see _placed_values)
    # The last keys and the order found for them: a set iterated again and again (a loop over a
    # set of words inside another loop) is listed the same each time, and sorting its numbers
    # again was most of a perturbed pass.
    last = [None, None, None]

    def order(keys, generation=0, items=None, table=None):
        if generation == last[2] and keys == last[0]:
            return last[1]
        numbers = numbers_of(generation)
        if placed and table is not None:
            values = _placed_values(keys, items, numbers, table, placed == "numbers-first", settled_of(generation))
        else:
            values = list(map(numbers.__getitem__, keys))
        found = sorted(range(len(keys)), key=values.__getitem__)
        last[0], last[1], last[2] = keys, found, generation
        return found

    def numbers_of(generation):
        numbers = tables.get(generation)
        if numbers is None:
            numbers = tables[generation] = defaultdict(draw)
        return numbers

    def settled_of(generation):
        settled = layouts.get(generation)
        if settled is None:
            settled = layouts[generation] = {}
        return settled

    order.draw = draw  # (the run's random numbers, for the choices that are not orders)
    return order
