"""The solve-only AZR taskset for verifiers (v1): answer fixed tasks, get the AZR solver reward.

Taskset id ``azr-env-solve``. Each task is one (program, input, output)
triplet asked as deduction, abduction or induction, with the solver prompt of this package; the
reward is this package's solver reward (1 right, -0.5 wrong, -1 malformed), checked by the
sandboxed executor. Enough for ``eval`` (verifiers' ``vf eval``)::

    eval azr-env-solve --env.taskset.data ../shared/data/cruxeval-dev.jsonl \\
        --model my-model --client.base-url http://127.0.0.1:8000/v1 -n 50 --no-serve --no-push

``--env.taskset.data`` takes a CRUXEval-style JSONL (``code``/``input``/``output`` rows), a task
buffer file or a directory written by ``azr export``; without it the taskset is the seed
triplet of each type. ``--env.taskset.task-types '["deduction"]'`` picks the types.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import verifiers.v1 as vf

from azr_env.integrations.verifiers.common import AZRChatHarness, completion_text, local_seat, off_loop
from azr_env.tasks import TaskBuffers, TaskConfig, TaskType, build_solver_prompt, score_answers
from azr_env.tasks.types import Task

_lock = threading.Lock()
_executor = None


def shared_executor():
    """The process-wide executor the solver rewards borrow (started on first use)."""
    global _executor
    with _lock:
        if _executor is None:
            from azr_env.game import ExecutorHandle

            _executor = ExecutorHandle().get()
        return _executor


class AZRSolveData(vf.TaskData):
    task_type: str
    task_id: str
    azr_task: str
    """The task as this package's JSON (``Task.to_json``): what the reward checks against."""


class AZRSolveTaskConfig(vf.TaskConfig):
    solver_correct_reward: float = 1.0
    solver_wrong_reward: float = -0.5
    solver_malformed_reward: float = -1.0


class AZRSolveTask(vf.Task[AZRSolveData, vf.State, AZRSolveTaskConfig]):
    @property
    def key(self) -> str:
        return f"{self.data.task_type}:{self.data.task_id}"

    def azr_config(self) -> TaskConfig:
        return TaskConfig(solver_correct_reward=self.config.solver_correct_reward,
                          solver_wrong_reward=self.config.solver_wrong_reward,
                          solver_malformed_reward=self.config.solver_malformed_reward)

    @vf.reward
    async def azr_solver(self, trace: vf.Trace) -> float:
        """The AZR solver reward for the reply (the executor runs in a thread)."""
        task = Task.from_json(json.loads(self.data.azr_task))
        outcome, = await off_loop(score_answers, shared_executor(), [task], [completion_text(trace)], self.azr_config())
        trace.info["azr"] = {"correct": bool(outcome.correct), "well_formed": bool(outcome.well_formed),
                             "reason": outcome.reason}
        return float(outcome.reward)

    @vf.metric
    async def correct(self, trace: vf.Trace) -> float:
        return float(trace.info.get("azr", {}).get("correct", False))


class AZRSolveConfig(vf.TasksetConfig):
    data: str | None = None
    """CRUXEval-style JSONL, a task-buffer file or an ``azr export`` directory; None: the seed tasks."""
    task_types: list[str] = ["deduction", "abduction"]
    """Which question to ask of each triplet (a CRUXEval row serves deduction and abduction)."""
    include_seeds: bool = False
    task: AZRSolveTaskConfig = AZRSolveTaskConfig()


class AZRSolveTaskset(vf.Taskset[AZRSolveTask, AZRSolveConfig]):
    def load(self) -> Iterator[AZRSolveTask]:
        from azr_env.integrations.trl import load_tasks

        types = [TaskType(t) for t in self.config.task_types]
        if self.config.data is None:
            buffers = TaskBuffers()
            tasks = [t for task_type in types for t in buffers[task_type]]
        else:
            tasks = load_tasks(self.config.data, types, include_seeds=self.config.include_seeds)
        config = TaskConfig()
        for idx, task in enumerate(tasks):
            yield AZRSolveTask(AZRSolveData(
                idx=idx, name=f"{task.task_type.value}/{task.task_id}", prompt=build_solver_prompt(task, config),
                task_type=task.task_type.value, task_id=task.task_id, azr_task=json.dumps(task.to_json()),
            ), self.config.task)


class AZRSolveEnvConfig(vf.EnvConfig):
    agent: vf.AgentConfig = local_seat()
    """The solver's seat (the single-agent name, so ``--env.agent.*`` flags work as usual)."""


class AZRSolveEnv(vf.Env[AZRSolveEnvConfig]):
    """One solver, one answer per task (verifiers' single-agent shape, on a local seat)."""

    async def run(self, task: vf.Task, agents: vf.Agents) -> None:
        await agents.agent.run(task)


__all__ = ["AZRChatHarness", "AZRSolveEnv", "AZRSolveTaskset"]
