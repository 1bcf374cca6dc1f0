"""Case-insensitive patterns that scan fast: the pattern in lower case over the lower-cased text.

Python's `re` cannot skip ahead in a case-insensitive pattern (no literal or character-set prefix under
IGNORECASE): an alternation of cue words that opens with `\\b` is tried, branch by branch, at every position of
the text. The same pattern in lower case over `text.lower()` finds the same spans 1.5-5x faster (over the 24,804
sentences of the ISW reports: the date anchors 2.5 -> 0.5 s, the control triggers 4.2 -> 2.7 s, the source
registry's aliases 5.4 -> 1.7 s).

`FoldedPattern(pattern)` answers `search`, `match`, `fullmatch` and `finditer` exactly as
`re.compile(pattern, re.I)` would, with offsets and group texts of the original text. Lower-casing keeps every
offset and folds letters as re.IGNORECASE does, except for three characters (İ, ı, ſ; found by comparing the
two over every code point); a text holding one of them is read with the case-insensitive pattern itself.
Lower-casing changes no character's class (\\w, \\s, \\d: checked over every code point), and escapes are kept
as written (\\S stays \\S). Character escapes (\\x41, \\u0410, \\N{...}, octal) would keep an upper-case
letter the lowered text no longer holds: `FoldedPattern` refuses them.

The lower-case pattern is also compiled to skip ahead (`skip_ahead`): re only jumps to the next candidate
position when a pattern opens with a literal or a set of literals, and a leading `\\b` or look-behind hides that
opening. The zero-width checks are moved past the first character (`\\b(?:took|seized)` is compiled as
`t(?<!\\w.)ook|s(?<!\\w.)eized`), which matches the same spans (tests/test_folded.py compares the two over
every pattern of the stages) and scans the reports' control triggers about 1.5x faster.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import repeat
from typing import Any

try:  # the regex parser and compiler behind `re` (CPython); without them patterns compile as written
    from re import _compiler as _sre_compiler
    from re import _constants as _sre
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre_parser = None  # type: ignore[assignment]

_FOLDS_APART_RE = re.compile("[\u0130\u0131\u017f]")
_REFUSED_ESCAPES = set("xuUN0")  # character escapes: see the module


def lowered(text: str) -> str | None:
    """`text.lower()` if it keeps offsets and folds as re.IGNORECASE does, else None.

    The last long text (a document) is kept: the stages run many patterns over windows of one document, mixed
    with calls on short strings (a sentence, a phrase) that are cheaper to lower again than to cache."""
    global _last
    long_text = len(text) >= _CACHE_FROM
    if long_text:
        cached, cached_low = _last  # one read: another thread may replace the pair
        if cached is text:
            return cached_low
    low: str | None = text.lower()
    if len(low) != len(text) or _FOLDS_APART_RE.search(text):  # type: ignore[arg-type]
        low = None
    if long_text:
        _last = (text, low)
    return low


_CACHE_FROM = 2000  # characters
_last: tuple[str | None, str | None] = (None, None)


def lower_pattern(pattern: str) -> str:
    """`pattern` with its letters in lower case, group names and escapes kept."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if e in _REFUSED_ESCAPES:
                raise ValueError(f"pattern uses the character escape \\{e}: write the character: {pattern[:60]!r}")
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), i):  # group names keep their case
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:j + 1])
            i = j + 1
            continue
        low = c.lower()
        if len(low) != 1 or _FOLDS_APART_RE.match(c):
            raise ValueError(f"pattern holds {c!r}, which lower-cases apart from re.IGNORECASE: {pattern[:60]!r}")
        out.append(low)
        i += 1
    return "".join(out)


