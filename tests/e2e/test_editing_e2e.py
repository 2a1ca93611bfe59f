"""Editors' workflow on the running assistant: an answer edit is served within 2 s without
retraining or restart; an invalid edit keeps the old content and reports the error."""

from __future__ import annotations

import os
import time

import httpx
import pytest

pytestmark = pytest.mark.e2e


def _answer(chat) -> str:
    return chat("/ask_d_visa", language="en")["messages"][0]["text"]


def _served_everywhere(chat, wanted, *, within: float, what: str) -> None:
    """Wait until ``wanted(answer)`` holds for 6 answers in a row. Each answer is a new session, and
    sessions are spread over the Rasa workers, each of which checks the files on its own."""
    start = time.monotonic()
    streak = 0
    while streak < 6:
        streak = streak + 1 if wanted(_answer(chat)) else 0
        assert time.monotonic() - start < within, f"{what} was not served within {within} s"


def _touch(path) -> None:
    later = time.time() + 1  # a fresh mtime even on coarse file systems
    os.utime(path, (later, later))


def test_answer_edit_is_served_within_two_seconds(assistant, chat):
    topic = assistant["knowledge"] / "permits" / "d_visa.yml"
    original = topic.read_text(encoding="utf-8")
    before = _answer(chat)
    marker = f"Edited by an editor {time.time_ns()}."
    lines = original.split("\n")
    en = lines.index("en:")
    answer = next(i for i in range(en, len(lines)) if lines[i].startswith("  answer: |"))
    lines.insert(answer + 1, f"    {marker}\n")
    try:
        topic.write_text("\n".join(lines), encoding="utf-8")
        _touch(topic)
        _served_everywhere(chat, lambda text: marker in text, within=2.0, what="the edit")
        assert marker not in before
    finally:
        topic.write_text(original, encoding="utf-8")
        _touch(topic)
        _served_everywhere(chat, lambda text: marker not in text, within=5.0, what="the original")


def test_invalid_edit_keeps_the_old_content_and_reports_the_error(assistant, chat):
    topic = assistant["knowledge"] / "permits" / "d_visa.yml"
    original = topic.read_text(encoding="utf-8")
    before = _answer(chat)
    try:
        topic.write_text(original.replace("reviewed: ", "reviewed: someday # ", 1), encoding="utf-8")
        _touch(topic)
        time.sleep(1.5)  # past the stores' check interval (0.5 s) and a reload
        assert _answer(chat) == before
        response = httpx.get(f"{assistant['url']}/api/kb/status", timeout=10)
        status = response.json()
        assert response.status_code == 200, response.text
        assert status["last_error"] and "d_visa.yml" in status["last_error"][0]
        assert "reviewed" in status["last_error"][0]
    finally:
        topic.write_text(original, encoding="utf-8")
        _touch(topic)
    deadline = time.monotonic() + 5
    while httpx.get(f"{assistant['url']}/api/kb/status", timeout=10).json()["last_error"]:
        assert time.monotonic() < deadline, "the fixed file was not reloaded"
        time.sleep(0.2)
