"""Conversation behaviours in each language through POST /api/chat: switching language,
knowledge questions in free text, fallback with suggestions, permit finder with entities,
changing an answer and stopping."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.e2e


def _session(name: str) -> str:
    return f"{name}-{time.time_ns()}"


@pytest.mark.parametrize(
    ("first", "first_lang", "second", "second_lang"),
    [
        ("mitä sininen kortti vaatii", "fi", "på svenska tack", "sv"),
        ("vad krävs för blåkort", "sv", "in English please", "en"),
        ("what does the blue card require", "en", "suomeksi kiitos", "fi"),
    ],
)
def test_language_switch_mid_conversation_changes_every_reply(chat, first, first_lang, second, second_lang):
    session = _session("switch")
    reply = chat(first, session=session)
    assert reply["language"] == first_lang
    switched = chat(second, session=session)
    assert switched["language"] == second_lang
    # The next answer, buttons included, comes in the new language.
    answer = chat("/ask_eu_blue_card", session=session)
    message = answer["messages"][0]
    assert answer["language"] == second_lang and message["lang"] == second_lang
    titles = {"fi": "EU:n sininen kortti", "sv": "EU-blåkort", "en": "EU Blue Card"}
    assert titles[second_lang] in message["text"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("mistä saan verokortin", "fi"), ("var får jag skattekort", "sv"), ("where do I get a tax card", "en")],
)
def test_free_text_question_is_answered_from_the_knowledge_base(chat, text, lang):
    reply = chat(text)
    message = reply["messages"][0]
    assert reply["language"] == lang and message["kb_id"] == "taxation" and message["sources"]


def test_a_finnish_project_name_does_not_switch_an_english_conversation(chat):
    session = _session("names")
    assert chat("hello", session=session)["language"] == "en"
    reply = chat("What is Kokka kohti Suomea?", session=session)
    assert reply["language"] == "en" and reply["messages"][0]["lang"] == "en"
    assert reply["messages"][0]["kb_id"] == "about_kokka_project"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("kuinka paljon maksaa sinisen kortin hakemus", "fi"),
     ("vad kostar ansökan om blåkort", "sv"),
     ("how much is the blue card application fee", "en")],
)
def test_a_named_permit_is_used_for_its_fee(chat, text, lang):
    """spaCy finds the permit type; the fee question is answered for that permit."""
    message = chat(text)["messages"][0]
    assert message["kb_id"] in {"eu_blue_card", "permit_fees"}
    if message["kb_id"] == "eu_blue_card":
        assert message["buttons"][0]["payload"] == "/ask_permit_fees"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("verokortin oleskelulupa asunto", "fi"), ("skattekort uppehållstillstånd bostad", "sv"),
     ("tax card residence permit apartment", "en")],
)
def test_fallback_offers_matching_topics_in_the_users_language(chat, text, lang):
    reply = chat(text, language=lang)
    kinds = [m["kind"] for m in reply["messages"]]
    assert reply["language"] == lang
    if "fallback" in kinds:  # the model was unsure: suggestions from the knowledge search
        message = reply["messages"][kinds.index("fallback")]
        assert 1 <= len(message["buttons"]) <= 3
        assert all(b["payload"].startswith("/ask_") for b in message["buttons"])
    else:  # or the model was sure enough to answer a topic outright
        assert reply["messages"][0]["kb_id"] and reply["messages"][0]["lang"] == lang


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_nonsense_gets_an_honest_fallback_and_then_a_person(chat, lang):
    text = "xqzv blorf wibble"
    session = _session("fallback")
    first = chat(text, session=session, language=lang)["messages"]
    assert first[0]["kind"] in {"fallback", "out_of_scope"} and first[0]["kb_id"] is None
    second = chat(text, session=session)["messages"]
    assert any(m["kind"] == "handoff" for m in second) or second[0]["kind"] == "out_of_scope"


@pytest.mark.parametrize(
    ("lang", "text", "next_question"),
    [("fi", "mitä lupaa tarvitsee nepalilainen kokki, palkka 2 800 €/kk", "Millaista työtä"),
     ("sv", "vilket tillstånd behöver en kock från Nepal med 2 800 € i lön", "Vilket slags arbete"),
     ("en", "which permit does a cook from Nepal need, the pay is €2,800", "What kind of work")],
)
def test_permit_finder_skips_what_the_first_message_already_says(chat, lang, text, next_question):
    session = _session("prefill")
    reply = chat(text, session=session)
    assert reply["messages"][-1]["text"].startswith(next_question)
    reply = chat('/inform{"work_kind": "regular"}', session=session)
    # Salary was given too: the next question is about the degree, not the salary.
    assert reply["messages"][-1]["buttons"][0]["payload"] == '/inform{"degree": true}'


@pytest.mark.parametrize(
    ("lang", "turns", "change", "new_value", "expected_after"),
    [
        ("en", ["/find_permit", "India", "a regular job", "4500 euros", "yes", "2 years"], "change the salary",
         "2000 euros", "permit_employed_person"),
        ("fi", ["/find_permit", "Intia", "tavallinen työsuhde", "4500 e/kk", "kyllä", "2 vuotta"], "muuta palkkaa",
         "2000 e/kk", "permit_employed_person"),
        ("sv", ["/find_permit", "Indien", "vanlig anställning", "4 500 euro", "ja", "2 år"], "ändra lönen",
         "2 000 euro", "permit_employed_person"),
    ],
)
def test_changing_an_answer_after_the_recommendation(chat, lang, turns, change, new_value, expected_after):
    session = _session("change")
    for turn in turns:
        reply = chat(turn, session=session, language=lang)
    final = reply["messages"][-1]
    assert final["kb_id"] == "eu_blue_card"
    assert final["buttons"][-1]["payload"] == "/change_answer"
    asked = chat(change, session=session)["messages"][-1]
    assert asked["kind"] == "form" and asked["kb_id"] is None  # the salary question again
    again = chat(new_value, session=session)["messages"][-1]
    assert again["kb_id"] == expected_after and again["lang"] == lang


def test_change_button_without_a_named_answer_offers_the_answers(chat):
    session = _session("change-choice")
    for turn in ["/find_permit", "Nepal", "tavallinen työsuhde", "noin 2200 e/kk", "ei", "3 vuotta", "toistaiseksi"]:
        reply = chat(turn, session=session, language="fi")
    assert reply["messages"][-1]["kb_id"] == "permit_employed_person"
    choice = chat("/change_answer", session=session)["messages"][-1]
    payloads = [b["payload"] for b in choice["buttons"]]
    assert '/change_answer{"form_slot": "salary"}' in payloads and choice["text"].startswith("Mitä vastausta")
    asked = chat('/change_answer{"form_slot": "citizenship"}', session=session)["messages"][-1]
    assert asked["text"].startswith("Minkä maan kansalainen")
    final = chat("Ruotsi", session=session)["messages"][-1]
    assert final["kb_id"] is None and "Oleskelulupaa ei tarvita" in final["text"]


def test_changing_an_answer_in_the_middle_of_the_permit_finder(chat):
    session = _session("change-mid")
    for turn in ["/find_permit", "India", "a regular job", "1500 euros"]:
        reply = chat(turn, session=session, language="en")
    reply = chat("change the salary", session=session)
    assert reply["messages"][-1]["text"].startswith("What is the gross monthly salary")
    reply = chat("5000 euros", session=session)
    assert reply["messages"][-1]["text"].startswith("Do they have a higher-education degree")


@pytest.mark.parametrize(("lang", "stop", "fragment"), [("sv", "avbryt", "Okej"), ("en", "stop", "OK")])
def test_permit_finder_can_be_stopped(chat, lang, stop, fragment):
    session = _session("stop")
    chat("/find_permit", session=session, language=lang)
    reply = chat(stop, session=session)
    assert reply["messages"][-1]["text"].startswith(fragment)
    assert chat("/ask_eu_blue_card", session=session)["messages"][0]["kb_id"] == "eu_blue_card"


@pytest.mark.parametrize(("lang", "answer"), [("fi", "Intia"), ("sv", "4800 euro i månaden"), ("en", "2 years")])
def test_an_answer_with_no_question_open_offers_the_permit_finder(chat, lang, answer):
    session = _session("bare-answer")
    reply = chat(answer, session=session, language=lang)
    (message,) = reply["messages"]
    assert message["lang"] == lang and message["kind"] == "fallback"
    assert [b["payload"] for b in message["buttons"]] == ["/find_permit"]
    reply = chat(message["buttons"][0]["payload"], session=session)
    assert reply["messages"][-1]["kind"] == "form"
