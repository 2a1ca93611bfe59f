"""Replies built in code (not from a single knowledge entry): suggestions and honest "I don't know"."""

from __future__ import annotations

from bot.knowledge.search import search_topics
from bot.knowledge.store import KnowledgeStore

__all__ = ["cannot_answer", "suggestions", "TEXTS"]

TEXTS: dict[str, dict[str, str]] = {
    "suggest": {
        "fi": "En ole varma, mitä tarkoitit. Tarkoititko jotakin näistä?",
        "sv": "Jag är inte säker på vad du menar. Menade du något av de här?",
        "en": "I'm not sure what you mean. Did you mean one of these?",
    },
    "unknown": {
        "fi": (
            "En valitettavasti osaa vastata tähän. Kansainvälisestä rekrytoinnista saat maksutonta neuvontaa Work in Finlandin "
            "työnantajaneuvonnasta, ja oleskeluluvista tietoa Maahanmuuttovirastosta (migri.fi)."
        ),
        "sv": (
            "Tyvärr kan jag inte svara på det. Kostnadsfri rådgivning om internationell rekrytering får du av Work in "
            "Finlands arbetsgivarrådgivning, och om uppehållstillstånd av Migrationsverket (migri.fi)."
        ),
        "en": (
            "Sorry, I don't know the answer to that. Work in Finland's advice service for employers gives free advice on "
            "international recruitment, and the Finnish Immigration Service (migri.fi) on permits."
        ),
    },
}


def cannot_answer(lang: str) -> dict:
    return {"kind": "fallback", "kb_id": None, "lang": lang, "text": TEXTS["unknown"][lang], "buttons": []}


def suggestions(store: KnowledgeStore, text: str, lang: str) -> dict:
    """Up to three matching topics as buttons, or the honest "I don't know" reply."""
    kb = store.kb
    hits = search_topics(kb, text, lang, limit=3)
    if not hits:
        return cannot_answer(lang)
    buttons = [
        {"title": kb.topics[h.topic_id].content(lang).title, "payload": f"/ask_{h.topic_id}"}
        for h in hits
    ]
    return {"kind": "fallback", "kb_id": None, "lang": lang, "text": TEXTS["suggest"][lang], "buttons": buttons}
