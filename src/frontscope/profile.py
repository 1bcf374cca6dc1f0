"""The country profile: the data that says who speaks, which words name a side, which verbs report speech and
which names are people, for one theatre of war.

One folder per profile, shipped as package data (`frontscope/profiles/ua/`):

    profile.toml  name; `analyst`, the publisher whose own sentences are assessments (a sources.toml name)
    sources.toml  the source registry: canonical name, side, kind and aliases of each speaker (frontscope.registry)
    sides.toml    side markers of a clause, a speaker's words for the enemy and for "us", affiliation words
    verbs.toml    reporting verbs and their forms (claims stage; the events stage reads the claims)
    names.toml    person names that mark a side, and names and words that are never places (geocoder)

`profile()` loads and validates the folder once (cached per folder); a bad entry raises `ProfileError` with one
line naming the file and the key. The folder is FRONTSCOPE_PROFILE (a path, or the name of a built-in profile),
else the built-in "ua". Adding a source, a reporting verb or a side word is one edit in one of these files.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from frontscope.model import SIDES, SOURCE_KINDS

PROFILES = Path(__file__).parent / "profiles"
DEFAULT = "ua"
ENV_VAR = "FRONTSCOPE_PROFILE"
FILES = ("profile.toml", "sources.toml", "sides.toml", "verbs.toml", "names.toml")


class ProfileError(ValueError):
    """A profile file that is missing or has a bad entry (the message names the file and the key)."""


@dataclass(frozen=True)
class Verb:
    lemma: str
    forms: tuple[str, ...]
    speech: bool = False  # a verb of speaking, not of evidence ("show", "indicate")
    denial: bool = False  # "denied", "rejected": the speaker denies what follows
    inference: bool = False  # "indicate", "confirm": "A, indicating that B" is the writer's inference from A


def _participles(verbs: Iterable[Verb]) -> set[str]:
    """The -ing forms of `verbs`: any listed, and each lemma's by English spelling rules."""
    out: set[str] = set()
    for v in verbs:
        out.update(f for f in v.forms if f.endswith("ing"))
        lemma = v.lemma
        if lemma.endswith("ie"):
            out.add(lemma[:-2] + "ying")
        elif lemma.endswith("e") and not lemma.endswith("ee"):
            out.add(lemma[:-1] + "ing")
        else:
            out.add(lemma + "ing")
            if lemma[-1] not in "aeiouwxy" and len(lemma) > 2 and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
                out.add(lemma + lemma[-1] + "ing")  # admit -> admitting
    return out


@dataclass(frozen=True, eq=False)  # one object per folder (cached): hashed by identity
class Profile:
    path: Path
    name: str
    analyst: str
    ru_markers: tuple[str, ...]
    ua_markers: tuple[str, ...]
    enemy_words: tuple[str, ...]
    own_words: tuple[str, ...]
    affiliation: dict[str, tuple[str, ...]]  # RU / UA / foreign -> lower-case regex fragments
    verbs: dict[str, Verb]
    side_names: dict[str, tuple[str, ...]]  # RU / UA -> names ("Putin*": any ending)
    not_places: tuple[str, ...] = field(default=())

    @property
    def sources_path(self) -> Path:
        return self.path / "sources.toml"

    def name_pattern(self, side: str) -> list[str]:
        """The side's person names as regex fragments: "Putin*" -> Putin\\w*, "Kim" -> Kim\\b."""
        return [re.escape(n[:-1]) + r"\w*" if n.endswith("*") else re.escape(n) + r"\b" for n in self.side_names[side]]

    def never_places(self) -> list[str]:
        """Every word the geocoder must not take for a place: person names (stems of "Name*" too) and others."""
        return [n.rstrip("*") for side in ("RU", "UA") for n in self.side_names[side]] + list(self.not_places)

    def deny_forms(self) -> set[str]:
        return {f for v in self.verbs.values() if v.denial for f in v.forms}

    def speech_participles(self, *, denials: bool = False) -> set[str]:
        """The -ing forms of the speech verbs ("saying", "stating", "insisting", "admitting"), derived from their
        lemmas by English spelling rules (and any -ing form listed): "X denied A, saying B" opens a second voice.
        `denials`: only those of the denial verbs ("denying", "rejecting")."""
        return _participles(v for v in self.verbs.values() if v.speech and (v.denial or not denials))

    def inference_participles(self) -> set[str]:
        """The -ing forms of the inference verbs ("indicating", "confirming"): "A, confirming that B" is the writer's
        conclusion from A, whoever said A."""
        return _participles(v for v in self.verbs.values() if v.inference)

    def inference_forms(self) -> set[str]:
        """The listed forms of the inference verbs ("indicates", "suggested"): "..., which indicates that B"."""
        return {f for v in self.verbs.values() if v.inference for f in v.forms}


