"""Every export format parses back with the tool an analyst would use on it."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shapely.geometry import Point, shape

from frontscope.render.exports import ACLED_COLUMNS, export_records, oblast_pcode

EVENTS = [
    {"id": "e1", "event_date": dt.date(2022, 9, 10), "event_type": "Battles",
     "sub_event_type": "Government regains territory", "actor1": "Military Forces of Ukraine (2019-)",
     "actor2": "Military Forces of Russia (2000-)", "place": "Kupiansk", "geonameid": 703656,
     "lat": 49.71003, "lon": 37.61581, "oblast": "Kharkiv Oblast", "raion": "Kupianskyi",
     "katottg": "UA63080150010067231", "status": "confirmed", "confidence": 0.9, "claim_ids": [3, 4],
     "source": "ISW", "source_url": "https://example.org/a", "notes": "Ukrainian forces liberated Kupiansk."},
    {"id": "e2", "event_date": "2022-09-11", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Russia (2000-)",
     "place": "Izyum", "geonameid": 707292, "lat": 49.20697, "lon": 37.27679, "oblast": "Kharkivska",
     "status": "claimed", "confidence": 0.6, "claim_ids": [7], "fatalities": 2, "source": "ISW",
     "notes": "Russian forces shelled Izyum, the Ukrainian General Staff reported.", "doc": "2022-09-11_isw.txt"},
    {"id": "e3", "event_date": "2022-09-12", "event_type": "Battles", "sub_event_type": "Armed clash",
     "oblast": "Donetsk Oblast", "status": "assessed", "confidence": 0.4, "claim_ids": [],
     "notes": "Fighting continued in Donetsk Oblast.", "custom_flag": True},
]
CONTROL = [
    {"id": "c1", "event_date": "2022-09-10", "place": "Kupiansk", "geonameid": 703656, "lat": 49.71003,
     "lon": 37.61581, "oblast": "Kharkiv Oblast", "change": "UA_gain", "holder": "UA", "status": "confirmed",
     "claimed_by": "Ukrainian General Staff", "confidence": 0.85, "claim_ids": [3]},
    {"id": "c2", "event_date": "2022-09-20", "place": "Lyman", "geonameid": 704204, "lat": 48.99012,
     "lon": 37.80843, "oblast": "Donetsk Oblast", "change": "RU_holds", "holder": "RU", "status": "assessed",
     "confidence": 0.6, "claim_ids": [9]},
]


def test_geojson_features_are_points_with_properties(tmp_path):
    out = export_records(EVENTS, "geojson", tmp_path / "e.geojson", "events")
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    f1 = fc["features"][0]
    geom = shape(f1["geometry"])
    assert isinstance(geom, Point) and (geom.x, geom.y) == pytest.approx((37.61581, 49.71003))
    assert f1["id"] == "e1" and f1["properties"]["event_date"] == "2022-09-10"
    assert f1["properties"]["claim_ids"] == [3, 4] and f1["properties"]["oblast_pcode"] == "UA63"
    assert f1["properties"]["raion_pcode"] == "UA6308"
    assert fc["features"][2]["geometry"] is None  # oblast-level event: no invented coordinates


def test_acled_csv_columns_and_codings(tmp_path):
    out = export_records(EVENTS, "acled", tmp_path / "e.csv", "events")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    header = next(csv.reader(out.open(encoding="utf-8")))
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert {"status", "confidence", "claim_ids"} <= set(header)
    r1, r2, r3 = rows
    assert (r1["admin1"], r1["location"], r1["latitude"], r1["geo_precision"]) == \
        ("Kharkiv Oblast", "Kupiansk", "49.71003", "1")
    assert r1["claim_ids"] == "3;4" and r1["event_id_cnty"] == "UKRe1" and r1["year"] == "2022"
    assert r2["fatalities"] == "2" and r1["fatalities"] == "0"
    assert r3["geo_precision"] == "3" and r3["latitude"] == ""


def test_acled_control_rows_get_a_battles_coding(tmp_path):
    rows = list(csv.DictReader(export_records(CONTROL, "acled", tmp_path / "c.csv", "control").open()))
    assert rows[0]["sub_event_type"] == "Government regains territory"
    assert rows[0]["actor1"].startswith("Military Forces of Ukraine")
    assert rows[1]["actor1"].startswith("Military Forces of Russia")
    with pytest.raises(ValueError):
        export_records([{"place": "Kupiansk"}], "acled", tmp_path / "p.csv", "places")


def test_hxl_has_a_hashtag_row(tmp_path):
    out = export_records(EVENTS, "hxl", tmp_path / "e_hxl.csv", "events")
    header, tags, first, *_ = list(csv.reader(out.open(encoding="utf-8")))
    tag = dict(zip(header, tags, strict=True))
    assert tag["event_date"] == "#date" and tag["oblast"] == "#adm1+name" and tag["oblast_pcode"] == "#adm1+code"
    assert tag["place"] == "#loc+name" and tag["lat"] == "#geo+lat" and tag["lon"] == "#geo+lon"
    assert tag["event_type"] == "#event+type" and tag["source"] == "#meta+source"
    assert all(t.startswith("#") for t in tags if t)
    assert first[header.index("oblast_pcode")] == "UA63"
    assert "custom_flag" in header  # extra keys are kept, untagged


def test_plain_csv_keeps_extra_keys(tmp_path):
    rows = list(csv.DictReader(export_records(EVENTS, "csv", tmp_path / "e.csv").open(encoding="utf-8")))
    assert rows[2]["custom_flag"] == "True" and rows[0]["custom_flag"] == ""
    assert rows[1]["oblast_pcode"] == "UA63"  # "Kharkivska" spelling


def test_parquet_schema_is_explicit(tmp_path):
    out = export_records(EVENTS, "parquet", tmp_path / "e.parquet", "events")
    table = pq.read_table(out)
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("lat").type == pa.float64() and schema.field("geonameid").type == pa.int64()
    assert schema.field("claim_ids").type == pa.list_(pa.string())
    assert table.column("event_date").to_pylist()[1] == dt.date(2022, 9, 11)
    assert table.column("claim_ids").to_pylist() == [["3", "4"], ["7"], []]
    assert table.column("lat").to_pylist()[2] is None
    ctab = pq.read_table(export_records(CONTROL, "parquet", tmp_path / "c.parquet", "control"))
    assert ctab.column("change").to_pylist() == ["UA_gain", "RU_holds"]


def test_plover_jsonl(tmp_path):
    out = export_records(EVENTS, "jsonl", tmp_path / "e.jsonl", "events")
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 3
    r1, r2 = recs[0], recs[1]
    assert r1["id"] == "e1" and r1["date"] == "2022-09-10" and r1["event"] == ["FIGHT"]
    assert r1["source"][0]["code"] == "UKR" and r1["recipient"][0]["code"] == "RUS"
    assert r1["event_loc"]["geonameid"] == 703656 and r1["event_loc"]["admin1 code"] == "UA63"
    assert r2["mode"] == ["artillery"] and r2["size_info"] == {"dead": 2} and r2["quad_code"] == 4
    crec = json.loads(export_records(CONTROL, "jsonl", tmp_path / "c.jsonl", "control").read_text().splitlines()[0])
    assert crec["event"] == ["FIGHT"] and crec["mode"] == ["occupy"] and crec["holder"] == "UA"


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        export_records(EVENTS, "xlsx", tmp_path / "e.xlsx")
    with pytest.raises(ValueError):
        export_records(EVENTS, "csv", tmp_path / "e.csv", what="claims")


def test_oblast_pcodes_from_names_and_codes():
    assert oblast_pcode("Kharkiv Oblast") == "UA63" == oblast_pcode("Харківська область")
    assert oblast_pcode("Kyiv") == "UA80" and oblast_pcode("Kyiv Oblast") == "UA32"
    assert oblast_pcode("Zaporizhzhya Oblast") == "UA23" and oblast_pcode(None, "UA14020010010095833") == "UA14"
    assert oblast_pcode("Narnia") is None
