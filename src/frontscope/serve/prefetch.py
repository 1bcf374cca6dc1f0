"""Compute, in one background thread, the control layers an analyst is likely to ask for next.

A control layer for a date the server has not seen takes about a second on a 247-report database (the
timelines are rebuilt from every statement reported by then); once cached it is answered in milliseconds.
Someone stepping the date slider asks for the neighbouring days next, so after each new date the server
prepares the day before and the day after. Only the newest few wishes are kept: dragging the slider
across a month does not queue a month of work. The work starts only when no API request has been in
flight for a moment: Python threads share one interpreter lock, and requests come first.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import deque

from frontscope.serve import reads

log = logging.getLogger(__name__)


class Activity:
    """API requests in flight and when the last one ended (kept by the app's header middleware)."""

    def __init__(self) -> None:
        self.inflight = 0
        self.last = time.monotonic()

    def start(self) -> None:
        self.inflight += 1

    def end(self) -> None:
        self.inflight -= 1
        self.last = time.monotonic()

    def idle_for(self) -> float:
        return 0.0 if self.inflight > 0 else time.monotonic() - self.last


class Prefetcher:
    QUIET = 0.15  # seconds without a request before background work starts

    def __init__(self, reader: reads.Reader, activity: Activity | None = None, keep: int = 3) -> None:
        self.reader = reader
        self.activity = activity or Activity()
        self._wishes: deque[dt.date] = deque(maxlen=keep)
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="frontscope-prefetch", daemon=True)
        self._thread.start()

    def ask(self, *days: dt.date) -> None:
        with self._wake:
            for d in days:
                if d not in self._wishes:
                    self._wishes.append(d)
            self._wake.notify()

    def around(self, day: dt.date) -> None:
        """The day after and the day before `day`, within the stored reports."""
        meta = reads.meta(self.reader)
        if not meta["first_report"]:
            return
        lo, hi = dt.date.fromisoformat(meta["first_report"]), dt.date.fromisoformat(meta["last_report"])
        self.ask(*[d for d in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)) if lo <= d <= hi])

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._wishes:
                    self._wake.wait()
                day = self._wishes.pop()  # newest wish first
            while self.activity.idle_for() < self.QUIET:
                time.sleep(self.QUIET / 3)
            try:
                if not self.reader.has(("geojson", day, False, False)):
                    reads.control_geojson(self.reader, day)
            except Exception as e:  # a failed guess costs nothing: the request itself will report the problem
                log.warning("prefetch of %s failed: %s", day, e)
