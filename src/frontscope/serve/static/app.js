// frontscope web map: everything comes from this server's /api (no tiles, fonts or scripts from elsewhere).
"use strict";

const COLORS = { UA: "#1f56b3", RU: "#c8202b", contested: "#e07b00", unknown: "#8a8a8a" };
const FIRM = new Set(["confirmed", "assessed", "prior"]);
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const host = (u) => { try { return new URL(u).host.replace(/^www\./, ""); } catch { return u; } };
const DAY = 86400000;
const iso = (d) => new Date(d).toISOString().slice(0, 10);
const addDays = (s, n) => iso(Date.parse(s) + n * DAY);

const state = { date: null, since: null, place: null, tab: "place", side: "", kind: "", status: "", q: "",
  onlyPlace: false, z: null, c: null, prior: false };
// With the server's baseline polygon as prior (`frontscope serve --baseline`), when the user turns it on.
const prior = () => (state.prior ? "&baseline=true" : "");
let meta = null, map = null, controlFC = null, changeRows = [], labelMarkers = [], claimsOffset = 0;

// URL hash <-> state: a shared link opens the same view ------------------------------------------------
function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of ["date", "since", "tab", "side", "kind", "status", "q"]) if (h.get(k)) state[k] = h.get(k);
  if (h.get("place")) state.place = Number(h.get("place"));
  if (h.get("only") === "1") state.onlyPlace = true;
  if (h.get("prior") === "1") state.prior = true;
  if (h.get("z")) state.z = Number(h.get("z"));
  if (h.get("c")) state.c = h.get("c").split(",").map(Number);
}
function writeHash() {
  const h = new URLSearchParams();
  for (const k of ["date", "since", "tab", "side", "kind", "status", "q"]) if (state[k]) h.set(k, state[k]);
  if (state.place) h.set("place", state.place);
  if (state.onlyPlace) h.set("only", "1");
  if (state.prior) h.set("prior", "1");
  if (map) {
    const c = map.getCenter();
    h.set("z", map.getZoom().toFixed(2));
    h.set("c", `${c.lng.toFixed(4)},${c.lat.toFixed(4)}`);
  }
  history.replaceState(null, "", "#" + h.toString());
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let detail = r.statusText;
    try { detail = (await r.json()).detail || detail; } catch { /* not json */ }
    const e = new Error(detail); e.status = r.status; throw e;
  }
  return r.json();
}
function status(text, error = false) { const s = $("status"); s.textContent = text; s.classList.toggle("error", error); }

// Colour by holder. A holder state the timeline may add ("claimed by RU"...) takes a lighter tint of its
// side's colour, and the legend lists whatever holder values the day's layer has.
const TINTS = { UA: "#7d9fd8", RU: "#e08a92" };
function holderColor(h) {
  if (COLORS[h]) return COLORS[h];
  const s = String(h || "");
  if (/RU/.test(s) && !/UA/.test(s)) return TINTS.RU;
  if (/UA/.test(s) && !/RU/.test(s)) return TINTS.UA;
  return /contest/.test(s) ? COLORS.contested : COLORS.unknown;
}
function renderHolderLegend(features) {
  const counts = new Map();
  for (const f of features) counts.set(f.properties.holder, (counts.get(f.properties.holder) || 0) + 1);
  const order = ["UA", "RU", "contested", "unknown"];
  const keys = [...counts.keys()].sort((a, b) => (order.indexOf(a) + 1 || 9) - (order.indexOf(b) + 1 || 9) || String(a).localeCompare(String(b)));
  $("legend-holders").innerHTML = keys.map((h) =>
    `<span><i class="dot" style="background:${holderColor(h)}"></i>${esc(holderText(h))} <small>(${counts.get(h)})</small></span>`).join("");
}
function holderClass(h) { const s = String(h || ""); return COLORS[s] ? s : (/RU/.test(s) ? "RU" : /UA/.test(s) ? "UA" : "unknown"); }
function holderText(h) { return { UA: "Ukraine", RU: "Russia", contested: "contested", unknown: "unknown" }[h] || String(h); }

