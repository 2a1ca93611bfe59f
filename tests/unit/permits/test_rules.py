"""Permit-finder rules at and around every threshold, with the explanations in three languages."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.models import Fact, Source
from bot.permits.rules import REASONS, REQUIRED_FACTS, Answers, next_question, recommend

SRC = Source(title="Migri", url="https://migri.fi/")


def _fact(fid, value, fmt="number", year=2026):
    return Fact(id=fid, value=value, format=fmt, unit="u", year=year, source=SRC)


FACTS = {
    "specialist_salary_min": _fact("specialist_salary_min", 3937, "eur"),
    "blue_card_salary_min": _fact("blue_card_salary_min", 3937, "eur"),
    "employed_person_salary_min": _fact("employed_person_salary_min", 1600, "eur", 2025),
    "blue_card_min_contract_months": _fact("blue_card_min_contract_months", 6),
    "blue_card_experience_years": _fact("blue_card_experience_years", 5),
    "seasonal_max_months": _fact("seasonal_max_months", 9),
    "no_permit_work_max_days": _fact("no_permit_work_max_days", 90),
}


def other(**kw):
    base = {"citizenship": "other", "work": "regular", "salary": 4000, "degree": True, "contract_months": 24}
    return Answers(**{**base, **kw})


def test_required_facts_are_the_ones_used():
    assert set(REQUIRED_FACTS) == set(FACTS)


@pytest.mark.parametrize(("citizenship", "next_step"), [("eu_eea", "eu_citizen_registration"), ("swiss", "eu_citizen_registration"), ("nordic", "registration_and_identity_code")])
def test_no_permit_for_eu_swiss_and_nordic(citizenship, next_step):
    rec = recommend(Answers(citizenship=citizenship), FACTS)
    assert rec.permits == [] and rec.next_steps[0] == next_step
    assert next_question(Answers(citizenship=citizenship)) is None


@pytest.mark.parametrize(
    ("salary", "permits"),
    [
        (3937, ["eu_blue_card", "specialist_permit"]),
        (3937.01, ["eu_blue_card", "specialist_permit"]),
        (3936.99, ["permit_employed_person"]),
        (1600, ["permit_employed_person"]),
        (1599.99, ["permit_employed_person"]),
    ],
)
def test_salary_thresholds(salary, permits):
    rec = recommend(other(salary=salary), FACTS)
    assert rec.permits == permits
    assert rec.fast_track is (permits[0] != "permit_employed_person")


def test_pay_below_the_employed_person_minimum_is_flagged():
    assert recommend(other(salary=1599.99), FACTS).reasons[0][0] == "employed_low_pay"
    assert recommend(other(salary=1600), FACTS).reasons[0][0] == "employed"


@pytest.mark.parametrize(
    ("months", "blue"),
    [(6, True), (5.99, False), (12, True)],
)
def test_blue_card_contract_length(months, blue):
    rec = recommend(other(contract_months=months), FACTS)
    assert ("eu_blue_card" in rec.permits) is blue
    assert "specialist_permit" in rec.permits
    if not blue:
        assert "blue_card_not" in [key for key, _ in rec.reasons]


@pytest.mark.parametrize(("years", "blue", "specialist"), [(5, True, True), (4.9, False, True), (0, False, False)])
def test_experience_instead_of_a_degree(years, blue, specialist):
    rec = recommend(other(degree=False, experience_years=years), FACTS)
    assert ("eu_blue_card" in rec.permits) is blue
    assert ("specialist_permit" in rec.permits) is specialist


@pytest.mark.parametrize(("months", "permit", "key"), [(3, "seasonal_work", "seasonal_short"), (3.1, "seasonal_work", "seasonal_long"),
                                                       (9, "seasonal_work", "seasonal_long"), (9.5, "permit_employed_person", "seasonal_too_long")])
def test_seasonal_work_durations(months, permit, key):
    rec = recommend(Answers(citizenship="other", work="seasonal", contract_months=months), FACTS)
    assert rec.permits == [permit] and rec.reasons[0][0] == key


@pytest.mark.parametrize(("work", "permit", "fast"), [("research", "researcher_permit", False), ("ict", "intra_corporate_transfer", True), ("startup", "startup_entrepreneur", True)])
def test_special_kinds_of_work(work, permit, fast):
    rec = recommend(Answers(citizenship="other", work=work), FACTS)
    assert rec.permits == [permit] and rec.fast_track is fast
    assert next_question(Answers(citizenship="other", work=work)) is None


def test_questions_skip_what_is_known_or_irrelevant():
    assert next_question(Answers()) == "citizenship"
    assert next_question(Answers(citizenship="other")) == "work_kind"
    assert next_question(Answers(citizenship="other", work="regular")) == "salary"
    assert next_question(Answers(citizenship="other", work="regular", salary=4000)) == "degree"
    assert next_question(Answers(citizenship="other", work="regular", salary=4000, degree=True)) == "contract_months"
    assert next_question(Answers(citizenship="other", work="regular", salary=4000, degree=False)) == "experience_years"
    assert next_question(Answers(citizenship="other", work="seasonal")) == "contract_months"
    assert next_question(other()) is None


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_explanations_name_the_figure_and_year(lang):
    text = " ".join(recommend(other(), FACTS).explain(FACTS, lang))
    assert "2026" in text and ("3\xa0937" in text or "3,937" in text)
    text = " ".join(recommend(other(salary=2000), FACTS).explain(FACTS, lang))
    assert "1\xa0600" in text or "1,600" in text


def test_every_reason_exists_in_three_languages():
    for key, texts in REASONS.items():
        assert set(texts) == {"fi", "sv", "en"}, key
        placeholders = {lang: sorted(t.split("{")[i].split("}")[0] for i in range(1, t.count("{") + 1)) for lang, t in texts.items()}
        assert placeholders["fi"] == placeholders["sv"] == placeholders["en"], key


def test_changing_the_figure_changes_the_outcome():
    facts = {**FACTS, "specialist_salary_min": _fact("specialist_salary_min", 4100, "eur", 2027),
             "blue_card_salary_min": _fact("blue_card_salary_min", 4100, "eur", 2027)}
    assert recommend(other(salary=4000), facts).permits == ["permit_employed_person"]
    assert dt.date.today().year > 2000  # the facts carry their own year; no clock is used by the rules
