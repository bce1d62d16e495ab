"""Bad input to the agent's entry points (the nineteenth session's red team K): config values of the
wrong type or out of range, damaged checkpoints, resumes with other settings, malformed task files,
and `azr eval` / `azr export` options. Each gets a one-line error naming what is wrong, before any
work is done where it can be found then, and nothing it should not change is changed."""
from __future__ import annotations

import argparse
import json
import math
import shutil
from pathlib import Path

import pytest
import torch

from agents import cli
from agents import evaluate as ev
from agents import export as ex
from agents.checkpoint import find_latest, load_state
from agents.config import TrainConfig, preset
from agents.errors import RunInputError
from agents.lsp.config import LSPTrainConfig


# -- config values ---------------------------------------------------------------------------------
@pytest.mark.parametrize("field, value", [
    ("generated_seeds", "false"),  # a non-empty string was true: seeding turned on
    ("progress", "no"), ("use_chat_template", "false"),
    ("max_steps", 2.5),  # trained 3 steps and never saw a last one
    ("seed", 1.5), ("eval_every", 0.5), ("solver_first_steps", 1.5),
    ("lr", "abc"), ("lr", None), ("output_dir", 5), ("model", ["tiny"]), ("azr", 5),
    ("task_types", ["deduction", 3]), ("adam_betas", [0.9]), ("lora_target_modules", ["q_proj", 1]),
])
def test_a_config_value_of_the_wrong_type_is_refused_naming_the_field(field, value):
    with pytest.raises(ValueError, match=f"^{field} must be"):
        TrainConfig.from_dict({"preset": "tiny", field: value})


@pytest.mark.parametrize("field, value", [
    ("max_grad_norm", -1.0),  # torch's clip then reverses the update
    ("lr", math.inf), ("lr", math.nan), ("lr", -1.0), ("weight_decay", -1.0), ("adam_eps", 0.0),
    ("adam_betas", [2.0, 0.0]), ("temperature", -1.0), ("temperature", 0.0), ("temperature", math.nan),
    ("kl_coef", -1.0), ("clip_low", -1.0), ("lora_dropout", 2.0), ("entropy_coef", math.nan),
    ("torch_threads", 0), ("seed", -1), ("seed", 2**32),
    ("top_answer_warning", math.nan), ("top_answer_warning", 1.5), ("eval_limit", -1), ("seed_filter_max_tasks", -1),
    ("executor_workers", 0), ("executor_timeout", math.nan), ("buffer_max_size", -3),
])
def test_a_number_out_of_its_range_is_refused_naming_the_field(field, value):
    with pytest.raises(ValueError, match=f"^{field} must"):
        preset("tiny").replace(**{field: value})


def test_values_of_the_right_kind_still_load_as_before():
    cfg = TrainConfig.from_dict({"preset": "tiny", "lr": 1, "adam_betas": [0.9, 0.99], "executor_timeout": 2,
                                 "task_types": ["deduction"], "torch_threads": None, "eval_limit": None})
    assert cfg.lr == 1.0 and isinstance(cfg.lr, float) and cfg.adam_betas == (0.9, 0.99)
    assert cfg.azr.executor_timeout == 2.0 and cfg.azr.task_types == ("deduction",)
    assert preset("tiny").replace(torch_threads=1, max_grad_norm=0.5, entropy_coef=-0.01).torch_threads == 1
    import numpy as np  # a script's numbers: kept as plain int and float, so the run's config.json is JSON

    numpy_cfg = preset("tiny").replace(max_steps=np.int64(3), lr=np.float32(0.5), executor_timeout=np.int32(2))
    assert (type(numpy_cfg.max_steps), type(numpy_cfg.lr), type(numpy_cfg.azr.executor_timeout)) == (int, float, float)
    json.dumps(numpy_cfg.to_dict())
    for name in ("tiny", "smollm2-cpu", "smollm2-gpu", "paper", "lsp-tiny", "lsp-smollm2-cpu"):
        preset(name)  # every preset holds
    with pytest.raises(ValueError, match="^n_queries must be a whole number"):
        LSPTrainConfig(n_queries=2.0)


def test_yaml_reads_1e_5_as_text_and_the_error_says_so(tmp_path):
    pytest.importorskip("yaml")
    path = tmp_path / "run.yaml"
    path.write_text("preset: tiny\nlr: 1e-5\n")
    with pytest.raises(ValueError, match="write 1.0e-5"):
        TrainConfig.from_file(path)


