"""`frontscope extract` through the same runner as `ingest`, its --no-jsonl summary, the one exposure command,
and --help that teaches by example."""

from __future__ import annotations

import json
from collections import Counter

import click
import pytest
from click.testing import CliRunner

from frontscope.cli.main import cli

REPORT = """Assessment written for the tests, September 11, 2022

Ukrainian forces liberated Balakliia and advanced toward Kupyansk on September 9.[1] The Ukrainian General Staff \
reported on September 10 that Ukrainian forces recaptured Izyum.[2]

[1] https://t.me/example_channel/1
[2] https://t.me/example_gs/2
"""


@pytest.fixture
def report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative names: the table below is read cell by cell
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return "r.txt"


def test_extract_jsonl_and_no_jsonl_count_the_same_annotations(report):
    res = CliRunner().invoke(cli, ["extract", report])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    kinds = Counter(r["type"] for r in recs)
    assert kinds["place"] >= 3 and kinds["claim"] >= 1 and kinds["control"] >= 1
    assert all(REPORT[r["start"]:r["end"]] == r["text"] for r in recs if r["type"] == "place")
    res = CliRunner().invoke(cli, ["extract", report, "--no-jsonl"])
    assert res.exit_code == 0, res.output
    assert not any(line.lstrip().startswith("{") for line in res.stdout.splitlines())
    row = next(line for line in res.stdout.splitlines() if " r.txt " in line)
    cells = [c.strip() for c in row.replace("│", "|").split("|") if c.strip()]
    assert cells == ["r.txt", "en", *(str(kinds[k]) for k in ("place", "claim", "control", "event"))]


def test_extract_reports_a_bad_file_and_goes_on(report):
    res = CliRunner().invoke(cli, ["extract", "empty.txt", report, "--type", "claim"])
    assert res.exit_code == 1
    assert "empty.txt" in res.stderr and "error" in res.stderr
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert recs and {r["type"] for r in recs} == {"claim"} and {r["doc"] for r in recs} == {"r.txt"}


def test_extract_refuses_stages_in_the_wrong_order(report):
    res = CliRunner().invoke(cli, ["extract", report, "--stages", "claims,places"])
    assert res.exit_code == 2
    assert "put 'places' before 'claims'" in res.stderr


def test_one_exposure_command_reads_holders_from_a_file(tmp_path):
    states = tmp_path / "now.csv"
    states.write_text("geonameid,holder\n713174,contested\n694403,UA\n702972,RU\n706757,RU\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["exposure", "--states", str(states), "--date", "2022-07-01", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["date"] == "2022-07-01"
    reasons = {s["name"]: s["reasons"] for s in out["settlements"]}
    assert "contested" in " ".join(reasons["Bakhmut"])
    bad = tmp_path / "bad.csv"
    bad.write_text("id,side\n1,UA\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["exposure", "--states", str(bad)])
    assert res.exit_code == 2 and "bad.csv: not a geonameid,holder table" in res.stderr
    res = CliRunner().invoke(cli, ["humanitarian", "exposure", str(states)])
    assert res.exit_code == 2 and "frontscope exposure --states" in res.stderr
    assert "exposure" not in CliRunner().invoke(cli, ["humanitarian", "--help"]).stdout


def _commands(cmd: click.Command, path: list[str]):
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from _commands(sub, [*path, name])
    elif not cmd.hidden:
        yield path, cmd


def test_every_command_help_shows_an_example():
    missing = [" ".join(p) for p, cmd in _commands(cli, ["frontscope"]) if " ".join(p) + " " not in (cmd.help or "")]
    assert missing == []


UNDATED = ("The Ukrainian General Staff reported that Russian forces conducted a ground assault near Bakhmut.[1]\n\n"
           "[1] https://t.me/example_gs/1\n")


def test_extract_set_changes_a_stage_setting_and_refuses_an_unknown_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "u.txt").write_text(UNDATED, encoding="utf-8")
    base = ["extract", "u.txt", "--stages", "claims", "--published", "2022-09-11"]

    def said_on(*extra: str) -> list:
        res = CliRunner().invoke(cli, [*base, *extra])
        assert res.exit_code == 0, res.output
        return [json.loads(line)["said_on"] for line in res.stdout.splitlines()]

    assert said_on() == [None]
    assert said_on("--set", "claims.default_said_on=published") == ["2022-09-11"]
    assert said_on("--set", "claims.default_said_on=day_before") == ["2022-09-10"]
    for bad, words in [("claims.said_on=published", "stage 'claims' has no setting 'said_on'"),
                       ("claims.default_said_on=3", "must be str, not int"),
                       ("default_said_on=published", "give STAGE.SETTING=VALUE")]:
        res = CliRunner().invoke(cli, [*base, "--set", bad])
        assert res.exit_code == 2 and words in res.stderr, res.stderr


def test_stages_lists_the_registry_with_contracts_and_settings():
    res = CliRunner().invoke(cli, ["stages", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert list(rows) == ["endnotes", "segment", "places", "claims", "events"]
    assert rows["claims"]["settings"] == {"default_said_on": "auto"} and rows["claims"]["uses"] == ["places"]
    assert rows["events"]["requires"] == ["sentences", "places", "claims"]
    assert rows["places"]["function"] == "frontscope.geo.geocoder.geocode"
