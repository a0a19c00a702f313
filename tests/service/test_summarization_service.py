"""SummarizationService over a real gRPC server with the fake translation engine."""

from __future__ import annotations

import grpc
import pytest

from tarjama.models.limits import Limits
from tarjama.models.settings import Settings
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.protos.converters import summary_from_pb
from tarjama.protos.v1 import summarization_pb2 as spb
from tarjama.protos.v1 import summarization_pb2_grpc
from tarjama.protos.v1 import translation_pb2 as pb
from tarjama.service.server import SUMMARIZATION_SERVICE

# A headline and site furniture only: nothing is left to summarize after boilerplate removal.
TITLE_ONLY = "كازاخستان وتركيا تدخلان مرحلة جديدة\n\nشارك المقال\n\nاقرأ أيضا"
SETTINGS = Settings(port=0, max_article_chars=50_000, grace_seconds=2)
MAX_ARTICLES = 6


@pytest.fixture(scope="module")
def seed_texts(seeds):
    return [path.read_text(encoding="utf-8") for path in seeds.paths]


@pytest.fixture(scope="module")
def server(start_module_fake_server):
    engines = fake_engines(
        limits=SETTINGS.limits(),
        summarizer=Summarizer(limits=Limits(max_collection_articles=MAX_ARTICLES)),
    )
    return start_module_fake_server(SETTINGS, engines=engines)


@pytest.fixture(scope="module")
def stub(server):
    assert SUMMARIZATION_SERVICE in server.services
    with grpc.insecure_channel(server.address) as channel:
        yield summarization_pb2_grpc.SummarizationServiceStub(channel)


def article(text: str, article_id: str = "a") -> pb.Article:
    return pb.Article(article_id=article_id, text=text)


def collection_request(texts, **fields) -> spb.SummarizeCollectionRequest:
    return spb.SummarizeCollectionRequest(
        request_id="col-1",
        articles=[article(text, f"a{i}") for i, text in enumerate(texts)],
        **fields,
    )


def test_summarize_article_cites_sentences_of_the_returned_translation(stub, seed_texts):
    reply = stub.SummarizeArticle(
        spb.SummarizeArticleRequest(
            request_id="r1",
            article=article(seed_texts[4], "004"),
            method=spb.SUMMARY_METHOD_EXTRACTIVE,
            length=spb.SummaryLength(sentences=3),
        ),
        timeout=60,
    )
    assert reply.request_id == "r1"
    assert reply.translation.article_id == "004"
    summary = summary_from_pb(reply.summary)
    assert summary.method.value == "extractive" and len(summary.sentences) == 3
    for sentence in summary.sentences:
        [ref] = sentence.sources
        assert ref.article_index == 0
        assert reply.translation.segments[ref.sentence_index].translation == sentence.text


def test_auto_without_weights_falls_back_with_a_note(stub, seed_texts):
    reply = stub.SummarizeArticle(
        spb.SummarizeArticleRequest(article=article(seed_texts[0])), timeout=60
    )
    assert reply.summary.method == spb.SUMMARY_METHOD_EXTRACTIVE
    assert len(reply.summary.sentences) == 4  # the default length
    assert reply.summary.notes and "extractive" in reply.summary.notes[0]
    assert reply.request_id  # generated when the caller sent none


@pytest.mark.slow
def test_collection_streams_progress_in_order_and_ends_with_the_summary(stub, seed_texts):
    events = list(stub.SummarizeCollection(collection_request(seed_texts), timeout=120))
    total = len(seed_texts)
    assert [e.stage for e in events].count(spb.COLLECTION_STAGE_ARTICLE_TRANSLATED) == total
    assert [e.stage for e in events].count(spb.COLLECTION_STAGE_ARTICLE_SUMMARIZED) == total
    assert events[-1].stage == spb.COLLECTION_STAGE_COLLECTION_DONE
    assert all(e.request_id == "col-1" and e.articles_total == total for e in events)
    assert [e.articles_done for e in events] == sorted(e.articles_done for e in events)
    for index in range(total):
        stages = [e.stage for e in events[:-1] if e.article.article_index == index]
        assert stages == [
            spb.COLLECTION_STAGE_ARTICLE_TRANSLATED,
            spb.COLLECTION_STAGE_ARTICLE_SUMMARIZED,
        ]
    final = events[-1]
    assert final.articles_done == total and len(final.articles) == total
    collection = summary_from_pb(final.collection_summary)
    assert 1 <= len(collection.sentences) <= 8
    for sentence in collection.sentences:
        assert sentence.sources
        for ref in sentence.sources:
            segments = final.articles[ref.article_index].translation.segments
            assert 0 <= ref.sentence_index < len(segments)


