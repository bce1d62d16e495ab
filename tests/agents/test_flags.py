"""``azr train``'s flags: one per config field, typed, documented by the field's help text, applied
over the preset and the config file, with one-line errors. Parsing only: no model is loaded."""
import dataclasses
import json

import pytest

from agents import cli
from agents.config import AgentConfig, AZRGameConfig, TASK_FIELDS_SET_AT_TOP, preset
from agents.lsp.config import LSPTrainConfig
from azr_env.tasks import TaskConfig


def config(*argv):
    return cli.config_from_args(cli.build_parser().parse_args(["train", *argv]))


def documented_fields():
    """(option, help text) of every config field the command line exposes."""
    shared = {f.name for f in dataclasses.fields(AgentConfig)}
    rows = [(f.name, f) for f in dataclasses.fields(AgentConfig)]
    rows += [(f.name, f) for f in dataclasses.fields(AZRGameConfig)]
    rows += [("task." + f.name, f) for f in dataclasses.fields(TaskConfig) if f.name not in TASK_FIELDS_SET_AT_TOP]
    rows += [(f.name, f) for f in dataclasses.fields(LSPTrainConfig) if f.name not in shared]
    return [("--" + name.replace("_", "-"), f.metadata.get("help", "")) for name, f in rows]


def test_every_config_field_is_in_the_help_with_its_help_text(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", "--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    fields = documented_fields()
    assert len(fields) > 100
    for option, help_text in fields:
        assert help_text, f"{option} has no help text in its field metadata"
        assert f"{option} " in out or f"{option}, --no-" in out, option
        assert " ".join(help_text.split()) in out, option


def test_each_type_parses():
    cfg = config("--lr", "1e-5", "--n-solver-samples", "3", "--executor-timeout", "2.5", "--model", "smollm2-cpu",
                 "--no-progress", "--kl-in-reward", "--estimator", "grpo", "--clip-high", "none",
                 "--task-types", "deduction", "induction", "--adam-betas", "0.8", "0.95",
                 "--lora-target-modules", "q_proj", "v_proj", "--env-kwargs", '{"max_episode_steps": 3}',
                 "--generator-families", "str_in", "int_mod", "--torch-threads", "1")
    assert (cfg.lr, cfg.azr.n_solver_samples, cfg.azr.executor_timeout, cfg.model) == (1e-5, 3, 2.5, "smollm2-cpu")
    assert (cfg.progress, cfg.kl_in_reward, cfg.estimator, cfg.clip_high) == (False, True, "grpo", None)
    assert cfg.azr.task_types == ("deduction", "induction") and cfg.adam_betas == (0.8, 0.95)
    assert cfg.lora_target_modules == ["q_proj", "v_proj"] and config("--lora-target-modules", "x").lora_target_modules == "x"
    assert cfg.azr.env_kwargs == {"max_episode_steps": 3} and cfg.azr.generator_families == ("str_in", "int_mod")
    assert cfg.torch_threads == 1 and config("--torch-threads", "none").torch_threads is None
    assert config("--generator-families", "none").azr.generator_families is None
    # an optional bool: alone it is true; it also takes true, false or none (the automatic choice)
    assert config("--use-chat-template").use_chat_template is True
    assert config("--no-use-chat-template").use_chat_template is False
    assert config("--use-chat-template", "none").use_chat_template is None
    assert config("--use-chat-template", "false").use_chat_template is False
    assert config("--estimator", "gae").estimator == "ppo"
    assert config("--n-solver", "5").azr.n_solver_samples == 5  # an unambiguous prefix, as argparse allows


def test_task_flags_change_only_what_they_name():
    base = preset("smollm2-cpu").azr.task
    assert base == {"prompt_style": "completion"}
    cfg = config("--preset", "smollm2-cpu", "--task.unlearnable-reward", "-0.5", "--no-task.require-think",
                 "--task.templates", '{"example": "f({input}) == {output}"}')
    assert cfg.azr.task == {"prompt_style": "completion", "unlearnable_reward": -0.5, "require_think": False,
                            "templates": {"example": "f({input}) == {output}"}}
    task = cfg.task_config()
    assert (task.prompt_style, task.unlearnable_reward, task.templates.example) == ("completion", -0.5,
                                                                                    "f({input}) == {output}")
    assert config("--task", '{"induction_credit": "accuracy"}').task_config().induction_credit == "accuracy"


def test_precedence_defaults_then_preset_then_config_file_then_flags(tmp_path):
    assert AgentConfig().lr == 1e-6 and preset("tiny").lr == 1e-3
    assert config().lr == 1e-3  # no --preset: tiny
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"preset": "tiny", "lr": 5e-4, "max_steps": 9, "azr": {"n_references": 2}}))
    from_file = config("--config", str(path))
    assert (from_file.lr, from_file.max_steps, from_file.azr.n_references) == (5e-4, 9, 2)
    assert from_file.azr.proposer_batch_size == preset("tiny").azr.proposer_batch_size  # the file's preset
    flagged = config("--config", str(path), "--lr", "2e-4", "--n-references", "3")
    assert (flagged.lr, flagged.max_steps, flagged.azr.n_references) == (2e-4, 9, 3)
    assert config("--preset", "paper", "--max-steps", "4").lr == 1e-6  # the preset's own value stays
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["train", "--preset", "tiny", "--config", str(path)])  # one or the other


