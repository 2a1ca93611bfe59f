"""The editors' admin pages (/admin): topics with previews, unanswered questions, usage.

Protected by KOKKA_ADMIN_TOKEN (HTTP Basic with any user name and the token as password, or
``Authorization: Bearer <token>``), compared in constant time. Without a token configured every
admin route answers 404: the pages are never open by default.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from bot.analytics import AnalyticsError
from bot.analytics.report import group_unanswered, to_csv
from bot.analytics.store import utcnow
from bot.knowledge import KnowledgeError
from bot.knowledge.render import UI_TEXT, answer_message
from bot.lang import LANGUAGES
from bot.web.deps import AnalyticsDep, SettingsDep, StoreDep
from bot.web.preview import formatted

STALE_DAYS = 365
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates"))
templates.env.globals["render"] = formatted


def _presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip()).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


def require_admin(request: Request, settings: SettingsDep) -> None:
    if not settings.admin_token:
        raise HTTPException(status_code=404, detail="Not Found")
    presented = _presented_token(request)
    if presented is None or not secrets.compare_digest(presented.encode(), settings.admin_token.encode()):
        raise HTTPException(status_code=401, detail="Admin token required",
                            headers={"WWW-Authenticate": 'Basic realm="kokka-admin", charset="UTF-8"'})


router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[Depends(require_admin)])
Days = Annotated[int, Query(ge=1, le=3650)]


def _context(request: Request, store, page: str, title: str, **extra) -> dict:  # noqa: ANN001
    error = store.last_error
    try:
        version = store.kb.content_hash
    except KnowledgeError:
        version = "(none loaded)"
    return {"request": request, "page": page, "title": title, "kb_version": version,
            "kb_error": [str(p) for p in error.problems if p.is_error] if error else None, **extra}


async def _safely(func, *args):  # noqa: ANN001, ANN202
    try:
        return await asyncio.to_thread(func, *args), False
    except AnalyticsError:
        return None, True


@router.get("", response_class=HTMLResponse)
async def topics(request: Request, store: StoreDep, analytics: AnalyticsDep) -> HTMLResponse:
    counts, failed = await _safely(analytics.feedback_counts)
    counts = counts or {}
    today = dt.date.today()
    rows = []
    for topic_id, topic in sorted(store.kb.topics.items(), key=lambda item: (item[1].group, item[0])):
        rows.append({
            "id": topic_id, "group": topic.group, "title": topic.content("en").title,
            "languages": [lang for lang in LANGUAGES if topic.content(lang).answer.strip()],
            "reviewed": topic.reviewed.isoformat(), "stale": (today - topic.reviewed).days > STALE_DAYS,
            "up": counts.get(topic_id, {}).get("up", 0), "down": counts.get(topic_id, {}).get("down", 0),
        })
    return templates.TemplateResponse(request, "admin/topics.html", _context(
        request, store, "topics", "Topics", rows=rows, stale_days=STALE_DAYS, analytics_error=failed))


@router.get("/topics/{topic_id}", response_class=HTMLResponse)
async def topic_preview(request: Request, topic_id: str, store: StoreDep) -> HTMLResponse:
    if topic_id not in store.kb.topics:
        raise HTTPException(status_code=404, detail="No such topic")
    messages = [(lang, answer_message(store.get(topic_id, lang))) for lang in LANGUAGES]
    labels = {lang: {"sources": UI_TEXT["sources"][lang], "reviewed": UI_TEXT["reviewed"][lang].split(" {")[0]}
              for lang in LANGUAGES}
    return templates.TemplateResponse(request, "admin/topic.html", _context(
        request, store, "topics", f"Preview {topic_id}", topic_id=topic_id, messages=messages, labels=labels))


@router.get("/unanswered", response_class=HTMLResponse)
async def unanswered(request: Request, store: StoreDep, analytics: AnalyticsDep, days: Days = 30) -> HTMLResponse:
    rows, failed = await _safely(analytics.unanswered, utcnow() - dt.timedelta(days=days))
    return templates.TemplateResponse(request, "admin/unanswered.html", _context(
        request, store, "unanswered", "Unanswered questions", groups=group_unanswered(rows or []), days=days,
        analytics_error=failed))


@router.get("/unanswered.csv")
async def unanswered_csv(analytics: AnalyticsDep, days: Days = 30) -> Response:
    rows, failed = await _safely(analytics.unanswered, utcnow() - dt.timedelta(days=days))
    if failed:
        raise HTTPException(status_code=503, detail="The analytics database is unavailable.")
    return Response(to_csv(group_unanswered(rows)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="unanswered-{dt.date.today()}.csv"'})


@router.get("/usage", response_class=HTMLResponse)
async def usage(request: Request, store: StoreDep, analytics: AnalyticsDep, days: Days = 30) -> HTMLResponse:
    figures, failed = await _safely(analytics.usage, days)
    return templates.TemplateResponse(request, "admin/usage.html", _context(
        request, store, "usage", "Usage", usage=figures or {"per_day": [], "per_language": [], "per_topic": []},
        days=days, analytics_error=failed))
