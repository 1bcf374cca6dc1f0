"""Region-level control statements: recognising them, and the settlements an area covers (hand-made lines)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
from shapely.geometry import LineString

from frontscope.control.observations import Observation
from frontscope.control.priors import Settlement
from frontscope.control.regions import members, register_river, side_of_line
from frontscope.control.timeline import build_timelines
from frontscope.events.control_rules import extract_control
from frontscope.model import Document, PlaceMention
from frontscope.nlp.endnotes import annotate_endnotes
from frontscope.nlp.segment import segment

D = dt.date
# (kind, geonameid, oblast) of the names the fixtures use; coordinates come from the shipped gazetteer.
PLACES = {
    "Kherson Oblast": ("oblast", 706442, "Kherson"), "Kharkiv Oblast": ("oblast", 706482, "Kharkiv"),
    "Luhansk Oblast": ("oblast", 702657, "Luhansk"), "Donetsk Oblast": ("oblast", 709716, "Donetsk"),
    "Dnipro": ("river", 565896, None), "Oskil": ("river", 12906761, None),
    "Lyman": ("settlement", 704204, "Donetsk"), "Lysychansk": ("settlement", 702972, "Luhansk"),
}
KHERSON, OLESHKY, NOVA_KAKHOVKA, BERYSLAV = 706448, 691037, 699839, 712260


def regions(text: str, published: dt.date = dt.date(2022, 11, 12)) -> list[tuple[str, str, str]]:
    doc = Document(text=text, published=published)
    annotate_endnotes(doc)
    segment(doc)
    for name, (kind, gid, oblast) in PLACES.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b(?! Oblast)", text):
            doc.places.append(PlaceMention(m.start(), m.end(), name, kind=kind, geonameid=gid, name=name,
                                           oblast=oblast))
    doc.places.sort(key=lambda p: p.start)
    return [(s.place.text, s.change, s.region) for s in extract_control(doc) if s.region]


def test_river_bank_withdrawal_becomes_a_region_statement():
    out = regions("Russian forces withdrew from the west (right) bank of the Dnipro River in Kherson Oblast on "
                  "November 11.[1]")
    assert out == [("Dnipro", "UA_gain", "river=Dnipro;side=right;oblast=Kherson")]


def test_oblast_west_of_river_with_quantifier_and_completed_capture():
    out = regions("Ukrainian forces liberated nearly all of Kharkiv Oblast west of the Oskil River by September "
                  "12.[2] Russian forces completed the capture of Luhansk Oblast on July 3.[3]")
    assert out == [("Kharkiv Oblast", "UA_gain", "oblast=Kharkiv;part=most;river=Oskil;side=west"),
                   ("Luhansk Oblast", "RU_gain", "oblast=Luhansk")]


def test_intentions_objectives_and_adjectives_are_not_region_statements():
    assert regions("Russian forces may withdraw from the west bank of the Dnipro River in the coming weeks.[4]") == []
    assert regions("Russian Main Effort—Capture the entirety of Donetsk Oblast.") == []
    assert regions("Occupation officials in occupied Kherson Oblast continued filtration measures.[5]") == []
    assert regions("Collaborators fled newly-liberated Kharkiv Oblast for Russia.[6]") == []


def test_area_phrases_however_they_are_built():
    # a completed nominal act, a bank reached after a listed town, a bank left by withdrawing to the other one
    assert regions("Russian forces completed their withdrawal from the west bank of the Dnipro River.[1]") == [
        ("Dnipro", "UA_gain", "river=Dnipro;side=west")]
    assert regions("Ukrainian forces liberated Lyman and most of the right bank of the Dnipro River.[2]") == [
        ("Dnipro", "UA_gain", "river=Dnipro;side=right;part=most")]
    assert regions("Russian troops withdrew to the east bank of the Dnipro River on November 11.[3]") == [
        ("Dnipro", "UA_gain", "river=Dnipro;side=west")]
    assert regions("Russian forces abandoned their positions on the right bank of the Dnipro River.[4]") == [
        ("Dnipro", "UA_gain", "river=Dnipro;side=right")]


def test_a_bank_without_its_river_is_on_the_river_named_before():
    text = ("Russian forces blew up bridges over the Dnipro River.[1] Russian forces completed the withdrawal from "
            "the right bank of Kherson Oblast on November 11.[2] Ukrainian forces liberated the west bank.[3]")
    assert regions(text) == [("Kherson Oblast", "UA_gain", "river=Dnipro;side=right;oblast=Kherson"),
                             ("Dnipro", "UA_gain", "river=Dnipro;side=west")]
    assert regions("Ukrainian forces liberated the west bank on November 11.[4]") == []  # no river named: no area


def test_a_withdrawal_not_done_is_no_area_statement():
    assert regions("Russian forces are preparing their withdrawal from the west bank of the Dnipro River.[1]") == []
    assert regions("Officials discussed a possible withdrawal from the right bank of the Dnipro River.[2]") == []
    assert regions("Shoigu ordered the withdrawal of Russian forces from the west bank of the Dnipro River.[3]") == []
    assert regions("Evacuations indicate serious anxiety over Russian control of the west bank of the Dnipro "
                   "River.[4]") == []


def test_forces_moved_a_withdrawal_already_made_and_an_area_held():
    assert regions("The Russian MoD announced the completion of the withdrawal of Russian troops to the left bank "
                   "of the Dnipro River.[1]") == [("Dnipro", "UA_gain", "river=Dnipro;side=right")]
    assert regions("Ukrainian forces have cleared the remaining Russian forces from the west bank of the Dnipro "
                   "River.[2]") == [("Dnipro", "UA_gain", "river=Dnipro;side=west")]
    assert regions("Ukrainian forces entered Lyman following the Russian withdrawal from the west bank of the Dnipro "
                   "River.[3]") == [("Dnipro", "UA_gain", "river=Dnipro;side=west")]
    assert regions("Ukrainian troops now control the entire west bank of the Dnipro River in Kherson Oblast.[4]") == [
        ("Dnipro", "UA_holds", "river=Dnipro;side=west;oblast=Kherson")]


def test_town_and_surrounding_villages():
    out = regions("Ukrainian forces liberated Lyman and the surrounding villages on October 1.[7]")
    assert out == [("Lyman", "UA_gain", "near=704204;km=5")]


def test_side_of_a_hand_made_line():
    x, y = np.array([-5.0, 5.0, 50.0, 50.0]), np.array([50.0, 50.0, 60.0, 30.0])
    north_south = LineString([(0, 100), (0, 0)])
    assert side_of_line(north_south, x[:2], y[:2], "west").tolist() == [True, False]
    assert side_of_line(north_south, x[:2], y[:2], "left").tolist() == [False, True]
    # A river flowing west-south-west (the Dnipro below Kakhovka): its right bank is the northern one.
    wsw = LineString([(100, 50), (0, 40)])
    assert side_of_line(wsw, x[2:], y[2:], "right").tolist() == [True, False]
    assert side_of_line(wsw, x[2:], y[2:], "north").tolist() == [True, False]


def test_members_of_oblast_and_of_a_town_with_surroundings():
    luhansk = set(members("oblast=Luhansk").tolist())
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    assert gaz.row_of[702972] in luhansk and gaz.row_of[713174] not in luhansk  # Lysychansk yes, Bakhmut no
    soledar = {int(gaz.ids[r]) for r in members("near=706757;km=5")}
    assert 706757 in soledar and 713174 not in soledar  # Bakhmut is ~11 km away


def test_region_statement_west_of_a_river_flips_only_that_side():
    # A made-up north-south river at 33.0 E: Kherson and Oleshky lie west of it, Nova Kakhovka and Beryslav east.
    register_river("Testova", LineString([(33.0, 47.6), (33.0, 46.0)]))
    occupied = {"type": "Polygon", "coordinates": [[[32.4, 45.9], [34.5, 45.9], [34.5, 47.7], [32.4, 47.7],
                                                    [32.4, 45.9]]]}
    pool = [Settlement(g, str(g), lat, lon) for g, lat, lon in
            ((KHERSON, 46.637, 32.615), (OLESHKY, 46.626, 32.724), (NOVA_KAKHOVKA, 46.76, 33.356),
             (BERYSLAV, 46.839, 33.427), (990100, 46.7, 32.25))]  # the last: Ukrainian-held, west of the box
    o = Observation(id="r1", geonameid=706442, change="UA_gain", status="assessed", report_date=D(2022, 11, 12),
                    event_date=D(2022, 11, 11), source="ISW", confidence=0.75,
                    region="oblast=Kherson;river=Testova;side=west")
    # The losing side's ministry announces the withdrawal from the same bank: an admission, stated plainly.
    mod = Observation(id="r2", geonameid=706442, change="UA_gain", status="claimed", report_date=D(2022, 11, 12),
                      event_date=D(2022, 11, 11), source="Russian MoD", source_side="RU", source_kind="military",
                      confidence=0.8, region="oblast=Kherson;river=Testova;side=west")
    # One assessment moves the whole area when its edge touches the old line (Kherson itself lies 28 km behind
    # it); the same area with the line 170 km away is implausible on one assessment.
    alone = build_timelines([o], baseline=occupied, baseline_date=D(2022, 11, 1), settlements=pool)
    assert alone.holders_at([KHERSON, OLESHKY, NOVA_KAKHOVKA], D(2022, 11, 12)) == ["UA", "UA", "RU"]
    far = pool[:-1] + [Settlement(990100, "far", 46.7, 30.3)]
    far_box = {"type": "Polygon", "coordinates": [[[30.5, 45.9], [34.5, 45.9], [34.5, 47.7], [30.5, 47.7],
                                                   [30.5, 45.9]]]}
    assert build_timelines([o], baseline=far_box, baseline_date=D(2022, 11, 1), settlements=far).state_at(
        KHERSON, D(2022, 11, 12)).holder == "RU"
    tl = build_timelines([o, mod], baseline=occupied, baseline_date=D(2022, 11, 1), settlements=pool)
    before, after = D(2022, 11, 10), D(2022, 11, 12)
    assert tl.holders_at([KHERSON, OLESHKY, NOVA_KAKHOVKA, BERYSLAV], before) == ["RU"] * 4
    assert tl.holders_at([KHERSON, OLESHKY, NOVA_KAKHOVKA, BERYSLAV], after) == ["UA", "UA", "RU", "RU"]
    st = tl.state_at(KHERSON, after)
    assert st.evidence == [f"r1@{KHERSON}", f"r2@{KHERSON}"] and st.since == D(2022, 11, 12)  # the day it was reported


def test_banks_of_the_real_dnipro_where_it_runs_west():
    """Below Zaporizhzhia the Dnipro runs west-south-west: its right ('west') bank is the northern one. Kherson
    city lies 0.2 km from the shipped (coarse) line and takes its hromada's bank."""
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    right = {int(gaz.ids[r]) for r in members("river=Dnipro;side=west;oblast=Kherson", gaz)}
    left = {int(gaz.ids[r]) for r in members("river=Dnipro;side=left;oblast=Kherson", gaz)}
    assert {KHERSON, BERYSLAV} <= right and not {KHERSON, BERYSLAV} & left
    assert {OLESHKY, NOVA_KAKHOVKA} <= left and not {OLESHKY, NOVA_KAKHOVKA} & right
    upstream_right = {int(gaz.ids[r]) for r in members("river=Dnipro;side=right", gaz)}
    assert 700051 in upstream_right and 709276 not in upstream_right  # Nikopol yes, Enerhodar (left bank) no


