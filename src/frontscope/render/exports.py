"""Write extracted records in the formats other tools read: GeoJSON, CSV, ACLED CSV, HXL CSV, Parquet,
PLOVER-style JSONL.

`export_records(records, fmt, out, what)` takes plain dicts (no database objects). Keys, all optional
except where noted; unknown keys are kept as extra columns/properties (GeoJSON, CSV, Parquet, JSONL):

what="events" (ACLED-like events)
    id, event_date (date | ISO str), time_precision (1 day, 2 week, 3 month; default 1),
    event_type, sub_event_type (ACLED typology), actor1, actor2, place (settlement name), geonameid,
    lat, lon, oblast, raion, hromada, katottg (KATOTTG code; gives the P-codes), oblast_pcode,
    raion_pcode, geo_precision (1 place, 2 near/raion, 3 oblast; derived when absent), fatalities,
    status (claimed | confirmed | assessed | denied), confidence (0-1), claim_ids (list), source
    (publisher, e.g. "ISW"), source_scale, source_url, notes (the sentence), doc.
what="control" (control statements / timeline changes)
    the same place/admin/source keys plus change (UA_gain, RU_gain, UA_holds, RU_holds, contested, ...),
    holder (UA | RU | contested | unknown), claimed_by; ACLED/PLOVER rows get a Battles / FIGHT coding
    derived from `change` unless event_type is given.
what="places" (one row per settlement)
    geonameid, place, lat, lon, oblast, raion, holder, confidence, population, mentions, first_seen,
    last_seen. (Not an event table: fmt "acled" is refused.)

Formats: "geojson" FeatureCollection of Point features (records without coordinates get a null geometry,
which RFC 7946 allows); "csv" the `what` columns then extra keys, lists joined with ";"; "acled" the ACLED
column names (event_date ... fatalities) plus frontscope extras; "hxl" CSV with an HXL hashtag row under
the header; "parquet" with an explicit pyarrow schema per `what`; "jsonl" PLOVER-style event records.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontscope.vocab import Change, Side

WHATS = ("events", "control", "places")
RECORD_KINDS = ("claims", *WHATS)  # what `frontscope export --what` and /api/export offer

EVENT_FIELDS = [
    "id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "place", "geonameid", "lat", "lon",
    "oblast", "oblast_pcode", "raion", "raion_pcode", "hromada", "geo_precision", "time_precision",
    "fatalities", "status", "confidence", "claim_ids", "source", "source_url", "notes", "doc",
]
CONTROL_FIELDS = [
    "id", "event_date", "place", "geonameid", "lat", "lon", "oblast", "oblast_pcode", "raion", "raion_pcode",
    "change", "holder", "status", "claimed_by", "confidence", "claim_ids", "source", "source_url", "notes",
    "doc",
]
PLACE_FIELDS = [
    "geonameid", "place", "lat", "lon", "oblast", "oblast_pcode", "raion", "raion_pcode", "holder",
    "confidence", "population", "mentions", "first_seen", "last_seen",
]
FIELDS = {"events": EVENT_FIELDS, "control": CONTROL_FIELDS, "places": PLACE_FIELDS}

ACLED_COLUMNS = [
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "time_precision", "source", "source_scale", "notes", "fatalities",
]
ACLED_EXTRAS = ["event_id_cnty", "year", "country", "iso", "status", "confidence", "claim_ids"]

HXL_TAGS = {
    "id": "#event+id", "event_date": "#date", "event_type": "#event+type", "sub_event_type": "#event+type+sub",
    "actor1": "#group+name+actor1", "actor2": "#group+name+actor2", "place": "#loc+name",
    "geonameid": "#loc+code+geonames", "lat": "#geo+lat", "lon": "#geo+lon", "oblast": "#adm1+name",
    "oblast_pcode": "#adm1+code", "raion": "#adm2+name", "raion_pcode": "#adm2+code", "hromada": "#adm3+name",
    "geo_precision": "#geo+precision", "time_precision": "#date+precision", "fatalities": "#affected+killed",
    "status": "#status+claim", "confidence": "#meta+confidence", "claim_ids": "#meta+claim_ids",
    "source": "#meta+source", "source_url": "#meta+url", "notes": "#description", "doc": "#meta+doc",
    "change": "#event+type+control", "holder": "#status+holder", "claimed_by": "#org+claimed_by",
    "population": "#population", "mentions": "#meta+mentions", "first_seen": "#date+first",
    "last_seen": "#date+last",
}

# OCHA / KATOTTG oblast P-codes, matched on name stems (English, transliterations, Ukrainian).
OBLAST_PCODES: dict[str, tuple[str, ...]] = {
    "UA01": ("crimea", "krym", "autonomous republic", "крим"), "UA05": ("vinn", "вінн"),
    "UA07": ("volyn", "волин"), "UA12": ("dnipropetr", "dnepropetr", "дніпроп"), "UA14": ("donet", "донец"),
    "UA18": ("zhytomyr", "zhitomir", "житом"), "UA21": ("zakarpat", "transcarpath", "закарп"),
    "UA23": ("zapori", "запор"), "UA26": ("ivano", "івано"), "UA35": ("kirovohrad", "kirovograd", "кіровогр"),
    "UA44": ("luhan", "lugan", "луган"), "UA46": ("lviv", "lvov", "львів"),
    "UA48": ("mykolai", "nikolaev", "микола"), "UA51": ("odes", "одес"), "UA53": ("poltav", "полтав"),
    "UA56": ("rivn", "rovno", "рівн"), "UA59": ("sum", "сум"), "UA61": ("ternop", "терноп"),
    "UA63": ("khark", "харк"), "UA65": ("kherson", "херсон"), "UA68": ("khmel", "хмель"),
    "UA71": ("cherkas", "черкас"), "UA73": ("chernivt", "чернівец"), "UA74": ("chernih", "чернігів"),
    "UA85": ("sevastop", "севастоп"),
}

# ACLED type -> PLOVER (event, mode). PLOVER keeps CAMEO's 2-digit cue categories; the mode carries detail.
PLOVER_MAP = {
    ("Battles", "Armed clash"): ("FIGHT", "small-arms"),
    ("Battles", "Government regains territory"): ("FIGHT", "occupy"),
    ("Battles", "Non-state actor overtakes territory"): ("FIGHT", "occupy"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): ("FIGHT", "artillery"),
    ("Explosions/Remote violence", "Air/drone strike"): ("FIGHT", "aerial"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"): ("ASSAULT", "bombing"),
    ("Violence against civilians", "Abduction/forced disappearance"): ("ASSAULT", "abduct"),
    ("Violence against civilians", "Attack"): ("ASSAULT", "kill"),
    ("Strategic developments", "Arrests"): ("COERCE", "arrest"),
    ("Strategic developments", "Looting/property destruction"): ("COERCE", "seize"),
    ("Strategic developments", "Disrupted weapons use"): ("FIGHT", "intercepted"),
}
PLOVER_BY_TYPE = {"Battles": "FIGHT", "Explosions/Remote violence": "FIGHT",
                  "Violence against civilians": "ASSAULT", "Protests": "PROTEST", "Riots": "PROTEST",
                  "Strategic developments": "MOBILIZE"}
PLOVER_QUAD = {"FIGHT": 4, "ASSAULT": 4, "COERCE": 4, "PROTEST": 4, "MOBILIZE": 4}
ACTOR_CODES = (("russia", "RUS"), ("ukrain", "UKR"), ("belarus", "BLR"), ("wagner", "RUS"),
               ("dnr", "RUS"), ("lnr", "RUS"), ("donetsk people", "RUS"), ("luhansk people", "RUS"))


# Value helpers ------------------------------------------------------------------------------------


def _iso(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _jsonable(v: Any) -> Any:
    if isinstance(v, Mapping):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_jsonable(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return _iso(v)


# CSV injection (OWASP): a spreadsheet runs a cell starting with = + - @ (or their full-width forms) as a
# formula, and tab/CR can smuggle one past a naive check. Such text cells get a leading apostrophe, which
# spreadsheets show as text and hide; numbers (-5, +3.2, 1e-3) stay numbers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(v: Any) -> Any:
    """`v` unchanged unless it is text a spreadsheet would run as a formula; then prefixed with `'`."""
    if isinstance(v, str) and v.startswith(_FORMULA_START) and not _NUMBER_RE.fullmatch(v):
        return "'" + v
    return v


def csv_encoding(bom: bool) -> str:
    """UTF-8, with a byte-order mark when asked (Excel reads BOM-less UTF-8 CSV as the local code page)."""
    return "utf-8-sig" if bom else "utf-8"


def _cell(v: Any) -> str:
    """CSV cell: lists joined with ';', dates ISO, None empty; formula-like text neutralised."""
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return spreadsheet_safe(";".join(str(_iso(x)) for x in v))
    if isinstance(v, Mapping):
        return json.dumps(_jsonable(v), ensure_ascii=False)
    if isinstance(v, float) and not math.isfinite(v):
        return ""
    return spreadsheet_safe(str(_iso(v)))


def _fold(name: str) -> str:
    return re.sub(r"[’'`ʼ]", "", name).lower()


def oblast_pcode(name: str | None, katottg: str | None = None) -> str | None:
    """OCHA adm1 P-code (UA63 ...) from a KATOTTG code or an oblast name in any common spelling."""
    if katottg and re.match(r"^UA\d{4}", katottg):
        return katottg[:4]
    if not name:
        return None
    s = _fold(name).strip()
    s = re.sub(r"^(misto|city of|м\.)\s+", "", s)
    city = not re.search(r"oblast|obl\.|region|область|ska\b|ская\b|ська\b", s)
    if s.startswith(("kyiv", "kiev", "київ", "киев")):
        return "UA80" if city else "UA32"
    for code, stems in OBLAST_PCODES.items():
        if s.startswith(stems):
            return code
    return None


def _enrich(rec: Mapping[str, Any], what: str) -> dict[str, Any]:
    """Copy of the record with derived keys filled: P-codes, geo_precision, time_precision, id."""
    r = dict(rec)
    kat = r.get("katottg")
    if not r.get("oblast_pcode"):
        r["oblast_pcode"] = oblast_pcode(r.get("oblast"), kat)
    if not r.get("raion_pcode") and kat and re.match(r"^UA\d{4}", str(kat)):
        r["raion_pcode"] = str(kat)[:6]
    if what != "places":
        if r.get("geo_precision") is None:
            r["geo_precision"] = 1 if (r.get("geonameid") or r.get("place")) else (2 if r.get("raion") else 3)
        if r.get("time_precision") is None:
            r["time_precision"] = 1
    if "place" not in r and r.get("location"):
        r["place"] = r["location"]
    return r


def _columns(records: list[dict[str, Any]], what: str) -> list[str]:
    base = FIELDS[what]
    extra = sorted({k for r in records for k in r} - set(base))
    return base + extra


def _coords(r: Mapping[str, Any]) -> tuple[float, float] | None:
    lat, lon = r.get("lat", r.get("latitude")), r.get("lon", r.get("longitude"))
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _control_coding(r: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """(event_type, sub_event_type, actor1, actor2) for a control record without an explicit coding.
    ACLED codes territory taken by a foreign state's forces as "Non-state actor overtakes territory"."""
    ua, ru = "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)"
    change = Change.get(r.get("change"))  # None: not a change of the vocabulary (coded as a clash)
    if change is not None and change.gainer == Side.UA:
        return "Battles", "Government regains territory", ua, ru
    if change is not None and change.gainer == Side.RU:
        return "Battles", "Non-state actor overtakes territory", ru, ua
    if change is not None and change.side == Side.RU:
        return "Battles", "Armed clash", ru, ua
    return "Battles", "Armed clash", ua, ru


