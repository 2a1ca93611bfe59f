"""Actions that answer from the knowledge base (thin adapters over bot.knowledge)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import KnowledgeError, KnowledgeStore
from bot.knowledge.nlu_build import topic_for_intent
from bot.knowledge.render import answer_message
from bot.lang import DEFAULT_LANGUAGE, normalise_language
from bot.replies import cannot_answer, suggestions
from bot.settings import get_settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def default_store() -> KnowledgeStore:
    return KnowledgeStore(get_settings().knowledge_dir)


def current_language(tracker: Tracker) -> str:
    return normalise_language(tracker.get_slot("language")) or DEFAULT_LANGUAGE


class ActionAnswerTopic(Action):
    """Answer an ``ask_<topic_id>`` intent with the topic's rendered answer."""

    def __init__(self, store: KnowledgeStore | None = None) -> None:
        self._store = store

    def name(self) -> str:
        return "action_answer_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        store = self._store or default_store()
        lang = current_language(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic_id = topic_for_intent(intent)
        try:
            answer = store.get(topic_id or "", lang)
        except KnowledgeError:
            logger.exception("Cannot answer intent %s", intent)
            dispatcher.utter_message(json_message=cannot_answer(lang))
            return []
        logger.info("Answered topic %s in %s", topic_id, lang)
        dispatcher.utter_message(json_message=answer_message(answer))
        return [SlotSet("topic_id", topic_id)]


class ActionAnswerFallback(Action):
    """The classifier was unsure: offer the best matching topics, or say honestly we don't know."""

    def __init__(self, store: KnowledgeStore | None = None) -> None:
        self._store = store

    def name(self) -> str:
        return "action_answer_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        store = self._store or default_store()
        lang = current_language(tracker)
        text = tracker.latest_message.get("text") or ""
        try:
            message = suggestions(store, text, lang)
        except KnowledgeError:
            logger.exception("Knowledge search failed")
            message = cannot_answer(lang)
        logger.info("Fallback in %s with %d suggestion(s)", lang, len(message.get("buttons", [])))
        dispatcher.utter_message(json_message=message)
        return []
