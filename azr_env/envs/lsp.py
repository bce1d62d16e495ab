"""Language Self-Play for one shared policy: the Gymnasium id ``LSP-v0`` and its batched vector env.

:class:`LSPEnv` is the AEC game ``azr/lsp-v0`` (:mod:`azr_env.multiagent.lsp_v0`) seen through
:class:`azr_env.envs.shared_parameter.SharedParameterEnv`: one policy writes the query, then
the G answers; ``info["role"]`` says which role is up next, ``step`` returns the reward of the
action just taken, and ``info["rewards"]`` every reward settled at that step (the
challenger's, -V(q) + V_Q(q), arrives with the last answer).

:class:`LSPVectorEnv` (``gym.make_vec("LSP-v0", num_envs=N)``) plays N episodes in lock step
and scores each solver step of all N episodes with ONE call of the reward function (and one
of the quality judge), which is what a batched reward model or judge wants. Every episode has
the same length, 1 + G steps, so all N end together, and the step that ends them starts the next N
(same-step autoreset, as in the Absolute Zero vector env).

>>> import gymnasium as gym
>>> import azr_env  # registers the ids
>>> from azr_env.lsp import CallableReward
>>> env = gym.make("LSP-v0", reward_fn=CallableReward(lambda q, a: len(a) < 10), group_size=2)
>>> obs, info = env.reset(seed=0)
>>> info["role"]
'challenger'
>>> obs, r, term, trunc, info = env.step("Say hi.")
>>> obs, info["role"]
('Say hi.', 'solver')
>>> _ = env.step("hi")
>>> obs, r, term, trunc, info = env.step("hello there, friend")
>>> r, term, info["rewards"]
(0.0, True, {'solver': 0.0, 'challenger': -0.5})

Vectorized, with the episodes' final summary in the infos:

>>> vec = gym.make_vec("LSP-v0", num_envs=2, reward_fn=CallableReward(lambda q, a: a == q), group_size=1)
>>> obs, info = vec.reset(seed=0)
>>> obs, r, term, trunc, info = vec.step(["echo", "other"])
>>> obs, r, term, trunc, info = vec.step(["echo", "nope"])
>>> r.tolist(), term.tolist(), info["rewards"]["challenger"].tolist()
([1.0, 0.0], [True, True], [-1.0, 0.0])
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from azr_env.envs.shared_parameter import SharedParameterEnv
from azr_env.game import answer_space, as_observation, prompt_space
from azr_env.game.checks import reset_options, text_batch
from azr_env.lsp.episode import CHALLENGER, SOLVER, LSPEpisode, ScoreFn, game_config
from azr_env.lsp.prompts import action_text
from azr_env.lsp.scoring import checked_rewards, overlap_reward
from azr_env.multiagent.lsp_v0 import raw_env


class LSPEnv(SharedParameterEnv):
    """``LSP-v0``: the LSP game for one policy playing both roles.

    Takes the keyword arguments of :class:`azr_env.multiagent.lsp_v0.raw_env`:
    ``reward_fn``, ``quality_fn`` (None: LSP-Zero), ``group_size``, ``quality_weight``,
    ``max_query_chars``, ``max_answer_chars``, ``prompts`` and ``render_mode``.
    """

    # Read by gym.make before the env exists; text renders have no frame rate, 1 keeps checkers quiet.
    metadata = {"name": "LSP-v0", "render_modes": list(raw_env.metadata["render_modes"]), "render_fps": 1}

    def __init__(self, reward_fn: ScoreFn | None = None, quality_fn: ScoreFn | None = None, **kwargs: Any):
        super().__init__(raw_env(reward_fn, quality_fn, **kwargs))
        self.metadata = type(self).metadata

    @property
    def game(self) -> raw_env:
        """The underlying AEC game (its config, reward functions and current episode)."""
        return self.aec_env


class LSPVectorEnv(VectorEnv):
    """N LSP episodes in lock step, with one reward-function call per step for all of them.

    Observations are tuples of N prompts; rewards, terminations and truncations are arrays.
    ``infos`` follow Gymnasium's vector convention (arrays plus ``_key`` masks) and carry the
    same keys as :class:`LSPEnv`'s: ``role`` (next to act), ``acted_role``, ``rewards`` (by
    role, settled at this step) and the acting role's structured view. At the last answer,
    ``info["query"]``, ``info["task_rewards"]``, ``info["solver_rewards"]`` and, for LSP,
    ``info["quality"]`` (R_Q before lambda) summarise each episode.

    Autoreset is ``SAME_STEP``, as in the Absolute Zero vector env: the step that ends the
    episodes starts new ones, returns their challenger prompts, and puts the finished
    episodes' last prompts in ``info["final_obs"]``. ``reset(options={"queries": [...]})`` pins
    one query per episode and skips the challenger (for that reset only).
    """

    metadata = {"autoreset_mode": AutoresetMode.SAME_STEP, "render_modes": [], "name": "lsp_vector_v0"}

    def __init__(self, num_envs: int = 1, reward_fn: ScoreFn | None = None, quality_fn: ScoreFn | None = None, **game: Any):
        if num_envs < 1:
            raise ValueError("num_envs must be at least 1")
        game.pop("render_mode", None)
        self.num_envs = num_envs
        self.config = game_config(**game)
        self.reward_fn = reward_fn if reward_fn is not None else overlap_reward
        self.quality_fn = quality_fn
        self.single_observation_space = prompt_space()
        self.single_action_space = answer_space(self.config.max_answer_chars)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self.episodes = [LSPEpisode(self.config) for _ in range(num_envs)]
        self._was_reset = False

    @property
    def role(self) -> str | None:
        """Who acts next in every episode (they are in lock step)."""
        return self.episodes[0].role

    def _observations(self, role: str | None = None) -> tuple:
        role = role or self.role
        return tuple(as_observation(ep.prompt(role)) for ep in self.episodes)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        # Checked before anything changes, so a reset that raises leaves the episodes as they were.
        queries = reset_options(options, ("queries",)).get("queries")
        if queries is not None:
            queries = text_batch(queries, self.num_envs, "queries")
            pinned = [q is not None for q in queries]
            if not any(pinned):
                queries = None  # as {"query": None} in LSP-v0: the challenger plays
            elif not all(pinned):
                # The episodes move in lock step: all start with the solver, or all with the challenger.
                raise ValueError("queries must pin a query for every episode, or be all None (the challenger plays)")
        super().reset(seed=seed)
        self._was_reset = True
        self.episodes = [LSPEpisode(self.config) for _ in range(self.num_envs)]
        if queries is not None:
            for ep, q in zip(self.episodes, queries):
                ep.set_query(str(q))
        infos: dict = {}
        for i in range(self.num_envs):
            infos = self._add_info(infos, {"role": self.role, "acted_role": None, "rewards": {}}, i)
        return self._observations(), infos

    def step(self, actions: Sequence[Any]):
        if not self._was_reset:
            raise RuntimeError("call reset() before step()")
        actions = text_batch(actions, self.num_envs)
        n = self.num_envs
        texts = [action_text(a) for a in actions]  # (as the AEC env reads them: bytes as UTF-8, never raising)
        acting = self.role
        rewards = np.zeros(n, dtype=np.float64)
        if acting == CHALLENGER:
            per_env = [{"query": ep.set_query(text), "rewards": {}} for ep, text in zip(self.episodes, texts)]
        else:
            per_env = self._score(texts, rewards)
        done = self.role is None
        if done:  # same-step autoreset
            final = self._observations(acting)
            self.episodes = [LSPEpisode(self.config) for _ in range(n)]
        infos: dict = {}
        for i, info in enumerate(per_env):
            info.update(role=self.role, acted_role=acting)
            if done:
                info["final_obs"] = final[i]
            infos = self._add_info(infos, info, i)
        terminated = np.full(n, done, dtype=bool)
        return self._observations(), rewards, terminated, np.zeros(n, dtype=bool), infos

    def _score(self, texts: list[str], rewards: np.ndarray) -> list[dict]:
        """Score one answer per episode with one call of each reward function; fill ``rewards``."""
        queries = [ep.query for ep in self.episodes]
        answers = [ep.clip_answer(t) for ep, t in zip(self.episodes, texts)]
        task = checked_rewards(self.reward_fn, queries, answers)
        quality = None if self.quality_fn is None else checked_rewards(self.quality_fn, queries, answers)
        per_env = []
        for i, ep in enumerate(self.episodes):
            rewards[i] = ep.add_answer(answers[i], task[i], None if quality is None else quality[i])
            info = ep.solver_info()
            info["rewards"] = {SOLVER: float(rewards[i])}
            if ep.done:
                summary = ep.challenger_info()
                info["rewards"][CHALLENGER] = ep.challenger_reward()
                info.update({k: summary[k] for k in ("task_rewards", "solver_rewards", "quality") if k in summary})
                info["challenger_components"] = summary["reward_components"]
            per_env.append(info)
        return per_env
