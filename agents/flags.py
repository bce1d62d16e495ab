"""``azr train``'s flags, made from the config dataclasses: one typed flag per field, its help text
taken from the field's metadata, so that ``--help`` cannot drift from the configs.

A field ``n_solver_samples: int`` becomes ``--n-solver-samples N``; a bool ``--flag`` / ``--no-flag``;
an ``Optional`` field also takes ``none``; a ``Literal`` field takes one of its choices; a tuple
takes several values (``--task-types deduction induction``); a dict takes a JSON object. The game's
fields are flat (``--executor-timeout 5`` sets ``TrainConfig.azr.executor_timeout``); the tasks
layer's ``TaskConfig`` fields, which a run keeps in ``azr.task``, are ``--task.FIELD``
(``--task.prompt-style completion``). LSP's fields (``--n-queries``) apply to LSP runs only.

Flags have no default of their own (``argparse.SUPPRESS``): only what is given changes the config
that ``--preset`` or ``--config`` gave (:func:`config_changes`).

>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_config_flags(parser)
>>> config_changes(parser.parse_args(["--lr", "1e-5", "--no-progress", "--task-types", "deduction",
...                                   "--task.prompt-style", "completion", "--clip-high", "none"]))
{'lr': 1e-05, 'progress': False, 'task_types': ('deduction',), 'clip_high': None, 'task': {'prompt_style': 'completion'}}
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import textwrap
import types
import typing
from dataclasses import dataclass
from typing import Any, Callable, Literal

from agents.config import TASK_FIELDS_SET_AT_TOP, AgentConfig, AZRGameConfig, TrainConfig

DEST_PREFIX = "config:"  # the namespace attribute of a config flag: "config:lr", "config:task.prompt_style"
TASK_PREFIX = "task."
NONE = "none"
_METAVARS = {int: "INT", float: "FLOAT", str: "TEXT"}


@dataclass(frozen=True)
class Flag:
    """One config field as a command-line flag."""

    name: str  # what AgentConfig.replace takes ("executor_timeout"), or "task.<TaskConfig field>"
    option: str  # "--executor-timeout"
    group: str  # a key of GROUPS
    hint: Any
    help: str
    default: Any

    @property
    def dest(self) -> str:
        return DEST_PREFIX + self.name


# Flag groups of `azr train --help`: (title, description).
GROUPS = {
    "agent": ("every game: the run, sampling, the update, the critic, the optimiser, LoRA", None),
    "azr": ("the Absolute Zero game (presets tiny, smollm2-cpu, smollm2-gpu, paper)", None),
    "task": ("the Absolute Zero tasks (azr_env.tasks.TaskConfig; a run keeps them in azr.task)",
             "The default shown is TaskConfig's; a preset may set some (smollm2-*: --task.prompt-style completion)."),
    "lsp": ("the Language Self-Play game (presets lsp-tiny, lsp-smollm2-cpu, or --game lsp)", None),
}


def _fields(cls) -> list[tuple[dataclasses.Field, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls)]


def config_flags() -> list[Flag]:
    """Every flag of ``azr train``, in ``--help`` order."""
    from azr_env.tasks import TaskConfig

    from agents.lsp.config import LSPTrainConfig

    out: list[Flag] = []

    def add(name: str, group: str, f: dataclasses.Field, hint) -> None:
        out.append(Flag(name, option_of(name), group, hint, f.metadata.get("help", ""), _default(f)))

    sections = TrainConfig.sections()
    for f, hint in _fields(AgentConfig):
        add(f.name, "agent", f, hint)
    for f, hint in _fields(AZRGameConfig):
        add(f.name, "azr", f, hint)
    for f, hint in _fields(TaskConfig):
        if f.name not in TASK_FIELDS_SET_AT_TOP:
            add(TASK_PREFIX + f.name, "task", f, hint)
    shared = {f.name for f in dataclasses.fields(AgentConfig)}
    for f, hint in _fields(LSPTrainConfig):
        if f.name not in shared:
            add(f.name, "lsp", f, hint)
    clash = set(sections) & {flag.name for flag in out}
    if clash:  # a section is set through its fields' flags; a field of the same name would hide them
        raise TypeError(f"config fields named like a section: {sorted(clash)}")
    return out


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def lsp_default_changes() -> dict[str, Any]:
    """The shared fields whose LSP default differs from the agent's (shown in the LSP group's description)."""
    from agents.lsp.config import LSPTrainConfig

    base, lsp = AgentConfig(), LSPTrainConfig()
    return {f.name: getattr(lsp, f.name) for f in dataclasses.fields(AgentConfig)
            if getattr(lsp, f.name) != getattr(base, f.name)}


# -- values ------------------------------------------------------------------------------------------
def _show(value) -> str:
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return " ".join(_show(v) for v in value) if value else "(empty)"
    if isinstance(value, dict):
        return json.dumps(value) if value else "{}"
    if dataclasses.is_dataclass(value):
        return f"{type(value).__name__}()"
    if isinstance(value, str):
        return repr(value) if value == "" or value != value.strip() or "\n" in value else value
    return str(value)


def _scalar(kind: type) -> Callable[[str], Any]:
    names = {int: "an integer", float: "a number (e.g. 1e-5)", str: "a string"}

    def convert(text: str):
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {names[kind]}, got {text!r}") from None
    convert.__name__ = kind.__name__
    return convert


def _json_object(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"expected a JSON object such as '{{\"key\": 1}}', got {text!r}")
    return value


def _boolean(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    if lowered == NONE:
        return None
    raise argparse.ArgumentTypeError(f"expected true, false or none, got {text!r}")


def _or_none(convert: Callable[[str], Any], expected: str) -> Callable[[str], Any]:
    def convert_or_none(text: str):
        if text.strip().lower() == NONE:
            return None
        try:
            return convert(text)
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(f"expected {expected} or none, got {text!r}") from None
    return convert_or_none


def _choice(choices: tuple, optional: bool) -> Callable[[str], Any]:
    allowed = tuple(choices) + ((NONE,) if optional else ())

    def convert(text: str):
        if optional and text.strip().lower() == NONE:
            return None
        if text not in choices:
            raise argparse.ArgumentTypeError(f"expected one of {', '.join(map(str, allowed))}; got {text!r}")
        return text
    return convert




def _argument(flag: Flag) -> dict[str, Any]:
    """``add_argument`` keywords that parse ``flag``'s type."""
    hint = flag.hint
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = _is_union(hint) and type(None) in typing.get_args(hint)
    base = args[0] if optional and len(args) == 1 else hint
    origin = typing.get_origin(base)
    if base is bool and not optional:
        return dict(action=argparse.BooleanOptionalAction)
    if base is bool:  # --flag (true), --flag false, --flag none (the field's automatic choice); --no-flag
        return dict(type=_boolean, nargs="?", const=True, metavar="true|false|none")
    if origin is Literal:
        choices = typing.get_args(base)
        return dict(type=_choice(choices, optional), metavar="{" + ",".join(choices) + ("," + NONE if optional else "") + "}")
    if base in (int, float, str):
        convert, metavar = _scalar(base), _METAVARS[base]
        if optional:
            return dict(type=_or_none(convert, {int: "an integer", float: "a number", str: "a string"}[base]),
                        metavar=f"{metavar}|none")
        return dict(type=convert, metavar=metavar)
    if origin is tuple:
        items = typing.get_args(base)
        if len(items) == 2 and items[1] is Ellipsis:
            element = items[0]
            if typing.get_origin(element) is Literal:
                choices = typing.get_args(element)
                convert, metavar = _choice(choices, optional), "{" + ",".join(choices) + "}"
            else:
                convert, metavar = _scalar(element), _METAVARS[element]
            if optional:  # `none` alone stands for None
                convert = _none_in_list(convert)
            return dict(type=convert, nargs="+", metavar=metavar)
        return dict(type=_scalar(items[0]), nargs=len(items), metavar=_METAVARS[items[0]])
    if _is_names(hint):  # "all-linear", or module names
        return dict(type=_scalar(str), nargs="+", metavar="NAME")
    if origin is dict or dataclasses.is_dataclass(base):
        return dict(type=_or_none(_json_object, "a JSON object") if optional else _json_object, metavar="JSON")
    raise TypeError(f"no flag type for {flag.name}: {hint}")  # a new field of a type this module cannot parse yet


