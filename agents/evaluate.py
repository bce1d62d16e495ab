"""``azr eval``: score a causal LM (or a training checkpoint) on held-out code-reasoning tasks.

Three task sets, read from any JSONL with ``code``/``input``/``output`` fields (CRUXEval's layout) or
from our own task-buffer files:

* ``cruxeval-o`` (alias ``deduction``): given the program and the input, predict the output;
* ``cruxeval-i`` (alias ``abduction``): given the program and the output, find an input;
* ``induction``: given the visible input/output pairs and a message, write the program, checked on the
  hidden pairs. Needs rows with an ``examples`` list (an exported induction buffer has them; CRUXEval
  rows, with a single pair each, do not, and are counted as skipped).

Every question goes through the same code as training: ``build_solver_prompt`` writes the prompt,
``score_answers`` parses the answer and verifies it (deduction by literal value, abduction and
induction in the sandboxed executor). Rows whose inputs are not literals are skipped exactly as
``TaskBuffer.from_jsonl`` skips them in training (10 of the 400 CRUXEval dev rows), and the result
file says how many.

pass@k is the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on
Code", Eq. 1): with n samples per task of which c are correct, pass@k = E[1 - C(n-c, k) / C(n, k)].

>>> round(pass_at_k(n=5, c=2, k=2), 4)    # 1 - C(3,2)/C(5,2) = 1 - 3/10
0.7
>>> pass_at_k(n=4, c=0, k=1), pass_at_k(n=4, c=3, k=2)
(0.0, 1.0)

Command line (``python -m agents.evaluate`` works too)::

    azr eval --model smollm2-cpu --tasks cruxeval-o,cruxeval-i --data ../shared/data/cruxeval-dev.jsonl
    azr eval --model runs/azr --tasks cruxeval-o --n 10 --k 1,5,10 --limit 50   # latest checkpoint of a run
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from agents.errors import RunInputError, one_line
from azr_env.files import write_atomic
from azr_env.tasks import TaskBuffer, TaskConfig, TaskType, build_solver_prompt, score_answers
from azr_env.tasks.types import Task

# Set name on the command line -> the task type the solver is asked.
TASK_SETS = {
    "cruxeval-o": TaskType.DEDUCTION,
    "cruxeval-i": TaskType.ABDUCTION,
    "induction": TaskType.INDUCTION,
    "deduction": TaskType.DEDUCTION,
    "abduction": TaskType.ABDUCTION,
}
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "cruxeval-dev.jsonl"
# Sampling temperature when n > 1 and none is given: CRUXEval's pass@5 setting (Gu et al. 2024).
DEFAULT_SAMPLING_TEMPERATURE = 0.8

Generator = Callable[[Sequence[str]], Sequence[str]]  # prompts -> one completion text per prompt


# -- the estimator ---------------------------------------------------------------------------------
def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one task with ``n`` samples, ``c`` of them correct (Chen et al. 2021).

    Computed as ``1 - prod_{i=n-c+1}^{n} (1 - k/i)``, the numerically stable form of
    ``1 - C(n-c, k) / C(n, k)`` given in the paper.
    """
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got n={n}, k={k}")
    if n - c < k:  # every draw of k samples holds a correct one
        return 1.0
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))


def mean_pass_at_k(counts: Sequence[tuple[int, int]], k: int) -> float:
    """pass@k averaged over tasks; ``counts`` holds one ``(n, c)`` per task."""
    if not counts:
        return float("nan")
    return sum(pass_at_k(n, c, k) for n, c in counts) / len(counts)


# -- the questions ---------------------------------------------------------------------------------
@dataclass
class TaskSet:
    """The questions of one set, and the rows of the file that did not become questions."""

    name: str
    task_type: TaskType
    tasks: list[Task]
    n_rows: int
    skipped: list[str] = field(default_factory=list)  # "line N: reason", as TaskBuffer.from_jsonl writes them
    n_duplicates: int = 0


def load_task_set(path: str | os.PathLike, name: str, *, limit: int | None = None) -> TaskSet:
    """Read the questions of set ``name`` (see ``TASK_SETS``) from a JSONL file.

    A row from any task type's buffer serves deduction and abduction alike (both ask about one
    (program, input, output) triplet), so its ``task_type`` is replaced by the one asked. Induction
    needs rows with at least two examples; the others are skipped. The rows then go through
    ``TaskBuffer.from_jsonl``, which skips non-literal inputs and drops duplicates as in training.
    """
    if name not in TASK_SETS:
        raise ValueError(f"unknown task set {name!r}; choose from {sorted(TASK_SETS)}")
    task_type = TASK_SETS[name]
    path = Path(path)
    skipped: list[str] = []
    n_rows = 0
    # Rewrite the file row by row, one output line per input line, so that the line numbers in
    # from_jsonl's "skipped" messages still point into the user's file.
    if path.is_dir():
        raise RunInputError(f"{path} is a folder, not a JSONL file of tasks")
    # Read as bytes, line by line: a row that is not UTF-8 or not JSON (a file cut off mid-line) is
    # skipped with its line number, as a row that is not a task is, and the other rows still count.
    with path.open("rb") as handle, tempfile.NamedTemporaryFile(
            "w", suffix=".jsonl", encoding="utf-8", delete=False) as temp:
        for number, raw in enumerate(handle, 1):
            record, problem = _json_row(raw)
            if record is None and problem is None or isinstance(record, dict) and record.get("format") == "azr_env.task_buffer":
                temp.write("\n")  # a blank line, or the header of our own buffer files
                continue
            if limit is not None and n_rows >= limit:
                break
            n_rows += 1
            if problem is not None:
                skipped.append(f"line {number}: {problem}")
                temp.write("\n")
                continue
            record = dict(record)
            if task_type is TaskType.INDUCTION:
                if len(record.get("examples") or ()) < 2:
                    skipped.append(f"line {number}: no examples (induction needs at least two input/output pairs)")
                    temp.write("\n")
                    continue
            else:
                record.pop("examples", None)
                record.pop("message", None)
                record.pop("n_visible", None)
            if "task_type" in record:
                record["task_type"] = task_type.value
            temp.write(json.dumps(record, ensure_ascii=False) + "\n")
    try:
        buffer = TaskBuffer.from_jsonl(temp.name, task_type, max_size=None, seed=False)
    finally:
        os.unlink(temp.name)
    temp_label = f"jsonl:{Path(temp.name).name}"
    tasks = [_relabel(task, path) if task.source.startswith(temp_label) else task for task in buffer]
    skipped.extend(buffer.skipped)
    skipped.sort(key=lambda s: int(s.split()[1].rstrip(":")))
    return TaskSet(name, task_type, tasks, n_rows, skipped, n_rows - len(skipped) - len(tasks))


