"""Which generated families suit a model: its greedy and sampled solve rate per family, untrained.

A family where the model is never right gives a GRPO group nothing to learn from (every answer gets
the same reward), and one where it is always right gives nothing either; the recipe trains on the
families between (``agents.config.SMOLLM2_FAMILIES``). The instances probed come from a generator
seed of their own (99 by default), never from the train or held-out splits of a run, so choosing
families this way does not select held-out instances.

    python benchmarks/probe_families.py                                 # SmolLM2-135M, 5 instances x 6 samples
    python benchmarks/probe_families.py --model tiny --instances 1 --samples 2 --families str_reverse,int_mod

About 15 minutes for every family on a loaded 2-core machine (torch threads 1); the table goes to
stdout and ``--out`` (JSON).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="smollm2-cpu")
    parser.add_argument("--instances", type=int, default=5, help="instances per family")
    parser.add_argument("--samples", type=int, default=6, help="sampled answers per instance")
    parser.add_argument("--temperature", type=float, default=0.6)
    parser.add_argument("--max-new-tokens", type=int, default=16)
    parser.add_argument("--families", default=None, help="comma-separated (default: all)")
    parser.add_argument("--generator-seed", type=int, default=99)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "runs" / "probe_families.json")
    opts = parser.parse_args(argv)

    import torch

    from agents.evaluate import TaskSet, evaluate_policy
    from agents.policy import Policy, SamplingConfig
    from agents.seeds import solve_rates
    from azr_env.executor import Executor
    from azr_env.tasks import TaskConfig, TaskType
    from azr_env.tasks.generator import FAMILIES, family_of, generate_splits

    torch.set_num_threads(opts.threads)
    names = opts.families.split(",") if opts.families else list(FAMILIES)
    config = TaskConfig(prompt_style="completion")
    policy = Policy.from_pretrained(opts.model, use_chat_template=False, gen_batch_size=96)
    started = time.time()
    with Executor(workers=1) as executor:
        tasks = generate_splits(executor, seed=opts.generator_seed, n_train=opts.instances, n_heldout=0,
                                n_heldout_families=0, families=names, heldout_families=[]).train
        greedy = evaluate_policy(policy, [TaskSet("probe", TaskType.DEDUCTION, tasks, len(tasks))], executor, config,
                                 max_new_tokens=opts.max_new_tokens, batch_size=96)[0]
        sampling = SamplingConfig(opts.max_new_tokens, temperature=opts.temperature)
        rates = solve_rates(policy, executor, tasks, config, opts.samples, sampling)
    table = defaultdict(lambda: {"greedy": 0.0, "sampled": 0.0, "solved_at_least_once": 0.0, "instances": 0})
    for task, row, rate in zip(tasks, greedy.per_task, rates):
        entry = table[family_of(task)]
        entry["greedy"] += row["c"]
        entry["sampled"] += rate
        entry["solved_at_least_once"] += rate > 0
        entry["instances"] += 1
    for entry in table.values():
        for key in ("greedy", "sampled", "solved_at_least_once"):
            entry[key] = round(entry[key] / entry["instances"], 3)
    ordered = dict(sorted(table.items(), key=lambda item: -item[1]["sampled"]))
    print(f"{'family':<24} greedy  sampled  solved once in {opts.samples}")
    for name, entry in ordered.items():
        print(f"{name:<24} {entry['greedy']:>6.2f}  {entry['sampled']:>7.2f}  {entry['solved_at_least_once']:>6.2f}")
    report = {"model": opts.model, "temperature": opts.temperature, "samples": opts.samples,
              "instances_per_family": opts.instances, "seconds": round(time.time() - started), "families": ordered}
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
