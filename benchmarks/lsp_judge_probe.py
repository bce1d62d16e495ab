"""Probe: what the reference judges of LSP say about six hand-written answers, on SmolLM2-135M.

For six (query, answer) pairs (a right answer and an irrelevant one, a haiku and gibberish, a
correct explanation and an empty answer) it prints:

- the 7-point probability judge (G-Eval): the expected score on 0..7, the probability mass on
  "0".."7" and the entropy (``agents.lsp.judges.probability_judge``);
- the helpfulness reward: P(Yes) / (P(Yes) + P(No)) (``helpfulness_judge``);
- with ``--text``, the 7-point judge decoding its verdict greedily (``judge_max_new_tokens`` =
  160, as the preset), parsed by ``parse_score``: whether a ``<Score>`` was read at all.

    python benchmarks/lsp_judge_probe.py --text          # about 2 minutes on 2 quiet cores
    python benchmarks/lsp_judge_probe.py --model tiny    # seconds; the verdicts mean nothing

A probe, not a test: six pairs say whether the judge separates obvious cases, not how well.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._common import machine  # noqa: E402

PAIRS = [
    ("What is the capital of France?", "The capital of France is Paris."),
    ("What is the capital of France?", "Bananas are yellow and grow in bunches."),
    ("Write a haiku about rain.", "Soft rain on the roof\nwhispers to the sleeping town\npuddles hold the sky"),
    ("Write a haiku about rain.", "asdf qwer zxcv 1234"),
    ("Explain why the sky is blue in two sentences.",
     "Sunlight is scattered by air molecules, and blue light scatters more than red because of its shorter "
     "wavelength. So we see blue light coming from all directions of the sky."),
    ("Explain why the sky is blue in two sentences.", ""),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="smollm2-cpu")
    parser.add_argument("--text", action="store_true", help="also run the text judge (greedy decoding)")
    parser.add_argument("--max-new-tokens", type=int, default=160)
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (1 helps on a busy machine)")
    opts = parser.parse_args(argv)

    import torch

    from agents.weights import quiet_transformers
    from agents.lsp.judges import helpfulness_judge, probability_judge
    from agents.lsp.rewards import model_judge
    from agents.weights import load_model

    quiet_transformers()
    if opts.threads:
        torch.set_num_threads(opts.threads)
    print(f"# judge probe on {machine()}, model {opts.model}, {time.strftime('%Y-%m-%d %H:%M:%S')}")
    model, tokenizer = load_model(opts.model)
    queries, answers = [q for q, _ in PAIRS], [a for _, a in PAIRS]
    t0 = time.perf_counter()
    seven = probability_judge(model, tokenizer).judge(queries, answers)
    t1 = time.perf_counter()
    helpful = helpfulness_judge(model, tokenizer)(queries, answers)
    t2 = time.perf_counter()
    print(f"probability judge {t1 - t0:.1f} s, helpfulness {t2 - t1:.1f} s (6 pairs, tables included)")
    print("| query | answer | 7-point score | mass | entropy | P(Yes) |")
    print("|---|---|---|---|---|---|")
    for (q, a), v, h in zip(PAIRS, seven, helpful):
        print(f"| {q[:30]} | {a[:30]!r} | {v.score:.3f} | {v.mass:.3f} | {v.entropy:.3f} | {h:.3f} |")
    if opts.text:
        judge = model_judge(model, tokenizer, max_new_tokens=opts.max_new_tokens, scoring="text")
        t0 = time.perf_counter()
        verdicts = judge.judge(queries, answers)
        print(f"text judge ({opts.max_new_tokens} tokens, greedy) {time.perf_counter() - t0:.1f} s: "
              f"parse rate {sum(v.ok for v in verdicts)}/{len(verdicts)}")
        for v in verdicts:
            print(f"  {v.source}: {v.score} ({v.reason})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
