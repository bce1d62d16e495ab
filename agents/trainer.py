"""The self-play trainer: one shared policy plays proposer and solver through the Gymnasium vector envs.

One training step (AZR, Zhao et al. 2025, Algorithm 1), for each task type t in ``cfg.azr.task_types``
(``TrainConfig.azr`` holds the game's settings):

1. **Propose.** A self-play vector env of B sub-envs (``gym.make_vec("AZR-<T>-v0")``) is reset; the
   policy writes B proposals; one ``env.step`` validates them in one executor batch. Invalid ones
   are paid -1 at once; valid ones enter the shared task buffer.
2. **Learnability.** Each valid task is answered n times (one batched ``generate`` of n x valid
   prompts, fed to the env over n steps). With the last answer the env pays the proposer its
   learnability, ``1 - solve rate`` (0 when always or never solved). These answers only estimate
   the solve rate; as in the paper they are not trained on.
3. **Solve.** A solve-mode vector env is reset with its sub-envs pinned to the newest buffer tasks
   of type t (newest first, as in the paper); the policy answers each once; one ``env.step``
   scores them (1 correct, -0.5 wrong, -1 malformed).

Then the proposer and solver samples of every task type go through ONE update: advantages per
(task type x role) group (TRR++, 6 baselines), PPO epochs / mini-batches / gradient accumulation
(``agents.learner``). Sub-envs that autoreset after an invalid proposal wait out step 2 with an
empty action (an invalid proposal whose outcome is ignored): the vector env steps every sub-env.

Everything runs under ``accelerate``: ``accelerate launch -m agents.train ...`` gives DDP, each
process playing its own games (own buffers, own executor) and gradients averaged by DDP.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from agents import checkpoint as ckpt
from agents.config import TrainConfig, migrate_config
from agents.critic import CRITIC_DIR, build_critic, parameter_groups, save_critic
from agents.errors import RunInputError, one_line
from agents.evaluate import answer_spread, family_wrong_answer_shares, wrong_answer_shares
from agents.games import GAMES, load
from agents.learner import Sample, compute_advantages, ppo_update, score_samples
from agents.policy import Generation, Policy, SamplingConfig
from azr_env.files import write_atomic, write_json_atomic
from azr_env.game import GYM_ID_OF_TYPE, PROPOSER, SOLVER

METRICS_FILE = "metrics.jsonl"
EVAL_DIR = "eval"  # held-out evaluations: step-<N>.json, and comparison.json at the end

# Settings a resumed run may change: how far it goes, how often it saves, evaluates and reports,
# and where its executor runs. Every other one changes the run's samples or updates, so a resume
# with another value is not the run it continues (a resumed --lr was recorded and not used: the
# optimizer's saved state brought the old one back).
RESUMABLE_CHANGES = frozenset({
    "max_steps", "save_every", "keep_checkpoints", "progress", "plot_at_end", "torch_threads", "output_dir",
    "executor_workers", "executor_backend", "ray_address", "ray_actors", "eval_every", "top_answer_warning",
})


def check_resume_settings(saved: Any, cfg, checkpoint: Path) -> None:
    """Refuse a resume whose settings differ from the checkpoint's in anything but
    ``RESUMABLE_CHANGES``, listing every difference (``RunInputError``)."""
    if saved is None:
        return  # (a checkpoint written without its config: nothing to compare with)
    try:
        before = _flat_settings(type(cfg).from_dict(migrate_config(saved)).to_dict(), cfg.sections())
    except (TypeError, ValueError) as exc:
        raise ckpt.CheckpointError(f"{checkpoint / 'state.json'}: its config cannot be read ({exc})") from None
    now = _flat_settings(cfg.to_dict(), cfg.sections())
    changed = [name for name in sorted(set(before) | set(now))
               if name not in RESUMABLE_CHANGES and before.get(name) != now.get(name)]
    if changed:
        shown = "; ".join(f"{name}: {before.get(name)!r} -> {now.get(name)!r}" for name in changed[:8])
        more = f" (and {len(changed) - 8} more)" if len(changed) > 8 else ""
        raise RunInputError(
            f"--resume with other settings than the run's ({shown}{more}): resume with the run's own "
            f"(azr train --config {Path(cfg.output_dir) / 'config.json'} --resume), or start a new --output-dir. "
            f"Only {', '.join(sorted(RESUMABLE_CHANGES))} may change on resume")


def _flat_settings(values: dict, sections) -> dict:
    """A config's fields by name, its sections' (``azr``) named flat, as ``replace`` names them."""
    flat = {}
    for name, value in values.items():
        if isinstance(value, dict) and name in sections:
            flat.update(_flat_settings(value, ()))
        else:
            flat[name] = list(value) if isinstance(value, tuple) else value
    return flat


def game_class(name: str) -> Callable[..., Any]:
    """The class of game ``name``: a key of ``agents.games.GAMES`` ("azr", "lsp"), or a
    ``"module:Class"`` path to a game of your own. A game is built as Game(cfg, policy,
    process_index=..., state=...) (state: what its state_dict() returned, when resuming) and has
    collect(step, bars) -> (samples, metrics), state_dict(), save_readable(directory), close(), and
    ROLES (its Sample roles)."""
    entry = GAMES.get(name)
    path = entry.game if entry is not None else name
    if ":" not in path:
        raise ValueError(f"unknown game {name!r}: use one of {', '.join(GAMES)}, or 'module:Class' for your own")
    try:
        return load(path)
    except ValueError as exc:
        raise ValueError(f"game {name!r}: {exc}") from exc


def _mean(values) -> float:
    values = [float(v) for v in values]
    return float(np.mean(values)) if values else float("nan")


def _std(values) -> float:
    values = [float(v) for v in values]
    return float(np.std(values)) if values else float("nan")


def _family(task) -> str | None:
    """The family a task belongs to for the wrong-answer penalty: its source (the generator's
    ``generated:str_in/train``, a seed file's own), or None for a task the model proposed or seeded,
    whose source names no kind of program."""
    from azr_env.tasks import PROPOSER_SOURCE, SEED_SOURCE, SEEDING_SOURCE

    return None if task.source in (None, PROPOSER_SOURCE, SEED_SOURCE, SEEDING_SOURCE) else task.source


def seed_for(*parts) -> int:
    """A reset seed that depends only on its parts, so a resumed run replays the same envs."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "little")


class Bars:
    """tqdm bars for the phases of a step (nothing at all when progress is off)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, desc: str, total: int):
        if not self.enabled:
            return None
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=desc, leave=False, dynamic_ncols=True, unit="seq")


def close_bar(bar):
    if bar is not None:
        bar.close()


def _console(line: str) -> None:
    """A line on the console that does not break the progress bars."""
    try:
        from tqdm.auto import tqdm

        tqdm.write(line)
    except ImportError:
        print(line)




@dataclass
class Played:
    """What one part of a step produced: the samples to learn from and their metrics."""

    samples: list[Sample] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class Proposed:
    """Step 1's proposals, with the rewards step 2 settles for them (index i: sub-env i)."""

    generations: list[Generation]
    observations: list[str]  # what each sub-env shows next: the solver's prompt after a valid proposal
    rewards: list[float]  # -1 for an invalid proposal; a valid one's learnability once step 2 has run
    valid: list[bool]
    format_errors: list[bool]
    episode_ids: list[int]
    new_task_ids: list[str]
    learnability: list[float] = field(default_factory=list)  # of the valid proposals
    solve_rates: list[float] = field(default_factory=list)

    def metrics(self, t: str) -> dict[str, float]:
        return {
            f"reward/{t}/proposer_mean": _mean(self.rewards), f"reward/{t}/proposer_std": _std(self.rewards),
            f"valid_rate/{t}": _mean(self.valid), f"format_error_rate/{t}/proposer": _mean(self.format_errors),
            f"learnability/{t}": _mean(self.learnability), f"solve_rate/{t}": _mean(self.solve_rates),
            f"new_tasks/{t}": len(self.new_task_ids),
        }


class _StepClock:
    """Times a step's generation and env calls, counts the tokens generated, and keeps the
    progress bars (one per generation phase, one for a task type's env steps)."""

    def __init__(self, bars: Bars, policy: Policy):
        self.bars, self.policy = bars, policy
        self.generate_seconds = self.env_seconds = 0.0
        self.tokens = 0
        self.env_bar = None

    def generate(self, prompts, sampling: SamplingConfig, label: str) -> list[Generation]:
        bar = self.bars(label, len(prompts))
        start = time.perf_counter()
        out = self.policy.generate(list(prompts), sampling, progress=bar)
        self.generate_seconds += time.perf_counter() - start
        self.tokens += sum(len(g.completion_ids) for g in out)
        close_bar(bar)
        return out

    def env(self, call, *args, counts_as_step: bool = False, **kwargs):
        start = time.perf_counter()
        out = call(*args, **kwargs)
        self.env_seconds += time.perf_counter() - start
        if counts_as_step and self.env_bar is not None:
            self.env_bar.update(1)
        return out

    def open_env_bar(self, task_type: str, total: int) -> None:
        self.env_bar = self.bars(f"{task_type}: env steps", total)

    def skip_env_steps(self, n: int) -> None:
        if self.env_bar is not None:
            self.env_bar.update(n)

    def close_env_bar(self) -> None:
        close_bar(self.env_bar)
        self.env_bar = None


class AbsoluteZeroSelfPlay:
    """The Absolute Zero game for the trainer: vector envs per task type, one executor, one buffer set.

    A fresh run seeds the buffers (``agents.seeds``: generated tasks, a JSONL file, optionally kept
    only where the untrained policy's solve rate lies strictly between 0 and 1). The first
    ``cfg.azr.solver_first_steps`` steps train the solver alone (solve phase only); later steps play
    the whole game.
    """

    ROLES = (PROPOSER, SOLVER)  # Sample.group[1]; one value head each with critic_per_role

    def __init__(self, cfg: TrainConfig, policy: Policy, *, process_index: int = 0, state: dict | None = None):
        import gymnasium as gym

        import azr_env  # noqa: F401  (registers the AZR-* ids)
        from azr_env.executor import Executor
        from azr_env.tasks import Task, TaskBuffer, TaskBuffers
        from azr_env.tasks.templates import stop_strings

        self.cfg, self.policy, self.rank = cfg, policy, process_index
        self.task_config = cfg.task_config()
        executor_kwargs = {"timeout": cfg.azr.executor_timeout}
        if cfg.azr.executor_workers is not None:
            executor_kwargs["workers"] = cfg.azr.executor_workers
        if cfg.azr.executor_backend == "ray":
            from azr_env.executor import RayExecutor

            self.executor = RayExecutor(cfg.azr.ray_actors, address=cfg.azr.ray_address, **executor_kwargs)
        else:
            self.executor = Executor(**executor_kwargs)
        self._splits = None  # the generator's splits, made on first need
        sampling = dict(temperature=cfg.temperature, top_p=cfg.top_p)
        self.propose_sampling = {t: SamplingConfig(cfg.max_new_tokens_propose, stop=stop_strings(PROPOSER, t, self.task_config),
                                                   **sampling) for t in cfg.azr.task_types}
        self.solve_sampling = {t: SamplingConfig(cfg.max_new_tokens_solve, stop=stop_strings(SOLVER, t, self.task_config),
                                                 **sampling) for t in cfg.azr.task_types}
        if state is None:
            self.buffers = TaskBuffers(max_size=cfg.azr.buffer_max_size)
            self.seed_report = self._seed_buffers()
        else:  # resuming: the saved tasks, seeds included, in their saved (insertion) order
            try:
                self.buffers = TaskBuffers({
                    t: TaskBuffer(t, [Task.from_json(r) for r in records], max_size=cfg.azr.buffer_max_size, seed=False)
                    for t, records in state["buffers"].items()
                }, max_size=cfg.azr.buffer_max_size)
                self.seed_report = dict(state.get("seed_report", {}))
            except Exception as exc:  # noqa: BLE001 -- KeyError, TypeError, ValueError ...: not what a run saved
                raise ckpt.CheckpointError(
                    f"ranks.pt holds a game state the azr game cannot load ({type(exc).__name__}: "
                    f"{one_line(exc, 120)}): the checkpoint is damaged") from None
        # Per task type, the solve steps' records of wrong answers by family (wrong_answer_share_unit=family).
        self.habits: dict[str, list] = {t: [] for t in cfg.azr.task_types}
        if state is not None:
            self.habits.update({t: [[tuple(row) for row in record] for record in records]
                                for t, records in state.get("habits", {}).items() if t in self.habits})
        common = dict(config=self.task_config, executor=self.executor, buffers=self.buffers, **cfg.azr.env_kwargs)
        self.propose_envs = {t: gym.make_vec(GYM_ID_OF_TYPE[t], num_envs=cfg.azr.proposer_batch_size,
                                             n_solver=cfg.azr.n_solver_samples, **common) for t in cfg.azr.task_types}
        self.solve_envs = {t: gym.make_vec(GYM_ID_OF_TYPE[t], num_envs=cfg.azr.solver_batch_size * cfg.azr.solver_group_size,
                                           mode="solve", **common) for t in cfg.azr.task_types}

    # -- seeds and held-out sets -------------------------------------------------------------------
    @property
    def splits(self):
        """The generator's splits for this run (None without generated seeds), made on first need."""
        if self._splits is None and self.cfg.azr.generated_seeds:
            from agents.seeds import generated_splits

            self._splits = generated_splits(self.cfg, self.executor)
        return self._splits

    def _seed_buffers(self) -> dict[str, Any]:
        """Fill the fresh buffers with the run's seed tasks (see ``agents.seeds``); returns what was added."""
        from agents import seeds

        cfg = self.cfg
        tasks = seeds.seed_tasks(cfg, self.executor, self.splits)
        if not any(tasks.values()):
            return {}
        report: dict[str, Any] = {t: {"candidates": len(v)} for t, v in tasks.items()}
        if cfg.azr.seed_filter_samples > 0:
            bars = Bars(cfg.progress and self.rank == 0)
            log = _console if self.rank == 0 else (lambda *_: None)
            tasks = seeds.filtered_seeds(cfg, self.policy, self.executor, self.task_config, tasks,
                                         self.solve_sampling[cfg.azr.task_types[0]], progress=bars, log=log)
        for task_type, chosen in tasks.items():
            if cfg.azr.seed_max_answer_share is not None:
                capped = seeds.cap_answer_share(chosen, cfg.azr.seed_max_answer_share)
                if len(capped) < len(chosen) and self.rank == 0:
                    _console(f"seed cap: {task_type}: {len(chosen) - len(capped)} of {len(chosen)} seeds left out, so that "
                             f"no right answer is more than {cfg.azr.seed_max_answer_share:.0%} of the buffer")
                chosen = capped
            if cfg.azr.seed_balance_families:
                balanced = seeds.balance_family_answers(chosen)
                if len(balanced) < len(chosen) and self.rank == 0:
                    _console(f"seed balance: {task_type}: {len(chosen) - len(balanced)} of {len(chosen)} seeds left out, "
                             "so that no family gives one right answer more often than its other answers together")
                chosen = balanced
            report[task_type]["added"] = self.buffers[task_type].extend(chosen)
            if not chosen and self.rank == 0:
                _console(f"warning: no {task_type} seed task is left; its buffer holds only the default seed")
        return report

    def heldout_sets(self):
        """The run's held-out task sets (``agents.seeds.heldout_sets``)."""
        from agents.seeds import heldout_sets

        return heldout_sets(self.cfg, self.executor, self.splits)

    # -- one step --------------------------------------------------------------------------------
    def phase(self, step: int) -> str:
        """"solver" during the solver-first curriculum, then "selfplay"."""
        return "solver" if step <= self.cfg.azr.solver_first_steps else "selfplay"

    def collect(self, step: int, bars: Bars) -> tuple[list[Sample], dict[str, float]]:
        clock = _StepClock(bars, self.policy)
        samples: list[Sample] = []
        metrics: dict[str, float] = {}
        for task_type in self.cfg.azr.task_types:
            played = self._play(step, task_type, clock)
            samples += played.samples
            metrics.update(played.metrics)
        types = self.cfg.azr.task_types
        selfplay = self.phase(step) == "selfplay"
        metrics["phase/selfplay"] = float(selfplay)
        metrics["valid_rate"] = _mean(metrics[f"valid_rate/{t}"] for t in types) if selfplay else float("nan")
        learn = [metrics.get(f"learnability/{t}", float("nan")) for t in types]
        solve = [metrics.get(f"solve_rate/{t}", float("nan")) for t in types]
        metrics["learnability_mean"] = _mean(v for v in learn if not math.isnan(v))
        metrics["solve_rate_mean"] = _mean(v for v in solve if not math.isnan(v))
        metrics["answer_top_share"] = max(metrics[f"answer_top_share/{t}"] for t in types)
        metrics["tokens_generated"] = clock.tokens
        metrics["time/generate"] = clock.generate_seconds
        metrics["time/env"] = clock.env_seconds
        return samples, metrics

    def _play(self, step: int, task_type: str, clock: _StepClock) -> Played:
        """One task type's share of a step (AZR Algorithm 1): propose, measure learnability, solve."""
        selfplay = self.phase(step) == "selfplay"
        clock.open_env_bar(task_type, (2 + self.cfg.azr.n_solver_samples) if selfplay else 1)
        played = Played()
        new_task_ids: list[str] = []
        if selfplay:
            proposed = self._propose(step, task_type, clock)
            self._measure_learnability(task_type, proposed, clock)
            new_task_ids = proposed.new_task_ids
            if self.cfg.azr.train_proposer:
                played.samples += [Sample(g.prompt_ids, g.completion_ids, r, (task_type, PROPOSER))
                                   for g, r in zip(proposed.generations, proposed.rewards)]
            played.metrics.update(proposed.metrics(task_type))
        solved = self._solve(step, task_type, new_task_ids, clock)
        clock.close_env_bar()
        played.samples += solved.samples
        played.metrics.update(solved.metrics)
        return played

    def _propose(self, step: int, task_type: str, clock: _StepClock) -> Proposed:
        """1. Propose: B proposals, validated by the env in one batch."""
        cfg, env = self.cfg, self.propose_envs[task_type]
        game = getattr(env.unwrapped, "game", None)
        if game is not None:
            game.training_step = step  # provenance: Task.step of what is proposed now
        observations, _ = clock.env(env.reset, seed=seed_for(cfg.seed, self.rank, step, task_type, "propose"))
        generations = clock.generate(observations, self.propose_sampling[task_type], f"{task_type}: propose")
        observations, rewards, _, _, infos = clock.env(env.step, [g.text for g in generations], counts_as_step=True)
        details = [infos["details"][i][PROPOSER] for i in range(cfg.azr.proposer_batch_size)]
        valid = [bool(d.get("valid")) for d in details]
        solving = [i for i, ok in enumerate(valid) if ok]
        return Proposed(
            generations=generations, observations=list(observations), rewards=[float(r) for r in rewards],
            valid=valid, format_errors=[not d.get("parse", {}).get("ok", False) for d in details],
            episode_ids=[int(e) for e in infos["acted_episode_id"]],
            new_task_ids=list(dict.fromkeys(details[i]["task"]["task_id"] for i in solving)),
        )

    def _measure_learnability(self, task_type: str, proposed: Proposed, clock: _StepClock) -> None:
        """2. Learnability: n answers per valid task; the env pays each proposer 1 - solve rate (or
        0 when the solver always or never succeeds) with its task's last answer (AZR Eq. 4)."""
        cfg, env, n = self.cfg, self.propose_envs[task_type], self.cfg.azr.n_solver_samples
        solving = [i for i, ok in enumerate(proposed.valid) if ok]
        if not solving:
            clock.skip_env_steps(n)
            return
        prompts = [proposed.observations[i] for i in solving for _ in range(n)]
        answers = clock.generate(prompts, self.solve_sampling[task_type], f"{task_type}: learnability")
        for j in range(n):
            actions = [""] * cfg.azr.proposer_batch_size  # idle action for sub-envs that autoreset to a new proposal
            for m, i in enumerate(solving):
                actions[i] = answers[m * n + j].text
            _, _, _, _, infos = clock.env(env.step, actions, counts_as_step=True)
        for i in solving:
            if int(infos["acted_episode_id"][i]) != proposed.episode_ids[i] or not infos["rewards"]["_proposer"][i]:
                raise RuntimeError(f"sub-env {i} did not settle its proposer's reward with the task's last answer "
                                   "(the vector env's contract, docs/envs.md)")
            proposed.rewards[i] = float(infos["rewards"]["proposer"][i])
            proposed.learnability.append(proposed.rewards[i])
            proposed.solve_rates.append(float(infos["details"][i][PROPOSER]["reward_components"]["mean_solve"]))

    def _solve(self, step: int, task_type: str, new_task_ids: list[str], clock: _StepClock) -> Played:
        """3. Solve: this step's new tasks and uniform draws from the buffer, G answers each, scored
        in one batch; GRPO groups by task."""
        cfg, t = self.cfg, task_type
        tasks = self._solver_tasks(step, task_type, new_task_ids)
        asked = [task for task in tasks for _ in range(cfg.azr.solver_group_size)]
        task_ids = [task.task_id for task in asked]
        env = self.solve_envs[task_type]
        observations, _ = clock.env(env.reset, seed=seed_for(cfg.seed, self.rank, step, task_type, "solve"),
                                    options={"task_id": task_ids})
        solutions = clock.generate(observations, self.solve_sampling[t], f"{t}: solve")
        _, rewards, _, _, infos = clock.env(env.step, [g.text for g in solutions], counts_as_step=True)
        details = [infos["details"][i][SOLVER] for i in range(len(task_ids))]
        answers = [d["parse"].get("text") if d.get("well_formed") else None for d in details]
        # Learning rewards: AZR's, less the optional penalty on common wrong answers (the metrics
        # below report AZR's rewards). The penalty never takes a well-formed answer below the
        # malformed reward: breaking the format must never become the way out of a common answer.
        correct = [bool(d.get("correct")) for d in details]
        if cfg.azr.wrong_answer_share_unit == "family":
            families = [_family(task) for task in asked]
            shares, record = family_wrong_answer_shares(task_type, answers, correct, task_ids, families,
                                                        history=self.habits[t])
            kept = cfg.azr.wrong_answer_share_window - 1  # the earlier steps the next one counts
            self.habits[t] = (self.habits[t] + [record])[-kept:] if kept else []
        else:
            shares = wrong_answer_shares(task_type, answers, correct,
                                         task_ids=task_ids if cfg.azr.wrong_answer_share_unit == "tasks" else None)
        penalty = cfg.azr.wrong_answer_share_penalty
        floor = self.task_config.solver_malformed_reward
        learned = [float(r) if share == 0 else max(float(r) - penalty * share, floor)
                   for r, share in zip(rewards, shares)]
        solved = Played(samples=[Sample(g.prompt_ids, g.completion_ids, r, (task_type, SOLVER), prompt_key=tid)
                                 for g, r, tid in zip(solutions, learned, task_ids)])
        solved.metrics = {
            f"reward/{t}/solver_mean": _mean(rewards), f"reward/{t}/solver_std": _std(rewards),
            f"format_error_rate/{t}/solver": _mean(not d.get("well_formed", False) for d in details),
            f"solver_accuracy/{t}": _mean(bool(d.get("correct")) for d in details),
            f"buffer_size/{t}": len(self.buffers[task_type]),
            f"reward/{t}/solver_wrong_answer_penalty": penalty * _mean(shares),
            **answer_spread(task_type, answers, asked, suffix=f"/{t}"),
        }
        self._warn_if_collapsing(step, t, solved.metrics)
        return solved

    def _warn_if_collapsing(self, step: int, t: str, metrics: dict[str, float]) -> None:
        share = metrics[f"answer_top_share/{t}"]
        if share > self.cfg.azr.top_answer_warning and self.rank == 0:
            _console(f"warning: step {step}: {share:.0%} of the {t} solver's answers are one and the same "
                     f"(the right answers' top share is {metrics[f'gold_top_share/{t}']:.0%}); the policy may be "
                     "collapsing onto a constant answer")

    def _solver_tasks(self, step: int, task_type: str, new_task_ids: list[str]):
        """The S tasks the solver trains on this step (``cfg.azr.solver_task_sampling``)."""
        cfg, buffer = self.cfg, self.buffers[task_type]
        S = cfg.azr.solver_batch_size
        if cfg.azr.solver_task_sampling == "newest":
            newest = buffer.newest(S)
            return [newest[i % len(newest)] for i in range(S)]
        # AZR: the tasks proposed (and validated) this step, then uniform draws from the whole buffer.
        tasks = [buffer.get(tid) for tid in new_task_ids[:S]]
        tasks = [task for task in tasks if task is not None]  # one may have been evicted meanwhile
        rng = np.random.default_rng(seed_for(cfg.seed, self.rank, step, task_type, "draw"))
        while len(tasks) < S:  # distinct draws, and again when the buffer is smaller than the batch
            tasks += buffer.sample(rng, S - len(tasks))
        return tasks

    # -- state -------------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        return {"buffers": {t.value: [task.to_json() for task in buffer] for t, buffer in self.buffers.items()},
                "seed_report": self.seed_report, "habits": self.habits}

    def save_readable(self, directory: Path) -> None:
        self.buffers.save(directory)

    def close(self) -> None:
        for env in list(self.propose_envs.values()) + list(self.solve_envs.values()):
            env.close()
        self.executor.close()


