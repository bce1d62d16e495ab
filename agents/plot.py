"""``azr plot RUN_DIR``: the curves of a run's ``metrics.jsonl`` in one PNG (matplotlib, an optional extra)."""
from __future__ import annotations

import json
import math
from pathlib import Path

# Panel title -> metric-name prefixes drawn in it (every metric starting with one of them).
PANELS = {
    "reward (task x role)": ("reward/",),
    "valid proposals / format errors": ("valid_rate", "format_error_rate/"),
    "learnability / solve rate": ("learnability", "solve_rate", "solver_accuracy/"),
    "held-out greedy pass@1": tuple(f"eval/{s}" for s in ("heldout/", "heldout_families/", "eval/")),
    "answer spread (collapse shows as top share -> 1)": ("answer_top_share/", "gold_top_share/", "eval_top_share/",
                                                          "update/entropy"),
    "buffer sizes": ("buffer_size/",),
    "tokens generated": ("tokens_generated",),
    "time per phase (s)": ("time/",),
    "update": ("update/loss", "update/grad_norm", "update/clip_frac", "kl"),
}


class MissingMatplotlib(ImportError):
    pass


def read_metrics(run_dir: str | Path) -> list[dict]:
    path = Path(run_dir) / "metrics.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"no metrics.jsonl in {run_dir}")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash
    return rows


def plot_run(run_dir: str | Path, out: str | Path | None = None) -> Path:
    """Draw every known metric of ``run_dir`` against ``step``; returns the PNG's path."""
    rows = read_metrics(run_dir)  # a wrong directory is the likelier mistake: say so first
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise MissingMatplotlib("plotting needs matplotlib: pip install 'azr-env[plot]'") from error
    names = sorted({k for row in rows for k, v in row.items() if k != "step" and isinstance(v, (int, float))})
    panels = [(title, [n for n in names if n.startswith(prefixes)]) for title, prefixes in PANELS.items()]
    panels = [(title, series) for title, series in panels if series]
    cols = 2
    fig, axes = plt.subplots(max(1, math.ceil(len(panels) / cols)), cols, figsize=(12, 3.2 * max(1, math.ceil(len(panels) / cols))),
                             squeeze=False)
    for ax, (title, series) in zip(axes.flat, panels):
        for name in series:
            points = [(r["step"], r[name]) for r in rows if isinstance(r.get(name), (int, float)) and not math.isnan(r[name])]
            if points:
                ax.plot(*zip(*points), marker="o", markersize=2, label=name,
                        linestyle="--" if name.endswith("_std") else "-")
        ax.set_title(title)
        ax.set_xlabel("step")
        ax.legend(fontsize=6)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.tight_layout()
    path = Path(out) if out else Path(run_dir) / "metrics.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
