"""Reverse the order of hash-ordered sets, to expose programs whose output depends on it.

A set of strings iterates (and pops) in an order set by the strings' hashes, which change with
the hash seed. Comparing runs under two random seeds catches a program that returns
``list({'a', 'b'})`` only half the time (two orders, each as likely). So validation's perturbed
run sees every such set in *reverse* (an order the same elements also take under other seeds),
and, when it saw one, more runs follow under uniformly random orders until one disagrees with it
(``_worker.EXTRA_ORDERS``): a program whose output depends on the order escapes about once
in 2**14 validations.

Covered: iteration of any kind (``for``, ``list(s)``, ``sorted`` is unaffected by design,
``s.__iter__()``), ``set.pop`` (of any size: the order is listed once per run of pops), and
``dict.fromkeys(a_set)``. Sets whose order no seed can change are left alone: numbers (whose
hashes are their values), tuples and frozensets of them, and objects whose own ``__hash__``
hashes nothing seed-dependent (``order_free``, from the guards). Mutating a set while iterating
it still raises RuntimeError. Not covered (the two seeds alone judge them): C code that walks a
set's table directly (set algebra keeps the table order, and iterating the result is covered),
and subclasses of set made before ``install`` (they copied the interpreter's iteration function
when they were made; validation installs before the program's module body runs).

How: ``for`` and the other C callers reach a set's iterator through the ``tp_iter`` slot of
``set`` and ``frozenset``. We point that slot at the interpreter's own generic slot function (the
one every Python class with an ``__iter__`` method has), after checking the type layout
(``SetOrder.ok`` is False, and nothing is patched, on an interpreter whose layout is not the one
checked), and put Python functions for ``__iter__`` and ``pop`` in the types' dictionaries (and
``fromkeys`` in dict's). The generic slot calls our ``__iter__`` as Python calls any method: at
the recursion limit it raises RecursionError cleanly (a ctypes callback there would hand back an
uninitialised pointer). Every call they do not reorder goes to the interpreter's own method,
unchanged (same results, same errors). The swap lasts for validation's perturbed run only.
"""
import ctypes
import gc
import sys
import weakref
from collections import defaultdict
from itertools import chain, compress, repeat
from operator import eq, itemgetter

_POINTER = ctypes.sizeof(ctypes.c_void_p)
# Offsets (64-bit CPython 3.8 - 3.13) in PyTypeObject: tp_name, tp_basicsize, tp_flags, tp_iter.
_TP_NAME, _TP_BASICSIZE, _TP_FLAGS, _TP_ITER = 24, 32, 168, 216
_ORDER_FREE_TYPES = frozenset({int, bool, float, complex, type(None)})  # hashes are their values
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


def _walk(owner, items, size, added):
    """An iterator over ``items`` (``owner``'s elements, listed in this run's order) that walks
    the live set as the interpreter's iterator would: never an element removed before its turn,
    RuntimeError for a size that changed (checked before each element and once more after the
    last, as the interpreter does), and, when elements were swapped in meanwhile (a discard and an
    add: the size never changed), what ``added`` decides (see SetOrder._added). The interpreter
    yields such an element when it landed after its cursor, which the seed decides: so must the
    perturbed runs, or they would all agree with the seeds under which it was not yielded.
    (Removals are seen in sets of str and bytes, whose membership test runs no program code; swaps
    in any set.) Built from C iterators: a loop over a set of strings in a hot loop cost some 45 us
    a pass of 100 elements as a Python generator."""
    if not isinstance(owner, set):  # a frozenset: nothing changes it
        return iter(items)
    strings = _C_COMPARED.issuperset(map(type, items))
    filled = _filled(owner)
    present = compress(items, map(set.__contains__, repeat(owner), items)) if strings else iter(items)
    # zip asks the size first, then the element: one size check more after the last element.
    sizes = _SizeCheck({size: None}).__getitem__
    body = map(_SECOND, zip(map(sizes, map(len, repeat(owner))), present))
    return chain(body, _walk_end(owner, items, strings, filled, added))


