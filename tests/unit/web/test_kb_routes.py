"""GET /api/notices and GET /api/kb/status against a copy of the fixture knowledge base."""

from __future__ import annotations

import datetime as dt
import os
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.web.main import create_app
from tests.helpers import copy_kb, edit
from tests.unit.web.test_chat_api import FakeRasa


@pytest.fixture
def kb_root(tmp_path):
    root = copy_kb(tmp_path)
    today = dt.date.today()
    (root / "notices.yml").write_text(f"""notices:
  - id: current
    starts: {today - dt.timedelta(days=1)}
    ends: {today + dt.timedelta(days=1)}
    text: {{fi: Huoltokatko tänään., sv: Serviceavbrott i dag., en: Maintenance today.}}
  - id: later
    starts: {today + dt.timedelta(days=10)}
    ends: {today + dt.timedelta(days=11)}
    text: {{fi: Myöhemmin., sv: Senare., en: Later.}}
""", encoding="utf-8")
    return root


@pytest.fixture
def client(kb_root, tmp_path):
    app = create_app(Settings(project_dir=tmp_path, knowledge_dir=kb_root, rasa_token="t"),
                     transport=httpx.MockTransport(FakeRasa()))
    app.state.store.check_interval = 0
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(("lang", "text"), [("fi", "Huoltokatko tänään."), ("sv", "Serviceavbrott i dag."), ("en", "Maintenance today.")])
def test_only_current_notices_in_the_requested_language(client, lang, text):
    body = client.get("/api/notices", params={"language": lang}).json()
    assert body["language"] == lang and [n["text"] for n in body["notices"]] == [text]


def test_unknown_language_is_a_422(client):
    assert client.get("/api/notices", params={"language": "de"}).status_code == 422


def test_kb_status_and_an_invalid_edit(client, kb_root):
    status = client.get("/api/kb/status").json()
    assert status["topics"] >= 1 and status["last_error"] is None and status["notices_active"] == 1
    assert set(status["per_language"]) == {"fi", "sv", "en"}
    version = status["version"]
    topic = next((kb_root / "permits").glob("*.yml"))
    edit(topic, "reviewed: ", "reviewed: not-a-date # ")
    os.utime(topic, (time.time() + 5, time.time() + 5))
    broken = client.get("/api/kb/status").json()
    assert broken["version"] == version  # the previous version keeps serving
    assert broken["last_error"] and topic.name in broken["last_error"][0]
