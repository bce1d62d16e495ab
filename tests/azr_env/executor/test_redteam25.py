"""The nineteenth session's red team (I): the API on hostile input, and non-determinism that no
hash observation shows.

1. A NaN of a float subclass seeded ``random.Random`` (``statistics.NormalDist.samples(seed=...)``)
   with its address: only an exact float NaN was refused (8 of 40 validations ok).
2. An executor whose ``allowed_modules`` left out ``dataclasses`` could not start a worker (a local
   name in the guards' patching of dataclasses shadowed ``getattr``), and the error blamed
   ``memory_mb``: a failure at the worker's import time was not reported.
3. The tasks layer's parsers ran the methods of a str or bytes subclass (``__len__``, ``find``,
   ``__bytes__``) and believed an object whose ``__class__`` claims str: one such response ended
   a whole ``score_answers`` batch.
4. ``outputs_equal(text, obj)`` ran ``obj.__eq__``: it raised, or called the object equal.
5. Constructor arguments that were accepted and failed later (``memory_mb=2**62``), or failed with
   another object's error (a module name whose ``__hash__`` raises), or were read by their truth
   (``SandboxLayers(screen="yes")``).
"""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys

import pytest

from azr_env.executor import DEFAULT_ALLOWED_MODULES, ExecStatus, Executor, SandboxLayers, outputs_equal
from azr_env.executor import pool as pool_module
from azr_env.tasks import TaskConfig, TaskType, parse_answer, parse_proposal, score_answers, seed_task

from .plain_python import plain_outputs

# --- 1. a NaN seed of a float subclass ------------------------------------------------------------
NAN_SEEDS = {
    "a float subclass": "class F(float):\n    pass\nSEED = F('nan')\n",
    "a float subclass with methods": (
        "class F(float):\n    def __repr__(self):\n        return 'F'\n    def __ne__(self, other):\n"
        "        return False\nSEED = F('nan')\n"),
    "a plain float": "SEED = float('nan')\n",
}


@pytest.mark.parametrize("name", sorted(NAN_SEEDS))
def test_a_nan_seed_of_any_float_type_is_refused(executor, name):
    program = (NAN_SEEDS[name] + "import statistics\ndef f(x):\n"
               "    return statistics.NormalDist(0, 1).samples(1, seed=SEED)[0] > 0\n")
    statuses = {r.status for r in executor.validate_batch([(f"{program}# {k}\n", "0") for k in range(4)])}
    assert statuses == {ExecStatus.FORBIDDEN}, statuses


def test_a_finite_seed_of_a_float_subclass_still_works(executor):
    program = ("import statistics\nclass F(float):\n    pass\ndef f(x):\n"
               "    return round(statistics.NormalDist(0, 1).samples(1, seed=F(x))[0], 6)\n")
    (plain,) = plain_outputs([(program, "2.5")])
    result = executor.validate(program, "2.5")
    assert (result.status, result.output) == (ExecStatus.OK, plain), result


# --- 2. allowed modules without dataclasses, and the reason a worker could not start ----------------
@pytest.mark.parametrize("allowed", [["math"], [], sorted(DEFAULT_ALLOWED_MODULES - {"dataclasses"})],
                         ids=["math", "nothing", "defaults without dataclasses"])
def test_an_executor_without_dataclasses_starts_and_keeps_to_its_modules(allowed):
    with Executor(workers=1, timeout=2.0, allowed_modules=allowed) as ex:
        assert ex.run("def f(a):\n    return a * 2", "21").output == "42"
        math = ex.run("import math\ndef f(a):\n    return math.floor(a)", "2.5")
        assert (math.status, math.output) == ((ExecStatus.OK, "2") if "math" in allowed else (ExecStatus.FORBIDDEN, None))
        assert ex.run("import dataclasses\ndef f(a):\n    return a", "1").status is ExecStatus.FORBIDDEN


def test_a_worker_that_fails_while_it_imports_tells_why():
    # A configuration the worker cannot read fails at its import time, after its pipes are set
    # up: the reason comes back as the pool reads it, not as a silent exit.
    config = {"layers": SandboxLayers().to_config(), "allowed_modules": ["math"]}  # no memory_mb and more
    proc = subprocess.run([sys.executable, "-s", "-B", pool_module.WORKER_SCRIPT, json.dumps(config)],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60, cwd="/",
                          env={"PATH": os.defpath, "PYTHONHASHSEED": "1"})
    assert proc.returncode == 1
    (size,) = struct.unpack(">I", proc.stdout[:4])
    kind, said = json.loads(proc.stdout[4:4 + size])
    # (The innermost frame is named: the guards' configure, which reads the first missing key.)
    assert kind == "start_failed" and said.startswith("KeyError in configure (line ") and "names'" in said, said


