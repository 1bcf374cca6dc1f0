"""Command-line argument checks: every mistake is refused before any work, as one line that names the
option and says what is accepted (no traceback, no silent acceptance of nonsense)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import click

MAX_KM = 2000.0  # further than the whole country: a typo, not a radius


class _Km(click.ParamType):
    """A distance in km: a finite number greater than 0 (0 would divide by zero, NaN poisons JSON)."""

    name = "KM"

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        try:
            km = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of kilometres", param, ctx)
        if not math.isfinite(km) or km <= 0 or km > MAX_KM:
            self.fail(f"{value!r} must be a finite distance greater than 0 and at most {MAX_KM:g} km", param, ctx)
        return km


km_type = _Km()


class _BBox(click.ParamType):
    """West,South,East,North in degrees with West < East and South < North."""

    name = "W,S,E,N"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[float, float, float, float]:
        if isinstance(value, tuple):
            return value
        try:
            w, s, e, n = (float(x) for x in str(value).split(","))
        except ValueError:
            self.fail(f"{value!r}: give four numbers West,South,East,North, e.g. 36.5,49.0,38.5,50.3", param, ctx)
        if not all(math.isfinite(x) for x in (w, s, e, n)):
            self.fail(f"{value!r}: coordinates must be finite numbers", param, ctx)
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= 90 and -90 <= n <= 90):
            self.fail(f"{value!r}: longitudes are -180..180 and latitudes -90..90", param, ctx)
        if not (w < e and s < n):
            self.fail(f"{value!r}: the order is West,South,East,North with West < East and South < North", param, ctx)
        return (w, s, e, n)


bbox_type = _BBox()


def check_span(since: dt.date | None, until: dt.date | None, since_name: str = "--since",
               until_name: str = "--until") -> None:
    """Refuse a date range that ends before it starts (it would silently select nothing)."""
    if since is not None and until is not None and since > until:
        raise click.BadParameter(f"{since_name} {since} is later than {until_name} {until}")


def check_out(out: str | None, suffixes: tuple[str, ...], what: str) -> None:
    """`--out` must name a file with one of `suffixes` in a folder that exists."""
    if out is None:
        return
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        raise click.BadParameter(f"{out}: {what} is written as {' or '.join(suffixes)}; "
                                 f"give --out a name ending in one of these", param_hint="--out")
    folder = path.parent
    if not folder.is_dir():
        raise click.BadParameter(f"{out}: the folder {folder} does not exist (create it first)", param_hint="--out")
    if path.is_dir():
        raise click.BadParameter(f"{out} is a folder; give a file name", param_hint="--out")
