"""Checkpoints are atomic: a save that dies part-way leaves the previous checkpoint as the latest."""
import json

import pytest
import torch

from agents import checkpoint as ckpt
from agents.weights import load_model


@pytest.fixture(scope="module")
def tiny():
    return load_model("tiny")


def save(tmp_path, step, model, **kwargs):
    optimizer = torch.optim.AdamW(model.parameters())
    return ckpt.save_checkpoint(tmp_path, step, model=model, optimizer=optimizer, state={"note": step}, **kwargs)


def test_save_find_and_load(tmp_path, tiny):
    model, tok = tiny
    path = save(tmp_path, 3, model, tokenizer=tok, extra_files={"ranks.pt": ckpt.save_pickle([{"x": 1}])})
    assert ckpt.find_latest(tmp_path) == path
    assert ckpt.load_state(path) == {"step": 3, "note": 3}
    assert ckpt.load_pickle(path / "ranks.pt") == [{"x": 1}]
    reloaded, _ = load_model(str(path / "model"))
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), reloaded.state_dict().values()))


def test_only_the_newest_checkpoints_are_kept(tmp_path, tiny):
    for step in (1, 2, 3):
        save(tmp_path, step, tiny[0], keep=2)
    assert sorted(p.name for p in (tmp_path / "checkpoints").glob("step-*")) == ["step-000002", "step-000003"]


def test_a_save_that_dies_midway_leaves_the_previous_checkpoint(tmp_path, tiny):
    first = save(tmp_path, 1, tiny[0])

    def crash(path):
        path.write_text("half")
        raise KeyboardInterrupt("killed while writing")

    with pytest.raises(KeyboardInterrupt):
        save(tmp_path, 2, tiny[0], extra_files={"buffers": crash})
    assert ckpt.find_latest(tmp_path) == first
    assert not (tmp_path / "checkpoints" / "step-000002").exists()
    assert not list((tmp_path / "checkpoints").glob(".tmp-*"))


def test_leftovers_of_a_killed_save_are_ignored_then_cleaned(tmp_path, tiny):
    first = save(tmp_path, 1, tiny[0])
    root = tmp_path / "checkpoints"
    # What kill -9 can leave: a half-written temp dir, and a step dir whose COMPLETE never came
    # (impossible with os.replace, but a copied or damaged run may have one).
    (root / ".tmp-step-000002-abc").mkdir()
    (root / "step-000009").mkdir()
    assert ckpt.find_latest(tmp_path) == first
    (root / "latest").write_text("step-000009\n")  # a pointer to an incomplete checkpoint
    assert ckpt.find_latest(tmp_path) == first
    save(tmp_path, 2, tiny[0])
    assert not (root / ".tmp-step-000002-abc").exists()
    assert ckpt.find_latest(tmp_path).name == "step-000002"


def test_rng_states_round_trip():
    state = ckpt.rng_state()
    a = (torch.rand(3), __import__("random").random(), __import__("numpy").random.rand())
    ckpt.set_rng_state(state)
    b = (torch.rand(3), __import__("random").random(), __import__("numpy").random.rand())
    assert torch.equal(a[0], b[0]) and a[1:] == b[1:]


def test_no_checkpoint(tmp_path):
    assert ckpt.find_latest(tmp_path) is None
    assert json.loads(json.dumps({"ok": 1}))
