"""Factories shared by the tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
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


PG_URL = os.environ.get("KOKKA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_unavailable() -> str | None:
    """None when the local PostgreSQL answers, else why the PostgreSQL variant of a test is skipped."""
    from sqlalchemy import create_engine

    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable here
        return f"no PostgreSQL at {PG_URL} ({exc.__class__.__name__}); set KOKKA_TEST_POSTGRES_URL"


@contextlib.contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema, dropped afterwards."""
    from sqlalchemy import create_engine, text

    schema = f"kokka_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextlib.contextmanager
def database_url(kind: str, sqlite_url: str) -> Iterator[str]:
    """``sqlite_url`` for "sqlite", else a fresh PostgreSQL schema (the test is skipped without one)."""
    import pytest

    if kind == "sqlite":
        yield sqlite_url
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    with postgres_schema_url() as url:
        yield url
