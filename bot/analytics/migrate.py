"""Alembic migrations of the analytics schema, run from code (no alembic.ini needed)."""

from __future__ import annotations

import logging
from pathlib import Path

logging.getLogger("alembic").setLevel(logging.WARNING)  # before alembic logs its plugin set-up

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import inspect  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = config(engine)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    if "feedback" in tables and "alembic_version" not in tables:
        # A database made before migrations existed (feedback table only): it matches 0001's first table.
        command.stamp(cfg, "0001")
    command.upgrade(cfg, revision)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