def _walk_end(owner, items, strings, filled, added):
    if strings and _filled(owner) == filled and all(map(set.__contains__, repeat(owner), items)):
        return  # the same elements, and no slot filled meanwhile: nothing was swapped in
    yield from added(owner, items, filled)


class _SizeCheck(dict):
    """{the size at the start: None}: any other size is the interpreter's RuntimeError."""

    __slots__ = ()

    def __missing__(self, key):
        raise RuntimeError("Set changed size during iteration")


_SECOND = itemgetter(1)
_SET_FILL = 16  # offset of setobject.fill (64-bit CPython 3.8-3.13): slots ever filled since the last resize
_FILL_CELLS = {}  # a set's identity hash -> (a weak reference to it, a ctypes cell on its fill count)


def _filled(owner):
    """``owner``'s count of filled slots (active and dummy): it grows when an add takes a fresh
    slot, which no discard gives back. None where the layout is not the one checked. The ctypes
    cell is made once per set (making one is an audited event, in the program's time: ``OURS``,
    set by the worker, tells the audit hook it is ours) and read at C speed after that."""
    if not _FILL_OK:
        return None
    key = _IDENTITY(owner)
    entry = _FILL_CELLS.get(key)
    if entry is None or entry[0]() is not owner:
        entry = OURS(_fill_cell, owner, key)
    return entry[1].value


def _fill_cell(owner, key):
    cell = ctypes.c_ssize_t.from_address(id(owner) + _SET_FILL)
    try:
        ref = weakref.ref(owner, lambda _ref: _FILL_CELLS.pop(key, None))
    except TypeError:  # a subclass with __slots__ and no weak references: not kept
        return (lambda: owner, cell)
    entry = _FILL_CELLS[key] = (ref, cell)
    return entry


_IDENTITY = object.__hash__  # the interpreter's identity hash (no audit event), taken before the worker replaces it


def _call(function, *args):
    return function(*args)


OURS = _call  # the worker's way to run a read of ours while a program runs (see _guards.ours)


def _fill_layout_ok():
    if _POINTER != 8 or sys.implementation.name != "cpython":
        return False
    probe = {1, 2, 3}
    probe.discard(2)  # fill 3, used 2
    fill, used = (ctypes.c_ssize_t.from_address(id(probe) + offset).value for offset in (_SET_FILL, _SET_FILL + 8))
    return (fill, used) == (3, 2)


_FILL_OK = _fill_layout_ok()
_PLAIN_KINDS = frozenset({str, bytes, int, float, bool, complex, type(None)})


def _plainly_compared(item, depth=0):
    """Does comparing ``item`` run no program code (plain data, tuples of it)?"""
    kind = type(item)
    if kind in _PLAIN_KINDS:
        return True
    return kind is tuple and depth < 20 and all(_plainly_compared(x, depth + 1) for x in item)


def _reorders_by_kinds(items):
    """The verdict from the elements' types alone, at C speed, or None when they do not decide it.

    Numbers, and tuples of them at any depth (grid cells, pairs), are order-free; str and bytes are
    not. This runs on every iteration of a set in the repeated call: a set of 5,000 cells iterated
    in a loop must not cost a Python call per element each time round.
    """
    for _ in range(_TUPLE_DEPTH):
        kinds = set(map(type, items))
        if kinds & _INEXACT:
            # A NaN hashes by its address (CPython 3.10+): a set of them has an address order.
            # (x == x is False for a NaN alone; compared here by C, for floats and complex only.)
            inexact = list(compress(items, map(_INEXACT.__contains__, map(type, items))))
            if not all(map(eq, inexact, inexact)):
                return True
        if kinds <= _ORDER_FREE_TYPES:
            return False
        if str in kinds or bytes in kinds:
            return True
        if tuple not in kinds or not kinds <= _ORDER_FREE_TYPES | {tuple}:
            return None
        if len(kinds) > 1:  # numbers beside the tuples: only the tuples need a look inside
            items = compress(items, map(_IS_TUPLE, map(type, items)))
        items = list(chain.from_iterable(items))
    return None


