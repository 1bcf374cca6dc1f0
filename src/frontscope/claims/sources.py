"""Who is speaking: a registry of known sources plus rules for the ones it does not know.

`normalise_source("Ukraine's General Staff")` gives the registry's canonical name, side and kind.
Names the registry lacks ("Ukrainian 2nd Khartiya Corps", "a prominent Kremlin-coopted milblogger")
get their side and kind from their own words: the adjectives say the side, the head noun the kind.
The registry itself (the country profile's `sources.toml`, plus a user file) is `frontscope.registry`; the
side words of unregistered names are the profile's `sides.toml` [affiliation].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from frontscope.model import SIDES, SOURCE_KINDS, SourceRef  # noqa: F401
from frontscope.profile import Profile, profile
from frontscope.registry import (  # noqa: F401 (the registry is part of this module's API)
    BUILTIN,
    ENV_VAR,
    Registry,
    SourceEntry,
    _clean,
    _read,
    load_registry,
)


@dataclass(frozen=True)
class SourceInfo:
    """What `normalise_source` concludes about a source phrase."""

    name: str
    side: str
    kind: str
    known: bool  # found in the registry (False: side and kind come from the phrase's own words)



# Rules for sources the registry does not know ---------------------------------------------------------



@lru_cache(maxsize=8)
def _affiliation_res(prof: Profile) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """RU, UA and foreign affiliation words of the profile (sides.toml [affiliation]) as whole-word regexes."""
    return tuple(re.compile(rf"\b(?:{'|'.join(prof.affiliation[k])})\b") for k in ("RU", "UA", "foreign"))  # type: ignore[return-value]


# Checked in order: the first kind whose words appear decides ("miblogger" is a typo ISW often makes).
_KIND_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("milblogger", re.compile(r"\b(?:mil?-?bloggers?|military bloggers?|bloggers?|war correspondents?|voenkors?)\b")),
    ("footage", re.compile(r"\b(?:footage|imagery|videos?|photos?|photographs?|images?|satellite)\b")),
    ("osint", re.compile(r"\b(?:social media|posts?|osint|open[- ]source|geolocation|firms data|data)\b")),
    ("think_tank", re.compile(r"\b(?:think[ -]tank|institute|isw|analysts?|experts?|fellows?|scholars?|researchers?|"
                              r"professors?|political scientists?|academics?|universit(?:y|ies))\b")),
    ("media", re.compile(r"\b(?:outlets?|media|newspapers?|news|agency|journalists?|reporters?|tv|channels?|"
                         r"publications?|newswire|broadcaster|telegram)\b")),
    ("international", re.compile(r"\b(?:un|u\.n\.(?!\w)|united nations|nato|iaea|osce|eu|european union|international|"
                                 r"red cross|icrc)\b")),
    ("local_official", re.compile(
        r"\b(?:mayors?|governors?|gauleiters?|okrug|krai|(?:oblast|city|raion|district|regional|village|hromada|municipal)\s+"
        r"(?:military\s+)?(?:administration|council|head|officials?|authorities)|head of (?:the )?[\w' -]*"
        r"(?:oblast|city|raion|district|region|hromada|village)|occupation (?:head|officials?|authorities|"
        r"administration)|local (?:officials?|authorities))\b")),
    ("military", re.compile(
        r"\b(?:general staff|ministry of defen[cs]e|defen[cs]e ministry|mod|army|armed forces|forces|corps|"
        r"brigades?|regiments?|battalions?|divisions?|commands?|commanders?|military|intelligence|navy|air force|"
        r"national guard|guard|troops|soldiers?|servicem[ae]n|servicemembers?|officers?|chief of staff|general|"
        r"colonel|task force|operational|grouping|unit|units|spetsnaz|marines?|paratroopers?|drone operators?|"
        r"gur|hur|sbu|fsb|border (?:guard|service))\b")),
    ("government", re.compile(
        r"\b(?:president|presidential|prime minister|ministers?|ministry|kremlin|spokes(?:person|man|woman)|aides?|"
        r"advis[eo]rs?|officials?|government|parliament|duma|deputy|deputies|security council|foreign|ambassadors?|"
        r"envoys?|authorities|secretary|chair(?:man|person|woman)?|senators?|lawmakers?|office|ombudsman|"
        r"negotiators?|delegation|leadership|state|head|cent(?:er|re))\b")),
    ("other", re.compile(r"\b(?:sources?|reports?|statements?|witnesses|observers?)\b")),
]
# Head nouns that make a phrase a plausible speaker (besides registry names and proper names).
SPEAKER_WORDS = re.compile(
    r"\b(?:sources?|officials?|mil?-?bloggers?|bloggers?|correspondents?|journalists?|reporters?|outlets?|media|"
    r"footage|imagery|images?|videos?|photos?|photographs?|posts?|channels?|accounts?|staff|ministry|mod|commands?|"
    r"commanders?|spokes(?:person|man|woman)|president|ministers?|advis[eo]rs?|aides?|head|chief|governors?|mayors?|"
    r"administration|council|secretary|chair(?:man|person|woman)?|deput(?:y|ies)|representatives?|ambassadors?|"
    r"envoys?|kremlin|government|authorities|service|directorate|intelligence|agency|corps|brigades?|regiments?|"
    r"battalions?|divisions?|guard|army|navy|force|group|party|parliament|duma|senators?|lawmakers?|analysts?|"
    r"experts?|reports?|statements?|data|map|briefing|readout|assessment|residents?|witnesses|activists?|"
    r"partisans?|movement|newspapers?|observers?|monitors?|mission|institute|office|ombudsman|military|"
    r"servicem[ae]n|servicemembers?|soldiers?|troops|prisoners?|pows?|negotiators?|delegation|leadership|"
    r"satellite|telegram|forces|post|organization|committee|operator|operators|website|press service|court|"
    r"prosecutors?|investigators?|police|emergency service|cent(?:er|re)|sbu|fsb|gur|isw|un|nato|iaea|eu|osce|dnr|lnr)\b"
)
_DETERMINERS = re.compile(r"^(?:the|a|an|several|some|other|many|multiple|two|three|various|numerous|one|another)\s+", re.I)


# Words in a speaker phrase that name a topic or a place of work, not who the speaker is: "the Russia and
# Eurasia Programme", "the Institute for the Study of War", "the U.N. mission in Ukraine", "BBC Russian Service".
_TOPICAL_RE = re.compile(
    r"(?:\b[A-Z][\w.'-]*\s+(?:and\s+[A-Z][\w.'-]*\s+)?(?:Programme|Program|Studies|Desk|"
    r"Initiative|Project)\b)|"
    r"(?P<org>\b(?:Institute|Center|Centre|Foundation|Council|Society|Committee))\s+(?:for|on)\s+(?:the\s+)?[^,()]*|"
    r"\b(?:in|across|inside|throughout|on|about|for|over)\s+(?:the\s+)?(?:occupied\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*"
)


def identity_text(phrase: str) -> str:
    """The part of a speaker phrase that says who the speaker is: titles, names and affiliations, without
    topical complements and locative phrases (a Chatham House fellow of the "Russia and Eurasia Programme"
    is not Russian; the U.N. mission "in Ukraine" is not Ukrainian)."""
    kept = _TOPICAL_RE.sub(lambda m: f" {m.group('org') or ''} ", _clean(phrase))
    return re.sub(r"\s+", " ", kept).strip()


def guess_side(phrase: str) -> str:
    low = identity_text(phrase).lower()
    ru_re, ua_re, foreign_re = _affiliation_res(profile())
    ru, ua = bool(ru_re.search(low)), bool(ua_re.search(low))
    if ru and ua:
        return "other"  # "Russian and Ukrainian sources": both sides
    if ru:
        return "RU"
    if ua:
        return "UA"
    if foreign_re.search(low):
        return "other"
    return "unknown"


def guess_kind(phrase: str) -> str:
    low = identity_text(phrase).lower()
    for kind, rx in _KIND_RULES:
        if rx.search(low):
            return kind
    return "other"


def canonical_name(phrase: str) -> str:
    """A display name for an unregistered source: no leading determiner, single spaces."""
    return _DETERMINERS.sub("", _clean(phrase)).strip(" ,") or _clean(phrase)


def describe(phrase: str, registry: Registry | None = None) -> SourceInfo:
    """Name, side and kind of a source phrase, from the registry or from its own words.

    Remembered per registry, profile and phrase: the same speaker phrases ("Russian milbloggers", "the Ukrainian
    General Staff") recur in every report."""
    reg = registry or load_registry()
    key = (phrase, profile())
    memo = reg.described
    info = memo.get(key)
    if info is None:
        if len(memo) > 50_000:
            memo.clear()
        info = memo[key] = _describe(phrase, reg)
    return info  # type: ignore[return-value]


def _describe(phrase: str, reg: Registry) -> SourceInfo:
    hit = reg.find(phrase)
    if hit is not None:
        entry = hit[0]
        side, kind = entry.side, entry.kind
        # A generic registry hit ("General Staff") inside "the Russian General Staff" must not flip sides.
        own_side = guess_side(phrase)
        if own_side in ("UA", "RU") and side in ("UA", "RU") and own_side != side:
            return SourceInfo(canonical_name(phrase), own_side, guess_kind(phrase), False)
        return SourceInfo(entry.name, side, kind, True)
    side = guess_side(phrase)
    kind = guess_kind(phrase)
    if kind in ("footage", "osint") and side == "other":
        side = "unknown"  # "social media footage": an adjective like "international" says nothing about sides
    if kind == "local_official" and side == "unknown":
        side = "UA"  # ISW flags occupation officials as such; an unmarked mayor or governor is Ukrainian
    if kind in ("think_tank", "international") and side == "unknown":
        side = "other"  # an analyst or an international body with no national marker speaks for neither side
    return SourceInfo(canonical_name(phrase), side, kind, False)


def normalise_source(
    text: str, start: int = 0, end: int | None = None, registry: Registry | None = None,
) -> SourceRef:
    """A `SourceRef` for `text[start:end]` (offsets kept as given) with normalised name, side and kind."""
    end = len(text) if end is None else end
    phrase = text[start:end]
    info = describe(phrase, registry)
    return SourceRef(phrase, start, end, info.name, info.side, info.kind)


_CORE_CUT = re.compile(
    r"\s(?:of|in|near|from|with|at|on|for|about|affiliated|who|whose|which|that|published|posted|taken|filmed|"
    r"released|shared|circulated|including|also|reportedly|recently|previously|additionally)\b|,|\s\(|\s[—–]|"
    r"\s(?=[a-z]+ing\s+(?:the|a|an|in|on|at|near|for)\b)"
)
_TRAILING_ADVERBS = re.compile(r"(?:\s+(?:also|additionally|reportedly|recently|previously|explicitly|again|"
                               r"further|similarly|separately|notably|publicly|officially|later|then|even|have|has|had|"
                               r"did|does|do|both|all|likely|reportedly))+$", re.I)


# A concessive aside inside a noun phrase: "A recently posted, though undated, video".
_ASIDE_RE = re.compile(r",\s+(?:though|although|albeit|if|but)\s+[^,]{1,40},")


def strip_aside(phrase: str) -> str:
    """The phrase without a concessive aside ("A recently posted, though undated, video" -> "... posted video")."""
    return _ASIDE_RE.sub("", phrase)


def core_phrase(phrase: str) -> str:
    """The phrase up to its first post-modifier: "Mayor of Severodonetsk X" -> "Mayor"."""
    clean = strip_aside(_clean(phrase))
    m = _CORE_CUT.search(clean)
    core = clean[: m.start()] if m else clean
    return _TRAILING_ADVERBS.sub("", core).strip()


def head_word(phrase: str) -> str:
    """The head noun of a source phrase (its core's last word; after a possessive, the possessed)."""
    words = core_phrase(phrase).split()
    return words[-1] if words else ""


def is_speaker(phrase: str, registry: Registry | None = None) -> bool:
    """Can this noun phrase say something? A registry name, a speaker noun as head, or a proper name."""
    reg = registry or load_registry()
    clean = _clean(phrase)
    if not clean or clean.split()[0].lower() in _NOT_NAMES:
        return False
    core = core_phrase(clean)
    hit = reg.find(clean)
    # A registry name counts when it is the phrase's core or ends it ("... Spokesperson Dmitry Peskov"), not
    # when it only sits in a modifier ("The concentration of Russian Airborne Forces in ...").
    if hit is not None and (reg.find(core) is not None or hit[2] == len(clean)):
        return True
    head = head_word(clean)
    if not head:
        return False
    if _SPEAKER_HEAD.fullmatch(re.sub(r"'s?$", "", head.lower())) or core.lower().endswith("armed forces"):
        return True
    # "Bezsonov", "Oleksandr Stryuk": capitalised words, none of them a function word or a month.
    words = core.split()
    if head.lower() in ("soldier", "serviceman", "servicewoman", "officer", "resident", "witness", "volunteer"):
        return True  # one person ("A soldier defending the city"), unlike a unit's "soldiers" in action
    # "Military analyst Fabian Hoffmann": a title with a speaker noun, then a name
    name_at = next((i for i, w in enumerate(words) if w[:1].isupper() and i > 0
                    and all(x[:1].isupper() for x in words[i:])), None)
    if name_at is not None and any(_SPEAKER_HEAD.fullmatch(w.lower()) for w in words[:name_at]) \
            and not any(w.lower() in _NOT_NAMES for w in words[name_at:]):
        return True
    if all(w.lower() in _ADJECTIVES for w in words):
        return False  # "Other Russian": an adjective, no noun
    return all(w[:1].isupper() for w in words) and not any(w.lower() in _NOT_NAMES for w in words)


_ADJECTIVES = {
    "russian", "ukrainian", "american", "british", "european", "western", "belarusian", "chinese", "other",
    "several", "some", "many", "pro-russian", "pro-ukrainian", "prominent", "senior", "unspecified",
}


_SPEAKER_HEAD = re.compile(SPEAKER_WORDS.pattern.replace("|forces|", "|").replace("troops|", "")
                           .replace("soldiers?|", "").replace(r"\b(?:", "(?:").replace(r")\b", ")"))
_NOT_NAMES = {
    "this", "these", "that", "those", "it", "its", "such", "which", "what", "russia", "ukraine", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "there", "here", "they", "he", "she", "we", "i",
}
