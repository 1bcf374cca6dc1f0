"""Corroboration: statements about the same settlement and holder, grouped across sources and reports.

A group collects observations pointing to the same holder of one settlement within `window` days of
the group's first statement. Its status, with the reason:
- refuted: the analyst or a source denies it and nothing confirms it;
- confirmed: footage/imagery or a stated confirmation among the members;
- disputed: another group about the same settlement, overlapping in time, points to another holder;
- corroborated: independent sources (both sides, or one side plus footage or the analyst);
- single-source otherwise.
`track_record` counts, per source, how its control claims fared.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from frontscope.control.observations import GAINS, HOLDS, OTHER, Observation


@dataclass
class Group:
    geonameid: int
    holder: str  # UA | RU | contested
    first: dt.date
    last: dt.date
    members: list[Observation] = field(default_factory=list)
    denials: list[Observation] = field(default_factory=list)
    status: str = "single-source"
    reason: str = ""


def _holder(o: Observation) -> str | None:
    side = GAINS.get(o.change) or HOLDS.get(o.change)
    if side:
        return side
    return "contested" if o.change == "contested" else None


def group_observations(observations: Iterable[Observation], window: int = 10) -> list[Group]:
    by_gid: dict[int, list[Observation]] = defaultdict(list)
    for o in observations:
        if _holder(o) is not None:
            by_gid[o.geonameid].append(o)
    groups: list[Group] = []
    for gid, obs in by_gid.items():
        open_groups: dict[str, Group] = {}
        mine: list[Group] = []
        for o in sorted(obs, key=lambda o: (o.date, str(o.id))):
            h = _holder(o)
            assert h is not None
            g = open_groups.get(h)
            # A denial answers the latest claim about that holder, however old.
            if g is None or (o.status != "denied" and (o.date - g.first).days > window):
                g = Group(gid, h, o.date, o.date)
                open_groups[h] = g
                mine.append(g)
            (g.denials if o.status == "denied" else g.members).append(o)
            g.last = max(g.last, o.date)
        for g in mine:
            _judge(g, [x for x in mine if x is not g])
        groups.extend(mine)
    return sorted(groups, key=lambda g: (g.first, g.geonameid))


def _judge(g: Group, others: list[Group]) -> None:
    sides = {m.source_side for m in g.members if m.status == "claimed" and m.source_side in OTHER}
    footage = [m for m in g.members if m.status == "confirmed"]
    analyst = [m for m in g.members if m.status == "assessed"]
    sources = {m.source or str(m.id) for m in g.members}
    rival = [x for x in others if x.holder != g.holder and x.members and x.first <= g.last + dt.timedelta(days=3)
             and g.first <= x.last + dt.timedelta(days=3)]
    if g.denials and not footage:
        g.status, g.reason = "refuted", f"denied by {', '.join(sorted({d.source or 'unknown' for d in g.denials}))}"
    elif footage:
        g.status, g.reason = "confirmed", f"confirmed by {footage[0].source or 'footage'}"
    elif rival:
        g.status, g.reason = "disputed", f"{len(rival)} concurrent statement group(s) point to another holder"
    elif len(sides) >= 2:
        g.status, g.reason = "corroborated", "claimed by both sides"
    elif sides and analyst:
        g.status, g.reason = "corroborated", "one side's claim and the analyst's assessment"
    elif len(sources) >= 2:
        g.status, g.reason = "single-source", f"{len(sources)} sources of the same side"
    else:
        g.status, g.reason = "single-source", "one source"


@dataclass
class SourceRecord:
    source: str
    side: str
    claims: int = 0
    corroborated: int = 0
    confirmed: int = 0
    refuted: int = 0
    disputed: int = 0


def track_record(groups: Iterable[Group]) -> list[SourceRecord]:
    """Per source: its control claims, and how many ended in corroborated / confirmed / refuted groups."""
    rec: dict[str, SourceRecord] = {}
    for g in groups:
        for m in g.members:
            if m.status != "claimed":
                continue
            r = rec.setdefault(m.source, SourceRecord(m.source, m.source_side))
            r.claims += 1
            if g.status in ("corroborated", "confirmed", "refuted", "disputed"):
                setattr(r, g.status, getattr(r, g.status) + 1)
    return sorted(rec.values(), key=lambda r: -r.claims)
