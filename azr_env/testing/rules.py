"""What every game's checks share: playing a plan through each API, and the checks that do not
depend on the game's rules (spaces, turn order, API bookkeeping, seeding, parity).

A game's rules (:mod:`azr_env.testing.absolute_zero`, :mod:`azr_env.testing.lsp`) subclass
:class:`GameRules` with the plan of scripted episodes and what each episode must show.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from azr_env.testing.play import EpisodeRecord, play_aec, play_gym, play_vector
from azr_env.testing.report import GameReport


@dataclass
class Subject:
    """How to get each API's env, and the game's settings read from one of them."""

    name: str
    kind: str  # "azr" or "lsp"
    settings: Any  # the AbsoluteZeroGame, or the LSP raw env
    makers: dict[str, Callable[[], Any]]  # api -> a function that gives an env ("vector" takes num_envs)
    fresh: bool  # each call gives a new env (False: always the same instance)
    owned: list = field(default_factory=list)  # things to close at the end
    env_kwargs: dict = field(default_factory=dict)  # what the makers build with (an id's settings)

    def close(self) -> None:
        for thing in self.owned:
            try:
                thing.close()
            except Exception:  # noqa: BLE001 - closing is best effort; the report is what matters
                pass


def close_to(a: float, b: float | None) -> bool:
    return b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


# The info keys that say how an action was judged (Absolute Zero's, then LSP's).
_JUDGEMENT = ("valid", "kind", "correct", "well_formed", "reason", "query", "answer")


def summary(record: EpisodeRecord, hidden_prompts: tuple[str, ...] = ()) -> list[tuple]:
    """What must agree between two APIs: per turn, who acted, what they saw (except the roles in
    ``hidden_prompts``), the rewards and the judgement (its reason included)."""
    out = []
    for turn in record.turns:
        judged = tuple(turn.info.get(k) for k in _JUDGEMENT)
        seen = None if turn.role in hidden_prompts else turn.observation
        out.append((turn.role, seen, turn.reward, dict(sorted(turn.settled.items())), judged, turn.done))
    return out


def first_difference(a: list, b: list) -> str:
    for n, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"turn {n}: {difference(x, y)}"
    return f"{len(a)} turns != {len(b)} turns"


def difference(x: Any, y: Any) -> str:
    """Where two values first differ, shown with a little context (not their whole text)."""
    if isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y):
        for u, v in zip(x, y):
            if u != v:
                return difference(u, v)
    if isinstance(x, str) and isinstance(y, str):
        k = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
        start = max(k - 80, 0)
        return f"...{x[start:k + 80]!r} != ...{y[start:k + 80]!r}"
    return f"{x!r:.300} != {y!r:.300}"


def trajectory(record: EpisodeRecord) -> list[tuple]:
    """Everything one API returned over an episode, for the seeding check."""
    return [(record.first_role, repr(record.start_info))] + [
        (t.role, t.observation, repr(t.action)[:1000], t.reward, t.settled, repr(t.info), t.next_role, t.done)
        for t in record.turns
    ] + [(record.final_observation, repr(record.autoreset))]


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:45] + "..." + text[-10:]



class GameRules:
    """Runs the checks of one game kind; subclasses fill the plan and the per-episode rules."""

    def __init__(self, subject: Subject, report: GameReport, seed: int, num_envs: int):
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
                                           f"{short(turn.observation)} is not in {space}")
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
        self.compare_runs(api, "scripted", first, again)

    def compare_runs(self, api: str, what: str, first: list[EpisodeRecord], again: list[EpisodeRecord]) -> None:
        """Two plays of the same plan from the same seed must return the same trajectory."""
        for k, (a, b) in enumerate(zip(first, again)):
            if trajectory(a) != trajectory(b):
                self.problem("seeding", f"{api}, {what} episode {k}: the same seed and actions gave another "
                                        f"trajectory: {first_difference(trajectory(a), trajectory(b))}")
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
                # The vector env shares one generator among its sub-envs, so the prompts drawn at
                # random (the proposer's references) may differ there; no other prompt may.
                hidden = self.random_prompts_of(base) if api == "vector" else ()
                a, b = summary(base, hidden), summary(record, hidden)
                if a != b:
                    self.problem("parity", f"{record.api} episode {k % n} differs from {base.api}: "
                                           f"{first_difference(a, b)}")
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
                if not close_to(settled, record.seen_totals.get(role, 0.0)):
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

    # Roles whose prompts the game draws at random (they may differ between a vector env's
    # sub-envs and a single env given the same seed).
    random_prompts: tuple[str, ...] = ()

    def random_prompts_of(self, record: EpisodeRecord) -> tuple[str, ...]:
        """The roles whose prompts were drawn at random in this episode (by default the same in all)."""
        return self.random_prompts
