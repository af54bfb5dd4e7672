"""The terminal commands: one module per group of commands, over the same services."""

from callbook.cli.parser import build_parser
from callbook.cli.run import main
from callbook.cli.usage import UsageError

__all__ = ["UsageError", "build_parser", "main"]
