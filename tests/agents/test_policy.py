"""The policy: batched generation with stop strings and EOS, log-probs, and the reference model."""
import pytest
import torch

from agents.weights import load_model
from agents.policy import Policy, SamplingConfig, collate, completion_log_probs

STOP_PROMPT = "Q: f(3)? :"  # the scripted model continues ":" with "7</answer>xyz" (then z forever)
EOS_PROMPT = "R: hi~"  # and "~" with "bc<eos>"


def bigram_model(tokenizer, chains):
    """A Llama whose attention and MLP add nothing, so the next token depends only on the current
    one: a scripted bigram table. Each chain "c0 c1 c2 ..." makes c1 follow c0, c2 follow c1, ...
    (``None`` as the last element stands for EOS)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    vocab = len(tokenizer)
    config = LlamaConfig(vocab_size=vocab, hidden_size=128, intermediate_size=16, num_hidden_layers=1,
                         num_attention_heads=4, num_key_value_heads=4, tie_word_embeddings=False,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    model = LlamaForCausalLM(config)
    with torch.no_grad():
        for layer in model.model.layers:
            layer.self_attn.o_proj.weight.zero_()
            layer.mlp.down_proj.weight.zero_()
        model.model.embed_tokens.weight.copy_(torch.eye(vocab, 128))
        model.lm_head.weight.zero_()
        for chain in chains:
            ids = [tokenizer.convert_tokens_to_ids(c) if c else tokenizer.eos_token_id for c in chain]
            for current, following in zip(ids, ids[1:]):
                model.lm_head.weight[following, current] = 10.0
    return model


@pytest.fixture(scope="module")
def taught():
    tok = load_model("tiny")[1]
    return Policy(bigram_model(tok, [":7</answer>xyzz", [*"~bc", None]]), tok)


def test_generation_stops_after_the_stop_string_and_drops_what_follows(taught):
    gen, = taught.generate([STOP_PROMPT], SamplingConfig(max_new_tokens=12, greedy=True))
    assert gen.finish_reason == "stop"
    assert gen.text == "7</answer>"
    assert taught.tokenizer.decode(gen.completion_ids) == "7</answer>"  # no token after the stop


def test_generation_stops_at_eos_and_keeps_it_as_a_token(taught):
    gen, = taught.generate([EOS_PROMPT], SamplingConfig(max_new_tokens=12, greedy=True))
    assert gen.finish_reason == "eos" and gen.text == "bc"
    assert gen.completion_ids[-1] == taught.tokenizer.eos_token_id


def test_mixed_batch_with_left_padding_and_chunks(taught):
    taught.gen_batch_size = 2
    try:
        gens = taught.generate([EOS_PROMPT, STOP_PROMPT, "zzz", STOP_PROMPT, EOS_PROMPT],
                               SamplingConfig(max_new_tokens=3, greedy=True))
    finally:
        taught.gen_batch_size = 64
    assert [g.text for g in gens][:2] == ["bc", "7</"]
    assert gens[1].finish_reason == "length" and len(gens[1].completion_ids) == 3
    assert [g.text for g in gens[3:]] == ["7</", "bc"]
    assert gens[0].prompt_ids == taught.tokenizer(EOS_PROMPT)["input_ids"]


def test_sampling_follows_the_torch_seed():
    policy = Policy(*load_model("tiny"))
    sampling = SamplingConfig(max_new_tokens=8, temperature=1.0, top_p=0.9)
    torch.manual_seed(3)
    a = policy.generate(["x"] * 4, sampling)
    torch.manual_seed(3)
    b = policy.generate(["x"] * 4, sampling)
    assert [g.completion_ids for g in a] == [g.completion_ids for g in b]


def test_sampling_draws_from_the_whole_vocabulary():
    # HF generate would quietly apply top_k=50 if we let it: the random tiny model's next-token
    # distribution is nearly uniform over 100 tokens, so 512 draws must show far more than 50.
    policy = Policy(*load_model("tiny"))
    torch.manual_seed(0)
    gens = policy.generate(["x"] * 512, SamplingConfig(max_new_tokens=1, stop=()))
    assert len({g.completion_ids[0] for g in gens}) > 80


def test_log_probs_match_a_manual_unpadded_forward():
    torch.manual_seed(0)
    policy = Policy(*load_model("tiny"))
    gens = policy.generate(["a", "a much longer prompt", "xyz"], SamplingConfig(max_new_tokens=6, stop=()))
    batch = collate([g.prompt_ids for g in gens], [g.completion_ids for g in gens], policy.tokenizer.pad_token_id)
    for temperature in (1.0, 0.7):
        logp, entropy = policy.log_probs(batch, temperature=temperature, with_entropy=True)
        assert logp.requires_grad
        for i, g in enumerate(gens):
            ids = torch.tensor([g.prompt_ids + g.completion_ids])
            with torch.no_grad():
                logits = policy.model(ids).logits[0, len(g.prompt_ids) - 1:-1] / temperature
            expected = logits.log_softmax(-1).gather(-1, torch.tensor(g.completion_ids)[:, None])[:, 0]
            n = len(g.completion_ids)
            assert torch.allclose(logp[i, :n], expected, atol=1e-5)
            assert torch.all(logp[i, n:] == 0)
            probs = logits.softmax(-1)
            assert torch.allclose(entropy[i, :n], -(probs * probs.log()).sum(-1), atol=1e-4)


def test_reference_exists_only_with_kl_and_stays_frozen():
    assert Policy.from_pretrained("tiny").ref_model is None
    assert not Policy.from_pretrained("tiny").has_reference
    policy = Policy.from_pretrained("tiny", kl_coef=0.1)
    assert policy.ref_model is not None and policy.ref_model is not policy.model
    assert not any(p.requires_grad for p in policy.ref_model.parameters())
    batch = collate([[5, 6, 7]], [[8, 9]], 0)
    before = policy.ref_log_probs(batch)
    with torch.no_grad():
        for p in policy.model.parameters():
            p.add_(0.1)
    assert torch.equal(policy.ref_log_probs(batch), before)
    assert not torch.allclose(policy.log_probs(batch)[0].detach(), before)
    with pytest.raises(RuntimeError):
        Policy.from_pretrained("tiny").ref_log_probs(batch)


def test_lora_policy_uses_the_base_model_as_reference_without_a_copy():
    pytest.importorskip("peft")
    policy = Policy.from_pretrained("tiny", kl_coef=0.1, lora_r=4)
    assert policy.ref_model is None and policy.has_reference
    trainable = [n for n, p in policy.model.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n for n in trainable)
    batch = collate([[5, 6, 7]], [[8, 9]], 0)
    base = completion_log_probs(load_model("tiny")[0], batch)[0].detach()
    with torch.no_grad():
        for name, p in policy.model.named_parameters():
            if "lora_B" in name:
                p.add_(0.5)  # B starts at 0; moving it changes the adapted model
    assert torch.allclose(policy.ref_log_probs(batch), base, atol=1e-6)
    assert not torch.allclose(policy.log_probs(batch)[0].detach(), base, atol=1e-3)


def test_chat_template_is_applied_when_the_tokenizer_has_one():
    model, tok = load_model("tiny")
    tok.chat_template = "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}\n{% endfor %}<assistant>"
    policy = Policy(model, tok, system_prompt="Be brief.")
    assert policy.use_chat_template
    assert policy.render("hi") == "<system>Be brief.\n<user>hi\n<assistant>"
    assert Policy(model, tok, use_chat_template=False).render("hi") == "hi"


@pytest.mark.parametrize("sampling", [
    SamplingConfig(max_new_tokens=30, greedy=True),
    SamplingConfig(max_new_tokens=30, temperature=0.7, top_p=0.9),
    SamplingConfig(max_new_tokens=30, stop=("a", "b")),
])
def test_the_lean_decoding_loop_samples_what_hf_generate_samples(sampling):
    # Same seed, same model: the fast path (distinct prompts prefilled once, their caches shared by
    # repeated rows) must give HF generate's tokens, stop reasons and texts.
    model, tokenizer = load_model("tiny")
    prompts = ["def f(a): return a", "hello <answer>", "x" * 50, "hello <answer>", "def f(a): return a"]
    torch.manual_seed(5)
    fast = Policy(model, tokenizer).generate(prompts, sampling)
    torch.manual_seed(5)
    slow = Policy(model, tokenizer, fast_generation=False).generate(prompts, sampling)
    assert [g.completion_ids for g in fast] == [g.completion_ids for g in slow]
    assert [(g.finish_reason, g.text) for g in fast] == [(g.finish_reason, g.text) for g in slow]


def test_a_response_prefix_is_part_of_the_prompt_and_of_the_text():
    model, tokenizer = load_model("tiny")
    policy = Policy(model, tokenizer, response_prefix="<answer>\n")
    assert policy.render("Q?").endswith("<answer>\n")
    (gen,) = policy.generate(["Q?"], SamplingConfig(max_new_tokens=5, greedy=True))
    assert gen.text.startswith("<answer>\n")
    assert tokenizer.decode(gen.prompt_ids).endswith("<answer>\n")  # the model was shown it; it is not trained on


@pytest.mark.parametrize("close, reason, closed", [(True, "eos", True), (True, "length", False), (False, "eos", False)])
def test_an_answer_left_open_is_closed_only_when_the_model_stopped(close, reason, closed):
    model, tokenizer = load_model("tiny")
    policy = Policy(model, tokenizer, response_prefix="<answer>\n", close_answer_at_eos=close)
    body = tokenizer("```output\n42\n```")["input_ids"]
    eos = policy.eos_ids[0]
    row = body + [eos] if reason == "eos" else body
    (gen,) = policy._split(torch.tensor([row]), [[1, 2]], None, 0, ("</answer>",))
    assert gen.finish_reason == reason
    assert gen.text == "<answer>\n```output\n42\n```" + ("\n</answer>" if closed else "")
