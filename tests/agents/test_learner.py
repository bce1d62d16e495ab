"""One update: gradient accumulation is exact, on-policy ratios are 1, KL and entropy terms act."""
import copy

import pytest
import torch

from agents.config import TrainConfig
from agents.learner import Sample, compute_advantages, ppo_update, score_samples
from agents.policy import Policy


def samples_for(policy, n=6):
    torch.manual_seed(0)
    out = []
    for i in range(n):
        prompt = policy.tokenizer(f"task {i}: ")["input_ids"]
        completion = torch.randint(3, 90, (2 + i % 3,)).tolist()
        group = (("deduction", "abduction")[i % 2], ("proposer", "solver")[i % 3 == 0])
        out.append(Sample(prompt, completion, reward=float(i % 3) - 1.0, group=group, prompt_key=i % 2))
    return out


def update(policy, samples, cfg, sign=1.0):
    optimizer = torch.optim.SGD(policy.model.parameters(), lr=0.1)
    scored = score_samples(policy, samples, cfg)
    stats = ppo_update(policy, optimizer, samples, sign * compute_advantages(samples, scored, cfg), scored, cfg)
    return stats


def test_gradient_accumulation_equals_one_big_batch():
    base = Policy.from_pretrained("tiny")
    samples = samples_for(base)
    results = []
    for micro in (1, 4, 8):
        policy = copy.deepcopy(base)
        update(policy, samples, TrainConfig(micro_batch_size=micro, max_grad_norm=1e9))
        results.append([p.detach().clone() for p in policy.model.parameters()])
    for other in results[1:]:
        assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(results[0], other))
    moved = [not torch.equal(a, b) for a, b in zip(results[0], base.model.parameters())]
    assert any(moved)


def test_on_policy_update_has_unit_ratios_and_no_clipping():
    policy = Policy.from_pretrained("tiny")
    stats = update(policy, samples_for(policy), TrainConfig(micro_batch_size=3))
    assert stats["clip_frac"] == 0.0 and abs(stats["approx_kl_old"]) < 1e-7
    assert stats["grad_norm"] > 0


def test_several_epochs_and_mini_batches_use_old_log_probs_and_clip():
    policy = Policy.from_pretrained("tiny")
    cfg = TrainConfig(ppo_epochs=3, num_mini_batches=2, micro_batch_size=2, clip_low=0.01, lr=1e-2)
    stats = update(policy, samples_for(policy), cfg)
    assert stats["approx_kl_old"] > 0  # later passes see a moved policy
    assert stats["clip_frac"] > 0


@pytest.mark.parametrize("in_reward", [False, True])
def test_kl_to_the_reference_as_loss_or_reward_penalty(in_reward):
    policy = Policy.from_pretrained("tiny", kl_coef=0.5)
    with torch.no_grad():  # move the policy away from its reference
        for p in policy.model.parameters():
            p.add_(0.05 * torch.randn_like(p))
    cfg = TrainConfig(kl_coef=0.5, kl_in_reward=in_reward, kl_estimator="k3", micro_batch_size=4)
    samples = samples_for(policy)
    scored = score_samples(policy, samples, cfg)
    assert scored.ref_logp is not None and (scored.old_logp is not None) == in_reward
    stats = ppo_update(policy, torch.optim.SGD(policy.model.parameters(), lr=0.0), samples,
                       compute_advantages(samples, scored, cfg), scored, cfg)
    assert stats["kl_ref"] > 0
    if in_reward:  # the penalty makes otherwise-equal rewards differ token by token
        flat = [Sample(s.prompt_ids, s.completion_ids, 0.0, s.group) for s in samples]
        assert compute_advantages(flat, scored, cfg).abs().sum() > 0


def test_entropy_bonus_moves_the_policy_even_with_zero_advantages():
    policy = Policy.from_pretrained("tiny")
    samples = [Sample(s.prompt_ids, s.completion_ids, 1.0, s.group) for s in samples_for(policy)]
    before = [p.detach().clone() for p in policy.model.parameters()]
    stats = update(policy, samples, TrainConfig(entropy_coef=0.1))
    assert stats["entropy"] > 0
    assert any(not torch.equal(a, b) for a, b in zip(before, policy.model.parameters()))


