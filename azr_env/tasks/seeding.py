"""The seeding stage: grow the task buffers from the seed triplet before training starts.

As in the AZR paper, the (untrained) proposer is prompted with references sampled from the
buffer and every valid proposal joins it, until each buffer holds ``target_size`` tasks or its
attempts run out. No solver is involved, so seeded tasks carry no solve rate.

>>> import numpy as np
>>> from azr_env.executor import Executor
>>> from azr_env.tasks import TaskBuffers, TaskConfig, TaskType
>>> programs = iter(range(1000))
>>> def proposer(prompt):  # any callable prompt -> text works; here a scripted one
...     n = next(programs)
...     inputs = "".join(f"```input\\n{i}\\n```\\n" for i in range(10))
...     return (f"<answer>```python\\ndef f(a):\\n    return a + {n}\\n```\\n{inputs}"
...             "```message\\nAdds a constant.\\n```</answer>")
>>> buffers = TaskBuffers()
>>> with Executor(workers=1) as executor:
...     report = seed_buffers(proposer, executor, buffers, TaskConfig(), target_size=3,
...                           max_attempts=10, rng=np.random.default_rng(0))
>>> [len(buffers[t]) for t in TaskType]
[3, 3, 3]
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

import numpy as np

from azr_env.tasks.buffer import TaskBuffers
from azr_env.tasks.templates import build_proposer_prompt
from azr_env.tasks.types import TaskType
from azr_env.tasks.validation import evaluate_proposals

if TYPE_CHECKING:
    from azr_env.executor import Executor
    from azr_env.tasks.config import TaskConfig

SEEDING_SOURCE = "seeding"


@dataclass
class SeedingReport:
    """What seeding did, per task type: proposals tried, tasks added, and why the rest failed
    (``failures`` counts ``ProposalOutcome.kind`` values, plus ``"duplicate"``)."""

    attempts: dict[TaskType, int] = field(default_factory=dict)
    added: dict[TaskType, int] = field(default_factory=dict)
    failures: dict[TaskType, Counter] = field(default_factory=dict)

    def reached(self, buffers: TaskBuffers, target_size: int) -> bool:
        return all(len(buffers[t]) >= target_size for t in self.attempts)


def seed_buffers(
    proposer: Callable[[str], str],
    executor: Executor,
    buffers: TaskBuffers,
    config: TaskConfig,
    target_size: int,
    max_attempts: int,
    rng: np.random.Generator,
    *,
    task_types: Iterable[TaskType | str] = tuple(TaskType),
    batch_size: int = 8,
) -> SeedingReport:
    """Prompt ``proposer`` until each buffer of ``task_types`` holds ``target_size`` tasks, or
    ``max_attempts`` proposals of that type have been made.

    Proposals are collected ``batch_size`` at a time and validated in one executor call per
    batch. References for every prompt of a batch are sampled from the buffer as it stood at
    the start of the batch. Returns a :class:`SeedingReport`; the buffers are grown in place.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = SeedingReport()
    for task_type in map(TaskType, task_types):
        buffer = buffers[task_type]
        attempts, added, failures = 0, 0, Counter()
        while len(buffer) < target_size and attempts < max_attempts:
            size = min(batch_size, max_attempts - attempts, target_size - len(buffer))
            prompts = [
                build_proposer_prompt(task_type, buffer.sample(rng, config.n_references), config)
                for _ in range(size)
            ]
            texts = [proposer(prompt) for prompt in prompts]
            attempts += size
            for outcome in evaluate_proposals(executor, task_type, texts, config):
                if not outcome.valid:
                    failures[outcome.kind] += 1
                elif buffer.add(outcome.task.with_provenance(source=SEEDING_SOURCE)):
                    added += 1
                else:
                    failures["duplicate"] += 1
        report.attempts[task_type] = attempts
        report.added[task_type] = added
        report.failures[task_type] = failures
    return report
