import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import ActionAnswerFallback, ActionAnswerTopic
from bot.knowledge import KnowledgeStore
from tests.helpers import VALID_KB


def make_tracker(*, intent=None, text="", slots=None):
    return Tracker.from_dict(
        {
            "sender_id": "t",
            "slots": {"language": None, "topic_id": None, **(slots or {})},
            "latest_message": {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        }
    )


@pytest.fixture(scope="module")
def store():
    return KnowledgeStore(VALID_KB)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_answer_topic_in_the_slot_language(store, lang):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="ask_fast_track", slots={"language": lang})
    events = asyncio.run(ActionAnswerTopic(store).run(dispatcher, tracker, {}))
    assert events == [SlotSet("topic_id", "fast_track")]
    (message,) = dispatcher.messages
    payload = message["custom"]
    assert payload["kind"] == "answer" and payload["kb_id"] == "fast_track" and payload["lang"] == lang
    assert payload["title"] == f"fast_track {lang} title"
    assert [b["payload"] for b in payload["buttons"]] == ["/ask_specialist_permit", "/ask_eu_blue_card"]


def test_unknown_topic_gets_a_polite_reply_not_a_crash(store):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic(store).run(dispatcher, make_tracker(intent="ask_nothing"), {}))
    assert events == []
    assert dispatcher.messages[0]["custom"]["kind"] == "fallback"
    assert dispatcher.messages[0]["custom"]["lang"] == "en"


def test_fallback_offers_matching_topics(store):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text="fast_track fi title", slots={"language": "fi"})
    asyncio.run(ActionAnswerFallback(store).run(dispatcher, tracker, {}))
    payload = dispatcher.messages[0]["custom"]
    assert payload["kind"] == "fallback" and payload["buttons"][0]["payload"] == "/ask_fast_track"


def test_fallback_without_match_says_it_does_not_know(store):
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerFallback(store).run(dispatcher, make_tracker(text="zebra crossing", slots={"language": "sv"}), {}))
    payload = dispatcher.messages[0]["custom"]
    assert payload["buttons"] == [] and payload["text"].startswith("Tyvärr")
