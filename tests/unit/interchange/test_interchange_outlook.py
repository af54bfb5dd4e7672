"""An Outlook CSV export as Outlook writes it: every person field a rep uses comes in."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from callbook.domain.clock import FixedClock
from callbook.domain.dates import YearlyDate
from callbook.domain.vocabulary import ReachChannel
from callbook.interchange.csv_read import OUTLOOK
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.records import ANNIVERSARY, BIRTHDAY, ReadResult
from callbook.services.card import ContactCard, load_card
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.models import Contact

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"
# Classic Outlook's 'Export to a file': its 92 columns in its order, Windows-1252, CRLF,
# every field quoted, notes running over several lines.
EXPORT = DATA / "outlook_365_export.csv"


def read(region: str = "US") -> ReadResult:
    return read_contacts(EXPORT, read_file_text(EXPORT), region)


def card_of(store: Store, clock: FixedClock, last_name: str) -> ContactCard:
    with store.read() as session:
        contact_id = session.scalars(select(Contact.id).where(Contact.last_name == last_name)).one()
    return load_card(store, clock, contact_id, "US")


def test_the_export_is_known_as_outlook_and_its_accents_read_right() -> None:
    result = read()
    assert result.kind == OUTLOOK
    assert result.broken == []
    assert [r.name for r in result.records] == ["Renée Dubois", "Tomás Ó Briain", "Sakura Trading"]
    # The quoted three-line note takes lines 2 to 5; the next contact starts on line 6.
    assert [r.where for r in result.records] == ["line 2", "line 6", "line 7"]


def test_every_person_field_lands_where_the_rep_looks_for_it(
    store: Store, clock: FixedClock
) -> None:
    summary = import_contacts(store, clock, read(), "US")
    assert (summary.new, summary.merged, summary.skipped) == (3, 0, 0)
    renee = card_of(store, clock, "Dubois")
    assert (renee.company, renee.title) == ("Maple & Finch Ltd.", "Head of Purchasing")
    assert [(f.name, f.relation) for f in renee.family] == [
        ("Marc", "spouse"),
        ("Léa", "child"),
        ("Hugo", "child"),
    ]
    assert {(d.label, d.yearly) for d in renee.dates} >= {
        (BIRTHDAY, YearlyDate(3, 9, 1975)),
        (ANNIVERSARY, YearlyDate(6, 14, 2003)),
    }
    assert renee.interests == ("Sailing", "Jazz")
    assert renee.tags == ("Customers", "Key accounts")
    assert (renee.boss_name, renee.assistant_name) == ("Walter Grant", "Tom Becker")
    assert renee.assistant_phone == "+12155550143"
    assert renee.preferred_channels == (ReachChannel.ASSISTANT,)
    assert [(p.label, p.e164) for p in renee.phones] == [
        ("mobile", "+12675550188"),
        ("work", "+12155550140"),
        ("home", "+16105550117"),
        ("fax", "+12155550149"),
    ]
    assert renee.email == "renee.dubois@maplefinch.example"
    for line in (
        'Met at the "Buyers\' Forum" in Chicago, 2025.\nPrefers calls before 9 a.m.',
        "Other email (other): renee@dubois-home.example",
        "Other email (other): rdubois@pta.example",
        "Department: Procurement",
        "Referred by: Ana Silva",
        "Web: https://www.linkedin.com/in/renee-dubois-example/",
        "Address (home): 18 Elm Lane, Media, PA, 19063, United States of America",
    ):
        assert line in renee.notes


def test_outlooks_empty_dates_are_no_dates_and_local_numbers_follow_the_address(
    store: Store, clock: FixedClock
) -> None:
    import_contacts(store, clock, read(), "US")
    tomas = card_of(store, clock, "Ó Briain")
    assert tomas.dates == ()
    assert tomas.preferred_channels == ()
    # Written without a country code on a card with an Irish number and a German address.
    assert [p.e164 for p in tomas.phones] == ["+491712345678", "+494030123456", "+35315550123"]
