# noqa: D212, D415
"""
# Absolute Zero: induction

| Creation           | `pettingzoo.make("aec", "azr/induction-v0")` or `azr_env.multiagent.induction_v0.env()` |
|--------------------|-------------------------------------------------------------------|
| Task types         | induction: given input/output pairs and a message, write the program |
| Actions            | Text (`azr_env.envs.spaces.PrintableText`)                        |
| Parallel API       | No (turns are sequential: the solver answers only once a task exists) |
| Manual Control     | No                                                                |
| Agents             | `agents= ['proposer', 'solver']` (`['solver']` with `mode="solve"`) |
| Agents             | 2                                                                 |
| Action Shape       | one string                                                        |
| Action Values      | printable text and whitespace, 0 to `TaskConfig.max_response_chars` (100,000) characters |
| Observation Shape  | one string (a `TextObservation`, a `str` with `dtype` `<U`)       |
| Observation Values | printable text and whitespace, 0 to 1,048,576 characters          |

A proposer writes a Python program, `TaskConfig.n_induction_inputs` (10) inputs and a message;
the solver sees half of the input/output pairs and the message, and must write a program that
also gets the hidden half right. The solver's program runs in the sandboxed executor.

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

`induction_v0.env(n_solver=8, mode='selfplay', config=None, executor=None, buffers=None, render_mode=None)`: see `azr_env.multiagent.absolute_zero.AbsoluteZeroAECEnv`. Pass
`executor=` to share an `azr_env.executor.Executor`; otherwise the process-wide one is borrowed on
first need and given back on `close()`.

### Usage

```python
from azr_env.multiagent import induction_v0

env = induction_v0.env(n_solver=2)
env.reset(seed=42)
for agent in env.agent_iter():
    observation, reward, termination, truncation, info = env.last()
    action = None if termination or truncation else env.action_space(agent).sample()
    env.step(action)
env.close()
```

### Version History

* v0: Initial release
"""
from __future__ import annotations

from typing import Any

from pettingzoo.utils import wrappers

from azr_env.multiagent.absolute_zero import AbsoluteZeroAECEnv

__all__ = ["env", "raw_env"]


def env(**kwargs: Any) -> wrappers.OrderEnforcingWrapper:
    """The env wrapped as PettingZoo's own envs are: order of calls enforced.

    >>> game = env(n_solver=2)
    >>> game.reset(seed=0)
    >>> game.agent_selection, "<answer>" in game.observe("proposer")
    ('proposer', True)
    >>> game.close()
    """
    return wrappers.OrderEnforcingWrapper(raw_env(**kwargs))


class raw_env(AbsoluteZeroAECEnv):  # noqa: N801 - PettingZoo's naming convention
    """The unwrapped AEC env: induction tasks only."""

    metadata = {**AbsoluteZeroAECEnv.metadata, "name": "azr_induction_v0"}

    def __init__(self, **kwargs: Any):
        super().__init__(task_types=("induction",), **kwargs)