def profile_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The profile folder: `path`, else $FRONTSCOPE_PROFILE, else the built-in "ua" (a bare name is built-in)."""
    return _dir(str(path if path is not None else os.environ.get(ENV_VAR) or DEFAULT))


def profile(path: str | os.PathLike[str] | None = None) -> Profile:
    """The profile of `path` (else $FRONTSCOPE_PROFILE, else built-in "ua"), loaded and validated once.

    Cheap to call per sentence: the folder is looked up once per distinct setting, and the last answer for the
    environment's setting is kept with that setting (read on every call, so a changed variable takes effect)."""
    global _last_env
    if path is not None:
        return _load(_dir(str(path)))
    chosen = os.environ.get(ENV_VAR)
    last = _last_env
    if last is not None and last[0] == chosen:
        return last[1]
    prof = _load(_dir(str(chosen or DEFAULT)))
    _last_env = (chosen, prof)
    return prof


_last_env: tuple[str | None, Profile] | None = None


@lru_cache(maxsize=16)
def _dir(chosen: str) -> Path:
    p = Path(chosen)
    if not p.is_dir() and (PROFILES / chosen).is_dir():
        p = PROFILES / chosen
    return p.resolve()


@lru_cache(maxsize=8)
def _load(folder: Path) -> Profile:
    if not folder.is_dir():
        raise ProfileError(f"{folder}: no such profile folder (set {ENV_VAR} to a folder holding {', '.join(FILES)})")
    meta = _toml(folder / "profile.toml")
    sides = _toml(folder / "sides.toml")
    verbs_doc = _toml(folder / "verbs.toml")
    names = _toml(folder / "names.toml")
    source_names = _validate_sources(folder / "sources.toml")
    f = folder / "sides.toml"
    markers = _table(f, sides, "markers")
    voice = _table(f, sides, "voice")
    affiliation = _table(f, sides, "affiliation")
    verbs: dict[str, Verb] = {}
    vf = folder / "verbs.toml"
    for lemma, row in _table(vf, verbs_doc, "verbs").items():
        if not isinstance(row, dict):
            raise ProfileError(f"{vf}: verbs.{lemma} must be a table {{ forms = [...] }}, got {row!r}")
        unknown = set(row) - {"forms", "speech", "denial", "inference"}
        if unknown:
            raise ProfileError(f"{vf}: verbs.{lemma} has unknown key(s) {sorted(unknown)} "
                               "(forms, speech, denial, inference)")
        forms = _words(vf, f"verbs.{lemma}.forms", row.get("forms"), plain=True)
        for flag in ("speech", "denial", "inference"):
            if not isinstance(row.get(flag, False), bool):
                raise ProfileError(f"{vf}: verbs.{lemma}.{flag} must be true or false, got {row[flag]!r}")
        verbs[lemma] = Verb(lemma, tuple(forms), row.get("speech", False), row.get("denial", False),
                            row.get("inference", False))
    if "publish" not in verbs:
        raise ProfileError(f"{vf}: verbs.publish is missing (the verbs of publishing: posted, published ...)")
    nf = folder / "names.toml"
    side_names = _table(nf, names, "side_names")
    not_places = _table(nf, names, "not_places")
    analyst = meta.get("analyst")
    if not isinstance(analyst, str) or not analyst:
        raise ProfileError(f"{folder / 'profile.toml'}: analyst must name a source of sources.toml, got {analyst!r}")
    if analyst not in source_names:
        raise ProfileError(f"{folder / 'profile.toml'}: analyst {analyst!r} is not the name of a [[source]] of sources.toml")
    return Profile(
        path=folder,
        name=str(meta.get("name", folder.name)),
        analyst=analyst,
        ru_markers=tuple(_regexes(f, "markers.RU", markers.get("RU"))),
        ua_markers=tuple(_regexes(f, "markers.UA", markers.get("UA"))),
        enemy_words=tuple(_words(f, "voice.enemy", voice.get("enemy"))),
        own_words=tuple(_words(f, "voice.own", voice.get("own"))),
        affiliation={k: tuple(_regexes(f, f"affiliation.{k}", affiliation.get(k))) for k in ("RU", "UA", "foreign")},
        verbs=verbs,
        side_names={k: tuple(_names(nf, f"side_names.{k}", side_names.get(k))) for k in ("RU", "UA")},
        not_places=tuple(w for k in sorted(not_places) for w in _words(nf, f"not_places.{k}", not_places[k])),
    )


