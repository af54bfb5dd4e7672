"""Files as real tools write them: line breaks, folds, charsets, stray bytes, odd inputs."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.interchange import files
from callbook.interchange.csv_read import NeedsMapping, read_table
from callbook.interchange.files import read_contacts, read_file_text
from callbook.interchange.records import ReadError, ReadResult

DATA = Path(__file__).resolve().parents[2] / "data" / "interchange"


def read(name: str, region: str = "DE") -> ReadResult:
    path = DATA / name
    return read_contacts(path, read_file_text(path), region)


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def test_an_iphone_file_with_cr_cr_lf_is_read_whole_with_the_lines_an_editor_shows() -> None:
    result = read("iphone_cr_cr_lf.vcf")
    assert result.broken == []
    siobhan, kenji = result.records
    assert (siobhan.first_name, siobhan.last_name) == ("Siobhán", "O’Connor")
    assert siobhan.notes == "Prefers calls before 10:00."  # the folded photo stays out
    assert kenji.name == "Kenji Watanabe"
    assert kenji.where == "card 2 (line 15)"


def test_a_fold_inside_a_utf8_character_joins_the_character_again() -> None:
    result = read("owncloud_fold_inside_character.vcf")
    assert result.broken == []
    (jurgen,) = result.records
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.notes == (
        "Spricht gern über Segeln am Wannsee; Tochter Lena spielt Geige – fragen wie es läuft."
    )
    assert jurgen.warnings == [] and result.warnings == []


def test_each_card_is_read_in_the_character_set_it_names() -> None:
    result = read("declared_charsets.vcf")
    assert [r.name for r in result.records] == ["健二 渡辺", "Jürgen Müller", "Пётр Иванов"]
    assert result.records[1].notes == "Für Später"
    assert result.warnings == []


def test_one_stray_byte_garbles_nothing_else_and_is_named() -> None:
    result = read("stray_byte.vcf")
    siobhan, chloe = result.records
    assert siobhan.name == "Siobhán O’Connor" and siobhan.warnings == []
    assert chloe.name == "Chloé Martin"
    assert chloe.notes == "Café after the meeting"
    assert chloe.warnings == ["line 12 is not UTF-8; read as Windows-1252, check its accents"]
    assert result.warnings == [
        "line 12 is not UTF-8 and names no character set; read as Windows-1252, "
        "so check its accents"
    ]


def test_a_file_all_in_windows_1252_says_so_once() -> None:
    result = read("outlook_contacts.csv")
    assert result.warnings == ["the file is not UTF-8 and names no encoding; read as Windows-1252"]
    assert all(r.warnings == [] for r in result.records)
    assert "Jürgen" in [r.first_name for r in result.records]


def test_a_line_that_is_no_text_turns_away_only_its_record() -> None:
    text = read_file_text(DATA / "broken_encoding.csv")
    with pytest.raises(NeedsMapping) as needs:
        read_contacts(DATA / "broken_encoding.csv", text, "DE")
    result = read_table(needs.value.table, "DE", needs.value.suggestion, None, text.odd_lines)
    assert [r.name for r in result.records] == ["Ana Silva"]
    assert [str(b) for b in result.broken] == ["line 3: it is not text in any encoding"]


def test_the_stray_byte_is_reported_by_the_import(clock: FixedClock, data_dir: Path) -> None:
    code, out = run(clock, "import", str(DATA / "stray_byte.vcf"), "--data-dir", str(data_dir))
    assert code == 0
    assert "  note: Line 12 is not UTF-8 and names no character set" in out
    assert "Chloé Martin — new (line 12 is not UTF-8; read as Windows-1252" in out


def test_a_one_column_csv_imports_with_a_map(
    clock: FixedClock, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(DATA / "emails_only.csv")
    code, _out = run(clock, "import", file, "--region", "DE", "--data-dir", str(data_dir))
    assert code == 1
    assert "--map 'Email=email'" in capsys.readouterr().err
    code, out = run(
        clock, "import", file, "--map", "Email=email", "--region", "DE", "--data-dir", str(data_dir)
    )
    assert code == 0
    assert out.startswith("Imported emails_only.csv (CSV): 3 new, 0 merged, 0 skipped.")


def test_a_device_or_pipe_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="is not a file but a device or a pipe"):
        read_file_text(Path("/dev/zero"))
    pipe = tmp_path / "contacts.vcf"
    os.mkfifo(pipe)
    with pytest.raises(ReadError, match="is not a file but a device or a pipe"):
        read_file_text(pipe)


def test_a_file_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1_000_000)
    big = tmp_path / "big.vcf"
    big.write_bytes(b"BEGIN:VCARD\r\n" + b"NOTE:" + b"x" * 1_000_001 + b"\r\nEND:VCARD\r\n")
    with pytest.raises(ReadError, match=r"big\.vcf is more than 1 MB"):
        read_file_text(big)