def test_env_kwargs_that_no_env_takes_are_refused_when_the_config_is_made():
    with pytest.raises(ValueError, match="unknown env_kwargs key 'bogus'"):
        preset("tiny").replace(env_kwargs={"bogus": 1})
    with pytest.raises(ValueError, match="the trainer sets it"):
        preset("tiny").replace(env_kwargs={"executor": None})
    assert preset("tiny").replace(env_kwargs={"max_episode_steps": 3}).azr.env_kwargs == {"max_episode_steps": 3}


# -- azr train: one line, no traceback -------------------------------------------------------------
FAST = ["--preset", "tiny", "--task-types", "deduction", "--proposer-batch-size", "2", "--solver-batch-size", "2",
        "--max-new-tokens-propose", "8", "--max-new-tokens-solve", "4", "--no-progress"]


@pytest.mark.parametrize("argv, says", [
    (["--lr", "nan"], "argument --lr: lr must be a finite number"),
    (["--max-grad-norm", "-1"], "argument --max-grad-norm: max_grad_norm must be > 0"),
    (["--seed", "-1"], "argument --seed: seed must be in [0, 4294967295]"),
    (["--torch-threads", "0"], "argument --torch-threads: torch_threads must be >= 1"),
    (["--executor-workers", "0"], "argument --executor-workers"),
    (["--env-kwargs", '{"bogus": 1}'], "unknown env_kwargs key 'bogus'"),
])
def test_azr_train_refuses_bad_flags_in_one_line(argv, says, train_error):
    with pytest.raises(SystemExit) as stop:
        cli.main(["train", *FAST, *argv])
    assert stop.value.code == 2 and says in train_error()


def test_a_yaml_file_that_does_not_parse_is_a_one_line_error(tmp_path, train_error):
    pytest.importorskip("yaml")
    path = tmp_path / "bad.yaml"
    path.write_text("preset: tiny\nlr: [1e-5\n")
    with pytest.raises(SystemExit):
        cli.main(["train", "--config", str(path)])
    assert "not valid YAML" in train_error()


def test_a_game_that_cannot_load_and_an_output_dir_that_cannot_be_made_stop_before_the_model(tmp_path, train_error):
    assert cli.main(["train", *FAST, "--game", "nosuch_module:Game", "--output-dir", str(tmp_path / "a")]) == 1
    assert "cannot load 'nosuch_module:Game'" in train_error()
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["train", *FAST, "--output-dir", str(blocker / "run")]) == 1
    assert "cannot be made" in train_error()


# -- resuming ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def one_step_run(tmp_path_factory):
    """A 1-step tiny run, copied for each test that damages or resumes it."""
    run = tmp_path_factory.mktemp("k") / "run"
    assert cli.main(["train", *FAST, "--max-steps", "1", "--output-dir", str(run)]) == 0
    return run


