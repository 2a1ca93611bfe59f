"""GET /healthz: state of the Rasa server, the action server and the loaded model."""

from __future__ import annotations

import httpx
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.web.deps import RasaDep, SettingsDep

router = APIRouter(tags=["health"])


# "actions" is "in-process" when the custom actions run inside the Rasa processes (the default).
_HEALTHY = {"web": "ok", "rasa": "ok", "model": "kokka.tar.gz", "actions": "in-process", "status": "ok"}
_DEGRADED = {"web": "ok", "rasa": "down", "model": None, "actions": "down", "status": "degraded"}


@router.get(
    "/healthz",
    summary="Health of the assistant's processes (503 when one is down)",
    responses={
        200: {"description": "All processes answer", "content": {"application/json": {"example": _HEALTHY}}},
        503: {"description": "A process is down", "content": {"application/json": {"example": _DEGRADED}}},
    },
)
async def healthz(rasa: RasaDep, settings: SettingsDep) -> JSONResponse:
    report: dict = {"web": "ok"}
    healthy = True
    try:
        status = await rasa.status()
        model = status.get("model_file")
        report["rasa"] = "ok"
        report["model"] = model
        healthy &= bool(model)
    except (httpx.HTTPError, ValueError):
        report["rasa"] = "down"
        report["model"] = None
        healthy = False
    if settings.actions_in_process:
        # The actions run inside the Rasa processes: they are up when Rasa is.
        report["actions"] = "in-process" if report["rasa"] == "ok" else "down"
    else:
        try:
            response = await rasa.http.get(f"{settings.actions_url}/health", timeout=3)
            report["actions"] = "ok" if response.status_code == 200 else "down"
        except httpx.HTTPError:
            report["actions"] = "down"
    healthy &= report["actions"] in ("ok", "in-process")
    report["status"] = "ok" if healthy else "degraded"
    return JSONResponse(status_code=200 if healthy else 503, content=report)
