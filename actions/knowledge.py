"""Actions that answer from the knowledge base (thin adapters over bot.knowledge and bot.replies)."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import KnowledgeError, KnowledgeStore
from bot.knowledge.nlu_build import topic_for_intent
from bot.knowledge.render import answer_message
from bot.knowledge.store import shared_store
from bot.lang import DEFAULT_LANGUAGE, normalise_language
from bot.replies import (
    cannot_answer,
    clarify,
    followup,
    human_help,
    offer_permit_finder,
    suggestions,
    vague_subject,
)
from bot.settings import get_settings

logger = logging.getLogger(__name__)
FAILURES_BEFORE_HUMAN_HELP = 2
HUMAN_HELP_TOPIC = "contacts_and_human_help"


def default_store() -> KnowledgeStore:
    return shared_store(str(get_settings().knowledge_dir))


def warm_up() -> None:
    """Load the knowledge base when the action server starts (not on the first question), so
    that an invalid edit made later always has a good version to fall back on."""
    try:
        default_store().reload()
    except KnowledgeError:
        logger.exception("The knowledge base has errors; answers fail until they are fixed")


def end_of_turn(tracker: Tracker) -> list:
    """Tell Rasa that the turn ends here, so that it skips a second policy prediction (whose
    answer, listen, is known). Not while a form is active: after answering a question asked in
    the middle of the permit finder, the rules return to the form."""
    return [] if tracker.active_loop_name else [FollowupAction("action_listen")]


def current_language(tracker: Tracker) -> str:
    return normalise_language(tracker.get_slot("language")) or DEFAULT_LANGUAGE


class KnowledgeAction(Action, ABC):
    """Base: takes an optional store (tests pass a fake one); the action server passes nothing."""

    def __init__(self, store: KnowledgeStore | None = None) -> None:
        self._store = store

    @property
    def store(self) -> KnowledgeStore:
        return self._store or default_store()

    @abstractmethod
    def name(self) -> str:
        """Every concrete action names itself."""

    @abstractmethod
    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        """Send the reply; returns the events for the conversation."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        return [*await self.respond(dispatcher, tracker, domain), *end_of_turn(tracker)]

    def group_of(self, topic_id: str | None) -> str | None:
        topic = self.store.kb.topics.get(topic_id or "")
        return topic.group if topic else None


class ActionAnswerTopic(KnowledgeAction):
    """Answer an ``ask_<topic_id>`` intent; a short follow-up is answered for the previous permit."""

    def name(self) -> str:
        return "action_answer_topic"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = current_language(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic_id = topic_for_intent(intent) or ""
        # "Paljonko sinisen kortin hakeminen maksaa?": a permit named in the message (spaCy entity)
        # takes the place of the previous answer's topic.
        named = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                      if e.get("entity") == "permit_type" and e.get("value") != topic_id), None)
        # The host page's topic (widget data-topic) stands in when nothing was answered yet.
        page_topic = (tracker.latest_message.get("metadata") or {}).get("topic_hint")
        previous = named or tracker.get_slot("topic_id") or (page_topic if page_topic in self.store.kb.topics else None)
        try:
            message = followup(self.store, previous=previous, classified=topic_id,
                               text=tracker.latest_message.get("text") or "", lang=lang)
            if message is None and topic_id == HUMAN_HELP_TOPIC and self.group_of(previous):
                # "Can I talk to someone?" in the middle of a topic: the contact for that topic.
                message = {**human_help(self.store, group=self.group_of(previous), lang=lang), "kb_id": HUMAN_HELP_TOPIC}
            if message is None:
                message = answer_message(self.store.get(topic_id, lang))
        except KnowledgeError:
            logger.exception("Cannot answer intent %s", intent)
            dispatcher.utter_message(json_message=cannot_answer(lang))
            return []
        logger.info("Answered %s in %s (intent %s)", message["kb_id"], lang, intent)
        confidence = (tracker.latest_message.get("intent") or {}).get("confidence")
        if isinstance(confidence, int | float):
            message["confidence"] = round(float(confidence), 4)  # recorded by analytics, not shown
        dispatcher.utter_message(json_message=message)
        return [SlotSet("topic_id", message["kb_id"]), SlotSet("fallback_count", 0)]


class ActionAnswerFallback(KnowledgeAction):
    """The classifier was unsure: offer matching topics; after repeated failures, a person to ask."""

    def name(self) -> str:
        return "action_answer_fallback"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = current_language(tracker)
        failures = int(tracker.get_slot("fallback_count") or 0) + 1
        text = tracker.latest_message.get("text") or ""
        try:
            if (tracker.latest_message.get("intent") or {}).get("name") == "inform":
                # An answer to a question nobody asked (no form active): no failure to count.
                dispatcher.utter_message(json_message=offer_permit_finder(lang))
                return []
            subject = vague_subject(text)
            if subject:
                dispatcher.utter_message(json_message=clarify(self.store, subject, lang))
                return [SlotSet("fallback_count", 0)]
            message = suggestions(self.store, text, lang)
            dispatcher.utter_message(json_message=message)
            if failures >= FAILURES_BEFORE_HUMAN_HELP:
                group = self.group_of(tracker.get_slot("topic_id"))
                dispatcher.utter_message(json_message=human_help(self.store, group=group, lang=lang, after_failures=True))
                failures = 0
        except KnowledgeError:
            logger.exception("Knowledge search failed")
            dispatcher.utter_message(json_message=cannot_answer(lang))
        logger.info("Fallback in %s (failure %d)", lang, failures)
        return [SlotSet("fallback_count", failures)]


class ActionClarifyTopic(KnowledgeAction):
    """A vague message ("lupa?", "permit?"): ask which one, with the likely options as buttons."""

    def name(self) -> str:
        return "action_clarify_topic"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = current_language(tracker)
        try:
            dispatcher.utter_message(json_message=clarify(self.store, "permit", lang))
        except KnowledgeError:
            logger.exception("Cannot build the clarification")
            dispatcher.utter_message(json_message=cannot_answer(lang))
        return []


class ActionOfferHumanHelp(KnowledgeAction):
    """The right contact for the question at hand (by the group of the last topic)."""

    def name(self) -> str:
        return "action_offer_human_help"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = current_language(tracker)
        try:
            group = self.group_of(tracker.get_slot("topic_id"))
            dispatcher.utter_message(json_message=human_help(self.store, group=group, lang=lang))
        except KnowledgeError:
            logger.exception("Cannot build the human-help reply")
            dispatcher.utter_message(json_message=cannot_answer(lang))
        return [SlotSet("fallback_count", 0)]
