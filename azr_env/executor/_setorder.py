"""Reverse the iteration order of hash-ordered sets, to expose programs whose output depends on it.

A set of strings iterates in an order set by the strings' hashes, which change with the hash seed.
Comparing runs under two random seeds catches a program that returns ``list({'a', 'b'})`` only
half the time (two orders, each as likely). Instead, the run that calls ``f`` twice (validation's
second run) iterates every such set in *reverse*: an order the same elements also take under other
seeds. A program whose output depends on the order then disagrees with the first run for sure.

Sets whose order no seed can change are left alone: those of numbers (whose hashes are their
values) and of tuples of numbers. Mutating a set while iterating it still raises RuntimeError.
Not covered (the two seeds alone judge them): ``set.pop()``, ``dict.fromkeys(a_set)`` and other C
code that walks a set's table directly, and subclasses of set (CPython gives them the original
slot function when it builds the class).

Works by swapping the ``tp_iter`` slot of ``set`` and ``frozenset`` for a function of ours, through
ctypes, with a layout check first: ``available()`` is False (and nothing is patched) on an
interpreter whose type layout is not the one checked.
"""
import ctypes
import sys
from decimal import Decimal
from fractions import Fraction

_ITERFUNC = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.py_object)
_POINTER = ctypes.sizeof(ctypes.c_void_p)
# Offsets in PyTypeObject (64-bit CPython 3.8 - 3.13): tp_name, tp_basicsize, tp_flags, tp_iter.
_TP_NAME, _TP_BASICSIZE, _TP_FLAGS, _TP_ITER = 24, 32, 168, 216
_ORDER_FREE = frozenset({int, bool, float, complex, type(None), Fraction, Decimal})


def _order_free(item):
    kind = type(item)
    if kind in _ORDER_FREE:
        return True
    return kind is tuple and all(type(x) in _ORDER_FREE for x in item)


class _Slot:
    def __init__(self, cls):
        self.cls = cls
        self.address = id(cls) + _TP_ITER
        self.original = ctypes.c_void_p.from_address(self.address).value


def _layout_ok(cls):
    if _POINTER != 8 or sys.implementation.name != "cpython":
        return False
    name = ctypes.c_char_p.from_address(id(cls) + _TP_NAME).value
    basicsize = ctypes.c_ssize_t.from_address(id(cls) + _TP_BASICSIZE).value
    flags = ctypes.c_ulong.from_address(id(cls) + _TP_FLAGS).value
    return name == cls.__name__.encode() and basicsize == cls.__basicsize__ and flags == cls.__flags__


def _walk_reversed(owner, items, size):
    for item in items:
        if len(owner) != size:
            raise RuntimeError("Set changed size during iteration")
        yield item


class _Mode:
    reversed = False


def _make_iter(original_iter, mode):
    def reversed_iter(owner):
        try:
            if not mode.reversed or len(owner) < 2 or all(_order_free(x) for x in original_iter(owner)):
                return original_iter(owner)
            items = list(original_iter(owner))
            items.reverse()
            return _walk_reversed(owner, items, len(owner))
        except BaseException:  # noqa: BLE001 -- a slot function must never fail; fall back to the real order
            return original_iter(owner)

    return reversed_iter


class SetOrder:
    """``install()`` routes set iteration through us (classes created meanwhile inherit the route,
    so a program's own set subclasses follow it too); ``reverse(True)`` then flips the order;
    ``uninstall()`` restores the interpreter's own slots."""

    def __init__(self):
        self.ok = all(_layout_ok(cls) for cls in (set, frozenset))
        self.mode = _Mode()
        self.slots = [_Slot(set), _Slot(frozenset)] if self.ok else []
        # Keep the callbacks alive: the type slots point into them.
        self.callbacks = [_ITERFUNC(_make_iter(cls.__iter__, self.mode)) for cls in (set, frozenset)] if self.ok else []
        self.pointers = [ctypes.cast(cb, ctypes.c_void_p).value for cb in self.callbacks]
        self.installed = False

    def install(self):
        if self.ok and not self.installed:
            for slot, pointer in zip(self.slots, self.pointers):
                ctypes.c_void_p.from_address(slot.address).value = pointer
            self.installed = True

    def reverse(self, on):
        self.mode.reversed = bool(on)

    def uninstall(self):
        self.mode.reversed = False
        if self.installed:
            for slot in self.slots:
                ctypes.c_void_p.from_address(slot.address).value = slot.original
            self.installed = False
