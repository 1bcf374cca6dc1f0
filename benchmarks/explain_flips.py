"""List the flips of the control timeline (holder differs from the prior) that DeepState calls wrong, with the
statements behind each — to name error classes on FIT months (never tune on the held-out ones).

    python benchmarks/explain_flips.py [--lag 14] [--from 2022-04-10 --to 2022-07-31] [--every 7]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt

from control_data import isw_observations, shared_dir, truth
from eval_control import FIT, Scorer, dates_in
from frontscope.control.belief import supports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lag", type=int, default=14)
    ap.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=FIT[0])
    ap.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=FIT[1])
    ap.add_argument("--every", type=int, default=7)
    ap.add_argument("--right", action="store_true", help="list the right flips instead")
    ap.add_argument("--missed", action="store_true",
                    help="list stated changes not followed instead: DeepState changed the holder since the prior, "
                         "a statement said so, and the timeline kept the prior")
    args = ap.parse_args()
    shared = shared_dir(None)
    obs, _ = isw_observations(shared)
    tr = truth(shared, "2022")
    sc = Scorer(tr, obs)
    by_id = {o.id: o for o in obs}
    classes: collections.Counter[str] = collections.Counter()
    for d in dates_in(tr, (args.start, args.end), args.every):
        if d - dt.timedelta(days=args.lag) < tr.dates[0]:
            continue
        sel, truth_of, prior_of, since, tl, known = sc.replay(d, d - dt.timedelta(days=args.lag))
        prior = {int(tr.ids[i]): p for i, p in zip(sel, prior_of, strict=True)}
        truth_at = {int(tr.ids[i]): h for i, h in zip(sel, truth_of, strict=True)}
        for i in sel:
            g = int(tr.ids[i])
            truth_h = truth_at[g]
            st = tl.state_at(g, d)
            if args.missed:
                said = [o for o in known if o.geonameid == g and o.date > since and not o.region
                        and supports(o, truth_h)]
                if truth_h in ("UA", "RU") and prior[g] in ("UA", "RU") and truth_h != prior[g] and said \
                        and st.holder != truth_h:
                    kinds = sorted({f"{o.status}/{o.source_side}" for o in said})
                    classes[",".join(kinds)] += 1
                    print(f"{d} {sc.names[i]:22} prior {prior[g]} truth {truth_h} timeline {st.holder} "
                          f"claimed_by {st.claimed_by or '-'}")
                    for o in said[:3]:
                        print(f"      {o.report_date} {o.change:16} {o.status:9} {o.source_side:8} {o.rule:24} "
                              f"{o.text[:100]!r}")
                continue
            if st.holder == prior[g] or st.holder not in ("UA", "RU") or truth_h == "contested":
                continue
            if (st.holder == truth_h) != args.right:
                continue
            ev = [by_id[e] for e in st.evidence if e in by_id]
            rules = sorted({(o.rule or "?").split("+")[0] for o in ev}) or ["inferred"]
            classes[",".join(rules)] += 1
            print(f"{d} {sc.names[i]:22} prior {prior[g]} -> {st.holder} (truth {truth_h}) conf {st.confidence} "
                  f"status {st.status}")
            for o in ev[:3]:
                print(f"      {o.report_date} {o.change:16} {o.status:9} {o.rule:28} {o.text[:110]!r}")
    print("\nby", "status/source side of the statements" if args.missed else "evidence rule", classes.most_common())


if __name__ == "__main__":
    main()