def test_one_failed_article_is_reported_and_the_rest_goes_on(stub, seed_texts):
    texts = [seed_texts[0], "", seed_texts[2], TITLE_ONLY]
    events = list(stub.SummarizeCollection(collection_request(texts), timeout=120))
    failed = {e.article.article_index: e.article.error for e in events
              if e.stage == spb.COLLECTION_STAGE_ARTICLE_FAILED}  # fmt: skip
    assert set(failed) == {1, 3}
    assert all(error.code == "INVALID_ARGUMENT" for error in failed.values())
    assert "empty" in failed[1].message
    assert "no body text to summarize" in failed[3].message
    final = events[-1]
    assert final.stage == spb.COLLECTION_STAGE_COLLECTION_DONE and final.articles_done == 4
    assert final.articles[0].summary.sentences and final.articles[2].summary.sentences
    cited = {ref.article_index for s in final.collection_summary.sentences for ref in s.sources}
    assert cited and cited <= {0, 2}


def test_collection_where_every_article_fails_still_finishes(stub):
    events = list(stub.SummarizeCollection(collection_request(["", TITLE_ONLY]), timeout=60))
    assert events[-1].stage == spb.COLLECTION_STAGE_COLLECTION_DONE
    assert not events[-1].collection_summary.sentences
    assert "no article could be summarized" in events[-1].collection_summary.notes


def invalid_collections(seed_texts):
    bad_length = spb.SummaryLength(sentences=0)
    return {
        "empty collection": (collection_request([]), "collection is empty"),
        "over the size limit": (
            collection_request([seed_texts[0]] * (MAX_ARTICLES + 1)),
            f"the limit is {MAX_ARTICLES}",
        ),
        "article length": (
            collection_request(seed_texts[:1], article_length=bad_length),
            "length.sentences must be between 1 and 20",
        ),
        "collection length": (
            collection_request(seed_texts[:1], collection_length=spb.SummaryLength(words=501)),
            "length.words must be between 10 and 500",
        ),
        "both length fields": (
            collection_request(
                seed_texts[:1], collection_length=spb.SummaryLength(sentences=3, words=50)
            ),
            "not both",
        ),
    }


# The case names (the requests are built in the test, from the seeds).
@pytest.mark.parametrize("case", sorted(invalid_collections([""])))
def test_invalid_collections_are_invalid_argument_before_any_event(stub, case, seed_texts):
    request, message = invalid_collections(seed_texts)[case]
    received = []
    with pytest.raises(grpc.RpcError) as caught:
        for event in stub.SummarizeCollection(request, timeout=30):
            received.append(event)
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert message in caught.value.details()
    assert received == []


# Each case picks its article's text given the first seed's (from the fixture).
@pytest.mark.parametrize(
    ("pick_text", "length", "message"),
    [
        (lambda seed: seed, spb.SummaryLength(sentences=21), "between 1 and 20 (got 21)"),
        (lambda seed: seed, spb.SummaryLength(words=9), "between 10 and 500 (got 9)"),
        (lambda seed: "", None, "empty"),
        (lambda seed: TITLE_ONLY, None, "no body text to summarize"),
    ],
    ids=["21 sentences", "9 words", "empty", "title only"],
)
def test_invalid_article_requests_are_invalid_argument(
    stub, seed_texts, pick_text, length, message
):
    text = pick_text(seed_texts[0])
    request = spb.SummarizeArticleRequest(article=article(text), length=length)
    with pytest.raises(grpc.RpcError) as caught:
        stub.SummarizeArticle(request, timeout=30)
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert message in caught.value.details()


def test_abstractive_without_a_model_is_not_found(stub, seed_texts):
    request = spb.SummarizeArticleRequest(
        article=article(seed_texts[0]), method=spb.SUMMARY_METHOD_ABSTRACTIVE
    )
    with pytest.raises(grpc.RpcError) as caught:
        stub.SummarizeArticle(request, timeout=30)
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND
    assert "not available offline" in caught.value.details()


@pytest.mark.slow
def test_progress_arrives_while_the_collection_is_still_running(start_fake_server, seed_texts):
    import time

    # every translation batch takes a while
    engines = fake_engines(FakeBackend(delay_per_batch=0.05), summarizer=Summarizer())
    running = start_fake_server(SETTINGS, engines=engines)
    with grpc.insecure_channel(running.address) as channel:
        stub = summarization_pb2_grpc.SummarizationServiceStub(channel)
        arrivals = []
        for event in stub.SummarizeCollection(collection_request(seed_texts), timeout=60):
            arrivals.append((time.monotonic(), event.stage))
    first_article_event, done = arrivals[0][0], arrivals[-1][0]
    assert arrivals[-1][1] == spb.COLLECTION_STAGE_COLLECTION_DONE
    assert done - first_article_event > 0.1, "events were held back until the end"
