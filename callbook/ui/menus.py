"""The menu bar: File, Edit, View, Go, Contact and Help, over the window's own actions.

Parts of the app wired in after the window is made (import, backups, the quick log,
pages such as Waiting) add their actions to the window; each menu is laid out again from
the window's actions when it opens, so an action is in its menu wherever it was made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from callbook.ui.icons import icon

# Past File (Alt+F, as it always was) the titles carry no Alt mnemonic: Alt+E, Alt+V, Alt+C
# belong to the pages' own buttons ("Pre&view for"); F10 or Alt alone opens the menus.
# Each menu by the names of its actions (an action's object name or its text without
# '&' and '…'); None is a separator. What a menu names but the window lacks is left out.
LAYOUT: dict[str, Sequence[str | None]] = {
    "&File": (
        "New contact",
        None,
        "Import contacts",
        "Export",
        None,
        "Backups",
        "Encryption",
        None,
        "Quit",
    ),
    "Edit": ("Undo", "Redo", None, "Cut", "Copy", "Paste", "Select all", None, "Search"),
    "View": ("Nudges panel", "Nudges", None, "Refresh"),
    "Go": ("Today", "Contacts", "Waiting", "*pages", None, "Go to card"),
    "Contact": (
        "Call",
        "Text",
        "Email",
        "Copy number",
        None,
        "Quick log",
        "Log",
        "Snooze",
        None,
        "New contact",
        "Erase contact",
    ),
    "Help": ("Keyboard shortcuts", None, "About Callbook"),
}
# The pages other parts add (Scripts, Gives) come in the Go menu where it says "*pages".
PAGES = "*pages"
# Icons for actions other parts of the app make, by name: set where an action has none.
NAMED_ICONS = {
    "Import contacts": "import",
    "Export": "export",
    "Backups": "backups",
    "Encryption": "encryption",
    "Erase contact": "erase",
    "Quick log": "log",
    "Waiting": "waiting",
    "Scripts": "scripts",
    "Insights": "insights",
    "Gives": "gives",
    "Nudges": "nudges",
    "Copy": "copy",
}


def give_icon(action: QAction) -> None:
    """The shipped icon for an action named in NAMED_ICONS, when it has none of its own."""
    name = NAMED_ICONS.get(action_name(action))
    if name is not None and action.icon().isNull():
        action.setIcon(icon(name))


def action_name(action: QAction) -> str:
    """What the menus call an action: its object name, else its text without '&' and '…'."""
    return action.objectName() or action.text().replace("&", "").rstrip("…").strip()


def _focused_editor() -> QWidget | None:
    widget = QApplication.focusWidget()
    return widget if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) else None


def _edit(method: str) -> Callable[[bool], None]:
    def act(_checked: bool = False) -> None:
        editor = _focused_editor()
        if editor is not None:
            getattr(editor, method)()
            return
        if method == "copy":
            # In a list, Copy takes the rows as they read.
            view = QApplication.focusWidget()
            if isinstance(view, QAbstractItemView) and view.currentIndex().isValid():
                index = view.currentIndex()
                model = view.model()
                cells = [
                    str(model.index(index.row(), column).data() or "")
                    for column in range(model.columnCount())
                ]
                QApplication.clipboard().setText("\t".join(c for c in cells if c))

    return act


def edit_actions(parent: QWidget) -> list[QAction]:
    """Undo, Redo, Cut, Copy, Paste and Select all for the field being typed in."""
    made = []
    choices: tuple[tuple[str, QKeySequence | QKeySequence.StandardKey, str], ...] = (
        ("&Undo", QKeySequence.StandardKey.Undo, "undo"),
        # Not the desktop's Redo key: on Linux that is Ctrl+Shift+Z, which snoozes.
        ("&Redo", QKeySequence("Ctrl+Y"), "redo"),
        ("Cu&t", QKeySequence.StandardKey.Cut, "cut"),
        ("&Copy", QKeySequence.StandardKey.Copy, "copy"),
        ("&Paste", QKeySequence.StandardKey.Paste, "paste"),
        ("Select &all", QKeySequence.StandardKey.SelectAll, "selectAll"),
    )
    for text, keys, method in choices:
        action = QAction(text, parent)
        action.setShortcut(QKeySequence(keys))
        action.setObjectName(text.replace("&", ""))
        action.triggered.connect(_edit(method))
        made.append(action)
    return made


class MenuBar:
    """The window's menus, each laid out from the window's actions when it opens."""

    def __init__(
        self, window: QMainWindow, own: Sequence[QAction], pages: Callable[[], list[QAction]]
    ) -> None:
        self._window = window
        self._own = list(own)
        self._pages = pages
        self.menus: dict[str, QMenu] = {}
        bar = window.menuBar()
        for title in LAYOUT:
            menu = QMenu(title, window)
            menu.setObjectName(title.replace("&", ""))
            bar.addMenu(menu)
            self.menus[title.replace("&", "")] = menu
            menu.aboutToShow.connect(lambda m=menu, t=title: self.lay_out(m, t))
        self.lay_out_all()

    def _actions(self) -> dict[str, QAction]:
        found: dict[str, QAction] = {}
        in_menus = [a for menu in self.menus.values() for a in menu.actions()]
        for action in [*self._own, *self._window.actions(), *in_menus]:
            if shiboken6.isValid(action) and not action.isSeparator():
                give_icon(action)
                found.setdefault(action_name(action), action)
        return found

    def lay_out_all(self) -> None:
        """Put every action in its menu now (the menus also do it as they open)."""
        for title in LAYOUT:
            self.lay_out(self.menus[title.replace("&", "")], title)

    def lay_out(self, menu: QMenu, title: str) -> None:
        """Fill `menu` from the window's actions as they are now."""
        actions = self._actions()
        named = {name for name in LAYOUT[title] if name}
        # Actions others put in this menu directly (File → Import…) stay in it.
        extra = [
            a
            for a in menu.actions()
            if not a.isSeparator() and action_name(a) not in named and a not in self._pages()
        ]
        for action in menu.actions():
            # Taken out, never deleted: the actions belong to whoever made them.
            menu.removeAction(action)
            if action.isSeparator() and action.parent() is menu:
                action.deleteLater()
        wanted: list[QAction | None] = []
        for name in LAYOUT[title]:
            if name is None:
                wanted.append(None)
            elif name == PAGES:
                wanted.extend(a for a in self._pages() if action_name(a) not in named)
            elif name in actions:
                wanted.append(actions[name])
        if extra:
            # Before Quit in File, at the end elsewhere.
            at = len(wanted) - 1 if title == "&File" else len(wanted)
            wanted[at:at] = [None, *extra, None]
        previous_was_separator = True
        for item in wanted:
            if item is None:
                if not previous_was_separator:
                    menu.addSeparator()
                previous_was_separator = True
            else:
                menu.addAction(item)
                previous_was_separator = False
        trailing = menu.actions()
        if trailing and trailing[-1].isSeparator():
            menu.removeAction(trailing[-1])
