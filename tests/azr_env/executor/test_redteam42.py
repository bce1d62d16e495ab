"""The thirty-sixth session's red-team findings.

1. Descriptors re-initialized by their own C ``__init__``. ``str.maketrans`` is a staticmethod
   object in ``str``'s dictionary (so are bytes' and bytearray's), ``dict.fromkeys`` is the
   sandbox's classmethod and ``set_iterator.__new__`` its staticmethod: a program that imports
   nothing reaches each of them, and ``str.__dict__['maketrans'].__init__(len)`` re-points it in C,
   where no guard sees a write. A runner keeps them from one task to the next, so every later
   task saw ``len`` there; and validation's extra runs follow the perturbed run in the same
   process, so a perturbed run that re-pointed one by the order it saw told them which order that
   was (5 of 8 validations of a one-bit output ok). Every pass now ends by comparing them, and
   their own ``__dict__`` (which classmethod's and staticmethod's ``__init__`` write), with the
   worker's start (``_worker._fresh_descriptors``): one changed is put back and the job refused.
2. The stand-ins for built-in functions under a dunder name in a class body (``__call__ =
   getattr``, ``__hash__ = hash``) bound to the instance as the Python functions they are; a
   class statement now holds them in a staticmethod under any name, as it did for plain names.

Expected outputs are plain Python's, computed by the test in a subprocess.
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


def _plain(program: str, inputs: str) -> str:
    done = subprocess.run([sys.executable, "-c", _PLAIN, program, inputs], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


# What a program re-initializes, and a program that reads it afterwards.
POISONED = {
    "str.maketrans (the interpreter's staticmethod)": (
        "str.__dict__['maketrans'].__init__(len)", "def f(x):\n    return str.maketrans('ab', 'cd')\n"),
    "bytes.maketrans": ("bytes.__dict__['maketrans'].__init__(abs)", "def f(x):\n    return bytes.maketrans(b'a', b'b')\n"),
    "dict.fromkeys (the sandbox's classmethod)": (
        "dict.__dict__['fromkeys'].__init__(len)", "def f(x):\n    return dict.fromkeys('ab')\n"),
    "the set iterator's __new__ (the sandbox's staticmethod)": (
        "type(iter({1, 2})).__dict__['__new__'].__init__(len)",
        "def f(x):\n    try:\n        type(iter({1, 2}))()\n    except TypeError as e:\n        return str(e)\n"),
    "the set iterator's __setstate__ (the sandbox's property)": (
        "type(iter({1, 2})).__dict__['__setstate__'].__init__(len)",
        "def f(x):\n    return hasattr(iter({1, 2}), '__setstate__')\n"),
}


@pytest.mark.parametrize("name", sorted(POISONED))
def test_a_descriptor_re_initialized_by_a_task_is_put_back_and_the_task_refused(name):
    write, reader = POISONED[name]
    writer = f"def f(x):\n    {write}\n    return x\n"
    with Executor(workers=1) as ex:  # (one runner: the reader runs where the writer ran)
        before = ex.run(reader, "0")
        result = ex.run(writer, "0")
        assert result.status is ExecStatus.FORBIDDEN and "re-initialized a descriptor" in result.error, result
        after = ex.run(reader, "0")
        assert (after.status, after.output) == (before.status, before.output), (before, after)
        # The sandbox's own sets iterate as before too (set_iterator, dict.fromkeys over a set).
        assert ex.validate("def f(x):\n    return sorted(set('cab')), list(dict.fromkeys([3, 1]))\n", "0").output == \
            "(['a', 'b', 'c'], [3, 1])"
    expected = _plain(reader, "0")
    if before.ok:
        assert before.output == expected


# The perturbed run re-points a shared descriptor by the order it saw; the extra runs after it, in
# its process, read the choice back and answer as it did (plain Python: two answers among seeds).
CHANNELS = {
    "in a runner": "",
    "in a one-shot process": "import fractions\n",
}


@pytest.mark.parametrize("where", sorted(CHANNELS))
def test_the_perturbed_run_cannot_tell_the_extra_runs_its_order(where):
    program = CHANNELS[where] + (
        "def f(x):\n"
        "    r = list({'a', 'b'})[0]\n"
        "    sm = str.__dict__['maketrans']\n"
        "    if sm.__func__ is len:\n        return 'a'\n"
        "    if sm.__func__ is abs:\n        return 'b'\n"
        "    try:\n        sm.__init__(len if r == 'a' else abs)\n    except Exception:\n        pass\n"
        "    return r\n")
    for attempt in range(4):
        with Executor(workers=2) as ex:
            result = ex.validate(program + f"# {attempt}\n", "0")
        assert not result.ok, result


# Re-initialized twice, the second time with the original callable: ``__func__`` is as it was,
# but classmethod's and staticmethod's __init__ copy the callable's names into the descriptor's own
# __dict__ (the thirty-sixth session's second red team: a later task read them, and a bit so
# carried from the perturbed run to the extra runs validated 8 of 16).
_REINIT_TWICE = """
def reinit(d):
    fn = d.__func__
    def p():
        pass
    type(d).__init__(d, p)
    type(d).__init__(d, fn)
