"""Timeline, activity and displacement charts render real pixels in the expected colours."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PIL import Image

from frontscope.render.charts import (
    EVENT_TYPE_COLORS,
    TimelineRow,
    chart_activity,
    chart_control_timeline,
    chart_displacement,
)
from frontscope.render.maps import HOLDER_COLORS

D = dt.date


def _has_colour(path, hex_color: str, min_px: int = 50, tol: int = 10) -> bool:
    img = np.asarray(Image.open(path).convert("RGB")).astype(int)
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(img - rgb).max(axis=2) <= tol).sum()) >= min_px


def test_control_timeline_bands_follow_the_holder(tmp_path):
    rows = [
        TimelineRow(D(2022, 2, 28), "RU", 0.8, "assessed"),
        {"date": "2022-05-02", "holder": "UA", "confidence": 0.3, "status": "denied"},
        {"date": "2022-09-10", "holder": "UA", "confidence": 0.9, "status": "confirmed"},
    ]
    out = chart_control_timeline(rows, "Kupiansk", tmp_path / "t.png", until="2022-10-31")
    assert _has_colour(out, HOLDER_COLORS["RU"], 2000) and _has_colour(out, HOLDER_COLORS["UA"], 500)
    # The denied Ukrainian claim is a marker, not a band: no contested colour anywhere.
    assert not _has_colour(out, HOLDER_COLORS["contested"], 5)
    with pytest.raises(ValueError):
        chart_control_timeline([], "Kupiansk", tmp_path / "x.png")


def test_activity_stacks_event_types(tmp_path):
    rows = [{"date": D(2022, 9, 1) + dt.timedelta(days=i % 10), "event_type": t}
            for i in range(40) for t in ("Battles", "Explosions/Remote violence")]
    out = chart_activity(rows, "Kharkiv Oblast", tmp_path / "a.png")
    w, h = Image.open(out).size
    assert w > 800 and h > 300
    assert _has_colour(out, EVENT_TYPE_COLORS["Battles"]) and _has_colour(out, EVENT_TYPE_COLORS["Explosions/Remote violence"])
    assert not _has_colour(out, EVENT_TYPE_COLORS["Violence against civilians"], 5)


def test_displacement_series_with_change_markers(tmp_path):
    series = [{"date": D(2022, 3, 1) + dt.timedelta(days=30 * i), "value": 1000 * i} for i in range(8)]
    series.append({"date": D(2022, 11, 1), "value": None})  # a gap, skipped
    out = chart_displacement(series, [{"date": "2022-09-10", "label": "Kupiansk (RU→UA)", "holder": "UA"}],
                             tmp_path / "d.svg")
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "Kupiansk" in text
