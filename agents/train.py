"""``python -m agents.train`` / ``accelerate launch -m agents.train``: the same options as ``azr train``.

    accelerate launch --num_processes 2 -m agents.train --preset paper --model Qwen/Qwen2.5-0.5B --output-dir runs/p

Each process plays its own games; accelerate averages the gradients (DDP), and only the main
process writes metrics and checkpoints.
"""
from __future__ import annotations

import sys
from typing import Sequence

from agents.cli import Parser, configure_train, run_train


def main(argv: Sequence[str] | None = None) -> int:
    parser = Parser(prog="python -m agents.train", description="Train by self-play (as `azr train`).")
    configure_train(parser)
    return run_train(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
