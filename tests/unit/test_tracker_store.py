"""The SQL tracker store with an in-memory copy of recent conversations: what it returns must be
exactly what a plain read of the database returns, and every event must reach the database.
Each test runs on SQLite and on the local PostgreSQL (the production path)."""

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import CachedSQLTrackerStore
from tests.helpers import database_url

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  language:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
""")


def run(coro):
    return asyncio.run(coro)


@pytest.fixture()
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'trackers.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, sqlite_url):
    with database_url(request.param, sqlite_url) as database:
        yield database


def stores(url):
    cached = CachedSQLTrackerStore(domain=DOMAIN, host=url)
    plain = SQLTrackerStore(domain=DOMAIN, host=url)
    return cached, plain


def turn(tracker, text, t):
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=t))
    tracker.update(SlotSet("language", "fi", timestamp=t))
    tracker.update(ActionExecuted("utter_greet", timestamp=t))
    tracker.update(BotUttered(f"reply to {text}", timestamp=t))
    tracker.update(ActionExecuted("action_listen", timestamp=t))


def session_start(tracker, t):
    tracker.update(ActionExecuted("action_session_start", timestamp=t))
    tracker.update(SessionStarted(timestamp=t))
    tracker.update(ActionExecuted("action_listen", timestamp=t))


def started(sender, store, *, greeted=True):
    """A new conversation saved to ``store``: a session start and, with ``greeted``, one turn."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    session_start(tracker, 1.0)
    if greeted:
        turn(tracker, "hei", 2.0)
    run(store.save(tracker))
    return tracker


def dicts(tracker):
    return [e.as_dict() for e in tracker.events]


def test_turns_are_written_and_read_back_as_the_database_holds_them(url):
    cached, plain = stores(url)
    started("s1", cached)
    for i in range(3):  # each turn starts from the store's copy, like Rasa's processor
        tracker = run(cached.retrieve("s1"))
        turn(tracker, f"viesti {i}", 3.0 + i)
        run(cached.save(tracker))
    from_db = run(plain.retrieve("s1"))
    assert len(from_db.events) == 3 + 4 * 5
    assert dicts(run(cached.retrieve("s1"))) == dicts(from_db)
    assert from_db.get_slot("language") == "fi"
    # A new process (empty cache) reads the same from the database.
    assert dicts(run(CachedSQLTrackerStore(domain=DOMAIN, host=url).retrieve("s1"))) == dicts(from_db)


def test_a_new_session_keeps_only_its_own_events_like_a_database_read(url):
    cached, plain = stores(url)
    started("s2", cached)
    tracker = run(cached.retrieve("s2"))
    session_start(tracker, 100.0)  # the session expired: Rasa starts a new one on the same tracker
    turn(tracker, "taas", 101.0)
    run(cached.save(tracker))
    from_db = run(plain.retrieve("s2"))
    assert [e.timestamp for e in from_db.events] == [100.0] * 3 + [101.0] * 5
    assert dicts(run(cached.retrieve("s2"))) == dicts(from_db)
    # The next turn's save writes only its own events.
    tracker = run(cached.retrieve("s2"))
    turn(tracker, "kolmas", 102.0)
    run(cached.save(tracker))
    assert len(run(plain.retrieve_full_tracker("s2")).events) == 8 + 8 + 5


def test_a_cached_conversation_is_read_without_the_database_until_it_expires(url):
    cached, plain = stores(url)
    started("s3", cached)
    with plain.session_scope() as session:  # someone empties the table behind the cache's back
        session.query(plain.SQLEvent).delete()
        session.commit()
    assert len(run(cached.retrieve("s3")).events) == 8
    cached.cache_ttl = 0.0
    assert run(cached.retrieve("s3")) is None


def test_the_cache_is_bounded_and_unknown_conversations_are_none(url):
    cached, _ = stores(url)
    cached.cache_size = 2
    for sender in ("a", "b", "c"):
        started(sender, cached, greeted=False)
    assert list(cached._recent) == ["b", "c"]
    assert len(run(cached.retrieve("a")).events) == 3  # read back from the database
    assert run(cached.retrieve("nobody")) is None


def test_a_sqlite_file_is_written_in_wal_mode_and_stays_readable_by_others(sqlite_url, tmp_path):
    import sqlite3

    cached, _ = stores(sqlite_url)
    started("s5", cached, greeted=False)
    with cached.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    other = sqlite3.connect(tmp_path / "trackers.db")  # e.g. the retention purge in another process
    assert other.execute("SELECT count(*) FROM events WHERE sender_id = 's5'").fetchone() == (3,)
    other.close()
