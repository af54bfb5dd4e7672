"""The Scripts page: write, edit, duplicate and retire scripts, previewed for a contact (F11)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.scripts import (
    KIND_WORDS,
    PLACEHOLDERS,
    ReturnFigures,
    body_problems,
    days_words,
    measure,
    rate_sort_key,
    rate_words,
    sms_length,
    unfilled_words,
)
from callbook.domain.vocabulary import ScriptKind
from callbook.services.book import Store
from callbook.services.changes import Changed
from callbook.services.scripts import (
    LibraryScript,
    MyDetails,
    Saved,
    ScriptDraft,
    duplicate_script,
    fill_draft,
    my_details,
    retire_script,
    save_my_details,
    save_script,
    script_library,
)
from callbook.ui.contact_picker import ContactPicker
from callbook.ui.ops import ChangeBus, Published, run_change, the_change
from callbook.ui.script_text import ScriptPreview, measure_html
from callbook.ui.tables import column_header

SCRIPT_ID_ROLE = Qt.ItemDataRole.UserRole + 30
SORT_ROLE = Qt.ItemDataRole.UserRole + 31
AnyIndex = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()
SHORT_KIND = {
    ScriptKind.VOICEMAIL: "Voicemail",
    ScriptKind.TEXT: "Text",
    ScriptKind.EMAIL: "Email",
    ScriptKind.OPENER: "Opener",
}
BODY_HINT = "Hi {first_name}, it's {my_name}. …  Short and curious: under 30 seconds."


class ScriptsModel(QAbstractTableModel):
    """Scripts as rows: name, kind, length, and how often they got a call back."""

    headers = ("Script", "Kind", "Length", "Returned", "Median wait")
    NAME, KIND, LENGTH, RATE, WAIT = range(5)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[LibraryScript] = []

    def set_rows(self, rows: Sequence[LibraryScript], show_retired: bool) -> None:
        """Show a freshly read library, the retired scripts only when asked for."""
        self.beginResetModel()
        self._rows = [r for r in rows if show_retired or not r.retired]
        self.endResetModel()

    def script(self, row: int) -> LibraryScript | None:
        """The script on `row` of the model."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self.headers, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        script = self.script(index.row()) if index.isValid() else None
        if script is None:
            return None
        column = index.column()
        if role == SCRIPT_ID_ROLE:
            return script.script_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(script, column)
        if role == SORT_ROLE:
            return self._sort_key(script, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(script, column)
        if role == Qt.ItemDataRole.ForegroundRole and script.retired:
            return Qt.GlobalColor.gray
        return None

    def _display(self, script: LibraryScript, column: int) -> str:
        if column == self.NAME:
            return script.name + ("  (retired)" if script.retired else "")
        if column == self.KIND:
            return SHORT_KIND[script.kind]
        if column == self.LENGTH:
            length = script.length
            if length.seconds is not None:
                return f"{length.seconds} s" + (" ⚠" if length.warning else "")
            if script.kind is ScriptKind.TEXT:
                segments = sms_length(script.body).segments
                return f"{segments} SMS" + (" ⚠" if length.warning else "")
            return length.summary
        if column == self.RATE:
            if script.kind is ScriptKind.OPENER:
                return "on a call"
            return rate_words(script.figures)
        figures = script.figures
        return days_words(figures.median_days if figures else None)

    def _tooltip(self, script: LibraryScript, column: int) -> str:
        figures = script.figures
        if column == self.RATE and figures is not None and figures.left:
            return (
                f"{figures.returned:,} of {figures.left:,} messages left with it got a call "
                "back or a reply (the last message before a return gets the credit). Sorted "
                "by how sure the rate is: 1 of 1 ranks below 30 of 50."
            )
        if column == self.RATE and script.kind is ScriptKind.OPENER:
            return "An opener is said to someone who picked up: there is no return to count."
        if column == self.LENGTH:
            return script.length.summary + (
                f" — {script.length.warning}" if script.length.warning else ""
            )
        return self._display(script, column)

    def _sort_key(self, script: LibraryScript, column: int) -> Any:
        if column == self.NAME:
            return script.name.casefold()
        if column == self.KIND:
            return KIND_WORDS[script.kind]
        if column == self.LENGTH:
            return script.length.seconds if script.length.seconds is not None else 0
        if column == self.RATE:
            return rate_sort_key(script.figures)
        figures = script.figures
        median = figures.median_days if figures else None
        return median if median is not None else 10.0**9


class ScriptEditor(QWidget):
    """One script being written: name, kind, subject, body, its length live, a preview."""

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self.script_id: int | None = None
        self._saved: ScriptDraft | None = None
        self.setAccessibleName("Script editor")
        self.name = QLineEdit()
        self.name.setAccessibleName("Script name")
        self.name.setPlaceholderText("e.g. Half a tidbit")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind in ScriptKind:
            self.kind.addItem(KIND_WORDS[kind], kind.value)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject line")
        self.subject.setPlaceholderText("{company}: one question")
        self.subject_label = QLabel("S&ubject")
        self.subject_label.setBuddy(self.subject)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("What to say")
        self.body.setPlaceholderText(BODY_HINT)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(self.body.fontMetrics().lineSpacing() * 4)
        self.insert = QComboBox()
        self.insert.setAccessibleName("Insert a placeholder")
        self.insert.addItem("Insert a placeholder…", None)
        self.insert.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.insert.setMinimumContentsLength(22)
        for name, meaning in PLACEHOLDERS.items():
            self.insert.addItem(f"{{{name}}} — {meaning}", name)
        self.length = QLabel()
        self.length.setObjectName("editorLength")
        self.length.setAccessibleName("Speaking time")
        self.length.setTextFormat(Qt.TextFormat.RichText)
        self.problem = QLabel()
        self.problem.setObjectName("scriptProblem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("QLabel#scriptProblem { color: #b02a37; font-weight: bold; }")
        self.problem.hide()
        self.picker = ContactPicker(store)
        self.picker.field.setPlaceholderText("Preview for… type a name")
        self.picker.field.setAccessibleName("Preview for contact")
        self.preview = ScriptPreview("Preview")
        self.save_button = QPushButton("&Save  (Ctrl+S)")
        self.save_button.setAutoDefault(False)

        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setAccessibleName("Script being written")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        name_label = QLabel("&Name")
        name_label.setBuddy(self.name)
        kind_label = QLabel("&Kind")
        kind_label.setBuddy(self.kind)
        body_label = QLabel("W&ords")
        body_label.setBuddy(self.body)
        body_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        preview_label = QLabel("Pre&view for")
        preview_label.setBuddy(self.picker.field)
        grid.addWidget(self.title, 0, 0, 1, 4)
        grid.addWidget(name_label, 1, 0)
        grid.addWidget(self.name, 1, 1)
        grid.addWidget(kind_label, 1, 2)
        grid.addWidget(self.kind, 1, 3)
        grid.addWidget(self.subject_label, 2, 0)
        grid.addWidget(self.subject, 2, 1, 1, 3)
        grid.addWidget(body_label, 3, 0)
        grid.addWidget(self.body, 3, 1, 1, 3)
        measure_row = QHBoxLayout()
        measure_row.addWidget(self.length, 1)
        measure_row.addWidget(self.insert)
        grid.addLayout(measure_row, 4, 1, 1, 3)
        grid.addWidget(self.problem, 5, 1, 1, 3)
        grid.addWidget(preview_label, 6, 0)
        grid.addWidget(self.picker, 6, 1, 1, 2)
        grid.addWidget(self.save_button, 6, 3)
        grid.addWidget(self.preview, 7, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)

        self.kind.currentIndexChanged.connect(self._typed)
        self.name.textEdited.connect(self._typed)
        self.subject.textEdited.connect(self._typed)
        self.body.textChanged.connect(self._typed)
        self.insert.activated.connect(self._insert)
        self.picker.picked.connect(lambda _contact: self._refresh())
        self.picker.cleared.connect(self._refresh)
        self.show_draft(None)

    # -- what is in it ------------------------------------------------------------------------

    def current_kind(self) -> ScriptKind:
        """The kind picked."""
        return ScriptKind(self.kind.currentData())

    def draft(self) -> ScriptDraft:
        """What the editor holds now."""
        return ScriptDraft(
            name=self.name.text(),
            kind=self.current_kind(),
            body=self.body.toPlainText(),
            subject=self.subject.text(),
            script_id=self.script_id,
        )

    def is_edited(self) -> bool:
        """True when what is shown differs from what was last loaded or saved."""
        return self._saved is not None and self.draft() != self._saved

    def show_draft(self, script: LibraryScript | None) -> None:
        """Load a stored script, or an empty one to write (None)."""
        self.script_id = script.script_id if script else None
        self.title.setText(f"<b>{escape(script.name)}</b>" if script else "<b>New script</b>")
        for widget in (self.name, self.kind, self.subject, self.body):
            widget.blockSignals(True)
        self.name.setText(script.name if script else "")
        kind = script.kind if script else ScriptKind.VOICEMAIL
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind.value)))
        self.subject.setText(script.subject if script else "")
        self.body.setPlainText(script.body if script else "")
        for widget in (self.name, self.kind, self.subject, self.body):
            widget.blockSignals(False)
        self._saved = self.draft()
        self.problem.hide()
        self._refresh()

    def taken_in(self, saved: Saved) -> None:
        """What is shown is what is stored now."""
        self.script_id = saved.script_id
        self._saved = self.draft()
        self.title.setText(f"<b>{escape(' '.join(self.name.text().split()))}</b>")

    def preview_for(self, contact_id: int, name: str) -> None:
        """Preview for this contact (unless the rep already picked one)."""
        if self.picker.contact_id() is None:
            self.picker.show_contact(contact_id, name)
            self._refresh()

    def show_problem(self, text: str) -> None:
        """Say what is wrong, in red, under the words."""
        self.problem.setText(f"⚠ {text}")
        self.problem.setVisible(bool(text))

    # -- live ---------------------------------------------------------------------------------

    def _typed(self, *_what: object) -> None:
        self.problem.hide()
        self._refresh()

    def _insert(self, index: int) -> None:
        name = self.insert.itemData(index)
        self.insert.setCurrentIndex(0)
        if name is None:
            return
        self.body.insertPlainText(f"{{{name}}}")
        self.body.setFocus()

    def _refresh(self) -> None:
        kind = self.current_kind()
        email = kind is ScriptKind.EMAIL
        self.subject.setVisible(email)
        self.subject_label.setVisible(email)
        body = self.body.toPlainText()
        length = measure(kind, body, unfilled_words(body))
        self.length.setText(measure_html(length) if body.strip() else "")
        problems = body_problems(body) + (body_problems(self.subject.text()) if email else [])
        if problems:
            # Said as the rep types; saving refuses it with the same words.
            self.show_problem(problems[0].message)
        contact = self.picker.contact_id()
        if contact is None:
            self.preview.show_plain("Pick a contact above to see it filled in for them.")
            return
        if not body.strip():
            self.preview.show_plain("Write the words to see them filled in.")
            return
        self.preview.show_filled(fill_draft(self._store, self._clock, self.draft(), contact))


