"""Exposure from the store: holders come from the control timelines (same priors as `frontscope control`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontscope.humanitarian.exposure import Exposure, exposure, states_from_gazetteer
from frontscope.store.db import Store
from frontscope.views.control import change_rows, control_view, snapshot_rows


def _holders(rows: list[dict[str, Any]]) -> dict[int, str | None]:
    return {r["geonameid"]: (r["holder"] if r["holder"] != "unknown" else None) for r in rows}


def exposure_from_store(store: Store, date: dt.date, *, since: dt.date | None = None, km: float = 10,
                        baseline: str | None = None, baseline_date: dt.date | None = None) -> Exposure:
    """People in settlements that changed hands since `since`, are contested, or lie within `km` of
    contested places or of the control boundary on `date`; claims not believed are listed apart."""
    view = control_view(store, date, baseline=baseline, baseline_date=baseline_date)  # holders, claims, changes
    rows = snapshot_rows(view, include_all=baseline is not None)
    now = _holders(rows)
    before = None
    if since is not None:
        # The same timelines at `since` (they replay statements by report date, so this is what the reports up
        # to `since` said), over the same settlements: a second view would not know the places only later
        # statements reach, such as the members of an area.
        ids = list(now)
        before = {g: (st.holder if st.holder != "unknown" else None)
                  for g, st in zip(ids, view.timelines.states_at(ids, since), strict=True)}
        # "Changed hands" means what `frontscope changes` lists for the same days: a change a statement names,
        # not a holder guessed from an attack nearby.
        named = {r["geonameid"] for r in change_rows(view, since + dt.timedelta(days=1), date)}
        for gid, holder in now.items():
            if before.get(gid) not in (None, holder) and gid not in named:
                before[gid] = holder
    out = exposure(states_from_gazetteer(now), states_from_gazetteer(before) if before else None, km=km,
                   date=date, previous_date=since)
    out.claimed = [{k: r[k] for k in ("geonameid", "name", "holder", "claimed_by", "population", "oblast")}
                   for r in rows if r["claimed_by"]]
    return out
