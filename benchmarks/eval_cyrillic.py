"""Ukrainian and Russian text: places, claims and control against the Cyrillic dev gold, with baselines; and
agreement with VIINA's own geocoding.

    python benchmarks/eval_cyrillic.py [--shared ../shared] [--half fit|held|all] [--verbose] [--no-viina]

Gold: `eval/cyrillic/dev` (70 headlines/ledes from 2022, format of `eval/SPEC.md`). The set is small, so it
is split by date into two halves: "fit" (the 35 earliest files, read while developing) and "held" (the 35
latest, only scored). Both are printed, and their union.
  places  mention P/R by span overlap (countries left out); over gold settlements that are not `low`:
          exact GeoNames id and share within 5 km (a miss counts as wrong)
          baselines in the same run: (a) exact match of the gazetteer's Cyrillic names, no morphology, most
          populous namesake; (b) the English recogniser on the same text (what frontscope did before)
  claims  claim/source-span P/R/F1 by overlap, side and kind accuracy (scoring of eval_claims.py)
  control statements matched by place span: change, status, change+status accuracy
  VIINA   `eval/cyrillic/viina_2022.csv` (a peer's output with known errors, not truth): share of VIINA's
          (text, place) rows our settlements reproduce exactly / within 5 km, how many of the others VIINA
          explains by writing an oblast as its capital, and a sample of the remaining disagreements to read.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from eval_claims import score as claim_score
from frontscope.events.cyrillic import extract_control_cyrillic
from frontscope.geo.gazetteer import Gazetteer, get_gazetteer
from frontscope.geo.geocoder import geocode_text
from frontscope.geo.normalize import has_cyrillic, name_key
from frontscope.geo.recognize import STOP_KEYS
from frontscope.geometry import haversine_km
from frontscope.model import Document, PlaceMention
from frontscope.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
_TOKEN_RE = re.compile(r"(?<![\w'’ʼ-])[А-ЯІЇЄҐЁ][\w'’ʼ]*(?:-[\w'’ʼ]+)*")


def load_gold(shared: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in sorted((shared / "eval" / "cyrillic" / "dev" / "ann").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            rep = out.setdefault(r["report"], {"window": None, "place": [], "claim": [], "control": []})
            if r["type"] == "window":
                rep["window"] = (r["start"], r["end"])
            else:
                rep[r["type"]].append(r)
    return out


def halves(names: list[str]) -> dict[str, list[str]]:
    names = sorted(names)
    k = len(names) // 2
    return {"fit": names[:k], "held": names[k:], "all": names}


def load_doc(shared: Path, name: str) -> Document:
    path = shared / "eval" / "cyrillic" / "dev" / "docs" / name
    m = re.search(r"(\d{4}-\d{2}-\d{2})", name)
    return Document(text=path.read_text(encoding="utf-8"), path=str(path),
                    published=dt.date.fromisoformat(m.group(1)) if m else None)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Places ---------------------------------------------------------------------------------------------------

def place_counts(gold: list[dict], pred: list[PlaceMention], gaz: Gazetteer, misses: list | None = None) -> Counter:
    pred = [p for p in pred if p.kind != "country"]
    c = Counter(pred=len(pred), gold=len(gold))
    c["tp_pred"] = sum(any(overlaps((p.start, p.end), (g["start"], g["end"])) for g in gold) for p in pred)
    c["tp_gold"] = sum(any(overlaps((p.start, p.end), (g["start"], g["end"])) for p in pred) for g in gold)
    for g in gold:
        if g["kind"] != "settlement" or g["confidence"] == "low" or g["geonameid"] is None:
            continue
        c["settlements"] += 1
        hit = next((p for p in pred if overlaps((p.start, p.end), (g["start"], g["end"]))), None)
        ok = hit is not None and hit.geonameid == g["geonameid"]
        c["exact"] += ok
        if hit is not None and hit.lat is not None:
            gp = gaz.get(g["geonameid"])
            c["within5"] += float(haversine_km(gp.lat, gp.lon, hit.lat, hit.lon)) <= 5.0 if gp else 0
        if not ok and misses is not None:
            misses.append((g, hit))
    if misses is not None:
        for g in gold:
            if g["kind"] != "settlement" and not any(overlaps((p.start, p.end), (g["start"], g["end"])) for p in pred):
                misses.append((g, None))
        for p in pred:
            if not any(overlaps((p.start, p.end), (g["start"], g["end"])) for g in gold):
                misses.append((None, p))
    return c


def baseline_exact(doc: Document, gaz: Gazetteer) -> list[PlaceMention]:
    """Capitalised Cyrillic words (runs of up to three) equal to one of a place's Cyrillic names, as written;
    the most populous such place."""
    out: list[PlaceMention] = []
    toks = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(doc.text)]
    i = 0
    while i < len(toks):
        hit = None
        for n in (3, 2, 1):
            if i + n > len(toks):
                continue
            s, e = toks[i][0], toks[i + n - 1][1]
            if n > 1 and not re.fullmatch(r"[\w'’ʼ-]+(?: [\w'’ʼ-]+)*", doc.text[s:e]):
                continue
            word = doc.text[s:e]
            key = name_key(word)
            if key in STOP_KEYS:
                continue
            low = word.lower()
            rows = [r for r in gaz.by_key.get(key, []) if any(v.lower() == low for v in gaz.place(r).names)]
            if rows:
                r = max(rows, key=lambda r: (gaz.fclass[r] == "P", int(gaz.population[r])))
                p = gaz.place(r)
                hit = (n, PlaceMention(s, e, word, kind=p.kind, geonameid=p.geonameid, name=p.name, lat=p.lat,
                                       lon=p.lon, oblast=p.oblast))
                break
        if hit:
            out.append(hit[1])
            i += hit[0]
        else:
            i += 1
    return out


def _rates(c: Counter) -> str:
    p = c["tp_pred"] / c["pred"] if c["pred"] else 0.0
    r = c["tp_gold"] / c["gold"] if c["gold"] else 0.0
    s = max(1, c["settlements"])
    return (f"mentions P {p:.3f} R {r:.3f} | settlements exact {c['exact'] / s:.3f} ({c['exact']}/{c['settlements']}) "
            f"within 5 km {c['within5'] / s:.3f}")


# Control --------------------------------------------------------------------------------------------------

def control_counts(gold: list[dict], doc: Document) -> Counter:
    """Statements of events/cyrillic.py (scored directly: the events stage wires it in only after the lead's
    one-line change, see the notes), matched to gold by clause overlap and place text."""
    stmts = extract_control_cyrillic(doc)
    c = Counter(gold=len(gold), pred=len(stmts))
    used: set[int] = set()
    for g in gold:
        for i, s in enumerate(stmts):
            if i in used or not overlaps((s.start, s.end), (g["start"], g["end"])):
                continue
            if g["place_text"] not in s.place.text and s.place.text not in g["place_text"]:
                continue
            used.add(i)
            c["matched"] += 1
            c["change"] += s.change == g["change"]
            c["status"] += s.status == g["status"]
            c["both"] += s.change == g["change"] and s.status == g["status"]
            break
    return c


# VIINA ----------------------------------------------------------------------------------------------------

def viina(shared: Path, gaz: Gazetteer, show: int) -> None:
    rows = list(csv.DictReader((shared / "eval" / "cyrillic" / "viina_2022.csv").open(encoding="utf-8")))
    by_text: dict[str, set[int]] = {}
    dates: dict[str, str] = {}
    for r in rows:
        t = r["representative_text"]
        if not t or not has_cyrillic(t) or not r["geonameid"]:
            continue
        by_text.setdefault(t, set()).add(int(r["geonameid"]))
        dates[t] = r["date"]
    capital_of = {}  # oblast admin1 code -> its capital's id (VIINA writes an oblast as its capital)
    for i in range(len(gaz)):
        if gaz.fcode[i] in ("PPLA", "PPLC"):
            capital_of[gaz.admin1[i]] = int(gaz.ids[i])
    pipe = Pipeline(["places"])
    n = exact = near = oblast = ours_total = ours_in_viina = 0
    disagreements = []
    t0 = time.perf_counter()
    for text, ids in by_text.items():
        d = dates[text]
        doc = pipe(Document(text=text, published=dt.date(int(d[:4]), int(d[4:6]), int(d[6:]))))
        mine = [p for p in doc.places if p.geonameid is not None and p.kind == "settlement"]
        my_ids = {p.geonameid for p in mine}
        obl_caps = {capital_of.get(gaz.find_oblast(p.oblast)[0]) for p in doc.places
                    if p.kind == "oblast" and p.oblast and gaz.find_oblast(p.oblast)}
        ours_total += len(my_ids)
        ours_in_viina += len(my_ids & ids)
        for g in ids:
            n += 1
            gp = gaz.get(g)
            if g in my_ids:
                exact += 1
            elif gp and any(float(haversine_km(gp.lat, gp.lon, p.lat, p.lon)) <= 5.0 for p in mine):
                near += 1
            elif g in obl_caps:
                oblast += 1
            else:
                disagreements.append((text, gp.name if gp else g, [f"{p.text}->{p.name}" for p in doc.places]))
    dt_s = time.perf_counter() - t0
    print(f"VIINA 2022: {len(by_text)} distinct Cyrillic texts, {n} (text, place) rows; {dt_s:.1f} s "
          f"({len(by_text) / dt_s:.0f} texts/s)")
    print(f"  VIINA rows we reproduce: exact id {exact / n:.3f}, within 5 km {(exact + near) / n:.3f}; "
          f"VIINA's oblast-as-capital where we give the oblast: {oblast / n:.3f}; other disagreements "
          f"{len(disagreements) / n:.3f}")
    print(f"  our settlement ids that VIINA also gives: {ours_in_viina / max(1, ours_total):.3f} "
          f"({ours_in_viina}/{ours_total})")
    for text, want, got in disagreements[:show]:
        print(f"    VIINA {want!s:<18} ours {got}  | {text[:110]}")


# Main -----------------------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--half", choices=("fit", "held", "all"), default=None, help="print only this half")
    ap.add_argument("--verbose", action="store_true", help="list misses (fit half only unless --half)")
    ap.add_argument("--no-viina", action="store_true")
    ap.add_argument("--show", type=int, default=15, help="VIINA disagreements to print")
    a = ap.parse_args()
    gold = load_gold(a.shared)
    gaz = get_gazetteer()
    pipe = Pipeline()
    results: dict[str, dict[str, Counter]] = {}
    docs: dict[str, Document] = {}
    t0 = time.perf_counter()
    for name in gold:
        docs[name] = pipe(load_doc(a.shared, name))
    elapsed = time.perf_counter() - t0
    english: dict[str, list[PlaceMention]] = {}
    for name in gold:
        d = load_doc(a.shared, name)
        Pipeline(["segment"])(d)
        d.language = "en"
        english[name] = geocode_text(d)
    split = halves(list(gold))
    for half, names in split.items():
        if a.half and half != a.half:
            continue
        res = results.setdefault(half, {k: Counter() for k in ("ours", "exact_names", "english", "control")})
        claims_g: list[dict] = []
        claims_p: list[dict] = []
        misses: list = []
        for name in names:
            g, doc = gold[name], docs[name]
            verbose = a.verbose and (half == (a.half or "fit"))
            res["ours"] += place_counts(g["place"], doc.places, gaz, misses if verbose else None)
            res["exact_names"] += place_counts(g["place"], baseline_exact(doc, gaz), gaz)
            res["english"] += place_counts(g["place"], english[name], gaz)
            res["control"] += control_counts(g["control"], doc)
            off = len(claims_g)  # claims are matched within a document: offsets made unique per document
            base = sum(len(docs[n].text) + 1 for n in names[: names.index(name)])
            for c in g["claim"]:
                claims_g.append({**c, "start": c["start"] + base, "end": c["end"] + base,
                                 "source_start": c["source_start"] + base, "source_end": c["source_end"] + base})
            for c in doc.claims:
                claims_p.append({"start": c.start + base, "end": c.end + base, "source_start": c.source.start + base,
                                 "source_end": c.source.end + base, "side": c.source.side, "kind": c.source.kind,
                                 "said_on": c.said_on.isoformat() if c.said_on else None, "citations": c.citations,
                                 "text": c.text, "source_text": c.source.text})
            del off
            if verbose:
                for gc in g["control"]:
                    found = [(s.place.text, s.change, s.status) for s in extract_control_cyrillic(doc)]
                    print(f"  control gold {gc['place_text']} {gc['change']}/{gc['status']} ours {found} | {gc['text'][:80]}")
        cs = claim_score(claims_g, claims_p)
        print(f"== {half} half: {len(names)} files")
        print(f"  places  frontscope           {_rates(res['ours'])}")
        print(f"  places  baseline exact names {_rates(res['exact_names'])}")
        print(f"  places  English recogniser   {_rates(res['english'])}")
        print(f"  claims  claim P {cs['claim'][0]:.3f} R {cs['claim'][1]:.3f} F1 {cs['claim'][2]:.3f} | source P "
              f"{cs['source'][0]:.3f} R {cs['source'][1]:.3f} F1 {cs['source'][2]:.3f} | side {cs['side']:.3f} "
              f"kind {cs['kind']:.3f}  (gold {cs['gold']}, pred {cs['pred']})")
        cc = res["control"]
        m = max(1, cc["matched"])
        print(f"  control gold {cc['gold']} pred {cc['pred']} matched {cc['matched']} | change {cc['change'] / m:.3f} "
              f"status {cc['status'] / m:.3f} both {cc['both'] / m:.3f}")
        if misses:
            for g_, p in misses:
                if g_ is None:
                    print(f"    extra  {p.text!r} -> {p.name} {p.geonameid} {p.kind}")
                else:
                    got = f"{p.text!r} -> {p.name} {p.geonameid}" if p else "missed"
                    print(f"    miss   {g_['report'][:10]} {g_['text']!r} want {g_['geonameid']} got {got}")
        if a.verbose and half == (a.half or "fit"):
            for g_ in cs["unmatched_gold"]:
                print(f"    claim missed: {g_['source_text']!r} {g_['cue']!r} | {g_['text'][:90]}")
            for p in cs["unmatched_pred"]:
                print(f"    claim extra:  {p['source_text']!r} | {p['text'][:90]}")
            for g_, p in cs["pairs"]:
                if g_["source_side"] != p["side"] or g_["source_kind"] != p["kind"]:
                    print(f"    claim side/kind: {g_['source_text']!r} want {g_['source_side']}/{g_['source_kind']} "
                          f"got {p['side']}/{p['kind']}")
    print(f"pipeline over {len(gold)} dev files: {elapsed:.2f} s (first Cyrillic document loads the dictionaries)")
    if not a.no_viina:
        viina(a.shared, gaz, a.show)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
