"""The rules of an Absolute Zero episode, apart from any environment API.

One self-play episode (``mode="selfplay"``):

1. the proposer writes a task (one action);
2. an invalid proposal ends the episode, paying the proposer ``TaskConfig.invalid_proposal_reward``;
3. a valid one enters the task buffer, and the solver answers it ``n_solver`` times, each answer
   paid at once (``SolverOutcome.reward``);
4. after the last answer the proposer is paid the task's learnability (paper Eq. 4, via
   :func:`azr_env.tasks.proposer_reward`).

In ``mode="solve"`` an episode is a single answer to a task drawn from a buffer (the seeded one,
one the caller passes, or a JSONL file such as CRUXEval), and no proposer takes part.

The PettingZoo AEC env plays one :class:`Episode` at a time, the vector env many; both settle
actions through :meth:`AbsoluteZeroGame.play_proposals` and :meth:`AbsoluteZeroGame.play_answers`,
which send a whole batch to the executor at once, so the two views cannot disagree on a reward.

Everything an episode reports (its per-role ``infos``) is plain JSON-able data: no times, no
process ids, nothing that differs between two runs given the same seed and the same actions.
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from azr_env.executor import plain_text
from azr_env.game.checks import reset_options
from azr_env.game.options import GameOptions
from azr_env.game.roles import PROPOSER, SOLVER
from azr_env.game.spaces import to_printable
from azr_env.tasks import (
    ParseFailure,
    ProposalOutcome,
    SolverOutcome,
    Task,
    TaskBuffer,
    TaskBuffers,
    TaskType,
    build_proposer_prompt,
    build_solver_prompt,
    check_step,
    evaluate_proposals,
    proposer_reward,
    score_answers,
    seed_task,
)


class Phase(str, enum.Enum):
    """Where an episode stands: whose move it is, or that it is over."""

    PROPOSE = "propose"
    SOLVE = "solve"
    DONE = "done"

    def __str__(self) -> str:
        return self.value


@dataclass
class Episode:
    """The state of one episode. ``infos`` holds each role's current info (JSON-able)."""

    task_type: TaskType
    phase: Phase
    n_attempts: int
    proposer_prompt: str = ""
    solver_prompt: str = ""
    # The program an induction proposer was given (AZR's way); None when it writes its own.
    given_program: str | None = None
    task: Task | None = None
    results: list[bool] = field(default_factory=list)  # correctness of each solver answer so far
    infos: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def role(self) -> str | None:
        """The role to act next; None once the episode is over."""
        return {Phase.PROPOSE: PROPOSER, Phase.SOLVE: SOLVER}.get(self.phase)

    @property
    def prompt(self) -> str:
        """The prompt of the role to act next ("" once the episode is over)."""
        return {Phase.PROPOSE: self.proposer_prompt, Phase.SOLVE: self.solver_prompt}.get(self.phase, "")

    def prompt_for(self, role: str) -> str:
        return self.proposer_prompt if role == PROPOSER else self.solver_prompt


@dataclass
class Settlement:
    """What one action settled: the rewards known now, by role, and whether the episode ended.

    ``rewards`` holds only rewards settled by this action: after a valid proposal it is empty
    (the proposer's reward waits for the solver), after the last answer it holds both roles'.
    ``infos`` holds a fresh dict with the info of every role this action changed. The views
    inside it (task, parse) are shared with the episode's own record and are read-only: copy
    one before changing it.
    """

    rewards: dict[str, float]
    infos: dict[str, dict[str, Any]]
    done: bool