# Writers ------------------------------------------------------------------------------------------


def _write_geojson(records: list[dict[str, Any]], out: Path, what: str) -> None:
    feats = []
    for r in records:
        c = _coords(r)
        props = {k: _jsonable(v) for k, v in r.items() if k not in ("lat", "lon")}
        feat: dict[str, Any] = {"type": "Feature",
                                "geometry": {"type": "Point", "coordinates": [round(c[1], 6), round(c[0], 6)]}
                                if c else None,
                                "properties": props}
        if r.get("id") is not None:
            feat["id"] = r["id"]
        feats.append(feat)
    fc = {"type": "FeatureCollection", "name": f"frontscope_{what}", "features": feats}
    out.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")


def _write_csv(records: list[dict[str, Any]], out: Path, what: str, hxl: bool = False, bom: bool = False) -> None:
    cols = _columns(records, what)
    with out.open("w", encoding=csv_encoding(bom), newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        if hxl:
            w.writerow([HXL_TAGS.get(c, "") for c in cols])
        for r in records:
            w.writerow([_cell(r.get(c)) for c in cols])


def _acled_row(r: dict[str, Any], what: str, n: int) -> dict[str, Any]:
    et, st, a1, a2 = (r.get("event_type"), r.get("sub_event_type"), r.get("actor1"), r.get("actor2"))
    if what == "control" and not et:
        et, st, d1, d2 = _control_coding(r)
        a1, a2 = a1 or d1, a2 or d2
    c = _coords(r)
    date = r.get("event_date")
    year = _iso(date)[:4] if date else ""
    notes = r.get("notes") or ""
    fatalities = r.get("fatalities")
    return {
        "event_date": _iso(date) or "", "event_type": et or "", "sub_event_type": st or "",
        "actor1": a1 or "", "actor2": a2 or "", "admin1": r.get("oblast") or "", "admin2": r.get("raion") or "",
        "admin3": r.get("hromada") or "", "location": r.get("place") or "",
        "latitude": f"{c[0]:.5f}" if c else "", "longitude": f"{c[1]:.5f}" if c else "",
        "geo_precision": r.get("geo_precision") or "", "time_precision": r.get("time_precision") or "",
        "source": r.get("source") or "", "source_scale": r.get("source_scale") or "Other",
        "notes": notes,
        # ACLED writes 0 when no fatalities are reported; frontscope has no separate "unknown" there.
        "fatalities": int(fatalities) if fatalities is not None else 0,
        "event_id_cnty": f"UKR{r['id']}" if r.get("id") is not None else f"UKR{n + 1}",
        "year": year, "country": "Ukraine", "iso": 804, "status": r.get("status") or "",
        "confidence": r.get("confidence") if r.get("confidence") is not None else "",
        "claim_ids": _cell(r.get("claim_ids")),
    }


def _write_acled(records: list[dict[str, Any]], out: Path, what: str, bom: bool = False) -> None:
    if what == "places":
        raise ValueError("ACLED is an event format: export events or control records, not places")
    with out.open("w", encoding=csv_encoding(bom), newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS + ACLED_EXTRAS)
        w.writeheader()
        for n, r in enumerate(records):
            w.writerow({k: _cell(v) if isinstance(v, (list, tuple, str)) else v
                        for k, v in _acled_row(r, what, n).items()})


def parquet_schema(what: str, extra: Iterable[str] = ()):
    """The explicit pyarrow schema for `what` (+ extra keys, stored as strings)."""
    import pyarrow as pa

    types = {
        "id": pa.string(), "event_date": pa.date32(), "first_seen": pa.date32(), "last_seen": pa.date32(),
        "geonameid": pa.int64(), "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(),
        "geo_precision": pa.int8(), "time_precision": pa.int8(), "fatalities": pa.int32(),
        "population": pa.int64(), "mentions": pa.int32(), "claim_ids": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(c, types.get(c, pa.string())) for c in [*FIELDS[what], *extra]])


