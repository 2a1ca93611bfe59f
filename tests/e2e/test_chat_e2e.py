"""The whole system through POST /api/chat: Rasa server, action server and web app."""

from __future__ import annotations

import signal
import time

import httpx
import psutil
import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [("hei", "fi", "Hei!"), ("hej", "sv", "Hej!"), ("hello", "en", "Hello!"),
     ("moikka", "fi", "Hei!"), ("god morgon", "sv", "Hej!"), ("good morning", "en", "Hello!")],
)
def test_greeting_in_the_users_language(chat, text, lang, fragment):
    reply = chat(text)
    assert reply["language"] == lang
    (message,) = reply["messages"]
    assert message["kind"] == "smalltalk" and message["lang"] == lang
    assert message["text"].startswith(fragment)
    assert all(b["payload"].startswith("/") for b in message["buttons"])


@pytest.mark.parametrize(
    ("text", "lang"),
    [("kiitos paljon", "fi"), ("tack så mycket", "sv"), ("thank you very much", "en")],
)
def test_thanks(chat, text, lang):
    reply = chat(text)
    assert reply["language"] == lang and reply["messages"][0]["kind"] == "smalltalk"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("mitä osaat", "fi"), ("vad kan du hjälpa till med", "sv"), ("what can you do", "en")],
)
def test_capabilities(chat, text, lang):
    reply = chat(text)
    message = reply["messages"][0]
    assert reply["language"] == lang and message["kind"] == "smalltalk"
    assert len(message["buttons"]) == 3


@pytest.mark.parametrize(
    ("text", "lang"),
    [("kerro vitsi", "fi"), ("berätta ett skämt", "sv"), ("tell me a joke", "en")],
)
def test_out_of_scope_is_polite_and_in_language(chat, text, lang):
    reply = chat(text)
    assert reply["language"] == lang
    assert reply["messages"][0]["kind"] in {"out_of_scope", "fallback"}
    assert reply["messages"][0]["kb_id"] is None


def test_language_is_kept_for_ambiguous_messages_and_switched_on_request(chat):
    session = f"switch-{time.time_ns()}"
    assert chat("hej", session=session)["language"] == "sv"
    assert chat("ok", session=session)["language"] == "sv"
    assert chat("in English please", session=session)["language"] == "en"
    assert chat("thanks", session=session)["language"] == "en"


def test_language_hint_is_honoured_for_an_ambiguous_first_message(chat):
    assert chat("ok", language="sv")["language"] == "sv"
    assert chat("ok", language="fi")["language"] == "fi"


def test_knowledge_answer_has_kb_id_sources_and_review_date(chat):
    reply = chat("/ask_eu_blue_card", language="fi")
    (message,) = reply["messages"]
    assert message["kind"] == "answer" and message["kb_id"] == "eu_blue_card" and message["lang"] == "fi"
    assert message["sources"] and message["reviewed"]
    assert 2 <= len(message["buttons"]) <= 4
    assert "{{" not in message["text"]


def test_button_payload_for_a_topic_keeps_the_language(chat):
    session = f"payload-{time.time_ns()}"
    assert chat("hej", session=session)["language"] == "sv"
    reply = chat("/ask_fast_track", session=session)
    assert reply["language"] == "sv" and reply["messages"][0]["kb_id"] == "fast_track"


@pytest.mark.parametrize(("lang", "question"), [("fi", "kauanko se kestää?"), ("sv", "hur länge tar det?"), ("en", "how long does it take?")])
def test_follow_up_is_answered_for_the_previous_permit(chat, lang, question):
    session = f"followup-{lang}-{time.time_ns()}"
    chat("/ask_eu_blue_card", session=session, language=lang)
    reply = chat(question, session=session)
    message = reply["messages"][0]
    assert reply["language"] == lang
    assert message["kb_id"] == "eu_blue_card" and message["buttons"][0]["payload"] == "/ask_processing_times"


@pytest.mark.parametrize(("text", "lang"), [("lupa", "fi"), ("tillstånd", "sv"), ("permit?", "en")])
def test_vague_permit_question_is_clarified(chat, text, lang):
    reply = chat(text, language=lang)
    message = reply["messages"][0]
    assert message["kind"] == "clarify" and message["lang"] == lang and len(message["buttons"]) >= 3


@pytest.mark.parametrize(("text", "lang", "name"), [("voinko puhua oikean ihmisen kanssa", "fi", "Work in Finland"),
                                                     ("kan jag prata med en riktig person", "sv", "Work in Finland"),
                                                     ("I want to talk to a person", "en", "Work in Finland")])
def test_human_help(chat, text, lang, name):
    message = chat(text, language=lang)["messages"][0]
    # Without a topic at hand: the routed default contact, or the contacts topic itself.
    assert message["kind"] == "handoff" or message["kb_id"] == "contacts_and_human_help"
    assert name in message["text"]


def test_human_help_after_a_permit_topic_names_migri(chat):
    session = f"handoff-{time.time_ns()}"
    chat("/ask_specialist_permit", session=session, language="en")
    message = chat("I want to talk to a person", session=session)["messages"][0]
    assert "Finnish Immigration Service" in message["text"]


@pytest.mark.parametrize(
    ("lang", "turns", "expected"),
    [
        ("en", ["/find_permit", "India", "a regular job", "4500 euros", "yes", "2 years"], "eu_blue_card"),
        ("fi", ["/find_permit", "Nepal", "tavallinen työsuhde", "noin 2200 e/kk", "ei", "3 vuotta", "toistaiseksi"], "permit_employed_person"),
        ("sv", ["/find_permit", "Estland"], None),
        ("en", ["/find_permit", "Vietnam", '/inform{"work_kind": "seasonal"}', "4 months"], "seasonal_work"),
        ("fi", ["/find_permit", "Intia", '/inform{"work_kind": "research"}'], "researcher_permit"),
    ],
)
def test_permit_finder_outcomes(chat, lang, turns, expected):
    session = f"finder-{lang}-{time.time_ns()}"
    reply = None
    for turn in turns:
        reply = chat(turn, session=session, language=lang)
        assert reply["language"] == lang
    final = reply["messages"][-1]
    assert final["kind"] == "form" and final["lang"] == lang
    assert final["kb_id"] == expected
    assert final["buttons"]


def test_permit_finder_asks_again_when_it_does_not_understand_and_can_be_stopped(chat):
    session = f"finder-stop-{time.time_ns()}"
    chat("/find_permit", session=session, language="fi")
    reply = chat("Intia", session=session)
    assert reply["messages"][-1]["kind"] == "form"
    chat('/inform{"work_kind": "regular"}', session=session)
    reply = chat("en tiedä vielä", session=session)  # not a salary
    texts = " ".join(m["text"] for m in reply["messages"])
    assert "Kirjoita bruttopalkka" in texts
    reply = chat("lopeta", session=session)
    assert reply["messages"][-1]["text"].startswith("Selvä, lopetetaan")
    assert chat("hei", session=session)["messages"][0]["kind"] == "smalltalk"


def test_healthz(assistant):
    response = httpx.get(f"{assistant['url']}/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.stops_assistant
def test_ctrl_c_stops_all_three_processes(assistant):
    """Stops the shared assistant: conftest moves it after every other test."""
    proc, children = assistant["process"], assistant["children"]
    assert len(children) >= 3
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert alive == [], [p.pid for p in alive]