def test_lsp_fields_are_flags_of_azr_train():
    cfg = config("--preset", "lsp-tiny", "--variant", "lsp-zero", "--n-queries", "3", "--judge-scoring", "text",
                 "--quality-weight", "0.5", "--kl-coef", "0.1")
    assert isinstance(cfg, LSPTrainConfig)
    assert (cfg.variant, cfg.n_queries, cfg.judge_scoring, cfg.quality_weight, cfg.kl_coef) == (
        "lsp-zero", 3, "text", 0.5, 0.1)
    fresh = config("--game", "lsp", "--group-size", "2")
    assert isinstance(fresh, LSPTrainConfig) and fresh.group_size == 2 and fresh.kl_coef == 0.05


@pytest.mark.parametrize("argv, expected", [
    (["--lr", "abc"], "argument --lr: expected a number (e.g. 1e-5), got 'abc'"),
    (["--max-steps", "2.5"], "argument --max-steps: expected an integer, got '2.5'"),
    (["--executor-workers", "many"], "argument --executor-workers: expected an integer or none, got 'many'"),
    (["--estimator", "dpo"], "argument --estimator: expected one of trr++, reinforce++, grpo, ppo, gae; got 'dpo'"),
    (["--task-types", "deduction", "sorting"], "argument --task-types: expected one of deduction, abduction, induction"),
    (["--use-chat-template", "maybe"], "argument --use-chat-template: expected true, false or none, got 'maybe'"),
    (["--env-kwargs", "[1]"], "argument --env-kwargs: expected a JSON object"),
    (["--lrr", "1e-5"], "unknown flag --lrr (did you mean --lr?)"),
    (["--solver-group-size", "0"], "argument --solver-group-size: solver_group_size must be positive, got 0"),
    (["--top-p", "0"], "argument --top-p: top_p must lie in (0, 1]"),
    (["--task.visible-fraction", "1.5"], "argument --task.visible-fraction: visible_fraction must lie strictly"),
    (["--task", '{"n_references": 2}'], "as game fields (--n-references)"),
    (["--n-queries", "4"], "--n-queries is a setting of the lsp game (LSPTrainConfig); this run plays azr"),
    (["--preset", "lsp-tiny", "--executor-timeout", "2"], "--executor-timeout is a setting of the azr game"),
    (["--preset", "tiny", "--game", "lsp"], "--game lsp plays with LSPTrainConfig, but the preset gives a TrainConfig"),
    (["--config", "no-such-file.json"], "--config no-such-file.json: "),
    (["--eval-heldout"], "eval_heldout needs held-out tasks"),
    (["--generator-families", "str_in", "none"], "argument --generator-families: none stands alone"),
    (["--adam-betas", "0.9"], "argument --adam-betas: expected 2 arguments"),
])
def test_a_bad_flag_is_a_one_line_error_that_names_it(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_:
        config(*argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("azr train: error: ") and "Traceback" not in err
    assert expected in err


def test_a_config_file_that_is_not_a_mapping_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(SystemExit):
        config("--config", str(path))
    assert "must hold a mapping of config fields" in capsys.readouterr().err
