"""The ``azr`` command line: ``azr train``, ``azr plot``, and room for more subcommands.

Subcommands live in ``COMMANDS``; another module adds one with ``register_command`` (``azr eval``
and ``azr export`` are added that way, from ``agents.evaluate`` and ``agents.export``), and it shows up
in ``azr --help``::

    from agents.cli import register_command

    def configure(parser):            # argparse parser of the subcommand
        parser.add_argument("run_dir")

    def run(args) -> int:             # exit status
        ...

    register_command("eval", "evaluate a checkpoint", configure, run)

Modules named in ``PLUGIN_MODULES`` are imported (when present) before parsing, so their
commands register themselves without the CLI importing anything heavy up front.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

# Top-level packages of the `agent` extra: a command that needs one says how to install it.
AGENT_MODULES = ("torch", "transformers", "accelerate", "tqdm", "peft")

# Imported before parsing when they exist, so that their register_command() calls run.
PLUGIN_MODULES = ("agents.evaluate", "agents.export", "agents.lsp.cli", "agents.seeds")


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
def configure_train(parser: argparse.ArgumentParser) -> None:
    from agents.config import PRESETS

    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", choices=sorted(PRESETS), help="start from a preset (default: tiny)")
    source.add_argument("--config", metavar="FILE", help="a JSON (or YAML) file of TrainConfig fields; "
                        "may name a base \"preset\"")
    parser.add_argument("--model", metavar="ID_OR_PATH", help="override the model: tiny, smollm2-cpu, a .gguf "
                        "file, a directory saved with save_pretrained (e.g. a checkpoint's model/) or a hub id")
    parser.add_argument("--max-steps", type=int, metavar="N", help="number of training steps")
    parser.add_argument("--output-dir", metavar="DIR", help="where metrics.jsonl and checkpoints/ go")
    parser.add_argument("--resume", action="store_true", help="continue from the newest complete checkpoint "
                        "in --output-dir (starts fresh when there is none)")
    parser.add_argument("--seed", type=int, help="random seed")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override any TrainConfig field; VALUE is read as JSON when it parses "
                        "(e.g. --set lr=1e-5 --set task_types='[\"deduction\"]')")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")


def config_from_args(args: argparse.Namespace):
    """The ``TrainConfig`` that ``azr train`` arguments describe."""
    from agents.config import TrainConfig, preset

    cfg = TrainConfig.from_file(args.config) if args.config else preset(args.preset or "tiny")
    changes = {}
    for item in args.set:
        name, sep, text = item.partition("=")
        if not sep:
            raise SystemExit(f"azr train: --set expects FIELD=VALUE, got {item!r}")
        try:
            changes[name.strip()] = json.loads(text)
        except json.JSONDecodeError:
            changes[name.strip()] = text
    for field, value in (("model", args.model), ("max_steps", args.max_steps), ("output_dir", args.output_dir),
                         ("seed", args.seed)):
        if value is not None:
            changes[field] = value
    if args.no_progress:
        changes["progress"] = False
    try:
        return cfg.replace(**changes)
    except (TypeError, ValueError) as error:
        raise SystemExit(f"azr train: {error}") from None


def quiet_transformers() -> None:
    """Keep transformers' own bars and advice off the console; ours say what is going on."""
    try:
        from transformers.utils import logging

        logging.set_verbosity_error()
        logging.disable_progress_bar()
    except ImportError:
        pass


def run_train(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    quiet_transformers()
    from agents.trainer import train

    try:
        metrics = train(cfg, resume=args.resume)
    except (FileExistsError, FileNotFoundError) as error:  # a run already there; a seed or eval file missing
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
    except FileNotFoundError as error:
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


def _load_plugins() -> None:
    for name in PLUGIN_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except ModuleNotFoundError:  # its parent package is absent
            continue
        importlib.import_module(name)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="azr", description="Data-free self-play training of language models (Absolute Zero, Language Self-Play).",
        epilog="Example: azr train --preset tiny --max-steps 2 --output-dir runs/tiny && azr plot runs/tiny",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(_run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``azr`` console script."""
    _load_plugins()
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
    # Run as `python -m agents.cli` this file is `__main__`; plugins register into `agents.cli`,
    # a separate module object, so hand over to that one.
    from agents.cli import main as _main

    sys.exit(_main())
