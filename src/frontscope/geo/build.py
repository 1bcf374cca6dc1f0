"""Build the compact gazetteer file from a GeoNames country dump (plus optional KATOTTG and boundaries).

The output is one gzip-packed, tab-separated text file (see `frontscope.geo.gazetteer` for the reader):

    #frontscope-gazetteer	1	<country>	<attribution>
    A1	<admin1>	<short oblast name>	<geonameid>
    A2	<admin1>.<admin2>	<raion name>	<geonameid>
    <fclass>	<geonameid>	<name>	<fcode>	<lat>	<lon>	<admin1>	<admin2>	<population>	<katottg>	<names|...>	<keys|...>

Only what a geocoder of war reporting needs is kept: populated places, rivers and water bodies, first and
second level admin units, regions, islands and spits. Alternate names are deduplicated by matching key
(a variant that only differs in transliteration adds nothing), but every Cyrillic form is kept. The
matching keys are stored too (the main name's first), so loading needs no normalisation; the header
records the key version and the reader recomputes keys if it differs.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from frontscope.geo.normalize import KEY_VERSION, has_cyrillic, name_key, romanise

FORMAT_VERSION = "1"
ATTRIBUTION = "GeoNames (CC BY 4.0, geonames.org); KATOTTG join and 2020 raions: Minregion Ukraine"

# Feature codes worth geocoding. Abandoned/historical/destroyed places (PPLQ, PPLH, PPLW, ADM*H) are left
# out: reports name them rarely and they would add ambiguity to every live name.
KEEP_CODES: dict[str, set[str]] = {
    "P": {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLG", "PPLS", "PPLF", "PPLR", "PPLX", "PPLL"},
    "H": {"STM", "STMX", "CNL", "LK", "LKS", "RSV", "LGN", "BAY", "GULF", "SEA", "ESTY", "INLT", "STRT"},
    "A": {"ADM1", "ADM2"},
    "L": {"RGN"},
    "T": {"ISL", "PEN", "SPIT"},
}

# Short English oblast names for Ukraine (GeoNames mixes "Donetska Oblast", "Kharkiv Oblast", "Misto Kyiv").
UA_OBLASTS = {
    "01": "Cherkasy", "02": "Chernihiv", "03": "Chernivtsi", "04": "Dnipropetrovsk", "05": "Donetsk",
    "06": "Ivano-Frankivsk", "07": "Kharkiv", "08": "Kherson", "09": "Khmelnytskyi", "10": "Kirovohrad",
    "11": "Crimea", "12": "Kyiv City", "13": "Kyiv", "14": "Luhansk", "15": "Lviv", "16": "Mykolaiv",
    "17": "Odesa", "18": "Poltava", "19": "Rivne", "20": "Sevastopol", "21": "Sumy", "22": "Ternopil",
    "23": "Vinnytsia", "24": "Volyn", "25": "Zakarpattia", "26": "Zaporizhzhia", "27": "Zhytomyr",
}
MAX_NAME_LEN = 40
# Latin (with diacritics) and Cyrillic only: Armenian, Hebrew, Arabic or CJK forms never occur in the input we
# read and would only slow the index down.
_SCRIPT_OK = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff'’ʼ`\-.()]+$")


@dataclass
class BuildStats:
    rows_read: int = 0
    places: int = 0
    names: int = 0
    katottg_joined: int = 0
    admin2_from_boundaries: int = 0
    out_bytes: int = 0
    by_class: dict[str, int] = field(default_factory=dict)


def _open_text(path: Path) -> io.TextIOBase:
    """A GeoNames dump as text, whether plain, gzip or a GeoNames zip (which also holds readme.txt)."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    if path.suffix == ".zip":
        zf = zipfile.ZipFile(path)
        members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        if not members:
            raise ValueError(f"{path}: no GeoNames .txt inside the zip")
        return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8")
    return open(path, encoding="utf-8")