def _is_union(hint) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _is_names(hint) -> bool:
    """``str | list[str]``: one name, or several."""
    return _is_union(hint) and set(typing.get_args(hint)) == {str, list[str]}


def _none_in_list(convert):
    def convert_item(text: str):
        if text.strip().lower() == NONE:
            return None
        return convert(text)
    return convert_item


def _finish(flag: Flag, value: Any) -> Any:
    """The parsed value as the config field takes it (a list of values as a tuple, ``none`` as None)."""
    if isinstance(value, list):
        if None in value:
            if value != [None]:
                raise ValueError(f"argument {flag.option}: none stands alone, not among values")
            return None
        if _is_names(flag.hint):
            return value[0] if len(value) == 1 else value
        return tuple(value)
    return value


# -- the parser ----------------------------------------------------------------------------------------
class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter that never breaks a line inside a hyphenated word (``--n-solver-samples``,
    ``token-mean``), so a help text reads, and is searched, as written; in descriptions and epilogs,
    lines that start with two spaces (examples) are kept as they are."""

    def _split_lines(self, text, width):
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text, width, indent):
        out, paragraph = [], []

        def flush():
            if paragraph:
                out.extend(textwrap.wrap(" ".join(paragraph), width, initial_indent=indent, subsequent_indent=indent,
                                         break_on_hyphens=False))
                paragraph.clear()
        for line in text.splitlines():
            if line.startswith("  ") or not line.strip():
                flush()
                out.append(indent + line if line.strip() else "")
            else:
                paragraph.append(line.strip())
        flush()
        return "\n".join(out)


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per config field, in groups (see ``GROUPS``)."""
    groups = {}
    lsp_defaults = lsp_default_changes()
    for key, (title, description) in GROUPS.items():
        if key == "lsp":
            description = "LSP's own defaults for flags above: " + ", ".join(
                f"--{name.replace('_', '-')} {_show(value)}" for name, value in lsp_defaults.items()) + "."
        groups[key] = parser.add_argument_group(title, description)
    for flag in config_flags():
        help_text = f"{flag.help} (default: {_show(flag.default)})"
        kwargs = _argument(flag)
        group = groups[flag.group]
        group.add_argument(flag.option, dest=flag.dest, default=argparse.SUPPRESS,
                           help=help_text.replace("%", "%%"), **kwargs)
        if kwargs.get("metavar") == "true|false|none":
            group.add_argument("--no-" + flag.option[2:], dest=flag.dest, action="store_const", const=False,
                               default=argparse.SUPPRESS, help=f"the same as {flag.option} false")


