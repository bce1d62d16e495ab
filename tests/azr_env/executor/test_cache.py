"""The memos of program and argument text stay within their bounds, and clearing them is safe."""
from __future__ import annotations

from azr_env.executor import cache_stats, clear_caches, compile_source, screen_program
from azr_env.executor.cache import _REGISTRY, ByteLRU


def test_a_stream_of_large_distinct_programs_cannot_grow_the_memos_past_their_bounds(monkeypatch):
    # The memos' real policy under bounds of 1 MiB (the defaults are tens of MiB: a stream long
    # enough to pass them took 40 s of compiling), so that the stream is sure to overflow them.
    clear_caches()
    for memo in _REGISTRY:
        monkeypatch.setattr(memo, "max_bytes", 1 << 20)
    filler = "x = 1\n" * 16_000  # ~100,000 characters
    for n in range(24):
        program = f"{filler}def f(a):\n    return a + {n}\n"
        assert compile_source(program) is not None
        assert screen_program(program) is None
    stats = cache_stats()
    for name, memo in stats.items():
        assert memo["bytes"] <= memo["max_bytes"], name
    # 24 programs of 100,000 characters overflow 1 MiB: the memos that keep program text evicted.
    assert 0 < stats["compiled programs"]["entries"] < 24, stats["compiled programs"]
    clear_caches()


def test_least_recently_used_entries_go_first():
    memo = ByteLRU("test", max_bytes=2_000, register=False)
    memo.put("a", 1, 500)
    memo.put("b", 2, 500)
    assert memo.get("a") == 1  # now the most recent
    memo.put("c", 3, 500)  # over budget: the least recent ("b") goes
    assert "a" in memo and "b" not in memo and "c" in memo
    memo.put("huge", 4, 10_000)  # larger than the whole memo: not kept
    assert "huge" not in memo


def test_clearing_the_memos_changes_no_result():
    program = "def f(a):\n    return sorted(a)"
    before = screen_program(program), compile_source(program).co_code
    clear_caches()
    assert all(stats["entries"] == 0 for stats in cache_stats().values())
    assert (screen_program(program), compile_source(program).co_code) == before
