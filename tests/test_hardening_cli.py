"""Command lines as a new user types them: every mistake is one line on stderr, no traceback, a non-zero
exit, and nothing is done; unexpected errors are one line too (FRONTSCOPE_DEBUG=1 shows the traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from frontscope.cli.main import FrontscopeGroup, cli
from frontscope.store.db import Store


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "war.db"
    Store.open(path)  # an existing, empty frontscope database
    return str(path)


def _run(args: list[str]) -> tuple[int, str]:
    res = CliRunner().invoke(cli, args)
    return res.exit_code, res.output


def _one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    assert lines[0].startswith("frontscope: error: "), output
    return lines[0]


@pytest.mark.parametrize(("args", "words"), [
    (["map", "--date", "2022-09-11", "--km", "0", "--out", "{tmp}/m.png"], "--km"),
    (["map", "--date", "2022-09-11", "--km", "nan", "--out", "{tmp}/m.png"], "finite"),
    (["exposure", "--date", "2022-09-11", "--km", "-5"], "greater than 0"),
    (["exposure", "--date", "2022-09-11", "--km", "nan"], "finite"),
    (["exposure", "--date", "2022-09-11", "--km", "inf"], "finite"),
    (["map", "--date", "2022-09-11", "--bbox", "38.5,49.0,36.5,50.3", "--out", "{tmp}/m.png"], "West < East"),
    (["map", "--date", "2022-09-11", "--bbox", "36.5,50.3,38.5,49.0", "--out", "{tmp}/m.png"], "South < North"),
    (["map", "--date", "2022-09-11", "--bbox", "1,2,3", "--out", "{tmp}/m.png"], "four numbers"),
    (["map", "--date", "2022-09-11", "--out", "{tmp}/x.pdf"], ".png or .svg"),
    (["map", "--date", "2022-09-11", "--out", "{tmp}/m.txt"], ".png or .svg"),
    (["map", "--date", "2022-09-11", "--out", "{tmp}/missing/m.png"], "does not exist"),
    (["brief", "--date", "2022-09-11", "--out", "{tmp}/missing/b.md"], "does not exist"),
    (["brief", "--date", "2022-09-11", "--format", "html", "--out", "{tmp}/b.md"], ".html"),
    (["export", "--format", "csv", "--what", "claims", "--out", "{tmp}/missing/c.csv"], "does not exist"),
    (["export", "--format", "parquet", "--out", "{tmp}/e.csv"], ".parquet"),
    (["chart", "control", "--place", "Kupyansk", "--out", "{tmp}/missing/c.png"], "does not exist"),
    (["control", "--as-of", "2022-09-11", "--out", "{tmp}/missing/c.geojson"], "does not exist"),
    (["claims", "--since", "2022-09-20", "--until", "2022-09-01"], "later than --until"),
    (["changes", "--since", "2022-09-20", "--until", "2022-09-01"], "later than --until"),
    (["export", "--format", "csv", "--since", "2022-09-20", "--until", "2022-09-01", "--out", "{tmp}/c.csv"],
     "later than --until"),
    (["claims", "--since", "2022-02-30"], "YYYY-MM-DD"),
    (["claims", "--limit", "-3"], "--limit"),
    (["ingest", "{tmp}", "--stages", "segment,nonsense"], "unknown stage 'nonsense'"),
    (["ingest", "{tmp}", "--workers", "0"], "--workers"),
])
def test_bad_arguments_are_one_line_and_nothing_is_written(tmp_path, db, args, words):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--db", db]
    def files() -> list[str]:  # the database's own -wal/-shm files come and go with connections
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("war.db"))

    before = files()
    code, output = _run(argv)
    line = _one_error_line(output)
    assert code == 2 and words in line
    assert files() == before


def test_gazetteer_lookup_without_a_match_says_so():
    code, output = _run(["gazetteer", "lookup", "Atlantis"])
    assert code == 1 and "no place called 'Atlantis'" in _one_error_line(output)
    code, output = _run(["gazetteer", "lookup", "Kupyansk"])
    assert code == 0 and ("Kupiansk" in output or "Kupyansk" in output)


def _boom_group() -> click.Group:
    @click.group(cls=FrontscopeGroup)
    def grp() -> None:
        """A group with the frontscope error handling."""

    @grp.command()
    def boom() -> None:
        raise RuntimeError("disk on fire\nsecond line of the message")

    return grp


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(monkeypatch):
    monkeypatch.delenv("FRONTSCOPE_DEBUG", raising=False)
    res = CliRunner().invoke(_boom_group(), ["boom"])
    assert res.exit_code == 1
    assert _one_error_line(res.output) == "frontscope: error: RuntimeError: disk on fire second line of the message"
    monkeypatch.setenv("FRONTSCOPE_DEBUG", "1")
    res = CliRunner().invoke(_boom_group(), ["boom"])
    assert isinstance(res.exception, RuntimeError)  # re-raised for the traceback


def test_error_lines_are_not_wrapped_or_split_when_stderr_is_a_file(tmp_path):
    folder = tmp_path / ("a-rather-long-folder-name-so-that-the-error-line-passes-eighty-columns" * 2)
    folder.mkdir()
    (folder / "empty\nname.txt").write_bytes(b"")
    (folder / "ok.txt").write_text("Russian forces shelled Kupyansk on September 10, 2022.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src"), "COLUMNS": "80"}
    proc = subprocess.run([sys.executable, "-m", "frontscope.cli.main", "ingest", str(folder), "--db",
                           str(tmp_path / "w.db"), "--stages", "segment", "--workers", "1"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and len(errors[0]) > 160, proc.stderr
    assert errors[0].endswith("empty\\nname.txt: empty file")
    assert "1 stored, 0 skipped as duplicates, 1 failed" in proc.stdout


def test_file_names_that_look_like_markup_are_listed_not_interpreted(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[bold]x[red].txt").write_bytes(b"")
    res = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--stages", "segment", "--workers", "1"])
    assert res.exit_code == 1 and "[bold]x[red].txt: empty file" in res.output, res.output
    res = CliRunner().invoke(cli, ["failures", "--db", db])
    assert res.exit_code == 0 and "[bold]x[red].txt" in res.output, res.output


def test_no_command_shows_the_help_and_an_unknown_one_is_one_line():
    code, output = _run([])
    assert code == 0 and output.startswith("Usage: ") and "ingest" in output
    code, output = _run(["chart"])
    assert code == 0 and "displacement" in output
    code, output = _run(["nosuch"])
    assert code == 2 and "No such command 'nosuch'" in _one_error_line(output)
