"""Rollout generation: the agent's ``Policy.generate`` against one plain batched ``model.generate``.

Both sides get the same model, the same B prompt token ids (CRUXEval solver prompts, rendered as
the agent renders them), the same ``max_new_tokens`` and the same sampling settings. The plain side
is what a user would write by hand: left-padded ids and ``model.generate(..., do_sample=True,
temperature=T, top_p=1, top_k=0)``, nothing else (``top_k=0`` because transformers otherwise
samples from the top 50 tokens, and the agent, like the AZR paper, samples from all of them). The
agent side is exactly the training path: its lean decoding loop, the stop-string criterion on
``</answer>``, EOS handling, decoding and cutting of every completion.

With ``--group G`` the B prompts are B/G distinct ones, each repeated G times, as in a GRPO batch or
the n solver attempts at a task: the agent then runs each distinct prompt once and shares its KV
cache among its rows, which the plain call cannot do.

Throughput is generated tokens per second: the tokens each row produced up to and including its
EOS (the agent also stops a row at ``</answer>``). Both sides draw from the same seed, so with the
same logits processors they sample the same tokens; the script checks that and says so. Figures
are the best of R alternating repetitions after one untimed warm-up of each side (the machine is
shared; the best is the least disturbed). Target (DESIGN.md): agent >= 0.9x plain.

    python benchmarks/bench_generation.py --quick        # tiny model, B=8, 64 new tokens, best of 5: about a minute
    python benchmarks/bench_generation.py                # tiny (B=16, 128 tokens, best of 9), then smollm2-cpu
                                                         # when installed (B=8, 64 tokens, best of 5): ~10 min
    python benchmarks/bench_generation.py --models smollm2-cpu --batch 8 --max-new-tokens 64 --repeats 5
    python benchmarks/bench_generation.py --quick --group 4            # 2 distinct prompts x 4
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import torch  # noqa: E402

from benchmarks._common import DEFAULT_CRUXEVAL, load_jsonl, machine  # noqa: E402
from agents.weights import load_model  # noqa: E402
from agents.policy import Policy, SamplingConfig, collate  # noqa: E402
from azr_env.tasks import Task, TaskConfig, build_solver_prompt  # noqa: E402

TARGET = 0.9


def solver_prompts(n: int, data: Path) -> list[str]:
    if data.exists():
        rows = load_jsonl(data)[:n]
        tasks = [Task("deduction", r["code"], r["input"], r["output"]) for r in rows]
    else:  # without the shared data: small synthetic programs
        tasks = [Task("deduction", f"def f(a):\n    return [x * {i} for x in a]", "[1, 2, 3]", "") for i in range(n)]
    config = TaskConfig()
    return [build_solver_prompt(t, config) for t in tasks]


def generated_tokens(rows: list[list[int]], eos_ids: set[int]) -> int:
    total = 0
    for row in rows:
        for j, token in enumerate(row):
            if token in eos_ids:
                total += j + 1
                break
        else:
            total += len(row)
    return total


def plain_generate(model, ids, pad_id, eos_ids, max_new_tokens, temperature, greedy):
    batch = collate(ids, [[]] * len(ids), pad_id)
    kwargs = dict(do_sample=False) if greedy else dict(do_sample=True, temperature=temperature, top_p=1.0, top_k=0)
    with torch.no_grad():
        out = model.generate(input_ids=batch.prompt_ids, attention_mask=batch.prompt_mask,
                             max_new_tokens=max_new_tokens, pad_token_id=pad_id, eos_token_id=sorted(eos_ids), **kwargs)
    return out[:, batch.prompt_ids.shape[1]:].tolist()


def bench_model(spec: str, batch: int, max_new_tokens: int, repeats: int, temperature: float, greedy: bool,
                data: Path, group: int = 1) -> dict:
    start = time.perf_counter()
    model, tokenizer = load_model(spec)
    load_s = time.perf_counter() - start
    model.eval()
    policy = Policy(model, tokenizer, gen_batch_size=batch)
    # group > 1: batch // group distinct prompts, each repeated group times (a GRPO batch)
    prompts = [p for p in solver_prompts(max(1, batch // group), data) for _ in range(group)][:batch]
    ids = policy.encode_prompts(prompts)
    eos = set(policy.eos_ids)
    pad = tokenizer.pad_token_id
    sampling = SamplingConfig(max_new_tokens=max_new_tokens, temperature=temperature, top_p=1.0, greedy=greedy)

    def agent():
        torch.manual_seed(1234)
        gens = policy.generate(prompts, sampling)
        return sum(len(g.completion_ids) for g in gens), [g.completion_ids for g in gens]

    nostop = SamplingConfig(max_new_tokens=max_new_tokens, temperature=temperature, top_p=1.0, greedy=greedy, stop=())

    def agent_nostop():  # diagnostic: the same path without the stop-string criterion
        torch.manual_seed(1234)
        gens = policy.generate(prompts, nostop)
        return sum(len(g.completion_ids) for g in gens), [g.completion_ids for g in gens]

    def plain():
        torch.manual_seed(1234)
        rows = plain_generate(model, ids, pad, eos, max_new_tokens, temperature, greedy)
        return generated_tokens(rows, eos), rows

    agent(), plain(), agent_nostop()  # warm-up: allocator, kernels, the stop-string tables
    times = {"a": [], "p": [], "n": []}
    rows = {}
    sides = [("a", agent), ("p", plain), ("n", agent_nostop)]
    for r in range(repeats):
        for side, fn in sides[r % 3:] + sides[: r % 3]:  # rotate the order
            t0 = time.perf_counter()
            tokens, rows[side] = fn()
            times[side].append((time.perf_counter() - t0, tokens))
    a_rows, p_rows = rows["a"], rows["p"]
    a_times, p_times = times["a"], times["p"]
    # Same seed, same processors: the agent's completions are prefixes of the plain ones (the agent
    # may cut a row at </answer>).
    same = all(list(p[: len(a)]) == list(a) for a, p in zip(a_rows, p_rows))
    a_best = min(a_times)
    p_best = min(p_times)
    a_rate = a_best[1] / a_best[0]
    p_rate = p_best[1] / p_best[0]
    return {
        "model": spec, "params": sum(p.numel() for p in model.parameters()), "load_s": load_s,
        "prompt_tokens": [min(map(len, ids)), max(map(len, ids))], "batch": batch,
        "max_new_tokens": max_new_tokens, "agent_s": a_best[0], "agent_tokens": a_best[1], "agent_tps": a_rate,
        "plain_s": p_best[0], "plain_tokens": p_best[1], "plain_tps": p_rate, "ratio": a_rate / p_rate,
        "same_tokens": same, "nostop_s": min(times["n"])[0], "nostop_tps": min(times["n"])[1] / min(times["n"])[0],
        "agent_median_s": sorted(t for t, _ in a_times)[len(a_times) // 2],
        "plain_median_s": sorted(t for t, _ in p_times)[len(p_times) // 2], "chat_template": policy.use_chat_template,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny model only, B=8, 64 new tokens, best of 5")
    parser.add_argument("--models", default=None, help="comma-separated model specs (default: tiny[,smollm2-cpu])")
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--max-new-tokens", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument("--greedy", action="store_true")
    parser.add_argument("--group", type=int, default=1,
                        help="each distinct prompt repeated this many times, as in a GRPO batch (default 1: all distinct)")
    parser.add_argument("--data", type=Path, default=DEFAULT_CRUXEVAL)
    args = parser.parse_args(argv)
    from transformers.utils import logging

    logging.set_verbosity_error()  # no GGUF progress bars or generation advice in the figures
    logging.disable_progress_bar()

    if args.models:
        models = [m.strip() for m in args.models.split(",") if m.strip()]
    elif args.quick:
        models = ["tiny"]
    else:
        from agents.weights import find_smollm2_gguf

        models = ["tiny"] + (["smollm2-cpu"] if find_smollm2_gguf() is not None else [])
    print(f"machine: {machine()}; torch {torch.__version__}, {torch.get_num_threads()} threads; "
          f"load average {os.getloadavg()[0]:.2f}; {'greedy' if args.greedy else f'temperature {args.temperature}'}")
    for spec in models:
        # (batch, max new tokens, repeats): the full-mode sizes per model, unless given
        sizes = (8, 64, 5) if args.quick else ((16, 128, 9) if spec == "tiny" else (8, 64, 5))
        b, max_new, repeats = args.batch or sizes[0], args.max_new_tokens or sizes[1], args.repeats or sizes[2]
        r = bench_model(spec, b, max_new, repeats, args.temperature, args.greedy, args.data, args.group)
        print(f"\n{spec} ({r['params'] / 1e6:.2f} M params, loaded in {r['load_s']:.1f} s; B={b}, "
              f"max_new_tokens {max_new}, best of {repeats}; {b // args.group} distinct prompts x {args.group}; "
              f"prompts {r['prompt_tokens'][0]}-{r['prompt_tokens'][1]} tokens, chat template {r['chat_template']})")
        print(f"  plain model.generate : {r['plain_tokens']:6d} tokens in {r['plain_s']:7.2f} s = {r['plain_tps']:8.1f} tokens/s")
        print(f"  agent Policy.generate: {r['agent_tokens']:6d} tokens in {r['agent_s']:7.2f} s = {r['agent_tps']:8.1f} tokens/s")
        print(f"  agent, no stop string: {r['agent_tokens']:6d} tokens in {r['nostop_s']:7.2f} s = {r['nostop_tps']:8.1f} tokens/s"
              f"   (diagnostic: {r['nostop_tps'] / r['plain_tps']:.3f}x plain)")
        print(f"  medians: plain {r['plain_median_s']:.2f} s, agent {r['agent_median_s']:.2f} s")
        print(f"  ratio agent/plain    : {r['ratio']:.3f}x (target >= {TARGET}x: {'met' if r['ratio'] >= TARGET else 'NOT met'}); "
              f"same sampled tokens: {'yes' if r['same_tokens'] else 'no'}")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
