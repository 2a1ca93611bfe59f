import pytest

from bot.permits.parsing import citizenship_of, parse_money, parse_months, parse_years


@pytest.mark.parametrize(
    ("text", "group"),
    [("Nepal", "other"), ("Viro", "eu_eea"), ("Estland", "eu_eea"), ("Estonia", "eu_eea"), ("hän on Nepalista", "other"),
     ("Virosta", "eu_eea"), ("Ruotsi", "nordic"), ("Norge", "nordic"), ("Iceland", "nordic"), ("Sveitsi", "swiss"),
     ("Schweiz", "swiss"), ("Intia", "other"), ("Indien", "other"), ("Filippiinit", "other"), ("EU-kansalainen", "eu_eea"),
     ("Liechtenstein", "eu_eea"), ("United States", "other"), ("Yhdysvallat", "other")],
)
def test_citizenship_from_country_names_in_three_languages(text, group):
    assert citizenship_of(text) == group


def test_no_country_no_guess():
    assert citizenship_of("en tiedä") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("noin 4200 e/kk", 4200), ("3,5k", 3500), ("4 000 euros", 4000), ("€3,937", 3937), ("4.000 €", 4000),
     ("1 600,50 €", 1600.5), ("about 3.5k per month", 3500), ("60000 per year", 5000), ("3937", 3937)],
)
def test_money(text, value):
    assert parse_money(text) == value


def test_no_money():
    assert parse_money("ei tiedossa") is None


@pytest.mark.parametrize(
    ("text", "months"),
    [("2 vuotta", 24), ("6 kk", 6), ("18 months", 18), ("kaksi vuotta", 24), ("3 år", 36), ("puoli vuotta", 6),
     ("12 månader", 12), ("toistaiseksi voimassa", 120), ("tillsvidare", 120)],
)
def test_months(text, months):
    assert parse_months(text) == months


def test_years():
    assert parse_years("5") == 5 and parse_years("seven years") == 7 and parse_years("6 kk") == 0.5
