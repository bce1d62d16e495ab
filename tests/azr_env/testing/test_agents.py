"""The scripted agents do what they claim: the oracle is right, the fixed-rate solver keeps its
rate, the fuzzer's texts are all rejected, and each works through every API."""
import json

import gymnasium as gym
import pytest

import azr_env  # noqa: F401 - registers the ids
from azr_env.multiagent import abduction_v0
from azr_env.tasks import (
    ParseFailure,
    TaskBuffer,
    TaskBuffers,
    TaskConfig,
    TaskType,
    evaluate_proposals,
    parse_answer,
    score_answers,
    task_proposal,
)
from azr_env.testing import (
    FixedRateSolver,
    MalformedFuzzer,
    Oracle,
    Roles,
    ScriptedTexts,
    example_tasks,
    load_tasks,
    malformed_answers,
    malformed_proposals,
    play_aec,
    play_gym,
    play_vector,
    wrong_answer,
)

SMALL = TaskConfig(n_induction_inputs=4)
TYPES = [t.value for t in TaskType]


@pytest.mark.parametrize("task_type", TYPES)
def test_example_tasks_are_valid_and_their_outputs_are_the_executors(task_type, executor):
    tasks = example_tasks(task_type, SMALL)
    outcomes = evaluate_proposals(executor, task_type, [task_proposal(t, SMALL) for t in tasks], SMALL)
    assert all(o.valid for o in outcomes), [o.reason for o in outcomes]
    for task, outcome in zip(tasks, outcomes):
        assert (outcome.task.program, outcome.task.inputs, outcome.task.output) == (task.program, task.inputs, task.output)
        assert outcome.task.examples == task.examples and outcome.task.n_visible == task.n_visible
    assert len({t.task_id for t in tasks}) == len(tasks)


@pytest.mark.parametrize("task_type", TYPES)
def test_right_and_wrong_answers_are_judged_so(task_type, executor):
    tasks = example_tasks(task_type, SMALL)
    right = score_answers(executor, tasks, [Oracle(tasks, config=SMALL).answer("?", {"task": t.to_json()}) for t in tasks], SMALL)
    wrong = score_answers(executor, tasks, [wrong_answer(t, SMALL) for t in tasks], SMALL)
    assert [o.correct for o in right] == [True] * 4
    assert [(o.correct, o.well_formed) for o in wrong] == [(False, True)] * 4


@pytest.mark.parametrize("task_type", TYPES)
def test_every_fuzzed_answer_is_malformed(task_type, executor):
    texts = malformed_answers(task_type, SMALL)
    assert all(isinstance(parse_answer(task_type, text, SMALL), ParseFailure) for text in texts)
    fuzzer = MalformedFuzzer(seed=3, config=SMALL)
    played = [fuzzer("?", {"role": "solver", "task_type": task_type}) for _ in range(len(texts) + 20)]
    assert played[:len(texts)] == texts and fuzzer.intent == "malformed"
    assert all("<" not in text for text in played[len(texts):])  # random strings: never an answer tag
    task = example_tasks(task_type, SMALL)[0]
    outcomes = score_answers(executor, [task] * len(played), played, SMALL)
    assert all(not o.well_formed and o.reward == -1.0 and o.reason for o in outcomes)


@pytest.mark.parametrize("task_type", TYPES)
def test_every_fuzzed_proposal_is_refused(task_type, executor):
    texts = malformed_proposals(task_type, SMALL, given_program=False)  # the proposer writes the program
    outcomes = evaluate_proposals(executor, task_type, texts, SMALL)
    assert [o.valid for o in outcomes] == [False] * len(texts)
    kinds = {o.kind for o in outcomes}
    assert {"forbidden", "error", "returns_none", "non_literal", "empty", "too_long"} <= kinds


def test_the_fuzzer_is_seeded_and_can_play_non_text():
    def texts(seed):
        fuzzer = MalformedFuzzer(seed=seed, non_text=True)
        return [fuzzer("?", {"role": "proposer", "task_type": "deduction"}) for _ in range(40)]

    assert texts(1) == texts(1) and texts(1) != texts(2)
    assert 42 in texts(1) and any(isinstance(t, bytes) for t in texts(1))


def test_fixed_rate_solver_keeps_its_pattern_with_or_without_attempt_numbers():
    task = example_tasks("deduction")[0]
    question = {"role": "solver", "task": task.to_json()}
    solver = FixedRateSolver(2, 3)
    told = []
    for j in range(6):
        solver("?", dict(question, attempt=j))
        told.append(solver.intent)
    assert told == ["correct", "correct", "wrong"] * 2
    counted = FixedRateSolver(1, 2, miss="alternate")
    counted("?", {"role": "proposer", "task_type": "deduction"})
    intents = []
    for _ in range(6):
        counted("?", question)
        intents.append(counted.intent)
    assert intents == ["correct", "wrong"] * 3
    assert FixedRateSolver(0, 4, miss="alternate").solve_rate == 0.0
    alternate = FixedRateSolver(0, 4, miss="alternate")
    intents = []
    for j in range(4):
        alternate("?", dict(question, attempt=j))
        intents.append(alternate.intent)
    assert intents == ["wrong", "malformed", "wrong", "malformed"]
    for bad in [(3, 2), (-1, 2), (1, 0)]:
        with pytest.raises(ValueError):
            FixedRateSolver(*bad)
    with pytest.raises(ValueError, match="miss"):
        FixedRateSolver(1, 2, miss="sometimes")


