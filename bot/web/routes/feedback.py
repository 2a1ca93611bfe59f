"""POST /api/feedback: thumbs up / down (and an optional comment) on a knowledge answer."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.analytics import AnalyticsError
from bot.web.deps import AnalyticsDep, RasaDep
from bot.web.schemas import ErrorOut, FeedbackIn, FeedbackOut
from bot.web.texts import FEEDBACK_FAILED

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackOut,
    responses={
        422: {"model": ErrorOut, "description": "Invalid input; `detail` says what to fix"},
        503: {"model": ErrorOut, "description": "The feedback store is unavailable"},
    },
    summary="Store a rating of a knowledge answer",
)
async def feedback(body: FeedbackIn, analytics: AnalyticsDep, rasa: RasaDep) -> FeedbackOut | JSONResponse:
    # A thumbs-down goes to the editors' report with the question it answered, when known.
    question = rasa.questions.get((body.session_id, body.kb_id))
    try:
        row_id = await asyncio.to_thread(
            analytics.record_feedback, session_id=body.session_id, kb_id=body.kb_id, language=body.language,
            rating=body.rating, comment=body.comment, question=question,
        )
    except AnalyticsError:
        return JSONResponse(status_code=503, content={"detail": FEEDBACK_FAILED[body.language]})
    return FeedbackOut(id=row_id)
