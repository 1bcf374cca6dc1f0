"""Word lists shared by the control and event rules: sides, hedges, denials, the analyst's own voice.

The side words and the denial verbs come from the country profile (`frontscope.profile`); this module derives
the regexes the rules use. Kept as plain regexes so the rules stay readable and fast; everything is matched
case-insensitively except where a capital letter matters (proper names).
"""

from __future__ import annotations

import re

from frontscope import vocab
from frontscope.nlp.folded import FoldedPattern
from frontscope.profile import profile

# Side markers, from the country profile (sides.toml [markers], then the leaders of names.toml [side_names]).
# The first marker of a clause is usually its subject ("Ukrainian forces encircled Russian forces ... and
# liberated Myrove": the subject is Ukrainian). Units and leaders count: ISW often names only the unit ("the 2nd
# Khartiya Corps") or the leader ("Putin's claim of seizing Kupyansk"). The profile in force at import is used.
_P = profile()
RU_MARKER = "|".join([*_P.ru_markers, *_P.name_pattern("RU")])
UA_MARKER = "|".join([*_P.ua_markers, *_P.name_pattern("UA")])
SIDE_RE = re.compile(rf"\b(?:(?P<RU>{RU_MARKER})|(?P<UA>{UA_MARKER}))")
ENEMY_RE = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in _P.enemy_words)})\b", re.I)
OWN_RE = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in _P.own_words)})\b", re.I)


def side_of(text: str) -> str:
    """The side of the first marker in `text` ("UA", "RU" or "")."""
    m = SIDE_RE.search(text)
    if not m:
        return ""
    return "RU" if m.group("RU") else "UA"


def other(side: str) -> str:
    """The opposing party of "UA"/"RU" as a plain string; "" for any other side (see vocab.other)."""
    o = vocab.other(side)
    return o.value if o else ""


# Hedges lower confidence; the value multiplies it.
# FoldedPattern: the same matches as re.I, without trying every branch at every position of the sentence.
HEDGES: list[tuple[FoldedPattern, float]] = [
    (FoldedPattern(r"\b(?:possibly|may have|might have|could have|may be|might be|unconfirmed|unverified|"
                   r"allegedly|purportedly|cannot (?:independently )?confirm|has not (?:yet )?confirmed|unclear|"
                   r"no (?:\w+ )?confirmation|not (?:been )?(?:independently )?confirmed)\b"), 0.6),
    (FoldedPattern(r"\b(?:likely|probably|reportedly|appears? to|apparently|seemingly|presumably|suggests?|"
                   r"suggesting|indicat(?:es|ing|ed)|unlikely)\b"), 0.8),
]


def hedge_factor(text: str) -> float:
    f = 1.0
    for rx, w in HEDGES:
        if rx.search(text):
            f = min(f, w)
    return f


# Reporting verbs are the profile's (verbs.toml), read by the claims stage; the events stage takes the voices of
# a sentence from its claims (events/voice.py). Denials: a claim under one of these is "denied".
DENY_CUES = _P.deny_forms()
ACCORDING_RE = re.compile(r"\baccording to (?P<who>[^,.;]+)", re.I)
# "... falsely claimed that", "Putin's claim of seizing Kupyansk was false".
FALSE_AFTER_RE = re.compile(
    r"^[^.;]{0,80}?\b(?:was|is|are|were|as|be|being|remains?)\s+(?:(?:likely|almost certainly|also|clearly|"
    r"demonstrably)\s+)?(?:false|untrue|inaccurate|incorrect|wrong|premature|exaggerated|fabricated|not true|baseless)\b",
    re.I,
)
FALSELY_RE = re.compile(r"\b(?:falsely|erroneously|wrongly|prematurely|mistakenly|incorrectly|inaccurately)\s+(?:\w+\s+)?$", re.I)
FOOTAGE_RE = re.compile(r"\b(?:footage|imagery|images?|video|videos|photos?|satellite|geolocat\w*|FIRMS)\b", re.I)
REPORTEDLY_RE = re.compile(r"\b(?:reportedly|allegedly|purportedly)\b", re.I)
