"""Notices: validated like any entry, shown only while valid."""

import datetime as dt

import pytest

from bot.knowledge import load_knowledge
from tests.helpers import TODAY, copy_kb

NOTICE = """notices:
  - id: service_break
    starts: 2026-11-27
    ends: 2026-11-30
    url: https://migri.fi/
    text:
      fi: Enter Finland -palvelussa on huoltokatko.
      sv: Enter Finland har ett serviceavbrott.
      en: Enter Finland is down for maintenance.
  - id: next_year
    starts: 2027-01-01
    ends: 2027-01-31
    text:
      fi: Uudet maksut voimaan.
      sv: Nya avgifter gäller.
      en: New fees apply.
"""


def test_notices_load_and_only_current_ones_are_active(tmp_path):
    root = copy_kb(tmp_path)
    (root / "notices.yml").write_text(NOTICE, encoding="utf-8")
    kb = load_knowledge(root, today=TODAY)
    assert not kb.errors and [n.id for n in kb.notices] == ["service_break", "next_year"]
    assert [n.id for n in kb.active_notices(TODAY)] == ["service_break"]
    assert [n.id for n in kb.active_notices(dt.date(2027, 1, 31))] == ["next_year"]
    assert kb.active_notices(dt.date(2026, 12, 31)) == []


def test_an_empty_notices_file_is_fine(tmp_path):
    root = copy_kb(tmp_path)
    (root / "notices.yml").write_text("notices: []\n", encoding="utf-8")
    assert not load_knowledge(root, today=TODAY).errors


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("ends: 2026-11-30", "ends: 2026-11-20", "notices.0.ends", "before `starts`"),
        ("      sv: Enter Finland har ett serviceavbrott.\n", "", "notices.0.text.sv", "missing"),
        ("url: https://migri.fi/", "url: javascript:alert(1)", "notices.0.url", "http"),
        ("id: next_year", "id: service_break", "notices.1.id", "duplicate"),
        ("starts: 2026-11-27", "starts: someday", "notices.0.starts", "date"),
    ],
)
def test_invalid_notices_are_errors_with_file_line_and_field(tmp_path, old, new, field, words):
    root = copy_kb(tmp_path)
    (root / "notices.yml").write_text(NOTICE.replace(old, new), encoding="utf-8")
    errors = load_knowledge(root, today=TODAY).errors
    matching = [p for p in errors if p.file == "notices.yml" and p.field.startswith(field)]
    assert matching, errors
    assert matching[0].line and words in matching[0].message.lower() + " " + str(matching[0]).lower()


def test_an_expired_notice_is_a_warning(tmp_path):
    root = copy_kb(tmp_path)
    (root / "notices.yml").write_text(NOTICE, encoding="utf-8")
    kb = load_knowledge(root, today=dt.date(2027, 3, 1))
    assert not kb.errors and any(p.field == "notices.0.ends" for p in kb.warnings)
