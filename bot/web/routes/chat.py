"""POST /api/chat: the single contract between the widget, tests and other clients."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.lang import DEFAULT_LANGUAGE
from bot.web.deps import RasaDep
from bot.web.rasa_client import RasaUnavailableError
from bot.web.schemas import ChatIn, ChatOut, ErrorOut
from bot.web.texts import NO_REPLY, UNAVAILABLE

router = APIRouter(prefix="/api", tags=["chat"])


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
async def chat(body: ChatIn, rasa: RasaDep) -> ChatOut | JSONResponse:
    try:
        language, messages = await rasa.chat(body.session_id, body.text, body.language, body.topic)
    except RasaUnavailableError:
        lang = rasa.languages.get(body.session_id) or body.language or DEFAULT_LANGUAGE
        return JSONResponse(status_code=503, content={"detail": UNAVAILABLE[lang], "language": lang})
    if not messages:
        messages = [{"text": NO_REPLY[language], "kind": "error", "kb_id": None, "lang": language,
                     "buttons": [], "sources": [], "reviewed": None}]
    return ChatOut(session_id=body.session_id, language=language, messages=messages)