def test_a_withdrawal_from_a_bank_changes_hands_in_the_store(tmp_path):
    """An assessment of the Kherson withdrawal, ingested from a file, moves the right bank of a hand-made
    prior: `changes` lists the settlements of that bank with the statement behind them, and not the other."""
    from frontscope.ingest.runner import ingest
    from frontscope.store.db import Store
    from frontscope.views.control import change_rows, control_view

    report = tmp_path / "2022-11-12_assessment.txt"
    report.write_text(
        "Russian Offensive Campaign Assessment, November 12, 2022\n\nRussian forces completed their withdrawal "
        "from the west (right) bank of the Dnipro River in Kherson Oblast on November 11.[1] Ukrainian forces "
        "liberated Snihurivka on November 10.[2]\n\n[1] https://example.org/1\n[2] https://example.org/2\n",
        encoding="utf-8")
    prior = tmp_path / "prior.geojson"
    prior.write_text('{"type": "Polygon", "coordinates": [[[32.3, 46.2], [33.9, 46.2], [33.9, 47.2], [32.9, 47.3], '
                     '[32.3, 47.0], [32.3, 46.2]]]}', encoding="utf-8")
    store = Store.open(tmp_path / "fs.db")
    assert ingest([report], store, workers=1).stored == 1
    view = control_view(store, D(2022, 11, 13), baseline=prior, baseline_date=D(2022, 11, 1))
    rows = {r["geonameid"]: r for r in change_rows(view, D(2022, 11, 2), D(2022, 11, 13))}
    assert {KHERSON, BERYSLAV} <= set(rows) and not {OLESHKY, NOVA_KAKHOVKA} & set(rows)
    assert len([r for r in rows.values() if r["oblast"] == "Kherson"]) > 150
    assert rows[KHERSON]["evidence"][0]["rule"] == "region.bank+loss.withdraw"
    # exposure's "changed hands" are the same settlements
    from frontscope.views.exposure import exposure_from_store

    exp = exposure_from_store(store, D(2022, 11, 13), since=D(2022, 11, 1), baseline=prior,
                              baseline_date=D(2022, 11, 1))
    assert {x.geonameid for x in exp.settlements if "changed_hands" in x.reasons} == set(rows)


