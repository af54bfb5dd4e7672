"""Big and odd imports: capped cards, linear time, a quiet terminal, damaged stored text."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.interchange.vcard_read import read_vcards
from callbook.services.contacts import NewContact, add_contact
from callbook.services.interchange import import_contacts
from callbook.store.engine import Store
from callbook.store.opening import open_store

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def card(*lines: str) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        + "".join(f"{line}\r\n" for line in lines)
        + ("END:VCARD\r\n")
    )


def test_a_card_with_too_many_numbers_keeps_the_first_hundred_and_says_so(
    store: Store, clock: FixedClock
) -> None:
    numbers = [f"TEL;TYPE=CELL:+49 151 {n:08d}" for n in range(150)]
    summary = import_contacts(store, clock, read_vcards(card("FN:Ana Silva", *numbers)), "DE")
    (record,) = summary.records
    assert "only the first 100 of its 150 phone numbers were kept" in record.details
    assert record.target is not None and len(record.target.phones) == 100


def test_a_long_card_imports_quickly_and_merges_none_of_its_numbers_into_anyone(
    store: Store, clock: FixedClock
) -> None:
    add_contact(store, clock, NewContact("Ana", "Silva", phones=[("mobile", "+4915100000007")]))
    numbers = [f"item{n}.TEL:+49 151 {n:08d}\r\nitem{n}.X-ABLabel:Line {n}" for n in range(7_000)]
    started = time.perf_counter()
    summary = import_contacts(store, clock, read_vcards(card("FN:Bob Jones", *numbers)), "DE")
    assert time.perf_counter() - started < 10
    assert (summary.new, summary.merged) == (1, 0)
    assert summary.records[0].possible_duplicate_of is not None


def test_a_card_of_a_hundred_thousand_lines_is_turned_away_at_once() -> None:
    numbers = [f"TEL:+49 151 {n:08d}" for n in range(100_000)]
    started = time.perf_counter()
    result = read_vcards(card("FN:Bob Jones", *numbers))
    assert time.perf_counter() - started < 10
    assert result.records == []
    assert "it holds more than 1 MB of text by line" in result.broken[0].message


def test_a_card_past_one_megabyte_is_turned_away_whole() -> None:
    notes = [f"NOTE:{'x' * 70}" for _ in range(16_000)]
    result = read_vcards(card("FN:Ana Silva", *notes) + card("FN:Bob Jones"))
    assert [r.name for r in result.records] == ["Bob Jones"]
    (broken,) = result.broken
    assert "it holds more than 1 MB of text" in broken.message


def test_a_dry_run_of_a_damaged_file_fails_as_the_import_would(
    clock: FixedClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(DATA / "broken_bad_line.vcf")
    messages = []
    for extra in (["--dry-run"], []):
        code, _out = run(
            clock, "import", file, *extra, "--region", "ES", "--data-dir", str(data_dir)
        )
        assert code == 1
        messages.append(capsys.readouterr().err)
    assert messages[0] == messages[1]
    assert "1 record in the file cannot be read, so nothing was imported" in messages[0]
    code, out = run(
        clock, "import", file, "--dry-run", "--skip-unreadable", "--data-dir", str(data_dir)
    )
    assert code == 0 and "1 new, 0 merged, 0 skipped, 1 unreadable" in out


def many_people(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.vcf"
    cards = [
        card(f"N:Person{i};Test;;;", f"FN:Test Person{i}", f"TEL;TYPE=HOME:{1000 + i}")
        for i in range(count)
    ]
    path.write_text("".join(cards), encoding="utf-8")
    return path


def test_a_big_import_prints_a_summary_and_writes_every_line_to_a_report(
    clock: FixedClock, data_dir: Path, tmp_path: Path
) -> None:
    file = str(many_people(tmp_path, 300))
    code, out = run(clock, "import", file, "--region", "DE", "--data-dir", str(data_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Imported many.vcf (vCard): 300 new, 0 merged, 0 skipped."
    assert lines[1].startswith("  card 1 (line 1): Test Person0 — new ('1000' kept as typed")
    assert lines[6] == "  ... and 295 more to look at"
    assert len(lines) == 8
    report = Path(lines[7].removeprefix("Every record's line is in ").split(" (--verbose")[0])
    assert report.parent == data_dir / "reports"
    assert len(report.read_text(encoding="utf-8").splitlines()) == 300
    code, out = run(clock, "import", file, "--verbose", "--data-dir", str(data_dir))
    assert len(out.splitlines()) == 301


def test_text_that_is_not_utf8_in_the_book_exports_with_a_warning_not_a_traceback(
    clock: FixedClock, data_dir: Path, tmp_path: Path
) -> None:
    store, _ = open_store(data_dir, clock.now())
    try:
        add_contact(store, clock, NewContact("Chloé", "Martin", notes="x"))
        with store.begin() as session:
            # What another program can leave in the file: a Windows-1252 é in a note.
            session.execute(text("UPDATE contacts SET notes = CAST(X'436166E9' AS TEXT)"))
    finally:
        store.close()
    for kind, name in (("json", "book.json"), ("vcard", "book.vcf"), ("ics", "book.ics")):
        output = tmp_path / name
        code, out = run(
            clock, "export", "--format", kind, "-o", str(output), "--data-dir", str(data_dir)
        )
        assert code == 0, kind
        if kind != "ics":
            assert "held bytes that are not UTF-8; they are written with \ufffd" in out, kind
    assert "NOTE:Caf\ufffd" in (tmp_path / "book.vcf").read_text(encoding="utf-8")
    backup = json.loads((tmp_path / "book.json").read_text(encoding="utf-8"))
    columns = backup["tables"]["contacts"]["columns"]
    assert backup["tables"]["contacts"]["rows"][0][columns.index("notes")] == "Caf\ufffd"
