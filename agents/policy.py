"""The policy: one HF causal LM (and its tokenizer) that plays every role, plus what an update needs.

* ``Policy.generate`` samples completions for a list of prompt texts, in batches with left padding and
  the KV cache (HF ``generate``), with temperature, top-p and stop strings. A completion ends at its
  first stop string (kept) or EOS (kept as a token, dropped from the text); tokens sampled after
  that are discarded.
* ``Policy.log_probs`` recomputes the log-probabilities of those completion tokens under gradient
  (and optionally the per-token entropy) for the update; ``Policy.ref_log_probs`` does the same
  without gradient under the frozen reference.
* Shared parameters: the proposer and the solver of every task type are the same ``model``; only
  their prompts differ. The reference exists only when a KL coefficient is above 0: a deep copy of
  the initial model, or, with LoRA, the same model with its adapters disabled (no copy at all).

>>> from agents.weights import load_model
>>> policy = Policy(*load_model("tiny"))
>>> gens = policy.generate(["2+2=<answer>"], SamplingConfig(max_new_tokens=4, temperature=1.0))
>>> len(gens[0].completion_ids) <= 4
True
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Iterable, Sequence

import torch

from agents.algorithms.ppo import entropy_from_logits


@dataclass(frozen=True)
class SamplingConfig:
    """How completions are sampled. ``greedy`` ignores temperature and top-p."""

    max_new_tokens: int = 256
    temperature: float = 1.0
    top_p: float = 1.0
    stop: tuple[str, ...] = ("</answer>",)
    greedy: bool = False


@dataclass
class Generation:
    """One sampled completion. ``finish_reason`` is ``"stop"``, ``"eos"`` or ``"length"``.

    ``completion_ids`` are the sampled tokens (what the update trains on); ``text`` is the response
    an env reads: the policy's ``response_prefix``, the decoded completion, and a closing
    ``</answer>`` when ``close_answer_at_eos`` applies.
    """

    prompt_ids: list[int]
    completion_ids: list[int]
    text: str  # the response as an env reads it: the policy's response prefix, then the completion
    finish_reason: str


@dataclass
class TokenBatch:
    """Prompts left-padded to width P and completions right-padded to width T, ready for a forward."""

    prompt_ids: torch.Tensor  # [B, P]
    prompt_mask: torch.Tensor  # [B, P]
    completion_ids: torch.Tensor  # [B, T]
    completion_mask: torch.Tensor  # [B, T], 1 on generated tokens

    def to(self, device) -> "TokenBatch":
        return TokenBatch(*(t.to(device) for t in (self.prompt_ids, self.prompt_mask, self.completion_ids, self.completion_mask)))


def collate(prompts: Sequence[Sequence[int]], completions: Sequence[Sequence[int]], pad_id: int) -> TokenBatch:
    """Pad token-id lists into a ``TokenBatch`` (prompts on the left, completions on the right)."""
    B = len(prompts)
    P = max((len(p) for p in prompts), default=0)
    T = max(max((len(c) for c in completions), default=0), 1)  # width >= 1 keeps shapes valid
    prompt_ids = torch.full((B, P), pad_id, dtype=torch.long)
    prompt_mask = torch.zeros((B, P), dtype=torch.long)
    completion_ids = torch.full((B, T), pad_id, dtype=torch.long)
    completion_mask = torch.zeros((B, T), dtype=torch.long)
    for i, (p, c) in enumerate(zip(prompts, completions)):
        if p:
            prompt_ids[i, P - len(p):] = torch.as_tensor(list(p))
            prompt_mask[i, P - len(p):] = 1
        if c:
            completion_ids[i, : len(c)] = torch.as_tensor(list(c))
            completion_mask[i, : len(c)] = 1
    return TokenBatch(prompt_ids, prompt_mask, completion_ids, completion_mask)


def completion_log_probs(model, batch: TokenBatch, *, temperature: float = 1.0, with_entropy: bool = False,
                         with_hidden: bool = False):
    """log pi(y_t | x, y_<t) for every completion token (0 on padding), and the entropy when asked.

    Positions come from the attention mask, as in HF generation with left padding, so a padded row
    scores exactly like the same row alone. Only the last T+1 positions' logits are materialised
    (prompts can be long and vocabularies large). Logits are divided by the sampling temperature, so
    the log-probs are those of the distribution that was sampled (top-p truncation aside).

    ``with_hidden`` adds a third result: the last hidden state [B, T, H] at the positions whose
    logits predict the completion tokens, i.e. of the states s_t = (x, y_<t) a value head reads.
    """
    T = batch.completion_ids.shape[1]
    out = _padded_forward(model, batch, logits_to_keep=T + 1, with_hidden=with_hidden)
    logits = out.logits[:, -(T + 1):-1, :].float()  # the logits at position j predict token j+1
    if temperature != 1.0:
        logits = logits / temperature
    token_logits = logits.gather(-1, batch.completion_ids.unsqueeze(-1)).squeeze(-1)
    logp = (token_logits - torch.logsumexp(logits, dim=-1)) * batch.completion_mask
    entropy = entropy_from_logits(logits) * batch.completion_mask if with_entropy else None
    if with_hidden:
        return logp, entropy, out.hidden_states[-1][:, -(T + 1):-1, :]
    return logp, entropy


def _padded_forward(model, batch: TokenBatch, *, logits_to_keep: int, with_hidden: bool):
    input_ids = torch.cat([batch.prompt_ids, batch.completion_ids], dim=1)
    attention_mask = torch.cat([batch.prompt_mask, batch.completion_mask], dim=1)
    position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
    # hidden_states[-1] is the last layer's output after the final norm (HF's last_hidden_state).
    extra = {"output_hidden_states": True} if with_hidden else {}
    return model(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                 use_cache=False, logits_to_keep=logits_to_keep, **extra)


def completion_hidden_states(model, batch: TokenBatch) -> torch.Tensor:
    """The last hidden state [B, T, H] of the states s_t = (x, y_<t) of every completion token, as
    ``completion_log_probs(..., with_hidden=True)`` returns it, without the logits (a critic model's
    forward: its LM head runs on one position only)."""
    T = batch.completion_ids.shape[1]
    out = _padded_forward(model, batch, logits_to_keep=1, with_hidden=True)
    return out.hidden_states[-1][:, -(T + 1):-1, :]


def shared_prompt_log_probs(model, prompt_ids: Sequence[int], completions: Sequence[Sequence[int]], pad_id: int, *,
                            temperature: float = 1.0, with_entropy: bool = False, device=None,
                            with_hidden: bool = False, with_logits: bool = True):
    """``completion_log_probs`` for G completions of ONE prompt, running the prompt only once.

    The prompt goes through the model once (batch 1) with the KV cache on; its keys and values
    are repeated G times and the G completions run on top of them. Autograd sums the G rows'
    gradients back into the one prompt pass, so the log-probs and their gradients are those of
    the padded batch (up to float rounding) at about 1/G of the prompt's cost: with GRPO groups
    or n solver attempts per task, and prompts much longer than completions, most of an update's
    work. Calls the model twice per backward, so it is for single-process training (under DDP each
    forward would sync). Returns ``(logp [G, T], entropy [G, T] or None, completion_mask [G, T])``,
    and with ``with_hidden`` a fourth result, the hidden states [G, T, H] of the states s_t
    (see ``completion_log_probs``). ``with_logits=False`` (with ``with_hidden``) computes no logits at
    all and returns ``(None, None, completion_mask, hidden)``: a critic model's forward.
    """
    device = device or next(model.parameters()).device
    G = len(completions)
    T = max(max((len(c) for c in completions), default=0), 1)
    completion_ids = torch.full((G, T), pad_id, dtype=torch.long)
    completion_mask = torch.zeros((G, T), dtype=torch.long)
    for i, c in enumerate(completions):
        if c:
            completion_ids[i, : len(c)] = torch.as_tensor(list(c))
            completion_mask[i, : len(c)] = 1
    completion_ids, completion_mask = completion_ids.to(device), completion_mask.to(device)
    prompt = torch.as_tensor([list(prompt_ids)], dtype=torch.long, device=device)
    P = prompt.shape[1]
    extra = {"output_hidden_states": True} if with_hidden else {}
    head = model(input_ids=prompt, use_cache=True, logits_to_keep=1, **extra)
    cache = head.past_key_values
    cache.batch_repeat_interleave(G)  # differentiable: gradients of the G copies add up
    attention_mask = torch.cat([torch.ones((G, P), dtype=torch.long, device=device), completion_mask], dim=1)
    position_ids = (P + torch.arange(T, device=device)).unsqueeze(0).expand(G, T)
    tail = model(input_ids=completion_ids, attention_mask=attention_mask, position_ids=position_ids,
                 past_key_values=cache, use_cache=True, logits_to_keep=T if with_logits else 1, **extra)
    hidden = None
    if with_hidden:  # s_0 is the prompt's last position; s_t (t >= 1) is completion position t-1
        hidden = torch.cat([head.hidden_states[-1][:, -1:, :].expand(G, 1, -1),
                            tail.hidden_states[-1][:, : T - 1, :]], dim=1)
        if not with_logits:
            return None, None, completion_mask, hidden
    # The prompt's last position predicts completion token 0; completion position j predicts j+1.
    logits = torch.cat([head.logits[:, -1:, :].expand(G, 1, -1), tail.logits[:, : T - 1, :]], dim=1).float()
    if temperature != 1.0:
        logits = logits / temperature
    token_logits = logits.gather(-1, completion_ids.unsqueeze(-1)).squeeze(-1)
    logp = (token_logits - torch.logsumexp(logits, dim=-1)) * completion_mask
    entropy = entropy_from_logits(logits) * completion_mask if with_entropy else None
    if with_hidden:
        return logp, entropy, completion_mask, hidden
    return logp, entropy, completion_mask


class _StopRecorder:
    """Wraps HF's StopStringCriteria and remembers the sequence length at which each row first stopped."""

    def __init__(self, inner, batch_size: int, device):
        self.inner = inner
        self.stop_len = torch.full((batch_size,), -1, dtype=torch.long, device=device)

    def __call__(self, input_ids, scores, **kwargs):
        done = self.inner(input_ids, scores, **kwargs)
        self.stop_len = torch.where(done & (self.stop_len < 0), input_ids.shape[1], self.stop_len)
        return done


