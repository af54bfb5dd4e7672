"""The scripts' return figures, worked out behind the window and kept until the log changes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from callbook.domain.scripts import ReturnFigures
from callbook.services.book import Store, StoreError
from callbook.services.scripts import return_figures_of

log = logging.getLogger(__name__)


class KeptReturnFigures(QObject):
    """How often each script got a call back, as last worked out; `updated` when new ones are in.

    Working them out reads every scripted message ever left (a second at 50,000 contacts),
    so it runs on a thread of its own, one run at a time: changes made during a run ask for
    one more run after it. Until the first run ends the figures are empty, and the card
    ranks scripts by name.
    """

    updated = Signal()
    _worked_out = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._figures: Mapping[int, ReturnFigures] = {}
        self._running: threading.Thread | None = None
        self._again = False
        self._reading_from = store.generation
        # Emitted from the worker, delivered on the window's thread.
        self._worked_out.connect(self._take)

    def working(self) -> bool:
        """True while figures are being worked out, or asked for again."""
        return self._running is not None or self._again

    def current(self) -> Mapping[int, ReturnFigures]:
        """The figures as last worked out (empty before the first run ends)."""
        return self._figures

    def refresh(self) -> None:
        """Work the figures out again behind the window."""
        if self._running is not None:
            self._again = True
            return
        self._again = False
        # A restore or an encryption switch puts another file under the store meanwhile.
        self._reading_from = self._store.generation
        self._running = threading.Thread(target=self._work, name="script-figures", daemon=True)
        self._running.start()

    def wait(self) -> None:
        """Block until a run under way has ended: before the store closes."""
        running = self._running
        if running is not None:
            running.join()

    def _work(self) -> None:
        try:
            figures: Mapping[int, ReturnFigures] | None = return_figures_of(self._store)
        except StoreError as error:
            # The book being replaced (a restore), say: the next change asks again.
            log.warning("the scripts' figures were not worked out: %s", error)
            figures = None
        self._worked_out.emit(figures)

    def _take(self, figures: Mapping[int, ReturnFigures] | None) -> None:
        self._running = None
        if self._store.generation != self._reading_from:
            self._again = True  # read from the book as it was: read this one
        elif figures is not None:
            self._figures = figures
            self.updated.emit()
        if self._again:
            self.refresh()
