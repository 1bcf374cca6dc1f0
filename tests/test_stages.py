"""The stage registry and the pipeline built from it: order checked, settings merged and refused by name."""

from __future__ import annotations

import datetime as dt

import pytest

from frontscope.ingest.runner import ingest
from frontscope.model import Document
from frontscope.pipeline import Pipeline, merge_config, resolve
from frontscope.stages import StageError, registered, stage
from frontscope.store.db import Store

# Written for the test in the style of a daily assessment: a statement whose sentence gives no date.
UNDATED = ("The Ukrainian General Staff reported that Russian forces conducted a ground assault near Bakhmut.[1]\n\n"
           "[1] https://t.me/example_gs/1\n")
PUBLISHED = dt.date(2022, 9, 11)


def test_the_default_pipeline_is_every_stage_in_order():
    assert Pipeline().names == ["endnotes", "segment", "places", "claims", "events"]
    specs = registered()
    assert specs["claims"].requires == ("sentences", "headings") and specs["claims"].uses == ("places",)
    assert specs["events"].assigns == ("control", "events")


def test_a_stage_asked_alone_brings_what_it_requires():
    assert Pipeline(["claims"]).names == ["endnotes", "segment", "claims"]
    assert Pipeline(["places", "claims"]).names == ["endnotes", "segment", "places", "claims"]
    assert resolve(["events"]) == ["endnotes", "segment", "places", "claims", "events"]


@pytest.mark.parametrize(("names", "message"), [
    (["events", "places"], "stage 'events' requires 'places', which stage 'places' assigns after it: "
                           "put 'places' before 'events'"),
    (["places", "segment"], "stage 'places' requires 'sentences', which stage 'segment' assigns after it"),
    (["claims", "places"], "stage 'claims' uses 'places', which stage 'places' assigns after it"),
    (["segment", "geocode"], "unknown stage 'geocode'; known stages: endnotes, segment, places, claims, events"),
    (["segment", "segment"], "stage 'segment' is listed twice"),
    ([], "no stages given"),
])
def test_a_wrong_order_or_name_is_one_clear_error(names, message):
    with pytest.raises(StageError) as err:
        Pipeline(names)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_config_overrides_a_stage_default_and_changes_what_it_does():
    default = Pipeline(["claims"])
    assert default.config == {"endnotes": {}, "segment": {}, "claims": {"default_said_on": "auto"}}
    published = Pipeline(["claims"], config={"claims": {"default_said_on": "published"}})
    assert published.config["claims"] == {"default_said_on": "published"}
    a = default(Document(text=UNDATED, published=PUBLISHED)).claims
    b = published(Document(text=UNDATED, published=PUBLISHED)).claims
    assert [c.source.name for c in a] == [c.source.name for c in b] == ["Ukrainian General Staff"]
    assert a[0].said_on is None and b[0].said_on == PUBLISHED


@pytest.mark.parametrize(("config", "message"), [
    ({"claims": {"said_on": "published"}}, "stage 'claims' has no setting 'said_on' (its settings: default_said_on)"),
    ({"places": {"fuzzy": False}}, "stage 'places' has no setting 'fuzzy' (its settings: none)"),
    ({"claim": {}}, "config for unknown stage 'claim'"),
    ({"claims": {"default_said_on": 1}}, "setting claims.default_said_on must be str, not int (1)"),
    ({"claims": "published"}, "config of stage 'claims' must be a table of settings, not str"),
    ({"claims": {"default_said_on": "yesterday"}},
     "setting claims.default_said_on is one of auto, none, published, day_before, not 'yesterday'"),
])
def test_an_unknown_setting_is_refused_by_name(config, message):
    with pytest.raises(StageError) as err:
        Pipeline(config=config)
    assert message in str(err.value)
    with pytest.raises(StageError):
        merge_config(["endnotes", "segment", "claims"], config)


def test_a_registration_that_breaks_the_contract_is_refused_and_not_registered():
    before = dict(registered())

    def tagger(doc: Document, *, threshold: float = 0.5) -> None:
        pass

    with pytest.raises(StageError, match="'tags' is not a Document field"):
        stage("tagger", requires=("sentences",), assigns=("tags",))(tagger)
    with pytest.raises(StageError, match="setting 'limit' is not a keyword argument"):
        stage("tagger", default_config={"limit": 3})(tagger)
    with pytest.raises(StageError, match="choices for 'threshold' need a default among them"):
        stage("tagger", default_config={"threshold": 0.5}, choices={"threshold": (0.1, 0.9)})(tagger)
    with pytest.raises(StageError, match="its batch function has no setting 'threshold'"):
        stage("tagger", default_config={"threshold": 0.5}, batch=lambda docs: None)(tagger)
    with pytest.raises(StageError, match="the name is taken by frontscope.claims.attribution.extract_claims"):
        stage("claims", assigns=("claims",))(tagger)
    assert registered() == before


def test_ingest_checks_the_config_before_reading_and_passes_it_to_workers(tmp_path):
    for i in range(2):
        (tmp_path / f"r{i}.txt").write_text(f"Report {i}.\n\n" + UNDATED, encoding="utf-8")
    store = Store.open(tmp_path / "s.db")
    with pytest.raises(StageError, match="no setting 'said_on'"):
        ingest([tmp_path], store, stages=["claims"], workers=1, config={"claims": {"said_on": "published"}})
    assert store.stats()["documents"] == 0
    summary = ingest([tmp_path], store, stages=["claims"], workers=2, published=PUBLISHED,
                     config={"claims": {"default_said_on": "published"}})
    assert (summary.stored, summary.failed) == (2, 0)
    from frontscope.store import queries

    said = [c["said_on"] for c in queries.claims(store)]
    assert len(said) == 2 and set(said) == {PUBLISHED.isoformat()}
