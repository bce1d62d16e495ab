"""``check_game``: play scripted episodes through every API of a game and check its invariants.

Absolute Zero (``AZR-*-v0``, ``azr/*-v0``, the envs built from them):

- **spaces**: every observation an agent is shown lies in the env's observation space.
- **roles**: the proposer acts first, then the solver ``n_solver`` times (once in solve mode);
  an invalid proposal ends the episode at once; Gymnasium's ``info["acted_role"]`` and next
  ``info["role"]`` agree with that; every agent has left an AEC env once it is played out; a
  vector sub-env that ends an episode starts the next one in the same step.
- **rewards**: each answer is paid at once, the config's correct / wrong / malformed reward
  (1 / -0.5 / -1 by default); an invalid proposal is paid ``invalid_proposal_reward`` (-1) at
  once, a valid one nothing until the last answer; every reward lies in its range; every
  judgement comes with a reason.
- **learnability**: with the last answer the proposer is paid 1 - solve rate, or
  ``unlearnable_reward`` (0) when the solver always or never succeeded (paper Eq. 4). Solve rates
  are set by :class:`~azr_env.testing.FixedRateSolver`, so the expected value is known.
- **malformed texts**: every text of :class:`~azr_env.testing.MalformedFuzzer` (empty, huge,
  binary, unclosed tags, code for data, random strings...) is paid the malformed or invalid
  reward with a reason, and never makes the env raise.
- **seeding**: the same seed and the same actions give the same trajectory (observations,
  rewards, infos).
- **pinning**: ``reset(options={"task_id": ...})`` shows the same prompt whatever the seed, and
  the same in every API; an unknown id is refused with ``KeyError``; ``task_type`` pins the type.
- **parity**: the same scripted play through Gymnasium, PettingZoo AEC and the vector env gives
  the same roles, rewards, judgements and prompts (but for the prompts a vector env draws at
  random, from the one generator its sub-envs share).

Language Self-Play (``LSP-v0``, ``azr/lsp-v0``): roles (the challenger, then ``group_size``
answers; a pinned query skips the challenger), rewards (each answer is paid
R(q, a) + lambda R_Q(q, a) from the env's own reward functions, the challenger -V(q) + V_Q(q)
with the last answer, everything finite), hostile texts, seeding, pinning and parity, as above.

``check_game`` raises :class:`GameCheckError` (an ``AssertionError``, so pytest shows it as a
failed assertion) listing every broken invariant, or returns the :class:`GameReport` when none
is broken; ``strict=False`` returns the report either way.
"""
from __future__ import annotations

import copy
import time
from typing import Any, Callable

import gymnasium
import pettingzoo
from gymnasium.vector import VectorEnv

from azr_env.game import AEC_ID_OF_GYM_ID, LSP_AEC_ID, LSP_GYM_ID, ExecutorHandle
from azr_env.tasks import TaskBuffers
from azr_env.testing.absolute_zero import AbsoluteZeroRules
from azr_env.testing.lsp import LSPRules
from azr_env.testing.report import GameCheckError, GameReport
from azr_env.testing.rules import GameRules, Subject


# -- what is being checked ---------------------------------------------------------------------------


_AEC_TWINS = {**AEC_ID_OF_GYM_ID, LSP_GYM_ID: LSP_AEC_ID}


def _gym_to_aec(gym_id: str) -> str:
    """The AEC twin of a Gymnasium id: the package's from its id table; a user's own by the same
    naming convention (``AZR-X-v0`` <-> ``azr/x-v0``)."""
    if gym_id in _AEC_TWINS:
        return _AEC_TWINS[gym_id]
    name = gym_id[len("AZR-"):] if gym_id.startswith("AZR-") else gym_id
    return "azr/" + name.lower()


def _game_of(env: Any) -> tuple[str, Any]:
    """("azr", AbsoluteZeroGame) or ("lsp", the LSP rules' holder) behind any of the package's envs."""
    seen = []
    todo = [env]
    while todo:
        obj = todo.pop(0)
        if obj is None or any(obj is s for s in seen):
            continue
        seen.append(obj)
        game = getattr(obj, "game", None)
        if game is not None and hasattr(game, "task_types") and hasattr(game, "n_solver"):
            return "azr", game
        if hasattr(obj, "reward_fn") and hasattr(getattr(obj, "config", None), "group_size"):
            return "lsp", obj
        todo += [getattr(obj, "unwrapped", None), getattr(obj, "aec_env", None), getattr(obj, "env", None), game]
    raise TypeError(
        f"check_game plays the package's games (Absolute Zero and LSP envs, or envs built on them); "
        f"{type(env).__name__} is not one"
    )


def _api_of(env: Any) -> str | None:
    if isinstance(env, VectorEnv):
        return "vector"
    if isinstance(env, gymnasium.Env):
        return "gym"
    if isinstance(env, pettingzoo.AECEnv):
        return "aec"
    return None


def _resolve(env_or_id: Any, env_kwargs: dict[str, Any]) -> Subject:
    if isinstance(env_or_id, str):
        return _from_id(env_or_id, env_kwargs)
    if env_kwargs:
        raise TypeError(f"env settings {sorted(env_kwargs)} only apply to an id; this env is already built")
    api = _api_of(env_or_id)
    if api is not None:
        return Subject(type(env_or_id).__name__, *_game_of(env_or_id), makers={api: lambda *_: env_or_id},
                       fresh=False)
    if callable(env_or_id):
        probe = env_or_id()
        api = _api_of(probe)
        if api is None:
            raise TypeError(f"check_game: the function {env_or_id!r} made a {type(probe).__name__}, not an env")
        name = getattr(env_or_id, "__name__", "factory")
        subject = Subject(name, *_game_of(probe), makers={api: lambda *_: env_or_id()}, fresh=True)
        subject.owned.append(probe)
        return subject
    raise TypeError(
        f"check_game takes an env id (e.g. 'AZR-Deduction-v0'), an env (Gymnasium, PettingZoo AEC or vector) "
        f"or a function that makes one; got {type(env_or_id).__name__}"
    )


