"""Word lists for boilerplate detection, with the spelling fold used to match them.

All entries are written in ordinary Arabic and folded with ``fold`` at import time, so matching
ignores harakat, hamza-on-alef variants, alef maksura and teh marbuta spellings (sites write
"اقرأ أيضاً", "اقرا ايضا" and "إقرأ أيضا" for the same widget).
"""

from __future__ import annotations

from tarjama.models.text.script import HARAKAT

_EDGE_PUNCTUATION = " \t:：.,،؛;!?؟…-–—|*•·\"'“”«»()[]"
_FOLD_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def fold(text: str) -> str:
    """Spelling-insensitive, lower-cased form of ``text`` used only for matching."""
    folded = HARAKAT.sub("", text).translate(_FOLD_MAP).lower()
    return " ".join(folded.split()).strip(_EDGE_PUNCTUATION)


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


def _folded_phrases(*phrases: str) -> tuple[str, ...]:
    return tuple(fold(phrase) for phrase in phrases)


HOME_WORDS = _folded_phrases("الرئيسية", "الصفحة الرئيسية", "الرئيسة", "home")

COMMENT_PROMPT_STARTS = _folded_phrases(
    "اترك تعليقاً",
    "اترك تعليق",
    "اترك رداً",
    "أضف تعليقاً",
    "أضف تعليق",
    "أضف تعليقك",
    "شاركنا رأيك",
    "التعليقات مغلقة",
    "إلغاء الرد",
    "لا توجد تعليقات",
    "leave a reply",
    "leave a comment",
)
COMMENT_PROMPT_ANYWHERE = _folded_phrases(
    "لن يتم نشر عنوان بريدك الإلكتروني",
    "الحقول الإلزامية مشار إليها",
    "الحقول المطلوبة مشار إليها",
    "your email address will not be published",
)

BACK_TO_TOP = frozenset(
    _folded_phrases(
        "زر الذهاب إلى الأعلى",
        "الذهاب إلى الأعلى",
        "العودة إلى الأعلى",
        "العودة للأعلى",
        "إلى الأعلى",
        "للأعلى",
        "back to top",
    )
)

# A share/print widget line is made only of these words, with at least one anchor among them.
SHARE_ANCHORS = _folded(
    "شارك شاركها مشاركة المشاركة طباعة اطبع فيسبوك تويتر واتساب تيليجرام تلغرام "
    "تليجرام لينكدإن ماسنجر share print facebook twitter whatsapp telegram linkedin "
    "pinterest reddit messenger email"
)
SHARE_WORDS = SHARE_ANCHORS | _folded(
    "فيس بوك إكس واتس اب آب لينكد إن بريد البريد الإلكتروني نسخ الرابط رابط المقال الخبر "
    "عبر على x via on the article link copy"
)

RELATED_LINK_STARTS = _folded_phrases(
    "اقرأ أيضاً",
    "اقرأ أيضا",
    "اقرأ كذلك",
    "اقرأ المزيد",
    "شاهد أيضاً",
    "شاهد أيضا",
    "مواضيع ذات صلة",
    "أخبار ذات صلة",
    "مقالات ذات صلة",
    "ذات صلة",
    "طالع أيضاً",
    "طالع أيضا",
    "يهمك أيضاً",
    "يهمك أيضا",
    "قد يهمك",
    "قد يعجبك",
    "المزيد من الأخبار",
    "read also",
    "read more",
    "see also",
)

TAG_HEADERS = _folded_phrases("الوسوم", "وسوم", "الكلمات المفتاحية", "كلمات مفتاحية", "tags")

FOLLOW_US_STARTS = _folded_phrases(
    "تابعونا",
    "تابعنا على",
    "تابعنا عبر",
    "انضموا إلى قناتنا",
    "اشترك في قناتنا",
    "اشترك في النشرة",
    "follow us",
)

COPYRIGHT_MARKERS = _folded_phrases(
    "جميع الحقوق محفوظة", "حقوق النشر محفوظة", "©", "all rights reserved"
)

SOURCE_HEADERS = _folded_phrases("المصدر", "مصدر الخبر", "المصادر", "source")
PHOTO_CREDIT_HEADERS = _folded_phrases("الصورة", "صورة", "تصوير", "photo")
# Author bylines; the ambiguous verbs (كتب "wrote") only count when followed by a colon.
AUTHOR_HEADERS_ALONE = _folded_phrases("بقلم")
AUTHOR_HEADERS_WITH_COLON = _folded_phrases("كتب", "كتبت", "إعداد", "تحرير", "by")

AGENCY_NAMES = frozenset(
    _folded_phrases(
        "أصداء",
        "رويترز",
        "فرانس برس",
        "وكالة فرانس برس",
        "أ ف ب",
        "أ.ف.ب",
        "الأناضول",
        "شينخوا",
        "سبوتنيك",
        "واس",
        "وام",
        "قنا",
        "كونا",
        "بترا",
        "سانا",
        "واع",
        "تاس",
        "نوفوستي",
        "أسوشيتد برس",
        "د ب أ",
        "د.ب.أ",
        "أ ش أ",
        "أ.ش.أ",
        "يو بي آي",
        "كازينفورم",
        "وكالات",
        "وكالات الأنباء",
        "reuters",
        "afp",
        "ap",
        "xinhua",
    )
)
AGENCY_PREFIXES = _folded_phrases("وكالة", "وكالات")

# Site section names, without "ال" or "و" prefixes (those are stripped before lookup).
SECTION_WORDS = _folded(
    "أخبار محليات محلي عربي عربية دولي دولية عالمي عالمية عالم سياسة سياسي اقتصاد اقتصادي "
    "رياضة ثقافة فن فنون منوعات مجتمع صحة علوم تكنولوجيا تقنية تقارير تقرير دراسات تحقيقات "
    "حوارات مقالات رأي آراء عاجل رئيسي رئيسية رئيسة ملفات تحليلات متابعات فيديو صور "
    "انفوجراف حوادث تعليم بيئة سياحة طاقة أعمال مال أسواق بنوك شؤون أولى مختارات"
)

MONTHS_AND_DAYS = _folded(
    "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
    "كانون الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول "
    "السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة "
    "م هـ ه ص الساعة صباحا صباحاً مساء مساءً بتاريخ تاريخ نشر النشر في آخر تحديث منذ"
)
