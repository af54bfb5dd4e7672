"""How long 10,000 vCards (under 10 s) and 50,000 Google CSV rows (under 30 s) take to import."""

from __future__ import annotations

import random
import resource
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.interchange.files import read_contacts, read_file_text
from callbook.services.exports import ExportFormat, export_to_file
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.models import Contact

CARDS = 10_000
TARGET_SECONDS = 10.0
FIRST = ["Ana", "Kenji", "Priya", "Jürgen", "Siobhán", "Łukasz", "Chloé", "Omar", "Mei", "Noah"]
LAST = ["Silva", "Watanabe", "Raman", "Müller", "O’Connor", "Kowalski", "Martin", "Haddad", "Li"]
COMPANIES = ["Acme GmbH", "Sakura Trading", "Lotus Pharma", "Maple & Finch", "Nordlicht AG"]


def address_book(count: int, seed: int = 11) -> str:
    """An Apple/Google-style vCard 3.0 file: groups, labels, notes, birthdays, some photos."""
    rng = random.Random(seed)
    cards = []
    for i in range(count):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
        photo = (
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQ\r\n"
            " NDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAA\r\n"
            if i % 10 == 0
            else ""
        )
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{last};{first};;;\r\nFN:{first} {last}\r\n"
            f"ORG:{rng.choice(COMPANIES)};Sales\r\nTITLE:Buyer\r\n"
            f"item1.TEL;type=CELL;type=pref:+49 151 {i:08d}\r\n"
            f"item2.TEL:030 {i:07d}\r\nitem2.X-ABLabel:_$!<Work>!$_\r\n"
            f"EMAIL;type=INTERNET;type=WORK:{first.lower()}.{i}@example.com\r\n"
            f"BDAY:19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\r\n"
            f"NOTE:Met at the trade fair\\, likes sailing.\\nAsk about the kids.\r\n"
            "CATEGORIES:Customers,Germany\r\n"
            "item3.X-ABRELATEDNAMES:Sam\r\nitem3.X-ABLabel:_$!<Child>!$_\r\n"
            f"{photo}END:VCARD\r\n"
        )
    return "".join(cards)


@pytest.mark.slow
def test_ten_thousand_vcards_import_in_under_ten_seconds(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(address_book(CARDS), encoding="utf-8")
    started = time.perf_counter()
    result = read_contacts(path, read_file_text(path), "DE")
    read_at = time.perf_counter()
    summary = import_contacts(store, clock, result, "DE")
    done = time.perf_counter()
    print(
        f"\n{CARDS:,} vCards ({path.stat().st_size / 1e6:.1f} MB): read {read_at - started:.2f} s, "
        f"merge and write {done - read_at:.2f} s, total {done - started:.2f} s "
        f"(target {TARGET_SECONDS:.0f} s)"
    )
    assert summary.new == CARDS
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == CARDS
    assert done - started < TARGET_SECONDS

    again = time.perf_counter()
    repeat = import_contacts(store, clock, read_contacts(path, read_file_text(path), "DE"), "DE")
    print(
        f"the same file again (all {repeat.skipped:,} skipped): {time.perf_counter() - again:.2f} s"
    )
    assert repeat.skipped == CARDS

    exported = time.perf_counter()
    export_to_file(store, clock, ExportFormat.VCARD, tmp_path / "out.vcf")
    print(f"export of {CARDS:,} contacts as vCard 4.0: {time.perf_counter() - exported:.2f} s")


GOOGLE_ROWS = 50_000
GOOGLE_TARGET_SECONDS = 30.0
GOOGLE_HEADER = (
    "Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,Birthday,Notes,"
    "Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,"
    "Phone 2 - Type,Phone 2 - Value,Address 1 - Country\r\n"
)


def google_csv(count: int, seed: int = 13) -> str:
    """A Google Contacts CSV: two numbers, an email, groups and a note on every row."""
    rng = random.Random(seed)
    rows = [GOOGLE_HEADER]
    for i in range(count):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
        rows.append(
            f"{first} {last},{first},{last},{rng.choice(COMPANIES)},Buyer,"
            f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
            f'"Met at the fair, likes sailing.\nAsk about the kids.",'
            f"* myContacts ::: Customers,* Work,{first.lower()}.{i}@example.com,"
            f"Mobile,+49 151 {i:08d},Work,030 {i:07d},Germany\r\n"
        )
    return "".join(rows)


@pytest.mark.slow
def test_fifty_thousand_google_rows_import_in_under_thirty_seconds(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(google_csv(GOOGLE_ROWS), encoding="utf-8")
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = read_contacts(path, read_file_text(path), "DE")
    read_at = time.perf_counter()
    summary = import_contacts(store, clock, result, "DE")
    done = time.perf_counter()
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    print(
        f"\n{GOOGLE_ROWS:,} Google CSV rows ({path.stat().st_size / 1e6:.1f} MB): "
        f"read {read_at - started:.2f} s, merge and write {done - read_at:.2f} s, "
        f"total {done - started:.2f} s (target {GOOGLE_TARGET_SECONDS:.0f} s); "
        f"peak memory grew {grown:.0f} MB"
    )
    assert summary.new == GOOGLE_ROWS
    assert done - started < GOOGLE_TARGET_SECONDS
