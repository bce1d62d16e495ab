"""Many concurrent episodes of one game, for servers: one buffer, one executor, one writer.

A server (``azr serve``, the verifiers environment) plays many episodes of a game at once, one
per client session. They share what makes self-play work: the task buffer that valid proposals
enter and that proposer prompts draw their references from, and the sandboxed executor.

:class:`GameHost` owns both and a single **writer thread**. Everything that reads or changes the
game's state (starting an episode, which samples references from the buffer; settling a proposal,
which adds to it) happens on that thread, so the buffer has one writer and no lock is held by
anyone else. The writer drains whatever the sessions have queued and settles it together: all
proposals waiting at that moment in one ``validate_batch``, all answers in one scoring batch, so
32 sessions stepping at once cost about one executor call, not 32.

:class:`GameSession` is one client's view: ``reset`` and ``step`` with exactly the semantics, the
observation, the reward and the ``info`` of the Gymnasium env of the same id
(``SharedParameterEnv`` over the PettingZoo env), which the parity tests check.

>>> host = GameHost("AZR-Deduction-v0", n_solver=1)
>>> session = host.session()
>>> observation, info = session.reset(seed=0)
>>> info["role"]
'proposer'
>>> observation, reward, done, info = session.step(
...     "<answer>```python\\ndef f(a):\\n    return a * 2\\n```\\n```input\\n21\\n```</answer>")
>>> reward, info["role"], info["task"]["output"]
(0.0, 'solver', '42')
>>> observation, reward, done, info = session.step("<answer>42</answer>")
>>> reward, done, info["rewards"]
(1.0, True, {'solver': 1.0, 'proposer': 0.0})
>>> host.close()

With a ``solver_sampler`` (any ``(prompt, n) -> list[str]``, e.g.
:class:`azr_env.integrations.sampler.OpenAISampler`), a self-play session can let the host write
the solver's answers: ``step(proposal)`` then returns the proposer's learnability reward at once.
"""
from __future__ import annotations

import copy
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from gymnasium.utils import seeding

from azr_env.game import (
    AEC_ID_OF_GYM_ID,
    GYM_IDS,
    LSP_AEC_ID,
    LSP_GYM_ID,
    PROPOSER,
    SOLVER,
    AbsoluteZeroGame,
    Episode,
    ExecutorHandle,
    Phase,
    Settlement,
)
from azr_env.lsp.episode import CHALLENGER, LSPEpisode, game_config
from azr_env.lsp.prompts import action_text
from azr_env.lsp.scoring import checked_rewards, overlap_reward
from azr_env.tasks import TaskBuffers, TaskConfig

LSP_ID = LSP_GYM_ID
# PettingZoo ids name the same games; a server accepts either spelling.
ALIASES = {**{aec: gym_id for gym_id, aec in AEC_ID_OF_GYM_ID.items()}, LSP_AEC_ID: LSP_ID}
GAME_IDS = tuple(GYM_IDS) + (LSP_ID,)

Sampler = Callable[[str, int], Sequence[str]]


class RequestError(ValueError):
    """A request the game cannot play; ``status`` is the HTTP status a server answers with."""

    status = 422


class EpisodeStateError(RequestError):
    """A step that does not fit the episode: none started, already over, or the wrong role."""

    status = 409


class UnknownTaskError(RequestError):
    """A ``task_id`` that is in none of the game's buffers."""

    status = 404


class RewardError(RequestError):
    """LSP's reward function (or its judge's endpoint) failed on this step's answer; the answer
    was not counted, and the episode waits for it again."""

    status = 502


class SamplerError(RequestError):
    """The solver sampler's endpoint failed; the episode waits, unchanged, for solver answers."""

    status = 502


def canonical_game_id(game_id: str) -> str:
    """The Gymnasium id of a game given by its Gymnasium or PettingZoo id (``ValueError`` if none)."""
    game_id = ALIASES.get(game_id, game_id)
    if game_id not in GAME_IDS:
        raise ValueError(f"unknown game {game_id!r}; choose one of {', '.join(GAME_IDS + tuple(ALIASES))}")
    return game_id


# -- the writer ------------------------------------------------------------------------------------


@dataclass
class _Request:
    kind: str  # "reset", "propose", "answer", "lsp"
    episode: Any
    payload: Any
    future: Future = field(default_factory=Future)


