"""The claims stage on assessment-style fixtures written for these tests."""

import datetime as dt

import pytest

from frontscope.claims.attribution import content_dates, extract_claims
from frontscope.claims.quantities import find_quantities
from frontscope.claims.sources import is_speaker, load_registry, normalise_source
from frontscope.model import Document
from frontscope.pipeline import Pipeline, claim_record

JAN3 = dt.date(2026, 1, 3)

REPORT = """Russian Offensive Campaign Assessment, January 3, 2026

Ukrainian forces recently advanced near Kupyansk. The Ukrainian General Staff reported on January 2 that \
Ukrainian forces repelled 14 Russian assaults near Kupyansk and Petropavlivka.[1] Ukraine's General Staff added \
that Russian forces lost roughly 120 personnel in the Kupyansk direction.[2] A Russian milblogger claimed that \
Russian forces seized Zahryzove, but another milblogger denied the claim.[3] Geolocated footage published on \
December 31 shows Ukrainian forces operating in central Kupyansk.[4] The Russian Ministry of Defense (MoD) did not \
confirm the milblogger's claim.

Kremlin Spokesperson Dmitry Peskov stated on January 2 that Russia "will not accept" a ceasefire.[5] Peskov \
claimed that the Ukrainian proposal is a "deception." Zelensky and Ukrainian Presidential Advisor Mykhailo \
Podolyak stated that Ukraine will not withdraw from Donbas.[6] The Ukrainian General Staff reported that a \
Russian milblogger claimed that Russian forces encircled Ukrainian forces near Siversk.[7]

According to the Kharkiv Oblast Military Administration, Russian strikes killed 5 civilians in Kupyansk on the \
night of January 1 to 2.[8] Kharkiv Oblast Head Oleh Synehubov noted that Russian forces struck Kupyansk with \
glide bombs.[9] ISW assesses that Russian forces are unlikely to seize Kupyansk in the near term. The Ukrainian \
advances near Kupyansk show that Russian forces are overstretched.

Key Takeaways

  1. The Ukrainian General Staff reported on January 2 that Ukrainian forces repelled 14 Russian assaults near \
Kupyansk and Petropavlivka.

[1] https://example.org/gs-1
[2] https://example.org/gs-2
[3] https://t.me/example_milblogger/1
[4] https://x.com/example_geo/1
[5] https://example.org/peskov
[6] https://example.org/zelensky; https://example.org/podolyak
[7] https://example.org/gs-7
[8] https://t.me/example_oma/8
[9] https://t.me/example_oma/9
"""


@pytest.fixture(scope="module")
def doc() -> Document:
    d = Document(text=REPORT, path="fixture.txt", published=JAN3)
    Pipeline(["claims"])(d)
    return d


def by_source(doc: Document, source_text: str) -> list:
    return [c for c in doc.claims if c.source.text == source_text]


def test_reported_on_date_with_citation_and_urls(doc):
    (c,) = [c for c in by_source(doc, "The Ukrainian General Staff") if c.said_on == dt.date(2026, 1, 2)]
    assert c.cue == "reported" and not c.negated
    assert (c.source.name, c.source.side, c.source.kind) == ("Ukrainian General Staff", "UA", "military")
    assert c.citations == [1] and c.urls == ["https://example.org/gs-1"]
    assert doc.text[c.start:c.end] == c.text and c.text.startswith("The Ukrainian General Staff reported")
    assert doc.text[c.source.start:c.source.end] == c.source.text


def test_alias_normalised_and_follow_up_inherits_date(doc):
    (c,) = by_source(doc, "Ukraine's General Staff")
    assert c.source.name == "Ukrainian General Staff" and c.cue == "added"
    assert c.said_on == dt.date(2026, 1, 2)  # same source, next sentence: same statement date
    (q,) = c.quantities
    assert (q.value, q.unit, q.counted) == (120, "personnel", "lost")


def test_two_sources_joined_by_but(doc):
    (claimed,) = by_source(doc, "A Russian milblogger")
    (denied,) = by_source(doc, "another milblogger")
    assert claimed.cue == "claimed" and denied.cue == "denied"
    assert (denied.source.side, denied.source.kind) == ("RU", "milblogger")
    assert claimed.end <= denied.start  # each claim keeps its own clause
    assert claimed.said_on is None  # no date in the sentence: left undated (the measured default)


def test_footage_year_rollover(doc):
    (c,) = by_source(doc, "Geolocated footage")
    assert (c.source.side, c.source.kind, c.cue) == ("unknown", "footage", "shows")
    assert c.said_on == dt.date(2025, 12, 31)  # December in a January report is last year
    assert c.citations == [4]