def test_a_bank_without_an_oblast_moves_only_what_lies_near_the_line():
    """A whole bounded area moves at once; a bank with no oblast is a band along the whole river and each of
    its settlements keeps its own distance from the line (a bridgehead retaken, not the bank up to the source)."""
    from frontscope.geo.gazetteer import get_gazetteer

    register_river("Testova", LineString([(33.0, 47.6), (33.0, 46.0)]))
    gaz = get_gazetteer()
    rows = members("river=Testova;side=west;oblast=Kherson", gaz)
    band = members("river=Testova;side=west", gaz)
    prior = {int(gaz.ids[r]): "RU" for r in np.concatenate([rows, band])}
    friend = Settlement(990100, "held", 46.7, 32.25)  # Ukrainian-held, at the western edge
    prior[990100] = "UA"
    pool = [friend] + [Settlement(int(gaz.ids[r]), gaz.name[r], float(gaz.lat[r]), float(gaz.lon[r])) for r in band]
    day = D(2022, 11, 12)

    def flipped(region: str) -> float:
        o = Observation(id="r1", geonameid=706442, change="UA_gain", status="assessed", report_date=day,
                        event_date=D(2022, 11, 11), source="ISW", confidence=0.75, region=region)
        tl = build_timelines([o], prior=prior, baseline_date=D(2022, 11, 1), settlements=pool)
        ids = [int(gaz.ids[r]) for r in rows]  # the Kherson Oblast part of the bank
        return sum(h == "UA" for h in tl.holders_at(ids, day)) / len(ids)

    assert flipped("river=Testova;side=west;oblast=Kherson") > 0.95
    assert 0 < flipped("river=Testova;side=west") < 0.5


