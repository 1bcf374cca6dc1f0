"""The processing pipeline: registered stages run in a checked order over one `Document`.

Each stage (see `frontscope.stages`) is a function `stage(doc, **config) -> None` that adds annotations to
the document and declares the fields it requires, uses when present and assigns. `Pipeline(names, config)`
checks the list before any document is read:

- a stage whose required field is assigned by no earlier stage pulls in the stage that assigns it
  (`Pipeline(["places"])` runs endnotes → segment → places), unless that stage is listed after it:
  then the order is wrong and the pipeline refuses it, naming both stages;
- a stage that uses a field (claims use places when present) must come after the stage assigning it;
- `config` is {stage: {setting: value}}; each stage's settings are its `default_config` overridden by
  these, and an unknown stage or setting, or a value of the wrong type, is refused.

Models and tables are loaded on a stage's first document (or by `warm_up`), once per process.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from frontscope.model import Document
from frontscope.nlp.language import detect_language
from frontscope.records import claim_record, records  # noqa: F401  (the JSONL records of a document)
from frontscope.stages import StageError, StageFn, StageSpec, get_stage, registered

Config = Mapping[str, Mapping[str, Any]]


def default_stages() -> tuple[str, ...]:
    return tuple(registered())


def resolve(names: Iterable[str], specs: Mapping[str, StageSpec] | None = None) -> list[str]:
    """The stages to run for `names`, in order: what they require pulled in, the order checked."""
    specs = specs if specs is not None else registered()
    asked = list(names)
    if not asked:
        raise StageError(f"no stages given; known stages: {', '.join(specs)}")
    for n in asked:
        if n not in specs:
            raise StageError(f"unknown stage {n!r}; known stages: {', '.join(specs)}")
    twice = sorted({n for n in asked if asked.count(n) > 1})
    if twice:
        raise StageError(f"stage {twice[0]!r} is listed twice")
    rank = {n: i for i, n in enumerate(specs)}
    providers: dict[str, str] = {}
    for s in specs.values():
        for f in s.assigns:
            providers.setdefault(f, s.name)
    out: list[str] = []
    assigned: set[str] = set()

    def add(name: str) -> None:
        missing = [f for f in specs[name].requires if f not in assigned]
        for f in missing:
            if f not in providers:
                raise StageError(f"stage {name!r} requires {f!r}, which no stage assigns")
        pulled = {providers[f] for f in missing} - set(asked)  # stages asked for later are checked below
        for p in sorted(pulled, key=rank.__getitem__):
            if p not in out:
                add(p)
        out.append(name)
        assigned.update(specs[name].assigns)

    for n in asked:
        if n not in out:
            add(n)
    _check_order(out, specs)
    return out


def _check_order(names: list[str], specs: Mapping[str, StageSpec]) -> None:
    for how in ("requires", "uses"):  # a missing requirement is the first thing to say
        for i, name in enumerate(names):
            before = {f for n in names[:i] for f in specs[n].assigns}
            for f in getattr(specs[name], how):
                if f in before:
                    continue
                later = next((n for n in names[i + 1:] if f in specs[n].assigns), None)
                if later is not None:
                    raise StageError(f"stage {name!r} {how} {f!r}, which stage {later!r} assigns after it: "
                                     f"put {later!r} before {name!r}")
                if how == "requires":
                    raise StageError(f"stage {name!r} requires {f!r}, which no earlier stage assigns")


def merge_config(names: Iterable[str], config: Config | None,
                 specs: Mapping[str, StageSpec] | None = None) -> dict[str, dict[str, Any]]:
    """Each stage's settings: its defaults, overridden by `config[stage]`; unknown names are refused."""
    specs = specs if specs is not None else registered()
    config = config or {}
    for name, given in config.items():
        if name not in specs:
            raise StageError(f"config for unknown stage {name!r}; known stages: {', '.join(specs)}")
        if not isinstance(given, Mapping):
            raise StageError(f"config of stage {name!r} must be a table of settings, not {type(given).__name__}")
        defaults = specs[name].default_config
        for key, value in given.items():
            if key not in defaults:
                known = ", ".join(defaults) or "none"
                raise StageError(f"stage {name!r} has no setting {key!r} (its settings: {known})")
            want = defaults[key]
            ok = want is None or isinstance(value, type(want)) or (type(want) is float and type(value) is int)
            if not ok:
                raise StageError(f"setting {name}.{key} must be {type(want).__name__}, not {type(value).__name__} "
                                 f"({value!r})")
            allowed = specs[name].choices.get(key)
            if allowed is not None and value not in allowed:
                raise StageError(f"setting {name}.{key} is one of {', '.join(map(str, allowed))}, not {value!r}")
    merged = {n: {**specs[n].default_config, **config.get(n, {})} for n in names}
    for n in names:
        if specs[n].check is not None and config.get(n):
            try:
                specs[n].check(**merged[n])
            except ValueError as e:
                raise StageError(f"stage {n!r}: {e}") from None
    return merged


