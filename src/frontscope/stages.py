"""The stage registry: each pipeline stage is registered by name with what it reads, writes and takes.

Like spaCy's `Language.factory`, a stage function is decorated where it is defined:

    @stage("claims", requires=("sentences",), uses=("places",), assigns=("claims",),
           default_config={"default_said_on": "auto"})
    def extract_claims(doc: Document, *, default_said_on: str = "auto") -> None: ...

- `requires`: `Document` fields a stage cannot work without; an earlier stage must assign them.
- `uses`: fields it reads when present (claims skip place names as sources): a stage assigning one must
  run before it, but asking for the stage does not pull that one in.
- `assigns`: the fields it fills.
- `default_config`: its settings (keyword arguments of the function); a pipeline's config overrides them.
- `choices`: for a setting that takes one of a few values, those values (anything else is refused up front).
- `check`: a function of the merged settings that raises ValueError on a value no document could run with
  (a rules file that does not load); the pipeline calls it before any document is read.
- `batch`: optionally, the same stage over a list of documents, with the same settings (spaCy's
  `Pipe.pipe`): `Pipeline.pipe` hands it several documents at once. It must annotate each document exactly as
  the stage function would; the claims stage uses it to run the dependency parser once for all of them.

`frontscope.pipeline.Pipeline` checks the order and the config against these declarations. The modules in
`STAGE_MODULES` hold the stages; they are imported (and so registered) on the first look-up, not when this
module is imported, so that reading the CLI's --help does not load the NLP modules.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from frontscope.model import Document

StageFn = Callable[..., None]

# Where the stages are defined, in the default order of the pipeline (spaCy finds its factories through
# entry points; frontscope's are its own modules).
STAGE_MODULES: tuple[str, ...] = (
    "frontscope.nlp.endnotes",
    "frontscope.nlp.segment",
    "frontscope.geo.geocoder",
    "frontscope.claims.attribution",
    "frontscope.events.extract",
)


class StageError(ValueError):
    """A pipeline that cannot run as asked: an unknown stage or setting, or stages in the wrong order."""


@dataclass(frozen=True)
class StageSpec:
    name: str
    fn: StageFn
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    default_config: Mapping[str, Any] = field(default_factory=dict)
    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    check: Callable[..., None] | None = None
    batch: Callable[..., None] | None = None

    @property
    def module(self) -> str:
        return self.fn.__module__


_REGISTRY: dict[str, StageSpec] = {}
_DOC_FIELDS = frozenset(Document.__dataclass_fields__)


def stage(name: str, *, requires: tuple[str, ...] = (), uses: tuple[str, ...] = (), assigns: tuple[str, ...] = (),
          default_config: Mapping[str, Any] | None = None,
          choices: Mapping[str, tuple[Any, ...]] | None = None,
          check: Callable[..., None] | None = None,
          batch: Callable[..., None] | None = None) -> Callable[[StageFn], StageFn]:
    """Register the decorated function as the pipeline stage `name` (the function itself is unchanged)."""

    def register(fn: StageFn) -> StageFn:
        where = f"stage {name!r} ({fn.__module__}.{fn.__qualname__})"
        unknown = [f for f in (*requires, *uses, *assigns) if f not in _DOC_FIELDS]
        if unknown:
            raise StageError(f"{where}: {', '.join(map(repr, unknown))} is not a Document field")
        params = inspect.signature(fn).parameters
        for key in default_config or {}:
            p = params.get(key)
            if p is None or p.kind not in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD):
                raise StageError(f"{where}: setting {key!r} is not a keyword argument of the function")
        if batch is not None:
            takes = inspect.signature(batch).parameters
            lacking = [key for key in default_config or {} if key not in takes]
            if lacking:
                raise StageError(f"{where}: its batch function has no setting {lacking[0]!r}")
        for key, allowed in (choices or {}).items():
            if key not in (default_config or {}) or default_config[key] not in allowed:
                raise StageError(f"{where}: choices for {key!r} need a default among them")
        old = _REGISTRY.get(name)
        if old is not None and (old.module, old.fn.__qualname__) != (fn.__module__, fn.__qualname__):
            raise StageError(f"{where}: the name is taken by {old.module}.{old.fn.__qualname__}")
        _REGISTRY[name] = StageSpec(name, fn, tuple(requires), tuple(uses), tuple(assigns),
                                    dict(default_config or {}), {k: tuple(v) for k, v in (choices or {}).items()},
                                    check, batch)
        return fn

    return register


def registered() -> dict[str, StageSpec]:
    """Every stage by name, in the default order (the order of `STAGE_MODULES`)."""
    for module in STAGE_MODULES:
        importlib.import_module(module)
    rank = {m: i for i, m in enumerate(STAGE_MODULES)}
    ordered = sorted(_REGISTRY.values(), key=lambda s: rank.get(s.module, len(rank)))  # stable within a module
    return {s.name: s for s in ordered}


def get_stage(name: str) -> StageSpec:
    specs = registered()
    if name not in specs:
        raise StageError(f"unknown stage {name!r}; known stages: {', '.join(specs)}")
    return specs[name]
