from pathlib import Path

from bot.runner import build_services, service_env
from bot.settings import Settings


def test_rasa_token_is_passed_as_one_argument_even_when_it_starts_with_a_dash(tmp_path):
    settings = Settings(project_dir=tmp_path, rasa_token="-abc_def")
    rasa = next(s for s in build_services(settings, Path("models/kokka.tar.gz")) if s.name == "rasa")
    assert "--auth-token=-abc_def" in rasa.cmd
    assert rasa.health_url.endswith("token=-abc_def")


def test_services_listen_where_the_settings_say(tmp_path):
    settings = Settings(project_dir=tmp_path, rasa_port=1234, actions_port=2345, web_port=3456, web_host="127.0.0.1")
    services = {s.name: s for s in build_services(settings, Path("m.tar.gz"))}
    assert "1234" in services["rasa"].cmd and "2345" in services["actions"].cmd and "3456" in services["web"].cmd
    env = service_env(settings)
    assert env["KOKKA_ACTION_ENDPOINT_URL"] == "http://127.0.0.1:2345/webhook"
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert env["KOKKA_TRACKER_STORE_URL"].startswith("sqlite:///")
