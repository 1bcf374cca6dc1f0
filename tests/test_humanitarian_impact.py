"""Exposure, figures from claims, displacement series, and storing figures."""

from __future__ import annotations

import csv
import datetime as dt
import io

from frontscope.humanitarian.exposure import SettlementState, exposure
from frontscope.humanitarian.figures import Figure
from frontscope.humanitarian.series import displacement_series
from frontscope.humanitarian.text import figures_from_document
from frontscope.model import Claim, Document, Quantity, SourceRef

# Real places and coordinates around Kupiansk; holders are invented for the test.
KUPIANSK = SettlementState(698740, "Kupiansk", 49.7106, 37.6156, "contested", 27000, admin2="6308", kind="PPLA2")
PETROPAVLIVKA = SettlementState(1, "Petropavlivka", 49.7497, 37.7275, "RU", 0, admin2="6308", kind="PPL")
KUCHERIVKA = SettlementState(2, "Kucherivka", 49.7589, 37.5550, "UA", 1200, admin2="6308", kind="PPL")
BALAKLIIA = SettlementState(3, "Balakliia", 49.4627, 36.8587, "UA", 26000, admin2="6302", kind="PPLA3")
IZIUM = SettlementState(4, "Izium", 49.2128, 37.2569, "UA", 45000, admin2="6304", kind="PPLA3")
MEDIANS = {"PPL": (300.0, 50), "PPLA3": (9000.0, 20), "PPLA2": (25000.0, 10)}


def test_exposure_groups_settlements_and_marks_estimates() -> None:
    before = [KUPIANSK, PETROPAVLIVKA, KUCHERIVKA, BALAKLIIA,
              SettlementState(4, "Izium", 49.2128, 37.2569, "RU", 45000, admin2="6304")]
    e = exposure([KUPIANSK, PETROPAVLIVKA, KUCHERIVKA, BALAKLIIA, IZIUM], before, km=10,
                 date=dt.date(2022, 9, 12), medians=MEDIANS)
    by_name = {s.name: s for s in e.settlements}
    assert set(by_name) == {"Kupiansk", "Petropavlivka", "Kucherivka", "Izium"}  # Balakliia is far from all
    assert by_name["Izium"].reasons == ["changed_hands"] and by_name["Izium"].previous_holder == "RU"
    assert by_name["Kupiansk"].reasons == ["contested"]
    assert set(by_name["Petropavlivka"].reasons) == {"near_contested", "near_boundary"}
    # Petropavlivka has population 0 in GeoNames: the PPL median stands in, and says so.
    p = by_name["Petropavlivka"]
    assert p.population == 300 and p.population_estimated and "median of PPL" in p.population_basis
    assert not by_name["Kucherivka"].population_estimated
    assert by_name["Kucherivka"].admin2_pcode == "UA6308" and by_name["Kucherivka"].oblast == "Kharkivska"
    assert e.overall["any"].population == 27000 + 300 + 1200 + 45000
    assert e.overall["any"].population_estimated == 300
    assert e.by_raion["Kupianskyi (Kharkivska)"]["any"].settlements == 3
    j = e.to_json()
    assert j["settlements"][0]["population"] == 45000 and "population_estimated" in j["settlements"][0]
    assert j["totals"]["contested"]["population"] == 27000 and j["gaps"]["estimated"] == 1


def test_exposure_radius_matters_and_hxl_has_hashtag_row() -> None:
    near = exposure([KUPIANSK, KUCHERIVKA, BALAKLIIA], km=5, medians=MEDIANS)
    far = exposure([KUPIANSK, KUCHERIVKA, BALAKLIIA], km=25, medians=MEDIANS)
    assert {s.name for s in near.settlements} == {"Kupiansk"}  # Kucherivka is ~5.3 km away
    assert {s.name for s in far.settlements} == {"Kupiansk", "Kucherivka"}
    rows = list(csv.reader(io.StringIO(far.to_hxl())))
    assert rows[1][:2] == ["#loc+code+geonames", "#loc+name"] and len(rows) == 4


def test_exposure_with_boundary_geometry() -> None:
    from shapely.geometry import box

    occupied = box(37.70, 49.5, 38.5, 50.2)  # everything east of 37.70°E
    e = exposure([KUCHERIVKA, PETROPAVLIVKA, BALAKLIIA], km=12, boundary=occupied, medians=MEDIANS)
    d = {s.name: s.km_to_boundary for s in e.settlements}
    assert set(d) == {"Kucherivka", "Petropavlivka"}
    # 0.145° and 0.0275° of longitude at 49.7°N: about 10.4 km and 2.0 km.
    assert 10.2 < d["Kucherivka"] < 10.7 and 1.8 < d["Petropavlivka"] < 2.2


def _claim(text: str, quantities: list[Quantity], start: int) -> Claim:
    return Claim(start=start, end=start + len(text), text=text, cue="said",
                 source=SourceRef("UNHCR", 0, 5, "UNHCR", "other", "international"), quantities=quantities)


