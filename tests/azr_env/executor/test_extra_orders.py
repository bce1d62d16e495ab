"""Validation's extra orders (``Executor(extra_orders=...)``) are uniformly random permutations.

An output that is one bit of a set's order (``min(first, last)``) agrees with a random order with
some probability p, and validation accepts it only if all thirteen extra runs agree: p ** 13. With
orders drawn from a skewed distribution, p grows, and so does p ** 13 (keys hashed from the
elements' addresses and a per-run mask gave five neighbouring elements only 45 to 65 of their 120
orders, one of them in a fifth of the runs; such programs passed several times more often than
designed). These tests hold the permutation itself to the uniform distribution.
"""
from __future__ import annotations

import random
from collections import Counter

from azr_env.executor._setorder import random_order


def _neighbours(n: int = 5) -> list[str]:
    # Made one after another at run time: objects side by side in memory, as a program's are.
    return ["".join(["w", str(i)]) for i in range(n)]


def _ordered(order, items, generation=0):
    return [items[i] for i in order(items, generation)]


def test_every_run_takes_each_order_of_neighbouring_elements_equally_often():
    rng = random.Random(20261202)
    elements = _neighbours()
    runs = 24_000
    counts: Counter[tuple[str, ...]] = Counter()
    for _ in range(runs):
        counts[tuple(_ordered(random_order(rng.random), elements))] += 1
    assert len(counts) == 120  # every order of five occurs
    assert max(counts.values()) < 1.5 * runs / 120  # about 200 each; the hashed keys gave one order ~5,000
    at_an_end = sum(n for order, n in counts.items() if elements[0] in (order[0], order[-1])) / runs
    assert abs(at_an_end - 2 / 5) < 0.02


def test_one_run_orders_the_same_elements_the_same_way_every_time():
    # Every iteration and pop of a set in one run must agree (next(iter(s)) == s.pop()).
    order = random_order(random.Random(3).random)
    elements = _neighbours(8)
    first, again = _ordered(order, elements), _ordered(order, list(elements))
    assert first == again == _ordered(order, list(reversed(elements)))
    subset = [e for e in elements if e != first[0]]
    assert _ordered(order, subset) == first[1:]  # a set that lost an element keeps the others' order


def test_a_new_generation_of_a_set_draws_a_new_order_in_the_same_run():
    # A set whose table was rebuilt (clear() and the same elements added back in another order)
    # takes another generation: its order is drawn afresh, as another seed may give it, while a set
    # that was not rebuilt keeps the run's order.
    order = random_order(random.Random(11).random)
    elements = _neighbours(8)
    first = _ordered(order, elements)
    redrawn = {tuple(_ordered(order, elements, generation)) for generation in range(1, 21)}
    assert len(redrawn) > 15 and _ordered(order, elements) == first


def test_a_new_run_draws_a_new_order():
    rng = random.Random(5)
    elements = _neighbours(8)
    orders = set()
    for _ in range(20):
        orders.add(tuple(_ordered(random_order(rng.random), elements)))
    assert len(orders) > 15  # 8! orders: twenty runs almost never repeat one


# Validation compares a plain run under one seed with a perturbed run (orders reversed) under
# another. A set of two strings takes the reversed order under the other seed half the time, so
# the extra orders must follow every perturbed run that saw an order, not only one that agreed
# with a plain run of its own: without them, about half of these validations would pass.
_TWO_STRINGS = "def f(a):\n    return list({'x' + a, 'y' + a})\n"
# The program's own objects hash by virtual ids, numbered at random in each run.
_TWO_OBJECTS = ("class Node:\n    def __init__(self, v):\n        self.v = v\n"
                "def f(a):\n    return [n.v for n in {Node(1), Node(2)}]\n")


def _accepted(executor, program: str, n: int = 60) -> int:
    # Distinct texts (a comment apiece), so that no cache stands in for a run.
    pairs = [(f"{program}# {k}\n", repr(str(k))) for k in range(n)]
    return sum(result.ok for result in executor.validate_batch(pairs))


def test_an_order_of_two_strings_is_refused_in_every_validation():
    from azr_env.executor import Executor

    with Executor(workers=2) as ex:
        assert _accepted(ex, _TWO_STRINGS) == 0
        assert _accepted(ex, "def f(a):\n    return sorted({'x' + a, 'y' + a})\n") == 60  # no order shown


def test_an_order_of_the_programs_own_objects_is_refused_in_every_validation():
    from azr_env.executor import Executor

    with Executor(workers=2) as ex:
        assert _accepted(ex, _TWO_OBJECTS) == 0


def test_without_extra_orders_the_order_of_objects_is_left_to_two_random_numberings():
    # Each run numbers virtual addresses its own random way (a numbering the same in every plain
    # run told a program which run it was in, red team 27): without the extra orders, an order of
    # the program's objects is judged by the runs' numberings, as an order of strings is by two
    # seeds. Strings: about half pass (the perturbed run's reversed order is the plain one's when
    # the seeds differ). Objects: about a quarter (the perturbed run calls f twice, and each call
    # makes objects numbered afresh, so both calls must match the plain run; 8 to 21 of 60 were
    # measured over eight executors, so the old bound of 10 failed about one run in twenty).
    # (With numbers the same in every plain run it was refused for sure.)
    from azr_env.executor import Executor

    with Executor(workers=2, extra_orders=0) as ex:
        assert 3 <= _accepted(ex, _TWO_OBJECTS) <= 35
        assert 10 <= _accepted(ex, _TWO_STRINGS) <= 50
