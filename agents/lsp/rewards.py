"""Reward functions for Language Self-Play that need a model (torch side).

Every reward function is a callable ``(queries, answers) -> list[float]``
(:class:`azr_env.lsp.scoring.RewardFunction`) and lives on the 0..1 scale:

* :class:`RewardModel`: a ``transformers`` sequence-classification reward model, by hub id or
  local path (or an already loaded model), its logit squashed by a sigmoid (docs/lsp.md);
* :func:`reference_judge`: the 7-point quality judge run by the policy's frozen reference model,
  which is LSP's self-reward R_Q (it can also serve as R itself). Small judges read the verdict
  from probabilities (:mod:`agents.lsp.judges`), larger ones write it (``scoring``);
* :func:`model_judge`: the same judge around any causal LM and tokenizer;
* :func:`reference_helpfulness`: the reference model's P("Yes") that an answer serves its
  request, a stand-in for a reward model R;
* :class:`VerifiableReward` (= :class:`azr_env.lsp.scoring.CallableReward`): a per-pair check
  ``fn(query, answer) -> bool | float`` turned into a reward function that never raises;
* :func:`make_reward_fn`: builds one from a config string (``"judge"``, ``"judge-probability"``,
  ``"judge-text"``, ``"helpfulness"``, ``"overlap"``, ``"reward-model:PATH_OR_ID"``, ``"module:attr"``).

>>> exact = VerifiableReward(lambda q, a: a.strip() == "4")
>>> exact(["2+2?"], [" 4 "])
[1.0]
"""
from __future__ import annotations

import importlib
import math
from typing import Any, Sequence

import torch

from agents.errors import RunInputError, one_line
from azr_env.lsp.prompts import DEFAULT_PROMPTS, LSPPrompts
from azr_env.lsp.scoring import CallableReward, JudgeReward, RewardFunction, overlap_reward

VerifiableReward = CallableReward

__all__ = [
    "RewardFunction", "RewardModel", "VerifiableReward", "JudgeReward", "reference_judge", "model_judge",
    "reference_helpfulness", "judge_scoring_for", "make_reward_fn", "JUDGE_SAMPLING_STOP",
]

JUDGE_SAMPLING_STOP = ("</Score>",)


class RewardModel:
    """A sequence-classification reward model: R(q, a) = sigmoid(logit / temperature) on 0..1.

    ``model`` is a hub id, a local directory, or a loaded ``AutoModelForSequenceClassification``
    (then pass ``tokenizer``). A query and an answer are shown to the model as a user turn and
    an assistant turn of its chat template when the tokenizer has one, otherwise as a text pair.
    With one label the logit is the score (Bradley-Terry reward models); with two it is the
    log-odds of label 1 over label 0. ``normalise="none"`` returns the raw score.

    The sigmoid of a Bradley-Terry logit is the modelled probability that the answer beats an
    answer of score 0; ``temperature`` widens it for models whose logits are large.
    """

    def __init__(self, model: str | Any, tokenizer: Any = None, *, normalise: str = "sigmoid",
                 temperature: float = 1.0, batch_size: int = 8, max_length: int = 2048, device: str | None = None):
        if normalise not in ("sigmoid", "none"):
            raise ValueError("normalise must be 'sigmoid' or 'none'")
        if isinstance(model, str):
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            tokenizer = tokenizer or AutoTokenizer.from_pretrained(model)
            model = AutoModelForSequenceClassification.from_pretrained(model)
        if tokenizer is None:
            raise ValueError("a loaded reward model needs its tokenizer")
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        if getattr(model.config, "pad_token_id", None) is None:
            # Sequence classifiers read the last non-pad token, so they must know the pad id.
            model.config.pad_token_id = tokenizer.pad_token_id
        if model.config.num_labels not in (1, 2):
            raise ValueError(f"a reward model has 1 or 2 labels, this one has {model.config.num_labels}")
        self.model = model.to(device) if device else model
        self.model.eval()
        self.model.requires_grad_(False)
        self.tokenizer = tokenizer
        self.normalise = normalise
        self.temperature = float(temperature)
        self.batch_size = batch_size
        self.max_length = max_length

    def _encode(self, queries: Sequence[str], answers: Sequence[str]):
        tok = self.tokenizer
        kwargs = dict(padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
        if getattr(tok, "chat_template", None):
            texts = [tok.apply_chat_template([{"role": "user", "content": q}, {"role": "assistant", "content": a}],
                                             tokenize=False) for q, a in zip(queries, answers)]
            return tok(texts, add_special_tokens=False, **kwargs)
        return tok(list(queries), list(answers), **kwargs)

    @torch.no_grad()
    def raw_scores(self, queries: Sequence[str], answers: Sequence[str]) -> list[float]:
        """The model's scores before normalisation (logit, or log-odds for two labels)."""
        device = next(self.model.parameters()).device
        out: list[float] = []
        for start in range(0, len(queries), self.batch_size):
            batch = self._encode(queries[start:start + self.batch_size], answers[start:start + self.batch_size])
            logits = self.model(**{k: v.to(device) for k, v in batch.items()}).logits.float()
            scores = logits[:, 0] if logits.shape[1] == 1 else logits[:, 1] - logits[:, 0]
            out.extend(scores.tolist())
        return out

    def __call__(self, queries: Sequence[str], answers: Sequence[str]) -> list[float]:
        raw = self.raw_scores(list(queries), list(answers))
        if self.normalise == "none":
            return raw
        return [1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, s / self.temperature)))) for s in raw]


