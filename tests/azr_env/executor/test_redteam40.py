"""The thirty-fourth session: contextlib joins the allowed modules, without the names that act on
the process; and a child whose own confinement fails runs no program (see test_layers.py)."""
from __future__ import annotations

import os

import pytest

from azr_env.executor import ExecStatus, Executor


@pytest.fixture(scope="module")
def executor():
    with Executor(workers=2, timeout=5) as ex:
        yield ex


@pytest.mark.parametrize("name", ["chdir", "redirect_stdout", "redirect_stderr"])
def test_contextlib_names_that_act_on_the_process_are_withheld(executor, name, tmp_path):
    # chdir moves the working directory; redirect_stdout/redirect_stderr rebind the real sys's
    # streams, where the worker's own writes after the program would call the program's object.
    program = (
        "import contextlib\n"
        "class Sink:\n"
        "    def write(self, text):\n"
        "        return len(text)\n"
        "    def flush(self):\n"
        "        pass\n"
        "def f(where):\n"
        f"    maker = contextlib.{name}\n"
        "    context = maker(where) if maker.__name__ == 'chdir' else maker(Sink())\n"
        "    context.__enter__()\n"
        "    return 'entered'\n"
    )
    before = os.getcwd()
    for result in (executor.run(program, repr(str(tmp_path))), executor.validate(program, repr(str(tmp_path)))):
        assert result.status == ExecStatus.ERROR
        assert f"module 'contextlib' has no attribute '{name}'" in result.error
    imported = executor.run(f"from contextlib import {name}\ndef f(x):\n    return x\n", "1")
    assert imported.status == ExecStatus.ERROR and f"cannot import name '{name}'" in imported.error
    assert os.getcwd() == before


def test_contextlib_withheld_classes_are_not_found_through_their_bases(executor):
    program = (
        "import contextlib\n"
        "def f(x):\n"
        "    return [c.__name__ for c in contextlib.AbstractContextManager.__subclasses__()]\n"
    )
    result = executor.run(program, "1")
    assert result.status in (ExecStatus.FORBIDDEN, ExecStatus.ERROR)
    assert "redirect" not in (result.output or "")


def test_contextlib_runs_what_plain_python_runs(executor):
    program = (
        "from contextlib import contextmanager, suppress, ExitStack\n"
        "import contextlib, functools\n"
        "@contextmanager\n"
        "def step(log, name):\n"
        "    log.append(name)\n"
        "    yield\n"
        "    log.append('/' + name)\n"
        "def f(n):\n"
        "    log = []\n"
        "    with ExitStack() as stack:\n"
        "        for i in range(n):\n"
        "            stack.enter_context(step(log, str(i)))\n"
        "        with suppress(IndexError):\n"
        "            log.append([][0])\n"
        "    return log, contextlib.wraps is functools.wraps\n"
    )
    for result in (executor.run(program, "2"), executor.validate(program, "2")):
        assert (result.status, result.output) == (ExecStatus.OK, "(['0', '1', '/1', '/0'], True)")


# Library code a program calls writes a library function's attributes as any object's (the
# class's own __init__, called unbound), where no guard looks; a seed-dependent bit kept there by
# the perturbed pass was read back by every extra run of the job in that process (red team 34D:
# 5 of 12 validations ok). The functions' attributes are now put back after each pass.
_KEPT_ON_A_FUNCTION = {
    "nullcontext.__init__ (its __dict__)": (
        "import contextlib, json\n"
        "def f(a):\n"
        "    if 'enter_result' in vars(json.dumps):\n"
        "        return json.dumps.enter_result\n"
        "    b = list({'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'})[0] < 'e'\n"
        "    contextlib.nullcontext.__init__(json.dumps, b)\n"
        "    return b\n"),
    "TextWrapper.__init__ (its __dict__)": (
        "import textwrap, json\n"
        "def f(a):\n"
        "    if 'width' in vars(json.JSONEncoder.encode):\n"
        "        return json.JSONEncoder.encode.width == 1\n"
        "    b = list({'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'})[0] < 'e'\n"
        "    textwrap.TextWrapper.__init__(json.JSONEncoder.encode, width=int(b))\n"
        "    return b\n"),
    "ParamSpec.__init__ (its __name__, before its super() call raises)": (
        "import typing, json\n"
        "def f(a):\n"
        "    if json.loads.__name__ != 'loads':\n"
        "        return json.loads.__name__ == 'one'\n"
        "    b = list({'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'})[0] < 'e'\n"
        "    try:\n"
        "        typing.ParamSpec.__init__(json.loads, 'one' if b else 'zero')\n"
        "    except TypeError:\n"
        "        pass\n"
        "    return b\n"),
}


@pytest.mark.parametrize("name", sorted(_KEPT_ON_A_FUNCTION))
def test_a_bit_kept_on_a_library_function_does_not_outlive_its_pass(executor, name):
    program = _KEPT_ON_A_FUNCTION[name]
    # (One bit of the order of 8 strings: each validation's two processes disagree about half the time.)
    results = [executor.validate(program + f"# {k}\n", "0") for k in range(12)]
    assert not [r for r in results if r.ok], [r.error for r in results]
    assert all(r.status == ExecStatus.NONDETERMINISTIC for r in results), {r.error for r in results}
