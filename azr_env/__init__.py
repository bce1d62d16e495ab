"""azr-env: data-free self-play (Absolute Zero, Language Self-Play) as Gymnasium/PettingZoo envs."""
__version__ = "0.1.0"
