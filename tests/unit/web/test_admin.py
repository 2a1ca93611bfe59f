"""The admin pages: closed without a token, reports with it; chat survives a dead analytics DB."""

from __future__ import annotations

import base64
import csv
import io

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.web.main import create_app
from tests.helpers import VALID_KB
from tests.unit.web.test_chat_api import FakeRasa

TOKEN = "s3cret-admin-token"
OUT_OF_SCOPE = {"kind": "out_of_scope", "kb_id": None, "lang": "fi", "text": "En osaa vastata.",
                "buttons": [{"title": "Luvat", "payload": "/ask_who_needs_a_permit"}]}
FALLBACK = {"kind": "fallback", "kb_id": None, "lang": "fi", "text": "Tarkoititko",
            "buttons": [{"title": "Verotus", "payload": "/ask_taxation"}]}


def basic(password: str, user: str = "editor") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def make_client(tmp_path, fake, **settings):
    app = create_app(Settings(project_dir=tmp_path, knowledge_dir=VALID_KB, rasa_token="t", **settings),
                     transport=httpx.MockTransport(fake))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def fake():
    return FakeRasa()


@pytest.fixture
def client(tmp_path, fake):
    with make_client(tmp_path, fake, admin_token=TOKEN) as c:
        yield c


@pytest.mark.parametrize("path", ["/admin", "/admin/unanswered", "/admin/unanswered.csv", "/admin/usage", "/admin/topics/x"])
def test_admin_is_404_without_a_configured_token(tmp_path, fake, path):
    with make_client(tmp_path, fake) as c:
        assert c.get(path, headers=basic("")).status_code == 404


@pytest.mark.parametrize("headers", [{}, basic("wrong"), basic(TOKEN[:-1]), {"Authorization": "Bearer nope"},
                                     {"Authorization": "Basic !!!notbase64"}])
