"""Custom actions run inside the Rasa process (action endpoint inprocess://<package>)."""

import asyncio

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_server

PACKAGE = "tests.fixtures.inprocess_actions"
DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  language:
    type: text
    mappings: [{type: custom}]
actions: [action_echo, action_refuse, action_missing, action_broken]
""")


@pytest.fixture
def patched(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "request", rasa_server._request)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_server._validate_action_result)


def run(name: str, text: str = "moi") -> list:
    tracker = DialogueStateTracker.from_events("s1", [UserUttered(text, {"name": "greet", "confidence": 1.0})],
                                              slots=DOMAIN.slots)
    action = RemoteAction(name, EndpointConfig(url=f"inprocess://{PACKAGE}"))
    return asyncio.run(action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, DOMAIN))


def test_rasa_runs_a_custom_action_in_process_with_its_messages_and_events(patched):
    events = run("action_echo", "hei siellä")
    bot = [e for e in events if isinstance(e, BotUttered)]
    assert [b.text for b in bot] == ["echo: hei siellä"]
    assert bot[0].data["buttons"] == [{"title": "again", "payload": "/again"}]
    assert SlotSet("language", "fi") in events


def test_a_rejection_reaches_rasa_as_its_own_rejection(patched):
    # Rasa's form handling relies on this exception type to try other actions.
    with pytest.raises(ActionExecutionRejection) as rejected:
        run("action_refuse")
    assert "not now" in rejected.value.message


def test_an_unknown_action_is_an_error_naming_it(patched):
    with pytest.raises(RasaException, match="action_missing"):
        run("action_missing")


def test_a_failing_action_is_the_error_rasa_expects_from_an_action_server(patched):
    # Over HTTP the action server answers 500 and Rasa raises RasaException; the same here.
    with pytest.raises(RasaException, match="action_broken") as failed:
        run("action_broken")
    assert isinstance(failed.value.__cause__, KeyError)


def test_replies_are_validated_like_the_action_servers(patched, monkeypatch):
    from jsonschema import ValidationError

    async def bad_reply(package, call):
        return {"events": [{"event": "slot", "name": 5}], "responses": []}

    monkeypatch.setattr(rasa_server, "run_in_process", bad_reply)
    with pytest.raises(ValidationError):
        run("action_echo")


def test_http_endpoints_still_go_over_http(monkeypatch):
    calls = []

    async def original(self, method="post", subpath=None, content_type="application/json", compress=False, **kw):
        calls.append(self.url)
        return {"events": [], "responses": []}

    monkeypatch.setattr(rasa_server, "_original_request", original)
    reply = asyncio.run(rasa_server._request(EndpointConfig(url="http://127.0.0.1:5055/webhook"), json={"x": 1}))
    assert calls == ["http://127.0.0.1:5055/webhook"] and reply == {"events": [], "responses": []}


def test_the_project_actions_are_found_in_process():
    executor = rasa_server._executor("actions")
    assert {"action_answer_topic", "action_answer_fallback", "validate_permit_finder_form"} <= set(executor.actions)
