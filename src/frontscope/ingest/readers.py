"""Reading input files into `Document`s: plain text, Markdown, HTML, RSS/Atom feeds and JSONL batches.

Every problem with an input is an `IngestError` naming the file (and line, for JSONL) and the reason;
the caller records it and goes on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from frontscope.model import Document

MAX_BYTES = 20 * 1024 * 1024  # one input file; larger files are refused (a daily report is ~100 KB)
TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
LONG_DATE_RE = re.compile(r"\b(" + "|".join(m.title() for m in MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})\b")


@dataclass
class IngestError(Exception):
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


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
        return dt.date(value[0], value[1], value[2])  # type: ignore[index]
    m = ISO_DATE_RE.search(str(value))
    return _valid_date(*m.groups()) if m else None


def assign_published(doc: Document, given: dt.date | None, metadata: object, filename: str) -> None:
    """Publication date by precedence: --published, metadata, file name, text. Records which."""
    for origin, value in (("argument", given), ("metadata", parse_date(metadata)),
                          ("filename", date_from_filename(filename)), ("text", date_from_text(doc.text))):
        if value is not None:
            doc.published, doc.published_from = value, origin
            return


# Decoding -------------------------------------------------------------------------------------------


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first; otherwise detect; binary and empty input are errors."""
    if not raw.strip():
        raise IngestError(path, "empty file")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(path, "binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise IngestError(path, "not text: no character encoding fits its bytes")
    return str(best), best.encoding


# Formats --------------------------------------------------------------------------------------------


def sniff_format(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = raw[:2048].lstrip().lower()
    if suffix in FEED_SUFFIXES or (head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


_BLOCK_TAGS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, th"


def html_to_text(html: str, path: str) -> tuple[str, str | None, list[str]]:
    """Main text of an HTML page as paragraphs separated by blank lines, its title, and its links."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise IngestError(path, "HTML without a body: no <body> text")
    for junk in root.css("script, style, noscript, nav, header, footer, aside, form"):
        junk.decompose()
    links = [a.attributes.get("href") for a in root.css("a[href]")]
    blocks = [n.text(separator=" ", strip=True) for n in root.css(_BLOCK_TAGS)]
    # Nested block tags (li > p) repeat text: keep the first of consecutive duplicates only.
    paragraphs = [b for i, b in enumerate(blocks) if b and (i == 0 or b != blocks[i - 1])]
    if not paragraphs:
        body_text = root.text(separator="\n", strip=True)
        paragraphs = [line for line in body_text.splitlines() if line.strip()]
    text = "\n\n".join(re.sub(r"[ \t]+", " ", p) for p in paragraphs)
    if not text.strip():
        raise IngestError(path, "HTML without a body: no <body> text")
    return text, title, [u for u in links if u]


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        s = line.strip().lstrip("#").strip()
        if s:
            return s[:200]
    return None


def read_file(path: Path, *, display: str | None = None, published: dt.date | None = None,
              source: str | None = None) -> list[Document | IngestError]:
    """Read one input file into documents (several for feeds and JSONL), or errors."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(name, f"file too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MiB)")
        raw = path.read_bytes()
    except IngestError as e:
        return [e]
    except OSError as e:
        return [IngestError(name, f"cannot read file: {e.strerror or e}")]
    try:
        fmt = sniff_format(path, raw)
        if fmt == "feed":
            return _read_feed(raw, name, published, source)
        text, encoding = decode(raw, name)
        if fmt == "jsonl":
            return _read_jsonl(text, name, published, source)
        if fmt == "json":
            from frontscope.ingest.telegram import read_telegram  # Telegram channel exports (result.json)

            tg = read_telegram(text, name, published, source)
            return tg if tg is not None else _read_json(text, name, published, source)
        if fmt == "html":
            body, title, links = html_to_text(text, name)
            doc = Document(text=body, path=name, title=title, links=links, encoding=encoding, fmt="html",
                           source=source)
        else:
            doc = Document(text=text, path=name, title=_first_line_title(text), encoding=encoding, fmt=fmt,
                           source=source)
        assign_published(doc, published, None, path.name)
        return [doc]
    except IngestError as e:
        return [e]


def _read_feed(raw: bytes, name: str, published: dt.date | None, source: str | None) -> list[Document | IngestError]:
    import feedparser

    feed = feedparser.parse(raw)
    if not feed.entries:
        reason = f"not a readable RSS/Atom feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        raise IngestError(name, reason)
    publisher = feed.feed.get("title")
    out: list[Document | IngestError] = []
    for i, entry in enumerate(feed.entries, start=1):
        where = f"{name}#{i}"
        content = entry.get("content")
        html = content[0].get("value") if content else entry.get("summary", "")
        try:
            if not html or not html.strip():
                raise IngestError(where, "feed entry has no text")
            text = html_to_text(f"<html><body>{html}</body></html>", where)[0] if "<" in html else html
            doc = Document(text=text, path=where, url=entry.get("link"), title=entry.get("title"),
                           publisher=publisher, source=source, fmt="feed", external_id=entry.get("id"))
            assign_published(doc, published, entry.get("published_parsed") or entry.get("updated_parsed"), "")
            out.append(doc)
        except IngestError as e:
            out.append(e)
    return out


def _record(rec: object, name: str, lineno: int, published: dt.date | None,
            source: str | None) -> Document | IngestError:
    """One batch record {"id","published","source","url","title","text"|"html"} → a document."""
    if not isinstance(rec, dict):
        return IngestError(name, "a record must be a JSON object", lineno)
    where = f"{name}:{lineno}"
    try:
        if rec.get("text"):
            body, title, links, fmt = str(rec["text"]), None, [], "text"
        elif rec.get("html"):
            body, title, links = html_to_text(str(rec["html"]), where)
            fmt = "html"
        else:
            return IngestError(name, 'record has neither "text" nor "html"', lineno)
    except IngestError as e:
        e.path, e.line = name, lineno
        return e
    doc = Document(text=body, path=where, url=rec.get("url"), title=rec.get("title") or title,
                   publisher=rec.get("publisher"), source=source or rec.get("source"), fmt=fmt, links=links,
                   external_id=str(rec["id"]) if rec.get("id") is not None else None)
    assign_published(doc, published, rec.get("published"), "")
    return doc


def _read_jsonl(text: str, name: str, published: dt.date | None, source: str | None) -> list[Document | IngestError]:
    out: list[Document | IngestError] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            out.append(IngestError(name, f"invalid or truncated JSON line ({e.msg})", lineno))
            continue
        out.append(_record(rec, name, lineno, published, source))
    if not out:
        out.append(IngestError(name, "JSONL file has no records"))
    return out


def _read_json(text: str, name: str, published: dt.date | None, source: str | None) -> list[Document | IngestError]:
    """A JSON file holding one record or a list of records (the JSONL record shape)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return [IngestError(name, f"invalid or truncated JSON ({e.msg} at line {e.lineno})")]
    records = data if isinstance(data, list) else [data]
    if not records or not all(isinstance(r, dict) and ("text" in r or "html" in r) for r in records):
        return [IngestError(name, 'JSON is neither a record with "text" or "html" nor a list of such records')]
    return [_record(r, name, i, published, source) for i, r in enumerate(records, start=1)]


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and every non-hidden file below a given folder (sorted)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(
                f for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.suffix.lower() in KNOWN_SUFFIXES
            ))
        else:
            files.append(p)
    return files