@pytest.mark.parametrize("estimator", ["trr++", "reinforce++", "grpo"])
def test_every_estimator_gives_finite_masked_advantages(estimator):
    policy = Policy.from_pretrained("tiny")
    samples = samples_for(policy)
    adv = compute_advantages(samples, None, TrainConfig(estimator=estimator))
    lengths = [len(s.completion_ids) for s in samples]
    assert adv.shape == (len(samples), max(lengths)) and torch.isfinite(adv).all()
    for row, n in zip(adv, lengths):
        assert torch.all(row[n:] == 0)


def test_skipping_zero_advantage_samples_leaves_the_update_unchanged():
    base = Policy.from_pretrained("tiny")
    samples = samples_for(base)
    for s in samples:  # one (task type, role) group with no spread: its advantages are all 0
        if s.group == ("abduction", "proposer"):
            s.reward = -1.0
    cfg = TrainConfig(micro_batch_size=2, max_grad_norm=1e9)
    assert (compute_advantages(samples, None, cfg).abs().sum(-1) == 0).sum() >= 2
    skipped, full = copy.deepcopy(base), copy.deepcopy(base)
    update(skipped, samples, cfg)
    update(full, samples, cfg.replace(entropy_coef=1e-30))  # any extra term disables the skip
    assert all(torch.allclose(a, b, atol=1e-7) for a, b in zip(skipped.model.parameters(), full.model.parameters()))


def grouped_samples(policy, prompts=3, group=4):
    """GRPO-shaped samples: ``group`` completions of different lengths for each of ``prompts`` prompts
    of different lengths, plus one prompt seen once."""
    torch.manual_seed(1)
    out = []
    for p in range(prompts):
        prompt = policy.tokenizer(f"prompt {p}: " + "x" * (5 * p))["input_ids"]
        for g in range(group):
            completion = torch.randint(3, 90, (1 + (p + 2 * g) % 5,)).tolist()
            out.append(Sample(prompt, completion, reward=float((p + g) % 3) - 1.0, prompt_key=p))
    out.append(Sample(policy.tokenizer("a lone prompt")["input_ids"], [5, 6, 7], reward=1.0, prompt_key="lone"))
    return out


def test_plan_puts_every_sample_in_one_micro_batch_and_groups_shared_prompts():
    from agents.learner import plan_micro_batches

    policy = Policy.from_pretrained("tiny")
    samples = grouped_samples(policy)
    plan = plan_micro_batches(samples, range(len(samples)), 3, share_prompts=True)
    assert sorted(i for _, idx in plan for i in idx) == list(range(len(samples)))
    assert all(len(idx) <= 3 for _, idx in plan)
    for shared, idx in plan:
        if shared:
            assert len({tuple(samples[i].prompt_ids) for i in idx}) == 1
    assert [idx for shared, idx in plan if not shared] == [[len(samples) - 1]]  # the lone prompt
    unshared = plan_micro_batches(samples, range(len(samples)), 3, share_prompts=False)
    assert not any(shared for shared, _ in unshared)
    lengths = [len(samples[i].prompt_ids) for _, idx in unshared for i in idx]
    assert lengths == sorted(lengths)  # padded micro-batches hold similar lengths


def updated_copy(base, samples, cfg):
    """A copy of ``base`` after one update, from the same random state every time."""
    torch.manual_seed(3)
    policy = copy.deepcopy(base)
    update(policy, samples, cfg)
    return policy


