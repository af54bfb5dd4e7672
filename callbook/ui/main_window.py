"""The window the rep lives in: Today, Contacts, search, and the card beside them.

The window can open in two steps: Today from a first look at the file, painted before
SQLAlchemy and the other pages are even loaded, then `attach` with the opened store. So
this module imports only what Today needs; the rest is imported where it is first used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from callbook.domain.clock import Clock
from callbook.domain.today import TodayPlace
from callbook.services.changes import Changed
from callbook.services.today import ranked_today, today_list
from callbook.ui.icons import icon
from callbook.ui.menus import MenuBar, edit_actions, give_icon
from callbook.ui.ops import ChangeBus, Published, run_change
from callbook.ui.placement import keep_on_screen
from callbook.ui.reach import call_url, email_url, open_link, text_url
from callbook.ui.today_model import RowLoader
from callbook.ui.today_page import ContactTable, TodayPage

if TYPE_CHECKING:
    from callbook.services.book import Store
    from callbook.ui.card import ContactCardView
    from callbook.ui.pages import ContactsPage, SearchPage

log = logging.getLogger(__name__)

TODAY, CONTACTS, SEARCH = "today", "contacts", "search"
NUDGES_DOCK = "nudgesDock"
DEMO_CONTACTS = 200
MINUTE_MS = 60_000
# The first layout, before the rep moves anything: list and card share 60:40, the nudges
# panel beside them as narrow as its buttons allow.
CARD_SHARE_LIST, CARD_SHARE_CARD = 560, 440
NUDGES_WIDTH = 290
CARD_LEAST_WIDTH = 320
# Which icon of the shipped set each of the window's actions shows.
ACTION_ICONS = {
    "act_today": "today",
    "act_contacts": "contacts",
    "act_search": "search",
    "act_new": "contact-new",
    "act_call": "call",
    "act_text": "text",
    "act_email": "email",
    "act_log": "log",
    "act_snooze": "snooze",
    "act_card": "contact",
    "act_copy_number": "copy",
    "act_refresh": "refresh",
    "act_quit": "quit",
    "act_shortcuts": "shortcuts",
    "act_about": "about",
}
# How long typing in search pauses before the card shows the first match.
SEARCH_PAUSE_MS = 250

LogOpener = Callable[[int], None]


class MainWindow(QMainWindow):
    """Today and Contacts on the left, the contact card on the right, search on top."""

    settled = Signal()
    """Everything is wired in after the start: store, nudges, quick log, backups."""

    contacts_page: ContactsPage
    search_page: SearchPage
    card: ContactCardView

    def __init__(
        self,
        store: Store | None,
        clock: Clock,
        settings: QSettings,
        home_region: str = "US",
        bus: ChangeBus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """The whole window over `store`; with None, Today only until `attach`.

        Every view refreshes from what is published on `bus` (the app's one change bus).
        """
        super().__init__(parent)
        self.bus = bus if bus is not None else ChangeBus(self)
        self.bus.published.connect(self._refresh_from)
        self._store: Store | None = None
        self._clock = clock
        self._settings = settings
        self._home_region = home_region
        self._today_stale = True
        self._contacts_stale = True
        self._page_before_search = TODAY
        # Pages other parts of the app add (Waiting on them): widget, action, refresh.
        self._extra_pages: dict[str, tuple[QWidget, QAction, Callable[[], None]]] = {}
        # The quick log plugs in here once it is wired (set_log_opener).
        self._log_opener: LogOpener | None = None
        self.setWindowTitle("Callbook")
        self.setAccessibleName("Callbook")

        self._build_actions()
        self.today_page = TodayPage(clock)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName("Pages")
        self.pages.addWidget(self.today_page)
        # Where the card goes once the store is open.
        self._card_spot = QWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setAccessibleName("Lists and card")
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self._card_spot)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_toolbar()
        self._make_room_for_what_comes_after()
        self.statusBar().setAccessibleName("Messages")
        self._pending_card: int | None = None
        self.today_page.table.contact_chosen.connect(self.show_card)
        self.today_page.table.contact_opened.connect(self.open_card)
        self.today_page.first_run.demo_requested.connect(self.fill_with_demo_data)
        self.today_page.first_run.add_requested.connect(self.add_contact)

        self._search_card = QTimer(self)
        self._search_card.setSingleShot(True)
        self._search_card.setInterval(SEARCH_PAUSE_MS)
        self._search_card.timeout.connect(self._card_follows_search)

        self._minute = QTimer(self)
        self._minute.setInterval(MINUTE_MS)
        self._minute.timeout.connect(self._minute_passed)
        self._minute.start()
        self._shown_day = self._local_day()

        self._restore_window_layout()
        if store is not None:
            self.attach(store)
        else:
            self._enable_store_actions(False)

    @property
    def attached(self) -> bool:
        """True once the store is open and every page is there."""
        return self._store is not None

    def show_first_look(
        self, places: Sequence[TodayPlace], load_rows: RowLoader, has_contacts: bool
    ) -> None:
        """Today from a first look at the file, before the store is open."""
        self.today_page.model.set_loader(load_rows)
        self.today_page.show_list(places, has_contacts)
        self.today_page.table.select_first()
        self.today_page.table.setFocus()
        self._today_stale = False
        self._shown_day = self._local_day()
        self.statusBar().showMessage("Opening your call book…")

    def attach(self, store: Store) -> None:
        """Open the rest of the window over the store: Contacts, search and the card."""
        from callbook.ui.card import ContactCardView
        from callbook.ui.pages import ContactsPage, SearchPage

        self._store = store
        clock = self._clock
        self.today_page.model.set_loader(lambda ids: today_list(store, clock, ids))
        self.contacts_page = ContactsPage(store, clock)
        self.search_page = SearchPage()
        self.pages.addWidget(self.contacts_page)
        self.pages.addWidget(self.search_page)
        self.card = ContactCardView(
            store,
            clock,
            self._home_region,
            self.bus,
            [self.act_call, self.act_text, self.act_email, self.act_log, self.act_snooze],
        )
        # The brief stays readable however the list and the nudges panel are sized.
        self.card.setMinimumWidth(CARD_LEAST_WIDTH)
        self.splitter.replaceWidget(1, self.card)
        self._restore_splitter()
        self._card_spot.deleteLater()
        for table in (self.contacts_page.table, self.search_page.table):
            table.contact_chosen.connect(self.show_card)
            table.contact_opened.connect(self.open_card)
        # Right click on a row (or the Menu key): what can be done with that person.
        row_actions = [self.act_call, self.act_text, self.act_email, self.act_copy_number]
        for table in (self.today_page.table, self.contacts_page.table, self.search_page.table):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            table.addActions(row_actions)
            table.addAction(self._separator())
            table.addActions([self.act_log, self.act_snooze])
        self.today_page.show_row_actions(
            [self.act_call, self.act_text, self.act_email, self.act_log, self.act_snooze]
        )
        self.card.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.card.went_back.connect(self.back_from_card)
        self._enable_store_actions(True)
        self.statusBar().clearMessage()
        self._restore_page_layout()
        pending, self._pending_card = self._pending_card, None
        if pending is not None and pending != self.card.contact_id:
            self.show_card(pending)
        self._update_contact_actions()

    def _separator(self) -> QAction:
        separator = QAction(self)
        separator.setSeparator(True)
        return separator

    def _enable_store_actions(self, enabled: bool) -> None:
        for action in (self.act_contacts, self.act_search, self.act_new, self.act_refresh):
            action.setEnabled(enabled)
        self.search_field.setEnabled(enabled)
        # An empty book's first-run buttons work once there is a store to fill.
        self.today_page.first_run.setEnabled(enabled)
        if not enabled:
            # Once attached, these follow the card shown (_update_contact_actions).
            contact_actions = (
                self.act_call,
                self.act_text,
                self.act_email,
                self.act_log,
                self.act_copy_number,
            )
            for action in (*contact_actions, self.act_snooze, self.act_card):
                action.setEnabled(False)

    # -- actions ----------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        keys = QKeySequence(shortcut)
        action.setShortcut(keys)
        plain = text.replace("&", "").rstrip("…").strip()
        action.setToolTip(f"{plain} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setStatusTip(plain)
        action.setObjectName(plain)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_today = self._action("&Today", "Ctrl+1", lambda: self.show_page(TODAY))
        self.act_contacts = self._action("&Contacts", "Ctrl+2", lambda: self.show_page(CONTACTS))
        group = QActionGroup(self)
        # No page button is down while search results show.
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for action in (self.act_today, self.act_contacts):
            action.setCheckable(True)
            group.addAction(action)
        self._page_group = group
        self.act_search = self._action("&Search", "Ctrl+F", self.focus_search)
        self.act_search.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("/")])
        self.act_new = self._action("&New contact…", "Ctrl+N", self.add_contact)
        self.act_call = self._action("C&all", "Ctrl+Shift+C", self.call_current)
        self.act_text = self._action("Te&xt", "Ctrl+Shift+T", self.text_current)
        self.act_email = self._action("&Email", "Ctrl+Shift+E", self.email_current)
        self.act_log = self._action("&Log…", "Ctrl+Shift+L", self.log_current)
        self.act_snooze = self._action("S&nooze…", "Ctrl+Shift+Z", self.snooze_current)
        self.act_card = self._action("Go to &card", "Ctrl+Shift+K", self._focus_card)
        self.act_copy_number = self._action("Copy &number", "Ctrl+Shift+P", self.copy_number)
        self.act_refresh = self._action("&Refresh", "F5", self.refresh)
        self.act_quit = self._action("&Quit", "Ctrl+Q", self.close)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_shortcuts = self._action("&Keyboard shortcuts", "F1", self.show_shortcuts)
        self.act_about = QAction("&About Callbook", self)
        self.act_about.setObjectName("About Callbook")
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_about.triggered.connect(lambda _checked=False: self.show_about())
        for attribute, name in ACTION_ICONS.items():
            getattr(self, attribute).setIcon(icon(name))

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setAccessibleName("Main toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # The page shown is the one button that stands out: where you are, at a glance.
        bar.setStyleSheet(
            "QToolButton { padding: 3px 8px; border-radius: 4px; }"
            "QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        bar.addAction(self.act_today)
        bar.addAction(self.act_contacts)
        bar.addSeparator()
        self.search_field = QLineEdit()
        self.search_field.setObjectName("search")
        self.search_field.setAccessibleName("Search contacts")
        self.search_field.setPlaceholderText(
            "Search names, companies, notes, family, interests  (Ctrl+F or /)"
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(360)
        self.search_field.textChanged.connect(self.search)
        self.search_field.installEventFilter(self)
        bar.addWidget(self.search_field)
        bar.addSeparator()
        bar.addAction(self.act_new)
        self.addToolBar(bar)

    def _make_room_for_what_comes_after(self) -> None:
        # The File menu and the nudges dock are filled once the store is open; made now, the
        # window keeps its layout instead of jumping a second after it appears, and the
        # dock is where the rep left it (restoreState needs it to exist).
        dock = QDockWidget("Nudges", self)
        dock.setObjectName(NUDGES_DOCK)
        dock.setAccessibleName("Nudges panel")
        waiting = QLabel("Nudges come here once your call book is open.")
        waiting.setWordWrap(True)
        waiting.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        waiting.setMargin(8)
        dock.setWidget(waiting)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        # Narrow beside the list and the card; the rep can widen it and it is remembered.
        self.resizeDocks([dock], [NUDGES_WIDTH], Qt.Orientation.Horizontal)
        panel_toggle = dock.toggleViewAction()
        panel_toggle.setText("N&udges panel")
        panel_toggle.setObjectName("Nudges panel")
        self.menu_bar = MenuBar(
            self,
            [*edit_actions(self), self.act_about, panel_toggle],
            lambda: [action for _w, action, _r in self._extra_pages.values()],
        )
        # Once every part has added its actions, they take their icons and menu places.
        self.settled.connect(self.menu_bar.lay_out_all)

    # -- pages ------------------------------------------------------------------------------

    def current_page(self) -> str:
        """Which page is showing: today, contacts, search or an added page's name."""
        widget = self.pages.currentWidget()
        if widget is self.today_page or not self.attached:
            return TODAY
        for name, (page_widget, _action, _refresh) in self._extra_pages.items():
            if widget is page_widget:
                return name
        if widget is self.contacts_page:
            return CONTACTS
        if widget is self.search_page:
            return SEARCH
        return TODAY

    def show_page(self, page: str) -> None:
        """Switch to Today or Contacts, reading it fresh if something changed."""
        if not self.attached:
            return
        if page in self._extra_pages:
            widget, action, refresh = self._extra_pages[page]
            self.pages.setCurrentWidget(widget)
            action.setChecked(True)
            self._page_before_search = page
            self._leave_search()
            refresh()
            widget.setFocus()
            return
        if page == CONTACTS:
            self.pages.setCurrentWidget(self.contacts_page)
            self.act_contacts.setChecked(True)
            if self._contacts_stale:
                from callbook.services.contact_list import all_tags

                self.contacts_page.set_tags(all_tags(self.store))
                self.contacts_page.reload()
                self._contacts_stale = False
            table = self.contacts_page.table
        elif page == SEARCH:
            self._show_search_page()
            table = self.search_page.table
        else:
            self.pages.setCurrentWidget(self.today_page)
            self.act_today.setChecked(True)
            if self._today_stale:
                self.refresh_today()
            table = self.today_page.table
        if page != SEARCH:
            self._page_before_search = page
            self._leave_search()
            if table.currentIndex().isValid():
                chosen = table.current_contact()
                if chosen is not None and chosen != self.card.contact_id:
                    self.show_card(chosen)
            else:
                table.select_first()
            table.setFocus()

    def _leave_search(self) -> None:
        """Another page is shown: what was searched for goes, without searching again."""
        self._search_card.stop()
        if self.search_field.text():
            blocked = self.search_field.blockSignals(True)
            self.search_field.clear()
            self.search_field.blockSignals(blocked)

    def _show_search_page(self) -> None:
        self.pages.setCurrentWidget(self.search_page)
        checked = self._page_group.checkedAction()
        if checked is not None:
            checked.setChecked(False)

    def add_page(
        self, name: str, widget: QWidget, action: QAction, refresh: Callable[[], None]
    ) -> None:
        """Put another page in the navigation: `action` shows it, `refresh` reads it fresh."""
        self.pages.addWidget(widget)
        give_icon(action)
        action.setCheckable(True)
        self._page_group.addAction(action)
        action.triggered.connect(lambda _checked=False: self.show_page(name))
        self.addAction(action)
        self._extra_pages[name] = (widget, action, refresh)
        toolbar = self.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:
            # Beside Today and Contacts, before the search field.
            shown = toolbar.actions()
            if len(shown) > 2:
                toolbar.insertAction(shown[2], action)
            else:
                toolbar.addAction(action)

    @property
    def store(self) -> Store:
        """The open store (the window is attached)."""
        assert self._store is not None, "the window is not attached to a store yet"
        return self._store

    def refresh_today(self) -> None:
        """Work out the Today list again."""
        if not self.attached:
            return
        from callbook.services.contact_list import has_contacts

        places = ranked_today(self.store, self._clock)
        self.today_page.show_list(places, bool(places) or has_contacts(self.store))
        self._today_stale = False
        self._shown_day = self._local_day()

    def refresh(self) -> None:
        """Read everything shown again."""
        if not self.attached:
            return
        self._today_stale = self._contacts_stale = True
        self.show_page(self.current_page() if self.current_page() != SEARCH else TODAY)
        self.card.reload()

    def _local_day(self) -> object:
        return self._clock.now().astimezone(self._clock.zone()).date()

    def _minute_passed(self) -> None:
        if self._local_day() != self._shown_day:
            self._today_stale = True
            if self.current_page() == TODAY:
                self.refresh_today()
        else:
            self.today_page.model.refresh_times()

    # -- search -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search field, ready to type."""
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def search(self, typed: str) -> None:
        """Show the matches for what is typed so far; Esc goes back to the page before."""
        if not self.attached:
            return
        from callbook.services.search import MAX_RESULTS, search_contacts

        if not typed.strip() and self.current_page() != SEARCH:
            return
        if self.current_page() != SEARCH:
            self._page_before_search = self.current_page()
            self._show_search_page()
        # An emptied field keeps the results page: switching pages on every cleared word
        # would cost more than the search itself.
        hits = search_contacts(self.store, typed) if typed.strip() else []
        self.search_page.show_hits(typed, hits, MAX_RESULTS)
        # The card follows the first match once typing pauses, not at every keystroke.
        if hits:
            self._search_card.start()
        else:
            self._search_card.stop()

    def _card_follows_search(self) -> None:
        if self.current_page() != SEARCH:
            return
        chosen = self.search_page.table.current_contact()
        if chosen is not None and chosen != self.card.contact_id:
            self.show_card(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress and self.attached:
            assert isinstance(event, QKeyEvent)
            table = self.search_page.table
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_page() == SEARCH:
                chosen = table.current_contact()
                if chosen is not None:
                    self.open_card(chosen)
                return True
            arrows = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
            if key in arrows and self.current_page() == SEARCH:
                # Typing stays in the field; the arrows walk the results and the card follows.
                table.keyPressEvent(event)
                self._search_card.stop()
                chosen = table.current_contact()
                if chosen is not None and chosen != self.card.contact_id:
                    self.show_card(chosen)
                return True
            if key == Qt.Key.Key_Escape:
                self.show_page(self._page_before_search)
                return True
        return super().eventFilter(watched, event)

    # -- the card ---------------------------------------------------------------------------

    def show_card(self, contact_id: int) -> None:
        """Show a contact's card beside the list (once the store is open)."""
        if not self.attached:
            self._pending_card = contact_id
            return
        if not self.card.show_contact(contact_id):
            self.statusBar().showMessage("That contact is no longer in your call book.", 5000)
        self._update_contact_actions()

    def open_card(self, contact_id: int) -> None:
        """Show a contact's card and move the keyboard into it."""
        self.show_card(contact_id)
        self._focus_card()

    def back_from_card(self) -> None:
        """Esc on the card: back to the search or the list it was opened from."""
        if self.current_page() == SEARCH:
            self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search_field.selectAll()
        else:
            self._page_table().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_card(self) -> None:
        if not self.attached or self.card.contact_id is None:
            return
        # The first button that works: Call is off for someone without a phone.
        usable = [b for b in self.card.action_buttons if b.isEnabled()]
        if usable:
            usable[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.card.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_contact(self) -> int | None:
        """The contact the actions work on: the one whose card is shown."""
        return self.card.contact_id if self.attached else None

    def _update_contact_actions(self) -> None:
        if not self.attached:
            return
        card = self.card.card
        self.act_call.setEnabled(bool(card and card.phones))
        self.act_text.setEnabled(bool(card and card.phones))
        self.act_copy_number.setEnabled(bool(card and card.phones))
        self.act_email.setEnabled(bool(card and card.email))
        for action in (self.act_log, self.act_snooze, self.act_card):
            action.setEnabled(card is not None)
        if card is not None and card.phones:
            first = card.phones[0]
            self.act_call.setToolTip(f"Call {first.label} {first.shown} (Ctrl+Shift+C)")
            self.act_text.setToolTip(f"Text {first.label} {first.shown} (Ctrl+Shift+T)")
        else:
            self.act_call.setToolTip("No phone number to call (Ctrl+Shift+C)")
            self.act_text.setToolTip("No phone number to text (Ctrl+Shift+T)")
        self.act_email.setToolTip(
            f"Email {card.email} (Ctrl+Shift+E)" if card and card.email else "No email address"
        )

    # -- acting on the contact -------------------------------------------------------------

    def call_current(self) -> None:
        """Dial the first phone of the shown contact through the desktop."""
        card = self.card.card
        if card is None or not card.phones:
            self.statusBar().showMessage("No phone number to call.", 5000)
            return
        self._hand_to_desktop(call_url(card.phones[0].e164), f"Calling {card.name}…")

    def text_current(self) -> None:
        """Start a text to the shown contact's first phone."""
        card = self.card.card
        if card is None or not card.phones:
            self.statusBar().showMessage("No phone number to text.", 5000)
            return
        self._hand_to_desktop(text_url(card.phones[0].e164), f"Texting {card.name}…")

    def email_current(self) -> None:
        """Start an email to the shown contact."""
        card = self.card.card
        if card is None or not card.email:
            self.statusBar().showMessage("No email address.", 5000)
            return
        self._hand_to_desktop(email_url(card.email), f"Writing to {card.name}…")

    def _hand_to_desktop(self, url: QUrl, doing: str) -> None:
        if open_link(url):
            self.statusBar().showMessage(f"{doing} Log it afterwards with Ctrl+Shift+L.", 8000)
        else:
            self.statusBar().showMessage(
                f"No app on this computer opens {url.scheme()}: links. "
                f"The address is {url.path()}.",
                10000,
            )

    def set_home_region(self, region: str) -> None:
        """Read and show phone numbers for the rep's country `region` ('US', 'DE')."""
        if region == self._home_region:
            return
        self._home_region = region
        if self.attached:
            self.card.set_home_region(region)

    def set_log_opener(self, opener: LogOpener) -> None:
        """Use another way to log a touch for a contact (the quick log, when it exists)."""
        self._log_opener = opener

    def open_log_for(self, contact_id: int) -> None:
        """Open the log for one contact: the hook the quick log plugs into."""
        if self._log_opener is not None:
            self._log_opener(contact_id)

    def log_current(self) -> None:
        """Log a touch with the shown contact."""
        contact = self.current_contact()
        if contact is not None:
            self.open_log_for(contact)

    def copy_number(self) -> None:
        """Put the shown contact's first number on the clipboard, as dialled abroad."""
        from PySide6.QtWidgets import QApplication

        from callbook.domain.phones import international_phone

        card = self.card.card if self.attached else None
        if card is None or not card.phones:
            self.statusBar().showMessage("No phone number to copy.", 5000)
            return
        first = card.phones[0]
        QApplication.clipboard().setText(international_phone(first.e164))
        self.statusBar().showMessage(
            f"Copied {card.name}'s {first.label} number {international_phone(first.e164)}.", 5000
        )

    def show_shortcuts(self) -> None:
        """List every keyboard shortcut."""
        from callbook.ui.help import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions(), self)
        dialog.exec()

    def show_about(self) -> None:
        """Say what Callbook is and which version this is."""
        from callbook.ui.help import show_about

        show_about(self)

    def snooze_current(self) -> None:
        """Keep the shown contact off Today for a while."""
        from callbook.ui.dialogs import SnoozeDialog

        card = self.card.card if self.attached else None
        if card is None:
            return
        dialog = SnoozeDialog(self.store, self._clock, self.bus, card.contact_id, card.name, self)
        if dialog.exec():
            self.statusBar().showMessage(f"{card.name} is snoozed.", 5000)

    def add_contact(self) -> None:
        """Add a contact and show their card."""
        from callbook.ui.dialogs import NewContactDialog

        if not self.attached:
            return
        dialog = NewContactDialog(self.store, self._clock, self.bus, self._home_region, self)
        if dialog.exec() and dialog.contact_id is not None:
            self.open_card(dialog.contact_id)
            self.statusBar().showMessage("Contact added. Fill in the rest on the card.", 5000)

    def fill_with_demo_data(self) -> None:
        """Fill an empty call book with realistic demo contacts."""
        from callbook.services.demo import fill_with_demo

        if not self.attached:
            return
        report = run_change(
            self.bus,
            lambda: fill_with_demo(self.store, self._clock.now(), DEMO_CONTACTS),
            lambda error: self.statusBar().showMessage(str(error), 8000),
            lambda _report: Changed(today=True, loops=True, contact_list=True),
            initiator=self,
        )
        if report is None:
            return
        self.statusBar().showMessage(
            f"Added {report.contacts:,} demo contacts with {report.interactions:,} calls "
            "and messages.",
            8000,
        )
        self.show_page(TODAY)

    # -- changes ----------------------------------------------------------------------------

    def apply_change(self, changed: Changed) -> None:
        """Publish a change made outside the window's own views (an import, a restore)."""
        self.bus.publish(changed)

    def _refresh_from(self, published: Published) -> None:
        """Refresh what a change touched; pages out of sight refresh when next shown."""
        changed = published.changed
        if not self.attached:
            return
        if changed.today:
            if changed.contacts and not self._today_stale:
                # One contact's change re-ranks that contact, not the whole list.
                rows = today_list(self.store, self._clock, changed.contacts)
                self.today_page.update_contacts(changed.contacts, rows, True)
            else:
                self._today_stale = True
        if changed.contact_list or changed.contacts:
            self._contacts_stale = True
        page = self.current_page()
        if page == TODAY and self._today_stale:
            QTimer.singleShot(0, self.refresh_today)
        elif page == CONTACTS and self._contacts_stale:
            self.contacts_page.reload()
            self._contacts_stale = False
        if self.card.contact_id in changed.contacts:
            # Fields the rep is typing into keep what they typed.
            self.card.reload()
        self._update_contact_actions()

    def show_outside_changes(self) -> None:
        """Another program (a terminal, say) wrote to the book: read what is shown again.

        Nobody knows which contacts it touched, so every view is read again; a field the
        rep is typing into keeps what they typed.
        """
        if not self.attached:
            return
        log.info("another program changed the call book; reading it again")
        self._today_stale = self._contacts_stale = True
        self.bus.publish(Changed(today=True, loops=True, contact_list=True))
        self.card.reload()

    # -- layout -----------------------------------------------------------------------------

    def _restore_window_layout(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        # Remembered from a larger screen, or the default on a small one: all of it in sight.
        keep_on_screen(self)
        state = self._settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._restore_splitter()

    def _restore_splitter(self) -> None:
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            # The list gets the larger share: its best way must show without scrolling.
            self.splitter.setSizes([CARD_SHARE_LIST, CARD_SHARE_CARD])

    def _restore_page_layout(self) -> None:
        header = self._settings.value("contacts/header")
        if isinstance(header, QByteArray):
            self.contacts_page.table.header().restoreState(header)
        self.show_page(self.remembered_page())

    def remembered_page(self) -> str:
        """The page the rep left the window on: Today or Contacts."""
        page = str(self._settings.value("window/page", TODAY))
        return page if page in (TODAY, CONTACTS) else TODAY

    def save_layout(self) -> None:
        """Remember size, splitter, column widths and page for next time."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        # Today sizes its columns to the window each time (TodayPage.fit_columns).
        self._settings.remove("today/header")
        if self.attached:
            contacts_header = self.contacts_page.table.header().saveState()
            self._settings.setValue("contacts/header", contacts_header)
            page = self.current_page()
            self._settings.setValue(
                "window/page", page if page != SEARCH else self._page_before_search
            )
        self._settings.sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.focusWidget() is None:
            self._page_table().setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _page_table(self) -> ContactTable:
        page = self.current_page()
        if not self.attached:
            return self.today_page.table
        if page == CONTACTS:
            return self.contacts_page.table
        if page == SEARCH:
            return self.search_page.table
        return self.today_page.table

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.attached:
            self.card.setFocus()  # let a field being edited save itself first
        self.save_layout()
        super().closeEvent(event)
