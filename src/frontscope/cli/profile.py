"""`frontscope profile`: check a country profile folder and say what it holds."""

from __future__ import annotations

import click

from frontscope.cli.common import emit, fail


@click.command("profile")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def profile_cli(folder: str | None, as_json: bool) -> None:
    """Validate a country profile and summarise it (sources, side words, reporting verbs, person names).

    \b
    The profile is the data that says who speaks and which side a word names: one folder of TOML files
    (profile.toml, sources.toml, sides.toml, verbs.toml, names.toml). The built-in one is Ukraine's
    (frontscope/profiles/ua); to change it, copy that folder, edit it and point frontscope at the copy:
      cp -r $(python -c 'import frontscope.profile as p; print(p.PROFILES / "ua")') myprofile
      frontscope profile myprofile                 # checks every file; a bad entry is one line naming it
      export FRONTSCOPE_PROFILE=$PWD/myprofile     # every later command reads it
    Adding a source is one [[source]] in sources.toml; a reporting verb one line in verbs.toml.
    Without FOLDER: the profile in force ($FRONTSCOPE_PROFILE, else the built-in one).
    """
    from frontscope.profile import ProfileError
    from frontscope.registry import profile_summary

    try:
        emit(profile_summary(folder), as_json)
    except ProfileError as e:
        fail(str(e), 1)
