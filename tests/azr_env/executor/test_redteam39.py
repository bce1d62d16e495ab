"""The thirty-second session's findings.

1. ``typing.no_type_check`` was judged on the object it is given only. Given a class, the
   library's walks the class's attributes and marks every function or method whose
   ``__qualname__`` and ``__module__`` say it was defined there, and a program sets both on its
   class: a library function the class held (``d = json.JSONEncoder.default``, with the class
   renamed ``JSONEncoder`` in ``json.encoder``) got ``__no_type_check__``, a write the program is
   refused when it makes it itself (red team B). Every object it marks is judged now.
2. ``collections.OrderedDict.fromkeys`` is C code of its own, which makes its result with
   ``cls()``; a subclass whose ``__new__`` returns a plain dict sent it down dict's fast path,
   which walks an exact set's table directly, past the set-order stand-ins: the seed's order in
   every run, so ``list(O.fromkeys(s)) == list(s)``, True in plain Python, was False in ``run``
   and validated (red team C). OrderedDict's ``fromkeys`` goes through the stand-in now, as
   dict's does.
"""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus

NO_TYPE_CHECK_ON_A_LIBRARY_FUNCTION = """
import typing, json
class C:
    d = json.JSONEncoder.default
C.__qualname__ = "JSONEncoder"
C.__module__ = "json.encoder"
def f(x):
    typing.no_type_check(C)
    return getattr(json.JSONEncoder.default, "__no_type_check__", False)
"""
NO_TYPE_CHECK_THROUGH_A_CLASSMETHOD = NO_TYPE_CHECK_ON_A_LIBRARY_FUNCTION.replace(
    "d = json.JSONEncoder.default", "default = classmethod(json.JSONEncoder.default)")


@pytest.mark.parametrize("program", [NO_TYPE_CHECK_ON_A_LIBRARY_FUNCTION, NO_TYPE_CHECK_THROUGH_A_CLASSMETHOD],
                         ids=["function", "classmethod"])
def test_no_type_check_marks_no_library_function_a_class_holds(executor, program):
    result = executor.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "function objects that the program did not create" in result.error


def test_no_type_check_marks_the_programs_own_classes_as_in_plain_python(executor):
    program = (
        "import typing\n"
        "@typing.no_type_check\n"
        "class C:\n"
        "    def m(self, x: 'undefined') -> 'nope':\n        return x\n"
        "    @classmethod\n    def c(cls):\n        return 1\n"
        "    class Inner:\n        def g(self):\n            return 2\n"
        "def f(x):\n"
        "    return (C.m.__no_type_check__, C.c.__func__.__no_type_check__, C.Inner.g.__no_type_check__,\n"
        "            C.__no_type_check__, typing.get_type_hints(C.m))\n"
    )
    result = executor.validate(program, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == "(True, True, True, True, {})"


ORDERED_FROMKEYS_OF_A_PLAIN_DICT = """
import collections
class O(collections.OrderedDict):
    def __new__(cls, *a, **k):
        return {}
def f(words):
    s = set(words)
    return list(O.fromkeys(s)) == list(s) == list(collections.OrderedDict.fromkeys(s))
"""


def test_ordered_dicts_fromkeys_lists_a_set_as_iterating_it_does(executor):
    # Plain Python: True under every seed (one table, walked twice). Before: False in every run.
    words = "['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']"
    for _ in range(4):
        result = executor.validate(ORDERED_FROMKEYS_OF_A_PLAIN_DICT, words)
        assert (result.status, result.output) == (ExecStatus.OK, "True"), result


def test_ordered_dicts_fromkeys_keeps_plain_pythons_results_and_words(executor):
    program = (
        "from collections import OrderedDict\n"
        "class O(OrderedDict):\n    pass\n"
        "def f(x):\n"
        "    out = [list(OrderedDict.fromkeys('abcab')), list(OrderedDict.fromkeys({3, 1, 2}, 0).items()),\n"
        "           type(O.fromkeys([1])).__name__, list(OrderedDict.fromkeys(frozenset({5, 6})))]\n"
        "    try:\n        OrderedDict.fromkeys()\n    except TypeError as e:\n        out.append(str(e))\n"
        "    return out\n"
    )
    result = executor.validate(program, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == ("[['a', 'b', 'c'], [(1, 0), (2, 0), (3, 0)], 'O', [5, 6], "
                             "\"fromkeys() missing required argument 'iterable' (pos 1)\"]")
