"""Playing whole episodes through each API, recorded in one form that the checks compare.

:func:`play_gym`, :func:`play_aec` and :func:`play_vector` run episodes of a Gymnasium env, a
PettingZoo AEC env and a vector env of the package (Absolute Zero or LSP) with scripted agents,
one agent per episode, and return one :class:`EpisodeRecord` per episode (per sub-env, for the
vector env). Each :class:`Turn` holds who acted, what they saw and wrote, the reward of that
action, every reward settled at that step, and the acting role's info after it, whatever API
the episode went through; so the same play through two APIs gives records that can be compared.

>>> import gymnasium as gym
>>> import azr_env
>>> from azr_env.testing import Oracle
>>> env = gym.make("AZR-Deduction-v0", n_solver=2)
>>> (episode,) = play_gym(env, [Oracle()], seed=0)
>>> episode.roles, [turn.reward for turn in episode.turns], episode.turns[-1].settled
(['proposer', 'solver', 'solver'], [0.0, 1.0, 1.0], {'solver': 1.0, 'proposer': 0.0})
>>> env.close()
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import gymnasium
import numpy as np
import pettingzoo
from gymnasium.vector import VectorEnv

Agent = Callable[[Any, Any], Any]


@dataclass
class Turn:
    """One action and what the env made of it."""

    role: str  # who acted (the role the env announced before the step)
    observation: Any  # what that role saw, as the env gave it (never made text here: the spaces check reads it)
    action: Any
    reward: float  # the reward of this action, settled at this step (0.0 when not yet known)
    settled: dict[str, float]  # every reward settled at this step, by role
    info: dict[str, Any]  # the acting role's info after the step
    next_role: str | None  # who the env says acts next (None: the episode is over)
    done: bool  # the episode ended at this step
    intent: str | None = None  # what the agent meant the text to be ("correct", "invalid"...)
    acted_role: str | None = None  # who the env says acted, where it says so (Gymnasium, vector)


@dataclass
class EpisodeRecord:
    """The turns of one episode through one API (``"gym"``, ``"aec"`` or ``"vector[i]"``)."""

    api: str
    start_info: dict[str, Any]
    first_role: str | None
    turns: list[Turn] = field(default_factory=list)
    # AEC only: per agent, the total of the rewards env.last() showed it over the episode, and
    # the agents still in the env once the episode was played out.
    seen_totals: dict[str, float] | None = None
    agents_left: list[str] | None = None
    # Vector only: the sub-env's state after the same-step autoreset that ended this episode.
    autoreset: dict[str, Any] | None = None
    # Gymnasium only: the observation the step that ended the episode returned.
    final_observation: Any = None
    error: str | None = None  # an exception the env raised during the episode

    @property
    def roles(self) -> list[str]:
        return [turn.role for turn in self.turns]

    @property
    def task_type(self) -> str | None:
        return self.start_info.get("task_type")

    def rewards_of(self, role: str) -> list[float]:
        """Every reward settled for ``role`` in the episode, in order."""
        return [turn.settled[role] for turn in self.turns if role in turn.settled]


def _per_episode(value: Any, n: int, name: str) -> list[Any]:
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(f"{name} has {len(value)} entries for {n} episodes")
        return list(value)
    return [value] * n


def _agents(agents: Agent | Sequence[Agent], episodes: int | None) -> list[Agent]:
    if isinstance(agents, (list, tuple)):
        if episodes is not None and episodes != len(agents):
            raise ValueError(f"{len(agents)} agents for {episodes} episodes")
        return list(agents)
    return [agents] * (episodes or 1)


def _require(env: Any, kind: type, player: str, what: str) -> None:
    """A TypeError naming the right player when ``env`` is of another API: played anyway, it
    would fail on its first step with an error that says nothing about the mix-up."""
    if isinstance(env, kind) and not (kind is gymnasium.Env and isinstance(env, VectorEnv)):
        return
    others = {"play_gym": "a Gymnasium env", "play_aec": "a PettingZoo AEC env", "play_vector": "a vector env"}
    found = next((name for name, cls in (("play_vector", VectorEnv), ("play_gym", gymnasium.Env),
                                         ("play_aec", pettingzoo.AECEnv)) if isinstance(env, cls)), None)
    use = f"; this is {others[found]}, play it with {found}" if found else ""
    raise TypeError(f"{player} plays {what}; got {type(env).__name__}{use}")


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def play_gym(env: Any, agents: Agent | Sequence[Agent], *, episodes: int | None = None, seed: int | None = None,
             options: Mapping[str, Any] | Sequence[Mapping[str, Any] | None] | None = None,
             max_steps: int = 10_000) -> list[EpisodeRecord]:
    """Play episodes of a Gymnasium env (one policy taking every turn, ``info["role"]`` up).

    ``agents`` is one agent per episode, or one agent for ``episodes`` episodes. The first reset
    gets ``seed``; ``options`` go to every reset (a dict) or one per episode (a list). An
    exception from the env ends that episode's record with ``error`` set and stops the play.
    """
    _require(env, gymnasium.Env, "play_gym", "a Gymnasium env")
    agents = _agents(agents, episodes)
    options = _per_episode(options, len(agents), "options")
    records = []
    for n, agent in enumerate(agents):
        try:
            observation, info = env.reset(seed=seed if n == 0 else None, options=options[n])
            record = EpisodeRecord("gym", dict(info), info.get("role"))
        except Exception as error:  # noqa: BLE001 - a reset that raises (or returns no pair) is recorded too
            records.append(EpisodeRecord("gym", {}, None, error=f"reset: {_describe(error)}"))
            break
        records.append(record)
        role = info.get("role")
        try:
            for _ in range(max_steps):
                action = agent(observation, info)
                seen = observation
                observation, reward, terminated, truncated, info = env.step(action)
                done = bool(terminated or truncated)
                record.turns.append(Turn(
                    role=role, observation=seen, action=action, reward=float(reward),
                    settled={k: float(v) for k, v in info.get("rewards", {}).items()}, info=dict(info),
                    next_role=info.get("role"), done=done, intent=getattr(agent, "intent", None),
                    acted_role=info.get("acted_role"),
                ))
                if done:
                    record.final_observation = observation
                    break
                role = info.get("role")
            else:
                record.error = f"no end after {max_steps} steps"
        except Exception as error:  # noqa: BLE001 - the record says what the env raised
            record.error = _describe(error)
            break
    return records


def play_aec(env: Any, agents: Agent | Sequence[Agent], *, episodes: int | None = None, seed: int | None = None,
             options: Mapping[str, Any] | Sequence[Mapping[str, Any] | None] | None = None,
             max_steps: int = 10_000) -> list[EpisodeRecord]:
    """Play episodes of a PettingZoo AEC env, the ``agent_iter`` loop: each live agent acts,
    each terminated one is stepped with None. The agent gets ``env.last()``'s info, with
    ``"role"`` set to the agent's name.

    The rewards settled at a step are the env's ``settled_rewards`` where it has them, else
    those of ``env.rewards`` that are not 0 (plus the acting agent's own).
    """
    _require(env, pettingzoo.AECEnv, "play_aec", "a PettingZoo AEC env")
    agents = _agents(agents, episodes)
    options = _per_episode(options, len(agents), "options")
    records = []
    raw = getattr(env, "unwrapped", env)
    for n, agent in enumerate(agents):
        try:
            env.reset(seed=seed if n == 0 else None, options=options[n])
            first = env.agent_selection
            record = EpisodeRecord("aec", {**dict(env.infos.get(first, {})), "role": first}, first, seen_totals={})
        except Exception as error:  # noqa: BLE001 - as play_gym's
            records.append(EpisodeRecord("aec", {}, None, seen_totals={}, error=f"reset: {_describe(error)}"))
            break
        records.append(record)
        try:
            for name in env.agent_iter(max_steps):
                observation, reward, termination, truncation, info = env.last()
                record.seen_totals[name] = record.seen_totals.get(name, 0.0) + float(reward)
                if termination or truncation:
                    env.step(None)
                    continue
                info = {**dict(info), "role": name}
                action = agent(observation, info)
                env.step(action)
                settled = getattr(raw, "settled_rewards", None)
                if settled is None:
                    settled = {k: v for k, v in env.rewards.items() if v or k == name}
                over = not env.agents or all(env.terminations.get(a) or env.truncations.get(a) for a in env.agents)
                record.turns.append(Turn(
                    role=name, observation=observation, action=action,
                    reward=float(settled.get(name, 0.0)), settled={k: float(v) for k, v in settled.items()},
                    info=dict(env.infos.get(name, {})), next_role=None if over else env.agent_selection,
                    done=over, intent=getattr(agent, "intent", None),
                ))
            record.agents_left = list(env.agents)
        except Exception as error:  # noqa: BLE001
            record.error = _describe(error)
            break
    return records


def _vector_info(infos: Mapping[str, Any], i: int, role: str | None) -> dict[str, Any]:
    """Sub-env ``i``'s share of a vector env's infos: the acting role's details where the env
    gives them (Absolute Zero), else every key whose mask is set for ``i`` (Gymnasium's layout)."""
    details = infos.get("details")
    if details is not None:
        detail = details[i] or {}
        return dict(detail.get(role, {})) if role is not None else {}
    out = {}
    for key, value in infos.items():
        if key.startswith("_") or key in ("rewards", "final_obs"):
            continue
        mask = infos.get("_" + key)
        if mask is not None and not mask[i]:
            continue
        out[key] = value[i] if isinstance(value, np.ndarray) else value
    return out


def _settled(infos: Mapping[str, Any], i: int) -> dict[str, float]:
    rewards = infos.get("rewards", {})
    return {
        role: float(values[i]) for role, values in rewards.items()
        if not role.startswith("_") and rewards.get("_" + role, np.ones(len(values), bool))[i]
    }


def play_vector(envs: Any, agents: Agent | Sequence[Agent], *, episodes: int | None = None,
                seed: int | None = None, options: Mapping[str, Any] | Sequence[Mapping[str, Any] | None] | None = None,
                filler: Any = "", max_steps: int = 10_000) -> list[list[EpisodeRecord]]:
    """Play episodes of a vector env of the package, all sub-envs in lock step, each sub-env with
    its own copy of the episode's agent (so every sub-env plays the same script).

    Each episode starts with a ``reset`` (``seed`` for the first, ``options`` as in
    :func:`play_gym`) and lasts until every sub-env has ended it; a sub-env that ends early is
    autoreset by the env and then given ``filler`` actions, which are not recorded. Returns,
    per sub-env, its list of episode records. The agent of sub-env ``i`` gets that sub-env's
    ``role`` and ``task_type``, plus the info the env last gave about the role now up (the task
    and the attempt number, for the Absolute Zero solver).
    """
    _require(envs, VectorEnv, "play_vector", "a vector env")
    agents = _agents(agents, episodes)
    options = _per_episode(options, len(agents), "options")
    n = envs.num_envs
    records: list[list[EpisodeRecord]] = [[] for _ in range(n)]
    for e, agent in enumerate(agents):
        copies = [copy.deepcopy(agent) for _ in range(n)]
        try:
            observations, infos = envs.reset(seed=seed if e == 0 else None, options=options[e])
            views = [{"role": infos["role"][i], **({"task_type": infos["task_type"][i]} if "task_type" in infos else {})}
                     for i in range(n)]
        except Exception as error:  # noqa: BLE001 - as play_gym's
            for i in range(n):
                records[i].append(EpisodeRecord(f"vector[{i}]", {}, None, error=f"reset: {_describe(error)}"))
            break
        current = []
        for i in range(n):
            current.append(EpisodeRecord(f"vector[{i}]", dict(views[i]), views[i]["role"]))
            records[i].append(current[i])
        live = [True] * n
        try:
            for _ in range(max_steps):
                if not any(live):
                    break
                actions = [copies[i](observations[i], views[i]) if live[i] else filler for i in range(n)]
                seen = observations
                observations, rewards, terminations, truncations, infos = envs.step(actions)
                for i in range(n):
                    if not live[i]:
                        continue
                    role = views[i]["role"]
                    acted = infos["acted_role"][i] if "acted_role" in infos else role
                    done = bool(terminations[i] or truncations[i])
                    detail = _vector_info(infos, i, acted)
                    next_role = None if done else infos["role"][i]
                    current[i].turns.append(Turn(
                        role=role, observation=seen[i], action=actions[i], reward=float(rewards[i]),
                        settled=_settled(infos, i), info=detail, next_role=next_role, done=done,
                        intent=getattr(copies[i], "intent", None), acted_role=acted,
                    ))
                    if done:
                        live[i] = False
                        final = infos.get("final_obs")
                        current[i].autoreset = {
                            "role": infos["role"][i], "final_obs": None if final is None else final[i],
                            "observation": observations[i],
                        }
                        continue
                    nxt = _vector_info(infos, i, next_role) if "details" in infos else {}
                    views[i] = {**nxt, "role": next_role,
                                **({"task_type": infos["task_type"][i]} if "task_type" in infos else {})}
            else:
                for i in range(n):
                    if live[i]:
                        current[i].error = f"no end after {max_steps} steps"
        except Exception as error:  # noqa: BLE001
            for record in current:
                record.error = _describe(error)
            break
    return records
