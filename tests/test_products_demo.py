"""Brief, map and exports from the shipped sample corpus run through the whole pipeline."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from PIL import Image
from shapely.geometry import shape

from frontscope.brief.daily import build_brief, clean_text
from frontscope.cli.main import cli
from frontscope.demo import sample_dir
from frontscope.ingest.runner import ingest
from frontscope.render.products import fit_extent, render_control_map, write_export
from frontscope.render.text import to_html, to_markdown
from frontscope.store.db import Store

DAY, SINCE = dt.date(2025, 12, 13), dt.date(2025, 11, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("products") / "demo.db"
    store = Store.open(db)
    summary = ingest([sample_dir()], store)
    assert summary.failed == 0
    with sqlite3.connect(db) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM claims")}
    return store, str(db), ids


def test_takeaways_cite_stored_claims_and_rank_the_latest_report_first(demo):
    store, _, claim_ids = demo
    brief = build_brief(store, DAY, SINCE)
    assert 5 <= len(brief.takeaways) <= 10
    for line in brief.takeaways:  # a sentence without a claim is the report's own assessment and says so
        assert set(line.claim_ids) <= claim_ids, line
        assert line.claim_ids or line.text.endswith("(the report's assessment)"), line
    # The latest report's sentences come first, each report's in order of salience.
    order = [(x.published != DAY.isoformat(), -x.score) for x in brief.takeaways]
    assert order == sorted(order)
    # The variety caps hold, and no takeaway is a restatement of another one's claims.
    kinds = [x.kind for x in brief.takeaways]
    assert all(kinds.count(k) <= 4 for k in set(kinds))
    cited = [tuple(x.claim_ids) for x in brief.takeaways if x.claim_ids]
    assert len(set(cited)) == len(cited)


def test_contested_places_show_both_holders_side_by_side(demo):
    store, _, _ = demo
    brief = build_brief(store, DAY, SINCE)
    assert brief.contested
    for place in brief.contested:
        assert {x["favours"] for x in place.positions} == {"UA", "RU"}
        assert len({x["claim_id"] for x in place.positions}) >= 2
    md = to_markdown(brief)
    assert "**Ukraine holds it**" in md and "**Russia holds it**" in md


def test_markdown_cites_only_tabled_claims_and_counts_the_rest(demo):
    store, _, claim_ids = demo
    brief = build_brief(store, DAY, SINCE)
    md = to_markdown(brief)
    cited = {int(x) for x in re.findall(r"\[c(\d+)\]", md)}
    tabled = {int(x) for x in re.findall(r"^\| c(\d+) \|", md, re.M)}
    assert cited and cited <= claim_ids
    assert cited <= tabled  # every citation resolves to a row of the claims table
    assert len(tabled) == len(brief.claims) <= brief.n_claims_total
    if brief.n_claims_total > len(brief.claims):
        assert f"{brief.n_claims_total - len(brief.claims)} further claims" in md
    assert not re.search(r"\[\d+\]", " ".join(x.text for x in brief.takeaways))  # endnote markers stripped


def test_html_brief_embeds_a_real_map_and_links_every_citation(demo, tmp_path):
    store, _, _ = demo
    brief = build_brief(store, DAY, SINCE)
    render_control_map(store, DAY, tmp_path / "m.png", since=SINCE)
    page = to_html(brief, (tmp_path / "m.png").read_bytes())
    assert page.count("data:image/png;base64,") == 1
    assert not re.search(r"""(src|href)=['"]https?://[^'"]+\.(css|js|png)""", page)
    anchors = set(re.findall(r"id='c(\d+)'", page))
    assert set(re.findall(r'href="#c(\d+)"', page)) <= anchors


