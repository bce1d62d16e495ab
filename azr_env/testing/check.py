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
  the same roles, rewards, judgements and prompts.

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
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import gymnasium
import pettingzoo
from gymnasium.vector import VectorEnv

from azr_env.envs.game import PROPOSER, SOLVER
from azr_env.tasks import TaskBuffers, TaskConfig, TaskType
from azr_env.testing.agents import (
    FixedRateSolver,
    MalformedFuzzer,
    Oracle,
    Roles,
    ScriptedTexts,
    example_tasks,
    load_tasks,
    malformed_answers,
    malformed_proposals,
)
from azr_env.testing.play import EpisodeRecord, play_aec, play_gym, play_vector

_SHOWN_PROBLEMS = 40
CHECKS = ("roles", "spaces", "rewards", "learnability", "malformed", "seeding", "pinning", "parity")


# -- the report ------------------------------------------------------------------------------------


@dataclass
class GameReport:
    """What :func:`check_game` found. ``ok`` when no invariant is broken."""

    game: str
    apis: list[str]
    problems: list[str] = field(default_factory=list)  # "check: what is wrong", one per finding
    skipped: dict[str, str] = field(default_factory=dict)  # check -> why it could not run
    episodes: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def passed(self) -> list[str]:
        """The checks that ran and found nothing wrong."""
        failed = {problem.split(":", 1)[0] for problem in self.problems}
        return [name for name in CHECKS if name not in failed and name not in self.skipped]

    def __str__(self) -> str:
        head = (f"check_game({self.game}): {len(self.problems)} problem(s) in {self.episodes} episodes "
                f"through {', '.join(self.apis)} ({self.seconds:.1f} s)")
        shown = self.problems[:_SHOWN_PROBLEMS]
        lines = [head] + [f"  - {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more (report.problems has them all)")
        lines += [f"  (skipped {name}: {why})" for name, why in self.skipped.items()]
        if not self.problems:
            lines.append(f"  passed: {', '.join(self.passed)}")
        return "\n".join(lines)


class GameCheckError(AssertionError):
    """Raised by :func:`check_game` when an invariant is broken; ``.report`` has the details."""

    def __init__(self, report: GameReport):
        super().__init__(str(report))
        self.report = report


# -- what is being checked ---------------------------------------------------------------------------


@dataclass
class _Subject:
    """How to get each API's env, and the game's settings read from one of them."""

    name: str
    kind: str  # "azr" or "lsp"
    makers: dict[str, Callable[[], Any]]  # api -> a function that gives an env ("vector" takes num_envs)
    fresh: bool  # each call gives a new env (False: always the same instance)
    settings: Any  # the AbsoluteZeroGame, or the LSP raw env
    owned: list = field(default_factory=list)  # things to close at the end

    def close(self) -> None:
        for thing in self.owned:
            try:
                thing.close()
            except Exception:  # noqa: BLE001 - closing is best effort; the report is what matters
                pass


def _gym_to_aec(gym_id: str) -> str:
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


def _resolve(env_or_id: Any, env_kwargs: dict[str, Any]) -> _Subject:
    if isinstance(env_or_id, str):
        return _from_id(env_or_id, env_kwargs)
    if env_kwargs:
        raise TypeError(f"env settings {sorted(env_kwargs)} only apply to an id; this env is already built")
    api = _api_of(env_or_id)
    if api is not None:
        kind, settings = _game_of(env_or_id)
        return _Subject(type(env_or_id).__name__, kind, {api: lambda *_: env_or_id}, False, settings)
    if callable(env_or_id):
        probe = env_or_id()
        api = _api_of(probe)
        if api is None:
            raise TypeError(f"check_game: the function {env_or_id!r} made a {type(probe).__name__}, not an env")
        kind, settings = _game_of(probe)
        subject = _Subject(getattr(env_or_id, "__name__", "factory"), kind, {api: lambda *_: env_or_id()}, True, settings)
        subject.owned.append(probe)
        return subject
    raise TypeError(
        f"check_game takes an env id (e.g. 'AZR-Deduction-v0'), an env (Gymnasium, PettingZoo AEC or vector) "
        f"or a function that makes one; got {type(env_or_id).__name__}"
    )


