"""A testing kit for your own games: scripted agents, episode players and ``check_game``.

Changed the prompts, the rewards, the task weights or the reward function? One call tells you
whether the game still holds, through every API::

    from azr_env.testing import check_game

    def test_my_config_keeps_the_game(executor):
        check_game("AZR-Deduction-v0", config=my_task_config, n_solver=4, executor=executor)

It raises :class:`GameCheckError` (an ``AssertionError``) listing every broken invariant. See
``docs/testing.md`` for the invariants, the agents and a pytest file to copy.

- :func:`check_game`, :class:`GameReport`, :class:`GameCheckError`;
- agents (:mod:`azr_env.testing.agents`): :class:`Oracle`, :class:`FixedRateSolver`,
  :class:`MalformedFuzzer`, :class:`ScriptedTexts`, :class:`Roles`, and the texts and tasks they
  use (:func:`example_tasks`, :func:`example_texts`, :func:`load_tasks`, :func:`wrong_answer`,
  :func:`malformed_answers`, :func:`malformed_proposals`);
- players (:mod:`azr_env.testing.play`): :func:`play_gym`, :func:`play_aec`,
  :func:`play_vector`, returning :class:`EpisodeRecord` of :class:`Turn`.

Nothing here imports torch.
"""
from azr_env.testing.agents import (
    ExampleTexts,
    FixedRateSolver,
    MalformedFuzzer,
    Oracle,
    Roles,
    ScriptedAgent,
    ScriptedTexts,
    example_tasks,
    example_texts,
    gives_program,
    load_tasks,
    malformed_answers,
    malformed_proposals,
    wrong_answer,
)
from azr_env.testing.check import check_game
from azr_env.testing.report import CHECKS, GameCheckError, GameReport
from azr_env.testing.play import EpisodeRecord, Turn, play_aec, play_gym, play_vector

__all__ = [
    "CHECKS",
    "EpisodeRecord",
    "ExampleTexts",
    "FixedRateSolver",
    "GameCheckError",
    "GameReport",
    "MalformedFuzzer",
    "Oracle",
    "Roles",
    "ScriptedAgent",
    "ScriptedTexts",
    "Turn",
    "check_game",
    "example_tasks",
    "example_texts",
    "gives_program",
    "load_tasks",
    "malformed_answers",
    "malformed_proposals",
    "play_aec",
    "play_gym",
    "play_vector",
    "wrong_answer",
]
