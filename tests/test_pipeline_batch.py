"""Several documents through the pipeline at once (`Pipeline.pipe`, `annotate_chunk`): the same annotations as one
by one, the parser run once for all of them, and a document that fails is reported alone."""

from __future__ import annotations

import datetime as dt

from frontscope.claims import parse
from frontscope.ingest.annotate import Annotated, annotate_chunk, annotate_work
from frontscope.ingest.base import IngestError
from frontscope.model import Document
from frontscope.pipeline import Pipeline
from frontscope.records import rows

# Written for the test in the shape of a daily assessment: each report has a reporting verb coordinated with
# another verb ("blamed ... and claimed", "visited ... and said"), whose subject the rules leave to the parser.
REPORTS = [
    ("The Russian Defense Ministry blamed the blaze on Ukrainian forces and claimed that Russian forces did not "
     "attack Sviatohirsk on May 5.[1] Ukrainian forces repelled an assault near Dovhenke.[2]\n\n"
     "[1] https://t.me/example_mod/1\n[2] https://t.me/example_gs/2\n"),
    ("The Ukrainian General Staff denied the strike and stated that Ukrainian forces held positions near Bilohorivka "
     "on June 2.[1]\n\n[1] https://t.me/example_gs/7\n"),
    ("The Russian-appointed head of Zaporizhia Oblast Yevhen Balytskyi visited Melitopol and said that Russian "
     "forces repelled a raid near Vasylivka on August 20.[1]\n\n[1] https://t.me/example_occupation/3\n"),
]


def _docs(published=dt.date(2022, 8, 25)) -> list[Document]:
    return [Document(text=t, path=f"r{i}.txt", published=published) for i, t in enumerate(REPORTS)]


def test_pipe_gives_each_document_the_annotations_it_gets_alone_and_parses_once():
    pipe = Pipeline()
    pipe.warm_up()
    batches = parse.batches
    alone = [pipe(d) for d in _docs()]
    assert parse.batches == batches + 3  # each report has a sentence for the parser
    together = pipe.pipe(_docs())
    assert parse.batches == batches + 4  # one batch for the three
    assert [rows(d) for d in together] == [rows(d) for d in alone]
    claims = [[(c.source.name, c.cue) for c in d.claims] for d in together]
    assert claims[0][0][0] == "Russian Ministry of Defense" and claims[2] == [("Russian occupation officials", "said")]
    assert all(d.stages_run == pipe.names for d in together)


def test_a_document_that_fails_in_a_chunk_is_reported_alone_and_the_others_are_annotated():
    pipe = Pipeline()
    pipe.warm_up()
    docs = _docs()
    docs[1].published = "2022-06-03"  # a caller's slip: a string where a date belongs (the stages do date maths)
    works = [(d.path, d) for d in docs]
    got = annotate_chunk(works, pipe)
    assert [path for path, _ in got] == ["r0.txt", "r1.txt", "r2.txt"]
    assert isinstance(got[1][1], IngestError) and "pipeline failed" in got[1][1].reason
    assert got[1][1].path == "r1.txt"
    for i in (0, 2):
        assert isinstance(got[i][1], Annotated)
        alone = annotate_work((f"r{i}.txt", _docs()[i]), pipe)[1]
        assert got[i][1].rows == alone.rows and got[i][1].rows["claim"].values