def test_an_area_taken_for_the_most_part_counts_only_when_someone_else_says_so():
    from frontscope.control.timeline import _areas_taken

    def said(status: str, side: str, kind: str, spec: str) -> Observation:
        return Observation(id="m", geonameid=706482, change="UA_gain", status=status, report_date=D(2022, 9, 12),
                           source="s", source_side=side, source_kind=kind, confidence=0.75, region=spec)

    spec = "oblast=Kharkiv;part=most;river=Oskil;side=west"
    (area,) = _areas_taken([said("assessed", "other", "think_tank", spec)])
    assert area.side == "UA" and 706483 in area.members and 709399 not in area.members  # Kharkiv yes, Dvorichna no
    assert _areas_taken([said("claimed", "UA", "military", spec)]) == []  # the gaining side's own word
    assert _areas_taken([said("assessed", "other", "think_tank", "oblast=Kharkiv")]) == []  # all of it: a region


def test_a_later_area_taken_back_undoes_a_change_nobody_restated():
    # The Kharkiv counteroffensive of September 2022, with made-up statements on real villages: Russia took Ternova and
    # Izbytske in June (footage and the analyst), the analyst then says Ukraine recaptured almost all of Kharkiv
    # Oblast west of the Oskil. Nobody restated Ternova, so it returns to its prior holder on that report's date;
    # Izbytske, said to be Russian-held again after it, stays Russian; Dvorichna, east of the Oskil, is outside the
    # area and keeps its change; so does every village with a 14-day-old prior, where the change is already in it.
    ternova, izbytske, dvorichna = 691637, 707314, 709399
    pool = [Settlement(ternova, "Ternova", 50.19226, 36.67477), Settlement(izbytske, "Izbytske", 50.20331, 36.74174),
            Settlement(dvorichna, "Dvorichna", 49.85099, 37.68482)]

    def said(i: str, g: int, change: str, day: D, status: str = "assessed", kind: str = "think_tank",
             region: str | None = None) -> Observation:
        return Observation(id=i, geonameid=g, change=change, status=status, report_date=day, source=kind,
                           source_side="other", source_kind=kind, confidence=0.9, region=region)

    obs = [said(f"{k}{g}", g, "RU_gain", day, status, kind) for g in (ternova, izbytske, dvorichna)
           for k, day, status, kind in (("f", D(2022, 6, 17), "confirmed", "footage"),
                                        ("a", D(2022, 6, 18), "assessed", "think_tank"))]
    obs += [said("area", 706482, "UA_gain", D(2022, 9, 11), region="oblast=Kharkiv;part=most;river=Oskil;side=west"),
            said("held", izbytske, "RU_holds", D(2022, 9, 14))]
    tl = build_timelines(obs, prior={s.geonameid: "UA" for s in pool}, baseline_date=D(2022, 4, 3), settlements=pool,
                         explain=True)
    assert tl.holders_at([ternova, izbytske, dvorichna], D(2022, 9, 1)) == ["RU", "RU", "RU"]
    assert tl.holders_at([ternova, izbytske, dvorichna], D(2022, 9, 20)) == ["UA", "RU", "RU"]
    undone = tl.history(ternova)[-1]
    assert (undone.date, undone.previous, undone.holder, undone.evidence) == (D(2022, 9, 11), "RU", "UA", ["area"])
    from frontscope.views.control import ControlView, decision_rows

    last = decision_rows(ControlView(D(2022, 9, 20), tl, {}), "ternova")[-1]  # what `control --explain` prints
    assert (last["date"], last["holder"], last["candidate"], last["outcome"]) == ("2022-09-11", "RU", "UA", "superseded")
    assert [(c.date, c.holder) for c in tl.changes(D(2022, 9, 1), D(2022, 9, 30))] == [(D(2022, 9, 11), "UA")]

    recent = build_timelines([o for o in obs if o.report_date > D(2022, 9, 1)], prior={s.geonameid: "RU" for s in pool},
                             baseline_date=D(2022, 9, 1), settlements=pool)
    assert recent.holders_at([ternova, izbytske, dvorichna], D(2022, 9, 20)) == ["RU", "RU", "RU"]


