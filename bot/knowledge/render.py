"""Render knowledge for users: figures per locale, sources, review date and guidance note.

Shared by the custom actions, the web app's preview and ``kokka kb show``, so every channel
shows an answer the same way. Locale formatting is Babel's (CLDR data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from bot.knowledge.models import Fact, Topic

__all__ = [
    "PLACEHOLDER",
    "answer_message",
    "substitute",
    "RenderedAnswer",
    "format_date_local",
    "format_fact",
    "render_answer",
    "render_text",
    "UI_TEXT",
]

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\s*\}\}")

UI_TEXT: dict[str, dict[str, str]] = {
    "guidance": {
        "fi": "Tämä on yleistä tietoa, ei viranomaisen päätös.",
        "sv": "Det här är allmän information, inte ett myndighetsbeslut.",
        "en": "This is general guidance, not an official decision.",
    },
    "reviewed": {"fi": "Tarkistettu {date}", "sv": "Granskad {date}", "en": "Reviewed {date}"},
    "sources": {"fi": "Lähteet", "sv": "Källor", "en": "Sources"},
}


@lru_cache(maxsize=8)
def _currency_pattern(lang: str, whole: bool) -> str:
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    return pattern.replace(".00", "") if whole else pattern


def format_date_local(value: dt.date, lang: str) -> str:
    """A date as people write it: 1.1.2026 (fi), 1 jan. 2026 (sv), Jan 1, 2026 (en)."""
    return format_date(value, "medium", locale=lang)


def format_fact(fact: Fact, lang: str, attribute: str | None = None) -> str:
    """A fact's value (or ``attribute`` "year") formatted for ``lang``."""
    if attribute == "year":
        return str(fact.applies_year)
    value = fact.value
    if fact.format == "date":
        assert isinstance(value, dt.date)
        return format_date_local(value, lang)
    assert not isinstance(value, dt.date)
    if fact.format == "eur":
        whole = float(value).is_integer()
        return format_currency(
            value, "EUR", format=_currency_pattern(lang, whole), locale=lang, currency_digits=False
        )
    if fact.format == "percent":
        return format_percent(Decimal(str(value)) / 100, locale=lang, decimal_quantization=False)
    return format_decimal(value, locale=lang)


def substitute(text: str, facts: Mapping[str, Fact], lang: str) -> str:
    """Replace every ``{{fact}}`` / ``{{fact.year}}``; unknown ones stay visible (validation reports them)."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        fact_id, _, attribute = name.partition(".")
        fact = facts.get(fact_id)
        if fact is None:
            return match.group(0)
        return format_fact(fact, lang, attribute or None)

    return PLACEHOLDER.sub(repl, text)


@dataclass(frozen=True)
class RenderedAnswer:
    topic_id: str
    lang: str
    title: str
    text: str  # the answer with figures filled in, followed by the guidance note
    sources: list[dict[str, str]]
    reviewed: str  # ISO date
    reviewed_label: str  # e.g. "Tarkistettu 28.11.2026"
    related: list[tuple[str, str]] = field(default_factory=list)  # (topic id, title)


def render_answer(
    topic: Topic, lang: str, facts: Mapping[str, Fact], topics: Mapping[str, Topic]
) -> RenderedAnswer:
    content = topic.content(lang)
    body = substitute(content.answer.strip(), facts, lang)
    guidance = UI_TEXT["guidance"][lang]
    related = [(rid, topics[rid].content(lang).title) for rid in topic.related if rid in topics]
    return RenderedAnswer(
        topic_id=topic.id,
        lang=lang,
        title=content.title,
        text=f"{body}\n\n_{guidance}_",
        sources=[{"title": s.title, "url": s.url} for s in topic.sources],
        reviewed=topic.reviewed.isoformat(),
        reviewed_label=UI_TEXT["reviewed"][lang].format(date=format_date_local(topic.reviewed, lang)),
        related=related,
    )


def render_text(answer: RenderedAnswer) -> str:
    """The whole answer as plain text (for the terminal and downloads)."""
    lines = [answer.title, "", answer.text, "", f"{UI_TEXT['sources'][answer.lang]}:"]
    lines += [f"- {s['title']}: {s['url']}" for s in answer.sources]
    lines += [answer.reviewed_label]
    return "\n".join(lines)


def answer_message(answer: RenderedAnswer, *, kind: str = "answer") -> dict:
    """The chat message for a knowledge answer (the chat API's message shape)."""
    return {
        "kind": kind,
        "kb_id": answer.topic_id,
        "lang": answer.lang,
        "text": answer.text,
        "title": answer.title,
        "buttons": [{"title": title, "payload": f"/ask_{rid}"} for rid, title in answer.related],
        "sources": answer.sources,
        "reviewed": answer.reviewed,
    }
