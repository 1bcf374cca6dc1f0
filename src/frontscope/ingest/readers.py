"""Reading input files into `Document`s: plain text, Markdown, HTML, RSS/Atom feeds and JSONL batches.

Every problem with an input is an `IngestError` naming the file (and line, for JSONL) and the reason;
the caller records it and goes on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from pathlib import Path

from frontscope.ingest.base import (  # noqa: F401 (part of this module's API)
    ISO_DATE_RE,
    LONG_DATE_RE,
    MONTHS,
    IngestError,
    _valid_date,
    assign_published,
    date_from_filename,
    date_from_text,
    parse_date,
    printable,
)
from frontscope.ingest.encoding import DecodeError, decode_bytes
from frontscope.ingest.records import RecordError, loads, validate_record
from frontscope.model import Document

MAX_BYTES = 20 * 1024 * 1024  # one input file; larger files are refused (a daily report is ~100 KB)
TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

# Decoding -------------------------------------------------------------------------------------------


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
    """Main text of an HTML page as paragraphs separated by blank lines, its title, and its links.

    The first of <article>, <main>, <body> that holds text: pages often carry an empty <article>
    shell with the story in plain <p> elements under <body>."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True).removeprefix("\ufeff").strip() if title_node else None
    for root in (tree.css_first("article"), tree.css_first("main"), tree.body):
        if root is None:
            continue
        for junk in root.css("script, style, noscript, nav, header, footer, aside, form"):
            junk.decompose()
        text = _root_text(root)
        if text.strip():
            links = [a.attributes.get("href") for a in root.css("a[href]")]
            return text, title or None, [u for u in links if u]
    raise IngestError(path, "HTML without a body: no text in <article>, <main> or <body>")


def _root_text(root) -> str:  # type: ignore[no-untyped-def]
    blocks = [n.text(separator=" ", strip=True) for n in root.css(_BLOCK_TAGS)]
    # Nested block tags (li > p) repeat text: keep the first of consecutive duplicates only.
    paragraphs = [b for i, b in enumerate(blocks) if b and (i == 0 or b != blocks[i - 1])]
    if not paragraphs:
        body_text = root.text(separator="\n", strip=True)
        paragraphs = [line for line in body_text.splitlines() if line.strip()]
    return "\n\n".join(re.sub(r"[ \t]+", " ", p) for p in paragraphs)


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        s = line.strip().lstrip("#").strip()
        if s:
            return s[:200]
    return None


