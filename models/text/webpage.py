"""Extracts the article text and its metadata from a saved news web page with trafilatura.

Choices:

* trafilatura finds the main text and drops the page chrome (menus, breadcrumbs, sidebars,
  related links, share widgets, cookie banners, comment forms, scripts and styles).  It is
  called with ``target_language="ar"`` (jusText, its fallback extractor, then uses its Arabic
  stoplist), ``include_comments=False`` (readers' comments are not the article) and
  ``with_metadata=True`` (title, author, site name, canonical URL).
* The language hint also makes trafilatura discard a page whose markup declares another
  language (``<meta http-equiv="content-language">``, or, where py3langid is installed, whose
  text reads as another).  Arabic CMS templates often declare the wrong one, so a page
  discarded that way is extracted once more without the hint; deciding on the article's
  language is the job of the checks after extraction, which see the text itself.
* A fragment without ``<html>`` (an article body from a CMS API) is wrapped in a document,
  since trafilatura rejects bare fragments.
* The date is the page's own publication date at the precision known
  (``models.text.publication_date``: its markup, else its URL), with ``date_source`` saying
  which; ``prepare_page`` then lets the article's dateline fill it in or refine it, since
  preparing the article reads the dateline anyway.  trafilatura's date is not used, since it
  pads a bare year to ``YYYY-01-01``.
* Metadata values are single-spaced and at most ``MAX_METADATA_CHARS`` long: they come from
  the page, which can put anything in them.
* Bytes from disk are decoded by their byte-order mark, then their declared ``<meta charset>``
  (legacy Arabic sites still use windows-1256), then UTF-8, then trafilatura's guess.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
from dataclasses import dataclass

from tarjama.models.errors import InvalidInput
from tarjama.models.text.publication_date import publication_date
from tarjama.models.types import ArticleMetadata

TARGET_LANGUAGE = "ar"
MAX_METADATA_CHARS = 500
HTML_SUFFIXES = (".html", ".htm")

# Per the HTML standard the charset declaration sits in the first 1024 bytes; allow a few more.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What browsers actually use for these labels (WHATWG Encoding): a page declaring ISO-8859-1
# is read as windows-1252, and a <meta> can never really mean UTF-16.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_DOCUMENT_START = re.compile(r"<(?:!doctype|html|head|body)\b", re.I)


@dataclass(frozen=True)
class ExtractedPage:
    """A page's article body (one paragraph per line) and what the page says about it."""

    text: str
    metadata: ArticleMetadata


def is_html_name(name: str) -> bool:
    """Whether a file name says it is a web page (.html / .htm)."""
    return name.lower().endswith(HTML_SUFFIXES)


def decode_html(data: bytes) -> str:
    """Decode a saved page: BOM, then declared charset, then UTF-8, then a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # trafilatura is in the [serve] extra; a client-only install sends what it can
        from trafilatura.utils import decode_file  # heavy, and absent from a bare install
    except ImportError:
        return data.decode("utf-8", errors="replace")
    return decode_file(data)


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", errors="replace").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def extract_page(html: str, *, url: str = "", label: str = "page") -> ExtractedPage:
    """The article of a web page; InvalidInput when the page holds no article text."""
    if not _DOCUMENT_START.search(html[:_PRESCAN_BYTES]):
        html = f"<html><body>{html}</body></html>"
    document = _extract(html, url, TARGET_LANGUAGE)
    if document is None:
        document = _extract(html, url, None)  # see the module docstring on the language hint
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        raise no_article(label)
    return ExtractedPage(text=text, metadata=_metadata(document, url, html))


def no_article(label: str) -> InvalidInput:
    """The error for a page that holds no article (an index, error or empty page)."""
    return InvalidInput(
        f"{label} has no article text to extract (an index, error or empty page?); "
        "send the article page itself, or its plain text"
    )


def _extract(html: str, url: str, language: str | None):
    from trafilatura import bare_extraction  # heavy: the [serve] extra, lxml and more

    _quiet_trafilatura()
    return bare_extraction(
        html,
        url=url or None,
        target_language=language,
        include_comments=False,
        with_metadata=True,
    )


@functools.cache
def _quiet_trafilatura() -> None:
    # trafilatura logs every page it discards; tarjama reports those itself, once, per article.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def _clean(value: object) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_METADATA_CHARS else text[: MAX_METADATA_CHARS - 1] + "…"


def _metadata(document, url: str, html: str) -> ArticleMetadata:
    page_url = _clean(document.url or url)
    # Not trafilatura's date: it pads a year it guessed from the URL or text to YYYY-01-01.
    date = publication_date(html, page_url)  # the dateline: prepare_page
    return ArticleMetadata(
        title=_clean(document.title),
        author=_clean(document.author),
        date=date.value if date else "",
        site_name=_clean(document.sitename),
        url=page_url,
        date_source=date.source if date else "",
    )
