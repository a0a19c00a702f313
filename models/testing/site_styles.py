"""The site's own text that news sites put inside the article body, in several sites' phrasing.

Used by ``news_pages`` to build pages whose article container holds more than the article;
none of it is copied from a real site, each style is written the way that kind of site words it.
"""

from __future__ import annotations

# The site's own text inside the article body, as several kinds of Arabic news site phrase it:
# (position, text) with position "top" (after the first paragraph), "middle" or "end".
SITE_STYLES: dict[str, tuple[tuple[str, str], ...]] = {
    "none": (),
    # A pan-Arab broadcaster's site: comment rules after the story, one paragraph each.
    "broadcaster": (
        ("middle", "اقرأ أيضا: مجلس الأمن يعقد جلسة طارئة لبحث التطورات"),
        (
            "end",
            "ترحب الشبكة بالنقاش الحيوي والمفيد، وكي لا نضطر في الموقع إلى مراجعة التعليقات "
            "قبل نشرها.",
        ),
        ("end", "ننصحك بمراجعة إرشادات الاستخدام للتعرف إلى المعايير المتبعة للنشر."),
        (
            "end",
            "وللعلم فإن جميع مشاركاتك يمكن استخدامها، مع اسمك وصورتك، استنادا إلى سياسة "
            "الخصوصية بما يتوافق مع شروط استخدام الموقع.",
        ),
        ("end", "الآراء الواردة في التعليقات تعبر عن آراء أصحابها وليس عن رأي الشبكة."),
    ),
    # An Egyptian daily: inline "read also", agency sign-off, newsletter and app calls.
    "egyptian-daily": (
        ("top", "(أ ش أ)"),
        ("middle", "اقرأ أيضاً.. الحكومة تعلن موعد صرف المعاشات"),
        ("end", "شارك هذا الخبر مع أصدقائك"),
        ("end", "اشترك في النشرة الإخبارية ليصلك أهم الأخبار يومياً على بريدك"),
        ("end", "حمّل تطبيق الأخبار اليوم لمتابعة آخر الأخبار لحظة بلحظة"),
    ),
    # A Gulf daily: archive photo credit, follow prompt, rights line.
    "gulf-daily": (
        ("top", "(الصورة: أرشيفية)"),
        ("middle", "مصدر الصورة: وام"),
        ("end", "تابعوا آخر أخبارنا عبر قناتنا على تلغرام وحسابنا على إكس"),
        ("end", "جميع الحقوق محفوظة © 2024 الأخبار اليوم"),
    ),
    # A Levantine news site: column disclaimer, related links, reuse ban, Getty credit.
    "levant-site": (
        ("top", "حقوق الصورة: Getty Images"),
        ("middle", "مواضيع ذات صلة: لبنان يستضيف مؤتمرا إقليميا للطاقة"),
        (
            "end",
            "المقالات المنشورة تعبر عن آراء كتابها ولا تعبر بالضرورة عن رأي الموقع.",
        ),
        ("end", "يحظر نسخ أو نقل هذا المحتوى دون إذن مسبق من إدارة الموقع."),
        ("end", "تابعونا على فيسبوك وتويتر ويوتيوب"),
    ),
    # A news agency's wire page: source line, share prompt, "read more".
    "agency-wire": (
        ("end", "المصدر: الجزيرة + وكالات"),
        ("end", "شاركوا الخبر عبر واتساب وفيسبوك"),
        ("end", "اقرأ المزيد: تقارير ودراسات"),
    ),
}
