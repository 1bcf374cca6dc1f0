"""The control vocabulary: sides, holders, statuses, source kinds and changes of control, as types.

Every stage speaks these words; before this module they were bare strings with the side baked in
("UA_gain") and each consumer re-parsed them with its own lookup table. Here each word is defined once.

The enums are `StrEnum`s whose values are exactly the strings stored in the database and written to JSON,
so `Side.UA == "UA"`, a member works as a key of a dict keyed by the plain string, and `json.dumps`/SQLite
write the plain value: nothing stored or exported changes. A change of control is a small value,
`Change(kind, side)`; `str(change)` is its stored string and `Change.parse` reads one back.

This is the lowest layer: it imports nothing from frontscope.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    """Whose voice or forces: a warring party, someone else, or not known."""

    UA = "UA"
    RU = "RU"
    OTHER = "other"
    UNKNOWN = "unknown"


# The two warring parties: the only sides that gain, hold or advance.
PARTIES: tuple[Side, Side] = (Side.UA, Side.RU)


class Holder(StrEnum):
    """Who holds a settlement on a day."""

    UA = "UA"
    RU = "RU"
    CONTESTED = "contested"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """How a statement stands: a party's claim, shown by evidence, the analyst's assessment, or denied."""

    CLAIMED = "claimed"
    CONFIRMED = "confirmed"
    ASSESSED = "assessed"
    DENIED = "denied"


class SourceKind(StrEnum):
    """What kind of source speaks (claims/sources.toml gives each registry entry one)."""

    MILITARY = "military"
    GOVERNMENT = "government"
    MILBLOGGER = "milblogger"
    MEDIA = "media"
    OSINT = "osint"
    FOOTAGE = "footage"
    THINK_TANK = "think_tank"
    INTERNATIONAL = "international"
    LOCAL_OFFICIAL = "local_official"
    OTHER = "other"


class ChangeKind(StrEnum):
    """What a control statement says happened; the first three are done by one party."""

    GAIN = "gain"  # the side took the place
    HOLDS = "holds"  # the side holds it
    ADVANCE_NEAR = "advance_near"  # the side's forces attack or advance near it (not taken)
    CONTESTED = "contested"  # fighting inside it, partial gains: no holder
    FIGHTING = "fighting"  # fighting at or for it, the attacker not stated in the change


SIDED = frozenset({ChangeKind.GAIN, ChangeKind.HOLDS, ChangeKind.ADVANCE_NEAR})


def other(side: str | None) -> Side | None:
    """The opposing party of UA or RU; None for any other side ("other", "unknown", "")."""
    if side == Side.UA:
        return Side.RU
    if side == Side.RU:
        return Side.UA
    return None


@dataclass(frozen=True)
class Change:
    """A change of control as a value: `Change(ChangeKind.GAIN, Side.UA)` is stored as "UA_gain"."""

    kind: ChangeKind
    side: Side | None = None

    def __post_init__(self) -> None:
        # Coerce plain strings ("gain", "UA") so Change("gain", "UA") == Change(ChangeKind.GAIN, Side.UA).
        try:
            kind = ChangeKind(self.kind)
        except ValueError:
            raise ValueError(f"unknown change kind {self.kind!r}; kinds: "
                             f"{', '.join(k.value for k in ChangeKind)}") from None
        side = None if self.side is None else Side(self.side) if self.side in PARTIES else self.side
        if kind in SIDED and side not in PARTIES:
            raise ValueError(f"change kind {kind.value!r} needs a side UA or RU, not {self.side!r}")
        if kind not in SIDED and side is not None:
            raise ValueError(f"change kind {kind.value!r} takes no side, got {self.side!r}")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "side", side)

    # Construction ----------------------------------------------------------------------------------

    @classmethod
    def gain(cls, side: str) -> Change:
        return cls(ChangeKind.GAIN, side)

    @classmethod
    def holds(cls, side: str) -> Change:
        return cls(ChangeKind.HOLDS, side)

    @classmethod
    def advance_near(cls, side: str) -> Change:
        return cls(ChangeKind.ADVANCE_NEAR, side)

    @classmethod
    def parse(cls, s: str) -> Change:
        """The change a stored string names ("UA_gain", "fighting"); ValueError naming the string otherwise."""
        try:
            return _BY_STRING[s]
        except (KeyError, TypeError):
            raise ValueError(f"not a change of control: {s!r}; changes: {', '.join(CONTROL_CHANGES)}") from None

    @classmethod
    def get(cls, s: str | None) -> Change | None:
        """Like `parse`, but None for a string outside the vocabulary (records of unknown origin)."""
        return _BY_STRING.get(s) if isinstance(s, str) else None

    # Reading ---------------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.side.value}_{self.kind.value}" if self.side is not None else self.kind.value

    @property
    def is_gain(self) -> bool:
        return self.kind is ChangeKind.GAIN

    @property
    def is_holds(self) -> bool:
        return self.kind is ChangeKind.HOLDS

    @property
    def is_advance_near(self) -> bool:
        return self.kind is ChangeKind.ADVANCE_NEAR

    @property
    def gainer(self) -> Side | None:
        """The side that took the place, for a gain."""
        return self.side if self.kind is ChangeKind.GAIN else None

    @property
    def holder(self) -> Side | None:
        """The side the statement says holds the place afterwards (a gain or a hold); None otherwise."""
        return self.side if self.kind in (ChangeKind.GAIN, ChangeKind.HOLDS) else None

    @property
    def attacker(self) -> Side | None:
        """The side advancing near the place, for an advance_near."""
        return self.side if self.kind is ChangeKind.ADVANCE_NEAR else None


CONTESTED = Change(ChangeKind.CONTESTED)
FIGHTING = Change(ChangeKind.FIGHTING)
# Every change, in the order model.CONTROL_CHANGES has always listed them.
CHANGES: tuple[Change, ...] = (
    Change.gain(Side.UA), Change.gain(Side.RU), Change.holds(Side.UA), Change.holds(Side.RU), CONTESTED,
    Change.advance_near(Side.UA), Change.advance_near(Side.RU), FIGHTING,
)
CONTROL_CHANGES: tuple[str, ...] = tuple(str(c) for c in CHANGES)
_BY_STRING: dict[str, Change] = {str(c): c for c in CHANGES}
