"""The JSON/JSONL batch record, checked at the boundary before anything reaches a document or the store.

One record: {"id", "published", "source", "publisher", "url", "title", "text" | "html"}. Strings must be
strings (a number, list, object or NaN where text belongs is refused, never stringified), lengths are
bounded, "published" must be a real date, and text must be storable (no NUL, no unpaired surrogate).
Other keys are ignored. Every violation is one line naming the field, the problem and the value.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import reprlib
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictStr,
    ValidationError,
    field_validator,
)

MAX_ID = 200
MAX_NAME = 300  # source, publisher
MAX_URL = 4096
MAX_TITLE = 2000
MIN_YEAR, MAX_YEAR = 1900, 2100

_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_LONG_RE = re.compile(r"^\s*([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\s*$")  # "September 11, 2022"
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}


class RecordError(ValueError):
    """A record that breaks the schema: `field` (or None for the record as a whole) and `problem`."""

    def __init__(self, field: str | None, problem: str) -> None:
        super().__init__(f'field "{field}": {problem}' if field else problem)
        self.field, self.problem = field, problem


def _show(value: Any, limit: int = 40) -> str:
    """A short one-line picture of a bad value for an error message."""
    text = reprlib.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_record_date(value: str) -> dt.date:
    """ISO date or date-time, "September 11, 2022", or an RFC 822 feed date; anything else is an error."""
    m = _ISO_RE.match(value)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _LONG_RE.match(value)
    if m and m.group(1)[:3].lower() in _MONTHS:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ValueError("not a date") from None


class LongNumber:
    """A JSON integer too long to be a number anyone means (Python refuses > 4300 digits anyway)."""

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"{self.digits[:12]}… ({len(self.digits)} digits)"


def _parse_int(digits: str) -> int | LongNumber:
    return int(digits) if len(digits) <= 64 else LongNumber(digits)


def loads(text: str) -> object:
    """json.loads that fails with ValueError (JSONDecodeError is one) instead of crashing: deep nesting
    is an error, huge integers stay LongNumber for the schema to judge; NaN/Infinity are kept as floats
    (the schema refuses them where text belongs)."""
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _id(value: Any) -> Any:
    # A numeric id is an identifier, not a quantity: kept as its decimal string (bools are not ids).
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, LongNumber):
        return value.digits
    return value


def _storable(value: str | None) -> str | None:
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains an unpaired surrogate (invalid Unicode)") from None
    return value.removeprefix("\ufeff")


class BatchRecord(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    id: Annotated[Annotated[StrictStr, Field(max_length=MAX_ID)] | None, BeforeValidator(_id)] = None
    published: Annotated[StrictStr, Field(max_length=100)] | None = None
    source: Annotated[StrictStr, Field(max_length=MAX_NAME)] | None = None
    publisher: Annotated[StrictStr, Field(max_length=MAX_NAME)] | None = None
    url: Annotated[StrictStr, Field(max_length=MAX_URL)] | None = None
    title: Annotated[StrictStr, Field(max_length=MAX_TITLE)] | None = None
    text: StrictStr | None = None
    html: StrictStr | None = None

    @field_validator("id", "source", "publisher", "url", "title", "text", "html", "published")
    @classmethod
    def _check_storable(cls, v: str | None) -> str | None:
        return _storable(v)

    def published_date(self) -> dt.date | None:
        if self.published is None or not self.published.strip():
            return None
        try:
            d = parse_record_date(self.published)
        except ValueError:
            raise RecordError("published", f"not a date ({_show(self.published)}); use YYYY-MM-DD") from None
        if not MIN_YEAR <= d.year <= MAX_YEAR:
            raise RecordError("published", f"date {d} is outside {MIN_YEAR}–{MAX_YEAR}")
        return d


def _describe(err: dict[str, Any]) -> RecordError:
    field = ".".join(str(p) for p in err.get("loc", ())) or None
    kind, value = err.get("type", ""), err.get("input")
    if kind == "string_type":
        got = "null" if value is None else type(value).__name__
        if isinstance(value, float) and value != value:
            got = "NaN"
        elif isinstance(value, LongNumber):
            got = "a number"
        return RecordError(field, f"must be a string, not {got} ({_show(value)})")
    if kind in ("string_too_long", "too_long"):
        limit = (err.get("ctx") or {}).get("max_length")
        size = len(value.digits) if isinstance(value, LongNumber) else len(value)
        return RecordError(field, f"too long ({size} characters; the limit is {limit})")
    if kind == "value_error":
        msg = str((err.get("ctx") or {}).get("error") or err.get("msg"))
        return RecordError(field, msg)
    return RecordError(field, f"{err.get('msg', 'invalid')} ({_show(value)})")


def validate_record(data: object) -> tuple[BatchRecord, dt.date | None]:
    """A checked record and its publication date, or RecordError for the first problem found."""
    if not isinstance(data, dict):
        raise RecordError(None, f"a record must be a JSON object, not {_json_type(data)}")
    try:
        rec = BatchRecord.model_validate(data)
    except ValidationError as e:
        raise _describe(e.errors()[0]) from None
    if not (rec.text and rec.text.strip()) and not (rec.html and rec.html.strip()):
        raise RecordError(None, 'record has neither "text" nor "html" (or both are empty)')
    return rec, rec.published_date()


def _json_type(value: object) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)
