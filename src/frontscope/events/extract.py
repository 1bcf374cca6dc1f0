"""The "events" stage: control statements (doc.control) and ACLED-typed events (doc.events)."""

from __future__ import annotations

from frontscope.events.control_rules import extract_control
from frontscope.model import Document


def extract_events(doc: Document) -> None:
    doc.control.extend(extract_control(doc))
    try:
        from frontscope.events.acled import extract_acled
    except ImportError:  # typology module not built yet
        return
    doc.events.extend(extract_acled(doc))