class _Mode:
    reversed = False
    shuffle = None  # a function that permutes a list in place, for validation's extra orders
    keep_added = None  # the extra orders' choice of which elements added during an iteration it yields
    unmodelable = False  # did a set change while iterated in a way no run can reproduce? (see _added)
    reordered = False  # did a set's order change in this run? (then other orders are worth a try)


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
        self.drains = {}  # id(a set) -> its pops in progress (see _start_drain)
        self.listed = {}  # a set's identity hash -> the order this run listed for it (see _listed_before)
        self.ok = all(_layout_ok(cls) for cls in (set, frozenset, dict))
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
        # (type, its dictionary, name, the interpreter's entry, ours)
        self.entries = [(cls, _type_dict(cls), name, cls.__dict__[name], ours) for cls, name, ours in (
            (set, "pop", self._pop_function(set.__dict__["pop"])),
            (set, "__iter__", self._iter_function(self.original_iters[set])),
            (frozenset, "__iter__", self._iter_function(self.original_iters[frozenset])),
            (dict, "fromkeys", classmethod(self._fromkeys_function(dict.__dict__["fromkeys"]))),
        )]
        self.type_modified = ctypes.pythonapi.PyType_Modified
        self.type_modified.argtypes = [ctypes.py_object]
        self.type_modified.restype = None

    def _reorders(self, owner, original_iter):
        """Is ``owner`` a set with two or more elements whose order some seed changes?"""
        try:
            if not isinstance(owner, (set, frozenset)) or len(owner) < 2:
                return False
            verdict = _reorders_by_kinds(list(original_iter(owner)))
            if verdict is not None:
                return verdict
            return not all(self.order_free(x) for x in original_iter(owner))
        except BaseException:  # noqa: BLE001 -- a __hash__ that fails, the recursion limit, an MRO that cannot be read
            # Not known to be order-free: perturbed like any order that may depend on the seed
            # (leaving it alone let a class whose type could not be judged keep the seed's order).
            return True

    def _plain_iter(self, owner):
        """The interpreter's own iterator over a set or frozenset (of any subclass)."""
        kind = set if isinstance(owner, set) else frozenset
        return self.original_iters[kind](owner)

    def _perturbed_iter(self, owner, original_iter):
        items = self._perturbed_list(owner, original_iter)
        items.reverse()  # _perturbed_list is last-first
        walk = _walk(owner, items, len(owner), self._added_function(original_iter))
        if isinstance(owner, set) and _FILL_OK:
            try:
                ref = weakref.ref(owner)
            except TypeError:
                return walk
            self.listed[_IDENTITY(owner)] = (ref, len(owner), _filled(owner), items, original_iter)
        return walk

    def _listed_before(self, owner):
        """A walk over the order this run listed for ``owner`` the last time it was iterated,
        when nothing can have changed since: the same set, the same size, no slot filled since,
        every element listed still in it (so the same elements, and the same order). A set of
        words iterated inside a loop was listed, judged and ordered again on every pass, at some
        twenty times the interpreter's cost; now once a run."""
        entry = self.listed.get(_IDENTITY(owner))
        if entry is None:
            return None
        ref, size, filled, items, original_iter = entry
        if (ref() is not owner or len(owner) != size or _filled(owner) != filled
                or not all(map(set.__contains__, repeat(owner), items))):
            return None
        return _walk(owner, items, size, self._added_function(original_iter))

    def _added_function(self, original_iter):
        return lambda now, listed, filled: self._added(now, listed, original_iter, filled)

    def _added(self, owner, listed, original_iter, filled):
        """The elements of ``owner`` swapped in since ``listed`` was made, those this run yields:
        all of them in the first perturbed run, a random half (per element, the same all run
        long) in each extra run. New by identity, unless equal to a listed element (plain data
        only: comparing the program's objects would run its code), which the interpreter puts
        back in the slot it left. An element swapped in and out again before the end left only
        a filled slot behind: whether the interpreter yielded it is the seed's doing, and no run
        here can tell, so the run reports that it cannot check this order."""
        address = self.address
        known = set(map(address, listed))
        now = list(original_iter(owner))
        new = [item for item in now if address(item) not in known]
        if new:
            plain = [item for item in listed if _plainly_compared(item)]
            if plain:
                again = set(plain)
                new = [item for item in new if not (_plainly_compared(item) and item in again)]
        if not new:
            if filled is not None and _filled(owner) != filled:
                self.mode.unmodelable = True
            return ()
        keep = self.mode.keep_added
        return new if keep is None else [item for item in new if keep(item)]

    def _perturbed_list(self, owner, original_iter):
        """``owner``'s elements in this run's order, LAST FIRST (a drain pops from the end): the
        interpreter's own order (its reverse, which is sure to change any order), or the order
        of ``reverse(shuffle=...)``, reversed."""
        mode = self.mode
        mode.reordered = True
        items = list(original_iter(owner))
        if mode.shuffle is not None:
            mode.shuffle(items)
            items.reverse()
        return items

    def _iter_function(self, original_iter):
        def __iter__(*args, **kwargs):
            if len(args) == 1 and not kwargs and self.mode.reversed:
                owner = args[0]
                again = self._listed_before(owner)
                if again is not None:
                    return again
                if self._reorders(owner, original_iter):
                    try:
                        return self._perturbed_iter(owner, original_iter)
                    except RecursionError:
                        pass  # at the limit: the interpreter's order rather than a failure of ours
            return original_iter(*args, **kwargs)

        return __iter__

    def _pop_function(self, original_pop):
        original_iter = self.original_iters[set]
        drains = self.drains

        def pop(*args, **kwargs):
            # A fresh set pops in iteration order: ours pops from the other end, an order other
            # seeds give. Everything else goes to the interpreter's pop, exactly.
            if len(args) == 1 and not kwargs and self.mode.reversed and isinstance(args[0], set):
                owner = args[0]
                drain = drains.get(id(owner))
                for attempt in range(2):
                    if (attempt or drain is None or drain[0]() is not owner
                            or (drain[1] is None and len(owner) > drain[2])):
                        drain = self._start_drain(owner, original_iter)
                    order = drain[1]
                    while order:  # skipping what left the set since it was listed
                        item = order.pop()
                        size = len(owner)
                        set.discard(owner, item)
                        if len(owner) < size:
                            return item
                    if order is None or not owner:
                        break
                    # Listed to the end, and elements added since: list it again.
                return original_pop(owner)  # order-free, empty, or hashes that will not find an element
            return original_pop(*args, **kwargs)

        return pop

    def _start_drain(self, owner, original_iter):
        """[the set (weakly), its elements still to pop in our order or None, a size]. A set is
        listed once and popped from the list until it runs out (elements added meanwhile come
        after); one judged order-free is judged again once it has doubled. So a run of pops, adds
        between them included, costs O(1) a pop, not O(n)."""
        order = None
        if self._reorders(owner, original_iter):
            try:
                order = self._perturbed_list(owner, original_iter)  # popped from the end
            except RecursionError:
                pass  # at the limit: the interpreter's order
        drains, key = self.drains, id(owner)
        try:
            # Weakly, and forgotten when the set dies: a program may pop from a million sets.
            ref = weakref.ref(owner, lambda _ref: drains.pop(key, None))
        except TypeError:  # no weak references to it: listed again at its next pop
            return [lambda: None, order, 2 * len(owner)]
        drain = drains[key] = [ref, order, 2 * len(owner)]
        return drain

    def _fromkeys_function(self, original_fromkeys):
        def fromkeys(cls, *args, **kwargs):
            if args and self.mode.reversed and self._reorders(args[0], self._plain_iter):
                try:
                    args = (list(args[0]),) + args[1:]  # through the slot: reversed
                except RecursionError:
                    pass  # at the limit: the interpreter's order
            return original_fromkeys.__get__(None, cls)(*args, **kwargs)

        return fromkeys

    def forget_drains(self):
        """Drop the pops in progress, and with them the references they hold to a program's set
        elements, until none is left (a finalizer run by the drop may pop again). The caller
        does this inside the program's window: finalizers are the program's code."""
        while self.drains:
            self.drains.popitem()
        self.listed.clear()

    def install(self):
        if self.ok and not self.installed:
            for cell, _ in self.slots:
                cell.value = self.generic_iter_slot
            self._swap(ours=True)
            self.installed = True

    def reverse(self, on, shuffle=None, keep_added=None):
        """Turn the perturbation on or off; with ``shuffle`` (a function that permutes a list in
        place, the same way for the same elements), hash-ordered sets take the orders it gives
        instead of the reverse; ``keep_added`` (element -> bool) picks which elements added to a
        set while it is iterated the iteration still yields (all of them without it)."""
        self.mode.reversed = bool(on)
        self.mode.shuffle = shuffle if on else None
        self.mode.keep_added = keep_added if on else None
        self.mode.reordered = False
        self.mode.unmodelable = False
        self.listed.clear()
        self.drains.clear()

    def uninstall(self):
        self.listed.clear()
        self.mode.reversed = False
        self.mode.shuffle = None
        self.mode.keep_added = None
        self.drains.clear()
        if self.installed:
            for cell, original in self.slots:
                cell.value = original
            self._swap(ours=False)
            self.installed = False

    def _swap(self, ours):
        for cls, namespace, name, original, replacement in self.entries:
            namespace[name] = replacement if ours else original
            self.type_modified(cls)  # drop the method cache's entries for the type


