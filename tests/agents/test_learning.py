"""Proof that the agent learns: a tiny policy masters a single-answer deduction task, and the same
code with the advantage sign flipped unlearns it. Both for TRR++ (critic-free, the paper's) and for
PPO with a learned critic and GAE.

The task is one deduction question whose answer is a single character ("1"); the tiny model's
random start writes it about 1% of the time. Rewards are the Absolute Zero solver's (1 correct,
-0.5 well-formed but wrong, -1 malformed; ``azr_env.tasks.solver_reward``), judged by the
executor's value comparison, so that even before the first correct answer the policy learns
to answer with a literal. Everything else is the trainer's own path: ``Policy.generate`` with the
stop string, the estimator's advantages, the PPO update (with PPO: the critic's values, GAE, the
clipped value loss). ``benchmarks/bench_estimators.py`` plays this same task.
"""
import copy

import pytest
import torch

from agents.config import TrainConfig
from agents.critic import build_critic, parameter_groups
from agents.learner import Sample, compute_advantages, ppo_update, score_samples
from agents.policy import Policy, SamplingConfig
from azr_env.executor import check_output_prediction, parse_literal
from azr_env.tasks import TaskConfig, solver_reward

PROMPT = "def f(x):\n    return x % 3\nf(7) = <answer>"
GOLD = "1"
BATCH = 64
MAX_STEPS = 40
CFG = TrainConfig(lr=5e-3, micro_batch_size=BATCH, estimator="trr++")
CONFIGS = {"trr++": CFG, "ppo": CFG.replace(estimator="ppo")}
SAMPLING = SamplingConfig(max_new_tokens=1, temperature=1.0)
TASK_CONFIG = TaskConfig()


def new_learner(cfg, seed=0):
    """The tiny policy (with a critic when ``cfg`` asks for one) and its AdamW optimizer."""
    torch.manual_seed(seed)
    policy = Policy.from_pretrained("tiny", seed=seed)
    policy.critic = build_critic(cfg, policy)  # None without PPO
    return policy, torch.optim.AdamW(parameter_groups(policy, cfg), lr=cfg.lr)


def play(policy, optimizer, cfg=CFG, sign=1.0, batch=BATCH):
    """One step: ``batch`` answers, rewards, one update. Returns (mean reward, accuracy, update stats)."""
    gens = policy.generate([PROMPT] * batch, SAMPLING)
    correct = [check_output_prediction(g.text, GOLD).correct for g in gens]
    rewards = [solver_reward(parse_literal(g.text)[0], c, TASK_CONFIG).value for g, c in zip(gens, correct)]
    samples = [Sample(g.prompt_ids, g.completion_ids, r, ("deduction", "solver"), prompt_key=PROMPT)
               for g, r in zip(gens, rewards)]
    scored = score_samples(policy, samples, cfg)
    stats = ppo_update(policy, optimizer, samples, sign * compute_advantages(samples, scored, cfg), scored, cfg)
    return sum(rewards) / batch, sum(correct) / batch, stats


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def run(request):
    cfg = CONFIGS[request.param]
    policy, optimizer = new_learner(cfg)
    history, snapshot = [], None
    for _ in range(MAX_STEPS):
        history.append(play(policy, optimizer, cfg))
        if snapshot is None and history[-1][1] >= 0.25:  # halfway: the branch point of the flip test
            snapshot = (copy.deepcopy(policy), copy.deepcopy(optimizer.state_dict()), history[-1])
        if history[-1][0] >= 0.9:
            break
    return cfg, history, snapshot


def test_mean_reward_rises_from_chance_to_mastery(run):
    cfg, history, _ = run
    first_reward, first_accuracy, _ = history[0]
    assert first_reward <= 0.1 and first_accuracy <= 0.1
    assert history[-1][0] >= 0.9, f"mean reward per step: {[round(h[0], 2) for h in history]}"
    assert history[-1][1] >= 0.9
    if cfg.estimator == "ppo":  # the critic followed the reward: down while answers failed, up once they paid
        values = [round(h[2]["value_mean"], 2) for h in history]
        assert min(values) < -0.5 and values[-1] > 0.25, f"value mean per step: {values}"


def test_flipping_the_advantage_sign_makes_the_reward_fall(run):
    cfg, _, snapshot = run
    assert snapshot is not None
    start_policy, optimizer_state, (start_reward, start_accuracy, _) = snapshot
    policy = copy.deepcopy(start_policy)
    optimizer = torch.optim.AdamW(parameter_groups(policy, cfg), lr=cfg.lr)
    optimizer.load_state_dict(optimizer_state)
    torch.manual_seed(1)
    history = []
    for _ in range(MAX_STEPS):
        history.append(play(policy, optimizer, cfg, sign=-1.0))
        if history[-1][1] <= 0.05:
            break
    assert start_accuracy >= 0.25
    assert history[-1][1] <= 0.1, f"accuracy per step: {[round(h[1], 2) for h in history]}"
    assert history[-1][0] < start_reward
