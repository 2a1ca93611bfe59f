"""The demo site (an imaginary company's careers pages) and the widget's files."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"
SITE = Path(__file__).resolve().parents[1] / "site"
# Short max-age with validators: a new widget version reaches sites within five minutes.
ASSET_CACHE = "public, max-age=300, stale-while-revalidate=86400"
PAGE_CACHE = "no-cache"
PAGES = {
    "/": "fi.html",
    "/sv/": "sv.html",
    "/en/": "en.html",
    "/en/blue-card": "en-blue-card.html",
}
ASSETS = {
    "/widget.js": (STATIC / "widget.js", "text/javascript; charset=utf-8"),
    "/widget.css": (STATIC / "widget.css", "text/css; charset=utf-8"),
    "/site.css": (SITE / "site.css", "text/css; charset=utf-8"),
    "/admin.css": (STATIC / "admin.css", "text/css; charset=utf-8"),
}


def _page(name: str):
    async def page() -> FileResponse:
        return FileResponse(SITE / name, media_type="text/html; charset=utf-8", headers={"Cache-Control": PAGE_CACHE})
    return page


def _asset(path: Path, media_type: str):
    async def asset(request: Request) -> Response:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            raise HTTPException(status_code=404, detail="Not found") from None
        headers = {"Cache-Control": ASSET_CACHE, "Cross-Origin-Resource-Policy": "cross-origin"}
        response = FileResponse(path, media_type=media_type, headers=headers, stat_result=stat)
        if request.headers.get("if-none-match") == response.headers["etag"]:
            return Response(status_code=304, headers={"ETag": response.headers["etag"], **headers})
        return response
    return asset


for route, file_name in PAGES.items():
    router.add_api_route(route, _page(file_name), methods=["GET", "HEAD"])
for route, (file_path, media) in ASSETS.items():
    router.add_api_route(route, _asset(file_path, media), methods=["GET", "HEAD"])