def test_a_budget_of_attention_cells_splits_long_samples_and_keeps_the_update():
    # A reference task with a 400-item output made 1,377-token prompts; 8 of them in one micro-batch
    # took a CPU trainer from 5 to 19 GB. A budget of cells (count x longest length squared) puts
    # long samples in smaller micro-batches; the gradient is the same sum.
    from agents.learner import plan_micro_batches

    policy = Policy.from_pretrained("tiny", kl_coef=0.1)
    samples = grouped_samples(policy)
    long_prompt = policy.tokenizer("a long reference " * 40)["input_ids"]
    samples += [Sample(long_prompt, [5, 6, 7], reward=float(k % 2), prompt_key=f"long{k}") for k in range(4)]
    length = {i: len(s.prompt_ids) + len(s.completion_ids) for i, s in enumerate(samples)}
    budget = 2 * max(length.values()) ** 2  # room for two long samples at a time
    for share in (True, False):
        plan = plan_micro_batches(samples, range(len(samples)), 8, share, max_cells=budget)
        assert sorted(i for _, idx in plan for i in idx) == list(range(len(samples)))
        assert all(len(idx) <= 8 and len(idx) * max(length[i] for i in idx) ** 2 <= budget for _, idx in plan)
        assert sum(len(idx) for _, idx in plan if any(length[i] == max(length.values()) for i in idx)) == 4
        unbounded = plan_micro_batches(samples, range(len(samples)), 8, share)
        assert len(plan) > len(unbounded)  # the long ones no longer share one micro-batch
    cfg = TrainConfig(estimator="grpo", micro_batch_size=8, kl_coef=0.1, max_grad_norm=1e9)
    whole = updated_copy(policy, samples, cfg)
    split = updated_copy(policy, samples, cfg.replace(micro_batch_max_cells=budget))
    assert any(not torch.equal(a, b) for a, b in zip(whole.model.parameters(), policy.model.parameters()))
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(whole.model.parameters(), split.model.parameters()))
    with pytest.raises(ValueError, match="micro_batch_max_cells"):
        cfg.replace(micro_batch_max_cells=0)


def test_shared_prompt_forward_gives_the_padded_batch_log_probs_and_gradients():
    from agents.policy import collate, completion_log_probs, shared_prompt_log_probs

    policy = Policy.from_pretrained("tiny")
    model, pad = policy.model, policy.tokenizer.pad_token_id
    prompt = policy.tokenizer("def f(a):\n    return a[::-1]\nassert f('abc') == ")["input_ids"]
    completions = [[40, 41, 42], [43], [44, 45, 46, 47, 48], [49, 50]]
    padded, _ = completion_log_probs(model, collate([prompt] * 4, completions, pad), with_entropy=False)
    padded.sum().backward()
    expected = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    shared, entropy, mask = shared_prompt_log_probs(model, prompt, completions, pad, with_entropy=True)
    shared.sum().backward()
    assert mask.sum(-1).tolist() == [3, 1, 5, 2]
    assert torch.allclose(shared, padded, atol=1e-5) and (shared[mask == 0] == 0).all()
    assert entropy.shape == shared.shape and (entropy[mask == 1] > 0).all()
    assert all(torch.allclose(p.grad, g, atol=1e-5, rtol=1e-4) for p, g in zip(model.parameters(), expected))


@pytest.mark.parametrize("cfg", [TrainConfig(estimator="grpo", micro_batch_size=3, max_grad_norm=1e9),
                                 TrainConfig(estimator="grpo", micro_batch_size=8, ppo_epochs=2, num_mini_batches=2,
                                             kl_coef=0.1, entropy_coef=1e-3, max_grad_norm=1e9)])
def test_the_shared_prompt_update_equals_the_padded_update(cfg):
    base = Policy.from_pretrained("tiny", kl_coef=cfg.kl_coef)
    samples = grouped_samples(base)
    shared = updated_copy(base, samples, cfg)
    padded = updated_copy(base, samples, cfg.replace(shared_prompt_forward=False))
    moved = [not torch.equal(a, b) for a, b in zip(shared.model.parameters(), base.model.parameters())]
    assert any(moved)
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(shared.model.parameters(), padded.model.parameters()))


