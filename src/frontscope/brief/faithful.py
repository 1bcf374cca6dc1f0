"""Does a brief line say what the statements it cites say? A check, not a rewrite.

Two kinds of line reach a brief:
- a sentence of the report (with its source named in full): faithful when its words, apart from the
  attribution, are the cited sentence's words in the same order;
- a templated control line ("Ukrainian forces liberated Balakliya (Kharkiv Oblast) — ..."): faithful when,
  for the side and action the line asserts, at least one cited sentence reports that action by that side,
  and none of the cited sentences that name the place says the side was repelled, that the act was a
  partisan bomb or sabotage, or only compares the place with another episode.

`problems(line)` lists what is wrong (empty when faithful); the brief drops templated lines with problems
and the benchmark audits every takeaway with it.
"""

from __future__ import annotations

import re

from frontscope.brief.salience import MARKER

SIDE = {"Ukrainian": "UA", "Russian": "RU"}
# What a templated line asserts: "<Side> forces <verb> <places>".
TEMPLATE = re.compile(r"^(Ukrainian|Russian) forces (liberated|seized|took|captured|advanced near|advanced)\b")
GAIN_VERBS = re.compile(r"\b(liberat\w*|recaptur\w*|retook|retaken|retake|captur\w*|seiz\w*|took|taken|"
                        r"(took|taken|gained|assumed|establish\w*|secured?) control|entered|enter|advanc\w*|"
                        r"made (marginal |limited |significant )?gains|gained ground|pushed|broke through|"
                        r"cleared|occup(y|ied)|raised (the|a) (Ukrainian|Russian) flag|"
                        r"(forces|troops|soldiers|units) (are |were |operating |present )?(in|inside|within))\b", re.I)
REPELLED = re.compile(r"\b(repel\w*|repuls\w*|thwart\w*|stopp(ed|ing)|halted|beat back|fought off|"
                      r"unsuccessful\w*|failed to|did not (make|advance|gain)|without success|no (confirmed )?"
                      r"(gains|advances))\b", re.I)
PARTISAN = re.compile(r"\b(partisan\w*|car bomb\w*|IEDs?|improvised explosive|sabotage\w*|assassinat\w*|"
                      r"explosions?|blew up|bomb(ed|ing|s)?)\b", re.I)
COMPARISON = re.compile(r"\b(compar\w*|similar to|reminiscent|analog\w*|repeat of|just as|as (they|it) did|"
                        r"like the|weeks earlier|months earlier|echo\w*)\b", re.I)
SIDE_WORDS = {"UA": re.compile(r"\bUkrain\w*", re.I), "RU": re.compile(r"\b(Russian|Wagner|DNR|LNR|Chechen)\w*", re.I)}


def clean(text: str) -> str:
    return " ".join(MARKER.sub("", text).split())


def _repelled(sentence: str, side: str) -> bool:
    """The sentence says `side` was repelled / failed: 'Ukrainian forces repelled Russian assaults' (side RU)
    or 'Russian forces conducted unsuccessful assaults' (side RU)."""
    for m in REPELLED.finditer(sentence):
        after = sentence[m.end():m.end() + 60]
        before = sentence[max(0, m.start() - 80):m.start()]
        if SIDE_WORDS[side].search(after) and not SIDE_WORDS[side].search(before):
            return True  # "repelled Russian assaults"
        if SIDE_WORDS[side].search(before) and m.group(0).lower().startswith(("unsuccess", "failed", "did not",
                                                                               "without", "no ")):
            return True  # "Russian forces conducted unsuccessful assaults"
    return False


# Words before a gain verb that make it an attempt, an intention, a forecast or a negation, not an act:
# "attempted to advance", "will attempt to seize", "efforts to ... enter", "have not yet entered".
NOT_DONE = re.compile(r"\b(attempt\w*|tr(y|ied|ying)|effort\w*|plan\w*|aim\w*|intend\w*|seek\w*|sought|"
                      r"prepar\w*|will|would|could|may|might|likely to|in order to|unable|fail\w*|not|never|"
                      r"no longer|yet to|prevent\w*|stop\w*|newly)\b", re.I)