def test_admin_refuses_without_the_right_token(client, headers):
    response = client.get("/admin", headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Basic")


def test_topics_table_with_languages_review_date_and_feedback(client):
    client.post("/api/feedback", json={"session_id": "s", "kb_id": "eu_blue_card", "language": "fi", "rating": "up"})
    page = client.get("/admin", headers=basic(TOKEN))
    assert page.status_code == 200 and "eu_blue_card" in page.text and "fi, sv, en" in page.text
    assert client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_preview_shows_each_language_as_users_see_it(client):
    page = client.get("/admin/topics/eu_blue_card", headers=basic(TOKEN))
    assert page.status_code == 200
    assert 'lang="fi"' in page.text and 'lang="sv"' in page.text and 'lang="en"' in page.text
    assert "{{" not in page.text.split("<main>")[1]  # figures are filled in
    assert client.get("/admin/topics/nope", headers=basic(TOKEN)).status_code == 404


def test_unanswered_questions_are_grouped_masked_and_exported(client, fake):
    fake.replies = [{"recipient_id": "s", "custom": OUT_OF_SCOPE}]
    for i, text in enumerate(["Millainen sää on huomenna Turussa?", "millainen sää huomenna turussa",
                              "Soita minulle 040 123 4567 sää huomenna Turussa"]):
        assert client.post("/api/chat", json={"session_id": f"u{i}", "text": text}).status_code == 200
    fake.replies = [{"recipient_id": "s", "custom": FALLBACK}]
    client.post("/api/chat", json={"session_id": "u9", "text": "veroprosentti avainhenkilö"})
    page = client.get("/admin/unanswered", headers=basic(TOKEN))
    assert page.status_code == 200 and "040 123 4567" not in page.text and "[phone]" in page.text
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/unanswered.csv", headers=basic(TOKEN)).text)))
    weather = next(r for r in rows if "sää" in r["example"].lower())
    assert weather["count"] == "3" and weather["language"] == "fi" and weather["reasons"] == "out_of_scope:3"
    assert weather["guessed_topic"] == ""  # an out-of-scope reply makes no guess
    tax = next(r for r in rows if "veroprosentti" in r["example"])
    assert tax["count"] == "1" and tax["guessed_topic"] == "taxation"


def test_thumbs_down_is_reported_with_the_question(client, fake):
    fake.replies = [{"recipient_id": "s", "custom": {"kind": "answer", "kb_id": "eu_blue_card", "lang": "en",
                                                     "text": "The Blue Card ...", "buttons": []}}]
    client.post("/api/chat", json={"session_id": "d1", "text": "blue card salary for my@mail.com"})
    client.post("/api/feedback", json={"session_id": "d1", "kb_id": "eu_blue_card", "language": "en", "rating": "down",
                                       "comment": "old figure"})
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/unanswered.csv", headers=basic(TOKEN)).text)))
    assert rows[0]["example"] == "blue card salary for [email]" and rows[0]["reasons"] == "thumbs_down:1"
    assert rows[0]["guessed_topic"] == "eu_blue_card"


def test_usage_per_day_language_and_topic(client, fake):
    fake.replies = [{"recipient_id": "s", "custom": {"kind": "answer", "kb_id": "eu_blue_card", "lang": "sv",
                                                     "text": "Blåkort ...", "buttons": []}}]
    for i in range(3):
        client.post("/api/chat", json={"session_id": f"use{i}", "text": "blåkort"})
    page = client.get("/admin/usage", headers=basic(TOKEN))
    assert page.status_code == 200 and "<td>sv</td><td>3</td><td>3</td>" in page.text.replace("\n", "")
    assert "eu_blue_card" in page.text


def test_chat_goes_on_when_the_analytics_database_is_unreachable(tmp_path, fake):
    with make_client(tmp_path, fake, admin_token=TOKEN,
                     analytics_url="postgresql://nobody@127.0.0.1:1/none") as c:
        response = c.post("/api/chat", json={"session_id": "x", "text": "hei"})
        assert response.status_code == 200 and response.json()["messages"]
        page = c.get("/admin/usage", headers=basic(TOKEN))
        assert page.status_code == 200 and "analytics database is unavailable" in page.text
        assert c.get("/admin/unanswered.csv", headers=basic(TOKEN)).status_code == 503


def test_answer_confidence_is_recorded_but_not_returned(tmp_path, fake):
    fake.replies = [{"recipient_id": "s", "custom": {"kind": "answer", "kb_id": "taxation", "lang": "fi",
                                                     "text": "Verokortti ...", "buttons": [], "confidence": 0.87}}]
    with make_client(tmp_path, fake, admin_token=TOKEN) as c:
        body = c.post("/api/chat", json={"session_id": "conf", "text": "verokortti"}).json()
        assert "confidence" not in body["messages"][0]
        with c.app.state.analytics.engine.connect() as conn:
            from sqlalchemy import text
            assert conn.execute(text("SELECT kb_id, confidence FROM answer_events")).all() == [("taxation", 0.87)]


def test_admin_page_shows_a_failed_edit_while_the_old_version_serves(tmp_path, fake):
    import os
    import time

    from tests.helpers import copy_kb, edit

    root = copy_kb(tmp_path)
    app = create_app(Settings(project_dir=tmp_path, knowledge_dir=root, rasa_token="t", admin_token=TOKEN),
                     transport=httpx.MockTransport(fake))
    app.state.store.check_interval = 0
    with TestClient(app, raise_server_exceptions=False) as c:
        assert "was not loaded" not in c.get("/admin", headers=basic(TOKEN)).text
        topic = root / "permits" / "eu_blue_card.yml"
        edit(topic, "reviewed: ", "reviewed: soon # ")
        os.utime(topic, (time.time() + 5, time.time() + 5))
        page = c.get("/admin", headers=basic(TOKEN)).text
        assert "was not loaded" in page and "permits/eu_blue_card.yml" in page and "eu_blue_card" in page