class FoldedMatch:
    """A match found in the lower-cased text, read from the original text."""

    def __init__(self, m: re.Match[str], text: str) -> None:
        self._m, self.string = m, text
        self.re, self.pos, self.endpos, self.lastgroup, self.lastindex = m.re, m.pos, m.endpos, m.lastgroup, m.lastindex

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group)

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._m.span(group)

    def group(self, *groups: int | str) -> Any:
        if len(groups) > 1:
            return tuple(self._text(g) for g in groups)
        return self._text(groups[0] if groups else 0)

    def __getitem__(self, group: int | str) -> str | None:
        return self._text(group)

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        return tuple(self._text(i, default) for i in range(1, (self._m.re.groups or 0) + 1))

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return {name: self._text(name, default) for name in self._m.re.groupindex}

    def _text(self, group: int | str, default: Any = None) -> Any:
        a, b = self._m.span(group)
        return default if a < 0 else self.string[a:b]


class FoldedPattern:
    """`re.compile(pattern, re.I | flags)`, scanning the lower-cased text when that is exact (see the module)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        low = lower_pattern(pattern)
        self.lower = skip_ahead(low, flags & ~re.I)
        # Letters every match contains ("control" in "took control of X"): a window without them is passed over
        # with one str.find instead of a scan (most sentences hold none of most patterns' words).
        self.needle = required_literal(low, flags & ~re.I)

    @cached_property
    def ci(self) -> re.Pattern[str]:
        # Compiled on first use: only texts holding İ, ı or ſ need it, and compiling every pattern twice cost
        # ~0.15 s of a worker's start-up (before any document).
        return re.compile(self.pattern, self.flags | re.I)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | FoldedMatch | None:
        return self._one(self.lower.search, self.ci.search, text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | FoldedMatch | None:
        return self._one(self.lower.match, self.ci.match, text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | FoldedMatch | None:
        return self._one(self.lower.fullmatch, self.ci.fullmatch, text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str] | FoldedMatch]:
        # An iterator over re's own, not a generator: the control rules call this ~20 times per sentence.
        low = lowered(text)
        if low is None:
            return self.ci.finditer(text, pos, endpos)
        if self.needle and low.find(self.needle, pos, endpos) < 0:
            return iter(())
        return map(FoldedMatch, self.lower.finditer(low, pos, endpos), repeat(text))

    def _one(self, fast: Any, slow: Any, text: str, pos: int, endpos: int) -> re.Match[str] | FoldedMatch | None:
        low = lowered(text)
        if low is None:
            return slow(text, pos, endpos)
        if self.needle and low.find(self.needle, pos, endpos) < 0:
            return None
        m = fast(low, pos, endpos)
        return FoldedMatch(m, text) if m is not None else None


# Skipping ahead ----------------------------------------------------------------------------------------


def skip_ahead(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, with the zero-width checks that open it (`\\b`, fixed-width look-behinds)
    moved past its first character when every way to match starts with a literal character, so that `re` can
    skip to the positions holding one of those characters (its "charset prefix") instead of trying every
    position. Same matches, groups and order of preference; a pattern of any other shape compiles as written.
    Case-sensitive patterns only (the lower-case side of a `FoldedPattern`)."""
    rewritten = None
    if _sre_parser is not None and not flags & re.I:
        try:
            rewritten = _rewrite(pattern, flags)
        except (re.error, RecursionError, TypeError, ValueError, AttributeError, IndexError):
            rewritten = None  # a shape the rewrite does not know: compile as written
    return rewritten if rewritten is not None else re.compile(pattern, flags)


def _rewrite(pattern: str, flags: int) -> re.Pattern[str] | None:
    p = _sre_parser.parse(pattern, flags)
    state = p.state
    data = list(p.data)
    any_char = (_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_SPACE), (_sre.CATEGORY, _sre.CATEGORY_NOT_SPACE)])
    guards: list[tuple[Any, Any]] = []
    word_first = False  # a moved \b only means "no word character before" when a word character comes first
    i = 0
    while i < len(data):
        op, av = data[i]
        if op is _sre.AT and av is _sre.AT_BOUNDARY:
            word = (_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_WORD)])
            guards.append((_sre.ASSERT_NOT, (-1, _sre_parser.SubPattern(state, [word, any_char]))))
            word_first = True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) and av[0] == -1:
            # A look-behind of fixed width w before the first character is one of width w + 1 after it.
            lo, hi = av[1].getwidth()
            if lo != hi:
                return None
            guards.append((op, (-1, _sre_parser.SubPattern(state, [*av[1].data, any_char]))))
        else:
            break
        i += 1
    if not guards and not (data and (data[0][0] is _sre.BRANCH or data[0][0] is _sre.SUBPATTERN)):
        return None  # nothing to move, and no alternation to regroup by first letter
    new = _guard_after_first(state, data[i:], guards, word_first)
    if new is None:
        return None
    return _sre_compiler.compile(_sre_parser.SubPattern(state, new), flags)


