"""``python -m cleaner``: the same command-line interface as ``cleaner``."""

from cleaner.cli import app

app(prog_name="cleaner")
