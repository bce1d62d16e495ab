"""The thirty-first session's findings.

1. typing's ``_GenericAlias.__reduce__`` names an alias's origin by looking its ``_name`` up in
   typing's own globals, and ``_name`` is the program's to choose (``type(List[int])(list, x,
   name='__builtins__')``, or a write of ``_name`` on an alias it made). ``copy.copy`` of such an
   alias called ``getitem(typing.__builtins__, x)``, which handed out the real ``open``, ``eval``,
   ``__import__`` and ``getattr``, and with them the real ``sys`` and library privates (red team
   B). The name is now resolved in the program's view of typing, by the guards; and copy refuses
   to rebuild an object from any module's own namespace, whichever reducer handed it one.
"""
from __future__ import annotations

import pytest

from azr_env.executor import Executor, ExecStatus, SandboxLayers

BUILTINS_BY_CONSTRUCTOR = """
import typing, copy
def f(name):
    alias = type(typing.List[int])(list, name, name='__builtins__')
    return repr(copy.copy(alias))
"""

BUILTINS_BY_WRITE = """
import typing, copy
def f(name):
    alias = typing.Literal[name]
    alias._name = '__builtins__'
    return repr(copy.copy(alias))
"""


@pytest.mark.parametrize("program", [BUILTINS_BY_CONSTRUCTOR, BUILTINS_BY_WRITE], ids=["constructor", "write"])
@pytest.mark.parametrize("name", ["open", "__import__"])
def test_an_aliass_name_cannot_pick_typings_builtins_for_copy(executor, program, name):
    result = executor.run(program, repr(name))
    assert result.status == ExecStatus.FORBIDDEN, (result.status, result.output)
    assert "__builtins__" in result.error


def test_copies_of_typings_own_aliases_still_name_their_origin(executor):
    program = (
        "import typing, copy\n"
        "def f(a):\n"
        "    made = [typing.List[int], typing.Dict[str, int], typing.Callable[[int], str], typing.Tuple[int, ...]]\n"
        "    return [copy.copy(x) == x for x in made], repr(copy.deepcopy(typing.List[int]))\n"
    )
    result = executor.run(program, "0")
    assert result.status == ExecStatus.OK, result.error
    assert result.output == "([True, True, True, True], 'typing.List[int]')"


def test_with_the_screen_and_guards_off_the_reduce_still_resolves_only_typings_public_names():
    # The first layer alone: the alias's reducer, called directly (no copy, so copy's own check
    # never sees it), with the real builtins and modules in the program's hands.
    program = ("import typing\ndef f(a):\n    alias = type(typing.List[int])(list, a, name='__builtins__')\n"
               "    return repr(alias.__reduce__())")
    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(screen=False, guards=False)) as ex:
        result = ex.run(program, "'open'")
    assert result.status == ExecStatus.FORBIDDEN and "__builtins__" in result.error, (result.status, result.output)


def test_with_the_screen_and_guards_off_copy_still_refuses_a_modules_namespace():
    # The second layer alone: a reducer of the program's own that hands copy typing's namespace
    # (which, with the guards off, the program holds) is refused however the alias's was mended.
    program = ("import typing, copy, operator\n"
               "class R:\n"
               "    def __reduce__(self):\n"
               "        return operator.getitem, (vars(typing), 'sys')\n"
               "def f(a):\n    return repr(copy.copy(R()))")
    with Executor(workers=1, timeout=5.0, layers=SandboxLayers(screen=False, guards=False)) as ex:
        result = ex.run(program, "0")
    assert result.status == ExecStatus.FORBIDDEN and "namespace" in result.error, (result.status, result.output)
