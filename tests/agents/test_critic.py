"""PPO's critic: where its gradient flows, heads per role, saving and restoring, bad settings."""
import copy

import pytest
import torch

from agents.algorithms import clipped_value_loss, ppo_clip_loss
from agents.config import TrainConfig
from agents.critic import CRITIC_DIR, build_critic, parameter_groups, save_critic
from agents.learner import Sample, compute_advantages, ppo_update, score_samples
from agents.policy import Policy, collate

ROLES = ("proposer", "solver")


def ppo_policy(critic="head", **changes):
    cfg = TrainConfig(estimator="ppo", critic=critic, micro_batch_size=4, max_grad_norm=1e9, lr=1e-2, **changes)
    policy = Policy.from_pretrained("tiny")
    policy.critic = build_critic(cfg, policy, ROLES)
    return policy, cfg


def samples_for(policy, n=6):
    torch.manual_seed(0)
    out = []
    for i in range(n):
        prompt = policy.tokenizer(f"task {i % 3}: ")["input_ids"]
        completion = torch.randint(3, 90, (2 + i % 3,)).tolist()
        out.append(Sample(prompt, completion, float(i % 3) - 1.0, ("deduction", ROLES[i % 2]), prompt_key=i % 3))
    return out


def forward(policy, samples):
    batch = collate([s.prompt_ids for s in samples], [s.completion_ids for s in samples], policy.tokenizer.pad_token_id)
    logp, _, values = policy.log_probs_and_values(batch, [s.group[1] for s in samples])
    return logp, values, batch.completion_mask


def grads(loss, params):
    return [g for g in torch.autograd.grad(loss, params, retain_graph=True, allow_unused=True) if g is not None]


def policy_params(policy):
    return [p for p in policy.model.parameters() if p.requires_grad]


@pytest.mark.parametrize("shape", ["head", "separate"])
def test_the_policy_loss_does_not_reach_the_value_head(shape):
    policy, _ = ppo_policy(shape)
    logp, values, mask = forward(policy, samples_for(policy))
    pg, _ = ppo_clip_loss(logp, logp.detach(), torch.randn(logp.shape), 0.2)
    value_loss, _ = clipped_value_loss(values, values.detach() + 0.1, torch.ones_like(values), 0.5)
    critic_params = list(policy.critic.parameters())
    assert grads((pg * mask).sum(), critic_params) == []  # no path from the surrogate to the critic
    assert any(g.abs().sum() > 0 for g in grads((value_loss * mask).sum(), critic_params))


def test_a_separate_critic_s_value_loss_does_not_reach_the_policy_and_a_head_s_does():
    policy, _ = ppo_policy("separate")
    logp, values, mask = forward(policy, samples_for(policy))
    value_loss = ((values - 1.0) ** 2 * mask).sum()
    assert grads(value_loss, policy_params(policy)) == []
    # A head on the policy trains the shared transformer too (scaled by vf_coef): by design.
    policy, _ = ppo_policy("head")
    logp, values, mask = forward(policy, samples_for(policy))
    assert any(g.abs().sum() > 0 for g in grads(((values - 1.0) ** 2 * mask).sum(), policy_params(policy)))