def _json_row(raw: bytes) -> tuple[dict | None, str | None]:
    """(the row's object, None), (None, None) for a blank line, or (None, why it is not a row)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start + 1})"
    if not line.strip():
        return None, None
    try:
        record = json.loads(line)
    except ValueError as exc:
        where = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        return None, f"not valid JSON ({str(getattr(exc, 'msg', exc)).removesuffix(' at')}{where})"
    if not isinstance(record, dict):
        return None, f"a JSON {type(record).__name__}, not an object"
    return record, None


def _relabel(task: Task, path: Path) -> Task:
    # from_jsonl names the source after the temporary file; name it after the user's file instead.
    _, _, row_id = task.source.partition("#")
    return task.with_provenance(source=f"jsonl:{path.name}" + (f"#{row_id}" if row_id else ""))


# -- the run ---------------------------------------------------------------------------------------
@dataclass
class SetResult:
    name: str
    task_type: str
    n_rows: int
    n_tasks: int
    n_skipped: int
    n_duplicates: int
    samples_per_task: int
    pass_at_k: dict[str, float]
    well_formed_rate: float  # share of all answers that parsed (1 - format-error rate)
    mean_reward: float  # the training solver reward, averaged over all answers
    skipped: list[str]
    # {"source", "task_id", "n", "c", "well_formed", "answers"}: "answers" holds each answer's key as
    # answer_spread compares them (None where malformed), for the top share's interval in compare_results.
    per_task: list[dict]
    failure_kinds: dict[str, int]  # malformed answers by parser failure kind
    # The most common answer's share of all answers, and the right answers' own (agents.evaluate.answer_spread).
    answer_top_share: float = float("nan")
    gold_top_share: float = float("nan")


def evaluate(generate: Generator, task_sets: Sequence[TaskSet], executor, *, n: int = 1,
             ks: Sequence[int] = (1,), config: TaskConfig | None = None, batch_size: int = 32,
             progress: bool = True, samples_path: str | os.PathLike | None = None,
             append: bool = False) -> list[SetResult]:
    """Ask every question of every set ``n`` times and score the answers as training does.

    ``generate`` maps a list of prompts to one completion text each (a model wrapper, or a script
    in tests). Prompts go out in chunks of ``batch_size``; each chunk is verified as soon as it is
    back, in one executor call per task type. ``samples_path`` (optional) receives one JSON line
    per answer: replaced whole at the end (``samples_written_whole``), or appended to with ``append``.
    """
    from tqdm.auto import tqdm

    config = config or TaskConfig()
    ks = sorted({k for k in ks if 1 <= k <= n}) or [1]
    if samples_path is not None and not append:
        with samples_written_whole(samples_path) as partial:
            return evaluate(generate, task_sets, executor, n=n, ks=ks, config=config, batch_size=batch_size,
                            progress=progress, samples_path=partial, append=True)
    samples_file = open(samples_path, "a", encoding="utf-8") if samples_path else None
    results = []
    try:
        for task_set in task_sets:
            tasks = task_set.tasks
            # Sample-major order (every task once, then again): with a seeded sampler, the first
            # pass is the same whatever n is.
            jobs = [(j, t) for _ in range(n) for j, t in enumerate(tasks)]
            correct = [0] * len(tasks)
            formed = [0] * len(tasks)
            keys: list[list[str | None]] = [[] for _ in tasks]  # each answer's comparison key, per task
            rewards = 0.0
            failures: dict[str, int] = {}
            answer_keys: list[str | None] = []  # the same keys in the order asked
            bar = tqdm(total=len(jobs), desc=f"eval {task_set.name}", unit="answer", disable=not progress,
                       dynamic_ncols=True)
            for start in range(0, len(jobs), batch_size):
                chunk = jobs[start:start + batch_size]
                chunk_tasks = [tasks[j] for j, _ in chunk]
                prompts = [build_solver_prompt(t, config) for t in chunk_tasks]
                texts = list(generate(prompts))
                if len(texts) != len(prompts):
                    raise RuntimeError(f"the generator returned {len(texts)} completions for {len(prompts)} prompts")
                outcomes = score_answers(executor, chunk_tasks, texts, config)
                for (j, task), text, outcome in zip(chunk, texts, outcomes):
                    correct[j] += outcome.correct
                    answer = getattr(outcome.parse, "text", None) if outcome.well_formed else None
                    keys[j].append(None if answer is None else _answer_key(task_set.task_type.value, answer))
                    answer_keys.append(keys[j][-1])
                    formed[j] += outcome.well_formed
                    rewards += outcome.reward
                    if not outcome.well_formed:
                        kind = getattr(getattr(outcome.parse, "kind", None), "value", "unverified")
                        failures[kind] = failures.get(kind, 0) + 1
                    if samples_file is not None:
                        samples_file.write(json.dumps({
                            "set": task_set.name, "source": task.source, "task_id": task.task_id,
                            "completion": text, "correct": outcome.correct, "well_formed": outcome.well_formed,
                            "reward": outcome.reward, "reason": outcome.reason}, ensure_ascii=False) + "\n")
                bar.update(len(chunk))
                bar.set_postfix(acc=f"{sum(correct) / max(start + len(chunk), 1):.3f}")
            bar.close()
            counts = [(n, c) for c in correct]
            total = max(len(jobs), 1)
            results.append(SetResult(
                name=task_set.name, task_type=task_set.task_type.value, n_rows=task_set.n_rows,
                n_tasks=len(tasks), n_skipped=len(task_set.skipped), n_duplicates=task_set.n_duplicates,
                samples_per_task=n, pass_at_k={f"pass@{k}": mean_pass_at_k(counts, k) for k in ks},
                well_formed_rate=sum(formed) / total, mean_reward=rewards / total, skipped=task_set.skipped,
                per_task=[{"source": t.source, "task_id": t.task_id, "n": n, "c": c, "well_formed": f, "answers": k}
                          for t, c, f, k in zip(tasks, correct, formed, keys)],
                failure_kinds=dict(sorted(failures.items())),
                **{key.replace("/", ""): value for key, value in key_spread(
                    task_set.task_type.value, answer_keys, [t for _ in range(n) for t in tasks]).items()
                   if key != "answer_entropy"},
            ))
    finally:
        if samples_file is not None:
            samples_file.close()
    return results


def evaluate_policy(policy, task_sets: Sequence[TaskSet], executor, config: TaskConfig, *, n: int = 1,
                    ks: Sequence[int] = (1,), temperature: float = 0.0, top_p: float = 1.0,
                    max_new_tokens: int = 512, batch_size: int = 32, progress: bool = True,
                    samples_path: str | os.PathLike | None = None) -> list[SetResult]:
    """:func:`evaluate` with a ``Policy``: each set's answers stop where its task type's answers end
    in ``config``'s prompt style (``stop_strings``), so one-line answers cost one line of tokens."""
    from azr_env.tasks.templates import stop_strings

    results = []
    with samples_written_whole(samples_path) as partial:  # one file per set would scatter them: set after set
        for task_set in task_sets:
            generate = policy_generator(policy, max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p,
                                        stop=stop_strings("solver", task_set.task_type, config))
            results += evaluate(generate, [task_set], executor, n=n, ks=ks, config=config, batch_size=batch_size,
                                progress=progress, samples_path=partial, append=True)
    return results


