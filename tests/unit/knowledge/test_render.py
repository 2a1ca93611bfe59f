import datetime as dt

import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import Fact, Source
from bot.knowledge.render import answer_message, format_fact, render_answer, render_text
from tests.helpers import TODAY, VALID_KB

NBSP = "\xa0"
SRC = Source(title="x", url="https://example.fi/")


def fact(value, fmt, **kw):
    kw.setdefault("year", 2026)
    return Fact(id="f", value=value, format=fmt, unit="u", source=SRC, **kw)


@pytest.mark.parametrize(
    ("value", "fmt", "lang", "expected"),
    [
        (3937, "eur", "fi", f"3{NBSP}937{NBSP}€"),
        (3937, "eur", "sv", f"3{NBSP}937{NBSP}€"),
        (3937, "eur", "en", "€3,937"),
        (800.02, "eur", "fi", f"800,02{NBSP}€"),
        (800.02, "eur", "en", "€800.02"),
        (25, "percent", "fi", f"25{NBSP}%"),
        (25, "percent", "en", "25%"),
        (7.15, "percent", "sv", f"7,15{NBSP}%"),
        (1560, "number", "fi", f"1{NBSP}560"),
        (1560, "number", "en", "1,560"),
        (dt.date(2026, 1, 8), "date", "fi", "8.1.2026"),
        (dt.date(2026, 1, 8), "date", "en", "Jan 8, 2026"),
    ],
)
def test_format_fact_per_locale(value, fmt, lang, expected):
    assert format_fact(fact(value, fmt), lang) == expected


def test_year_attribute_uses_year_or_since():
    assert format_fact(fact(1, "number", year=2026), "fi", "year") == "2026"
    assert format_fact(fact(1, "number", year=None, since=dt.date(2025, 1, 1)), "en", "year") == "2025"


def test_value_must_match_format():
    with pytest.raises(ValueError, match="needs a number"):
        fact(dt.date(2026, 1, 1), "eur")
    with pytest.raises(ValueError, match="ISO date"):
        fact(5, "date")


def test_render_answer_fills_figures_sources_and_review_date():
    kb = load_knowledge(VALID_KB, today=TODAY)
    fi = render_answer(kb.topics["specialist_permit"], "fi", kb.facts, kb.topics)
    assert f"vähintään 3{NBSP}937{NBSP}€ kuukaudessa (vuonna 2026)" in fi.text
    assert "ei viranomaisen päätös" in fi.text
    assert fi.reviewed == "2026-01-15" and fi.reviewed_label == "Tarkistettu 15.1.2026"
    assert fi.related == [("eu_blue_card", "eu_blue_card fi title"), ("fast_track", "fast_track fi title")]
    en = render_answer(kb.topics["specialist_permit"], "en", kb.facts, kb.topics)
    assert "at least €3,937 a month (in 2026)" in en.text
    assert "{{" not in en.text
    message = answer_message(en)
    assert message["kb_id"] == "specialist_permit" and message["lang"] == "en"
    assert message["buttons"][0] == {"title": "eu_blue_card en title", "payload": "/ask_eu_blue_card"}
    assert message["sources"] == [{"title": "Migri", "url": "https://migri.fi/en/home"}]
    text = render_text(en)
    assert "Sources:\n- Migri: https://migri.fi/en/home" in text and "Reviewed Jan 15, 2026" in text
