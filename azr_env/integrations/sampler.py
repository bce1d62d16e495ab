"""Completions from any OpenAI-compatible endpoint (vLLM, SGLang, TGI, llama.cpp, OpenAI itself).

Self-play needs solver answers to pay the proposer its learnability. When the trainer only
writes proposals (an OpenEnv client that plays the proposer), the server asks the model for the
solver's answers itself, through :class:`OpenAISampler`, at the URL the trainer's inference
server listens on. Standard library only (``urllib``), so it adds no dependency.

>>> sampler = OpenAISampler("http://127.0.0.1:8000/v1", model="my-model", temperature=1.0)
>>> sampler.base_url
'http://127.0.0.1:8000/v1'

``sampler(prompt, n)`` returns n texts: one request with ``n`` set, topped up with more requests
when the server returns fewer choices (some servers ignore ``n``).
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse


class SamplerHTTPError(RuntimeError):
    """The endpoint answered with an error, or with something that is not a completion."""


class OpenAISampler:
    """``(prompt, n) -> n completions`` from an OpenAI-compatible server.

    Args:
        base_url: the API root, e.g. ``http://127.0.0.1:8000/v1`` (``/chat/completions`` or
            ``/completions`` is appended).
        model: the model name the server expects.
        api: ``"chat"`` (the prompt is one user message) or ``"completions"`` (raw prompt; what a
            base model trained on completion-style prompts wants).
        temperature, top_p, max_tokens: sampling settings sent with every request.
        api_key_env: the environment variable holding the API key (sent as a bearer token when set).
        timeout: seconds per HTTP request.
    """

    def __init__(self, base_url: str, model: str = "default", *, api: str = "chat", temperature: float = 1.0,
                 top_p: float = 1.0, max_tokens: int = 1024, api_key_env: str = "OPENAI_API_KEY",
                 timeout: float = 120.0):
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if api not in ("chat", "completions"):
            raise ValueError(f"api must be 'chat' or 'completions', got {api!r}")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api = api
        self.temperature, self.top_p, self.max_tokens = float(temperature), float(top_p), int(max_tokens)
        self.api_key_env = api_key_env
        self.timeout = float(timeout)

    def __call__(self, prompt: str, n: int) -> list[str]:
        texts: list[str] = []
        while len(texts) < n:
            texts += self._request(prompt, n - len(texts))
        return texts[:n]

    def generate(self, prompts: list[str]) -> list[str]:
        """One completion per prompt (the ``generate`` that ``azr_env.lsp.JudgeReward`` takes)."""
        return [self(prompt, 1)[0] for prompt in prompts]

    def _request(self, prompt: str, n: int) -> list[str]:
        body: dict[str, Any] = {"model": self.model, "n": n, "temperature": self.temperature,
                                "top_p": self.top_p, "max_tokens": self.max_tokens}
        if self.api == "chat":
            body["messages"] = [{"role": "user", "content": prompt}]
            path = "/chat/completions"
        else:
            body["prompt"] = prompt
            path = "/completions"
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(self.base_url + path, data=json.dumps(body).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - URL checked above
                payload = json.loads(response.read())
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise SamplerHTTPError(f"{self.base_url}{path} answered {error.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise SamplerHTTPError(f"{self.base_url}{path} failed: {error}") from None
        try:
            choices = payload["choices"]
            texts = [c["message"]["content"] if self.api == "chat" else c["text"] for c in choices]
        except (KeyError, TypeError) as error:
            raise SamplerHTTPError(f"{self.base_url}{path} returned no completions ({error!r})") from None
        if not texts:
            raise SamplerHTTPError(f"{self.base_url}{path} returned no choices")
        return ["" if t is None else str(t) for t in texts]

    def __repr__(self) -> str:
        return f"OpenAISampler({self.base_url!r}, model={self.model!r}, api={self.api!r})"
