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
        assert ex.validate(library, "0").output == "['__azr_task__', '__azr_task__', '~T']"
