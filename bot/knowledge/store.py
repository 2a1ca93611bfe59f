"""A knowledge store that serves the last valid version and reloads when files change."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from functools import lru_cache
from pathlib import Path

from bot.knowledge.errors import KnowledgeValidationError, TopicNotFoundError
from bot.knowledge.loader import KnowledgeBase, knowledge_files, load_knowledge
from bot.knowledge.models import Topic
from bot.knowledge.render import RenderedAnswer, render_answer

__all__ = ["KnowledgeStore", "shared_store"]

logger = logging.getLogger(__name__)


class KnowledgeStore:
    """Serves topics from ``root``; checks file modification times at most every ``check_interval`` s.

    An edit that fails validation is not loaded: the previous version keeps serving and the
    problems are kept in :attr:`last_error` (and logged).
    """

    def __init__(self, root: Path | str, *, check_interval: float = 0.5) -> None:
        self.root = Path(root)
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._kb: KnowledgeBase | None = None
        self._signature: tuple = ()
        self._checked_at = 0.0
        self.loaded_at: dt.datetime | None = None
        self.last_error: KnowledgeValidationError | None = None

    # -- loading -----------------------------------------------------------------------------
    def _current_signature(self) -> tuple:
        files = knowledge_files(self.root) if self.root.is_dir() else []
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)

    def reload(self, *, force: bool = False) -> bool:
        """Reload if files changed (or ``force``); True when a new version was loaded."""
        with self._lock:
            signature = self._current_signature()
            self._checked_at = time.monotonic()
            if not force and signature == self._signature and self._kb is not None:
                return False
            self._signature = signature
            kb = load_knowledge(self.root)
            if kb.errors:
                self.last_error = KnowledgeValidationError(kb.problems)
                if self._kb is None:
                    raise self.last_error
                logger.error("Knowledge edit not loaded, keeping version %s: %s", self._kb.content_hash, self.last_error)
                return False
            self._kb = kb
            self.last_error = None
            self.loaded_at = dt.datetime.now(dt.timezone.utc)
            logger.info("Knowledge base %s loaded: %d topics, %d facts", kb.content_hash, len(kb.topics), len(kb.facts))
            return True

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None or time.monotonic() - self._checked_at >= self.check_interval:
            self.reload()
        assert self._kb is not None
        return self._kb

    # -- queries -----------------------------------------------------------------------------
    def topic(self, topic_id: str) -> Topic:
        try:
            return self.kb.topics[topic_id]
        except KeyError:
            raise TopicNotFoundError(topic_id) from None

    def get(self, topic_id: str, lang: str) -> RenderedAnswer:
        """The answer to ``topic_id`` in ``lang``, rendered as users see it."""
        kb = self.kb
        return render_answer(self.topic(topic_id), lang, kb.facts, kb.topics)

    def titles(self, lang: str) -> dict[str, str]:
        return {tid: t.content(lang).title for tid, t in self.kb.topics.items()}


@lru_cache(maxsize=8)
def shared_store(root: str) -> KnowledgeStore:
    """One store per knowledge folder and process: the NLU's knowledge search and the actions in a
    Rasa process read the same loaded version, and an edit is loaded once, not once for each."""
    return KnowledgeStore(root)
