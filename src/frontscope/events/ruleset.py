"""Reading rules as data: a TOML file of named triggers, loaded, checked and compiled once.

Like spaCy's EntityRuler, the rules are data owned by the component that applies them: each has an id, a kind
and a pattern, and what a rule found can be traced back to it by id. A bad file fails at load with one line
naming the file and the rule.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from frontscope.nlp.folded import FoldedPattern

KINDS = ("gain", "loss", "hold", "fight", "contest", "advance", "repel")
# Readings that are not a trigger of their own: a statement's rule names one of these and then the trigger it
# used ("hold.adjective+gain.capture": "occupied" before a place reads as a hold, not a capture).
READINGS = {
    "hold.adjective": "a capture/hold participle used as an adjective: 'occupied Melitopol', 'liberated Izyum'",
    "hold.after": "a place followed by its state: 'X remains under Russian control', 'X is contested'",
    "region.oblast": "a completed action about an oblast (whole, most, or one side of a river)",
    "region.bank": "a completed action about a river bank",
    "region.vicinity": "a settlement 'and the surrounding villages': the same statement within a stated radius",
    "footage.generic_object": "footage at one settlement of a side 'retaking ground': the footage's place",
}
CONTROL_RULES = Path(__file__).with_name("control_rules.toml")


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Trigger:
    id: str
    kind: str
    pattern: FoldedPattern
    why: str = ""


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    # Fragments may use earlier fragments; unknown names are left for the regex compiler to reject.
    for _ in range(4):
        new = re.sub(r"\{([a-z_]+)\}", lambda m: fragments.get(m.group(1), m.group(0)), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def load_triggers(path: Path) -> tuple[Trigger, ...]:
    """The triggers of a rules file, in file order."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise RuleError(f"{path}: {e}") from None
    fragments = {k: str(v) for k, v in data.get("fragments", {}).items()}
    out: list[Trigger] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("trigger", [])):
        rid = raw.get("id") or f"#{i + 1}"
        where = f"{path.name}: trigger {rid}"
        if not raw.get("id") or not raw.get("pattern"):
            raise RuleError(f"{where}: needs an id and a pattern")
        if rid in seen:
            raise RuleError(f"{where}: duplicate id")
        if raw.get("kind") not in KINDS:
            raise RuleError(f"{where}: kind {raw.get('kind')!r} is not one of {', '.join(KINDS)}")
        try:
            rx = FoldedPattern(_expand(raw["pattern"], fragments))  # = re.compile(..., re.I), scanning faster
        except re.error as e:
            raise RuleError(f"{where}: pattern does not compile: {e}") from None
        seen.add(rid)
        out.append(Trigger(rid, raw["kind"], rx, str(raw.get("why", ""))))
    if not out:
        raise RuleError(f"{path}: no [[trigger]] rules")
    return tuple(out)


def control_triggers(path: str | Path | None = None) -> tuple[Trigger, ...]:
    """The control stage's triggers: the packaged events/control_rules.toml, or another rules file (the events
    stage's `rules` setting: `frontscope ingest --set events.rules=my_rules.toml` tries a changed set)."""
    return _cached(Path(path) if path else CONTROL_RULES)


@cache
def _cached(path: Path) -> tuple[Trigger, ...]:
    return load_triggers(path)
