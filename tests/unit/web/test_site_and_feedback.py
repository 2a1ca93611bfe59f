"""Demo site, widget files, security headers, CORS and POST /api/feedback (fake Rasa)."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from bot.settings import Settings
from bot.web.main import create_app
from tests.unit.web.test_chat_api import FakeRasa


@pytest.fixture
def app_and_client(tmp_path):
    fake = FakeRasa()
    settings = Settings(project_dir=tmp_path, rasa_token="t", cors_origins=["https://partner.example"])
    app = create_app(settings, transport=httpx.MockTransport(fake))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client, fake


@pytest.fixture
def client(app_and_client):
    return app_and_client[1]


@pytest.mark.parametrize(("path", "lang"), [("/", "fi"), ("/sv/", "sv"), ("/en/", "en"), ("/en/blue-card", "en")])
def test_demo_pages_embed_the_widget_with_one_tag(client, path, lang):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert f'<html lang="{lang}">' in html
    assert html.count("<script") == 1 and f'<script src="/widget.js" data-language="{lang}"' in html
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_finnish_page_links_to_the_other_language_versions(client):
    html = client.get("/").text
    assert 'href="/sv/"' in html and 'href="/en/"' in html


def test_blue_card_page_passes_its_topic(client):
    assert 'data-topic="eu_blue_card"' in client.get("/en/blue-card").text


@pytest.mark.parametrize(("path", "media"), [("/widget.js", "text/javascript"), ("/widget.css", "text/css"), ("/site.css", "text/css")])
def test_static_files_are_cached_and_revalidated(client, path, media):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "max-age=" in response.headers["cache-control"] and response.headers.get("etag")
    again = client.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_widget_never_uses_inner_html_or_eval():
    from bot.web.routes.site import STATIC

    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write"):
        assert forbidden not in source
    for testid in ("kokka-launcher", "kokka-panel", "kokka-log", "kokka-input", "kokka-send",
                   "kokka-lang-", "data-kb-id", "data-kind"):
        assert testid in source


def test_docs_page_is_not_blocked_by_the_csp(client):
    response = client.get("/docs")
    assert response.status_code == 200 and "content-security-policy" not in response.headers


def test_cors_only_for_configured_origins(client):
    allowed = client.options("/api/chat", headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == "https://partner.example"
    denied = client.options("/api/chat", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in denied.headers
    simple = client.post("/api/chat", json={"session_id": "c1", "text": "hei"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_topic_hint_is_sent_to_rasa_as_metadata(app_and_client):
    _, client, fake = app_and_client
    response = client.post("/api/chat", json={"session_id": "t1", "text": "how long does it take?", "topic": "eu_blue_card"})
    assert response.status_code == 200
    assert fake.requests[-1]["metadata"]["topic_hint"] == "eu_blue_card"


def test_a_malformed_topic_hint_is_refused(client):
    response = client.post("/api/chat", json={"session_id": "t1", "text": "hi", "topic": "<script>"})
    assert response.status_code == 422 and "topic" in response.json()["detail"]


def test_feedback_is_stored_with_masked_comment_and_hashed_session(app_and_client):
    app, client, _ = app_and_client
    body = {"session_id": "sess-42", "kb_id": "eu_blue_card", "language": "fi", "rating": "down",
            "comment": "Väärä palkkaraja, soita 040 123 4567 tai matti@example.fi"}
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 201 and response.json()["status"] == "stored"
    (row,) = app.state.analytics.feedback("eu_blue_card")
    assert row.rating == "down" and row.language == "fi"
    assert row.comment == "Väärä palkkaraja, soita [phone] tai [email]"
    assert row.session_hash != "sess-42" and len(row.session_hash) == 64
    assert app.state.analytics.feedback_counts() == {"eu_blue_card": {"up": 0, "down": 1}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"session_id": "s", "kb_id": "x", "language": "fi", "rating": "meh"}, "rating"),
        ({"session_id": "s", "kb_id": "../etc", "language": "fi", "rating": "up"}, "kb_id"),
        ({"session_id": "s", "kb_id": "x", "language": "de", "rating": "up"}, "language"),
        ({"session_id": "s", "kb_id": "x", "language": "fi", "rating": "up", "comment": "x" * 1001}, "comment"),
        ({"kb_id": "x", "language": "fi", "rating": "up"}, "session_id"),
    ],
)
def test_bad_feedback_gets_a_clear_422(client, body, field):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 422 and field in response.json()["detail"]


def test_feedback_store_down_is_a_polite_503_and_chat_goes_on(app_and_client):
    app, client, _ = app_and_client
    with app.state.analytics.engine.begin() as conn:
        conn.execute(text("DROP TABLE feedback"))
    response = client.post("/api/feedback", json={"session_id": "s", "kb_id": "x", "language": "sv", "rating": "up"})
    assert response.status_code == 503 and "Responsen" in response.json()["detail"]
    assert client.post("/api/chat", json={"session_id": "s", "text": "hej"}).status_code == 200


def test_every_endpoint_is_documented_with_examples(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def has_example(node) -> bool:
        text = json.dumps(node)
        if '"example"' in text:
            return True
        refs = re.findall(r'"#/components/schemas/(\w+)"', text)
        return any('"example"' in json.dumps(schemas[r]) for r in refs)

    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            assert op.get("summary"), f"{method} {path} has no summary"
            if "requestBody" in op:
                assert has_example(op["requestBody"]), f"{method} {path}: request without example"
            ok = next(v for k, v in op["responses"].items() if k.startswith("2"))
            assert has_example(ok), f"{method} {path}: response without example"