class _Writer:
    """One thread that applies every state change of a game, in batches."""

    def __init__(self, name: str, settle: Callable[[list[_Request]], None]):
        self._queue: queue.Queue = queue.Queue()
        self._settle = settle
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._closed = False
        self._thread.start()

    def submit(self, kind: str, episode: Any, payload: Any = None) -> Any:
        if self._closed:
            raise RuntimeError("this game host is closed")
        request = _Request(kind, episode, payload)
        self._queue.put(request)
        return request.future.result()

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while True:  # everything queued right now settles together
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            try:
                self._settle(batch)
            except BaseException as error:  # noqa: BLE001 - a bug must reach the callers, not kill the thread
                for request in batch:
                    if not request.future.done():
                        request.future.set_exception(error)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join(timeout=60)


# -- the host --------------------------------------------------------------------------------------


class GameHost:
    """One game (by Gymnasium or PettingZoo id) served to many concurrent sessions.

    Args:
        game_id: ``AZR-Deduction-v0``, ``AZR-Abduction-v0``, ``AZR-Induction-v0``,
            ``AZR-SelfPlay-v0``, ``LSP-v0`` (or their ``azr/...`` PettingZoo ids).
        executor: an Executor or RayExecutor to share (left open on ``close``); when None the
            process-wide shared one is borrowed on first need and given back on ``close``.
        solver_sampler: ``(prompt, n) -> n texts``; lets self-play sessions have their solver
            answers written by the host (``reset(options={"sample_solver": True})``, the
            default when a sampler is given).
        reward_fn, quality_fn: LSP only, as for ``LSP-v0`` (default: the model-free overlap reward).
        **game: the keyword arguments of the Gymnasium env of that id (``mode``, ``n_solver``,
            ``config``, ``buffers``, ``task_file``, ``task_weights``; for LSP ``group_size`` ...).
    """

    def __init__(self, game_id: str, *, executor: Any = None, solver_sampler: Sampler | None = None,
                 reward_fn: Callable | None = None, quality_fn: Callable | None = None, **game: Any):
        self.game_id = canonical_game_id(game_id)
        self.solver_sampler = solver_sampler
        self.is_lsp = self.game_id == LSP_ID
        if self.is_lsp:
            self.lsp_config = game_config(**game)
            self.reward_fn = reward_fn if reward_fn is not None else overlap_reward
            self.quality_fn = quality_fn
            self.roles: tuple[str, ...] = (CHALLENGER, SOLVER)
            self.game = None
            self._executor = None
        else:
            self.game = AbsoluteZeroGame(task_types=GYM_IDS[self.game_id], executor=executor, **game)
            self.roles = (SOLVER,) if self.game.mode == "solve" else (PROPOSER, SOLVER)
            self._executor = ExecutorHandle(self.game.options.executor)
        self._writer = _Writer(f"azr-writer-{self.game_id}", self._settle)

    @property
    def buffers(self) -> TaskBuffers | None:
        return None if self.game is None else self.game.buffers

    @property
    def config(self) -> TaskConfig | None:
        return None if self.game is None else self.game.config

    @property
    def closed(self) -> bool:
        """True once ``close()`` was called: no new session, reset or step is taken."""
        return self._writer.closed

    def check_open(self) -> None:
        """Raise if the host is closed. Every game's reset asks: an LSP reset touches no writer,
        and would otherwise start an episode that no step could settle the same way."""
        if self.closed:
            raise RuntimeError("this game host is closed")

    def session(self) -> "GameSession":
        """A new client session (cheap: it shares this host's buffer, executor and writer)."""
        self.check_open()
        return LSPSession(self) if self.is_lsp else AZRSession(self)

    def close(self) -> None:
        """Stop the writer and give back the executor claim (a given executor stays open)."""
        self._writer.close()
        if self._executor is not None:
            self._executor.close()

    def submit(self, kind: str, episode: Any, payload: Any = None) -> Any:
        return self._writer.submit(kind, episode, payload)

    # -- on the writer thread ----------------------------------------------------------------------
    def _settle(self, batch: list[_Request]) -> None:
        for request in batch:
            if request.kind == "reset":
                self._run_one(request, lambda r: self.game.new_episode(*r.payload) if self.game else None)
        if self.is_lsp:
            self._settle_lsp([r for r in batch if r.kind == "lsp"])
            return
        for kind, phase, play in (("propose", Phase.PROPOSE, self.game.play_proposals),
                                  ("answer", Phase.SOLVE, self.game.play_answers)):
            requests = []
            for request in batch:
                if request.kind != kind:
                    continue
                texts = request.payload
                left = request.episode.n_attempts - len(request.episode.results) if kind == "answer" else 1
                if request.episode.phase is not phase or len(texts) > left:
                    request.future.set_exception(EpisodeStateError(
                        f"the episode is in phase {request.episode.phase}, it cannot take {len(texts)} {kind}(s)"))
                    continue
                requests.append(request)
            if not requests:
                continue
            episodes = [r.episode for r in requests for _ in r.payload]
            texts = [text for r in requests for text in r.payload]
            settlements = iter(play(self._executor.lazy, episodes, texts))
            for request in requests:
                request.future.set_result([next(settlements) for _ in request.payload])

    def _settle_lsp(self, requests: list[_Request]) -> None:
        answers = []  # (request, episode, answer) for every solver text, scored in one call
        for request in requests:
            episode: LSPEpisode = request.episode
            role, texts = request.payload
            if episode.role != role or (role == CHALLENGER and len(texts) != 1) or \
                    (role == SOLVER and len(texts) > self.lsp_config.group_size - len(episode.answers)):
                request.future.set_exception(EpisodeStateError(f"the episode expects {episode.role}, not {len(texts)} {role} text(s)"))
                continue
            if role == CHALLENGER:
                request.future.set_result([episode.set_query(texts[0])])
                continue
            answers += [(request, episode, episode.clip_answer(text)) for text in texts]
        if not answers:
            return
        try:
            scored = self._lsp_scores(answers)
        except Exception:  # noqa: BLE001 - one answer a judge refuses must not fail the others'
            # Scored one request at a time: only the requests whose own answers fail get the error
            # (a judge's 400 for one client's long answer failed every session settled with it).
            by_request = {id(r): [] for r, _, _ in answers}
            for item in answers:
                by_request[id(item[0])].append(item)
            for own in by_request.values():
                try:
                    self._pay_lsp(own, self._lsp_scores(own))
                except Exception as error:  # noqa: BLE001 - a broken reward function fails this step only
                    own[0][0].future.set_exception(error)
            return
        self._pay_lsp(answers, scored)

    def _lsp_scores(self, answers: list) -> tuple[list, list | None]:
        queries = [episode.query for _, episode, _ in answers]
        texts = [answer for _, _, answer in answers]
        task = checked_rewards(self.reward_fn, queries, texts)
        quality = None if self.quality_fn is None else checked_rewards(self.quality_fn, queries, texts)
        return task, quality

    @staticmethod
    def _pay_lsp(answers: list, scored: tuple[list, list | None]) -> None:
        task, quality = scored
        done: dict[int, list] = {}
        for k, (request, episode, answer) in enumerate(answers):
            reward = episode.add_answer(answer, task[k], None if quality is None else quality[k])
            done.setdefault(id(request), [request, []])[1].append((reward, episode.solver_info()))
        for request, results in done.values():
            request.future.set_result(results)

    @staticmethod
    def _run_one(request: _Request, fn: Callable[[_Request], Any]) -> None:
        try:
            request.future.set_result(fn(request))
        except Exception as error:  # noqa: BLE001 - a bad option fails its own reset only
            request.future.set_exception(error)


