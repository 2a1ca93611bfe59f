"""The analytics store on SQLite and on the local PostgreSQL (the production path)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.analytics import Analytics
from bot.analytics.migrate import current
from bot.analytics.report import group_unanswered
from bot.analytics.store import AnswerEvent, Feedback, Unanswered, purge_tracker_store, utcnow
from tests.helpers import database_url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    with database_url(request.param, f"sqlite:///{tmp_path / 'analytics.db'}") as url:
        yield url


@pytest.fixture
def analytics(db_url):
    store = Analytics(db_url, salt="test-salt")
    store.migrate()
    yield store
    store.engine.dispose()


def test_migrations_create_the_schema_and_are_idempotent(analytics):
    tables = set(inspect(analytics.engine).get_table_names())
    assert {"feedback", "answer_events", "unanswered", "alembic_version"} <= tables
    analytics.migrate()
    assert current(analytics.engine) == "0001"


def test_turns_are_recorded_with_masked_text_and_hashed_session(analytics):
    analytics.record_turn(session_id="sess-1", text="Soita 040 123 4567, mikä on sää?",
                          messages=[{"kind": "out_of_scope", "lang": "fi", "kb_id": None, "buttons": []}], first_turn=True)
    analytics.record_turn(session_id="sess-1", text="/ask_taxation",
                          messages=[{"kind": "answer", "lang": "fi", "kb_id": "taxation", "confidence": 0.93}], first_turn=False)
    (question,) = analytics.unanswered()
    assert question.text == "Soita [phone], mikä on sää?" and question.reason == "out_of_scope"
    assert question.session_hash == analytics.session_hash("sess-1") != "sess-1"
    usage = analytics.usage()
    assert usage["per_language"] == [("fi", 1, 2)] and usage["per_topic"] == [("taxation", 1)]


def test_button_payloads_are_not_unanswered_questions(analytics):
    analytics.record_turn(session_id="s", text="/nonsense", messages=[{"kind": "fallback", "lang": "en"}], first_turn=True)
    assert analytics.unanswered() == []


def test_purge_deletes_only_rows_older_than_the_retention(analytics):
    analytics.record_feedback(session_id="s", kb_id="eu_blue_card", language="fi", rating="down", comment="vanha")
    analytics.record_turn(session_id="s", text="sää?", messages=[{"kind": "out_of_scope", "lang": "fi"}], first_turn=True)
    old = utcnow() - dt.timedelta(days=200)
    with analytics.engine.begin() as conn:
        for table in (Feedback.__table__, AnswerEvent.__table__, Unanswered.__table__):
            conn.execute(table.update().values(created_at=old))
    analytics.record_feedback(session_id="s", kb_id="taxation", language="sv", rating="up", comment=None)
    deleted = analytics.purge(180)
    assert deleted == {"feedback": 1, "answer_events": 1, "unanswered": 2}
    assert [f.kb_id for f in analytics.feedback()] == ["taxation"]


def test_tracker_store_events_are_purged_too(db_url):
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), timestamp FLOAT)"))
        now = utcnow().replace(tzinfo=dt.timezone.utc).timestamp()
        conn.execute(text("INSERT INTO events (id, sender_id, timestamp) VALUES (1, 'a', :old), (2, 'b', :new)"),
                     {"old": now - 200 * 86400, "new": now - 3600})
    assert purge_tracker_store(db_url, 180) == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT sender_id FROM events")).scalars().all() == ["b"]
    engine.dispose()


def test_no_tracker_store_yet_is_not_an_error(tmp_path):
    assert purge_tracker_store(f"sqlite:///{tmp_path / 'none.db'}", 180) == 0


class Row:
    def __init__(self, text, language="fi", reason="fallback", guessed=None, minutes=0):
        self.text, self.language, self.reason, self.guessed_kb_id = text, language, reason, guessed
        self.created_at = dt.datetime(2026, 11, 28, 12, 0) + dt.timedelta(minutes=minutes)


def test_similar_questions_are_grouped_per_language_despite_inflection():
    groups = group_unanswered([
        Row("Kuinka kauan oleskeluluvan käsittely kestää?", guessed="processing_times"),
        Row("kauanko oleskeluluvan kasittely kestaa", minutes=5, guessed="processing_times"),
        Row("Hur länge tar behandlingen?", language="sv"),
        Row("Mikä on Suomen pääkaupunki?", reason="out_of_scope", minutes=9),
    ])
    top = groups[0]
    assert top.count == 2 and top.language == "fi" and top.guessed == "processing_times"
    assert top.first_seen < top.last_seen
    assert sorted(g.count for g in groups) == [1, 1, 2]


def test_a_sqlite_analytics_file_uses_wal(tmp_path):
    from bot.analytics.store import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
