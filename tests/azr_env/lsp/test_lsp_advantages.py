"""LSP and LSP-Zero rewards and advantages, checked against numbers worked out by hand."""
import numpy as np
import pytest

from azr_env.lsp.rewards import centred, episode_rewards, lsp_advantages

# Two queries, three answers each.
R = [[1.0, 0.0, 0.5],
     [0.2, 0.4, 0.0]]
# Quality self-reward R_Q (already on 0..1).
RQ = [[0.4, 0.6, 0.2],
      [1.0, 1.0, 0.7]]


def test_lsp_zero_by_hand():
    out = lsp_advantages(R)
    # V(q) = mean over the 3 answers: 0.5 and 0.2; V_bar = 0.35.
    np.testing.assert_allclose(out.values, [0.5, 0.2])
    # A_sol = R - V(q)
    np.testing.assert_allclose(out.solver_advantages, [[0.5, -0.5, 0.0], [0.0, 0.2, -0.2]], atol=1e-12)
    # challenger reward -V(q); A_ch = V_bar - V(q)
    np.testing.assert_allclose(out.challenger_rewards, [-0.5, -0.2])
    np.testing.assert_allclose(out.challenger_advantages, [-0.15, 0.15], atol=1e-12)
    assert out.quality is None
    np.testing.assert_allclose(out.quality_values, [0.0, 0.0])
    np.testing.assert_allclose(out.solver_rewards, R)


def test_lsp_by_hand():
    out = lsp_advantages(R, RQ)
    # Solver reward R + R_Q: [[1.4, 0.6, 0.7], [1.2, 1.4, 0.7]]; group means 0.9 and 1.1.
    np.testing.assert_allclose(out.solver_rewards, [[1.4, 0.6, 0.7], [1.2, 1.4, 0.7]])
    np.testing.assert_allclose(out.solver_advantages, [[0.5, -0.3, -0.2], [0.1, 0.3, -0.4]], atol=1e-12)
    # V stays the task-reward mean; V_Q = [0.4, 0.9]; challenger reward -V + V_Q = [-0.1, 0.7].
    np.testing.assert_allclose(out.values, [0.5, 0.2])
    np.testing.assert_allclose(out.quality_values, [0.4, 0.9])
    np.testing.assert_allclose(out.challenger_rewards, [-0.1, 0.7], atol=1e-12)
    # Baseline taken after adding V_Q: mean 0.3, so A_ch = [-0.4, 0.4].
    np.testing.assert_allclose(out.challenger_advantages, [-0.4, 0.4], atol=1e-12)


def test_quality_weight_scales_the_self_reward():
    out = lsp_advantages(R, RQ, quality_weight=0.5)
    np.testing.assert_allclose(out.quality_values, [0.2, 0.45])
    np.testing.assert_allclose(out.challenger_rewards, [-0.3, 0.25], atol=1e-12)
    np.testing.assert_allclose(out.challenger_advantages, [-0.275, 0.275], atol=1e-12)


def test_std_scaling_is_an_option_off_by_default():
    rewards = [[1.0, 0.0], [3.0, 3.0]]
    plain = lsp_advantages(rewards)
    np.testing.assert_allclose(plain.solver_advantages, [[0.5, -0.5], [0.0, 0.0]])
    scaled = lsp_advantages(rewards, solver_scale_by_std=True, challenger_scale_by_std=True, eps=1e-12)
    # Unbiased std of [1, 0] is sqrt(0.5), so +-0.5 becomes +-sqrt(0.5); a constant group stays 0.
    h = np.sqrt(0.5)
    np.testing.assert_allclose(scaled.solver_advantages, [[h, -h], [0.0, 0.0]], atol=1e-9)
    # V = [0.5, 3]; r_ch = [-0.5, -3]: centred +-1.25, unbiased std 2.5 * sqrt(0.5).
    np.testing.assert_allclose(scaled.challenger_advantages, [h, -h], atol=1e-9)
    # One answer per query: nothing to compare with, so the advantage is 0, not a division by 0.
    np.testing.assert_allclose(lsp_advantages([[1.0], [0.0]], solver_scale_by_std=True).solver_advantages, 0.0)


def test_advantages_sum_to_zero_over_their_groups():
    rng = np.random.default_rng(0)
    out = lsp_advantages(rng.random((5, 4)), rng.random((5, 4)))
    np.testing.assert_allclose(out.solver_advantages.sum(axis=1), 0.0, atol=1e-12)
    assert abs(out.challenger_advantages.sum()) < 1e-12


def test_episode_rewards_are_the_pre_baseline_payments():
    solver, challenger = episode_rewards([1.0, 0.0], [0.5, 1.0], quality_weight=2.0)
    assert solver == [2.0, 2.0]
    assert challenger == pytest.approx(-0.5 + 1.5)


@pytest.mark.parametrize("bad", [[], [[]], [1.0, 2.0], [[1.0, float("nan")]]])
def test_malformed_reward_arrays_are_rejected(bad):
    with pytest.raises(ValueError):
        lsp_advantages(bad)


def test_quality_shape_must_match():
    with pytest.raises(ValueError):
        lsp_advantages(R, [[0.0, 0.0]])


def test_centred_along_axis():
    np.testing.assert_allclose(centred(np.array([[1.0, 3.0]]), axis=1), [[-1.0, 1.0]])