# -- sessions ----------------------------------------------------------------------------------------


class GameSession:
    """One client's episodes: the Gymnasium env's ``reset``/``step``, over a shared host."""

    def __init__(self, host: GameHost):
        self.host = host
        self.np_random = None
        self.episode: Any = None
        self.infos: dict[str, dict[str, Any]] = {}
        self.role: str | None = None  # to act next; None before reset and once over
        self.steps = 0
        self.sample_solver = False

    @property
    def done(self) -> bool:
        return self.episode is not None and self.role is None

    def _seed(self, seed: int | None) -> None:
        if seed is not None or self.np_random is None:
            self.np_random, _ = seeding.np_random(seed)

    def _first(self, role: str) -> tuple[str, dict[str, Any]]:
        self.role = role
        info = copy.deepcopy(dict(self.infos.get(role, {})))
        info.update(role=role, acted_role=None, rewards={}, settled_infos={})
        return self._observe(role), info

    def _check_turn(self, role: str | None) -> str:
        if self.episode is None:
            raise EpisodeStateError("no episode in progress: reset first (over HTTP, /step is stateless; "
                                    "play an episode over the /ws session)")
        if self.role is None:
            raise EpisodeStateError("the episode is over: reset to start the next one")
        if role is not None and role != self.role:
            # (The client's role quoted with ascii(): a lone surrogate in it made the error reply
            # itself unsendable, and the /ws session was dropped with the episode.)
            if type(role) is str and role.isascii() and role.isprintable() and len(role) <= 40:
                shown = f"the {role}'s"
            else:
                shown = f"{ascii(role)[:80]}'s" if type(role) is str else f"a {type(role).__name__}'s"
            raise EpisodeStateError(f"it is the {self.role}'s turn, not {shown}")
        return self.role

    def _finish(self, acting: str, settled: Mapping[str, float], done: bool, next_role: str | None):
        rewards = {agent: float(reward) for agent, reward in settled.items()}
        info = copy.deepcopy(dict(self.infos.get(acting, {})))
        others = {agent: copy.deepcopy(dict(self.infos.get(agent, {}))) for agent in rewards if agent != acting}
        self.role = None if done else next_role
        observation = self._observe(acting if done else next_role)
        info.update(role=self.role, acted_role=acting, rewards=rewards, settled_infos=others)
        return observation, rewards.get(acting, 0.0), done, info

    def _observe(self, role: str) -> str:
        raise NotImplementedError


