"""POST /api/chat: the single contract between the widget, tests and other clients."""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter, BackgroundTasks, Response
from fastapi.responses import JSONResponse

from bot.analytics import AnalyticsError
from bot.lang import DEFAULT_LANGUAGE
from bot.web.deps import AnalyticsDep, RasaDep
from bot.web.rasa_client import RasaUnavailableError
from bot.web.schemas import ChatIn, ChatOut, ErrorOut
from bot.web.texts import NO_REPLY, UNAVAILABLE

router = APIRouter(prefix="/api", tags=["chat"])
logger = logging.getLogger(__name__)


def record(analytics, rasa, session_id: str, text: str, messages: list[dict], first_turn: bool) -> None:  # noqa: ANN001
    """After the reply is sent: analytics, and the question behind each answer for feedback."""
    for message in messages:
        if message.get("kb_id"):
            rasa.questions.set((session_id, message["kb_id"]), text)
    try:
        analytics.record_turn(session_id=session_id, text=text, messages=messages, first_turn=first_turn)
    except AnalyticsError:
        logger.warning("Analytics unavailable: turn not recorded")


@router.post(
    "/chat",
    response_model=ChatOut,
    responses={
        413: {"model": ErrorOut, "description": "Body over 64 KB"},
        422: {"model": ErrorOut, "description": "Invalid input; `detail` says what to fix"},
        503: {"model": ErrorOut, "description": "The assistant cannot be reached"},
    },
    summary="Send a user message and get the assistant's replies",
)
async def chat(body: ChatIn, rasa: RasaDep, analytics: AnalyticsDep, tasks: BackgroundTasks,
               response: Response) -> ChatOut | JSONResponse:
    started = time.perf_counter()
    first_turn = rasa.languages.get(body.session_id) is None
    try:
        language, messages = await rasa.chat(body.session_id, body.text, body.language, body.topic)
        rasa_ms = (time.perf_counter() - started) * 1000
    except RasaUnavailableError:
        lang = rasa.languages.get(body.session_id) or body.language or DEFAULT_LANGUAGE
        return JSONResponse(status_code=503, content={"detail": UNAVAILABLE[lang], "language": lang})
    if not messages:
        messages = [{"text": NO_REPLY[language], "kind": "error", "kb_id": None, "lang": language,
                     "buttons": [], "sources": [], "reviewed": None}]
    tasks.add_task(record, analytics, rasa, body.session_id, body.text, messages, first_turn)
    # Where the time went (browsers' developer tools and `kokka bench` read it): the Rasa call,
    # and the whole handler up to here.
    total_ms = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = f"rasa;dur={rasa_ms:.1f}, app;dur={total_ms:.1f}"
    return ChatOut(session_id=body.session_id, language=language, messages=messages)
