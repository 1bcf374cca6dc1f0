"""The `frontscope` command line: a thin skin over the library (each command calls one function)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click
from rich.markup import escape

from frontscope.cli.common import DB_OPTION, console, date_type, emit, err_console, fail, open_store
from frontscope.cli.errors import FrontscopeGroup, one_line, set_debug
from frontscope.records import KINDS, annotation_counts, records

__all__ = ["FrontscopeGroup", "cli"]


def _stage_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """--stages a,b → ["a", "b"], refusing unknown names and a wrong order before any work."""
    if not value:
        return None
    from frontscope.pipeline import resolve
    from frontscope.stages import StageError

    names = [s.strip() for s in value.split(",") if s.strip()]
    try:
        resolve(names)
    except StageError as e:
        raise click.BadParameter(str(e)) from None
    return names


def _stage_config(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict | None:
    """--set claims.default_said_on=published (repeatable) → {"claims": {"default_said_on": "published"}},
    checked against the stages' settings before any work."""
    if not values:
        return None
    from frontscope.pipeline import merge_config
    from frontscope.stages import StageError

    config: dict[str, dict] = {}
    for item in values:
        key, eq, raw = item.partition("=")
        stage, dot, setting = key.strip().partition(".")
        if not (eq and dot and stage and setting):
            raise click.BadParameter(f"{item!r}: give STAGE.SETTING=VALUE, e.g. claims.default_said_on=published")
        try:
            value = json.loads(raw)  # numbers and true/false as such; anything else is text
        except ValueError:
            value = raw
        config.setdefault(stage, {})[setting] = value
    try:
        merge_config([], config)
    except StageError as e:
        raise click.BadParameter(str(e)) from None
    return config


SET_OPTION = click.option(
    "--set", "config", multiple=True, callback=_stage_config, metavar="STAGE.SETTING=VALUE",
    help="A stage setting, repeatable: claims.default_said_on=published dates undated statements by the "
         "report (none | published | day_before | auto).")


@click.group(cls=FrontscopeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="frontscope")
@click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=set_debug,
              help="Show the traceback of an unexpected error (or set FRONTSCOPE_DEBUG=1).")
def cli() -> None:
    """frontscope reads war reporting the way an analyst does.

    \b
    Typical session:
      frontscope demo                              # sample corpus → frontscope.db, then a tour
      frontscope ingest reports/ --db war.db       # your own reports (txt, md, html, rss, jsonl)
      frontscope stats --db war.db                 # what is stored
      frontscope extract report.txt --jsonl        # annotations of one file, no database

    The database is SQLite (frontscope.db here, or --db FILE, or $FRONTSCOPE_DB): open it with any
    SQLite tool. Every listing takes --json.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@DB_OPTION
@click.option("--published", type=date_type, help="Publication date for every input (YYYY-MM-DD); "
              "otherwise metadata, a YYYY-MM-DD in the file name, or the text's first date.")
@click.option("--source", help="Collection or publisher name to record with each document.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of cores).")
@click.option("--dask", "dask_target", metavar="local[:N]|tcp://HOST:PORT", default=None,
              help="Run the pipeline on a Dask cluster: local:N starts N worker processes here; an address "
                   "uses a running scheduler (dask-ssh, dask-kubernetes). Needs pip install 'frontscope[dask]'.")
@click.option("--stages", default=None, callback=_stage_list,
              help="Comma-separated pipeline stages (default: all).")
@SET_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(paths: tuple[str, ...], db: str | None, published: dt.date | None, source: str | None,
           workers: int | None, dask_target: str | None, stages: list[str] | None, config: dict | None,
           as_json: bool) -> None:
    """Read files or folders (recursive) into the database.

    Plain text, Markdown, HTML, RSS/Atom feeds and JSONL batches ({"id","published","source","url",
    "title","text"|"html"} per line). Files over 20 MiB are refused. The same text twice is stored once;
    a changed text at the same URL is stored as a new version. A bad file is reported, recorded in the
    ingest_failures table, and the batch goes on; the exit status is 1 if anything failed.

    Texts already stored are skipped before any NLP, so re-running a batch only processes what is new
    (or was stored with fewer --stages). Several ingests may write to one database at the same time.
    Versions of one document (same URL, else publisher + title + date): the one published last is live.

    \b
    frontscope ingest reports/ --db war.db
    frontscope ingest feed.xml --source "Example Wire" --db war.db --json
    frontscope ingest batch.jsonl --stages places,claims --workers 2
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from frontscope.ingest.readers import expand_paths
    from frontscope.ingest.runner import ingest as run_ingest
    from frontscope.store.db import StoreError

    stage_list = stages
    if dask_target:
        from frontscope.ingest.dask_backend import parse_target

        try:
            parse_target(dask_target)
        except ValueError as e:
            fail(str(e))
    store = open_store(db, write=True)
    files = expand_paths(list(paths))
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True,
                  disable=as_json or not err_console.is_terminal) as progress:
        task = progress.add_task("ingesting", total=len(files))

        def tick(path: str, outcome: str) -> None:
            progress.advance(task)

        def report(line: str) -> None:  # each failure the moment it is found, one line, never wrapped
            progress.console.print(f"[red]error[/red] {escape(one_line(line))}", highlight=False, soft_wrap=True)

        def warn(line: str) -> None:  # stored, with a doubt the user should know of
            progress.console.print(f"[yellow]warning[/yellow] {escape(one_line(line))}", highlight=False,
                                   soft_wrap=True)

        try:
            summary = run_ingest(files, store, published=published, source=source, stages=stage_list,
                                 workers=workers, dask=dask_target, on_progress=tick, on_error=report,
                                 on_warning=warn, config=config)
        except KeyboardInterrupt:
            err_console.print("interrupted: documents stored so far are kept; run the same command to resume")
            sys.exit(130)
        except StoreError as e:
            fail(f"{e} (documents stored before this are kept)")
        except ValueError as e:  # an unknown stage name
            fail(str(e))
        except Exception as e:  # a Dask cluster that cannot be used: one line, like every other error
            from frontscope.ingest.dask_backend import ClusterError

            if isinstance(e, ClusterError):
                fail(str(e))
            raise
    if as_json:
        emit({"stored": summary.stored, "completed": summary.completed, "duplicates": summary.duplicates,
              "failed": summary.failed, "errors": summary.errors}, True)
    else:
        console.print(summary.line())
    sys.exit(0 if summary.ok else 1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--jsonl/--no-jsonl", default=True, show_default=True,
              help="One JSON object per annotation; --no-jsonl prints a table of counts per document instead.")
