"""Where a run's task buffers start, and what it is evaluated on: the seed and held-out fields of
``TrainConfig.azr`` (``AZRGameConfig``).

* **Seeds.** AZR seeds its buffers before training (256 tasks written by the base model). Here a
  run starts from the generator's train split (``generated_seeds``, see
  ``azr_env.tasks.generator``), from the rows of any JSONL file (``seed_file``: our task format or
  CRUXEval's ``code``/``input``/``output`` rows), or from the single seed triplet per type. The
  same triplet serves deduction and abduction; induction groups the triplets of one program.
* **Base solve-rate filter** (``seed_filter_samples = n``). The untrained policy answers each seed
  n times; a seed it always or never solves gives every answer the same reward, hence a zero
  advantage and no gradient, so only seeds with 0 < solve rate < 1 are kept. The filtered seeds
  are saved under ``output_dir/seeds`` and reused when a run is restarted before its first
  checkpoint (the filter costs n generations per seed).
* **Held-out sets.** With generated seeds: the generator's ``heldout`` split (the training families
  with new constants and inputs) and ``heldout_families`` (families never trained on); with
  ``eval_file``: its rows. Each is asked as deduction, and as abduction when the run trains it.

Everything here goes through the tasks layer's public functions and the executor; the policy only
generates text.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from azr_env.files import write_json_atomic
from azr_env.tasks import Task, TaskType, build_solver_prompt, score_answers
from azr_env.tasks.generator import SeedSplits, as_task_type, cruxeval_shapes, generate_splits, write_tasks
from azr_env.tasks.templates import stop_strings

from agents.config import TASK_TYPES
from agents.errors import RunInputError

if TYPE_CHECKING:
    from agents.config import TrainConfig
    from agents.evaluate import TaskSet

SEEDS_DIR = "seeds"
SUMMARY = "summary.json"
HELDOUT_TYPES = ("deduction", "abduction")  # the types a held-out (program, input, output) row is asked as


def cruxeval_path() -> Path:
    from agents.evaluate import DEFAULT_DATA

    return DEFAULT_DATA


def generated_splits(cfg: TrainConfig, executor) -> SeedSplits:
    """The generator's splits for this run's generator settings; programs matching a CRUXEval dev
    program are removed when the dev set is found (``../shared/data``)."""
    return generate_splits(
        executor, seed=cfg.azr.generator_seed, n_train=cfg.azr.generator_train_per_family,
        n_heldout=cfg.azr.generator_heldout_per_family, n_heldout_families=cfg.azr.generator_heldout_family_size,
        families=cfg.azr.generator_families, exclude_shapes=cruxeval_shapes(cruxeval_path()),
    )


def read_task_file(option: str, path: str, name: str) -> TaskSet:
    """The rows of the JSONL file that ``option`` (``seed_file``, ``eval_file``) names, as task set
    ``name`` (``agents.evaluate.load_task_set``). A file that is missing, a folder or unreadable is a
    ``RunInputError`` that names the option (it was a traceback, or a message without it)."""
    from agents.evaluate import load_task_set

    try:
        return load_task_set(path, name)
    except FileNotFoundError:
        raise RunInputError(f"{option} {path} not found") from None
    except RunInputError as exc:  # a folder
        raise RunInputError(f"{option} {exc}") from None
    except OSError as exc:
        raise RunInputError(f"{option} {path} cannot be read ({exc.strerror or exc})") from None


def _skipped_list(task_set: TaskSet, shown: int = 3) -> str:
    more = len(task_set.skipped) - shown
    return "; ".join(task_set.skipped[:shown]) + (f"; and {more} more" if more > 0 else "")


def skipped_rows_note(option: str, path: str, task_set: TaskSet) -> str | None:
    """One line saying which rows of ``option``'s file were skipped and why (None when none was): a
    row that is not JSON, not UTF-8 or not a task is left out, and the run says so."""
    if not task_set.skipped:
        return None
    return f"{option} {path}: {len(task_set.skipped)} of {task_set.n_rows} rows skipped ({_skipped_list(task_set)})"


def _no_task_error(option: str, path: str, task_set: TaskSet) -> RunInputError:
    # Every row skipped: the run would go on without the tasks it was given (a seed file cut off or
    # in another encoding trained from the default seed triplet alone, and said nothing).
    why = f": {_skipped_list(task_set)}" if task_set.skipped else ""
    rows = f"{task_set.n_rows} row" + ("" if task_set.n_rows == 1 else "s")
    return RunInputError(f"{option} {path} holds no usable task ({rows}{why})")


def seed_file_tasks(path: str, log: Callable[[str], object] | None = None) -> list[Task]:
    """The rows of ``seed_file`` as tasks: deduction triplets, plus induction tasks where rows have
    examples. Skipped rows are reported through ``log``; a file of which no row is a task is refused."""
    triplets = read_task_file("seed_file", path, "deduction")
    grouped = read_task_file("seed_file", path, "induction")  # (its skips: rows without examples, not news)
    if not triplets.tasks and not grouped.tasks:
        raise _no_task_error("seed_file", path, triplets)
    note = skipped_rows_note("seed_file", path, triplets)
    if note and log is not None:
        log(f"warning: {note}")
    return triplets.tasks + grouped.tasks


def eval_file_tasks(path: str, log: Callable[[str], object] | None = None) -> list[Task]:
    """The rows of ``eval_file`` as (program, input, output) triplets; as ``seed_file_tasks``."""
    task_set = read_task_file("eval_file", path, "deduction")
    if not task_set.tasks:
        raise _no_task_error("eval_file", path, task_set)
    note = skipped_rows_note("eval_file", path, task_set)
    if note and log is not None:
        log(f"warning: {note}")
    return task_set.tasks


def check_task_files(cfg: TrainConfig, *, fresh: bool, log: Callable[[str], object] | None = print) -> None:
    """Read the run's ``seed_file`` (a fresh run's only: a resumed one has its buffers) and
    ``eval_file`` (when held-out evaluation is on) before the model loads, so that a file the run
    cannot use stops it in seconds; skipped rows are reported through ``log``."""
    azr = getattr(cfg, "azr", None)
    if azr is None:
        return
    if fresh and azr.seed_file:
        seed_file_tasks(azr.seed_file, log)
    if azr.eval_heldout and azr.eval_file:
        eval_file_tasks(azr.eval_file, log)


def seed_tasks(cfg: TrainConfig, executor, splits: SeedSplits | None = None) -> dict[str, list[Task]]:
    """The seed tasks of each of ``cfg.azr.task_types`` (before any solve-rate filter), in a fixed order.

    Empty lists when neither ``generated_seeds`` nor ``seed_file`` is set: the buffers then keep
    their one seed triplet each. ``seed_filter_max_tasks`` keeps a seeded random subset per type.
    """
    triplets: list[Task] = []
    if cfg.azr.generated_seeds:
        triplets += (splits or generated_splits(cfg, executor)).train
    if cfg.azr.seed_file:
        triplets += seed_file_tasks(cfg.azr.seed_file)  # (its skipped rows were reported when the run was checked)
    seeds = {}
    for task_type in cfg.azr.task_types:
        tasks = as_task_type(triplets, task_type, n_examples=cfg.azr.n_induction_inputs)
        if cfg.azr.seed_filter_max_tasks is not None and len(tasks) > cfg.azr.seed_filter_max_tasks:
            tasks = _subset(tasks, cfg.azr.seed_filter_max_tasks, [cfg.azr.generator_seed, TASK_TYPES.index(task_type)])
        seeds[task_type] = tasks
    return seeds


def _subset(tasks: list[Task], size: int, seed) -> list[Task]:
    """At most ``size`` of ``tasks``, drawn without replacement by a generator seeded with ``seed``,
    in their original order."""
    if len(tasks) <= size:
        return list(tasks)
    keep = sorted(np.random.default_rng(seed).choice(len(tasks), size=size, replace=False))
    return [tasks[int(i)] for i in keep]


def solve_rates(policy, executor, tasks: list[Task], task_config, n: int, sampling, progress=None) -> list[float]:
    """The share of ``n`` sampled answers of ``policy`` that solve each task (``sampling`` as in training)."""
    from dataclasses import replace

    if not tasks:
        return []
    stop = stop_strings("solver", tasks[0].task_type, task_config)
    prompts = [build_solver_prompt(task, task_config) for task in tasks for _ in range(n)]
    generations = policy.generate(prompts, replace(sampling, stop=stop), progress=progress)
    outcomes = score_answers(executor, [task for task in tasks for _ in range(n)], [g.text for g in generations],
                             task_config)
    return [sum(o.correct for o in outcomes[i * n:(i + 1) * n]) / n for i in range(len(tasks))]


def filtered_seeds(cfg: TrainConfig, policy, executor, task_config, seeds: dict[str, list[Task]], sampling,
                   progress: Callable[[str, int], object] | None = None, log=print) -> dict[str, list[Task]]:
    """``seeds`` with each task's base solve rate recorded, keeping those with 0 < rate < 1.

    Saved to ``output_dir/seeds``; a later call with the same settings reads them back instead.
    """
    directory = Path(cfg.output_dir) / SEEDS_DIR
    key = _filter_key(cfg, seeds)
    saved = _load_saved(directory, key)
    if saved is not None:
        log(f"seed filter: reusing {directory} ({', '.join(f'{t} {len(v)}' for t, v in saved.items())} tasks)")
        return saved
    kept, summary = {}, {"key": key, "types": {}}
    for task_type, tasks in seeds.items():
        bar = progress(f"seed filter: {task_type}", len(tasks) * cfg.azr.seed_filter_samples) if progress else None
        rates = solve_rates(policy, executor, tasks, task_config, cfg.azr.seed_filter_samples, sampling, progress=bar)
        if bar is not None:
            bar.close()
        kept[task_type] = [t.with_provenance(solve_rate=r) for t, r in zip(tasks, rates) if 0.0 < r < 1.0]
        summary["types"][task_type] = {
            "candidates": len(tasks), "kept": len(kept[task_type]),
            "never_solved": sum(r == 0.0 for r in rates), "always_solved": sum(r == 1.0 for r in rates),
            "mean_solve_rate": float(np.mean(rates)) if rates else None,
        }
        log(f"seed filter: {task_type}: kept {len(kept[task_type])} of {len(tasks)} seeds "
            f"(never solved {summary['types'][task_type]['never_solved']}, "
            f"always solved {summary['types'][task_type]['always_solved']}, "
            f"mean base solve rate {summary['types'][task_type]['mean_solve_rate'] or 0:.3f})")
    for task_type, tasks in kept.items():
        write_tasks(directory / f"{task_type}.jsonl", tasks)
    write_json_atomic(directory / SUMMARY, summary)  # last: its presence says the files above are complete
    return kept


def cap_answer_share(tasks: list[Task], share: float | None) -> list[Task]:
    """``tasks`` without the ones past the first ``max(1, share * len(tasks))`` that share one right
    answer (deduction: the output; abduction: the output too, since any input giving it is right;
    induction: the program), in their order. ``share=None`` keeps them all.

    >>> from azr_env.tasks import Task, TaskType
    >>> tasks = [Task(TaskType.DEDUCTION, "def f(x):\\n    return x % 2", str(i), str(i % 2)) for i in range(6)]
    >>> [t.input for t in cap_answer_share(tasks, 0.34)]
    ['0', '1', '2', '3']
    """
    if share is None:
        return list(tasks)
    limit = max(1, int(share * len(tasks)))
    seen: dict[str, int] = {}
    kept = []
    for task in tasks:
        answer = _answer_of(task)
        seen[answer] = seen.get(answer, 0) + 1
        if seen[answer] <= limit:
            kept.append(task)
    return kept


def _answer_of(task: Task) -> str:
    return task.program if task.task_type is TaskType.INDUCTION else task.output


def balance_family_answers(tasks: list[Task]) -> list[Task]:
    """``tasks`` with no family (tasks of one ``source``, such as ``generated:str_in/train``) giving
    one right answer on more seeds than its other answers together, or on more than one seed when
    it has no other: the first ones of each answer are kept, in their order.

    Why: the seed filter keeps what the untrained model solves sometimes, and for a predicate it
    solves the ``False`` cases far more often (7 ``False`` and 2 ``True`` kept of ``str_startswith``).
    Trained on such a family, a model that cannot compute it learns the family's usual answer and
    greedy decoding then gives it on every instance. Balanced, the answers it cannot tell apart
    stay near even odds and the held-out instances do not all get one answer.

    >>> from azr_env.tasks import Task, TaskType
    >>> def task(i, out, family):
    ...     return Task(TaskType.DEDUCTION, "def f(s):\\n    return s", repr(str(i)), out, source=family)
    >>> tasks = [task(i, "False", "p") for i in range(5)] + [task(5, "True", "p"), task(6, "'a'", "q")]
    >>> [(t.source, t.output) for t in balance_family_answers(tasks)]
    [('p', 'False'), ('p', 'True'), ('q', "'a'")]
    """
    totals: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for task in tasks:
        totals[task.source] = totals.get(task.source, 0) + 1
        key = (task.source, _answer_of(task))
        counts[key] = counts.get(key, 0) + 1
    seen: dict[tuple[str, str], int] = {}
    kept = []
    for task in tasks:
        key = (task.source, _answer_of(task))
        limit = max(1, totals[task.source] - counts[key])  # the family's other answers together
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(task)
    return kept


def _filter_key(cfg: TrainConfig, seeds: dict[str, list[Task]]) -> dict:
    # What the filter's result depends on; a saved result with another key is not reused.
    return {"model": cfg.model, "samples": cfg.azr.seed_filter_samples, "temperature": cfg.temperature,
            "top_p": cfg.top_p, "task": cfg.azr.task, "seed": cfg.seed,
            "tasks": {t: [task.task_id for task in tasks] for t, tasks in seeds.items()}}


def _load_saved(directory: Path, key: dict) -> dict[str, list[Task]] | None:
    try:
        summary = json.loads((directory / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if json.loads(json.dumps(key)) != summary.get("key"):
        return None
    out = {}
    for task_type in key["tasks"]:
        path = directory / f"{task_type}.jsonl"
        if not path.exists():
            return None
        out[task_type] = [Task.from_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def heldout_sets(cfg: TrainConfig, executor, splits: SeedSplits | None = None) -> list[TaskSet]:
    """The held-out task sets of a run: ``<split>/<type>`` for the generator's held-out splits
    (with generated seeds) and ``eval/<type>`` for ``eval_file``, each at most ``eval_limit`` tasks."""
    from agents.evaluate import TaskSet

    sources: list[tuple[str, list[Task]]] = []
    if cfg.azr.generated_seeds:
        splits = splits or generated_splits(cfg, executor)
        sources += [("heldout", splits.heldout), ("heldout_families", splits.heldout_families)]
    if cfg.azr.eval_file:
        sources.append(("eval", eval_file_tasks(cfg.azr.eval_file)))
    sets = []
    for name, triplets in sources:
        for task_type in HELDOUT_TYPES:
            if task_type not in cfg.azr.task_types:
                continue
            tasks = as_task_type(triplets, task_type)
            if cfg.azr.eval_limit is not None:  # a seeded subset: the splits are ordered by family
                tasks = _subset(tasks, cfg.azr.eval_limit, [cfg.azr.generator_seed, 7])
            sets.append(TaskSet(f"{name}/{task_type}", TaskType(task_type), tasks, n_rows=len(tasks)))
    return sets


# -- azr seeds -------------------------------------------------------------------------------------
def add_arguments(parser):
    parser.add_argument("--out", required=True, help="directory for train.jsonl, heldout.jsonl, heldout_families.jsonl")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default 0)")
    parser.add_argument("--families", default=None,
                        help="comma-separated training families (default: every family not held out)")
    parser.add_argument("--train-per-family", type=int, default=40)
    parser.add_argument("--heldout-per-family", type=int, default=10)
    parser.add_argument("--heldout-family-size", type=int, default=20)
    parser.add_argument("--no-cruxeval-filter", action="store_true",
                        help="keep programs whose syntax tree matches a CRUXEval dev program")
    parser.add_argument("--list-families", action="store_true", help="print the families and exit")
    return parser


def run_command(args) -> int:
    """``azr seeds``: write the generator's three splits as JSONL task files (``azr train --seed-file
    ...``, ``azr eval --data ...`` read them)."""
    from azr_env.executor import Executor
    from azr_env.tasks.generator import FAMILIES, HELDOUT_FAMILIES

    if args.list_families:
        for name, family in FAMILIES.items():
            print(f"{name:<24} {family.kind:<12} {'held out' if name in HELDOUT_FAMILIES else '':<9} {family.message}")
        return 0
    families = [f.strip() for f in args.families.split(",") if f.strip()] if args.families else None
    out = Path(args.out)
    try:  # before the generator runs: a folder that cannot be made was found only after it
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"azr seeds: --out {out} cannot be made ({error.strerror or error})", file=sys.stderr)
        return 2
    shapes = set() if args.no_cruxeval_filter else cruxeval_shapes(cruxeval_path())
    try:
        with Executor() as executor:
            splits = generate_splits(executor, seed=args.seed, n_train=args.train_per_family,
                                     n_heldout=args.heldout_per_family, n_heldout_families=args.heldout_family_size,
                                     families=families, exclude_shapes=shapes)
    except ValueError as error:
        print(f"azr seeds: {error}", file=sys.stderr)
        return 2
    for split, path in splits.save(args.out).items():
        print(f"{split:<17} {len(splits[split]):>5} tasks -> {path}")
    if splits.removed:
        print("removed: " + ", ".join(f"{k} {v}" for k, v in sorted(splits.removed.items())))
    return 0