// Map -------------------------------------------------------------------------------------------------
const BASE = [
  ["ne_land", { id: "land", type: "fill", paint: { "fill-color": "#f3f0e8" } }],
  ["admin_areas", { id: "ua-area", type: "fill", paint: { "fill-color": "#fbfaf6" } }],
  ["ne_lakes", { id: "lakes", type: "fill", paint: { "fill-color": "#bcd5ea" } }],
  ["ne_rivers", { id: "rivers", type: "line", paint: { "line-color": "#7fa9d1",
    "line-width": ["interpolate", ["linear"], ["zoom"], 5, 0.8, 10, 2.2] } }],
  ["ne_coast", { id: "coast", type: "line", paint: { "line-color": "#6d8fb0", "line-width": 0.8 } }],
  ["ne_admin1", { id: "foreign-admin", type: "line", paint: { "line-color": "#c8c2b8", "line-width": 0.5 } }],
  ["admin_lines", { id: "raions", type: "line", minzoom: 7, filter: ["==", ["get", "level"], "raion"],
    paint: { "line-color": "#c9c2b5", "line-width": 0.6 } }],
  ["admin_lines", { id: "oblasts", type: "line", filter: ["==", ["get", "level"], "oblast"],
    paint: { "line-color": "#8f887c", "line-width": 1 } }],
  ["ne_admin0", { id: "countries", type: "line", paint: { "line-color": "#555", "line-width": 1.4 } }],
  ["admin_lines", { id: "state-border", type: "line", filter: ["==", ["get", "level"], "border"],
    paint: { "line-color": "#555", "line-width": 1.4 } }],
];

function initMap() {
  map = new maplibregl.Map({
    container: "map", center: state.c || [35.5, 48.4], zoom: state.z ?? 5.8, minZoom: 4.5, maxZoom: 13,
    maxBounds: [[19.5, 42.5], [42.5, 54]],  // the shipped basemap's extent: beyond it there is no land layer
    style: { version: 8, sources: {}, layers: [{ id: "sea", type: "background", paint: { "background-color": "#d6e4f0" } }] },
    attributionControl: { compact: true, customAttribution: "GeoNames CC BY 4.0 · © Minregion CC BY-SA · Natural Earth" },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
  return new Promise((resolve) => map.on("load", () => {
    const added = new Set();
    for (const [src, layer] of BASE) {
      if (!added.has(src)) { map.addSource(src, { type: "geojson", data: `${location.origin}/api/basemap/${src}` }); added.add(src); }
      map.addLayer({ ...layer, source: src });
    }
    const empty = { type: "FeatureCollection", features: [] };
    map.addSource("control", { type: "geojson", data: empty });
    map.addSource("changes", { type: "geojson", data: empty });
    map.addSource("claims", { type: "geojson", data: empty });
    map.addLayer({ id: "settlements", type: "circle", source: "control", paint: {
      "circle-color": ["get", "_color"],
      "circle-opacity": ["get", "_opacity"],
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, ["get", "_r"], 10, ["*", 2.4, ["get", "_r"]]],
      "circle-stroke-color": "#fff", "circle-stroke-width": 0.6 } });
    map.addLayer({ id: "change-rings", type: "circle", source: "changes", paint: {
      "circle-color": "rgba(0,0,0,0)",
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 6, 10, 13],
      "circle-stroke-width": ["interpolate", ["linear"], ["zoom"], 5, 2, 10, 3.5],
      "circle-stroke-color": ["case", ["get", "firm"], "#111", "#f0b400"] } });
    // A side's claim the timeline does not believe: a thin ring in the claimant's colour, outside the holder's dot.
    map.addLayer({ id: "claim-rings", type: "circle", source: "claims", paint: {
      "circle-color": "rgba(0,0,0,0)", "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 8, 10, 16],
      "circle-stroke-width": 1.6, "circle-stroke-opacity": 0.9,
      "circle-stroke-color": ["case", ["==", ["get", "claimed_by"], "RU"], COLORS.RU, COLORS.UA] } });
    map.addLayer({ id: "selected", type: "circle", source: "control", filter: ["==", ["get", "geonameid"], -1], paint: {
      "circle-color": "rgba(0,0,0,0)", "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 9, 10, 17],
      "circle-stroke-width": 4, "circle-stroke-color": "#7a1fa2" } });
    for (const id of ["settlements", "change-rings"]) {
      map.on("click", id, (e) => selectPlace(e.features[0].properties.geonameid, false));
      map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
      map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; hover.remove(); });
      map.on("mousemove", id, (e) => {
        const p = e.features[0].properties;
        hover.setLngLat(e.lngLat).setHTML(`<b>${esc(p.name)}</b><br>${esc(holderText(p.holder))}` +
          (p.confidence != null ? ` · ${Math.round(p.confidence * 100)} %` : "") + (p.since ? ` · since ${esc(p.since)}` : "") +
          (p.claimed_by ? `<br>claimed by ${esc(holderText(p.claimed_by))}, not believed` : "")).addTo(map);
      });
    }
    map.on("moveend", () => { placeLabels(); writeHash(); });
    resolve();
  }));
}
const hover = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 8 });

