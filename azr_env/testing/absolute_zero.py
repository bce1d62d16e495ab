"""The invariants of the Absolute Zero game (``AZR-*-v0``, ``azr/*-v0``, in self-play and solve mode)."""
from __future__ import annotations

import math
from typing import Any

from azr_env.game import PROPOSER, SOLVER
from azr_env.tasks import TaskConfig
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
from azr_env.testing.play import EpisodeRecord
from azr_env.testing.report import CHECKS, GameReport
from azr_env.testing.rules import GameRules, Subject, close_to, short


class AbsoluteZeroRules(GameRules):
    def __init__(self, subject: Subject, report: GameReport, seed: int, num_envs: int, tasks: Any):
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
            loaded = self._user_tasks(game, tasks)
            # Checked now: a type with no task would surface mid-play as the agent's LookupError,
            # reported as if the env had raised it.
            oracle = Oracle(loaded, config=self.config)
            for t in self.types:
                if not oracle.proposable(t):
                    inputs = f" with {self.config.n_induction_inputs} inputs" if t == "induction" else ""
                    raise ValueError(f"check_game: tasks has no {t} task{inputs} to propose, and the game "
                                     f"proposes {self.types}")
            return loaded
        return [task for t in game.task_types for task in example_tasks(t, self.config)]

    def _solve_tasks(self, game: Any, tasks: Any) -> list:
        if tasks is not None:
            return self._user_tasks(game, tasks)
        # The tasks the solve-mode game draws from (its file, or its buffers).
        return [task for buffer in game.solve_buffers.values() for task in buffer]

    @staticmethod
    def _user_tasks(game: Any, tasks: Any) -> list:
        loaded = load_tasks(tasks, game.task_types)
        if not loaded:
            raise ValueError("check_game: tasks is empty; give at least one task, or None for the kit's own")
        return loaded

    # -- the caller's tasks, once up front ------------------------------------------------------
    def run(self) -> None:
        if self.mode == "selfplay" and self.user_tasks is not None and not self._user_tasks_accepted():
            return
        super().run()

    def _user_tasks_accepted(self) -> bool:
        """Propose each of the caller's tasks once; False (with the problem reported) if the env
        refuses one. The scripted episodes propose each task many times, and a task that the env
        refuses by a timeout would cost that timeout every time (minutes in all)."""
        api = next(api for api in ("gym", "aec", "vector") if api in self.subject.makers)
        plan = [("your task", Roles(proposer=Oracle([task], config=self.config),
                                    solver=Oracle([task], config=self.config))) for task in self.tasks]
        options = [{"task_type": t.task_type.value} if len(self.types) > 1 else None for t in self.tasks]
        records = self.play(api, self.make(api), plan, options)
        for k, record in enumerate(records):
            turn = record.turns[0] if record.turns else None
            if turn is not None and turn.role == PROPOSER and turn.info.get("valid") is False:
                i = k % len(self.tasks)
                self.problem("tasks", f"the env refused tasks[{i}] {short(self.tasks[i].program)} as a proposal "
                                      f"({turn.info.get('reason')}); the kit proposes your tasks as valid ones, so "
                                      f"fix or drop it")
                for name in CHECKS:
                    self.report.skipped[name] = "not run: the env refused one of your tasks"
                return False
        return True

    @property
    def random_prompts(self) -> tuple[str, ...]:
        # Drawn from the buffer: the proposer's references, or in solve mode the task itself.
        return (SOLVER,) if self.mode == "solve" else (PROPOSER,)

    def random_prompts_of(self, record: Any) -> tuple[str, ...]:
        # An induction proposer given a program gets one drawn from the buffers, and the solver's
        # examples are that program's outputs: in the vector env both prompts may differ.
        given = record.start_info.get("given_program") or any(
            "given_program" in turn.info for turn in record.turns)
        return (PROPOSER, SOLVER) if given else self.random_prompts

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
                if not (close_to(turn.reward, want) and close_to(want, turn.settled.get(PROPOSER))):
                    self.problem("malformed", f"{where}: the invalid proposal {short(turn.action)} was paid "
                                              f"{turn.reward} ({turn.settled}), expected {want}")
                if not info.get("reason"):
                    self.problem("malformed", f"{where}: no reason given for refusing {short(turn.action)}")
            elif turn.role == SOLVER and turn.intent in paid:
                want = paid[turn.intent]
                check = "malformed" if turn.intent == "malformed" else "rewards"
                if not (close_to(turn.reward, want) and close_to(want, turn.settled.get(SOLVER))):
                    self.problem(check, f"{where}, answer {j}: a {turn.intent} answer {short(turn.action)} was paid "
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
            elif role == PROPOSER and not (-1e-9 <= value <= 1 + 1e-9 or close_to(value, config.invalid_proposal_reward)
                                           or close_to(value, config.unlearnable_reward)):
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
        elif not close_to(want, got):
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
            self.problem("pinning", "vector: sub-envs pinned to the same task show different prompts")
        return str(observations[0]), {}

    def check_malformed(self, env: Any, api: str) -> None:
        """Every hostile text, through the primary API: the right reward, a reason, no exception;
        and, on fresh envs, the same trajectory twice (the reasons name nothing that varies)."""
        plan, options = self.malformed_plan()
        if not self.subject.fresh:
            records = self.play(api, env, plan, options)
        else:
            records = self.play(api, self.make(api), plan, options)
            again = self.play(api, self.make(api), self.malformed_plan()[0], options)
            self.compare_runs(api, "malformed texts", records, again)
        for record, planned in zip(records, plan):
            self.check_episode(record, planned)

    def malformed_plan(self) -> tuple[list[tuple[str, Any]], list[dict | None]]:
        """One episode per hostile proposal, and episodes whose answers are all hostile (fresh agents)."""
        config = self.config
        fuzzer = MalformedFuzzer(self.seed, config=config, non_text=True)
        plan, options = [], []
        for t in self.types:
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
            plan += [("malformed texts", s) for s in scripts]
            options += [{"task_type": t} if len(self.types) > 1 else None] * len(scripts)
        return plan, options