CLAUSE = re.compile(r"[,;:(]|\b(that|which|while|whereas|but|although|though)\b", re.I)
REJECTED = re.compile(r"\b(falsely|false(ly)? claim\w*|fabricat\w*|disinformation|baseless)\b", re.I)
PASSIVE_REPELLED = re.compile(r"\b(were|was|been|being) (repel\w*|repuls\w*|stopped|halted|beaten back|pushed back)\b",
                              re.I)


def asserts_gain(sentence: str, side: str) -> bool:
    """Some gain verb in the sentence has `side` as its nearest preceding actor and is stated as done."""
    other = "RU" if side == "UA" else "UA"
    for m in GAIN_VERBS.finditer(sentence):
        before = sentence[:m.start()]
        mine = [x.end() for x in SIDE_WORDS[side].finditer(before)]
        theirs = [x.end() for x in SIDE_WORDS[other].finditer(before)]
        if not mine or (theirs and theirs[-1] > mine[-1]):
            continue  # the nearest actor before the verb is the other side (or none)
        # The clause the actor sits in, up to the verb: "…, which would complicate Russian advances" is a
        # forecast, "… that Russian forces took" a report.
        cut = max((b.end() for b in CLAUSE.finditer(sentence, 0, mine[-1])), default=0)
        if NOT_DONE.search(sentence[cut:m.start()]):
            continue
        return True
    return False


def template_problems(text: str, sources: list[str], places: list[str]) -> list[str]:
    m = TEMPLATE.match(text)
    if not m:
        return []
    side, verb = SIDE[m.group(1)], m.group(2)
    out = []
    cited = [clean(s) for s in sources]
    naming = [s for s in cited if any(p and p in s for p in places)] or cited
    if not any(asserts_gain(s, side) and not _repelled(s, side) for s in cited):
        out.append(f"no cited statement says {m.group(1)} forces {verb}")
    for s in naming:
        if REJECTED.search(s):
            out.append(f"the report rejects the cited claim: {s[:100]}")
        if PASSIVE_REPELLED.search(s) and SIDE_WORDS[side].search(s[:PASSIVE_REPELLED.search(s).start()]):
            out.append(f"a cited statement says {m.group(1)} forces were pushed back: {s[:100]}")
        if _repelled(s, side) and not GAIN_VERBS.search(REPELLED.sub("", s)):
            out.append(f"a cited statement says {m.group(1)} forces were repelled: {s[:100]}")
        if PARTISAN.search(s) and not GAIN_VERBS.search(s):
            out.append(f"a cited statement reports partisan/explosive action, not {verb}: {s[:100]}")
        if COMPARISON.search(s) and verb in ("liberated", "seized", "took", "captured"):
            out.append(f"a cited statement compares episodes rather than reporting a {verb}: {s[:100]}")
    return out


def extract_problems(text: str, sources: list[str]) -> list[str]:
    """An extracted sentence must be a cited sentence (its attribution may be spelled out in full)."""
    body = clean(text.removesuffix(" (the report's assessment)"))
    for s in sources:
        s = clean(s)
        if body == s:
            return []
        # "The GUR added that X" → "The Ukrainian ... (GUR) added that X": the rest must be identical.
        tail = s.split(" ", 1)[-1]
        while tail and tail not in body:
            tail = tail.split(" ", 1)[-1] if " " in tail else ""
        if tail and len(tail) >= 0.7 * len(s) and body.endswith(tail):
            return []
    return ["the line's words are not those of any cited statement"]


def problems(line: object) -> list[str]:
    """What a brief line says that its cited statements do not (empty list: faithful)."""
    text = getattr(line, "text", "")
    sources = list(getattr(line, "sources", []) or [])
    places = [p.get("name") or "" for p in getattr(line, "places", []) or []]
    if "…" in text or text.rstrip().endswith("..."):
        return ["the line is cut mid-sentence"]
    if not sources:
        return ["the line cites no statement"]
    if TEMPLATE.match(text):
        return template_problems(text, sources, places)
    return extract_problems(text, sources)
