"""Knowledge-base endpoints for the widget and editors: active notices and the loaded version."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from bot.knowledge import KnowledgeError
from bot.lang import LANGUAGES
from bot.web.deps import StoreDep

router = APIRouter(prefix="/api", tags=["knowledge"])


class NoticeOut(BaseModel):
    id: str
    text: str
    url: str | None = None
    starts: dt.date
    ends: dt.date


class NoticesOut(BaseModel):
    language: str
    notices: list[NoticeOut]

    class Config:
        schema_extra = {"example": {"language": "fi", "notices": [{
            "id": "migri_service_break", "starts": "2026-12-01", "ends": "2026-12-03", "url": "https://migri.fi/",
            "text": "Enter Finland -palvelussa on käyttökatko 2.12. klo 8-12.",
        }]}}


class KbStatusOut(BaseModel):
    version: str
    loaded_at: dt.datetime | None
    topics: int
    facts: int
    per_language: dict[str, dict[str, int]]
    notices_active: int
    last_error: list[str] | None = None

    class Config:
        schema_extra = {"example": {
            "version": "3f9a1c2b7d4e5f60", "loaded_at": "2026-11-28T19:40:00Z", "topics": 41, "facts": 85,
            "per_language": {"fi": {"topics": 41, "questions": 820}, "sv": {"topics": 41, "questions": 800},
                             "en": {"topics": 41, "questions": 810}},
            "notices_active": 0, "last_error": None,
        }}


@router.get("/notices", response_model=NoticesOut, summary="Notices valid today, in one language (shown by the widget)")
async def notices(store: StoreDep, language: Literal["fi", "sv", "en"] = Query("en")) -> NoticesOut | JSONResponse:
    try:
        active = store.kb.active_notices()
    except KnowledgeError:
        return JSONResponse(status_code=503, content={"detail": "The knowledge base is not available."})
    return NoticesOut(language=language, notices=[
        NoticeOut(id=n.id, text=n.text.get(language), url=n.url, starts=n.starts, ends=n.ends) for n in active
    ])


@router.get("/kb/status", response_model=KbStatusOut, summary="The loaded knowledge-base version and the last failed edit")
async def kb_status(store: StoreDep) -> KbStatusOut | JSONResponse:
    try:
        kb = store.kb
    except KnowledgeError as exc:
        return JSONResponse(status_code=503, content={"detail": f"No valid knowledge base loaded: {exc}"})
    per_language = {
        lang: {"topics": sum(1 for t in kb.topics.values() if t.content(lang).answer.strip()),
               "questions": sum(len(t.content(lang).questions) for t in kb.topics.values())}
        for lang in LANGUAGES
    }
    error = store.last_error
    return KbStatusOut(
        version=kb.content_hash, loaded_at=store.loaded_at, topics=len(kb.topics), facts=len(kb.facts),
        per_language=per_language, notices_active=len(kb.active_notices()),
        last_error=[str(p) for p in error.problems if p.is_error] if error else None,
    )
