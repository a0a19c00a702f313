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
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

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
    date: str  # YYYY-MM-DD
    site_name: str
    url: str
    chrome: tuple[str, ...]  # visible texts of the page chrome


def _text(value: str, *, entities: bool = False) -> str:
    """HTML-escaped text; with entities, as a CMS editor leaves it (&#1548; &nbsp; &rlm;)."""
    escaped = html.escape(value, quote=True)
    if entities:
        escaped = escaped.replace("،", "&#1548;").replace("\xa0", "&nbsp;")
        escaped = escaped.replace("&#x27;", "&#39;")
        escaped = "&rlm;" + escaped
    return escaped


def _article_blocks(text: str) -> tuple[str | None, list[tuple[ParagraphKind, str]], list[str]]:
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


def _body_paragraphs(blocks: list[tuple[ParagraphKind, str]]) -> str:
    parts = []
    for number, (kind, line) in enumerate(blocks):
        text = _text(line, entities=number % 2 == 0)
        parts.append(f"<h2>{text}</h2>" if kind is ParagraphKind.HEADING else f"<p>{text}</p>")
    return "\n".join(parts)


def _body_br(blocks: list[tuple[ParagraphKind, str]]) -> str:
    parts = []
    for number, (kind, line) in enumerate(blocks):
        text = _text(line, entities=number % 2 == 0)
        parts.append(f"<strong>{text}</strong>" if kind is ParagraphKind.HEADING else text)
    return '<div class="article-text">\n' + "\n<br /><br />\n".join(parts) + "\n</div>"


def _body_divs(blocks: list[tuple[ParagraphKind, str]]) -> str:
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


def news_page(
    text: str,
    *,
    layout: str = "paragraphs",
    headline: str | None = None,
    author: str = "سارة الخطيب",
    date: str = "2024-11-05",
    slug: str = "article",
) -> NewsPage:
    """A saved news page carrying the article ``text`` (one paragraph per line).

    The article's own title line becomes the page headline; ``headline`` gives one to an
    article without a title. Boilerplate lines of the text (breadcrumbs, agency bylines,
    comment prompts) go where a site puts them: the breadcrumb bar, the byline, the comments.
    """
    if layout not in _BODIES:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    title, blocks, boilerplate = _article_blocks(text)
    title = title or headline
    if not title:
        raise ValueError("the article has no title line: pass a headline")
    url = f"{SITE_URL}/politics/{date.replace('-', '/')}/{slug}"
    crumbs = next((line for line in boilerplate if "»" in line), None)
    breadcrumb = _text(crumbs) if crumbs else f"الرئيسية &raquo; سياسة &raquo; {_text(title)}"
    byline_extra = [line for line in boilerplate if line != crumbs]
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"{date}T09:30:00+03:00",
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
<meta property="article:published_time" content="{date}T09:30:00+03:00">
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
<span class="sep">|</span> <time class="entry-date published" datetime="{date}T09:30:00+03:00">{date}</time></div>
{extra}
<div class="share">{share}</div>
</header>
<div class="entry-content">
{_BODIES[layout](blocks)}
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
    return NewsPage(page, title, author, date, SITE_NAME, url, chrome)