"""


@pytest.mark.parametrize("where", ["str.__dict__['maketrans']", "dict.__dict__['fromkeys']"])
def test_a_descriptor_s_own_dict_written_by_its_init_is_put_back(where):
    writer = _REINIT_TWICE + f"def f(a):\n    reinit({where})\n    return a\n"
    reader = f"def f(a):\n    d = {where}.__dict__\n    return sorted(d), d.get('__qualname__')\n"
    with Executor(workers=1) as ex:
        before = ex.run(reader, "0")
        result = ex.run(writer, "0")
        assert result.status is ExecStatus.FORBIDDEN and "re-initialized a descriptor" in result.error, result
        after = ex.run(reader, "0")
        assert (after.status, after.output) == (before.status, before.output), (before, after)


def test_a_bit_carried_in_a_descriptor_s_own_dict_is_not_validated():
    program = _REINIT_TWICE + """
def touched(d):
    return d.__dict__.get('__qualname__') is not None
def f(a):
    bit = 1 if list({'a', 'b'})[0] == 'a' else 0
    flag = str.__dict__['maketrans']
    data = bytes.__dict__['maketrans']
    if touched(flag):
        return 1 if touched(data) else 0
    if bit:
        reinit(data)
    reinit(flag)
    return bit
"""
    for attempt in range(4):
        with Executor(workers=2) as ex:
            result = ex.validate(program + f"# {attempt}\n", "0")
        assert not result.ok, result


STAND_INS_IN_CLASS_BODIES = {
    "__call__ = getattr": ("class C:\n    __call__ = getattr\ndef f(name):\n    c = C()\n    c.x = 5\n    try:\n"
                           "        return c(name)\n    except TypeError as e:\n        return str(e)\n", "'x'"),
    "__hash__ = hash": ("class C:\n    __hash__ = hash\ndef f(x):\n    try:\n        return hash(C())\n"
                        "    except TypeError as e:\n        return str(e)\n", "0"),
    "__len__ = hash": ("class C:\n    __len__ = hash\ndef f(x):\n    try:\n        return len(C())\n"
                       "    except TypeError as e:\n        return str(e)\n", "0"),
    "__getattr__ = getattr": ("class C:\n    __getattr__ = getattr\ndef f(x):\n    try:\n        return C().zz\n"
                              "    except TypeError as e:\n        return str(e)\n", "0"),
    "h = hash": ("class T:\n    h = hash\ndef f(x):\n    return T().h(x) == hash(x), T.h is hash, T().h is hash\n", "5"),
}


@pytest.fixture(scope="module")
def executor():
    with Executor(workers=2) as ex:
        yield ex


@pytest.mark.parametrize("name", sorted(STAND_INS_IN_CLASS_BODIES))
def test_a_stand_in_for_a_builtin_in_a_class_body_reads_back_unbound(executor, name):
    program, inputs = STAND_INS_IN_CLASS_BODIES[name]
    expected = _plain(program, inputs)
    result = executor.validate(program, inputs)
    assert result.status is ExecStatus.OK and result.output == expected, (result, expected)
