"""The ``azr`` command line: ``azr train``, ``azr plot``, and room for more subcommands.

Subcommands live in ``COMMANDS``. Those written in other modules (``azr eval``, ``azr export``,
``azr seeds``) are named in ``MODULE_COMMANDS``: each such module has ``add_arguments(parser)`` and
``run_command(args)`` and knows nothing of the CLI, which imports it (when present) to build the
parser. A script can add its own subcommand with ``register_command``, and it shows up in
``azr --help``::

    from agents.cli import main, register_command

    def configure(parser):            # argparse parser of the subcommand
        parser.add_argument("run_dir")

    def run(args) -> int:             # exit status
        ...

    register_command("inspect", "look at a run", configure, run)
    main()
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

# Top-level packages of the `agent` extra: a command that needs one says how to install it.
AGENT_MODULES = ("torch", "transformers", "accelerate", "tqdm", "peft")

# name -> (help, module): subcommands whose module has add_arguments(parser) and run_command(args).
MODULE_COMMANDS: dict[str, tuple[str, str]] = {
    "eval": ("evaluate a model or checkpoint on CRUXEval-style tasks (pass@k)", "agents.evaluate"),
    "export": ("export a run's task buffers as JSONL or a Hugging Face dataset", "agents.export"),
    "seeds": ("write generated seed and held-out task files (azr_env.tasks.generator)", "agents.seeds"),
}


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def register_command(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None],
                     run: Callable[[argparse.Namespace], int]) -> None:
    """Add (or replace) the subcommand ``azr NAME``."""
    COMMANDS[name] = Command(help, configure, run)


# -- azr train -------------------------------------------------------------------------------------
TRAIN_USAGE = "azr train [--preset NAME | --config FILE] [--resume] [--FIELD VALUE ...]"
TRAIN_EPILOG = """\
Every config field is a flag: the fields of every game first, then the Absolute Zero game's, the
tasks' (--task.FIELD) and the Language Self-Play game's (with an lsp-* preset or --game lsp).
What a flag sets wins over --config FILE, which wins over --preset NAME (tiny when neither is
given), which wins over the defaults shown (the dataclasses'). A bool is --flag / --no-flag; an optional value also takes `none`; a list takes
several values. Example:
  azr train --preset tiny --max-steps 2 --lr 1e-4 --task-types deduction --executor-timeout 2 \\
      --task.prompt-style completion --output-dir runs/tiny
"""


def configure_train(parser: argparse.ArgumentParser) -> None:
    from agents.config import presets
    from agents.flags import HelpFormatter, add_config_flags

    parser.usage = TRAIN_USAGE
    parser.epilog = TRAIN_EPILOG
    parser.formatter_class = HelpFormatter
    start = parser.add_argument_group("where the config starts, and the run")
    source = start.add_mutually_exclusive_group()
    source.add_argument("--preset", choices=sorted(presets()), metavar="NAME",
                        help=f"start from a preset: {', '.join(sorted(presets()))} (default: tiny)")
    source.add_argument("--config", metavar="FILE", help="start from a JSON (or YAML) file of config fields, flat "
                        "or nested, which may name a base \"preset\"; a run's saved config.json, of any version, "
                        "is one")
    start.add_argument("--resume", action="store_true", help="continue from the newest complete checkpoint "
                       "in --output-dir (starts fresh when there is none)")
    add_config_flags(parser)


def config_from_args(args: argparse.Namespace):
    """The config that ``azr train`` arguments describe: defaults < ``--preset`` < ``--config`` < flags.

    A bad value, a flag of another game or a config that does not hold gives a one-line error
    (``SystemExit``), never a traceback."""
    from agents.config import AgentConfig, TrainConfig, config_class, preset
    from agents.flags import config_changes, option_of

    try:
        changes = config_changes(args)
    except ValueError as error:  # e.g. `none` among a list's values
        _train_error(str(error))
    try:
        if args.config:
            cfg = AgentConfig.from_file(args.config)
        elif args.preset:
            cfg = preset(args.preset)
        elif "game" in changes:
            cfg = preset("tiny") if config_class(changes["game"]) is TrainConfig else config_class(changes["game"])()
        else:
            cfg = preset("tiny")
    except (OSError, ValueError, TypeError, ImportError) as error:  # a missing or bad --config file (YAML: PyYAML)
        _train_error(f"--config {args.config}: {error}" if args.config else str(error))
    if "game" in changes and config_class(changes["game"]) is not type(cfg):
        _train_error(f"--game {changes['game']} plays with {config_class(changes['game']).__name__}, but the "
                     f"{'config file' if args.config else 'preset'} gives a {type(cfg).__name__} (game "
                     f"{cfg.game}); start from a preset of that game")
    accepted = type(cfg).flat_names()
    for name in changes:
        if name not in accepted:
            owner = _game_of_field(name)
            _train_error(f"{option_of(name) if name != 'task' else '--task.*'} is a setting of {owner}; this run "
                         f"plays {cfg.game} ({type(cfg).__name__})" + (
                             "; start from an lsp-* preset or add --game lsp" if "lsp" in owner else ""))
    if "task" in changes:
        changes["task"] = {**cfg.azr.task, **changes["task"]}
    try:
        return cfg.replace(**changes)
    except (TypeError, ValueError) as error:  # a value out of range, or settings that do not go together
        message = str(error)
        subject = message.split(" ")[0].strip(",:;")
        if subject in changes:
            message = f"argument {option_of(subject)}: {message}"
        elif subject in changes.get("task", {}):
            message = f"argument --task.{subject.replace('_', '-')}: {message}"
        _train_error(message)


def train_config(argv: Sequence[str]):
    """The config that ``azr train ARGV`` would train with (``--resume`` aside), parsed and checked as
    the command does: for scripts that start runs or pass flags through to ``azr train``.

    >>> train_config(["--preset", "tiny", "--lr", "1e-4", "--task-types", "deduction"]).azr.task_types
    ('deduction',)
    """
    parser = Parser(prog="azr train")
    configure_train(parser)
    return config_from_args(parser.parse_args(list(argv)))


def _game_of_field(name: str) -> str:
    from agents.flags import config_flags

    group = next((flag.group for flag in config_flags() if flag.name == name), None)
    return {"lsp": "the lsp game (LSPTrainConfig)", "azr": "the azr game (TrainConfig.azr)",
            "task": "the azr game's tasks"}.get(group, "another game")


def _train_error(message: str):
    print(f"azr train: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def run_train(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    from agents.trainer import train  # first: without the agent extra, the error names torch
    from agents.weights import quiet_transformers

    quiet_transformers()

    from agents.errors import RunInputError

    try:
        metrics = train(cfg, resume=args.resume)
    except (FileExistsError, FileNotFoundError, RunInputError) as error:
        # A run already there; a seed or eval file missing or malformed; a damaged checkpoint; a
        # resume with other settings: what the user gave, said in one line.
        print(f"azr train: {error}", file=sys.stderr)
        return 1
    from accelerate import PartialState

    if PartialState().is_main_process:
        print(f"metrics: {metrics}")
    return 0


# -- azr plot --------------------------------------------------------------------------------------
def configure_plot(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", metavar="RUN_DIR", help="a training output directory (holds metrics.jsonl)")
    parser.add_argument("--out", metavar="PNG", help="where to write the figure (default: RUN_DIR/metrics.png)")


def run_plot(args: argparse.Namespace) -> int:
    from agents.plot import MissingMatplotlib, plot_run

    try:
        path = plot_run(args.run_dir, args.out)
    except MissingMatplotlib as error:
        print(f"azr plot: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # no metrics.jsonl, a folder in its place, an --out that cannot be written
        print(f"azr plot: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


# -- azr serve (the OpenEnv server lives with the envs' integrations; it needs no torch) ----------------
def configure_serve(parser: argparse.ArgumentParser) -> None:
    from azr_env.integrations.openenv.cli import configure

    configure(parser)


def run_serve(args: argparse.Namespace) -> int:
    from azr_env.integrations.openenv.cli import run

    return run(args)


register_command("train", "train a model by self-play (see --preset, --config)", configure_train, run_train)
register_command("plot", "draw a run's metrics.jsonl as PNG curves (needs matplotlib)", configure_plot, run_plot)
register_command("serve", "serve a game over OpenEnv's HTTP/WebSocket API (needs azr-env[openenv])",
                 configure_serve, run_serve)


def module_commands() -> dict[str, Command]:
    """The subcommands of ``MODULE_COMMANDS`` whose module is installed."""
    found = {}
    for name, (help, module_name) in MODULE_COMMANDS.items():
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:  # its parent package is absent
            continue
        module = importlib.import_module(module_name)
        found[name] = Command(help, module.add_arguments, module.run_command)
    return found


class Parser(argparse.ArgumentParser):
    """argparse, with errors on one line (no usage block above them) and a guess at a mistyped flag:
    ``azr train: error: unknown flag --lrr (did you mean --lr?); azr train --help lists them``."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")

    def parse_args(self, args=None, namespace=None):
        namespace, extra = self.parse_known_args(args, namespace)
        if extra:
            blamed = getattr(namespace, "_parser", self)  # the subcommand's parser, which knows its flags
            blamed.error(blamed.unknown_message(extra))
        return namespace

    def unknown_message(self, extra: Sequence[str]) -> str:
        flags = [item for item in extra if item.startswith("-")]
        if not flags:
            return f"unexpected argument {extra[0]!r}; {self.prog} --help lists what it takes"
        known = [option for action in self._actions for option in action.option_strings]
        name = flags[0].split("=", 1)[0]
        close = difflib.get_close_matches(name, known, n=1)
        guess = f" (did you mean {close[0]}?)" if close else ""
        return f"unknown flag {name}{guess}; {self.prog} --help lists them"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="azr", description="Data-free self-play training of language models (Absolute Zero, Language Self-Play).",
        epilog="Example: azr train --preset tiny --max-steps 2 --output-dir runs/tiny && azr plot runs/tiny",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in {**COMMANDS, **module_commands()}.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(_run=command.run, _parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``azr`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except ModuleNotFoundError as error:
        if error.name not in AGENT_MODULES:
            raise
        print(f"azr {args.command}: needs {error.name}, from the agent extra: "
              "pip install torch==2.13.0 && pip install 'azr-env[agent]'", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