def _parquet_value(v: Any, typ) -> Any:
    import pyarrow as pa

    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return None
    if typ == pa.date32():
        return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])
    if pa.types.is_list(typ):
        return [str(x) for x in (v if isinstance(v, (list, tuple, set)) else [v])]
    if pa.types.is_integer(typ):
        return int(v)
    if pa.types.is_floating(typ):
        return float(v)
    return v if isinstance(v, str) else _cell(v)


def _write_parquet(records: list[dict[str, Any]], out: Path, what: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    extra = sorted({k for r in records for k in r} - set(FIELDS[what]))
    schema = parquet_schema(what, extra)
    cols = {f.name: [_parquet_value(r.get(f.name), f.type) for r in records] for f in schema}
    table = pa.Table.from_pydict(cols, schema=schema)
    pq.write_table(table, out, compression="zstd")


def _actor(text: str | None) -> dict[str, Any]:
    t = (text or "").lower()
    code = next((c for k, c in ACTOR_CODES if k in t), "")
    sector = "MIL" if re.search(r"military|forces|army|troops|wagner|brigade", t) else ""
    return {"code": code, "sector": sector, "actor_text": text or ""}


def _plover(r: dict[str, Any], what: str, n: int) -> dict[str, Any]:
    et, st, a1, a2 = (r.get("event_type"), r.get("sub_event_type"), r.get("actor1"), r.get("actor2"))
    if what == "control" and not et:
        et, st, d1, d2 = _control_coding(r)
        a1, a2 = a1 or d1, a2 or d2
    event, mode = PLOVER_MAP.get((et, st), (PLOVER_BY_TYPE.get(et or ""), None))
    c = _coords(r)
    rec: dict[str, Any] = {
        "id": str(r.get("id") if r.get("id") is not None else f"frontscope-{what}-{n + 1}"),
        "date": _iso(r.get("event_date")),
        "source": [_actor(a1)] if a1 else [],
        "recipient": [_actor(a2)] if a2 else [],
        "event": [event] if event else [],
        "mode": [mode] if mode else [],
        "context": ["war"],
        "quad_code": PLOVER_QUAD.get(event or ""),
        "event_loc": {
            "geonameid": r.get("geonameid"), "name": r.get("place"),
            "latitude": c[0] if c else None, "longitude": c[1] if c else None,
            "country code": "UA", "cc3": "UKR", "admin1 code": r.get("oblast_pcode"),
            "admin2 code": r.get("raion_pcode"), "admin1": r.get("oblast"), "admin2": r.get("raion"),
        },
        "event_text": [r["notes"]] if r.get("notes") else [],
        "cite_info": {"publication": r.get("source"), "url": r.get("source_url"), "coder": "frontscope"},
        "coder": "frontscope",
        # Extensions (PLOVER allows extra named fields).
        "acled_event_type": et, "acled_sub_event_type": st, "status": r.get("status"),
        "confidence": r.get("confidence"), "claim_ids": r.get("claim_ids") or [],
    }
    if r.get("fatalities") is not None:
        rec["size_info"] = {"dead": r["fatalities"]}
    if what == "control":
        rec["change"] = r.get("change")
        rec["holder"] = r.get("holder")
    return _jsonable(rec)


def _write_jsonl(records: list[dict[str, Any]], out: Path, what: str) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for n, r in enumerate(records):
            row = _plover(r, what, n) if what != "places" else _jsonable(r)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_csv_plain(records: list[dict[str, Any]], out: Path, what: str, bom: bool = False) -> None:
    _write_csv(records, out, what, bom=bom)


def _write_hxl(records: list[dict[str, Any]], out: Path, what: str, bom: bool = False) -> None:
    _write_csv(records, out, what, hxl=True, bom=bom)


def _no_bom(write: Callable[[list[dict[str, Any]], Path, str], None]) -> Callable[..., None]:
    def run(records: list[dict[str, Any]], out: Path, what: str, bom: bool = False) -> None:
        write(records, out, what)
    return run


# Claims: plain rows with no place of their own, so only the tabular formats take them.
CLAIM_COLUMNS = ["id", "document_id", "published", "said_on", "source", "side", "kind", "cue", "negated", "text",
                 "source_text", "citations", "urls", "parent_id"]


def _flat_claims(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{c: (";".join(map(str, r[c])) if isinstance(r.get(c), list) else r.get(c)) for c in CLAIM_COLUMNS}
            for r in rows]


def _claims_csv(rows: list[dict[str, Any]], out: Path, bom: bool = False) -> None:
    with out.open("w", newline="", encoding=csv_encoding(bom)) as fh:
        w = csv.DictWriter(fh, fieldnames=CLAIM_COLUMNS)
        w.writeheader()
        w.writerows({c: spreadsheet_safe(v) for c, v in r.items()} for r in _flat_claims(rows))


def _claims_parquet(rows: list[dict[str, Any]], out: Path, bom: bool = False) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.int64()), ("document_id", pa.int64()), ("published", pa.string()),
                        ("said_on", pa.string()), ("source", pa.string()), ("side", pa.string()),
                        ("kind", pa.string()), ("cue", pa.string()), ("negated", pa.bool_()), ("text", pa.string()),
                        ("source_text", pa.string()), ("citations", pa.string()), ("urls", pa.string()),
                        ("parent_id", pa.int64())])
    pq.write_table(pa.Table.from_pylist(_flat_claims(rows), schema=schema), out)


