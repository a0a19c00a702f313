"""The hot path tokenizes each sentence once: the planner's ids travel to the backend."""

from __future__ import annotations

from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.models.types import ArticleRequest, GenerationOptions

ARTICLE = "عنوان الخبر\n\nقال الوزير إن الاجتماع ناجح. وأضاف أن المحادثات ستستمر.\n\nوختم بالشكر."


def test_each_sentence_is_tokenized_once_through_the_shared_batcher_and_cache():
    backend = FakeBackend()
    engines = fake_engines(backend, batching="dynamic", cache_entries=100)
    try:
        article = engines.article_translator.translate(
            ArticleRequest("a1", ARTICLE), GenerationOptions()
        )
    finally:
        engines.close()
    sentences = [segment.source for segment in article.segments if segment.source.strip()]
    assert len(sentences) == 4
    assert backend.encoded_texts == len(sentences)
    assert sum(len(batch.texts) for batch in backend.batches) == len(sentences)


class CountingTokenizer:
    """Delegates to a real tokenizer and counts the texts it is asked to tokenize."""

    def __init__(self, inner):
        self.inner = inner
        self.texts = 0

    def __call__(self, texts, *args, **kwargs):
        self.texts += 1 if isinstance(texts, str) else len(texts)
        return self.inner(texts, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_the_hf_backend_decodes_from_the_planners_ids(tiny_marian_translator):
    backend = tiny_marian_translator.backend
    sentences = ["قال الوزير إن الاجتماع ناجح.", "وأضاف أن المحادثات ستستمر.", "شكرا."]
    expected = tiny_marian_translator.translate_all(sentences, GenerationOptions(beam_size=1))
    counting = CountingTokenizer(backend.tokenizer)
    backend.tokenizer = counting
    try:
        again = tiny_marian_translator.translate_all(sentences, GenerationOptions(beam_size=1))
    finally:
        backend.tokenizer = counting.inner
    assert counting.texts == len(sentences)  # the planner's encode(), nothing after it
    assert [t.translation for t in again] == [t.translation for t in expected]