def update(policy, cfg, samples, sign=1.0):
    optimizer = torch.optim.AdamW(parameter_groups(policy, cfg), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scored = score_samples(policy, samples, cfg)
    return ppo_update(policy, optimizer, samples, sign * compute_advantages(samples, scored, cfg), scored, cfg)


def test_an_update_moves_the_head_only_by_the_value_loss():
    # Opposite advantages move the policy differently; the value head moves exactly alike.
    base, cfg = ppo_policy("head")
    samples = samples_for(base)
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    update(a, cfg, samples, sign=1.0)
    update(b, cfg, samples, sign=-1.0)
    head = [torch.equal(x, y) for x, y in zip(a.critic.parameters(), b.critic.parameters())]
    assert head and all(head)
    assert not all(torch.equal(x, y) for x, y in zip(a.critic.parameters(), base.critic.parameters()))
    assert not all(torch.equal(x, y) for x, y in zip(policy_params(a), policy_params(b)))


def test_an_update_with_a_separate_critic_moves_the_policy_alike_whatever_the_value_loss():
    base, cfg = ppo_policy("separate")
    samples = samples_for(base)
    with_value, without = copy.deepcopy(base), copy.deepcopy(base)
    stats = update(with_value, cfg, samples)
    update(without, cfg.replace(vf_coef=0.0), samples)
    assert all(torch.equal(x, y) for x, y in zip(policy_params(with_value), policy_params(without)))
    assert not all(torch.equal(x, y) for x, y in zip(with_value.critic.parameters(), without.critic.parameters()))
    assert all(torch.equal(x, y) for x, y in zip(without.critic.parameters(), base.critic.parameters()))
    assert stats["critic_grad_norm"] > 0 and stats["grad_norm"] > 0


def test_one_head_per_role_learns_only_from_its_role():
    policy, _ = ppo_policy("head", critic_per_role=True)
    assert policy.critic.head.linear.weight.shape[0] == 2
    solvers = [s for s in samples_for(policy) if s.group[1] == "solver"]
    _, values, mask = forward(policy, solvers)
    grad, = torch.autograd.grad(((values - 1.0) ** 2 * mask).sum(), policy.critic.head.linear.weight)
    assert grad[ROLES.index("proposer")].abs().sum() == 0 and grad[ROLES.index("solver")].abs().sum() > 0
    with pytest.raises(ValueError, match="no value head for role"):
        forward(policy, [Sample(solvers[0].prompt_ids, solvers[0].completion_ids, 0.0, ("lsp", "challenger"))])
    shared, _ = ppo_policy("head")  # one head: every role reads the same output
    assert shared.critic.head.linear.weight.shape[0] == 1


@pytest.mark.parametrize("shape", ["head", "separate"])
def test_a_saved_critic_is_restored_exactly(tmp_path, shape):
    policy, cfg = ppo_policy(shape, critic_per_role=True)
    update(policy, cfg, samples_for(policy))  # move it off its initial weights
    save_critic(policy.critic, tmp_path / CRITIC_DIR)
    fresh = Policy.from_pretrained("tiny")
    restored = build_critic(cfg, fresh, ROLES, checkpoint=tmp_path)
    saved, loaded = policy.critic.state_dict(), restored.state_dict()
    assert saved.keys() == loaded.keys() and all(torch.equal(saved[k], loaded[k]) for k in saved)
    assert not torch.equal(build_critic(cfg, fresh, ROLES).head.linear.weight, restored.head.linear.weight)


def test_resuming_with_other_critic_settings_is_refused(tmp_path):
    policy, cfg = ppo_policy("head")
    with pytest.raises(FileNotFoundError, match="holds no critic"):
        build_critic(cfg, policy, ROLES, checkpoint=tmp_path)
    save_critic(policy.critic, tmp_path / CRITIC_DIR)
    with pytest.raises(ValueError, match="resume with the run's settings"):
        build_critic(cfg.replace(critic_per_role=True), policy, ROLES, checkpoint=tmp_path)
    with pytest.raises(ValueError, match="estimator cannot change"):
        build_critic(cfg.replace(estimator="trr++"), policy, ROLES, checkpoint=tmp_path)


def test_a_separate_critic_must_read_the_policy_s_tokens(tmp_path):
    from agents.weights import load_model

    model, tokenizer = load_model("tiny")
    tokenizer.add_tokens(["<extra>"])
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    policy = Policy.from_pretrained("tiny")
    with pytest.raises(ValueError, match="another tokenizer"):
        build_critic(TrainConfig(estimator="ppo", critic="separate", critic_model=str(tmp_path)), policy)


@pytest.mark.parametrize("changes, message", [
    ({"critic": "twin"}, "critic must be"),
    ({"critic_model": "tiny"}, "set critic='separate'"),
    ({"gae_lambda": 1.5}, "gae_lambda"),
    ({"vf_coef": -1.0}, "vf_coef"),
    ({"value_clip": 0.0}, "value_clip"),
    ({"critic_lr": 0.0}, "critic_lr"),
])
def test_bad_critic_settings_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(estimator="ppo", **changes)


def test_gae_is_another_name_for_ppo_and_other_estimators_build_no_critic():
    assert TrainConfig(estimator="gae").estimator == "ppo"
    policy = Policy.from_pretrained("tiny")
    assert build_critic(TrainConfig(estimator="trr++"), policy) is None
    assert len(parameter_groups(policy, TrainConfig())) == 1
    with pytest.raises(ValueError, match="critic_per_role needs the roles"):
        build_critic(TrainConfig(estimator="ppo", critic_per_role=True), policy)


def test_a_separate_critic_trains_no_lm_head_of_its_own():
    # It reads hidden states only: an untied LM head would sit in AdamW unused (an error under DDP).
    from transformers import LlamaConfig, LlamaForCausalLM

    from agents.critic import _freeze_output_embeddings

    for tied in (False, True):
        body = LlamaForCausalLM(LlamaConfig(vocab_size=50, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                            num_attention_heads=2, num_key_value_heads=2, tie_word_embeddings=tied))
        _freeze_output_embeddings(body)
        assert body.get_input_embeddings().weight.requires_grad
        assert body.get_output_embeddings().weight.requires_grad == tied


@pytest.mark.parametrize("shape", ["head", "separate"])
def test_building_a_critic_leaves_the_global_rng_alone(shape):
    # so that with the same seed, a PPO run samples the same first batch as a critic-free run
    policy = Policy.from_pretrained("tiny")
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    build_critic(TrainConfig(estimator="ppo", critic=shape), policy)
    assert torch.equal(torch.rand(3), expected)