def test_negated_cue(doc):
    (c,) = by_source(doc, "The Russian Ministry of Defense (MoD)")
    assert c.negated and c.cue == "confirm"
    assert (c.source.name, c.source.side, c.source.kind) == ("Russian Ministry of Defense", "RU", "military")
    assert c.citations == [] and c.urls == []


def test_peskov_and_his_follow_up(doc):
    (first,) = by_source(doc, "Kremlin Spokesperson Dmitry Peskov")
    (second,) = by_source(doc, "Peskov")
    assert first.source.name == second.source.name == "Dmitry Peskov"
    assert (first.source.side, first.source.kind) == ("RU", "government")
    assert first.said_on == second.said_on == dt.date(2026, 1, 2)


def test_one_claim_per_named_source(doc):
    (z,) = by_source(doc, "Zelensky")
    (p,) = by_source(doc, "Ukrainian Presidential Advisor Mykhailo Podolyak")
    assert (z.start, z.end) == (p.start, p.end)
    assert z.source.name == "Volodymyr Zelensky" and p.source.side == "UA"
    assert z.urls == ["https://example.org/zelensky", "https://example.org/podolyak"]


def test_nested_report_links_parent(doc):
    outer = next(c for c in doc.claims if c.citations == [7] and c.source.kind == "military")
    inner = next(c for c in doc.claims if c.citations == [7] and c.source.kind == "milblogger")
    assert doc.claims[inner.parent] is outer
    assert outer.parent is None
    assert outer.start <= inner.start and inner.end <= outer.end


def test_according_to_with_quantities_and_content_dates(doc):
    (c,) = by_source(doc, "the Kharkiv Oblast Military Administration")
    assert c.cue == "according to" and c.source.kind == "local_official" and c.source.side == "UA"
    (q,) = c.quantities
    assert (q.value, q.unit, q.counted) == (5, "civilians", "killed")
    (night,) = content_dates(doc, c)
    assert (night.date, night.end_date, night.granularity) == (dt.date(2026, 1, 1), dt.date(2026, 1, 2), "night")
    assert c.said_on is None  # the night of the strikes is when they happened, not when it was said


def test_registry_person_and_isw(doc):
    (c,) = by_source(doc, "Kharkiv Oblast Head Oleh Synehubov")
    assert (c.source.side, c.source.kind) == ("UA", "local_official")
    (isw,) = by_source(doc, "ISW")
    assert (isw.source.name, isw.source.side, isw.source.kind, isw.cue) == ("ISW", "other", "think_tank", "assesses")


def test_no_claims_from_analysis_or_repeats(doc):
    texts = [c.source.text for c in doc.claims]
    assert not any("advances" in t for t in texts)  # "The Ukrainian advances ... show": ISW's inference
    # The Key Takeaways item repeats a body sentence: it is not a second claim.
    assert sum(c.cue == "reported" and c.said_on == dt.date(2026, 1, 2) for c in doc.claims) == 1
    assert all(c.said_on is None or c.said_on <= JAN3 for c in doc.claims)


def test_claim_record_contract(doc):
    rec = claim_record("fixture.txt", doc, 0)
    assert rec["type"] == "claim" and rec["doc"] == "fixture.txt"
    assert set(rec["source"]) == {"text", "start", "end", "name", "side", "kind"}
    assert rec["said_on"] == "2026-01-02" and rec["citations"] == [1]
    assert REPORT[rec["start"]:rec["end"]] == rec["text"]


def test_roman_numeral_citations():
    text = ("The Ukrainian General Staff reported that Russian forces attacked near Lyman.[xlii] A Russian "
            "milblogger claimed that Russian forces advanced near Siversk.[xliii][xliv]\n\n"
            "[xlii] https://example.org/42\n[xliii] https://example.org/43\n[xliv] https://example.org/44\n")
    d = Document(text=text, published=JAN3)
    Pipeline(["claims"])(d)
    assert [c.citations for c in d.claims] == [[42], [43, 44]]
    assert d.claims[1].urls == ["https://example.org/43", "https://example.org/44"]


