"""Builds realistic saved Arabic news pages around an article's text, for tests and demos.

A page is what a browser saves from a typical Arabic news site: RTL markup, a cookie notice, a
header with the site menu, a breadcrumb, the article (headline, byline, date, share buttons,
body), related links, tags, a comment form ("اترك تعليقاً"), a "الأكثر قراءة" sidebar, a
newsletter box, a footer, styles, analytics scripts and JSON-LD. Three layouts of the body:

* ``paragraphs``: one ``<p>`` per paragraph, ``<h2>`` sub-headings (WordPress-style);
* ``br``: one ``<div>`` whose paragraphs are separated by ``<br>`` (older CMSs);
* ``divs``: the body split over several ``<div>`` blocks with text directly inside, an ad slot
  and an inline "اقرأ أيضاً" box between them.

Text is HTML-escaped, with some characters written as entities (``&#1548;`` for "،",
``&quot;``, ``&nbsp;``, ``&rlm;``), as CMS editors leave them. ``NewsPage.chrome`` lists every
visible chrome text, so a test can check that none of it reaches the translation.

``site_style`` puts the site's own text *inside* the article container, where extractors keep
it, in the phrasing of one of several kinds of Arabic news site (``SITE_STYLES``): comment
rules, disclaimers, "read also" links, share, follow and newsletter prompts, copyright and
photo-credit lines, the agency sign-off. ``NewsPage.site_text`` lists those blocks and
``NewsPage.article_lines`` the article itself, so ``page_scores.kept_text_score`` can say how
much of what was kept is the article (precision) and how much of the article was kept (recall).

``date_in`` says where the page gives its date: in its markup (``metadata``), only in its URL
(``url``: ``/politics/2024/11/5/slug``; ``url-year``: ``/2024/politics/slug``), or only in a
dateline at the start of the article (``text``).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from tarjama.models.testing.site_styles import SITE_STYLES
from tarjama.models.text.prepare import prepare_article
from tarjama.models.types import ParagraphKind

LAYOUTS = ("paragraphs", "br", "divs")

SITE_NAME = "الأخبار اليوم"
SITE_URL = "https://akhbar-alyawm.example"
MENU = ("الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة وفنون", "تكنولوجيا", "منوعات")
MOST_READ = (
    "ارتفاع أسعار الذهب إلى مستوى قياسي جديد في الأسواق العالمية",
    "منتخب مصر يتأهل إلى نهائي البطولة بعد فوز مثير على منافسه",
    "دراسة حديثة تكشف فوائد المشي اليومي على صحة القلب",
    "الأرصاد تحذر من موجة حر شديدة تضرب المنطقة نهاية الأسبوع",
    "افتتاح أكبر معرض للكتاب في المنطقة بمشاركة ألف دار نشر",
)
RELATED = (
    "وزير الخارجية يبحث مع نظيره سبل تعزيز التعاون الثنائي",
    "البنك الدولي يتوقع تباطؤ النمو الاقتصادي في آسيا الوسطى",
    "قمة إقليمية تناقش أمن الطاقة وممرات النقل الجديدة",
)
COOKIE_NOTICE = (
    "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. "
    "بمتابعة التصفح فإنك توافق على سياسة الخصوصية."
)
COOKIE_BUTTONS = ("موافق", "إعدادات الخصوصية")
SHARE_BUTTONS = ("شارك:", "فيسبوك", "تويتر", "واتساب", "تلغرام", "نسخ الرابط", "طباعة")
COMMENT_FORM = (
    "اترك تعليقاً",
    "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
    "التعليق *",
    "الاسم *",
    "البريد الإلكتروني *",
    "احفظ اسمي وبريدي الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.",
    "إرسال التعليق",
)
NEWSLETTER = ("اشترك في النشرة البريدية", "احصل على أهم الأخبار يومياً في بريدك.", "اشترك الآن")
FOOTER = (
    "من نحن",
    "اتصل بنا",
    "سياسة الخصوصية",
    "شروط الاستخدام",
    f"جميع الحقوق محفوظة © 2024 {SITE_NAME}",
    "زر الذهاب إلى الأعلى",
)
AD_LABEL = "إعلان"
READ_ALSO = "اقرأ أيضاً:"
TAGS_LABEL = "الوسوم:"
TAGS = ("كازاخستان", "علاقات ثنائية", "تقارير دولية")
SCRIPT_TEXT = "شكراً لاشتراكك في النشرة البريدية"

DATE_PLACES = ("metadata", "url", "url-year", "text")
DATELINE_CITY = "القاهرة"
_ARABIC_MONTHS = (
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split()
)

# A block of the body: its kind (None for the site's own text) and its line.
Block = tuple[ParagraphKind | None, str]

STYLE = (
    "body{font-family:'Noto Naskh Arabic',Tahoma,sans-serif;direction:rtl}"
    ".share a{margin:0 4px}.cookie-notice{position:fixed;bottom:0}"
    ".most-read li{border-bottom:1px solid #eee}"
)


@dataclass(frozen=True)
class NewsPage:
    """A saved news page and what it says about its article."""

    html: str
    title: str
    author: str
    date: str  # what a reader can know: YYYY-MM-DD, or YYYY for a year-only URL
    site_name: str
    url: str
    chrome: tuple[str, ...]  # visible texts of the page chrome
    date_source: str = "metadata"  # where the page gives its date
    site_text: tuple[str, ...] = ()  # the site's own text inside the article body
    article_lines: tuple[str, ...] = ()  # the article: title and blocks, as the page shows them


def _text(value: str, *, entities: bool = False) -> str:
    """HTML-escaped text; with entities, as a CMS editor leaves it (&#1548; &nbsp; &rlm;)."""
    escaped = html.escape(value, quote=True)
    if entities:
        escaped = escaped.replace("،", "&#1548;").replace("\xa0", "&nbsp;")
        escaped = escaped.replace("&#x27;", "&#39;")
        escaped = "&rlm;" + escaped
    return escaped


def _article_blocks(text: str) -> tuple[str | None, list[Block], list[str]]:
    """The article's raw title, its other blocks (kind, raw line) and its boilerplate lines."""
    prepared = prepare_article(text)
    dropped = {line.line_number for line in prepared.dropped}
    raw_lines = text.splitlines()
    kept = [
        line.strip()
        for number, line in enumerate(raw_lines, start=1)
        if line.strip() and number not in dropped
    ]
    if len(kept) != len(prepared.paragraphs):
        raise ValueError("article lines and prepared paragraphs do not line up")
    title = None
    blocks = []
    for paragraph, line in zip(prepared.paragraphs, kept, strict=True):
        if paragraph.kind is ParagraphKind.TITLE:
            title = line
        else:
            blocks.append((paragraph.kind, line))
    boilerplate = [d.text.strip() for d in prepared.dropped if d.text.strip()]
    return title, blocks, boilerplate


def _body_paragraphs(blocks: list[Block]) -> str:
    parts = []
    for number, (kind, line) in enumerate(blocks):
        text = _text(line, entities=number % 2 == 0)
        parts.append(f"<h2>{text}</h2>" if kind is ParagraphKind.HEADING else f"<p>{text}</p>")
    return "\n".join(parts)


def _body_br(blocks: list[Block]) -> str:
    parts = []
    for number, (kind, line) in enumerate(blocks):
        text = _text(line, entities=number % 2 == 0)
        parts.append(f"<strong>{text}</strong>" if kind is ParagraphKind.HEADING else text)
    return '<div class="article-text">\n' + "\n<br /><br />\n".join(parts) + "\n</div>"


def _body_divs(blocks: list[Block]) -> str:
    thirds = max(1, len(blocks) // 3)
    sections = [blocks[:thirds], blocks[thirds : 2 * thirds], blocks[2 * thirds :]]
    interludes = [
        f'<div class="ad-slot"><span>{AD_LABEL}</span>'
        '<script>googletag.cmd.push(function(){googletag.display("ad-1")});</script></div>',
        f'<div class="inline-related"><strong>{READ_ALSO}</strong> '
        f'<a href="{SITE_URL}/politics/2">{RELATED[0]}</a></div>',
        "",
    ]
    parts = []
    for section, interlude in zip(sections, interludes, strict=True):
        inner = "\n".join(
            f'<div class="{"subtitle" if kind is ParagraphKind.HEADING else "paragraph"}">'
            f"{_text(line, entities=True)}</div>"
            for kind, line in section
        )
        parts.append(f'<div class="article-section">\n{inner}\n</div>\n{interlude}')
    return '<div class="article-body">\n' + "\n".join(parts) + "\n</div>"


_BODIES = {"paragraphs": _body_paragraphs, "br": _body_br, "divs": _body_divs}


def _with_site_text(blocks: list[Block], style: str) -> list[Block]:
    """The article's blocks with the style's site text (kind None) where the site puts it."""
    placed: list[Block] = list(blocks)
    at = {"top": min(1, len(blocks)), "middle": len(blocks) // 2, "end": len(blocks)}
    inserted = {"top": 0, "middle": 0, "end": 0}
    offset = 0
    for position in ("top", "middle", "end"):
        for where, line in SITE_STYLES[style]:
            if where == position:
                placed.insert(at[position] + offset + inserted[position], (None, line))
                inserted[position] += 1
        offset += inserted[position]
    return placed


def _date_parts(date: str) -> tuple[int, int, int]:
    year, month, day = (int(part) for part in date.split("-"))
    return year, month, day


def news_page(
    text: str,
    *,
    layout: str = "paragraphs",
    headline: str | None = None,
    author: str = "سارة الخطيب",
    date: str = "2024-11-05",
    slug: str = "article",
    site_style: str = "none",
    date_in: str = "metadata",
) -> NewsPage:
    """A saved news page carrying the article ``text`` (one paragraph per line).

    The article's own title line becomes the page headline; ``headline`` gives one to an
    article without a title. Boilerplate lines of the text (breadcrumbs, agency bylines,
    comment prompts) go where a site puts them: the breadcrumb bar, the byline, the comments.
    ``site_style`` adds a site's own text inside the body; ``date_in`` says where the page
    gives its date (see the module docstring).
    """
    if layout not in _BODIES:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    if site_style not in SITE_STYLES:
        raise ValueError(f"site_style must be one of {', '.join(SITE_STYLES)}")
    if date_in not in DATE_PLACES:
        raise ValueError(f"date_in must be one of {', '.join(DATE_PLACES)}")
    title, blocks, boilerplate = _article_blocks(text)
    title = title or headline
    if not title:
        raise ValueError("the article has no title line: pass a headline")
    year, month, day = _date_parts(date)
    known_date, date_source = date, "url" if date_in.startswith("url") else date_in
    if date_in == "metadata":
        url = f"{SITE_URL}/politics/{date.replace('-', '/')}/{slug}"
    elif date_in == "url":
        url = f"{SITE_URL}/politics/{year}/{month}/{day}/{slug}"
    elif date_in == "url-year":
        url, known_date = f"{SITE_URL}/{year}/politics/{slug}", f"{year:04d}"
    else:
        url = f"{SITE_URL}/politics/{slug}"
        dateline = f"{DATELINE_CITY} - {day} {_ARABIC_MONTHS[month - 1]} {year} - "
        first = next(i for i, (kind, _) in enumerate(blocks) if kind is not ParagraphKind.HEADING)
        blocks[first] = (blocks[first][0], dateline + blocks[first][1])
    placed = _with_site_text(blocks, site_style)
    dated = date_in == "metadata"
    published = f"{date}T09:30:00+03:00"
    crumbs = next((line for line in boilerplate if "»" in line), None)
    breadcrumb = _text(crumbs) if crumbs else f"الرئيسية &raquo; سياسة &raquo; {_text(title)}"
    byline_extra = [line for line in boilerplate if line != crumbs]
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            **({"datePublished": published} if dated else {}),
            "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "mainEntityOfPage": url,
        },
        ensure_ascii=False,
    )
    menu = "".join(f'<li><a href="{SITE_URL}/s{i}">{item}</a></li>' for i, item in enumerate(MENU))
    most_read = "".join(
        f'<li><a href="{SITE_URL}/m{i}">{t}</a></li>' for i, t in enumerate(MOST_READ)
    )
    related = "".join(f'<li><a href="{SITE_URL}/r{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    share = " ".join(f'<a href="#" class="share-{i}">{b}</a>' for i, b in enumerate(SHARE_BUTTONS))
    tags = " ".join(f'<a href="{SITE_URL}/tag/{i}" rel="tag">{t}</a>' for i, t in enumerate(TAGS))
    footer = "".join(f"<li>{item}</li>" for item in FOOTER[:4])
    extra = "".join(f'<div class="post-source">{_text(line)}</div>' for line in byline_extra)
    page = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(title)} | {SITE_NAME}</title>
<meta name="description" content="{_text(blocks[0][1][:150])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{_text(title)}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:url" content="{url}">
{f'<meta property="article:published_time" content="{published}">' if dated else ""}
<meta name="author" content="{_text(author)}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="{SITE_URL}/wp-content/themes/news/style.css">
<style>{STYLE}</style>
<script async src="https://www.googletagmanager.example/gtag/js?id=G-XXXX"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}
gtag('js',new Date());gtag('config','G-XXXX');</script>
<script type="application/ld+json">{json_ld}</script>
</head>
<body class="single single-post rtl">
<div class="cookie-notice" role="dialog"><p>{COOKIE_NOTICE}</p>
<button>{COOKIE_BUTTONS[0]}</button> <button>{COOKIE_BUTTONS[1]}</button></div>
<header class="site-header">
<a class="logo" href="{SITE_URL}/">{SITE_NAME}</a>
<nav class="main-menu" aria-label="القائمة الرئيسية"><ul>{menu}</ul></nav>
</header>
<div class="breadcrumbs"><nav aria-label="breadcrumb">{breadcrumb}</nav></div>
<div class="container">
<main id="main" class="content-area">
<article class="post type-post">
<header class="entry-header">
<h1 class="entry-title">{_text(title)}</h1>
<div class="entry-meta">بقلم <span class="author vcard"><a href="{SITE_URL}/author/1">{_text(author)}</a></span>
{f'<span class="sep">|</span> <time class="entry-date published" datetime="{published}">{date}</time>' if dated else ""}</div>
{extra}
<div class="share">{share}</div>
</header>
<div class="entry-content">
{_BODIES[layout](placed)}
</div>
<footer class="entry-footer"><div class="tags">{TAGS_LABEL} {tags}</div>
<div class="share share-bottom">{share}</div></footer>
</article>
<section class="related-posts"><h3>{READ_ALSO}</h3><ul>{related}</ul></section>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">{COMMENT_FORM[0]}</h3>
<form action="{SITE_URL}/wp-comments-post.php" method="post" id="commentform">
<p class="comment-notes">{COMMENT_FORM[1]}</p>
<p><label for="comment">{COMMENT_FORM[2]}</label><textarea id="comment"></textarea></p>
<p><label for="author">{COMMENT_FORM[3]}</label><input id="author" type="text"></p>
<p><label for="email">{COMMENT_FORM[4]}</label><input id="email" type="email"></p>
<p class="comment-form-cookies-consent"><input type="checkbox"> <label>{COMMENT_FORM[5]}</label></p>
<p class="form-submit"><input type="submit" value="{COMMENT_FORM[6]}"></p>
</form></div></div>
</main>
<aside id="secondary" class="sidebar widget-area">
<section class="widget most-read"><h3 class="widget-title">الأكثر قراءة</h3><ol>{most_read}</ol></section>
<section class="widget newsletter"><h3>{NEWSLETTER[0]}</h3><p>{NEWSLETTER[1]}</p>
<form><input type="email" placeholder="البريد الإلكتروني"><button>{NEWSLETTER[2]}</button></form></section>
</aside>
</div>
<footer class="site-footer"><ul class="footer-links">{footer}</ul>
<p class="copyright">جميع الحقوق محفوظة &copy; 2024 {SITE_NAME}</p>
<a href="#" id="back-to-top">{FOOTER[5]}</a></footer>
<script>document.querySelector('.cookie-notice button').addEventListener('click',function(){{
this.parentNode.remove();}});var thanks="{SCRIPT_TEXT}";</script>
</body>
</html>
"""  # noqa: E501 - a page is long lines of markup
    chrome = (
        *MENU,
        *MOST_READ,
        *RELATED,
        COOKIE_NOTICE,
        *COOKIE_BUTTONS,
        *SHARE_BUTTONS,
        *COMMENT_FORM,
        *NEWSLETTER,
        *FOOTER,
        *TAGS,
        "الأكثر قراءة",
        AD_LABEL,
        READ_ALSO,
        TAGS_LABEL,
        SCRIPT_TEXT,
        SITE_NAME,
        author,
    )
    site_text = tuple(line for kind, line in placed if kind is None)
    article_lines = (title, *(line for kind, line in placed if kind is not None))
    return NewsPage(
        page,
        title,
        author,
        known_date,
        SITE_NAME,
        url,
        chrome,
        date_source=date_source,
        site_text=site_text,
        article_lines=article_lines,
    )
