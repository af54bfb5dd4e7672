"""The PySide6 window: pages, the contact card, item models and dialogs; no SQL."""

from __future__ import annotations

import sys


def _leave_module_sources_unread() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    PySide6 replaces `__import__` with a hook that, for each new module, reads its whole
    source through `inspect.getsource` to see whether it mentions PySide6 (for the opt-in
    `from __feature__ import snake_case` syntax). Every line read stays in `linecache`:
    about 23 MiB once SQLAlchemy and the window are loaded, and a tenth of the start.
    Callbook selects no `__feature__`, so every module gets PySide's defaults either way;
    answering "no" marks a module as one the feature machinery leaves alone.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", lambda _module: False)  # noqa: B010 - private


_leave_module_sources_unread()
