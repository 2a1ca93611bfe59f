"""Train the Rasa model only when its inputs changed (a fingerprint of config, domain, data)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.logconfig import QUIET_ENV
from bot.settings import Settings

__all__ = ["fingerprint", "model_path", "needs_training", "train"]

logger = logging.getLogger(__name__)
MODEL_NAME = "kokka"
# Files whose change changes the trained model. Custom NLU components live in bot/nlu/.
_INPUT_GLOBS = ("config.yml", "domain.yml", "data/**/*.yml", "bot/nlu/**/*.py")


def fingerprint(project: Path) -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in _INPUT_GLOBS for p in project.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def model_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.tar.gz"


def _stamp_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.json"


def needs_training(settings: Settings) -> bool:
    stamp = _stamp_path(settings)
    if not model_path(settings).is_file() or not stamp.is_file():
        return True
    try:
        recorded = json.loads(stamp.read_text())["fingerprint"]
    except (ValueError, KeyError):
        return True
    return recorded != fingerprint(settings.project_dir)


def last_training(settings: Settings) -> dict | None:
    try:
        return json.loads(_stamp_path(settings).read_text())
    except (OSError, ValueError):
        return None


def train(settings: Settings, *, force: bool = False) -> Path:
    """Train with `rasa train` if needed; returns the model path. Raises on failure."""
    project = settings.project_dir
    target = model_path(settings)
    if not force and not needs_training(settings):
        logger.info("Model %s is up to date (fingerprint %s)", target.name, fingerprint(project))
        return target
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    rasa = Path(sys.executable).with_name("rasa")
    cmd = [
        str(rasa), "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
        "--out", str(settings.models_dir), "--fixed-model-name", MODEL_NAME,
    ]
    if force:
        cmd.append("--force")
    logger.info("Training the model (takes a few minutes on 2 cores): %s", " ".join(cmd[1:]))
    started = time.monotonic()
    env = {**os.environ, **QUIET_ENV}
    result = subprocess.run(cmd, cwd=project, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed with exit code {result.returncode}")
    seconds = round(time.monotonic() - started, 1)
    _stamp_path(settings).write_text(
        json.dumps({"fingerprint": fingerprint(project), "seconds": seconds,
                    "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, indent=2)
    )
    logger.info("Model trained in %.1f s: %s", seconds, target)
    return target