def _from_id(env_id: str, env_kwargs: dict[str, Any]) -> _Subject:
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

    def kwargs() -> dict[str, Any]:
        # Buffers are the game's memory: each env gets its own copy, so runs start alike and the
        # caller's buffers are left as they were.
        return {k: copy.deepcopy(v) if isinstance(v, TaskBuffers) else v for k, v in env_kwargs.items()}

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
    kind, settings = _game_of(probe)
    subject = _Subject(env_id, kind, makers, True, settings)
    subject.owned.append(probe)
    return subject


# -- shared helpers ---------------------------------------------------------------------------------


def _close(a: float, b: float | None) -> bool:
    return b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _summary(record: EpisodeRecord, observations: bool = True) -> list[tuple]:
    """What must agree between two APIs: per turn, who acted, what they saw, the rewards and the
    judgement (its reason included)."""
    out = []
    for turn in record.turns:
        judged = tuple(turn.info.get(k) for k in ("valid", "kind", "correct", "well_formed", "reason", "query", "answer"))
        out.append((turn.role, turn.observation if observations else None, turn.reward,
                    dict(sorted(turn.settled.items())), judged, turn.done))
    return out


def _first_difference(a: list, b: list) -> str:
    for n, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"turn {n}: {_difference(x, y)}"
    return f"{len(a)} turns != {len(b)} turns"


def _difference(x: Any, y: Any) -> str:
    """Where two values first differ, shown with a little context (not their whole text)."""
    if isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y):
        for u, v in zip(x, y):
            if u != v:
                return _difference(u, v)
    if isinstance(x, str) and isinstance(y, str):
        k = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
        start = max(k - 80, 0)
        return f"...{x[start:k + 80]!r} != ...{y[start:k + 80]!r}"
    return f"{x!r:.300} != {y!r:.300}"


def _trajectory(record: EpisodeRecord) -> list[tuple]:
    """Everything one API returned over an episode, for the seeding check."""
    return [(record.first_role, repr(record.start_info))] + [
        (t.role, t.observation, repr(t.action)[:1000], t.reward, t.settled, repr(t.info), t.next_role, t.done)
        for t in record.turns
    ] + [(record.final_observation, repr(record.autoreset))]


