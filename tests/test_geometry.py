"""The one set of distance helpers every layer uses (frontscope.geometry)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from frontscope.geometry import KM_PER_DEG, bearing_deg, destination, haversine_km, km_xy, project, project_at

KYIV = (50.4547, 30.5238)
KHARKIV = (49.9808, 36.2527)


def test_haversine_gives_known_distances_and_broadcasts():
    assert float(haversine_km(*KYIV, *KHARKIV)) == pytest.approx(410, abs=5)  # Kyiv–Kharkiv, great circle
    d = haversine_km(np.array([KYIV[0], KHARKIV[0]]), np.array([KYIV[1], KHARKIV[1]]), *KHARKIV)
    assert d.shape == (2,) and d[1] == 0
    assert KM_PER_DEG == pytest.approx(float(haversine_km(48.0, 37.0, 49.0, 37.0)), rel=1e-4)


@pytest.mark.parametrize("bearing", [0, 45, 90, 135, 200, 315])
def test_destination_bearing_and_flat_offsets_agree_with_the_sphere(bearing):
    lat, lon = destination(48.6, 38.0, 12.0, bearing)  # tens of km: the flat frame's range
    assert float(haversine_km(48.6, 38.0, lat, lon)) == pytest.approx(12.0, rel=5e-3)
    assert (bearing_deg(48.6, 38.0, lat, lon) - bearing + 180) % 360 - 180 == pytest.approx(0, abs=0.2)
    dx, dy = km_xy(lat - 48.6, lon - 38.0, 48.6)
    assert math.hypot(dx, dy) == pytest.approx(12.0, rel=1e-9)


def test_the_control_frame_is_project_at_48_5():
    lat, lon = np.array([47.1, 50.0]), np.array([37.5, 36.2])
    x, y = project(lat, lon)
    x2, y2 = project_at(lat, lon, 48.5)
    assert np.allclose(x, x2) and np.allclose(y, y2)
    # 1 km east at 48.5° N is about 1 km in the frame
    lat1, lon1 = destination(48.5, 37.0, 1.0, 90)
    assert float(project(np.array([lat1]), np.array([lon1]))[0][0] - project(np.array([48.5]), np.array([37.0]))[0][0]) \
        == pytest.approx(1.0, rel=0.01)


def test_the_spatial_index_finds_the_nearest_target_in_a_km_frame():
    import numpy as np

    from frontscope.geometry import nearest_distance, nearest_within, project

    # Kupyansk and three targets: Kharkiv (~110 km west), Izium (~60 km south), Svatove (~60 km east)
    qx, qy = project(np.array([49.71]), np.array([37.61]))
    tx, ty = project(np.array([49.99, 49.21, 49.41]), np.array([36.23, 37.26, 38.16]))
    (d,) = nearest_distance(qx, qy, tx, ty)
    assert 50 < d < 60  # Svatove, a little nearer than Izium
    assert nearest_distance(qx, qy, np.array([]), np.array([]))[0] == np.inf
    dist, idx = nearest_within(np.array([49.71]), np.array([37.61]), np.array([49.99, 49.21, 49.41]),
                               np.array([36.23, 37.26, 38.16]), km=58)
    assert idx[0] == 2 and abs(dist[0] - d) < 3
