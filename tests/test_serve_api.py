"""The HTTP API on a database built by ingesting the shipped sample corpus (ASGI test client, no mocks)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from frontscope.demo import sample_dir
from frontscope.ingest.runner import ingest
from frontscope.serve import create_app
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.views.control import change_rows, control_view, snapshot_rows

TOKEN = "test-token-not-secret"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    s = Store.open(tmp_path_factory.mktemp("serve") / "sample.db")
    assert ingest([sample_dir()], s, workers=1).ok
    return s


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store))


def _last(store: Store):
    import datetime as dt

    return dt.date.fromisoformat(max(d["published"] for d in store.documents()))


def test_schema_and_docs_are_served_without_external_assets(client):
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/claims", "/api/control", "/api/changes", "/api/places/{geonameid}/timeline", "/api/brief",
                 "/api/export", "/api/exposure", "/api/documents", "/api/sources", "/api/events"):
        assert path in schema["paths"], path
    # every 4xx is documented as problem+json
    assert "application/problem+json" in schema["paths"]["/api/claims"]["get"]["responses"]["422"]["content"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def test_lists_are_pages_with_totals_that_add_up(client, store):
    all_claims = queries.claims(store)
    first = client.get("/api/claims", params={"limit": 5}).json()
    assert first["total"] == len(all_claims) and len(first["items"]) == 5 and first["next"]
    seen = []
    url = "/api/claims?limit=5"
    while url:
        page = client.get(url).json()
        seen += [c["id"] for c in page["items"]]
        url = page["next"]
    assert seen == [c["id"] for c in all_claims]
    for path in ("/api/documents", "/api/sources", "/api/places", "/api/events"):
        body = client.get(path, params={"limit": 2}).json()
        assert body["total"] >= len(body["items"]) and body["limit"] == 2, path


def test_claim_filters_match_the_library(client, store):
    ru = client.get("/api/claims", params={"side": "RU", "limit": 1000}).json()
    assert ru["total"] == len(queries.claims(store, side="RU")) > 0
    assert all(c["side"] == "RU" for c in ru["items"])
    word = ru["items"][0]["text"].split()[-1].strip(".,").lower()
    hits = client.get("/api/claims", params={"q": word}).json()["items"]
    assert hits and all(word in (c["text"] + (c["source_text"] or "")).lower() for c in hits)
    claimed = client.get("/api/claims", params={"status": "claimed"}).json()["items"]
    assert claimed and all("claimed" in c["statuses"] for c in claimed)
    one = client.get(f"/api/claims/{claimed[0]['id']}").json()
    assert one["text"] == claimed[0]["text"]


def test_control_and_changes_are_the_cli_records(client, store):
    day = _last(store)
    fc = client.get("/api/control", params={"as_of": day.isoformat()})
    assert fc.headers["content-type"].startswith("application/geo+json")
    rows = snapshot_rows(control_view(store, day))
    body = fc.json()
    assert body["total"] == len([r for r in rows if r["lat"] is not None])
    by_id = {r["geonameid"]: r for r in rows}
    for f in body["features"]:
        r = by_id[f["properties"]["geonameid"]]
        assert f["properties"]["holder"] == r["holder"] and f["properties"]["confidence"] == r["confidence"]
    since = min(d["published"] for d in store.documents())
    changes = client.get("/api/changes", params={"since": since, "until": day.isoformat()}).json()
    import datetime as dt

    expected = change_rows(control_view(store, day), dt.date.fromisoformat(since), day)
    assert changes["total"] == len(expected) > 0
    assert [c["geonameid"] for c in changes["items"]] == [c["geonameid"] for c in expected]
    plain = client.get("/api/control", params={"as_of": day.isoformat()}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == body
    csv = client.get("/api/control", params={"as_of": day.isoformat(), "format": "csv"}).text
    assert csv.splitlines()[0].startswith("geonameid,name,holder")


def test_place_timeline_carries_quotes_sources_and_links(client, store):
    day = _last(store)
    changed = client.get("/api/changes", params={"since": "2025-01-01", "until": day.isoformat()}).json()["items"]
    gid = changed[0]["geonameid"]
    t = client.get(f"/api/places/{gid}/timeline", params={"as_of": day.isoformat()}).json()
    stored = [o for o in queries.control_observations(store) if o["geonameid"] == gid]
    assert len(t["statements"]) == len(stored) and t["state"]["holder"] in ("UA", "RU", "contested")
    with_claim = [s for s in t["statements"] if s["claim"]]
    assert with_claim and all(s["claim"]["text"] and s["claim"]["source"] and s["claim"]["side"] for s in with_claim)
    assert any(s["claim"]["urls"] for s in with_claim)
    # why it changed hands: the belief model's scorings, the change among them, as `control --explain` prints them
    assert any(d["outcome"] == "changed" and d["probability"] >= d["threshold"] for d in t["decisions"])
    assert all(d["geonameid"] == gid and d["date"] <= day.isoformat() and d["why"] for d in t["decisions"])
    # the day before the first report: nothing was known yet
    early = client.get(f"/api/places/{gid}/timeline", params={"as_of": "2025-01-01"}).json()
    assert early["statements"] == [] and early["later_statements"] == len(stored)
    assert client.get("/api/places/1/timeline").status_code == 404


def test_search_finds_a_place_by_other_spellings(client):
    a = client.get("/api/places/search", params={"q": "Kupiansk"}).json()["items"]
    b = client.get("/api/places/search", params={"q": "Куп'янськ"}).json()["items"]
    assert a and b and a[0]["geonameid"] == b[0]["geonameid"] == 703656
    assert a[0]["mentions"] > 0


def test_brief_exposure_and_export(client, store):
    day = _last(store).isoformat()
    b = client.get("/api/brief", params={"date": day, "since": "2025-12-12"}).json()
    cited = {i for line in b["takeaways"] for i in line["claim_ids"]}
    assert cited and cited <= {c["id"] for c in queries.claims(store)}
    assert client.get("/api/brief", params={"date": day, "format": "md"}).text.startswith("# Daily brief")
    assert client.get("/api/brief", params={"date": "2001-01-01"}).status_code == 404
    e = client.get("/api/exposure", params={"date": day, "since": "2025-11-19"}).json()
    assert "totals" in e and len(e["settlements"]) == min(e["total"], e["limit"])
    x = client.get("/api/export", params={"what": "claims", "format": "jsonl"})
    assert len(x.text.splitlines()) == len(queries.claims(store))
    assert json.loads(x.text.splitlines()[0])["id"]
    bad = client.get("/api/export", params={"what": "claims", "format": "acled"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", [
    "/api/claims?side=XX", "/api/claims?limit=0", "/api/claims?limit=abc", "/api/claims?offset=-1",
    "/api/claims?since=2025-13-01", "/api/claims?since=2025-12-10&until=2025-12-01", "/api/control?as_of=2025-02-30",
    "/api/control?format=shp", "/api/control?baseline=true", "/api/changes", "/api/places/search?q=",
    "/api/places/abc/timeline", "/api/exposure?km=-3", "/api/claims/0", "/api/basemap/secret",
])
def test_bad_parameters_are_4xx_problems(client, path):
    r = client.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code)
    body = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    assert body["status"] == r.status_code and body["detail"]


def test_etag_revalidation_and_invalidation_by_a_write(store, tmp_path):
    app = create_app(store, token=TOKEN)
    c = TestClient(app)
    first = c.get("/api/documents")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = c.get("/api/documents", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert c.get("/api/claims", headers={"If-None-Match": tag}).status_code == 200  # other URL, other tag
    n = first.json()["total"]
    doc = {"id": "t1", "published": "2025-12-14", "source": "test", "title": "fixture",
           "text": "Test fixture, December 14, 2025. Russian forces attacked near Kupyansk on December 13."}
    r = c.post("/api/documents", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["stored"] == 1
    after = c.get("/api/documents", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.json()["total"] == n + 1 and after.headers["etag"] != tag
    dup = c.post("/api/documents", json=doc, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert dup["duplicates"] == 1 and dup["stored"] == 0
    bad = c.post("/api/documents", content=b'{"id": "x", "text": ', headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}).json()
    assert bad["failed"] == 1 and "request body" in bad["errors"][0]


def test_writes_need_the_token(store):
    doc = {"text": "Test fixture text, December 15, 2025.", "published": "2025-12-15"}
    read_only = TestClient(create_app(store))
    assert read_only.post("/api/documents", json=doc).status_code == 403
    c = TestClient(create_app(store, token=TOKEN))
    missing = c.post("/api/documents", json=doc)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    wrong = c.post("/api/documents", json=doc, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.headers["content-type"] == "application/problem+json"
    assert c.post("/api/documents", content=b"x", headers={"Authorization": f"Bearer {TOKEN}",
                                                         "Content-Type": "image/png"}).status_code == 415
    gone = c.delete("/api/documents")
    assert gone.status_code == 405 and set(gone.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_request_size_limit_and_no_cors_by_default(store):
    c = TestClient(create_app(store, token=TOKEN, max_body=1000))
    big = c.post("/api/documents", content=b"x" * 5000, headers={"Authorization": f"Bearer {TOKEN}",
                                                               "Content-Type": "text/plain"})
    assert big.status_code == 413 and big.headers["content-type"] == "application/problem+json"
    r = c.get("/api/meta", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    allowed = TestClient(create_app(store, cors=["https://intranet.example"]))
    r = allowed.get("/api/meta", headers={"Origin": "https://intranet.example"})
    assert r.headers["access-control-allow-origin"] == "https://intranet.example"


def test_page_and_assets_make_no_external_reference(client):
    page = client.get("/")
    assert page.status_code == 200 and "connect-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css", "/static/vendor/maplibre-gl/maplibre-gl.js"):
        r = client.get(asset)
        assert r.status_code == 200, asset
    assert "http://" not in client.get("/static/app.js").text and "https://" not in client.get("/static/app.js").text
    assert client.get("/static/vendor/maplibre-gl/LICENSE.txt").status_code == 200
    layer = client.get("/api/basemap/ne_rivers")
    assert layer.json()["type"] == "FeatureCollection"


def test_a_fresh_database_answers_every_read_endpoint(tmp_path):
    c = TestClient(create_app(str(tmp_path / "empty.db")))
    assert c.get("/openapi.json").status_code == 200
    meta = c.get("/api/meta").json()
    assert meta["last_report"] is None and meta["stats"]["documents"] == 0
    for path in ("/api/documents", "/api/claims", "/api/sources", "/api/places", "/api/events",
                 "/api/changes?since=2025-01-01", "/api/places/search?q=Kyiv"):
        r = c.get(path)
        assert r.status_code == 200, path
        assert r.json()["total"] == (r.json()["total"] if path.endswith("Kyiv") else 0), path
    assert c.get("/api/control").json()["features"] == []
    assert c.get("/api/brief").status_code == 404
    assert c.get("/api/places/703656/timeline").status_code == 404


def test_prefetch_prepares_the_neighbouring_days(store):
    import datetime as dt
    import time

    from frontscope.serve import reads

    app = create_app(store, prefetch=True)
    c = TestClient(app)
    r = app.state.reader
    day = dt.date(2025, 12, 12)
    assert c.get("/api/control", params={"as_of": day.isoformat()}).status_code == 200
    fp = r.fp()
    wanted = [("geojson", day + dt.timedelta(days=d), False, False) for d in (-1, 1)]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all((fp, k) in r.layers._items for k in wanted):
        time.sleep(0.05)
    assert all((fp, k) in r.layers._items for k in wanted)
    # what the prefetcher made is what a request computes
    cached = r.layers._items[(fp, wanted[1])]
    assert cached == reads.store_view.to_geojson(reads.store_view.snapshot_rows(
        reads.store_view.control_view(store, day + dt.timedelta(days=1))))


def test_control_with_the_servers_baseline_polygon(store, tmp_path):
    import datetime as dt

    from frontscope.serve.reads import Baseline

    # A made-up occupied square around Kupyansk (fixture, not real front-line geometry).
    square = [[37.3, 49.55], [37.9, 49.55], [37.9, 49.9], [37.3, 49.9], [37.3, 49.55]]
    path = tmp_path / "occupied.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"category": "occupied"},
         "geometry": {"type": "Polygon", "coordinates": [square]}}]}))
    day = _last(store)
    c = TestClient(create_app(store, baseline=Baseline(path, dt.date(2025, 11, 1))))
    assert c.get("/api/meta").json()["baseline"]["date"] == "2025-11-01"
    plain = c.get("/api/control", params={"as_of": day.isoformat()}).json()
    prior = c.get("/api/control", params={"as_of": day.isoformat(), "baseline": "true", "all": "true",
                                            "limit": 100000}).json()
    expected = snapshot_rows(control_view(store, day, baseline=path, baseline_date=dt.date(2025, 11, 1),
                                          everywhere=True), include_all=True)
    assert prior["total"] == len([r for r in expected if r["lat"] is not None]) > plain["total"]
    held = {f["properties"]["holder"] for f in prior["features"]
            if 37.3 < f["geometry"]["coordinates"][0] < 37.9 and 49.55 < f["geometry"]["coordinates"][1] < 49.9}
    assert "RU" in held
    # A settlement inside the square that no statement names: its timeline says it shows the prior, instead of
    # answering that nothing is stored about it (the web map's place panel reads this).
    from frontscope.store import queries

    named = {o["geonameid"] for o in queries.control_observations(store)}
    quiet = next(f["properties"] for f in prior["features"] if f["properties"]["status"] == "prior"
                 and f["properties"]["holder"] == "RU" and f["properties"]["geonameid"] not in named)
    t = c.get(f"/api/places/{quiet['geonameid']}/timeline", params={"as_of": day.isoformat(), "baseline": "true"})
    assert t.status_code == 200, t.text
    body = t.json()
    assert (body["state"]["holder"], body["state"]["status"], body["statements"]) == ("RU", "prior", [])
    assert "fill" in body and body["name"] == quiet["name"]
    # Without the baseline the same settlement is outside the view: nothing to say about it, and the answer says
    # how to ask.
    missing = c.get(f"/api/places/{quiet['geonameid']}/timeline", params={"as_of": day.isoformat()})
    assert missing.status_code == 404 and "baseline=true" in missing.json()["detail"]


def test_an_undated_report_does_not_break_a_timeline(store):
    c = TestClient(create_app(store, token=TOKEN))
    text = "Ukrainian forces recaptured Kupyansk and Kindrashivka, the Ukrainian General Staff reported."
    r = c.post("/api/documents", content=text.encode(), headers={"Authorization": f"Bearer {TOKEN}",
                                                               "Content-Type": "text/plain"}).json()
    assert r["stored"] == 1
    undated = [d for d in store.documents() if d["id"] in r["document_ids"]]
    assert undated[0]["published"] is None
    t = c.get("/api/places/703656/timeline")
    assert t.status_code == 200
    assert all(s["published"] for s in t.json()["statements"])
