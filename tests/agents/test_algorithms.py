"""The policy-gradient pieces on numbers worked out by hand (in the comments)."""
import math

import pytest
import torch

from agents.algorithms import (
    batch_baseline_advantages,
    clipped_value_loss,
    discounted_returns,
    entropy_from_logits,
    explained_variance,
    gae,
    gae_advantages,
    grpo_advantages,
    group_normalize,
    kl_estimate,
    masked_mean,
    masked_whiten,
    ppo_clip_loss,
    reinforce_pp_advantages,
    token_rewards,
    trr_pp_advantages,
)

S2 = 1 / math.sqrt(2)  # any two-element group normalises to -+1/sqrt(2) (unbiased std)


def close(a, b, tol=1e-4):
    return torch.allclose(torch.as_tensor(a, dtype=torch.float32), torch.as_tensor(b, dtype=torch.float32), atol=tol)


def test_masked_mean_and_whiten():
    x = torch.tensor([[1.0, 2.0, 99.0], [3.0, 4.0, 99.0]])
    mask = torch.tensor([[1, 1, 0], [1, 1, 0]])
    assert masked_mean(x, mask) == 2.5
    # mean 2.5, unbiased var (2.25 + .25 + .25 + 2.25) / 3 = 5/3, std 1.29099
    assert close(masked_whiten(x, mask, eps=0.0), [[-1.16190, -0.38730, 0.0], [0.38730, 1.16190, 0.0]])


def test_token_rewards_put_the_sequence_reward_on_the_last_token_and_subtract_kl():
    mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    kl = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 9.0]])
    # r_t = 1[t = T] r - 0.5 KL_t: row 0: [-.05, -.1, 1 - .15]; row 1: [-.2, -.5 - .25, 0 (padding)]
    r = token_rewards(torch.tensor([1.0, -0.5]), mask, kl, kl_coef=0.5)
    assert close(r, [[-0.05, -0.1, 0.85], [-0.2, -0.75, 0.0]])
    assert close(token_rewards(torch.tensor([1.0, -0.5]), mask), [[0, 0, 1.0], [0, -0.5, 0]])


def test_discounted_returns():
    rewards = torch.tensor([[-0.05, -0.1, 0.85], [-0.2, -0.75, 0.0]])
    mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    # gamma = 1: suffix sums
    assert close(discounted_returns(rewards, mask, 1.0), [[0.7, 0.75, 0.85], [-0.95, -0.75, 0.0]])
    # gamma = 0.5, row 0: G2 = .85, G1 = -.1 + .425 = .325, G0 = -.05 + .1625 = .1125
    assert close(discounted_returns(rewards, mask, 0.5)[0], [0.1125, 0.325, 0.85])


def test_reinforce_pp_whitens_returns_over_all_valid_tokens():
    # returns [[1, 1], [0, -]]: valid tokens 1, 1, 0 -> mean 2/3, unbiased var 1/3, std .57735
    adv = reinforce_pp_advantages(torch.tensor([1.0, 0.0]), torch.tensor([[1, 1], [1, 0]]), eps=0.0)
    assert close(adv, [[0.57735, 0.57735], [-1.15470, 0.0]])


def test_trr_pp_uses_one_baseline_per_task_and_role_over_sequences():
    rewards = torch.tensor([1.0, 0.0, 0.0, -1.0, 0.5, -0.5])
    groups = [("deduction", "solver")] * 3 + [("abduction", "proposer")] + [("induction", "solver")] * 2
    lengths = [3, 1, 2, 2, 1, 3]  # unequal: every sequence counts once, whatever its length
    mask = torch.tensor([[1] * n + [0] * (3 - n) for n in lengths])
    adv = trr_pp_advantages(rewards, mask, groups, eps=0.0)
    # deduction/solver [1, 0, 0]: mean 1/3, std sqrt(1/3) -> [1.1547, -.57735, -.57735]
    # abduction/proposer [-1]: a group of one is its own baseline -> 0
    # induction/solver [.5, -.5] -> [+1/sqrt2, -1/sqrt2]
    per_sequence = [1.15470, -0.57735, -0.57735, 0.0, S2, -S2]
    assert close(adv, torch.tensor(per_sequence)[:, None] * mask)