def _claims_jsonl(rows: list[dict[str, Any]], out: Path, bom: bool = False) -> None:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


# The registry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportWriter:
    """One export format: how to write it and how to name and serve the file."""

    name: str
    title: str  # what a person calls it: "ACLED CSV"
    write: Callable[..., None]  # (records, out, what, bom=False): events, control or places
    extension: str  # the extension of a file served over HTTP
    suffixes: tuple[str, ...]  # what `--out` may end in
    media_type: str
    claims: Callable[..., None] | None = None  # (rows, out, bom=False) when the format can hold claims
    kinds: tuple[str, ...] = WHATS  # record kinds besides claims the format holds


WRITERS: dict[str, ExportWriter] = {w.name: w for w in (
    ExportWriter("geojson", "GeoJSON", _no_bom(_write_geojson), "geojson", (".geojson", ".json"),
                 "application/geo+json"),
    ExportWriter("csv", "CSV", _write_csv_plain, "csv", (".csv", ".txt"), "text/csv", claims=_claims_csv),
    ExportWriter("acled", "ACLED CSV", _write_acled, "csv", (".csv", ".txt"), "text/csv",
                 kinds=("events", "control")),
    ExportWriter("hxl", "HXL CSV", _write_hxl, "csv", (".csv", ".txt"), "text/csv"),
    ExportWriter("parquet", "Parquet", _no_bom(_write_parquet), "parquet", (".parquet",),
                 "application/vnd.apache.parquet", claims=_claims_parquet),
    ExportWriter("jsonl", "PLOVER-style JSONL", _no_bom(_write_jsonl), "jsonl", (".jsonl", ".ndjson", ".json"),
                 "application/x-ndjson", claims=_claims_jsonl),
)}
FORMATS = tuple(WRITERS)  # the one list of export formats: every other list derives from WRITERS


