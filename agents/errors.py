"""The one error class of the agent's inputs: what a run, an evaluation or an export was given and
cannot use (a damaged checkpoint, a malformed task file, a resume with other settings).

The command line prints its message as one line and exits non-zero; anything else that reaches
the user with a traceback is a bug in the agent, not in its input, and keeps its traceback."""
from __future__ import annotations


class RunInputError(ValueError):
    """Input the agent cannot use; the message names the file or setting and what is wrong with it."""


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception's message on one line (transformers' and torch's run over several), cut at
    ``limit``; its class name when it has no message. For errors that quote a library's reason."""
    text = " ".join(str(exc).split())
    return (text[:limit] + " ...") if len(text) > limit else text or type(exc).__name__
