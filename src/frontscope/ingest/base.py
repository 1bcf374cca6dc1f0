"""What every reader shares: the ingest error, printable file names, and the publication date of a document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from frontscope.model import Document

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
LONG_DATE_RE = re.compile(r"\b(" + "|".join(m.title() for m in MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})\b")


def printable(text: str) -> str:
    """`text` with control characters escaped, so a file name with a newline stays on one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass
class IngestError(Exception):
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.reason}")


# Dates ----------------------------------------------------------------------------------------------


def _valid_date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def date_from_filename(name: str) -> dt.date | None:
    m = ISO_DATE_RE.search(name)
    return _valid_date(*m.groups()) if m else None


def date_from_text(text: str) -> dt.date | None:
    """The first full date ("December 12, 2025" or "2025-12-12") in the opening lines."""
    head = text[:600]
    m = LONG_DATE_RE.search(head)
    if m:
        return _valid_date(m.group(3), str(MONTHS.index(m.group(1).lower()) + 1), m.group(2))
    m = ISO_DATE_RE.search(head)
    return _valid_date(*m.groups()) if m else None


def parse_date(value: object) -> dt.date | None:
    """Metadata dates: ISO strings ("2022-09-11", "2022-09-11T22:00:00Z") or feedparser time tuples."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, tuple | list) or hasattr(value, "tm_year"):
        try:
            return dt.date(value[0], value[1], value[2])  # type: ignore[index]
        except (TypeError, ValueError, IndexError):
            return None
    m = ISO_DATE_RE.search(str(value))
    return _valid_date(*m.groups()) if m else None


def assign_published(doc: Document, given: dt.date | None, metadata: object, filename: str) -> None:
    """Publication date by precedence: --published, metadata, file name, text. Records which."""
    for origin, value in (("argument", given), ("metadata", parse_date(metadata)),
                          ("filename", date_from_filename(filename)), ("text", date_from_text(doc.text))):
        if value is not None:
            doc.published, doc.published_from = value, origin
            return
