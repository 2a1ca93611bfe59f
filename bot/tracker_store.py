"""One tracker-store setting for every backend: KOKKA_TRACKER_STORE_URL picks Rasa's SQL store
(sqlite:///..., postgresql://...) or its Redis store (redis://host:port/db), so deployments
switch by URL without editing endpoints.yml."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore

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
        return SQLTrackerStore(domain=domain, host=host, event_broker=event_broker, **kwargs)
