"""Commands that show what the later stages stored (claims, sources, places, control, brief ...)."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Attach the view commands to the top-level group."""
