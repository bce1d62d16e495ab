"""Reading proposals and answers out of model text. These functions never raise.

Two formats, one per ``TaskConfig.prompt_style``. The completion style (see the section at the
end of this module) reads the continuation of a Python prompt: the rest of an ``assert`` line, a
function, a test. The tagged style, described here, is the default.

Expected shape of every tagged response::

    <think> ...reasoning... </think>
    <answer>
    ```python            (proposals, induction answers)
    def f(a): ...
    ```
    ```input             (proposals: one block; induction proposals: N blocks; abduction answers)
    'Hello', 3
    ```
    ```output            (deduction answers)
    [1, 2]
    ```
    ```message           (induction proposals)
    A hint for the solver.
    ```
    </answer>

Where we are lenient, and why:

- The **last** complete ``<answer>...</answer>`` pair is read, so a model that drafts an answer
  while thinking and then commits to a final one is judged on the final one. An ``<answer>``
  without its closing tag is a failure: it is usually a generation cut off by the token limit.
  The pair is the last ``</answer>`` and the last ``<answer>`` before it, so an answer whose own
  text contains ``<answer>`` (say the string literal ``'<answer>'``) is read from that inner tag
  on; a mention of the tag while thinking, which is far more common, does no harm.
- ``<think>`` is optional unless ``TaskConfig.require_think`` is set.
- Within the answer, the **last** block of the expected kind is read (except the N input blocks
  of an induction proposal). A solver answer with no block of the expected kind falls back to
  the last fenced block of any kind, and to the bare answer text when it has no fences at all,
  so ``<answer>42</answer>`` answers a deduction question.
- ``py``/``python3`` fences count as ``python``.

Everything else - not text, too long, no code, no ``def f``, a non-literal input, the wrong
number of induction inputs, code in the message - is a :class:`ParseFailure` with a reason.

>>> from azr_env.tasks import TaskConfig, TaskType
>>> parse_answer(TaskType.DEDUCTION, "<answer>```output\\n[1, 2]\\n```</answer>", TaskConfig())
ParsedAnswer(task_type=<TaskType.DEDUCTION: 'deduction'>, text='[1, 2]')
>>> parse_answer(TaskType.ABDUCTION, "<answer>__import__('os')</answer>", TaskConfig()).kind
<FailureKind.NON_LITERAL: 'non_literal'>
"""
from __future__ import annotations

import ast
import dis
import inspect
import re
import textwrap
import types

from azr_env.tasks.types import (
    ArgumentError,
    FailureKind,
    ParsedAnswer,
    ParsedProposal,
    ParseFailure,
    TaskType,
)
from azr_env.executor import compile_source, literal_arguments, parse_arguments, parse_literal, plain_text
from azr_env.tasks.config import TaskConfig

_ANSWER_OPEN, _ANSWER_CLOSE = "<answer>", "</answer>"
_FENCE_LANGUAGE = re.compile(r"[A-Za-z0-9_+-]*")
_LANGUAGE_ALIASES = {"py": "python", "python3": "python", "py3": "python", "args": "input"}
_KNOWN_LANGUAGES = {"python", "input", "output", "message", *_LANGUAGE_ALIASES}
_WHITESPACE_ONLY_LINES = re.compile(r"^[ \t]+$", re.MULTILINE)  # textwrap.dedent's own rule
# Code in an induction message would hand the solver the answer.
_CODE_IN_MESSAGE = re.compile(r"\bdef\s+\w+\s*\(|\blambda\b[^:\n]*:|```")


_TYPE_NAME = type.__dict__["__name__"].__get__  # (type's own getter: a metaclass's property never runs)


def _fail(kind: FailureKind, reason: str) -> ParseFailure:
    return ParseFailure(kind, reason)


def check_config(config: object) -> TaskConfig:
    """``config`` itself when it is a :class:`TaskConfig`; a TypeError naming what it is instead.
    (A None here is the caller's mistake, not the model's: it used to surface as an
    AttributeError on ``prompt_style`` from deep inside the parser.)"""
    if not issubclass(type(config), TaskConfig):  # (by type: an object's own __class__ never runs)
        raise ArgumentError(f"config must be a TaskConfig, got {_TYPE_NAME(type(config))}")
    return config


