"""Checks of what a caller passes to an env's ``reset`` and a vector env's ``step``, shared by every view.

A caller's mistake is reported where it was made, with what was wrong, before the env changes
anything: a misspelt reset option is an error rather than silently ignored, and a single string
given to a vector env is an error rather than one character per sub-env.

>>> reset_options({"task_id": "abc"}, ("task_id", "task_type"))
{'task_id': 'abc'}
>>> reset_options({"taskid": "abc"}, ("task_id", "task_type"))
Traceback (most recent call last):
...
ValueError: unknown reset option(s) ['taskid']; the options are task_id, task_type
>>> text_batch(("a", "b"), 2)
['a', 'b']
>>> text_batch("ab", 2)
Traceback (most recent call last):
...
TypeError: actions must be a sequence of 2 texts, not a str
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


# PettingZoo's api_test resets with options={"options": 1} to see that options are taken at all;
# the AEC envs accept that key and ignore it.
PETTINGZOO_PROBE = "options"


def reset_options(options: Any, allowed: Sequence[str], ignored: Sequence[str] = ()) -> dict[str, Any]:
    """``options`` as a new dict without the ``ignored`` keys; TypeError unless a mapping (or None),
    ValueError for a key neither allowed nor ignored."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise TypeError(f"reset options must be a mapping (a dict), not a {type(options).__name__}")
    options = {key: value for key, value in options.items() if key not in ignored}
    unknown = [key for key in options if key not in allowed]
    if unknown:
        raise ValueError(f"unknown reset option(s) {sorted(map(str, unknown))}; the options are {', '.join(allowed)}")
    return options


def text_batch(values: Any, n: int, what: str = "actions") -> list[Any]:
    """``values`` as a list of ``n`` items, one per sub-env.

    Lists, tuples and 1-D numpy arrays are accepted. A str is refused (it would be read one
    character per sub-env), and so are mappings and sets (keys, or an arbitrary order) and
    anything that is not a sequence.
    """
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{what} must be a 1-D array of {n} texts, got shape {values.shape}")
    elif isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{what} must be a sequence of {n} texts, not a {type(values).__name__}")
    values = list(values)
    if len(values) != n:
        raise ValueError(f"expected {n} {what}, got {len(values)}")
    return values
