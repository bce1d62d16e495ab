"""Correctness on 400 real CRUXEval programs with published outputs."""
from __future__ import annotations

import json

import pytest

from azr_env.executor import ExecStatus, Executor, outputs_equal, screen_inputs


@pytest.fixture(scope="module")
def rows(cruxeval_path):
    with open(cruxeval_path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _reproduced(rows, results):
    good = [r for r, x in zip(rows, results) if x.ok and outputs_equal(x.output, r["output"])]
    wrong = [(r["id"], x.output, r["output"]) for r, x in zip(rows, results) if x.ok and not outputs_equal(x.output, r["output"])]
    return good, wrong


def test_validate_batch_reproduces_published_outputs(rows):
    # CRUXEval writes some inputs as expressions (dict(a=1), range(3)); expression mode runs them
    # in the sandbox, so the whole file is comparable.
    with Executor(workers=2, timeout=5.0, inputs="expression") as ex:
        results = ex.validate_batch([(r["code"], r["input"]) for r in rows])
    good, wrong = _reproduced(rows, results)
    assert wrong == []  # never ok with a wrong output
    assert len(good) >= 0.98 * len(rows)


def test_literal_mode_refuses_only_expression_inputs(rows):
    with Executor(workers=2, timeout=5.0) as ex:
        results = ex.validate_batch([(r["code"], r["input"]) for r in rows])
    good, wrong = _reproduced(rows, results)
    assert wrong == []
    literal_rows = [r for r in rows if screen_inputs(r["input"]) is None]
    refused = [x for r, x in zip(rows, results) if screen_inputs(r["input"]) is not None]
    assert all(x.status is ExecStatus.FORBIDDEN for x in refused)
    assert len(good) >= 0.98 * len(literal_rows)