// Labels are HTML markers: MapLibre text needs glyph files, and this page fetches nothing from outside.
let oblastLabels = null;
async function placeLabels() {
  if (!oblastLabels) oblastLabels = (await (await fetch("/api/basemap/admin_labels")).json()).features.filter((f) => f.properties.level === "oblast");
  for (const m of labelMarkers) m.remove();
  labelMarkers = [];
  const taken = [];  // screen boxes of labels placed so far: a label that would overlap one is left out
  const add = (lon, lat, text, cls) => {
    const pt = map.project([lon, lat]);
    const w = text.length * (cls === "oblast" ? 8 : 7.2), h = 15;
    const box = cls === "oblast" ? [pt.x - w / 2, pt.y - h / 2, pt.x + w / 2, pt.y + h / 2] : [pt.x + 6, pt.y - h / 2, pt.x + 8 + w, pt.y + h / 2];
    if (taken.some((t) => box[0] < t[2] && box[2] > t[0] && box[1] < t[3] && box[3] > t[1])) return;
    taken.push(box);
    const el = document.createElement("div"); el.className = "label " + cls; el.textContent = text;
    labelMarkers.push(new maplibregl.Marker({ element: el, anchor: cls === "oblast" ? "center" : "left", offset: cls === "oblast" ? [0, 0] : [7, 0] })
      .setLngLat([lon, lat]).addTo(map));
  };
  const z = map.getZoom(), b = map.getBounds();
  if (controlFC) {  // changed settlements first, then the largest towns in view
    const changed = new Set(changeRows.map((c) => c.geonameid));
    const inView = controlFC.features.filter((f) => b.contains(f.geometry.coordinates));
    const budget = z < 7 ? 14 : z < 9 ? 40 : 90;
    const named = inView.filter((f) => changed.has(f.properties.geonameid))
      .sort((a, c) => (c.properties.population || 0) - (a.properties.population || 0)).slice(0, budget);
    const big = inView.filter((f) => !changed.has(f.properties.geonameid))
      .sort((a, c) => (c.properties.population || 0) - (a.properties.population || 0))
      .slice(0, Math.max(0, budget - named.length)).filter((f) => z >= 8 || (f.properties.population || 0) >= 50000);
    for (const f of named) add(...f.geometry.coordinates, f.properties.name, "changed");
    for (const f of big) add(...f.geometry.coordinates, f.properties.name, "town");
  }
  if (z < 7.5) {
    for (const f of oblastLabels) add(...f.geometry.coordinates, f.properties.name.replace(/ oblast$/i, ""), "oblast");
  }
}