class AbsoluteZeroGame:
    """The game's rules and memory (task buffers), shared by every episode it starts.

    Built from :class:`~azr_env.game.options.GameOptions` (or the same as keyword arguments):
    ``task_types``, ``task_weights``, ``mode``, ``n_solver``, ``config``, ``buffers``,
    ``task_file`` and ``max_prompt_chars`` (the bound every prompt keeps to) are the game's;
    ``executor`` is for the envs that host it.
    """

    # What new_episode's options may hold (the envs add their own, e.g. the vector env's reset_mask).
    RESET_OPTIONS = ("task_id", "task_type")

    def __init__(self, options: GameOptions | None = None, /, **overrides: Any):
        options = GameOptions.of(options, **overrides)
        self.options = options
        self.task_types = options.task_types
        self.mode = options.mode
        self.config = options.task_config
        self.n_solver = options.solver_answers
        self.type_probabilities = _type_probabilities(self.task_types, options.task_weights)
        self.buffers = options.buffers if options.buffers is not None else TaskBuffers()
        task_file = options.task_file
        # Solve mode draws from the file when one is given, else from the (seeded) buffers.
        self.solve_buffers: dict[TaskType, TaskBuffer] = {
            t: TaskBuffer.from_jsonl(task_file, t) if task_file is not None else self.buffers[t]
            for t in self.task_types
        } if self.mode == "solve" else {}
        if task_file is not None:
            # Said when the game is built: a file with no task of a type this game plays made
            # every reset raise IndexError (and a server answer 500 to every /reset).
            empty = [t.value for t, buffer in self.solve_buffers.items() if not len(buffer)]
            if empty:
                raise ValueError(f"the task file {task_file} holds no {' or '.join(empty)} task that this game can "
                                 "play (rows with inputs that are not literals are skipped)")
        self._training_step: int | None = None
        self.max_prompt_chars = options.max_prompt_chars
        self._check_prompt_bound()

    @property
    def training_step(self) -> int | None:
        """Provenance stamped on proposed tasks (``Task.step``): a trainer sets it, None otherwise.
        Checked when set (an integer of any kind, or None), so that a float step is refused at
        the trainer's line, not saved with a task that the buffer's file then cannot load."""
        return self._training_step

    @training_step.setter
    def training_step(self, step: int | None) -> None:
        self._training_step = check_step(step)

    # -- starting an episode -----------------------------------------------------------------------

    def new_episode(self, rng: np.random.Generator, options: Mapping[str, Any] | None = None) -> Episode:
        """Start an episode; ``rng`` is the env's ``np_random``, the only randomness used.

        Options: ``task_type`` pins the type (among this game's); ``task_id`` pins the task. In
        solve mode the pinned task is the one to answer; in self-play it is shown first among
        the proposer's references, and the other references are drawn from a generator seeded
        by the id, so envs with the same buffer contents given the same ``task_id`` show the same
        prompt (the members of a GRPO group). ``options`` must be a mapping with no other key
        (see :meth:`resolve_options`). References that would take the prompt over
        ``max_prompt_chars`` are left out, the last drawn first.
        """
        pinned, task_type = self.resolve_options(options)
        if task_type is None and len(self.task_types) == 1:
            task_type = self.task_types[0]  # no draw: single-type envs leave the generator alone
        elif task_type is None:
            task_type = self.task_types[int(rng.choice(len(self.task_types), p=self.type_probabilities))]

        if self.mode == "solve":
            if pinned is None and not len(self.solve_buffers[task_type]):
                raise ValueError(f"solve mode: the {task_type.value} buffer holds no task to answer")
            task = pinned or self.solve_buffers[task_type].sample(rng, 1)[0]
            episode = Episode(task_type, Phase.SOLVE, 1, solver_prompt=self._solver_prompt(task), task=task)
            episode.infos = {SOLVER: _base_info(SOLVER, task_type, task) | {"attempt": 0, "n_attempts": 1}}
            return episode

        buffer = self.buffers[task_type]
        k = self.config.n_references
        if pinned is not None:
            draw = _rng_from_id(pinned.task_id)
            others = buffer.sample(draw, k + 1)
            references = [pinned] + [t for t in others if t.task_id != pinned.task_id][: max(k - 1, 0)]
        else:
            draw = rng
            references = buffer.sample(rng, k)
        given = None
        if task_type is TaskType.INDUCTION and self.config.induction_proposer == "given_program":
            given = self._program_to_give(draw)
        prompt, references = self._proposer_prompt(task_type, references, given)
        episode = Episode(task_type, Phase.PROPOSE, self.n_solver, proposer_prompt=prompt, given_program=given)
        proposer_info = {"reference_ids": [t.task_id for t in references]}
        if given is not None:
            proposer_info["given_program"] = given
        episode.infos = {
            PROPOSER: _base_info(PROPOSER, task_type, None) | proposer_info,
            SOLVER: _base_info(SOLVER, task_type, None) | {"attempt": 0, "n_attempts": self.n_solver},
        }
        return episode

    def resolve_options(self, options: Mapping[str, Any] | None) -> tuple[Task | None, TaskType | None]:
        """The pinned task and the pinned type that ``options`` ask for (None: draw), checked.

        Nothing is drawn and nothing changes, so an env can check every sub-env's options before
        it starts any episode: a bad option (TypeError, ValueError, KeyError for an unknown task)
        then leaves the env as it was.
        """
        options = reset_options(options, self.RESET_OPTIONS)
        task_id = options.get("task_id")
        if task_id is not None:
            # Checked, not read by its truth: an empty id played a drawn task instead (a blank
            # field of a dataset scored against another task), and a list raised TypeError. A str
            # subclass (numpy.str_ from an array of ids) is read as a plain copy, none of its code run.
            given, task_id = task_id, plain_text(task_id)
            if type(task_id) is not str or not task_id:
                shown = "an empty str" if type(task_id) is str else f"a {type(given).__name__}"
                raise ValueError(f"task_id must be a task's id (a non-empty str), got {shown}")
            pinned = self.find_task(task_id, options.get("task_type"))
            return pinned, pinned.task_type
        if options.get("task_type") is not None:
            return None, self._own_type(options["task_type"])
        return None, None

    def _proposer_prompt(self, task_type: TaskType, references: list[Task], given: str | None) -> tuple[str, list[Task]]:
        """The proposer's prompt and the references it shows: as many of ``references`` (first ones
        first) as keep it within ``max_prompt_chars``."""
        while True:
            prompt = to_printable(build_proposer_prompt(task_type, references, self.config, program=given))
            if len(prompt) <= self.max_prompt_chars or not references:
                return prompt, references
            references = references[:-1]

    def _check_prompt_bound(self) -> None:
        """Refuse a ``max_prompt_chars`` that the game's own prompts cannot keep to."""
        needs: list[tuple[int, str]] = []
        if self.mode == "selfplay":
            for task_type in self.task_types:
                given = seed_task(TaskType.DEDUCTION).program \
                    if task_type is TaskType.INDUCTION and self.config.induction_proposer == "given_program" else None
                prompt = to_printable(build_proposer_prompt(task_type, [], self.config, program=given))
                needs.append((len(prompt), f"the {task_type.value} proposer prompt with no references"))
                needs.append((len(self._solver_prompt(seed_task(task_type))), f"the solver prompt of the {task_type.value} seed task"))
        else:
            # Solve mode draws only from these (they do not grow): every one must fit.
            for task_type, buffer in self.solve_buffers.items():
                for task in buffer:
                    needs.append((len(self._solver_prompt(task)), f"the solver prompt of task {task.task_id}"))
        if needs:
            need, what = max(needs, key=lambda item: item[0])
            if need > self.max_prompt_chars:
                raise ValueError(f"max_prompt_chars={self.max_prompt_chars} is too small: {what} has {need} characters")

    def _program_to_give(self, rng: np.random.Generator) -> str | None:
        """AZR's induction proposer is given a program drawn uniformly from the deduction and
        abduction buffers (the induction buffer's own programs when both are empty)."""
        pools = [self.buffers[TaskType.DEDUCTION], self.buffers[TaskType.ABDUCTION]]
        if not any(len(pool) for pool in pools):
            pools = [self.buffers[TaskType.INDUCTION]]
        sizes = [len(pool) for pool in pools]
        if not sum(sizes):
            return None
        pick = int(rng.integers(sum(sizes)))  # uniform over the union: a buffer by its size, then a task
        pool = pools[0] if pick < sizes[0] else pools[-1]
        return pool.sample(rng, 1)[0].program

    def find_task(self, task_id: str, task_type: TaskType | str | None = None) -> Task:
        """The task with ``task_id`` in the buffers this game draws from (``KeyError`` if none)."""
        types = (self._own_type(task_type),) if task_type is not None else self.task_types
        source = self.solve_buffers if self.mode == "solve" else self.buffers
        for t in types:
            task = source[t].get(task_id)
            if task is not None:
                return task
        raise KeyError(f"no task {task_id!r} in the {'/'.join(t.value for t in types)} buffer")

    # -- settling actions, in batches ----------------------------------------------------------

    def play_proposals(self, executor: Any, episodes: Sequence[Episode], texts: Sequence[Any]) -> list[Settlement]:
        """Settle one proposal per episode (all in the PROPOSE phase).

        All of them, whatever their task types, go to the executor in one ``validate_batch``.
        """
        _check_phase(episodes, Phase.PROPOSE)
        outcomes = evaluate_proposals(
            executor, [episode.task_type for episode in episodes], list(texts), self.config, step=self._training_step,
            programs=[episode.given_program for episode in episodes],
        )
        return [self._settle_proposal(episode, outcome) for episode, outcome in zip(episodes, outcomes)]

    def play_answers(self, executor: Any, episodes: Sequence[Episode], texts: Sequence[Any]) -> list[Settlement]:
        """Settle one solver answer per episode (all in the SOLVE phase), in one scoring batch."""
        _check_phase(episodes, Phase.SOLVE)
        outcomes = score_answers(executor, [episode.task for episode in episodes], list(texts), self.config)
        return [self._settle_answer(episode, outcome) for episode, outcome in zip(episodes, outcomes)]

    def _settle_proposal(self, episode: Episode, outcome: ProposalOutcome) -> Settlement:
        info = {
            **episode.infos[PROPOSER],
            "valid": outcome.valid, "kind": outcome.kind, "reason": outcome.reason, "parse": parse_view(outcome.parse),
        }
        if not outcome.valid:
            value, components = proposer_reward(False, None, self.config)
            info["reward_components"] = dict(components)
            episode.infos[PROPOSER] = info
            episode.phase = Phase.DONE
            # The outcome's own figure is the one the tasks layer pays; both read the config.
            return Settlement({PROPOSER: float(outcome.reward_if_invalid)}, _handed_out(episode, PROPOSER), True)

        task = outcome.task
        solver_prompt = self._solver_prompt(task)
        if len(solver_prompt) > self.max_prompt_chars:
            return self._settle_too_long(episode, info, len(solver_prompt))
        view = task_view(task)
        info["task"] = view
        info["new_to_buffer"] = self.buffers[episode.task_type].add(task)
        episode.infos[PROPOSER] = info
        episode.infos[SOLVER] = {**episode.infos[SOLVER], "task": view}
        episode.task = task
        episode.solver_prompt = solver_prompt
        episode.phase = Phase.SOLVE
        return Settlement({}, _handed_out(episode, PROPOSER, SOLVER), False)

    def _settle_too_long(self, episode: Episode, info: dict[str, Any], length: int) -> Settlement:
        # The observation space holds prompts up to max_prompt_chars; a task the solver could not
        # be shown is as unusable as an invalid one, and is paid like one (it never enters a buffer).
        value, components = proposer_reward(False, None, self.config)
        info.update(valid=False, kind="prompt_too_long", reward_components=dict(components),
                    reason=f"the task's solver prompt would have {length} characters, over max_prompt_chars="
                           f"{self.max_prompt_chars}")
        episode.infos[PROPOSER] = info
        episode.phase = Phase.DONE
        return Settlement({PROPOSER: float(value)}, _handed_out(episode, PROPOSER), True)

    def _settle_answer(self, episode: Episode, outcome: SolverOutcome) -> Settlement:
        episode.results.append(bool(outcome.correct))
        episode.infos[SOLVER] = {
            **episode.infos[SOLVER],
            "attempt": len(episode.results),
            "correct": bool(outcome.correct),
            "well_formed": bool(outcome.well_formed),
            "reason": outcome.reason,
            "parse": parse_view(outcome.parse),
            "reward_components": {k: float(v) for k, v in outcome.components.items()},
        }
        rewards = {SOLVER: float(outcome.reward)}
        if len(episode.results) < episode.n_attempts:
            return Settlement(rewards, _handed_out(episode, SOLVER), False)

        episode.phase = Phase.DONE
        if self.mode == "solve":
            return Settlement(rewards, _handed_out(episode, SOLVER), True)
        value, components = proposer_reward(True, episode.results, self.config)
        rewards[PROPOSER] = float(value)
        episode.infos[PROPOSER] = {
            **episode.infos[PROPOSER], "solve_results": list(episode.results), "reward_components": dict(components),
        }
        self._record_solve_rate(episode)
        return Settlement(rewards, _handed_out(episode, SOLVER, PROPOSER), True)

    def _record_solve_rate(self, episode: Episode) -> None:
        buffer = self.buffers[episode.task_type]
        stored = buffer.get(episode.task.task_id)
        if stored is not None:  # it may have been evicted while the solver worked on it
            buffer.update(stored.with_provenance(solve_rate=sum(episode.results) / len(episode.results)))

    # -- helpers -------------------------------------------------------------------------------------

    def _solver_prompt(self, task: Task) -> str:
        return to_printable(build_solver_prompt(task, self.config))

    def _own_type(self, task_type: TaskType | str) -> TaskType:
        task_type = TaskType(task_type)
        if task_type not in self.task_types:
            raise ValueError(f"this env plays {[t.value for t in self.task_types]}, not {task_type.value}")
        return task_type


