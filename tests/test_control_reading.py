"""The control stage's reading, table-driven: sentence → every expected statement → the rule that produced it.

The table is tests/data/control_reading.toml; each case runs the whole pipeline (gazetteer places, claims,
control) on one sentence. Also: the rules file itself is data that loads, checks and rejects bad rules.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from frontscope.events.ruleset import CONTROL_RULES, READINGS, RuleError, load_triggers
from frontscope.model import Document
from frontscope.pipeline import Pipeline

TABLE = tomllib.loads((Path(__file__).parent / "data" / "control_reading.toml").read_text(encoding="utf-8"))
CASES = TABLE["case"]


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(["events"])


def _matches(want: dict, got) -> bool:
    parts = (got.rule or "").split("+")
    return (want["place"] == got.place.text and want["change"] == got.change
            and want.get("status", got.status) == got.status
            and (not want.get("rule") or want["rule"] in [p for p in parts if "." in p])
            and set(want.get("cues", [])) <= set(parts))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['class']}:{c['text'][:48]}" for c in CASES])
def test_reading(case: dict, pipe: Pipeline) -> None:
    published = dt.date.fromisoformat(case.get("date", "2022-09-10"))
    doc = pipe(Document(text=case["text"], published=published))
    got = list(doc.control)
    shown = [(s.place.text, s.change, s.status, s.rule) for s in got]
    for want in case["expect"]:
        hit = next((g for g in got if _matches(want, g)), None)
        assert hit is not None, f"missing {want} in {shown}"
        got.remove(hit)
    assert not got, f"unexpected {[(s.place.text, s.change, s.status, s.rule) for s in got]}"


def test_every_trigger_rule_is_exercised_or_named() -> None:
    """The table covers the main rules: a rule that no case names is untested reading."""
    named = {w["rule"] for c in CASES for w in c["expect"] if "rule" in w}
    ids = {t.id for t in load_triggers(CONTROL_RULES)} | set(READINGS)
    assert named <= ids, f"the table names unknown rules: {named - ids}"
    core = {"gain.capture", "gain.liberate", "gain.control_of", "gain.enter", "loss.withdraw", "hold.hold",
            "advance.attack", "advance.advance", "fight.fighting"}
    assert core <= named, f"no case for {core - named}"


def test_a_bad_rules_file_fails_with_one_line_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('[[trigger]]\nid = "gain.x"\nkind = "gain"\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"rules\.toml: trigger gain\.x: pattern does not compile"):
        load_triggers(bad)
    bad.write_text('[[trigger]]\nid = "gain.x"\nkind = "capture"\npattern = "took"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="kind 'capture' is not one of"):
        load_triggers(bad)
    bad.write_text('[[trigger]]\nid = "a"\nkind = "gain"\npattern = "x"\n[[trigger]]\nid = "a"\nkind = "loss"\n'
                   'pattern = "y"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="duplicate id"):
        load_triggers(bad)


def test_a_new_wording_is_one_edit_in_the_rules_file(tmp_path: Path, pipe: Pipeline) -> None:
    """Adding a trigger word is one line in control_rules.toml: "wrested" is not read until the file says so.
    The events stage's `rules` setting (`frontscope ingest --set events.rules=FILE`) reads the edited copy."""
    sentence = "Ukrainian forces wrested Kozacha Lopan from Russian troops on September 10."
    assert [s.change for s in pipe(Document(sentence, published=dt.date(2022, 9, 11))).control] == []
    text = CONTROL_RULES.read_text(encoding="utf-8").replace("'\\b(?:liberated|", "'\\b(?:wrested|liberated|", 1)
    edited = tmp_path / "control_rules.toml"
    edited.write_text(text, encoding="utf-8")
    assert text != CONTROL_RULES.read_text(encoding="utf-8")
    changed = Pipeline(["events"], {"events": {"rules": str(edited)}})
    got = changed(Document(sentence, published=dt.date(2022, 9, 11))).control
    assert [(s.place.text, s.change, s.rule.split("+")[0]) for s in got] == [
        ("Kozacha Lopan", "UA_gain", "gain.liberate")]


def test_bad_reading_settings_are_refused_before_any_document(tmp_path: Path) -> None:
    from frontscope.stages import StageError

    with pytest.raises(StageError, match="stage 'events': list_kinds: gains is not one of"):
        Pipeline(["events"], {"events": {"list_kinds": "fight,gains"}})
    with pytest.raises(StageError, match="stage 'events': .*missing.toml"):
        Pipeline(["events"], {"events": {"rules": str(tmp_path / "missing.toml")}})
