"""Site text that news sites put inside the article body: the site speaking, not the story.

Extractors keep what sits in the article container, and sites put their own text there:
comment rules, disclaimers, "read also" links, share and follow prompts, newsletter and app
calls, copyright and photo-credit lines.  Each rule keys on how the site addresses its reader
or names itself, never on a topic word alone, because a news story can be *about* a privacy
policy, a newsletter or a photograph:

* comment policy and disclaimers: phrases only a site uses about its comments and columns
  ("نرحب بالنقاش الحيوي", "ننصحك بمراجعة إرشادات الاستخدام", "الآراء الواردة في التعليقات
  تعبر عن آراء أصحابها"), and any line saying whose view a text does or does not reflect when
  that is the site's or its writers' ("لا تعبر عن رأي موقع X", "تعكس وجهات نظر أصحابها"; not
  "لا تعبر عن موقف الحكومة"); a line right after such a line that speaks of comments, the
  site, its terms or privacy policy continues the same notice;
* newsletter and app calls: an imperative to subscribe or register ("اشترك في النشرة
  البريدية", "سجل بريدك الإلكتروني", "حمّل تطبيق ...") in a short line;
* share prompts: "شارك هذا المقال", "شاركوا الخبر عبر فيسبوك": a share verb and what to share
  or where, in a short line ("شاركوا في المظاهرة" is news);
* follow prompts: "تابعونا"/"تابعوا آخر الأخبار"/"انضم إلى قناتنا" with a platform, channel or
  app named, in a short line;
* copyright and reuse notices: "جميع الحقوق محفوظة", "©", "all rights reserved", and a ban on
  reuse that names what it protects ("يحظر نسخ أو نقل هذا المحتوى", not "يحظر نقل الأسلحة");
* photo credits: "(الصورة: رويترز)", "مصدر الصورة: Getty Images", "صورة أرشيفية", "حقوق الصورة"
  in a short line.

Line lengths are bounded so that a long paragraph quoting such a phrase stays.  The reasons
join those of ``boilerplate`` in the article's ``dropped`` list.
"""

from __future__ import annotations

import re

from tarjama.models.text.lexicon import fold

COMMENT_POLICY = "comment policy or disclaimer"
NEWSLETTER = "newsletter or app call"
SHARE_PROMPT = "share prompt"
FOLLOW_PROMPT = "follow-us prompt"
RIGHTS_NOTICE = "copyright notice"
PHOTO_CREDIT = "photo credit"

MAX_NOTICE_WORDS = 80  # a comment policy can be one long paragraph
MAX_PROMPT_WORDS = 25
MAX_CREDIT_WORDS = 10


def _phrases(*phrases: str) -> tuple[str, ...]:
    return tuple(fold(phrase) for phrase in phrases)