def stage_rows() -> list[dict[str, Any]]:
    """Every registered stage in the default order: what it requires, uses and assigns, and its settings."""
    return [{"name": s.name, "requires": list(s.requires), "uses": list(s.uses), "assigns": list(s.assigns),
             "settings": dict(s.default_config), "choices": {k: list(v) for k, v in s.choices.items()},
             "function": f"{s.module}.{s.fn.__qualname__}"}
            for s in registered().values()]


def load_stage(name: str) -> StageFn:
    """Stage `name` with its default settings, as a function of the document alone."""
    spec = get_stage(name)
    return partial(spec.fn, **spec.default_config) if spec.default_config else spec.fn


class Pipeline:
    """`Pipeline(["places"])(doc)` runs endnotes → segment → places on `doc`;
    `Pipeline(config={"claims": {"default_said_on": "published"}})` runs every stage with one setting changed."""

    def __init__(self, stages: Iterable[str] | None = None, config: Config | None = None) -> None:
        specs = registered()
        self.names = resolve(stages if stages is not None else specs, specs)
        self.config = merge_config(self.names, config, specs)
        self._specs = {n: specs[n] for n in self.names}

    def __call__(self, doc: Document) -> Document:
        if not doc.language:
            doc.language = detect_language(doc.text)  # stages pick their English or Cyrillic path by it
        for name in self.names:
            if name in doc.stages_run:
                continue
            self._specs[name].fn(doc, **self.config[name])
            doc.stages_run.append(name)
        return doc

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Run the pipeline over several documents, stage by stage, like spaCy's `Language.pipe`: a stage with a
        batch function (claims: one dependency-parse batch for all of them) gets them together, the others one
        by one. Each document ends with the annotations `self(doc)` gives it. An exception in any document
        propagates and leaves the documents part-annotated: `ingest.annotate.annotate_chunk` runs each again
        alone on a clean copy, so that the failure is reported against its own file."""
        for doc in docs:
            if not doc.language:
                doc.language = detect_language(doc.text)
        for name in self.names:
            todo = [d for d in docs if name not in d.stages_run]
            spec, config = self._specs[name], self.config[name]
            if spec.batch is not None and len(todo) > 1:
                spec.batch(todo, **config)
            else:
                for doc in todo:
                    spec.fn(doc, **config)
            for doc in todo:
                doc.stages_run.append(name)
        return docs

    def warm_up(self) -> None:
        """Load every stage's models and tables now (once per worker process), so that no document pays for
        them: a stage module may define `warm_up()` for what it otherwise loads on first need."""
        self(Document(text="Russian forces attacked near Kupyansk on December 12.[1]\n\n[1] https://example.org/a"))
        for spec in self._specs.values():
            module = importlib.import_module(spec.module)
            if callable(getattr(module, "warm_up", None)):
                module.warm_up()
