"""Keyword search over the knowledge base, for suggestions when the classifier is unsure.

Robust to missing diacritics (text is folded) and to Finnish inflection (words are compared by
their first letters, so "oleskeluluvan" meets "oleskelulupa").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.loader import KnowledgeBase
from bot.lang import fold

__all__ = ["search_topics", "SearchHit"]

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STEM = 5
# Words that say nothing about the topic.
_STOP = {
    fold(w)
    for w in (
        "the and for with can how what when where which who does need from this that have are "
        "you your our his her their about into will should would could there is "
        "mitä miten mikä kuka missä milloin voiko voinko onko pitää tarvitsee tarvitaan minä "
        "meidän hänen kanssa jos kun että ovat olla tämä sitten mutta myös vain "
        "vad hur vem var när kan jag och att det den som för med har måste behöver till "
        "eller inte också bara om på"
    ).split()
}


def _stems(text: str) -> list[str]:
    words = [w for w in _WORD.findall(fold(text)) if w not in _STOP]
    return [w[:STEM] for w in words]


@dataclass(frozen=True)
class SearchHit:
    topic_id: str
    score: float


def _documents(kb: KnowledgeBase, lang: str) -> dict[str, Counter]:
    docs = {}
    for topic_id, topic in kb.topics.items():
        content = topic.content(lang)
        # Title and questions count more than the answer's running text.
        weighted: Iterable[str] = [content.title] * 3 + content.questions + [content.answer]
        docs[topic_id] = Counter(s for text in weighted for s in set(_stems(text)))
    return docs


_INDEX: dict[tuple[str, str, str], tuple[dict[str, Counter], Counter]] = {}


def _index(kb: KnowledgeBase, lang: str) -> tuple[dict[str, Counter], Counter]:
    """Documents and document frequencies, built once per knowledge-base version and language."""
    key = (str(kb.root), kb.content_hash, lang)
    if key not in _INDEX:
        if len(_INDEX) > 12:
            _INDEX.clear()
        docs = _documents(kb, lang)
        _INDEX[key] = (docs, Counter(s for doc in docs.values() for s in doc))
    return _INDEX[key]


def search_topics(kb: KnowledgeBase, text: str, lang: str, *, limit: int = 3, min_score: float = 1.0) -> list[SearchHit]:
    """Up to ``limit`` topics whose text shares the most informative words with ``text``."""
    query = set(_stems(text))
    if not query:
        return []
    docs, df = _index(kb, lang)
    n = len(docs)
    hits = []
    for topic_id, doc in docs.items():
        score = sum(
            math.log(1 + doc[s]) * math.log(1 + n / df[s]) for s in query if s in doc
        )
        if score >= min_score:
            hits.append(SearchHit(topic_id, round(score, 3)))
    hits.sort(key=lambda h: (-h.score, h.topic_id))
    return hits[:limit]
