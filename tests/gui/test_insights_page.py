"""The Insights page on demo data, by keys: every chart drawn and saved, cards opened from it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callbook.domain.clock import FixedClock
from callbook.store.engine import Store
from callbook.ui.insights_page import CHART_ORDER, CONTACT_ROLE, InsightsPage
from callbook.ui.main_window import MainWindow
from callbook.wiring.insights import INSIGHTS, install_insights
from tests.gui.conftest import WindowFactory

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
WORKED_OUT_MS = 60_000


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


@pytest.fixture
def insights_window(
    make_window: WindowFactory, demo_store: Store, clock: FixedClock
) -> tuple[MainWindow, InsightsPage]:
    window = make_window()
    wiring = install_insights(window, demo_store, clock)
    return window, wiring.page


def _opened(qtbot: QtBot, window: MainWindow, page: InsightsPage) -> None:
    window.today_page.table.setFocus()
    press(qtbot, Qt.Key.Key_5, CTRL)
    qtbot.waitUntil(lambda: window.current_page() == INSIGHTS)
    qtbot.waitUntil(lambda: page.shown is not None, timeout=WORKED_OUT_MS)


def test_ctrl_5_opens_the_page_and_every_chart_has_data_and_a_title_question(
    qtbot: QtBot, insights_window: tuple[MainWindow, InsightsPage]
) -> None:
    window, page = insights_window
    _opened(qtbot, window, page)
    assert page.shown is not None
    assert page.shown.insights.period.weeks == 13
    for name in CHART_ORDER:
        chart = page.view[name].chart
        assert chart is not None, f"{name} was not drawn"
        assert chart.points > 0, f"{name} has nothing to show on demo data"
        assert chart.figure.get_suptitle() == page.view[name].accessibleName()
    assert page.working.text().startswith("Last 13 weeks")
    # The questions list has the keyboard: Down shows the next chart.
    assert QApplication.focusWidget() is page.questions
    press(qtbot, Qt.Key.Key_Down)
    assert page.current_chart() is page.view["coverage"].chart


def test_a_chart_saved_as_png_and_svg_reads_back(
    qtbot: QtBot, insights_window: tuple[MainWindow, InsightsPage], tmp_path: Path
) -> None:
    window, page = insights_window
    _opened(qtbot, window, page)
    assert page.save_current(tmp_path / "when", "png")
    picture = QImage(str(tmp_path / "when.png"))
    assert not picture.isNull()
    assert picture.width() >= 800 and picture.height() >= 400
    assert page.save_current(tmp_path / "when.svg")
    assert (tmp_path / "when.svg").read_text().lstrip().startswith("<?xml")
    assert "Saved “When do they pick up?”" in window.statusBar().currentMessage()


def test_the_pointer_over_a_cell_shows_the_counts_behind_it(
    qtbot: QtBot, insights_window: tuple[MainWindow, InsightsPage]
) -> None:
    window, page = insights_window
    _opened(qtbot, window, page)
    view = page.view["pickup"]
    assert view.canvas is not None
    chart = view.chart
    assert chart is not None
    axes = chart.figure.axes[0]
    # Wednesday, 10 o'clock in the contact's time: where on the widget that cell is drawn.
    view.canvas.draw()
    x, y = axes.transData.transform((10, 2))
    ratio = view.canvas.devicePixelRatioF()
    where = QPointF(x / ratio, view.canvas.height() - y / ratio)
    # The pointer moving over the canvas, as the desktop delivers it (no button held).
    moved = QMouseEvent(
        QEvent.Type.MouseMove,
        where,
        view.canvas.mapToGlobal(where),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        NO,
    )
    QApplication.sendEvent(view.canvas, moved)
    qtbot.waitUntil(lambda: view.pointed.text().startswith("Wed 10:00–11:00: "))
    assert "calls picked up" in view.pointed.text()


def test_enter_on_someone_slipping_or_asked_most_opens_their_card(
    qtbot: QtBot, insights_window: tuple[MainWindow, InsightsPage]
) -> None:
    window, page = insights_window
    _opened(qtbot, window, page)
    page.questions.setCurrentRow(CHART_ORDER.index("asks"))
    people = page.view["asks"].people
    assert people is not None and people.count() > 0
    people.setFocus()
    people.setCurrentRow(0)
    wanted = people.item(0).data(CONTACT_ROLE)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.card.contact_id == wanted)


def test_another_period_is_worked_out_while_the_window_goes_on(
    qtbot: QtBot, insights_window: tuple[MainWindow, InsightsPage]
) -> None:
    window, page = insights_window
    _opened(qtbot, window, page)
    page.period.setFocus()
    press(qtbot, Qt.Key.Key_Up)  # 13 weeks to 4
    assert page.weeks == 4
    qtbot.waitUntil(
        lambda: page.shown is not None and page.shown.insights.period.weeks == 4,
        timeout=WORKED_OUT_MS,
    )
    assert page.working.text().startswith("Last 4 weeks")


# Starts a window over an empty book, wires Insights, and says what was loaded before and
# after the page was first shown.
LOADED = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from callbook.clock import SystemClock
from callbook.store.opening import open_store
from callbook.wiring.insights import INSIGHTS, install_insights
from callbook.ui.main_window import MainWindow

app = QApplication([])
folder = Path(sys.argv[1])
clock = SystemClock()
store, _report = open_store(folder, clock.now())
window = MainWindow(store, clock, QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat))
wiring = install_insights(window, store, clock)
window.show()
app.processEvents()
before = "matplotlib" in sys.modules
window.show_page(INSIGHTS)
wiring.page.wait()
app.processEvents()
print(before, "matplotlib" in sys.modules, wiring.page.shown is not None)
window.close()
store.close()
"""


def test_the_window_starts_without_the_charts_library_and_loads_it_for_the_page(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.split()[-3:] == ["False", "True", "True"]