def read_geonames(path: str | Path) -> Iterator[list[str]]:
    """Rows of a GeoNames dump (19 tab-separated columns; malformed lines are skipped)."""
    with _open_text(Path(path)) as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 15 and cols[0].isdigit():
                yield cols


def _variants(name: str, ascii_name: str, alternates: str) -> list[str]:
    """Names to keep: the main name first, then one Latin spelling per key and every Cyrillic form."""
    out = [name]
    keys = {name_key(name)}
    for n in [ascii_name, *alternates.split(",")]:
        n = n.strip()
        if not n or len(n) > MAX_NAME_LEN or not _SCRIPT_OK.match(n):
            continue
        k = name_key(n)
        if not k:
            continue
        if has_cyrillic(n):
            if n not in out:
                out.append(n)
            keys.add(k)
        elif k not in keys:
            keys.add(k)
            out.append(n)
    return out


def _read_katottg(path: Path) -> tuple[dict[int, str], list[dict[str, str]]]:
    """Either the KATOTTG↔GeoNames join (geonameid column) or the raw codifier (joined later by name)."""
    with io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8") if path.suffix == ".gz" else open(
        path, encoding="utf-8"
    ) as fh:
        rows = list(csv.DictReader(fh))
    if rows and "geonameid" in rows[0]:
        joined: dict[int, str] = {}
        for r in rows:
            gid, match = r.get("geonameid", ""), r.get("match", "unique")
            # Ambiguous joins would attach a code to the wrong village; leave those out.
            if gid.isdigit() and (match.startswith("unique") or match == "match"):
                joined.setdefault(int(gid), r["katottg"])
        return joined, []
    return {}, rows


def _join_codifier(rows: list[dict[str, str]], places: list[list], cyr_names: dict[int, list[str]]) -> dict[int, str]:
    """Join raw KATOTTG settlements (level 4, no coordinates) to places by Ukrainian name within the raion."""
    by_raion_key: dict[tuple[str, str], list[int]] = {}
    for p in places:
        if p[0] == "P" and p[7]:
            for n in cyr_names.get(p[1], []):
                by_raion_key.setdefault((p[7], name_key(n)), []).append(p[1])
    joined: dict[int, str] = {}
    for r in rows:
        code, raion = r.get("level4", ""), r.get("level2", "")
        if not code or len(raion) < 6:
            continue
        hits = set(by_raion_key.get((raion[2:6], name_key(r.get("name_uk", ""))), []))
        if len(hits) == 1:
            joined.setdefault(hits.pop(), code)
    return joined


def _raion_names_from_boundaries(directory: Path, places: list[list]) -> dict[str, tuple[str, int]]:
    """2020 raion names ("Kupianskyi Raion") by "admin1.admin2", romanised from raions_2020.geojson.

    GeoNames' ADM2 rows still mix pre-2020 raions and city councils ("Kupianska Miskrada"); the boundary
    file has the current units. A raion's admin1 code is the one most of its places carry.
    """
    path = directory / "raions_2020.geojson"
    if not path.exists():
        return {}
    votes: dict[str, Counter] = {}
    for p in places:
        if p[0] == "P" and p[7]:
            votes.setdefault(p[7], Counter())[p[6]] += 1
    out: dict[str, tuple[str, int]] = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = f["properties"]
        code = str(props.get("katottg_raion_prefix", ""))[2:6]
        uk = str(props.get("raion_uk", ""))
        if not code or not uk or code not in votes:
            continue
        name = romanise(uk.replace("район", "").strip()).translate(str.maketrans("", "", "'’ʼ")).title()
        out[f"{votes[code].most_common(1)[0][0]}.{code}"] = (f"{name} Raion", 0)
    return out


