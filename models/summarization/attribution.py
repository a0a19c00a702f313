"""Links written summary sentences back to the source sentences they rest on."""

from __future__ import annotations

from collections.abc import Sequence

from tarjama.models.summarization.similarity import cross_similarity
from tarjama.models.summarization.types import SentenceRef, SummarySentence
from tarjama.models.text.numbers import number_values, supported_values, unsupported_numbers

# A source is cited when it is at least this similar to the summary sentence, and at
# least RELATIVE_FLOOR times as similar as the best match (so weak matches don't pile up).
MIN_SIMILARITY = 0.08
RELATIVE_FLOOR = 0.6
MAX_SOURCES = 3


def attribute_sentences(
    summary_sentences: Sequence[str], sources: Sequence[tuple[SentenceRef, str]]
) -> list[SummarySentence]:
    """Cite the most similar sources of each sentence and flag numbers none of them holds.

    A number the aligned sources lack but another source sentence states pulls that
    sentence in as a citation: the figure came from somewhere, and the reader should
    be sent there. Numbers found in no source at all are reported as unsupported.
    """
    if not summary_sentences:
        return []
    texts = [text for _, text in sources]
    similarity = cross_similarity(summary_sentences, texts) if texts else None
    source_values = [supported_values([text]) for text in texts]
    attributed = []
    for row, sentence in enumerate(summary_sentences):
        cited: list[int] = []
        if similarity is not None and similarity.shape[1]:
            scores = similarity[row]
            best = float(scores.max())
            floor = max(MIN_SIMILARITY, RELATIVE_FLOOR * best)
            ranked = [int(i) for i in scores.argsort()[::-1] if scores[i] >= floor]
            cited = ranked[:MAX_SOURCES]
            cited_values = set().union(*(source_values[i] for i in cited))
            for value in number_values(sentence) - cited_values:
                holders = [i for i, values in enumerate(source_values) if value in values]
                if holders:
                    cited.append(max(holders, key=lambda i: scores[i]))
        cited = sorted(set(cited), key=lambda i: _order_key(sources[i][0]))
        attributed.append(
            SummarySentence(
                text=sentence,
                sources=tuple(sources[i][0] for i in cited),
                unsupported_numbers=tuple(unsupported_numbers(sentence, [texts[i] for i in cited])),
            )
        )
    return attributed


def check_numbers(text: str, sources: Sequence[tuple[SentenceRef, str]]) -> SummarySentence:
    """A sentence with fixed sources (e.g. a fused cluster), numbers checked against them."""
    return SummarySentence(
        text=text,
        sources=tuple(ref for ref, _ in sources),
        unsupported_numbers=tuple(unsupported_numbers(text, [source for _, source in sources])),
    )


def _order_key(ref: SentenceRef) -> tuple[int, int]:
    return ref.article_index, ref.sentence_index
