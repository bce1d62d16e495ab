"""One policy plays every agent of a turn-based PettingZoo AEC env: the Gymnasium view of self-play.

:class:`SharedParameterEnv` turns any AEC env whose agents share one observation space and one
action space into a ``gymnasium.Env``. Each ``step(action)`` is the move of whichever agent is up;
the policy reads who that is from ``info["role"]``. Nothing here is specific to one game: the
Absolute Zero envs and the Language Self-Play env use it alike.

What one ``step`` returns:

* ``reward``: the reward the env settled *for the action just taken* (0.0 when none was settled
  yet, e.g. a proposal whose learnability is only known after the solver's attempts);
* ``info["rewards"]``: every reward settled at this step, by agent, so that a reward delayed to
  an earlier action (the proposer's) is never mixed into the reward of this one;
* ``info["role"]``: the agent to act next (None once the episode is over), and
  ``info["acted_role"]``: the agent whose action this was;
* ``info["settled_infos"]``: for every *other* agent in ``info["rewards"]``, a copy of its info
  (so the details of a delayed reward travel with it);
* the rest of ``info``: a copy of the AEC env's ``infos[acted_role]`` after the step;
* ``terminated``/``truncated``: the policy's episode is over once no agent is left in the AEC env
  (PettingZoo's ``None`` steps for finished agents are taken here, not by the policy);
  ``truncated`` when an agent was truncated at that last step.

An AEC env says which rewards it settled at a step through an optional ``settled_rewards``
attribute (a dict, agent -> reward); without it every entry of ``env.rewards`` counts as settled,
which is PettingZoo's own meaning of ``rewards``.

Seeding: ``reset(seed=s)`` passes the seed to the AEC env, and this env's ``np_random`` is the AEC
env's generator when it has one, so there is a single source of randomness.

Example, over the PettingZoo AEC env of the deduction game (any turn-based AEC env works alike):

>>> from azr_env.multiagent import deduction_v0
>>> env = SharedParameterEnv(deduction_v0.env(n_solver=1))
>>> observation, info = env.reset(seed=0)
>>> info["role"]
'proposer'
>>> observation, reward, terminated, truncated, info = env.step("not a proposal")
>>> info["acted_role"], info["role"], reward, terminated, info["rewards"]
('proposer', None, -1.0, True, {'proposer': -1.0})
>>> env.close()
"""
from __future__ import annotations

import copy
from typing import Any

import gymnasium as gym


class SharedParameterEnv(gym.Env):
    """A ``gymnasium.Env`` in which one policy takes every turn of a PettingZoo AEC env.

    Args:
        aec_env: the AEC env (wrapped or raw). Every agent in ``possible_agents`` must have the
            same observation space and the same action space.

    The AEC env is closed with this env.
    """

    def __init__(self, aec_env: Any):
        self.aec_env = aec_env
        agents = list(aec_env.possible_agents)
        if not agents:
            raise ValueError("the AEC env has no possible agents")
        self.observation_space = aec_env.observation_space(agents[0])
        self.action_space = aec_env.action_space(agents[0])
        for agent in agents[1:]:
            if aec_env.observation_space(agent) != self.observation_space:
                raise ValueError(f"agent {agent!r} observes a different space; one policy cannot play it")
            if aec_env.action_space(agent) != self.action_space:
                raise ValueError(f"agent {agent!r} acts in a different space; one policy cannot play it")
        raw = aec_env.unwrapped
        raw_metadata = getattr(raw, "metadata", {})
        self.metadata = {
            "name": f"shared_parameter<{raw}>",
            **type(self).metadata,
            "render_modes": list(raw_metadata.get("render_modes", [])),
            "render_fps": raw_metadata.get("render_fps"),
        }
        self.render_mode = getattr(raw, "render_mode", None)
        self._episode_over = True

    # -- gymnasium API ---------------------------------------------------------------------------

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        self.aec_env.reset(seed=seed, options=options)
        aec_rng = getattr(self.aec_env.unwrapped, "np_random", None)
        if aec_rng is not None:
            # One generator for both views, so check_env's RNG checks see the one that matters.
            self._np_random = aec_rng
            self._np_random_seed = getattr(self.aec_env.unwrapped, "np_random_seed", None)
            if self._np_random_seed is None:
                self._np_random_seed = -1  # unknown; None would make gymnasium draw a new generator
        else:
            super().reset(seed=seed)
        self._episode_over = False
        agent = self.aec_env.agent_selection
        info = self._copy_info(agent)
        info.update(role=agent, acted_role=None, rewards={}, settled_infos={})
        return self.aec_env.observe(agent), info

    def step(self, action: Any):
        if self._episode_over:
            raise RuntimeError("the episode is over: call reset() before step()")
        env = self.aec_env
        acting = env.agent_selection
        env.step(action)

        settled = getattr(env.unwrapped, "settled_rewards", None)
        if settled is None:
            settled = env.rewards
        rewards = {agent: float(reward) for agent, reward in settled.items()}
        info = self._copy_info(acting)
        # The info behind each reward settled for another agent (e.g. the proposer's learnability).
        others = {agent: self._copy_info(agent) for agent in rewards if agent != acting}
        truncated = any(env.truncations.values())
        acting_done = env.terminations.get(acting, False) or env.truncations.get(acting, False)
        # Observed before the agent leaves the AEC env, for envs that cannot observe it after.
        final_observation = env.observe(acting) if acting_done else None
        # An agent that is done must still be "stepped" with None to leave the AEC env; those
        # bookkeeping steps are no one's move, so they happen here and never reach the policy.
        while env.agents and (env.terminations[env.agent_selection] or env.truncations[env.agent_selection]):
            env.step(None)
        # The policy's episode lasts as long as any agent is left to play; agents that finish
        # earlier simply stop getting turns.
        self._episode_over = not env.agents
        if self._episode_over:
            terminated, next_role = not truncated, None
            observation = final_observation if final_observation is not None else env.observe(acting)
        else:
            terminated = truncated = False
            next_role = env.agent_selection
            observation = env.observe(next_role)
        info.update(role=next_role, acted_role=acting, rewards=rewards, settled_infos=others)
        return observation, rewards.get(acting, 0.0), bool(terminated), bool(truncated), info

    def render(self):
        return self.aec_env.render()

    def close(self):
        self.aec_env.close()

    # -- helpers ---------------------------------------------------------------------------------

    def _copy_info(self, agent: Any) -> dict[str, Any]:
        infos = getattr(self.aec_env, "infos", {})
        # A copy: users keep infos, and the AEC env may reuse its dicts on the next step.
        return copy.deepcopy(dict(infos.get(agent, {})))
