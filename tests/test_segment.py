"""Endnote parsing and sentence segmentation on assessment-shaped text."""

from __future__ import annotations

from frontscope.model import Document
from frontscope.nlp.endnotes import annotate_endnotes, marker_number
from frontscope.pipeline import Pipeline

ROMAN = """Kupyansk direction

Ukrainian forces liberated Kindrashivka.[xlii] Geolocated footage shows fighting in Radkivka.[xliii][xliv] \
Russian sources [the DNR] claimed otherwise.[ix]

[ix] https://t.me/example/9
[xlii] https://t.me/example/42; https://t dot me/example/420
- [xliii]https://t.me/example/43
[xliv]. https://t.me/example/44,
https://t.me/example/45
"""


def test_roman_markers_and_defanged_urls():
    assert [marker_number(x) for x in ("xlii", "ix", "iv", "xc", "12")] == [42, 9, 4, 90, 12]
    doc = Document(ROMAN)
    annotate_endnotes(doc)
    assert sorted(doc.endnotes) == [9, 42, 43, 44]
    assert doc.endnotes[42] == ["https://t.me/example/42", "https://t.me/example/420"]
    assert doc.endnotes[44] == ["https://t.me/example/44", "https://t.me/example/45"]
    assert [m.numbers for m in doc.endnote_markers] == [[42], [43, 44], [9]]  # "[the DNR]" is text
    assert doc.text[doc.body_end:].startswith("[ix]")


def test_sentences_carry_citations_and_survive_abbreviations(assessment_text):
    doc = Pipeline(["segment"])(Document(assessment_text))
    texts = [assessment_text[s.start:s.end] for s in doc.sentences]
    assert "Kharkiv direction" in texts and doc.headings[1].text == "Kharkiv direction"
    recaptured = next(s for s in doc.sentences if "recaptured Izyum" in assessment_text[s.start:s.end])
    assert recaptured.citations == [2, 3]
    assert assessment_text[recaptured.start:recaptured.end].endswith("Izyum.[2][3]")
    assert recaptured.heading == "Kharkiv direction"
    lt_gen = [t for t in texts if t.startswith("Lt. Gen.")]
    assert lt_gen == ["Lt. Gen. Ivan Example of the U.S. Army said nothing about it."]
    # Nothing of the endnote list is a sentence.
    assert all(s.end <= doc.body_end for s in doc.sentences)


def test_list_items_are_sentences_without_their_numbers():
    text = "Key Takeaways\n\n  1. Russian forces advanced near Pokrovsk.\n  2. Ukrainian forces held Myrnohrad.\n"
    doc = Pipeline(["segment"])(Document(text))
    assert [text[s.start:s.end] for s in doc.sentences][1:] == [
        "Russian forces advanced near Pokrovsk.", "Ukrainian forces held Myrnohrad."]


def test_endnote_after_abbreviation_and_glued_full_stop_end_sentences():
    text = ("Russian forces advanced 3.5 km.[3] Ukrainian sources said so. This claim is false.The contours "
            "of the front held etc.[4] Fighting continued near Siversk.")
    doc = Pipeline(["segment"])(Document(text))
    assert [text[s.start:s.end] for s in doc.sentences] == [
        "Russian forces advanced 3.5 km.[3]", "Ukrainian sources said so.", "This claim is false.",
        "The contours of the front held etc.[4]", "Fighting continued near Siversk."]


def test_axis_headings_with_colon_or_parenthesis():
    text = ("Eastern Ukraine: (Vovchansk-Kupyansk-Izyum-Lyman Line)\n\nUkrainian forces advanced near Kupyansk.\n\n"
            "ISW identified three small changes in control of terrain in the past 24 hours:\n\nFighting continued.")
    doc = Pipeline(["segment"])(Document(text))
    assert [h.text for h in doc.headings] == ["Eastern Ukraine: (Vovchansk-Kupyansk-Izyum-Lyman Line)"]
    assert doc.sentences[1].heading == "Eastern Ukraine: (Vovchansk-Kupyansk-Izyum-Lyman Line)"
