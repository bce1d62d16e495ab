"""Atomic checkpoints: a run killed at any instant (even ``kill -9``) resumes from its last complete one.

Layout of ``OUTPUT_DIR/checkpoints/``::

    step-000004/           one complete checkpoint (never modified once renamed into place)
        model/             save_pretrained: the full model and tokenizer, or only the LoRA adapter
        optimizer.pt       optimizer state_dict
        ranks.pt           per process: python, numpy and torch generator states, game state (buffers)
        buffers/           the task buffers as JSON Lines (readable; the trainer adds them)
        state.json         step, config, and whatever else the trainer adds
        COMPLETE           written last, inside the temporary directory
    latest                 text file naming the newest complete checkpoint; replaced atomically

A checkpoint is written into ``.tmp-step-000004-<random>/``, flushed, and renamed into place with
``os.replace``; only then is ``latest`` replaced (temp file + ``os.replace``). A crash leaves at worst
a stray ``.tmp-*`` directory, which the next save removes. ``find_latest`` trusts ``latest`` only
when it names a directory of this run holding ``COMPLETE``, and otherwise scans for the newest
complete one (a ``latest`` that is damaged or leads out of the run is refused where it is followed
for the user: ``strict``).
"""
from __future__ import annotations

import json
import os
import pickle
import random
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from agents.errors import RunInputError, one_line
from azr_env.files import write_atomic

CHECKPOINTS = "checkpoints"
COMPLETE = "COMPLETE"
_STEP_NAME = re.compile(r"step-\d{6,}")


class CheckpointError(RunInputError):
    """A checkpoint that cannot be resumed from or read: a file missing, cut short or of the wrong shape."""


def rng_state() -> dict[str, Any]:
    """Every global generator the training loop draws from."""
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _fsync_tree(root: Path) -> None:
    # Rename is atomic, but only durable (across a power cut) once the data under it is on disk.
    for path in sorted(root.rglob("*")) + [root]:
        flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def step_name(step: int) -> str:
    return f"step-{step:06d}"


def save_checkpoint(output_dir: str | Path, step: int, *, model, tokenizer=None, optimizer=None,
                    state: dict[str, Any] | None = None, extra_files: dict[str, Any] | None = None,
                    keep: int = 2) -> Path:
    """Write checkpoint ``step`` atomically and return its directory.

    ``model`` is the unwrapped model (``save_pretrained`` is used, so a peft model saves only its
    adapter). ``extra_files`` maps a relative path to a callable ``f(path)`` that writes it (e.g.
    task buffers). ``state`` must be JSON-serialisable. Keeps the newest ``keep`` checkpoints.
    """
    root = Path(output_dir) / CHECKPOINTS
    root.mkdir(parents=True, exist_ok=True)
    for stray in root.glob(".tmp-*"):  # left by a save that was killed
        shutil.rmtree(stray, ignore_errors=True)
    final = root / step_name(step)
    temp = Path(tempfile.mkdtemp(prefix=f".tmp-{step_name(step)}-", dir=root))
    try:
        model.save_pretrained(temp / "model", safe_serialization=True)
        if tokenizer is not None:
            tokenizer.save_pretrained(temp / "model")
        if optimizer is not None:
            torch.save(optimizer.state_dict(), temp / "optimizer.pt")
        for relative, writer in (extra_files or {}).items():
            (temp / relative).parent.mkdir(parents=True, exist_ok=True)
            writer(temp / relative)
        (temp / "state.json").write_text(json.dumps({"step": step, **(state or {})}, indent=1), encoding="utf-8")
        (temp / COMPLETE).write_text("ok\n", encoding="utf-8")
        _fsync_tree(temp)
        if final.exists():  # re-saving the same step (e.g. after a resume): replace it whole
            shutil.rmtree(final)
        os.replace(temp, final)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    write_atomic(root / "latest", final.name + "\n")
    complete = sorted(p for p in root.glob("step-*") if (p / COMPLETE).exists())
    for old in complete[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)
    return final


def find_latest(output_dir: str | Path, *, strict: bool = False) -> Path | None:
    """The newest complete checkpoint under ``output_dir``, or None.

    ``latest`` is followed when it names, as a bare ``step-NNNNNN``, a complete checkpoint of this
    run; one naming a checkpoint that is gone (deleted to go back to an earlier one) is passed over
    for a scan. A pointer that is not text, is a folder, or leads elsewhere (``../other_run/...``: a
    hand-edited one resumed another run's weights) is damage: passed over too, or, with ``strict``
    (what resumes, evaluates and exports), a ``CheckpointError`` naming it."""
    root = Path(output_dir) / CHECKPOINTS
    pointer = root / "latest"
    name, problem = _read_pointer(pointer)
    if problem and strict:
        raise CheckpointError(f"{pointer} {problem}: remove it to use the newest complete checkpoint")
    if name and (root / name / COMPLETE).is_file():
        return root / name
    complete = sorted(p for p in root.glob("step-*") if _STEP_NAME.fullmatch(p.name) and (p / COMPLETE).is_file())
    return complete[-1] if complete else None


def _read_pointer(pointer: Path) -> tuple[str | None, str | None]:
    """(the step name ``latest`` holds, None), (None, None) when there is no ``latest``, or (None,
    what is wrong with it)."""
    if not pointer.exists() and not pointer.is_symlink():
        return None, None
    if not pointer.is_file():
        return None, "is not a file"
    try:
        name = pointer.read_bytes().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot be read ({type(exc).__name__})"
    if not _STEP_NAME.fullmatch(name):
        return None, f"names {name[:80]!r}, not a checkpoint of this run (step-NNNNNN)"
    return name, None


def load_state(checkpoint: str | Path) -> dict[str, Any]:
    """The checkpoint's ``state.json``: a JSON object with a whole ``step`` >= 0 (and, from the
    trainer, the run's ``config`` as an object). ``CheckpointError`` names the file and the fault."""
    path = Path(checkpoint) / "state.json"
    try:
        state = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise CheckpointError(f"{path} is missing: the checkpoint is damaged") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CheckpointError(f"{path} cannot be read ({type(exc).__name__}: {exc}): the checkpoint is damaged") from None
    step = state.get("step") if isinstance(state, dict) else None
    if type(step) is not int or step < 0:
        raise CheckpointError(f"{path} must be a JSON object with a whole step >= 0: the checkpoint is damaged")
    if "config" in state and not isinstance(state["config"], dict):
        raise CheckpointError(f"{path}: its config must be a JSON object: the checkpoint is damaged")
    return state


def load_optimizer(checkpoint: str | Path, optimizer) -> None:
    """Load ``optimizer.pt`` into ``optimizer``. A checkpoint is written whole or not at all, so a
    missing file is damage, refused (a resume with a fresh optimizer is not the run it continues)."""
    optimizer.load_state_dict(load_pickle(Path(checkpoint) / "optimizer.pt"))


def save_pickle(obj: Any):
    """A writer for ``extra_files``: ``torch.save`` of any picklable object (RNG states, buffers)."""
    return lambda path: torch.save(obj, path, pickle_protocol=pickle.HIGHEST_PROTOCOL)


def load_pickle(path: str | Path) -> Any:
    """A file ``save_pickle`` wrote; ``CheckpointError`` when it is missing or cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path} is missing: the checkpoint is damaged")
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except Exception as exc:  # noqa: BLE001 -- torch raises RuntimeError, EOFError, UnpicklingError ... on a cut file
        raise CheckpointError(f"{path} cannot be read ({type(exc).__name__}: {one_line(exc, 120)})"
                              ": the checkpoint is damaged") from None