class _TokenTicker:
    """A stopping criterion that never stops: it shows decoding progress in a tqdm bar's postfix."""

    def __init__(self, progress, width: int, max_new_tokens: int):
        self.progress, self.width, self.max_new_tokens = progress, width, max_new_tokens

    def __call__(self, input_ids, scores, **kwargs):
        self.progress.set_postfix_str(f"token {input_ids.shape[1] - self.width}/{self.max_new_tokens}", refresh=True)
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Policy:
    """A causal LM, its tokenizer and (only when KL is on) a frozen reference.

    ``model`` may later be replaced by its ``accelerate``-prepared (e.g. DDP) wrapper; generation
    always runs on the unwrapped module, log-probs for the update go through the wrapper so that
    gradients are synchronised.

    ``fast_generation`` (default) samples with the policy's own decoding loop, which runs each
    distinct prompt once; False calls HF ``generate``. ``response_prefix`` is text every response
    starts with (it ends the rendered prompt and starts ``Generation.text``); with
    ``close_answer_at_eos``, a response that ended by EOS inside an open ``<answer>`` is closed.
    """

    def __init__(self, model, tokenizer, *, ref_model=None, use_chat_template: bool | None = None,
                 gen_batch_size: int = 64, system_prompt: str | None = None, fast_generation: bool = True,
                 response_prefix: str = "", close_answer_at_eos: bool = False):
        self.model = model
        self.tokenizer = tokenizer
        self.ref_model = ref_model
        self.critic = None  # PPO's value function (agents.critic.Critic), set when the estimator is "ppo"
        self.reference_is_base = False  # True when the reference is the LoRA model with adapters off
        if use_chat_template is None:
            use_chat_template = bool(getattr(tokenizer, "chat_template", None))
        self.use_chat_template = use_chat_template
        self.system_prompt = system_prompt
        self.gen_batch_size = gen_batch_size
        self.fast_generation = fast_generation
        # A way into the answer format for small instruct models that never open it themselves:
        # the response starts with ``response_prefix`` (written for the model, part of its prompt),
        # and a response that ended by EOS with its last <answer> still open is closed there.
        self.response_prefix = response_prefix or ""
        self.close_answer_at_eos = bool(close_answer_at_eos)
        self._stop_criteria: dict[tuple[str, ...], object] = {}
        self._triggers: dict[tuple, torch.Tensor] = {}
        ids = tokenizer.eos_token_id
        gen_eos = getattr(getattr(self.unwrapped, "generation_config", None), "eos_token_id", None)
        self.eos_ids = sorted({i for i in ([ids] + (gen_eos if isinstance(gen_eos, list) else [gen_eos])) if i is not None})

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_pretrained(cls, spec: str, *, kl_coef: float = 0.0, lora_r: int = 0, lora_alpha: int = 16,
                        lora_dropout: float = 0.0, lora_target_modules: str | list[str] = "all-linear",
                        seed: int = 0, torch_dtype=None, weights: str | None = None, **kwargs) -> "Policy":
        """Load ``spec`` (see ``agents.weights.load_model``), add LoRA when ``lora_r > 0``, and a
        reference only when ``kl_coef > 0``.

        ``weights`` is a directory written by ``save_pretrained`` (a checkpoint's ``model/``) whose
        weights replace the initial ones: the full model, or the LoRA adapter. The reference is
        always the initial model ``spec``, so a resumed run keeps the same KL anchor.
        """
        from agents.weights import load_model, own_aligned_memory

        full_weights = weights is not None and lora_r == 0
        model, tokenizer = load_model(weights if full_weights else spec, seed=seed, torch_dtype=torch_dtype)
        ref_model = None
        reference_is_base = False
        if lora_r > 0:
            try:
                import peft
            except ImportError as exc:  # optional extra
                raise ImportError("LoRA needs peft: pip install 'azr-env[lora]'") from exc
            if weights is not None:
                model = own_aligned_memory(peft.PeftModel.from_pretrained(model, weights, is_trainable=True))
            else:
                config = peft.LoraConfig(r=lora_r, lora_alpha=lora_alpha, lora_dropout=lora_dropout,
                                         target_modules=lora_target_modules, task_type="CAUSAL_LM")
                model = peft.get_peft_model(model, config)
            reference_is_base = kl_coef > 0  # adapters off = the initial model, no copy needed
        elif kl_coef > 0:
            ref_model = make_reference(load_model(spec, seed=seed, torch_dtype=torch_dtype)[0] if full_weights else model)
        policy = cls(model, tokenizer, ref_model=ref_model, **kwargs)
        policy.reference_is_base = reference_is_base
        return policy

    @property
    def unwrapped(self):
        from accelerate.utils import extract_model_from_parallel

        return extract_model_from_parallel(self.model)

    @property
    def device(self) -> torch.device:
        return next(self.unwrapped.parameters()).device

    @property
    def has_reference(self) -> bool:
        return self.ref_model is not None or self.reference_is_base

    # -- prompts and generation -----------------------------------------------------------------
    def render(self, prompt: str) -> str:
        """The text the model actually sees: the chat template around ``prompt`` when enabled, then
        the response prefix."""
        if not self.use_chat_template:
            return prompt + self.response_prefix
        messages = ([{"role": "system", "content": self.system_prompt}] if self.system_prompt else [])
        messages.append({"role": "user", "content": prompt})
        rendered = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return rendered + self.response_prefix

    def encode_prompts(self, prompts: Sequence[str]) -> list[list[int]]:
        texts = [self.render(p) for p in prompts]
        # A chat template already writes any BOS it wants; adding special tokens again would double it.
        return self.tokenizer(texts, add_special_tokens=not self.use_chat_template)["input_ids"]

    def _stop_criterion(self, stop: tuple[str, ...]):
        if stop not in self._stop_criteria:
            from transformers import StopStringCriteria

            self._stop_criteria[stop] = StopStringCriteria(tokenizer=self.tokenizer, stop_strings=list(stop))
        return self._stop_criteria[stop]

    @torch.no_grad()
    def generate(self, prompts: Sequence[str], sampling: SamplingConfig = SamplingConfig(), *,
                 progress=None) -> list[Generation]:
        """Sample one completion per prompt (repeat a prompt to get several). ``progress`` is an
        optional tqdm bar advanced by the number of prompts done.

        By default (``fast_generation``) a lean decoding loop runs each distinct prompt of a batch
        through the model once and shares its KV cache among the rows that repeat it (a GRPO
        group, the n attempts at one task), then samples exactly as HF ``generate`` does
        (temperature, top-p, EOS, stop strings). ``fast_generation=False`` calls HF ``generate``.
        """
        model = self.unwrapped
        was_training = model.training
        model.eval()
        results: list[Generation] = []
        all_ids = self.encode_prompts(prompts)
        try:
            for ids in _chunks(all_ids, self.gen_batch_size):
                if self.fast_generation:
                    new_tokens, stop_len = self._decode(model, ids, sampling, progress)
                    results.extend(self._split(new_tokens, ids, stop_len, 0, sampling.stop))
                else:
                    new_tokens, stop_len, width = self._hf_generate(model, ids, sampling, progress)
                    results.extend(self._split(new_tokens, ids, stop_len, width, sampling.stop))
                if progress is not None:
                    progress.update(len(ids))
        finally:
            model.train(was_training)
        return results

    def _hf_generate(self, model, ids, sampling: SamplingConfig, progress):
        from transformers import GenerationConfig, StoppingCriteriaList

        pad_id = self.tokenizer.pad_token_id
        config = GenerationConfig(
            max_new_tokens=sampling.max_new_tokens, do_sample=not sampling.greedy,
            temperature=None if sampling.greedy else sampling.temperature,
            top_p=None if sampling.greedy else sampling.top_p, top_k=0,  # 0: off (None means HF's default 50)
            pad_token_id=pad_id, eos_token_id=self.eos_ids or None, use_cache=True,
        )
        batch = collate(ids, [[]] * len(ids), pad_id)
        prompt_ids, prompt_mask = batch.prompt_ids.to(self.device), batch.prompt_mask.to(self.device)
        recorder = None
        criteria = StoppingCriteriaList()
        if sampling.stop:
            recorder = _StopRecorder(self._stop_criterion(tuple(sampling.stop)), len(ids), self.device)
            criteria.append(recorder)
        if progress is not None:
            criteria.append(_TokenTicker(progress, prompt_ids.shape[1], sampling.max_new_tokens))
        out = model.generate(input_ids=prompt_ids, attention_mask=prompt_mask, generation_config=config,
                             stopping_criteria=criteria)
        return out[:, prompt_ids.shape[1]:], (recorder.stop_len if recorder is not None else None), prompt_ids.shape[1]

    def _decode(self, model, ids, sampling: SamplingConfig, progress):
        """The lean loop: (new tokens [B, t], generated length at each row's first stop string or -1)."""
        device, pad_id = self.device, self.tokenizer.pad_token_id
        rows = [tuple(i) for i in ids]
        distinct = list(dict.fromkeys(rows))
        batch = collate(distinct, [[]] * len(distinct), pad_id)
        prompt_ids, prompt_mask = batch.prompt_ids.to(device), batch.prompt_mask.to(device)
        position_ids = (prompt_mask.cumsum(-1) - 1).clamp(min=0)
        out = model(input_ids=prompt_ids, attention_mask=prompt_mask, position_ids=position_ids,
                    use_cache=True, logits_to_keep=1)
        cache, logits = out.past_key_values, out.logits[:, -1, :]
        if len(distinct) < len(rows):  # share each prompt's cache among the rows that repeat it
            where = {row: k for k, row in enumerate(distinct)}
            index = torch.tensor([where[row] for row in rows], device=device)
            cache.reorder_cache(index)
            prompt_mask, logits = prompt_mask[index], logits[index]
        B = len(rows)
        eos = torch.tensor(self.eos_ids, device=device) if self.eos_ids else None
        stopper = self._stop_criterion(tuple(sampling.stop)) if sampling.stop else None
        triggers = self._stop_triggers(tuple(sampling.stop), logits.shape[-1], device) if sampling.stop else None
        stop_len = torch.full((B,), -1, dtype=torch.long, device=device)
        unfinished = torch.ones(B, dtype=torch.bool, device=device)
        positions = prompt_mask.sum(-1, keepdim=True)  # the next token's position, per row
        attention = prompt_mask
        buffer = torch.full((B, sampling.max_new_tokens), pad_id, dtype=torch.long, device=device)
        generated = buffer[:, :0]
        for step in range(sampling.max_new_tokens):
            token = self._sample(logits, sampling)
            token = torch.where(unfinished, token, torch.full_like(token, pad_id))
            buffer[:, step] = token
            generated = buffer[:, : step + 1]  # a view: no copy of the tokens so far at every step
            if eos is not None:
                unfinished &= ~torch.isin(token, eos)
            if stopper is not None and bool(triggers[token].any()):  # else no stop string can end here
                hit = stopper(generated, None)
                stop_len = torch.where(hit & (stop_len < 0) & unfinished, step + 1, stop_len)
                unfinished &= ~hit
            if progress is not None:
                progress.set_postfix_str(f"token {step + 1}/{sampling.max_new_tokens}", refresh=True)
            if not unfinished.any() or step + 1 == sampling.max_new_tokens:
                break
            attention = torch.cat([attention, torch.ones((B, 1), dtype=attention.dtype, device=device)], dim=1)
            out = model(input_ids=token[:, None], attention_mask=attention, position_ids=positions,
                        past_key_values=cache, use_cache=True)
            cache, logits = out.past_key_values, out.logits[:, -1, :]
            positions = positions + 1
        return generated, stop_len

    def _stop_triggers(self, stop: tuple[str, ...], vocab_size: int, device) -> torch.Tensor:
        """A [vocab] mask of the tokens whose text holds the last character of some stop string: a
        stop string can only be completed by such a token, so other steps skip the check."""
        key = (stop, vocab_size, str(device))
        cached = self._triggers.get(key)
        if cached is None:
            last = {s[-1] for s in stop if s}
            cached = torch.ones(vocab_size, dtype=torch.bool)  # ids the tokenizer does not know: check
            for i in range(min(vocab_size, len(self.tokenizer))):
                cached[i] = any(c in self.tokenizer.decode([i]) for c in last)
            cached = self._triggers[key] = cached.to(device)
        return cached

    @staticmethod
    def _sample(logits: torch.Tensor, sampling: SamplingConfig) -> torch.Tensor:
        """One token per row, as HF samples: argmax, or temperature then top-p then multinomial."""
        logits = logits.float()
        if sampling.greedy:
            return logits.argmax(-1)
        if sampling.temperature != 1.0:
            logits = logits / sampling.temperature
        if sampling.top_p < 1.0:  # keep the smallest set of tokens whose probability reaches top_p
            ordered, order = torch.sort(logits, descending=False)
            cumulative = ordered.softmax(-1).cumsum(-1)
            drop = cumulative <= 1 - sampling.top_p
            drop[..., -1:] = False  # always keep the most likely token
            logits = logits.masked_fill(drop.scatter(-1, order, drop), float("-inf"))
        return torch.multinomial(logits.softmax(-1), num_samples=1).squeeze(1)

    def _split(self, new_tokens, prompt_ids, stop_len, width, stop) -> list[Generation]:
        """Cut each row at its first stop string (``stop_len``, counted from the sequence start
        minus ``width``) or EOS, and decode it."""
        gens = []
        new_tokens = new_tokens.cpu()
        stop_len = stop_len.cpu() if stop_len is not None else None
        L = new_tokens.shape[1]
        for i, row in enumerate(new_tokens.tolist()):
            end, reason = L, "length"
            if stop_len is not None and stop_len[i] >= 0:
                end, reason = int(stop_len[i]) - width, "stop"
            for j, tok in enumerate(row[:end]):
                if tok in self.eos_ids:
                    end, reason = j + 1, "eos"
                    break
            completion = row[:end]
            text = self.tokenizer.decode(completion, skip_special_tokens=True)
            for s in stop:  # the stopping token may run past the stop string: cut the text there
                k = text.find(s)
                if k >= 0:
                    text = text[: k + len(s)]
            text = self.response_prefix + text
            if self.close_answer_at_eos and reason == "eos" and text.rfind("<answer>") > text.rfind("</answer>"):
                text += "\n</answer>"
            gens.append(Generation(list(prompt_ids[i]), completion, text, reason))
        return gens

    # -- scoring for the update -----------------------------------------------------------------
    def log_probs(self, batch: TokenBatch, *, temperature: float = 1.0, with_entropy: bool = False):
        """Log-probs (and entropy) of the completion tokens under the trainable model, with gradient."""
        return completion_log_probs(self.model, batch.to(self.device), temperature=temperature, with_entropy=with_entropy)

    def group_log_probs(self, prompt_ids: Sequence[int], completions: Sequence[Sequence[int]], *,
                        temperature: float = 1.0, with_entropy: bool = False):
        """``log_probs`` for completions of one prompt, the prompt run once (``shared_prompt_log_probs``)."""
        return shared_prompt_log_probs(self.model, prompt_ids, completions, self.tokenizer.pad_token_id,
                                       temperature=temperature, with_entropy=with_entropy, device=self.device)

    def log_probs_and_values(self, batch: TokenBatch, roles: Sequence[str], *, temperature: float = 1.0,
                             with_entropy: bool = False):
        """``log_probs`` and the critic's values V(s_t) [B, T] (0 on padding); ``roles`` (one per row)
        picks each row's value head. A head on this model reads the hidden states of the same forward;
        a separate critic runs its own."""
        batch = batch.to(self.device)
        critic = self._unwrapped_critic()
        if critic.reads_policy_hidden:
            logp, entropy, hidden = completion_log_probs(self.model, batch, temperature=temperature,
                                                         with_entropy=with_entropy, with_hidden=True)
            values = self.critic(critic.role_index(roles), hidden=hidden)
        else:
            logp, entropy = completion_log_probs(self.model, batch, temperature=temperature, with_entropy=with_entropy)
            values = self.critic(critic.role_index(roles), batch=batch)
        return logp, entropy, values * batch.completion_mask

    def group_log_probs_and_values(self, prompt_ids: Sequence[int], completions: Sequence[Sequence[int]],
                                   roles: Sequence[str], *, temperature: float = 1.0, with_entropy: bool = False):
        """``group_log_probs`` and the critic's values, the prompt run once (per model)."""
        critic = self._unwrapped_critic()
        pad = self.tokenizer.pad_token_id
        if critic.reads_policy_hidden:
            logp, entropy, mask, hidden = shared_prompt_log_probs(
                self.model, prompt_ids, completions, pad, temperature=temperature, with_entropy=with_entropy,
                device=self.device, with_hidden=True)
            values = self.critic(critic.role_index(roles), hidden=hidden)
        else:
            logp, entropy, mask = shared_prompt_log_probs(self.model, prompt_ids, completions, pad,
                                                          temperature=temperature, with_entropy=with_entropy,
                                                          device=self.device)
            values = self.critic(critic.role_index(roles), prompt_ids=prompt_ids, completions=completions, pad_id=pad)
        return logp, entropy, mask, values * mask

    def _unwrapped_critic(self):
        if self.critic is None:
            raise RuntimeError("this policy has no critic: attach one with agents.critic.build_critic "
                               "(estimator 'ppo')")
        from accelerate.utils import extract_model_from_parallel

        return extract_model_from_parallel(self.critic)

    @torch.no_grad()
    def ref_log_probs(self, batch: TokenBatch, *, temperature: float = 1.0) -> torch.Tensor:
        """Log-probs of the completion tokens under the frozen reference (requires KL to be on)."""
        if self.ref_model is not None:
            return completion_log_probs(self.ref_model, batch.to(self.device), temperature=temperature)[0]
        if self.reference_is_base:
            with self.unwrapped.disable_adapter():
                return completion_log_probs(self.unwrapped, batch.to(self.device), temperature=temperature)[0]
        raise RuntimeError("this policy has no reference model: it is created only when a KL coefficient is > 0")

    @torch.no_grad()
    def ref_group_log_probs(self, prompt_ids: Sequence[int], completions: Sequence[Sequence[int]], *,
                            temperature: float = 1.0) -> torch.Tensor:
        """``ref_log_probs`` for completions of one prompt, the prompt run once (``shared_prompt_log_probs``):
        [G, T], 0 on padding."""
        pad_id = self.tokenizer.pad_token_id
        if self.ref_model is not None:
            return shared_prompt_log_probs(self.ref_model, prompt_ids, completions, pad_id, temperature=temperature,
                                           device=self.device)[0]
        if self.reference_is_base:
            with self.unwrapped.disable_adapter():
                return shared_prompt_log_probs(self.unwrapped, prompt_ids, completions, pad_id,
                                               temperature=temperature, device=self.device)[0]
        raise RuntimeError("this policy has no reference model: it is created only when a KL coefficient is > 0")


def make_reference(model):
    """A frozen copy of ``model`` in eval mode (dropout off, no gradients)."""
    ref = copy.deepcopy(model)
    ref.eval()
    ref.requires_grad_(False)
    return ref
