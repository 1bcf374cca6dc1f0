"""Rendering a `Brief` as Markdown or as one self-contained HTML file (map embedded, no external assets)."""

from __future__ import annotations

import base64
import html

from frontscope.brief.daily import Brief, BriefLine, clean_text, position_phrase

CSS = """
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:860px;margin:0 auto;padding:12px;color:#1b1b1b}
h1{font-size:1.4em;margin:.3em 0}h2{font-size:1.15em;border-bottom:1px solid #ddd;margin-top:1.4em}
h3{font-size:1em;margin-bottom:.2em}ol li,ul li{margin:.35em 0}a.cite{font-size:.8em;text-decoration:none;color:#1f56b3}
img{max-width:100%;height:auto;border:1px solid #ccc}.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.85em}td,th{border-bottom:1px solid #eee;padding:4px;vertical-align:top;text-align:left}
.side-UA{color:#1f56b3;font-weight:600}.side-RU{color:#c8202b;font-weight:600}
.wrap{overflow-x:auto}.vs{display:flex;gap:12px;flex-wrap:wrap}.vs .col{flex:1 1 260px}
td{overflow-wrap:break-word}td a{display:inline-block;margin-right:4px}
@media (max-width:600px){body{font-size:15px}table{font-size:.9em}
table.claims,table.claims tbody,table.claims tr,table.claims td{display:block;width:auto}
table.claims tr.head{display:none}table.claims tr{border-bottom:1px solid #ccc;padding:4px 0}
table.claims td{border:0;padding:1px 0}table.claims td[data-label]::before{content:attr(data-label) ": ";color:#666}}
"""
# Why not `word-break:break-word` on cells: it lets a column shrink to one character, so on a phone
# the claims table broke one character per line. On narrow screens each claim is a block instead.


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _host(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def _cites_md(ids: list[int]) -> str:
    return " " + "".join(f"[c{i}]" for i in ids)


def _cites_html(ids: list[int]) -> str:
    return " " + "".join(f'<a class="cite" href="#c{i}">[c{i}]</a>' for i in ids)


def to_markdown(brief: Brief) -> str:
    out = [f"# Daily brief — {brief.date.isoformat()}", "",
           f"_Reports published {brief.since.isoformat()} to {brief.date.isoformat()} "
           f"({_plural(brief.n_documents, 'document')}). Every line cites the stored claims it rests on "
           "([cN] = claim id)._", "",
           "## Key takeaways", ""]
    out += [f"{i}. {line.text}{_cites_md(line.claim_ids)}" for i, line in enumerate(brief.takeaways, 1)]
    if not brief.takeaways:
        out.append("No cited control changes, strikes or developments were stored for this period.")
    out += ["", f"## What changed since {brief.since.isoformat()}", ""]
    out += [f"- {line.text}{_cites_md(line.claim_ids)}" for line in brief.changes] or ["- No change of hands claimed."]
    if brief.exposure:
        out += ["", "## People in places that changed hands", ""]
        out += [f"- {line.text}{_cites_md(line.claim_ids)}" for line in brief.exposure]
        out.append("- _Populations: GeoNames (mixed years, not adjusted for displacement); "
                   "`frontscope exposure` adds settlements near the fighting._")
    if brief.contested:
        out += ["", "## Contested claims — who says what", ""]
        for p in brief.contested:
            out.append(f"### {p.place}" + (f" ({p.oblast})" if p.oblast else ""))
            for side in ("UA", "RU"):
                out += [f"- **{_HOLDER[side]}** — {position_phrase(x)} ({x['status']}): “{clean_text(x['text'])}” "
                        f"[c{x['claim_id']}]" for x in p.positions if x.get("favours", side) == side]
            out.append("")
    out += ["", "## By direction", ""]
    for key, lines in _ordered_sections(brief):
        out.append(f"### {key}")
        if brief.section_axes.get(key):
            out.append(f"_Report sections: {'; '.join(brief.section_axes[key])}_")
        out += [f"- {line.text}{_cites_md(line.claim_ids)}" for line in lines]
        out.append("")
    out += ["## Claims cited", "", _table_note(brief), "",
            "| id | said on | source | side | kind | claim | endnotes |", "|---|---|---|---|---|---|---|"]
    for c in brief.claims:
        notes = ",".join(map(str, c["citations"] or [])) + " " + " ".join(
            f"[{_host(u)}]({u})" for u in (c["urls"] or [])[:3])
        text = clean_text(c["text"], 400).replace("|", "/")
        said = c["said_on"] or c.get("published") or ""
        out.append(f"| c{c['id']} | {said} | {c['source']} | {c['side']} | {c['kind']} | {text} | {notes} |")
    return "\n".join(out) + "\n"


_HOLDER = {"UA": "Ukraine holds it", "RU": "Russia holds it"}


def _ordered_sections(brief: Brief) -> list[tuple[str, list[BriefLine]]]:
    """Oblast/axis sections, the one with the most significant line first."""
    return sorted(brief.sections.items(), key=lambda kv: (-max(x.score for x in kv[1]), kv[0]))


def _table_note(brief: Brief) -> str:
    rest = brief.n_claims_total - len(brief.claims)
    note = f"The {_plural(len(brief.claims), 'claim')} this brief cites"
    if rest > 0:
        note += (f"; {rest} further claims are stored for the period "
                 f"(`frontscope claims --since {brief.since.isoformat()}`)")
    return note + "."


def _li(line: BriefLine) -> str:
    return f"<li>{html.escape(line.text)}{_cites_html(line.claim_ids)}</li>"


def to_html(brief: Brief, map_png: bytes | None = None) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>frontscope brief {brief.date.isoformat()}</title><style>{CSS}</style></head><body>",
        f"<h1>Daily brief — {brief.date.isoformat()}</h1>",
        f"<p class='meta'>Reports published {brief.since.isoformat()} to {brief.date.isoformat()} "
        f"({_plural(brief.n_documents, 'document')}). Every line cites the stored claims it rests on.</p>",
        "<h2>Key takeaways</h2><ol>", *(_li(x) for x in brief.takeaways), "</ol>",
    ]
    if map_png:
        b64 = base64.b64encode(map_png).decode("ascii")
        parts.append(f"<img alt='Control map for {brief.date.isoformat()}' src='data:image/png;base64,{b64}'>")
    parts += [f"<h2>What changed since {brief.since.isoformat()}</h2><ul>",
              *([_li(x) for x in brief.changes] or ["<li>No change of hands claimed.</li>"]), "</ul>"]
    if brief.exposure:
        parts += ["<h2>People in places that changed hands</h2><ul>", *(_li(x) for x in brief.exposure), "</ul>",
                  "<p class='meta'>Populations: GeoNames (mixed years, not adjusted for displacement).</p>"]
    if brief.contested:
        parts.append("<h2>Contested claims — who says what</h2>")
        for p in brief.contested:
            parts.append(f"<h3>{e(p.place)}{' (' + e(p.oblast) + ')' if p.oblast else ''}</h3><ul>")
            parts.append("<div class='vs'>")
            for side in ("UA", "RU"):
                parts.append(f"<div class='col'><b class='side-{side}'>{e(_HOLDER[side])}</b><ul>")
                parts += [f"<li>{e(position_phrase(x))} ({e(x['status'])}): “{e(clean_text(x['text']))}”"
                          f"{_cites_html([x['claim_id']])}</li>" for x in p.positions if x.get("favours", side) == side]
                parts.append("</ul></div>")
            parts.append("</div>")
    parts.append("<h2>By direction</h2>")
    for key, lines in _ordered_sections(brief):
        parts.append(f"<h3>{e(key)}</h3>")
        if brief.section_axes.get(key):
            parts.append(f"<p class='meta'>Report sections: {e('; '.join(brief.section_axes[key]))}</p>")
        parts += ["<ul>", *(_li(x) for x in lines), "</ul>"]
    parts.append(f"<h2>Claims cited</h2><p class='meta'>{e(_table_note(brief).replace('`', ''))}</p>"
                 "<div class='wrap'><table class='claims'><tr class='head'><th>id</th><th>said on</th><th>source</th>"
                 "<th>side</th><th>claim</th><th>endnotes</th></tr>")
    for c in brief.claims:
        notes = e(",".join(map(str, c["citations"] or []))) + " " + " ".join(
            f"<a href='{e(u)}'>{e(_host(u))}</a>" for u in (c["urls"] or [])[:3])
        said = c["said_on"] or c.get("published") or ""
        parts.append(f"<tr id='c{c['id']}'><td><b>c{c['id']}</b></td><td data-label='said on'>{e(said)}</td>"
                     f"<td data-label='source'>{e(c['source'])}</td>"
                     f"<td data-label='side' class='side-{e(c['side'])}'>{e(c['side'])}</td>"
                     f"<td>{e(clean_text(c['text'], 400))}</td><td data-label='endnotes'>{notes}</td></tr>")
    parts.append("</table></div></body></html>")
    return "\n".join(parts)
