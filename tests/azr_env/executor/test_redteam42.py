"""The thirty-sixth session's findings: the sandbox's stand-ins for built-in functions.

``getattr``, ``setattr``, ``delattr``, ``hasattr``, ``vars``, ``locals``, ``dir``, ``hash`` and
``id`` are the guards' own code in every task. They were Python functions, and a Python function
stored on a class binds to the instance it is read from, where a C function does not: ``Rec.get =
getattr`` after the class was made, then ``Rec().get('x')``, answered the attribute where plain
Python raises "getattr expected at least 2 arguments, got 1" (validated 3 of 3); so did a class
made by ``type(name, bases, ns)`` and a class body's ``__call__ = getattr``. A class statement's
plain names alone had been wrapped in a staticmethod. And ``type(hash).__name__`` was
``'function'``, ``vars(hash)`` a dict, ``hasattr(hash, '__get__')`` True. The stand-ins are now
objects of classes named ``builtin_function_or_method`` with no ``__get__``
(``_guards._builtin_like``).

Every expected output below is plain Python's (checked in a subprocess by the test itself).
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from azr_env.executor import ExecStatus, Executor

_PLAIN = r"""
import sys
from azr_env.executor import canonical_repr
namespace = {"__name__": "__main__"}
exec(compile(sys.argv[1], "<program>", "exec"), namespace)
print(canonical_repr(eval("f(" + sys.argv[2] + ")", namespace)))
"""

PROGRAMS = {
    "stored on a class after it was made": ("""
class Rec:
    pass
Rec.get = getattr
def f(name):
    r = Rec()
    r.x = 5
    try:
        return r.get(name)
    except TypeError as e:
        return str(e)
""", "'x'"),
    "stored by setattr, and id too": ("""
class C:
    pass
setattr(C, 'h', id)
def f(x):
    try:
        return C().h()
    except TypeError as e:
        return str(e)
""", "0"),
    "a class made by type()": ("""
D = type('D', (), {'k': hash})
def f(x):
    try:
        return D().k()
    except TypeError as e:
        return str(e)
""", "0"),
    "a dunder name in a class body": ("""
class C:
    __call__ = getattr
def f(name):
    c = C()
    c.x = 5
    try:
        return c(name)
    except TypeError as e:
        return str(e)
""", "'x'"),
    "a plain name in a class body": ("""
class T:
    h = hash
def f(x):
    return T().h(x) == hash(x), T.h is hash, T().h is hash
""", "5"),
    "an enum member": ("""
from enum import Enum
class E(Enum):
    A = hash
    B = 2
def f(x):
    return [m.name for m in E]
""", "0"),
    "what the stand-ins are": ("""
def f(x):
    fns = (len, hash, id, getattr, setattr, hasattr, delattr, vars, dir, locals)
    return ([type(b).__name__ for b in fns], [b.__name__ for b in fns], [b.__qualname__ for b in fns],
            [b.__module__ for b in fns], type(hash).__module__, repr(hash), str(getattr),
            hasattr(hash, '__get__'), hasattr(hash, '__dict__'), callable(id))
""", "0"),
    "what the stand-ins refuse as built-ins do": ("""
def f(x):
    out = []
    for attempt in (lambda: vars(hash), lambda: type(hash)(), lambda: hash[0], lambda: hash.nothing):
        try:
            attempt()
        except (TypeError, AttributeError) as e:
            out.append((type(e).__name__, str(e)))
    try:
        class X(type(hash)):
            pass
    except TypeError as e:
        out.append(str(e))
    return out
""", "0"),
    "copies keep them": ("""
import copy
def f(x):
    return copy.copy(hash) is hash, copy.deepcopy([id, {'g': getattr}])[1]['g'] is getattr
""", "0"),
    "dispatch by name": ("""
def f(x):
    table = {fn.__name__: fn for fn in (abs, hash, len)}
    return table['hash'](x), table['abs'](x), sorted(map(hash, [3, 1, 2]))
""", "-3"),
}


def _plain(program: str, inputs: str) -> str:
    done = subprocess.run([sys.executable, "-c", _PLAIN, program, inputs], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def executor():
    with Executor(workers=2) as ex:
        yield ex


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_stand_ins_for_builtins_behave_as_the_builtins(executor, name):
    program, inputs = PROGRAMS[name]
    expected = _plain(program, inputs)
    result = executor.validate(program, inputs)
    assert result.status is ExecStatus.OK and result.output == expected, (result, expected)
    assert executor.run(program, inputs).output == expected


def test_no_task_can_change_a_stand_in_for_a_later_one(executor):
    # The stand-ins are the same objects in every task of a worker: nothing about them is writable.
    writer = """
def f(x):
    done = []
    for attempt in (lambda: setattr(hash, '__qualname__', 'zz'), lambda: setattr(type(hash), 'zz', 1),
                    lambda: object.__setattr__(hash, 'zz', 1)):
        try:
            attempt()
            done.append(True)
        except Exception:
            done.append(False)
    return done
"""
    reader = "def f(x):\n    return hash.__qualname__, hasattr(type(hash), 'zz'), hasattr(hash, 'zz')\n"
    for _ in range(4):  # (both workers' runners)
        result = executor.run(writer, "0")
        assert result.status is ExecStatus.FORBIDDEN or result.output == "[False, False, False]", result
    assert executor.validate(reader, "0").output == "('hash', False, False)"
