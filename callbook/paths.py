"""Where the rep's data lives, owner-only."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATA_DIR_ENV = "CALLBOOK_DATA_DIR"
DATABASE_NAME = "callbook.sqlite3"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


class DataFolderError(Exception):
    """The data folder cannot be used; the message says why in the rep's words."""


def data_folder(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder to use: `--data-dir`, else $CALLBOOK_DATA_DIR, else the platform's."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return user_data_path("callbook", appauthor=False)


def prepare_folder(folder: Path) -> Path:
    """Create the folder owner-only (0700) if needed and check it can be written."""
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise DataFolderError(f"cannot create the data folder {folder}: {error.strerror}") from None
    if not folder.is_dir():
        raise DataFolderError(f"the data folder {folder} is not a folder")
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        raise DataFolderError(f"the data folder {folder} cannot be read and written")
    return folder


def owner_only_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist, and tighten it if it does."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    path.chmod(FILE_MODE)


def flush_to_disk(path: Path) -> None:
    """fsync a file, or a folder so that a rename in it survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
