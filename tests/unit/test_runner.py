from pathlib import Path

from bot.runner import build_services, service_env
from bot.settings import Settings


def test_rasa_token_is_passed_as_one_argument_even_when_it_starts_with_a_dash(tmp_path):
    settings = Settings(project_dir=tmp_path, rasa_token="-abc_def", rasa_workers=1)
    rasa = next(s for s in build_services(settings, Path("models/kokka.tar.gz")) if s.name == "rasa")
    assert "--auth-token=-abc_def" in rasa.cmd
    assert rasa.health_url.endswith("token=-abc_def")


def test_services_listen_where_the_settings_say(tmp_path):
    settings = Settings(project_dir=tmp_path, rasa_port=1234, actions_port=2345, web_port=3456, web_host="127.0.0.1",
                        rasa_workers=1, actions_in_process=False)
    services = {s.name: s for s in build_services(settings, Path("m.tar.gz"))}
    assert "1234" in services["rasa"].cmd and "2345" in services["actions"].cmd and "3456" in services["web"].cmd
    env = service_env(settings)
    assert env["KOKKA_ACTION_ENDPOINT_URL"] == "http://127.0.0.1:2345/webhook"
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert env["KOKKA_TRACKER_STORE_URL"].startswith("sqlite:///")


def test_by_default_the_actions_run_inside_rasa_and_no_action_server_starts(tmp_path):
    settings = Settings(project_dir=tmp_path, rasa_workers=2)
    assert [s.name for s in build_services(settings, Path("m.tar.gz"))] == ["rasa-0", "rasa-1", "web"]
    assert service_env(settings)["KOKKA_ACTION_ENDPOINT_URL"] == "inprocess://actions"


def test_several_rasa_workers_get_their_own_ports_and_tracker_files(tmp_path):
    settings = Settings(project_dir=tmp_path, rasa_port=5005, rasa_workers=3)
    rasa = [s for s in build_services(settings, Path("m.tar.gz")) if s.name.startswith("rasa")]
    assert [s.name for s in rasa] == ["rasa-0", "rasa-1", "rasa-2"]
    assert [s.cmd[-1] for s in rasa] == ["5005", "5006", "5007"]
    stores = [s.env["KOKKA_TRACKER_STORE_URL"] for s in rasa]
    assert stores[0].endswith("/tracker.db") and stores[1].endswith("/tracker-1.db") and len(set(stores)) == 3
    shared = Settings(project_dir=tmp_path, rasa_workers=2, tracker_store_url="postgresql://db/kokka")
    assert {s.env["KOKKA_TRACKER_STORE_URL"] for s in build_services(shared, Path("m")) if s.env} == {"postgresql://db/kokka"}


def test_sessions_spread_over_workers_and_stay_put():
    from collections import Counter

    from bot.web.rasa_client import worker_for

    counts = Counter(worker_for(f"session-{i}", 2) for i in range(2000))
    assert set(counts) == {0, 1} and abs(counts[0] - counts[1]) < 200
    assert all(worker_for("abc", 3) == worker_for("abc", 3) for _ in range(5))


def test_action_reply_validation_is_cached_but_still_strict():
    import jsonschema
    import pytest
    from rasa.core.actions.action import RemoteAction

    from bot.rasa_server import _validate_action_result

    good = {"events": [{"event": "slot", "name": "topic_id", "value": "eu_blue_card"}], "responses": [{"text": "hi"}]}
    assert _validate_action_result(None, good) is True
    with pytest.raises(jsonschema.ValidationError) as bad:
        _validate_action_result(None, {"events": [{"event": "slot", "name": 5}], "responses": []})
    assert "Failed to validate Action server response" in bad.value.message
    assert RemoteAction.action_response_format_spec()  # the schema Rasa itself uses


def test_tracker_store_backend_follows_the_url(tmp_path):
    from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore

    from bot.tracker_store import CachedSQLTrackerStore, UrlTrackerStore

    sql = UrlTrackerStore(host=f"sqlite:///{tmp_path / 't.db'}")
    assert isinstance(sql, CachedSQLTrackerStore) and isinstance(sql, SQLTrackerStore) and str(sql.engine.url).endswith("t.db")
    redis = UrlTrackerStore(host="rediss://:pw%40x@cache.example:6380/2")
    assert isinstance(redis, RedisTrackerStore) and redis.key_prefix.startswith("kokka")
    assert redis.red.connection_pool.connection_kwargs["db"] == 2
    assert redis.red.connection_pool.connection_kwargs["password"] == "pw@x"


def test_event_type_lookup_is_remembered_and_unknown_types_still_fail():
    import pytest
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

    from bot.rasa_server import _resolve_by_type

    assert _resolve_by_type("user") is UserUttered and _resolve_by_type("user") is UserUttered
    assert _resolve_by_type("slot") is SlotSet and _resolve_by_type("action") is ActionExecuted
    assert _resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError):
        _resolve_by_type("no_such_event")
    assert _resolve_by_type("topic") is None


def test_an_endpoint_keeps_one_http_session_per_event_loop():
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa_server import _kept_session

    endpoint = EndpointConfig(url="http://127.0.0.1:1/webhook")

    async def twice():
        async with _kept_session(endpoint) as first:
            pass
        async with _kept_session(endpoint) as second:
            pass
        assert not first.closed
        return first, second

    first, second = asyncio.run(twice())
    assert first is second
    other, _ = asyncio.run(twice())  # a new loop gets its own session
    assert other is not first


def test_clients_drop_idle_connections_before_the_servers_do():
    # Sanic (Rasa server, action server) closes an idle connection after KEEP_ALIVE_TIMEOUT; a
    # client that keeps it as long races the close and loses the request.
    from sanic.config import DEFAULT_CONFIG

    from bot.settings import CLIENT_KEEPALIVE_S

    assert CLIENT_KEEPALIVE_S < DEFAULT_CONFIG["KEEP_ALIVE_TIMEOUT"]


def test_the_kept_action_session_reuses_a_connection_and_drops_it_when_idle(monkeypatch):
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    import bot.rasa_server as rasa_server

    monkeypatch.setattr(rasa_server, "CLIENT_KEEPALIVE_S", 0.3)
    peers = []

    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": []})

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
        try:
            for pause in (0, 0, 0.8):
                await asyncio.sleep(pause)
                assert await endpoint.request(method="post", json={}) == {"events": [], "responses": []}
        finally:
            async with rasa_server._kept_session(endpoint) as session:
                await session.close()
            await runner.cleanup()

    rasa_server.patch()
    asyncio.run(scenario())
    assert peers[0] == peers[1]  # reused while busy
    assert peers[2] != peers[1]  # a fresh connection after the idle pause
