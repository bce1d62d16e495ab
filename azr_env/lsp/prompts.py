"""The three prompts of Language Self-Play, as data the user can replace.

A template is plain text with named placeholders in braces. Only the placeholders listed for
each template are substituted, by literal replacement, so a template may contain other braces
(JSON examples, code) without escaping, and a query or an answer containing braces or
placeholder-like text is inserted verbatim and never re-expanded.

    >>> from azr_env.lsp.prompts import LSPPrompts, solver_prompt
    >>> p = LSPPrompts(solver="Question: {query}\\nAnswer:")
    >>> solver_prompt("What is 2+2?", p)
    'Question: What is 2+2?\\nAnswer:'

Prompts load from JSON, so a run can carry its own wording:
``LSPPrompts.from_dict(json.load(open("prompts.json")))``; unknown keys are an error, missing
keys keep the defaults.
"""
from __future__ import annotations

import dataclasses
import re
import string
from dataclasses import dataclass
from typing import Any, Mapping

# Written for this project; the paper's own wording is not reused.
CHALLENGER_PROMPT = """\
You are designing a test for an AI assistant. Write one new request that a real user could \
send to the assistant: a question, a task or an instruction, on any subject. Make it \
demanding, so that only an excellent assistant would answer it really well, yet keep it \
self-contained, clear and answerable in a few paragraphs at most.
Reply with the request alone: no title, no preamble, no answer and no comments."""

SOLVER_PROMPT = "{query}"

JUDGE_PROMPT = """\
Grade how well an AI assistant answered a user's request. Use the additive 7-point scale \
below: start at 0 and add one point for each statement that holds.
1. Identifiable task: one can tell what the user is asking for.
2. Clear instruction: the request is unambiguous enough to be answered well.
3. Understandable response: the response is coherent and can be followed.
4. Partial coverage: the response deals with at least part of the request.
5. Full coverage: the response deals with every part of the request.
6. Clarity and concision: the response is clear and to the point, without padding or \
repetition.
7. Style: the response reads like the work of a knowledgeable, helpful expert.

<Request>
{query}
</Request>

<Response>
{answer}
</Response>

Justify your grade briefly, in at most 100 words. Then write the points you added inside \
<Calculation></Calculation> tags, for instance <Calculation>1+1+1+1+0+0+1</Calculation>, \
and the total inside <Score></Score> tags, for instance <Score>5</Score>."""

# A stand-in for the paper's reward model when none is available offline (the lsp-smollm2-cpu
# preset): the reference model's probability of "Yes" (agents.lsp.judges.helpfulness_judge).
HELPFULNESS_PROMPT = """\
Here is a request from a user and the response of an AI assistant.

<Request>
{query}
</Request>

<Response>
{answer}
</Response>

Does the response answer the request correctly and helpfully? Reply with one word: Yes or No."""


@dataclass(frozen=True)
class LSPPrompts:
    """Templates for the challenger, the solver and the quality judge.

    - ``challenger``: no placeholder; the challenger writes one query from it.
    - ``solver``: ``{query}``; the default sends the query as it stands, like a user would.
    - ``judge``: ``{query}`` and ``{answer}``; must ask for ``<Score>`` tags (see
      :func:`azr_env.lsp.judge.parse_score`). The probability judge prefills its reply with
      ``<Score>`` and reads the next token, so the wording should make a score follow there.
    - ``helpfulness``: ``{query}`` and ``{answer}``; a yes/no question whose reply starts with
      "Yes" or "No" (the ``"helpfulness"`` reward reads P(Yes)).
    """

    challenger: str = CHALLENGER_PROMPT
    solver: str = SOLVER_PROMPT
    judge: str = JUDGE_PROMPT
    helpfulness: str = HELPFULNESS_PROMPT

    def __post_init__(self):
        # A non-text template would fail only when the first prompt is built, far from the caller.
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, str):
                raise TypeError(f"prompts.{f.name} must be a str, not {type(value).__name__}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "LSPPrompts":
        if not isinstance(data, Mapping):
            raise TypeError(f"prompts must be a dict of templates, not {type(data).__name__}")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown prompt keys {sorted(unknown)}; expected some of {sorted(names)}")
        return cls(**data)  # __post_init__ refuses non-text values (None must not become "None")

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


DEFAULT_PROMPTS = LSPPrompts()
_WHITESPACE = frozenset(string.whitespace)


def fill(template: str, **values: str) -> str:
    """Replace ``{name}`` by ``values[name]`` in one pass, leaving all other text alone."""
    if not values:
        return template
    pattern = re.compile("|".join(re.escape("{" + k + "}") for k in values))
    return pattern.sub(lambda m: values[m.group(0)[1:-1]], template)


def challenger_prompt(prompts: LSPPrompts = DEFAULT_PROMPTS) -> str:
    return prompts.challenger


def solver_prompt(query: str, prompts: LSPPrompts = DEFAULT_PROMPTS) -> str:
    return fill(prompts.solver, query=query)


def judge_prompt(query: str, answer: str, prompts: LSPPrompts = DEFAULT_PROMPTS) -> str:
    return fill(prompts.judge, query=query, answer=answer)


def helpfulness_prompt(query: str, answer: str, prompts: LSPPrompts = DEFAULT_PROMPTS) -> str:
    return fill(prompts.helpfulness, query=query, answer=answer)


def extract_query(text: str, max_chars: int | None = None) -> str:
    """The query the challenger wrote: its text stripped of surrounding whitespace.

    Control characters other than whitespace are dropped: the query becomes the solver's
    observation, which must stay printable text. No format is imposed on the challenger, so any text is a query (an empty one included;
    the judge's "identifiable task" point and the solver's reward are what discourage junk).
    ``max_chars`` truncates, so that an env's observation stays inside its space; only the first
    ``2 * max_chars`` characters of the action are read (the second half is room for what the
    filter drops), so a huge action costs no more than a long query.
    """
    text = action_text(text)
    if max_chars is not None:
        # Cut before the per-character filter: it made one str per character of the WHOLE action,
        # and a 6M-character challenger action cost +440 MB and 0.6 s in one step.
        text = text[:2 * max_chars]
    query = "".join(c for c in text if c.isprintable() or c in _WHITESPACE).strip()
    if max_chars is not None and len(query) > max_chars:
        query = query[:max_chars].rstrip()
    return query


def action_text(action: object) -> str:
    """A challenger's or solver's action as text, never raising: None is empty; a str (of any
    subclass) is copied by str's own code; bytes are read as UTF-8 (with U+FFFD where they are
    not), as the Absolute Zero envs read them; anything else by its ``str()``, and as empty text
    when that raises (a model's action whose ``__str__`` raised ended the whole step)."""
    if action is None:
        return ""
    if isinstance(action, str):
        return str.__str__(action)
    if isinstance(action, (bytes, bytearray, memoryview)):
        try:
            return memoryview(action).tobytes().decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 -- a released buffer
            return ""
    try:
        text = str(action)
    except Exception:  # noqa: BLE001 -- the action's own __str__ failed: no text
        return ""
    return str.__str__(text) if isinstance(text, str) else ""
