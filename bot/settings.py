"""Settings of every entry point, from environment variables prefixed ``KOKKA_``.

Defaults run everything locally with no external service: SQLite under ``var/``, the Rasa
server(s) on loopback, the custom actions inside them. Production points the URLs elsewhere.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings, Field, validator

from bot.lang import LANGUAGES

__all__ = ["Settings", "get_settings", "PROJECT_DIR"]

PROJECT_DIR = Path(__file__).resolve().parents[1]

# Our HTTP clients drop an idle kept-alive connection after this many seconds. The Rasa server and
# the action server (Sanic) close theirs after 5 s; a client that keeps a connection as long as the
# server may send a request just as the server closes it, and that request fails ("Can not write
# request body", seen under `make eval`). Closing first on the client side avoids the race.
CLIENT_KEEPALIVE_S = 2.0

# Action endpoint URL meaning "run the `actions` package inside the Rasa process" (bot/rasa_server.py).
IN_PROCESS_ACTIONS_URL = "inprocess://actions"


class Settings(BaseSettings):
    project_dir: Path = PROJECT_DIR
    knowledge_dir: Path | None = None  # default: <project_dir>/knowledge
    var_dir: Path | None = None  # default: <project_dir>/var

    rasa_host: str = "127.0.0.1"
    rasa_port: int = Field(5005, ge=1, le=65535)
    rasa_token: str = ""  # protects Rasa's HTTP API; `kokka run` makes a random one if unset
    # Rasa server processes (ports rasa_port, rasa_port+1, ...); each session always goes to the
    # same one (a hash of its id). One process handles one message at a time: use one per core.
    rasa_workers: int = Field(2, ge=1, le=16)
    # Run the custom actions (rasa-sdk, package `actions`) inside each Rasa process instead of a
    # separate action server: the same code and reply validation without an HTTP hop per action
    # (docs/benchmarks.md). Set to false to run `python -m rasa_sdk` as its own process, e.g. to
    # scale or deploy the actions separately.
    actions_in_process: bool = True
    actions_host: str = "127.0.0.1"
    actions_port: int = Field(5055, ge=1, le=65535)
    web_host: str = "0.0.0.0"
    web_port: int = Field(8000, ge=1, le=65535)

    tracker_store_url: str = ""  # default: sqlite:///<var_dir>/tracker.db
    rasa_timeout_s: float = Field(30.0, gt=0)
    default_language: str = "en"
    log_level: str = "INFO"

    # Sites allowed to embed the widget from another origin (comma-separated or a JSON list).
    cors_origins: list[str] = []
    # Analytics and feedback (SQLAlchemy URL); default: sqlite:///<var_dir>/analytics.db
    analytics_url: str = ""
    # Salt for hashing session ids before they are stored; default: a random one kept in var/.
    analytics_salt: str = ""
    # Analytics rows and Rasa tracker-store events older than this are deleted (daily).
    retention_days: int = Field(180, ge=1, le=3650)
    # The admin pages (/admin) answer 404 unless a token is set; log in with any user name.
    admin_token: str = ""

    class Config:
        env_prefix = "KOKKA_"
        env_file = ".env"  # development convenience only; real deployments set the environment

        @classmethod
        def parse_env_var(cls, field_name: str, raw_val: str) -> object:
            if field_name == "cors_origins" and not raw_val.strip().startswith("["):
                return [origin.strip().rstrip("/") for origin in raw_val.split(",") if origin.strip()]
            return cls.json_loads(raw_val)  # type: ignore[attr-defined]

    @validator("knowledge_dir", always=True)
    def _knowledge_dir(cls, value: Path | None, values: dict) -> Path:  # noqa: N805
        return Path(value) if value else values["project_dir"] / "knowledge"

    @validator("var_dir", always=True)
    def _var_dir(cls, value: Path | None, values: dict) -> Path:  # noqa: N805
        return Path(value) if value else values["project_dir"] / "var"

    @validator("tracker_store_url", always=True)
    def _tracker_url(cls, value: str, values: dict) -> str:  # noqa: N805
        return value or f"sqlite:///{values['var_dir'] / 'tracker.db'}"

    @validator("analytics_url", always=True)
    def _analytics_url(cls, value: str, values: dict) -> str:  # noqa: N805
        return value or f"sqlite:///{values['var_dir'] / 'analytics.db'}"

    @validator("default_language")
    def _language(cls, value: str) -> str:  # noqa: N805
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://{self.rasa_host}:{self.rasa_port + i}" for i in range(self.rasa_workers)]

    def tracker_store_url_for(self, worker: int) -> str:
        """Per-worker SQLite files by default (sessions never move between workers); a shared
        database (PostgreSQL) when one is configured."""
        default = f"sqlite:///{self.var_dir / 'tracker.db'}"
        if self.tracker_store_url == default and worker > 0:
            return f"sqlite:///{self.var_dir / f'tracker-{worker}.db'}"
        return self.tracker_store_url

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}"

    @property
    def action_endpoint_url(self) -> str:
        """What Rasa's endpoints.yml gets: the action server's webhook, or the in-process marker."""
        return IN_PROCESS_ACTIONS_URL if self.actions_in_process else f"{self.actions_url}/webhook"

    @property
    def models_dir(self) -> Path:
        return self.project_dir / "models"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
