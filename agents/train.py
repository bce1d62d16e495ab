"""``python -m agents.train`` / ``accelerate launch -m agents.train``: the same options as ``azr train``.

    accelerate launch --num_processes 2 -m agents.train --preset paper --model Qwen/Qwen2.5-0.5B --output-dir runs/p

Each process plays its own games; accelerate averages the gradients (DDP), and only the main
process writes metrics and checkpoints.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from agents.cli import _load_plugins, configure_train, run_train


def main(argv: Sequence[str] | None = None) -> int:
    _load_plugins()  # the LSP presets and game register themselves, as under `azr train`
    parser = argparse.ArgumentParser(prog="python -m agents.train", description="Train by self-play (as `azr train`).")
    configure_train(parser)
    return run_train(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
