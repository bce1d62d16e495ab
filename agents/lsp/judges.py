"""Judges that score from probabilities (G-Eval, Liu et al. 2023): a verdict from every model.

A judge asked to write ``<Score>5</Score>`` must first follow the format; SmolLM2-135M never
does, so every verdict fell back (docs/lsp.md). A :class:`ProbabilityJudge` does not ask the
model to write anything. It prefills the judge's reply up to the point where the verdict goes
(``<Score>``), runs one forward pass, and reads the next-token distribution over the labels
("0" .. "7"). The verdict is the probability-weighted mean of the label values, so any model
yields a score, and a confident model a sharp one.

Reading the labels does not depend on how the tokenizer spells them:

- a label's probability is the sum over every vocabulary token that spells it, with or
  without leading whitespace (``"5"``, ``" 5"``, ``"\\n5"``; :func:`azr_env.lsp.judge.label_of_token`);
- tokens that merge digits (``"56"``) spell no label;
- when the tokenizer writes whitespace as its own token (SmolLM2 writes ``"<Score> 5"`` as
  ``... ">", " ", "5"``), the judge also reads one token further, after the likeliest
  whitespace token, and adds P(whitespace) x P(label | whitespace).

Two judges are built on it:

- :func:`probability_judge`: the 7-point quality judge (LSP's R_Q) on 0..1;
- :func:`helpfulness_judge`: P("Yes") to "does the response answer the request?", a stand-in
  for the paper's reward model R where none is available offline (``reward="helpfulness"``).

>>> from agents.weights import load_model
>>> from azr_env.lsp import LSPPrompts
>>> model, tokenizer = load_model("tiny")
>>> judge = probability_judge(model, tokenizer, prompts=LSPPrompts(judge="{query} {answer} grade:"))
>>> [v.ok for v in judge.judge(["2+2?"], ["4"])]        # always a verdict, even from a random model
[True]
"""
from __future__ import annotations

import contextlib
import math
from typing import Callable, ContextManager, Sequence

import numpy as np
import torch

from azr_env.lsp.judge import MAX_SCORE, SCORE_LABELS, ProbabilityVerdict, expected_score, label_of_token
from azr_env.lsp.prompts import DEFAULT_PROMPTS, LSPPrompts, helpfulness_prompt, judge_prompt

SCORE_PREFILL = "<Score>"
"""Where the judge's reply is cut for the 7-point judge: the next token is the score."""

YES_NO = ("Yes", "No")


class LabelTable:
    """Which vocabulary ids spell which label, and which ids are whitespace only (built once per judge)."""

    def __init__(self, tokenizer, labels: Sequence[str]):
        self.labels = tuple(labels)
        if not self.labels or len(set(l.casefold() for l in self.labels)) != len(self.labels):
            raise ValueError(f"labels must be distinct and non-empty, got {self.labels}")
        size = len(tokenizer)
        texts = tokenizer.batch_decode([[i] for i in range(size)], skip_special_tokens=False,
                                       clean_up_tokenization_spaces=False)
        special = set(getattr(tokenizer, "all_special_ids", []) or [])
        ids, label_index, blanks = [], [], []
        for i, text in enumerate(texts):
            if i in special or not text:
                continue
            if not text.strip():
                blanks.append(i)
                continue
            k = label_of_token(text, self.labels)
            if k is not None:
                ids.append(i)
                label_index.append(k)
        missing = set(range(len(self.labels))) - set(label_index)
        if missing:
            raise ValueError(f"no token of this tokenizer spells the labels {[self.labels[k] for k in sorted(missing)]}")
        self.ids = torch.tensor(ids, dtype=torch.long)
        self.label_index = torch.tensor(label_index, dtype=torch.long)
        self.blank_ids = torch.tensor(blanks, dtype=torch.long)

    def label_probabilities(self, probs: torch.Tensor) -> torch.Tensor:
        """[B, vocab] next-token probabilities -> [B, labels]: each label's summed probability."""
        out = torch.zeros(probs.shape[0], len(self.labels), dtype=probs.dtype, device=probs.device)
        return out.index_add_(1, self.label_index.to(probs.device), probs[:, self.ids.to(probs.device)])


