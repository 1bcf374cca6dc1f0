"""Corroboration groups and source track records."""

from __future__ import annotations

import datetime as dt

from frontscope.control.corroboration import group_observations, track_record
from frontscope.control.observations import Observation

D = dt.date


def o(i, gid, change, status, day, source, side):
    return Observation(id=i, geonameid=gid, change=change, status=status, report_date=day, source=source,
                       source_side=side, confidence=0.6)


def test_both_sides_corroborate_and_window_splits_groups():
    obs = [
        o(1, 10, "UA_gain", "claimed", D(2022, 9, 8), "Ukrainian General Staff", "UA"),
        o(2, 10, "UA_gain", "claimed", D(2022, 9, 9), "Russian milblogger", "RU"),
        o(3, 10, "UA_holds", "claimed", D(2022, 10, 30), "Ukrainian General Staff", "UA"),
    ]
    g1, g2 = group_observations(obs)
    assert (g1.status, [m.id for m in g1.members], g1.reason) == ("corroborated", [1, 2], "claimed by both sides")
    assert (g2.status, [m.id for m in g2.members]) == ("single-source", [3])


def test_footage_confirms_denial_refutes_and_rival_disputes():
    obs = [
        o(1, 20, "RU_gain", "claimed", D(2025, 11, 27), "Putin", "RU"),
        o(2, 20, "RU_gain", "denied", D(2025, 12, 12), "ISW", "other"),
        o(3, 30, "UA_gain", "confirmed", D(2025, 12, 12), "Geolocated footage", "unknown"),
        o(4, 40, "RU_gain", "claimed", D(2025, 12, 1), "Russian MoD", "RU"),
        o(5, 40, "UA_holds", "claimed", D(2025, 12, 2), "Ukrainian General Staff", "UA"),
    ]
    by = {(g.geonameid, g.holder): g for g in group_observations(obs)}
    assert by[(20, "RU")].status == "refuted" and "ISW" in by[(20, "RU")].reason
    assert by[(30, "UA")].status == "confirmed"
    assert by[(40, "RU")].status == by[(40, "UA")].status == "disputed"
    rec = {r.source: r for r in track_record(by.values())}
    assert (rec["Putin"].claims, rec["Putin"].refuted) == (1, 1)
    assert rec["Russian MoD"].disputed == 1
