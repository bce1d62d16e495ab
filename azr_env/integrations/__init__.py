"""Bridges from azr-env to other training libraries. Each module imports its library lazily, so
importing it works whether or not that library is installed.

- :mod:`azr_env.integrations.trl`: reward functions with TRL's signature and a dataset builder, to
  train a solver on Absolute Zero tasks with TRL's ``GRPOTrainer`` (``pip install azr-env[bench]``).
"""
