"""Who owns the executor an environment uses.

Spawning an :class:`azr_env.executor.Executor` starts worker processes, so environments do not
each make their own. An env built with ``executor=`` uses that one and never closes it (the
caller owns it). An env built without one borrows a process-wide shared executor, created on the
first request that needs it, and gives its claim back on ``env.close()``; the shared executor is
closed when the last claim is given back.

>>> handle = ExecutorHandle()          # nothing is spawned yet
>>> handle.spawned
False
>>> handle.lazy is not None and not handle.spawned   # a stand-in, still nothing spawned
True
>>> handle.close()                     # closing an unused handle is fine, and idempotent
>>> handle.close()
"""
from __future__ import annotations

import threading
from typing import Any, Callable

_lock = threading.Lock()
_shared: Any = None
_claims = 0


def _default_factory() -> Any:
    # Imported here so that building an env (or importing this module) spawns nothing.
    from azr_env.executor import Executor

    return Executor()


def _claim_shared(factory: Callable[[], Any]) -> Any:
    global _shared, _claims
    with _lock:
        if _shared is None:
            _shared = factory()
        _claims += 1
        return _shared


def _release_shared() -> None:
    global _shared, _claims
    with _lock:
        _claims -= 1
        if _claims == 0 and _shared is not None:
            executor, _shared = _shared, None
            executor.close()


class ExecutorHandle:
    """An executor borrowed on first use: the caller's own, or the process-wide shared one.

    ``factory`` builds the shared executor when none exists yet; it is only consulted by the
    first handle that needs it (so all envs of a process share the settings of the first).
    """

    def __init__(self, executor: Any = None, factory: Callable[[], Any] = _default_factory):
        self._given = executor
        self._factory = factory
        self._claimed: Any = None

    @property
    def spawned(self) -> bool:
        """Whether this handle holds an executor (given, or claimed from the shared one)."""
        return self._given is not None or self._claimed is not None

    def get(self) -> Any:
        """The executor to send work to."""
        if self._given is not None:
            return self._given
        if self._claimed is None:
            self._claimed = _claim_shared(self._factory)
        return self._claimed

    @property
    def lazy(self) -> Any:
        """A stand-in that borrows the executor only when a method of it is first used.

        Pass it where an executor is expected: a batch that needs no execution (every proposal
        unparseable, say) then spawns nothing.
        """
        return _LazyExecutor(self)

    def close(self) -> None:
        """Give back this handle's claim on the shared executor; a given executor is left open."""
        if self._claimed is not None:
            self._claimed = None
            _release_shared()


class _LazyExecutor:
    def __init__(self, handle: ExecutorHandle):
        self._handle = handle

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle.get(), name)
