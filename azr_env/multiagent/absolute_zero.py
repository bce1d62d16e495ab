"""The Absolute Zero game as a two-agent PettingZoo AEC env; the ``*_v0`` modules fix its task types.

Agents ``"proposer"`` and ``"solver"`` take turns as the game's rules say (see
:mod:`azr_env.envs.game`): the proposer acts once; an invalid proposal ends the episode with its
penalty; a valid task enters the buffer and the solver answers it ``n_solver`` times, each answer
rewarded at once; the proposer's learnability reward arrives with the last answer. Then every
agent is terminated and, as PettingZoo asks, is stepped once more with ``None`` to leave.

Observations are the prompt text (a :class:`~azr_env.envs.spaces.TextObservation`); actions are
model text. ``infos[agent]`` carries the structured view: ``role``, ``task_type``, ``task``
(the triplet, with ``task_id``), ``parse`` (what was read from the action), ``reason`` (why it was
valid or not, right or wrong), ``reward_components``, and per role ``valid``/``kind``/
``new_to_buffer``/``solve_results`` (proposer) or ``attempt``/``n_attempts``/``correct``/
``well_formed`` (solver). The rewards settled by the last step are in ``settled_rewards``.

The env never raises because of what an action contains: any text, random strings included,
gets a reward and a reason.
"""
from __future__ import annotations

import copy
from typing import Any, Iterable, Mapping, Sequence

import gymnasium
from gymnasium.utils import seeding
from pettingzoo import AECEnv

from azr_env.envs.executor_handle import ExecutorHandle
from azr_env.envs.game import PROPOSER, SOLVER, AbsoluteZeroGame, Episode, Phase
from azr_env.envs.spaces import DEFAULT_MAX_PROMPT_CHARS, answer_space, as_observation, prompt_space
from azr_env.tasks import TaskBuffers, TaskConfig, TaskType


class AbsoluteZeroAECEnv(AECEnv):
    """The Absolute Zero game for a proposer and a solver, one episode at a time.

    Args:
        task_types: the task types episodes draw from (one per ``*_v0`` module, all three for
            self-play).
        task_weights: relative weights of ``task_types`` (uniform when None).
        mode: ``"selfplay"``, or ``"solve"``: only the solver plays, once, on a buffer task.
        n_solver: solver answers per valid task (``config.n_solver_samples``, 8, when None).
        config: a :class:`azr_env.tasks.TaskConfig`.
        executor: an :class:`azr_env.executor.Executor` to use (and leave open); when None the
            process-wide shared one is borrowed on first need and given back on ``close()``.
        buffers: :class:`azr_env.tasks.TaskBuffers` to share; fresh seeded ones when None.
        task_file: in solve mode, a JSONL file (e.g. CRUXEval) to draw tasks from.
        max_prompt_chars: the observation space's length bound.
        render_mode: None or ``"ansi"``.
    """

    # render_fps only quiets Gymnasium's render checker: text frames have no frame rate.
    metadata = {"render_modes": ["ansi"], "name": "azr_v0", "is_parallelizable": False, "render_fps": 1}

    def __init__(
        self,
        task_types: Iterable[TaskType | str] = tuple(TaskType),
        *,
        task_weights: Sequence[float] | Mapping[str, float] | None = None,
        mode: str = "selfplay",
        n_solver: int | None = None,
        config: TaskConfig | None = None,
        executor: Any = None,
        buffers: TaskBuffers | None = None,
        task_file: str | None = None,
        max_prompt_chars: int = DEFAULT_MAX_PROMPT_CHARS,
        render_mode: str | None = None,
    ):
        super().__init__()
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be None or one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.game = AbsoluteZeroGame(
            task_types, task_weights=task_weights, mode=mode, n_solver=n_solver,
            config=config, buffers=buffers, task_file=task_file,
        )
        self._executor = ExecutorHandle(executor)
        self.possible_agents = [SOLVER] if mode == "solve" else [PROPOSER, SOLVER]
        # One space object per kind, shared by the agents: api_test wants the same object back
        # on every call, and one policy playing both roles wants them equal.
        observation_space = prompt_space(max_prompt_chars)
        action_space = answer_space(self.game.config.max_response_chars)
        self.observation_spaces = {agent: observation_space for agent in self.possible_agents}
        self.action_spaces = {agent: action_space for agent in self.possible_agents}
        self.np_random, self.np_random_seed = None, None
        self.episode: Episode | None = None
        self.agents: list[str] = []
        self.settled_rewards: dict[str, float] = {}

    @property
    def buffers(self) -> TaskBuffers:
        return self.game.buffers

    @property
    def executor(self) -> Any:
        """The executor this env sends work to (borrowing the shared one if it has none yet)."""
        return self._executor.get()

    def observation_space(self, agent: str) -> gymnasium.spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> gymnasium.spaces.Space:
        return self.action_spaces[agent]

    # -- PettingZoo API -------------------------------------------------------------------------

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        if seed is not None or self.np_random is None:
            self.np_random, self.np_random_seed = seeding.np_random(seed)
        self.episode = self.game.new_episode(self.np_random, options)
        self.agents = list(self.possible_agents)
        self.rewards = {agent: 0.0 for agent in self.agents}
        self._cumulative_rewards = {agent: 0.0 for agent in self.agents}
        self.terminations = {agent: False for agent in self.agents}
        self.truncations = {agent: False for agent in self.agents}
        self.infos = copy.deepcopy(self.episode.infos)
        self.settled_rewards = {}
        self.agent_selection = self.episode.role

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            self.settled_rewards = {}
            return
        self._cumulative_rewards[agent] = 0.0
        self._clear_rewards()

        play = self.game.play_proposals if self.episode.phase is Phase.PROPOSE else self.game.play_answers
        settlement = play(self._executor.lazy, [self.episode], [action])[0]

        for role, reward in settlement.rewards.items():
            self.rewards[role] = reward
        self.settled_rewards = dict(settlement.rewards)
        self.infos.update(settlement.infos)
        if settlement.done:
            self.terminations = {a: True for a in self.agents}
            self._deads_step_first()  # the first terminated agent is up, to be stepped with None
        else:
            self.agent_selection = self.episode.role
        self._accumulate_rewards()

    def observe(self, agent: str) -> Any:
        # Each agent sees its own prompt; the solver's is empty until there is a task to solve.
        return as_observation(self.episode.prompt_for(agent) if self.episode is not None else "")

    def render(self) -> str | None:
        if self.render_mode is None:
            gymnasium.logger.warn("render() was called without a render_mode; pass render_mode='ansi'.")
            return None
        if self.episode is None:
            return "(not reset)"
        episode = self.episode
        lines = [f"task type: {episode.task_type.value}   phase: {episode.phase.value}"]
        if episode.task is not None:
            lines.append(f"task {episode.task.task_id}: f({episode.task.input}) == {episode.task.output}")
        if episode.results:
            lines.append("solver: " + " ".join("✓" if ok else "✗" for ok in episode.results)
                         + f"  ({len(episode.results)}/{episode.n_attempts})")
        if episode.role is not None:
            lines.append(f"--- {episode.role}'s prompt ---\n{episode.prompt}")
        return "\n".join(lines)

    def close(self) -> None:
        self._executor.close()
