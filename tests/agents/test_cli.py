"""The `azr` command: help, train (presets, config files, overrides), plot."""
import json
import subprocess
import sys

import pytest

from agents import cli
from agents.config import PRESETS, TrainConfig, preset

FAST = ["--task-types", "deduction", "--proposer-batch-size", "2", "--solver-batch-size", "2",
        "--max-new-tokens-propose", "8", "--max-new-tokens-solve", "4", "--no-progress"]


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "train" in out and "plot" in out


def test_a_registered_subcommand_shows_up_and_runs(capsys, monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", dict(cli.COMMANDS))
    cli.register_command("hello", "say hello", lambda p: p.add_argument("name"),
                         lambda args: print(f"hello {args.name}") or 0)
    assert cli.main(["hello", "you"]) == 0
    assert "hello you" in capsys.readouterr().out


def test_presets():
    assert {"tiny", "smollm2-cpu", "paper"} <= set(PRESETS)
    paper = preset("paper")
    assert (paper.lr, paper.kl_coef, paper.ppo_epochs, paper.temperature, paper.azr.n_references,
            paper.azr.n_solver_samples) == (1e-6, 0.0, 1, 1.0, 6, 8)
    assert paper.estimator == "trr++" and paper.max_grad_norm == 1.0
    assert preset("smollm2-cpu").model == "smollm2-cpu" and preset("tiny").model == "tiny"
    with pytest.raises(ValueError):
        preset("nope")


def test_the_smollm2_presets_carry_the_recipe():
    cpu, gpu = preset("smollm2-cpu"), preset("smollm2-gpu")
    assert cpu.task_config().prompt_style == "completion" and cpu.use_chat_template is False
    assert cpu.azr.generated_seeds and cpu.azr.seed_filter_samples > 0 and 0 < cpu.azr.solver_first_steps < cpu.max_steps
    assert cpu.kl_coef > 0 and cpu.entropy_coef > 0 and cpu.azr.eval_heldout and cpu.loss_aggregation == "sequence-mean"
    assert (gpu.azr.solver_batch_size, gpu.azr.solver_group_size) == (64, 16)
    assert gpu.task_config().prompt_style == "completion" and gpu.azr.generator_families == cpu.azr.generator_families


def test_the_smollm2_presets_keep_a_long_output_out_of_their_prompts():
    # A valid proposal whose output was a 400-item tuple, shown as a reference, made 1,377-token
    # proposer prompts, and the update over 8 of them took the trainer from 5 to 19 GB (killed).
    from azr_env.game.absolute_zero import AbsoluteZeroGame
    from azr_env.tasks.types import Task

    for name in ("smollm2-cpu", "smollm2-gpu"):
        cfg = preset(name)
        bound = cfg.azr.env_kwargs["max_prompt_chars"]
        game = AbsoluteZeroGame(task_types=["deduction"], config=cfg.task_config(), max_prompt_chars=bound)
        long = Task("deduction", "def f(x):\n    return x * x * (10, 6, 3, 2)", "10", repr((10, 6, 3, 2) * 100))
        short = next(iter(game.buffers["deduction"]))
        unbounded = AbsoluteZeroGame(task_types=["deduction"], config=cfg.task_config())
        assert len(unbounded._proposer_prompt(game.task_types[0], [short, long], None)[0]) > bound
        prompt, shown = game._proposer_prompt(game.task_types[0], [short, long], None)
        assert len(prompt) <= bound and shown == [short]  # the long one is left out, the short one still shown


def test_task_fields_and_bad_recipe_fields_from_the_command_line():
    args = cli.build_parser().parse_args(["train", "--preset", "tiny", "--task.prompt-style", "completion",
                                          "--loss-aggregation", "sequence-mean"])
    cfg = cli.config_from_args(args)
    assert cfg.task_config().prompt_style == "completion" and cfg.loss_aggregation == "sequence-mean"
    for bad in (["--loss-aggregation", "token-sum"], ["--solver-task-sampling", "oldest"],
                ["--task", '{"n_references": 2}'], ["--solver-group-size", "0"]):
        with pytest.raises(SystemExit):
            cli.config_from_args(cli.build_parser().parse_args(["train", *bad]))


def test_azr_seeds_writes_the_three_splits(tmp_path, capsys):
    assert cli.main(["seeds", "--out", str(tmp_path), "--families", "str_upper,int_mod", "--train-per-family", "3",
                     "--heldout-per-family", "2", "--heldout-family-size", "1"]) == 0
    out = capsys.readouterr().out
    assert out.split()[:3] == ["train", "6", "tasks"]
    lines = {name: (tmp_path / f"{name}.jsonl").read_text().splitlines()
             for name in ("train", "heldout", "heldout_families")}
    assert [len(v) for v in lines.values()] == [6, 4, 8]
    assert cli.main(["seeds", "--out", str(tmp_path), "--families", "nope"]) == 2
    assert cli.main(["seeds", "--out", str(tmp_path), "--list-families"]) == 0
    assert "held out" in capsys.readouterr().out


def test_config_file_and_overrides(tmp_path):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"preset": "paper", "lr": 2e-6, "task_types": ["deduction", "induction"]}))
    args = cli.build_parser().parse_args(["train", "--config", str(path), "--max-steps", "7", "--model", "tiny",
                                          "--kl-coef", "0.05", "--clip-high", "0.28"])
    cfg = cli.config_from_args(args)
    assert (cfg.lr, cfg.max_steps, cfg.model, cfg.kl_coef, cfg.clip_high) == (2e-6, 7, "tiny", 0.05, 0.28)
    assert cfg.azr.task_types == ("deduction", "induction") and cfg.azr.n_solver_samples == 8
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["train", "--no-such-field", "1"])