COMMENT_POLICY_PHRASES = _phrases(
    "بالنقاش الحيوي",
    "مراجعة التعليقات",
    "إرشادات الاستخدام",
    "شروط المشاركة",
    "معايير النشر",
    "الآراء الواردة في التعليقات",
    "التعليقات المنشورة",
    "التعليقات الواردة",
    "تعبر عن آراء أصحابها",
    "تعبر عن رأي أصحابها",
    "تعبر عن آراء كتابها",
    "تعبر عن رأي كاتبها",
    "لا تعبر بالضرورة عن",
    "لا تعبر عن رأي الموقع",
    "لا تعبر عن وجهة نظر الموقع",
    "جميع مشاركاتك",
    "نحتفظ بحق حذف",
    "يحتفظ الموقع بحق",
    "التعليقات المسيئة",
    "your comment",
    "comments are moderated",
)
# "... لا تعبر بالضرورة عن رأي موقع X", "تعكس وجهات نظر أصحابها": whose view a text is not, or
# is, said by the site about its comments and columns (folded spelling).
_DISCLAIMER = re.compile(
    r"(?:تعبر|تعكس|تمثل)\s+(?:بالضروره\s+)?(?:عن\s+)?(?:راي|اراء|وجهه نظر|وجهات نظر|موقف)\s+"
    r"(?:\S+\s+)?(?:الموقع|موقع|الصحيفه|صحيفه|الشبكه|شبكه|القناه|قناه|اداره|هيئه التحرير|"
    r"اسره التحرير|اصحابها|كتابها|كاتبها|صاحبها|كاتبه|اصحابه)(?!\w)"
)
# Weaker words that carry a notice on for one more line after a comment-policy line.
COMMENT_POLICY_FOLLOW_ON = _phrases(
    "التعليق",
    "تعليق",
    "الموقع",
    "موقع",
    "سياسة الخصوصية",
    "شروط الاستخدام",
    "مشاركاتك",
    "اسمك",
    "الآراء الواردة",
    "أدناه",
)
NEWSLETTER_STARTS = _phrases(
    "اشترك في النشرة",
    "للاشتراك في النشرة",
    "للاشتراك في نشرتنا",
    "اشترك في نشرتنا",
    "اشترك في نشرة",
    "اشترك الآن",
    "اشترك مجانا",
    "سجل بريدك",
    "سجل الآن",
    "أدخل بريدك الإلكتروني",
    "احصل على أهم الأخبار",
    "ليصلك",
    "لتصلك",
    "حمل تطبيق",
    "حمّل تطبيق",
    "نزل تطبيق",
    "subscribe",
    "sign up",
)
SHARE_STARTS = _phrases(
    "شارك",
    "شاركوا",
    "شاركها",
    "انشر",
    "share",
)
# What a share prompt offers to share, or where ("شاركوا في المظاهرة" is news).
SHARE_OBJECTS = _phrases(
    "هذا المقال",
    "هذا الخبر",
    "المقال",
    "الخبر",
    "الموضوع",
    "الرابط",
    "أصدقائك",
    "رأيك",
    "رأيكم",
    "this",
)
FOLLOW_STARTS = _phrases(
    "تابعونا",
    "تابعوا",
    "تابع آخر",
    "تابعنا",
    "لمتابعة آخر",
    "للمزيد من الأخبار تابعونا",
    "انضم إلى قناتنا",
    "انضموا إلى",
    "اشترك في قناتنا",
    "follow",
)
FOLLOW_TARGETS = _phrases(
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "إكس",
    "تلغرام",
    "تليجرام",
    "تيليجرام",
    "يوتيوب",
    "إنستغرام",
    "انستغرام",
    "إنستجرام",
    "واتساب",
    "تيك توك",
    "قناتنا",
    "حسابنا",
    "صفحتنا",
    "حساباتنا",
    "تطبيق",
    "جوجل نيوز",
    "غوغل نيوز",
    "google news",
)
RIGHTS_PHRASES = _phrases(
    "جميع الحقوق محفوظة",
    "كل الحقوق محفوظة",
    "حقوق النشر محفوظة",
    "حقوق الطبع محفوظة",
    "حقوق الطبع والنشر محفوظة",
    "all rights reserved",
    "©",
)
# "يحظر نسخ أو نقل هذا المحتوى": a ban on reuse, told apart from news of a ban ("يحظر نقل
# الأسلحة") by what it protects.
REUSE_BAN_STARTS = _phrases("يحظر", "يمنع", "لا يجوز", "غير مسموح")
REUSE_VERBS = _phrases("نسخ", "نقل", "إعادة نشر", "اقتباس", "إعادة إنتاج")
REUSE_OBJECTS = _phrases("المحتوى", "المادة", "المواد", "الموقع", "المقال", "الخبر", "هذه الصفحة")
PHOTO_CREDIT_STARTS = _phrases(
    "الصورة",
    "صورة",
    "مصدر الصورة",
    "حقوق الصورة",
    "تصوير",
    "الصور",
    "photo",
    "image",
)
PHOTO_CREDIT_ANYWHERE = _phrases(
    "صورة أرشيفية", "صورة تعبيرية", "صورة من الأرشيف", "getty images", "أرشيفية"
)

_PARENTHESES = "()[]"
_SENTENCE_END = re.compile(r"[.!؟?]\s+\S")


def _starts_with(folded: str, phrases: tuple[str, ...]) -> bool:
    for phrase in phrases:
        if folded.startswith(phrase):
            rest = folded[len(phrase) :]
            if not rest or not rest[0].isalnum():
                return True
    return False


def _contains(folded: str, phrases: tuple[str, ...]) -> bool:
    return any(phrase in folded for phrase in phrases)


def site_text_reason(line: str) -> str | None:
    """Why a normalized line is the site's own text, or None when it may be the story."""
    folded = fold(line.strip().strip(_PARENTHESES))
    words = len(folded.split())
    if not words:
        return None
    if words <= MAX_NOTICE_WORDS and (
        _contains(folded, COMMENT_POLICY_PHRASES) or _DISCLAIMER.search(folded)
    ):
        return COMMENT_POLICY
    if words <= MAX_PROMPT_WORDS and _starts_with(folded, NEWSLETTER_STARTS):
        return NEWSLETTER
    if (
        words <= MAX_PROMPT_WORDS
        and _starts_with(folded, SHARE_STARTS)
        and (_contains(folded, SHARE_OBJECTS) or _contains(folded, FOLLOW_TARGETS))
    ):
        return SHARE_PROMPT
    if (
        words <= MAX_PROMPT_WORDS
        and _starts_with(folded, FOLLOW_STARTS)
        and _contains(folded, FOLLOW_TARGETS)
    ):
        return FOLLOW_PROMPT
    if words <= MAX_PROMPT_WORDS and (
        _contains(folded, RIGHTS_PHRASES)
        or (
            _starts_with(folded, REUSE_BAN_STARTS)
            and _contains(folded, REUSE_VERBS)
            and _contains(folded, REUSE_OBJECTS)
        )
    ):
        return RIGHTS_NOTICE
    if words <= MAX_CREDIT_WORDS and not _SENTENCE_END.search(line):
        if _starts_with(folded, PHOTO_CREDIT_STARTS) and (":" in line or "：" in line):
            return PHOTO_CREDIT
        if _contains(folded, PHOTO_CREDIT_ANYWHERE) and words <= 4:
            return PHOTO_CREDIT
    return None


def continues_notice(line: str) -> bool:
    """Whether a line right after a comment-policy line carries the same notice on."""
    folded = fold(line)
    return len(folded.split()) <= MAX_NOTICE_WORDS and _contains(folded, COMMENT_POLICY_FOLLOW_ON)
