"""The chat API contract, against a fake Rasa server (httpx.MockTransport)."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.web.main import create_app

ANSWER = {
    "kind": "answer", "kb_id": "eu_blue_card", "lang": "fi", "text": "Sininen kortti ...",
    "buttons": [{"title": "Pikakaista", "payload": "/ask_fast_track"}],
    "sources": [{"title": "Migri", "url": "https://migri.fi/"}], "reviewed": "2026-11-28",
}


class FakeRasa:
    def __init__(self, replies=None, *, down=False):
        self.replies = replies if replies is not None else [{"recipient_id": "s", "custom": ANSWER}]
        self.down = down
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        if request.url.path == "/webhooks/rest/webhook":
            self.requests.append(json.loads(request.content))
            return httpx.Response(200, json=self.replies)
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "kokka.tar.gz"})
        if request.url.path == "/health":
            return httpx.Response(200, json={"status": "ok"})
        return httpx.Response(404)


@pytest.fixture
def fake():
    return FakeRasa()


@pytest.fixture
def client(fake, tmp_path):
    app = create_app(Settings(project_dir=tmp_path, rasa_token="t"), transport=httpx.MockTransport(fake))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def chat(client, **body):
    return client.post("/api/chat", json=body)


def test_answer_message_contract(client, fake):
    r = chat(client, session_id="abc-1_X", text="sininen kortti", language="fi")
    assert r.status_code == 200
    body = r.json()
    assert body["session_id"] == "abc-1_X" and body["language"] == "fi"
    (message,) = body["messages"]
    assert message == ANSWER
    sent = fake.requests[0]
    assert sent["sender"] == "abc-1_X" and sent["message"] == "sininen kortti"
    assert sent["metadata"] == {"language_hint": "fi", "session_language": None, "topic_hint": None}


def test_session_language_is_remembered_and_passed_on(client, fake):
    chat(client, session_id="s1", text="sininen kortti")
    chat(client, session_id="s1", text="ok")
    assert fake.requests[1]["metadata"]["session_language"] == "fi"


def test_plain_text_reply_gets_defaults(client, fake):
    fake.replies = [{"recipient_id": "s", "text": "Hello", "buttons": [{"title": "A", "payload": "/greet"}]}]
    body = chat(client, session_id="s2", text="hello", language="en").json()
    assert body["messages"][0] == {
        "text": "Hello", "kind": "smalltalk", "kb_id": None, "lang": "en",
        "buttons": [{"title": "A", "payload": "/greet"}], "sources": [], "reviewed": None,
    }


def test_empty_rasa_reply_gives_a_polite_error_message(client, fake):
    fake.replies = []
    body = chat(client, session_id="s3", text="hmm", language="sv").json()
    assert body["messages"][0]["kind"] == "error" and body["messages"][0]["lang"] == "sv"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": "hi"}, "session_id: is required"),
        ({"session_id": "s"}, "text: is required"),
        ({"session_id": "s", "text": ""}, "text: must not be empty"),
        ({"session_id": "s", "text": "  \n\t "}, "text: must not be empty"),
        ({"session_id": "s", "text": "x" * 2001}, "at most 2000"),
        ({"session_id": "", "text": "hi"}, "session_id: must be 1-64"),
        ({"session_id": "a" * 65, "text": "hi"}, "session_id: must be 1-64"),
        ({"session_id": "a b", "text": "hi"}, "session_id: must be 1-64"),
        ({"session_id": "ä", "text": "hi"}, "session_id: must be 1-64"),
        ({"session_id": 5, "text": "hi"}, "session_id: must be a string"),
        ({"session_id": "s", "text": ["hi"]}, "text: must be a string"),
        ({"session_id": "s", "text": "hi", "language": "de"}, "language: must be one of fi, sv, en"),
        ({"session_id": "s", "text": "hi", "language": 1}, "language: must be one of fi, sv, en"),
    ],
)
def test_bad_input_gets_422_with_readable_detail(client, fake, body, fragment):
    r = chat(client, **body)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]
    assert fake.requests == []


def test_text_of_exactly_2000_characters_is_accepted(client):
    assert chat(client, session_id="s", text="x" * 2000).status_code == 200


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b""])
def test_malformed_body_gets_422(client, raw):
    r = client.post("/api/chat", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], str)


def test_body_over_64_kb_gets_413(client, fake):
    r = client.post("/api/chat", content=b" " * (64 * 1024 + 1), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert fake.requests == []


def test_rasa_down_gives_503_in_the_requested_language(tmp_path):
    app = create_app(Settings(project_dir=tmp_path), transport=httpx.MockTransport(FakeRasa(down=True)))
    with TestClient(app) as c:
        r = chat(c, session_id="s", text="hej", language="sv")
        assert r.status_code == 503
        assert r.json()["detail"].startswith("Assistenten kan inte nås")
        r = chat(c, session_id="s", text="hello")
        assert r.status_code == 503 and "cannot be reached" in r.json()["detail"]
        health = c.get("/healthz")
        assert health.status_code == 503
        assert health.json()["rasa"] == "down" and health.json()["actions"] == "down"


def test_healthz_ok(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"web": "ok", "rasa": "ok", "model": "kokka.tar.gz", "actions": "in-process", "status": "ok"}


def test_healthz_checks_a_separate_action_server(tmp_path):
    class NoActionServer(FakeRasa):
        def __call__(self, request):
            if request.url.port == 5055:
                raise httpx.ConnectError("refused", request=request)
            return super().__call__(request)

    for transport, actions, code in ((FakeRasa(), "ok", 200), (NoActionServer(), "down", 503)):
        app = create_app(Settings(project_dir=tmp_path, actions_in_process=False), transport=httpx.MockTransport(transport))
        with TestClient(app) as c:
            r = c.get("/healthz")
            assert (r.status_code, r.json()["actions"]) == (code, actions)


def test_openapi_documents_the_chat_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert "/api/chat" in spec["paths"] and "/healthz" in spec["paths"]


@pytest.mark.parametrize(
    ("text", "lang", "sent"),
    [
        ("/ask_fast_track", "fi", '/ask_fast_track{"language": "fi"}'),
        ('/inform{"citizenship": "other"}', "sv", '/inform{"citizenship": "other", "language": "sv"}'),
        ('/switch_language{"language": "en"}', "fi", '/switch_language{"language": "en"}'),
        ("/ask_fast_track", None, "/ask_fast_track"),
        ("hello /ask_x", "fi", "hello /ask_x"),
        ("/broken{", "fi", "/broken{"),
    ],
)
def test_button_payloads_carry_the_conversation_language(text, lang, sent):
    from bot.web.rasa_client import with_language

    assert with_language(text, lang) == sent


def test_payload_sent_with_session_language(client, fake):
    chat(client, session_id="p1", text="sininen kortti")  # replies in fi
    chat(client, session_id="p1", text="/ask_fast_track")
    assert fake.requests[1]["message"] == '/ask_fast_track{"language": "fi"}'


def test_a_reply_says_where_its_time_went(client):
    import re

    r = chat(client, session_id="timing-1", text="sininen kortti")
    timing = r.headers["server-timing"]
    match = re.fullmatch(r"rasa;dur=(\d+\.\d), app;dur=(\d+\.\d)", timing)
    assert match, timing
    assert 0 <= float(match.group(1)) <= float(match.group(2))
