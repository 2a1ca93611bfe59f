"""The analytics store (SQLAlchemy): SQLite under var/ by default, any SQLAlchemy URL by setting.

Session ids are stored only as salted hashes and free text is masked (bot/analytics/pii.py).
The schema is created and changed by Alembic migrations (bot/analytics/migrations). A database
failure raises AnalyticsError; callers log it and carry on with the conversation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import declarative_base, sessionmaker

from bot.analytics.pii import mask
from bot.sqlite import tune

logger = logging.getLogger(__name__)
Base = declarative_base()
UNANSWERED_KINDS = ("fallback", "out_of_scope")


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


class AnswerEvent(Base):
    """One reply of the assistant: what kind, which topic, in which language."""

    __tablename__ = "answer_events"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    session_hash = Column(String(64), nullable=False, index=True)
    language = Column(String(2), nullable=False)
    kind = Column(String(16), nullable=False)
    kb_id = Column(String(64), nullable=True, index=True)
    confidence = Column(Float, nullable=True)
    first_turn = Column(Boolean, nullable=False, default=False)


class Unanswered(Base):
    """A question the assistant could not answer (fallback, out of scope) or answered badly (thumbs down)."""

    __tablename__ = "unanswered"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    session_hash = Column(String(64), nullable=False)
    language = Column(String(2), nullable=False)
    reason = Column(String(16), nullable=False)  # fallback | out_of_scope | thumbs_down
    text = Column(Text, nullable=False)
    guessed_kb_id = Column(String(64), nullable=True)


TABLES = (Feedback, AnswerEvent, Unanswered)


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


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"connect_timeout": 3} if url.startswith(("postgresql", "postgres")) else {}
    return tune(create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args))


class Analytics:
    def __init__(self, url: str, *, salt: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self._session = sessionmaker(self.engine, future=True, expire_on_commit=False)
        self._salt = salt.encode()

    def migrate(self) -> None:
        """Bring the schema to the latest migration (safe to run every start)."""
        from bot.analytics.migrate import upgrade

        try:
            upgrade(self.engine)
        except SQLAlchemyError as exc:
            raise AnalyticsError(str(exc)) from exc

    def session_hash(self, session_id: str) -> str:
        return hmac.new(self._salt, session_id.encode(), hashlib.sha256).hexdigest()

    def _write(self, rows: list) -> list[int]:
        try:
            with self._session.begin() as session:
                session.add_all(rows)
                session.flush()
                return [int(r.id) for r in rows]
        except SQLAlchemyError as exc:
            logger.error("Analytics write failed: %s", exc.__class__.__name__)
            raise AnalyticsError(str(exc)) from exc

    def _read(self, query):  # noqa: ANN001, ANN202
        try:
            with self._session() as session:
                return list(session.execute(query))
        except SQLAlchemyError as exc:
            logger.error("Analytics read failed: %s", exc.__class__.__name__)
            raise AnalyticsError(str(exc)) from exc

    # -- recording -------------------------------------------------------------------------------
    def record_feedback(self, *, session_id: str, kb_id: str, language: str, rating: str, comment: str | None,
                        question: str | None = None) -> int:
        comment = mask(comment.strip()) if comment and comment.strip() else None
        rows: list = [Feedback(session_hash=self.session_hash(session_id), kb_id=kb_id, language=language,
                               rating=rating, comment=comment)]
        if rating == "down" and (question or comment):
            rows.append(Unanswered(session_hash=self.session_hash(session_id), language=language, reason="thumbs_down",
                                   text=mask(question) if question else comment, guessed_kb_id=kb_id))
        return self._write(rows)[0]

    def record_turn(self, *, session_id: str, text: str, messages: list[dict], first_turn: bool) -> None:
        """The assistant's replies to one user message; unanswered questions are kept (masked)."""
        session_hash = self.session_hash(session_id)
        rows: list = []
        for message in messages:
            rows.append(AnswerEvent(session_hash=session_hash, language=message.get("lang") or "en",
                                    kind=message.get("kind") or "answer", kb_id=message.get("kb_id"),
                                    confidence=message.get("confidence"), first_turn=first_turn))
        unanswered = next((m for m in messages if m.get("kind") in UNANSWERED_KINDS), None)
        if unanswered and not text.startswith("/"):
            # A fallback's first suggestion is the assistant's guess; an out-of-scope reply's
            # buttons are just what it can help with.
            guessed = next((b["payload"].removeprefix("/ask_") for b in unanswered.get("buttons") or []
                            if str(b.get("payload", "")).startswith("/ask_")), None) if unanswered["kind"] == "fallback" else None
            rows.append(Unanswered(session_hash=session_hash, language=unanswered.get("lang") or "en",
                                   reason=unanswered["kind"], text=mask(text.strip()[:1000]), guessed_kb_id=guessed))
        if rows:
            self._write(rows)

    # -- reports ---------------------------------------------------------------------------------
    def feedback(self, kb_id: str | None = None) -> list[Feedback]:
        query = select(Feedback).order_by(Feedback.id)
        if kb_id:
            query = query.where(Feedback.kb_id == kb_id)
        return [row[0] for row in self._read(query)]

    def feedback_counts(self) -> dict[str, dict[str, int]]:
        """{kb_id: {"up": n, "down": n}}"""
        counts: dict[str, dict[str, int]] = {}
        query = select(Feedback.kb_id, Feedback.rating, func.count()).group_by(Feedback.kb_id, Feedback.rating)
        for kb_id, rating, n in self._read(query):
            counts.setdefault(kb_id, {"up": 0, "down": 0})[rating] = n
        return counts

    def unanswered(self, since: dt.datetime | None = None) -> list[Unanswered]:
        query = select(Unanswered).order_by(Unanswered.created_at)
        if since:
            query = query.where(Unanswered.created_at >= since)
        return [row[0] for row in self._read(query)]

    def usage(self, days: int = 30) -> dict[str, list[tuple]]:
        """Conversations and answers per day, per language and per topic over the last ``days``."""
        since = utcnow() - dt.timedelta(days=days)
        day = func.date(AnswerEvent.created_at)
        recent = AnswerEvent.created_at >= since
        per_day = self._read(
            select(day, func.count(func.distinct(AnswerEvent.session_hash)), func.count())
            .where(recent).group_by(day).order_by(day)
        )
        per_language = self._read(
            select(AnswerEvent.language, func.count(func.distinct(AnswerEvent.session_hash)), func.count())
            .where(recent).group_by(AnswerEvent.language).order_by(AnswerEvent.language)
        )
        per_topic = self._read(
            select(AnswerEvent.kb_id, func.count()).where(recent, AnswerEvent.kb_id.is_not(None))
            .group_by(AnswerEvent.kb_id).order_by(func.count().desc(), AnswerEvent.kb_id)
        )
        return {"per_day": [tuple(r) for r in per_day], "per_language": [tuple(r) for r in per_language],
                "per_topic": [tuple(r) for r in per_topic]}

    # -- retention -------------------------------------------------------------------------------
    def purge(self, days: int, *, now: dt.datetime | None = None) -> dict[str, int]:
        """Delete analytics rows older than ``days``; returns the number deleted per table."""
        cutoff = (now or utcnow()) - dt.timedelta(days=days)
        deleted = {}
        try:
            with self._session.begin() as session:
                for table in TABLES:
                    result = session.execute(delete(table).where(table.created_at < cutoff))
                    deleted[table.__tablename__] = result.rowcount or 0
        except SQLAlchemyError as exc:
            raise AnalyticsError(str(exc)) from exc
        return deleted


def purge_tracker_store(url: str, days: int, *, now: dt.datetime | None = None) -> int:
    """Delete Rasa tracker-store events older than ``days`` (Rasa's SQL tracker store: table events)."""
    cutoff = ((now or utcnow()) - dt.timedelta(days=days)).replace(tzinfo=dt.timezone.utc).timestamp()
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if not engine.dialect.has_table(conn, "events"):
                return 0
            return conn.execute(text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff}).rowcount or 0
    except SQLAlchemyError as exc:
        raise AnalyticsError(str(exc)) from exc
    finally:
        engine.dispose()
