"""Envs borrow one shared executor lazily and give it back on close; a given one stays open."""
from azr_env.game.executor_handle import ExecutorHandle


class FakeExecutor:
    made = 0

    def __init__(self):
        FakeExecutor.made += 1
        self.closed = False

    def close(self):
        self.closed = True

    def run(self):
        return "ran"


def test_shared_executor_is_made_once_and_closed_with_the_last_claim():
    FakeExecutor.made = 0
    first, second = ExecutorHandle(factory=FakeExecutor), ExecutorHandle(factory=FakeExecutor)
    assert not first.spawned and FakeExecutor.made == 0
    shared = first.get()
    assert second.get() is shared and FakeExecutor.made == 1
    first.close()
    assert not shared.closed
    second.close()
    assert shared.closed
    second.close()  # idempotent


def test_a_given_executor_is_used_and_never_closed():
    mine = FakeExecutor()
    handle = ExecutorHandle(mine)
    assert handle.get() is mine and handle.lazy.run() == "ran"
    handle.close()
    assert not mine.closed


def test_lazy_stand_in_borrows_only_when_used():
    FakeExecutor.made = 0
    handle = ExecutorHandle(factory=FakeExecutor)
    stand_in = handle.lazy
    assert FakeExecutor.made == 0
    assert stand_in.run() == "ran" and FakeExecutor.made == 1
    handle.close()
