"""Every memo the package keeps about program and argument text, in one place, under one policy.

Screening, compiling and parsing the same text twice is the parent's main cost (a proposal is
compiled by the tasks layer to fingerprint it, then screened by the executor, then checked again
when solvers answer). These memos share that work. They hold only what plain data derives from the
text, never a worker's answer, so clearing them changes speed, not results.

One policy: a least-recently-used map bounded by an estimate of the bytes it holds (text of keys
and values, plus a per-entry overhead). A stream of distinct 100,000-character programs cannot
grow one past its bound. ``clear_caches()`` empties them all; ``cache_stats()`` says what they hold.

>>> memo = ByteLRU("example", max_bytes=1_000)
>>> memo.put("a" * 300, 1, 300); memo.put("b" * 300, 2, 300); memo.put("c" * 600, 3, 600)
>>> memo.get("a" * 300) is None and memo.get("c" * 600) == 3   # "a" and "b" made room
True
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

_ENTRY_OVERHEAD = 200  # dict slot, key object, value wrapper: a rough floor per entry, in bytes
_REGISTRY: list["ByteLRU"] = []


class ByteLRU:
    """A least-recently-used map whose estimated size stays under ``max_bytes``.

    Safe to share between threads (the memos are process-wide, and executors and environments may
    be driven from several threads): each operation holds a lock for its few dictionary steps."""

    def __init__(self, name: str, max_bytes: int, register: bool = True):
        self.name = name
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        if register:
            _REGISTRY.append(self)

    def get(self, key):
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[0]

    def put(self, key, value, size: int) -> None:
        """Store ``value`` under ``key``, costing ``size`` bytes (the caller's estimate)."""
        size = int(size) + _ENTRY_OVERHEAD
        if size > self.max_bytes:
            return  # bigger than the whole cache: not worth keeping
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._items[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items


def text_size(*texts) -> int:
    """Bytes a few strings (or bytes) take, roughly: what the caches charge for their text."""
    size = 0
    for text in texts:  # (a loop, not a generator: this runs several times a validation)
        if isinstance(text, (str, bytes)):
            size += len(text)
    return size


def clear_caches() -> None:
    """Empty every memo of program and argument text in this process (benchmarks measuring cold
    work call this; nothing else needs to)."""
    for memo in _REGISTRY:
        memo.clear()


def cache_stats() -> dict[str, dict[str, int]]:
    """Entries and estimated bytes of every memo, by name."""
    return {memo.name: {"entries": len(memo), "bytes": memo.bytes, "max_bytes": memo.max_bytes} for memo in _REGISTRY}
