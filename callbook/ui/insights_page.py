"""The Insights page: the charts of a period picked by the rep, worked out off the window's thread.

matplotlib is loaded the first time the page is shown, never at the window's start: the
figures and their drawings are made on a worker thread, and only the canvases that show
them are made here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.insights.figures import QUESTIONS, Insights
from callbook.domain.insights.period import DEFAULT_WEEKS, PERIOD_CHOICES
from callbook.ui.today_page import heading

if TYPE_CHECKING:
    from callbook.charts.colors import ChartColors
    from callbook.charts.drawing import Chart

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# Works out the figures of the last N weeks, reporting progress (called on the worker).
Compute = Callable[[int, Progress], Insights]
CHART_ORDER = ("pickup", "coverage", "volume", "returns", "relationship", "asks")
CONTACT_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Drawn:
    """What one run of the worker made: the figures and a chart of each."""

    generation: int
    insights: Insights
    charts: dict[str, Chart]


class _Signals(QObject):
    """Carries the worker's news to the window's thread."""

    progressed = Signal(int, int, int)  # generation, done, total
    drawn = Signal(object)  # a Drawn
    failed = Signal(int, str)


def _colors_of(palette: QPalette) -> ChartColors:
    from callbook.charts.colors import colors_on

    return colors_on(
        palette.color(QPalette.ColorRole.Base).name(),
        palette.color(QPalette.ColorRole.Text).name(),
    )


class ChartView(QWidget):
    """One chart's place: the canvas, what the pointer is over, and a list for some charts."""

    def __init__(self, name: str, people_title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setAccessibleName(QUESTIONS[name])
        self.chart: Chart | None = None
        self.canvas: QWidget | None = None
        self.spot = QVBoxLayout()
        self.waiting = QLabel("Working out the figures…")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spot.addWidget(self.waiting, 1)
        self.pointed = QLabel(" ")
        self.pointed.setAccessibleName(f"{QUESTIONS[name]}: under the pointer")
        self.pointed.setWordWrap(True)
        self.people: QListWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.spot, 1)
        layout.addWidget(self.pointed)
        if people_title:
            title = QLabel(people_title)
            self.people = QListWidget()
            self.people.setAccessibleName(title.text().replace("&", ""))
            # Names side by side in rows: the list keeps its height on a small screen.
            self.people.setFlow(QListView.Flow.LeftToRight)
            self.people.setWrapping(True)
            self.people.setResizeMode(QListView.ResizeMode.Adjust)
            self.people.setSpacing(2)
            self.people.setFixedHeight(96)
            title.setBuddy(self.people)
            layout.addWidget(title)
            layout.addWidget(self.people)

    def show_chart(self, chart: Chart) -> None:
        """Put `chart` on a fresh canvas in place of what was shown."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.chart = chart
        canvas = FigureCanvasQTAgg(chart.figure)
        canvas.setAccessibleName(f"{QUESTIONS[self.name]} chart")
        canvas.setMinimumSize(320, 220)
        canvas.mpl_connect("motion_notify_event", self._pointer_moved)
        old = self.canvas
        self.spot.insertWidget(0, canvas, 1)
        self.waiting.hide()
        if old is not None:
            self.spot.removeWidget(old)
            old.deleteLater()
        self.canvas = canvas
        # What the picture shows, for a screen reader (the picture carries it as its subtitle).
        canvas.setAccessibleDescription(chart.summary)
        self.pointed.setText("Point at the chart to see the counts behind it.")

    def _pointer_moved(self, event: object) -> None:
        chart, axes = self.chart, getattr(event, "inaxes", None)
        x, y = getattr(event, "xdata", None), getattr(event, "ydata", None)
        if chart is None or axes is None or x is None or y is None:
            return
        words = chart.hover(axes, float(x), float(y))
        if words:
            self.pointed.setText(words)
            QToolTip.showText(QCursor.pos(), words, self.canvas)


class InsightsPage(QWidget):
    """Six charts, one at a time beside the list of their questions, over a period picked."""

    open_contact = Signal(int)
    status = Signal(str)

    def __init__(self, compute: Compute, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Insights")
        self._compute = compute
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.drawn.connect(self._take_drawn)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._stale = True
        self.shown: Drawn | None = None

        self.heading = heading("Insights", "Insights heading")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for weeks in PERIOD_CHOICES:
            self.period.addItem(f"Last {weeks} weeks", weeks)
        self.period.setCurrentIndex(PERIOD_CHOICES.index(DEFAULT_WEEKS))
        self.period.activated.connect(lambda _index: self.recompute())
        period_label = QLabel("&Period")
        period_label.setBuddy(self.period)
        self.working = QLabel("")
        self.working.setAccessibleName("Insights progress")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Working out the figures")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.save_png = QPushButton("Save as P&NG…")
        self.save_png.setToolTip("Save the chart shown as a PNG picture")
        self.save_svg = QPushButton("Save as S&VG…")
        self.save_svg.setToolTip("Save the chart shown as an SVG drawing (sharp at any size)")
        self.save_png.clicked.connect(lambda: self._ask_where("png"))
        self.save_svg.clicked.connect(lambda: self._ask_where("svg"))
        for button in (self.save_png, self.save_svg):
            button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addWidget(self.save_png)
        top.addWidget(self.save_svg)
        state = QHBoxLayout()
        state.addWidget(self.working, 1)
        state.addWidget(self.progress)

        self.questions = QListWidget()
        self.questions.setAccessibleName("Charts")
        self.questions.setMaximumWidth(170)
        self.questions.setWordWrap(True)
        self.views = QStackedWidget()
        self.views.setAccessibleName("Chart")
        self.view: dict[str, ChartView] = {}
        lists = {
            "coverage": "S&lipping: in their rhythm earlier in the period, overdue now "
            "(Enter opens the card)",
            "asks": "Asked &most, never given anything (Enter opens the card)",
        }
        for name in CHART_ORDER:
            QListWidgetItem(QUESTIONS[name], self.questions)
            view = ChartView(name, lists.get(name, ""))
            if view.people is not None:
                view.people.itemActivated.connect(self._open_person)
                view.people.itemClicked.connect(self._open_person)
            self.view[name] = view
            self.views.addWidget(view)
        self.questions.currentRowChanged.connect(self.views.setCurrentIndex)
        self.questions.setCurrentRow(0)
        body = QHBoxLayout()
        body.addWidget(self.questions)
        body.addWidget(self.views, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.addLayout(top)
        layout.addLayout(state)
        layout.addLayout(body, 1)
        self.setFocusProxy(self.questions)

    # -- what is shown ---------------------------------------------------------------------

    @property
    def weeks(self) -> int:
        """The period picked, in weeks."""
        return int(self.period.currentData())

    @property
    def working_out(self) -> bool:
        """True while the worker is still at it."""
        return self._thread is not None and self._thread.is_alive()

    def current_chart(self) -> Chart | None:
        """The chart on screen, once drawn."""
        view = self.views.currentWidget()
        return view.chart if isinstance(view, ChartView) else None

    def reload(self) -> None:
        """Shown again: work the figures out anew if the book changed since they were."""
        if self._stale or self.shown is None:
            self.recompute()

    def mark_stale(self) -> None:
        """The book changed: the figures are worked out again when next shown (now if shown)."""
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self.reload)

    def recompute(self) -> None:
        """Work out the figures of the period picked on a worker thread; the window goes on."""
        self._stale = False
        self._generation += 1
        generation, weeks = self._generation, self.weeks
        colors = _colors_of(self.palette())
        self.working.setText(f"Working out the last {weeks} weeks…")
        self.progress.setRange(0, 0)
        self.progress.show()
        signals, compute = self._signals, self._compute

        def work() -> None:
            try:
                found = compute(weeks, lambda d, t: signals.progressed.emit(generation, d, t))
                from callbook.charts.drawing import draw_all

                charts = draw_all(found, colors)
            except Exception as error:  # the rep gets a message, never a page stuck working
                log.exception("insights could not be worked out")
                signals.failed.emit(generation, str(error))
            else:
                signals.drawn.emit(Drawn(generation, found, charts))

        self._thread = threading.Thread(target=work, name="insights", daemon=True)
        self._thread.start()

    def wait(self, seconds: float = 60.0) -> None:
        """Block until the worker is done (the window closing, a test)."""
        if self._thread is not None:
            self._thread.join(seconds)

    def _progressed(self, generation: int, done: int, total: int) -> None:
        if generation != self._generation:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _failed(self, generation: int, why: str) -> None:
        if generation != self._generation:
            return
        self.progress.hide()
        self.working.setText(f"The figures could not be worked out: {why}")

    def _take_drawn(self, drawn: Drawn) -> None:
        if drawn.generation != self._generation:
            # A newer period was asked for meanwhile: this one is not shown.
            for chart in drawn.charts.values():
                chart.figure.clear()
            return
        self.shown = drawn
        for name, chart in drawn.charts.items():
            self.view[name].show_chart(chart)
        self._fill_people(drawn.insights)
        self.progress.hide()
        period = drawn.insights.period
        self.working.setText(f"Last {period.words()}, to {period.end:%d %b %H:%M} UTC")
        for button in (self.save_png, self.save_svg):
            button.setEnabled(True)

    def _fill_people(self, found: Insights) -> None:
        slipping = self.view["coverage"].people
        asked = self.view["asks"].people
        assert slipping is not None and asked is not None
        slipping.clear()
        for person in found.coverage.slipping:
            name = found.slipping_names.get(person.contact_id, "")
            late = person.days_overdue
            when = "due today" if not late else f"{late} day{'s' if late != 1 else ''} overdue"
            item = QListWidgetItem(f"{person.tier.value} · {name}, {when}")
            item.setData(CONTACT_ROLE, person.contact_id)
            slipping.addItem(item)
        if found.coverage.slipping_count > len(found.coverage.slipping):
            more = found.coverage.slipping_count - len(found.coverage.slipping)
            slipping.addItem(QListWidgetItem(f"…and {more:,} more"))
        asked.clear()
        for asked_most in found.asks.most_asked:
            item = QListWidgetItem(f"{asked_most.name}: {asked_most.asks} asks")
            item.setData(CONTACT_ROLE, asked_most.contact_id)
            asked.addItem(item)

    def _open_person(self, item: QListWidgetItem) -> None:
        contact_id = item.data(CONTACT_ROLE)
        if isinstance(contact_id, int):
            self.open_contact.emit(contact_id)

    # -- saving ----------------------------------------------------------------------------

    def _ask_where(self, suffix: str) -> None:
        chart = self.current_chart()
        if chart is None:
            return
        kind = "PNG pictures (*.png)" if suffix == "png" else "SVG drawings (*.svg)"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            f"Save “{QUESTIONS[chart.name]}” as {suffix.upper()}",
            str(Path.home() / f"insights-{chart.name}.{suffix}"),
            kind,
        )
        if path:
            self.save_current(Path(path), suffix)

    def save_current(self, path: Path, suffix: str | None = None) -> bool:
        """Write the chart shown to `path` (PNG or SVG by `suffix`, else by its name)."""
        chart = self.current_chart()
        if chart is None:
            return False
        wanted = suffix or path.suffix.lstrip(".").lower() or "png"
        if path.suffix.lower() != f".{wanted}":
            path = path.with_name(path.name + f".{wanted}")
        from callbook.charts.drawing import save_chart

        try:
            save_chart(chart, path)
        except OSError as error:
            self.status.emit(f"The chart was not saved: {error.strerror or error}")
            return False
        self.status.emit(f"Saved “{QUESTIONS[chart.name]}” to {path}")
        return True
