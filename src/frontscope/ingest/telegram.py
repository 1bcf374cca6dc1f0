"""Telegram channel posts: one document per message, the channel as publisher and source, the post's link as URL.

Two shapes are read:
* Telegram Desktop's channel export (`result.json`): `{"name", "type", "id", "messages": [...]}`; a message has
  `id`, `type` ("message" or "service"), `date` (ISO, local time), `text` (a string, or a list mixing strings
  and entity objects `{"type": "link"|"text_link"|"bold"|..., "text", "href"?}`), and `forwarded_from` when it
  is a repost;
* the plain JSON list some collectors write: `[{"message_id", "sender_id", "text", "date", "channel"}, ...]`.
The message link is `https://t.me/<username>/<id>` when the export names the channel's username, else the
id-based form `https://t.me/c/<channel id>/<id>`. Posts without text (a photo alone) and service messages are
skipped: they carry nothing to read. A repost (`forwarded_from`) keeps the channel that posted it as
publisher and names the original channel as source. The same text posted twice in one export (a repost of the
channel's own post, a cross-post with a different footer) is read once; the copies' links are added to the
kept document's `links`, and the store's content hash keeps exact copies from other files out as duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from frontscope.ingest.base import IngestError, assign_published
from frontscope.model import Document

_FOOTER_RE = re.compile(r"(?:\n\s*(?:@\w+|https?://t\.me/\S+|[^\n]{0,40}(?:подписаться|підписатися|подписывайтесь|"
                        r"підписуйтесь)[^\n]{0,60}))+\s*$", re.I)
_WS_RE = re.compile(r"\s+")


def message_text(value: object) -> tuple[str, list[str]]:
    """The text of a message (`text` as a string or a list of strings and entities) and its links."""
    if isinstance(value, str):
        return value, re.findall(r"https?://\S+", value)
    if not isinstance(value, list):
        return "", []
    parts: list[str] = []
    links: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict):
            t = str(piece.get("text", ""))
            parts.append(t)
            if piece.get("type") == "link":
                links.append(t)
            elif piece.get("href"):
                links.append(str(piece["href"]))
    return "".join(parts), links


def _channel_id(raw: object) -> str:
    """Telegram's internal channel id as used in t.me/c links (-1001101170442 → 1101170442)."""
    s = str(raw or "").removeprefix("channel").lstrip("-")
    return s[3:] if s.startswith("100") and len(s) > 10 else s


def message_url(username: str | None, channel_id: str, msg_id: object) -> str | None:
    if msg_id is None:
        return None
    if username:
        return f"https://t.me/{username.lstrip('@')}/{msg_id}"
    return f"https://t.me/c/{channel_id}/{msg_id}" if channel_id else None


def _dedup_key(text: str) -> str:
    return _WS_RE.sub(" ", _FOOTER_RE.sub("", text)).strip().lower()


def _shape(data: object) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return "desktop"
    if (isinstance(data, list) and data and all(isinstance(r, dict) for r in data)
            and all("message_id" in r and "text" in r for r in data[:50])):
        return "list"
    return None


def read_telegram(text: str, name: str, published: dt.date | None = None,
                  source: str | None = None) -> list[Document | IngestError] | None:
    """Documents of a Telegram export's messages, or None when `text` is not a Telegram export (the caller
    then reads it as a plain JSON batch)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    shape = _shape(data)
    if shape is None:
        return None
    if shape == "desktop":
        assert isinstance(data, dict)
        channel = str(data.get("name") or "") or None
        username = data.get("username") or None
        cid = _channel_id(data.get("id"))
        messages = data["messages"]
    else:
        channel, username, cid, messages = None, None, "", data
    out: list[Document | IngestError] = []
    kept: dict[str, Document] = {}
    for i, m in enumerate(messages, start=1):
        if not isinstance(m, dict):
            out.append(IngestError(name, "a message must be a JSON object", i))
            continue
        if m.get("type", "message") != "message":
            continue  # service messages: "channel created", "pinned a message"
        msg_id = m.get("id", m.get("message_id"))
        body, links = message_text(m.get("text"))
        if not body.strip():
            continue  # a photo or a sticker without a caption
        ch = channel or (str(m["channel"]) if m.get("channel") else None)
        ch_id = cid or _channel_id(m.get("sender_id") or m.get("from_id"))
        url = message_url(username, ch_id, msg_id)
        if m.get("date") in (None, ""):
            out.append(IngestError(name, f"message {msg_id}: no date", i))
            continue
        key = _dedup_key(body)
        first = kept.get(key)
        if first is not None:  # the same post again: one document, every copy's link kept on it
            if url and url not in first.links:
                first.links.append(url)
            continue
        forwarded = m.get("forwarded_from")
        doc = Document(
            text=body, path=f"{name}#{msg_id}", url=url, title=body.strip().splitlines()[0][:200],
            publisher=ch, source=source or (str(forwarded) if forwarded else ch), fmt="telegram",
            external_id=f"{ch_id}/{msg_id}" if ch_id else str(msg_id), links=list(dict.fromkeys(links)),
        )
        assign_published(doc, published, m.get("date"), "")
        if doc.published is None:
            out.append(IngestError(name, f"message {msg_id}: unreadable date {m.get('date')!r}", i))
            continue
        kept[key] = doc
        out.append(doc)
    if not out:
        out.append(IngestError(name, "Telegram export has no messages with text"))
    return out
