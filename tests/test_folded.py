"""FoldedPattern: the lower-case scan gives what re.IGNORECASE gives — spans, groups, offsets — on any text."""

import random
import re

import pytest

from frontscope.nlp.folded import FoldedPattern, lower_pattern, skip_ahead

PATTERNS = [
    r"\b(?:captured|seized|took control of|liberated)\s+(?P<place>[A-Z][\w'-]+)",
    r"(?:January|March|May|Sept?\.)\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    r"\b(?:HIMARS|Kh-\d+|shell(?:ed|ing)|struck .{0,20}? with drones)\b",
    r"(?<![\w-])(?:Institute for the Study of War|Kyiv Post|U\.N\.)(?![\w-])",
    r"\b(?:still\s+)?consolidat\w+(?:\s+and\s+\W?fortif\w+\W?)?\S*\B",
]
PIECES = ["Russian forces ", "CAPTURED ", "Captured ", "seized ", "Kupyansk", "MARCH ", "march ", "Sept. ", "5", "12",
          ", 2022", " ", "\n", "himars", "Kh-101", "SHELLING", "struck the town with drones", "İ", "ı", "ſeized ",
          "Kyiv post", "u.n.", "-", "institute for the study of war", "Ünter", "ẞ", "'s", "CONSOLIDATED",
          " and (Fortified)", "Ⅻ"]


def _same(m1, m2):
    if m1 is None or m2 is None:
        return m1 is None and m2 is None
    return m1.span() == m2.span() and m1.group() == m2.group() and m1.groups() == m2.groups() \
        and m1.groupdict() == m2.groupdict() and m1.lastgroup == m2.lastgroup


@pytest.mark.parametrize("pattern", PATTERNS)
def test_folded_pattern_answers_as_the_case_insensitive_one(pattern):
    ci, fast = re.compile(pattern, re.I), FoldedPattern(pattern)
    rnd = random.Random(11)
    for _ in range(1500):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 10)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        for name in ("search", "match", "fullmatch"):
            assert _same(getattr(ci, name)(text, a, b), getattr(fast, name)(text, a, b)), (name, text, a, b)
        got, want = list(fast.finditer(text, a, b)), list(ci.finditer(text, a, b))
        assert len(got) == len(want) and all(_same(x, y) for x, y in zip(got, want, strict=True)), (text, a, b)


def test_group_text_comes_from_the_original_text():
    m = FoldedPattern(PATTERNS[0]).search("Ukrainian forces LIBERATED Kupyansk.")
    assert m.group(0) == "LIBERATED Kupyansk" and m["place"] == "Kupyansk" and m.start("place") == 27


def test_patterns_that_lower_casing_would_change_are_refused():
    assert lower_pattern(r"(?P<Day>\d+)\s(?P=Day)") == r"(?P<Day>\d+)\s(?P=Day)"
    for bad in (r"\x41", r"\u0410", r"\N{LATIN CAPITAL LETTER A}", "İstanbul"):
        with pytest.raises(ValueError):
            FoldedPattern(bad)


def test_a_long_text_is_lowered_once_and_calls_on_other_texts_in_between_do_not_mix_them_up():
    ci, fast = re.compile(PATTERNS[0], re.I), FoldedPattern(PATTERNS[0])
    rnd = random.Random(3)
    docs = ["".join(rnd.choice(PIECES) for _ in range(400)) for _ in range(3)]  # several thousand characters each
    docs.append("ı" + docs[0])  # one that must take the case-insensitive pattern
    assert all(len(d) >= 2000 for d in docs)
    for _ in range(300):
        text = rnd.choice(docs + ["Russian forces SEIZED Kupyansk", "captured ſeized Kupyansk"])
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        assert _same(ci.search(text, a, b), fast.search(text, a, b)), (a, b)


SKIP_PATTERNS = [
    r"\b(?:took|take|taken|seized)\s+(?:full\s+)?control\s+of",
    r"(?<!\bin )\b(?:advanced|advance|ab)\b",
    r"\b(?:still\s+)?(?:hold|held|ab)(?=\s)",
    r"(?<![\w-])(?:a\-b|ab c|@x|ab)(?![\w-])",
    r"\b(?:_x|9a|ab|a)",
    r"\b(?:(?:ab|ac)d|ae|a)(?P<tail>\s\w+)?",
    r"\b(?P<g>ab|cd)\b",
    r"\b(?:-x|ab)",
    r"\b(?:ab|\w+d)",
    r"\bcompleted the (?:capture|seizure) of\b",
    r"\b(?:added|[Aa]ccording|ab|[Ab]c)\b",
]
SKIP_PIECES = ["ab", "ac", "d", "ae", " ", "in ", "still ", "hold", "held", "-", "@x", "x", "_", "9a", "took ",
               "control of", "full ", "\n", "a-b", "ab c", "advanced", "seized ", "completed the capture of", "cd", "a",
               "According", "according", "Ac", "added", "bc"]


