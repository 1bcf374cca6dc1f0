"""Control maps: real Kupiansk/Izium settlements (GeoNames coordinates), drawn from the shipped basemap."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frontscope.render.maps import (
    HOLDER_COLORS,
    MapChange,
    MapPoint,
    compute_extent,
    load_basemap,
    normalize_holder,
    render_map,
)

POINTS = [
    MapPoint(703656, "Kupiansk", 49.71003, 37.61581, "UA", 0.9, population=27169),
    MapPoint(703652, "Kupiansk-Vuzlovyi", 49.67061, 37.64319, "UA", 0.8, population=8212),
    MapPoint(704608, "Kivsharivka", 49.63026, 37.6775, "UA", 0.7, population=19738),
    MapPoint(707292, "Izyum", 49.20697, 37.27679, "UA", 0.95, population=45884),
    MapPoint(694752, "Savyntsi", 49.40035, 37.05134, "UA", 0.6, population=5326),
    MapPoint(694137, "Shevchenkove", 49.6951, 37.17625, "UA", 0.9, population=7090),
    MapPoint(690193, "Velykyi Burluk", 50.06135, 37.38358, "contested", 0.5, population=4821),
    MapPoint(709399, "Dvorichna", 49.85099, 37.68482, "RU", 0.6, population=3290),
    MapPoint(711623, "Borova", 49.38047, 37.61931, "contested", 0.4, population=5174),
    MapPoint(710514, "Oskil", 49.17654, 37.42412, "RU", 0.3, population=3217),
    MapPoint(692352, "Studenok", 49.08888, 37.48999, "RU", 0.5, population=1440),
    MapPoint(693778, "Synkivka", 49.76293, 37.69374, "UA", 0.7, population=392),
    MapPoint(697421, "Petropavlivka", 49.72052, 37.70905, "UA", 0.7, population=2486),
    MapPoint(703610, "Kurylivka", 49.66002, 37.70276, "contested", 0.6, population=3620),
    MapPoint(694535, "Senkove", 49.52507, 37.67318, "unknown", 0.2),
    MapPoint(707853, "Husarivka", 49.35964, 36.8193, "UA", 0.8, population=1352),
    MapPoint(692016, "Svyatohirsk", 49.04101, 37.57194, "RU", 0.7, population=4309),
    MapPoint(704204, "Lyman", 48.99012, 37.80843, "RU", 0.8, population=20066),
    MapPoint(711885, "Bohorodychne", 49.01594, 37.50699, "contested", 0.5, population=794),
    MapPoint(693468, "Slovyansk", 48.84974, 37.59739, "UA", 1.0, population=105141),
]
CHANGES = [
    MapChange(703656, "Kupiansk", 49.71003, 37.61581, "RU", "UA", dt.date(2022, 9, 10)),
    MapChange(707292, "Izyum", 49.20697, 37.27679, "RU", "UA", dt.date(2022, 9, 10)),
]


def _colour_pixels(img: np.ndarray, hex_color: str, tol: int = 12) -> int:
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(img[:, :, :3].astype(int) - rgb).max(axis=2) <= tol).sum())


@pytest.fixture(scope="module")
def sector_png(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("maps") / "kupiansk.png"
    result = render_map(POINTS, date=dt.date(2022, 9, 15), changes=CHANGES, since="2022-09-06", out=out)
    return out, result


def test_png_is_a_full_size_map_with_holder_colours(sector_png):
    out, result = sector_png
    img = Image.open(out)
    assert img.format == "PNG"
    assert img.size == (1650, 1350)  # 11 x 9 in at 150 dpi
    px = np.asarray(img.convert("RGB"))
    # Every holder class and the change halo is actually painted, not just listed in the legend.
    for holder in ("UA", "RU", "contested"):
        assert _colour_pixels(px, HOLDER_COLORS[holder]) > 150, holder
    assert _colour_pixels(px, "#ffd60a") > 300
    assert result.points_drawn == 20


def test_changed_places_and_rivers_are_labelled(sector_png):
    _, result = sector_png
    assert {"Kupiansk", "Izyum"} <= set(result.labels_placed)
    assert {"Oskil", "Siverskyi Donets"} <= set(result.river_labels)
    assert len(result.labels_placed) >= 15


def test_svg_keeps_text_and_attribution(tmp_path):
    res = render_map(POINTS, date="2022-09-15", changes=CHANGES, out=tmp_path / "k.svg", title="Kupiansk axis")
    root = ET.parse(res.path).getroot()
    assert root.tag.endswith("svg")
    text = res.path.read_text(encoding="utf-8")
    # Haloed place labels are drawn as outlines; titles, legend and attribution stay searchable text.
    assert "Kupiansk" in res.labels_placed
    assert "GeoNames (CC BY 4.0)" in text and "Minregion" in text and "Natural Earth" in text
    assert "Kupiansk axis — as of 2022-09-15" in text


def test_around_extent_and_crowded_labels_are_skipped(tmp_path):
    # 30 hamlets within 3 km of Kupiansk: they cannot all carry a readable label.
    rng = np.random.default_rng(7)
    crowd = [MapPoint(None, f"Khutir {i}", 49.71 + rng.uniform(-0.02, 0.02), 37.616 + rng.uniform(-0.03, 0.03),
                      "RU", 0.5) for i in range(30)]
    res = render_map([*crowd, POINTS[0]], date="2022-09-15", around=(49.71, 37.616, 15),
                     changes=CHANGES[:1], out=tmp_path / "crowd.png")
    w, s, e, n = res.extent
    assert w < 37.616 < e and s < 49.71 < n
    assert (n - s) * 111.32 == pytest.approx(30, rel=0.02)  # +-15 km vertically; widened to the frame
    assert res.labels_skipped and "Kupiansk" in res.labels_placed


def test_extent_rules():
    assert compute_extent([], bbox=(36.0, 48.5, 38.5, 50.3)) == (36.0, 48.5, 38.5, 50.3)
    with pytest.raises(ValueError):
        compute_extent([], bbox=(38.5, 48.5, 36.0, 50.3))
    with pytest.raises(ValueError):
        compute_extent([])
    w, s, e, n = compute_extent(POINTS)
    assert w < 36.8193 and e > 37.80843 and s < 48.84974 and n > 50.06135
    # One village alone still gets at least +-4 km around it.
    w, s, e, n = compute_extent([POINTS[11]])
    assert (n - s) * 111.32 >= 8 - 1e-6


def test_changes_without_a_point_are_drawn_and_holders_normalised(tmp_path):
    extra = {"geonameid": 1, "name": "Hrakove", "lat": 49.71885, "lon": 36.81538, "from_holder": "Russia",
             "to_holder": "Ukraine", "date": dt.date(2022, 9, 9)}
    res = render_map(POINTS[:3], date="2022-09-15", changes=[extra], out=tmp_path / "m.png")
    assert res.points_drawn == 4 and "Hrakove" in res.labels_placed
    assert normalize_holder("Ukraine") == "UA" and normalize_holder(None) == "unknown"
    with pytest.raises(ValueError):
        render_map(POINTS, date="2022-09-15", out=tmp_path / "m.jpg")


def test_shipped_basemap_is_small_and_covers_the_front():
    base = Path(__file__).resolve().parents[1] / "src/frontscope/data/basemap"
    assert sum(p.stat().st_size for p in base.glob("*.gz")) < 2 * 1024 * 1024
    layers = load_basemap()
    geoms, props = layers["admin_lines"].clip((37.0, 49.0, 38.5, 50.0))
    levels = {p["level"] for p in props}
    assert {"oblast", "raion"} <= levels  # Kharkiv / Luhansk / Donetsk borders and raion lines
    _, rivers = layers["ne_rivers"].clip((37.0, 49.0, 38.5, 50.0))
    assert {"Oskil", "Siverskyi Donets"} <= {p["name"] for p in rivers}


def test_a_big_changed_town_inside_a_crowd_of_changed_villages_keeps_its_label(tmp_path):
    # A liberated pocket: 600 changed hamlets around a changed town leave no free spot beside it.
    rng = np.random.default_rng(11)
    crowd = [MapPoint(None, f"Khutir {i}", 49.3 + rng.uniform(-0.3, 0.3), 37.25 + rng.uniform(-0.45, 0.45), "UA", 0.6,
                      population=300, changed=True, previous_holder="RU") for i in range(600)]
    town = MapPoint(712451, "Izium", 49.3, 37.25, "UA", 0.9, population=45_884, changed=True, previous_holder="RU")
    res = render_map([*crowd, town], date="2022-09-30", bbox=(36.2, 48.6, 38.6, 50.4), out=tmp_path / "pocket.png")
    assert "Izium" in res.labels_placed