def test_figures_from_claim_quantities() -> None:
    text = ("UNHCR said that 110 million people were forcibly displaced worldwide, a number growing by 10 million "
            "each year. The governor said Russian strikes killed 5 civilians in Kupiansk. The General Staff said "
            "Ukrainian forces killed 500 personnel.")
    i110, i10, i5, i500 = (text.index(s) for s in ("110 million", "10 million each", "5 civilians", "500"))
    claims = [
        _claim(text[:text.index(".") + 1], [
            Quantity(110e6, "people", "forcibly displaced", "110 million people", i110, i110 + 18),
            Quantity(10e6, "people", "displaced", "10 million", i10, i10 + 10)], 0),
        _claim(text, [Quantity(5, "civilians", "killed", "5 civilians", i5, i5 + 11),
                      Quantity(500, "personnel", "killed", "500 personnel", i500, i500 + 13)], 0),
    ]
    doc = Document(text=text, path="report.txt", published=dt.date(2023, 6, 14), claims=claims)
    figs = figures_from_document(doc)
    assert [(f.metric, f.value) for f in figs] == [
        ("displaced", 110e6), ("displaced_change", 10e6), ("civilians_killed", 5)]
    assert all(f.dataset == "text" and f.year == 2023 and f.extra["source"] == "UNHCR" for f in figs)
    assert figs[1].extra["per"] == "year"


def test_displacement_series_counts_subset_files_once() -> None:
    def f(src: str, metric: str, year: int, asylum: str, value: float, table: str = "population") -> Figure:
        return Figure("unhcr", src, 1, metric, value, year=year, origin="UKR", asylum=asylum,
                      extra={"table": table})

    figs = [f("full.csv", "refugees", 2022, "POL", 1.5e6), f("ukr.csv", "refugees", 2022, "POL", 1.5e6),
            f("full.csv", "refugees", 2022, "DEU", 1.0e6), f("full.csv", "idps", 2022, "UKR", 5.9e6),
            f("demo.csv", "refugees", 2022, "POL", 1.5e6, table="demographics"),
            Figure("idmc", "gidd.csv", 3, "new_displacements", 16.9e6, year=2022, origin="UKR", asylum="UKR")]
    series = {s.metric + "/" + s.source: s for s in displacement_series(figs)}
    assert series["refugees/unhcr"].points == [(dt.date(2022, 12, 31), 2.5e6)]
    assert series["new_displacements/idmc"].unit == "movements" and series["idps/unhcr"].kind == "stock"


def test_store_roundtrip(tmp_path) -> None:
    from sqlalchemy import create_engine

    from frontscope.humanitarian.store import save_figures
    from frontscope.store.schema import metadata
    from frontscope.views.figures import load_figures

    engine = create_engine(f"sqlite:///{tmp_path / 'h.db'}")
    metadata.create_all(engine)
    figs = [Figure("hxl", "pin.csv", 4, "idps", 1000.0, date=dt.date(2023, 1, 1), year=2023, admin1_pcode="UA63",
                   extra={"column": "IDPs"})]
    assert save_figures(engine, figs) == 1
    assert save_figures(engine, figs) == 1  # the same file again replaces, not doubles
    back = load_figures(engine)
    assert back == figs


def test_a_lone_settlement_far_from_its_side_draws_no_boundary() -> None:
    # Five Ukrainian-held villages west of Poltava and, among them, one "Russian-held" village: a misplaced
    # name (a Donbas village with a Poltava namesake), not an enclave.
    ua = [SettlementState(10 + i, f"Village {i}", 49.70 + 0.03 * i, 34.70 + 0.04 * i, "UA", 500, kind="PPL")
          for i in range(5)]
    stray = SettlementState(99, "Mykhailivka Druha", 49.76, 34.80, "RU", 400, kind="PPL")
    e = exposure([*ua, stray], km=10, medians=MEDIANS)
    assert not any("near_boundary" in s.reasons for s in e.settlements)
    # Beside other Russian-held villages the same village does make a boundary.
    ru = [SettlementState(200 + i, f"Selo {i}", 49.76 + 0.03 * i, 34.95 + 0.03 * i, "RU", 300, kind="PPL")
          for i in range(5)]
    e = exposure([*ua, stray, *ru], km=10, medians=MEDIANS)
    assert any("near_boundary" in s.reasons for s in e.settlements if s.holder == "UA")


def test_figures_quoted_in_ingested_reports_are_listed_with_who_said_them(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from frontscope.cli.main import cli

    report = tmp_path / "2022-09-14_update.txt"
    report.write_text(
        "Regional update, September 14, 2022\n\n"
        "The Kharkiv Oblast administration reported on September 13 that officials evacuated 1,200 civilians from "
        "Kupyansk Raion.[1] The Ukrainian General Staff stated that Russian forces lost 200 personnel near "
        "Izyum.[2]\n\n[1] https://example.org/a\n[2] https://example.org/b\n", encoding="utf-8")
    db = str(tmp_path / "fs.db")
    assert CliRunner().invoke(cli, ["ingest", str(report), "--db", db]).exit_code == 0
    res = CliRunner().invoke(cli, ["humanitarian", "quoted", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    # the evacuation is a humanitarian figure with its source; military losses are not
    assert [(r["metric"], r["value"]) for r in rows] == [("evacuated", 1200)]
    assert "Kharkiv" in rows[0]["source"] and rows[0]["claim_id"] is not None
    res = CliRunner().invoke(cli, ["humanitarian", "quoted", "--db", db, "--metric", "deported", "--json"])
    assert json.loads(res.output) == []