def _as_text(text: object, config: TaskConfig) -> str | ParseFailure:
    """The response as a clean ``str``, or why it is not one. A subclass of str or bytes is read
    by the base type's own C code (through the buffer for bytes): its methods (``__len__``,
    ``__bytes__``, ``find``) never run, so they can neither raise out of a batch's scoring nor
    dodge the length cap."""
    if issubclass(type(text), (bytes, bytearray, memoryview)):
        try:
            view = memoryview(text)
            size = view.nbytes
        except Exception:  # noqa: BLE001 -- a memoryview already released, or one with no buffer
            return _fail(FailureKind.NOT_TEXT, "response is a byte buffer that cannot be read")
        if size > 4 * config.max_response_chars:
            return _fail(FailureKind.TOO_LONG, f"response of {size} bytes is too long")
        try:
            text = view.tobytes().decode("utf-8")
        except UnicodeDecodeError as error:
            return _fail(FailureKind.NOT_TEXT, f"response is not valid UTF-8 ({error.reason} at byte {error.start})")
    text = plain_text(text)
    if type(text) is not str:
        return _fail(FailureKind.NOT_TEXT, f"response is not text (its type: {_TYPE_NAME(type(text))})")
    if len(text) > config.max_response_chars:
        return _fail(
            FailureKind.TOO_LONG,
            f"response of {len(text)} characters exceeds the limit of {config.max_response_chars}",
        )
    if "\x00" in text:
        return _fail(FailureKind.NOT_TEXT, "response contains NUL bytes (binary data)")
    try:
        if not text.isascii():  # only non-ASCII text can hold an unpaired surrogate
            text.encode("utf-8")
    except UnicodeEncodeError as error:
        return _fail(FailureKind.NOT_TEXT, f"response contains an unpaired surrogate at index {error.start}")
    if not text.strip():
        return _fail(FailureKind.EMPTY, "response is empty")
    return text


def extract_answer(text: object, config: TaskConfig) -> str | ParseFailure:
    """The content of the last complete ``<answer>...</answer>`` pair."""
    check_config(config)
    text = _as_text(text, config)
    if isinstance(text, ParseFailure):
        return text
    close = text.rfind(_ANSWER_CLOSE)
    if close < 0:
        if _ANSWER_OPEN in text:
            return _fail(FailureKind.MISSING_ANSWER_TAG, "<answer> is never closed by </answer>")
        return _fail(FailureKind.MISSING_ANSWER_TAG, "no <answer>...</answer> in the response")
    opening = text.rfind(_ANSWER_OPEN, 0, close)
    if opening < 0:
        return _fail(FailureKind.MISSING_ANSWER_TAG, "</answer> without an opening <answer>")
    if config.require_think and "</think>" not in text[:opening]:
        return _fail(FailureKind.MISSING_THINK_TAG, "no <think>...</think> before the answer")
    return text[opening + len(_ANSWER_OPEN):close]


def code_blocks(text: str) -> list[tuple[str, str]]:
    """Every fenced block in ``text`` as (language, body), language lower-cased and aliased.

    An opening fence may follow other text on its line (``<answer>```python``); a closing fence
    starts its own line, as in Markdown, so a literal such as ``'a```b'`` cannot end a block.
    A block that is never closed is dropped. Bodies are dedented and stripped.

    >>> code_blocks("```py\\nx = 1\\n```\\n```input\\n3\\n```")
    [('python', 'x = 1'), ('input', '3')]
    """
    # Jumps from fence to fence with str.find rather than walking every line:
    # this runs on every response of every step.
    blocks = []
    size = len(text)
    position = 0
    while True:
        start = text.find("```", position)
        if start < 0:
            break
        line_end = text.find("\n", start)
        if line_end < 0:
            line_end = size
        rest = text[start + 3:line_end]
        if "```" in rest:  # a one-line block: ```42``` or ```output 42```
            inner = rest[: rest.index("```")].strip()
            word = _FENCE_LANGUAGE.match(inner).group(0).lower()
            if word in _KNOWN_LANGUAGES and inner[len(word):len(word) + 1] in (" ", ""):
                inner = inner[len(word):].strip()
            else:
                word = ""
            blocks.append((_LANGUAGE_ALIASES.get(word, word), inner))
            position = line_end + 1
            continue
        language = _FENCE_LANGUAGE.match(rest.strip()).group(0).lower()
        line_start, fence = _closing_fence(text, line_end + 1) if line_end < size else (-1, -1)
        if fence < 0:
            break  # unclosed: the rest of the text is not a block
        body = _dedent(text[line_end + 1:max(line_start - 1, line_end + 1)]).strip()
        blocks.append((_LANGUAGE_ALIASES.get(language, language), body))
        position = text.find("\n", fence + 3)
        if position < 0:
            break
        position += 1
    return blocks


