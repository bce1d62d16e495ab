"""Proof that the agent learns: a tiny policy masters a single-answer deduction task, and the same
code with the advantage sign flipped unlearns it.

The task is one deduction question whose answer is a single character ("1"); the tiny model's
random start writes it about 1% of the time. Rewards are the Absolute Zero solver's (1 correct,
-0.5 well-formed but wrong, -1 malformed; ``azr_env.tasks.solver_reward``), judged by the
executor's value comparison, so that even before the first correct answer the policy learns
to answer with a literal. Everything else is the trainer's own path: ``Policy.generate`` with the
stop string, TRR++ advantages, the PPO update.
"""
import copy

import pytest
import torch

from agents.config import TrainConfig
from agents.learner import Sample, compute_advantages, ppo_update, score_samples
from agents.policy import Policy, SamplingConfig
from azr_env.executor import check_output_prediction, parse_literal
from azr_env.tasks import TaskConfig, solver_reward

PROMPT = "def f(x):\n    return x % 3\nf(7) = <answer>"
GOLD = "1"
BATCH = 64
MAX_STEPS = 40
CFG = TrainConfig(lr=5e-3, micro_batch_size=BATCH, estimator="trr++")
SAMPLING = SamplingConfig(max_new_tokens=1, temperature=1.0)
TASK_CONFIG = TaskConfig()


def play(policy, optimizer, sign=1.0):
    """One step: BATCH answers, rewards, one update. Returns (mean reward, accuracy)."""
    gens = policy.generate([PROMPT] * BATCH, SAMPLING)
    correct = [check_output_prediction(g.text, GOLD).correct for g in gens]
    rewards = [solver_reward(parse_literal(g.text)[0], c, TASK_CONFIG).value for g, c in zip(gens, correct)]
    samples = [Sample(g.prompt_ids, g.completion_ids, r, ("deduction", "solver")) for g, r in zip(gens, rewards)]
    scored = score_samples(policy, samples, CFG)
    ppo_update(policy, optimizer, samples, sign * compute_advantages(samples, scored, CFG), scored, CFG)
    return sum(rewards) / BATCH, sum(correct) / BATCH


@pytest.fixture(scope="module")
def run():
    torch.manual_seed(0)
    policy = Policy.from_pretrained("tiny", seed=0)
    optimizer = torch.optim.AdamW(policy.model.parameters(), lr=CFG.lr)
    history, snapshot = [], None
    for _ in range(MAX_STEPS):
        history.append(play(policy, optimizer))
        if snapshot is None and history[-1][1] >= 0.25:  # halfway: the branch point of the flip test
            snapshot = (copy.deepcopy(policy.model), copy.deepcopy(optimizer.state_dict()), history[-1])
        if history[-1][0] >= 0.9:
            break
    return history, snapshot, policy.tokenizer


def test_mean_reward_rises_from_chance_to_mastery(run):
    history, _, _ = run
    first_reward, first_accuracy = history[0]
    assert first_reward <= 0.1 and first_accuracy <= 0.1
    assert history[-1][0] >= 0.9, f"mean reward per step: {[round(r, 2) for r, _ in history]}"
    assert history[-1][1] >= 0.9


def test_flipping_the_advantage_sign_makes_the_reward_fall(run):
    _, snapshot, tokenizer = run
    assert snapshot is not None
    model, optimizer_state, (start_reward, start_accuracy) = snapshot
    policy = Policy(copy.deepcopy(model), tokenizer)
    optimizer = torch.optim.AdamW(policy.model.parameters(), lr=CFG.lr)
    optimizer.load_state_dict(optimizer_state)
    torch.manual_seed(1)
    history = []
    for _ in range(MAX_STEPS):
        history.append(play(policy, optimizer, sign=-1.0))
        if history[-1][1] <= 0.05:
            break
    assert start_accuracy >= 0.25
    assert history[-1][1] <= 0.1, f"accuracy per step: {[round(a, 2) for _, a in history]}"
    assert history[-1][0] < start_reward
