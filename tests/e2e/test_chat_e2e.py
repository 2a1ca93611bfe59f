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


def test_healthz(assistant):
    response = httpx.get(f"{assistant['url']}/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ctrl_c_stops_all_three_processes(assistant):
    """Runs last in this module: it stops the shared assistant."""
    proc, children = assistant["process"], assistant["children"]
    assert len(children) >= 3
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert alive == [], [p.pid for p in alive]
