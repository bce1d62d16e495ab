"""The invariants of Language Self-Play (``LSP-v0``, ``azr/lsp-v0``): the challenger, then G answers,
each paid R(q, a) + lambda R_Q(q, a), and the challenger -V(q) + V_Q(q) with the last one."""
from __future__ import annotations

import math
from typing import Any

from azr_env.game import SOLVER
from azr_env.testing.agents import ScriptedTexts
from azr_env.testing.play import EpisodeRecord
from azr_env.testing.report import GameReport
from azr_env.testing.rules import GameRules, Subject, close_to

_LSP_QUERY = "  What is 2 + 2? Answer in one word.  "
_LSP_ANSWERS = ("4", "Four.", "", "The answer is four, since two and two make four.")
_LSP_PINNED = "Name a prime number."


class LSPRules(GameRules):
    def __init__(self, subject: Subject, report: GameReport, seed: int, num_envs: int):
        super().__init__(subject, report, seed, num_envs)
        game = subject.settings
        self.config = game.config
        self.g = int(game.config.group_size)
        self.reward_fn, self.quality_fn = game.reward_fn, game.quality_fn
        report.skipped["learnability"] = ("LSP pays no learnability; the challenger's -V(q) + V_Q(q) is checked "
                                          "under rewards")

    first_role = "challenger"

    def plan(self) -> list[tuple[str, Any]]:
        answers = [_LSP_ANSWERS[j % len(_LSP_ANSWERS)] for j in range(self.g)]
        hostile = ["", "\x00\x1b[31m\ud800", "x" * (self.config.max_answer_chars + 100), "<answer>42</answer>"]
        fuzz = [hostile[j % len(hostile)] for j in range(self.g)]
        return [
            ("scripted", ScriptedTexts(challenger=[_LSP_QUERY], solver=answers)),
            ("hostile texts", ScriptedTexts(challenger=["\x00" + "y" * (self.config.max_query_chars + 50)],
                                            solver=fuzz)),
            ("pinned query", ScriptedTexts(solver=list(reversed(answers)))),
        ]

    def options(self, api: str, plan: list) -> list:
        pin = {"queries": [_LSP_PINNED] * self.num_envs} if api == "vector" else {"query": _LSP_PINNED}
        return [None, None, pin]

    def check_episode(self, record: EpisodeRecord, planned: tuple[str, Any]) -> None:
        name = planned[0]
        where = f"{record.api}, {name} episode"
        if record.error:
            self.problem("malformed" if "hostile" in name else "roles", f"{where}: the env raised {record.error}")
            return
        expected = ([] if name == "pinned query" else ["challenger"]) + [SOLVER] * self.g
        self.check_sequence(where, record, expected)
        if record.roles != expected:
            return
        self.check_bookkeeping(where, record, expected)
        task, quality = [], []
        for j, turn in enumerate(record.turns):
            for role, value in turn.settled.items():
                if not math.isfinite(value):
                    self.problem("rewards", f"{where}, turn {j}: {role} was paid {value}")
            if turn.role == "challenger":
                if turn.settled or turn.reward != 0.0:
                    self.problem("rewards", f"{where}: the query was paid {turn.settled} at once; the challenger is "
                                            f"paid with the last answer")
                continue
            query, answer = turn.info.get("query"), turn.info.get("answer")
            if name == "pinned query" and query != _LSP_PINNED:
                self.problem("pinning", f"{where}: the solver answered {query!r}, not the pinned query")
            if query is None or answer is None:
                self.problem("rewards", f"{where}, answer {j}: the info does not say the query and answer scored")
                return
            r = float(self.reward_fn([query], [answer])[0])
            q = None if self.quality_fn is None else float(self.quality_fn([query], [answer])[0])
            task.append(r)
            quality.append(q)
            want = r + (0.0 if q is None else self.config.quality_weight * q)
            if not (close_to(want, turn.reward) and close_to(want, turn.settled.get(SOLVER))):
                self.problem("rewards", f"{where}, answer {j}: paid {turn.reward}, but R + lambda R_Q of "
                                        f"({query[:40]!r}, {answer[:40]!r}) is {want}")
            last = j == len(record.turns) - 1
            if not last and "challenger" in turn.settled:
                self.problem("rewards", f"{where}, answer {j}: the challenger was paid before the last answer")
        v = sum(task) / len(task)
        vq = 0.0 if self.quality_fn is None else sum(self.config.quality_weight * q for q in quality) / len(quality)
        got = record.turns[-1].settled.get("challenger")
        if got is None or not close_to(-v + vq, got):
            self.problem("rewards", f"{where}: the challenger was paid {got}, expected -V(q) + V_Q(q) = {-v + vq}")

    def check_pinning(self, envs: dict[str, Any], runs: dict[str, list[EpisodeRecord]]) -> None:
        pass  # the plan's "pinned query" episode pins through every API (see check_episode)

    def check_malformed(self, env: Any, api: str) -> None:
        pass  # the plan's "hostile texts" episode runs through every API