# -- plain-data views for infos ---------------------------------------------------------------------


def task_view(task: Task | None) -> dict[str, Any] | None:
    """The task triplet as JSON-able data, with its id (training-time provenance left out).

    >>> from azr_env.tasks import seed_task
    >>> sorted(task_view(seed_task("deduction")))
    ['input', 'output', 'program', 'source', 'task_id', 'task_type']
    """
    if task is None:
        return None
    view = task.to_json()
    for provenance in ("step", "solve_rate"):  # they change over training, not with the question
        view.pop(provenance, None)
    view["task_id"] = task.task_id
    return view


def parse_view(parse: Any) -> dict[str, Any]:
    """A parse result (ParsedProposal, ParsedAnswer or ParseFailure) as JSON-able data.

    >>> from azr_env.tasks import FailureKind, ParseFailure
    >>> parse_view(ParseFailure(FailureKind.EMPTY, "the answer is empty"))
    {'ok': False, 'kind': 'empty', 'reason': 'the answer is empty'}
    """
    view: dict[str, Any] = {"ok": not isinstance(parse, ParseFailure)}
    names = _FIELD_NAMES.get(type(parse))
    if names is None:
        if not dataclasses.is_dataclass(parse):
            return view
        names = _FIELD_NAMES[type(parse)] = tuple(item.name for item in dataclasses.fields(parse))
    for name in names:
        value = getattr(parse, name)
        view[name] = value if value.__class__ is str else _plain(value)
    return view


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # dataclasses.fields, once per parse class


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _base_info(role: str, task_type: TaskType, task: Task | None) -> dict[str, Any]:
    return {"role": role, "task_type": task_type.value, "task": task_view(task)}


