"""Scoring rules of `kokka eval`, against a fake chat server."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.cli import main
from bot.evaluation import EvalError, EvalItem, load_items, run_eval, score


def reply(*messages, language="fi"):
    return {"session_id": "s", "language": language, "messages": list(messages)}


def msg(kind="answer", kb_id=None, buttons=()):
    return {"text": "x", "kind": kind, "kb_id": kb_id, "lang": "fi", "buttons": list(buttons), "sources": [], "reviewed": None}


def item(topic, lang="fi", also=()):
    return EvalItem("i1", lang, topic, "text", tuple(also))


@pytest.mark.parametrize(
    ("it", "rep", "topic_ok", "lang_ok"),
    [
        (item("eu_blue_card"), reply(msg(kb_id="eu_blue_card")), True, True),
        (item("eu_blue_card"), reply(msg(kb_id="fast_track")), False, True),
        (item("eu_blue_card", also=["fast_track"]), reply(msg(kb_id="fast_track")), True, True),
        (item("eu_blue_card", lang="sv"), reply(msg(kb_id="eu_blue_card")), True, False),
        (item("out_of_scope"), reply(msg("out_of_scope")), True, True),
        (item("out_of_scope"), reply(msg("fallback", buttons=[{"title": "a", "payload": "/ask_x"}])), True, True),
        (item("out_of_scope"), reply(msg(kb_id="eu_blue_card")), False, True),
        (item("greet"), reply(msg("smalltalk")), True, True),
        (item("greet"), reply(msg("out_of_scope")), False, True),
        (item("thanks"), reply(), False, True),
    ],
)
def test_score(it, rep, topic_ok, lang_ok):
    assert score(it, rep)[:2] == (topic_ok, lang_ok)


def test_fallback_share_counts_suggestions_only():
    assert score(item("x"), reply(msg("fallback", buttons=[{"title": "a", "payload": "/ask_x"}])))[3] is True
    assert score(item("x"), reply(msg("fallback")))[3] is False


def test_load_items_errors_name_the_item(tmp_path):
    path = tmp_path / "q.yml"
    path.write_text("- {id: a, lang: fi, topic: t, text: hei}\n- {id: b, lang: de, topic: t, text: x}\n")
    with pytest.raises(EvalError, match=r"item 2 \(b\): lang must be one of"):
        load_items([path])
    path.write_text("- {id: a, lang: fi, text: hei, extra: ignored}\n")
    with pytest.raises(EvalError, match=r"item 1 \(a\): missing topic"):
        load_items([path])
    path.write_text("- {id: a, lang: fi, topic: t, text: hei, extra: ignored, also: [u]}\n")
    assert load_items([path]) == [EvalItem("a", "fi", "t", "hei", ("u",))]


def fake_server(answers):
    """Answers by text: {text: (kb_id or kind, language)}."""
    seen_sessions = []

    def handler(request):
        body = json.loads(request.content)
        seen_sessions.append(body["session_id"])
        assert "language" not in body  # no hint: the system must detect the language
        target, lang = answers[body["text"]]
        m = msg(kb_id=target) if target.startswith("t_") else msg(target)
        return httpx.Response(200, json=reply(m, language=lang))

    return handler, seen_sessions


def test_run_eval_per_language_and_out_of_scope_figures():
    items = [
        EvalItem("1", "fi", "t_a", "q1"), EvalItem("2", "fi", "t_b", "q2"),
        EvalItem("3", "sv", "t_a", "q3"), EvalItem("4", "en", "out_of_scope", "q4"),
        EvalItem("5", "en", "t_b", "q5"),
    ]
    handler, sessions = fake_server({
        "q1": ("t_a", "fi"), "q2": ("t_a", "fi"), "q3": ("t_a", "fi"),
        "q4": ("out_of_scope", "en"), "q5": ("fallback", "en"),
    })
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = run_eval(items, url="http://x", client=client)
    assert len(set(sessions)) == 5  # a fresh session per question
    assert result["per_language"]["fi"]["topic_accuracy"] == 0.5
    assert result["per_language"]["sv"] == {**result["per_language"]["sv"], "topic_accuracy": 1.0, "language_accuracy": 0.0, "n": 1}
    assert result["overall"]["topic_accuracy"] == 0.6
    assert result["out_of_scope"] == {"n": 1, "precision": 0.5, "recall": 1.0}
    assert {m["id"] for m in result["misses"]} == {"2", "3", "5"}
    assert set(result["latency_ms"]) == {"p50", "p95"}


def test_cli_reports_malformed_file(tmp_path, capsys):
    path = tmp_path / "q.yml"
    path.write_text("- just a string\n")
    assert main(["eval", str(path)]) == 2
    assert "item 1: must be a mapping" in capsys.readouterr().out


def test_dialogues_keep_one_session_and_score_each_turn(tmp_path):
    from bot.evaluation import load_dialogues, run_dialogues

    path = tmp_path / "d.yml"
    path.write_text(
        "- id: d1\n  turns:\n"
        "    - {text: q1, lang: fi, topic: t_a}\n"
        "    - {text: q2, lang: fi, topic: t_a}\n"
        "    - {text: q3, lang: sv}\n"
        "- id: d2\n  turns:\n"
        "    - {text: q4, lang: en, kind: clarify}\n"
        "    - {text: q5, lang: en, topic: t_b}\n"
    )
    dialogues = load_dialogues([path])
    handler, sessions = fake_server({
        "q1": ("t_a", "fi"), "q2": ("t_b", "fi"), "q3": ("smalltalk", "sv"),
        "q4": ("clarify", "en"), "q5": ("t_b", "fi"),
    })
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = run_dialogues(dialogues, url="http://x", client=client)
    assert sessions[0] == sessions[1] == sessions[2] != sessions[3] == sessions[4]
    assert result["per_language"]["fi"] == {"turns": 2, "turns_right": 1, "turn_accuracy": 0.5}
    assert result["per_language"]["sv"]["turns_right"] == 1  # language-only turn
    assert result["per_language"]["en"]["turns_right"] == 1  # q5 came back in Finnish
    assert result["dialogues_right"] == 0 and result["overall"]["turns"] == 5
    assert [m["id"] for m in result["misses"]] == ["d1#2", "d2#2"]


@pytest.mark.parametrize(
    ("content", "words"),
    [("- id: x\n  turns: []\n", "non-empty list of turns"), ("- id: x\n  turns:\n    - {text: hi, lang: de}\n", "turn 1"),
     ("{}", "YAML list")],
)
def test_malformed_dialogue_files_name_the_place(tmp_path, content, words):
    from bot.evaluation import load_dialogues

    path = tmp_path / "d.yml"
    path.write_text(content)
    with pytest.raises(EvalError, match=words):
        load_dialogues([path])
