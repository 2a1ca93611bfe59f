import pytest

from bot.lang import decide_language, detect, explicit_request, fold


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("hei", "fi"), ("hej", "sv"), ("hello", "en"), ("kiitos", "fi"), ("tack", "sv"), ("thanks", "en"),
        ("Mikä on erityisasiantuntijan palkkaraja?", "fi"),
        ("kauanko oleskeluluvan kasittely kestaa", "fi"),
        ("Hur länge tar det att få uppehållstillstånd?", "sv"),
        ("hur lange tar det att fa uppehallstillstand", "sv"),
        ("How long does a work permit take?", "en"),
        ("Voinko palkata opiskelijan kesätöihin?", "fi"),
        ("Kan jag anställa en student från Indien?", "sv"),
    ],
)
def test_detect(text, lang):
    assert detect(text).language == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [("in English please", "en"), ("på svenska", "sv"), ("suomeksi kiitos", "fi"), ("pa svenska tack", "sv"),
     ("English", "en"), ("kan du svara på finska", "fi")],
)
def test_explicit_requests(text, lang):
    assert explicit_request(text) == lang
    assert detect(text).explicit


def test_long_question_mentioning_a_language_is_not_a_switch():
    assert explicit_request("do I need to speak Finnish or Swedish at work in Finland as a nurse") is None


@pytest.mark.parametrize("text", ["ok", "1", "???", "👍"])
def test_ambiguous_messages_keep_the_current_language(text):
    assert decide_language(text, current="sv", hint="fi")[0] == "sv"
    assert decide_language(text, hint="fi")[0] == "fi"
    assert decide_language(text)[0] == "en"


def test_fold():
    assert fold("Työlupa ÅÄÖ é") == "tyolupa aao e"


@pytest.mark.parametrize("text", ["Ruotsi", "ruotsi", "Englanti"])
def test_a_country_name_alone_is_not_a_request_to_switch(text):
    """In the permit finder "Ruotsi" answers the citizenship question (Sweden)."""
    assert not detect(text).explicit


@pytest.mark.parametrize(("text", "lang"), [("puhu ruotsia", "sv"), ("voisitko vastata englantia", "en")])
def test_partitive_with_a_cue_is_a_request(text, lang):
    assert detect(text).explicit and detect(text).language == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Hur många regionala delprojekt hade Kokka kohti Suomea?", "sv"),
     ("Vad är Kokka kohti Suomea för ett projekt?", "sv"),
     ("Vad gör Work in Finland?", "sv"),
     ("Mitä Work in Finland tekee?", "fi"),
     ("How does the employer use Enter Finland to add the terms of employment?", "en")],
)
def test_service_and_project_names_do_not_decide_the_language(text, lang):
    assert detect(text).language == lang


def test_a_message_that_is_mostly_a_finnish_name_keeps_the_conversation_language():
    # Before, "What is Kokka kohti Suomea?" was read as Finnish (0.99) and switched an English chat.
    assert decide_language("What is Kokka kohti Suomea?", current="en")[0] == "en"
    assert decide_language("Kokka kohti Suomea", current="sv")[0] == "sv"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Vem vann Eurovision i fjol?", "sv"), ("hur är det", "sv"), ("mikä se on", "fi"),
     ("what is Kokka kohti Suomea", "en")],
)
def test_question_words_decide_short_sentences_the_detector_is_unsure_of(text, lang):
    assert detect(text).language == lang


def test_mixed_question_words_decide_nothing():
    assert detect("what vad mikä").language is None