# -- PPO with a critic ----------------------------------------------------------------------
def ppo_update_of(base, samples, cfg):
    """A copy of ``base`` with a fresh critic (the same initial weights every time), updated once."""
    from agents.critic import build_critic, parameter_groups

    policy = copy.deepcopy(base)
    policy.critic = build_critic(cfg, policy, ("proposer", "solver"))
    optimizer = torch.optim.SGD(parameter_groups(policy, cfg), lr=0.1)
    scored = score_samples(policy, samples, cfg)
    stats = ppo_update(policy, optimizer, samples, compute_advantages(samples, scored, cfg), scored, cfg)
    return policy, stats


def all_params(policy):
    return [p.detach() for p in policy.model.parameters()] + [p.detach() for p in policy.critic.parameters()]


@pytest.mark.parametrize("critic", ["head", "separate"])
def test_ppo_micro_batches_and_shared_prompts_give_the_one_big_padded_batch_update(critic):
    base = Policy.from_pretrained("tiny")
    samples = grouped_samples(base)
    cfg = TrainConfig(estimator="ppo", critic=critic, micro_batch_size=64, max_grad_norm=1e9,
                      shared_prompt_forward=False)
    reference, stats = ppo_update_of(base, samples, cfg)
    for changes in ({"micro_batch_size": 2}, {"micro_batch_size": 3, "shared_prompt_forward": True}):
        other, _ = ppo_update_of(base, samples, cfg.replace(**changes))
        assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(all_params(reference), all_params(other)))
    from agents.critic import build_critic

    initial = build_critic(cfg, base, ("proposer", "solver"))
    assert stats["value_loss"] > 0 and stats["grad_norm"] > 0
    assert any(not torch.equal(a, b) for a, b in zip(reference.critic.parameters(), initial.parameters()))


def test_ppo_reports_the_critic_and_its_value_loss_falls_over_updates():
    from agents.critic import build_critic, parameter_groups

    cfg = TrainConfig(estimator="ppo", micro_batch_size=8, lr=1e-2, vf_coef=1.0, ppo_epochs=2)
    policy = Policy.from_pretrained("tiny")
    policy.critic = build_critic(cfg, policy)
    optimizer = torch.optim.AdamW(parameter_groups(policy, cfg), lr=cfg.lr, weight_decay=0.0)
    samples = samples_for(policy)
    losses = []
    for _ in range(8):  # the same batch again and again: the critic fits its returns
        scored = score_samples(policy, samples, cfg)
        stats = ppo_update(policy, optimizer, samples, compute_advantages(samples, scored, cfg), scored, cfg)
        losses.append(stats["value_loss"])
    for key in ("value_loss", "value_clip_frac", "value_mean", "return_mean", "explained_variance",
                "value_mean/proposer", "value_mean/solver", "explained_variance/solver"):
        assert key in stats
    assert losses[-1] < 0.5 * losses[0], losses
    assert stats["explained_variance"] > 0  # the values now explain part of the returns' spread
    # the return targets are the sequence rewards (gamma = lambda = 1, no KL)
    assert stats["return_mean"] == pytest.approx(
        sum(s.reward * len(s.completion_ids) for s in samples) / sum(len(s.completion_ids) for s in samples), abs=1e-5)


def test_ppo_without_a_critic_or_its_values_says_what_is_missing():
    policy = Policy.from_pretrained("tiny")
    samples = samples_for(policy)
    cfg = TrainConfig(estimator="ppo")
    with pytest.raises(ValueError, match="needs the critic's values"):
        compute_advantages(samples, None, cfg)
    with pytest.raises(RuntimeError, match="has no critic"):
        score_samples(policy, samples, cfg)