def _admin2_from_boundaries(directory: Path, places: list[list]) -> int:
    """Fill missing raion codes by point-in-polygon against raions_2020.geojson (KATOTTG raion prefixes)."""
    path = directory / "raions_2020.geojson"
    if not path.exists():
        return 0
    from shapely import STRtree, points
    from shapely.geometry import shape

    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    geoms = [shape(f["geometry"]) for f in feats]
    codes = [str(f["properties"].get("katottg_raion_prefix", ""))[2:6] for f in feats]
    missing = [p for p in places if not p[7] and p[0] != "A"]  # admin units have no single raion
    if not missing:
        return 0
    tree = STRtree(geoms)
    pts = points([(p[5], p[4]) for p in missing])
    idx_pts, idx_geoms = tree.query(pts, predicate="within")
    filled = 0
    for ip, ig in zip(idx_pts, idx_geoms, strict=True):
        if not missing[ip][7] and codes[ig]:
            missing[ip][7] = codes[ig]
            filled += 1
    return filled


def build_gazetteer(
    geonames: str | Path,
    katottg: str | Path | None = None,
    boundaries: str | Path | None = None,
    out: str | Path = "gazetteer.tsv.gz",
) -> BuildStats:
    """Build a gazetteer file from a GeoNames dump (`.txt`, `.zip` or `.gz`) and return counts.

    `katottg` is the KATOTTG↔GeoNames join CSV (or the raw codifier, joined here by Ukrainian name within
    the raion); `boundaries` a directory holding `raions_2020.geojson`, used to give places without a raion
    code one. Any country dump works; oblast short names are built in for Ukraine only.
    """
    stats = BuildStats()
    places: list[list] = []
    cyr_names: dict[int, list[str]] = {}
    admin1: dict[str, tuple[str, int]] = {}
    admin2: dict[str, tuple[str, int]] = {}
    country = ""
    for c in read_geonames(geonames):
        stats.rows_read += 1
        fclass, fcode = c[6], c[7]
        if fcode not in KEEP_CODES.get(fclass, ()):
            continue
        country = country or c[8]
        gid = int(c[0])
        if fcode == "ADM1":
            short = UA_OBLASTS.get(c[10]) if c[8] == "UA" else None
            admin1[c[10]] = (short or c[1].replace(" Oblast", "").strip(), gid)
        elif fcode == "ADM2":
            admin2[f"{c[10]}.{c[11]}"] = (c[1], gid)
        names = _variants(c[1], c[2], c[3])
        cyr_names[gid] = [n for n in names if has_cyrillic(n)]
        pop = int(c[14]) if c[14].isdigit() else 0
        places.append([fclass, gid, c[1], fcode, float(c[4]), float(c[5]), c[10], c[11], pop, "", names])
    if boundaries is not None:
        stats.admin2_from_boundaries = _admin2_from_boundaries(Path(boundaries), places)
        for code, (name, gid) in _raion_names_from_boundaries(Path(boundaries), places).items():
            admin2[code] = (name, admin2.get(code, ("", gid))[1])
    if katottg is not None:
        joined, raw = _read_katottg(Path(katottg))
        if raw:
            joined = _join_codifier(raw, places, cyr_names)
        for p in places:
            code = joined.get(p[1])
            if code:
                p[9] = code
                stats.katottg_joined += 1
    buf = io.StringIO()
    buf.write(f"#frontscope-gazetteer\t{FORMAT_VERSION}\t{country}\t{ATTRIBUTION}\t{KEY_VERSION}\n")
    for code, (name, gid) in sorted(admin1.items()):
        buf.write(f"A1\t{code}\t{name}\t{gid}\n")
    for code, (name, gid) in sorted(admin2.items()):
        buf.write(f"A2\t{code}\t{name}\t{gid}\n")
    for p in places:
        fclass, gid, name, fcode, lat, lon, a1, a2, pop, kat, names = p
        stats.places += 1
        stats.names += len(names)
        stats.by_class[fclass] = stats.by_class.get(fclass, 0) + 1
        variants = "|".join(n for n in names if n != name)
        keys = "|".join(dict.fromkeys(k for k in map(name_key, names) if k))
        buf.write(f"{fclass}\t{gid}\t{name}\t{fcode}\t{lat:.5f}\t{lon:.5f}\t{a1}\t{a2}\t{pop}\t{kat}\t{variants}\t{keys}\n")
    data = gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    stats.out_bytes = len(data)
    return stats
