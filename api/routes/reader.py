"""The reader page: / and /ui serve index.html, /ui/static/{name} its stylesheet and ES modules.

Like /docs it needs no key (the page asks for one when the API answers 401, and sends it from sessionStorage).
Every response carries a strict Content-Security-Policy: the page runs only its own files and talks only to its
own origin, so article text that holds markup or script stays inert even if a rendering bug slipped through.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static" / "reader"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",  # revalidate (ETag): an upgraded server never runs a stale page
}
MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",  # reasons.json: the reasons' wording, shared with the server (api/reasons.py)
}
_ASSET = re.compile(r"[a-z][a-z0-9-]{0,40}\.(?:css|js|json)")  # a plain file name: no path, no dot-files

router = APIRouter(include_in_schema=False)


@router.get("/")
@router.get("/ui")
async def page() -> FileResponse:
    """The reader page."""
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/favicon.ico")
async def icon() -> FileResponse:
    """The site icon (an SVG: every browser that runs the page shows one), so no page load logs a 404."""
    return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml", headers=HEADERS)


@router.get("/ui/static/{name}")
async def asset(name: str) -> FileResponse:
    """One of the page's files (404 for anything else)."""
    path = STATIC / name
    if not _ASSET.fullmatch(name) or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=HEADERS)
