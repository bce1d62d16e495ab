"""Rewards: the paper's formulas, the AZR-code option, and the components reported for logging."""
import pytest

from azr_env.tasks import (
    AZR_CODE_UNLEARNABLE_REWARD,
    TaskConfig,
    learnability_reward,
    mean_solve_rate,
    proposer_reward,
    solver_reward,
)

CONFIG = TaskConfig()


@pytest.mark.parametrize("solved", range(9))
def test_learnability_at_n_8(solved):
    attempts = [True] * solved + [False] * (8 - solved)
    reward = learnability_reward(attempts, CONFIG)
    expected = 0.0 if solved in (0, 8) else 1 - solved / 8
    assert reward.value == pytest.approx(expected)
    assert reward.components["mean_solve"] == pytest.approx(solved / 8)
    assert reward.components["learnable"] == float(solved not in (0, 8))
    # A mean passed directly is judged the same as the attempts it summarises.
    assert learnability_reward(solved / 8, CONFIG).value == pytest.approx(expected)


def test_learnability_values_at_n_8_are_eq_4():
    values = [learnability_reward(k / 8, CONFIG).value for k in range(9)]
    assert values == pytest.approx([0, 7 / 8, 6 / 8, 5 / 8, 4 / 8, 3 / 8, 2 / 8, 1 / 8, 0])


def test_azr_code_option_penalises_always_and_never_solved_tasks():
    config = TaskConfig(unlearnable_reward=AZR_CODE_UNLEARNABLE_REWARD)
    assert learnability_reward(0.0, config).value == -0.5
    assert learnability_reward(1.0, config).value == -0.5
    assert learnability_reward(0.25, config).value == 0.75  # learnable tasks are paid as in the paper


def test_proposer_reward_invalid_is_minus_one_and_valid_is_learnability():
    assert proposer_reward(False, None, CONFIG) == (-1.0, {"valid": 0.0})
    reward = proposer_reward(True, [1, 0, 0, 0, 0, 0, 0, 0], CONFIG)
    assert reward.value == pytest.approx(7 / 8)
    assert reward.components == {"valid": 1.0, "mean_solve": 0.125, "learnable": 1.0}
    with pytest.raises(ValueError):
        proposer_reward(True, None, CONFIG)


def test_solver_reward_correct_wrong_malformed():
    assert solver_reward(True, True, CONFIG).value == 1.0
    assert solver_reward(True, False, CONFIG).value == -0.5
    assert solver_reward(False, False, CONFIG).value == -1.0
    # A malformed answer is never counted correct, whatever the caller says.
    assert solver_reward(False, True, CONFIG).components["correct"] == 0.0


@pytest.mark.parametrize("accuracy, expected", [(0.0, -0.5), (0.2, -0.2), (0.5, 0.25), (1.0, 1.0)])
def test_accuracy_credit_interpolates_between_wrong_and_correct(accuracy, expected):
    config = TaskConfig(induction_credit="accuracy")
    reward = solver_reward(True, accuracy == 1.0, config, accuracy=accuracy)
    assert reward.value == pytest.approx(expected)
    assert reward.components["accuracy"] == accuracy


def test_binary_credit_ignores_partial_accuracy():
    assert solver_reward(True, False, CONFIG, accuracy=0.8).value == -0.5


def test_solve_rates_out_of_range_or_empty_are_refused():
    with pytest.raises(ValueError):
        mean_solve_rate([])
    with pytest.raises(ValueError):
        mean_solve_rate(1.5)


def test_config_refuses_unknown_credit_mode():
    with pytest.raises(ValueError):
        TaskConfig(induction_credit="partial")
