"""A closed GameHost refuses new sessions and new episodes, whatever the game.

The AZR games' resets go through the host's writer, which refused them after close; LSP resets
touch no writer and used to start an episode on a closed host.
"""
from __future__ import annotations

import pytest

from azr_env.integrations.game_host import GameHost


@pytest.mark.parametrize("game_id", ["AZR-Deduction-v0", "LSP-v0"])
def test_a_closed_host_refuses_sessions_and_resets(game_id):
    host = GameHost(game_id)
    session = host.session()
    host.close()
    assert host.closed
    with pytest.raises(RuntimeError, match="game host is closed"):
        session.reset(seed=0)
    with pytest.raises(RuntimeError, match="game host is closed"):
        host.session()
