"""Talks to the Rasa server over its REST channel and normalises replies to the chat contract."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import OrderedDict
from typing import Any, Generic, TypeVar

import httpx

from bot.lang import DEFAULT_LANGUAGE, LANGUAGES, normalise_language

logger = logging.getLogger(__name__)

KINDS = {"answer", "clarify", "fallback", "out_of_scope", "smalltalk", "form", "handoff", "error"}


K = TypeVar("K")
V = TypeVar("V")


class RasaUnavailableError(Exception):
    """The Rasa server could not be reached or did not answer properly."""


class LruMap(Generic[K, V]):
    """A bounded in-memory map, least recently set dropped first (lost on restart, which is harmless)."""

    def __init__(self, max_items: int = 20_000) -> None:
        self._data: OrderedDict[K, V] = OrderedDict()
        self._max = max_items

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def set(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._max:
            self._data.popitem(last=False)




def _normalise(item: dict[str, Any], fallback_lang: str) -> dict[str, Any] | None:
    custom = item.get("custom")
    if isinstance(custom, dict) and "data" in custom and isinstance(custom["data"], dict):
        custom = custom["data"]
    if isinstance(custom, dict) and custom.get("text"):
        lang = normalise_language(custom.get("lang")) or fallback_lang
        kind = custom.get("kind") if custom.get("kind") in KINDS else "smalltalk"
        return {
            "text": str(custom["text"]),
            "kind": kind,
            "kb_id": custom.get("kb_id"),
            "lang": lang,
            "buttons": [b for b in custom.get("buttons") or [] if isinstance(b, dict) and "title" in b and "payload" in b],
            "sources": [s for s in custom.get("sources") or [] if isinstance(s, dict) and "title" in s and "url" in s],
            "reviewed": custom.get("reviewed"),
            # For analytics only (the chat API's response model leaves it out).
            "confidence": custom["confidence"] if isinstance(custom.get("confidence"), int | float) else None,
        }
    if item.get("text"):
        return {
            "text": str(item["text"]),
            "kind": "smalltalk",
            "kb_id": None,
            "lang": fallback_lang,
            "buttons": [b for b in item.get("buttons") or [] if "title" in b and "payload" in b],
            "sources": [],
            "reviewed": None,
        }
    return None


def with_language(text: str, lang: str | None) -> str:
    """A button payload ("/ask_x") skips NLU, so it carries the conversation's language itself."""
    stripped = text.strip()
    if not lang or not re.fullmatch(r"/[A-Za-z0-9_]+(\{.*\})?", stripped, flags=re.S):
        return text
    name, brace, rest = stripped.partition("{")
    try:
        entities = json.loads(brace + rest) if brace else {}
    except ValueError:
        return text
    if not isinstance(entities, dict):
        return text
    entities.setdefault("language", lang)
    return f"{name}{json.dumps(entities, ensure_ascii=False)}"


def worker_for(session_id: str, workers: int) -> int:
    """The Rasa worker of a session: a stable hash, so a conversation always stays on one process
    (its tracker and lock live there) while sessions spread evenly over the workers."""
    return int.from_bytes(hashlib.blake2b(session_id.encode(), digest_size=4).digest(), "big") % workers


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, *, base_url: str | list[str], token: str = "") -> None:
        self.http = http
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.base_urls = [u.rstrip("/") for u in urls]
        self.base_url = self.base_urls[0]
        self.token = token
        self.languages: LruMap[str, str] = LruMap()
        # (session, topic) -> the question that topic answered: a thumbs-down report shows it.
        self.questions: LruMap[tuple[str, str], str] = LruMap()

    async def chat(self, session_id: str, text: str, hint: str | None, topic: str | None = None) -> tuple[str, list[dict]]:
        """Send one user message; returns (reply language, messages).

        ``topic`` is the host page's topic hint (a knowledge topic id): a follow-up such as "how
        long does it take?" asked on a Blue Card page is answered for the Blue Card.
        """
        session_lang = self.languages.get(session_id)
        metadata = {"language_hint": hint, "session_language": session_lang, "topic_hint": topic}
        text = with_language(text, session_lang or hint)
        try:
            worker = self.base_urls[worker_for(session_id, len(self.base_urls))]
            response = await self.http.post(
                f"{worker}/webhooks/rest/webhook",
                json={"sender": session_id, "message": text, "metadata": metadata},
            )
            response.raise_for_status()
            items = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("Rasa unavailable: %s", exc.__class__.__name__)
            raise RasaUnavailableError(str(exc)) from exc
        fallback_lang = session_lang or hint or DEFAULT_LANGUAGE
        messages = [m for m in (_normalise(i, fallback_lang) for i in items if isinstance(i, dict)) if m]
        language = messages[-1]["lang"] if messages else fallback_lang
        if language in LANGUAGES:
            self.languages.set(session_id, language)
        return language, messages

    async def status(self) -> dict[str, Any]:
        """Status of every worker; raises if any is down (the first worker's report is returned)."""
        reports = []
        for url in self.base_urls:
            response = await self.http.get(f"{url}/status", params={"token": self.token}, timeout=3)
            response.raise_for_status()
            reports.append(response.json())
        return {**reports[0], "workers": len(reports)}
