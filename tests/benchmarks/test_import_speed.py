"""How long 10,000 vCards (under 10 s) and 50,000 Google CSV rows (under 30 s, memory flat) take."""

from __future__ import annotations

import gc
import os
import random
import time
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.interchange.files import read_contacts, read_file_text
from callbook.services.exports import ExportFormat, export_to_file
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.models import Contact
from callbook.store.opening import open_store

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
    started, cpu = time.perf_counter(), time.process_time()
    result = read_contacts(path, read_file_text(path), "DE")
    read_at = time.perf_counter()
    summary = import_contacts(store, clock, result, "DE")
    done, cpu = time.perf_counter(), time.process_time() - cpu
    print(
        f"\n{CARDS:,} vCards ({path.stat().st_size / 1e6:.1f} MB): read {read_at - started:.2f} s, "
        f"merge and write {done - read_at:.2f} s, total {done - started:.2f} s on the clock "
        f"under load {os.getloadavg()[0]:.1f}, {cpu:.2f} s of processor time "
        f"(target {TARGET_SECONDS:.0f} s)"
    )
    assert summary.new == CARDS
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == CARDS
    # Processor time: the clock on a shared machine measures the neighbours too.
    assert cpu < TARGET_SECONDS

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


def _import_google_rows(store: Store, clock: FixedClock, path: Path) -> tuple[int, float, float]:
    """Read and import `path`; (contacts new, wall-clock seconds, processor seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    summary = import_contacts(store, clock, read_contacts(path, read_file_text(path), "DE"), "DE")
    return summary.new, time.perf_counter() - started, time.process_time() - cpu


def _traced_peak(store: Store, clock: FixedClock, path: Path) -> tuple[float, float]:
    """(peak while importing, left after the summary is dropped), in bytes above the start."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        import_contacts(store, clock, read_contacts(path, read_file_text(path), "DE"), "DE")
        gc.collect()
        left, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base, left - base


@pytest.mark.slow
def test_fifty_thousand_google_rows_import_in_under_thirty_seconds(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(google_csv(GOOGLE_ROWS), encoding="utf-8")
    new, wall, cpu = _import_google_rows(store, clock, path)
    print(
        f"\n{GOOGLE_ROWS:,} Google CSV rows ({path.stat().st_size / 1e6:.1f} MB): "
        f"{cpu:.1f} s of processor time, {wall:.1f} s on the clock under load "
        f"{os.getloadavg()[0]:.1f} (target {GOOGLE_TARGET_SECONDS:.0f} s)"
    )
    assert new == GOOGLE_ROWS
    # Processor time is what the import costs on a quiet machine; the clock on a shared
    # one measures the neighbours too.
    assert cpu < GOOGLE_TARGET_SECONDS


# Memory is flat when a contact costs as much in a big file as in a small one, and nothing
# stays once the import is done; measured on fewer rows, as tracing slows Python down.
MEMORY_ROWS = (4_000, 20_000)
MEMORY_TARGET_RATIO = 1.15


@pytest.mark.slow
def test_memory_per_contact_stays_flat_as_the_file_grows(tmp_path: Path, clock: FixedClock) -> None:
    per_contact: list[float] = []
    for rows in MEMORY_ROWS:
        path = tmp_path / f"contacts-{rows}.csv"
        path.write_text(google_csv(rows), encoding="utf-8")
        folder = tmp_path / f"book-{rows}"
        book, _ = open_store(folder, clock.now())
        try:
            peak, left = _traced_peak(book, clock, path)
        finally:
            book.close()
        per_contact.append(peak / rows)
        print(
            f"\n{rows:,} rows: peak {peak / 1e6:.0f} MB while importing "
            f"({peak / rows / 1024:.1f} KB a contact), {left / 1e6:.1f} MB left after"
        )
        assert left < 0.05 * peak
    ratio = per_contact[1] / per_contact[0]
    print(
        f"memory a contact at {MEMORY_ROWS[1]:,} rows against {MEMORY_ROWS[0]:,}: "
        f"{ratio:.2f}x (target < {MEMORY_TARGET_RATIO}x)"
    )
    assert ratio < MEMORY_TARGET_RATIO