class AZRSession(GameSession):
    """An Absolute Zero episode at a time; ``step(text)`` plays whichever role is up."""

    def reset(self, seed: int | None = None, options: Mapping[str, Any] | None = None):
        """Start an episode: ``(observation, info)`` as the Gymnasium env's ``reset``.

        Options: ``task_id``/``task_type`` as the env takes them, and ``sample_solver`` (bool):
        whether the host's sampler writes the solver's answers (default: when it has one).
        """
        options = dict(options or {})
        unknown = set(options) - {"task_id", "task_type", "sample_solver"}
        if unknown:
            raise RequestError(f"unknown reset option(s) {sorted(unknown)} for {self.host.game_id}; "
                               "it takes task_id, task_type and sample_solver")
        sample = options.pop("sample_solver", None)
        if sample is not None and type(sample) is not bool:
            # (Read by its truth, "false" turned sampling on.)
            raise RequestError(f"sample_solver must be true or false, got a {type(sample).__name__}")
        if sample and self.host.solver_sampler is None:
            raise RequestError("sample_solver needs a server started with a solver sampler (--sampler-url)")
        if sample and self.host.game.mode == "solve":
            raise RequestError("sample_solver is for self-play; in solve mode the client is the solver")
        sample_solver = self.host.solver_sampler is not None and self.host.game.mode == "selfplay" \
            if sample is None else sample
        # A refused reset leaves the session as it was, its generator included: seeded first and
        # kept, a refused reset's seed drew the next unseeded episode, which then differed from the
        # Gymnasium env's (whose reset checks its options first).
        before = self.np_random
        self._seed(seed)
        try:
            episode: Episode = self.host.submit("reset", None, (self.np_random, options))
        except KeyError as error:
            self.np_random = before
            raise UnknownTaskError(str(error.args[0]) if error.args else "no such task") from None
        except (ValueError, TypeError) as error:
            self.np_random = before
            raise RequestError(str(error)) from None
        except BaseException:
            self.np_random = before
            raise
        self.sample_solver = sample_solver
        self.episode, self.steps = episode, 0
        self.infos = copy.deepcopy(episode.infos)
        return self._first(episode.role)

    def step(self, text: Any, role: str | None = None):
        """Play ``text`` as the role that is up: ``(observation, reward, done, info)``.

        ``role``, when given, must be the role that is up (a check against playing the wrong part).
        """
        acting = self._check_turn(role)
        kind = "propose" if self.episode.phase is Phase.PROPOSE else "answer"
        settlement: Settlement = self.host.submit(kind, self.episode, [text])[0]
        self.steps += 1
        self.infos.update(settlement.infos)
        settled = dict(settlement.rewards)
        sampled = None
        failed = None
        if kind == "propose" and not settlement.done and self.sample_solver:
            self.role = SOLVER  # should the sampler fail, the episode waits for the solver
            try:
                sampled = self._sample_answers()
            except SamplerError as error:
                # The proposal is settled and its task is in the buffer: the step is answered with
                # the solver's prompt, for the client to answer itself (raised, the prompt and the
                # proposal's info were lost, and the client could only answer blind).
                failed = str(error)
            else:
                settled = {**settled, **sampled["rewards"]}
        done = self.episode.phase is Phase.DONE
        # PettingZoo hands the turn to the first terminated agent; the Gym view reports none.
        result = self._finish(acting, settled, done, self.episode.role)
        if sampled is not None:
            result[3]["sampled_answers"] = sampled["answers"]
        if failed is not None:
            result[3]["sampler_error"] = failed
        return result

    def _sample_answers(self) -> dict[str, Any]:
        episode = self.episode
        n = episode.n_attempts
        try:
            texts = [str(t) for t in self.host.solver_sampler(episode.solver_prompt, n)]
        except Exception as error:  # noqa: BLE001 - an endpoint failing is reported, not raised as a crash
            raise SamplerError(f"the solver sampler failed ({type(error).__name__}: {error}); the task is in the "
                               "buffer and the episode waits for solver answers: send them, or reset") from None
        if len(texts) != n:
            raise SamplerError(f"the solver sampler returned {len(texts)} answers, {n} were asked for")
        settlements = self.host.submit("answer", episode, texts)
        answers, rewards = [], {}
        for text, settlement in zip(texts, settlements):
            self.infos.update(settlement.infos)
            answers.append({"text": text, "reward": settlement.rewards[SOLVER],
                            "correct": settlement.infos[SOLVER]["correct"]})
            rewards.update(settlement.rewards)
        rewards.pop(SOLVER, None)  # the solver's rewards are per answer, in sampled_answers
        return {"answers": answers, "rewards": rewards}

    def _observe(self, role: str) -> str:
        return self.episode.prompt_for(role) if self.episode is not None else ""