@contextmanager
def samples_written_whole(path: str | os.PathLike | None):
    """Yield ``<path>.partial``, emptied, for the answers to be appended to; once the block ends
    without error it replaces ``path`` whole (``os.replace``). An earlier samples file was rewritten
    in place: a run killed mid-way left it cut short. Now it stays whole until the new one is, and
    a run that fails leaves the answers it had in ``.partial``. Yields None for no path."""
    if path is None:
        yield None
        return
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text("", encoding="utf-8")
    yield partial
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)


def answer_spread(task_type: str, answers, asked, suffix: str = "") -> dict[str, float]:
    """How spread out a batch of solver answers is, beside the spread of the right answers.

    ``answers`` holds each well-formed answer's text (None for a malformed one), ``asked`` the task
    each answered. Answers are compared by value (deduction), by normalised arguments (abduction)
    or by program fingerprint (induction). Returns ``answer_top_share`` (the most common answer's
    share of all answers: near 1 when the policy has collapsed onto one constant),
    ``answer_entropy`` (in nats, over the well-formed answers) and ``gold_top_share`` (the most
    common right answer's share of the tasks asked: what a perfect solver would show).

    >>> answer_spread("deduction", ["1", " 1", None, "2"], [])["answer_top_share"]
    0.5
    """
    return key_spread(task_type, [None if text is None else _answer_key(task_type, text) for text in answers],
                      asked, suffix)


def key_spread(task_type: str, keys, asked, suffix: str = "") -> dict[str, float]:
    """:func:`answer_spread` of answers already turned into their comparison keys (None: malformed),
    for a caller that keeps the keys as well (``evaluate`` saves them per task)."""
    counts = Counter(key for key in keys if key is not None)
    formed = sum(counts.values())
    entropy = -sum(c / formed * math.log(c / formed) for c in counts.values()) if formed else float("nan")
    gold = Counter(_answer_key(task_type, _right_answer(task_type, task)) for task in asked)
    return {f"answer_top_share{suffix}": max(counts.values()) / max(len(keys), 1) if counts else 0.0,
            f"answer_entropy{suffix}": entropy,
            f"gold_top_share{suffix}": max(gold.values()) / len(asked) if asked else float("nan")}


