"""What every terminal command shares: its one-line usage error and what it runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TextIO

from callbook.domain.clock import Clock
from callbook.store.engine import Store

# What a command runs: with the book opened for it, or with only its data folder
# (restore, the list of backups and the quick log in the window never open the book).
InBook = Callable[[Store, Clock, argparse.Namespace, TextIO], int]
InFolder = Callable[[Path, Clock, argparse.Namespace, TextIO], int]


class UsageError(Exception):
    """The command line itself is wrong."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one clear line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")