def _guard_after_first(state: Any, seq: list, guards: list, word_first: bool, depth: int = 0) -> list | None:
    """`seq` (parsed items) with `guards` right after its first character, or None if its matches need not start
    with a literal character. Alternatives are grouped by their first character, keeping their order within a
    group: two alternatives that start differently never match at the same position, so their order between
    groups does not matter."""
    if not seq or depth > 8:
        return None
    op, av = seq[0]
    rest = list(seq[1:])
    if op is _sre.LITERAL:
        if word_first and not _is_word(av):
            return None
        return [seq[0], *guards, *rest]
    if op is _sre.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        if group is not None or add_flags or del_flags:
            return None  # a capturing group keeps its place (the guards would enter it)
        return _guard_after_first(state, [*sub.data, *rest], guards, word_first, depth + 1)
    if op is _sre.MAX_REPEAT and av[0] == 0 and av[1] == 1 and not _has_group(av[2].data) and not _has_group(rest):
        # A greedy optional opening "(?:still\s+)?X" is "still\s+X|X": the same matches in the same order.
        alternatives = [_sre_parser.SubPattern(state, [*av[2].data, *rest]), _sre_parser.SubPattern(state, rest)]
        return _guard_after_first(state, [(_sre.BRANCH, (None, alternatives))], guards, word_first, depth + 1)
    if op is _sre.BRANCH:
        if rest and _has_group(rest):
            return None
        by_first: dict[int, list[list]] = {}
        for alt in av[1]:
            items = [*alt.data, *rest]  # "(a|b)c" is "ac|bc"
            while items and items[0][0] is _sre.SUBPATTERN and items[0][1][0] is None and not any(items[0][1][1:3]):
                items = [*items[0][1][3].data, *items[1:]]
            if items and items[0][0] is _sre.BRANCH:  # a nested alternation: its alternatives in its place
                inner = _guard_after_first(state, items, [], False, depth + 1)
                if inner is None:
                    return None
                subs = [list(sub.data) for sub in inner[0][1][1]] if inner[0][0] is _sre.BRANCH else [inner]
                for sub in subs:  # each starts with its literal (the guards are added below)
                    by_first.setdefault(sub[0][1], []).append(sub[1:])
                continue
            if items and items[0][0] is _sre.IN and 0 < len(items[0][1]) <= 8 \
                    and all(op is _sre.LITERAL for op, _ in items[0][1]):
                for _, char in items[0][1]:  # "[Aa]ccording": one alternative per letter
                    tails = by_first.setdefault(char, [])
                    if items[1:] not in tails:
                        tails.append(items[1:])
                continue
            if not items or items[0][0] is not _sre.LITERAL:
                return None
            by_first.setdefault(items[0][1], []).append(items[1:])
        out = []
        for char, tails in by_first.items():
            if word_first and not _is_word(char):
                return None
            head = [(_sre.LITERAL, char), *guards]
            if len(tails) == 1:
                out.append(_sre_parser.SubPattern(state, head + tails[0]))
            else:
                branch = (_sre.BRANCH, (None, [_sre_parser.SubPattern(state, t) for t in tails]))
                out.append(_sre_parser.SubPattern(state, [*head, branch]))
        return list(out[0].data) if len(out) == 1 else [(_sre.BRANCH, (None, out))]
    return None