def wrong_answer_shares(task_type: str, answers, correct, task_ids=None) -> list[float]:
    """For each answer in a solver batch: how common it is as a wrong answer, when it is well-formed
    and wrong, else 0 (right and malformed answers are left alone).

    A small model that cannot compute an answer falls back on the one it was paid for most often
    (``1``, ``True``), on every task alike; a GRPO group in which every answer is wrong then has no
    contrast at all. Subtracting a multiple of this share (``wrong_answer_share_penalty``) makes
    the habitual wrong answer the worst of the wrong ones, across tasks. Answers are compared as
    in ``answer_spread``.

    Without ``task_ids`` the share is the answer's share of the whole batch:

    >>> wrong_answer_shares("deduction", ["1", " 1", "7", None, "1"], [False, False, False, False, True])
    [0.6, 0.6, 0.2, 0.0, 0.0]

    With ``task_ids`` (one per answer) it is the share of the batch's tasks, other than the answer's
    own, on which the same answer was given and was wrong: a habit carried across tasks, not a wrong
    answer the model is sure of on one task (here ``7``, said twice on task b only):

    >>> wrong_answer_shares("deduction", ["1", "1", "7", "7", "1"], [False, False, False, False, False],
    ...                     task_ids=["a", "b", "b", "b", "c"])
    [0.6666666666666666, 0.6666666666666666, 0.0, 0.0, 0.6666666666666666]
    """
    keys = [None if text is None else _answer_key(task_type, text) for text in answers]
    if task_ids is None:
        counts = Counter(key for key in keys if key is not None)
        n = max(len(answers), 1)
        return [counts[key] / n if key is not None and not right else 0.0 for key, right in zip(keys, correct)]
    if len(task_ids) != len(answers):
        raise ValueError(f"wrong_answer_shares: {len(task_ids)} task ids for {len(answers)} answers")
    wrong_on: dict[str, set] = {}
    for key, right, task_id in zip(keys, correct, task_ids):
        if key is not None and not right:
            wrong_on.setdefault(key, set()).add(task_id)
    n_tasks = max(len(set(task_ids)), 1)
    return [len(wrong_on[key] - {task_id}) / n_tasks if key is not None and not right else 0.0
            for key, right, task_id in zip(keys, correct, task_ids)]


def family_wrong_answer_shares(task_type: str, answers, correct, task_ids, families, history=()):
    """``wrong_answer_shares`` counted within each task's family, over recent steps as well.

    A small model that cannot compute a family's answer gives one constant on every instance of it
    (``3`` on each "length after a replace" task): input-independent, and so what a held-out
    instance of that family gets too. Within one step a family has one or two tasks, too few for a
    per-step count to see the habit. Here an answer's share is the fraction of the *other* tasks of
    its family, in ``history`` (the records of earlier steps, oldest first) and this step, on which
    the same answer was given and was wrong. A task with no family (``families`` entry None: a
    proposed task) is counted as ``wrong_answer_shares`` counts over tasks, within this step.

    Returns the shares and this step's record, to append to ``history``. A task met again keeps the
    wrong answers of its latest step.

    >>> shares, record = family_wrong_answer_shares(
    ...     "deduction", ["3", "3", "5", "3"], [False, False, False, True],
    ...     task_ids=["a", "b", "c", "d"], families=["len", "len", "len", "len"])
    >>> shares  # 3 was wrong on a and b: each sees it wrong on 1 of the 3 other tasks; d's 3 is right
    [0.3333333333333333, 0.3333333333333333, 0.0, 0.0]
    >>> family_wrong_answer_shares("deduction", ["3"], [False], task_ids=["e"], families=["len"],
    ...                            history=[record])[0]  # and a later step still counts a and b
    [0.5]
    """
    if not len(task_ids) == len(families) == len(answers) == len(correct):
        raise ValueError(f"family_wrong_answer_shares: {len(answers)} answers, {len(correct)} verdicts, "
                         f"{len(task_ids)} task ids and {len(families)} families")
    keys = [None if text is None else _answer_key(task_type, text) for text in answers]
    seen: dict[str, tuple[str | None, frozenset]] = {}  # task id -> (family, its wrong answers)
    for record in history:
        for task_id, family, wrong in record:
            seen[task_id] = (family, frozenset(wrong))
    now: dict[str, tuple[str | None, set]] = {}
    for key, right, task_id, family in zip(keys, correct, task_ids, families):
        wrong = now.setdefault(task_id, (family, set()))[1]
        if key is not None and not right:
            wrong.add(key)
    seen.update({task_id: (family, frozenset(wrong)) for task_id, (family, wrong) in now.items()})
    members: dict[str, list[frozenset]] = {}
    for family, wrong in seen.values():
        if family is not None:
            members.setdefault(family, []).append(wrong)
    unfamilied = wrong_answer_shares(task_type, answers, correct, task_ids=task_ids)
    shares = []
    for i, (key, right, task_id, family) in enumerate(zip(keys, correct, task_ids, families)):
        if key is None or right:
            shares.append(0.0)
        elif family is None:
            shares.append(unfamilied[i])
        else:
            others = len(members[family]) - 1  # this task is one of them
            holding = sum(key in wrong for wrong in members[family]) - 1  # (it is wrong here)
            shares.append(holding / others if others else 0.0)
    record = [(task_id, family, sorted(wrong)) for task_id, (family, wrong) in now.items()]
    return shares, record


def _right_answer(task_type: str, task) -> str:
    return {"deduction": task.output, "abduction": task.input}.get(task_type, task.program)


def _answer_key(task_type: str, text: str) -> str:
    from azr_env.executor import canonical_repr, parse_literal
    from azr_env.tasks import normalize_inputs, program_fingerprint

    if task_type == "deduction":
        ok, value, _ = parse_literal(text.strip())
        if ok:
            try:
                return canonical_repr(value)
            except (RecursionError, ValueError, TypeError):
                pass
        return text.strip()
    if task_type == "abduction":
        return normalize_inputs(text.strip())
    return program_fingerprint(text)


