"""The search results' own cell painting looks as Qt's delegate does, only cheaper."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QStyledItemDelegate
from pytestqt.qtbot import QtBot

from callbook.services.search import SearchHit
from callbook.ui.models import SearchResultsModel
from callbook.ui.plain_cells import PlainTextDelegate
from callbook.ui.today_page import ContactTable

HITS = [
    SearchHit(1, "Ana Silva", "Northwind", "A", "name"),
    SearchHit(2, "דוד כהן", "אלפא", "B", "family: Sam"),
    SearchHit(3, "Zoë 🎉 Okafor", "", "C", "interests: sailing"),
    SearchHit(
        4, "Bartholomew " * 8 + "Longname", "Very Long Company " * 4, "B", "notes: " + "golf " * 40
    ),
]


def _view(qtbot: QtBot, plain: bool) -> tuple[ContactTable, SearchResultsModel]:
    model = SearchResultsModel()
    view = ContactTable("Search results", follows_current=False)
    qtbot.addWidget(view)
    view.setModel(model)
    if plain:
        view.setItemDelegate(PlainTextDelegate(view))
    else:
        view.setItemDelegate(QStyledItemDelegate(view))
    view.header().resizeSection(0, 300)
    view.resize(640, 240)
    model.set_hits(HITS)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def _ink(
    image: QImage, top: int, bottom: int, left: int, right: int, ground: QColor
) -> tuple[int, int] | None:
    """The leftmost and rightmost columns in the box whose pixels differ from `ground`."""
    columns = [
        x
        for x in range(left, right)
        if any(
            abs(image.pixelColor(x, y).lightness() - ground.lightness()) > 60
            for y in range(top, bottom)
        )
    ]
    return (columns[0], columns[-1]) if columns else None


def _ink_columns(image: QImage, box: tuple[int, int, int, int], ground: QColor) -> set[int]:
    top, bottom, left, right = box
    return {
        x
        for x in range(left, right)
        if any(
            abs(image.pixelColor(x, y).lightness() - ground.lightness()) > 60
            for y in range(top, bottom)
        )
    }


def _looks_alike(ours: ContactTable, theirs: ContactTable) -> None:
    """Every cell's text covers the same columns of pixels in both views, give or take."""
    our_image = ours.viewport().grab().toImage()
    their_image = theirs.viewport().grab().toImage()
    for box in _cells(ours):
        ground = our_image.pixelColor(box[2] + 1, box[0] + 1)
        mine = _ink_columns(our_image, box, ground)
        qts = _ink_columns(their_image, box, ground)
        assert mine and qts
        # Mirrored text, a wrong margin or text run past its cell changes most columns.
        assert len(mine ^ qts) <= 0.1 * len(mine | qts), box


def _cells(view: ContactTable) -> list[tuple[int, int, int, int]]:
    model = view.model()
    boxes = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            rect = view.visualRect(model.index(row, column))
            boxes.append((rect.top(), rect.bottom(), rect.left(), rect.right()))
    return boxes


def test_text_sits_where_qt_puts_it_and_long_text_is_cut_to_fit(qtbot: QtBot) -> None:
    theirs, _ = _view(qtbot, plain=False)
    ours, _ = _view(qtbot, plain=True)
    their_image = theirs.viewport().grab().toImage()
    our_image = ours.viewport().grab().toImage()
    for top, bottom, left, right in _cells(ours):
        ground = our_image.pixelColor(left + 1, top + 1)
        mine = _ink(our_image, top, bottom, left, right, ground)
        qts = _ink(their_image, top, bottom, left, right, ground)
        assert mine is not None and qts is not None, "every cell shows its text"
        assert abs(mine[0] - qts[0]) <= 2, "the text starts where Qt starts it"
        # Cut with an ellipsis inside the cell, never drawn over the next one.
        assert mine[1] < right
        assert abs(mine[1] - qts[1]) <= 8


def test_a_right_to_left_name_and_a_bigger_font_look_as_qt_draws_them(qtbot: QtBot) -> None:
    theirs, _ = _view(qtbot, plain=False)
    ours, _ = _view(qtbot, plain=True)
    _looks_alike(ours, theirs)
    # The desktop's text grows while the window is open: nothing cut for the old size stays.
    for view in (ours, theirs):
        font = view.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        view.setFont(font)
    qtbot.wait(50)
    _looks_alike(ours, theirs)
    # A window laid out right to left, as for a Hebrew or Arabic desktop.
    for view in (ours, theirs):
        view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.wait(50)
    _looks_alike(ours, theirs)


def test_the_current_result_is_highlighted(qtbot: QtBot) -> None:
    view, model = _view(qtbot, plain=True)
    view.setCurrentIndex(model.index(1, 0))
    image = view.viewport().grab().toImage()
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    inactive = view.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    chosen = view.visualRect(model.index(1, 1))
    other = view.visualRect(model.index(2, 1))
    at = image.pixelColor(chosen.right() - 2, chosen.center().y())
    assert at in (highlight, inactive)
    assert image.pixelColor(other.right() - 2, other.center().y()) not in (highlight, inactive)
