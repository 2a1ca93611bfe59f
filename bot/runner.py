"""`kokka run`: start the Rasa server(s), the action server (unless the actions run in process) and
the web app; stop all on Ctrl-C."""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.logconfig import QUIET_ENV
from bot.settings import Settings

__all__ = ["run_all", "service_env"]

logger = logging.getLogger(__name__)
READY_TIMEOUT_S = 180


@dataclass
class Service:
    name: str
    cmd: list[str]
    health_url: str
    process: subprocess.Popen | None = None
    env: dict[str, str] | None = None  # extra environment for this process


def service_env(settings: Settings) -> dict[str, str]:
    """Environment shared by the three processes (endpoints.yml reads the KOKKA_* values)."""
    return {
        **os.environ,
        **QUIET_ENV,
        "KOKKA_RASA_TOKEN": settings.rasa_token,
        "KOKKA_RASA_HOST": settings.rasa_host,
        "KOKKA_RASA_PORT": str(settings.rasa_port),
        "KOKKA_ACTIONS_HOST": settings.actions_host,
        "KOKKA_ACTIONS_PORT": str(settings.actions_port),
        "KOKKA_ACTION_ENDPOINT_URL": settings.action_endpoint_url,
        "KOKKA_TRACKER_STORE_URL": settings.tracker_store_url,
        "SANIC_HOST": settings.actions_host,
    }


def build_services(settings: Settings, model: Path) -> list[Service]:
    bindir = Path(sys.executable).parent
    rasa = [
        Service(
            f"rasa-{i}" if settings.rasa_workers > 1 else "rasa",
            # "--auth-token=..." in one piece: a token starting with "-" must not look like an option.
            [str(bindir / "python"), "-m", "bot.rasa_server", "run", "--enable-api", f"--auth-token={settings.rasa_token}",
             "--model", str(model), "--endpoints", "endpoints.yml", "--credentials",
             "credentials.yml", "--interface", settings.rasa_host, "--port", str(settings.rasa_port + i)],
            f"{url}/status?token={settings.rasa_token}",
            env={"KOKKA_TRACKER_STORE_URL": settings.tracker_store_url_for(i)},
        )
        for i, url in enumerate(settings.rasa_urls)
    ]
    actions = [] if settings.actions_in_process else [
        Service(
            "actions",
            [str(bindir / "python"), "-m", "rasa_sdk", "--actions", "actions",
             "--port", str(settings.actions_port)],
            f"{settings.actions_url}/health",
        ),
    ]
    return [
        *actions,
        *rasa,
        Service(
            "web",
            [str(bindir / "uvicorn"), "bot.web.main:create_app", "--factory", "--host",
             settings.web_host, "--port", str(settings.web_port), "--log-level", "warning"],
            f"http://127.0.0.1:{settings.web_port}/healthz",
        ),
    ]


def write_run_info(settings: Settings, services: list[Service]) -> None:
    """var/run.json (readable by the owner only): what `kokka bench` needs to find the processes."""
    info = {
        "web_url": f"http://127.0.0.1:{settings.web_port}",
        "rasa_urls": settings.rasa_urls,
        "rasa_token": settings.rasa_token,
        "pids": {s.name: s.process.pid for s in services if s.process},
    }
    path = settings.var_dir / "run.json"
    path.write_text(json.dumps(info, indent=2), encoding="utf-8")
    path.chmod(0o600)


def _stop(services: list[Service]) -> None:
    for service in services:
        if service.process and service.process.poll() is None:
            try:
                os.killpg(service.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 10
    for service in services:
        if not service.process:
            continue
        try:
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(service.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            service.process.wait()


def _wait_ready(services: list[Service]) -> bool:
    pending = list(services)
    started = time.monotonic()
    last_note = 0.0
    with httpx.Client(timeout=2) as client:
        while pending:
            for service in list(pending):
                if service.process and service.process.poll() is not None:
                    logger.error("%s exited with code %s during start-up", service.name, service.process.returncode)
                    return False
                try:
                    if client.get(service.health_url).status_code < 500:
                        logger.info("%s is ready (%.0f s)", service.name, time.monotonic() - started)
                        pending.remove(service)
                except httpx.HTTPError:
                    pass
            elapsed = time.monotonic() - started
            if elapsed > READY_TIMEOUT_S:
                logger.error("Timed out waiting for %s", ", ".join(s.name for s in pending))
                return False
            if pending and elapsed - last_note >= 10:
                logger.info("Waiting for %s ...", ", ".join(s.name for s in pending))
                last_note = elapsed
            time.sleep(0.5)
    return True


def run_all(settings: Settings, model: Path) -> int:
    """Run until Ctrl-C or until one process dies; always stops all three."""
    if not settings.rasa_token:
        settings = settings.copy(update={"rasa_token": secrets.token_hex(24)})
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    env = service_env(settings)
    services = build_services(settings, model)

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # Explicit handlers: a process started in the background inherits an ignored SIGINT.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for service in services:
            logger.info("Starting %s", service.name)
            # Own process group: Ctrl-C reaches us once, and we stop each group as a whole.
            service.process = subprocess.Popen(
                service.cmd, cwd=settings.project_dir, env={**env, **(service.env or {})}, start_new_session=True
            )
        if not _wait_ready(services):
            return 1
        write_run_info(settings, services)
        host = "localhost" if settings.web_host in ("0.0.0.0", "127.0.0.1", "::") else settings.web_host
        logger.info("The assistant is ready: open http://%s:%s/ (Ctrl-C stops it)", host, settings.web_port)
        while True:
            for service in services:
                if service.process and service.process.poll() is not None:
                    logger.error("%s stopped unexpectedly (exit %s); stopping the others",
                                 service.name, service.process.returncode)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        logger.info("Stopping ...")
        return 0
    finally:
        _stop(services)
        (settings.var_dir / "run.json").unlink(missing_ok=True)
        logger.info("All processes stopped")
