"""The Absolute Zero game on top of the executor: tasks, prompts, parsers, rewards and buffers.

A task is a triplet (program, input, output); a solver is asked for one part of it:

- deduction: the output, given program and input;
- abduction: an input, given program and output (any input reproducing the output counts);
- induction: the program, given visible input/output pairs and the proposer's message.

One round of the game, end to end::

    >>> import numpy as np
    >>> from azr_env.executor import Executor
    >>> from azr_env.tasks import (TaskBuffers, TaskConfig, TaskType, build_proposer_prompt,
    ...     build_solver_prompt, evaluate_proposals, score_answers, proposer_reward, solve_rate)
    >>> config, buffers, rng = TaskConfig(), TaskBuffers(), np.random.default_rng(0)
    >>> prompt = build_proposer_prompt("deduction", buffers["deduction"].sample(rng, 6), config)
    >>> proposal = "<answer>```python\\ndef f(a):\\n    return sorted(a)\\n```\\n```input\\n[3, 1, 2]\\n```</answer>"
    >>> with Executor(workers=1) as executor:
    ...     outcome, = evaluate_proposals(executor, "deduction", [proposal], config)
    ...     question = build_solver_prompt(outcome.task, config)
    ...     answers = ["<answer>```output\\n[1, 2, 3]\\n```</answer>", "<answer>[3, 2, 1]</answer>"]
    ...     solved = score_answers(executor, [outcome.task] * 2, answers, config)
    >>> [s.reward for s in solved], proposer_reward(outcome.valid, solve_rate(solved), config).value
    ([1.0, -0.5], 0.5)
"""
from azr_env.tasks.buffer import SEED_SOURCE, TaskBuffer, TaskBuffers, seed_task
from azr_env.tasks.config import AZR_CODE_UNLEARNABLE_REWARD, TaskConfig
from azr_env.tasks.parsing import code_blocks, extract_answer, parse_answer, parse_proposal
from azr_env.tasks.rendering import correct_answer, format_answer, format_proposal, solution_of, task_proposal
from azr_env.tasks.rewards import (
    Reward,
    learnability_reward,
    mean_solve_rate,
    proposer_reward,
    solver_reward,
)
from azr_env.tasks.seeding import SEEDING_SOURCE, SeedingReport, seed_buffers
from azr_env.tasks.templates import (
    PromptTemplates,
    as_chat_messages,
    build_proposer_prompt,
    build_solver_prompt,
)
from azr_env.tasks.types import (
    FailureKind,
    ParsedAnswer,
    ParsedProposal,
    ParseFailure,
    Task,
    TaskType,
    check_step,
    input_fingerprint,
    normalize_inputs,
    normalize_program,
    program_fingerprint,
)
from azr_env.tasks.validation import PROPOSER_SOURCE, ProposalOutcome, evaluate_proposals
from azr_env.tasks.verification import SolverOutcome, score_answers, solve_rate

__all__ = [
    "AZR_CODE_UNLEARNABLE_REWARD",
    "FailureKind",
    "ParseFailure",
    "ParsedAnswer",
    "ParsedProposal",
    "PROPOSER_SOURCE",
    "PromptTemplates",
    "ProposalOutcome",
    "Reward",
    "SEED_SOURCE",
    "SEEDING_SOURCE",
    "SeedingReport",
    "SolverOutcome",
    "Task",
    "TaskBuffer",
    "TaskBuffers",
    "TaskConfig",
    "TaskType",
    "as_chat_messages",
    "build_proposer_prompt",
    "build_solver_prompt",
    "check_step",
    "code_blocks",
    "correct_answer",
    "evaluate_proposals",
    "extract_answer",
    "format_answer",
    "format_proposal",
    "learnability_reward",
    "mean_solve_rate",
    "normalize_inputs",
    "input_fingerprint",
    "normalize_program",
    "program_fingerprint",
    "parse_answer",
    "parse_proposal",
    "proposer_reward",
    "score_answers",
    "seed_buffers",
    "seed_task",
    "solution_of",
    "solve_rate",
    "solver_reward",
    "task_proposal",
]