def config_changes(namespace: argparse.Namespace) -> dict[str, Any]:
    """The config changes that the flags given on the command line ask for: ``{name: value}``, with
    the ``--task.FIELD`` flags (and ``--task``) gathered into ``{"task": {...}}``."""
    flags = {flag.dest: flag for flag in config_flags()}
    changes: dict[str, Any] = {}
    task: dict[str, Any] = {}
    for dest, value in vars(namespace).items():
        if dest not in flags:
            continue
        flag = flags[dest]
        value = _finish(flag, value)
        if flag.name.startswith(TASK_PREFIX):
            task[flag.name[len(TASK_PREFIX):]] = value
        elif flag.name == "task":
            task = {**value, **task}
        else:
            changes[flag.name] = value
    if task:
        changes["task"] = task
    return changes


def option_of(name: str) -> str:
    """The flag of a config field name (``"executor_timeout"`` -> ``"--executor-timeout"``)."""
    return "--" + name.replace("_", "-")


# -- the flags as documentation -------------------------------------------------------------------------
def markdown_table() -> str:
    """Every flag as Markdown tables, one per group: what docs/agents.md shows under "Every flag"
    (``python -m agents.flags`` prints it; a test keeps the doc equal to it)."""
    lines = []
    lsp_defaults = lsp_default_changes()
    for key, (title, description) in GROUPS.items():
        lines += [f"**{title[0].upper()}{title[1:]}**", ""]
        if key == "lsp":
            lines += ["LSP's own defaults for flags above: " + ", ".join(
                f"`--{name.replace('_', '-')} {_show(value)}`" for name, value in lsp_defaults.items()) + ".", ""]
        elif description:
            lines += [description, ""]
        lines += ["| flag | default | what it sets |", "|---|---|---|"]
        for flag in config_flags():
            if flag.group == key:
                value = _argument(flag).get("metavar")
                if value is None:  # a bool
                    shown = f"`{flag.option}` / `--no-{flag.option[2:]}`"
                else:
                    shown = f"`{flag.option} {value}`"
                help_text = " ".join(flag.help.split()).replace("|", "\\|")
                lines.append(f"| {shown.replace('|', chr(92) + '|')} | `{_show(flag.default)}` | {help_text} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