def _toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ProfileError(f"{path}: missing (a profile folder holds {', '.join(FILES)})") from None
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(f"{path}: not valid TOML: {e}") from None


def _table(path: Path, doc: dict, key: str) -> dict:
    got = doc.get(key)
    if not isinstance(got, dict):
        raise ProfileError(f"{path}: [{key}] is missing or not a table")
    return got


def _words(path: Path, key: str, value: object, plain: bool = False) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise ProfileError(f"{path}: {key} must be a non-empty list of non-empty strings, got {value!r}")
    if plain:
        bad = next((w for w in value if not re.fullmatch(r"[\w'’ -]+", w)), None)
        if bad is not None:
            raise ProfileError(f"{path}: {key} has {bad!r}; forms are plain words")
    return value


def _names(path: Path, key: str, value: object) -> list[str]:
    names = _words(path, key, value)
    bad = next((n for n in names if not re.fullmatch(r"[\w'’-]+\*?", n)), None)
    if bad is not None:
        raise ProfileError(f"{path}: {key} has {bad!r}; a name is one word, optionally ending in * (any ending)")
    return names


def _regexes(path: Path, key: str, value: object) -> list[str]:
    frags = _words(path, key, value)
    for frag in frags:
        try:
            re.compile(frag)
        except re.error as e:
            raise ProfileError(f"{path}: {key} has {frag!r}, not a valid regex ({e})") from None
    return frags


def _validate_sources(path: Path) -> set[str]:
    """Every [[source]] and [[cyrillic]] entry has a name, a known side and kind, and a list of aliases; the
    names of the [[source]] entries."""
    doc = _toml(path)
    for table in ("source", "cyrillic"):
        for i, row in enumerate(doc.get(table, [])):
            check_source_row(path, f"{table}[{i}]", row)
    return {row["name"] for row in doc.get("source", [])}


def check_source_row(path: Path, key: str, row: object) -> None:
    """Raise `ProfileError` naming `path` and `key` if `row` is not a valid source entry."""
    if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not row["name"].strip():
        raise ProfileError(f"{path}: {key} has no name")
    where = f"{key} ({row['name']!r})"
    side, kind = row.get("side", "unknown"), row.get("kind", "other")
    if side not in SIDES:
        raise ProfileError(f"{path}: {where}.side is {side!r}; sides: {', '.join(SIDES)}")
    if kind not in SOURCE_KINDS:
        raise ProfileError(f"{path}: {where}.kind is {kind!r}; kinds: {', '.join(SOURCE_KINDS)}")
    aliases = row.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ProfileError(f"{path}: {where}.aliases must be a list of strings")