def test_trr_pp_has_six_independent_baselines():
    # Shifting every reward of one (task type, role) group by a constant changes nothing:
    # each of the 6 groups is compared only with itself.
    torch.manual_seed(0)
    groups = [(t, r) for t in ("deduction", "abduction", "induction") for r in ("proposer", "solver")] * 4
    rewards = torch.randn(len(groups))
    mask = torch.ones(len(groups), 2)
    shifted = rewards + torch.tensor([10.0 * (i % 6) for i in range(len(groups))])
    assert close(trr_pp_advantages(rewards, mask, groups), trr_pp_advantages(shifted, mask, groups))
    # whereas REINFORCE++'s single batch baseline sees the shifts
    assert not close(reinforce_pp_advantages(rewards, mask), reinforce_pp_advantages(shifted, mask))


def test_trr_pp_with_a_kl_penalty_whitens_returns_per_group_over_tokens():
    rewards, mask = torch.tensor([1.0, 0.0]), torch.tensor([[1, 1], [1, 1]])
    kl = torch.tensor([[0.0, 0.0], [2.0, 0.0]])
    # beta = .5: returns [[1, 1], [-1, 0]] over 4 tokens: mean .25, unbiased var 2.75/3, std .957427
    adv = trr_pp_advantages(rewards, mask, ["g", "g"], kl, kl_coef=0.5, eps=0.0)
    assert close(adv, [[0.78335, 0.78335], [-1.30558, -0.26112]])


def test_grpo_group_baselines_with_and_without_std_scaling():
    rewards = torch.tensor([1.0, 0.0, 1.0, 1.0, 3.0])
    groups = ["a", "a", "b", "b", "c"]
    # a: [1, 0] -> +-1/sqrt2 (or +-.5 unscaled); b: no spread -> 0; c: alone -> 0
    assert close(grpo_advantages(rewards, groups, eps=0.0), [S2, -S2, 0, 0, 0])
    assert close(grpo_advantages(rewards, groups, scale_std=False), [0.5, -0.5, 0, 0, 0])


def test_lsp_batch_baseline_for_a_proposer():
    # A_ch = r - mean(r) over the batch: mean 3
    assert close(batch_baseline_advantages(torch.tensor([1.0, 2.0, 3.0, 6.0])), [-2.0, -1.0, 0.0, 3.0])


def test_group_normalize_accepts_tensor_group_ids():
    out = group_normalize(torch.tensor([2.0, 4.0, 7.0]), torch.tensor([0, 0, 1]), scale_std=False)
    assert close(out, [-1.0, 1.0, 0.0])


def test_ppo_clip_symmetric_and_asymmetric():
    ratio = torch.tensor([1.5, 0.5, 1.1, 0.7])
    adv = torch.tensor([1.0, 1.0, -1.0, -1.0])
    logp = torch.log(ratio)
    old = torch.zeros(4)
    # token 0: -min(1.5, 1.2) = -1.2 (clipped); token 1: -min(.5, .8) = -.5;
    # token 2: -min(-1.1, -1.1) = 1.1; token 3: -min(-.7, -.8) = .8 (clipped)
    loss, clipped = ppo_clip_loss(logp, old, adv, 0.2)
    assert close(loss, [-1.2, -0.5, 1.1, 0.8]) and clipped.tolist() == [True, False, False, True]
    # clip-higher (0.2, 0.28): only the upper bound moves: token 0 -> -1.28
    loss, _ = ppo_clip_loss(logp, old, adv, 0.2, 0.28)
    assert close(loss, [-1.28, -0.5, 1.1, 0.8])


def test_ppo_clip_gives_no_gradient_where_clipped():
    logp = torch.log(torch.tensor([1.5, 0.5])).requires_grad_()
    loss, _ = ppo_clip_loss(logp, torch.zeros(2), torch.tensor([1.0, 1.0]), 0.2)
    loss.sum().backward()
    # d(-rho A)/d logp = -rho A = -.5 for the unclipped token; 0 for the clipped one
    assert close(logp.grad, [0.0, -0.5])


