"""Distance anchors: "Dibrova, about 9km southwest of Kreminna" constrains which Dibrova is meant.

After resolution, a settlement followed by "(about) N km <direction> of <Anchor>" (with a comma or in
parentheses) must lie within reach of the resolved anchor: distance within max(5 km, half of N) of N, plus
the anchor city's rough radius (writers measure from its edge), and bearing within 67.5° of the direction.
The namesake that fits best is taken; when none fits and the chosen entry is far away (more than three
times the stated distance), the mention is left unresolved — a far namesake at high confidence is worse
than no answer.
"""

from __future__ import annotations

import math
import re

from frontscope.geo.gazetteer import get_gazetteer
from frontscope.geometry import bearing_deg, haversine_km
from frontscope.model import Document, PlaceMention

_DIRS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270,
         "northwest": 315, "north-east": 45, "south-east": 135, "south-west": 225, "north-west": 315}
ANCHOR_RE = re.compile(
    r"\s*[,(]\s*(?:about|some|roughly|around|approximately|nearly|almost|just|only)?\s*(?P<km>\d+(?:\.\d+)?)\s*"
    r"(?:km|kilometers|kilometres|kilometer|kilometre)s?\s+(?:to\s+the\s+)?(?P<dir>" + "|".join(
        sorted(_DIRS, key=len, reverse=True)) + r")\s+of\s+(?:the\s+(?:city|town|village)\s+of\s+)?", re.I)
BEARING_TOLERANCE = 67.5


def anchor_radius(population: int | None) -> float:
    """Writers measure from a city's edge, the gazetteer from its centre: a rough radius in km."""
    return 0.012 * math.sqrt(max(population or 0, 0))


def misfit(lat: float, lon: float, alat: float, alon: float, km: float, direction: float,
           radius: float = 0.0) -> float | None:
    """How far a point is from "km <direction> of the anchor" (0 = exactly there); None when out of reach."""
    d = float(haversine_km(alat, alon, lat, lon))
    if abs(d - km) > max(5.0, 0.5 * km) + radius:
        return None
    diff = abs((bearing_deg(alat, alon, lat, lon) - direction + 180) % 360 - 180)
    if diff > BEARING_TOLERANCE and d >= 2.0 + radius:
        return None
    return abs(d - km) / max(km, 1.0) + diff / 90.0


def apply_distance_anchors(doc: Document, places: list[PlaceMention]) -> None:
    """Re-choose or unresolve settlements that a distance anchor puts out of reach (in place)."""
    gaz = get_gazetteer()
    by_start = {p.start: p for p in places}
    for p in places:
        if p.kind != "settlement" or p.geonameid is None:
            continue
        m = ANCHOR_RE.match(doc.text, p.end)
        if not m:
            continue
        anchor = by_start.get(m.end())
        if anchor is None or anchor.lat is None or anchor.lon is None or anchor is p:
            continue
        km, direction = float(m.group("km")), float(_DIRS[m.group("dir").lower()])
        radius = anchor_radius(anchor.population)
        scored = [(misfit(float(gaz.lat[r]), float(gaz.lon[r]), anchor.lat, anchor.lon, km, direction, radius), r)
                  for r in gaz.rows_for(p.text) if gaz.fclass[r] == "P"]
        fits = sorted((f, r) for f, r in scored if f is not None)
        if fits and int(gaz.ids[fits[0][1]]) == p.geonameid:
            continue  # the resolver's choice is the one the anchor describes best
        if not fits and p.lat is not None and p.lon is not None and float(
                haversine_km(anchor.lat, anchor.lon, p.lat, p.lon)) <= 3 * (km + radius) + 20:
            continue  # near enough that the writer's distance or the gazetteer point may be rough: keep it
        if fits:
            pl = gaz.place(fits[0][1])
            p.geonameid, p.name, p.lat, p.lon = pl.geonameid, pl.name, pl.lat, pl.lon
            p.oblast, p.raion, p.population = pl.oblast, pl.raion, pl.population
            p.confidence, p.resolved_by = 0.9, "distance anchor"
        else:
            p.geonameid = p.lat = p.lon = p.population = None
            p.oblast = p.raion = None
            p.confidence, p.resolved_by = 0.2, "distance anchor: no namesake in reach"
        p.candidates = []