def random_choice(draw, address):
    """A ``keep_added`` for ``SetOrder.reverse``: True for a random half of the elements, drawn
    once per element (by ``address``) and run, as ``random_order`` draws its keys."""
    keys = defaultdict(draw)
    return lambda item: keys[address(item)] < 0.5


def random_order(draw, address):
    """A ``shuffle`` for ``SetOrder.reverse``: one run of validation's extra orders.

    Elements are sorted by random keys, one per element (by ``address``, an identity hash),
    drawn from ``draw`` (a C method returning a float, such as ``random.Random().random``) the
    first time the run sees the element. So the order is a function of the elements, not of the
    call: every iteration and pop of a set in that run sees the same order (``next(iter(s)) ==
    s.pop()`` holds, as under any seed). A new ``random_order`` draws new keys: each run's order
    is a uniformly random permutation. (Keys hashed from the address and a per-run mask were not
    uniform: five elements allocated side by side took only 45 to 65 of their 120 orders, one of
    them in a fifth of the runs.) C calls only: a set of 5,000 elements may be iterated in a loop,
    and no program code (a ``__hash__``) runs to order it.

    >>> import random
    >>> shuffle = random_order(random.Random(7).random, id)
    >>> items = list("abcde"); shuffle(items); again = list("abcde"); shuffle(again)
    >>> items == again and sorted(items) == list("abcde")
    True
    """
    keys = defaultdict(draw)  # identity hash -> this run's key (ints and floats: never tracked by gc)
    key_of = keys.__getitem__
    # The last list's identities and the order found for them: a set iterated again and again (a
    # loop over a set of words inside another loop) is listed the same each time, and sorting its
    # keys again was most of a perturbed pass. Same identities, same keys, same order.
    last = [None, None]

    def permute(items):
        addresses = list(map(address, items))
        if addresses == last[0]:
            order = last[1]
        else:
            order = sorted(range(len(items)), key=list(map(key_of, addresses)).__getitem__)
            last[0], last[1] = addresses, order
        items[:] = list(map(items.__getitem__, order))

    return permute
