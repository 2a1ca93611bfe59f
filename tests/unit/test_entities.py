"""spaCy entity ruler: countries, money, durations and permit types in fi/sv/en."""

import pytest

from bot.entities import extract, first
from bot.nlu.entities import rasa_entities


@pytest.mark.parametrize(
    ("lang", "text", "code"),
    [
        ("en", "Nepal", "NP"),
        ("fi", "hän tulee Nepalista", "NP"),
        ("fi", "Virosta tuleva raudoittaja", "EE"),
        ("fi", "intialainen insinööri", "IN"),
        ("sv", "en ingenjör från Estland", "EE"),
        ("en", "an Indian nurse", "IN"),
        ("fi", "Yhdysvallat", "US"),
        ("en", "from the united states", "US"),
        ("fi", "ruotsalainen", "SE"),
        ("en", "from Peru", "PE"),
        ("fi", "Filippiinit", "PH"),
        ("fi", "hän on vietnamilainen", "VN"),
    ],
)
def test_country_names_in_three_languages_and_inflected(lang, text, code):
    entity = first(extract(text, lang), "COUNTRY")
    assert entity is not None and entity.value == code
    assert text[entity.start:entity.end] == entity.text  # spans point into the original text


@pytest.mark.parametrize("text", ["peru hakemus", "on an island", "a turkey sandwich", "kokki"])
def test_everyday_words_are_not_countries(text):
    assert first(extract(text, "fi"), "COUNTRY") is None


@pytest.mark.parametrize(
    ("text", "euros"),
    [("noin 4200 e/kk", 4200), ("3,5k", 3500), ("4 000 euros", 4000), ("€3,937", 3937), ("palkka 4200€/kk", 4200),
     ("2 900 euroa kuussa", 2900), ("lönen är 3 100 €", 3100)],
)
def test_money(text, euros):
    entity = first(extract(text, "fi"), "MONEY")
    assert entity is not None and entity.value == euros


def test_a_bare_number_is_not_money():
    assert first(extract("2 lasta ja 3 koiraa", "fi"), "MONEY") is None


@pytest.mark.parametrize(
    ("lang", "text", "months"),
    [("fi", "2 vuotta", 24), ("fi", "6 kk", 6), ("en", "a 6-month contract", 6), ("sv", "18 månader", 18),
     ("fi", "toistaiseksi voimassa", 120), ("sv", "tills vidare", 120), ("en", "two years", 24)],
)
def test_durations(lang, text, months):
    entity = first(extract(text, lang), "DURATION")
    assert entity is not None and entity.value == months


@pytest.mark.parametrize(
    ("lang", "text", "topic"),
    [("fi", "tarvitseeko hän sinisen kortin", "eu_blue_card"), ("sv", "blåkortet", "eu_blue_card"),
     ("en", "EU Blue Card", "eu_blue_card"), ("fi", "erityisasiantuntijan lupa", "specialist_permit"),
     ("sv", "säsongsarbete", "seasonal_work"), ("fi", "D-viisumi", "d_visa"), ("en", "the fast track", "fast_track"),
     ("fi", "tutkijan oleskelulupa", "researcher_permit")],
)
def test_permit_types(lang, text, topic):
    entity = first(extract(text, lang), "PERMIT")
    assert entity is not None and entity.value == topic


@pytest.mark.parametrize("text", ["", "   ", "?!", "x" * 5000])
def test_odd_input_gives_no_entities_and_no_error(text):
    assert extract(text, "fi") == []


def test_rasa_entities_add_the_citizenship_group():
    names = {(e["entity"], e["value"]) for e in rasa_entities("ruotsalainen kokki 3 000 € kuussa", "fi")}
    assert {("country", "SE"), ("citizenship", "nordic"), ("money", 3000.0)} <= names
