"""The web app factory: `uvicorn bot.web.main:create_app --factory`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.analytics import Analytics, AnalyticsError
from bot.analytics.store import load_salt
from bot.knowledge import KnowledgeError, KnowledgeStore
from bot.logconfig import configure_logging
from bot.settings import CLIENT_KEEPALIVE_S, Settings, get_settings
from bot.web.limits import BodySizeLimit
from bot.web.rasa_client import RasaClient
from bot.web.routes import admin, chat, feedback, health, knowledge, site
from bot.web.security import SecurityHeaders

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024


def _readable(errors: list[dict]) -> str:
    parts = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        field = ".".join(loc) or "body"
        msg = err.get("msg", "is invalid")
        if err.get("type") == "value_error.missing":
            msg = "is required"
        elif err.get("type") == "value_error.str.regex" and field == "session_id":
            msg = "must be 1-64 characters of A-Z, a-z, 0-9, _ or -"
        elif err.get("type") == "value_error.any_str.max_length":
            msg = f"is too long (at most {err.get('ctx', {}).get('limit_value')} characters)"
        elif field == "language":  # a Literal: the only check is membership
            msg = "must be one of fi, sv, en"
        elif err.get("type") == "type_error.dict":
            msg = "must be a JSON object"
        elif "json" in str(err.get("type", "")):
            field, msg = "body", "is not valid JSON"
        elif err.get("type") == "type_error.str":
            msg = "must be a string"
        parts.append(f"{field}: {msg}")
    return "; ".join(parts) or "invalid request"


async def purge_daily(settings: Settings, analytics: Analytics) -> None:
    """Retention: delete analytics rows and tracker events older than ``retention_days``, daily."""
    from bot.analytics.store import purge_tracker_store

    while True:
        try:
            deleted = await asyncio.to_thread(analytics.purge, settings.retention_days)
            deleted["tracker_events"] = await asyncio.to_thread(
                purge_tracker_store, settings.tracker_store_url, settings.retention_days)
            logger.info("Retention (%d days): deleted %s", settings.retention_days, deleted)
        except AnalyticsError:
            logger.exception("Retention purge failed; trying again tomorrow")
        await asyncio.sleep(24 * 3600)


def create_app(settings: Settings | None = None, *, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:  # load the knowledge base now, so a later invalid edit finds a good version to keep
            await asyncio.to_thread(app.state.store.reload)
        except KnowledgeError:
            logger.exception("The knowledge base has errors: /api/kb/status reports them")
        try:
            await asyncio.to_thread(app.state.analytics.migrate)
        except AnalyticsError:
            logger.exception("Analytics database unavailable: chats continue, nothing is recorded")
        purging = asyncio.create_task(purge_daily(settings, app.state.analytics))
        limits = httpx.Limits(max_keepalive_connections=20, keepalive_expiry=CLIENT_KEEPALIVE_S)
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_s, transport=transport, limits=limits) as http:
            app.state.rasa = RasaClient(http, base_url=settings.rasa_urls, token=settings.rasa_token)
            yield
        purging.cancel()
        app.state.analytics.engine.dispose()

    app = FastAPI(
        title="Kokka recruitment-guide assistant",
        version="0.1.0",
        description="Chat API of a trilingual (fi/sv/en) assistant for hiring international talent in Finland.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = KnowledgeStore(settings.knowledge_dir)
    app.state.analytics = Analytics(settings.analytics_url, salt=load_salt(settings.analytics_salt, settings.var_dir))
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    # Other sites may embed the widget only where configured (KOKKA_CORS_ORIGINS).
    app.add_middleware(
        CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"], max_age=600,
    )
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _readable(exc.errors())})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": str(exc.detail)}, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("Unexpected error")
        return JSONResponse(status_code=503, content={"detail": "The assistant had a problem. Please try again."})

    app.include_router(chat.router)
    app.include_router(feedback.router)
    app.include_router(knowledge.router)
    app.include_router(health.router)
    app.include_router(site.router)
    app.include_router(admin.router)
    return app
