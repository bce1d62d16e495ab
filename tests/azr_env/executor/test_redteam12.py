"""Red team 12 (after 9a14a85): each test failed on 9a14a85 and passes since the commit that added this file."""
from __future__ import annotations

from azr_env.executor import ExecStatus, Executor, SandboxLayers

# --- 1. functools' own update_wrapper copies a library class's namespace into the program's dict ---
# functools.lru_cache(object) calls the module's real update_wrapper, which copies object.__dict__
# (unbound slot wrappers: object.__getattribute__, type.__subclasses__) into the wrapper's own
# __dict__, a dict the program made. Read back raw, the unguarded slots listed the guards' classes
# (_TaskSys, whose __getattr__ handed out the real sys), and sys._getframe called through
# functools.singledispatch passed the hook's "called by the program" test: frames, the worker's
# globals, the audit state switched off.
SUBCLASSES = '''
import functools
def f(a):
    subclasses = functools.lru_cache(type).__dict__['__subclasses__']
    return sorted(c.__name__ for c in subclasses(object) if c.__name__.startswith('_Task'))
'''
HONEST = "import functools\ndef f(a):\n    return a\n"
EXPRESSION = ("[c for c in functools.lru_cache(type).__dict__['__subclasses__'](object) "
              "if c.__name__ == '_TaskSys'][0].__getattr__(None, 'modules')['sys'].modules['os'].getcwd()")


def test_functools_wrappers_copy_no_library_class_namespace_for_the_program():
    with Executor(workers=2, timeout=5.0) as ex:
        result = ex.run(SUBCLASSES, "0")
        assert result.status is not ExecStatus.OK, result
        # What functools' wrappers are for still works, on the program's own functions.
        own = ("import functools\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
               "def deco(g):\n    @functools.wraps(g)\n    def inner(*a):\n        return g(*a)\n    return inner\n"
               "@deco\ndef named(x):\n    'doc'\n    return x\n"
               "def f(a):\n    return [fib(a), named.__name__, named.__doc__, named.__wrapped__(1), fib.cache_info().hits > 0]")
        assert ex.validate(own, "20").output == "[6765, 'named', 'doc', 1, True]"
    with Executor(workers=2, timeout=5.0, inputs="expression") as ex:
        result = ex.run(HONEST, EXPRESSION)
        assert result.status is not ExecStatus.OK, result


# Each further link of that chain, with the Python guards and the screen off (real modules).
GETFRAME_THROUGH_A_LIBRARY = ("import sys, functools\ndef f(a):\n"
                              "    return functools.singledispatch(sys._getframe)(0).f_code.co_name")
TASK_SYS = "import enum\ndef f(a):\n    return enum.sys.path"


def test_sys_getframe_and_the_sys_enum_sees_give_a_program_nothing():
    with Executor(workers=2, timeout=5.0, layers=SandboxLayers(screen=False, guards=False)) as ex:
        for program in (GETFRAME_THROUGH_A_LIBRARY, TASK_SYS):
            result = ex.run(program, "0")
            assert result.status is ExecStatus.FORBIDDEN, result
        # namedtuple, enum's functional API and typing still read their caller's module name.
        library = ("import collections, enum, typing\nP = collections.namedtuple('P', 'x')\nE = enum.Enum('E', 'A')\n"
                   "T = typing.TypeVar('T')\ndef f(a):\n    return [P.__module__, E.__module__, repr(T)]")
        assert ex.validate(library, "0").output == "['__main__', '__main__', '~T']"


# --- 2. a NaN's hash is its address -------------------------------------------------------------
# Since CPython 3.10 a NaN hashes by identity; the guards took every float hash for its value, so
# hash(nan) showed a real address, and a set of NaNs (address order) was never reversed: validation
# accepted either order, and later runs contradicted it.
NAN_ORDER = "def f(a):\n    x = float('nan')\n    y = float('nan')\n    return [v is x for v in {x, y}]"
NAN_HASH = "def f(a):\n    return hash(float('nan')) % 64"


def test_an_output_that_depends_on_a_nans_address_is_not_validated():
    with Executor(workers=2, timeout=5.0) as ex:
        for program in (NAN_ORDER, NAN_HASH):
            for _ in range(3):
                assert ex.validate(program, "0").status is ExecStatus.NONDETERMINISTIC
        numbers = ("def f(a):\n    s = {1.5, float('inf'), -0.0, 2}\n    return [sorted(s), hash(1.5) == hash(1.5), len({(1.0, 2.0)})]")
        assert ex.validate(numbers, "0").output == "[[-0.0, 1.5, 2, inf], True, 1]"


# --- 3. an __eq__ given to a str subclass after its creation ---------------------------------------
# The class keeps str's own C hash (seeded, never observed by the program), while set comparison
# calls the new __eq__ in table order, the seed's: nothing was salted and no extra run followed, so
# the two seeds alone judged an output that records the order of the comparisons.
EQ_ORDER = '''
log = []
class S(str):
    pass
def _eq(self, other):
    log.append(str.__str__(self))
    return str.__eq__(self, other)
S.__eq__ = _eq
def f(a):
    x = {S('apple'), S('pear')}
    y = {S('apple'), S('pear')}
    log.clear()
    same = x == y
    return [same, log[:]]
'''


def test_comparison_order_inside_a_set_of_a_str_subclass_is_not_validated():
    with Executor(workers=2, timeout=5.0) as ex:
        for _ in range(3):
            assert ex.validate(EQ_ORDER, "0").status is ExecStatus.NONDETERMINISTIC
        same_hashes = ("class S(str):\n    pass\nS.tag = 1\ndef f(a):\n"
                       "    return [hash(S('x')) == hash('x'), S('x') in {'x'}, sorted({S('b'), S('a')}), S.tag]")
        assert ex.validate(same_hashes, "0").output == "[True, True, ['a', 'b'], 1]"


# --- 4. the interned-string table keeps its size -------------------------------------------------
# setattr interns its name; a task that kept 5.6 million names alive at once grew CPython's
# interned-string table to some 240 MiB, which never shrinks. Nothing of the program survived, so
# the runner stayed, and every later task in it had that much less memory.
INTERN_MANY = '''
class K:
    pass
def f(n):
    k = K()
    keep = []
    for i in range(n):
        s = 'n' + str(i)
        setattr(k, s, None)
        delattr(k, s)
        keep.append(s)
    return n
'''


def test_a_runner_whose_memory_grew_is_replaced():
    with Executor(workers=1, timeout=30.0, memory_mb=1024) as ex:
        need = str(850 << 20)
        allocates = "def f(n):\n    return len(bytes(n))"  # address space, few pages touched
        assert ex.run(allocates, need).output == need
        assert ex.run(INTERN_MANY, "3000000").output == "3000000"
        assert ex.run(allocates, need).output == need
        assert ex.restarts == 1  # the runner retired after the names (its zygote says so with the next answer)
        for _ in range(2):
            assert ex.run("def f(a):\n    return [a] * 3", "1").output == "[1, 1, 1]"
        assert ex.restarts == 1  # small tasks retire nothing
