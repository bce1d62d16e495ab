"""Language Self-Play as a two-agent PettingZoo AEC env: ``azr/lsp-v0``.

| Property           | Value                                                                 |
|--------------------|-----------------------------------------------------------------------|
| Import             | ``from azr_env.multiagent import lsp_v0``                             |
| Make               | ``pettingzoo.make("aec", "azr/lsp-v0")`` after ``import azr_env``    |
| Actions            | Discrete: no; text, ``PrintableText(max_answer_chars)``               |
| Parallel API       | No (the turns are sequential: the solver needs the query)             |
| Manual control     | No                                                                    |
| Agents             | ``agents = ["challenger", "solver"]``                                 |
| Number of agents   | 2                                                                     |
| Action shape       | one string                                                            |
| Action values      | printable text with whitespace, up to ``max_answer_chars`` characters |
| Observation shape  | one string (a ``str`` subclass with a ``dtype``)                      |
| Observation values | the prompt of the agent (challenger prompt, or solver prompt + query) |
| Episode length     | 1 + ``group_size`` steps, always                                      |

An episode (Kuba et al. 2025, "Language Self-Play For Data-Free Training"):

1. The challenger sees the challenger prompt and writes a query (any text is a query; it is
   stripped, cleaned of control characters and cut at ``max_query_chars``).
2. The solver sees the solver prompt with the query and answers ``group_size`` (G) times.
   Each answer is scored at once: reward R(q, a) from ``reward_fn`` plus, for LSP,
   lambda R_Q(q, a) from ``quality_fn`` (the reference-model judge). With ``quality_fn=None``
   the game is LSP-Zero.
3. After the last answer the challenger is paid -V(q) + V_Q(q): minus the mean task reward
   of the G answers, plus the mean weighted quality reward. Both agents are then terminated.

The baselines (A_sol = r - mean over the G answers, A_ch = r_ch - mean over the step's
queries) need a batch of episodes and are the trainer's (``azr_env.lsp.lsp_advantages``).

``infos[agent]`` after that agent's move carries the structured view: ``role``, ``query``,
``attempt``, ``answer`` and ``reward_components`` for the solver; the G task rewards, solver
rewards, V(q) and V_Q(q) for the challenger. No clock times or process ids.

``reset(options={"query": text})`` skips the challenger: the episode starts at the solver
with that query (use it to evaluate or train a plain solver on fixed queries). The
challenger's reward is still reported at the end; it did not act, so a trainer ignores it.

The env knows nothing of models: ``reward_fn`` and ``quality_fn`` are callables
``(queries, answers) -> list[float]`` (``azr_env.lsp.scoring``; model-backed ones in
``agents.lsp``). The default ``reward_fn`` is a model-free stand-in
(:func:`azr_env.lsp.scoring.overlap_reward`), there only so the env builds with no
arguments.

>>> from azr_env.lsp.scoring import CallableReward
>>> env = raw_env(reward_fn=CallableReward(lambda q, a: a == "4"), group_size=2)
>>> env.reset(seed=0)
>>> env.agent_selection
'challenger'
>>> env.step("What is 2+2?")
>>> env.observe("solver")
'What is 2+2?'
>>> env.step("4"); env.rewards["solver"]
1.0
>>> env.step("5"); env.rewards
{'challenger': -0.5, 'solver': 0.0}
"""
from __future__ import annotations

from typing import Any

from gymnasium.utils import seeding
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from azr_env.game import answer_space, as_observation, prompt_space
from azr_env.game.checks import PETTINGZOO_PROBE, reset_options
from azr_env.lsp.episode import CHALLENGER, ROLES, SOLVER, LSPEpisode, ScoreFn, game_config
from azr_env.lsp.prompts import action_text
from azr_env.lsp.scoring import checked_rewards, overlap_reward


# ``reset(options=...)`` keys: a fixed query skips the challenger.
RESET_OPTIONS = ("query",)


def env(**kwargs: Any) -> AECEnv:
    """``raw_env`` behind PettingZoo's order-enforcing wrapper (the usual ``env()``)."""
    return wrappers.OrderEnforcingWrapper(raw_env(**kwargs))


