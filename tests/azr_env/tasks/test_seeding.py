"""The seeding stage, driven by scripted proposers."""
import numpy as np

from azr_env.tasks import TaskBuffers, TaskConfig, TaskType, seed_buffers

CONFIG = TaskConfig(n_induction_inputs=4, n_references=3)


def scripted(texts):
    """A proposer that answers with the given texts in turn and records its prompts."""
    prompts, replies = [], iter(texts)

    def propose(prompt):
        prompts.append(prompt)
        return next(replies)

    propose.prompts = prompts
    return propose


def valid(n, inputs=1):
    blocks = "".join(f"```input\n{i}\n```\n" for i in range(inputs))
    return (f"<answer>```python\ndef f(a):\n    return a * {n}\n```\n{blocks}"
            "```message\nMultiplies by a constant.\n```</answer>")


def test_seeding_grows_a_buffer_to_its_target_and_reports_failures(executor):
    texts = [valid(2), "garbage", valid(2), valid(3), "<answer>```python\nimport os\ndef f(a):\n    return a\n```\n```input\n1\n```</answer>", valid(4)]
    proposer = scripted(texts)
    buffers = TaskBuffers()
    report = seed_buffers(proposer, executor, buffers, CONFIG, target_size=4, max_attempts=20,
                          rng=np.random.default_rng(0), task_types=["deduction"], batch_size=2)
    buffer = buffers["deduction"]
    assert len(buffer) == 4
    assert [t.output for t in buffer.newest(3)] == ["0", "0", "0"]
    assert [t.program.split()[-1] for t in buffer.newest(3)] == ["4", "3", "2"]
    assert all(t.source == "seeding" for t in buffer.newest(3))
    assert report.attempts[TaskType.DEDUCTION] == 6 and report.added[TaskType.DEDUCTION] == 3
    assert report.failures[TaskType.DEDUCTION] == {"missing_answer_tag": 1, "duplicate": 1, "forbidden": 1}
    # Every prompt showed references from the buffer, starting with the seed triplet.
    assert "'Hello world'" in proposer.prompts[0]
    assert report.reached(buffers, 4)


def test_seeding_stops_after_max_attempts(executor):
    proposer = scripted(["nothing useful"] * 100)
    buffers = TaskBuffers()
    report = seed_buffers(proposer, executor, buffers, CONFIG, target_size=10, max_attempts=7,
                          rng=np.random.default_rng(0), task_types=[TaskType.ABDUCTION])
    assert len(proposer.prompts) == 7 and len(buffers["abduction"]) == 1
    assert not report.reached(buffers, 10)


def test_seeding_all_three_types_including_induction(executor):
    proposer = scripted([valid(n, inputs=4) for n in range(2, 40)])
    buffers = TaskBuffers()
    seed_buffers(proposer, executor, buffers, CONFIG, target_size=3, max_attempts=10, rng=np.random.default_rng(1))
    assert [len(buffers[t]) for t in TaskType] == [3, 3, 3]
    induction = buffers["induction"].newest(1)[0]
    assert len(induction.examples) == 4 and len(induction.hidden_examples) == 2


def test_seeding_prompts_are_reproducible(executor):
    def run():
        proposer = scripted([valid(n) for n in range(2, 30)])
        seed_buffers(proposer, executor, TaskBuffers(), CONFIG, target_size=8, max_attempts=12,
                     rng=np.random.default_rng(5), task_types=["deduction"])
        return proposer.prompts

    assert run() == run()
