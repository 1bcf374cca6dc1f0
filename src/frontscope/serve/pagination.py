"""Every list the API returns is one page: `items`, the `total` matching, and the link to the next page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel

MAX_LIMIT = 1000


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = None
    items: list[dict[str, Any]]


class PageParams(BaseModel):
    limit: int
    offset: int


def page_params(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 100,
                offset: Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")] = 0) -> PageParams:
    return PageParams(limit=limit, offset=offset)


def paginate(request: Request, rows: list[Any], p: PageParams) -> dict[str, Any]:
    items = rows[p.offset:p.offset + p.limit]
    nxt = None
    if p.offset + p.limit < len(rows):
        nxt = str(request.url.include_query_params(offset=p.offset + p.limit, limit=p.limit))
    return {"total": len(rows), "limit": p.limit, "offset": p.offset, "next": nxt, "items": items}
