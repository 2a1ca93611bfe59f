"""Logging set-up, called once by each entry point."""

from __future__ import annotations

import logging
import os

QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_ENABLE_ONEDNN_OPTS": "0",
}


def quiet_environment() -> None:
    """Silence TensorFlow's and SQLAlchemy's start-up noise (set before importing them)."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)


def configure_logging(level: str = "INFO") -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
