"""A per-document time budget: a text that would hold up the batch is one recorded failure."""

from __future__ import annotations


def test_a_document_over_its_time_budget_is_one_failure_and_the_batch_goes_on(tmp_path, monkeypatch):
    from frontscope.ingest.runner import ingest
    from frontscope.store.db import Store

    long_one = tmp_path / "a_long.txt"
    long_one.write_text("Russian forces attacked near Bakhmut and Ukrainian forces repelled them, " * 3000,
                        encoding="utf-8")
    short = tmp_path / "b_short.txt"
    short.write_text("Ukrainian forces repelled a Russian assault near Bakhmut.\n", encoding="utf-8")
    store = Store.open(tmp_path / "d.db")
    monkeypatch.setenv("FRONTSCOPE_DOC_BUDGET", "0.2")  # the long text needs seconds
    summary = ingest([str(long_one), str(short)], store, workers=1)
    assert (summary.stored, summary.failed) == (1, 1)
    assert any("a_long.txt" in e and "took longer than 0.2 s" in e for e in summary.errors)
    assert [f["path"] for f in store.failures()] == [str(long_one)] if hasattr(store, "failures") else True


def test_an_alarm_swallowed_inside_a_stage_still_stops_the_document(monkeypatch):
    # Python drops an exception raised in a finaliser or a weakref callback ("Exception ignored in ..."); a
    # library may also catch everything. The budget must hold all the same: the alarm repeats until it lands.
    import time

    from frontscope.ingest.annotate import DocumentTimeout, annotate
    from frontscope.ingest.base import IngestError
    from frontscope.model import Document

    swallowed = []

    def stubborn_stage(doc):
        try:
            while True:
                time.sleep(0.01)
        except DocumentTimeout:
            swallowed.append(True)  # e.g. a finaliser that ran when the alarm came
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            time.sleep(0.01)
        return doc

    monkeypatch.setenv("FRONTSCOPE_DOC_BUDGET", "0.2")
    t0 = time.monotonic()
    out = annotate(Document(text="Russian forces attacked near Bakhmut.", path="slow.txt"), stubborn_stage)
    assert swallowed and isinstance(out, IngestError) and "took longer than 0.2 s" in out.reason
    assert time.monotonic() - t0 < 2
