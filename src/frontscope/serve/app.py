"""The ASGI application: API routers, problem+json errors, ETags, the body limit, the web map and docs."""

from __future__ import annotations

import hashlib
import time
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontscope.serve import api, reads, writes
from frontscope.serve.cache import Memo, fingerprint
from frontscope.serve.prefetch import Activity, Prefetcher
from frontscope.serve.problems import HANDLERS, PROBLEM_TYPE, problem_response
from frontscope.store.db import Store

STATIC = Path(str(resources.files("frontscope") / "serve" / "static"))
MAX_BODY = 20 * 1024 * 1024  # the same 20 MiB limit `frontscope ingest` puts on a file
# The page and its assets may talk to this server only: no tiles, fonts or scripts from elsewhere.
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
       "worker-src 'self' blob:; child-src blob:; script-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'")
_request_fp: ContextVar[str | None] = ContextVar("frontscope_fp", default=None)


class _Reader(reads.Reader):
    """A reader that uses the fingerprint the ETag middleware already took for this request."""

    def fp(self) -> str:
        return _request_fp.get() or fingerprint(self.store)


class BodyLimit:
    """413 for a body larger than `limit`, by Content-Length or, when chunked, by counting."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        too_big = f"the request body is larger than {self.limit} bytes"
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await problem_response(413, too_big, scope["path"])(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            seen += len(msg.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return msg

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await problem_response(413, too_big, scope["path"])(scope, receive, send)


class _TooLarge(Exception):
    pass


class Headers:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware) for the response headers:

    - read endpoints under /api answer with an ETag of (database fingerprint, URL); a matching If-None-Match
      gets 304 without any work; `no-cache`: clients may keep answers but revalidate (cheaply) each time;
    - `Server-Timing: app;dur=MS` on every answer (what the benchmark reports as server time);
    - `X-Content-Type-Options` everywhere, the Content-Security-Policy on the page and its assets.
    """

    def __init__(self, app: ASGIApp, store: Store, activity: Activity) -> None:
        self.app, self.store, self.activity = app, store, activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path: str = scope["path"]
        etag = None
        token = None
        if scope["method"] in ("GET", "HEAD") and path.startswith("/api/") and not path.startswith("/api/basemap/"):
            fp = await run_in_threadpool(fingerprint, self.store)
            token = _request_fp.set(fp)
            url = f"{path}?{scope.get('query_string', b'').decode('latin-1')}".encode()
            etag = f'"{fp}-{hashlib.blake2s(url, digest_size=6).hexdigest()}"'
            given = dict(scope["headers"]).get(b"if-none-match", b"").decode("latin-1")
            # a tag of the gzipped representation ("...-gz") names the same content
            if etag in [t.strip().removeprefix("W/").replace('-gz"', '"') for t in given.split(",")]:
                _request_fp.reset(token)
                await Response(status_code=304, headers={"ETag": etag, "Cache-Control": "no-cache"})(
                    scope, receive, send)
                return
        page = path == "/" or path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
                # The map and any HTML the API returns (the brief) may load nothing from elsewhere; /docs
                # keeps Swagger UI's inline start-up script, its assets are local all the same.
                html = headers.get("content-type", "").startswith("text/html") and path != "/docs"
                if page or html:
                    headers.setdefault("Content-Security-Policy", CSP)
                if etag and message["status"] == 200:
                    gz = headers.get("content-encoding") == "gzip"
                    headers["ETag"] = etag[:-1] + '-gz"' if gz else etag
                    headers["Cache-Control"] = "no-cache"
            await send(message)

        api = path.startswith("/api/")
        if api:
            self.activity.start()
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if api:
                self.activity.end()
            if token is not None:
                _request_fp.reset(token)


def create_app(db: str | Store | None = None, *, token: str | None = None, cors: list[str] | None = None,
               max_body: int = MAX_BODY, baseline: reads.Baseline | None = None, prefetch: bool = False,
               cache_size: int = 64, layer_cache_size: int = 32) -> FastAPI:
    """The frontscope API and web map over one database. `token`: bearer token for writes (None: read-only).
    `cors`: origins allowed to call the API from other pages (none by default). `prefetch`: prepare the
    last report date at once and, after each date asked for, its neighbours (a background thread).
    `cache_size`: lists and products kept; `layer_cache_size`: per-date control results kept (view, rows,
    GeoJSON, encoded page: together ~17 MB per date for ~7000 settlements)."""
    store = db if isinstance(db, Store) else Store.open(db)
    app = FastAPI(title="frontscope", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Claims, places and control timelines extracted from war reporting. "
                              "Read-only unless the server has a token; errors are application/problem+json.",
                  exception_handlers=HANDLERS)  # type: ignore[arg-type]
    app.state.reader = _Reader(store, Memo(cache_size), baseline, Memo(layer_cache_size))
    app.state.activity = Activity()
    app.state.prefetcher = None
    if prefetch:
        app.state.prefetcher = Prefetcher(app.state.reader, app.state.activity)
        last = reads.meta(app.state.reader)["last_report"]
        if last:
            import datetime as dt

            app.state.prefetcher.ask(dt.date.fromisoformat(last))
    app.state.token = token or None
    app.include_router(api.router)
    app.include_router(writes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="frontscope API",
                                   swagger_js_url="/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui-dist/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(Headers, store=store, activity=app.state.activity)
    if cors:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "If-None-Match"], expose_headers=["ETag"])
    app.add_middleware(BodyLimit, limit=max_body)
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema with every 4xx answer documented as application/problem+json."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for path in schema["paths"].values():
        for op in path.values():
            responses = op.setdefault("responses", {})
            responses.setdefault("422", {"description": "A parameter is malformed or out of range."})
            for code, resp in responses.items():
                if code.startswith("4"):
                    resp["content"] = {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema

