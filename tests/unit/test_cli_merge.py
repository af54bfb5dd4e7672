"""`callbook merge A B`: what would move with --dry-run, then one card where there were two."""

from __future__ import annotations

import io
from pathlib import Path

from callbook.cli import main
from callbook.domain.clock import FixedClock

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"


def run(clock: FixedClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), clock=clock, out=out)
    return code, out.getvalue()


def test_merge_says_what_it_would_do_then_does_it(tmp_path: Path, clock: FixedClock) -> None:
    book = ["--data-dir", str(tmp_path / "book")]
    code, out = run(clock, "import", str(DATA / "shared_office_phone.vcf"), "--region", "DE", *book)
    assert code == 0, out
    code, out = run(
        clock, "merge", "Ana Silva", "Bob Jones", "--take", "first_name", "--dry-run", *book
    )
    assert code == 0, out
    assert "First name:   Ana  * Bob" in out
    assert "Would merge: Bob Jones's card goes into Ana Silva's" in out
    assert out.endswith("Nothing was changed (--dry-run).\n")
    code, out = run(clock, "merge", "Ana Silva", "Bob Jones", "--take", "first_name", *book)
    assert code == 0, out
    assert "Merged: Bob Jones's card goes into Ana Silva's" in out
    code, out = run(clock, "merge", "Ana Silva", "Bob Jones", *book)
    assert code != 0