// A day ----------------------------------------------------------------------------------------------
async function loadDay() {
  status(`loading ${state.date}…`);
  writeHash();
  const [fc, ch] = await Promise.all([
    api(`/api/control?as_of=${state.date}&limit=100000${prior()}`),
    state.since && state.since < state.date
      ? api(`/api/changes?since=${state.since}&until=${state.date}&limit=1000${prior()}`) : Promise.resolve({ items: [], total: 0 }),
  ]);
  // The map gets only what it draws and shows on hover: smaller messages to MapLibre's worker.
  fc.features = fc.features.map((f) => {
    const p = f.properties, pop = p.population || 0;
    return { type: "Feature", geometry: f.geometry, properties: {
      geonameid: p.geonameid, name: p.name, holder: p.holder, confidence: p.confidence, since: p.since, population: pop,
      claimed_by: p.claimed_by || "",
      _color: holderColor(p.holder), _opacity: 0.3 + 0.7 * Math.max(0, Math.min(1, p.confidence ?? 0.3)),
      _r: pop >= 100000 ? 5.5 : pop >= 10000 ? 4 : 2.6 } };
  });
  controlFC = fc; changeRows = ch.items;
  renderHolderLegend(fc.features);
  const where = new Map(fc.features.map((f) => [f.properties.geonameid, f]));
  const rings = [];
  for (const c of changeRows) {
    const f = where.get(c.geonameid);
    if (f) rings.push({ type: "Feature", geometry: f.geometry, properties: { geonameid: c.geonameid, name: c.name,
      holder: c.to, confidence: c.confidence, since: c.date, firm: FIRM.has(c.status) } });
  }
  performance.mark("frontscope-data");  // the benchmark reads these marks
  const drawn = new Promise((resolve) => map.once("idle", resolve));
  map.once("render", () => performance.mark("frontscope-first-render"));
  map.getSource("control").setData(fc);
  map.getSource("changes").setData({ type: "FeatureCollection", features: rings });
  map.getSource("claims").setData({ type: "FeatureCollection", features: fc.features.filter((f) => f.properties.claimed_by) });
  $("legend-since").textContent = state.since && state.since < state.date ? `Changed hands since ${state.since}` : "Changed hands (pick a date)";
  status(`${fc.total} settlements on ${state.date}` + (state.since ? `; ${ch.total} changed hands since ${state.since}` : ""));
  placeLabels();
  renderChanges();
  if (state.place) selectPlace(state.place, false, false);
  if (state.tab === "claims") loadClaims(true);
  if (state.tab === "brief") loadBrief();
  await drawn;
  performance.mark("frontscope-idle");
}

function setDate(d, fromSlider = false) {
  d = d < meta.first_report ? meta.first_report : d > meta.last_report ? meta.last_report : d;
  state.date = d;
  $("date").value = d;
  $("day-label").textContent = d;
  if (!fromSlider) $("day").value = Math.round((Date.parse(d) - Date.parse(meta.first_report)) / DAY);
}
let dayTimer = null;
function scheduleDay() { clearTimeout(dayTimer); dayTimer = setTimeout(() => loadDay().catch((e) => status(e.message, true)), 120); }

// Panels -----------------------------------------------------------------------------------------------
function showTab(name) {
  state.tab = name;
  for (const t of ["place", "claims", "brief", "changes"]) {
    $(t).hidden = t !== name;
    $("tab-" + t).setAttribute("aria-selected", String(t === name));
  }
  writeHash();
  if (name === "claims") loadClaims(true);
  if (name === "brief") loadBrief();
}

function links(urls) {
  return (urls || []).slice(0, 6).map((u) => `<a href="${esc(u)}" rel="noreferrer noopener" target="_blank">${esc(host(u))}</a>`).join("");
}
function badge(s) { return `<span class="badge ${esc(s)}">${esc(s)}</span>`; }

