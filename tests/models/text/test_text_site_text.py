"""The site's own text inside the article body: each rule, and the news it must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.models.testing.page_scores import main
from tarjama.models.testing.site_styles import SITE_STYLES
from tarjama.models.text import site_text
from tarjama.models.text.boilerplate import line_reason, scan_boilerplate
from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.prepare import prepare_article


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "ترحب شبكة CNN بالنقاش الحيوي والمفيد، وكي لا نضطر إلى مراجعة التعليقات قبل نشرها.",
            site_text.COMMENT_POLICY,
        ),
        ("ننصحك بمراجعة إرشادات الاستخدام للتعرف إلى المعايير.", site_text.COMMENT_POLICY),
        ("الآراء الواردة في التعليقات تعبر عن آراء أصحابها.", site_text.COMMENT_POLICY),
        (
            "المقالات المنشورة تعبر عن آراء كتابها ولا تعبر بالضرورة عن رأي الموقع.",
            site_text.COMMENT_POLICY,
        ),
        (
            "الآراء الواردة أدناه لا تعبر عن رأي موقع CNN بالعربية، بل تعكس وجهات نظر أصحابها.",
            site_text.COMMENT_POLICY,
        ),
        ("الآراء الواردة في هذا المقال تعبر عن رأي كاتبه", site_text.COMMENT_POLICY),
        ("اشترك في النشرة البريدية ليصلك أهم الأخبار", site_text.NEWSLETTER),
        ("سجل بريدك الإلكتروني الآن", site_text.NEWSLETTER),
        ("حمّل تطبيق الموقع لمتابعة الأخبار لحظة بلحظة", site_text.NEWSLETTER),
        ("شارك هذا الخبر مع أصدقائك", site_text.SHARE_PROMPT),
        ("شاركوا المقال عبر واتساب", site_text.SHARE_PROMPT),
        ("تابعوا آخر أخبارنا عبر قناتنا على تلغرام", site_text.FOLLOW_PROMPT),
        ("يحظر نسخ أو نقل هذا المحتوى دون إذن مسبق.", site_text.RIGHTS_NOTICE),
        ("كل الحقوق محفوظة لموقع الأخبار 2024", site_text.RIGHTS_NOTICE),
        ("(الصورة: رويترز)", site_text.PHOTO_CREDIT),
        ("مصدر الصورة: Getty Images", site_text.PHOTO_CREDIT),
        ("صورة أرشيفية", site_text.PHOTO_CREDIT),
    ],
)
def test_site_text_lines(line, reason):
    assert site_text.site_text_reason(normalize_arabic(line)) == reason


@pytest.mark.parametrize(
    "line",
    [
        "أعلنت الشركة تحديث سياسة الخصوصية الخاصة بها بعد انتقادات المستخدمين.",
        "يحظر نقل الأسلحة إلى مناطق النزاع بموجب القرار الجديد.",
        "شاركوا في المظاهرة آلاف المواطنين أمام البرلمان.",
        "معركة حقوق النشر بين الناشرين وشركات التكنولوجيا",
        "نشرت الصحيفة صورة للرئيس خلال الاجتماع، وأثارت الصورة جدلاً واسعاً.",
        "وتابع الوزير أن الحكومة ستعلن خطتها الأسبوع المقبل.",
        "اشتركت ثلاث دول في المناورات العسكرية.",
        "وقال المتحدث إن هذه التصريحات لا تعبر عن موقف الحكومة الرسمي.",
        "وأضاف أن البيان يعكس رأي أغلبية الأعضاء في المجلس.",
    ],
)
def test_news_about_the_same_things_stays(line):
    assert site_text.site_text_reason(normalize_arabic(line)) is None
    assert line_reason(normalize_arabic(line)) is None


def test_a_comment_notice_carries_on_for_lines_that_still_speak_of_the_site():
    lines = [
        "ترحب الشبكة بالنقاش الحيوي والمفيد.",
        "وللعلم فإن أي تعليق يمكن استخدامه استنادا إلى سياسة الخصوصية.",
        "وقال الوزير إن المحادثات ستستمر.",
    ]
    reasons = scan_boilerplate([normalize_arabic(line) for line in lines]).reasons
    assert reasons == {0: site_text.COMMENT_POLICY, 1: site_text.COMMENT_POLICY}


def test_plain_text_articles_get_the_same_rules_with_reasons_in_dropped():
    text = "\n".join(
        [
            "الحكومة تعلن خطة جديدة للطاقة",
            "أعلنت الحكومة اليوم خطة جديدة للطاقة المتجددة.",
            "(الصورة: أرشيفية)",
            "وقال الوزير إن الخطة ستنفذ على ثلاث مراحل.",
            "تابعونا على فيسبوك وتويتر",
            "جميع الحقوق محفوظة © 2024",
        ]
    )
    prepared = prepare_article(text)
    assert [(d.line_number, d.reason) for d in prepared.dropped] == [
        (3, site_text.PHOTO_CREDIT),
        (5, "follow-us prompt"),
        (6, "copyright notice"),
    ]
    assert len(prepared.sentences) == 3


def test_page_scores_command_prints_a_row_per_site_style(capsys):
    seed = Path(__file__).resolve().parents[3] / "seeds" / "002_f4588d7e33c4b72c.txt"
    assert main([str(seed)]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [row.split()[0] for row in rows] == list(SITE_STYLES)
    assert all(row.split()[-2:] == ["1.0000", "1.0000"] for row in rows)