class LSPSession(GameSession):
    """A Language Self-Play episode at a time: a query, then ``group_size`` scored answers."""

    def reset(self, seed: int | None = None, options: Mapping[str, Any] | None = None):
        """Start an episode; ``options={"query": text}`` skips the challenger, as in ``LSP-v0``."""
        self.host.check_open()
        options = dict(options or {})
        unknown = set(options) - {"query"}
        if unknown:
            raise RequestError(f"unknown reset option(s) {sorted(unknown)} for {LSP_ID}; it takes 'query'")
        self._seed(seed)
        self.episode, self.steps = LSPEpisode(self.host.lsp_config), 0
        self.infos = {role: {"role": role} for role in self.host.roles}
        if options.get("query") is not None:
            self.episode.set_query(str(options["query"]))
            self.infos[CHALLENGER]["query"] = self.episode.query
        return self._first(self.episode.role)

    def step(self, text: Any, role: str | None = None):
        acting = self._check_turn(role)
        text = action_text(text)
        try:
            results = self.host.submit("lsp", self.episode, (acting, [text]))
        except RequestError:
            raise
        except Exception as error:  # noqa: BLE001 - the reward function's failure, said as a reason
            raise RewardError(f"the reward function failed on this answer ({type(error).__name__}: "
                              f"{str(error)[:300]}); it was not counted: send it again, or another") from None
        self.steps += 1
        if acting == CHALLENGER:
            self.infos[CHALLENGER] = {"role": CHALLENGER, "query": results[0]}
            return self._finish(acting, {}, False, SOLVER)
        reward, info = results[0]
        self.infos[SOLVER] = info
        settled = {SOLVER: reward}
        if self.episode.done:
            settled[CHALLENGER] = self.episode.challenger_reward()
            self.infos[CHALLENGER] = self.episode.challenger_info()
        return self._finish(acting, settled, self.episode.done, self.episode.role)

    def _observe(self, role: str) -> str:
        return self.episode.prompt(role) if self.episode is not None else ""