class MyDetailsBox(QWidget):
    """The rep's own name and number, set once for {my_name} and {my_phone}."""

    save_requested = Signal(object)  # MyDetails

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Your name and number")
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("for {my_name}")
        self.phone = QLineEdit()
        self.phone.setAccessibleName("Your number")
        self.phone.setPlaceholderText("for {my_phone}, as you say it")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b02a37;")
        self.problem.hide()
        name_label = QLabel("You: na&me")
        name_label.setBuddy(self.name)
        phone_label = QLabel("num&ber")
        phone_label.setBuddy(self.phone)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(name_label)
        row.addWidget(self.name, 1)
        row.addWidget(phone_label)
        row.addWidget(self.phone, 1)
        row.addWidget(self.problem)
        self.name.editingFinished.connect(self._finished)
        self.phone.editingFinished.connect(self._finished)
        self._shown = MyDetails()

    def show_details(self, details: MyDetails) -> None:
        """Show what is stored."""
        self._shown = details
        self.name.setText(details.name)
        self.phone.setText(details.phone)

    def _finished(self) -> None:
        details = MyDetails(self.name.text(), self.phone.text())
        if details != self._shown:
            self._shown = details
            self.save_requested.emit(details)


class ScriptsPage(QWidget):
    """The library on the left, the script being written on the right."""

    status = Signal(str)

    def __init__(
        self,
        store: Store,
        clock: Clock,
        bus: ChangeBus,
        current_contact: Callable[[], tuple[int, str] | None] = lambda: None,
        figures: Callable[[], Mapping[int, ReturnFigures]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._bus = bus
        self._current_contact = current_contact
        # The return figures as the window keeps them; without, read on each reload.
        self._figures = figures
        self.setAccessibleName("Scripts")
        bus.published.connect(self._refresh_from)

        self.model = ScriptsModel()
        self._library: list[LibraryScript] = []
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.table = QTreeView()
        self.table.setAccessibleName("Scripts, with how often each got a call back")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ScriptsModel.RATE, Qt.SortOrder.DescendingOrder)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ScriptsModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (
            ScriptsModel.KIND,
            ScriptsModel.LENGTH,
            ScriptsModel.RATE,
            ScriptsModel.WAIT,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ScriptsModel.WAIT, QHeaderView.ResizeMode.ResizeToContents)
        self.intro = QLabel(
            "Short, curious, no pitch on a check-in. <i>Returned</i>: a reply or a "
            "connected call after a message left with it."
        )
        self.intro.setWordWrap(True)
        self.empty = QLabel(
            "No scripts yet. Press New script and write a voicemail of two sentences: "
            "who you are, half a tidbit about something they love, your number."
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("scriptsEmpty")
        self.show_retired = QCheckBox("Show re&tired")
        self.new_button = QPushButton("Ne&w script")
        self.duplicate_button = QPushButton("&Duplicate")
        self.retire_button = QPushButton("&Retire")
        for button in (self.new_button, self.duplicate_button, self.retire_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addWidget(self.retire_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_retired)
        self.me = MyDetailsBox()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.intro)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty)
        top_layout.addLayout(buttons)
        self.editor = ScriptEditor(store, clock)
        # Beside the card the page is narrow: the list above, the script being written below.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("scriptsSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.me)
        self.setFocusProxy(self.table)

        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._picked)
        self.new_button.clicked.connect(self.new_script)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.retire_button.clicked.connect(self.retire_current)
        self.show_retired.toggled.connect(self._show_retired)
        self.editor.save_button.clicked.connect(self.save)
        self.me.save_requested.connect(self._save_me)
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)

    # -- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the library again, keeping the script chosen."""
        figures = self._figures() if self._figures is not None else None
        self._library = script_library(self._store, figures)
        self.me.show_details(my_details(self._store))
        empty = not self._library
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self._show_rows()
        nothing_open = self.editor.script_id is None and not self.editor.is_edited()
        if nothing_open and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        current = self._current_contact()
        if current is not None:
            self.editor.preview_for(*current)
        self._update_buttons()

    def _show_rows(self) -> None:
        # The cursor stays on the script being written; no row change is signalled for it.
        chosen = self.editor.script_id
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.set_rows(self._library, self.show_retired.isChecked())
        if chosen is not None:
            self.select(chosen)
        selection.blockSignals(False)

    def select(self, script_id: int) -> bool:
        """Put the cursor on one script; False when it is not shown."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(SCRIPT_ID_ROLE) == script_id:
                self.table.setCurrentIndex(index)
                return True
        return False

    def _refresh_from(self, published: Published) -> None:
        changed = published.changed
        if not (changed.scripts or changed.loops or changed.today):
            return
        # Out of sight, it reads the library when next shown.
        if self.isVisible():
            self.reload()

    def current_script(self) -> LibraryScript | None:
        """The script under the cursor."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.script(self.proxy.mapToSource(index).row())

    def _picked(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        script = self.current_script()
        if script is None or script.script_id == self.editor.script_id:
            self._update_buttons()
            return
        # What was being written is saved before another script is shown, as on the card.
        if self.editor.is_edited() and not self.save():
            # Refused: the cursor goes back to what is still being written.
            selection = self.table.selectionModel()
            selection.blockSignals(True)
            if self.editor.script_id is None or not self.select(self.editor.script_id):
                self.table.clearSelection()
            selection.blockSignals(False)
            return
        self.editor.show_draft(script)
        self._update_buttons()

    def _update_buttons(self) -> None:
        script = self.current_script()
        self.duplicate_button.setEnabled(script is not None)
        self.retire_button.setEnabled(script is not None)
        self.retire_button.setText("Bring &back" if script and script.retired else "&Retire")

    def _show_retired(self, _shown: bool) -> None:
        self._show_rows()
        self._update_buttons()

    # -- changing -----------------------------------------------------------------------------

    def _refused(self, error: Exception) -> None:
        self.editor.show_problem(str(error))
        self.status.emit(str(error))

    def new_script(self) -> None:
        """An empty script to write; the name field takes the keyboard."""
        if self.editor.is_edited() and not self.save():
            return
        self.table.clearSelection()
        self.editor.show_draft(None)
        self.editor.name.setFocus()

    def save(self) -> bool:
        """Store what the editor holds; a bad placeholder is refused with where it is."""
        draft = self.editor.draft()
        saved = run_change(
            self._bus,
            lambda: save_script(self._store, self._clock, draft),
            self._refused,
            lambda result: result.changed,
            initiator=self,
        )
        if saved is None:
            return False
        self.editor.taken_in(saved)
        self.select(saved.script_id)
        self.status.emit(f"Saved “{' '.join(draft.name.split())}”.")
        return True

    def duplicate_current(self) -> None:
        """A copy of the script under the cursor, to try a variation."""
        script = self.current_script()
        if script is None:
            return
        saved = run_change(
            self._bus,
            lambda: duplicate_script(self._store, self._clock, script.script_id),
            self._refused,
            lambda result: result.changed,
            initiator=self,
        )
        if saved is not None:
            self.select(saved.script_id)
            self.editor.name.setFocus()
            self.editor.name.selectAll()

    def retire_current(self) -> None:
        """Retire the script under the cursor (or bring a retired one back)."""
        script = self.current_script()
        if script is None:
            return
        retiring = not script.retired

        def change() -> Changed:
            return retire_script(self._store, self._clock, script.script_id, retiring)

        if run_change(self._bus, change, self._refused, the_change, initiator=self) is not None:
            word = "Retired" if retiring else "Brought back"
            self.status.emit(
                f"{word} “{script.name}”"
                + (": its figures stay; Show retired finds it." if retiring else ".")
            )

    def _save_me(self, details: MyDetails) -> None:
        def change() -> Changed:
            return save_my_details(self._store, details)

        def refused(error: Exception) -> None:
            self.me.problem.setText(f"⚠ {error}")
            self.me.problem.show()

        self.me.problem.hide()
        if run_change(self._bus, change, refused, the_change, initiator=self) is not None:
            self.status.emit("Your name and number are in every script now.")