def test_kl_estimators_on_one_sample_and_in_expectation():
    logp, ref = torch.log(torch.tensor(0.5)), torch.log(torch.tensor(0.25))
    # log r = log(.25/.5) = -ln 2: k1 = ln 2, k2 = (ln 2)^2 / 2, k3 = .5 - 1 + ln 2
    assert close(kl_estimate(logp, ref, "k1"), math.log(2))
    assert close(kl_estimate(logp, ref, "k2"), math.log(2) ** 2 / 2)
    assert close(kl_estimate(logp, ref, "k3"), 0.5 - 1 + math.log(2))
    # k1 and k3 are unbiased: E_p[k] = KL(p || q) exactly, summing over the support
    p, q = torch.tensor([0.7, 0.2, 0.1]), torch.tensor([0.3, 0.3, 0.4])
    kl = (p * (p / q).log()).sum()
    for kind in ("k1", "k3"):
        assert close((p * kl_estimate(p.log(), q.log(), kind)).sum(), kl)
    with pytest.raises(ValueError):
        kl_estimate(logp, ref, "k4")


def test_entropy_from_logits():
    assert close(entropy_from_logits(torch.tensor([0.0, 0.0])), math.log(2))
    assert close(entropy_from_logits(torch.tensor([0.0, -1e4, -1e4])), 0.0)
    assert close(entropy_from_logits(torch.zeros(2, 3, 5)), torch.full((2, 3), math.log(5)))


# -- PPO with a critic: GAE, whitening, the clipped value loss ---------------------------------
# The worked example: the token rewards of test_token_rewards_... (r = [1, -.5], beta = .5, KL as
# there), critic values V, gamma = .9, lambda = .8 (so gamma * lambda = .72).
GAE_MASK = torch.tensor([[1, 1, 1], [1, 1, 0]])
GAE_KL = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 9.0]])
GAE_VALUES = torch.tensor([[0.5, 0.4, 0.6], [0.2, -0.3, 7.0]])  # 7.0 sits on padding: never read


def test_gae_on_a_worked_example():
    # [[-.05, -.1, .85], [-.2, -.75, 0]]
    rewards = token_rewards(torch.tensor([1.0, -0.5]), GAE_MASK, GAE_KL, kl_coef=0.5)
    adv, returns = gae(rewards, GAE_VALUES, GAE_MASK, gamma=0.9, lam=0.8)
    # row 0: delta_2 = .85 - .6 = .25; delta_1 = -.1 + .9 * .6 - .4 = .04; delta_0 = -.05 + .9 * .4 - .5 = -.19
    #        A_2 = .25; A_1 = .04 + .72 * .25 = .22; A_0 = -.19 + .72 * .22 = -.0316
    # row 1: its last token is t = 1, so V_2 = 0: delta_1 = -.75 + .3 = -.45; delta_0 = -.2 + .9 * -.3 - .2 = -.67
    #        A_1 = -.45; A_0 = -.67 + .72 * -.45 = -.994
    assert close(adv, [[-0.0316, 0.22, 0.25], [-0.994, -0.45, 0.0]])
    # R = A + V: [.4684, .62, .85] and [-.794, -.75, 0 (padding)]
    assert close(returns, [[0.4684, 0.62, 0.85], [-0.794, -0.75, 0.0]])


def test_gae_limits_monte_carlo_and_one_step_td():
    rewards = token_rewards(torch.tensor([1.0, -0.5]), GAE_MASK, GAE_KL, kl_coef=0.5)
    # lambda = gamma = 1: A_t = G_t - V_t, G = suffix sums [[.7, .75, .85], [-.95, -.75]]; R_t = G_t
    adv, returns = gae(rewards, GAE_VALUES, GAE_MASK, gamma=1.0, lam=1.0)
    assert close(adv, [[0.2, 0.35, 0.25], [-1.15, -0.45, 0.0]])
    assert close(returns, discounted_returns(rewards, GAE_MASK, 1.0))
    # lambda = 0: A_t is the TD residual delta_t (gamma = .9): [-.19, .04, .25], [-.67, -.45]
    adv, _ = gae(rewards, GAE_VALUES, GAE_MASK, gamma=0.9, lam=0.0)
    assert close(adv, [[-0.19, 0.04, 0.25], [-0.67, -0.45, 0.0]])


