"""The testing kit on a user's broken env, and the kit's task-file reader on broken files (the
nineteenth session's red team J): a finding in the report, or an error that names the file and the
line, never the kit's own crash and never a pass."""
from __future__ import annotations

import gymnasium as gym
import pytest

import azr_env  # noqa: F401  (registers the ids)
from azr_env.testing import check_game, load_tasks


class _NonTextObservations(gym.Wrapper):
    def reset(self, **kwargs):
        _, info = self.env.reset(**kwargs)
        return None, info

    def step(self, action):
        _, reward, terminated, truncated, info = self.env.step(action)
        return 5, reward, terminated, truncated, info


class _OldResetApi(gym.Wrapper):  # a common mistake: reset returns the observation alone
    def reset(self, **kwargs):
        return self.env.reset(**kwargs)[0]


class _ResetRaises(gym.Wrapper):
    def reset(self, **kwargs):
        raise RuntimeError("the wrapper's own bug")


def test_observations_outside_the_space_are_a_spaces_problem(executor):
    env = _NonTextObservations(gym.make("AZR-Deduction-v0", n_solver=2, executor=executor))
    report = check_game(env, strict=False)
    assert any(p.startswith("spaces:") and "None is not in" in p for p in report.problems), report
    assert "spaces" not in report.passed


@pytest.mark.parametrize("wrapper, said", [(_OldResetApi, "too many values to unpack"),
                                           (_ResetRaises, "the wrapper's own bug")])
def test_a_broken_reset_is_reported_not_raised(executor, wrapper, said):
    env = wrapper(gym.make("AZR-Deduction-v0", n_solver=2, executor=executor))
    report = check_game(env, strict=False)
    assert not report.ok and any(f"reset: " in p and said in p for p in report.problems), report


@pytest.mark.parametrize("content, said", [
    (b"\xe9t\xe9\n", "the line is not UTF-8"),
    (b"[" * 100_000 + b"\n", "not JSON"),
    (b'{"task_type": "deduction"}\n{bad\n', ":2: not JSON"),
    (b"[1, 2]\n", "a JSON list, not an object"),
])
def test_the_kit_task_file_reader_names_the_file_and_the_line(tmp_path, content, said):
    path = tmp_path / "tasks.jsonl"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="tasks.jsonl:") as caught:
        load_tasks(path)
    assert said in str(caught.value)


def test_the_trl_task_reader_names_the_line_of_a_file_that_is_not_utf8(tmp_path):
    from azr_env.integrations.trl import load_tasks as trl_load_tasks

    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"code": "def f(a):\\n    return a", "input": "\xe9", "output": "1"}\n')
    with pytest.raises(ValueError, match="latin1.jsonl:1"):
        trl_load_tasks(path)
