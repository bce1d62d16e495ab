"""Red team 11 (after 89f6e06): each test failed on 89f6e06 and passes since the commit that added this file."""
from __future__ import annotations

import pytest

from azr_env.executor import ExecStatus, Executor

# --- 1. C reads attributes by names a program lists, on an object that forwards them -------------
# object.__getstate__ reads every name in its class's __slotnames__ (a list the program writes) with
# the C getattr, past every name check. On a subclass of types.GenericAlias each read is answered
# by __origin__, any object: here the guards' own getattr, whose __globals__ are the guard module's
# (TASK, the real sys, the unguarded getattr). CPython 3.11 raises no audit event for a function's
# __globals__, so the hook never saw it. The program then switched the audit state off and walked
# the frames to the worker's globals.
SLOTNAMES_ESCAPE = '''
class G(type(list[int])):
    __slotnames__ = ['__globals__']
def f(a):
    gl = object.__getstate__(G(getattr, ()))[1]['__globals__']
    return sorted(k for k in gl if k.isupper())[:5]
'''
# The same from the argument text alone, with an honest program (inputs="expression", CRUXEval's mode).
EXPRESSION_ESCAPE = ("object.__getstate__(type('G', (type(list[int]),), {'__slotnames__': ['__globals__']})"
                     "(getattr, ()))[1]['__globals__']['sys'].modules['os'].getcwd()")
# A slot name that no forwarding is needed for: an exception's traceback (then its frames).
SLOTNAMES_TRACEBACK = '''
class E(Exception):
    __slotnames__ = ['__traceback__']
def f(a):
    try:
        raise E()
    except E as e:
        return object.__getstate__(e)[1]['__traceback__'].tb_lineno
'''


def test_a_class_cannot_have_c_read_the_interpreters_objects_through_slotnames():
    with Executor(workers=2, timeout=5.0) as ex:
        for program in (SLOTNAMES_ESCAPE, SLOTNAMES_TRACEBACK):
            result = ex.run(program, "0")
            assert result.status is not ExecStatus.OK, result
    with Executor(workers=2, timeout=5.0, inputs="expression") as ex:
        result = ex.run("def f(a):\n    return a", EXPRESSION_ESCAPE)
        assert result.status is not ExecStatus.OK, result


def test_generic_aliases_still_work_and_cannot_be_subclassed():
    program = ("import collections.abc\ndef f(a):\n    c = collections.abc.Callable[[int], str]\n"
               "    return [repr(list[int]), c.__args__ == (int, str), list[int].__origin__ is list]")
    with Executor(workers=2, timeout=5.0) as ex:
        result = ex.validate(program, "0")
        assert result.output == "['list[int]', True, True]", result
        subclass = ex.run("def f(a):\n    try:\n        type('G', (type(list[int]),), {})\n"
                          "    except TypeError as e:\n        return str(e)", "0")
        assert "not an acceptable base type" in subclass.output, subclass


# --- 2. library code follows __wrapped__ to a guard function and evaluates text in its globals --------
# functools.singledispatch.register imports the real typing.get_type_hints, which unwraps a
# function through __wrapped__ (the program sets it to the guarded getattr) and evaluates the
# string annotation in that function's __globals__: the guard module's, where TASK and sys resolve.
SINGLEDISPATCH_ESCAPE = '''
import functools
def f(a):
    sd = functools.singledispatch(lambda x: 0)
    def h(x: "type('Carrier', (), {'task': TASK, 'sys': sys})"):
        return 1
    h.__wrapped__ = getattr
    sd.register(h)
    carrier = [k for k in sd.registry if k.__name__ == 'Carrier'][0]
    return repr(carrier.sys)
'''


def test_library_code_cannot_evaluate_annotations_in_a_guard_functions_globals():
    with Executor(workers=2, timeout=5.0) as ex:
        result = ex.run(SINGLEDISPATCH_ESCAPE, "0")
        assert result.status is not ExecStatus.OK, result
        # The same machinery on the program's own functions still works.
        own = ("import functools\ndef f(a):\n    sd = functools.singledispatch(lambda x: 'other')\n"
               "    def h(x: 'int'):\n        return 'int'\n    sd.register(h)\n    return [sd(1), sd('s')]")
        assert ex.validate(own, "0").output == "['int', 'other']"


# --- 3. the escape above, used to poison the runner: later programs got forged answers -------------
POISON = '''
class G(type(list[int])):
    __slotnames__ = ['__globals__']
def f(a):
    gl = object.__getstate__(G(getattr, ()))[1]['__globals__']
    rget, rset = gl['_real_getattr'], gl['_real_setattr']
    rset(gl['TASK'], 'untrusted', False)
    sys = gl['sys']
    fr = rget(sys, '_get' + 'frame')(0)
    while rget(rget(fr, 'f_' + 'code'), 'co_name') != 'runner_main':
        fr = rget(fr, 'f_' + 'back')
    worker = rget(fr, 'f_' + 'globals')
    def forged(job_id, out):
        return ('[%d,"ok",[' % job_id) + '"\\'PWNED\\'"' + '],null,"",true]'
    worker['_answer_json'] = forged
    sys.modules['gc'].freeze()
    rset(gl['TASK'], 'untrusted', True)
    return a
'''
HONEST = "def f(a):\n    return a * 2"


