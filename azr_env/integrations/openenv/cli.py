"""``azr serve ID [--host HOST] [--port PORT] ...``: an OpenEnv server for one game.

The ``azr`` command line (``agents.cli``) hands ``azr serve`` to :func:`configure` and :func:`run`.
Nothing heavy is imported until the command runs, and nothing here needs torch:
``pip install 'azr-env[openenv]'`` is enough to serve.
"""
from __future__ import annotations

import argparse
import sys

GAMES_HELP = ("AZR-Deduction-v0, AZR-Abduction-v0, AZR-Induction-v0, AZR-SelfPlay-v0, LSP-v0 "
              "(or the PettingZoo ids azr/deduction-v0, ..., azr/lsp-v0)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("game", metavar="ID", help=f"the game to serve: {GAMES_HELP}")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1; "
                        "0.0.0.0 to be reachable from other machines)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--max-sessions", type=int, default=64, help="concurrent /ws sessions (default 64)")
    game = parser.add_argument_group("the game (AZR ids)")
    game.add_argument("--mode", choices=("selfplay", "solve"), help="selfplay (default) or solve: answer buffer tasks")
    game.add_argument("--n-solver", type=int, metavar="N", help="solver answers per valid proposal (default 8, the paper's n)")
    game.add_argument("--task-file", metavar="JSONL", help="solve mode: tasks to draw from (CRUXEval rows or a buffer file)")
    game.add_argument("--workers", type=int, help="executor worker processes (default: one per core)")
    game.add_argument("--timeout", type=float, default=5.0, help="seconds per execution (default 5)")
    game.add_argument("--executor", choices=("local", "ray"), default="local",
                      help="local: one multi-process Executor; ray: a RayExecutor on the nodes offering azr_executor")
    game.add_argument("--ray-address", help="with --executor ray: the cluster to join (default: RAY_ADDRESS or a local one)")
    lsp = parser.add_argument_group("the game (LSP-v0)")
    lsp.add_argument("--group-size", type=int, metavar="G", help="solver answers per query (default 4)")
    lsp.add_argument("--judge-url", metavar="URL", help="an OpenAI-compatible endpoint for the quality judge "
                     "(LSP instead of LSP-Zero); the task reward stays the model-free overlap reward")
    sampler = parser.add_argument_group("server-side sampling (an OpenAI-compatible endpoint)")
    sampler.add_argument("--sampler-url", metavar="URL", help="AZR self-play: the server writes each valid "
                         "proposal's solver answers with this endpoint (e.g. http://127.0.0.1:8001/v1), so the "
                         "proposer's learnability comes back with its step")
    sampler.add_argument("--sampler-model", default="default", help="model name sent to the endpoint")
    sampler.add_argument("--sampler-api", choices=("chat", "completions"), default="chat",
                         help="chat (prompt as a user message) or completions (raw prompt)")
    sampler.add_argument("--sampler-max-tokens", type=int, default=1024)
    sampler.add_argument("--sampler-temperature", type=float, default=1.0)
    parser.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))


def game_kwargs(args: argparse.Namespace) -> dict:
    """The host's keyword arguments from the command line; ``SystemExit`` with a reason when they clash."""
    from azr_env.integrations.game_host import LSP_ID, canonical_game_id

    try:
        game_id = canonical_game_id(args.game)
    except ValueError as error:
        raise SystemExit(f"azr serve: {error}") from None
    azr_only = {"--mode": args.mode, "--n-solver": args.n_solver, "--task-file": args.task_file,
                "--sampler-url": args.sampler_url, "--workers": args.workers, "--ray-address": args.ray_address}
    lsp_only = {"--group-size": args.group_size, "--judge-url": args.judge_url}
    wrong = [flag for flag, value in (azr_only if game_id == LSP_ID else lsp_only).items() if value is not None]
    if wrong:
        raise SystemExit(f"azr serve: {', '.join(wrong)} do(es) not apply to {game_id}")
    kwargs: dict = {"max_sessions": args.max_sessions}
    if game_id == LSP_ID:
        if args.group_size is not None:
            kwargs["group_size"] = args.group_size
        if args.judge_url:
            from azr_env.integrations.sampler import OpenAISampler
            from azr_env.lsp import JudgeReward

            judge = OpenAISampler(args.judge_url, args.sampler_model, api=args.sampler_api, temperature=0.0,
                                  max_tokens=args.sampler_max_tokens)
            kwargs["quality_fn"] = JudgeReward(judge.generate)
        return kwargs
    for name in ("mode", "n_solver", "task_file"):
        if getattr(args, name) is not None:
            kwargs[name] = getattr(args, name)
    if args.sampler_url:
        from azr_env.integrations.sampler import OpenAISampler

        kwargs["solver_sampler"] = OpenAISampler(
            args.sampler_url, args.sampler_model, api=args.sampler_api, max_tokens=args.sampler_max_tokens,
            temperature=args.sampler_temperature)
    executor_kwargs = {"timeout": args.timeout}
    if args.workers is not None:
        executor_kwargs["workers"] = args.workers
    if args.executor == "ray":
        from azr_env.executor import RayExecutor

        kwargs["executor"] = RayExecutor(address=args.ray_address, **executor_kwargs)
    else:
        from azr_env.executor import Executor

        kwargs["executor"] = Executor(**executor_kwargs)
    return kwargs


def run(args: argparse.Namespace) -> int:
    try:
        kwargs = game_kwargs(args)  # first: a bad argument is refused before anything heavy loads
    except ValueError as error:  # a bad URL or setting, said plainly
        print(f"azr serve: {error}", file=sys.stderr)
        return 2
    try:
        from azr_env.integrations.openenv.server import serve
    except ImportError as error:
        print(f"azr serve: {error}. Install it with: pip install 'azr-env[openenv]'", file=sys.stderr)
        return 2
    executor = kwargs.get("executor")
    try:
        serve(args.game, args.host, args.port, log_level=args.log_level, **kwargs)
    except (ValueError, OSError) as error:  # OSError: a --task-file that is missing or a folder
        print(f"azr serve: {error}", file=sys.stderr)
        return 2
    finally:
        if executor is not None:
            executor.close()
    return 0
