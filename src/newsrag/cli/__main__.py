"""`python -m newsrag.cli`, as the `newsrag` script."""

from . import app

app(prog_name="newsrag")
