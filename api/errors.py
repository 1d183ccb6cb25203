"""One error shape for every non-2xx: {"error": {"code", "message"}}. Domain errors map to statuses here."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.errors import (
    ArticleNotFound,
    EmbedderUnavailable,
    InvalidArticle,
    InvalidRequest,
    LLMUnavailable,
    NewsqaError,
    StoreUnavailable,
)

log = logging.getLogger("newsqa.api")

STATUS: dict[type[NewsqaError], int] = {
    InvalidArticle: 422,
    InvalidRequest: 422,
    ArticleNotFound: 404,
    LLMUnavailable: 503,
    EmbedderUnavailable: 503,
    StoreUnavailable: 503,
}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


_UNION_TAGS = {"date", "datetime", "str", "int", "float", "bool", "list", "dict", "none"}


def _field(loc: tuple[object, ...]) -> str:
    # pydantic puts the tried union member in the location ("published_after.date"): users name the field
    parts = (
        [str(p) for p in loc[1:] if str(p) not in _UNION_TAGS]
        if loc and loc[0] in {"body", "query", "path"}
        else [str(p) for p in loc]
    )
    return ".".join(parts) or "body"


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    return error_response(422, "invalid_request", f"{_field(tuple(first['loc']))}: {first['msg']}")


async def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsqaError)
    return error_response(STATUS.get(type(exc), 400), exc.code, str(exc))


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error"), str(exc.detail))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # the trace goes to the server log, never to the client
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal error; the server log has the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(NewsqaError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