def test_no_program_changes_the_answers_of_the_programs_after_it():
    with Executor(workers=1, timeout=5.0) as ex:
        results = ex.run_batch([(POISON, "0"), (HONEST, "1"), (HONEST, "2"), (HONEST, "3")])
        assert results[0].status is not ExecStatus.OK
        assert [r.output for r in results[1:]] == ["2", "4", "6"]
        assert ex.validate(HONEST, "21").output == "42"


# --- 4. the codec registry keeps every name a program looks up -----------------------------------
# str.encode(name): CPython interns the normalised name, and encodings.search_function caches
# every lookup, failures included (a name with a dot never reaches an import, so nothing is
# refused). 150 one-megabyte names stayed in the runner: later honest tasks ran out of memory.
CODEC_LEAK = '''
def f(n):
    pad = 'q' * 1_000_000
    for i in range(n):
        try:
            'x'.encode('zz.' + str(i) + pad)
        except LookupError:
            pass
    return n
'''
ALLOCATES = "def f(n):\n    return len(bytes(n))"
# ... and the interned name is visible to a later program: setattr interns its name, and gets the
# old string back when one is interned already.
CODEC_LOOKUP = "def f(a):\n    try:\n        'x'.encode('ZZ.PROBE')\n    except LookupError as e:\n        return str(e)"
INTERN_PROBE = '''
class K:
    pass
def f(a):
    s = ''.join(['zz', '.', 'probe'])
    k = K()
    setattr(k, s, 1)
    return [n is s for n in vars(k)]
'''


def test_codec_lookups_leave_nothing_behind_in_the_worker():
    with Executor(workers=1, timeout=10.0, memory_mb=512) as ex:
        need = str(400 << 20)
        assert ex.run(ALLOCATES, need).output == need
        assert ex.run(CODEC_LEAK, "150").output == "150"
        assert ex.run(ALLOCATES, need).output == need
    with Executor(workers=1, timeout=5.0) as ex:
        fresh = ex.run(INTERN_PROBE, "0")
    with Executor(workers=1, timeout=5.0) as ex:
        assert ex.run(CODEC_LOOKUP, "0").output == "'unknown encoding: ZZ.PROBE'"  # plain Python's words
        assert ex.run(INTERN_PROBE, "0") == fresh


def test_codec_names_resolve_as_in_plain_python():
    program = ("def f(a):\n    out = []\n"
               "    for n in ['utf-8', 'UTF8', 'latin-1', 'iso8859.1', 'cp1252', 'U8', 'utf 8', 'mac-roman', 'nope']:\n"
               "        try:\n            out.append('é'.encode(n, 'replace'))\n"
               "        except LookupError as e:\n            out.append(str(e))\n    return out")
    namespace: dict = {}
    exec(program, namespace)  # noqa: S102 -- our own test program, in plain Python
    with Executor(workers=2, timeout=5.0) as ex:
        assert ex.validate(program, "0").output == repr(namespace["f"](0))


# --- 5. an output that measures the memory left -------------------------------------------------
# A program that allocates until MemoryError and returns the count caught the error itself, so it
# returned normally. Both validation processes were equally fresh and agreed; later runs in the same
# runner, after other tasks, had less room and another answer.
HEADROOM = '''
def f(a):
    chunks = []
    try:
        while True:
            chunks.append(bytes(65536))
    except MemoryError:
        pass
    n = len(chunks)
    chunks = None
    return n
'''
BUSY = "def f(n):\n    x = [str(i) for i in range(n)]\n    return 0"


def test_an_output_that_measures_the_memory_left_is_not_validated():
    with Executor(workers=1, timeout=10.0, memory_mb=512) as ex:
        validated = ex.validate(HEADROOM, "0")
        ex.run(BUSY, "1000000")
        later = ex.run(HEADROOM, "0")
        assert validated.status is not ExecStatus.OK or validated.output == later.output, (validated, later)


# The same count in MiB, in untouched pages (a runner keeps serving): validation's two runs, in
# neighbouring slots, must see headroom far apart, not merely drawn at random. Drawn uniformly over
# one shared 56 MiB range they fell within 8 MiB of each other in a quarter of validations (this
# test failed on that code), and within one 64 KiB allocation about once in 450: the test above
# then failed (a clean-clone CI run, the twenty-first session).
HEADROOM_MIB = '''
def f(a):
    chunks = []
    try:
        while True:
            chunks.append(bytearray(1 << 20))
    except MemoryError:
        pass
    n = len(chunks)
    chunks = None
    return n
'''


@pytest.mark.parametrize("workers", [1, 3])  # an even ring of slots (two bands) and an odd one (three)
def test_validation_runs_see_headroom_at_least_8_mib_apart(workers):
    import re

    with Executor(workers=workers, timeout=10.0, memory_mb=512) as ex:
        results = ex.validate_batch([(HEADROOM_MIB, str(k)) for k in range(6)])
        for result in results:
            assert result.status is ExecStatus.NONDETERMINISTIC, result
            first, second = map(int, re.fullmatch(r"runs disagree: (\d+) vs (\d+)", result.error).groups())
            assert abs(first - second) >= 8, result.error
