import pytest

from bot.knowledge import KnowledgeStore
from bot.permits.dialogue import (
    answers_from_slots,
    parse_answer,
    recommendation_message,
    retry_message,
)
from tests.helpers import VALID_KB


@pytest.mark.parametrize(
    ("slot", "raw", "value"),
    [
        ("citizenship", '/inform{"citizenship": "other"}', "other"),
        ("citizenship", "Nepal", "other"),
        ("citizenship", "Viro", "eu_eea"),
        ("citizenship", "xyz", None),
        ("work_kind", "research", "research"),
        ("work_kind", "tutkijaksi yliopistoon", "research"),
        ("work_kind", "säsongsarbete på gården", "seasonal"),
        ("work_kind", "kokki", "regular"),
        ("salary", "noin 4200 e/kk", 4200),
        ("salary", "kymmenen", None),
        ("degree", '/inform{"degree": true}', True),
        ("degree", "ei ole", False),
        ("degree", "ja", True),
        ("degree", "no", False),
        ("experience_years", "6 vuotta", 6),
        ("contract_months", "toistaiseksi", 120),
        ("contract_months", "2 år", 24),
    ],
)
def test_parse_answer(slot, raw, value):
    assert parse_answer(slot, raw) == value


def test_answers_from_slots_ignores_unparsed_values():
    answers = answers_from_slots({"citizenship": "other", "work_kind": "regular", "salary": "lots", "degree": True})
    assert answers.salary is None and answers.degree is True


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_recommendation_message_without_permit(lang):
    store = KnowledgeStore(VALID_KB)
    with pytest.raises(KeyError):  # the fixture has no seasonal facts: the real facts file must
        recommendation_message(store, answers_from_slots({"citizenship": "other", "work_kind": "seasonal", "contract_months": 3}), lang)
    message = recommendation_message(store, answers_from_slots({"citizenship": "nordic"}), lang)
    assert message["kind"] == "form" and message["kb_id"] is None and message["lang"] == lang
    assert retry_message("salary", lang)["lang"] == lang


def test_every_question_is_a_form_slot_with_a_question_text():
    from bot.permits.dialogue import FORM_SLOTS, QUESTIONS
    from bot.permits.rules import Answers, next_question

    seen = set()
    for answers in [Answers(), Answers(citizenship="other"), Answers(citizenship="other", work="regular"),
                    Answers(citizenship="other", work="regular", salary=1), Answers(citizenship="other", work="regular", salary=1, degree=False),
                    Answers(citizenship="other", work="regular", salary=1, degree=True)]:
        seen.add(next_question(answers))
    assert seen == set(FORM_SLOTS) == set(QUESTIONS)


def test_entities_answer_the_requested_question():
    from bot.permits.dialogue import value_from_entities

    entities = [{"entity": "money", "value": 4200.0}, {"entity": "duration", "value": 24.0}]
    assert value_from_entities("salary", entities) == 4200.0
    assert value_from_entities("contract_months", entities) == 24.0
    assert value_from_entities("experience_years", entities) == 2.0
    assert value_from_entities("experience_years", [{"entity": "duration", "value": 120.0}]) is None
    assert value_from_entities("degree", entities) is None


@pytest.mark.parametrize(
    ("text", "slot"),
    [("muuta palkkaa", "salary"), ("ändra lönen", "salary"), ("change the contract length", "contract_months"),
     ("työsuhteen kesto on väärin", "contract_months"), ("väärä kansalaisuus", "citizenship"),
     ("rätta medborgarskapet", "citizenship"), ("I got the experience wrong", "experience_years"),
     ("fix the degree answer", "degree"), ("change my answer", None), ("muuta vastausta", None)],
)
def test_slot_named(text, slot):
    from bot.permits.dialogue import slot_named

    assert slot_named(text) == slot


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_change_choice_lists_only_given_answers(lang):
    from bot.permits.dialogue import change_choice_message

    message = change_choice_message({"citizenship": "other", "salary": 4200.0, "degree": None}, lang)
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ['/change_answer{"form_slot": "citizenship"}', '/change_answer{"form_slot": "salary"}']
    assert any("4" in b["title"] and "200" in b["title"] for b in message["buttons"])
    empty = change_choice_message({}, lang)
    assert empty["buttons"][0]["payload"] == "/find_permit"


def test_recommendation_lists_the_answers_and_offers_a_change():
    store = KnowledgeStore(VALID_KB)
    slots = {"citizenship": "nordic"}
    message = recommendation_message(store, answers_from_slots(slots), "fi", slots)
    assert "Kansalaisuus: Pohjoismaa" in message["text"]
    assert message["buttons"][-1]["payload"] == "/change_answer"
