"""Red team 8 (after 6123cf2): each test failed on 6123cf2 and passes since the commit that added this file."""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor

# --- 1. the collector's long-lived counters carry one task's history into the next -----------------
# gc.freeze() before each task empties the generations and zeroes their counts, but not the
# collector's long_lived_total / long_lived_pending, which decide whether a generation-2
# collection due now actually runs (pending > total / 4). They are reset only by a full
# collection, and the after-task collection runs only for tasks that left something or may have
# finalizers. A task with no class and no generator that holds many objects through a full
# collection (PREV) leaves long_lived_total large and nothing to collect; the next task (PROBE)
# sees its cyclic garbage in generation 2 collected at another time: its __del__ fires at another
# point, and its output depends on which task ran before it in the same runner.
PROBE = '''
class D:
    def __del__(self):
        fired.append(1)
fired = []
def f(a):
    fired.clear()
    d = D(); d.me = d
    keep = []
    for _ in range(700 * 12): keep.append([])
    d = None
    count = 0
    while not fired and count < 1500000:
        keep.append([])
        count += 1
    return count // 7000
'''
PREV = "def f(n):\n    x = [[] for _ in range(n)]\n    return 0"


def test_gc_history_of_previous_task_changes_next_output():
    # (Since the thirtieth session every run starts the three generations' counts at random
    # places, as a plain process reaches a program with whatever its start-up left there, so the
    # output varies from run to run, from 0 to about 12: a generation-2 collection comes within
    # ten generation-1 collections, some 70,000 allocations, once the long-lived counters are
    # reset. The history the previous task left held it off for up to 1,500,000, an output of
    # up to 214.)
    with Executor(workers=1, timeout=10.0) as ex:
        outputs = []
        for _ in range(3):
            alone = ex.run(PROBE, "0")
            assert alone.status is ExecStatus.OK, alone
            assert ex.run(PREV, "300000").status is ExecStatus.OK
            after = ex.run(PROBE, "0")
            outputs += [int(alone.output), int(after.output)]
        assert max(outputs) <= 13, outputs
