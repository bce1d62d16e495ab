"""Model-backed reward functions on tiny local models (nothing is downloaded)."""
import math

import pytest
import torch

from agents.lsp.judges import ProbabilityJudge
from agents.lsp.rewards import (
    RewardModel,
    VerifiableReward,
    judge_scoring_for,
    make_reward_fn,
    model_judge,
    reference_judge,
)
from agents.weights import build_tiny_model, build_tiny_tokenizer
from agents.policy import Policy, make_reference
from azr_env.lsp import LSPPrompts, RewardFunction
from azr_env.lsp.scoring import overlap_reward


def tiny_reward_model(num_labels=1, seed=0):
    from transformers import LlamaConfig, LlamaForSequenceClassification

    tokenizer = build_tiny_tokenizer()
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=2, num_labels=num_labels,
                         pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(seed)
    return LlamaForSequenceClassification(config), tokenizer


@pytest.fixture(scope="module")
def saved_reward_model(tmp_path_factory):
    model, tokenizer = tiny_reward_model()
    path = tmp_path_factory.mktemp("rm")
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return str(path)


QUERIES = ["What is 2+2?", "Name a colour.", "Why is the sky blue? Explain briefly."]
ANSWERS = ["4", "Blue, like the sea on a clear day.", "Rayleigh scattering."]


def test_reward_model_by_path_scores_on_unit_interval(saved_reward_model):
    rm = RewardModel(saved_reward_model, batch_size=2)
    assert isinstance(rm, RewardFunction)
    scores = rm(QUERIES, ANSWERS)
    assert len(scores) == 3 and all(0.0 < s < 1.0 for s in scores)
    raw = rm.raw_scores(QUERIES, ANSWERS)
    assert scores == pytest.approx([1 / (1 + math.exp(-r)) for r in raw])
    assert make_reward_fn(f"reward-model:{saved_reward_model}")(QUERIES, ANSWERS) == pytest.approx(scores)


def test_reward_model_scores_do_not_depend_on_batching(saved_reward_model):
    # Padding must not leak into a pair's score: the classifier reads each row's last real token.
    one = RewardModel(saved_reward_model, batch_size=1).raw_scores(QUERIES, ANSWERS)
    many = RewardModel(saved_reward_model, batch_size=3).raw_scores(QUERIES, ANSWERS)
    assert one == pytest.approx(many, abs=1e-4)


def test_reward_model_two_labels_and_raw_scale():
    model, tokenizer = tiny_reward_model(num_labels=2)
    rm = RewardModel(model, tokenizer, normalise="none")
    batch = rm._encode(QUERIES[:1], ANSWERS[:1])
    logits = model(**batch).logits[0]
    assert rm(QUERIES[:1], ANSWERS[:1]) == pytest.approx([float(logits[1] - logits[0])], abs=1e-5)
    with pytest.raises(ValueError):
        RewardModel(model, None)
    with pytest.raises(ValueError):
        RewardModel(model, tokenizer, normalise="tanh")


def test_judges_on_a_tiny_model():
    tokenizer = build_tiny_tokenizer()
    short = LSPPrompts(judge="Q: {query}\nA: {answer}\nGrade 0-7 in <Score></Score>:")
    model = build_tiny_model(tokenizer)
    judge = model_judge(model, tokenizer, prompts=short, max_new_tokens=6, fallback=1.0, scoring="text")
    scores = judge(QUERIES, ANSWERS)
    # The random model cannot write a verdict: every pair gets the documented fallback, 1/7.
    assert scores == pytest.approx([1 / 7] * 3)
    assert judge(QUERIES, ANSWERS) == scores  # greedy decoding: deterministic
    # The default for a small model reads the verdict from probabilities: never the fallback.
    auto = model_judge(model, tokenizer, prompts=short, fallback=1.0)
    assert isinstance(auto, ProbabilityJudge)
    assert all(v.ok and 0.0 <= v.score <= 7.0 for v in auto.judge(QUERIES, ANSWERS))

    policy = Policy(build_tiny_model(tokenizer), tokenizer)
    with pytest.raises(ValueError, match="reference"):
        reference_judge(policy)
    policy.ref_model = make_reference(policy.model)
    assert len(reference_judge(policy, prompts=short, max_new_tokens=4)(QUERIES[:2], ANSWERS[:2])) == 2


def test_judge_scoring_resolves_by_model_size():
    small = build_tiny_model()
    assert judge_scoring_for("auto", small) == "probability"
    assert judge_scoring_for("text", small) == "text"

    class Big(torch.nn.Module):  # a parameter count above 1e9 without allocating it
        def parameters(self):
            return iter([torch.zeros(1).expand(2_000_000_000)])

    assert judge_scoring_for("auto", Big()) == "text"
    with pytest.raises(ValueError):
        judge_scoring_for("generated", small)


def test_reference_specs_build_the_right_judges():
    tokenizer = build_tiny_tokenizer()
    policy = Policy(build_tiny_model(tokenizer), tokenizer, use_chat_template=False)
    policy.ref_model = make_reference(policy.model)
    short = LSPPrompts(judge="{query} {answer} <Score>", helpfulness="{query} {answer} ok?")
    assert isinstance(make_reward_fn("judge", policy=policy, prompts=short), ProbabilityJudge)  # tiny: auto -> probability
    assert not isinstance(make_reward_fn("judge-text", policy=policy, prompts=short), ProbabilityJudge)
    helpful = make_reward_fn("helpfulness", policy=policy, prompts=short)
    assert helpful.labels == ("Yes", "No")
    assert all(0.0 <= s <= 1.0 for s in helpful(QUERIES, ANSWERS))


def test_make_reward_fn_specs():
    assert make_reward_fn("overlap") is overlap_reward
    fn = make_reward_fn("azr_env.lsp.scoring:overlap_reward")
    assert fn(["ab"], ["ab"]) == [1.0]
    with pytest.raises(ValueError):
        make_reward_fn("no-such-reward")


def test_verifiable_reward_is_the_callable_wrapper():
    check = VerifiableReward(lambda q, a: eval(q) == int(a))  # a toy verifier; it raises on junk
    assert check(["2+2", "3*3", "1+1"], ["4", "8", "two"]) == [1.0, 0.0, 0.0]
