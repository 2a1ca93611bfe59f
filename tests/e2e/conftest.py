"""Start the whole assistant (`kokka run`) once for the end-to-end tests, on spare ports."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from bot.settings import PROJECT_DIR

PORTS = {"KOKKA_RASA_PORT": "15005", "KOKKA_ACTIONS_PORT": "15055", "KOKKA_WEB_PORT": "18000"}
# Known to the tests so that a second web app (the widget tests) can talk to the same Rasa.
RASA_TOKEN = f"e2e{os.getpid():x}"
BASE_URL = f"http://127.0.0.1:{PORTS['KOKKA_WEB_PORT']}"


def pytest_collection_modifyitems(config, items):
    """Tests that stop the shared assistant run after all the others, whatever their file."""
    items.sort(key=lambda item: item.get_closest_marker("stops_assistant") is not None)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    # A copy of the knowledge base, so that the editing tests can change it safely.
    knowledge = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(PROJECT_DIR / "knowledge", knowledge)
    env = {**os.environ, **PORTS, "KOKKA_WEB_HOST": "127.0.0.1", "KOKKA_VAR_DIR": str(var_dir),
           "KOKKA_RASA_TOKEN": RASA_TOKEN, "KOKKA_KNOWLEDGE_DIR": str(knowledge)}
    kokka = Path(sys.executable).with_name("kokka")
    log = open(var_dir / "kokka-run.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([str(kokka), "run"], cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    ready = False
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{BASE_URL}/healthz", timeout=2).status_code == 200:
                ready = True
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)
    if not ready:
        proc.kill()
        log.close()
        pytest.fail("the assistant did not start:\n" + (var_dir / "kokka-run.log").read_text()[-3000:])
    children = psutil.Process(proc.pid).children(recursive=True)
    yield {"url": BASE_URL, "process": proc, "children": children, "knowledge": knowledge}
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
    log.close()


@pytest.fixture
def chat(assistant):
    counter = iter(range(10**6))

    def send(text: str, *, session: str | None = None, language: str | None = None) -> dict:
        body = {"session_id": session or f"e2e-{time.time_ns()}-{next(counter)}", "text": text}
        if language:
            body["language"] = language
        response = httpx.post(f"{assistant['url']}/api/chat", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    return send
