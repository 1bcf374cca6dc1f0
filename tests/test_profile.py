"""The country profile (frontscope.profile): a new source or reporting verb is one edit in one data file, and
the claims stage and the events stage (control statements) both follow it; bad entries fail with one line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from frontscope.model import Document
from frontscope.pipeline import Pipeline
from frontscope.profile import ENV_VAR, PROFILES, ProfileError, profile

NEW_SOURCE = '''
[[source]]
name = "Southern Defence Forces"
side = "UA"
kind = "military"
aliases = ["Southern Defence Forces spokesperson"]
'''


@pytest.fixture
def profile_copy(tmp_path: Path) -> Path:
    """A copy of the built-in Ukraine profile that a test may edit."""
    dst = tmp_path / "ua"
    shutil.copytree(PROFILES / "ua", dst)
    return dst


def _run(text: str) -> Document:
    return Pipeline(["events"])(Document(text=text, path="x_isw.txt", published=dt.date(2022, 9, 12)))


def _statement(doc: Document, place: str):
    (st,) = [s for s in doc.control if s.place.text == place]
    return st


def test_the_builtin_profile_loads_with_every_file():
    p = profile()
    assert p.name == "Ukraine" and p.analyst == "ISW"
    assert all((p.path / f).is_file() for f in ("profile.toml", "sources.toml", "sides.toml", "verbs.toml", "names.toml"))
    assert "claim" in p.verbs and "denied" in p.deny_forms()
    assert p.name_pattern("RU")[:2] == [r"Kadyrov\w*", r"Putin\w*"]


def test_a_new_source_is_one_edit_in_sources_toml(profile_copy: Path, monkeypatch: pytest.MonkeyPatch):
    text = ("The Southern Defence Forces spokesperson stated on September 11 that Ukrainian forces liberated "
            "Vysokopillya.[1]\n\n[1] https://t.me/a/1\n")
    before = _run(text)
    (c,) = before.claims
    assert (c.source.side, c.source.name) == ("unknown", "Southern Defence Forces spokesperson")  # not known yet

    (profile_copy / "sources.toml").write_text((profile_copy / "sources.toml").read_text("utf-8") + NEW_SOURCE, "utf-8")
    monkeypatch.setenv(ENV_VAR, str(profile_copy))
    doc = _run(text)
    (c,) = doc.claims
    assert (c.source.name, c.source.side, c.source.kind) == ("Southern Defence Forces", "UA", "military")
    st = _statement(doc, "Vysokopillya")
    assert (st.change, st.status, st.source_side, st.source_kind) == ("UA_gain", "claimed", "UA", "military")
    assert st.claim == 0


def test_a_new_reporting_verb_is_one_edit_in_verbs_toml(profile_copy: Path, monkeypatch: pytest.MonkeyPatch):
    text = ("Russian milbloggers contended on September 11 that Russian forces captured Kodema.[1]\n\n"
            "[1] https://t.me/a/1\n")
    before = _run(text)
    assert before.claims == []  # "contended" is no reporting verb yet: the analyst's voice
    assert _statement(before, "Kodema").status == "assessed"

    verbs = profile_copy / "verbs.toml"
    verbs.write_text(verbs.read_text("utf-8") + 'contend = { forms = ["contended", "contends"], speech = true }\n', "utf-8")
    monkeypatch.setenv(ENV_VAR, str(profile_copy))
    doc = _run(text)
    (c,) = doc.claims
    assert (c.cue, c.source.side, c.source.kind) == ("contended", "RU", "milblogger")
    st = _statement(doc, "Kodema")
    assert (st.change, st.status, st.source_side, st.source_kind) == ("RU_gain", "claimed", "RU", "milblogger")


def test_a_new_denial_verb_makes_the_statement_denied(profile_copy: Path, monkeypatch: pytest.MonkeyPatch):
    verbs = profile_copy / "verbs.toml"
    verbs.write_text(verbs.read_text("utf-8") + 'disavow = { forms = ["disavowed"], speech = true, denial = true }\n',
                     "utf-8")
    monkeypatch.setenv(ENV_VAR, str(profile_copy))
    doc = _run("The Ukrainian General Staff disavowed claims that Russian forces captured Kodema.[1]\n\n"
               "[1] https://t.me/a/1\n")
    st = _statement(doc, "Kodema")
    assert (st.status, st.source_side) == ("denied", "UA")


def test_a_new_inference_verb_makes_the_conclusion_the_analysts(profile_copy: Path, monkeypatch: pytest.MonkeyPatch):
    # "The MoD reported strikes on X, <verb>ing that Ukraine holds X": the strike is the MoD's word, the conclusion
    # the analyst's. The profile's inference verbs say which participles conclude; one line adds one.
    text = ("The Russian MoD reported that Russian forces struck Kodema, signalling that Ukrainian forces took "
            "control of the village.[1]\n\n[1] https://t.me/a/1\n")
    before = _statement(_run(text), "the village")
    assert (before.status, before.source_side) == ("claimed", "RU")  # read as the MoD's own word

    verbs = profile_copy / "verbs.toml"
    verbs.write_text(verbs.read_text("utf-8") + 'signal = { forms = ["signalled", "signals"], inference = true }\n',
                     "utf-8")
    monkeypatch.setenv(ENV_VAR, str(profile_copy))
    assert "signalling" in profile().inference_participles() and "confirming" in profile().inference_participles()
    after = _statement(_run(text), "the village")
    assert (after.change, after.status, after.source_kind) == ("UA_gain", "assessed", "think_tank")


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("sources.toml", 'side = "UA"', 'side = "Ukraine"', "side is 'Ukraine'; sides: UA, RU, other, unknown"),
    ("sources.toml", 'kind = "military"', 'kind = "army"', ".kind is 'army'; kinds: military"),
    ("verbs.toml", 'report = { forms = ["reported", "reports", "report"], speech = true }',
     'report = { forms = [], speech = true }', "verbs.report.forms must be a non-empty list"),
    ("verbs.toml", 'deny = { forms = ["denied", "denies", "deny"], speech = true, denial = true }',
     'deny = { forms = ["denied"], speech = true, denial = "yes" }', "verbs.deny.denial must be true or false"),
    ("verbs.toml", 'confirm = { forms = ["confirmed", "confirms", "confirm"], inference = true }',
     'confirm = { forms = ["confirmed"], inference = 1 }', "verbs.confirm.inference must be true or false"),
    ("sides.toml", '"Rosgvardia", ', '"Rosgvardia(", ', "markers.RU has 'Rosgvardia(', not a valid regex"),
    ("names.toml", '"Kim", ', '"Kim Jong", ', "side_names.UA has 'Kim Jong'; a name is one word"),
    ("profile.toml", 'analyst = "ISW"', "", "analyst must name a source of sources.toml"),
    ("profile.toml", 'analyst = "ISW"', 'analyst = "RAND"', "analyst 'RAND' is not the name of a [[source]]"),
])
def test_a_bad_entry_is_one_line_naming_file_and_key(profile_copy: Path, file: str, old: str, new: str, message: str):
    path = profile_copy / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ProfileError) as e:
        profile(profile_copy)
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value) and "\n" not in str(e.value)


def test_a_missing_file_or_folder_is_named(profile_copy: Path, tmp_path: Path):
    (profile_copy / "names.toml").unlink()
    with pytest.raises(ProfileError, match=r"names\.toml: missing"):
        profile(profile_copy)
    with pytest.raises(ProfileError, match="no such profile folder"):
        profile(tmp_path / "nowhere")


def test_person_names_of_the_profile_are_never_places():
    from frontscope.geo.normalize import name_key
    from frontscope.geo.recognize import STOP_KEYS

    for name in profile().never_places():
        assert name_key(name) in STOP_KEYS
    assert name_key("Putin") in STOP_KEYS and name_key("Kupyansk") not in STOP_KEYS


def test_the_profile_command_checks_a_folder(profile_copy: Path):
    from click.testing import CliRunner

    from frontscope.cli.main import cli

    ok = CliRunner().invoke(cli, ["profile", str(profile_copy), "--json"])
    assert ok.exit_code == 0 and '"analyst": "ISW"' in ok.output and '"reporting_verbs"' in ok.output
    (profile_copy / "verbs.toml").write_text("[verbs]\nreport = 3\n", "utf-8")
    bad = CliRunner().invoke(cli, ["profile", str(profile_copy)])
    assert bad.exit_code == 1 and "verbs.toml: verbs.report must be a table" in bad.output