def test_inside_an_area_taken_for_the_most_part_a_change_is_not_held_back_as_deep_behind_the_line():
    from frontscope.control.belief import FEATURES, params_from_dict

    # Made-up prior on real places: Ukraine holds Chuhuiv and Pechenihy, Russia Kupiansk, 48 km further east. A
    # model written for the test: the analyst's word counts +3, each log-km behind the old line -1.5. "Captured
    # Kupiansk" alone is not believed that deep. After "recapturing almost all of Kharkiv Oblast" the line has moved:
    # inside that area a change counts as deep as the area's nearest edge, and the same sentence is believed.
    kupiansk = 703656
    pool = [Settlement(710374, "Chuhuiv", 49.83538, 36.6865), Settlement(697803, "Pechenihy", 49.86931, 36.9386),
            Settlement(kupiansk, "Kupiansk", 49.71003, 37.61581)]
    prior = {710374: "UA", 697803: "UA", kupiansk: "RU"}
    params = params_from_dict({"weights": dict.fromkeys(FEATURES, 0.0) | {"assessed": 3.0, "depth": -1.5},
                               "threshold": 0.5, "window_days": 28, "sweep_km": 10.0, "sweep_min_probability": 0.97})

    def said(i: str, g: int, day: D, region: str | None = None) -> Observation:
        return Observation(id=i, geonameid=g, change="UA_gain", status="assessed", report_date=day, source="ISW",
                           source_kind="think_tank", confidence=0.9, region=region)

    town = said("k", kupiansk, D(2022, 9, 16))
    area = said("area", 706482, D(2022, 9, 11), region="oblast=Kharkiv;part=most")
    alone = build_timelines([town], prior=prior, baseline_date=D(2022, 9, 1), settlements=pool, params=params)
    assert alone.holders_at([kupiansk], D(2022, 9, 20)) == ["RU"]
    after = build_timelines([area, town], prior=prior, baseline_date=D(2022, 9, 1), settlements=pool, params=params,
                            explain=True)
    assert after.holders_at([kupiansk], D(2022, 9, 15)) == ["RU"]
    assert after.holders_at([kupiansk], D(2022, 9, 20)) == ["UA"]
    (why,) = after.decisions[kupiansk]  # `control --explain` says why the distance did not count
    assert why.outcome == "changed" and "for the most part" in why.note and "depth" not in why.contributions