def required_literal(pattern: str, flags: int = 0, shortest: int = 3) -> str:
    """The longest run of literal characters that every match of `pattern` contains (at least `shortest`
    long), or "" when the pattern guarantees none: read from the parsed pattern's mandatory parts (its top-level
    sequence, groups, and repeats of at least one), never from alternatives, optional parts or look-arounds."""
    if _sre_parser is None:
        return ""
    try:
        items = _sre_parser.parse(pattern, flags).data
    except (re.error, RecursionError):
        return ""
    runs: list[str] = []
    _literal_runs(items, runs)
    best = max(runs, key=len, default="")
    return best if len(best) >= shortest else ""


def _literal_runs(items: Any, runs: list[str]) -> None:
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        runs.append("".join(run))
        run = []
        if op is _sre.SUBPATTERN:
            _literal_runs(av[3].data, runs)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            _literal_runs(av[2].data, runs)
    runs.append("".join(run))


def opening_pattern(patterns: Sequence[FoldedPattern]) -> FoldedPattern | None:
    """A pattern whose first match in a window is at or before the first match of every one of `patterns`
    there, or None when one of them can open with something other than a literal (a class, any character).

    Each pattern's matches open (after their zero-width checks) with one of a few literal strings, read from the
    parsed pattern: "\\b(?:captured|seized)" opens with "captured" or "seized". The alternation of all of them
    is one cheap scan: a window where it finds nothing holds no match of any pattern, and each pattern's scan
    can start where it first matched (the control rules' 20 patterns over the 24,804 sentences of the ISW
    reports: 1.0 -> 0.55 s). A window holding İ, ı or ſ is read case-insensitively on both sides."""
    if _sre_parser is None:
        return None
    starts: set[str] = set()
    for p in patterns:
        try:
            got = _openings(_sre_parser.parse(lower_pattern(p.pattern), p.flags & ~re.I).data)
        except (re.error, RecursionError):
            return None
        if got is None or "" in got:
            return None
        starts |= got
    shortest = sorted({x for x in starts if not any(y != x and x.startswith(y) for y in starts)},
                      key=lambda x: (-len(x), x))
    return FoldedPattern("|".join(map(re.escape, shortest))) if shortest else None


def _openings(items: Any, depth: int = 0) -> set[str] | None:
    """The literal strings one of which opens every match of parsed `items` ("" if one may be empty), or None."""
    items = list(items)
    while items and (items[0][0] is _sre.AT or items[0][0] in (_sre.ASSERT, _sre.ASSERT_NOT)):
        items = items[1:]  # zero-width checks consume nothing
    if not items:
        return {""}
    if depth > 12:
        return None
    op, av = items[0]
    rest = items[1:]
    if op is _sre.LITERAL:
        run = []
        for o, a in items:
            if o is not _sre.LITERAL:
                break
            run.append(chr(a))
        return {"".join(run)}
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None  # "(?-i:[A-Z])": not read in lower case
        return _openings([*sub.data, *rest], depth + 1)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _openings([*alt.data, *rest], depth + 1)
            if got is None:
                return None
            out |= got
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, _high, body = av
        with_body = _openings([*body.data, *rest], depth + 1)
        if low > 0 or with_body is None:
            return with_body
        without = _openings(rest, depth + 1)
        return None if without is None else with_body | without
    if op is _sre.IN and 0 < len(av) <= 8 and all(o is _sre.LITERAL for o, _ in av):
        return {chr(a) for _, a in av}  # "[ae]"
    return None


def _is_word(code: int) -> bool:
    c = chr(code)
    return c.isalnum() or c == "_"  # re's \w for str patterns


def _has_group(items: list) -> bool:
    """Whether parsed `items` hold a capturing group or a back-reference (not to be copied)."""
    for op, av in items:
        if op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            return True
        if op is _sre.SUBPATTERN:
            if av[0] is not None or _has_group(av[3].data):
                return True
        elif op is _sre.BRANCH:
            if any(_has_group(b.data) for b in av[1]):
                return True
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if _has_group(av[2].data):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.ATOMIC_GROUP):
            sub = av[1] if op is not _sre.ATOMIC_GROUP else av
            if _has_group(sub.data):
                return True
    return False
