"""The window carries the Callbook icon, so the tray and the task bar show it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from callbook.ui.icons import app_icon_path, load_app_icon


def test_the_icon_file_ships_and_renders(qtbot: QtBot) -> None:
    assert app_icon_path().is_file()
    image = load_app_icon().pixmap(64, 64).toImage()
    assert not image.isNull()
    # The corner is transparent and the middle is painted: a real picture, not a blank.
    assert image.pixelColor(1, 1).alpha() == 0
    assert image.pixelColor(32, 32).alpha() == 255
