"""`callbook import` and `callbook export` in a terminal."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.services.interchange import saved_home_region
from callbook.store.opening import open_store

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def test_dry_run_previews_and_changes_nothing(
    clock: FixedClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(DATA / "google_contacts.vcf")
    code, out = run(
        clock, "import", file, "--dry-run", "--region", "us", "--data-dir", str(data_dir)
    )
    assert code == 0
    assert out.startswith("google_contacts.vcf (vCard) would give: 3 new, 0 merged, 0 skipped.")
    assert "Nothing was changed (--dry-run)." in out
    code, out = run(clock, "import", file, "--region", "US", "--data-dir", str(data_dir))
    assert out.startswith("Imported google_contacts.vcf (vCard): 3 new, 0 merged, 0 skipped.")
    code, out = run(clock, "import", file, "--data-dir", str(data_dir))
    assert out.startswith("Imported google_contacts.vcf (vCard): 0 new, 0 merged, 3 skipped.")
    assert "card 1 (line 1): Kenji Watanabe — skipped (already there: same email" in out


def test_a_damaged_file_imports_nothing_unless_told_to_skip(
    clock: FixedClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(DATA / "broken_bad_line.vcf")
    code, _out = run(clock, "import", file, "--region", "ES", "--data-dir", str(data_dir))
    assert code == 1
    err = capsys.readouterr().err
    assert "1 record in the file cannot be read, so nothing was imported" in err
    assert "card 2 (line 7): line 11 cannot be read" in err
    code, out = run(
        clock, "import", file, "--skip-unreadable", "--region", "ES", "--data-dir", str(data_dir)
    )
    assert code == 0
    assert "1 new, 0 merged, 0 skipped, 1 unreadable" in out
    assert "unreadable, left out: card 2 (line 7)" in out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken_quote.csv", "cannot import broken_quote.csv: line 3 cannot be read as CSV"),
        ("does_not_exist.vcf", "cannot import does_not_exist.vcf: there is no file"),
    ],
)
def test_unreadable_files_get_one_clear_line(
    clock: FixedClock,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    message: str,
) -> None:
    code, _out = run(
        clock, "import", str(DATA / name), "--region", "DE", "--data-dir", str(data_dir)
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"callbook: {message}")
    assert len(err.strip().splitlines()) == 1


def test_an_unknown_csv_lists_its_columns_and_a_guess_then_imports_with_map(
    clock: FixedClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(DATA / "plain_utf8_bom.csv")
    code, _out = run(clock, "import", file, "--region", "CH", "--data-dir", str(data_dir))
    assert code == 1
    err = capsys.readouterr().err
    assert "'Favourite colour'  e.g. 'green'" in err
    assert "--map 'Name=full_name' --map 'Organisation=company'" in err
    code, out = run(
        clock,
        "import",
        file,
        "--region",
        "CH",
        "--map",
        "name=full_name",
        "--map",
        "Mobile=phone:mobile",
        "--data-dir",
        str(data_dir),
    )
    assert code == 0, capsys.readouterr().err
    assert "1 new" in out
    code, _out = run(clock, "import", file, "--map", "Shoe size=notes", "--data-dir", str(data_dir))
    assert code == 1
    assert "the file has no column 'Shoe size'" in capsys.readouterr().err


def test_a_wrong_region_is_refused(
    clock: FixedClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out = run(
        clock, "import", str(DATA / "vcard40.vcf"), "--region", "ZZ", "--data-dir", str(data_dir)
    )
    assert code == 1
    assert "'ZZ' is not a country code" in capsys.readouterr().err


def test_export_all_three_formats_owner_only(
    clock: FixedClock, data_dir: Path, tmp_path: Path
) -> None:
    run(clock, "demo", "--contacts", "20", "--data-dir", str(data_dir))
    for kind, name, start in (
        ("vcard", "all.vcf", b"BEGIN:VCARD"),
        ("ics", "calls.ics", b"BEGIN:VCALENDAR"),
        ("json", "backup.json", b"{"),
    ):
        target = tmp_path / name
        code, out = run(
            clock, "export", "--format", kind, "-o", str(target), "--data-dir", str(data_dir)
        )
        assert code == 0
        assert out.startswith("Wrote ")
        assert target.read_bytes().startswith(start)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_backup_then_import_into_an_empty_folder_restores_everything(
    clock: FixedClock, tmp_path: Path
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    run(clock, "demo", "--contacts", "25", "--data-dir", str(old))
    backup = tmp_path / "backup.json"
    run(clock, "export", "--format", "json", "-o", str(backup), "--data-dir", str(old))
    code, out = run(clock, "import", str(backup), "--data-dir", str(new))
    assert code == 0
    assert out.startswith("Restored 25 contacts, ")
    again = tmp_path / "again.json"
    run(clock, "export", "--format", "json", "-o", str(again), "--data-dir", str(new))
    assert json.loads(again.read_bytes())["tables"] == json.loads(backup.read_bytes())["tables"]


def test_export_of_chosen_contacts_by_name(
    clock: FixedClock, data_dir: Path, tmp_path: Path
) -> None:
    run(
        clock,
        "import",
        str(DATA / "apple_contacts.vcf"),
        "--region",
        "DE",
        "--data-dir",
        str(data_dir),
    )
    target = tmp_path / "one.vcf"
    code, out = run(
        clock,
        "export",
        "--format",
        "vcard",
        "--contact",
        "Siobhán",
        "-o",
        str(target),
        "--data-dir",
        str(data_dir),
    )
    assert code == 0
    assert out.startswith("Wrote 1 contact to ")
    assert target.read_text(encoding="utf-8").count("BEGIN:VCARD") == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_first_import_in_a_terminal_asks_for_the_country(
    clock: FixedClock, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("jp\n"))
    monkeypatch.setattr("sys.stderr", _Terminal())
    code, out = run(clock, "import", str(DATA / "google_contacts.vcf"), "--data-dir", str(data_dir))
    assert code == 0, out
    assert "Kenji Watanabe — new (time zone Asia/Tokyo from the phone number)" in out
    store, _report = open_store(data_dir, clock.now())
    try:
        assert saved_home_region(store) == "JP"
    finally:
        store.close()
    # Asked once: the next import reads numbers as Japanese without asking.
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    code, out = run(clock, "import", str(DATA / "google_contacts.vcf"), "--data-dir", str(data_dir))
    assert "0 new, 0 merged, 3 skipped" in out
