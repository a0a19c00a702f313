"""Web pages over gRPC: Article.html in, ArticleMetadata out, per-page errors (fake engine)."""

from __future__ import annotations

import json

import grpc
import pytest

from tarjama.clients.cli.main import main
from tarjama.clients.client import TarjamaClient
from tarjama.models.errors import InvalidInput
from tarjama.models.settings import Settings
from tarjama.models.testing.fake_engines import fake_engines
from tarjama.models.testing.news_pages import news_page
from tarjama.models.types import ArticleRequest
from tarjama.protos.v1 import translation_pb2 as pb

NO_ARTICLE = "<html><body><nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav></body></html>"
SETTINGS = Settings(port=0, max_batch_articles=4, max_page_chars=200_000, grace_seconds=1)


@pytest.fixture(scope="module")
def page(seeds):
    """Seed 001 as a news site's page, with the site's chrome around the article."""
    return news_page(seeds.text("001"), layout="paragraphs", slug="001")


@pytest.fixture(scope="module")
def server(start_module_fake_server):
    return start_module_fake_server(SETTINGS, engines=fake_engines(limits=SETTINGS.limits()))


def page_request(html: str, **article) -> pb.TranslateRequest:
    return pb.TranslateRequest(article=pb.Article(article_id="p1", html=html, **article))


def test_translate_a_page_returns_its_article_and_metadata(stub, page):
    reply = stub.Translate(page_request(page.html), timeout=30)
    assert reply.HasField("metadata")
    assert reply.metadata.title == page.title
    assert (reply.metadata.author, reply.metadata.date) == (page.author, page.date)
    assert (reply.metadata.site_name, reply.metadata.url) == (page.site_name, page.url)
    assert reply.paragraphs[0].kind == pb.PARAGRAPH_KIND_TITLE
    sources = [segment.source for segment in reply.segments]
    assert sources[0] == page.title
    assert not any("الأكثر قراءة" in s or "اترك تعليقاً" in s for s in sources)


def test_text_articles_carry_no_metadata(stub, seeds):
    reply = stub.Translate(
        pb.TranslateRequest(article=pb.Article(text=seeds.text("001"))), timeout=30
    )
    assert not reply.HasField("metadata")


def test_stream_layout_carries_the_metadata(stub, page):
    events = list(stub.TranslateStream(page_request(page.html), timeout=30))
    assert events[0].layout.metadata.author == page.author
    assert events[-1].completed.metadata.date == page.date


# Each case builds the article's fields from the seed page (the fixture), or ignores it.
BAD_PAGES = [
    (lambda page: {"html": NO_ARTICLE}, "page 'p1' has no article text"),
    (lambda page: {"html": page.html, "text": "نص"}, "both text and html"),
    (lambda page: {"html": " \n "}, "page 'p1' is empty"),
    (lambda page: {"html": page.html + " " * 200_000}, "characters of HTML; the limit is 200,000"),
]


@pytest.mark.parametrize(
    ("make_article", "message_part"),
    BAD_PAGES,
    ids=["no article", "text and html", "empty", "over the limit"],
)
def test_bad_pages_are_invalid_argument(stub, page, make_article, message_part):
    article = make_article(page)
    request = pb.TranslateRequest(article=pb.Article(article_id="p1", **article))
    with pytest.raises(grpc.RpcError) as caught:
        stub.Translate(request, timeout=30)
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert message_part in caught.value.details()


def test_batch_mixes_pages_and_text_and_reports_a_bad_page_alone(stub, page):
    request = pb.TranslateBatchRequest(
        articles=[
            pb.Article(article_id="page", html=page.html, url="https://x.example/p"),
            pb.Article(article_id="empty-page", html=NO_ARTICLE),
            pb.Article(article_id="text", text="وقعت كازاخستان وباكستان اتفاقية شراكة."),
        ]
    )
    reply = stub.TranslateBatch(request, timeout=30)
    assert reply.failed == 1
    assert reply.results[0].translation.metadata.title == page.title
    assert reply.results[1].error.code == "INVALID_ARGUMENT"
    assert not reply.results[2].translation.HasField("metadata")


def test_python_client_sends_pages(server, page):
    with TarjamaClient(server.address, timeout=30) as client:
        article = client.translate(html=page.html, article_id="p")
        assert article.metadata is not None and article.metadata.title == page.title
        updates = list(client.translate_stream(html=page.html))
        assert updates[-1].article.metadata.author == page.author
        items = client.translate_batch(
            [ArticleRequest("a", "", html=page.html), ("b", "وقعت كازاخستان اتفاقية.")]
        )
        assert items[0].translation.metadata.site_name == page.site_name
        assert items[1].translation.metadata is None
        with pytest.raises(InvalidInput, match="no article text"):
            client.translate(html=NO_ARTICLE)


def test_eval_run_sends_html_article_testsets(server, tmp_path, capsys, page):
    testset = tmp_path / "pages"
    (testset / "references").mkdir(parents=True)
    (testset / "001.html").write_text(page.html, encoding="utf-8")
    reference = "\n".join(f"English sentence {i}." for i in range(40))
    (testset / "references" / "001.en.txt").write_text(reference, encoding="utf-8")
    out = tmp_path / "results"
    code = main(
        ["eval", "run", "--testset", str(testset), "--server", server.address, "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    written = json.loads((out / "hypotheses" / "001.json").read_text(encoding="utf-8"))
    assert written["metadata"]["title"] == page.title


def test_get_info_reports_the_page_limit(stub):
    assert stub.GetInfo(pb.GetInfoRequest(), timeout=30).limits.max_page_chars == 200_000
