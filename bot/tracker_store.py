"""One tracker-store setting for every backend: KOKKA_TRACKER_STORE_URL picks an SQL store
(sqlite:///..., postgresql://...) or Rasa's Redis store (redis://host:port/db), so deployments
switch by URL without editing endpoints.yml.

The SQL store keeps the latest session's events of recently active conversations in memory as
well (``CachedSQLTrackerStore``): a turn then reads no rows and skips Rasa's per-save count
query, while every event is still written to the database before the reply is sent.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import unquote, urlparse

import sqlalchemy as sa
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.sqlite import is_sqlite_file, tune

REDIS_SCHEMES = {"redis", "rediss"}


class UrlTrackerStore:
    """``type: bot.tracker_store.UrlTrackerStore`` in endpoints.yml; Rasa passes the url as ``host``."""

    def __new__(cls, host: str = "", domain: Any = None, event_broker: Any = None, **kwargs: Any) -> TrackerStore:
        parsed = urlparse(host or "")
        if parsed.scheme in REDIS_SCHEMES:
            return RedisTrackerStore(
                domain=domain, host=parsed.hostname or "localhost", port=parsed.port or 6379,
                db=int((parsed.path or "/0").lstrip("/") or 0),
                password=unquote(parsed.password) if parsed.password else None,
                use_ssl=parsed.scheme == "rediss", event_broker=event_broker, key_prefix="kokka", **kwargs,
            )
        return CachedSQLTrackerStore(domain=domain, host=host, event_broker=event_broker, **kwargs)


class CachedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store with the recent conversations' latest sessions also in memory.

    Safe because the web app routes each conversation to one Rasa process (``worker_for``), so
    no other process writes its events while it is cached. Entries expire after ``cache_ttl``
    seconds without a turn (well before the retention purge can delete their rows) and the
    least recently used go first beyond ``cache_size`` conversations. The cache holds the events'
    JSON text, exactly what the database holds, so a tracker built from it equals one read back.
    """

    def __init__(self, *args: Any, cache_size: int = 2000, cache_ttl: float = 1800.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_sqlite_file(self.engine):
            self._use_sqlite_file_engine()
        self.cache_size = cache_size
        self.cache_ttl = cache_ttl
        # sender id -> (last use, JSON of the latest session's events in order)
        self._recent: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()

    def _use_sqlite_file_engine(self) -> None:
        """Keep the SQLite connection open between turns (SQLAlchemy 1.4 opens one per session for
        a file) and use the shared SQLite settings (bot/sqlite.py: WAL, synchronous=NORMAL)."""
        engine = tune(sa.create_engine(
            self.engine.url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4,
            connect_args={"check_same_thread": False},
        ))
        self.engine.dispose()
        self.engine = engine
        self.sessionmaker = sa.orm.session.sessionmaker(bind=engine)

    # -- cache -------------------------------------------------------------------------------
    def _cached(self, sender_id: str) -> list[str] | None:
        entry = self._recent.get(sender_id)
        if entry is None:
            return None
        used, events = entry
        if time.monotonic() - used > self.cache_ttl:
            del self._recent[sender_id]
            return None
        return events

    def _remember(self, sender_id: str, events: list[str]) -> None:
        self._recent[sender_id] = (time.monotonic(), events)
        self._recent.move_to_end(sender_id)
        while len(self._recent) > self.cache_size:
            self._recent.popitem(last=False)

    def _tracker(self, sender_id: str, events: list[str]) -> DialogueStateTracker | None:
        if not (self.domain and events):
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(e) for e in events], self.domain.slots)

    # -- TrackerStore ------------------------------------------------------------------------
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        events = self._cached(sender_id)
        if events is None:
            with self.session_scope() as session:
                rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
                events = [row.data for row in rows]
            if events:
                self._remember(sender_id, events)
        return self._tracker(sender_id, events)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events, as Rasa's SQL store does, and update the cache."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        cached = self._cached(sender_id)
        with self.session_scope() as session:
            if cached is None:  # not seen by this process yet: count what the database holds
                stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
            else:
                stored = len(cached)
            all_events = list(tracker.events)
            new_json = []
            for event in all_events[stored:]:
                data = event.as_dict()
                text = json.dumps(data)
                new_json.append(text)
                session.add(self.SQLEvent(
                    sender_id=sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"), data=text,
                ))
            session.commit()
        if cached is not None and not any(isinstance(e, SessionStarted) for e in all_events[stored:]):
            self._remember(sender_id, cached + new_json)
            return
        # A new session (or an unknown conversation): keep what a read from the database would give,
        # the events stamped at or after the latest session start.
        starts = [e.timestamp for e in all_events if isinstance(e, SessionStarted)]
        start = starts[-1] if starts else None
        if cached is not None and len(cached) + len(new_json) == len(all_events):
            texts = cached + new_json
        else:
            texts = [json.dumps(e.as_dict()) for e in all_events]
        self._remember(sender_id, [t for e, t in zip(all_events, texts, strict=True)
                                   if start is None or (e.timestamp is not None and e.timestamp >= start)])
