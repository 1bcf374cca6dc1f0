"""Turn the hand-written annotation sources (`*.ann`) into gold files in the ../shared/eval SPEC format.

An `.ann` line names its span by text instead of offsets: `"text"` (the span) and optionally `"nth"`
(which occurrence, 0-based, default 0) or `"after"` (a string the span follows). Claims give their
source the same way (`source_text`, `source_nth`). The output `<article>.jsonl` carries offsets into
`<article>.txt` as read with `open(path, encoding="utf-8").read()`, and a window over the whole text.
Run: python eval/news/make_gold.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def find(text: str, span: str, nth: int = 0, after: str | None = None) -> int:
    pos = text.index(after) + len(after) if after else 0
    for _ in range(nth + 1):
        i = text.find(span, pos)
        if i < 0:
            raise ValueError(f"{span!r} (occurrence {nth}) not found")
        pos = i + 1
    return i


def build(ann: Path) -> list[dict]:
    report = ann.with_suffix(".txt").name
    text = (HERE / report).read_text(encoding="utf-8")
    out: list[dict] = [{"type": "window", "report": report, "start": 0, "end": len(text)}]
    for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        a = json.loads(line)
        try:
            s = find(text, a["text"], a.pop("nth", 0), a.pop("after", None))
        except ValueError as e:
            raise SystemExit(f"{ann.name}:{n}: {e}") from None
        rec = {"type": a.pop("type"), "report": report, "start": s, "end": s + len(a["text"])}
        if rec["type"] == "claim":
            ss = find(text, a["source_text"], a.pop("source_nth", 0), a.pop("source_after", None))
            a["source_start"], a["source_end"] = ss, ss + len(a["source_text"])
        if rec["type"] == "control":
            a.setdefault("event_date", None)
        rec.update(a)
        out.append(rec)
    return out


def main() -> None:
    for ann in sorted(HERE.glob("*.ann")):
        recs = build(ann)
        with open(ann.with_suffix(".jsonl"), "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{ann.with_suffix('.jsonl').name}: {len(recs) - 1} annotations")


if __name__ == "__main__":
    main()
