"""``azr serve``: OpenEnv's routes, parity with the Gymnasium env, bad requests, validation.

Servers are real uvicorn servers on 127.0.0.1 and clients are OpenEnv's own (``EnvClient`` via
:class:`AZREnvClient`, OpenEnv's ``validate``), so what is tested is what a trainer meets.
"""
from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import gymnasium as gym
import pytest

from azr_env.tasks import TaskConfig

pytest.importorskip("openenv")
requests = pytest.importorskip("requests")
uvicorn = pytest.importorskip("uvicorn")

import azr_env  # noqa: E402,F401  (registers the ids)
from azr_env.integrations.game_host import GameHost  # noqa: E402
from azr_env.integrations.openenv import AZRAction, AZREnvClient, create_server_app  # noqa: E402
from azr_env.integrations.sampler import OpenAISampler  # noqa: E402

from .scripted import AZR_SCRIPTS, LSP_SCRIPT, answers, azr_script, play, proposal  # noqa: E402

PACKAGE = Path(azr_env.__file__).parent / "integrations" / "openenv"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(app):
    """A real uvicorn server for ``app`` on 127.0.0.1, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def client_session(env):
    def reset(**kwargs):
        result = env.reset(**kwargs)
        return result.observation.prompt, result.observation.info

    def step(text):
        result = env.step(AZRAction(text=text))
        assert result.reward == result.observation.reward
        return result.observation.prompt, result.reward, result.done, result.observation.info

    return reset, step


def gym_session(env):
    def step(text):
        observation, reward, terminated, truncated, info = env.step(text)
        return observation, reward, terminated or truncated, info

    return step


CASES = [(game_id, script) for game_id in ("AZR-Deduction-v0", "AZR-Abduction-v0", "AZR-Induction-v0", "AZR-SelfPlay-v0")
         for script in AZR_SCRIPTS]


@pytest.mark.parametrize("game_id", ["AZR-Deduction-v0", "AZR-Abduction-v0", "AZR-Induction-v0", "AZR-SelfPlay-v0"])
def test_served_episodes_equal_the_gymnasium_env(game_id, executor):
    """Every script, in turn, through the server and through gym.make: same observations,
    rewards, ends and infos, key for key (two episodes per script: the buffer grows between)."""
    # The scripts' induction proposals write their own program (f(a) = a * 2); the given-program
    # default is tested with the envs.
    config = TaskConfig(induction_proposer="own_program")
    env = gym.make(game_id, n_solver=2, executor=executor, config=config)
    with running(create_server_app(game_id, n_solver=2, executor=executor, config=config)) as url, \
            AZREnvClient(base_url=url).sync() as client:
        reset, step = client_session(client)
        for seed, (name, k) in enumerate((name, k) for name in AZR_SCRIPTS for k in (2, 3)):
            served = play(lambda: reset(seed=seed), step, azr_script(name, k))
            local = play(lambda: env.reset(seed=seed), gym_session(env), azr_script(name, k))
            assert served == local, (name, k)
            assert served[-1][2], "the episode ended"
            if name == "learnable":  # right then wrong: solver 1, -0.5; proposer paid 1 - 1/2
                assert [step[1] for step in served[1:]] == [0.0, 1.0, -0.5]
                assert served[-1][3]["rewards"] == {"solver": -0.5, "proposer": 0.5}
    env.close()


def test_solve_mode_and_lsp_equal_the_gymnasium_env(executor):
    env = gym.make("AZR-Deduction-v0", mode="solve", executor=executor)
    with running(create_server_app("azr/deduction-v0", mode="solve", executor=executor)) as url, \
            AZREnvClient(base_url=url).sync() as client:
        reset, step = client_session(client)
        for seed, text in enumerate(["<answer>1</answer>", "junk", answers("deduction")["right"]]):
            served = play(lambda: reset(seed=seed), step, lambda info: [text])
            local = play(lambda: env.reset(seed=seed), gym_session(env), lambda info: [text])
            assert served == local and len(served) == 2
    env.close()
    env = gym.make("LSP-v0", group_size=2)
    with running(create_server_app("LSP-v0", group_size=2)) as url, AZREnvClient(base_url=url).sync() as client:
        reset, step = client_session(client)
        served = play(lambda: reset(seed=0), step, lambda info: LSP_SCRIPT)
        local = play(lambda: env.reset(seed=0), gym_session(env), lambda info: LSP_SCRIPT)
        assert served == local and served[-1][3]["rewards"].keys() == {"solver", "challenger"}
        served = play(lambda: reset(query="Name a prime."), step, lambda info: ["2", "4"])
        local = play(lambda: env.reset(options={"query": "Name a prime."}), gym_session(env), lambda info: ["2", "4"])
        assert served == local and served[0][3]["role"] == "solver"


@pytest.fixture(scope="module")
def served(executor):
    with running(create_server_app("AZR-Deduction-v0", n_solver=2, executor=executor)) as url:
        yield url


def test_openenv_routes_and_schema(served):
    assert requests.get(f"{served}/health").json() == {"status": "healthy"}
    schema = requests.get(f"{served}/schema").json()
    assert schema["action"]["required"] == ["text"]
    assert {"prompt", "role", "rewards", "info", "reward", "done"} <= set(schema["observation"]["properties"])
    assert "game" in schema["state"]["properties"]
    first = requests.post(f"{served}/reset", json={"seed": 0}).json()
    assert first["observation"]["role"] == "proposer" and first["done"] is False and first["reward"] is None
    assert "Design a new Python program" in first["observation"]["prompt"]
    assert requests.get(f"{served}/state").json()["game"] == "AZR-Deduction-v0"
    assert requests.get(f"{served}/metadata").json()["name"] == "azr-env AZR-Deduction-v0"


@pytest.mark.parametrize("route, body, status, reason", [
    ("/step", {"action": {"text": "x"}}, 409, "no episode in progress"),
    ("/step", {"action": {"txt": "x"}}, 422, "text"),
    ("/step", {"action": {"text": 5}}, 422, "string"),
    ("/step", {}, 422, "action"),
    ("/reset", {"seed": -1}, 422, "seed"),
    ("/reset", {"task_id": "no-such-task"}, 404, "no task 'no-such-task'"),
    ("/reset", {"task_type": "abduction"}, 422, "this env plays ['deduction'], not abduction"),
    ("/reset", {"sample_solver": True}, 422, "sampler"),
    ("/reset", {"options": 3}, 422, "options must be an object"),
    ("/reset", {"task_idd": "x"}, 422, "unknown reset option(s) ['task_idd']"),
])
def test_bad_http_requests_get_a_4xx_and_a_reason(served, route, body, status, reason):
    response = requests.post(f"{served}{route}", json=body)
    assert response.status_code == status
    assert reason in json.dumps(response.json())


def test_bad_session_messages_get_a_reason_and_the_session_goes_on(served):
    with AZREnvClient(base_url=served).sync() as env:
        with pytest.raises(RuntimeError, match="no episode in progress"):
            env.step("x")
        env.reset(seed=0)
        with pytest.raises(RuntimeError, match="it is the proposer's turn, not the solver's"):
            env.step(AZRAction(text="x", role="solver"))
        with pytest.raises(RuntimeError, match="Invalid message|text"):
            env.step(AZRAction.model_construct(text=None))
        result = env.step(AZRAction(text=proposal("deduction"), role="proposer"))
        assert result.observation.role == "solver"
        env.step(answers("deduction")["right"])
        result = env.step(answers("deduction")["wrong"])
        assert result.done and result.observation.rewards == {"solver": -0.5, "proposer": 0.5}
        with pytest.raises(RuntimeError, match="the episode is over"):
            env.step("x")
        state = env.state()
        assert state.step_count == 3 and state.episode_over and state.role is None
        assert env.reset(seed=1).observation.role == "proposer"  # the session is still usable


def test_task_pinned_by_id_and_any_text_gets_a_reward(served):
    with AZREnvClient(base_url=served).sync() as env:
        env.reset(seed=0)
        result = env.step(proposal("deduction", 7))
        task_id = result.observation.info["task"]["task_id"]
        for text in ("", "\x00\x01 binary?", "<answer>" * 1000, "😀" * 5000):
            result = env.reset(task_id=task_id)
            assert task_id in result.observation.info["reference_ids"][:1]
            result = env.step(text)
            assert result.done and result.reward == -1.0 and result.observation.info["reason"]


def test_state_follows_the_episode_id(served):
    with AZREnvClient(base_url=served).sync() as env:
        env.reset(seed=0, episode_id="ep-1")
        env.step("junk")
        state = env.state()
        assert (state.episode_id, state.step_count, state.episode_over) == ("ep-1", 1, True)


def test_running_server_passes_openenv_validate(served):
    from openenv.cli._validation import validate_running_environment

    report = validate_running_environment(served, timeout_s=30)
    failed = [c for c in report["criteria"] if not c["passed"]]
    assert report["passed"], failed


def test_openenv_runtime_graders_pass_on_a_live_server(executor, tmp_path):
    """OpenEnv's own runtime graders (reward range, observation schema, state contract) over the
    package's runtime plan, played against a live server: the checks ``openenv validate`` runs in
    a container, without needing Docker."""
    from openenv.validation.graders import Subject
    from openenv.validation.graders.runtime import ObservationSchemaGrader, RewardWellFormedGrader, StateContractGrader
    from openenv.validation.parsers.openenv_yaml import OpenEnvYamlParser
    from openenv.validation.runtime.collector import collect_runtime_evidence
    from openenv.validation.runtime.contracts import RuntimePlan
    from openenv.validation.types import CheckStatus

    manifest = OpenEnvYamlParser().parse(PACKAGE)
    plan = RuntimePlan.model_validate(json.loads((PACKAGE / "validation" / "runtime.json").read_text()))
    with running(create_server_app("AZR-SelfPlay-v0", executor=executor)) as url:
        evidence = collect_runtime_evidence(url, plan, episode_timeout_s=manifest.resources.episode_timeout_s)
    assert evidence.failure_reason is None
    assert sum(e.operation == "step" for e in evidence.exchanges) == 9  # the proposal and n=8 answers
    subject = Subject(root=PACKAGE, manifest=manifest, image_ref=None, running=None, outputs_dir=tmp_path,
                      runtime_evidence=evidence)
    for grader in (RewardWellFormedGrader(), ObservationSchemaGrader(), StateContractGrader()):
        result = grader.run(subject)
        assert result.status is CheckStatus.PASS, (grader.check_id, result.evidence)


def test_package_folder_passes_openenv_validate():
    openenv_cli = Path(sys.executable).with_name("openenv")
    result = subprocess.run([str(openenv_cli), "validate", str(PACKAGE)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS  static.manifest" in result.stdout


class StubOpenAI(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/chat/completions that answers from a script, one text per call."""

    script: list[str] = []
    requests_seen: list[dict] = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests_seen.append(body)
        if not self.script:
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"no more scripted answers")
            return
        choices = [{"index": i, "message": {"role": "assistant", "content": type(self).script.pop(0)}}
                   for i in range(min(body.get("n", 1), len(self.script)))]
        payload = json.dumps({"object": "chat.completion", "choices": choices}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def stub_openai(script):
    StubOpenAI.script, StubOpenAI.requests_seen = list(script), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_server_side_sampler_pays_learnability_with_the_proposal(executor):
    right, wrong = answers("deduction")["right"], answers("deduction")["wrong"]
    with stub_openai([right, wrong, wrong, wrong, right]) as endpoint:
        sampler = OpenAISampler(endpoint, model="stub")
        with running(create_server_app("AZR-Deduction-v0", n_solver=4, executor=executor, solver_sampler=sampler)) as url, \
                AZREnvClient(base_url=url).sync() as env:
            env.reset(seed=0)
            result = env.step(proposal("deduction"))  # one step: the server writes the 4 answers
            assert result.done and result.reward == pytest.approx(0.75)  # learnability, 1 of 4 right
            sampled = result.observation.info["sampled_answers"]
            assert [a["correct"] for a in sampled] == [True, False, False, False]
            assert [a["reward"] for a in sampled] == [1.0, -0.5, -0.5, -0.5]
            assert StubOpenAI.requests_seen[0]["n"] == 4 and StubOpenAI.requests_seen[0]["model"] == "stub"
            assert "What is the output" in StubOpenAI.requests_seen[0]["messages"][0]["content"] or \
                StubOpenAI.requests_seen[0]["messages"][0]["content"]
            # Reward equal to the in-process game's for the same texts.
            host = GameHost("AZR-Deduction-v0", n_solver=4, executor=executor)
            session = host.session()
            session.reset(seed=0)
            session.step(proposal("deduction"))
            rewards = [session.step(text)[3]["rewards"] for text in (right, wrong, wrong, wrong)]
            assert rewards[-1]["proposer"] == result.reward
            host.close()
            # The endpoint fails (the script has one answer left, 4 are asked): the task is kept,
            # the step is answered with the solver's prompt and the reason, and the client answers.
            env.reset(seed=1)
            result = env.step(proposal("deduction", 5))
            assert "solver sampler failed" in result.observation.info["sampler_error"]
            assert result.observation.role == "solver" and not result.done
            assert result.observation.prompt and result.observation.info["valid"]
            assert env.state().role == "solver"
            for text in (right, right, wrong):
                env.step(answers("deduction", 5)["right"])
            result = env.step(answers("deduction", 5)["wrong"])
            assert result.done and result.observation.rewards["proposer"] == pytest.approx(0.25)
            # A client may also play both roles on a sampling server.
            result = env.reset(seed=2, sample_solver=False)
            assert env.step(proposal("deduction", 9)).observation.role == "solver"


def test_azr_serve_works_without_torch(tmp_path):
    """The console entry point with torch, transformers and accelerate unimportable."""
    port = free_port()
    script = tmp_path / "serve.py"
    script.write_text(BLOCK_AGENT + "from agents.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    process = subprocess.Popen([sys.executable, str(script), "serve", "azr/abduction-v0", "--port", str(port),
                                "--workers", "1", "--n-solver", "1", "--log-level", "warning"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "azr serve did not come up"
            time.sleep(0.2)
        with AZREnvClient(base_url=f"http://127.0.0.1:{port}").sync() as env:
            env.reset(seed=0)
            env.step(proposal("abduction"))
            result = env.step(answers("abduction")["right"])
        assert result.done and result.observation.rewards == {"solver": 1.0, "proposer": 0.0}
    finally:
        process.terminate()
        process.wait(timeout=30)
    missing = subprocess.run([sys.executable, str(script), "train", "--max-steps", "1"], capture_output=True, text=True)
    assert missing.returncode == 2 and "pip install torch==2.13.0" in missing.stderr


# Makes torch, transformers and accelerate unimportable in a fresh interpreter.
BLOCK_AGENT = '''import importlib.abc, sys
class _NoAgent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "transformers", "accelerate"):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: the light install has no agent)", name=name)
sys.meta_path.insert(0, _NoAgent())
'''


@pytest.mark.parametrize("argv, message", [
    (["serve", "Foo-v0"], "unknown game 'Foo-v0'"),
    (["serve", "LSP-v0", "--n-solver", "2"], "--n-solver do(es) not apply to LSP-v0"),
    (["serve", "AZR-Deduction-v0", "--group-size", "2"], "--group-size do(es) not apply"),
    (["serve", "AZR-Deduction-v0", "--sampler-url", "ftp://x"], "base_url must be an http(s) URL"),
    (["serve", "AZR-Deduction-v0", "--mode", "solve", "--task-file", "/no/such/tasks.jsonl"], "No such file"),
    (["serve", "AZR-Deduction-v0", "--mode", "solve", "--task-file", "/"], "Is a directory"),
])
def test_azr_serve_refuses_bad_arguments(argv, message, capsys):
    from agents.cli import main

    try:
        code, text = main(argv), capsys.readouterr().err
    except SystemExit as exit:
        code, text = 1, str(exit.code)
    assert code != 0 and message in text