async function selectPlace(gid, fly = true, switchTab = true) {
  state.place = Number(gid);
  if (map.getLayer("selected")) map.setFilter("selected", ["==", ["get", "geonameid"], state.place]);
  writeHash();
  if (switchTab) showTab("place");
  const box = $("place");
  let t;
  try { t = await api(`/api/places/${gid}/timeline?as_of=${state.date}${prior()}`); }
  catch (e) { box.innerHTML = `<p class="hint">${esc(e.message)}</p>`; return; }
  if (fly && t.lat != null) map.flyTo({ center: [t.lon, t.lat], zoom: Math.max(map.getZoom(), 9) });
  const s = t.state;
  const head = `<h2>${esc(t.name)}</h2><p class="meta">${esc([t.raion, t.oblast && t.oblast + " oblast"].filter(Boolean).join(", "))}` +
    (t.population ? ` · pop. ${Number(t.population).toLocaleString("en")}` : "") + ` · GeoNames ${t.geonameid}</p>`;
  const now = s ? `<p>On ${esc(t.as_of)}: <span class="holder ${holderClass(s.holder)}">${esc(holderText(s.holder))}</span>` +
    ` ${Math.round((s.confidence ?? 0) * 100)} % confident · ${badge(s.status)}` + (s.since ? ` · since ${esc(s.since)}` : "") + "</p>"
    : `<p class="meta">No holder known on ${esc(t.as_of)}.</p>`;
  // A place no statement names: the named place whose change it follows, or what overtook that.
  const f = t.fill, named = (p) => esc(p.anchor_name || p.anchor), restated = f && esc(f.restated || "in the prior");
  const fill = f ? `<p class="meta">No statement names it. ` + (f.overtaken
    ? `It would follow ${named(f)} (last restated ${restated}) to ${esc(holderText(f.holder))}, but ` +
      `${esc(f.overtaken.name || f.overtaken.geonameid)} changed hands the other way nearby on ${esc(f.overtaken.date)}: ` +
      `the front came back over it, so it shows the prior.</p>`
    : `It lies between ${named(f)}, which changed hands (last restated ${restated}), and the old line.</p>`)
    : (t.statements.length ? "" : `<p class="meta">No statement names it and no believed change nearby moves it: it shows the prior.</p>`);
  const changes = t.changes.length ? "<h3>Changes of hands</h3><ul>" + t.changes.map((c) =>
    `<li>${esc(c.date)}: ${esc(holderText(c.from))} → <b>${esc(holderText(c.to))}</b> ${badge(c.status)} ${Math.round(c.confidence * 100)} %</li>`).join("") + "</ul>" : "";
  // Why it changed hands or did not: each scoring of a candidate change by the belief model.
  const verdict = { changed: "believed", claim: "a claim nobody else backs", "not enough": "not believed" };
  const why = (t.decisions || []).length ? "<h3>Why (belief model)</h3><ul class=\"why\">" + t.decisions.map((d) =>
    d.outcome === "superseded"
    ? `<li>${esc(d.date)}: ${esc(holderText(d.holder))} → ${esc(holderText(d.candidate))}: <b>undone</b>` +
      `<br><small>${esc(holderText(d.candidate))} was said to have taken back most of the area around it` +
      ((d.evidence || []).length ? ` (“${esc(d.evidence[0].text)}”, report ${esc(d.evidence[0].report)})` : "") +
      `, and nobody has restated the hold since</small></li>` :
    `<li>${esc(d.date)}: ${esc(holderText(d.holder))} → ${esc(holderText(d.candidate))}? ` +
    `${Math.round(d.probability * 100)} % (needs ${Math.round(d.threshold * 100)} %): <b>${esc(verdict[d.outcome] || d.outcome)}</b>` +
    `<br><small>${d.why.slice(0, 3).map((w) => esc(`${w.means} ${w.effect > 0 ? "+" : "−"}${Math.abs(w.effect).toFixed(1)}`)).join(" · ")}` +
    `${d.note ? "<br>" + esc(d.note) : ""}</small></li>`
  ).join("") + "</ul>" : "";
  const shown = t.statements.slice().reverse();
  const ev = !t.statements.length ? "" : `<h3>Evidence (${t.statements.length} statements, newest first)</h3><ol class="cards" id="evidence">` + shown.map((o) => {
    const c = o.claim;
    const side = c ? c.side : (o.obs_source_side || o.source_side);
    const quote = c ? c.text : o.text;
    return `<li class="evidence"><div class="card-head"><span>${esc(o.event_date || o.published)}</span>` +
      `<span>${esc(o.change)}</span>${badge(o.status)}<span class="side-${esc(side)}">${esc(o.source || o.claimed_by || "report")} (${esc(side || "?")})</span>` +
      (c && c.said_on ? `<span>said on ${esc(c.said_on)}</span>` : "") + `<span>report ${esc(o.published)}</span>` +
      (c ? `<button class="cite" data-claim="${c.id}">c${c.id}</button>` : "") + `</div>` +
      `<p class="quote">${esc(quote)}</p><div class="links">${links(c && c.urls)}</div></li>`;
  }).join("") + "</ol>";
  const later = t.later_statements ? `<p class="meta">${t.later_statements} later statements (reported after ${esc(t.as_of)}) are not shown: move the date forward to see them.</p>` : "";
  box.innerHTML = head + now + fill + changes + why + ev + later;
  // On a phone the panel sits below the map: bring the answer to a tap into view.
  if (switchTab && window.innerWidth < 900) $("panel").scrollIntoView({ behavior: "smooth", block: "start" });
}

async function loadKinds() {
  const s = await api("/api/sources?limit=1000");
  const kinds = [...new Set(s.items.map((x) => x.kind).filter(Boolean))].sort();
  $("f-kind").innerHTML = '<option value="">any</option>' + kinds.map((k) => `<option>${esc(k)}</option>`).join("");
  $("f-kind").value = state.kind;
}

