"""The LSP game's own numbers are range-checked when the config is made, like the common ones
(red team K, section 3): a negative text budget stopped `azr train` with the env's traceback after
the model loaded, and a judge fallback outside the 0..7 scale was accepted."""
from __future__ import annotations

import pytest

from agents import cli
from agents.lsp.config import LSPTrainConfig, lsp_preset


@pytest.mark.parametrize("field, value", [
    ("max_query_chars", -1), ("max_answer_chars", -1), ("judge_fallback", -0.5), ("judge_fallback", 9.0),
])
def test_an_lsp_number_out_of_its_range_is_refused_naming_the_field(field, value):
    with pytest.raises(ValueError, match=f"^{field} must"):
        lsp_preset("lsp-tiny").replace(**{field: value})


def test_lsp_numbers_at_the_edges_of_their_ranges_still_hold():
    cfg = LSPTrainConfig(max_query_chars=0, max_answer_chars=0, judge_fallback=7.0)  # 0: what the env allows
    assert (cfg.max_query_chars, cfg.max_answer_chars, cfg.judge_fallback) == (0, 0, 7.0)
    assert LSPTrainConfig(judge_fallback=0).judge_fallback == 0.0


def test_azr_train_refuses_a_negative_answer_budget_in_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["train", "--preset", "lsp-tiny", "--max-steps", "0", "--max-answer-chars", "-1"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "Traceback" not in err
    assert err.strip().splitlines() == ["azr train: error: argument --max-answer-chars: "
                                        "max_answer_chars must be >= 0, got -1"]