def test_the_oracle_places_questions_by_prompt_and_says_when_it_cannot():
    oracle = Oracle(config=SMALL)
    gym_env = gym.make("AZR-Abduction-v0", n_solver=1, config=SMALL)
    observation, info = gym_env.reset(seed=0)
    observation, *_, info = gym_env.step(oracle(observation, info))
    assert oracle.task_for(observation) == oracle.proposable("abduction")[0]  # the prompt alone places it
    with pytest.raises(LookupError, match="knows no task"):
        oracle.answer("a question from elsewhere", {"role": "solver"})
    with pytest.raises(ValueError, match="task_type"):
        oracle.propose("?", {"role": "proposer"})
    with pytest.raises(ValueError, match="plays 'proposer' and 'solver'"):
        oracle("?", {"role": "challenger"})
    with pytest.raises(LookupError, match="no induction task to propose with 10 inputs"):
        Oracle(example_tasks("induction", SMALL)).propose("?", {"role": "proposer", "task_type": "induction"})
    gym_env.close()


def test_load_tasks_reads_every_task_format(tmp_path):
    buffers = TaskBuffers()
    for task in example_tasks("deduction"):
        buffers["deduction"].add(task)
    buffers.save(tmp_path / "buffers")
    assert len(load_tasks(tmp_path / "buffers")) == 1 + 4 + 1 + 1  # seeds of the other two types too
    buffers["deduction"].save(tmp_path / "deduction.jsonl")
    assert [t.output for t in load_tasks(tmp_path / "deduction.jsonl")][1:] == ["42", "7", "24", "12"]
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps(t.to_json()) + "\n" for t in example_tasks("induction")[:2]))
    assert [t.task_type for t in load_tasks(rows)] == [TaskType.INDUCTION] * 2
    crux = tmp_path / "crux.jsonl"
    crux.write_text(json.dumps({"code": "def f(x):\n    return x", "input": "1", "output": "1", "id": "s0"}) + "\n")
    assert [t.task_type for t in load_tasks(crux)] == [TaskType.DEDUCTION, TaskType.ABDUCTION]
    assert len(load_tasks(TaskBuffer("abduction"))) == 1
    with pytest.raises(FileNotFoundError):
        load_tasks(tmp_path / "missing.jsonl")


@pytest.mark.parametrize("source, match", [
    ([{"a": 1}], r"tasks\[0\] is a dict"),  # was returned as it stood, unchecked
    ([example_tasks("deduction")[0], "def f(a): return a"], r"tasks\[1\] is a str"),
    (5, "not int"),  # was "'int' object is not iterable"
])
def test_load_tasks_names_what_is_not_a_task(source, match):
    with pytest.raises(TypeError, match=match):
        load_tasks(source)


def test_scripted_texts_and_roles():
    script = ScriptedTexts(challenger=["q"], solver=["a", "b"], intents={"solver": ["good", "bad"]})
    assert [script("?", "challenger"), script("?", "solver"), script("?", "solver")] == ["q", "a", "b"]
    assert script.intent == "bad"
    with pytest.raises(LookupError, match="no text left for role 'solver'"):
        script("?", "solver")
    with pytest.raises(ValueError, match="no texts for role 'proposer'"):
        script("?", "proposer")
    looping = ScriptedTexts(solver=["x"], cycle=True)
    assert [looping("?", "solver") for _ in range(3)] == ["x"] * 3
    both = Roles(proposer=ScriptedTexts(proposer=["p"], intents={"proposer": ["valid"]}), solver=MalformedFuzzer())
    assert both("?", {"role": "proposer"}) == "p" and both.intent == "valid"
    assert both("?", {"role": "solver", "task_type": "deduction"}) == "" and both.intent == "malformed"
    with pytest.raises(ValueError, match="no agent for role"):
        both("?", "challenger")


def test_the_oracle_is_right_through_every_api(executor):
    gym_env = gym.make("AZR-Abduction-v0", n_solver=2, executor=executor)
    aec_env = abduction_v0.env(n_solver=2, executor=executor)
    vector = gym.make_vec("AZR-Abduction-v0", num_envs=2, n_solver=2, executor=executor)
    (g,) = play_gym(gym_env, [Oracle()], seed=0)
    (a,) = play_aec(aec_env, [Oracle()], seed=0)
    v0, v1 = play_vector(vector, [Oracle()], seed=0)
    for record in (g, a, v0[0], v1[0]):
        assert [t.reward for t in record.turns] == [0.0, 1.0, 1.0] and record.turns[-1].settled["proposer"] == 0.0
    for env in (gym_env, aec_env, vector):
        env.close()


def test_the_oracle_answers_a_task_file_in_solve_mode_by_prompt_alone(tmp_path, executor):
    rows = [{"code": f"def f(x):\n    return x * {k}", "input": "3", "output": str(3 * k), "id": f"s{k}"} for k in range(2, 7)]
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    vector = gym.make_vec("AZR-Deduction-v0", num_envs=3, mode="solve", task_file=str(path), executor=executor)
    # The vector env's infos name no task: the oracle finds each question by its prompt.
    records = play_vector(vector, [Oracle(path)] * 4, seed=0)
    assert [t.reward for sub in records for record in sub for t in record.turns] == [1.0] * 12
    vector.close()
