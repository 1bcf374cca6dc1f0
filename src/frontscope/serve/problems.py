"""RFC 9457 problem details: every error the API returns is `application/problem+json`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_TYPE = "application/problem+json"
_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
           406: "Not acceptable", 409: "Conflict", 413: "Request too large", 415: "Unsupported media type",
           422: "Invalid parameter", 500: "Internal server error"}


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ProblemError(Exception):
    """Raise from a route to answer with a problem document (`status` is a 4xx)."""

    def __init__(self, status: int, detail: str, *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers


def problem_response(status: int, detail: str | None, instance: str | None = None, *,
                     errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(title=_TITLES.get(status, "Error"), status=status, detail=detail, instance=instance,
                   errors=errors).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.detail, request.url.path, errors=exc.errors, headers=exc.headers)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # the router names only the first route's methods; list every route's
        from starlette.routing import Match

        methods = {m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") for route in request.app.router.routes
                   if route.matches({**request.scope, "method": m})[0] == Match.FULL}
        if methods:
            headers["Allow"] = ", ".join(sorted(methods))
    return problem_response(exc.status_code, str(exc.detail), request.url.path, headers=headers or None)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    """A bad parameter: one line naming each parameter and what is wrong with it."""
    assert isinstance(exc, RequestValidationError)
    errors = [{"parameter": ".".join(str(x) for x in e.get("loc", ())[1:]) or str(e.get("loc", ("",))[0]),
               "in": str(e.get("loc", ("",))[0]), "problem": e.get("msg", "invalid")} for e in exc.errors()]
    detail = "; ".join(f"{e['parameter']}: {e['problem']}" for e in errors)
    return problem_response(422, detail, request.url.path, errors=errors)


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(500, "the server failed on this request; see the server log", request.url.path)


HANDLERS = {ProblemError: _on_problem, StarletteHTTPException: _on_http, RequestValidationError: _on_validation,
            Exception: _on_crash}
