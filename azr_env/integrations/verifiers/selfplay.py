"""Absolute Zero self-play as a verifiers (v1) multi-agent environment: a proposer and a solver.

Taskset id ``azr-env-selfplay``; it brings its own environment
(:class:`AZRSelfPlayEnv`, seats ``proposer`` and ``solver``) and harness. One episode:

1. the proposer sees a proposer prompt built from the task buffer as it is now, and writes a task;
2. an invalid task ends the episode: the proposer's trace is paid -1 (``azr`` reward);
3. a valid task enters the buffer, and the solver answers it ``n_solver`` times, each answer's
   trace paid 1 / -0.5 / -1; then the proposer's trace is paid the task's learnability
   (1 - solve rate, 0 when always or never solved; paper Eq. 4).

The rules, prompts, parsers and rewards are this package's: every step goes through a
:class:`~azr_env.integrations.game_host.GameSession`, the same code ``azr serve`` and the
Gymnasium env run, so a trace's reward equals the Gymnasium env's for the same texts. Episodes
of one process share one task buffer and one executor; concurrent episodes are settled together
by the host's writer thread. Each trace's ``info["azr"]`` holds the env's ``info`` for its step.

    eval azr-env-selfplay --model my-model \\
        --client.base-url http://127.0.0.1:8000/v1 -n 16 --no-serve --no-push

Taskset options (``--env.taskset.*``): ``game`` (``AZR-SelfPlay-v0``, or one type's id),
``n_solver`` (8), ``num_tasks`` (episodes per pass, 64), ``seed``. Seats: ``--env.proposer.*``
and ``--env.solver.*`` (model, sampling...); both default to the run's model, one shared policy.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

import verifiers.v1 as vf

from azr_env.integrations.game_host import GameHost
from azr_env.integrations.verifiers.common import AZRChatHarness, completion_text, local_seat, off_loop

_hosts: dict[tuple, GameHost] = {}
_hosts_lock = threading.Lock()


def host_for(game: str, n_solver: int) -> GameHost:
    """The process-wide host of a game: one buffer and one executor for all its episodes."""
    key = (game, n_solver)
    with _hosts_lock:
        if key not in _hosts:
            _hosts[key] = GameHost(game, n_solver=n_solver)
        return _hosts[key]


def close_hosts() -> None:
    """Close every host (their buffers are dropped): the next episode starts from a fresh buffer."""
    with _hosts_lock:
        hosts = list(_hosts.values())
        _hosts.clear()
    for host in hosts:
        host.close()


class AZRSeedData(vf.TaskData):
    seed: int
    """The episode's seed (which task type, which references: as ``env.reset(seed=...)``)."""


class AZRSeedTask(vf.Task[AZRSeedData]):
    """One self-play episode to play; its prompts come from the buffer when it starts."""


class AZRTurnData(vf.TaskData):
    role: str


class AZRTurnTask(vf.Task[AZRTurnData]):
    """One turn of one role: the prompt the game showed it. Scored by the env, not here."""


class AZRSelfPlayConfig(vf.TasksetConfig):
    game: str = "AZR-SelfPlay-v0"
    """AZR-SelfPlay-v0 (all three types) or AZR-Deduction-v0 / -Abduction-v0 / -Induction-v0."""
    n_solver: int = 8
    """Solver answers per valid proposal (the paper's n)."""
    num_tasks: int = 64
    """Episodes per pass over the taskset (each draws its own references from the live buffer)."""
    seed: int = 0


class AZRSelfPlayTaskset(vf.Taskset[AZRSeedTask, AZRSelfPlayConfig]):
    def load(self) -> Iterator[AZRSeedTask]:
        for idx in range(self.config.num_tasks):
            yield AZRSeedTask(AZRSeedData(idx=idx, name=f"{self.config.game}#{idx}", seed=self.config.seed + idx),
                              self.config.task)


class AZRSelfPlayEnvConfig(vf.EnvConfig):
    proposer: vf.AgentConfig = local_seat()
    """Writes the task (``--env.proposer.*``)."""
    solver: vf.AgentConfig = local_seat()
    """Answers it ``n_solver`` times (``--env.solver.*``)."""


class AZRSelfPlayEnv(vf.Env[AZRSelfPlayEnvConfig]):
    """Proposer, then solver x n; rewards from this package's rules (see the module doc)."""

    def __init__(self, config: AZRSelfPlayEnvConfig) -> None:
        super().__init__(config)
        taskset = self.taskset.config
        self.host = host_for(taskset.game, taskset.n_solver)

    async def run(self, task: vf.Task, agents: vf.Agents) -> None:
        session = self.host.session()
        prompt, info = await off_loop(session.reset, task.data.seed)
        owed: list[tuple[vf.Trace, str]] = []  # traces whose reward is settled later, by role
        done = False
        while not done:
            role = info["role"]
            seat = agents.proposer if role == "proposer" else agents.solver
            trace = await seat.run(AZRTurnTask(AZRTurnData(idx=task.data.idx, name=f"{task.data.name}/{role}",
                                                           prompt=prompt, role=role)))
            if not trace.ok:
                error = trace.last_error
                raise RuntimeError(f"the {role}'s rollout failed: {error.type if error else '?'}: "
                                   f"{error.message if error else ''}")
            prompt, reward, done, info = await off_loop(session.step, completion_text(trace))
            trace.info["azr"] = info
            owed.append((trace, role))
            # Every reward settled at this step goes to the trace of the action it pays: the
            # solver's now, the proposer's (learnability) with the last answer.
            for settled_role, value in info["rewards"].items():
                target = next(t for t, r in reversed(owed) if r == settled_role)
                target.record_reward("azr", value)
                if target is not trace:
                    target.info["azr_settled"] = info["settled_infos"].get(settled_role, {})


__all__ = ["AZRChatHarness", "AZRSelfPlayEnv", "AZRSelfPlayTaskset"]
