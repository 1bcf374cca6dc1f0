from __future__ import annotations

from pathlib import Path

import pytest

# A daily-assessment-style text written for the tests (not taken from any real report).
ASSESSMENT = """Daily Campaign Assessment (test fixture), September 11, 2022

Kharkiv direction

Ukrainian forces liberated Balakliia and advanced toward Kupyansk on September 9.[1] The Ukrainian General Staff \
reported on September 10 that Ukrainian forces recaptured Izyum.[2][3] A Russian milblogger claimed that Russian \
forces withdrew from Kupyansk to the east bank of the Oskil River.[4]

Donetsk direction

Russian forces conducted ground attacks near Bakhmut and Soledar on September 10.[5] Lt. Gen. Ivan Example of the \
U.S. Army said nothing about it.

[1] https://t.me/example_channel/1
[2] https://www.facebook.com/example.generalstaff/posts/2; https://t.me/example_gs/22
[3] https://t.me/example_gs/23
[4] https://t.me/example_milblogger/4
[5] https://t.me/example_channel/5
"""


@pytest.fixture
def assessment_text() -> str:
    return ASSESSMENT


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