class ProbabilityJudge:
    """A judge whose verdict is the expected label value under the model's next-token distribution.

    ``template(query, answer)`` writes the judge prompt; it is rendered like a policy prompt
    (chat template when ``use_chat_template``), then ``prefill`` starts the judge's reply. The
    verdict's ``score`` is sum_k value_k P(label_k) / sum_k P(label_k) on the judge's own scale;
    calling the judge returns ``score / scale`` (0..1 for the shipped judges). A prompt longer
    than ``max_length - 1`` tokens keeps its last ``max_length - 1`` (the verdict's end; one
    position is left for the whitespace look-ahead). ``max_length`` defaults to the model's
    ``max_position_embeddings``.

    ``context`` is entered around every forward pass: the reference under LoRA is the policy
    with its adapters disabled (``policy.unwrapped.disable_adapter``).
    """

    def __init__(self, model, tokenizer, template: Callable[[str, str], str], *, labels: Sequence[str],
                 values: Sequence[float], prefill: str = "", scale: float = 1.0, fallback: float = 0.0,
                 use_chat_template: bool | None = None, system_prompt: str | None = None, batch_size: int = 8,
                 max_length: int | None = None, context: Callable[[], ContextManager] | None = None):
        from agents.policy import Policy

        if len(labels) != len(values):
            raise ValueError(f"{len(labels)} labels but {len(values)} values")
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError(f"scale must be a positive number, got {scale}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.model, self.tokenizer, self.template = model, tokenizer, template
        self.values = [float(v) for v in values]
        self.scale, self.fallback, self.batch_size = float(scale), float(fallback), batch_size
        self.table = LabelTable(tokenizer, labels)
        # Rendering exactly as the policy renders its prompts, with the prefill as the response prefix.
        self.renderer = Policy(model, tokenizer, use_chat_template=use_chat_template, system_prompt=system_prompt,
                               response_prefix=prefill)
        limit = getattr(getattr(model, "config", None), "max_position_embeddings", None)
        self.max_length = max_length or limit or 4096
        self.context = context or contextlib.nullcontext

    @property
    def labels(self) -> tuple[str, ...]:
        return self.table.labels

    @torch.no_grad()
    def label_probabilities(self, prompts: Sequence[str]) -> np.ndarray:
        """[len(prompts), labels] probability of each label as the reply's next token (one whitespace token allowed first)."""
        from agents.policy import collate

        if not prompts:
            return np.zeros((0, len(self.labels)))
        keep = max(1, self.max_length - 1)  # one position is left for the whitespace look-ahead
        ids = [row[-keep:] for row in self.renderer.encode_prompts(list(prompts))]
        device = next(self.model.parameters()).device
        pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        out = []
        with self.context():
            was_training = self.model.training
            self.model.eval()
            try:
                for start in range(0, len(ids), self.batch_size):
                    chunk = ids[start:start + self.batch_size]
                    batch = collate(chunk, [[]] * len(chunk), pad_id)
                    out.append(self._forward(batch.prompt_ids.to(device), batch.prompt_mask.to(device)))
            finally:
                self.model.train(was_training)
        return torch.cat(out).double().cpu().numpy()

    def _forward(self, input_ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        position_ids = (mask.cumsum(-1) - 1).clamp(min=0)  # left padding: positions as for the row alone
        blanks = self.table.blank_ids.to(input_ids.device)
        first = self.model(input_ids=input_ids, attention_mask=mask, position_ids=position_ids,
                           use_cache=len(blanks) > 0, logits_to_keep=1)
        probs = first.logits[:, -1, :].float().softmax(-1)
        labels = self.table.label_probabilities(probs)
        if len(blanks):
            # The verdict may start with whitespace written as its own token ("<Score>", " ", "5"):
            # one step further, after each row's likeliest whitespace token.
            blank_probs = probs[:, blanks]
            best = blank_probs.argmax(-1)
            token = blanks[best]
            attention = torch.cat([mask, torch.ones_like(mask[:, :1])], dim=1)
            second = self.model(input_ids=token[:, None], attention_mask=attention,
                                position_ids=mask.sum(-1, keepdim=True), past_key_values=first.past_key_values,
                                use_cache=False)
            after = self.table.label_probabilities(second.logits[:, -1, :].float().softmax(-1))
            labels = labels + blank_probs.gather(1, best[:, None]) * after
        return labels

    def verdicts(self, prompts: Sequence[str]) -> list[ProbabilityVerdict]:
        table = self.label_probabilities(prompts)
        return [expected_score(zip(self.values, row.tolist()), self.fallback) for row in table]

    def judge(self, queries: Sequence[str], answers: Sequence[str]) -> list[ProbabilityVerdict]:
        """One verdict per (query, answer) pair, on the judge's own scale, with its mass and entropy."""
        return self.verdicts([self.template(q, a) for q, a in zip(queries, answers, strict=True)])

    def scores(self, verdicts: Sequence[ProbabilityVerdict]) -> list[float]:
        return [v.score / self.scale for v in verdicts]

    def __call__(self, queries: Sequence[str], answers: Sequence[str]) -> list[float]:
        return self.scores(self.judge(queries, answers))


def probability_judge(model, tokenizer, *, prompts: LSPPrompts = DEFAULT_PROMPTS, fallback: float = 0.0,
                      use_chat_template: bool | None = None, system_prompt: str | None = None, batch_size: int = 8,
                      context=None) -> ProbabilityJudge:
    """The 7-point quality judge, read from P("0") .. P("7") after ``<Score>``; returns score / 7.

    ``fallback`` (0..7) is the score of a distribution with no mass on any label, which a
    softmax gives only when every label's logit is -inf.
    """
    return ProbabilityJudge(
        model, tokenizer, lambda q, a: judge_prompt(q, a, prompts), labels=SCORE_LABELS,
        values=[float(label) for label in SCORE_LABELS], prefill=SCORE_PREFILL, scale=MAX_SCORE, fallback=fallback,
        use_chat_template=use_chat_template, system_prompt=system_prompt, batch_size=batch_size, context=context,
    )


def helpfulness_judge(model, tokenizer, *, prompts: LSPPrompts = DEFAULT_PROMPTS, use_chat_template: bool | None = None,
                      system_prompt: str | None = None, batch_size: int = 8, context=None) -> ProbabilityJudge:
    """P(Yes) / (P(Yes) + P(No)) as the reply to ``prompts.helpfulness``: a reward on 0..1.

    Stands in for a sequence-classification reward model when none is at hand. It is the
    reference model's opinion, so it is only as good as that model (a weak signal at 135M).
    """
    return ProbabilityJudge(
        model, tokenizer, lambda q, a: helpfulness_prompt(q, a, prompts), labels=YES_NO, values=[1.0, 0.0],
        scale=1.0, use_chat_template=use_chat_template, system_prompt=system_prompt, batch_size=batch_size,
        context=context,
    )


__all__ = ["LabelTable", "ProbabilityJudge", "probability_judge", "helpfulness_judge", "SCORE_PREFILL", "YES_NO"]
