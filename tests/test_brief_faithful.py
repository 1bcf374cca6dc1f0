"""The wording check and the salience model on sentences written for these tests (paraphrased, not report text)."""

from __future__ import annotations

import datetime as dt

from frontscope.brief.daily import BriefLine, _contested, attributed_text
from frontscope.brief.faithful import problems
from frontscope.brief.salience import Candidate, features, model, score
from frontscope.render.products import LEGEND_CORNER, brief_extent


def _line(text: str, source: str, place: str) -> BriefLine:
    line = BriefLine(text, [1], 1.0, "advance")
    line.sources, line.places = [source], [{"geonameid": 1, "name": place, "lat": 48.0, "lon": 37.0}]
    return line


def test_a_repelled_assault_is_not_an_advance():
    bad = _line("Russian forces advanced near Pytomnyk (Kharkiv Oblast).",
                "Ukrainian troops repelled Russian ground attacks near Pytomnyk and Prudianka.", "Pytomnyk")
    assert problems(bad)
    good = _line("Russian forces advanced near Pytomnyk (Kharkiv Oblast).",
                 "Russian forces advanced several kilometres toward Pytomnyk on Tuesday.", "Pytomnyk")
    assert problems(good) == []


def test_partisan_bombs_and_comparisons_are_not_gains():
    assert problems(_line("Ukrainian forces advanced near Melitopol (Zaporizhzhia Oblast).",
                          "Partisans set off a car bomb outside an occupation office in Melitopol.", "Melitopol"))
    assert problems(_line("Ukrainian forces liberated Balakliya (Kharkiv Oblast) — bloggers claim it.",
                          "Bloggers said the retreat from Lyman resembled the chaotic withdrawal from Balakliya "
                          "weeks earlier.", "Balakliya"))
    assert problems(_line("Ukrainian forces liberated Balakliya (Kharkiv Oblast).",
                          "Footage shows Ukrainian troops raised the Ukrainian flag in central Balakliya.",
                          "Balakliya")) == []


def test_extracted_lines_must_be_the_cited_words_and_never_cut():
    src = "The GUR added that the commander of the western group was replaced last week."
    ok = BriefLine("The Ukrainian Main Intelligence Directorate (GUR) added that the commander of the western group "
                   "was replaced last week.", [3], 1.0, "strategic", sources=[src])
    assert problems(ok) == []
    assert problems(BriefLine("The GUR added that the commander of the western…", [3], 1.0, "strategic",
                              sources=[src]))
    assert problems(BriefLine("The GUR added that the commander of the western group advanced on Kyiv.", [3], 1.0,
                              "strategic", sources=[src]))


def _cand(text: str, **kw) -> Candidate:
    base = dict(document_id=1, published="2022-08-01", start=0, end=len(text), text=text, index=5, n_sentences=80,
                lead=False, para_first=False, section_first=False, heading="Eastern axis")
    base.update(kw)
    return Candidate(**base)


def test_attribution_is_spelled_out_from_the_claim():
    c = _cand("The GUR added that the Kremlin is looking for a new commander.",
              claims=[{"id": 4, "start": 0, "end": 60, "source_text": "GUR",
                       "source": "Ukrainian Main Intelligence Directorate (GUR)", "kind": "military", "side": "UA"}])
    assert attributed_text(c) == ("Ukrainian Main Intelligence Directorate (GUR) added that the Kremlin is looking "
                                  "for a new commander.")


def test_salience_prefers_an_opening_development_over_routine_shelling():
    m = model()
    assert "fitted_on" in m and m["weights"] and m["lexicon"]
    lead = _cand("Russian authorities announced a partial mobilization and will call up reservists across the "
                 "country.", index=0, lead=True, para_first=True, section_first=True)
    routine = _cand("Russian forces shelled several settlements along the line of contact, a local official said.",
                    index=60)
    assert score(lead) > score(routine)
    assert features(lead, m["lexicon"])["lead"] == 1.0


def _obs(i: int, change: str, status: str, day: str, side: str) -> dict:
    return {"id": i, "geonameid": 700, "claim_id": i, "change": change, "status": status, "published": day,
            "event_date": None, "source": f"source {i}", "claimed_by": None, "source_side": side, "text": f"s{i}",
            "place_name": "Lyman", "place_text": "Lyman", "oblast": "Donetsk"}


def test_contested_needs_opposite_holders_close_in_time():
    both = [_obs(1, "RU_holds", "claimed", "2022-09-10", "RU"), _obs(2, "UA_gain", "claimed", "2022-09-11", "UA")]
    places = _contested(both)
    assert [p.place for p in places] == ["Lyman"] and {x["favours"] for x in places[0].positions} == {"UA", "RU"}
    apart = [_obs(1, "RU_holds", "claimed", "2022-09-01", "RU"), _obs(2, "UA_gain", "claimed", "2022-09-11", "UA")]
    assert _contested(apart) == []  # ten days apart: a change of hands, not a dispute


def test_map_extent_covers_every_place_the_takeaways_name():
    class B:
        map_points: list = []
        takeaways = [BriefLine("a", [1], 1.0, "strategic", places=[{"geonameid": 1, "lat": 50.0, "lon": 36.2}]),
                     BriefLine("b", [2], 1.0, "strike", places=[{"geonameid": 2, "lat": 46.6, "lon": 32.6}]),
                     BriefLine("c", [3], 1.0, "control", places=[{"geonameid": 3, "lat": 48.6, "lon": 38.0}])]
    west, south, east, north = brief_extent(B())
    for x in B.takeaways:
        p = x.places[0]
        assert west < p["lon"] < east and south < p["lat"] < north
        # and none of them under the legend, which covers the lower-left corner
        assert not (p["lon"] < west + LEGEND_CORNER[0] * (east - west)
                    and p["lat"] < south + LEGEND_CORNER[1] * (north - south))


def test_attempts_forecasts_denials_and_the_other_sides_moves_are_not_gains():
    line = "Russian forces advanced near Zorka (Donetsk Oblast) — a source claims it."
    for said in ("The General Staff said Russian troops attempted to advance near Zorka but were repelled.",
                 "A blogger wrote that Russian forces will try to seize Zorka before the rains.",
                 "Officials said Russian forces have not yet entered Zorka.",
                 "Footage shows Russian guns hitting Ukrainian troops who advanced toward Zorka.",
                 "The ministry falsely claimed that Russian forces captured Zorka."):
        assert problems(_line(line, said, "Zorka")), said
    assert problems(_line(line, "Local officials said that Russian forces entered Zorka on Monday.", "Zorka")) == []


def test_templated_lines_name_places_as_the_source_spells_them():
    from frontscope.brief.daily import _control_lines

    said = "The General Staff confirmed that Ukrainian forces liberated Nevske and Karmazynivka on Monday."
    obs = [{"id": i, "claim_id": i, "document_id": 1, "geonameid": gid, "place_text": text, "place_name": gaz,
            "change": "UA_gain", "status": "claimed", "published": "2022-10-24", "population": 300, "oblast": "Luhansk",
            "lat": 49.1, "lon": 38.0, "source": "Ukrainian General Staff", "claimed_by": None, "text": text,
            "sentence": said}
           for i, gid, text, gaz in ((1, 11, "Nevske", "Balka Zhuravka"), (2, 12, "Karmazynivka", "Karmazynivka"))]
    gains, _ = _control_lines(obs, dt.date(2022, 10, 24))
    assert len(gains) == 1 and "Nevske" in gains[0].text and "Balka Zhuravka" not in gains[0].text
    assert problems(gains[0]) == []