@pytest.mark.parametrize("sentence, cue, negated", [
    ("The Ukrainian General Staff stated that Russian forces regrouped near Pokrovsk.", "stated", False),
    ("Zelensky said that Ukraine needs more air defense.", "said", False),
    ("The Southern Operational Command noted that Russian forces shelled Kherson City.", "noted", False),
    ("The Russian MoD announced that Russian forces seized Novopavlivka.", "announced", False),
    ("Peskov rejected the proposal for a ceasefire.", "rejected", False),
    ("A Russian milblogger indicated that Russian forces hold Novoselivka.", "indicated", False),
    ("Combat footage confirms that Ukrainian forces have retaken ground near Bilohorivka.", "confirms", False),
    ("Ukrainian officials have not confirmed the Russian claims.", "confirmed", True),
    ("Russian sources claim that Russian forces entered Siversk.", "claim", False),
    ("ISW cannot independently verify these claims.", "verify", True),
    ("The Ukrainian GUR posted footage of a strike on a Russian depot in Crimea.", "posted footage", False),
])
def test_cue_types(sentence, cue, negated):
    d = Document(text=sentence, published=JAN3)
    Pipeline(["claims"])(d)
    assert len(d.claims) == 1, [(c.source.text, c.cue) for c in d.claims]
    assert (d.claims[0].cue, d.claims[0].negated) == (cue, negated)


@pytest.mark.parametrize("sentence", [
    "Russian forces did not make any confirmed advances near Kupyansk.",
    "Putin's exaggerated claims of advances are false.",
    "The continued Russian shelling of Kherson indicates that Russian forces fear a counterattack.",
    "Russian forces reportedly advanced near Pokrovsk, which indicates that Russian forces regrouped.",
    "Such a deployment would set conditions for renewed offensives, as ISW has previously assessed.",
    "Claims reported by Russian sources remain unconfirmed.",
])
def test_no_claim(sentence):
    d = Document(text=sentence, published=JAN3)
    Pipeline(["claims"])(d)
    assert d.claims == [], [(c.source.text, c.cue) for c in d.claims]


def test_pronoun_takes_previous_source():
    d = Document(text="Deputy Information Minister Daniil Bezsonov claimed that DNR troops took Kodema. "
                      "He added that Russian forces will advance toward Bakhmut.", published=JAN3)
    Pipeline(["claims"])(d)
    first, second = d.claims
    assert second.source.text == "He"
    assert (second.source.name, second.source.side) == (first.source.name, "RU")


def test_default_said_on_options():
    d = Document(text="A Russian milblogger claimed that Russian forces advanced near Lyman.", published=JAN3)
    Pipeline(["segment"])(d)
    extract_claims(d, default_said_on="day_before")
    assert d.claims[0].said_on == dt.date(2026, 1, 2)
    extract_claims(d, default_said_on="published")
    assert d.claims[0].said_on == JAN3
    with pytest.raises(ValueError):
        extract_claims(d, default_said_on="tomorrow")


# Source registry -------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase, name, side, kind", [
    ("the Ukrainian General Staff", "Ukrainian General Staff", "UA", "military"),
    ("Ukraine's General Staff", "Ukrainian General Staff", "UA", "military"),
    ("Ukrainian General Staff Spokesperson Andriy Kovalov", "Ukrainian General Staff", "UA", "military"),
    ("the Russian General Staff", "Russian Ministry of Defense", "RU", "military"),
    ("Kremlin Spokesperson Dmitry Peskov", "Dmitry Peskov", "RU", "government"),
    ("DNR Head Denis Pushilin", "Donetsk People's Republic (DNR)", "RU", "government"),
    ("the IAEA", "International Atomic Energy Agency (IAEA)", "other", "international"),
    ("Wagner financier Yevgeny Prigozhin", "Wagner Group", "RU", "military"),
    ("a prominent Kremlin-coopted milblogger", "Russian milbloggers", "RU", "milblogger"),
    ("Ukrainian 2nd Khartiya Corps", "Ukrainian 2nd Khartiya Corps", "UA", "military"),
    ("Other Russian and Ukrainian sources", "Russian and Ukrainian sources", "other", "other"),
    ("social media posts", "social media posts", "unknown", "osint"),
    ("Mayor of Severodonetsk Oleksandr Stryuk", "Ukrainian city officials", "UA", "local_official"),
    ("the Russian-installed occupation head of Kherson Oblast", "Russian occupation officials", "RU", "local_official"),
])
def test_normalise_source(phrase, name, side, kind):
    ref = normalise_source(phrase)
    assert (ref.name, ref.side, ref.kind) == (name, side, kind)
    assert (ref.start, ref.end, ref.text) == (0, len(phrase), phrase)


def test_acronyms_match_case_sensitively():
    # "WHO" is the World Health Organization; "who" is a pronoun.
    assert load_registry().find("a source who fought") is None
    assert load_registry().find("the WHO")[0].name == "United Nations"