def _closing_fence(text: str, position: int) -> tuple[int, int]:
    """(start of its line, its index) of the first fence at or after ``position`` (a line start)
    that opens its line after nothing but whitespace; (-1, -1) when there is none."""
    while True:
        fence = text.find("```", position)
        if fence < 0:
            return -1, -1
        line_start = text.rfind("\n", 0, fence) + 1
        if fence == line_start or text[line_start:fence].isspace():
            return line_start, fence
        # Text before it on its line: no later fence on that line can close a block either.
        position = text.find("\n", fence)
        if position < 0:
            return -1, -1
        position += 1


def _dedent(body: str) -> str:
    # textwrap.dedent, short-cut when the first line already starts at column 0 (a program's
    # ``def``, an input literal): the margin is then empty, and dedent only empties the lines
    # made of spaces and tabs, of which there are usually none.
    if body[:1] not in ("", " ", "\t", "\n"):
        if " \n" not in body and "\t\n" not in body and body[-1] not in " \t":
            return body
        return _WHITESPACE_ONLY_LINES.sub("", body)
    return textwrap.dedent(body)


# ast.literal_eval names the offending node with its memory address ("<ast.Call object at
# 0x7f...>"), and an object's repr names its own; either would make the same response's reason
# differ from run to run, and reasons land in the env's infos, which seeding makes reproducible.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def without_addresses(text: str) -> str:
    """``text`` with memory addresses (`` at 0x7f...``) taken out, so a reason reads the same in
    every run.

    >>> without_addresses("runs disagree: <object object at 0x7f06e966cb80> vs <object object at 0x7fae206c4b80>")
    'runs disagree: <object object> vs <object object>'
    """
    return _ADDRESS.sub("", text)


def _literal_error(source: str) -> str | None:
    """Why ``source`` is not one Python literal, or None when it is."""
    try:
        ast.literal_eval(source)
    except Exception as error:  # SyntaxError, ValueError, RecursionError, MemoryError, ...
        detail = without_addresses(str(error))[:120]
        return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return None


def _judged_by_text(gold_output: str) -> bool:
    """Whether ``check_output_prediction`` matches answers to ``gold_output`` by text: the exact
    printed form of a value that is no literal (``inf``, ``frozenset({1})``) must not be refused
    as malformed before it is compared (the twenty-eighth session's red team)."""
    return not parse_literal(gold_output)[0]


def _is_expression(source: str) -> bool:
    try:
        ast.parse(source.strip(), "<answer>", "eval")
    except Exception:  # noqa: BLE001 -- SyntaxError, deep nesting (RecursionError, MemoryError) ...
        return False
    return True


