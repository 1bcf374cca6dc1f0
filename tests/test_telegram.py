"""Telegram channel exports: Telegram Desktop's result.json and the plain JSON-list shape (fixtures written for
these tests in the real shapes; the texts are invented)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from frontscope.ingest.readers import IngestError, read_file
from frontscope.ingest.runner import ingest
from frontscope.ingest.telegram import message_text
from frontscope.model import Document
from frontscope.store.db import Store

DESKTOP_EXPORT = {
    "name": "Тестовий канал ОВА",
    "type": "public_channel",
    "id": 1234567890,
    "messages": [
        {"id": 1, "type": "service", "date": "2022-09-10T08:00:00", "date_unixtime": "1662796800",
         "actor": "Тестовий канал ОВА", "action": "create_channel", "title": "Тестовий канал ОВА", "text": ""},
        {"id": 2, "type": "message", "date": "2022-09-11T07:15:02", "date_unixtime": "1662880502",
         "from": "Тестовий канал ОВА", "from_id": "channel1234567890",
         "text": ["Вночі окупанти обстріляли Куп'янськ, — повідомив голова ОВА. Деталі: ",
                  {"type": "link", "text": "https://example.org/news/1"}, "\n",
                  {"type": "bold", "text": "Залишайтеся в укриттях!"}],
         "text_entities": []},
        {"id": 3, "type": "message", "date": "2022-09-11T09:00:00", "date_unixtime": "1662886800",
         "from": "Тестовий канал ОВА", "from_id": "channel1234567890", "photo": "photos/photo_1.jpg",
         "width": 1280, "height": 960, "text": ""},
        {"id": 4, "type": "message", "date": "2022-09-11T10:30:00", "date_unixtime": "1662892200",
         "from": "Тестовий канал ОВА", "from_id": "channel1234567890", "forwarded_from": "Генштаб ЗСУ",
         "text": [{"type": "text_link", "text": "Генштаб", "href": "https://t.me/example_gs/77"},
                  ": ЗСУ звільнили Балаклію."]},
        {"id": 5, "type": "message", "date": "2022-09-11T11:00:00", "date_unixtime": "1662894000",
         "from": "Тестовий канал ОВА", "from_id": "channel1234567890",
         "text": "Вночі окупанти обстріляли   Куп'янськ, — повідомив голова ОВА. Деталі: https://example.org/news/1\n"
                 "Залишайтеся в укриттях!\n@test_ova_channel"},
    ],
}

LIST_SHAPE = [
    {"message_id": 501, "sender_id": -1001101170442, "text": "Российские военные заняли позиции возле Купянска, "
     "сообщили в штабе.", "date": "2024-11-30T06:00:00+00:00", "channel": "Тестовый канал", "category": "war"},
    {"message_id": 500, "sender_id": -1001101170442, "text": "В Москве прошел снегопад.",
     "date": "2024-11-29T21:10:00+00:00", "channel": "Тестовый канал", "category": "weather"},
]


def test_entity_lists_become_text_and_links() -> None:
    text, links = message_text(["a ", {"type": "link", "text": "https://x.org/1"}, " ",
                                {"type": "text_link", "text": "b", "href": "https://y.org/2"}])
    assert text == "a https://x.org/1 b"
    assert links == ["https://x.org/1", "https://y.org/2"]


def test_desktop_export_one_document_per_text_message(tmp_path: Path) -> None:
    f = tmp_path / "result.json"
    f.write_text(json.dumps(DESKTOP_EXPORT, ensure_ascii=False), encoding="utf-8")
    docs = read_file(f)
    assert all(isinstance(d, Document) for d in docs)
    # service message, photo without caption and the repost of message 2 (same text, other spacing/footer) are
    # not documents of their own
    assert [d.external_id for d in docs] == ["1234567890/2", "1234567890/4"]
    first, fwd = docs
    assert first.text.startswith("Вночі окупанти обстріляли Куп'янськ")
    assert first.url == "https://t.me/c/1234567890/2"
    assert first.publisher == first.source == "Тестовий канал ОВА"
    assert first.published == dt.date(2022, 9, 11) and first.published_from == "metadata"
    assert first.fmt == "telegram"
    assert "https://example.org/news/1" in first.links
    assert "https://t.me/c/1234567890/5" in first.links  # the repost is linked, not a second document
    assert fwd.publisher == "Тестовий канал ОВА" and fwd.source == "Генштаб ЗСУ"
    assert fwd.links == ["https://t.me/example_gs/77"]


def test_username_gives_public_links(tmp_path: Path) -> None:
    f = tmp_path / "result.json"
    f.write_text(json.dumps({**DESKTOP_EXPORT, "username": "test_ova"}, ensure_ascii=False), encoding="utf-8")
    assert read_file(f)[0].url == "https://t.me/test_ova/2"


def test_plain_list_shape(tmp_path: Path) -> None:
    f = tmp_path / "1001101170442_messages.json"
    f.write_text(json.dumps(LIST_SHAPE, ensure_ascii=False), encoding="utf-8")
    docs = read_file(f)
    assert [(d.url, d.publisher, d.published) for d in docs] == [
        ("https://t.me/c/1101170442/501", "Тестовый канал", dt.date(2024, 11, 30)),
        ("https://t.me/c/1101170442/500", "Тестовый канал", dt.date(2024, 11, 29)),
    ]


def test_bad_messages_are_errors_and_the_rest_is_read(tmp_path: Path) -> None:
    bad = {"name": "X", "id": 1, "messages": [
        {"id": 1, "type": "message", "text": "Без дати"},
        {"id": 2, "type": "message", "date": "2022-09-11T07:00:00", "text": "Вибух у Харкові."},
    ]}
    f = tmp_path / "result.json"
    f.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    out = read_file(f)
    assert isinstance(out[0], IngestError) and "no date" in str(out[0]) and str(f) in str(out[0])
    assert isinstance(out[1], Document) and out[1].text == "Вибух у Харкові."


def test_plain_json_batches_still_read_as_before(tmp_path: Path) -> None:
    f = tmp_path / "batch.json"
    f.write_text(json.dumps([{"id": "a", "text": "Russian forces attacked near Kupyansk.", "published": "2022-09-11"}]),
                 encoding="utf-8")
    docs = read_file(f)
    assert len(docs) == 1 and docs[0].fmt == "text" and docs[0].external_id == "a"


def test_export_ingests_end_to_end(tmp_path: Path) -> None:
    f = tmp_path / "result.json"
    f.write_text(json.dumps(DESKTOP_EXPORT, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "tg.db"
    summary = ingest([f], Store.open(db), workers=1)
    assert (summary.stored, summary.duplicates, summary.failed) == (2, 0, 0)
    again = ingest([f], Store.open(db), workers=1)  # idempotent: the same posts are duplicates
    assert (again.stored, again.duplicates) == (0, 2)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, publisher, source, format FROM documents ORDER BY id").fetchall()
        assert rows[0] == ("https://t.me/c/1234567890/2", "Тестовий канал ОВА", "Тестовий канал ОВА", "telegram")
        places = conn.execute("SELECT text, geonameid FROM mentions ORDER BY id").fetchall()
        assert ("Куп'янськ", 703656) in places and ("Балаклію", 712926) in places
        claims = conn.execute("SELECT c.text, s.side, s.kind FROM claims c JOIN sources s ON s.id = c.source_id "
                              "ORDER BY c.id").fetchall()
        assert [(side, kind) for _, side, kind in claims] == [("UA", "local_official"), ("UA", "military")]


def test_the_language_each_document_was_read_in_is_stored(tmp_path):
    from frontscope.ingest.runner import ingest
    from frontscope.store.db import Store

    (tmp_path / "2022-09-10_uk.txt").write_text(
        "Сили оборони звільнили Балаклію, повідомив Генштаб ЗСУ.\n", encoding="utf-8")
    (tmp_path / "2022-09-10_en.txt").write_text(
        "Ukrainian forces liberated Balakliya, the General Staff reported.\n", encoding="utf-8")
    store = Store.open(tmp_path / "d.db")
    ingest([str(tmp_path)], store, workers=1)
    langs = {d["path"].rsplit("_", 1)[-1]: d["language"] for d in store.documents()}
    assert langs == {"uk.txt": "uk", "en.txt": "en"}
