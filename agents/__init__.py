"""The bundled agent: a HuggingFace causal LM trained by self-play through the azr_env environments.

* ``agents.weights``: where weights come from (``tiny``, the embedded ``smollm2-cpu``, any HF id/path);
* ``agents.policy``: ``Policy`` (generation with stop strings, log-probs under gradient, reference);
* ``agents.algorithms``: REINFORCE++, TRR++, GRPO/LSP baselines, PPO clip, entropy, KL estimators;
* ``agents.learner``: one update from scored samples (advantages, PPO epochs, accumulation);
* ``agents.config``: ``TrainConfig`` and the presets ``tiny``, ``smollm2-cpu``, ``paper``;
* ``agents.trainer``: the self-play loop, metrics, atomic checkpoints and exact resume;
* ``agents.cli``: the ``azr`` command (``azr train``, ``azr plot``); ``agents.train`` for ``accelerate launch``.

Importing ``agents`` loads nothing heavy; each module imports torch/transformers itself.
"""