@click.option("--stages", default=None, callback=_stage_list,
              help="Comma-separated stages, e.g. places,claims (default: all).")
@click.option("--type", "types", multiple=True, type=click.Choice(KINDS),
              help="Only these record types (repeatable).")
@click.option("--published", type=date_type, help="Publication date (otherwise from file name or text).")
@SET_OPTION
def extract(files: tuple[str, ...], jsonl: bool, stages: list[str] | None, types: tuple[str, ...],
            published: dt.date | None, config: dict | None) -> None:
    """Run the pipeline on FILES without a database and print every annotation as JSONL.

    Offsets are Python str indices into the file's text decoded as UTF-8; "doc" is the path as given.
    A file that cannot be read is reported on stderr and the others go on; the exit status is then 1.

    \b
    frontscope extract report.txt > report.jsonl
    frontscope extract report.txt --stages places --type place
    frontscope extract reports/*.txt --no-jsonl      # counts per document
    frontscope extract story.html --set claims.default_said_on=published
    """
    from frontscope.ingest.runner import extract as run_extract

    failed = []

    def report(line: str) -> None:
        failed.append(line)
        err_console.print(f"[red]error[/red] {escape(one_line(line))}", highlight=False)

    def warn(line: str) -> None:
        err_console.print(f"[yellow]warning[/yellow] {escape(one_line(line))}", highlight=False)

    done = run_extract(files, published=published, stages=stages, config=config, on_error=report, on_warning=warn)
    if jsonl:
        for path, doc in done:
            for rec in records(doc, path):
                if not types or rec["type"] in types:
                    sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        emit([{"doc": path, "language": doc.language, **annotation_counts(doc)} for path, doc in done], False,
             columns=["doc", "language", *(types or KINDS)])
    sys.exit(1 if failed else 0)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stages(as_json: bool) -> None:
    """The pipeline's stages in their default order: the document fields each requires, uses when present
    and assigns, and its settings (change one with --set STAGE.SETTING=VALUE on ingest or extract).

    \b
    frontscope stages --json
    frontscope extract report.txt --stages places,claims --set claims.default_said_on=published
    """
    from frontscope.pipeline import stage_rows

    rows = stage_rows()
    if not as_json:  # one cell per list in the table
        rows = [{**r, **{k: ", ".join(r[k]) for k in ("requires", "uses", "assigns")},
                 "settings": ", ".join(f"{k}={v}" + (f" ({'|'.join(map(str, r['choices'][k]))})"
                                                       if k in r["choices"] else "")
                                       for k, v in r["settings"].items())} for r in rows]
    emit(rows, as_json, columns=["name", "requires", "uses", "assigns", "settings"])


@cli.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats(db: str | None, as_json: bool) -> None:
    """Row counts of every table.

    \b
    frontscope stats --db war.db --json
    """
    counts = open_store(db).stats()
    if as_json:
        emit(counts, True)
        return
    for name, n in counts.items():
        console.print(f"{name:22} {n:>8}")


@cli.command()
@DB_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many documents.")
@click.option("--all-versions", is_flag=True,
              help="Also superseded versions (an older text of a document; every other view shows live ones).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def docs(db: str | None, limit: int | None, all_versions: bool, as_json: bool) -> None:
    """The stored documents with their dates and annotation counts (the live version of each).

    \b
    frontscope docs --db war.db --limit 20
    frontscope docs --all-versions --json
    """
    rows = open_store(db).documents(limit, all_versions=all_versions)
    emit(rows, as_json, columns=["id", "published", "title", "version", "live", "endnotes", "claims", "places"])


@cli.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def failures(db: str | None, as_json: bool) -> None:
    """Inputs that could not be ingested, with the reason (run the same ingest again after fixing them).

    \b
    frontscope failures --db war.db
    """
    emit(open_store(db).failures(), as_json, columns=["id", "path", "reason", "failed_at"])


@cli.command()
@DB_OPTION
@click.option("--workers", type=click.IntRange(min=1), default=1, help="Worker processes (the sample is small).")
def demo(db: str | None, workers: int) -> None:
    """Build a database from the sample corpus shipped with frontscope, then show what it found.

    \b
    frontscope demo                  # writes frontscope.db here
    frontscope demo --db /tmp/demo.db
    """
    from frontscope.demo import run_demo

    run_demo(db, workers=workers, console=console)


def _register() -> None:
    """The read views, the products, the gazetteer and humanitarian groups, and the server."""
    from frontscope.cli import products, views
    from frontscope.cli.gazetteer import gazetteer_cli
    from frontscope.cli.humanitarian import humanitarian_cli
    from frontscope.cli.profile import profile_cli
    from frontscope.cli.serve import serve

    for cmd in (*views.COMMANDS, *products.COMMANDS, gazetteer_cli, humanitarian_cli, profile_cli, serve):
        cli.add_command(cmd)


_register()

if __name__ == "__main__":  # pragma: no cover
    cli()
