"""The analytics store (SQLAlchemy): SQLite under var/ by default, any SQLAlchemy URL by setting.

Session ids are stored only as salted hashes and free text is masked (bot/analytics/pii.py).
A database failure raises AnalyticsError; callers log it and carry on with the conversation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from pathlib import Path

from sqlalchemy import Column, DateTime, Integer, String, Text, create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import declarative_base, sessionmaker

from bot.analytics.pii import mask

logger = logging.getLogger(__name__)
Base = declarative_base()


class AnalyticsError(RuntimeError):
    """The analytics database could not be used."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Feedback(Base):
    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    session_hash = Column(String(64), nullable=False)
    kb_id = Column(String(64), nullable=False, index=True)
    language = Column(String(2), nullable=False)
    rating = Column(String(4), nullable=False)  # up | down
    comment = Column(Text, nullable=True)


def load_salt(configured: str, var_dir: Path) -> str:
    """The configured salt, or a random one created once and kept in ``var/analytics-salt``."""
    if configured:
        return configured
    path = var_dir / "analytics-salt"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        var_dir.mkdir(parents=True, exist_ok=True)
        salt = secrets.token_hex(32)
        path.write_text(salt, encoding="utf-8")
        path.chmod(0o600)
        return salt


class Analytics:
    def __init__(self, url: str, *, salt: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        self._session = sessionmaker(self.engine, future=True, expire_on_commit=False)
        self._salt = salt.encode()

    def create_schema(self) -> None:
        try:
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise AnalyticsError(str(exc)) from exc

    def session_hash(self, session_id: str) -> str:
        return hmac.new(self._salt, session_id.encode(), hashlib.sha256).hexdigest()

    def record_feedback(self, *, session_id: str, kb_id: str, language: str, rating: str, comment: str | None) -> int:
        row = Feedback(session_hash=self.session_hash(session_id), kb_id=kb_id, language=language, rating=rating,
                       comment=mask(comment.strip()) if comment and comment.strip() else None)
        try:
            with self._session.begin() as session:
                session.add(row)
                session.flush()
                return int(row.id)
        except SQLAlchemyError as exc:
            logger.error("Could not store feedback: %s", exc.__class__.__name__)
            raise AnalyticsError(str(exc)) from exc

    def feedback(self, kb_id: str | None = None) -> list[Feedback]:
        query = select(Feedback).order_by(Feedback.id)
        if kb_id:
            query = query.where(Feedback.kb_id == kb_id)
        try:
            with self._session() as session:
                return list(session.scalars(query))
        except SQLAlchemyError as exc:
            raise AnalyticsError(str(exc)) from exc

    def feedback_counts(self) -> dict[str, dict[str, int]]:
        """{kb_id: {"up": n, "down": n}}"""
        query = select(Feedback.kb_id, Feedback.rating, func.count()).group_by(Feedback.kb_id, Feedback.rating)
        counts: dict[str, dict[str, int]] = {}
        try:
            with self._session() as session:
                for kb_id, rating, n in session.execute(query):
                    counts.setdefault(kb_id, {"up": 0, "down": 0})[rating] = n
        except SQLAlchemyError as exc:
            raise AnalyticsError(str(exc)) from exc
        return counts
