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