def test_train_then_plot(tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "--preset", "tiny", "--max-steps", "2", "--output-dir", str(out)] + FAST) == 0
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert [row["step"] for row in rows] == [1, 2]
    assert (out / "checkpoints" / "step-000002" / "COMPLETE").exists()
    # the same directory again without --resume is refused rather than mixed with the old run
    assert cli.main(["train", "--preset", "tiny", "--max-steps", "1", "--output-dir", str(out)] + FAST) == 1
    assert "--resume" in capsys.readouterr().err
    pytest.importorskip("matplotlib")
    assert cli.main(["plot", str(out)]) == 0
    assert (out / "metrics.png").stat().st_size > 1000


def test_plot_without_matplotlib_says_what_to_install(tmp_path, monkeypatch, capsys):
    (tmp_path / "metrics.jsonl").write_text('{"step": 1, "valid_rate": 0.5}\n')
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    assert cli.main(["plot", str(tmp_path)]) == 2
    assert "pip install 'azr-env[plot]'" in capsys.readouterr().err


def test_plot_of_a_directory_without_metrics(tmp_path, capsys):
    assert cli.main(["plot", str(tmp_path)]) == 1
    assert "no metrics.jsonl" in capsys.readouterr().err


@pytest.mark.slow
def test_the_tiny_preset_as_documented(tmp_path):
    out = tmp_path / "tiny"
    subprocess.run([sys.executable, "-m", "agents.cli", "train", "--preset", "tiny", "--max-steps", "2",
                    "--output-dir", str(out)], check=True, timeout=600)
    assert [json.loads(line)["step"] for line in (out / "metrics.jsonl").read_text().splitlines()] == [1, 2]


def test_a_missing_seed_file_or_held_out_set_is_a_clear_error(tmp_path, capsys):
    args = ["train", "--preset", "tiny", "--output-dir", str(tmp_path / "run"), "--seed-file", str(tmp_path / "no.jsonl")]
    assert cli.main(args + FAST) == 1
    assert "no.jsonl not found" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.config_from_args(cli.build_parser().parse_args(["train", "--eval-heldout"]))