def test_reference_log_probs_of_shared_prompts_equal_the_padded_ones():
    policy = Policy.from_pretrained("tiny", kl_coef=0.1)
    with torch.no_grad():  # move the policy off its reference, so the two are told apart
        for p in policy.model.parameters():
            p.add_(0.01)
    samples = grouped_samples(policy)
    cfg = TrainConfig(kl_coef=0.1, micro_batch_size=3)
    shared = score_samples(policy, samples, cfg)
    padded = score_samples(policy, samples, cfg.replace(shared_prompt_forward=False))
    assert [len(s.completion_ids) for s in samples] == [len(r) for r in shared.ref_logp]
    assert all(torch.allclose(a, b, atol=1e-5) for a, b in zip(shared.ref_logp, padded.ref_logp))


@pytest.mark.parametrize("aggregation", ["token-mean", "sequence-mean"])
def test_loss_aggregation_weighs_tokens_or_sequences(aggregation):
    # On-policy, without KL or entropy, the update's gradient is that of
    #   token-mean:    -sum_i sum_t A_it logp_it / sum_i |y_i|
    #   sequence-mean: -(1/N) sum_i (1/|y_i|) sum_t A_it logp_it
    # here with a 9-token and a 1-token sample, in micro-batches of one (accumulation must be exact).
    from agents.policy import collate

    base = Policy.from_pretrained("tiny")
    samples = [Sample([5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15, 16], 1.0), Sample([9, 10], [11], -1.0)]
    advantages = torch.tensor([[1.0] * 9, [-1.0] + [0.0] * 8])
    cfg = TrainConfig(micro_batch_size=1, loss_aggregation=aggregation, max_grad_norm=1e9)
    policy = copy.deepcopy(base)
    ppo_update(policy, torch.optim.SGD(policy.model.parameters(), lr=1.0), samples, advantages, None, cfg)

    def objective(per_sequence):
        reference = copy.deepcopy(base)
        batch = collate([s.prompt_ids for s in samples], [s.completion_ids for s in samples], reference.tokenizer.pad_token_id)
        logp, _ = reference.log_probs(batch)
        weighted = (advantages * logp * batch.completion_mask).sum(-1)
        lengths = batch.completion_mask.sum(-1)
        loss = -(weighted / lengths).mean() if per_sequence else -weighted.sum() / lengths.sum()
        loss.backward()
        return [p.grad.clone() for p in reference.model.parameters()]

    expected = objective(aggregation == "sequence-mean")
    other = objective(aggregation != "sequence-mean")
    steps = [b.detach() - a.detach() for a, b in zip(policy.model.parameters(), base.model.parameters())]
    assert all(torch.allclose(s, g, atol=1e-6) for s, g in zip(steps, expected))
    assert not all(torch.allclose(s, g, atol=1e-6) for s, g in zip(steps, other))


# -- advantages a game computed itself ------------------------------------------------------------
@pytest.mark.parametrize("estimator", ["trr++", "reinforce++", "grpo"])
def test_a_given_advantage_is_used_as_it_is_and_the_estimator_runs_on_the_rest(estimator):
    given = [Sample([1], [2, 3], reward=5.0, advantage=0.25), Sample([1], [4], reward=-5.0, advantage=-1.5)]
    estimated = [Sample([1], [5, 6], reward=1.0), Sample([1], [7], reward=0.0)]
    cfg = TrainConfig(estimator=estimator, kl_coef=0.0)
    mixed = compute_advantages(given + estimated, None, cfg)
    torch.testing.assert_close(mixed[:2], torch.tensor([[0.25, 0.25], [-1.5, 0.0]]))
    # The rewards of the given samples change nothing; the others get the estimator's advantages
    # computed among themselves alone.
    alone = compute_advantages(estimated, None, cfg)
    torch.testing.assert_close(mixed[2:, : alone.shape[1]], alone)


def test_given_advantages_refuse_a_kl_reward_penalty_and_the_critic():
    sample = Sample([1], [2], reward=1.0, advantage=1.0)
    with pytest.raises(ValueError, match="kl_in_reward"):
        compute_advantages([sample], None, TrainConfig(kl_coef=0.1, kl_in_reward=True))
    with pytest.raises(ValueError, match="ppo"):
        compute_advantages([sample], None, TrainConfig(estimator="ppo"))
