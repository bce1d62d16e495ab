"""The tasks tests use the suite's fixtures (tests/conftest.py): ``executor``, ``cruxeval_path``."""
