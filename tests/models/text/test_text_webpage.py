"""Web pages in: realistic Arabic news pages built around the seeds give the seeds' sentences."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tarjama.models.errors import InvalidInput
from tarjama.models.testing.news_pages import LAYOUTS, news_page
from tarjama.models.testing.page_scores import kept_text_score
from tarjama.models.testing.site_styles import SITE_STYLES
from tarjama.models.text.prepare import prepare_article, prepare_page
from tarjama.models.text.webpage import decode_html, extract_page, is_html_name
from tarjama.models.types import ArticleMetadata, ParagraphKind

# Seeds 000 and 003 start with their first paragraph: a page always has a headline.
HEADLINES = {
    "000": "كازاخستان وباكستان توقعان اتفاقية شراكة استراتيجية",
    "003": "الرئيس الصيني يصل إلى كازاخستان في زيارة دولة",
}


def seed_page(seeds, name: str, layout: str = "paragraphs"):
    return news_page(seeds.text(name), layout=layout, headline=HEADLINES.get(name), slug=name)


def chrome_in(sentences: list[str], chrome: tuple[str, ...]) -> list[str]:
    """Chrome texts that reached the sentences: a phrase inside one, or a word as one."""
    found = []
    for text in chrome:
        if len(text.split()) >= 2:
            found += [text for sentence in sentences if text in sentence]
        else:
            found += [text for sentence in sentences if sentence.strip(" .:*") == text]
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_seed_page_gives_the_seed_sentences_and_no_chrome(seeds, seed_path, layout):
    name = seed_path.name[:3]
    page = seed_page(seeds, name, layout)
    expected = prepare_article(seeds.text(name))
    prepared = prepare_page(page.html)

    want = [sentence for _, sentence in expected.sentences]
    want_kinds = [p.kind for p in expected.paragraphs]
    if expected.title is None:  # the page's headline comes first
        want = [page.title, *want]
        want_kinds = [ParagraphKind.TITLE, *want_kinds]
    got = [sentence for _, sentence in prepared.sentences]
    assert got == want
    assert [p.kind for p in prepared.paragraphs] == want_kinds
    assert prepared.title == (expected.title or page.title)
    assert chrome_in(got, page.chrome) == []
    assert prepared.metadata == ArticleMetadata(
        title=page.title,
        author=page.author,
        date=page.date,
        site_name=page.site_name,
        url=page.url,
        date_source="metadata",
    )


def test_page_markup_really_carries_the_chrome(seeds):
    page = seed_page(seeds, "001", "br")
    for marker in ("الأكثر قراءة", "اترك تعليقاً", "<br />", 'dir="rtl"', "&#1548;", "<script"):
        assert marker in page.html
    assert "نستخدم ملفات تعريف الارتباط" in page.html and "&raquo;" in page.html


def test_boilerplate_rules_still_run_after_extraction_and_report_what_they_drop(seeds):
    # Seed 004 brings its own byline, menu word and comment prompts; the br layout leaves them
    # in the extracted text, where the text rules drop and report them.
    prepared = prepare_page(seed_page(seeds, "004", "br").html)
    reasons = {line.text: line.reason for line in prepared.dropped}
    assert reasons["اترك تعليقاً"] == "comment prompt"
    assert reasons["زر الذهاب إلى الأعلى"] == "back-to-top button"
    assert reasons["وكالة أنباء كازاخستان/ أصـــداء"] == "agency byline"
    assert all(line.line_number >= 1 for line in prepared.dropped)


def test_title_is_taken_from_the_page_even_when_the_body_does_not_repeat_it():
    page = "<html><head><title>عنوان الخبر الرئيسي | موقع</title></head><body><article>"
    page += "<p>" + "وقال المتحدث إن الحكومة ستواصل العمل مع الشركاء في المنطقة. " * 4 + "</p>"
    page += "</article></body></html>"
    prepared = prepare_page(page)
    assert prepared.paragraphs[0].kind is ParagraphKind.TITLE
    assert prepared.title == "عنوان الخبر الرئيسي"
    assert prepared.paragraphs[1].kind is ParagraphKind.BODY


def test_a_fragment_without_html_element_is_extracted():
    body = "<div><p>" + "أعلنت الوزارة عن خطة جديدة لدعم المزارعين في المناطق الريفية. " * 4
    extracted = extract_page(body + "</p></div>")
    assert extracted.text.startswith("أعلنت الوزارة")


def test_page_declaring_another_language_is_still_extracted(seeds):
    page = seed_page(seeds, "001").html.replace(
        '<meta charset="utf-8">',
        '<meta charset="utf-8"><meta http-equiv="content-language" content="en">',
    )
    prepared = prepare_page(page)
    assert prepared.title.startswith("باكستان وقرغيزستان")


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>الرئيسية</a> <a href='/a'>سياسة</a></nav></body></html>",
        "<html><head><title>404</title></head><body></body></html>",
        "<html><body><script>var x = 'نص داخل برنامج';</script><style>p{}</style></body></html>",
        "<html><body><h1>عنوان فقط بلا خبر</h1></body></html>",
    ],
)
def test_page_without_an_article_is_a_clear_error(page):
    with pytest.raises(InvalidInput, match="page 'x' has no article text"):
        prepare_page(page, label="page 'x'")


def test_empty_page_and_size_limits(seeds):
    with pytest.raises(InvalidInput, match="is empty"):
        prepare_page("  \n ")
    html = seed_page(seeds, "001").html
    with pytest.raises(InvalidInput, match=r"characters of HTML; the limit is 1,000"):
        prepare_page(html, max_page_chars=1_000)
    with pytest.raises(InvalidInput, match=r"the article in page has .* the limit is 500"):
        prepare_page(html, max_article_chars=500)


def test_metadata_fields_are_single_line_and_bounded(seeds):
    page = seed_page(seeds, "001").html.replace("سارة الخطيب", "سارة\nالخطيب " + "ب" * 2000)
    metadata = prepare_page(page).metadata
    assert "\n" not in metadata.author and len(metadata.author) <= 500


def test_url_sent_with_the_page_fills_in_when_the_page_names_none():
    page = "<html><body><article><p>" + "جملة عربية طويلة عن الاقتصاد والتجارة. " * 8
    extracted = extract_page(page + "</p></article></body></html>", url="https://x.example/a")
    assert extracted.metadata.url == "https://x.example/a"


def test_decode_html_reads_declared_legacy_charsets_and_boms():
    text = "<html><head><meta charset='windows-1256'></head><body><p>خبر عاجل</p></body></html>"
    assert "خبر عاجل" in decode_html(text.encode("cp1256"))
    http_equiv = text.replace(
        "<meta charset='windows-1256'>",
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">',
    )
    assert "خبر عاجل" in decode_html(http_equiv.encode("iso8859-6"))
    assert decode_html(codecs.BOM_UTF8 + "<p>نص</p>".encode()) == "<p>نص</p>"
    assert decode_html(codecs.BOM_UTF16_LE + "<p>نص</p>".encode("utf-16-le")) == "<p>نص</p>"
    # Declared UTF-8 but really windows-1256: the declaration is wrong, so the bytes decide.
    wrong = text.replace("windows-1256", "utf-8").encode("cp1256")
    assert decode_html(wrong)  # decodes without raising


def test_html_file_names():
    assert is_html_name("page.html") and is_html_name("PAGE.HTM")
    assert not is_html_name("page.txt") and not is_html_name("html")


def test_a_hand_written_page_of_another_cms():
    # Different markup from the generated pages: itemprop body, figure, inline "اقرأ أيضا",
    # an ad slot inside the body, a reader's comment, "/" breadcrumb, no canonical URL.
    page = (Path(__file__).parent / "data" / "nahar_page.html").read_text(encoding="utf-8")
    prepared = prepare_page(page)
    assert prepared.metadata == ArticleMetadata(
        title="وزير الطاقة: محطة الرياح الجديدة تدخل الخدمة قبل نهاية العام",
        author="محمد عبد الرحمن",
        date="2024-03-12",
        site_name="بوابة النهار",
        url="",
        date_source="metadata",
    )
    assert [sentence for _, sentence in prepared.sentences] == [
        "وزير الطاقة: محطة الرياح الجديدة تدخل الخدمة قبل نهاية العام",
        "قال وزير الطاقة إن محطة الرياح الجديدة في خليج السويس ستدخل الخدمة قبل نهاية العام "
        "الجاري، بقدرة تبلغ 500 ميجاوات.",
        'وأضاف الوزير خلال مؤتمر صحفي اليوم الثلاثاء: "أنجزنا 80 في المئة من أعمال التركيب.',
        'ستبدأ التجارب التشغيلية الشهر المقبل."',
        "وأشار إلى أن المشروع يوفر نحو ألفي فرصة عمل.",
        "وأوضح أن الحكومة تستهدف رفع نسبة الطاقة المتجددة إلى 42 في المئة من مزيج الكهرباء "
        "بحلول عام 2030، مع التوسع في مشروعات الطاقة الشمسية في أسوان.",
        "ولفت إلى أن تكلفة المشروع تبلغ نحو 600 مليون دولار، بتمويل من بنوك تنمية دولية.",
    ]
    assert [(line.reason, line.text[:9]) for line in prepared.dropped] == [
        ("related-links line", "اقرأ أيضا")
    ]


@pytest.mark.parametrize("style", [s for s in SITE_STYLES if s != "none"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_site_text_in_the_body_is_dropped_and_the_article_kept(seeds, style, layout):
    page = news_page(
        seeds.text("001"), layout=layout, site_style=style, headline=HEADLINES.get("001")
    )
    prepared = prepare_page(page.html, url=page.url)
    score = kept_text_score(page, prepared)
    assert (score.precision, score.recall) == (1.0, 1.0)
    dropped = " ".join(line.text for line in prepared.dropped)
    assert all(text.split()[0] in dropped for text in page.site_text)
