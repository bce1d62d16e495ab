"""The trainer's game step with ``executor_backend="ray"`` equals the same step with the local Executor."""
import pytest

pytest.importorskip("torch")
ray = pytest.importorskip("ray")

from agents.config import TrainConfig  # noqa: E402
from agents.weights import load_model  # noqa: E402
from agents.policy import Generation, SamplingConfig  # noqa: E402
from agents.trainer import AbsoluteZeroSelfPlay, Bars  # noqa: E402
from azr_env.executor import RayExecutor  # noqa: E402

SMALL = dict(
    model="tiny", task_types=("deduction", "abduction"), proposer_batch_size=3, solver_batch_size=3,
    n_solver_samples=2, n_references=1, n_induction_inputs=2, executor_workers=1, use_chat_template=False,
    progress=False,
)


class ScriptedPolicy:
    """A valid proposal (f returns 5) on a new input each time, every third one malformed; solver
    answers alternate right ("5") and wrong ("6")."""

    def __init__(self):
        self.tokenizer = load_model("tiny")[1]
        self.proposals = self.answers = 0

    def generate(self, prompts, sampling=SamplingConfig(), progress=None):
        out = []
        for prompt in prompts:
            if "Design a new Python program" in prompt:
                self.proposals += 1
                text = f"<answer>```python\ndef f(a):\n    return 5\n```\n```input\n{self.proposals}\n```</answer>"
                text = "no answer tags" if self.proposals % 3 == 0 else text
            else:
                self.answers += 1
                text = f"<answer>```input\n{self.answers}\n```</answer>" if "input" in prompt[-200:] else \
                    f"<answer>{5 if self.answers % 2 else 6}</answer>"
            out.append(Generation(self.tokenizer(prompt)["input_ids"], self.tokenizer(text)["input_ids"], text, "stop"))
        return out


def _step(cfg):
    game = AbsoluteZeroSelfPlay(cfg, ScriptedPolicy())
    try:
        samples, metrics = game.collect(1, Bars(False))
        return game.executor, [(s.group, s.reward) for s in samples], {k: v for k, v in metrics.items()
                                                                      if not k.startswith(("time", "tokens"))}
    finally:
        game.close()


@pytest.mark.slow
def test_ray_backend_plays_the_step_as_the_local_executor():
    if ray.is_initialized():
        ray.shutdown()
    try:
        executor, ray_samples, ray_metrics = _step(TrainConfig().replace(**SMALL, executor_backend="ray", ray_actors=1))
        assert isinstance(executor, RayExecutor)
    finally:
        ray.shutdown()
    _, samples, metrics = _step(TrainConfig().replace(**SMALL))
    assert ray_samples == samples and len(samples) > 6
    assert ray_metrics == metrics


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="executor_backend"):
        TrainConfig().replace(executor_backend="dask")
