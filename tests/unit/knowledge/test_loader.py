"""Each validation rule, proven on a small broken copy of a valid knowledge base."""

from __future__ import annotations

import shutil

import pytest

from bot.cli import main
from bot.knowledge.loader import load_knowledge
from tests.helpers import TODAY, copy_kb, edit

SPECIALIST = "permits/specialist_permit.yml"


def problems_for(root, severity="error"):
    kb = load_knowledge(root, today=TODAY)
    return [p for p in kb.problems if p.severity == severity]


def only_problem(root, *, file, field, text, line=None):
    errors = problems_for(root)
    assert len(errors) == 1, [str(e) for e in errors]
    problem = errors[0]
    assert problem.file == file
    assert field in problem.field
    assert text in problem.message
    if line is not None:
        assert problem.line == line
    return problem


def test_valid_fixture_has_no_problems(tmp_path):
    kb = load_knowledge(copy_kb(tmp_path), today=TODAY)
    assert kb.problems == []
    assert set(kb.topics) == {"specialist_permit", "eu_blue_card", "fast_track", "processing_times"}
    assert kb.contacts is not None and kb.contacts.routes["permits"] == "migri"
    assert kb.topics["fast_track"].group == "permits"
    assert len(kb.content_hash) == 16


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "audience: both", "audience: [both")
    problem = only_problem(root, file=SPECIALIST, field="(yaml)", text="YAML syntax error")
    assert problem.line is not None and problem.line >= 2


def test_unknown_field(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "audience: both", "audience: both\naudiense: employer")
    only_problem(root, file=SPECIALIST, field="audiense", text="unknown field", line=3)


def test_missing_field(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "audience: both\n", "")
    only_problem(root, file=SPECIALIST, field="audience", text="missing")


def test_missing_language(tmp_path):
    root = copy_kb(tmp_path)
    path = root / SPECIALIST
    text = path.read_text()
    start, end = text.index("\nsv:\n"), text.index("\nen:\n")
    path.write_text(text[:start] + text[end:])
    only_problem(root, file=SPECIALIST, field="sv", text="sv language block is missing")


def test_empty_answer(tmp_path):
    root = copy_kb(tmp_path)
    path = root / SPECIALIST
    text = path.read_text()
    start = text.index("  answer:", text.index("\nen:\n"))
    end = text.index("  questions:", start)
    path.write_text(text[:start] + "  answer: ''\n" + text[end:])
    only_problem(root, file=SPECIALIST, field="en.answer", text="empty")


def test_too_few_questions(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "  - specialist_permit fi question 15\n", "")
    only_problem(root, file=SPECIALIST, field="fi.questions", text="at least 15")


def test_placeholder_without_fact(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "{{specialist_salary_min}} kuukaudessa", "{{specialist_salary_minimum}} kuukaudessa")
    problem = only_problem(root, file=SPECIALIST, field="fi.answer", text="has no fact")
    assert "specialist_salary_minimum" in problem.message
    assert problem.line == 12


def test_related_id_must_exist(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "- fast_track", "- fast_trak")
    only_problem(root, file=SPECIALIST, field="related.1", text="no topic with id 'fast_trak'", line=9)


def test_duplicate_topic_id(tmp_path):
    root = copy_kb(tmp_path)
    (root / "recruitment").mkdir()
    shutil.copy(root / SPECIALIST, root / "recruitment" / "specialist_permit.yml")
    errors = problems_for(root)
    assert any("duplicate topic id" in e.message for e in errors), [str(e) for e in errors]


def test_same_question_under_two_topics(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "specialist_permit en question 3", "eu_blue_card en question 7")
    errors = problems_for(root)
    assert len(errors) == 1
    assert "also under topic" in errors[0].message
    assert errors[0].field.startswith("en.questions")


def test_url_must_be_http(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "url: https://migri.fi/en/home", "url: ftp://migri.fi/en/home")
    only_problem(root, file=SPECIALIST, field="sources.0.url", text="http", line=6)


def test_review_date_in_future(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "reviewed: 2026-01-15", "reviewed: 2027-01-15")
    only_problem(root, file=SPECIALIST, field="reviewed", text="in the future", line=3)


def test_old_review_is_a_warning_not_an_error(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "reviewed: 2026-01-15", "reviewed: 2025-01-15")
    assert problems_for(root) == []
    warnings = problems_for(root, "warning")
    assert len(warnings) == 1 and "over 12 months" in warnings[0].message


def test_passed_fact_year_is_a_warning(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / "facts/core.yml", "year: 2026", "year: 2025")
    assert problems_for(root) == []
    warnings = problems_for(root, "warning")
    assert len(warnings) == 1
    assert warnings[0].file == "facts/core.yml" and "2025" in warnings[0].message


def test_duplicate_fact_id_across_files(tmp_path):
    root = copy_kb(tmp_path)
    (root / "facts" / "more.yml").write_text((root / "facts" / "core.yml").read_text())
    errors = problems_for(root)
    assert len(errors) == 4 and all("duplicate fact id" in e.message for e in errors)


def test_fact_needs_year_or_since(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / "facts/core.yml", "    year: 2026\n", "", )
    errors = problems_for(root)
    assert any("exactly one of `year:`" in e.message for e in errors), [str(e) for e in errors]


def test_all_problems_reported_at_once(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "reviewed: 2026-01-15", "reviewed: 2027-01-15")
    edit(root / "permits/fast_track.yml", "url: https://migri.fi/en/home", "url: migri.fi")
    edit(root / "permits/eu_blue_card.yml", "- fast_track", "- nope")
    files = {p.file for p in problems_for(root)}
    assert files == {SPECIALIST, "permits/fast_track.yml", "permits/eu_blue_card.yml"}


def test_cli_validate_exit_codes_and_format(tmp_path, capsys):
    root = copy_kb(tmp_path)
    assert main(["kb", "validate", "--path", str(root)]) == 0
    edit(root / SPECIALIST, "- fast_track", "- fast_trak")
    capsys.readouterr()
    assert main(["kb", "validate", "--path", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{SPECIALIST}:9: related.1: no topic with id 'fast_trak'" in out


@pytest.mark.parametrize("missing", ["fi", "en"])
def test_missing_language_block_reported_per_language(tmp_path, missing):
    root = copy_kb(tmp_path)
    path = root / SPECIALIST
    lines = path.read_text().split("\n")
    start = lines.index(f"{missing}:")
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]))
    only_problem(root, file=SPECIALIST, field=missing, text="language block is missing")


def test_followups_resolve_placeholders_and_match_across_languages(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "pikakaistalla {{fast_track_target_weeks}}", "pikakaistalla {{fast_track_weeks}}")
    only_problem(root, file=SPECIALIST, field="fi.followups.time", text="has no fact")
    root = copy_kb(tmp_path / "b")
    path = root / SPECIALIST
    text = path.read_text()
    start = text.index("  followups:", text.index("\nsv:\n"))
    end = text.index("\nen:\n")
    path.write_text(text[:start] + text[end + 1:])
    only_problem(root, file=SPECIALIST, field="sv.followups", text="same follow-up aspects")


def test_contacts_routes_must_point_to_contacts(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / "contacts.yml", "  permits: migri", "  permits: migrii")
    only_problem(root, file="contacts.yml", field="routes.permits", text="no contact with id 'migrii'")


def test_unknown_file_at_the_top_level(tmp_path):
    root = copy_kb(tmp_path)
    (root / "stray.yml").write_text("id: stray\n")
    only_problem(root, file="stray.yml", field="(file)", text="group folder")