@pytest.mark.parametrize("pattern", SKIP_PATTERNS)
def test_skip_ahead_finds_what_the_pattern_as_written_finds(pattern):
    # The rewrite moves \b and look-behinds past the first character: the same spans and groups, also at the edges
    # of a window (pos/endpos), where \b and look-behinds read the text around it.
    plain, fast = re.compile(pattern), skip_ahead(pattern)
    rnd = random.Random(5)
    for _ in range(1500):
        text = "".join(rnd.choice(SKIP_PIECES) for _ in range(rnd.randint(1, 12)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        for name in ("search", "match", "fullmatch"):
            assert _same(getattr(plain, name)(text, a, b), getattr(fast, name)(text, a, b)), (name, text, a, b)
        got, want = list(fast.finditer(text, a, b)), list(plain.finditer(text, a, b))
        assert len(got) == len(want) and all(_same(x, y) for x, y in zip(got, want, strict=True)), (text, a, b)


def test_the_stages_patterns_are_rewritten_and_find_the_same_spans():
    from frontscope.events.acled import RULES
    from frontscope.events.ruleset import control_triggers
    from frontscope.registry import load_registry

    patterns = [t.pattern for t in control_triggers()] + [rx for _, _, rx in RULES] + [load_registry()._folded_re]
    words = sorted({w for p in patterns for w in re.findall(r"[a-z]{3,}", p.pattern.lower())})
    rnd = random.Random(8)
    texts = [" ".join(rnd.choice(words) + rnd.choice(["", "s", "ed", "-"]) for _ in range(60)) for _ in range(40)]
    rewritten = 0
    for p in patterns:
        plain = re.compile(lower_pattern(p.pattern))
        rewritten += p.lower.pattern is None  # compiled from the rewritten parse, not from a string
        for text in texts:
            got, want = list(p.lower.finditer(text)), list(plain.finditer(text))
            assert [(m.span(), m.groups()) for m in got] == [(m.span(), m.groups()) for m in want], p.pattern[:60]
    assert rewritten >= len(patterns) - 2


def test_the_stages_patterns_through_the_folded_api_answer_as_re_ignorecase():
    # Through FoldedPattern's own methods: the skip-ahead compile and the required-letters check (a window
    # without "control" is passed over for "took control of") give what re.IGNORECASE gives, window by window.
    from frontscope.events.acled import ANY_RULE, RULES
    from frontscope.events.ruleset import control_triggers

    patterns = [t.pattern for t in control_triggers()] + [rx for _, _, rx in RULES] + [ANY_RULE]
    assert sum(bool(p.needle) for p in patterns) >= 5
    words = sorted({w for p in patterns for w in re.findall(r"[a-z]{3,}", p.pattern.lower())})
    rnd = random.Random(4)
    for p in patterns:
        ci = re.compile(p.pattern, re.I)
        for _ in range(60):
            text = " ".join(rnd.choice(words).upper() if rnd.random() < 0.2 else rnd.choice(words)
                            for _ in range(25))
            a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
            assert _same(ci.search(text, a, b), p.search(text, a, b)), (p.pattern[:40], text, a, b)
            got, want = list(p.finditer(text, a, b)), list(ci.finditer(text, a, b))
            assert len(got) == len(want) and all(_same(x, y) for x, y in zip(got, want, strict=True))


def test_required_literal_reads_only_the_mandatory_parts():
    from frontscope.nlp.folded import required_literal

    assert required_literal(r"\b(?:took|seized)\s+control\s+of") == "control"
    assert required_literal(r"(?:abc)?def") == "def"
    assert required_literal(r"abc|def") == ""
    assert required_literal(r"x(?:yzw)+v") == "yzw"
    assert required_literal(r"(?=quux)a") == ""


def test_opening_pattern_reads_the_literal_openings_and_refuses_other_shapes():
    from frontscope.nlp.folded import opening_pattern

    opening = opening_pattern([FoldedPattern(r"\b(?:captured|capture|seized)\s+\w+"),
                               FoldedPattern(r"(?<!in )\b(?:still\s+)?hold(?:s|ing)?\b"), FoldedPattern(r"[Ee]ntered")])
    assert opening is not None
    assert [m.group() for m in opening.finditer("They STILL hold it; Russians captured and Entered it")] \
        == ["STILL", "hold", "capture", "Entered"]  # "capture" opens "captured" too
    assert opening.search("Russian forces attacked") is None
    assert opening_pattern([FoldedPattern(r"seized"), FoldedPattern(r"\w+ing\b")]) is None  # opens with a class
    assert opening_pattern([FoldedPattern(r"(?:took)?")]) is None  # may match nothing


def test_the_control_rules_scan_from_their_opening_and_find_what_a_scan_of_each_window_finds():
    # `_triggers` skips a window where no rule's opening word stands, and starts each rule where the first one
    # does. Against the same rules plus one whose opening cannot be read (so every rule scans the whole window;
    # the extra rule never matches here): the same triggers.
    from frontscope.events.control_rules import _opening, _triggers
    from frontscope.events.ruleset import Trigger, control_triggers

    rules = control_triggers()
    whole_window = (*rules, Trigger("test.unreadable", "fight", FoldedPattern(r"\w+zqzq")))
    assert _opening(rules) is not None and _opening(whole_window) is None
    words = sorted({w for r in rules for w in re.findall(r"[a-z]{3,}", r.pattern.pattern.lower())})
    rnd = random.Random(11)
    found_some = 0
    for _ in range(400):
        text = " ".join(rnd.choice(words).upper() if rnd.random() < 0.1 else rnd.choice([*words, "Kupyansk", "near"])
                        for _ in range(rnd.randint(1, 20)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        firsts = [m.start() for r in rules for m in r.pattern.finditer(text, a, b)]
        opening = _opening(rules).search(text, a, b)
        assert not firsts or (opening is not None and opening.start() <= min(firsts))
        got = _triggers(text, a, b, rules)
        assert got == _triggers(text, a, b, whole_window)
        found_some += bool(got)
    assert found_some > 100