def _from_id(env_id: str, env_kwargs: dict[str, Any]) -> Subject:
    gym_id = aec_id = None
    if env_id in gymnasium.registry:
        gym_id = env_id
        aec_id = _gym_to_aec(env_id) if _gym_to_aec(env_id) in pettingzoo.aec_registry else None
    elif env_id in pettingzoo.aec_registry:
        aec_id = env_id
        gym_id = next((g for g in gymnasium.registry if _gym_to_aec(g) == env_id), None)
    else:
        ours = sorted(i for i in list(gymnasium.registry) + list(pettingzoo.aec_registry)
                      if i.startswith(("AZR-", "LSP-", "azr/")))
        raise ValueError(f"check_game: no Gymnasium or PettingZoo env is registered as {env_id!r}; "
                         f"the package's games are {ours} (import azr_env registers them)")

    settings = dict(env_kwargs)

    def kwargs() -> dict[str, Any]:
        # Buffers are the game's memory: each env gets its own copy, so runs start alike and the
        # caller's buffers are left as they were.
        return {k: copy.deepcopy(v) if isinstance(v, TaskBuffers) else v for k, v in settings.items()}

    makers: dict[str, Callable[..., Any]] = {}
    if gym_id is not None:
        makers["gym"] = lambda: gymnasium.make(gym_id, **kwargs())
        if gymnasium.spec(gym_id).vector_entry_point is not None:
            makers["vector"] = lambda n: gymnasium.make_vec(
                gym_id, num_envs=n, vectorization_mode="vector_entry_point", **kwargs())
    if aec_id is not None:
        makers["aec"] = lambda: pettingzoo.make("aec", aec_id, **kwargs())
    first = makers["gym" if "gym" in makers else "aec"]
    try:
        probe = first()
    except TypeError as error:
        raise TypeError(f"check_game could not build {env_id!r} with {sorted(env_kwargs)}: {error}") from error
    subject = Subject(env_id, *_game_of(probe), makers=makers, fresh=True, env_kwargs=settings)
    subject.owned.append(probe)
    return subject


# -- the entry point ---------------------------------------------------------------------------------


def check_game(env_or_id: Any, *, seed: int = 0, num_envs: int = 2, tasks: Any = None, strict: bool = True,
               **env_kwargs: Any) -> GameReport:
    """Play scripted episodes of a game through every API it has and check the game's invariants.

    Args:
        env_or_id: a Gymnasium or PettingZoo id of the package (``"AZR-Deduction-v0"``,
            ``"azr/selfplay-v0"``, ``"LSP-v0"``...): its Gymnasium, AEC and vector envs are all
            built, from ``env_kwargs``, and compared. Or one env (Gymnasium, AEC or vector; your
            wrapper around one of ours, say), or a function that makes one: then that API is
            checked, and parity is skipped.
        seed: the seed of every scripted play.
        num_envs: sub-envs of the vector env.
        tasks: the tasks the scripted proposer proposes (self-play) or the oracle knows (solve
            mode), in any form :func:`azr_env.testing.load_tasks` reads; the kit's own examples,
            or the game's solve buffers, when None.
        strict: raise :class:`GameCheckError` when an invariant is broken (the default, for
            pytest); False returns the report either way.
        **env_kwargs: what the envs are built with, as for ``gym.make``: ``config`` (your
            ``TaskConfig``: templates, rewards, limits), ``n_solver``, ``task_weights``,
            ``mode``, ``task_file``, ``buffers`` (each env gets a copy; yours are left as they
            were), ``executor``; for LSP ``reward_fn``, ``quality_fn``, ``group_size``... An
            Absolute Zero game built without ``executor=`` shares one executor over the check.

    Returns the :class:`GameReport`. Raises ``ValueError`` for an id no env is registered under,
    ``TypeError`` for something that is not one of the package's envs.
    """
    # Checked before anything is built: a wrong type would otherwise fail deep in the vector env.
    if isinstance(num_envs, bool) or not isinstance(num_envs, int):
        raise TypeError(f"num_envs must be an int, not {type(num_envs).__name__} ({num_envs!r})")
    if num_envs < 1:
        raise ValueError("num_envs must be at least 1")
    started = time.perf_counter()
    subject = _resolve(env_or_id, env_kwargs)
    handle = None
    if isinstance(env_or_id, str) and subject.kind == "azr" and "executor" not in subject.env_kwargs:
        # One executor for every env the check builds, started on first need and stopped at the
        # end (each env borrowing the shared one would start and stop it again and again).
        handle = ExecutorHandle()
        subject.env_kwargs["executor"] = handle.lazy
    try:
        report = GameReport(subject.name, [])
        try:
            if subject.kind == "azr":
                checks: GameRules = AbsoluteZeroRules(subject, report, seed, num_envs, tasks)
            else:
                checks = LSPRules(subject, report, seed, num_envs)
            checks.run()
        finally:
            subject.close()
    finally:
        if handle is not None:
            handle.close()
    report.seconds = time.perf_counter() - started
    if strict and not report.ok:
        raise GameCheckError(report)
    return report