def judge_scoring_for(scoring: str, model) -> str:
    """Resolve ``"auto"``: ``"probability"`` for a judge below ``SMALL_JUDGE_MAX_PARAMS`` parameters, else ``"text"``."""
    from agents.lsp.config import JUDGE_SCORINGS, SMALL_JUDGE_MAX_PARAMS

    if scoring not in JUDGE_SCORINGS:
        raise ValueError(f"judge scoring must be one of {JUDGE_SCORINGS}, got {scoring!r}")
    if scoring != "auto":
        return scoring
    return "probability" if sum(p.numel() for p in model.parameters()) < SMALL_JUDGE_MAX_PARAMS else "text"


def model_judge(model, tokenizer, *, prompts: LSPPrompts = DEFAULT_PROMPTS, max_new_tokens: int = 256,
                fallback: float = 0.0, use_chat_template: bool | None = None, gen_batch_size: int = 16,
                system_prompt: str | None = None, scoring: str = "auto", batch_size: int = 8, context=None):
    """The 7-point judge played by ``model``, on 0..1.

    ``scoring="text"``: greedy decoding, stopping after ``</Score>``, read by ``parse_score``
    (a :class:`JudgeReward`); ``"probability"``: the expected score under P("0".."7") after a
    prefilled ``<Score>`` (:func:`agents.lsp.judges.probability_judge`); ``"auto"``: probability
    for models under 1e9 parameters. ``context`` wraps every forward of the probability judge.
    """
    from agents.policy import Policy

    if judge_scoring_for(scoring, model) == "probability":
        from agents.lsp.judges import probability_judge

        return probability_judge(model, tokenizer, prompts=prompts, fallback=fallback, use_chat_template=use_chat_template,
                                 system_prompt=system_prompt, batch_size=batch_size, context=context)
    judge_policy = Policy(model, tokenizer, use_chat_template=use_chat_template, gen_batch_size=gen_batch_size,
                          system_prompt=system_prompt)
    generate = _greedy(judge_policy, max_new_tokens)
    if context is not None:
        plain = generate

        def generate(texts: list[str]) -> list[str]:
            with context():
                return plain(texts)

    return JudgeReward(generate, prompts=prompts, fallback=fallback)


def _reference(policy):
    """(model, context) of ``policy``'s frozen reference: its copy, or the base model with adapters off."""
    if policy.ref_model is not None:
        return policy.ref_model, None
    if policy.reference_is_base:
        return policy.unwrapped, policy.unwrapped.disable_adapter
    raise ValueError("the judge needs the policy's reference model: build the policy with a KL coefficient > 0")