class Trainer:
    """Builds the policy, optimizer and game; runs steps; logs metrics; checkpoints; resumes.

    >>> from agents.config import preset
    >>> # Trainer(preset("tiny").replace(max_steps=2, output_dir="runs/tiny")).train()
    """

    def __init__(self, cfg: TrainConfig, *, resume: bool = False, accelerator=None):
        from accelerate import Accelerator
        from accelerate.utils import set_seed

        self.cfg = cfg
        self.accelerator = accelerator or Accelerator(mixed_precision=cfg.mixed_precision)
        self.output_dir = Path(cfg.output_dir)
        self.is_main = self.accelerator.is_main_process
        rank = self.accelerator.process_index
        set_seed(cfg.seed + rank)  # python, numpy, torch; each process samples its own games
        if cfg.torch_threads:
            # On an oversubscribed CPU, torch's spinning OpenMP threads can make small matmuls 20x
            # slower; 1 thread per process is then the faster choice.
            torch.set_num_threads(cfg.torch_threads)
        checkpoint = ckpt.find_latest(self.output_dir, strict=True)
        if checkpoint is not None and not resume:
            raise FileExistsError(f"{self.output_dir} already holds a run (checkpoint {checkpoint.name}); "
                                  "pass --resume to continue it, or choose another --output-dir")
        # What can be checked before the model loads is checked first: a bad input costs seconds,
        # not the minutes of loading a model (and never a traceback).
        saved = None
        if checkpoint is not None:
            saved = ckpt.load_state(checkpoint)
            check_resume_settings(saved.get("config"), cfg, checkpoint)
            if not (checkpoint / "model").is_dir():
                raise ckpt.CheckpointError(f"{checkpoint / 'model'} is missing: the checkpoint is damaged")
        try:
            game_class(cfg.game)
        except ValueError as exc:
            raise RunInputError(str(exc)) from None
        from agents.evaluate import model_source_problem
        from agents.seeds import check_task_files

        check_task_files(cfg, fresh=checkpoint is None, log=_console if self.is_main else None)
        problem = model_source_problem(cfg.model) if checkpoint is None else None
        if problem:  # (it went to the hub, retried for a minute and ended in a traceback)
            raise RunInputError(f"model {cfg.model}: {problem}")
        if self.is_main:
            try:
                self.output_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RunInputError(f"output_dir {self.output_dir} cannot be made ({exc.strerror or exc})") from None

        use_chat_template = cfg.use_chat_template
        if cfg.completion_prompts():
            # A completion prompt is the text the model continues: the env's observation exactly,
            # with nothing wrapped around it or added after it.
            if cfg.response_prefix or cfg.close_answer_at_eos:
                raise ValueError("completion prompts are continued as they are: leave response_prefix empty and "
                                 "close_answer_at_eos off")
            if use_chat_template is None:
                use_chat_template = False
        try:
            self.policy = Policy.from_pretrained(
                cfg.model, kl_coef=cfg.kl_coef, lora_r=cfg.lora_r, lora_alpha=cfg.lora_alpha,
                lora_dropout=cfg.lora_dropout, lora_target_modules=cfg.lora_target_modules, seed=cfg.seed,
                weights=str(checkpoint / "model") if checkpoint else None, use_chat_template=use_chat_template,
                gen_batch_size=cfg.gen_batch_size, system_prompt=cfg.system_prompt,
                response_prefix=cfg.response_prefix, close_answer_at_eos=cfg.close_answer_at_eos,
            )
        except Exception as exc:  # noqa: BLE001 -- safetensors, torch and transformers each raise their own
            if checkpoint is None:
                if isinstance(exc, (OSError, ValueError)):  # a model directory without weights or config
                    raise RunInputError(f"model {cfg.model} cannot be loaded: {one_line(exc)}") from exc
                raise
            # A checkpoint's weights cut short (SafetensorError) or its files damaged.
            raise ckpt.CheckpointError(f"{checkpoint / 'model'} cannot be loaded ({type(exc).__name__}: "
                                       f"{one_line(exc)}): the checkpoint is damaged") from exc
        # PPO's critic (estimator "ppo"): restored from the checkpoint when resuming; its parameters
        # are the optimizer's second group.
        roles = getattr(game_class(cfg.game), "ROLES", ())
        self.policy.critic = build_critic(cfg, self.policy, roles, checkpoint=checkpoint)
        optimizer = torch.optim.AdamW(parameter_groups(self.policy, cfg), lr=cfg.lr, betas=cfg.adam_betas,
                                      eps=cfg.adam_eps, weight_decay=cfg.weight_decay)
        self.policy.model, self.optimizer = self.accelerator.prepare(self.policy.model, optimizer)
        if self.policy.critic is not None:
            self.policy.critic = self.accelerator.prepare(self.policy.critic)
        if self.policy.ref_model is not None:
            self.policy.ref_model.to(self.accelerator.device)
        self.step = 0
        game_state = None
        if checkpoint is not None:
            game_state = self._restore(checkpoint, saved)
        elif self.is_main:  # a fresh run: metrics from an earlier run that never checkpointed go
            _truncate_metrics(self.output_dir / METRICS_FILE, -1)
        if self.is_main:
            # The settings this run trains with (a resume may have changed those RESUMABLE_CHANGES
            # allows): what `--config OUTPUT_DIR/config.json --resume` reads back.
            write_json_atomic(self.output_dir / "config.json", cfg.to_dict())
        self.game = game_class(cfg.game)(cfg, self.policy, process_index=rank, state=game_state)

    # -- the loop ----------------------------------------------------------------------------------
    def train(self) -> Path:
        """Run until ``cfg.max_steps``; returns the path of ``metrics.jsonl``."""
        cfg = self.cfg
        bars = Bars(cfg.progress and self.is_main)
        outer = None
        if bars.enabled and self.step < cfg.max_steps:
            from tqdm.auto import tqdm

            outer = tqdm(total=cfg.max_steps, initial=self.step, desc="azr train", unit="step", dynamic_ncols=True)
        try:
            if self.step == 0 and self._evaluates():
                self._log_metrics({"step": 0, **self._heldout_metrics(0)})  # before any training
            while self.step < cfg.max_steps:
                metrics = self.train_step(bars)
                if outer is not None:
                    outer.update(1)
                    summary = getattr(self.game, "summary", None)
                    outer.write(summary(metrics) if summary else summary_line(metrics, cfg.azr.task_types))
                if self.step % cfg.save_every == 0 or self.step == cfg.max_steps:
                    self.save()
        finally:
            if outer is not None:
                outer.close()
        if self._evaluates() and self.is_main and self.step == cfg.max_steps:
            self.report_heldout()
        if cfg.plot_at_end and self.is_main:
            self._plot()
        return self.output_dir / METRICS_FILE

    # -- held-out evaluation -----------------------------------------------------------------------
    def _evaluates(self) -> bool:
        azr = getattr(self.cfg, "azr", None)  # held-out sets, and when to use them, are the AZR game's
        if azr is None or not azr.eval_heldout:
            return False
        if not hasattr(self.game, "heldout_sets"):
            raise ValueError(f"eval_heldout: the {self.cfg.game!r} game has no held-out sets")
        return True

    def _eval_due(self, step: int) -> bool:
        if not self._evaluates():
            return False
        every = self.cfg.azr.eval_every
        return step == self.cfg.max_steps or (every > 0 and step % every == 0)

    def heldout_eval(self, step: int) -> dict:
        """Greedy pass@1 of the policy as it is now on the game's held-out sets, saved atomically as
        ``output_dir/eval/step-<step>.json`` (every answer in ``step-<step>.samples.jsonl``); a saved report of the same step and sets is read back
        instead (a resumed run does not evaluate twice)."""
        from dataclasses import asdict

        from agents.evaluate import evaluate_policy

        cfg = self.cfg
        path = self.output_dir / EVAL_DIR / f"step-{step:06d}.json"
        if not hasattr(self, "_heldout"):
            self._heldout = self.game.heldout_sets()
        key = {"model": cfg.model, "max_new_tokens": cfg.azr.eval_max_new_tokens, "task": cfg.azr.task,
               "sets": {s.name: [t.task_id for t in s.tasks] for s in self._heldout}}
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("key") == json.loads(json.dumps(key)):
                return saved
        except (OSError, ValueError):
            pass
        t0 = time.perf_counter()
        path.parent.mkdir(parents=True, exist_ok=True)
        results = evaluate_policy(self.policy, self._heldout, self.game.executor, self.game.task_config,
                                  max_new_tokens=cfg.azr.eval_max_new_tokens, batch_size=cfg.gen_batch_size,
                                  progress=cfg.progress, samples_path=path.with_suffix(".samples.jsonl"))
        report = {"step": step, "key": key, "seconds": round(time.perf_counter() - t0, 1),
                  "results": {r.name: asdict(r) for r in results}}
        _write_json_atomic(path, report)
        return report

    def _heldout_metrics(self, step: int) -> dict[str, float]:
        """The held-out eval of ``step`` as metrics (main process; the others wait for it)."""
        metrics: dict[str, float] = {}
        if self.is_main:
            report = self.heldout_eval(step)
            for name, result in report["results"].items():
                metrics[f"eval/{name}/pass@1"] = result["pass_at_k"]["pass@1"]
                metrics[f"eval_top_share/{name}"] = result.get("answer_top_share", float("nan"))
            metrics["time/eval"] = report.get("seconds", 0.0)
            if self.cfg.progress:
                _console("held-out, step {}: {}".format(step, ", ".join(
                    f"{name} pass@1 {r['pass_at_k']['pass@1']:.3f}" for name, r in report["results"].items())))
        self.accelerator.wait_for_everyone()
        return metrics

    def report_heldout(self) -> dict | None:
        """Print and save (``eval/comparison.json``) pass@1 before and after training, with a 95%
        paired-bootstrap interval on the change; None when either evaluation is missing."""
        from agents.evaluate import compare_results, format_comparison

        directory = self.output_dir / EVAL_DIR
        try:
            before = json.loads((directory / f"step-{0:06d}.json").read_text(encoding="utf-8"))
            after = json.loads((directory / f"step-{self.step:06d}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        comparison = compare_results(before, after)
        _write_json_atomic(directory / "comparison.json", {"before_step": 0, "after_step": self.step, "sets": comparison})
        print(f"held-out greedy pass@1, before training -> after step {self.step}:")
        print(format_comparison(comparison))
        return comparison

    def _plot(self) -> None:
        from agents.plot import MissingMatplotlib, plot_run

        try:
            print(f"curves: {plot_run(self.output_dir)}")
        except MissingMatplotlib as error:
            print(f"no curves drawn: {error}")

    def _log_metrics(self, metrics: dict[str, Any]) -> None:
        if self.is_main:
            with open(self.output_dir / METRICS_FILE, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(_jsonable(metrics), allow_nan=False) + "\n")

    def train_step(self, bars: Bars | None = None) -> dict[str, float]:
        """Play one step of the game and make one update; logs and returns the step's metrics."""
        cfg, policy = self.cfg, self.policy
        bars = bars or Bars(False)
        step = self.step + 1
        t_start = time.perf_counter()
        samples, metrics = self.game.collect(step, bars)

        t0 = time.perf_counter()
        bar = bars("update", len(samples) * cfg.ppo_epochs)
        scored = score_samples(policy, samples, cfg)
        advantages = compute_advantages(samples, scored, cfg)
        stats = ppo_update(policy, self.optimizer, samples, advantages, scored, cfg, self.accelerator, progress=bar)
        close_bar(bar)
        metrics["time/update"] = time.perf_counter() - t0
        metrics.update({f"update/{k}": v for k, v in stats.items()})
        if "kl_ref" in stats:
            metrics["kl"] = stats["kl_ref"]
        metrics["samples"] = len(samples)
        metrics["time/step"] = time.perf_counter() - t_start
        self.step = step
        metrics = self._reduce(metrics)
        if self._eval_due(step):
            metrics.update(self._heldout_metrics(step))
        metrics = {"step": step, **metrics}
        self._log_metrics(metrics)
        return metrics

    def _reduce(self, metrics: dict[str, float]) -> dict[str, float]:
        """Average each metric over processes (identity with one process)."""
        if self.accelerator.num_processes == 1:
            return {k: float(v) for k, v in metrics.items()}
        from accelerate.utils import gather_object

        everyone = gather_object([metrics])
        return {k: _mean(m[k] for m in everyone if k in m) for k in metrics}

    # -- checkpoints -------------------------------------------------------------------------------
    def save(self) -> Path | None:
        """Write an atomic checkpoint of the current step (main process; every rank's state gathered)."""
        from accelerate.utils import gather_object

        rank_state = {"rng": ckpt.rng_state(), "game": self.game.state_dict()}
        ranks = gather_object([rank_state]) if self.accelerator.num_processes > 1 else [rank_state]
        path = None
        if self.is_main:
            extra_files = {"ranks.pt": ckpt.save_pickle(ranks), "buffers": self.game.save_readable}
            if self.policy.critic is not None:
                critic = self.accelerator.unwrap_model(self.policy.critic)
                extra_files[CRITIC_DIR] = lambda directory: save_critic(critic, directory, self.policy.tokenizer)
            path = ckpt.save_checkpoint(
                self.output_dir, self.step, model=self.accelerator.unwrap_model(self.policy.model),
                tokenizer=self.policy.tokenizer, optimizer=self.optimizer,
                state={"config": self.cfg.to_dict(), "num_processes": len(ranks)},
                extra_files=extra_files, keep=self.cfg.keep_checkpoints,
            )
        self.accelerator.wait_for_everyone()
        return path

    def _restore(self, checkpoint: Path, state: dict) -> dict:
        """Load step, optimizer and this process's RNG states; return its game state."""
        self.step = state["step"]
        ckpt.load_optimizer(checkpoint, self.optimizer)
        ranks = ckpt.load_pickle(checkpoint / "ranks.pt")
        if not (isinstance(ranks, list) and ranks and all(isinstance(r, dict) and {"rng", "game"} <= set(r) for r in ranks)):
            raise ckpt.CheckpointError(f"{checkpoint / 'ranks.pt'} does not hold the processes' states: "
                                       "the checkpoint is damaged")
        mine = ranks[self.accelerator.process_index % len(ranks)]
        if not isinstance(mine["game"], dict):
            raise ckpt.CheckpointError(f"{checkpoint / 'ranks.pt'} holds a game state that is a "
                                       f"{type(mine['game']).__name__}, not a dict: the checkpoint is damaged")
        try:
            ckpt.set_rng_state(mine["rng"])
        except Exception as exc:  # noqa: BLE001 -- random, numpy and torch each raise their own on a bad state
            raise ckpt.CheckpointError(
                f"{checkpoint / 'ranks.pt'} holds a generator state that cannot be restored "
                f"({type(exc).__name__}: {one_line(exc, 120)}): the checkpoint is damaged") from None
        if self.is_main:
            _truncate_metrics(self.output_dir / METRICS_FILE, self.step)
        return mine["game"]

    def close(self) -> None:
        self.game.close()


def summary_line(metrics: dict[str, float], task_types) -> str:
    """One console line per step (a game may print its own with a ``summary(metrics)`` method):
    mean rewards by role, valid rate, solve rate, tokens, seconds; n/a for what the step lacks."""
    def mean_of(role):
        return _mean(metrics[f"reward/{t}/{role}_mean"] for t in task_types if f"reward/{t}/{role}_mean" in metrics)

    def show(value, spec=".2f"):
        value = float("nan") if value is None else float(value)
        return "n/a" if math.isnan(value) else format(value, spec)

    line = (f"step {int(metrics['step'])}: reward proposer {show(mean_of(PROPOSER), '+.2f')} "
            f"solver {show(mean_of(SOLVER), '+.2f')} | valid {show(metrics.get('valid_rate'))} | "
            f"solve rate {show(metrics.get('solve_rate_mean'))} | {show(metrics.get('tokens_generated'), '.0f')} tokens | "
            f"{show(metrics.get('time/step'), '.1f')}s")
    if "answer_top_share" in metrics:  # the recipe's extras, when the step has them
        accuracy = _mean(metrics[f"solver_accuracy/{t}"] for t in task_types if f"solver_accuracy/{t}" in metrics)
        line += f" | solver right {show(accuracy)} | top answer {show(metrics['answer_top_share'])}"
    held_out = [k for k in metrics if k.startswith("eval/") and k.endswith("/pass@1")]
    if held_out:
        line += " | held-out " + " ".join(f"{k[5:-7]} {show(metrics[k], '.3f')}" for k in held_out)
    return line


def _jsonable(metrics: dict[str, float]) -> dict[str, Any]:
    """Strict JSON: a metric with no value this step (NaN, e.g. learnability with no valid proposal) is null."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in metrics.items()}


def _write_json_atomic(path: Path, value: Any) -> None:
    """``value`` as JSON at ``path``, atomically (a metric with no value is null)."""
    write_json_atomic(path, _jsonable(value) if isinstance(value, dict) else value)


def _truncate_metrics(path: Path, last_step: int) -> None:
    """Drop metric lines of steps after ``last_step`` (played after the checkpoint, lost by a crash),
    so that a resumed run's file has exactly one line per step. Replaced atomically."""
    if not path.exists():
        return
    kept = []
    # Line by line from bytes: one damaged byte (not UTF-8) stopped the resume with a traceback; its
    # line is dropped as a line cut short is, and the others are kept.
    for raw in path.read_bytes().splitlines():
        try:
            line = raw.decode("utf-8")
            if json.loads(line)["step"] <= last_step:
                kept.append(line)
        except (ValueError, KeyError, TypeError):  # (UnicodeDecodeError is a ValueError)
            continue  # a line cut short by the crash
    write_atomic(path, "".join(line + "\n" for line in kept))


def train(cfg: TrainConfig, *, resume: bool = False) -> Path:
    """Train with ``cfg`` (optionally resuming from ``cfg.output_dir``); returns metrics.jsonl's path."""
    trainer = Trainer(cfg, resume=resume)
    try:
        return trainer.train()
    finally:
        trainer.close()
