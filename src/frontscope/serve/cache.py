"""A cheap fingerprint of the database, and results memoised per fingerprint.

Every read endpoint is a pure function of (database content, request). The fingerprint — highest id and
row count of the tables that writes touch — changes whenever anything is ingested or imported, so it
serves as the ETag's base and as the key under which expensive views (a control view per date) are kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from frontscope.store import queries
from frontscope.store.db import Store

T = TypeVar("T")
_TABLES = ("documents", "claims", "control_observations", "events", "humanitarian_figures", "ingest_failures")


def fingerprint(store: Store) -> str:
    """A short hash of (max id, count) of the tables ingestion and imports write to: one indexed query."""
    row = queries.change_stamp(store, _TABLES)
    return hashlib.blake2s(repr(tuple(row)).encode(), digest_size=8).hexdigest()


class Memo:
    """Least-recently-used results keyed by (fingerprint, key); one computation per key at a time."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[str, Hashable], threading.Lock] = {}

    def has(self, fp: str, key: Hashable) -> bool:
        with self._lock:
            return (fp, key) in self._items

    def get(self, fp: str, key: Hashable, compute: Callable[[], T]) -> T:
        k = (fp, key)
        with self._lock:
            if k in self._items:
                self._items.move_to_end(k)
                return self._items[k]
            key_lock = self._key_locks.setdefault(k, threading.Lock())
        with key_lock:  # 50 clients asking for the same new date compute it once
            with self._lock:
                if k in self._items:
                    return self._items[k]
            value = compute()
            with self._lock:
                self._items[k] = value
                self._key_locks.pop(k, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value
