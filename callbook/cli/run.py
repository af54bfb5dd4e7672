"""Running one terminal command: open what it needs, and say in one line what stopped it."""

from __future__ import annotations

import argparse
import codecs
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from callbook.cli.book import opened_book
from callbook.cli.parser import build_parser, check_typed
from callbook.cli.usage import UsageError
from callbook.clock import SystemClock
from callbook.disk import disk_words
from callbook.domain.clock import Clock
from callbook.logs import log_to_folder
from callbook.paths import DataFolderError, data_folder, prepare_folder
from callbook.services.backups import BackupError, RestoreRefused
from callbook.services.changes import Invalid, NotFound
from callbook.services.contacts import AmbiguousContact
from callbook.store.engine import StoreError, write_failure

log = logging.getLogger(__name__)
# What a shell reports for a writer stopped by SIGPIPE (128 + 13): its reader went away.
READER_GONE = 141


def main(argv: Sequence[str], clock: Clock | None = None, out: TextIO = sys.stdout) -> int:
    """Run one subcommand; what stops it is one line on stderr and a non-zero exit.

    Bad input, a full disk, a number too large, text that is not UTF-8: each is said in
    words, never as a traceback. A reader that goes away (`| head`) ends it quietly.
    """
    try:
        check_typed(argv)
        args = build_parser().parse_args(argv)
        code = _run(args, clock or SystemClock(), out)
        # Written out here, while a reader that went away can still be handled.
        out.flush()
        return code
    except BrokenPipeError:
        return _reader_went_away(out)
    except UsageError as error:
        print(error, file=sys.stderr)
        return 2
    except AmbiguousContact as error:
        print(f"callbook: {error}", file=sys.stderr)
        return 1
    except RestoreRefused as error:
        print(f"callbook: nothing was restored: {error}", file=sys.stderr)
        return 1
    except BackupError as error:
        print(f"callbook: {error}", file=sys.stderr)
        return 1
    except UnicodeError as error:
        print(f"callbook: {_unshowable(error)}", file=sys.stderr)
        return 1
    except (DataFolderError, StoreError, Invalid, NotFound, ValueError) as error:
        print(f"callbook: {error}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, sqlite3.Error, OSError, OverflowError) as error:
        # What no command caught: the traceback goes to the log, the rep gets the reason.
        log.error("a command stopped", exc_info=True)
        print(f"callbook: {_stopped_by(error)}", file=sys.stderr)
        return 1


def _unshowable(error: UnicodeError) -> str:
    if isinstance(error, UnicodeEncodeError) and codecs.lookup(error.encoding).name != "utf-8":
        what = error.object[error.start : error.end]
        return (
            f"this terminal's encoding ({error.encoding}) cannot show {what!r}; "
            "use a UTF-8 locale or set PYTHONIOENCODING=utf-8"
        )
    return "some text is not valid UTF-8 (a file name, or a setting in the environment?)"


def _stopped_by(error: Exception) -> str:
    if isinstance(error, OverflowError):
        return "a number given is too large"
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"could not finish: {disk_words(error)}{where}"
    why = write_failure(error)
    if why is not None:
        return f"could not finish: {why}"
    return f"could not finish: the call book said {getattr(error, 'orig', None) or error}"


def _reader_went_away(out: TextIO) -> int:
    """The program reading the output stopped (`| head`): end quietly, as a pipe's writer does."""
    # Python's advice for SIGPIPE: what is still buffered goes to devnull, not to a second
    # BrokenPipeError as the interpreter exits.
    try:
        fd = out.fileno()
    except (OSError, ValueError):
        return READER_GONE
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    return READER_GONE


def _run(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    folder = prepare_folder(data_folder(getattr(args, "data_dir", None)))
    log_to_folder(folder)
    in_folder = getattr(args, "in_folder", None)
    if in_folder is not None:
        code: int = in_folder(folder, clock, args, out)
        return code
    in_book = getattr(args, "in_book", None)
    if in_book is None:
        raise UsageError("callbook: no such command (see callbook --help)")
    with opened_book(folder, clock) as store:
        code = in_book(store, clock, args, out)
        return code
