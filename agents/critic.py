"""PPO's critic: the value function V(s_t) that GAE needs (``estimator="ppo"``).

Two shapes, as the reference implementations offer them (``TrainConfig.critic``):

* ``"head"`` (default): a linear layer on the last hidden state of the policy's own transformer.
  One forward gives the log-probs and the values; the value loss trains the head and, through
  it, the shared transformer (scaled by ``vf_coef``). The policy loss never reaches the head.
* ``"separate"``: a critic model of its own (OpenRLHF's and veRL's critic), a causal LM loaded from
  ``critic_model`` (default: the policy's initial weights) with the same head on its last hidden
  state. The policy loss and the value loss then share no parameter at all.

A value head is ``Linear(hidden_size, K, bias=False)``: K = 1 head shared by every role, or with
``critic_per_role`` one output per role of the game (proposer and solver in Absolute Zero), each
sample reading its own. Its weights start normal with std 1/(H+1), OpenRLHF's initialisation of its value
head, drawn from a generator seeded with ``cfg.seed``.

The critic is saved with every checkpoint in ``critic/``: ``value_head.safetensors``,
``critic.json`` (hidden size, roles, shape) and, for a separate critic, ``model/``
(``save_pretrained``, with the tokenizer). Its AdamW state lives in the one optimizer, as its own parameter group
(learning rate ``critic_lr``), so ``optimizer.pt`` restores it too.

>>> from agents.config import TrainConfig
>>> from agents.policy import Policy
>>> policy = Policy.from_pretrained("tiny")
>>> policy.critic = build_critic(TrainConfig(estimator="ppo"), policy)
>>> [len(group["params"]) for group in parameter_groups(policy, TrainConfig(estimator="ppo"))]
[20, 1]
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import torch
from torch import nn

from agents.policy import completion_hidden_states, shared_prompt_log_probs

CRITIC_DIR = "critic"
HEAD_FILE = "value_head.safetensors"
CONFIG_FILE = "critic.json"
MODEL_DIR = "model"
CRITIC_SHAPES = ("head", "separate")


class ValueHead(nn.Module):
    """V(s_t) = w_k . h_t: one linear output per head k on the last hidden state h_t."""

    def __init__(self, hidden_size: int, roles: Sequence[str] = (), *, seed: int = 0):
        super().__init__()
        self.roles = tuple(roles)
        with torch.random.fork_rng(devices=[]):  # its own seed; the global RNG is left alone
            torch.manual_seed(seed)
            self.linear = nn.Linear(hidden_size, max(len(self.roles), 1), bias=False)
            nn.init.normal_(self.linear.weight, mean=0.0, std=1.0 / (hidden_size + 1))  # OpenRLHF's init

    def forward(self, hidden: torch.Tensor, role_index: torch.Tensor) -> torch.Tensor:
        """Values [B, T] from hidden states [B, T, H]; row b reads head ``role_index[b]``. In the
        head's own precision (float32) even under mixed precision: a value is compared with its
        target to far more digits than bf16 keeps."""
        with torch.autocast(device_type=hidden.device.type, enabled=False):
            out = self.linear(hidden.to(self.linear.weight.dtype))
        if out.shape[-1] == 1:
            return out.squeeze(-1)
        index = role_index.to(out.device).view(-1, 1, 1).expand(out.shape[0], out.shape[1], 1)
        return out.gather(-1, index).squeeze(-1)

    def role_index(self, roles: Sequence[str], device=None) -> torch.Tensor:
        """The head of each role: all 0 with one shared head."""
        if not self.roles:
            return torch.zeros(len(roles), dtype=torch.long, device=device)
        unknown = sorted(set(roles) - set(self.roles))
        if unknown:
            raise ValueError(f"no value head for role(s) {unknown}: this critic has heads for {list(self.roles)}")
        return torch.tensor([self.roles.index(r) for r in roles], dtype=torch.long, device=device)


class Critic(nn.Module):
    """A value head, on the policy's hidden states (``body is None``) or on a critic model's own."""

    def __init__(self, head: ValueHead, body: nn.Module | None = None):
        super().__init__()
        self.head = head
        self.body = body

    @property
    def reads_policy_hidden(self) -> bool:
        return self.body is None

    @property
    def roles(self) -> tuple[str, ...]:
        return self.head.roles

    def role_index(self, roles: Sequence[str]) -> torch.Tensor:
        return self.head.role_index(roles, device=self.head.linear.weight.device)

    def forward(self, role_index: torch.Tensor, *, hidden: torch.Tensor | None = None, batch=None,
                prompt_ids: Sequence[int] | None = None, completions: Sequence[Sequence[int]] | None = None,
                pad_id: int | None = None) -> torch.Tensor:
        """Values [B, T]: from the policy's ``hidden`` states (a head), or, for a separate critic,
        from its own forward over a padded ``batch`` or over the ``completions`` of one prompt.
        (Everything goes through ``forward`` so that DDP sees the critic's whole computation.)"""
        if self.body is not None:
            device = next(self.body.parameters()).device
            if batch is not None:
                hidden = completion_hidden_states(self.body, batch.to(device))
            else:
                hidden = shared_prompt_log_probs(self.body, prompt_ids, completions, pad_id, device=device,
                                                 with_hidden=True, with_logits=False)[3]
        if hidden is None:
            raise ValueError("a value head on the policy needs the policy's hidden states")
        return self.head(hidden, role_index)


def build_critic(cfg, policy, roles: Sequence[str] = (), *, checkpoint: str | Path | None = None) -> Critic | None:
    """The critic ``cfg`` asks for, on the policy's device (None unless ``cfg.estimator == "ppo"``).

    ``roles`` are the game's roles, needed with ``cfg.critic_per_role``. With ``checkpoint`` (a
    checkpoint directory), its saved critic is restored exactly: the head's weights, and for a
    separate critic the critic model's.
    """
    if cfg.estimator != "ppo":
        if checkpoint is not None and (Path(checkpoint) / CRITIC_DIR).exists():
            raise ValueError(f"{checkpoint} holds a critic: the run was started with estimator='ppo', "
                             "and an estimator cannot change when a run is resumed")
        return None
    head_roles = tuple(roles) if cfg.critic_per_role else ()
    if cfg.critic_per_role and not head_roles:
        raise ValueError("critic_per_role needs the roles of the game (e.g. ('proposer', 'solver'))")
    saved = Path(checkpoint) / CRITIC_DIR if checkpoint is not None else None
    if saved is not None:
        _check_saved(saved, cfg, head_roles)
    # Building the critic leaves the global RNG as it was (module constructors draw from it), so
    # that a run with a critic samples what the same run without one would.
    with torch.random.fork_rng(devices=[]):
        return _build(cfg, policy, head_roles, saved)


def _build(cfg, policy, head_roles: tuple[str, ...], saved: Path | None) -> Critic:
    from agents.weights import load_model, own_aligned_memory

    body = None
    if cfg.critic == "separate" and saved is not None:
        from transformers import AutoModelForCausalLM

        body = own_aligned_memory(AutoModelForCausalLM.from_pretrained(str(saved / MODEL_DIR)))
        hidden_size = body.config.get_text_config().hidden_size
    elif cfg.critic == "separate":
        spec = cfg.critic_model or cfg.model
        body, tokenizer = load_model(spec, seed=cfg.seed)
        if tokenizer.get_vocab() != policy.tokenizer.get_vocab():
            raise ValueError(f"the critic model {spec!r} has another tokenizer than the policy; "
                             "a critic must read the policy's token ids")
        hidden_size = body.config.get_text_config().hidden_size
    else:
        hidden_size = policy.unwrapped.config.get_text_config().hidden_size
    if body is not None:
        _freeze_output_embeddings(body)
    head = ValueHead(hidden_size, head_roles, seed=cfg.seed)
    if saved is not None:
        from safetensors.torch import load_file

        head.load_state_dict(load_file(str(saved / HEAD_FILE)))  # copies into the head's own memory
    return Critic(head, body).to(policy.device)


def _freeze_output_embeddings(body: nn.Module) -> None:
    # The critic reads hidden states, never logits: an untied LM head gets no gradient, would cost
    # AdamW state for nothing, and under DDP an unused trainable parameter is an error. A head tied
    # to the input embeddings is those embeddings, and stays trainable.
    output, inputs = body.get_output_embeddings(), body.get_input_embeddings()
    if output is not None and (inputs is None or output.weight is not inputs.weight):
        output.requires_grad_(False)


def _check_saved(saved: Path, cfg, head_roles: tuple[str, ...]) -> None:
    if not (saved / HEAD_FILE).exists():
        raise FileNotFoundError(f"{saved.parent} holds no critic: the run was not started with estimator='ppo', "
                                "and an estimator cannot change when a run is resumed")
    meta = json.loads((saved / CONFIG_FILE).read_text(encoding="utf-8"))
    if meta["critic"] != cfg.critic or tuple(meta["roles"]) != head_roles:
        raise ValueError(f"the checkpoint's critic is a {meta['critic']!r} critic with heads {meta['roles']}; "
                         f"the config asks for {cfg.critic!r} with {list(head_roles)}: resume with the run's settings")


def save_critic(critic: Critic, directory: str | Path, tokenizer=None) -> None:
    """Write ``critic`` (unwrapped) into ``directory`` (a checkpoint's ``critic/``). A separate
    critic's model goes to ``model/`` with ``tokenizer`` when given, so that ``critic_model`` can
    start another run from it."""
    from safetensors.torch import save_file

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    head = {k: v.detach().cpu().contiguous() for k, v in critic.head.state_dict().items()}
    save_file(head, str(directory / HEAD_FILE))
    meta = {"critic": "head" if critic.body is None else "separate", "roles": list(critic.roles),
            "hidden_size": critic.head.linear.in_features}
    (directory / CONFIG_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    if critic.body is not None:
        critic.body.save_pretrained(directory / MODEL_DIR, safe_serialization=True)
        if tokenizer is not None:
            tokenizer.save_pretrained(directory / MODEL_DIR)


def parameter_groups(policy, cfg) -> list[dict]:
    """The optimizer's parameter groups: the policy's trainable parameters, then the critic's (when
    there is one) at ``cfg.critic_lr`` (default: ``cfg.lr``)."""
    groups = [{"params": [p for p in policy.model.parameters() if p.requires_grad]}]
    if policy.critic is not None:
        lr = cfg.lr if cfg.critic_lr is None else cfg.critic_lr
        groups.append({"params": [p for p in policy.critic.parameters() if p.requires_grad], "lr": lr})
    return groups


def clip_groups(policy) -> list[tuple[str, list[torch.nn.Parameter]]]:
    """Parameters whose gradient norm is clipped together, with the name of the norm's metric.

    A head on the policy is clipped with the policy (one model, one norm); a separate critic
    alone, as OpenRLHF and veRL clip each model, so that the value loss's gradients never shrink
    the policy's step."""
    policy_params = [p for p in policy.model.parameters() if p.requires_grad]
    if policy.critic is None:
        return [("grad_norm", policy_params)]
    critic_params = [p for p in policy.critic.parameters() if p.requires_grad]
    from accelerate.utils import extract_model_from_parallel

    if extract_model_from_parallel(policy.critic).reads_policy_hidden:
        return [("grad_norm", policy_params + critic_params)]
    return [("grad_norm", policy_params), ("critic_grad_norm", critic_params)]
