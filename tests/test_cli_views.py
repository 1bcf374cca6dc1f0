"""The demo corpus through the whole pipeline, then the CLI views a user reads: claims, sources,
control, changes, exposure, extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontscope.cli.main import cli
from frontscope.demo import sample_dir


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    res = CliRunner().invoke(cli, ["demo", "--db", db])
    assert res.exit_code == 0, res.output
    return db


def _json(args: list[str]):
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_demo_stores_every_annotation_kind(demo_db):
    stats = _json(["stats", "--db", demo_db, "--json"])
    assert stats["documents"] == 3 and stats["ingest_failures"] == 0
    for table in ("claims", "mentions", "control_observations", "events", "endnotes"):
        assert stats[table] > 0, table


def test_claims_filters_and_sources(demo_db):
    ru = _json(["claims", "--db", demo_db, "--side", "RU", "--json"])
    assert ru and all(c["side"] == "RU" for c in ru)
    mod = _json(["claims", "--db", demo_db, "--source", "Ministry of Defense", "--json"])
    assert mod and all("Ministry of Defense" in c["source"] for c in mod)
    assert all(c["urls"] for c in mod)  # endnote URLs travel with the claim
    recent = _json(["claims", "--db", demo_db, "--since", "2025-12-12", "--json"])
    assert recent and all((c["said_on"] or c["published"]) >= "2025-12-12" for c in recent)
    sources = _json(["sources", "--db", demo_db, "--json"])
    names = {s["name"]: s for s in sources}
    assert names["Russian Ministry of Defense"]["side"] == "RU"
    assert names["Russian Ministry of Defense"]["control_claims"] >= 1


def test_control_geojson_and_changes(demo_db):
    fc = _json(["control", "--db", demo_db, "--as-of", "2025-12-13", "--format", "geojson"])
    assert fc["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in fc["features"]}
    radkivka = by_name["Radkivka"]
    assert radkivka["properties"]["holder"] == "UA"  # liberated on December 12, confirmed by footage
    assert radkivka["properties"]["evidence"] and radkivka["properties"]["since"] == "2025-12-12"
    lon, lat = radkivka["geometry"]["coordinates"]
    assert 49.6 < lat < 49.9 and 37.4 < lon < 37.8
    before = _json(["control", "--db", demo_db, "--as-of", "2025-11-25", "--format", "json"])
    # The November Russian claim of capture stays a claim: nobody else backed it.
    radkivka_before = {r["name"]: r for r in before}["Radkivka"]
    assert (radkivka_before["holder"], radkivka_before["claimed_by"]) == ("unknown", "RU")
    changes = _json(["changes", "--db", demo_db, "--since", "2025-12-01", "--until", "2025-12-13", "--json"])
    flipped = {(c["name"], c["from"], c["to"]) for c in changes}
    assert ("Radkivka", "unknown", "UA") in flipped
    assert all(c["evidence"] for c in changes)


def test_control_explain_says_why_a_claim_stayed_a_claim_and_what_flipped_it(demo_db):
    rows = _json(["control", "--db", demo_db, "--as-of", "2025-12-13", "--explain", "radkivka", "--format", "json"])
    assert [(r["date"], r["candidate"], r["outcome"]) for r in rows] == [
        ("2025-11-20", "RU", "claim"), ("2025-12-12", "UA", "changed")]
    claim, change = rows
    assert claim["probability"] >= claim["threshold"]  # likely enough, but only Russia says it
    assert {e["source"] for e in claim["evidence"]} >= {"Russian Ministry of Defense"}
    assert change["probability"] >= change["threshold"] and change["evidence"]
    assert all(w["means"] for w in change["why"])
    text = CliRunner().invoke(cli, ["control", "--db", demo_db, "--as-of", "2025-12-13", "--explain", "Radkivka"])
    assert text.exit_code == 0 and "nobody else backs it" in text.output and "liberated Radkivka" in text.output
    missing = CliRunner().invoke(cli, ["control", "--db", demo_db, "--as-of", "2025-12-13", "--explain", "Atlantis"])
    assert missing.exit_code == 1 and "Atlantis" in missing.output and len(missing.output.strip().splitlines()) == 1


def test_control_explain_text_folds_repeated_scorings_into_one_line():
    from frontscope.cli.views import _runs

    def row(day, outcome, evidence=(1,)):
        return {"geonameid": 1, "holder": "RU", "candidate": "UA", "outcome": outcome, "date": day,
                "evidence": [{"observation": e} for e in evidence]}

    rows = [row("2022-09-16", "not enough"), row("2022-09-17", "not enough"), row("2022-09-18", "not enough", (1, 2)),
            row("2022-09-28", "changed", (1, 2))]
    assert [[r["date"] for r in run] for run in _runs(rows)] == [
        ["2022-09-16", "2022-09-17"], ["2022-09-18"], ["2022-09-28"]]  # a new statement or outcome starts a run


def test_control_explain_of_an_unnamed_place_says_whom_it_follows_and_what_overtook_it():
    import datetime as dt

    from frontscope.cli.views import _state_line
    from frontscope.control.belief import FEATURES, params_from_dict
    from frontscope.control.observations import Observation
    from frontscope.control.priors import Settlement
    from frontscope.control.timeline import build_timelines
    from frontscope.views.control import ControlView, state_rows

    # Made-up villages 3 km apart inside a made-up occupied box; the two outer ones liberated (admitted by the
    # losing side), the middle one nobody names; then Blyzke, 4 km from it, retaken by Russia.
    pool = [Settlement(990001, "Westivka", 49.5, 37.0), Settlement(990002, "Seredne", 49.5, 37.042),
            Settlement(990003, "Skhidne", 49.5, 37.083), Settlement(990005, "Zakhidne", 49.5, 36.85),
            Settlement(990006, "Blyzke", 49.536, 37.042)]
    box = {"type": "Polygon", "coordinates": [[[36.9, 49.0], [38.5, 49.0], [38.5, 50.0], [36.9, 50.0], [36.9, 49.0]]]}

    def said(g: int, side: str, day: dt.date) -> list[Observation]:
        return [Observation(id=f"{i}{g}{day}", geonameid=g, change=f"{side}_gain", status=st, report_date=day, source=i,
                            source_side=by, source_kind=kind, confidence=0.9)
                for i, st, by, kind in (("a", "confirmed", "", ""),
                                        ("m", "claimed", "RU" if side == "UA" else "UA", "military"))]

    obs = said(990001, "UA", dt.date(2022, 9, 10)) + said(990003, "UA", dt.date(2022, 9, 10)) + \
        said(990006, "UA", dt.date(2022, 9, 10)) + said(990006, "RU", dt.date(2022, 11, 2))
    params = params_from_dict({"weights": dict.fromkeys(FEATURES, 0.0) | {"admitted": 6.0}, "threshold": 0.5,
                               "window_days": 28, "sweep_km": 10.0, "sweep_min_probability": 0.97, "overtake_km": 10})
    tl = build_timelines(obs, baseline=box, baseline_date=dt.date(2022, 9, 1), settlements=pool, params=params)
    now = state_rows(ControlView(dt.date(2022, 9, 20), tl, {}), "seredne")
    later = state_rows(ControlView(dt.date(2022, 11, 20), tl, {}), "990002")
    assert [(r["holder"], r["status"], r["fill"]["overtaken"]) for r in now] == [("UA", "inferred", None)]
    assert now[0]["fill"]["anchor_name"] in ("Westivka", "Skhidne") and now[0]["fill"]["restated"] == "2022-09-10"
    assert [(r["holder"], r["status"]) for r in later] == [("RU", "prior")]
    assert later[0]["fill"]["overtaken"] == {"geonameid": 990006, "name": "Blyzke", "date": "2022-11-02"}
    line = _state_line(now[0])
    assert "inferred" in line and now[0]["fill"]["anchor_name"] in line
    assert "Blyzke changed hands the other way nearby on 2022-11-02" in _state_line(later[0])
    assert "prior of 2022-09-01" in _state_line(later[0])
    assert "no statement names it" in _state_line(state_rows(ControlView(dt.date(2022, 9, 20), tl, {}), "Zakhidne")[0])


def test_exposure_json_names_settlements_with_population(demo_db):
    # Without a baseline nothing was *believed* held before, so no settlement "changed hands"; the Russian
    # claims of November are listed apart, with their population, as claims.
    e = _json(["exposure", "--db", demo_db, "--date", "2025-11-25", "--format", "json"])
    rows = e["settlements"]
    assert all("population" in r and "population_estimated" in r for r in rows)
    assert e["totals"]["any"]["population"] == sum(r["population"] for r in rows)
    claimed = e["claimed_not_believed"]
    assert {r["name"] for r in claimed["rows"]} >= {"Radkivka", "Kindrashivka"}
    assert all(r["claimed_by"] == "RU" and r["holder"] != "RU" for r in claimed["rows"])
    assert claimed["population"] == sum(r["population"] or 0 for r in claimed["rows"]) > 0


def test_extract_jsonl_contract():
    f = str(Path(sample_dir()) / "2025-12-12_sample.txt")
    res = CliRunner().invoke(cli, ["extract", f, "--jsonl"])
    assert res.exit_code == 0
    text = Path(f).read_text(encoding="utf-8")
    recs = [json.loads(line) for line in res.output.splitlines()]
    kinds = {r["type"] for r in recs}
    assert {"place", "claim", "control"} <= kinds
    for r in recs:
        assert r["doc"] == f
        if r["type"] in ("place", "claim", "control"):
            assert text[r["start"]:r["end"]] == r["text"]
    claim = next(r for r in recs if r["type"] == "claim" and r["source"]["name"].endswith("Khartiya Corps"))
    assert claim["source"]["side"] == "UA" and claim["said_on"] == "2025-12-12" and claim["citations"] == [1]
    assert claim["urls"] == ["https://t.me/sample_khartiya/1201"]
    places = {r["text"]: r for r in recs if r["type"] == "place"}
    assert places["Kindrashivka"]["geonameid"] is not None
