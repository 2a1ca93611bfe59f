"""SQLite settings shared by the embedded stores (conversations and analytics).

WAL journal with ``synchronous=NORMAL``: a commit no longer waits for the disk twice, readers
and the writer do not block each other, and a committed write still survives a crash of the
process (only a power cut can lose the last commits; PostgreSQL is the production path).
``busy_timeout`` lets the web app, the Rasa workers and the retention purge wait for each
other instead of failing with "database is locked".
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000")


def is_sqlite_file(engine: sa.engine.Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


def tune(engine: sa.engine.Engine) -> sa.engine.Engine:
    """Apply PRAGMAS to every new connection of a file-backed SQLite engine (others untouched)."""
    if is_sqlite_file(engine):
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            for pragma in PRAGMAS:
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()
    return engine