def test_gae_advantages_are_whitened_over_valid_tokens_and_targets_are_not():
    adv, returns = gae_advantages(torch.tensor([1.0, -0.5]), GAE_VALUES, GAE_MASK, GAE_KL, kl_coef=0.5,
                                  gamma=0.9, lam=0.8, whiten=True, eps=0.0)
    # the 5 valid advantages [-.0316, .22, .25, -.994, -.45]: mean -.20112, unbiased var .275047,
    # std .524449 -> (A - mean) / std
    assert close(adv, [[0.32323, 0.80298, 0.86018], [-1.51183, -0.47455, 0.0]])
    assert close(returns, [[0.4684, 0.62, 0.85], [-0.794, -0.75, 0.0]])  # targets from the raw advantages
    raw, _ = gae_advantages(torch.tensor([1.0, -0.5]), GAE_VALUES, GAE_MASK, GAE_KL, kl_coef=0.5,
                            gamma=0.9, lam=0.8, whiten=False)
    assert close(raw, [[-0.0316, 0.22, 0.25], [-0.994, -0.45, 0.0]])


def test_clipped_value_loss_on_a_worked_example():
    old = torch.tensor([0.5, 0.5, 0.5, 0.5])
    new = torch.tensor([0.9, 0.3, 0.55, 0.0])
    target = torch.tensor([1.0, 1.0, 0.0, 0.0])
    # eps = .2: V_clip = old + clip(new - old, -.2, .2) = [.7, .3, .55, .3]
    # t0: (.9 - 1)^2 = .01 vs (.7 - 1)^2 = .09 -> .5 * .09 = .045 (clipped term larger)
    # t1: (.3 - 1)^2 = .49 both -> .245;  t2: (.55)^2 = .3025 both -> .15125
    # t3: 0 vs (.3)^2 = .09 -> .045: the clip stops the value jumping all the way to its target
    loss, clipped = clipped_value_loss(new, old, target, 0.2)
    assert close(loss, [0.045, 0.245, 0.15125, 0.045]) and clipped.tolist() == [True, False, False, True]
    loss, clipped = clipped_value_loss(new, old, target, None)  # no clip: .5 (V - R)^2
    assert close(loss, [0.005, 0.245, 0.15125, 0.0]) and not clipped.any()


def test_clipped_value_loss_has_no_gradient_where_the_clipped_term_wins():
    new = torch.tensor([0.9, 0.3]).requires_grad_()
    loss, _ = clipped_value_loss(new, torch.tensor([0.5, 0.5]), torch.tensor([1.0, 1.0]), 0.2)
    loss.sum().backward()
    # t0: the clipped term (constant in V) wins -> 0; t1: d/dV .5 (V - R)^2 = V - R = -.7
    assert close(new.grad, [0.0, -0.7])


def test_explained_variance():
    mask = torch.ones(1, 3)
    # R = [1, 2, 4]: Var = 7/3; R - V = [0, 0, 1]: Var = 1/3 -> 1 - 1/7
    assert close(explained_variance(torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([[1.0, 2.0, 4.0]]), mask), 6 / 7)
    assert explained_variance(torch.tensor([[1.0, 2.0, 4.0]]), torch.tensor([[1.0, 2.0, 4.0]]), mask) == 1.0
    # targets equal up to float rounding (R = A + V of equal rewards) do not vary: NaN, not -1e12
    returns = torch.tensor([[-1.0, -1.0 + 1e-7, -1.0 - 1e-7]])
    assert math.isnan(explained_variance(torch.tensor([[0.1, -0.3, 0.2]]), returns, mask))