@pytest.fixture
def run_copy(one_step_run, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(one_step_run, copy)
    return copy


def _rewrite_ranks(checkpoint: Path, change) -> None:
    ranks = torch.load(checkpoint / "ranks.pt", weights_only=False)
    torch.save([change(rank) for rank in ranks], checkpoint / "ranks.pt")


def resume(run: Path, *extra: str) -> int:
    return cli.main(["train", *FAST, "--output-dir", str(run), "--resume", "--max-steps", "2", *extra])


def test_a_resume_with_other_settings_is_refused_listing_them(run_copy, train_error):
    assert resume(run_copy, "--lr", "0.5", "--seed", "3") == 1
    line = train_error()
    assert "lr: 0.001 -> 0.5" in line and "seed: 0 -> 3" in line and "config.json --resume" in line
    assert [json.loads(r)["step"] for r in (run_copy / "metrics.jsonl").read_text().splitlines()] == [1]


def test_a_resume_may_go_further_and_config_json_then_says_so(run_copy):
    assert resume(run_copy, "--save-every", "2") == 0
    saved = json.loads((run_copy / "config.json").read_text())
    assert saved["max_steps"] == 2 and saved["save_every"] == 2  # the settings it ran with, not the first ones
    assert load_state(find_latest(run_copy))["step"] == 2


@pytest.mark.parametrize("damage, says", [
    (lambda c: (c / "state.json").write_text('{"step": 1, "con'), "state.json cannot be read"),
    (lambda c: (c / "state.json").write_text("[1]"), "state.json must be a JSON object"),
    (lambda c: (c / "state.json").write_text('{"step": "x"}'), "state.json must be a JSON object with a whole step"),
    (lambda c: (c / "optimizer.pt").unlink(), "optimizer.pt is missing"),  # resumed with a fresh AdamW before
    (lambda c: (c / "optimizer.pt").write_bytes((c / "optimizer.pt").read_bytes()[:100]), "optimizer.pt cannot be read"),
    (lambda c: (c / "ranks.pt").write_bytes((c / "ranks.pt").read_bytes()[:100]), "ranks.pt cannot be read"),
    # Readable, but not what the trainer saved (a file from another tool, or edited by hand):
    # tracebacks from random.setstate, numpy and torch before.
    (lambda c: _rewrite_ranks(c, lambda r: {**r, "rng": {"python": 5}}), "ranks.pt holds a generator state that cannot be restored"),
    (lambda c: _rewrite_ranks(c, lambda r: {**r, "rng": {**r["rng"], "torch": "x"}}), "ranks.pt holds a generator state that cannot be restored"),
    (lambda c: _rewrite_ranks(c, lambda r: {**r, "rng": [1, 2]}), "ranks.pt holds a generator state that cannot be restored"),
    (lambda c: _rewrite_ranks(c, lambda r: {**r, "game": [1, 2]}), "ranks.pt holds a game state"),
    (lambda c: _rewrite_ranks(c, lambda r: {**r, "game": {"buffers": [1, 2]}}), "ranks.pt holds a game state"),
    (lambda c: _rewrite_ranks(c, lambda r: {**r, "game": {"buffers": {"deduction": [{"code": 1}]}}}),
     "ranks.pt holds a game state"),
    (lambda c: shutil.rmtree(c / "model"), "model is missing"),
    (lambda c: (c / "model" / "model.safetensors").write_bytes(b"\0" * 64), "model cannot be loaded"),
])
def test_a_damaged_checkpoint_is_a_one_line_error_naming_the_file(run_copy, damage, says, train_error):
    damage(find_latest(run_copy))
    assert resume(run_copy) == 1
    line = train_error()
    assert says in line and "damaged" in line


@pytest.mark.parametrize("pointer", [b"\xff\xfe", None, b"../../elsewhere/checkpoints/step-000001\n"])
def test_a_damaged_latest_pointer_is_passed_over_for_the_scan(run_copy, pointer, tmp_path, damage_latest):
    other = tmp_path / "elsewhere" / "checkpoints" / "step-000001"  # another run's complete checkpoint
    other.mkdir(parents=True)
    (other / "COMPLETE").write_text("ok\n")
    damage_latest(run_copy, pointer)
    assert find_latest(run_copy) == run_copy / "checkpoints" / "step-000001"


def test_azr_eval_on_a_run_with_a_damaged_state_is_one_line(run_copy, capsys):
    (find_latest(run_copy) / "state.json").write_text("{")
    args = argparse.Namespace(**vars(eval_args(run_copy.parent, "--model", str(run_copy))))
    assert ev.run_command(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "state.json cannot be read" in err


# -- task files ----------------------------------------------------------------------------------------
def test_rows_that_are_not_json_objects_are_skipped_with_their_line(tmp_path):
    path = tmp_path / "tasks.jsonl"
    good = json.dumps({"code": "def f(a):\n    return a + 1", "input": "1", "output": "2"})
    path.write_bytes(b"\n".join([good.encode(), b'{"code": "def f(a', b"[1, 2]", b'"text"', b"\xff\xfe{}", b""]))
    task_set = ev.load_task_set(path, "cruxeval-o")
    assert len(task_set.tasks) == 1 and task_set.n_rows == 5
    assert [s.split(":")[0] for s in task_set.skipped] == ["line 2", "line 3", "line 4", "line 5"]
    assert "not valid JSON" in task_set.skipped[0] and "a JSON list, not an object" in task_set.skipped[1]
    assert "not UTF-8" in task_set.skipped[3]
    with pytest.raises(RunInputError, match="is a folder"):
        ev.load_task_set(tmp_path, "cruxeval-o")


# -- azr eval ---------------------------------------------------------------------------------------------
def eval_args(tmp_path, *argv):
    parser = ev.add_arguments(argparse.ArgumentParser())
    data = tmp_path / "data.jsonl"
    if not data.exists():
        data.write_text(json.dumps({"code": "def f(a):\n    return a", "input": "1", "output": "1"}) + "\n")
    return parser.parse_args(["--output", str(tmp_path / "results.json"), "--no-progress", "--workers", "1",
                              "--data", str(data), "--tasks", "cruxeval-o", *argv])


def never_called(prompts):
    raise AssertionError("the evaluation ran before its options were checked")


@pytest.mark.parametrize("argv, says", [
    (["--limit", "-1"], "--limit must be at least 1"), (["--batch-size", "0"], "--batch-size must be at least 1"),
    (["--workers", "0"], "--workers must be at least 1"), (["--max-new-tokens", "0"], "--max-new-tokens"),
    (["--top-p", "5"], "--top-p must lie in (0, 1]"), (["--k", "abc"], "--k takes whole numbers"),
])
def test_azr_eval_refuses_bad_options_before_evaluating(tmp_path, argv, says):
    with pytest.raises(SystemExit, match=says.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        ev.run(eval_args(tmp_path, "--model", "x", *argv), generate=never_called)


def test_azr_eval_checks_its_output_before_the_evaluation_and_writes_it_whole(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(SystemExit, match="--output .* is a folder"):
        ev.run(eval_args(tmp_path, "--model", "x", "--output", str(tmp_path / "folder")), generate=never_called)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(SystemExit, match="--samples .* cannot be written"):
        ev.run(eval_args(tmp_path, "--model", "x", "--samples", str(blocker / "s.jsonl")), generate=never_called)


def test_a_set_with_no_task_is_written_as_strict_json(tmp_path):
    data = tmp_path / "empty.jsonl"
    data.write_text('[1, 2]\n')  # no row is a task: nothing to average
    args = eval_args(tmp_path, "--model", "x", "--data", str(data))
    ev.run(args, generate=lambda prompts: ["" for _ in prompts])

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    report = json.loads((tmp_path / "results.json").read_text(), parse_constant=refuse)
    assert report["results"]["cruxeval-o"]["n_tasks"] == 0


# -- azr export -----------------------------------------------------------------------------------------
def test_azr_export_to_an_existing_file_is_a_one_line_error(one_step_run, tmp_path):
    target = tmp_path / "exists.txt"
    target.write_text("keep me")
    with pytest.raises(SystemExit, match="is a file; the export writes a folder"):
        ex.run(ex.add_arguments(argparse.ArgumentParser()).parse_args([str(one_step_run), "--output", str(target)]))
    assert target.read_text() == "keep me"


# -- the LSP game's inputs, azr plot and azr seeds ----------------------------------------------------------
def test_lsp_reward_specs_are_checked_when_the_config_is_made():
    for spec, says in (("nosuch", "is not a reward"), ("reward-model:", "names no reward model"), ("a b:c", "is not a reward")):
        with pytest.raises(ValueError, match=f"^reward .*{says}"):
            LSPTrainConfig(reward=spec)
    assert LSPTrainConfig(reward="overlap").reward == "overlap"  # built-in, module:attr and reward-model specs hold
    assert LSPTrainConfig(reward="my_pkg.rewards:score()").reward == "my_pkg.rewards:score()"


def test_an_lsp_reward_that_cannot_be_loaded_is_a_run_input_error():
    from agents.lsp.rewards import make_reward_fn

    with pytest.raises(RunInputError, match="reward 'nosuch_module:fn' cannot be loaded: No module named"):
        make_reward_fn("nosuch_module:fn")
    with pytest.raises(RunInputError, match="cannot be loaded"):
        make_reward_fn("json:no_such_attribute")


@pytest.mark.parametrize("content, says", [
    (None, "not found"), (b'{"chall', "Unterminated string"), (b"\xff\xfe", "can't decode"),
    (b'{"challenger": 5}', "must be a str"), (b'{"nope": "x"}', "unknown prompt keys"), ("folder", "Is a directory"),
])
def test_an_lsp_prompts_file_that_cannot_be_used_is_a_run_input_error(tmp_path, content, says):
    from agents.lsp.trainer import load_prompts

    path = tmp_path / "prompts.json"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(RunInputError, match=f"prompts_file .*{says}"):
        load_prompts(LSPTrainConfig(prompts_file=str(path)))


def test_azr_plot_and_azr_seeds_say_what_is_wrong_in_one_line(tmp_path, capsys):
    (tmp_path / "run" / "metrics.jsonl").mkdir(parents=True)  # a folder where the metrics file should be
    assert cli.main(["plot", str(tmp_path / "run")]) == 1
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["seeds", "--out", str(blocker / "seeds")]) == 2  # refused before the generator runs
    err = capsys.readouterr().err
    assert "Traceback" not in err and "azr plot: " in err and "azr seeds: --out" in err
