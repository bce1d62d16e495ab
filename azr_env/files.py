"""Files written atomically: a reader, or a process killed mid-write, sees the old file or the
new one, never half of one.

The text goes to a temporary file beside ``path`` (same filesystem, so the rename is atomic), is
flushed to disk, and is moved into place with ``os.replace``. On any failure the temporary file is
removed and the error raised; ``path`` is untouched. (A process killed outright may leave a
``.<name>.*.tmp`` file behind, never a damaged ``path``.)

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a" / "lines.txt", (f"{n}\\n" for n in range(3)))
>>> (folder / "a" / "lines.txt").read_text()
'0\\n1\\n2\\n'
>>> write_json_atomic(folder / "v.json", {"x": 1})
>>> json.loads((folder / "v.json").read_text())
{'x': 1}
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable


def write_atomic(path: str | os.PathLike, text: str | Iterable[str]) -> None:
    """Write ``text`` (a string, or chunks written in turn) to ``path`` atomically, as UTF-8.

    Missing parent folders are made.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                for chunk in text:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def write_json_atomic(path: str | os.PathLike, value: Any, *, indent: int | None = 1) -> None:
    """``value`` as JSON (and a final newline) at ``path``, atomically."""
    write_atomic(path, json.dumps(value, indent=indent) + "\n")
