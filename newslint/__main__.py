"""`python -m newslint`: the same command as `newslint`."""
from .cli import main

main(prog_name="newslint")