def _handed_out(episode: Episode, *roles: str) -> dict[str, dict[str, Any]]:
    # The episode never changes an info dict once made: every update builds a new one (see the
    # settle methods), so what a step hands out stays as it was. A shallow copy each still keeps
    # a user's own additions out of the episode's record; the values inside (task and parse
    # views, lists) are shared and must be treated as read-only.
    return {role: dict(episode.infos[role]) for role in roles}


def _check_phase(episodes: Sequence[Episode], phase: Phase) -> None:
    for episode in episodes:
        if episode.phase is not phase:
            raise ValueError(f"an episode in phase {episode.phase} was given a {phase} action")


def _type_probabilities(
    task_types: tuple[TaskType, ...], weights: Sequence[float] | Mapping[str, float] | None
) -> np.ndarray:
    if weights is None:
        values = [1.0] * len(task_types)
    elif isinstance(weights, Mapping):
        by_type = {TaskType(k): float(v) for k, v in weights.items()}
        values = [by_type.get(t, 0.0) for t in task_types]
    else:
        values = [float(w) for w in weights]
        if len(values) != len(task_types):
            raise ValueError(f"{len(values)} weights for {len(task_types)} task types")
    # Non-finite weights pass the comparisons below and only fail at the first draw (or never, in a
    # single-type env), so they are refused here by name.
    if not all(math.isfinite(v) for v in values) or any(v < 0 for v in values) or sum(values) <= 0:
        raise ValueError(f"task weights must be finite, non-negative and not all zero, got {values}")
    # Scaled by the largest first: three weights of 1e308 are finite, their sum is not, and every
    # probability came out 0 (numpy refused the first draw; red team 27O).
    scaled = np.asarray(values, dtype=np.float64) / max(values)
    return scaled / scaled.sum()


def _rng_from_id(task_id: str) -> np.random.Generator:
    # A generator that depends on the task id only, so pinned prompts agree across envs and runs.
    return np.random.default_rng(int.from_bytes(hashlib.sha256(task_id.encode()).digest()[:8], "little"))
