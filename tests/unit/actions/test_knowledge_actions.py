import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import (
    ActionAnswerFallback,
    ActionAnswerTopic,
    ActionClarifyTopic,
    ActionOfferHumanHelp,
)
from bot.knowledge import KnowledgeStore
from tests.helpers import VALID_KB

LISTEN = FollowupAction("action_listen")


def make_tracker(*, intent=None, text="", slots=None, active_loop=None):
    return Tracker.from_dict(
        {
            "sender_id": "t",
            "slots": {"language": None, "topic_id": None, "fallback_count": 0, **(slots or {})},
            "latest_message": {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
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
    # The turn ends with the answer: Rasa need not ask its policies what comes next.
    assert events == [SlotSet("topic_id", "fast_track"), SlotSet("fallback_count", 0), LISTEN]
    (message,) = dispatcher.messages
    payload = message["custom"]
    assert payload["kind"] == "answer" and payload["kb_id"] == "fast_track" and payload["lang"] == lang
    assert payload["title"] == f"fast_track {lang} title"
    assert [b["payload"] for b in payload["buttons"]] == ["/ask_specialist_permit", "/ask_eu_blue_card"]


def test_unknown_topic_gets_a_polite_reply_not_a_crash(store):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic(store).run(dispatcher, make_tracker(intent="ask_nothing"), {}))
    assert events == [LISTEN]
    assert dispatcher.messages[0]["custom"]["kind"] == "fallback"
    assert dispatcher.messages[0]["custom"]["lang"] == "en"


@pytest.mark.parametrize("action", [ActionAnswerTopic, ActionAnswerFallback, ActionClarifyTopic, ActionOfferHumanHelp])
def test_inside_the_permit_finder_the_rules_decide_what_follows(store, action):
    # A question in the middle of the form is answered, then the form goes on: no forced listen.
    tracker = make_tracker(intent="ask_fast_track", text="permit?", active_loop="permit_finder_form")
    events = asyncio.run(action(store).run(CollectingDispatcher(), tracker, {}))
    assert LISTEN not in events
    assert LISTEN in asyncio.run(action(store).run(CollectingDispatcher(), make_tracker(intent="ask_fast_track", text="permit?"), {}))


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


@pytest.mark.parametrize(("lang", "text"), [("fi", "Intia"), ("sv", "4800 euro"), ("en", "2 years")])
def test_an_answer_with_no_question_open_offers_the_permit_finder(store, lang, text):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="inform", text=text, slots={"language": lang, "fallback_count": 1})
    events = asyncio.run(ActionAnswerFallback(store).run(dispatcher, tracker, {}))
    (message,) = dispatcher.messages
    payload = message["custom"]
    assert payload["lang"] == lang and [b["payload"] for b in payload["buttons"]] == ["/find_permit"]
    assert events == [LISTEN]  # not counted as a failure: no human-help offer after two of these


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, [m["custom"] for m in dispatcher.messages]


@pytest.mark.parametrize(("lang", "fragment"), [("fi", "viikossa"), ("sv", "veckor"), ("en", "weeks")])
def test_short_followup_is_answered_for_the_previous_permit(store, lang, fragment):
    tracker = make_tracker(intent="ask_processing_times", text="how long?", slots={"language": lang, "topic_id": "specialist_permit"})
    events, (payload,) = run(ActionAnswerTopic(store), tracker)
    assert payload["kb_id"] == "specialist_permit" and payload["lang"] == lang
    assert fragment in payload["text"] and "2" in payload["text"]
    assert payload["buttons"][0]["payload"] == "/ask_processing_times"
    assert SlotSet("topic_id", "specialist_permit") in events


def test_followup_without_context_or_aspect_gets_the_general_topic(store):
    no_context = make_tracker(intent="ask_processing_times", text="how long?", slots={"language": "en"})
    assert run(ActionAnswerTopic(store), no_context)[1][0]["kb_id"] == "processing_times"
    no_aspect = make_tracker(intent="ask_processing_times", text="how long?", slots={"language": "en", "topic_id": "eu_blue_card"})
    assert run(ActionAnswerTopic(store), no_aspect)[1][0]["kb_id"] == "processing_times"
    long_question = make_tracker(intent="ask_processing_times", text=" ".join(["word"] * 12),
                                 slots={"language": "en", "topic_id": "specialist_permit"})
    assert run(ActionAnswerTopic(store), long_question)[1][0]["kb_id"] == "processing_times"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_clarify_offers_permit_options(store, lang):
    _, (payload,) = run(ActionClarifyTopic(store), make_tracker(intent="vague_permit", slots={"language": lang}))
    assert payload["kind"] == "clarify" and payload["lang"] == lang
    assert [b["payload"] for b in payload["buttons"]] == ["/ask_specialist_permit", "/ask_eu_blue_card"]


def test_human_help_is_routed_by_the_topic_at_hand(store):
    _, (payload,) = run(ActionOfferHumanHelp(store), make_tracker(slots={"language": "sv", "topic_id": "fast_track"}))
    assert payload["kind"] == "handoff" and "Migrationsverket" in payload["text"]
    _, (payload,) = run(ActionOfferHumanHelp(store), make_tracker(slots={"language": "en"}))
    assert "Advice" in payload["text"] and "0295 016 770" in payload["text"] and "weekdays 9-15" in payload["text"]


def test_second_failure_in_a_row_offers_human_help(store):
    events, messages = run(ActionAnswerFallback(store), make_tracker(text="zebra", slots={"language": "fi"}))
    assert [m["kind"] for m in messages] == ["fallback"] and SlotSet("fallback_count", 1) in events
    events, messages = run(ActionAnswerFallback(store), make_tracker(text="zebra", slots={"language": "fi", "fallback_count": 1}))
    assert [m["kind"] for m in messages] == ["fallback", "handoff"] and SlotSet("fallback_count", 0) in events


@pytest.mark.parametrize("text", ["lupa?", "permit", "Tillstånd", "entä lupa"])
def test_vague_message_in_fallback_gets_a_clarifying_question(store, text):
    _, (payload,) = run(ActionAnswerFallback(store), make_tracker(text=text, slots={"language": "fi"}))
    assert payload["kind"] == "clarify"


def test_not_vague():
    from bot.replies import vague_subject

    assert vague_subject("lupa kokille") is None and vague_subject("") is None
