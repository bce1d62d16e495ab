"""RayExecutor on a local two-node Ray cluster: the Executor's verdicts, placement, and no lost job.

The cluster (``ray.cluster_utils.Cluster``) has a head node that offers no executor resource and
two nodes that offer ``azr_executor``, so actors must land on those two, as on CPU nodes of a
real cluster. Starting it takes 10-20 s, so everything that needs it is marked slow.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
import time

import pytest

from azr_env.executor import ExecStatus, Executor, RayExecutor

ray = pytest.importorskip("ray")
from ray.cluster_utils import Cluster  # noqa: E402


def test_import_does_not_load_ray():
    code = "import sys, azr_env.executor as e; e.RayExecutor; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("kwargs", [{"actors": 0}, {"chunk_size": 0}, {"max_in_flight": 0},
                                    {"max_chunk_retries": -1}, {"timeout": 0}, {"inputs": "code"}])
def test_bad_settings_fail_before_ray_starts(kwargs):
    was_running = ray.is_initialized()
    with pytest.raises(ValueError):
        RayExecutor(**kwargs)
    assert ray.is_initialized() == was_running


@pytest.fixture(scope="module")
def cluster():
    if ray.is_initialized():
        ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    for _ in range(2):
        cluster.add_node(num_cpus=1, resources={"azr_executor": 1})
    ray.init(address=cluster.address, log_to_driver=False)
    yield cluster
    ray.shutdown()
    cluster.shutdown()


@pytest.fixture(scope="module")
def rex(cluster):
    with RayExecutor(workers=2, chunk_size=16, inputs="expression") as ex:
        yield ex


@pytest.fixture(scope="module")
def local():
    with Executor(workers=2, inputs="expression") as ex:
        yield ex


def _verdicts(results):
    return [(r.status, r.output) for r in results]


@pytest.mark.slow
def test_actors_sit_on_the_nodes_offering_the_resource(cluster, rex):
    head = ray.get_runtime_context().get_node_id()  # the driver runs on the head node
    nodes = {p["node_id"] for p in rex.placement()}
    assert len(nodes) == 2 and head not in nodes


@pytest.mark.slow
def test_verdicts_equal_executor_on_cruxeval(rex, local, cruxeval_path):
    rows = [json.loads(line) for line in cruxeval_path.read_text().splitlines()]
    pairs = [(r["code"], r["input"]) for r in rows]
    remote = rex.validate_batch(iter(pairs))  # a lazy source, as the envs pass
    assert len(remote) == len(pairs) == 400
    assert _verdicts(remote) == _verdicts(local.validate_batch(pairs))
    assert _verdicts(rex.run_batch(pairs[:100])) == _verdicts(local.run_batch(pairs[:100]))
    assert sum(r.ok for r in remote) >= 390


def _attacks(shared_data, tmp):
    tree = ast.parse((shared_data / "attack-examples.py").read_text())
    examples = next(ast.literal_eval(node.value) for node in tree.body
                    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "EXAMPLES")
    fill = lambda text: text.replace("{{", "{").replace("}}", "}").replace("{TMP}", str(tmp))  # noqa: E731
    return [(name, fill(program), fill(inputs)) for name, program, inputs in examples]


@pytest.mark.slow
def test_attack_verdicts_equal_executor(rex, local, shared_data, tmp_path):
    attacks = _attacks(shared_data, tmp_path)
    pairs = [(program, inputs) for _, program, inputs in attacks]
    remote, here = rex.validate_batch(pairs), local.validate_batch(pairs)
    assert [r.status for r in remote] == [r.status for r in here], [a[0] for a in attacks]
    assert not any(r.ok and "hi" in (r.output or "") for r in remote)
    # Every layer is on inside the actors: nothing was written, nothing forked or escaped.
    assert list(tmp_path.iterdir()) == []
    by_name = {name: r.status for (name, _, _), r in zip(attacks, remote)}
    assert by_name["nondeterministic_set"] is ExecStatus.NONDETERMINISTIC
    assert by_name["spin_forever"] is ExecStatus.TIMEOUT
    assert by_name["import_builtin"] is ExecStatus.FORBIDDEN


@pytest.mark.slow
def test_check_answers_equal_executor(rex, local):
    program = "def f(a, b):\n    return a + b"
    predictions = [(program, f"{i}, 1", str(i + 1)) for i in range(40)] + [(program, "1, 1", "3"), (program, "x", "2")]
    programs = [("def f(x):\n    return x * 2", [(str(i), str(2 * i)) for i in range(5)]),
                ("def f(x):\n    return x + 2", [("2", "4"), ("3", "6")])] * 20
    assert rex.check_answers(predictions, programs) == local.check_answers(predictions, programs)
    assert rex.check_program(*programs[0]).all_passed
    assert not rex.check_input_prediction(program, "__import__('os')", "2").correct


@pytest.mark.slow
def test_killed_actor_mid_batch_loses_and_duplicates_nothing(rex):
    # Each job returns a value unique to it, so a lost, doubled or misplaced result shows.
    pairs = [("def f(a):\n    s = 0\n    for i in range(20000):\n        s += i\n    return a * 3 + s * 0", str(i))
             for i in range(480)]
    before = dict(rex.stats)
    victim = rex.actors[0]
    box: dict = {}
    runner = threading.Thread(target=lambda: box.setdefault("results", rex.validate_batch(pairs)))
    runner.start()
    deadline = time.monotonic() + 120
    while rex.stats["chunks_done"] < before["chunks_done"] + 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    ray.kill(victim)  # mid-batch: some chunks are done, others are queued on this actor
    runner.join(timeout=600)
    assert not runner.is_alive()
    results = box["results"]
    assert [r.output for r in results] == [str(3 * i) for i in range(480)]
    assert all(r.status is ExecStatus.OK for r in results)
    assert rex.stats["chunks_retried"] > before["chunks_retried"]
    assert rex.stats["actors_replaced"] == before["actors_replaced"] + 1
    assert victim not in rex.actors and len(rex.actors) == 2
    # The replacement works, and sits on the node the dead actor left.
    assert [r.output for r in rex.run_batch(pairs[:40])] == [str(3 * i) for i in range(40)]
    assert len({p["node_id"] for p in rex.placement()}) == 2


@pytest.mark.slow
def test_resource_held_by_another_executor_is_a_clear_error(rex):
    with pytest.raises(RuntimeError, match="could not start within 5 s"):
        RayExecutor(actors=1, start_timeout=5)


PROPOSAL = "<answer>```python\ndef f(a):\n    return a * 2\n```\n```input\n21\n```</answer>"


@pytest.mark.slow
def test_while_waiting_runs_once_every_chunk_is_out(rex):
    # Slow programs: the actors are still busy when the last chunk has gone out.
    slow = "def f(a):\n    x = 0\n    for i in range(100000):\n        x += i\n    return a + {n}"
    pairs = [(slow.format(n=n), str(n)) for n in range(40)]
    calls = []
    results = rex.validate_batch(iter(pairs), while_waiting=lambda: calls.append(1) or len(calls) < 5)
    assert [r.output for r in results] == [str(2 * n) for n in range(40)]
    assert len(calls) == 5  # called until it said it was done, and not after

    def broken():
        raise ValueError("the caller's bookkeeping broke")

    with pytest.raises(ValueError, match="bookkeeping"):
        rex.run_batch(pairs, while_waiting=broken)
    assert [r.output for r in rex.run_batch(pairs[:3])] == ["0", "2", "4"]  # nothing stale


@pytest.mark.slow
def test_envs_take_a_ray_executor(rex):
    import gymnasium as gym

    import azr_env  # noqa: F401  (registers the ids)

    env = gym.make("AZR-Deduction-v0", n_solver=2, executor=rex)
    env.reset(seed=0)
    rewards = [env.step(action)[1] for action in (PROPOSAL, "<answer>42</answer>", "<answer>41</answer>")]
    env.close()
    assert rewards == [0.0, 1.0, -0.5]
    vec = gym.make_vec("AZR-Abduction-v0", num_envs=3, n_solver=1, executor=rex)
    vec.reset(seed=0)
    _, rewards, *_ = vec.step([PROPOSAL, "junk", PROPOSAL])
    _, rewards2, *_ = vec.step(["<answer>21</answer>", "junk", "<answer>20</answer>"])
    vec.close()
    assert rewards.tolist() == [0.0, -1.0, 0.0]
    assert rewards2.tolist() == [1.0, -1.0, -0.5]


@pytest.mark.slow
def test_missing_resource_is_a_clear_error(cluster):
    with pytest.raises(ValueError, match="no node of this Ray cluster offers the custom resource 'gpu_free_cpu'"):
        RayExecutor(resource="gpu_free_cpu")


class _RaisingIterable:
    def __iter__(self):
        raise KeyError("its own")


def test_a_malformed_item_gets_a_verdict_as_in_executor(rex, local):
    # Before: RayExecutor raised TypeError out of the whole batch; Executor answered "malformed item".
    program = "def f(x):\n    return x * 2\n"
    predictions = [(program, "1", "2"), None]
    programs = [(program, None), (program, [("1", "2")]), None, (program, [None]), (program, _RaisingIterable()),
                (program, [("3", "6")], "extra")]
    assert rex.check_answers(predictions, programs) == local.check_answers(predictions, programs)
    verdicts, program_verdicts = rex.check_answers(predictions, programs)
    assert verdicts[0].correct and not verdicts[1].correct and program_verdicts[1].all_passed


def _unpickling_raises():
    raise RuntimeError("unpickled")


class _UnpicklableText(str):
    def __reduce_ex__(self, protocol):
        return _unpickling_raises, ()


def test_fields_that_are_not_text_get_the_executors_answer(rex, local):
    # Before: a generator or a lock failed to pickle and a str subclass failed to unpickle in the
    # actor, and each raised out of the whole batch; a local Executor answers all of them.
    program = "def f(x):\n    return x + 1\n"
    pairs = [((i for i in ()), "1"), (program, threading.Lock()), (_UnpicklableText(program), "1"), (program, "2")]
    assert rex.run_batch(pairs) == local.run_batch(pairs)
    results = rex.run_batch(pairs)
    assert [r.status for r in results] == [ExecStatus.SYNTAX, ExecStatus.SYNTAX, ExecStatus.OK, ExecStatus.OK]
    assert "got generator" in results[0].error and "got lock" in results[1].error
    predictions = [(program, _UnpicklableText("1"), "2"), (program, "1", threading.Lock())]
    programs = [(program, [(_UnpicklableText("3"), "4"), ("1", threading.Lock())])]
    assert rex.check_answers(predictions, programs) == local.check_answers(predictions, programs)
