"""Shared by eval_brief.py and fit_salience.py: ISW reports with their Key Takeaways removed, ingested into
temporary SQLite databases (cached under --cache so a re-run does not ingest again), and ROUGE-1 recall.

The Key Takeaways list is cut out of the day's report BEFORE ingest: it never reaches the store, so the brief
cannot copy it. Earlier reports of the window are ingested as published.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

ISW = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reports" / "isw"
if not ISW.exists():
    ISW = Path("/work/shared/data/reports/isw")

# Split by time, never by alternating dates: the model is fitted on Feb–Jun 2022, reported on Jul–Oct 2022.
FIT_MONTHS = range(2, 7)
HELD_OUT_MONTHS = range(7, 11)

STOP = set("""a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours said also since per may might must shall us one two new""".split())


def report_path(day: dt.date) -> Path:
    return ISW / f"{day.isoformat()}_isw.txt"


def split_takeaways(text: str) -> tuple[str, list[str]]:
    """(report without its Key Takeaways section, the takeaway bullets). The section is the heading line and
    the '- ' bullets after it, up to the first line that is not a bullet."""
    lines = text.split("\n")
    try:
        i = next(k for k, x in enumerate(lines) if x.strip().lower() == "key takeaways")
    except StopIteration:
        return text, []
    j, bullets = i + 1, []
    while j < len(lines):
        s = lines[j].strip()
        if s.startswith("- "):
            bullets.append(s[2:].strip())
        elif s:
            break
        j += 1
    return "\n".join(lines[:i] + lines[j:]), bullets


def tokens(text: str) -> list[str]:
    text = re.sub(r"\[\d+\]", " ", text)
    return [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in STOP and len(w) > 1]


def rouge1_recall(candidate: list[str], reference: list[str]) -> float:
    """Unigram recall with clipped counts (ROUGE-1 R), stop words dropped."""
    from collections import Counter

    ref = Counter(w for r in reference for w in tokens(r))
    cand = Counter(w for c in candidate for w in tokens(c))
    total = sum(ref.values())
    return sum(min(n, cand[w]) for w, n in ref.items()) / total if total else 0.0


def lead_sentences(text: str, n: int) -> list[str]:
    """The report's first n body sentences (after the title block and boilerplate), the lead-N baseline."""
    from frontscope.model import Document
    from frontscope.nlp.segment import segment

    doc = Document(text)
    segment(doc)
    out = []
    for s in doc.sentences:
        body = text[s.start:s.end].strip()
        if len(body) < 40 or body.startswith(("Click here", "This map is updated", "Russian Offensive Campaign Assessment")) \
                or re.search(r"\b\d{1,2}(:\d\d)?\s*(am|pm)\b", body[:60], re.I) or "ET" == body[-2:]:
            continue
        if body.count(",") >= 2 and len(body.split()) <= 14 and " and " in body:  # the author line
            continue
        out.append(body)
        if len(out) >= n:
            break
    return out


def window_db(day: dt.date, cache: Path, n_before: int = 3) -> Path:
    """A SQLite database holding the day's report (Key Takeaways stripped) and the `n_before` reports before it."""
    from frontscope.ingest.runner import ingest
    from frontscope.store.db import Store

    db = cache / f"{day.isoformat()}-w{n_before}.db"
    if db.exists():
        return db
    src = cache / f"{day.isoformat()}-w{n_before}-files"
    src.mkdir(parents=True, exist_ok=True)
    before = sorted(p for p in ISW.glob("*_isw.txt") if p.name < report_path(day).name)[-n_before:] if n_before else []
    for p in before:
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    stripped, _ = split_takeaways(report_path(day).read_text(encoding="utf-8"))
    (src / report_path(day).name).write_text(stripped, encoding="utf-8")
    tmp = db.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    store = Store.open(tmp)
    summary = ingest([src], store, workers=1)
    store.engine.dispose()  # closes the connections: SQLite folds its write-ahead log into the file
    if summary.failed:
        print(f"{day}: {summary.failed} ingest failures: {summary.errors[:2]}")
    if not summary.stored:
        raise RuntimeError(f"{day}: nothing stored from {src}")
    tmp.rename(db)
    return db


# Dev dates of the Key-Takeaways comparison (each has a Key Takeaways list), and the fit-only training dates.
EVAL_DATES = [dt.date.fromisoformat(d) for d in (
    "2022-03-15", "2022-04-20", "2022-05-18", "2022-06-25",                  # fit months
    "2022-07-20", "2022-08-17", "2022-09-11", "2022-09-30", "2022-10-10", "2022-10-25")]  # held out
TRAIN_DATES = [dt.date(2022, 3, 1) + dt.timedelta(days=5 * k) for k in range(24)]
TRAIN_DATES = [d for d in TRAIN_DATES if d.month in FIT_MONTHS and d not in EVAL_DATES and report_path(d).exists()]


def prepare(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for d in EVAL_DATES:
        window_db(d, cache, 3)
        print("ready", d, "w3", flush=True)
    for d in TRAIN_DATES:
        if split_takeaways(report_path(d).read_text(encoding="utf-8"))[1]:
            window_db(d, cache, 0)
            print("ready", d, "w0", flush=True)


if __name__ == "__main__":
    import sys

    prepare(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/frontscope-brief-eval"))
