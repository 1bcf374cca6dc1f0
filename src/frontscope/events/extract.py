"""The "events" stage: control statements (doc.control) and ACLED-typed events (doc.events)."""

from __future__ import annotations

from frontscope.events.acled import extract_acled
from frontscope.events.control_rules import extract_control, reading_from
from frontscope.events.cyrillic import extract_control_cyrillic
from frontscope.model import Document
from frontscope.stages import stage


def _check(rules: str = "", list_kinds: str = "") -> None:
    reading_from(rules, list_kinds)  # loads and checks the rules file once, before any document


@stage("events", requires=("sentences", "places", "claims"), assigns=("control", "events"),
       default_config={"rules": "", "list_kinds": "fight,advance,repel"}, check=_check)
def extract_events(doc: Document, *, rules: str = "", list_kinds: str = "fight,advance,repel") -> None:
    """`rules`: a control rules file instead of the packaged events/control_rules.toml; `list_kinds`: kinds
    (fight, advance, repel) whose object list runs on past the first place ("fighting in A, B and C"; "" for
    the first place only)."""
    # Ukrainian and Russian text has its own reading of control verbs; both give the same statements.
    cyrillic = getattr(doc, "language", None) in ("uk", "ru")
    doc.control.extend(extract_control_cyrillic(doc) if cyrillic else extract_control(doc, reading_from(rules, list_kinds)))
    doc.events.extend(extract_acled(doc))
