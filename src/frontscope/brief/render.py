"""Rendering a `Brief` as Markdown or as one self-contained HTML file (map embedded, no external assets)."""

from __future__ import annotations

import base64
import html

from frontscope.brief.daily import Brief, BriefLine, position_phrase

CSS = """
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:860px;margin:0 auto;padding:12px;color:#1b1b1b}
h1{font-size:1.4em;margin:.3em 0}h2{font-size:1.15em;border-bottom:1px solid #ddd;margin-top:1.4em}
h3{font-size:1em;margin-bottom:.2em}ol li,ul li{margin:.35em 0}a.cite{font-size:.8em;text-decoration:none;color:#1f56b3}
img{max-width:100%;height:auto;border:1px solid #ccc}.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.85em}td,th{border-bottom:1px solid #eee;padding:4px;vertical-align:top;text-align:left}
.side-UA{color:#1f56b3;font-weight:600}.side-RU{color:#c8202b;font-weight:600}
.wrap{overflow-x:auto}@media (max-width:600px){body{font-size:15px}td,th{padding:3px}}
"""


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
    if brief.contested:
        out += ["", "## Contested claims — who says what", ""]
        for p in brief.contested:
            out.append(f"### {p.place}" + (f" ({p.oblast})" if p.oblast else ""))
            out += [f"- {position_phrase(x)} ({x['status']}): “{x['text'].strip()}” [c{x['claim_id']}]"
                    for x in p.positions]
    out += ["", "## By oblast", ""]
    for oblast, lines in sorted(brief.sections.items()):
        out.append(f"### {oblast}")
        out += [f"- {line.text}{_cites_md(line.claim_ids)}" for line in lines]
        out.append("")
    out += ["## Claims", "", "| id | said on | source | side | kind | claim | endnotes |", "|---|---|---|---|---|---|---|"]
    for c in brief.claims:
        notes = ",".join(map(str, c["citations"] or [])) + " " + " ".join(
            f"[{_host(u)}]({u})" for u in (c["urls"] or [])[:4])
        text = c["text"].replace("|", "/").replace("\n", " ").strip()
        out.append(f"| c{c['id']} | {c['said_on'] or ''} | {c['source']} | {c['side']} | {c['kind']} | {text} | {notes} |")
    return "\n".join(out) + "\n"


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
    if brief.contested:
        parts.append("<h2>Contested claims — who says what</h2>")
        for p in brief.contested:
            parts.append(f"<h3>{e(p.place)}{' (' + e(p.oblast) + ')' if p.oblast else ''}</h3><ul>")
            parts += [f"<li class='side-{e(x['side'] or '')}'>{e(position_phrase(x))} ({e(x['status'])}): "
                      f"“{e(x['text'].strip())}”{_cites_html([x['claim_id']])}</li>" for x in p.positions]
            parts.append("</ul>")
    parts.append("<h2>By oblast</h2>")
    for oblast, lines in sorted(brief.sections.items()):
        parts += [f"<h3>{e(oblast)}</h3><ul>", *(_li(x) for x in lines), "</ul>"]
    parts.append("<h2>Claims</h2><div class='wrap'><table><tr><th>id</th><th>said on</th><th>source</th>"
                 "<th>side</th><th>claim</th><th>endnotes</th></tr>")
    for c in brief.claims:
        notes = e(",".join(map(str, c["citations"] or []))) + " " + " ".join(
            f"<a href='{e(u)}'>{e(_host(u))}</a>" for u in (c["urls"] or [])[:4])
        parts.append(f"<tr id='c{c['id']}'><td>c{c['id']}</td><td>{e(c['said_on'] or '')}</td><td>{e(c['source'])}</td>"
                     f"<td class='side-{e(c['side'])}'>{e(c['side'])}</td><td>{e(c['text'].strip())}</td><td>{notes}</td></tr>")
    parts.append("</table></div></body></html>")
    return "\n".join(parts)
