"""One error shape for every non-2xx: {"error": {"code", "message"}}. Domain errors map to statuses here."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Route

from api.access import AccessDenied
from rag.errors import (
    ArticleNotFound,
    BadSettingFile,
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
    BadSettingFile: 503,  # the server's own configuration, not the request: nothing the client can change
}
HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    408: "body_timeout",
    413: "too_large",
    415: "unsupported_media_type",
}


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
    if first.get("type") == "json_invalid":  # pydantic says "0: JSON decode error": the body is not JSON at all
        context = first.get("ctx")
        where = context.get("error", "") if isinstance(context, dict) else ""
        return error_response(422, "invalid_request", f"body: not valid JSON{f' ({where})' if where else ''}")
    return error_response(422, "invalid_request", f"{_field(tuple(first['loc']))}: {first['msg']}")


async def _pydantic(_: Request, exc: Exception) -> JSONResponse:
    # a model a route builds itself from valid parameters can still refuse them: that is the client's input too
    assert isinstance(exc, ValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    return error_response(422, "invalid_request", f"{_field(tuple(first['loc']))}: {first['msg']}")


async def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsqaError)
    if isinstance(exc, BadSettingFile):  # the server's own path and parse error are for its operator, not a client
        log.error("unusable setting file: %s", exc)
        message = f"the server's {exc.setting} file is unusable; the server log has the details"
        return error_response(STATUS[BadSettingFile], exc.code, message)
    return error_response(STATUS.get(type(exc), 400), exc.code, str(exc))


def _flat(routes: Sequence[BaseRoute]) -> Iterator[BaseRoute]:
    # FastAPI keeps an included router's routes behind it (original_router); tests check the walk finds them
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _flat(inner.routes) if inner is not None else (route,)


def allowed_methods(routes: Sequence[BaseRoute], path: str) -> list[str]:
    """Every method some route serves at this path: Starlette's 405 names only the first route whose path
    matches (PUT /v1/documents said "GET", though POST is served too). A fixed path shadows a templated one, as
    in routing: /v1/documents/batch is the batch route's, not an article id."""
    matching = [r for r in _flat(routes) if isinstance(r, Route) and r.path_regex.match(path)]
    fixed = [r for r in matching if not r.param_convertors]
    return sorted({m for r in (fixed or matching) for m in (r.methods or ())})


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's only 400: a body that is not valid UTF-8 or JSON it can parse (e.g. nested 100k deep)
        return error_response(422, "invalid_request", "body: not a JSON document newsqa can read")
    response = error_response(exc.status_code, HTTP_CODES.get(exc.status_code, "http_error"), str(exc.detail))
    response.headers.update(exc.headers or {})  # 408 keeps its Connection: close
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(allowed_methods(request.app.routes, request.url.path))
    return response


async def _access(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AccessDenied)
    return access_response(exc)


def access_response(exc: AccessDenied) -> JSONResponse:
    """A refused caller's answer: the error shape, Retry-After when waiting helps, WWW-Authenticate on a 401."""
    response = error_response(exc.status, exc.code, str(exc))
    if exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def install(app: FastAPI) -> None:
    """Domain errors, validation and HTTP errors; anything unhandled is answered by api/middleware.py."""
    app.add_exception_handler(AccessDenied, _access)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ValidationError, _pydantic)
    app.add_exception_handler(NewsqaError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
