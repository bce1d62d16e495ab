"""B Absolute Zero games stepped together, each step's proposals and answers judged in one batch.

``gym.make_vec("AZR-Deduction-v0", num_envs=B)`` builds :class:`AbsoluteZeroVectorEnv`. It holds
B episodes of one :class:`~azr_env.game.AbsoluteZeroGame` (one rule set, one task buffer,
one executor) rather than B separate envs, so that a step can send the executor *all* of its
work at once.

**Sub-envs in different phases.** Every sub-env is, at any step, either waiting for a proposal
or for a solver answer (invalid proposals end episodes early, so the phases drift apart). A step
takes one text per sub-env and routes it by that sub-env's phase: every proposal of the step goes
to ``evaluate_proposals`` (one ``validate_batch`` call, whatever the task types), and every answer
goes to ``score_answers`` together (at most one executor call, ``check_answers``; deduction
answers need none). The policy need not care: it writes
one completion for each of the B prompts it was given, whatever the role.

**Autoreset** is ``AutoresetMode.SAME_STEP``: a sub-env whose episode ends at a step starts the
next one within that step, so every observation returned is a prompt to act on (no wasted
generations). The last prompt of the finished episode is in ``infos["final_obs"]``.

**The contract a trainer relies on** (one shared policy over all B sub-envs):

* ``observations``: a tuple of B prompt strings (``TextObservation``, a ``str``), one per sub-env;
* ``rewards[i]``: the reward of the action sub-env ``i`` just took, settled at this step (0.0 for
  a valid proposal, whose reward comes later);
* ``infos["acted_role"][i]``, ``infos["acted_task_type"][i]``, ``infos["acted_episode_id"][i]``:
  who took that action, on what task type, in which episode;
* ``infos["rewards"][role][i]`` where ``infos["rewards"]["_" + role][i]``: every reward settled at
  this step for episode ``acted_episode_id[i]``. The proposer's learnability reward arrives here,
  with the solver's last answer, and belongs to that episode's proposer step: match it by
  ``(episode_id, "proposer")``;
* ``infos["role"][i]``, ``infos["task_type"][i]``, ``infos["episode_id"][i]``: who acts next, on
  what, in which episode (after an autoreset: the new episode);
* ``infos["details"][i]``: role -> that role's info as the step left it (task triplet, parse,
  reason, reward components...), for every role the step changed. Each is a fresh dict that no
  later step changes; the views inside it are shared, read-only data (copy one to change it);
* ``terminations[i]``: the episode ``acted_episode_id[i]`` ended at this step; ``truncations`` is
  always False.

Episode ids are unique over the env's life and restart at 0 with a seeded reset, so the same seed
and the same actions give the same ids, observations, rewards and infos.

>>> import gymnasium as gym
>>> import azr_env
>>> envs = gym.make_vec("AZR-Deduction-v0", num_envs=2, n_solver=1)
>>> observations, infos = envs.reset(seed=0)
>>> infos["role"].tolist(), infos["episode_id"].tolist()
(['proposer', 'proposer'], [0, 1])
>>> good = "<answer>```python\\ndef f(a):\\n    return a + 1\\n```\\n```input\\n1\\n```</answer>"
>>> observations, rewards, terminations, truncations, infos = envs.step([good, "junk"])
>>> rewards.tolist(), terminations.tolist(), infos["role"].tolist(), infos["episode_id"].tolist()
([0.0, -1.0], [False, True], ['solver', 'proposer'], [0, 2])
>>> observations, rewards, terminations, truncations, infos = envs.step(["<answer>2</answer>", "junk"])
>>> rewards.tolist(), infos["acted_role"].tolist(), infos["rewards"]["proposer"].tolist()
([1.0, -1.0], ['solver', 'proposer'], [0.0, -1.0])
>>> envs.close()
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from azr_env.game import (
    PROPOSER,
    SOLVER,
    AbsoluteZeroGame,
    Episode,
    ExecutorHandle,
    GameOptions,
    Phase,
    Settlement,
    answer_space,
    as_observation,
    prompt_space,
)
from azr_env.game.checks import reset_options, text_batch
from azr_env.tasks import TaskBuffers, TaskType

_PINNING_OPTIONS = AbsoluteZeroGame.RESET_OPTIONS
# gymnasium's partial reset, besides the game's own options.
_RESET_OPTIONS = (*_PINNING_OPTIONS, "reset_mask")


class AbsoluteZeroVectorEnv(VectorEnv):
    """``num_envs`` Absolute Zero episodes sharing one game, one buffer and one executor.

    Takes ``num_envs`` and the arguments of
    :class:`~azr_env.multiagent.absolute_zero.AbsoluteZeroAECEnv` (``task_types``,
    ``game_options`` or its fields as keyword arguments). ``reset(options=...)`` accepts ``task_id``/``task_type`` (one value for every
    sub-env, or a sequence of B values, None meaning "draw") and gymnasium's ``reset_mask``;
    any other key is a ValueError, and a reset that raises changes nothing. ``step`` takes a
    list, tuple or 1-D array of B texts (a single str is a TypeError, not one character per
    sub-env).
    """

    metadata = {"autoreset_mode": AutoresetMode.SAME_STEP, "render_modes": [], "name": "azr_vector_v0"}

    def __init__(
        self,
        num_envs: int,
        task_types: Iterable[TaskType | str] = tuple(TaskType),
        *,
        game_options: GameOptions | None = None,
        **option_fields: Any,
    ):
        if isinstance(num_envs, bool) or not isinstance(num_envs, (int, np.integer)) or num_envs < 1:
            raise ValueError(f"num_envs must be an int >= 1, got {num_envs!r}")
        self.num_envs = int(num_envs)
        self.options = GameOptions.of(game_options, task_types=task_types, **option_fields)
        self.game = AbsoluteZeroGame(self.options)
        self._executor = ExecutorHandle(self.options.executor)
        self.single_observation_space = prompt_space(self.options.max_prompt_chars)
        self.single_action_space = answer_space(self.game.config.max_response_chars)
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.render_mode = None
        self.episodes: list[Episode | None] = [None] * self.num_envs
        self.episode_ids = np.full(self.num_envs, -1, dtype=np.int64)
        self._next_episode_id = 0

    @property
    def buffers(self) -> TaskBuffers:
        return self.game.buffers

    @property
    def executor(self) -> Any:
        return self._executor.get()

    # -- gymnasium.vector API -------------------------------------------------------------------

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        options = reset_options(options, _RESET_OPTIONS)
        mask = self._reset_mask(options.pop("reset_mask", None))
        # Every sub-env's options are checked (pinned tasks looked up) before anything changes, so
        # a reset that raises leaves the episodes, their ids and the generator as they were.
        starts = {i: self._options_for(i, options) for i in np.flatnonzero(mask).tolist()}
        for mine in starts.values():
            self.game.resolve_options(mine)
        super().reset(seed=seed)  # seeds self.np_random, the one generator of every sub-env
        if seed is not None:
            self._next_episode_id = 0
        for i, mine in starts.items():
            self._start(i, mine)
        return self._observations(), self._state_infos({})

    def step(self, actions: Sequence[Any]):
        actions = text_batch(actions, self.num_envs)
        if any(episode is None for episode in self.episodes):
            raise RuntimeError("call reset() before step()")

        acted_roles = [episode.role for episode in self.episodes]
        acted_types = [episode.task_type.value for episode in self.episodes]
        acted_ids = self.episode_ids.copy()
        settlements = self._settle(actions)

        n = self.num_envs
        # Plain lists while looping (numpy item assignment is slow), arrays once at the end.
        rewards, terminations = [0.0] * n, [False] * n
        settled = {role: [0.0] * n for role in (PROPOSER, SOLVER)}
        settled_mask = {role: [False] * n for role in (PROPOSER, SOLVER)}
        details, final_obs = [None] * n, [None] * n
        for i, settlement in enumerate(settlements):
            rewards[i] = settlement.rewards.get(acted_roles[i], 0.0)
            for role, reward in settlement.rewards.items():
                settled[role][i], settled_mask[role][i] = reward, True
            details[i] = settlement.infos
            if settlement.done:
                terminations[i] = True
                final_obs[i] = as_observation(self.episodes[i].prompt_for(acted_roles[i]))
                self._start(i, {})  # same-step autoreset
        rewards = np.array(rewards, dtype=np.float64)
        terminations = np.array(terminations, dtype=bool)
        infos: dict[str, Any] = {}

        infos["acted_role"] = np.array(acted_roles, dtype=object)
        infos["acted_task_type"] = np.array(acted_types, dtype=object)
        infos["acted_episode_id"] = acted_ids
        infos["rewards"] = {}
        for role in (PROPOSER, SOLVER):
            infos["rewards"][role] = np.array(settled[role], dtype=np.float64)
            infos["rewards"]["_" + role] = np.array(settled_mask[role], dtype=bool)
        infos["details"] = _object_array(details)
        infos["final_obs"], infos["_final_obs"] = _object_array(final_obs), terminations.copy()
        truncations = np.zeros(self.num_envs, dtype=bool)
        return self._observations(), rewards, terminations, truncations, self._state_infos(infos)

    def close_extras(self, **kwargs: Any) -> None:
        self._executor.close()

    # -- helpers ---------------------------------------------------------------------------------

    def _settle(self, actions: list[Any]) -> list[Settlement]:
        """Judge every action of the step: all proposals in one batch, all answers in another."""
        settlements: list[Settlement | None] = [None] * self.num_envs
        # Group by phase before playing: a proposal settled now moves its episode to SOLVE.
        groups = [
            (play, [i for i, episode in enumerate(self.episodes) if episode.phase is phase])
            for phase, play in ((Phase.PROPOSE, self.game.play_proposals), (Phase.SOLVE, self.game.play_answers))
        ]
        for play, members in groups:
            if members:
                judged = play(self._executor.lazy, [self.episodes[i] for i in members], [actions[i] for i in members])
                for i, settlement in zip(members, judged):
                    settlements[i] = settlement
        return settlements

    def _start(self, i: int, options: dict[str, Any]) -> None:
        self.episodes[i] = self.game.new_episode(self.np_random, options)
        self.episode_ids[i] = self._next_episode_id
        self._next_episode_id += 1

    def _reset_mask(self, mask: Any) -> np.ndarray:
        mask = np.ones(self.num_envs, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        if mask.shape != (self.num_envs,):
            raise ValueError(f"reset_mask must have shape ({self.num_envs},), got {mask.shape}")
        if not mask.all() and any(e is None for e, m in zip(self.episodes, mask) if not m):
            raise ValueError("a partial reset needs every sub-env reset once before")
        return mask

    def _options_for(self, i: int, options: dict[str, Any]) -> dict[str, Any]:
        mine = {}
        for key in _PINNING_OPTIONS:
            value = options.get(key)
            if isinstance(value, (list, tuple, np.ndarray)):
                if len(value) != self.num_envs:
                    raise ValueError(f"options[{key!r}] has {len(value)} entries for {self.num_envs} sub-envs")
                value = value[i]
            if value is not None:
                mine[key] = value
        return mine

    def _observations(self) -> tuple:
        return tuple(as_observation(episode.prompt) for episode in self.episodes)

    def _state_infos(self, infos: dict[str, Any]) -> dict[str, Any]:
        """Add who acts next, on what, in which episode (with gymnasium's ``_key`` masks)."""
        every = np.ones(self.num_envs, dtype=bool)
        infos["role"] = np.array([episode.role for episode in self.episodes], dtype=object)
        infos["task_type"] = np.array([episode.task_type.value for episode in self.episodes], dtype=object)
        infos["episode_id"] = self.episode_ids.copy()
        for key in [k for k in infos if not k.startswith("_") and f"_{k}" not in infos]:
            if isinstance(infos[key], np.ndarray):
                infos[f"_{key}"] = every.copy()
        return infos


def _object_array(items: list) -> np.ndarray:
    # np.array(items, dtype=object) would try to read dicts and strings as nested sequences.
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array