def arguments_error(source: str) -> str | None:
    """Why ``source`` is not a list of literal call arguments, or None when it is.

    Keyword arguments with literal values are allowed; ``*`` and ``**`` unpacking are not.

    >>> arguments_error("'a', [1, 2], key=3") is None
    True
    >>> arguments_error("open('/etc/passwd')")
    'argument 1 is not a literal: open(...)'
    >>> arguments_error("x=1, x=2")
    "keyword argument 'x' is repeated, which is a SyntaxError"
    """
    if literal_arguments(source).code is not None:
        return None  # the executor's own (memoised) literal check passed: nothing to explain
    call = parse_arguments(source)
    if isinstance(call, str):
        return "not a valid argument list"
    repeated = _repeated_keyword(call)
    if repeated is not None:
        # ast.parse accepts it, but compiling the call is a SyntaxError: no input to score.
        return f"keyword argument {repeated!r} is repeated, which is a SyntaxError"
    values = [(str(n), arg) for n, arg in enumerate(call.args, 1)]
    values += [(kw.arg or "**", kw.value) for kw in call.keywords]
    for name, node in values:
        if isinstance(node, ast.Starred) or name == "**":
            return f"argument {name} unpacks with * or **, which is not a literal"
        try:
            ast.literal_eval(node)
        except Exception:
            return f"argument {name} is not a literal: {_describe(node)}"
    return None


def _repeated_keyword(call: ast.Call) -> str | None:
    """The first keyword that ``call`` gives twice, or None."""
    seen = set()
    for keyword in call.keywords:
        if keyword.arg in seen:
            return keyword.arg
        if keyword.arg is not None:  # (None is ``**``, refused as unpacking)
            seen.add(keyword.arg)
    return None


def _describe(node: ast.AST) -> str:
    """A short rendering of an offending node, safe for logs."""
    if isinstance(node, ast.Call):
        try:
            return f"{ast.unparse(node.func)[:40]}(...)"
        except Exception:
            return "a call"
    try:
        return ast.unparse(node)[:60]
    except Exception:
        return type(node).__name__


def program_error(program: str) -> ParseFailure | None:
    """Why ``program`` cannot be a task program (syntax, entry function), or None.

    Every top-level binding of the name ``f`` (def, class, assignment, import, loop target) is a
    candidate entry function; exactly one, a plain (possibly decorated) ``def f``, is required.
    The check reads the compiled module code, which the executor's shared compile cache then
    reuses, as does the task id's fingerprint later: one compile per proposal in all. (The
    fingerprint is left until the task exists: made here, it would run while the sandbox workers
    are busy, where the parent's work measured slower than after the batch.)
    """
    code = compile_source(program)
    if isinstance(code, str):
        return _fail(FailureKind.SYNTAX_ERROR, f"program does not parse: {code}")
    bindings = _bindings_of_f(code)
    if not bindings:
        return _fail(FailureKind.NO_ENTRY_FUNCTION, "no top-level `def f` in the program")
    if len(bindings) > 1:
        lines = ", ".join(str(line) for line, _ in bindings)
        return _fail(FailureKind.MULTIPLE_ENTRY_FUNCTIONS, f"`f` is defined {len(bindings)} times (lines {lines})")
    if not bindings[0][1]:
        return _fail(FailureKind.NO_ENTRY_FUNCTION, "`f` is bound, but not by a plain `def f`")
    return None


_OPS = dis.opmap
_BINDING_OPS = frozenset(_OPS[n] for n in ("STORE_NAME", "DELETE_NAME", "STORE_GLOBAL", "DELETE_GLOBAL"))
_MAKE_FUNCTION = _OPS["MAKE_FUNCTION"]
_CALL_OPS = frozenset(_OPS[n] for n in ("CALL", "PRECALL", "CALL_FUNCTION") if n in _OPS)
_CACHE = _OPS.get("CACHE", 0)
_EXTENDED_ARG = _OPS["EXTENDED_ARG"]


