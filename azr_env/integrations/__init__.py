"""Bridges from azr-env to other training libraries. Each module imports its library lazily, so
importing it works whether or not that library is installed.

- :mod:`azr_env.integrations.trl`: reward functions with TRL's signature and a dataset builder, to
  train a solver on Absolute Zero tasks with TRL's ``GRPOTrainer`` (``pip install azr-env[bench]``).
- :mod:`azr_env.integrations.openenv`: every game as an OpenEnv server (``azr serve``) and its
  ``EnvClient`` (``pip install azr-env[openenv]``); docs/openenv.md.
- :mod:`azr_env.integrations.verifiers`: the verifiers v1 tasksets ``azr-env-selfplay`` (proposer
  and solver seats) and ``azr-env-solve`` (``pip install azr-env[verifiers]``); docs/verifiers.md.
- :mod:`azr_env.integrations.game_host`: many concurrent episodes of one game over one buffer and
  one executor, with a single writer thread; what the server and the verifiers env play through.
- :mod:`azr_env.integrations.sampler`: completions from an OpenAI-compatible endpoint.

``azr_env.executor.RayExecutor`` (``pip install azr-env[ray]``) runs the executor on a Ray cluster;
docs/ray.md.
"""