def reference_judge(policy, *, prompts: LSPPrompts = DEFAULT_PROMPTS, max_new_tokens: int = 256,
                    fallback: float = 0.0, scoring: str = "auto", batch_size: int = 8):
    """LSP's quality self-reward R_Q: the judge played by ``policy``'s frozen reference model.

    Uses the reference copy, or, under LoRA, the base model with its adapters disabled. The
    policy must have a reference (it does when a KL coefficient is above 0). ``scoring`` as in
    :func:`model_judge`.
    """
    model, context = _reference(policy)
    return model_judge(model, policy.tokenizer, prompts=prompts, max_new_tokens=max_new_tokens, fallback=fallback,
                       use_chat_template=policy.use_chat_template, gen_batch_size=policy.gen_batch_size,
                       system_prompt=policy.system_prompt, scoring=scoring, batch_size=batch_size, context=context)


def reference_helpfulness(policy, *, prompts: LSPPrompts = DEFAULT_PROMPTS, batch_size: int = 8):
    """R from the reference model when no reward model is at hand: P(Yes) / (P(Yes) + P(No)) on 0..1."""
    from agents.lsp.judges import helpfulness_judge

    model, context = _reference(policy)
    return helpfulness_judge(model, policy.tokenizer, prompts=prompts, use_chat_template=policy.use_chat_template,
                             system_prompt=policy.system_prompt, batch_size=batch_size, context=context)


def _greedy(policy, max_new_tokens: int):
    from agents.policy import SamplingConfig

    sampling = SamplingConfig(max_new_tokens=max_new_tokens, greedy=True, stop=JUDGE_SAMPLING_STOP)

    def generate(texts: list[str]) -> list[str]:
        return [g.text for g in policy.generate(texts, sampling)]

    return generate


def make_reward_fn(spec: str, *, policy=None, prompts: LSPPrompts = DEFAULT_PROMPTS, judge_max_new_tokens: int = 256,
                   judge_fallback: float = 0.0, judge_scoring: str = "auto", judge_batch_size: int = 8) -> RewardFunction:
    """A reward function from its name in a config:

    * ``"judge"``: the 7-point judge played by ``policy``'s reference model, scored as
      ``judge_scoring`` says (``"auto"``, ``"probability"``, ``"text"``);
    * ``"judge-probability"`` / ``"judge-text"``: the same judge with that scoring;
    * ``"helpfulness"``: the reference model's P(Yes) that the answer serves the request;
    * ``"overlap"``: the model-free stand-in (tests, smoke runs);
    * ``"reward-model:PATH_OR_ID"``: a :class:`RewardModel`;
    * ``"module:attr"``: an importable reward function (or a zero-argument factory of one,
      when ``attr`` is a class or ends in ``()``).
    """
    from agents.lsp.config import JUDGE_SPECS

    if spec in JUDGE_SPECS:
        return reference_judge(policy, prompts=prompts, max_new_tokens=judge_max_new_tokens, fallback=judge_fallback,
                               scoring=JUDGE_SPECS[spec] or judge_scoring, batch_size=judge_batch_size)
    if spec == "helpfulness":
        return reference_helpfulness(policy, prompts=prompts, batch_size=judge_batch_size)
    if spec == "overlap":
        return overlap_reward
    if spec.startswith("reward-model:"):
        try:
            return RewardModel(spec.split(":", 1)[1])
        except (OSError, ValueError) as exc:  # no such directory or hub id, weights that do not load
            raise RunInputError(f"reward {spec!r} cannot be loaded: {one_line(exc)}") from None
    if ":" in spec:
        module, attr = spec.split(":", 1)
        call = attr.endswith("()")
        try:
            obj = getattr(importlib.import_module(module), attr.removesuffix("()"))
        except (ImportError, AttributeError) as exc:
            raise RunInputError(f"reward {spec!r} cannot be loaded: {one_line(exc)}") from None
        return obj() if call or isinstance(obj, type) else obj
    raise RunInputError(f"unknown reward {spec!r}: use 'judge', 'judge-probability', 'judge-text', 'helpfulness', "
                     "'overlap', 'reward-model:PATH_OR_ID' or 'module:attr'")
