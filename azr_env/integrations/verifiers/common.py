"""What the AZR tasksets share in verifiers (v1): a one-shot chat harness and the local seat.

- :class:`AZRChatHarness` sends the task's prompt to the model once and keeps the reply: one
  chat completion through the rollout's interception endpoint (so the trace records the turn,
  tokens included, as every verifiers harness does). It runs in the eval process: no program to
  install, nothing to download, no tools; an AZR answer is text, checked by our own executor.
- :data:`LOCAL_SEAT`: an ``AgentConfig`` on the subprocess runtime with this harness, the default
  seat of every AZR env (verifiers' own default is a remote sandbox, which a text answer does
  not need).
- :func:`completion_text`: the reply as the model wrote it (``Trace.last_reply`` strips it; the
  parsers see exactly what the Gymnasium env would).
"""
from __future__ import annotations

import asyncio

import httpx

try:
    import verifiers.v1 as vf
except ImportError as error:  # pragma: no cover - the message is the point
    raise ImportError("the verifiers integration needs verifiers (Python >= 3.11): "
                      "pip install 'azr-env[verifiers]'") from error

from verifiers.v1.clients import ModelContext
from verifiers.v1.runtimes import ProgramResult, Runtime
from verifiers.v1.task import TaskData
from verifiers.v1.trace import Trace


class AZRChatHarnessConfig(vf.HarnessConfig):
    request_timeout: float = 600.0
    """Seconds one completion may take."""


class AZRChatHarness(vf.Harness[AZRChatHarnessConfig]):
    """One chat completion for the task's prompt; the reply is the action."""

    APPENDS_SYSTEM_PROMPT = True
    EXECUTES_CODE = False
    NEEDS_CONTAINER = False

    async def launch(self, ctx: ModelContext, trace: Trace, runtime: Runtime, endpoint: str, secret: str,
                     mcp_urls: dict[str, str], data: TaskData) -> ProgramResult:
        system, prompt = self.resolve_prompt(data)
        messages = [{"role": "system", "content": system}] if system else []
        messages += [{"role": "user", "content": prompt}] if isinstance(prompt, str) else \
            [m.model_dump(exclude_none=True) if hasattr(m, "model_dump") else dict(m) for m in prompt or []]
        async with httpx.AsyncClient(timeout=httpx.Timeout(self.config.request_timeout, connect=10.0)) as client:
            response = await client.post(f"{endpoint}/chat/completions", json={"model": ctx.model, "messages": messages},
                                         headers={"Authorization": f"Bearer {secret}"})
        if response.status_code != 200:
            return ProgramResult(exit_code=1, stdout="", stderr=f"the model endpoint answered {response.status_code}: "
                                                                 f"{response.text[:500]}")
        return ProgramResult(exit_code=0, stdout="", stderr="")


def local_seat() -> vf.AgentConfig:
    """A seat that runs :class:`AZRChatHarness` in the eval process's own runtime."""
    return vf.AgentConfig(runtime=vf.SubprocessConfig())


def completion_text(trace: Trace) -> str:
    """The model's reply exactly as written (the last assistant message; "" when there is none)."""
    messages = trace.assistant_messages
    return (messages[-1].content or "") if messages else ""


async def off_loop(fn, *args):
    """Run blocking game code (the executor) without holding up the event loop."""
    return await asyncio.to_thread(fn, *args)