def _bindings_of_f(code: types.CodeType) -> list[tuple[int, bool]]:
    """(line, is_plain_def) for each instruction of the module body that binds the name ``f``."""
    if "f" not in code.co_names:
        return []
    f_index = code.co_names.index("f")
    has_def = any(
        isinstance(c, types.CodeType) and c.co_name == "f" and c.co_flags & inspect.CO_OPTIMIZED
        for c in code.co_consts
    )
    raw = code.co_code
    positions = None
    found = []
    previous, extended = None, 0
    for offset in range(0, len(raw), 2):
        op, arg = raw[offset], raw[offset + 1] | extended
        if op == _CACHE:
            continue
        if op == _EXTENDED_ARG:
            extended = arg << 8
            continue
        extended = 0
        if op in _BINDING_OPS and arg == f_index:
            # A def is MAKE_FUNCTION then the store; a decorated def ends with the decorator call.
            plain = has_def and (previous == _MAKE_FUNCTION or previous in _CALL_OPS)
            if positions is None:
                positions = list(code.co_positions())
            found.append((positions[offset // 2][0] or 0, plain))
        previous = op
    return found


def _read_program(program: str, config: TaskConfig) -> ParseFailure | None:
    if len(program) > config.max_program_chars:
        return _fail(FailureKind.TOO_LONG, f"program of {len(program)} characters exceeds {config.max_program_chars}")
    return program_error(program)


def _read_inputs(source: str, which: str, config: TaskConfig) -> ParseFailure | None:
    if not source:
        return _fail(FailureKind.NO_INPUT, f"{which} is empty")
    if len(source) > config.max_input_chars:
        return _fail(FailureKind.TOO_LONG, f"{which} of {len(source)} characters exceeds {config.max_input_chars}")
    error = arguments_error(source)
    if error is not None:
        return _fail(FailureKind.NON_LITERAL, f"{which}: {error}")
    return None


def _up_to_stop(text: object, role: str, task_type: TaskType, config: TaskConfig) -> object:
    """A completion-style response up to the end of the first of the role's stop strings (see
    ``stop_strings``): one generated without them reads as one that stopped there, so a stop
    string never changes its reward (a blank line ends an induction answer's function). Tagged
    responses are read whole: their last complete answer counts (see ``extract_answer``)."""
    text = plain_text(text)  # (a str subclass's own find and len never run)
    if type(text) is not str or config.prompt_style != "completion":
        return text
    from azr_env.tasks.templates import stop_strings  # (templates is above the parsers)

    cut = -1
    for stop in stop_strings(role, task_type, config):
        found = text.find(stop)
        if found >= 0 and (cut < 0 or found + len(stop) < cut):
            cut = found + len(stop)
    return text if cut < 0 else text[:cut]


def parse_proposal(task_type: TaskType | str, text: object, config: TaskConfig,
                   program: str | None = None) -> ParsedProposal | ParseFailure:
    """Read a proposer response: a program with its input, or (induction) N inputs and a message.

    ``program`` is the program an induction proposer was given (AZR's way): the response then
    holds only the inputs and the message, and any program in it is ignored.

    >>> from azr_env.tasks import TaskConfig
    >>> text = "<answer>```python\\ndef f(a):\\n    return a * 2\\n```\\n```input\\n21\\n```</answer>"
    >>> parse_proposal("deduction", text, TaskConfig()).inputs
    ('21',)
    >>> parse_proposal("deduction", "<answer>```input\\n21\\n```</answer>", TaskConfig()).reason
    'no ```python block in the answer'
    """
    task_type = TaskType(task_type)
    check_config(config)
    if program is not None and task_type is not TaskType.INDUCTION:
        raise ValueError("only an induction proposer is given a program")
    text = _up_to_stop(text, "proposer", task_type, config)
    if config.prompt_style == "completion":
        return _parse_completion_proposal(task_type, text, config, program)
    answer = extract_answer(text, config)
    if isinstance(answer, ParseFailure):
        return answer
    blocks = code_blocks(answer)
    if program is None:
        programs = [body for language, body in blocks if language == "python"]
        if not programs:
            return _fail(FailureKind.NO_CODE_BLOCK, "no ```python block in the answer")
        program = programs[-1]
        failure = _read_program(program, config)
        if failure is not None:
            return failure

    inputs = [body for language, body in blocks if language == "input"]
    if not inputs:
        return _fail(FailureKind.NO_INPUT, "no ```input block in the answer")
    if task_type is not TaskType.INDUCTION:
        failure = _read_inputs(inputs[-1], "input", config)
        return failure or ParsedProposal(task_type, program, (inputs[-1],))

    wanted = config.n_induction_inputs
    if len(inputs) != wanted:
        return _fail(FailureKind.WRONG_INPUT_COUNT, f"{len(inputs)} ```input blocks, expected {wanted}")
    messages = [body for language, body in blocks if language == "message"]
    if not messages or not messages[-1]:
        return _fail(FailureKind.NO_MESSAGE, "no non-empty ```message block in the answer")
    return _induction_proposal(program, inputs, messages[-1], config)


def _induction_proposal(program: str, inputs, message: str, config: TaskConfig) -> ParsedProposal | ParseFailure:
    for n, source in enumerate(inputs, 1):
        failure = _read_inputs(source, f"input {n}", config)
        if failure is not None:
            return failure
    if not message:
        return _fail(FailureKind.NO_MESSAGE, "the message is empty")
    if len(message) > config.max_message_chars:
        return _fail(FailureKind.TOO_LONG, f"message of {len(message)} characters exceeds {config.max_message_chars}")
    if _CODE_IN_MESSAGE.search(message):
        return _fail(FailureKind.MESSAGE_LEAKS_CODE, "the message contains code, which would give the program away")
    return ParsedProposal(TaskType.INDUCTION, program, tuple(inputs), message)


_EXPECTED_BLOCK = {TaskType.DEDUCTION: "output", TaskType.ABDUCTION: "input", TaskType.INDUCTION: "python"}


def _answer_body(task_type: TaskType, answer: str) -> str | ParseFailure:
    blocks = code_blocks(answer)
    expected = _EXPECTED_BLOCK[task_type]
    preferred = [body for language, body in blocks if language == expected]
    if preferred:
        return preferred[-1]
    if blocks:
        return blocks[-1][1]
    if "```" in answer:
        return _fail(FailureKind.NO_CODE_BLOCK, f"no complete ```{expected} block (unclosed fence)")
    return answer.strip()


def parse_answer(task_type: TaskType | str, text: object, config: TaskConfig,
                 output: str | None = None) -> ParsedAnswer | ParseFailure:
    """Read a solver response: an output literal, an argument list, or a program.

    ``output`` is the deduction task's gold output. When it is no literal (``inf``,
    ``range(0, 3)``), ``check_output_prediction`` matches answers by their text, so any Python
    expression is then a well-formed answer (text that is none stays malformed).

    >>> from azr_env.tasks import TaskConfig
    >>> parse_answer("abduction", "<think>x</think><answer>```input\\n'a', 1\\n```</answer>", TaskConfig()).text
    "'a', 1"
    >>> parse_answer("induction", "<answer>```python\\nprint(1)\\n```</answer>", TaskConfig()).kind
    <FailureKind.NO_ENTRY_FUNCTION: 'no_entry_function'>
    """
    task_type = TaskType(task_type)
    check_config(config)
    text = _up_to_stop(text, "solver", task_type, config)
    if config.prompt_style == "completion":
        body = _completion_answer_body(task_type, text, config)
    else:
        answer = extract_answer(text, config)
        if isinstance(answer, ParseFailure):
            return answer
        body = _answer_body(task_type, answer)
    if isinstance(body, ParseFailure):
        return body
    if not body:
        return _fail(FailureKind.EMPTY, "the answer is empty")
    if len(body) > config.max_answer_chars:
        return _fail(FailureKind.TOO_LONG, f"answer of {len(body)} characters exceeds {config.max_answer_chars}")
    if task_type is TaskType.DEDUCTION:
        error = _literal_error(body)
        if error is not None and not (output is not None and _judged_by_text(output) and _is_expression(body)):
            return _fail(FailureKind.NON_LITERAL, f"output is not a Python literal ({error})")
    elif task_type is TaskType.ABDUCTION:
        error = arguments_error(body)
        if error is not None:
            return _fail(FailureKind.NON_LITERAL, f"input: {error}")
    else:
        failure = program_error(body)
        if failure is not None:
            return failure
    return ParsedAnswer(task_type, body)


# -- the completion style ----------------------------------------------------------------------
# The prompt ends where the answer starts (PromptTemplates.completion), so the response is read as
# the continuation of that last line:
#
#   deduction solver   ...assert f(<input>) ==|<output literal>            the right side of the ==
#   abduction solver   ...assert <output> == f(|<arguments>)               up to the matching ")"
#   induction solver   ...def f(|<parameters>):\n    <body>                up to the first line at column 0
#   deduction/abduction proposer
#                      ...def f(|<parameters>):\n    <body>\nassert f(<input>) == ...
#   induction proposer ...def f(|...\n# <message>\nf(<input 1>)\n...    (writing its own program)
#                      ...<given program>\n#|<message>\nf(<input 1>)\n... (given one, AZR's way)
#
# A response that goes on after its answer (a next test, a next function) is read only up to
# where the answer ends, as the stop strings (templates.stop_strings) would have cut it.
#
# A solver's answer line is read as Python reads the assert statement it completes: `, <message>`
# after the comparison is the assert's message, not part of the answer, and a line whose test is
# not that one comparison (`1 and False`, `1) == 2`) answers nothing.

_COMPLETION_DEF = "def f("
# The solver prompts' `assert f(<input>) ==` with a name for its left side: the same precedence.
_ASSERT_HEAD = "assert _ == "


def _call_arguments(line: str) -> str | None:
    """The text between the first ``(`` of ``line`` (outside string literals) and its matching
    ``)``; None when it is never closed on this line, or another bracket closes first.

    One linear pass that skips Python string literals (any prefix, triple quotes, backslash
    escapes), so brackets inside them do not count. It replaced ``tokenize``: CPython 3.11's
    tokenizer is pure Python and rescans to the end of the line from every quote it cannot
    close, so a model's answer of 12,000 quote-backslash pairs (24,000 characters) cost the
    parent 5 s of CPU, and a 100,000-character one about 100 s (the twenty-fifth session's red
    team).

    >>> _call_arguments("f('a)', [1, (2, 3)]) == 4")
    "'a)', [1, (2, 3)]"
    >>> [_call_arguments(s) for s in ("f(1", "f(1]", "f('a)", "f(1 # )", "[0] == f(1)")]
    [None, None, None, None, None]
    >>> _call_arguments("f('''x)''', 2)")
    "'''x)''', 2"
    """
    depth = 0
    opening = -1
    index, length = 0, len(line)
    while index < length:
        char = line[index]
        if char == "'" or char == '"':
            index = _string_end(line, index)
            if index < 0:
                return None  # a string never closed on this line
            continue
        if char == "#" or char == "\n" or char == "\r":
            return None  # a comment or the line's end: nothing closes on this line any more
        if char in "([{":
            if opening < 0:
                if char != "(":
                    return None  # the first bracket is not the call's
                opening = index
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth <= 0:
                return line[opening + 1:index].strip() if char == ")" and opening >= 0 else None
        index += 1
    return None


def _string_end(line: str, start: int) -> int:
    """The index just past the string literal whose opening quote is at ``start``, or -1 when
    it is not closed on ``line``. A backslash always takes the next character with it (in raw
    strings too: Python reads ``r'\\''`` as one string)."""
    quote = line[start]
    triple = line.startswith(quote * 3, start)
    index = start + (3 if triple else 1)
    length = len(line)
    while index < length:
        char = line[index]
        if char == "\\":
            index += 2
        elif char == quote and (not triple or line.startswith(quote * 3, index)):
            return index + (3 if triple else 1)
        elif not triple and (char == "\n" or char == "\r"):
            return -1
        else:
            index += 1
    return -1


def _function_lines(text: str) -> tuple[list[str], list[str]]:
    """Split ``def f(`` + ``text`` into the function (its header and every indented or blank line
    after it) and the lines that follow it."""
    lines = (_COMPLETION_DEF + text).split("\n")
    end = 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t")):
        end += 1
    body = lines[:end]
    while len(body) > 1 and not body[-1].strip():
        body.pop()
    return body, lines[end:]


def _completion_answer_body(task_type: TaskType, text: object, config: TaskConfig) -> str | ParseFailure:
    text = _as_text(text, config)
    if isinstance(text, ParseFailure):
        return text
    if task_type is TaskType.INDUCTION:
        program, _ = _function_lines(text)
        return "\n".join(program)
    line = text.split("\n", 1)[0].strip()
    if len(line) > config.max_answer_chars:  # (refused before it is parsed as an assert statement)
        return _fail(FailureKind.TOO_LONG, f"answer line of {len(line)} characters exceeds {config.max_answer_chars}")
    if task_type is TaskType.DEDUCTION:
        compared = _compared_value(line)
        # (a line that is no such assert is read whole: the literal check phrases its refusal)
        return line if compared is None else compared[0]
    arguments = _call_arguments("f(" + line)
    if arguments is None:
        return _fail(FailureKind.NO_INPUT, "the call's arguments are not closed by ')' on the answer line")
    compared = _compared_value("f(" + line)
    if compared is None or not _is_call_of_f(compared[1]):
        return _fail(FailureKind.NON_LITERAL, "the answer line is not `assert <output> == f(<arguments>)`: "
                     "what follows the call changes the test")
    return arguments


def _compared_value(rest: str) -> tuple[str, ast.expr] | None:
    """The right side of the ``==`` (its source and its node) in ``assert _ == <rest>``, read as
    Python reads that statement; None when it does not parse, or its test is not that one
    comparison (``_ == 1 and False``, ``_ == 1 == 2``). The assert's ``, message`` is left out,
    and so is what follows it on the line (``; pass``), which runs after the test, if at all.

    >>> _compared_value("1, 'the message'")[0]
    '1'
    >>> _compared_value("1 and False") is None
    True
    """
    source = _ASSERT_HEAD + rest
    try:
        body = ast.parse(source, "<answer>").body
    except Exception:  # noqa: BLE001 -- SyntaxError, deep nesting (RecursionError, MemoryError) ...
        return None
    if not body or not isinstance(body[0], ast.Assert):
        return None  # (statements after it on the line, ``2; pass``, do not change what it tests)
    test = body[0].test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)
            and isinstance(test.left, ast.Name) and test.left.id == "_"):
        return None
    value = test.comparators[0]
    return ast.get_source_segment(source, value), value


def _is_call_of_f(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "f"


def _parse_completion_proposal(task_type: TaskType, text: object, config: TaskConfig,
                               program: str | None) -> ParsedProposal | ParseFailure:
    text = _as_text(text, config)
    if isinstance(text, ParseFailure):
        return text
    if program is None:
        lines, rest = _function_lines(text)
        program = "\n".join(lines)
        failure = _read_program(program, config)
        if failure is not None:
            return failure
    else:  # the response continues the "#" that follows the given program
        rest = ("#" + text).split("\n")
    rest = [line for line in rest if line.strip()]

    if task_type is not TaskType.INDUCTION:
        tests = [line for line in rest if line.startswith("assert f(")]
        if not tests:
            return _fail(FailureKind.NO_INPUT, "no `assert f(...)` test after the function")
        arguments = _call_arguments(tests[0][len("assert "):])
        if arguments is None:
            return _fail(FailureKind.NO_INPUT, "the test's call `f(` is never closed")
        failure = _read_inputs(arguments, "input", config)
        return failure or ParsedProposal(task_type, program, (arguments,))

    if not rest or not rest[0].startswith("#"):
        return _fail(FailureKind.NO_MESSAGE, "no `# description` line after the function")
    message = rest[0].lstrip("#").strip()
    inputs = []
    for line in rest[1:]:
        if not line.startswith("f("):
            break
        arguments = _call_arguments(line)
        if arguments is None:
            return _fail(FailureKind.NO_INPUT, f"call {len(inputs) + 1}: `f(` is never closed")
        inputs.append(arguments)
    wanted = config.n_induction_inputs
    if len(inputs) < wanted:
        return _fail(FailureKind.WRONG_INPUT_COUNT, f"{len(inputs)} calls `f(...)`, expected {wanted}")
    return _induction_proposal(program, inputs[:wanted], message, config)
