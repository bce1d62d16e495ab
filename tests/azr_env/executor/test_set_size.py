"""A set's memory size is not a channel to the hash seed.

After a discard, a later add reuses the freed slot only if the new element's probe path, which its
hash decides, meets it before an empty slot; otherwise it takes a fresh one, the fill count grows,
and the table may grow with it. So ``s.__sizeof__()`` after a discard and an add is one bit of the
seed that no hash observation shows: validation's extra runs share one process and one seed, and
such programs validated whenever the two workers' seeds agreed (40 of 60). ``set.__sizeof__`` is
refused for every set, and ``frozenset.__sizeof__`` too: ``a ^ b`` builds a frozenset by removing
and adding in C (the twenty-fourth session's red team H: 5 of 12 validated). A subclass's own
``__sizeof__`` keeps plain Python's answer.
"""
from __future__ import annotations

from azr_env.executor import ExecStatus

SIZE_AFTER_A_SWAP = '''
def f(x):
    s = {'a%d' % x, 'b%d' % x, 'c%d' % x, 'd%d' % x}
    s.discard('a%d' % x)
    s.add('e%d' % x)
    return s.__sizeof__()
'''


def test_the_size_of_a_set_after_a_discard_and_an_add_is_never_validated(executor):
    results = executor.validate_batch([(SIZE_AFTER_A_SWAP + f"# {k}\n", str(k)) for k in range(24)])
    assert [r.status for r in results] == [ExecStatus.FORBIDDEN] * 24, [(r.status, r.output) for r in results]
    assert "hash seed" in results[0].error and "__sizeof__" in results[0].error
    # run (which checks answers) refuses it alike: no answer is checked against a seed's size
    assert executor.run(SIZE_AFTER_A_SWAP, "3").status is ExecStatus.FORBIDDEN


def test_every_way_to_a_sets_own_size_method_is_refused(executor):
    for body in ("return set(x).__sizeof__()", "return set.__sizeof__(set(x))",
                 "return getattr(set(x), '__sizeof__')()",
                 "class S(set):\n        def size(self):\n            return super().__sizeof__()\n    return S(x).size()"):
        result = executor.validate(f"def f(x):\n    {body}\n", "[1, 2, 3]")
        assert result.status is ExecStatus.FORBIDDEN, (body, result)


FROZEN_BY_SYMMETRIC_DIFFERENCE = '''
def f(x):
    a = frozenset('k%d' % i for i in range(4))
    b = frozenset('k%d' % i for i in range(1, 5))
    return (a ^ b).__sizeof__()
'''


def test_the_size_of_a_frozenset_is_refused_too(executor):
    # Plain Python gives 200, 456 or 712 for this, as the seed decides.
    for body in (FROZEN_BY_SYMMETRIC_DIFFERENCE, "def f(x):\n    return frozenset(x).__sizeof__()\n"):
        result = executor.validate(body, "'abc'")
        assert result.status is ExecStatus.FORBIDDEN and "__sizeof__" in result.error, result


def test_a_subclasss_own_size_keeps_plain_pythons_answer(executor):
    program = '''
class Sized(set):
    def __sizeof__(self):
        return 7

def f(x):
    try:
        set.__sizeof__()
    except TypeError as exc:
        unbound = str(exc)
    return (Sized(x).__sizeof__(), unbound, set.__sizeof__.__name__, set.__sizeof__.__doc__,
            frozenset.__sizeof__.__name__)
'''
    def f(x):  # the same, in this interpreter
        try:
            set.__sizeof__()
        except TypeError as exc:
            unbound = str(exc)
        return (7, unbound, set.__sizeof__.__name__, set.__sizeof__.__doc__, frozenset.__sizeof__.__name__)

    result = executor.validate(program, "'abcdefgh'")
    assert result.ok and result.output == repr(f("abcdefgh")), result
