"""The configs: the agent's fields apart from the game's, flat names for nested fields, and configs
saved before the game's fields moved (flat) that still load and still resume."""
import dataclasses
import json
import warnings
from pathlib import Path

import pytest

from agents.config import AgentConfig, AZRGameConfig, TrainConfig, migrate_config, preset
from agents.lsp.config import LSPTrainConfig

DATA = Path(__file__).parent / "data"


def flat(values: dict) -> dict:
    """A nested TrainConfig dict in the flat shape that configs had before ``azr`` existed."""
    return {**{k: v for k, v in values.items() if k != "azr"}, **values["azr"]}


def test_the_game_settings_live_apart_from_the_learner_settings():
    learner = {f.name for f in dataclasses.fields(AgentConfig)}
    game = {f.name for f in dataclasses.fields(AZRGameConfig)}
    assert {"lr", "clip_low", "kl_coef", "micro_batch_size", "estimator"} <= learner
    assert {"task_types", "n_solver_samples", "buffer_max_size", "executor_timeout", "env_kwargs", "task"} <= game
    assert not learner & game
    # LSP shares the learner's fields and carries none of the Absolute Zero game's
    lsp = {f.name for f in dataclasses.fields(LSPTrainConfig)}
    assert learner <= lsp and not lsp & game and "azr" not in lsp


def test_flat_names_reach_the_nested_game_fields():
    cfg = preset("tiny").replace(lr=1e-4, executor_timeout=2.0, task={"unlearnable_reward": -0.5})
    assert (cfg.lr, cfg.azr.executor_timeout, cfg.task_config().unlearnable_reward) == (1e-4, 2.0, -0.5)
    assert cfg.azr.proposer_batch_size == 4  # the preset's, untouched
    assert cfg.replace(azr={"n_references": 2}).azr.n_references == 2  # a mapping merges into the section
    with pytest.raises(ValueError, match="did you mean 'executor_timeout'"):
        cfg.replace(executor_timeot=1.0)
    with pytest.raises(ValueError, match="executor_timeout must be > 0"):
        cfg.replace(executor_timeout=0)


def test_a_flat_config_saved_by_the_previous_version_loads_as_the_same_run():
    # config-flat-smollm2-cpu.json is what the previous version wrote for `--preset smollm2-cpu`.
    saved = json.loads((DATA / "config-flat-smollm2-cpu.json").read_text())
    assert "task_types" in saved and "azr" not in saved
    # That version's preset had no penalty on common wrong answers (fields added since, default
    # off, counted per answer): the old run loads as the run it was, not as today's preset.
    # Nor the bounds on a prompt's length and a micro-batch's attention cells (the thirty-fourth session).
    then = preset("smollm2-cpu").replace(wrong_answer_share_penalty=0.0, wrong_answer_share_unit="answers", env_kwargs={},
                                         micro_batch_max_cells=None)
    assert TrainConfig.from_dict(saved) == then
    assert AgentConfig.from_dict(saved) == then
    assert migrate_config(saved)["azr"]["task"] == {"prompt_style": "completion"}
    # and the nested form it is saved in now reads back to the same config
    assert TrainConfig.from_dict(json.loads(json.dumps(preset("smollm2-cpu").to_dict()))) == preset("smollm2-cpu")


def test_an_old_lsp_config_drops_the_azr_fields_it_never_read():
    saved = json.loads((DATA / "config-flat-lsp-tiny.json").read_text())
    assert saved["game"] == "lsp" and "task_types" in saved and "executor_timeout" in saved
    cfg = AgentConfig.from_dict(saved)
    assert isinstance(cfg, LSPTrainConfig) and cfg == preset("lsp-tiny")
    with pytest.raises(ValueError, match="plays with LSPTrainConfig"):
        TrainConfig.from_dict(saved)


def test_a_removed_template_field_in_saved_task_settings_is_dropped_with_a_warning():
    saved = flat(preset("tiny").to_dict())
    saved["task"] = {"templates": {"chat_system": "Be brief.", "example": "f({input}) == {output}"}}
    with pytest.warns(UserWarning, match="chat_system was never used"):
        cfg = TrainConfig.from_dict(saved)
    assert cfg.azr.task == {"templates": {"example": "f({input}) == {output}"}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning when there is nothing to drop
        TrainConfig.from_dict(flat(preset("tiny").to_dict()))


def test_choices_are_checked_for_python_users_too():
    with pytest.raises(ValueError, match="kl_estimator must be one of"):
        TrainConfig(kl_estimator="k4")
    with pytest.raises(ValueError, match="task_types must be a list of one of"):
        TrainConfig().replace(task_types=("deduction", "sorting"))
    with pytest.raises(ValueError, match="game 'lsp' plays with LSPTrainConfig"):
        TrainConfig.from_dict({"game": "lsp"})
    with pytest.raises(ValueError, match="game 'lsp' plays with LSPTrainConfig"):
        TrainConfig(game="lsp")  # the LSP game would find none of its settings
    assert TrainConfig(game="my-game").game == "my-game"  # a registered game of its own plays with TrainConfig
    assert TrainConfig(estimator="gae").estimator == "ppo"  # OpenRLHF's and veRL's name


def test_a_run_saved_flat_by_the_previous_version_resumes(tmp_path):
    from agents import cli
    from agents.checkpoint import find_latest
    from agents.evaluate import eval_task_config

    run = tmp_path / "run"
    fast = ["--task-types", "deduction", "--proposer-batch-size", "2", "--solver-batch-size", "2",
            "--max-new-tokens-propose", "8", "--max-new-tokens-solve", "4", "--no-progress",
            "--task.unlearnable-reward", "-0.5"]
    assert cli.main(["train", "--preset", "tiny", "--max-steps", "1", "--output-dir", str(run), *fast]) == 0
    # Make the run look as the previous version left it: config.json and the checkpoint's config flat.
    config = json.loads((run / "config.json").read_text())
    (run / "config.json").write_text(json.dumps(flat(config), indent=1))
    state_path = find_latest(run) / "state.json"
    state = json.loads(state_path.read_text())
    state_path.write_text(json.dumps({**state, "config": flat(state["config"])}, indent=1))

    assert eval_task_config(str(run)).unlearnable_reward == -0.5  # `azr eval` reads the old checkpoint's task settings
    assert cli.main(["train", "--config", str(run / "config.json"), "--resume", "--max-steps", "2"]) == 0
    steps = [json.loads(line)["step"] for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert steps == [1, 2]