def test_user_registry_file(tmp_path, monkeypatch):
    user = tmp_path / "sources.toml"
    user.write_text('[[source]]\nname = "Example Channel"\nside = "RU"\nkind = "milblogger"\n'
                    'aliases = ["Example Z Channel"]\n\n'
                    '[[source]]\nname = "ISW"\nside = "other"\nkind = "think_tank"\naliases = ["the Institute"]\n',
                    encoding="utf-8")
    monkeypatch.setenv("FRONTSCOPE_SOURCES", str(user))
    reg = load_registry()
    assert normalise_source("the Example Z Channel", registry=reg).name == "Example Channel"
    assert normalise_source("the Institute", registry=reg).name == "ISW"
    assert normalise_source("ISW", registry=reg).kind == "think_tank"  # built-in aliases kept
    monkeypatch.delenv("FRONTSCOPE_SOURCES")
    assert load_registry().find("the Example Z Channel") is None


def test_bad_user_registry(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "X"\nside = "Mars"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="side"):
        load_registry(bad)


def test_is_speaker():
    assert is_speaker("The Ukrainian General Staff") and is_speaker("Bezsonov") and is_speaker("social media posts")
    assert not is_speaker("The Ukrainian advances in and near Kupyansk")
    assert not is_speaker("This Ukrainian counterattack") and not is_speaker("Other Russian")


def test_quantities():
    got = [(q.value, q.unit, q.counted) for q in find_quantities(
        "The EU agreed to freeze 210 billion euros (roughly $247 billion), while 110 million people were forcibly "
        "displaced and Russian forces committed 150,000 servicemembers to the 2nd Corps sector in 2025.")]
    assert (210e9, "EUR", "") in got and (247e9, "USD", "") in got
    assert (110e6, "people", "forcibly displaced") in got
    assert (150000, "personnel", "committed") in got
    assert all(v not in (2, 2025) for v, _, _ in got)  # "2nd Corps" and a year are not quantities


def test_list_of_subjects_and_apposition():
    d = Document(text="Putin, Peskov, and Lavrov stated that Russia will continue the war. The deputy head of the "
                      "Kherson occupation administration, Yekaterina Gubareva, announced that Russian forces "
                      "prepared Kherson City for street fighting.", published=JAN3)
    Pipeline(["claims"])(d)
    names = [c.source.name for c in d.claims]
    assert names[:3] == ["Vladimir Putin", "Dmitry Peskov", "Russian Ministry of Foreign Affairs"]
    (last,) = d.claims[3:]
    assert last.source.text.endswith("Yekaterina Gubareva") and last.source.text.startswith("The deputy head")
    assert (last.source.side, last.source.kind) == ("RU", "local_official")


def test_clause_boundary_and_keeps_second_subject():
    d = Document(text="Russian forces attacked Siversk, and the Ukrainian General Staff reported that Russian "
                      "forces lost ten tanks.", published=JAN3)
    Pipeline(["claims"])(d)
    (c,) = d.claims
    assert c.source.text == "the Ukrainian General Staff"
    assert [(q.value, q.unit) for q in c.quantities] == [(10, "tanks")]


def test_quantity_windows_passed_over_are_ones_the_full_pattern_finds_nothing_in():
    # find_quantities skips a window with no currency sign, number word or number-opening digit; it must never
    # skip one where the full pattern finds a quantity (and endnote markers alone do not count as numbers).
    from frontscope.claims import quantities as q

    texts = ["Officials said US$5 million was pledged.[12]", "Russian forces lost Two tanks near the village.[3]",
             "They killed 5 civilians on Tuesday.", "The strike hit a depot.[14][15]", "It cost €3 billion.",
             "Some 1,200 residents were evacuated.", "nearly twenty soldiers", "version 2.0b", "Item-5 units",
             "£40", "a.5 people"]
    for text in texts:
        for a in range(len(text)):
            for b in range(a, len(text) + 1, 3):
                skipped = not (q._NUMBER_DIGIT_RE.search(text, a, b) or q._CURRENCY_SIGN_RE.search(text, a, b)
                               or q._NUMBER_WORD_RE.search(text, a, b))
                if skipped:
                    assert q._QUANT_RE.search(text, a, b) is None, (text, a, b)
    assert q.find_quantities("The strike hit a depot.[14][15]") == []
    assert [x.value for x in q.find_quantities("They killed 5 civilians on Tuesday.")] == [5.0]