function claimCard(c, hl = false) {
  return `<li id="claim-${c.id}" class="${hl ? "hl" : ""}"><div class="card-head"><b>c${c.id}</b><span>${esc(c.said_on || c.published)}</span>` +
    `<span class="side-${esc(c.side)}">${esc(c.source)} (${esc(c.side)}, ${esc(c.kind)})</span>${(c.statuses || []).map(badge).join("")}</div>` +
    `<p class="quote">${esc(c.text)}</p><div class="links">${links(c.urls)}</div></li>`;
}

function claimQuery() {
  const p = new URLSearchParams({ until: state.date, limit: "50", offset: String(claimsOffset) });
  if (state.since && state.since < state.date) p.set("since", state.since); else p.set("since", state.date);
  for (const k of ["side", "kind", "status", "q"]) if (state[k]) p.set(k, state[k]);
  if (state.onlyPlace && state.place) p.set("place", state.place);
  return p;
}
async function loadClaims(reset) {
  if (reset) { claimsOffset = 0; $("claims-list").innerHTML = ""; }
  try {
    const page = await api("/api/claims?" + claimQuery());
    $("claims-list").insertAdjacentHTML("beforeend", page.items.map((c) => claimCard(c)).join(""));
    claimsOffset += page.items.length;
    $("claims-count").textContent = `${page.total} claims said ${state.since && state.since < state.date ? state.since + " to " : "on "}${state.date}`;
    $("claims-more").hidden = !page.next;
  } catch (e) { status(e.message, true); }
}
async function showClaim(id) {
  showTab("claims");
  try {
    const c = await api(`/api/claims/${id}`);
    $("claims-list").insertAdjacentHTML("afterbegin", claimCard(c, true));
    $("claim-" + id).scrollIntoView({ block: "nearest" });
  } catch (e) { status(e.message, true); }
}

function citeButtons(ids) { return (ids || []).map((i) => `<button class="cite" data-claim="${i}">c${i}</button>`).join(""); }
async function loadBrief() {
  const box = $("brief");
  box.innerHTML = '<p class="hint">Loading the brief…</p>';
  const since = state.since && state.since < state.date ? state.since : state.date;
  let b;
  try { b = await api(`/api/brief?date=${state.date}&since=${since}`); }
  catch (e) { box.innerHTML = `<p class="hint">${esc(e.message)}</p>`; return; }
  const li = (x) => `<li>${esc(x.text)} ${citeButtons(x.claim_ids)}</li>`;
  let h = `<h2>Brief — ${esc(b.date)}</h2><p class="meta">Reports ${esc(b.since)} to ${esc(b.date)} (${b.n_documents}). Each [c] opens the claim.</p>` +
    `<h3>Key takeaways</h3><ol>${b.takeaways.map(li).join("") || "<li>None.</li>"}</ol>` +
    `<h3>What changed</h3><ul>${b.changes.map(li).join("") || "<li>No change of hands claimed.</li>"}</ul>`;
  if (b.contested.length) {
    h += "<h3>Contested — who says what</h3>" + b.contested.map((p) => `<p><b>${esc(p.place)}</b></p><ul>` +
      p.positions.map((x) => `<li><span class="side-${esc(x.side)}">${esc(x.source)}</span> (${esc(x.status)}): ${esc(x.text)} ${citeButtons([x.claim_id])}</li>`).join("") + "</ul>").join("");
  }
  for (const [k, lines] of Object.entries(b.sections)) h += `<h3>${esc(k)}</h3><ul>${lines.map(li).join("")}</ul>`;
  box.innerHTML = h;
}

function renderChanges() {
  const box = $("changes");
  if (!state.since || state.since >= state.date) { box.innerHTML = '<p class="hint">Pick a “changed since” date.</p>'; return; }
  box.innerHTML = `<h2>Changed hands ${esc(state.since)} to ${esc(state.date)}</h2><ol class="cards">` + changeRows.map((c) =>
    `<li><div class="card-head"><span>${esc(c.date)}</span>${badge(c.status)}<span>${Math.round(c.confidence * 100)} %</span></div>` +
    `<button class="cite" data-place="${c.geonameid}">${esc(c.name)}</button>: ${esc(holderText(c.from))} → <b>${esc(holderText(c.to))}</b></li>`).join("") + "</ol>";
}

