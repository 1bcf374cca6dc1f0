"""POST /api/documents: ingest a document or a batch, only with the bearer token from FRONTSCOPE_TOKEN."""

from __future__ import annotations

import datetime as dt
import hmac
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from frontscope.serve.api import Day
from frontscope.serve.problems import Problem, ProblemError

router = APIRouter(prefix="/api")
_write_lock = threading.Lock()  # one writer at a time (SQLite has one anyway; this keeps errors out)
# Content type → the file suffix the ingest readers recognise, so a body is read exactly like a file.
SUFFIX = {"application/json": ".json", "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
          "text/plain": ".txt", "text/markdown": ".md", "text/html": ".html", "application/rss+xml": ".rss",
          "application/atom+xml": ".atom", "application/xml": ".xml"}


def check_token(request: Request) -> None:
    """No token configured: the server is read-only (403). Missing token: 401. Wrong token: 403."""
    expected: str | None = request.app.state.token
    if expected is None:
        raise ProblemError(403, "this server is read-only: start it with FRONTSCOPE_TOKEN set to accept writes")
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ProblemError(401, "writes need 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": 'Bearer realm="frontscope"'})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ProblemError(403, "the bearer token is not the one this server was started with")


@router.post("/documents", status_code=200, summary="Ingest a document or a batch (needs the bearer token)",
             responses={401: {"model": Problem}, 403: {"model": Problem}, 413: {"model": Problem},
                        415: {"model": Problem}, 422: {"model": Problem}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"description": "One {id, published, source, url, title, "
                                                 "text|html} record or a list of them"}},
                 "application/x-ndjson": {"schema": {"type": "string"}},
                 "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}},
                 "text/markdown": {"schema": {"type": "string"}}}}})
async def post_documents(request: Request,
                         published: Annotated[Day | None, Query(description="Publication date for every "
                                                                    "document in the body")] = None,
                         source: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    """The body is read like a file of its content type (a JSON record or list, JSONL, text, HTML, a feed),
    through the same ingestion as `frontscope ingest`. Bad records are reported and the batch goes on."""
    check_token(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in SUFFIX:
        raise ProblemError(415, f"content type {ctype or '(none)'} is not ingestible; use one of "
                                f"{', '.join(sorted(SUFFIX))}")
    body = await request.body()
    if not body.strip():
        raise ProblemError(422, "the request body is empty")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest_body, request.app.state.reader.store, body, SUFFIX[ctype],
                                   published, source)


def _ingest_body(store: Any, body: bytes, suffix: str, published: dt.date | None, source: str | None) -> dict:
    from frontscope.ingest.runner import ingest

    with tempfile.TemporaryDirectory() as tmp, _write_lock:
        path = Path(tmp) / f"request{suffix}"
        path.write_bytes(body)
        summary = ingest([path], store, published=published, source=source, workers=1)
    errors = [e.replace(str(path), "request body") for e in summary.errors]
    return {"stored": summary.stored, "duplicates": summary.duplicates, "failed": summary.failed,
            "document_ids": summary.document_ids, "errors": errors}