class _Checks:
    """Runs the checks of one game kind; subclasses fill the plan and the per-episode rules."""

    def __init__(self, subject: _Subject, report: GameReport, seed: int, num_envs: int):
        self.subject, self.report, self.seed, self.num_envs = subject, report, seed, num_envs

    def problem(self, check: str, text: str) -> None:
        self.report.problems.append(f"{check}: {text}")

    def make(self, api: str) -> Any:
        maker = self.subject.makers[api]
        env = maker(self.num_envs) if api == "vector" else maker()
        if api == "vector":
            self.num_envs = env.num_envs  # an env given ready-made has its own count
        if self.subject.fresh:
            self.subject.owned.append(env)
        return env

    def play(self, api: str, env: Any, plan: list, options: list) -> list[EpisodeRecord]:
        """Play the plan's agents through ``env``; the records of one sub-env per API (vector: all)."""
        agents = [item[1] for item in plan]
        self.report.episodes += len(agents) * (self.num_envs if api == "vector" else 1)
        if api == "gym":
            return play_gym(env, agents, seed=self.seed, options=options)
        if api == "aec":
            return play_aec(env, agents, seed=self.seed, options=options)
        return [r for sub in play_vector(env, agents, seed=self.seed, options=options) for r in sub]

    def run(self) -> None:
        apis = [api for api in ("gym", "aec", "vector") if api in self.subject.makers]
        self.report.apis = apis
        primary = apis[0]
        runs: dict[str, list[EpisodeRecord]] = {}
        envs: dict[str, Any] = {}
        for api in apis:
            plan = self.plan()
            envs[api] = self.make(api)
            runs[api] = self.play(api, envs[api], plan, self.options(api, plan))
            n = len(plan)
            for k, record in enumerate(runs[api]):
                self.check_episode(record, plan[k % n])
            self.check_spaces(api, envs[api], runs[api])
        for api in apis:
            self.check_seeding(api, runs[api], envs[api])
        self.check_parity(runs)
        self.check_pinning(envs, runs)
        self.check_malformed(envs[primary], primary)

    def check_spaces(self, api: str, env: Any, records: list[EpisodeRecord]) -> None:
        """Every observation an agent was shown lies in the env's observation space."""
        for record in records:
            for j, turn in enumerate(record.turns):
                if api == "gym":
                    space = env.observation_space
                elif api == "aec":
                    space = env.observation_space(turn.role)
                else:
                    space = env.single_observation_space
                if turn.observation not in space:
                    self.problem("spaces", f"{record.api}, turn {j}: the {turn.role}'s observation "
                                           f"{_short(turn.observation)} is not in {space}")
                    return

    def check_seeding(self, api: str, first: list[EpisodeRecord], env: Any) -> None:
        plan = self.plan()
        options = self.options(api, plan)
        if self.subject.fresh:
            again = self.play(api, self.make(api), plan, options)
        else:
            # One instance: its buffers grew in the first run, so compare two later runs, which
            # start from the same buffers (every proposal in them is then a duplicate).
            first = self.play(api, env, plan, options)
            again = self.play(api, env, self.plan(), options)
        for k, (a, b) in enumerate(zip(first, again)):
            if _trajectory(a) != _trajectory(b):
                self.problem("seeding", f"{api}, episode {k}: the same seed and actions gave another trajectory: "
                                        f"{_first_difference(_trajectory(a), _trajectory(b))}")
                return

    def check_parity(self, runs: dict[str, list[EpisodeRecord]]) -> None:
        if len(runs) < 2:
            self.report.skipped["parity"] = ("only one API to compare: pass an id to check Gymnasium, AEC and vector "
                                             "views of the same game")
            return
        reference_api = next(iter(runs))
        reference = runs[reference_api]
        n = len(reference)
        for api, records in runs.items():
            if api == reference_api:
                continue
            for k, record in enumerate(records):
                base = reference[k % n]
                # The vector env shares one generator among its sub-envs, so its proposer prompts
                # (which show references drawn at random) may differ; the solver's may not.
                same_prompts = api != "vector"
                a = self.parity_view(base, same_prompts)
                b = self.parity_view(record, same_prompts)
                if a != b:
                    self.problem("parity", f"{record.api} episode {k % n} differs from {base.api}: "
                                           f"{_first_difference(a, b)}")
                    return

    def check_sequence(self, where: str, record: EpisodeRecord, expected: list[str]) -> None:
        """The turns came in the documented order, and every API said so as it went."""
        if record.first_role != expected[0]:
            self.problem("roles", f"{where}: {record.first_role!r} is up first, expected {expected[0]!r}")
        if record.roles != expected:
            self.problem("roles", f"{where}: the turns were {record.roles}, expected {expected}")
            return
        for j, turn in enumerate(record.turns):
            if turn.acted_role is not None and turn.acted_role != turn.role:
                self.problem("roles", f"{where}, turn {j}: the env says {turn.acted_role!r} acted, but it had "
                                      f"announced {turn.role!r}")
            want_next = expected[j + 1] if j + 1 < len(expected) else None
            if turn.next_role != want_next:
                self.problem("roles", f"{where}, turn {j}: next up is {turn.next_role!r}, expected {want_next!r}")
            if turn.done != (j == len(expected) - 1):
                self.problem("roles", f"{where}, turn {j}: the episode {'ended' if turn.done else 'went on'}")

    def check_bookkeeping(self, where: str, record: EpisodeRecord, expected: list[str]) -> None:
        """Each API's own accounts: AEC's ``last()`` rewards and leaving agents, vector autoreset."""
        if record.seen_totals is not None:
            for role in sorted(set(record.seen_totals) | {r for t in record.turns for r in t.settled}):
                settled = sum(record.rewards_of(role))
                if not _close(settled, record.seen_totals.get(role, 0.0)):
                    self.problem("rewards", f"{where}: env.last() showed {role} {record.seen_totals.get(role, 0.0)} "
                                            f"in all, but {settled} was settled for it")
            if record.agents_left:
                self.problem("roles", f"{where}: agents {record.agents_left} are still in the env after the episode")
        if record.autoreset is not None and record.roles == expected:
            if record.autoreset.get("role") != self.first_role:
                self.problem("roles", f"{where}: after the same-step autoreset {record.autoreset.get('role')!r} is "
                                      f"up, expected {self.first_role!r}")
            if record.autoreset.get("final_obs") is None:
                self.problem("roles", f"{where}: the vector env gave no final_obs for the episode that ended")

    def parity_view(self, record: EpisodeRecord, same_prompts: bool) -> list[tuple]:
        return _summary(record, observations=same_prompts)


# -- Absolute Zero ----------------------------------------------------------------------------------


class _AZRChecks(_Checks):
    def __init__(self, subject: _Subject, report: GameReport, seed: int, num_envs: int, tasks: Any):
        super().__init__(subject, report, seed, num_envs)
        game = subject.settings
        self.config: TaskConfig = game.config
        self.mode: str = game.mode
        self.types = [t.value for t in game.task_types]
        self.n = int(game.n_solver)
        self.user_tasks = tasks
        self.tasks = self._tasks_to_propose(game, tasks) if self.mode == "selfplay" else self._solve_tasks(game, tasks)
        if self.mode == "solve":
            report.skipped["learnability"] = "solve mode has no proposer to pay"
        elif self.n < 2:
            report.skipped["learnability"] = (f"with n_solver={self.n} a task is always or never solved, so only the "
                                              f"unlearnable reward can be checked; use n_solver >= 2")

    def _tasks_to_propose(self, game: Any, tasks: Any) -> list:
        if tasks is not None:
            return load_tasks(tasks, game.task_types)
        return [task for t in game.task_types for task in example_tasks(t, self.config)]

    def _solve_tasks(self, game: Any, tasks: Any) -> list:
        if tasks is not None:
            return load_tasks(tasks, game.task_types)
        # The tasks the solve-mode game draws from (its file, or its buffers).
        return [task for buffer in game.solve_buffers.values() for task in buffer]

    @property
    def first_role(self) -> str:
        return SOLVER if self.mode == "solve" else PROPOSER

    # The plan: (name, agent) per episode, fresh agents on every call.
    def plan(self) -> list[tuple[str, Any]]:
        config = self.config
        if self.mode == "solve":
            return [item for _ in self.types for item in (
                ("oracle", Oracle(self.tasks, config=config)),
                ("wrong answer", FixedRateSolver(0, 1, self.tasks, config=config)),
                ("malformed answer", MalformedFuzzer(self.seed, config=config)),
                ("oracle", Oracle(self.tasks, config=config)),
            )]

        def rotated(k: int) -> list:
            return self.tasks[k:] + self.tasks[:k]

        plan = []
        for t in self.types:
            if self.n >= 2:
                k = self.n // 2
                plan.append((f"fixed rate {k}/{self.n}", FixedRateSolver(
                    k, self.n, rotated(0), miss="alternate", config=config, seed=self.seed)))
            plan.append(("always right", Oracle(rotated(1), config=config)))
            plan.append(("malformed answers", Roles(proposer=Oracle(rotated(2), config=config),
                                                    solver=MalformedFuzzer(self.seed, config=config))))
            plan.append(("invalid proposal", MalformedFuzzer(self.seed, config=config)))
        return plan

    def _type_of_episode(self, k: int) -> str:
        per_type = len(self.plan_shape())
        return self.types[(k // per_type) % len(self.types)]

    def plan_shape(self) -> list[str]:
        if self.mode == "solve":
            return ["oracle", "wrong answer", "malformed answer", "oracle"]
        return (["fixed rate"] if self.n >= 2 else []) + ["always right", "malformed answers", "invalid proposal"]

    def options(self, api: str, plan: list) -> list:
        if len(self.types) == 1:
            return [None] * len(plan)
        return [{"task_type": self._type_of_episode(k)} for k in range(len(plan))]

    # -- per episode ----------------------------------------------------------------------------
    def expected_roles(self, intents: list[str | None]) -> list[str]:
        if self.mode == "solve":
            return [SOLVER]
        if intents and intents[0] == "invalid":
            return [PROPOSER]
        return [PROPOSER] + [SOLVER] * self.n

    def check_episode(self, record: EpisodeRecord, planned: tuple[str, Any]) -> None:
        name = planned[0]
        where = f"{record.api}, {name} episode ({record.task_type})"
        if record.error:
            self.problem("malformed" if "malformed" in name or "invalid" in name else "roles",
                         f"{where}: the env raised {record.error}")
            return
        config = self.config
        intents = [turn.intent for turn in record.turns]
        expected = self.expected_roles(intents)
        self.check_sequence(where, record, expected)
        if len(self.types) > 1 and record.task_type not in self.types:
            self.problem("pinning", f"{where}: task type {record.task_type!r} is not one of {self.types}")
        paid = {"correct": config.solver_correct_reward, "wrong": config.solver_wrong_reward,
                "malformed": config.solver_malformed_reward}
        for j, turn in enumerate(record.turns):
            last = j == len(record.turns) - 1
            self._check_rewards_in_range(where, j, turn)
            info = turn.info
            if turn.role == PROPOSER and turn.intent == "valid":
                if info.get("valid") is False:
                    self.problem("rewards", f"{where}: the kit's valid proposal was refused ({info.get('reason')}); "
                                            f"does the config allow these tasks?")
                if turn.reward != 0.0 or PROPOSER in turn.settled:
                    self.problem("rewards", f"{where}: a valid proposal was paid {turn.settled} at once; its reward "
                                            f"(learnability) is due with the last answer")
            elif turn.role == PROPOSER and turn.intent == "invalid":
                want = config.invalid_proposal_reward
                if not (_close(turn.reward, want) and _close(want, turn.settled.get(PROPOSER))):
                    self.problem("malformed", f"{where}: the invalid proposal {_short(turn.action)} was paid "
                                              f"{turn.reward} ({turn.settled}), expected {want}")
                if not info.get("reason"):
                    self.problem("malformed", f"{where}: no reason given for refusing {_short(turn.action)}")
            elif turn.role == SOLVER and turn.intent in paid:
                want = paid[turn.intent]
                check = "malformed" if turn.intent == "malformed" else "rewards"
                if not (_close(turn.reward, want) and _close(want, turn.settled.get(SOLVER))):
                    self.problem(check, f"{where}, answer {j}: a {turn.intent} answer {_short(turn.action)} was paid "
                                        f"{turn.reward} ({turn.settled}), expected {want}")
                if "correct" in info and info["correct"] is not (turn.intent == "correct"):
                    self.problem(check, f"{where}, answer {j}: info says correct={info['correct']} for a "
                                        f"{turn.intent} answer")
                if not info.get("reason"):
                    self.problem(check, f"{where}, answer {j}: no reason given for the judgement")
            if turn.role == SOLVER and self.mode == "selfplay" and not last and PROPOSER in turn.settled:
                self.problem("learnability", f"{where}, answer {j}: the proposer was paid before the last answer")
        self._check_learnability(where, record, expected)
        self.check_bookkeeping(where, record, expected)

    def _check_rewards_in_range(self, where: str, j: int, turn: Any) -> None:
        config = self.config
        solver = (config.solver_correct_reward, config.solver_wrong_reward, config.solver_malformed_reward)
        for role, value in turn.settled.items():
            if not math.isfinite(value):
                self.problem("rewards", f"{where}, turn {j}: {role} was paid {value}")
            elif role == SOLVER and not min(solver) - 1e-9 <= value <= max(solver) + 1e-9:
                self.problem("rewards", f"{where}, turn {j}: a solver reward of {value} lies outside "
                                        f"[{min(solver)}, {max(solver)}]")
            elif role == PROPOSER and not (-1e-9 <= value <= 1 + 1e-9 or _close(value, config.invalid_proposal_reward)
                                           or _close(value, config.unlearnable_reward)):
                self.problem("rewards", f"{where}, turn {j}: a proposer reward of {value} is neither learnability "
                                        f"in [0, 1] nor the invalid ({config.invalid_proposal_reward}) or "
                                        f"unlearnable ({config.unlearnable_reward}) reward")

    def _check_learnability(self, where: str, record: EpisodeRecord, expected: list[str]) -> None:
        if self.mode != "selfplay" or record.roles != expected or expected == [PROPOSER]:
            return
        answers = [turn for turn in record.turns if turn.role == SOLVER]
        rate = sum(turn.intent == "correct" for turn in answers) / len(answers)
        want = 1.0 - rate if 0.0 < rate < 1.0 else self.config.unlearnable_reward
        got = record.turns[-1].settled.get(PROPOSER)
        if got is None:
            self.problem("learnability", f"{where}: no proposer reward came with the last answer")
        elif not _close(want, got):
            self.problem("learnability", f"{where}: the proposer was paid {got}; solve rate {rate:g} makes it "
                                         f"{want:g} (1 - solve rate, or {self.config.unlearnable_reward:g} "
                                         f"at 0 or 1)")

    # -- across runs ----------------------------------------------------------------------------
    def check_pinning(self, envs: dict[str, Any], runs: dict[str, list[EpisodeRecord]]) -> None:
        primary = next(iter(runs))
        task_id = self._a_task_id(runs[primary])
        if task_id is None:
            self.report.skipped["pinning"] = "no task id in the infos to pin"
            return
        options = {"task_id": task_id}
        prompts = {}
        try:
            for api, env in envs.items():
                for k, seed in enumerate((self.seed + 101, self.seed + 202)):
                    prompt, info = self._reset(api, env, seed, options)
                    prompts.setdefault(api, []).append(prompt)
                    shown = (info.get("task") or {}).get("task_id") if self.mode == "solve" else (
                        info.get("reference_ids") or [task_id])[0]
                    if api != "vector" and shown != task_id:
                        self.problem("pinning", f"{api}: pinned task {task_id} but the episode shows {shown}")
                if len(set(prompts[api])) != 1:
                    self.problem("pinning", f"{api}: pinned task {task_id} gave different prompts for seeds "
                                            f"{self.seed + 101} and {self.seed + 202}")
        except Exception as error:  # noqa: BLE001
            self.problem("pinning", f"reset(options={options}) raised {type(error).__name__}: {error}")
            return
        firsts = {api: p[0] for api, p in prompts.items()}
        if len(set(firsts.values())) > 1:
            self.problem("pinning", f"pinned task {task_id} gave different prompts through "
                                    f"{', '.join(firsts)}")
        env = envs[primary]
        try:
            self._reset(primary, env, None, {"task_id": "azr-testing-no-such-task"})
        except KeyError:
            pass
        except Exception as error:  # noqa: BLE001
            self.problem("pinning", f"{primary}: an unknown task id raised {type(error).__name__} ({error}), "
                                    f"expected KeyError")
        else:
            self.problem("pinning", f"{primary}: an unknown task id was accepted")

    def _a_task_id(self, records: list[EpisodeRecord]) -> str | None:
        for record in records:
            views = [record.start_info.get("task")] + [turn.info.get("task") for turn in record.turns]
            for view in views:
                if isinstance(view, dict) and view.get("task_id"):
                    return view["task_id"]
        return None

    def _reset(self, api: str, env: Any, seed: int | None, options: dict) -> tuple[str, dict]:
        if api == "gym":
            observation, info = env.reset(seed=seed, options=options)
            return str(observation), info
        if api == "aec":
            env.reset(seed=seed, options=options)
            first = env.agent_selection
            return str(env.observe(first)), dict(env.infos.get(first, {}))
        observations, infos = env.reset(seed=seed, options=options)
        if len(set(map(str, observations))) != 1:
            self.problem("pinning", f"vector: sub-envs pinned to the same task show different prompts")
        return str(observations[0]), {}

    def check_malformed(self, env: Any, api: str) -> None:
        """Every hostile text, through the primary API: the right reward, a reason, no exception."""
        config = self.config
        fuzzer = MalformedFuzzer(self.seed, config=config, non_text=True)
        for t in self.types:
            options = {"task_type": t} if len(self.types) > 1 else None
            answers = malformed_answers(t, config) + [fuzzer.random_text() for _ in range(3)] + [b"\xff\xfe", 42]
            if self.mode == "selfplay":
                proposals = malformed_proposals(t, config) + [fuzzer.random_text() for _ in range(3)] + [b"\xff", 42]
                scripts = [ScriptedTexts(proposer=[p], intents={"proposer": ["invalid"]}) for p in proposals]
                oracle = Oracle(self.tasks, config=config)
                for start in range(0, len(answers), self.n):
                    chunk = answers[start:start + self.n]
                    chunk += [answers[0]] * (self.n - len(chunk))
                    scripts.append(Roles(proposer=oracle, solver=ScriptedTexts(
                        solver=chunk, intents={"solver": ["malformed"]})))
            else:
                scripts = [ScriptedTexts(solver=[a], intents={"solver": ["malformed"]}) for a in answers]
            plan = [("malformed texts", s) for s in scripts]
            records = self.play(api, env, plan, [options] * len(plan))
            for record, planned in zip(records, plan):
                self.check_episode(record, planned)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:45] + "..." + text[-10:]


# -- Language Self-Play -----------------------------------------------------------------------------

_LSP_QUERY = "  What is 2 + 2? Answer in one word.  "
_LSP_ANSWERS = ("4", "Four.", "", "The answer is four, since two and two make four.")
_LSP_PINNED = "Name a prime number."


class _LSPChecks(_Checks):
    def __init__(self, subject: _Subject, report: GameReport, seed: int, num_envs: int):
        super().__init__(subject, report, seed, num_envs)
        game = subject.settings
        self.config = game.config
        self.g = int(game.config.group_size)
        self.reward_fn, self.quality_fn = game.reward_fn, game.quality_fn
        report.skipped["learnability"] = ("LSP pays no learnability; the challenger's -V(q) + V_Q(q) is checked "
                                          "under rewards")

    first_role = "challenger"

    def plan(self) -> list[tuple[str, Any]]:
        answers = [_LSP_ANSWERS[j % len(_LSP_ANSWERS)] for j in range(self.g)]
        hostile = ["", "\x00\x1b[31m\ud800", "x" * (self.config.max_answer_chars + 100), "<answer>42</answer>"]
        fuzz = [hostile[j % len(hostile)] for j in range(self.g)]
        return [
            ("scripted", ScriptedTexts(challenger=[_LSP_QUERY], solver=answers)),
            ("hostile texts", ScriptedTexts(challenger=["\x00" + "y" * (self.config.max_query_chars + 50)], solver=fuzz)),
            ("pinned query", ScriptedTexts(solver=list(reversed(answers)))),
        ]

    def options(self, api: str, plan: list) -> list:
        pin = {"queries": [_LSP_PINNED] * self.num_envs} if api == "vector" else {"query": _LSP_PINNED}
        return [None, None, pin]

    def check_episode(self, record: EpisodeRecord, planned: tuple[str, Any]) -> None:
        name = planned[0]
        where = f"{record.api}, {name} episode"
        if record.error:
            self.problem("malformed" if "hostile" in name else "roles", f"{where}: the env raised {record.error}")
            return
        expected = ([] if name == "pinned query" else ["challenger"]) + [SOLVER] * self.g
        self.check_sequence(where, record, expected)
        if record.roles != expected:
            return
        self.check_bookkeeping(where, record, expected)
        task, quality = [], []
        for j, turn in enumerate(record.turns):
            for role, value in turn.settled.items():
                if not math.isfinite(value):
                    self.problem("rewards", f"{where}, turn {j}: {role} was paid {value}")
            if turn.role == "challenger":
                if turn.settled or turn.reward != 0.0:
                    self.problem("rewards", f"{where}: the query was paid {turn.settled} at once; the challenger is "
                                            f"paid with the last answer")
                continue
            query, answer = turn.info.get("query"), turn.info.get("answer")
            if name == "pinned query" and query != _LSP_PINNED:
                self.problem("pinning", f"{where}: the solver answered {query!r}, not the pinned query")
            if query is None or answer is None:
                self.problem("rewards", f"{where}, answer {j}: the info does not say the query and answer scored")
                return
            r = float(self.reward_fn([query], [answer])[0])
            q = None if self.quality_fn is None else float(self.quality_fn([query], [answer])[0])
            task.append(r)
            quality.append(q)
            want = r + (0.0 if q is None else self.config.quality_weight * q)
            if not (_close(want, turn.reward) and _close(want, turn.settled.get(SOLVER))):
                self.problem("rewards", f"{where}, answer {j}: paid {turn.reward}, but R + lambda R_Q of "
                                        f"({query[:40]!r}, {answer[:40]!r}) is {want}")
            last = j == len(record.turns) - 1
            if not last and "challenger" in turn.settled:
                self.problem("rewards", f"{where}, answer {j}: the challenger was paid before the last answer")
        v = sum(task) / len(task)
        vq = 0.0 if self.quality_fn is None else sum(self.config.quality_weight * q for q in quality) / len(quality)
        got = record.turns[-1].settled.get("challenger")
        if got is None or not _close(-v + vq, got):
            self.problem("rewards", f"{where}: the challenger was paid {got}, expected -V(q) + V_Q(q) = {-v + vq}")

    def check_pinning(self, envs: dict[str, Any], runs: dict[str, list[EpisodeRecord]]) -> None:
        pass  # the plan's "pinned query" episode pins through every API (see check_episode)

    def check_malformed(self, env: Any, api: str) -> None:
        pass  # the plan's "hostile texts" episode runs through every API


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
    if num_envs < 1:
        raise ValueError("num_envs must be at least 1")
    started = time.perf_counter()
    handle = None
    if isinstance(env_or_id, str) and "executor" not in env_kwargs and _is_azr_id(env_or_id):
        from azr_env.envs import ExecutorHandle

        handle = ExecutorHandle()
        env_kwargs = {**env_kwargs, "executor": handle.get()}
    try:
        subject = _resolve(env_or_id, env_kwargs)
        report = GameReport(subject.name, [])
        try:
            if subject.kind == "azr":
                checks: _Checks = _AZRChecks(subject, report, seed, num_envs, tasks)
            else:
                checks = _LSPChecks(subject, report, seed, num_envs)
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


def _is_azr_id(env_id: str) -> bool:
    return env_id.startswith(("AZR-", "azr/")) and "lsp" not in env_id.lower()
