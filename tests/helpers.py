"""Factories shared by the tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
VALID_KB = FIXTURES / "knowledge" / "valid"
TODAY = dt.date(2026, 11, 28)


def copy_kb(tmp_path: Path) -> Path:
    """A writable copy of the small valid knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(VALID_KB, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