# --- 3. the tasks layer's parsers on objects that pose as text --------------------------------------
class _LenRaises(str):
    def __len__(self):
        raise RuntimeError("str subclass __len__")

    def find(self, *args):
        raise RuntimeError("str subclass find")


class _BytesRaises(bytes):
    def __bytes__(self):
        raise RuntimeError("bytes subclass __bytes__")

    def __len__(self):
        raise RuntimeError("bytes subclass __len__")


class _ClaimsStr:
    @property
    def __class__(self):
        return str


@pytest.mark.parametrize("style", ["tagged", "completion"])
def test_the_parsers_read_text_subclasses_by_their_base_type_and_refuse_impostors(style):
    config = TaskConfig(prompt_style=style)
    answer = "<answer>```output\n'x'\n```</answer>" if style == "tagged" else "'x'\n"
    for text in (_LenRaises(answer), _BytesRaises(answer.encode())):
        parsed = parse_answer(TaskType.DEDUCTION, text, config)
        assert getattr(parsed, "text", None) == "'x'", parsed  # read as the text it holds
        parse_proposal(TaskType.DEDUCTION, text, config)  # a result, never an exception
    for parse in (parse_answer, parse_proposal):
        failure = parse(TaskType.DEDUCTION, _ClaimsStr(), config)
        assert "not text" in failure.reason, failure


def test_one_impostor_answer_leaves_the_rest_of_the_batch_scored():
    task = seed_task(TaskType.DEDUCTION)
    config = TaskConfig()
    right = f"<answer>```output\n{task.output}\n```</answer>"
    outcomes = score_answers(None, [task] * 3, [right, _ClaimsStr(), _LenRaises(right)], config)
    assert [o.correct for o in outcomes] == [True, False, True], outcomes
    assert "not text" in outcomes[1].reason


# --- 4. outputs_equal with an object that is not text ------------------------------------------------
class _AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class _RaisingEqual:
    def __eq__(self, other):
        raise RuntimeError("its own __eq__")

    __hash__ = object.__hash__


@pytest.mark.parametrize("other", [_AlwaysEqual(), _RaisingEqual(), 12, None], ids=["always equal", "raises", "int", "None"])
def test_outputs_equal_never_calls_a_non_text_equal(other):
    assert outputs_equal("[1, 2]", other) is False
    assert outputs_equal(other, "[1, 2]") is False


# --- 5. constructor arguments are checked when given ----------------------------------------------
class _HashRaises(str):
    def __hash__(self):
        raise RuntimeError("its own __hash__")


@pytest.mark.parametrize("keywords, said", [
    ({"memory_mb": 2**62}, "memory_mb must be an int in"),
    ({"memory_mb": True}, "memory_mb must be an int in"),
    ({"determinism_runs": 10**6}, "determinism_runs must be an int in"),
    ({"allowed_modules": None}, "allowed_modules must be a collection"),
    ({"allowed_modules": [_HashRaises("math")]}, "module names as str"),
    ({"allowed_modules": ["os.path"]}, "top-level module names"),
    ({"inputs": ["literal"]}, "inputs must be"),
    # bool is an int to isinstance: True workers or a True timeout (one second? one worker?) is a
    # slip, not a setting, and a truthy string for a switch was read as True (the thirty-first
    # session's red team F)
    ({"workers": True}, "workers must be an int"),
    ({"timeout": True}, "timeout must be seconds"),
    ({"require_os_sandbox": "yes"}, "require_os_sandbox must be True or False"),
    ({"require_os_sandbox": 0}, "require_os_sandbox must be True or False"),
])
def test_bad_executor_arguments_are_refused_at_construction(keywords, said):
    with pytest.raises(ValueError, match=said):
        Executor(**keywords)


@pytest.mark.parametrize("keywords", [{"screen": "yes"}, {"seccomp": None}, {"audit": 1}, {"preload": "socket"},
                                      {"preload": ("not a module",)}])
def test_sandbox_layers_take_only_switches_and_module_names(keywords):
    with pytest.raises(ValueError, match="SandboxLayers"):
        SandboxLayers(**keywords)


def test_sandbox_layers_take_a_list_of_preloads_as_a_tuple():
    assert SandboxLayers(preload=["socket"]).preload == ("socket",)