def _kind(mode: int) -> str:
    return ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a folder" if stat.S_ISDIR(mode) else "not a regular file")


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES. Pipes, devices and sockets are refused before
    opening (opening a FIFO blocks until a writer appears); links that cannot be followed are errors."""
    try:
        st = os.stat(path)
    except OSError as e:
        if path.is_symlink():
            what = "a symbolic link loop" if e.errno == 40 else "a dangling symbolic link"
            raise IngestError(name, f"cannot follow {what} ({e.strerror})") from None
        raise IngestError(name, f"cannot read file: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(name, f"cannot read file: {_kind(st.st_mode)}, not a regular file")
    if st.st_size > MAX_BYTES:
        raise IngestError(name, f"file too large ({st.st_size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MiB)")
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat(), open() still returns at once.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise IngestError(name, f"cannot read file: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise IngestError(name, "cannot read file: not a regular file")
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:  # grew since stat()
        raise IngestError(name, f"file too large (over {MAX_BYTES // 2**20} MiB)")
    return raw


def _storable(doc: Document, where: str) -> Document:
    """Text the store can keep exactly: no NUL (PostgreSQL refuses it), no unpaired surrogate."""
    for field_name in ("text", "title"):
        value = getattr(doc, field_name)
        if value is None:
            continue
        if "\x00" in value:
            raise IngestError(where, f"{field_name} contains NUL characters: binary, not text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise IngestError(where, f"{field_name} contains invalid Unicode (an unpaired surrogate)") from None
        setattr(doc, field_name, value.removeprefix("\ufeff") if field_name == "title" else value)
    return doc


def read_file(path: Path, *, display: str | None = None, published: dt.date | None = None,
              source: str | None = None) -> list[Document | IngestError]:
    """Read one input file into documents (several for feeds and JSONL), or errors."""
    name = display or str(path)
    try:
        raw = read_bytes(path, name)
        fmt = sniff_format(path, raw)
        if fmt == "feed":
            return _read_feed(raw, name, published, source)
        try:
            decoded = decode_bytes(raw)
        except DecodeError as e:
            raise IngestError(name, str(e)) from None
        text, encoding = decoded.text, decoded.encoding
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
        doc.encoding_confidence = decoded.confidence
        if decoded.unsure:
            doc.warnings.append(f"character encoding uncertain: read as {encoding} "
                                f"(confidence {decoded.confidence:.2f}); check the text")
        assign_published(doc, published, None, path.name)
        return [_storable(doc, name)]
    except IngestError as e:
        return [e]
    except RecursionError:  # a parser below us recursed on pathological nesting
        return [IngestError(name, "nested too deeply to read")]


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
            out.append(_storable(doc, where))
        except IngestError as e:
            out.append(e)
    return out


def _record(data: object, name: str, where: str, line: int | None, published: dt.date | None,
            source: str | None) -> Document | IngestError:
    """One batch record, checked against the schema (`frontscope.ingest.records`) → a document."""
    try:
        rec, meta_date = validate_record(data)
        if rec.text and rec.text.strip():
            body, title, links, fmt = rec.text, None, [], "text"
        else:
            body, title, links = html_to_text(rec.html or "", where)
            fmt = "html"
        doc = Document(text=body, path=where, url=rec.url, title=rec.title or title, publisher=rec.publisher,
                       source=source or rec.source, fmt=fmt, links=links, external_id=rec.id)
        assign_published(doc, published, meta_date, "")
        return _storable(doc, where)
    except RecordError as e:
        return IngestError(name, str(e), line) if line else IngestError(where, str(e))
    except IngestError as e:
        return IngestError(name, e.reason, line) if line else IngestError(where, e.reason)
    except RecursionError:
        return IngestError(name, "record nested too deeply", line) if line else IngestError(where, "record nested too deeply")


def _read_jsonl(text: str, name: str, published: dt.date | None, source: str | None) -> list[Document | IngestError]:
    out: list[Document | IngestError] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = loads(line)
        except json.JSONDecodeError as e:
            out.append(IngestError(name, f"invalid or truncated JSON line ({e.msg})", lineno))
            continue
        except ValueError as e:
            out.append(IngestError(name, f"invalid JSON line ({e})", lineno))
            continue
        out.append(_record(data, name, f"{name}:{lineno}", lineno, published, source))
    if not out:
        out.append(IngestError(name, "JSONL file has no records"))
    return out


def _read_json(text: str, name: str, published: dt.date | None, source: str | None) -> list[Document | IngestError]:
    """A JSON file holding one record or a list of records (the JSONL record shape); record N of a list
    is reported as `file#N`."""
    try:
        data = loads(text)
    except json.JSONDecodeError as e:
        return [IngestError(name, f"invalid or truncated JSON ({e.msg} at line {e.lineno})")]
    except ValueError as e:
        return [IngestError(name, f"invalid JSON ({e})")]
    if isinstance(data, dict):
        if "text" not in data and "html" not in data:
            return [IngestError(name, 'JSON is neither a record with "text" or "html" nor a list of such records')]
        return [_record(data, name, name, None, published, source)]
    if not isinstance(data, list) or not any(isinstance(r, dict) and ("text" in r or "html" in r) for r in data):
        return [IngestError(name, 'JSON is neither a record with "text" or "html" nor a list of such records')]
    return [_record(r, name, f"{name}#{i}", None, published, source) for i, r in enumerate(data, start=1)]


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden entry below `folder` worth reading or reporting: files with a known suffix (of
    any type: read_file refuses pipes and devices with a reason) and links that cannot be followed.
    Linked folders are not descended (no loops)."""
    found: list[Path] = []

    def fail(e: OSError) -> None:  # an unreadable subfolder: report it as an input that failed
        found.append(Path(e.filename))

    for root, dirs, names in os.walk(folder, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in names:
            if n.startswith("."):
                continue
            f = Path(root, n)
            if f.suffix.lower() in KNOWN_SUFFIXES or (f.is_symlink() and not f.exists()):
                found.append(f)
    return sorted(found)


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and every non-hidden file below a given folder (sorted)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(_walk(p))
        else:
            files.append(p)
    return files