def test_map_is_a_sensible_png(demo, tmp_path):
    store, _, _ = demo
    out = tmp_path / "map.png"
    render_control_map(store, DAY, out, since=SINCE)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(out)
    assert 800 <= img.width <= 3000 and 600 <= img.height <= 3000
    assert 20_000 < out.stat().st_size < 5_000_000
    assert len(img.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50  # drawn, not blank


def test_towns_nobody_reports_on_are_drawn_grey_for_orientation(demo, tmp_path):
    """Without a prior only named places get a holder; the map still shows the towns around them, as unknown."""
    store, _, _ = demo
    result = render_control_map(store, DAY, tmp_path / "m.png", since=SINCE, around="Kupyansk", km=25)
    assert "Kupiansk-Vuzlovyi" in result.labels_placed  # a town of ~8,000 no statement names


def test_fit_extent_keeps_small_sets_whole_and_caps_wide_ones():
    spots = [(49.21, 37.28), (50.29, 36.94), (49.71, 37.62), (49.45, 36.86)]  # Izyum, Vovchansk, Kupyansk, Balakliya
    w, s, e, n = fit_extent(spots)
    assert all(w < lon < e and s < lat < n for lat, lon in spots)
    w, s, e, n = fit_extent([(46.6, 32.6), (50.3, 38.0)], max_km=100)
    assert (n - s) * 111 <= 201


def test_exports_parse_back(demo, tmp_path):
    store, _, _ = demo
    path, n = write_export(store, "geojson", "control", tmp_path / "c.geojson")
    fc = json.loads(path.read_text())
    assert n > 0 and fc["type"] == "FeatureCollection"
    assert all(shape(f["geometry"]).is_valid for f in fc["features"] if f["geometry"])
    path, n = write_export(store, "csv", "claims", tmp_path / "claims.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n and {"id", "source", "side", "text", "urls"} <= set(rows[0])
    path, _ = write_export(store, "hxl", "events", tmp_path / "e_hxl.csv")
    with path.open(encoding="utf-8") as fh:
        header, tags = next(csv.reader(fh)), next(csv.reader(fh))
    assert len(header) == len(tags) and all(t.startswith("#") for t in tags if t)
    path, n = write_export(store, "parquet", "claims", tmp_path / "claims.parquet")
    schema = pq.read_schema(path)
    assert {"id", "source", "side", "text"} <= set(schema.names) and pq.read_table(path).num_rows == n


def test_cli_products_succeed_and_fail_clearly(demo, tmp_path):
    _, db, _ = demo
    run = CliRunner().invoke
    res = run(cli, ["brief", "--db", db, "--date", str(DAY), "--since", str(SINCE), "--format", "html",
                    "--out", str(tmp_path / "b.html")])
    assert res.exit_code == 0, res.output
    assert "<h2>Key takeaways</h2>" in (tmp_path / "b.html").read_text()
    res = run(cli, ["brief", "--db", db, "--date", str(DAY)])
    assert res.exit_code == 0 and "## Key takeaways" in res.output
    res = run(cli, ["map", "--db", db, "--date", str(DAY), "--out", str(tmp_path / "m.png")])
    assert res.exit_code == 0, res.output
    res = run(cli, ["brief", "--db", db, "--date", "2024-01-01"])
    assert res.exit_code != 0 and "no report published" in res.output and "2025-11-20" in res.output
    res = run(cli, ["map", "--db", db, "--date", str(DAY), "--around", "Nowhereville", "--out", str(tmp_path / "x.png")])
    assert res.exit_code != 0 and "Nowhereville" in res.output
    res = run(cli, ["map", "--db", db, "--date", "2020-01-01", "--out", str(tmp_path / "y.png")])
    assert res.exit_code != 0 and "no settlement" in res.output
    res = run(cli, ["chart", "control", "--db", db, "--place", "Nowhereville"])
    assert res.exit_code != 0


def test_clean_text_strips_markers_and_cuts_on_words():
    assert clean_text("Forces withdrew.[12][xlii]") == "Forces withdrew."
    long = clean_text("word " * 100, 50)
    assert long.endswith("…") and len(long) <= 51


def test_displacement_chart_needs_imported_figures_then_draws(tmp_path):
    from click.testing import CliRunner

    from frontscope.cli.main import cli

    db = str(tmp_path / "d.db")
    assert CliRunner().invoke(cli, ["demo", "--db", db]).exit_code == 0
    res = CliRunner().invoke(cli, ["chart", "displacement", "--db", db, "--out", str(tmp_path / "d.png")])
    assert res.exit_code != 0 and "humanitarian import" in res.output
    csv = tmp_path / "unhcr_population_ukr.csv"
    csv.write_text(
        "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,"
        "returned_idps,stateless,ooc,oip,hst\n"
        "2021.0,Ukraine,UKR,UKR,Poland,POL,POL,3000.0,100.0,0.0,0.0,0.0,0.0,0.0,,0.0\n"
        "2022.0,Ukraine,UKR,UKR,Poland,POL,POL,1500000.0,200.0,0.0,0.0,0.0,0.0,0.0,,0.0\n"
        "2021.0,Ukraine,UKR,UKR,Ukraine,UKR,UKR,0.0,0.0,0.0,854000.0,0.0,0.0,0.0,,0.0\n"
        "2022.0,Ukraine,UKR,UKR,Ukraine,UKR,UKR,0.0,0.0,0.0,5914000.0,0.0,0.0,0.0,,0.0\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["humanitarian", "import", str(csv), "--db", db])
    assert res.exit_code == 0, res.output
    out = tmp_path / "d.png"
    res = CliRunner().invoke(cli, ["chart", "displacement", "--db", db, "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
