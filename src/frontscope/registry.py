"""The source registry: who a named source is (canonical name, side, kind, aliases), as data.

`sources.toml` of the country profile (`frontscope.profile`: `profiles/ua/` unless FRONTSCOPE_PROFILE says
otherwise), extended by a user file (env FRONTSCOPE_SOURCES or the `path` argument of `load_registry`). Read by the claims stage (who is speaking) and by the geocoder (organisation names are not
places), so it sits below both. Adding a source is one entry in that file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from frontscope import profile as profile_mod
from frontscope.nlp.folded import FoldedPattern
from frontscope.profile import check_source_row, profile

BUILTIN = Path(__file__).parent / "profiles" / "ua" / "sources.toml"  # the default profile's; see builtin_path()
ENV_VAR = "FRONTSCOPE_SOURCES"
_UNSEEN = object()  # Registry.find's memo: a phrase not looked up yet (None is a real answer)
_SPACES_RE = re.compile(r"\s+")


@dataclass
class SourceEntry:
    name: str
    side: str = "unknown"
    kind: str = "other"
    aliases: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return _SPACES_RE.sub(" ", text.replace("’", "'").replace("‘", "'")).strip()


class Registry:
    """Known sources, matched as whole words inside a source phrase; the longest alias wins."""

    def __init__(self, entries: list[SourceEntry]) -> None:
        self.entries = entries
        # All-capital aliases (WHO, UN, RT) are matched case-sensitively, the rest case-insensitively.
        exact: list[tuple[str, SourceEntry]] = []
        folded: list[tuple[str, SourceEntry]] = []
        for e in entries:
            for a in dict.fromkeys([e.name, *e.aliases]):
                a = _clean(a)
                if not a:
                    continue
                (exact if a.isupper() and len(a) <= 6 else folded).append((a, e))
        self._exact = {a: e for a, e in exact}
        self._folded = {a.lower(): e for a, e in folded}
        self._exact_re = self._alternation(list(self._exact), 0)
        self._folded_re = self._alternation(list(self._folded), re.I)  # a FoldedPattern: same matches, faster
        self._found: dict[str, tuple[SourceEntry, int, int] | None] = {}
        self.described: dict[tuple[str, object], object] = {}  # `claims.sources.describe`'s answers, per phrase

    @staticmethod
    def _alternation(aliases: list[str], flags: int) -> re.Pattern[str] | FoldedPattern | None:
        if not aliases:
            return None
        body = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        if flags & re.I:
            return FoldedPattern(rf"(?<![\w-])(?:{body})(?![\w-])", flags & ~re.I)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)

    def find(self, phrase: str) -> tuple[SourceEntry, int, int] | None:
        """The registry entry named in `phrase`: longest alias, then the later one (the person after a title)."""
        # Remembered per phrase: the same speaker phrases ("Russian milbloggers") recur in every report.
        hit = self._found.get(phrase, _UNSEEN)  # one read: safe when several threads share the registry
        if hit is _UNSEEN:
            if len(self._found) > 50_000:
                self._found.clear()
            hit = self._found[phrase] = self._find(phrase)
        return hit  # type: ignore[return-value]

    def _find(self, phrase: str) -> tuple[SourceEntry, int, int] | None:
        text = _clean(phrase)
        best: tuple[int, int, SourceEntry, int, int] | None = None
        for rx, table, fold in ((self._exact_re, self._exact, False), (self._folded_re, self._folded, True)):
            if rx is None:
                continue
            for m in rx.finditer(text):
                entry = table[m.group(0).lower() if fold else m.group(0)]
                key = (len(m.group(0)), m.start(), entry, m.start(), m.end())
                if best is None or key[:2] > best[:2]:
                    best = key
        return (best[2], best[3], best[4]) if best else None

    def by_name(self, name: str) -> SourceEntry | None:
        return next((e for e in self.entries if e.name == name), None)


def builtin_path() -> Path:
    """The registry file of the current country profile (validated when the profile loads)."""
    return profile().sources_path


def _read(path: Path) -> list[SourceEntry]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    out = []
    for i, row in enumerate(data.get("source", [])):
        check_source_row(path, f"source[{i}]", row)  # a one-line ProfileError (a ValueError) naming file and entry
        out.append(SourceEntry(row["name"], row.get("side", "unknown"), row.get("kind", "other"),
                               list(row.get("aliases", []))))
    return out


_CACHE: dict[tuple[str, ...], Registry] = {}


def load_registry(path: str | os.PathLike[str] | None = None) -> Registry:
    """The profile's registry merged with a user file (`path`, else $FRONTSCOPE_SOURCES); cached per file set."""
    paths = [builtin_path()]
    user = path if path is not None else os.environ.get(ENV_VAR)
    if user:
        paths.append(Path(user))
    key = tuple(str(p) for p in paths)
    if key not in _CACHE:
        merged: dict[str, SourceEntry] = {}
        for p in paths:
            for e in _read(p):
                old = merged.get(e.name)
                if old is not None:  # a user entry replaces side/kind and adds aliases
                    e.aliases = list(dict.fromkeys([*old.aliases, *e.aliases]))
                merged[e.name] = e
        _CACHE[key] = Registry(list(merged.values()))
    return _CACHE[key]


def profile_summary(path: str | os.PathLike[str] | None = None) -> dict[str, object]:
    """What a profile folder holds, after validating it afresh (raises `ProfileError` on a bad entry)."""
    p = profile_mod._load.__wrapped__(profile_mod.profile_dir(path))  # read the files again: a check must see the latest edit
    entries = _read(p.sources_path)
    return {
        "profile": p.name,
        "folder": str(p.path),
        "analyst": p.analyst,
        "sources": len(entries),
        "aliases": sum(len(e.aliases) for e in entries),
        "side_markers": {"RU": len(p.ru_markers) + len(p.side_names["RU"]),
                         "UA": len(p.ua_markers) + len(p.side_names["UA"])},
        "reporting_verbs": len(p.verbs),
        "denial_verbs": sorted(v.lemma for v in p.verbs.values() if v.denial),
        "never_places": len(p.never_places()),
    }