# -- comparing two evaluations ---------------------------------------------------------------------
def paired_bootstrap(before: Sequence[float], after: Sequence[float], *, resamples: int = 10_000,
                     confidence: float = 0.95, seed: int = 0) -> tuple[float, float, float]:
    """The mean change ``after - before`` over paired per-task scores, and a percentile bootstrap
    interval for it (Efron & Tibshirani 1993, ch. 13): tasks are resampled with replacement,
    each keeping its own pair, so the task-to-task spread that both evaluations share cancels.

    >>> diff, low, high = paired_bootstrap([0, 0, 1, 0] * 25, [1, 0, 1, 0] * 25)
    >>> round(diff, 2), low > 0
    (0.25, True)
    """
    import numpy as np

    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if before.shape != after.shape or before.ndim != 1 or not len(before):
        raise ValueError(f"need two equally long, non-empty lists of per-task scores, got {before.shape} and {after.shape}")
    diffs = after - before
    rng = np.random.default_rng(seed)
    means = diffs[rng.integers(0, len(diffs), size=(resamples, len(diffs)))].mean(axis=1)
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(diffs.mean()), float(low), float(high)


def top_share_bootstrap(before: Sequence[Sequence[str | None]], after: Sequence[Sequence[str | None]], *,
                        resamples: int = 10_000, confidence: float = 0.95,
                        seed: int = 0) -> tuple[float, float, float]:
    """The change in the most common answer's share of all answers, ``after - before``, with a paired
    percentile-bootstrap interval, as :func:`paired_bootstrap` does for pass@1.

    ``before[i]`` and ``after[i]`` hold the answer keys given on task i (None for a malformed answer,
    which counts in the total and never as the top answer). Each resample draws tasks with
    replacement, keeping both evaluations' answers of each, and takes each side's top share over
    the draw: the most common answer may differ from draw to draw, as it would on other tasks.

    >>> change, low, high = top_share_bootstrap([["1"], ["2"], ["3"], ["4"]] * 25, [["1"], ["1"], ["3"], ["4"]] * 25)
    >>> round(change, 2), low > 0
    (0.25, True)
    """
    import numpy as np

    if len(before) != len(after) or not len(before):
        raise ValueError(f"need answers for the same, non-empty list of tasks, got {len(before)} and {len(after)}")
    rng = np.random.default_rng(seed)
    n_tasks = len(before)

    def flat(answers):
        # Every well-formed answer as (its task, its answer's code); and each task's number of answers.
        codes: dict[str, int] = {}
        tasks, keys = [], []
        for i, task in enumerate(answers):
            for key in task:
                if key is not None:
                    tasks.append(i)
                    keys.append(codes.setdefault(key, len(codes)))
        totals = np.array([max(len(task), 1) for task in answers], dtype=float)
        return np.array(tasks, dtype=np.int64), np.array(keys, dtype=np.int64), max(len(codes), 1), totals

    sides = [flat(before), flat(after)]
    shares = [np.bincount(keys, minlength=n_codes).max(initial=0) / totals.sum()
              for _, keys, n_codes, totals in sides]
    # Resampling tasks with replacement is weighting each task by how often it was drawn. Resamples go
    # in chunks, and counts through one bincount over (resample, answer) pairs, so that memory stays
    # in the tens of MB for any number of tasks and distinct answers.
    chunk = max(1, 2_000_000 // max(n_tasks, *(len(t) + n for t, _, n, _ in sides)))
    drawn = [[], []]
    for first in range(0, resamples, chunk):
        rows = min(chunk, resamples - first)
        weights = np.zeros((rows, n_tasks))
        np.add.at(weights, (np.repeat(np.arange(rows), n_tasks), rng.integers(0, n_tasks, rows * n_tasks)), 1)
        for side, (tasks, keys, n_codes, totals) in enumerate(sides):
            pairs = (np.arange(rows)[:, None] * n_codes + keys[None, :]).ravel()
            counts = np.bincount(pairs, weights=weights[:, tasks].ravel(), minlength=rows * n_codes)
            drawn[side].append(counts.reshape(rows, n_codes).max(1) / (weights @ totals))
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(np.concatenate(drawn[1]) - np.concatenate(drawn[0]), [tail, 1.0 - tail])
    share_b, share_a = shares
    return float(share_a - share_b), float(low), float(high)


def compare_results(before: dict, after: dict, **bootstrap) -> dict[str, dict]:
    """Per set present in both reports (``{"results": {name: SetResult as dict}}``): pass@1 before and
    after, and the paired-bootstrap change over the tasks both scored."""
    out = {}
    for name, b in before.get("results", {}).items():
        a = after.get("results", {}).get(name)
        if a is None:
            continue
        scores_b = {row["task_id"]: row["c"] / row["n"] for row in b["per_task"]}
        scores_a = {row["task_id"]: row["c"] / row["n"] for row in a["per_task"]}
        common = [tid for tid in scores_b if tid in scores_a]
        if not common:
            continue
        diff, low, high = paired_bootstrap([scores_b[t] for t in common], [scores_a[t] for t in common], **bootstrap)
        out[name] = {"n_tasks": len(common), "before": sum(scores_b[t] for t in common) / len(common),
                     "after": sum(scores_a[t] for t in common) / len(common), "change": diff,
                     "ci95": [low, high], "top_answer_share": [b.get("answer_top_share"), a.get("answer_top_share")],
                     # the same share among the right answers: what a solver that is always right shows
                     "gold_top_share": a.get("gold_top_share")}
        answers_b = {row["task_id"]: row.get("answers") for row in b["per_task"]}
        answers_a = {row["task_id"]: row.get("answers") for row in a["per_task"]}
        if all(answers_b[t] is not None and answers_a[t] is not None for t in common):
            # Whether a rise in the top share is more than the draw of tasks (reports from before
            # per-task answers were saved have none to resample).
            change, low, high = top_share_bootstrap([answers_b[t] for t in common], [answers_a[t] for t in common],
                                                    **bootstrap)
            out[name]["top_share_change"] = change
            out[name]["top_share_ci95"] = [low, high]
    return out


def format_comparison(comparison: dict[str, dict]) -> str:
    """One line per set: pass@1 before -> after, the change with its 95% interval, the top answer's share."""
    lines = []
    for name, c in comparison.items():
        low, high = c["ci95"]
        verdict = "excludes 0" if low > 0 or high < 0 else "includes 0"
        share = c.get("top_answer_share") or [None, None]
        shares = "" if None in share else f"  top answer share {share[0]:.2f} -> {share[1]:.2f}"
        gold = c.get("gold_top_share")
        if shares and c.get("top_share_ci95"):
            low_s, high_s = c["top_share_ci95"]
            shares += f" [95% CI of the change {low_s:+.3f}, {high_s:+.3f}]"
        if shares and isinstance(gold, float) and gold == gold:  # (NaN when the set had no tasks)
            shares += f" (right answers' {gold:.2f})"
        lines.append(f"{name:<28} pass@1 {c['before']:.3f} -> {c['after']:.3f}  change {c['change']:+.3f} "
                     f"[95% CI {low:+.3f}, {high:+.3f}: {verdict}]  ({c['n_tasks']} tasks){shares}")
    return "\n".join(lines)


# -- models ----------------------------------------------------------------------------------------
def resolve_model(spec: str) -> tuple[str, dict]:
    """Where the weights of ``spec`` are, and the training config saved beside them (or ``{}``), in
    the current nested shape (``agents.config.migrate_config``) whichever version saved it.

    ``spec`` may be a run directory (its latest complete checkpoint is used), a checkpoint directory
    (``.../checkpoints/step-000004``), a model directory, a ``.gguf`` file, ``tiny``, ``smollm2-cpu``
    or a hub id.
    """
    from agents.checkpoint import COMPLETE, find_latest, load_state

    path = Path(spec)
    if path.is_dir():
        checkpoint = None
        if (path / COMPLETE).exists():
            checkpoint = path
        elif (path / "checkpoints").is_dir():
            checkpoint = find_latest(path, strict=True)
            if checkpoint is None:
                raise FileNotFoundError(f"{path} has no complete checkpoint under checkpoints/")
        if checkpoint is not None:
            from agents.config import migrate_config

            state = load_state(checkpoint)
            config = state.get("config") if isinstance(state.get("config"), dict) else {}
            return str(checkpoint / "model"), migrate_config(config)  # saved flat or nested, read nested
    return spec, {}


# A hub id as the hub spells them: "name" or "owner/name", letters, digits and "._-".
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?")


def model_source_problem(spec: str) -> str | None:
    """Why ``spec`` (``--model``) names no model that can be loaded, found without downloading
    anything; None when it is a preset, an existing path, or a hub id that is cached or can be
    fetched. A missing directory went to the hub, retried there for a minute and failed with its
    log (a path that is not a hub id, and any spec when the hub cannot be reached)."""
    from agents.weights import SMOLLM2_CPU, TINY, hub_reachable

    if spec in (TINY, SMOLLM2_CPU) or Path(spec).exists():
        return None
    if not _HUB_ID.fullmatch(spec) or ".." in spec or spec.endswith(".gguf"):
        return f"no such file or directory (nor {TINY}, {SMOLLM2_CPU} or a hub id)"
    if _hub_cached(spec) or hub_reachable():
        return None
    return "no such file or directory, and the Hugging Face hub cannot be reached to fetch it as a hub id"


def _hub_cached(repo_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    return isinstance(try_to_load_from_cache(repo_id, "config.json"), str)


def load_policy(spec: str, *, use_chat_template: bool | None = None, system_prompt: str | None = None,
                gen_batch_size: int = 32, seed: int = 0, response_prefix: str | None = None,
                close_answer_at_eos: bool | None = None):
    """A ``Policy`` for ``spec`` (see :func:`resolve_model`), loaded as the trainer loads it.

    A checkpoint goes through ``Policy.from_pretrained(base, weights=checkpoint/model, lora_r=...)``
    with the base model and LoRA settings of its saved config, as ``azr train --resume`` does, so a
    LoRA checkpoint (adapter only) is applied to its base model. Chat-template settings saved with
    a checkpoint are used unless overridden here, and so are its response prefix and answer
    closing (the format the model was trained to). No reference model is built.
    """
    from agents.policy import Policy

    location, train_config = resolve_model(spec)
    if use_chat_template is None:
        use_chat_template = train_config.get("use_chat_template")
    if system_prompt is None:
        system_prompt = train_config.get("system_prompt")
    if response_prefix is None:
        response_prefix = train_config.get("response_prefix") or ""
    if close_answer_at_eos is None:
        close_answer_at_eos = bool(train_config.get("close_answer_at_eos", False))
    kwargs = dict(seed=seed, use_chat_template=use_chat_template, system_prompt=system_prompt,
                  gen_batch_size=gen_batch_size, response_prefix=response_prefix,
                  close_answer_at_eos=close_answer_at_eos)
    if train_config:
        lora = {k: train_config[k] for k in ("lora_r", "lora_alpha", "lora_dropout", "lora_target_modules")
                if k in train_config}
        policy = Policy.from_pretrained(train_config.get("model", location), weights=location, **lora, **kwargs)
    else:
        policy = Policy.from_pretrained(location, **kwargs)
    policy.model.eval()
    return policy


def eval_task_config(spec: str | None, prompt_style: str | None = None) -> TaskConfig:
    """The ``TaskConfig`` to evaluate ``spec`` with: the task settings saved with a training checkpoint
    (its prompt style above all: a model trained on completion prompts is asked completion prompts),
    with ``prompt_style`` overriding; the defaults for anything else."""
    saved = {}
    if spec is not None:
        try:
            saved = dict((resolve_model(spec)[1].get("azr") or {}).get("task") or {})
        except (OSError, ValueError):
            saved = {}
    if prompt_style is not None:
        saved["prompt_style"] = prompt_style
    return TaskConfig.from_dict(saved)


def policy_generator(policy, *, max_new_tokens: int = 512, temperature: float = 0.0, top_p: float = 1.0,
                     stop: Sequence[str] = ("</answer>",)) -> Generator:
    """``generate`` for :func:`evaluate` from a ``Policy``: its own batched generation path, stopping
    at ``stop`` as in training (``azr_env.tasks.templates.stop_strings`` gives a prompt style's).
    Temperature 0 means greedy decoding."""
    from agents.policy import SamplingConfig

    sampling = SamplingConfig(max_new_tokens=max_new_tokens, temperature=temperature if temperature > 0 else 1.0,
                              top_p=top_p, greedy=temperature <= 0, stop=tuple(stop))

    def generate(prompts: Sequence[str]) -> list[str]:
        return [g.text for g in policy.generate(list(prompts), sampling)]

    return generate


# -- command line ----------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--model", required=True,
                        help="tiny, smollm2-cpu, a .gguf file, a run or checkpoint directory, a model directory or a hub id")
    parser.add_argument("--tasks", default="cruxeval-o,cruxeval-i",
                        help=f"comma-separated sets: {', '.join(TASK_SETS)} (default: cruxeval-o,cruxeval-i)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="JSONL with code/input/output rows, or a task-buffer file (default: the CRUXEval dev set "
                             "in ../shared/data)")
    parser.add_argument("--n", type=int, default=1, help="samples per task (default 1)")
    parser.add_argument("--k", default=None,
                        help="comma-separated k for pass@k, each <= n (default: 1 and n, plus 5 and 10 when <= n)")
    parser.add_argument("--temperature", type=float, default=None,
                        help=f"0 is greedy; default 0 when n == 1, else {DEFAULT_SAMPLING_TEMPERATURE}")
    parser.add_argument("--top-p", type=float, default=1.0)
    parser.add_argument("--max-new-tokens", type=int, default=512)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N rows of the file")
    parser.add_argument("--batch-size", type=int, default=16, help="prompts per generate call")
    parser.add_argument("--workers", type=int, default=None, help="executor workers (default: one per core)")
    parser.add_argument("--seed", type=int, default=0)
    chat = parser.add_mutually_exclusive_group()
    chat.add_argument("--chat-template", dest="use_chat_template", action="store_const", const=True, default=None,
                      help="wrap prompts in the tokenizer's chat template (default: when it has one)")
    chat.add_argument("--no-chat-template", dest="use_chat_template", action="store_const", const=False)
    parser.add_argument("--system-prompt", default=None)
    parser.add_argument("--response-prefix", default=None, type=_json_or_text,
                        help="text every response starts with, read as JSON when it parses, e.g. "
                             "'\"<answer>\\n\"' (default: a checkpoint's own, else none)")
    closing = parser.add_mutually_exclusive_group()
    closing.add_argument("--close-answer-at-eos", dest="close_answer_at_eos", action="store_const", const=True,
                         default=None, help="close an <answer> left open when the model stops (EOS)")
    closing.add_argument("--no-close-answer-at-eos", dest="close_answer_at_eos", action="store_const", const=False)
    parser.add_argument("--prompt-style", choices=("tagged", "completion"), default=None,
                        help="the prompts and parsers (azr_env.tasks.TaskConfig.prompt_style); default: a checkpoint's "
                             "own, else tagged")
    parser.add_argument("--output", type=Path, default=Path("runs/eval/results.json"), help="the JSON result file")
    parser.add_argument("--samples", type=Path, default=None, help="also write every answer to this JSONL file")
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    return parser


def _json_or_text(text: str) -> str:
    """A JSON string literal when ``text`` is one (so ``"\\n"`` escapes work on a command line), else the text."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, str) else text


def _ks(text: str | None, n: int) -> list[int]:
    if text:
        try:
            ks = [int(k) for k in text.split(",") if k.strip()]
        except ValueError:
            raise SystemExit(f"azr eval: --k takes whole numbers separated by commas (1,5,10); got {text!r}") from None
        bad = [k for k in ks if not 1 <= k <= n]
        if bad:
            raise SystemExit(f"azr eval: every k must be between 1 and n={n}; got {bad}")
        return sorted(set(ks))
    return sorted({k for k in (1, 5, 10, n) if k <= n})


def run(args: argparse.Namespace, *, generate: Generator | None = None) -> dict:
    """Run ``azr eval`` from parsed arguments and write the result file; returns its content.

    ``generate`` replaces the model (tests pass a scripted generator); ``args.model`` is then only a label.
    """
    import torch

    from azr_env.executor import Executor

    _check_arguments(args)
    temperature = args.temperature if args.temperature is not None else (0.0 if args.n == 1 else DEFAULT_SAMPLING_TEMPERATURE)
    if args.n > 1 and temperature <= 0:
        raise SystemExit("azr eval: n > 1 needs a temperature above 0 (greedy decoding gives n identical answers)")
    if not Path(args.data).exists():
        raise SystemExit(f"azr eval: {args.data} not found; pass --data FILE.jsonl")
    ks = _ks(args.k, args.n)
    names = [s.strip() for s in args.tasks.split(",") if s.strip()]
    unknown = [s for s in names if s not in TASK_SETS]
    if unknown:
        raise SystemExit(f"azr eval: unknown task sets {unknown}; choose from {sorted(TASK_SETS)}")
    if generate is None:  # (a scripted generator: --model is only a label)
        problem = model_source_problem(args.model)
        if problem:
            raise SystemExit(f"azr eval: --model {args.model}: {problem}")
    try:
        task_sets = [load_task_set(args.data, name, limit=args.limit) for name in names]
    except OSError as exc:  # (a folder is refused above; this is a file that cannot be opened)
        raise SystemExit(f"azr eval: --data {args.data} cannot be read ({exc.strerror or exc})") from None
    torch.manual_seed(args.seed)
    started = time.time()
    config = eval_task_config(args.model if generate is None else None, getattr(args, "prompt_style", None))
    use_chat_template = args.use_chat_template
    if use_chat_template is None and config.prompt_style == "completion":
        use_chat_template = False  # a completion prompt is the text the model continues, as in training
    with Executor(workers=args.workers) as executor:
        if generate is None:
            try:
                policy = load_policy(args.model, use_chat_template=use_chat_template, system_prompt=args.system_prompt,
                                     gen_batch_size=args.batch_size, seed=args.seed,
                                     response_prefix=getattr(args, "response_prefix", None),
                                     close_answer_at_eos=getattr(args, "close_answer_at_eos", None))
            except RunInputError:
                raise  # (a damaged checkpoint: run_command says so)
            except (OSError, ValueError) as exc:  # no such directory or hub id, weights that do not load
                raise SystemExit(f"azr eval: --model {args.model} cannot be loaded: {one_line(exc)}") from None
            results = evaluate_policy(policy, task_sets, executor, config, n=args.n, ks=ks, temperature=temperature,
                                      top_p=args.top_p, max_new_tokens=args.max_new_tokens,
                                      batch_size=args.batch_size, progress=args.progress, samples_path=args.samples)
        else:
            results = evaluate(generate, task_sets, executor, n=args.n, ks=ks, config=config,
                               batch_size=args.batch_size, progress=args.progress, samples_path=args.samples)
    report = {
        "model": args.model,
        "data": str(args.data),
        "tasks": names,
        "n": args.n,
        "k": ks,
        "temperature": temperature,
        "top_p": args.top_p,
        "prompt_style": config.prompt_style,
        "max_new_tokens": args.max_new_tokens,
        "limit": args.limit,
        "seed": args.seed,
        "seconds": round(time.time() - started, 2),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "results": {r.name: asdict(r) for r in results},
    }
    # Strict JSON (a set with no task has no pass@k: null, not NaN), written whole or not at all.
    write_atomic(args.output, json.dumps(_finite(report), indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    return report


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse, before any model loads or any task is asked, what the run could not use: the result
    file was touched only after the whole evaluation (a folder given as --output lost hours of it)."""
    for name, low in (("n", 1), ("batch_size", 1), ("max_new_tokens", 1), ("limit", 1), ("workers", 1)):
        value = getattr(args, name, None)
        if value is not None and value < low:
            raise SystemExit(f"azr eval: --{name.replace('_', '-')} must be at least {low}, got {value}")
    if not (0.0 < args.top_p <= 1.0):
        raise SystemExit(f"azr eval: --top-p must lie in (0, 1], got {args.top_p}")
    if args.temperature is not None and not (math.isfinite(args.temperature) and args.temperature >= 0):
        raise SystemExit(f"azr eval: --temperature must be a finite number >= 0, got {args.temperature}")
    for flag, path in (("--output", args.output), ("--samples", getattr(args, "samples", None))):
        if path is not None:
            problem = _unwritable(Path(path))
            if problem:
                raise SystemExit(f"azr eval: {flag} {path}: {problem}")
    if Path(args.data).is_dir():
        raise SystemExit(f"azr eval: --data {args.data} is a folder; pass a JSONL file")


def _unwritable(path: Path) -> str | None:
    """Why a file cannot be written at ``path`` (its folder is made if missing), or None."""
    if path.is_dir():
        return "is a folder"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".check"):
            pass
    except OSError as exc:
        return f"cannot be written ({exc.strerror or exc})"
    return None


def _finite(value):
    """``value`` with every NaN or infinite float replaced by None (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def summary(report: dict) -> str:
    """One line per set: pass@k, format rate and what was skipped."""
    lines = []
    for name, r in report["results"].items():
        scores = "  ".join(f"{k} {v:.3f}" for k, v in r["pass_at_k"].items())
        lines.append(f"{name:<11} {r['n_tasks']:>4} tasks x {r['samples_per_task']}  {scores}  "
                     f"well-formed {r['well_formed_rate']:.3f}  ({r['n_skipped']} rows skipped, "
                     f"{r['n_duplicates']} duplicates)")
    return "\n".join(lines)


def run_command(args: argparse.Namespace) -> int:
    """``azr eval``: run, print one line per set, name the result file."""
    from agents.weights import quiet_transformers

    quiet_transformers()
    try:
        report = run(args)
    except (FileNotFoundError, RunInputError) as error:  # a run with no checkpoint, a damaged one, a folder as --data
        print(f"azr eval: {error}", file=sys.stderr)
        return 1
    print(summary(report))
    print(f"results written to {args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = add_arguments(argparse.ArgumentParser(prog="azr eval", description=__doc__.split("\n\n")[0]))
    return run_command(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
