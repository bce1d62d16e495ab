"""The Absolute Zero game as a two-agent PettingZoo AEC env; the ``*_v0`` modules fix its task types.

Agents ``"proposer"`` and ``"solver"`` take turns as the game's rules say (see
:mod:`azr_env.game.absolute_zero`): the proposer acts once; an invalid proposal ends the episode with its
penalty; a valid task enters the buffer and the solver answers it ``n_solver`` times, each answer
rewarded at once; the proposer's learnability reward arrives with the last answer. Then every
agent is terminated and, as PettingZoo asks, is stepped once more with ``None`` to leave.
(The rules are :mod:`azr_env.game.absolute_zero`'s; this module is their PettingZoo view.)

Observations are the prompt text (a :class:`~azr_env.game.spaces.TextObservation`); actions are
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
from typing import Any, Callable, Iterable

import gymnasium
from gymnasium.utils import seeding
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from azr_env.game import (
    PROPOSER,
    SOLVER,
    AbsoluteZeroGame,
    Episode,
    ExecutorHandle,
    GameOptions,
    Phase,
    answer_space,
    as_observation,
    prompt_space,
)
from azr_env.game.checks import PETTINGZOO_PROBE, reset_options
from azr_env.tasks import TaskBuffers, TaskType


class AbsoluteZeroAECEnv(AECEnv):
    """The Absolute Zero game for a proposer and a solver, one episode at a time.

    Args:
        task_types: the task types episodes draw from (one per ``*_v0`` module, all three for
            self-play).
        game_options: a :class:`~azr_env.game.GameOptions`; its fields may also be given as
            keyword arguments (``n_solver=2``, ``mode="solve"``, ``config=``, ``executor=``,
            ``buffers=``, ``task_file=``, ``task_weights=``, ``max_prompt_chars=``), which
            override it.
        render_mode: None or ``"ansi"``.
    """

    # render_fps only quiets Gymnasium's render checker: text frames have no frame rate.
    metadata = {"render_modes": ["ansi"], "name": "azr_v0", "is_parallelizable": False, "render_fps": 1}

    def __init__(
        self,
        task_types: Iterable[TaskType | str] = tuple(TaskType),
        *,
        game_options: GameOptions | None = None,
        render_mode: str | None = None,
        **option_fields: Any,
    ):
        super().__init__()
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be None or one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.options = GameOptions.of(game_options, task_types=task_types, **option_fields)
        self.game = AbsoluteZeroGame(self.options)
        self._executor = ExecutorHandle(self.options.executor)
        self.possible_agents = [SOLVER] if self.options.mode == "solve" else [PROPOSER, SOLVER]
        # One space object per kind, shared by the agents: api_test wants the same object back
        # on every call, and one policy playing both roles wants them equal.
        observation_space = prompt_space(self.options.max_prompt_chars)
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
        # Options are checked (a pinned task looked up) before the generator is reseeded, so a
        # reset that raises leaves the env as it was.
        options = reset_options(options, AbsoluteZeroGame.RESET_OPTIONS, ignored=(PETTINGZOO_PROBE,))
        self.game.resolve_options(options)
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


# -- the versioned modules (deduction_v0, abduction_v0, induction_v0, selfplay_v0) ---------------
# Each is a few lines: its documentation comes from one template here, its env() and raw_env
# from `versioned`, as PettingZoo's own modules take theirs from the env's package.

_VARIANTS: dict[str, dict[str, Any]] = {
    "deduction": dict(
        title="deduction", task_types=("deduction",),
        types_row="deduction: given program and input, predict the output",
        about="A proposer writes a Python program and an input; the solver must predict the output by\n"
              "reasoning alone. Answers are compared by value with the executor's canonical output; nothing\n"
              "the solver writes is executed."),
    "abduction": dict(
        title="abduction", task_types=("abduction",),
        types_row="abduction: given program and output, find an input",
        about="A proposer writes a Python program and an input; the solver sees the program and its output\n"
              "and must find arguments that reproduce it. Any input giving the same output counts; the\n"
              "solver's arguments must be literals and are run through the sandboxed executor."),
    "induction": dict(
        title="induction", task_types=("induction",),
        types_row="induction: given input/output pairs and a message, write the program",
        about="The proposer is given a program from the deduction and abduction buffers (AZR's way;\n"
              "`TaskConfig(induction_proposer=\"own_program\")` lets it write its own) and writes\n"
              "`TaskConfig.n_induction_inputs` (10) inputs and a message; the solver sees half of the\n"
              "input/output pairs and the message, and must write a program that also gets the hidden half\n"
              "right. The solver's program runs in the sandboxed executor."),
    "selfplay": dict(
        title="self-play (all three task types)", task_types=("deduction", "abduction", "induction"),
        types_row="deduction, abduction and induction, drawn per episode with `task_weights`",
        about="The full Absolute Zero game: each episode draws its task type (uniformly by default, or with\n"
              "`task_weights={\"deduction\": 2, \"abduction\": 1, \"induction\": 1}`), and a pinned type can be\n"
              "asked for with `reset(options={\"task_type\": \"abduction\"})`."),
}

_DOC = '''
# Absolute Zero: {title}

| Creation           | `pettingzoo.make("aec", "azr/{name}-v0")` or `azr_env.multiagent.{name}_v0.env()` |
|--------------------|-------------------------------------------------------------------|
| Task types         | {types_row} |
| Actions            | Text (`azr_env.game.spaces.PrintableText`)                        |
| Parallel API       | No (turns are sequential: the solver answers only once a task exists) |
| Manual Control     | No                                                                |
| Agents             | `agents= ['proposer', 'solver']` (`['solver']` with `mode="solve"`) |
| Agents             | 2                                                                 |
| Action Shape       | one string                                                        |
| Action Values      | printable text and whitespace, 0 to `TaskConfig.max_response_chars` (100,000) characters |
| Observation Shape  | one string (a `TextObservation`, a `str` with `dtype` `<U`)       |
| Observation Values | printable text and whitespace, 0 to 1,048,576 characters          |

{about}

### Episode

1. The proposer sees a prompt with reference tasks from the buffer and writes a task.
2. An invalid proposal (unparseable, unsafe, erroring, non-deterministic, returning None...) ends
   the episode: the proposer gets `TaskConfig.invalid_proposal_reward` (-1).
3. A valid task enters the buffer; the solver sees its question and answers `n_solver` times
   (default 8). Each answer is rewarded at once: 1 correct, -0.5 wrong, -1 malformed.
4. With the last answer the proposer gets the learnability reward `1 - solve rate`, or
   `TaskConfig.unlearnable_reward` (0) when the solver always or never succeeded (paper Eq. 4).

Then both agents are terminated. With `mode="solve"` only the solver plays: one answer to a task
drawn from the buffer (or from `task_file=`, e.g. CRUXEval), and the episode ends.

### Observation Space

The prompt text for the agent: the proposer's prompt throughout, the solver's question once a
task exists (an empty string before). `infos[agent]` carries the structured view: `role`,
`task_type`, `task` (triplet and `task_id`), `parse`, `reason`, `reward_components`, and the
role's own fields (`valid`, `kind`, `new_to_buffer`, `solve_results` for the proposer;
`attempt`, `n_attempts`, `correct`, `well_formed` for the solver).

### Action Space

Any text. The env reads it as AZR's answer format (`<answer>` with fenced blocks) and never
raises on what it contains: random strings are malformed answers with a reason.

### Rewards

| Agent    | When                    | Reward                                   |
|----------|-------------------------|------------------------------------------|
| proposer | invalid proposal        | -1                                       |
| proposer | after the last answer   | 1 - solve rate, or 0 if it is 0 or 1     |
| solver   | each answer             | 1 correct / -0.5 wrong / -1 malformed    |

### Arguments

`{name}_v0.env(**options)`: the options are the fields of `azr_env.game.GameOptions`
(`n_solver=8`, `mode='selfplay'`, `config=None`, `executor=None`, `buffers=None`,
`task_file=None`{weights}), plus `render_mode=None`; see
`azr_env.multiagent.absolute_zero.AbsoluteZeroAECEnv`. Pass `executor=` to share an
`azr_env.executor.Executor`; otherwise the process-wide one is borrowed on first need and given
back on `close()`.

### Usage

```python
from azr_env.multiagent import {name}_v0

env = {name}_v0.env(n_solver=2)
env.reset(seed=42)
for agent in env.agent_iter():
    observation, reward, termination, truncation, info = env.last()
    action = None if termination or truncation else env.action_space(agent).sample()
    env.step(action)
env.close()
```

### Version History

* v0: Initial release
'''


def versioned(name: str) -> tuple[str, Callable[..., Any], type]:
    """The documentation, ``env()`` and ``raw_env`` of module ``azr_env.multiagent.{name}_v0``."""
    variant = _VARIANTS[name]
    module = f"azr_env.multiagent.{name}_v0"
    weights = ", `task_weights=None`" if len(variant["task_types"]) > 1 else ""
    doc = _DOC.format(name=name, title=variant["title"], types_row=variant["types_row"], about=variant["about"],
                      weights=weights)
    task_types = variant["task_types"]

    def __init__(self, **options: Any) -> None:
        AbsoluteZeroAECEnv.__init__(self, task_types=task_types, **options)

    raw_env = type("raw_env", (AbsoluteZeroAECEnv,), {
        "__doc__": f"The unwrapped AEC env: {variant['types_row'].split(':')[0]}.",
        "__module__": module,
        "__qualname__": "raw_env",  # so that pickle finds it in its module
        "__init__": __init__,
        "metadata": {**AbsoluteZeroAECEnv.metadata, "name": f"azr_{name}_v0"},
    })

    def env(**options: Any) -> wrappers.OrderEnforcingWrapper:
        """The env wrapped as PettingZoo's own envs are: order of calls enforced.

        >>> game = env(n_solver=2)
        >>> game.reset(seed=0)
        >>> game.agent_selection, "<answer>" in game.observe("proposer")
        ('proposer', True)
        >>> game.close()
        """
        return wrappers.OrderEnforcingWrapper(raw_env(**options))

    env.__module__ = module
    return doc, env, raw_env