async function search(q) {
  const hits = $("hits");
  if (!q.trim()) { hits.hidden = true; return; }
  let page;
  try { page = await api(`/api/places/search?q=${encodeURIComponent(q)}&limit=20`); }
  catch (e) { status(e.message, true); return; }
  if (!page.items.length) { hits.innerHTML = `<li>No place called “${esc(q)}” in the gazetteer.</li>`; hits.hidden = false; return; }
  hits.innerHTML = page.items.map((p) => `<li><button data-gid="${p.geonameid}" data-lon="${p.lon}" data-lat="${p.lat}">` +
    `<b>${esc(p.name)}</b> — ${esc([p.raion, p.oblast].filter(Boolean).join(", "))} ${p.mentions ? `· ${p.mentions} mentions` : "· not mentioned"}</button></li>`).join("");
  hits.hidden = false;
  hits.querySelector("button").focus();
}

// Wiring -------------------------------------------------------------------------------------------------
document.addEventListener("click", (e) => {
  const b = e.target.closest("button");
  if (!b) return;
  if (b.dataset.claim) showClaim(b.dataset.claim);
  else if (b.dataset.place) selectPlace(b.dataset.place);
  else if (b.dataset.gid) {
    $("hits").hidden = true;
    map.flyTo({ center: [Number(b.dataset.lon), Number(b.dataset.lat)], zoom: 9.5 });
    selectPlace(b.dataset.gid, false);
  }
});
document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("hits").hidden = true; });

async function main() {
  readHash();
  if (window.innerWidth < 600) $("legend").open = false;  // on a phone the legend would cover the map
  meta = await api("/api/meta");
  if (!meta.last_report) { status("The database holds no reports yet: run `frontscope ingest` first.", true); return; }
  const days = Math.round((Date.parse(meta.last_report) - Date.parse(meta.first_report)) / DAY);
  $("day").max = String(days);
  $("date").min = $("since").min = meta.first_report;
  $("date").max = $("since").max = meta.last_report;
  setDate(state.date || meta.last_report);
  if (!state.since) state.since = addDays(state.date, -7) < meta.first_report ? meta.first_report : addDays(state.date, -7);
  $("since").value = state.since;
  if (meta.baseline) {  // the server has a polygon to start from: offer it
    $("prior-toggle").hidden = false;
    $("prior-date").textContent = meta.baseline.date;
    $("prior").checked = state.prior;
    $("prior").addEventListener("change", (e) => { state.prior = e.target.checked; scheduleDay(); });
  } else state.prior = false;
  for (const k of ["side", "status", "q"]) $("f-" + k).value = state[k];
  $("f-place").checked = state.onlyPlace;
  $("day").addEventListener("input", (e) => { setDate(addDays(meta.first_report, Number(e.target.value)), true); scheduleDay(); });
  $("date").addEventListener("change", (e) => { if (e.target.value) { setDate(e.target.value); scheduleDay(); } });
  $("since").addEventListener("change", (e) => { state.since = e.target.value || null; scheduleDay(); });
  $("search").addEventListener("submit", (e) => { e.preventDefault(); search($("q").value); });
  const TABS = ["place", "claims", "brief", "changes"];
  for (const t of TABS) $("tab-" + t).addEventListener("click", () => showTab(t));
  document.querySelector("[role=tablist]").addEventListener("keydown", (e) => {  // ARIA tabs: arrows move
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!step) return;
    const next = TABS[(TABS.indexOf(state.tab) + step + TABS.length) % TABS.length];
    showTab(next);
    $("tab-" + next).focus();
  });
  $("claim-filters").addEventListener("change", () => {
    for (const k of ["side", "kind", "status", "q"]) state[k] = $("f-" + k).value;
    state.onlyPlace = $("f-place").checked;
    writeHash(); loadClaims(true);
  });
  $("claim-filters").addEventListener("submit", (e) => e.preventDefault());
  $("claims-more").addEventListener("click", () => loadClaims(false));
  await initMap();
  loadKinds().catch(() => {});
  showTab(state.tab);
  await loadDay();
  document.body.dataset.ready = "1";  // the browser test waits for this
}
main().catch((e) => status(e.message, true));