def writer(fmt: str) -> ExportWriter:
    """The writer of `fmt` (case-insensitive); ValueError naming the formats for an unknown one."""
    w = WRITERS.get(fmt.lower())
    if w is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return w


def export_records(records: Iterable[Mapping[str, Any]], fmt: str, out: Path | str, what: str = "events",
                   *, bom: bool = False) -> Path:
    """Write `records` (plain dicts, keys in the module docstring) to `out` in `fmt`; returns the path.
    CSV formats (csv, acled, hxl) neutralise formula-like text cells; `bom` starts them with a UTF-8 BOM."""
    w = writer(fmt)
    if what not in WHATS:
        raise ValueError(f"unknown record kind {what!r}; choose one of {', '.join(WHATS)}")
    out = Path(out)
    w.write([_enrich(r, what) for r in records], out, what, bom=bom)
    return out


def export_claims(rows: list[dict[str, Any]], fmt: str, out: Path | str, *, bom: bool = False) -> Path:
    """Write stored claims (plain rows, `queries.claims`) to `out`: csv, parquet or jsonl."""
    w = writer(fmt)
    if w.claims is None:
        usable = sorted(x.name for x in WRITERS.values() if x.claims is not None)
        raise ValueError(f"claims export as {fmt} is not meaningful: use {', '.join(usable[:-1])} or {usable[-1]}")
    out = Path(out)
    w.claims(rows, out, bom=bom)
    return out
