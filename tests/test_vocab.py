"""The control vocabulary: change strings round-trip exactly, bad strings are rejected by name, and every
change a real ingest stores is one of the vocabulary's."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from frontscope import model
from frontscope.ingest.runner import ingest
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.vocab import (
    CHANGES,
    CONTESTED,
    FIGHTING,
    PARTIES,
    Change,
    ChangeKind,
    Holder,
    Side,
    SourceKind,
    Status,
    other,
)

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "frontscope" / "data" / "sample"
# ISW reports beside the project (evaluation data, read in place, never copied): two whose statements
# between them use every change of the vocabulary.
ISW = Path(os.environ.get("FRONTSCOPE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data/reports/isw"
ISW_REPORTS = ("2022-03-27_isw.txt", "2022-09-13_isw.txt")


def stored_changes(paths: list[Path], db: Path) -> list[str]:
    store = Store.open(db)
    summary = ingest(paths, store, workers=1)
    assert not summary.errors and summary.stored == len(paths), summary
    return [o["change"] for o in queries.control_observations(store)]


def test_every_change_string_round_trips() -> None:
    strings = [str(c) for c in CHANGES]
    assert strings == ["UA_gain", "RU_gain", "UA_holds", "RU_holds", "contested", "UA_advance_near",
                       "RU_advance_near", "fighting"]
    for s in strings:
        c = Change.parse(s)
        assert str(c) == s and type(str(c)) is str
        assert Change.parse(str(c)) is c  # one value per change
    assert model.CONTROL_CHANGES == tuple(strings)


@pytest.mark.parametrize("bad", ["UA-gain", "ua_gain", "UA_Gain", "other_gain", "unknown_holds", "UA_contested",
                                 "UA_fighting", "gain", "holds", "advance_near", "UA", "", " UA_gain", "UA_gain "])
def test_bad_change_strings_are_rejected_by_name(bad: str) -> None:
    with pytest.raises(ValueError, match="not a change of control: " + re.escape(repr(bad))):
        Change.parse(bad)
    assert Change.get(bad) is None


def test_non_strings_are_rejected() -> None:
    for bad in (None, 3, ["UA_gain"]):
        with pytest.raises(ValueError, match="not a change of control"):
            Change.parse(bad)  # type: ignore[arg-type]
        assert Change.get(bad) is None  # type: ignore[arg-type]


def test_construction_checks_kind_and_side() -> None:
    assert Change("gain", "UA") == Change(ChangeKind.GAIN, Side.UA) == Change.gain("UA")
    assert hash(Change("holds", "RU")) == hash(Change.holds(Side.RU))
    assert isinstance(Change("gain", "UA").kind, ChangeKind) and isinstance(Change("gain", "UA").side, Side)
    with pytest.raises(ValueError, match="'gain' needs a side UA or RU, not None"):
        Change(ChangeKind.GAIN)
    with pytest.raises(ValueError, match="needs a side UA or RU, not 'other'"):
        Change.gain("other")
    with pytest.raises(ValueError, match="needs a side UA or RU, not ''"):
        Change.advance_near("")
    with pytest.raises(ValueError, match="'fighting' takes no side, got 'UA'"):
        Change("fighting", "UA")
    with pytest.raises(ValueError, match="unknown change kind 'capture'"):
        Change("capture", "UA")


def test_readings_of_a_change() -> None:
    ua_gain, ru_holds, ru_near = Change.parse("UA_gain"), Change.parse("RU_holds"), Change.parse("RU_advance_near")
    assert (ua_gain.is_gain, ua_gain.gainer, ua_gain.holder, ua_gain.attacker) == (True, Side.UA, Side.UA, None)
    assert (ru_holds.is_holds, ru_holds.gainer, ru_holds.holder) == (True, None, Side.RU)
    assert (ru_near.is_advance_near, ru_near.attacker, ru_near.holder) == (True, Side.RU, None)
    for c in (CONTESTED, FIGHTING):
        assert c.side is None and c.gainer is None and c.holder is None and c.attacker is None
    assert [str(c) for c in CHANGES if c.is_gain] == ["UA_gain", "RU_gain"]


def test_other_side() -> None:
    assert other("UA") == Side.RU and other(Side.RU) == Side.UA
    assert [other(s) for s in ("other", "unknown", "", None)] == [None] * 4
    assert tuple(other(other(s)) for s in PARTIES) == PARTIES


def test_enums_are_the_stored_strings() -> None:
    assert model.SIDES == ("UA", "RU", "other", "unknown") and model.SIDES == tuple(Side)
    assert model.STATUSES == ("claimed", "confirmed", "assessed", "denied") and model.STATUSES == tuple(Status)
    assert model.SOURCE_KINDS == tuple(SourceKind) and "think_tank" in model.SOURCE_KINDS
    assert [h.value for h in Holder] == ["UA", "RU", "contested", "unknown"]
    assert all(type(x) is str for x in model.SIDES + model.STATUSES + model.SOURCE_KINDS + model.CONTROL_CHANGES)
    # A member is its string: dict keys, JSON and string formatting see the plain value.
    assert {"other": 1}[Side.OTHER] == 1 and Holder.CONTESTED == "contested"
    assert json.dumps({Side.UNKNOWN: [Status.DENIED, SourceKind.THINK_TANK]}) == '{"unknown": ["denied", "think_tank"]}'
    assert f"{Side.RU}/{Holder.CONTESTED}" == "RU/contested"


def test_changes_stored_by_an_ingest_of_the_sample_corpus_parse(tmp_path: Path) -> None:
    changes = stored_changes(sorted(SAMPLE.iterdir()), tmp_path / "sample.db")
    assert changes, "the sample corpus has control statements"
    assert {str(Change.parse(s)) for s in changes} == set(changes)
    assert any(Change.parse(s).is_gain for s in changes)


@pytest.mark.skipif(not all((ISW / f).is_file() for f in ISW_REPORTS), reason=f"ISW reports not beside the project ({ISW})")
def test_changes_stored_by_an_ingest_of_isw_reports_parse(tmp_path: Path) -> None:
    changes = stored_changes([ISW / f for f in ISW_REPORTS], tmp_path / "isw.db")
    parsed = [Change.parse(s) for s in changes]
    assert [str(c) for c in parsed] == changes
    assert set(parsed) == set(CHANGES)  # these two reports use every change between them
