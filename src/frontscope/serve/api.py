"""The read endpoints under /api: each calls one read-side function (`reads`) and pages the result."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BeforeValidator

from frontscope.render.exports import FORMATS, RECORD_KINDS, WRITERS
from frontscope.serve import reads
from frontscope.serve.pagination import Page, PageParams, page_params, paginate
from frontscope.serve.problems import Problem, ProblemError

ExportFormat = Literal[FORMATS]  # the export formats, from their one registry (render.exports.WRITERS)
RecordKind = Literal[RECORD_KINDS]

router = APIRouter(prefix="/api")
BASEMAP_LAYERS = ("admin_areas", "admin_labels", "admin_lines", "ne_admin0", "ne_admin1", "ne_coast", "ne_lakes",
                  "ne_land", "ne_places", "ne_rivers")
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "Nothing stored answers this request."},
    409: {"model": Problem, "description": "The server was not started with what the request asks for "
                                           "(a baseline polygon)."},
    422: {"model": Problem, "description": "A parameter is malformed or out of range."},
}

Side = Literal["UA", "RU", "other", "unknown"]


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would read `since=0` as a Unix timestamp (1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
DateQ = Annotated[Day | None, Query(description="YYYY-MM-DD")]
UseBaseline = Annotated[bool, Query(description="Use the baseline polygon the server was started with "
                                                "(`--baseline`); 409 when none.")]


def reader(request: Request) -> reads.Reader:
    return request.app.state.reader


R = Annotated[reads.Reader, Depends(reader)]
P = Annotated[PageParams, Depends(page_params)]


def feature_page(limit: Annotated[int, Query(ge=1, le=100_000, description="Settlements per page.")] = 5000,
                 offset: Annotated[int, Query(ge=0, le=10**9, description="Settlements to skip.")] = 0) -> PageParams:
    """The map wants every settlement of a day in one response: a larger page than other lists."""
    return PageParams(limit=limit, offset=offset)


def _day(value: dt.date | None, name: str) -> dt.date | None:
    """Any calendar date is answerable (before the first report nothing is known; after the last, the
    last state holds), so only the form of a date is checked, by the parameter type."""
    return value


def _span(since: dt.date | None, until: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    since, until = _day(since, "since"), _day(until, "until")
    if since and until and since > until:
        raise ProblemError(422, f"since {since} is after until {until}")
    return since, until


def _last_report(r: reads.Reader) -> dt.date:
    last = reads.meta(r)["last_report"]
    return dt.date.fromisoformat(last) if last else dt.date.today()


def _baseline(r: reads.Reader, use: bool) -> bool:
    if use and r.baseline is None:
        raise ProblemError(409, "baseline: this server was started without --baseline FILE --baseline-date D")
    return use


@router.get("/meta", responses=ERRORS, summary="What the database holds: counts, report dates, baseline")
def get_meta(r: R, request: Request) -> dict[str, Any]:
    return {**reads.meta(r), "writable": request.app.state.token is not None}


@router.get("/documents", response_model=Page, responses=ERRORS, summary="Stored documents, oldest first")
def get_documents(r: R, p: P, request: Request) -> dict[str, Any]:
    return paginate(request, reads.documents(r), p)


@router.get("/claims", response_model=Page, responses=ERRORS,
            summary="Who said what, when, citing which endnotes (filters combine)")
def get_claims(r: R, p: P, request: Request,
               source: Annotated[str | None, Query(max_length=200, description="Source name contains this")] = None,
               side: Side | None = None,
               kind: Annotated[str | None, Query(max_length=40, description="Source kind, e.g. official")] = None,
               status: Annotated[str | None, Query(max_length=40, description="Status of a control statement "
                                                  "resting on the claim: claimed, confirmed, assessed, denied")] = None,
               place: Annotated[int | None, Query(ge=1, le=2**31, description="GeoNames id the claim is about")] = None,
               since: DateQ = None, until: DateQ = None,
               q: Annotated[str | None, Query(max_length=200, description="Words in the quote or source")] = None,
               ) -> dict[str, Any]:
    since, until = _span(since, until)
    rows = reads.filter_claims(reads.claims(r), source=source, side=side, kind=kind, status=status,
                               place=[place] if place else None, since=since, until=until, q=q)
    return paginate(request, rows, p)


@router.get("/claims/{claim_id}", responses=ERRORS, summary="One claim")
def get_claim(r: R, claim_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
    hit = next((c for c in reads.claims(r) if c["id"] == claim_id), None)
    if hit is None:
        raise ProblemError(404, f"no claim c{claim_id} is stored")
    return hit


@router.get("/sources", response_model=Page, responses=ERRORS,
            summary="Sources with side, kind, claim count and control track record")
def get_sources(r: R, p: P, request: Request) -> dict[str, Any]:
    return paginate(request, reads.sources(r), p)


@router.get("/places", response_model=Page, responses=ERRORS, summary="Places mentioned, most mentioned first")
def get_places(r: R, p: P, request: Request) -> dict[str, Any]:
    return paginate(request, reads.places(r), p)


@router.get("/places/search", response_model=Page, responses=ERRORS,
            summary="Look a place up by any spelling the geocoder knows (mentioned places first)")
def search_places(r: R, p: P, request: Request,
                  q: Annotated[str, Query(min_length=1, max_length=120, description="A place name")]) -> dict[str, Any]:
    return paginate(request, reads.search_places(r, q), p)


@router.get("/places/{geonameid}/timeline", responses=ERRORS,
            summary="A settlement's holder, changes of hands and every statement behind them; for one no statement "
                    "names (baseline=true), the named place whose change it follows")
def get_timeline(r: R, geonameid: Annotated[int, PathParam(ge=1, le=2**31)], as_of: DateQ = None,
                 baseline: UseBaseline = False) -> dict[str, Any]:
    day = _day(as_of, "as_of") or _last_report(r)
    tl = reads.place_timeline(r, geonameid, day, _baseline(r, baseline))
    if tl is None:
        hint = "" if baseline or r.baseline is None else "; with baseline=true, settlements the polygon covers answer too"
        raise ProblemError(404, f"no control statement about GeoNames id {geonameid} is stored{hint}")
    return tl


@router.get("/control", responses={**ERRORS, 200: {"content": {"application/geo+json": {}, "text/csv": {}}}},
            summary="Holder of each settlement on a date (GeoJSON, JSON or CSV), as `frontscope control`")
def get_control(r: R, p: Annotated[PageParams, Depends(feature_page)], request: Request, as_of: DateQ = None, baseline: UseBaseline = False,
                all: Annotated[bool, Query(description="Every settlement the baseline covers")] = False,
                format: Literal["geojson", "json", "csv"] = "geojson") -> Response:
    day = _day(as_of, "as_of") or _last_report(r)
    use = _baseline(r, baseline)
    if request.app.state.prefetcher is not None and not use:
        request.app.state.prefetcher.around(day)
    if all and not use:
        raise ProblemError(422, "all: needs baseline=true (without a prior only observed settlements have a holder)")
    if format == "csv":
        from frontscope.views.control import to_csv

        rows = reads.control_rows(r, day, use, all)[p.offset:p.offset + p.limit]
        return PlainTextResponse(to_csv(rows), media_type="text/csv; charset=utf-8")
    if format == "json":
        return JSONResponse(paginate(request, reads.control_rows(r, day, use, all), p))

    def encode() -> tuple[bytes, bytes]:
        """The map asks for the same day again and again: keep the encoded page, plain and gzipped (a day's
        layer is ~1.5 MB of JSON, ~10× less gzipped: it matters to a team server on a LAN)."""
        fc = reads.control_geojson(r, day, use, all)
        page = paginate(request, fc["features"], p)
        body = {"type": "FeatureCollection", "as_of": day.isoformat(), "total": page["total"], "limit": p.limit,
                "offset": p.offset, "next": page["next"], "features": page["items"]}
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return raw, gzip.compress(raw, compresslevel=6, mtime=0)

    raw, packed = r.cached(("geojson-page", day, use, all, p.limit, p.offset, str(request.base_url)), encode)
    if len(raw) > 8192 and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type="application/geo+json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return Response(raw, media_type="application/geo+json", headers={"Vary": "Accept-Encoding"})


@router.get("/changes", response_model=Page, responses=ERRORS,
            summary="Settlements that changed hands between two dates, with the statements behind each")
def get_changes(r: R, p: P, request: Request, since: Annotated[Day, Query(description="YYYY-MM-DD")], until: DateQ = None,
                baseline: UseBaseline = False) -> dict[str, Any]:
    since_, until_ = _span(since, until or _last_report(r))
    assert since_ is not None and until_ is not None
    return paginate(request, reads.changes(r, since_, until_, _baseline(r, baseline)), p)


@router.get("/events", response_model=Page, responses=ERRORS, summary="ACLED-typed events")
def get_events(r: R, p: P, request: Request, since: DateQ = None, until: DateQ = None,
               type: Annotated[str | None, Query(max_length=60, description="ACLED event type")] = None,
               ) -> dict[str, Any]:
    since, until = _span(since, until)
    rows = reads.events(r, since, until)
    if type:
        rows = [e for e in rows if e["event_type"] == type]
    return paginate(request, rows, p)


@router.get("/exposure", responses={**ERRORS, 200: {"content": {"application/json": {}, "text/csv": {}}}},
            summary="People in settlements that changed hands, are contested, or lie near the fighting")
def get_exposure(r: R, request: Request, p: P, date: DateQ = None, since: DateQ = None,
                 km: Annotated[float, Query(gt=0, le=200)] = 10, baseline: UseBaseline = False,
                 format: Literal["json", "csv", "hxl"] = "json") -> Any:
    date = _day(date, "date") or _last_report(r)
    since, _ = _span(since, date)
    use = _baseline(r, baseline)
    if format != "json":
        from frontscope.views.exposure import exposure_from_store

        args = reads.baseline_args(r, use)
        e = exposure_from_store(r.store, date, since=since, km=km, baseline=str(args["baseline"]) if args else None,
                                baseline_date=args.get("baseline_date"))
        return PlainTextResponse(e.to_csv() if format == "csv" else e.to_hxl(), media_type="text/csv; charset=utf-8")
    data = reads.exposure(r, date, since, km, use)
    page = paginate(request, data["settlements"], p)
    return {**data, "settlements": page["items"], "total": page["total"], "limit": p.limit, "offset": p.offset,
            "next": page["next"]}


@router.get("/brief", responses={**ERRORS, 200: {"content": {"application/json": {}, "text/markdown": {},
                                                            "text/html": {}}}},
            summary="The daily brief (JSON, Markdown or HTML); every line cites claim ids")
def get_brief(r: R, date: DateQ = None, since: DateQ = None,
              format: Literal["json", "md", "html"] = "json") -> Any:
    from frontscope.render.text import to_html, to_markdown

    date = _day(date, "date") or _last_report(r)
    since, _ = _span(since, date)
    b = reads.brief(r, date, since)
    if b.n_documents == 0:
        m = reads.meta(r)
        where = (f"stored reports run from {m['first_report']} to {m['last_report']}" if m["first_report"]
                 else "the database holds no reports")
        raise ProblemError(404, f"no report published {b.since}..{date}: {where}")
    if format == "md":
        return PlainTextResponse(to_markdown(b), media_type="text/markdown; charset=utf-8")
    if format == "html":
        return Response(to_html(b, None), media_type="text/html; charset=utf-8")
    return reads.brief_json(b)


@router.get("/export", responses={**ERRORS, 200: {"content": {t: {} for t in {w.media_type for w in WRITERS.values()}}}},
            summary="Datasets for other tools, as `frontscope export`")
def get_export(r: R, what: RecordKind,
               format: ExportFormat,
               since: DateQ = None, until: DateQ = None) -> Response:
    from frontscope.render.products import write_export
    from frontscope.views.products import ProductError

    since, until = _span(since, until)
    ext = WRITERS[format].extension
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path, _ = write_export(r.store, format, what, Path(tmp) / f"{what}.{ext}", since=since, until=until)
        except ProductError as e:
            raise ProblemError(422, str(e)) from None
        data = Path(path).read_bytes()
    return Response(data, media_type=WRITERS[format].media_type,
                    headers={"Content-Disposition": f'attachment; filename="{what}_{format}.{ext}"'})


@router.get("/basemap/{layer}", responses={**ERRORS, 200: {"content": {"application/geo+json": {}}}},
            summary="A basemap layer shipped with frontscope (boundaries, rivers, coast, labels) as GeoJSON")
def get_basemap(layer: str, request: Request) -> Response:
    if layer not in BASEMAP_LAYERS:
        raise ProblemError(404, f"no basemap layer {layer!r}; layers: {', '.join(BASEMAP_LAYERS)}")
    raw = (resources.files("frontscope") / "data" / "basemap" / f"{layer}.geojson.gz").read_bytes()
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(raw, media_type="application/geo+json", headers={"Content-Encoding": "gzip",
                                                                         "Cache-Control": "public, max-age=86400"})
    return Response(gzip.decompress(raw), media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})
