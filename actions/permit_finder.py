"""The permit finder form: validation of free-text answers and the recommendation."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import current_language, default_store
from bot.knowledge import KnowledgeError, KnowledgeStore
from bot.permits.dialogue import (
    FORM_SLOTS,
    answers_from_slots,
    change_choice_message,
    given_answers,
    parse_answer,
    question_message,
    recommendation_message,
    retry_message,
    slot_named,
    value_from_entities,
)
from bot.permits.rules import next_question
from bot.replies import cannot_answer

logger = logging.getLogger(__name__)


class ValidatePermitFinderForm(FormValidationAction):
    """Ask only what is still needed, and understand answers typed in any of the three languages."""

    def name(self) -> str:
        return "validate_permit_finder_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        missing = next_question(answers_from_slots(tracker.current_slot_values()))
        return [missing] if missing else []

    def _validate(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        # The message's entities (spaCy, bot/entities.py) first, then the plain-text parsers.
        entities = tracker.latest_message.get("entities") or []
        parsed = value_from_entities(slot, entities) if tracker.get_slot("requested_slot") == slot else None
        if parsed is None:
            parsed = parse_answer(slot, value)
        if parsed is None:
            dispatcher.utter_message(json_message=retry_message(slot, current_language(tracker)))
        return {slot: parsed}

    def validate_citizenship(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._validate("citizenship", value, dispatcher, tracker)

    def validate_work_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._validate("work_kind", value, dispatcher, tracker)

    def validate_salary(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._validate("salary", value, dispatcher, tracker)

    def validate_degree(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._validate("degree", value, dispatcher, tracker)

    def validate_experience_years(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._validate("experience_years", value, dispatcher, tracker)

    def validate_contract_months(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return self._validate("contract_months", value, dispatcher, tracker)


class ActionRecommendPermit(Action):
    """The likely permit(s) with reasons, figures and years, and next steps as buttons."""

    def __init__(self, store: KnowledgeStore | None = None) -> None:
        self._store = store

    def name(self) -> str:
        return "action_recommend_permit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = current_language(tracker)
        store = self._store or default_store()
        slots = tracker.current_slot_values()
        try:
            message = recommendation_message(store, answers_from_slots(slots), lang, slots)
        except KnowledgeError:
            logger.exception("Cannot recommend a permit")
            message = cannot_answer(lang)
        dispatcher.utter_message(json_message=message)
        logger.info("Permit finder recommended %s", message.get("kb_id"))
        # The answers are kept aside so that one of them can be changed afterwards.
        snapshot = given_answers(slots)
        return ([SlotSet(slot, None) for slot in FORM_SLOTS]
                + [SlotSet("permit_answers", snapshot), SlotSet("topic_id", message.get("kb_id"))])


class ActionChangeAnswer(Action):
    """ "Change the salary" / "muuta palkkaa": forget that answer and ask it again.

    After a recommendation the earlier answers come back from ``permit_answers``, so only the
    changed question is asked before a new recommendation. When the message does not say which
    answer, the user picks one from buttons.
    """

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = current_language(tracker)
        current = given_answers(tracker.current_slot_values())
        answers = current or dict(tracker.get_slot("permit_answers") or {})
        wanted = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                       if e.get("entity") == "form_slot"), None)
        slot = wanted if wanted in FORM_SLOTS else slot_named(tracker.latest_message.get("text") or "")
        if slot is None or slot not in answers:
            dispatcher.utter_message(json_message=change_choice_message(answers, lang))
            return [SlotSet(name, answers.get(name)) for name in FORM_SLOTS]
        events = [SlotSet(name, None if name == slot else answers.get(name)) for name in FORM_SLOTS]
        logger.info("Permit finder: changing %s", slot)
        if tracker.active_loop.get("name") == "permit_finder_form":
            return events + [SlotSet("requested_slot", None)]
        return events + [FollowupAction("permit_finder_form")]


class ActionResetPermitFinder(Action):
    """Forget the permit finder's answers (after "stop")."""

    def name(self) -> str:
        return "action_reset_permit_finder"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        return [SlotSet(slot, None) for slot in FORM_SLOTS] + [SlotSet("requested_slot", None),
                                                               SlotSet("permit_answers", None)]


class AskSlotAction(Action, ABC):
    """Asks one permit-finder question in the conversation's language (``action_ask_<slot>``)."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        dispatcher.utter_message(json_message=question_message(self.slot, current_language(tracker)))
        return []


class ActionAskCitizenship(AskSlotAction):
    slot = "citizenship"


class ActionAskWorkKind(AskSlotAction):
    slot = "work_kind"


class ActionAskSalary(AskSlotAction):
    slot = "salary"


class ActionAskDegree(AskSlotAction):
    slot = "degree"


class ActionAskExperienceYears(AskSlotAction):
    slot = "experience_years"


class ActionAskContractMonths(AskSlotAction):
    slot = "contract_months"
