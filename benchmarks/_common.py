"""Helpers shared by the benchmark scripts (not part of the installed package)."""
from __future__ import annotations

import json
import os
import platform
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CRUXEVAL = REPO.parent / "shared" / "data" / "cruxeval-dev.jsonl"


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def best(times: list[float]) -> float:
    """Best of several repeats: the least disturbed by other load on a shared machine."""
    return min(times)


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux; NaN elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