class raw_env(AECEnv):  # noqa: N801 - PettingZoo's naming convention
    """The LSP game for one query; see the module doc. Keyword arguments:

    - ``reward_fn``: R(q, a) as ``(queries, answers) -> list[float]``;
    - ``quality_fn``: R_Q on 0..1, same signature, or None for LSP-Zero;
    - ``group_size``, ``quality_weight``, ``max_query_chars``, ``max_answer_chars``,
      ``prompts``: the rules, see :class:`azr_env.lsp.episode.LSPGameConfig`;
    - ``render_mode``: None, ``"ansi"`` (``render()`` returns the transcript) or ``"human"``.
    """

    metadata = {"name": "lsp_v0", "render_modes": ["ansi", "human"], "is_parallelizable": False}

    def __init__(
        self,
        reward_fn: ScoreFn | None = None,
        quality_fn: ScoreFn | None = None,
        *,
        render_mode: str | None = None,
        **game: Any,
    ):
        super().__init__()
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None")
        self.config = game_config(**game)
        self.reward_fn = reward_fn if reward_fn is not None else overlap_reward
        self.quality_fn = quality_fn
        self.render_mode = render_mode
        self.possible_agents = list(ROLES)
        # One space object per kind, shared by both roles: one policy plays either (LSP-v0).
        observation_space, action_space = prompt_space(), answer_space(self.config.max_answer_chars)
        self.observation_spaces = {a: observation_space for a in self.possible_agents}
        self.action_spaces = {a: action_space for a in self.possible_agents}
        self.np_random, _ = seeding.np_random(None)
        self.episode = LSPEpisode(self.config)
        self.settled_rewards: dict[str, float] = {}
        self.agents = []

    def observation_space(self, agent: str):
        return self.observation_spaces[agent]

    def action_space(self, agent: str):
        return self.action_spaces[agent]

    def observe(self, agent: str):
        return as_observation(self.episode.prompt(agent))

    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        options = reset_options(options, RESET_OPTIONS, ignored=(PETTINGZOO_PROBE,))  # checked before any change
        if seed is not None:
            # The game draws nothing at random today; seeding keeps the convention for wrappers.
            self.np_random, _ = seeding.np_random(seed)
        self.episode = LSPEpisode(self.config)
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {"role": a} for a in self.agents}
        self.settled_rewards = {}
        self.agent_selection = CHALLENGER
        if options.get("query") is not None:
            self.episode.set_query(str(options["query"]))
            self.infos[CHALLENGER]["query"] = self.episode.query
            self.agent_selection = SOLVER

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        self.rewards = {a: 0.0 for a in self.agents}
        text = action_text(action)  # (never raises: an action whose __str__ raised ended the step)
        if agent == CHALLENGER:
            query = self.episode.set_query(text)
            self.settled_rewards = {}
            self.infos[CHALLENGER] = {"role": CHALLENGER, "query": query}
            self.agent_selection = SOLVER
        else:
            self._answer(text)
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def _answer(self, text: str) -> None:
        ep = self.episode
        answer = ep.clip_answer(text)
        task = checked_rewards(self.reward_fn, [ep.query], [answer])[0]
        quality = None if self.quality_fn is None else checked_rewards(self.quality_fn, [ep.query], [answer])[0]
        self.rewards[SOLVER] = ep.add_answer(answer, task, quality)
        self.settled_rewards = {SOLVER: self.rewards[SOLVER]}
        self.infos[SOLVER] = ep.solver_info()
        if ep.done:
            self.rewards[CHALLENGER] = ep.challenger_reward()
            self.settled_rewards[CHALLENGER] = self.rewards[CHALLENGER]
            self.infos[CHALLENGER] = ep.challenger_info()
            self.terminations = {a: True for a in self.agents}
            # The challenger's final reward is read first, as in PettingZoo's turn games.
            self.agent_selection = CHALLENGER

    def render(self) -> str | None:
        if self.render_mode is None:
            return None
        ep = self.episode
        lines = [f"[challenger] {ep.query!r}" if ep.query is not None else "[challenger] (to play)"]
        for j, (a, r) in enumerate(zip(ep.answers, ep.task_rewards)):
            lines.append(f"[solver {j + 1}/{self.config.group_size}] R={r:.3f} {a!r}")
        if ep.done:
            lines.append(f"[challenger reward] {ep.challenger_reward():.3f}")
        text = "\n".join(lines)
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def close(self) -> None:
        pass
