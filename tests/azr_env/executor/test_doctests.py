"""The executor's docstring examples run, so they cannot go stale."""
from __future__ import annotations

import doctest
import importlib

import pytest

# The sandbox-side modules (_worker, _guards, _confine) run in the workers, not here.
MODULES = ["azr_env.executor", "azr_env.executor.executor", "azr_env.executor.screen", "azr_env.executor.verify",
           "azr_env.executor.costs"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
