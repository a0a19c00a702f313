"""Document-level scores: each document's segments joined into one segment, then scored."""

from __future__ import annotations

from typing import Any

from sacrebleu.metrics import BLEU, CHRF

from tarjama.clients.evaluation.inputs import AlignedCorpus
from tarjama.clients.evaluation.translation_metrics import score_corpus

# TER's shift search grows quadratically with segment length: on whole articles it takes
# seconds per document, so document level reports BLEU and the chrF scores only.
DOCUMENT_METRICS = ("BLEU", "chrF2", "chrF2++")


def group_by_document(corpus: AlignedCorpus) -> AlignedCorpus:
    """One segment per document, in order of first appearance; segments joined by a space."""
    if corpus.documents is None:
        raise ValueError("the corpus has no document ids")
    order: dict[str, list[int]] = {}
    for position, document in enumerate(corpus.documents):
        order.setdefault(document, []).append(position)

    def join(lines: list[str]) -> list[str]:
        return [" ".join(lines[p] for p in positions if lines[p]) for positions in order.values()]

    return AlignedCorpus(
        segment_ids=list(order),
        references=[join(stream) for stream in corpus.references],
        hypotheses={name: join(lines) for name, lines in corpus.hypotheses.items()},
        sources=join(corpus.sources) if corpus.sources is not None else None,
        documents=list(order),
        levels=["document"] * len(order),
    )


def document_scores(corpus: AlignedCorpus) -> dict[str, Any]:
    """Corpus scores over whole documents, plus BLEU and chrF of each document."""
    documents = group_by_document(corpus)
    segment_counts: dict[str, int] = {}
    for document in corpus.documents or []:
        segment_counts[document] = segment_counts.get(document, 0) + 1
    # Sentence-level BLEU needs smoothing to be meaningful on one document; sacrebleu's
    # effective-order BLEU is its recommended setting for that.
    bleu, chrf = BLEU(effective_order=True), CHRF()
    per_document = []
    for position, document in enumerate(documents.segment_ids):
        hyp = documents.system[position]
        refs = [stream[position] for stream in documents.references]
        per_document.append(
            {
                "id": document,
                "segments": segment_counts.get(document, 1),
                "BLEU": round(bleu.sentence_score(hyp, refs).score, 4),
                "chrF2": round(chrf.sentence_score(hyp, refs).score, 4),
            }
        )
    scores = score_corpus(documents.system, documents.references, metric_names=DOCUMENT_METRICS)
    return {
        "count": len(documents),
        "metrics": list(DOCUMENT_METRICS),
        "scores": {name: result.to_json() for name, result in scores.items()},
        "per_document": per_document,
        "sentence_bleu_signature": str(bleu.get_signature()),
        "sentence_chrf_signature": str(chrf.get_signature()),
    }
