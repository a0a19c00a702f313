"""Splitting of over-long sentences and the quality flags, on plain strings.

The loop and copy rules themselves are tested in tests/models/text/test_text_repetition.py.
"""

from __future__ import annotations

import pytest

from tarjama.models.translation.quality import merge_flags, quality_flags
from tarjama.models.translation.splitting import split_to_fit, token_budget
from tarjama.models.types import QualityFlag


def word_count(texts):
    return [len(text.split()) + 1 for text in texts]


@pytest.fixture
def check_split(no_space):
    """Function: check_split(sentence, limit) -> its pieces, checked to fit and lose nothing."""

    def check(sentence: str, limit: int) -> list[str]:
        pieces = split_to_fit(sentence, limit, word_count)
        assert pieces and all(piece == piece.strip() and piece for piece in pieces)
        assert all(n <= token_budget(limit) for n in word_count(pieces))
        assert no_space("".join(pieces)) == no_space(sentence)
        return pieces

    return check


def test_short_sentence_is_one_piece():
    assert split_to_fit("  جملة قصيرة  ", 64, word_count) == ["جملة قصيرة"]
    assert split_to_fit("   ", 64, word_count) == []


def test_budget_leaves_a_margin():
    assert token_budget(512) == 504
    assert token_budget(64) == 62
    assert token_budget(1) == 1


def test_strong_boundaries_win_over_commas(check_split):
    first = "أ ب، ج د، هـ و ز ح"  # 8 words
    second = "ط ي ك، ل م ن س ع"  # 8 words
    pieces = check_split(f"{first}؛ {second}", 12)
    assert pieces == [f"{first}؛", second]


def test_commas_then_neighbouring_clauses_are_packed(check_split):
    clauses = ["ا ب ج د", "هـ و ز ح", "ط ي ك ل", "م ن س ع"]
    pieces = check_split("، ".join(clauses), 11)
    # Two clauses (8 words + 1) fit in the budget of 9, three do not.
    assert pieces == ["ا ب ج د، هـ و ز ح،", "ط ي ك ل، م ن س ع"]


def test_latin_comma_and_colon_need_a_space_so_numbers_and_times_stay_whole(check_split):
    sentence = "at 10:30 the bank paid 1,000,000 dollars, then: the rest of it came later today"
    pieces = check_split(sentence, 10)
    assert any("10:30" in piece for piece in pieces)
    assert any("1,000,000" in piece for piece in pieces)


def test_conjunction_then_words_then_characters(check_split):
    words = ["كلمة"] * 6
    sentence = " ".join(words) + " وقال " + " ".join(words)
    assert check_split(sentence, 12)[1].startswith("وقال")
    check_split(" ".join(f"w{i}" for i in range(50)), 6)
    # A single run without spaces longer than the budget (here: counted per character).
    per_char = lambda texts: [len(text) + 1 for text in texts]  # noqa: E731
    pieces = split_to_fit("x" * 100, 20, per_char)
    assert "".join(pieces) == "x" * 100 and all(len(p) + 1 <= token_budget(20) for p in pieces)


def test_dashes_split_spaced_only(check_split):
    sentence = "الجزء الأول من الخبر هنا - الجزء الثاني من الخبر هناك"
    assert check_split(sentence, 10) == ["الجزء الأول من الخبر هنا -", "الجزء الثاني من الخبر هناك"]
    hyphenated = check_split("سعر الصرف-الرسمي " * 4, 6)
    assert {word for piece in hyphenated for word in piece.split()} == {"سعر", "الصرف-الرسمي"}


def test_quality_flags_order_and_merge():
    source = "قال"
    flags = quality_flags(source, "قال قال قال قال", hit_length_cap=True)
    assert flags == (QualityFlag.REPETITION, QualityFlag.COPY_OF_SOURCE, QualityFlag.LENGTH_CAPPED)
    assert quality_flags(source, "He said", hit_length_cap=False) == ()
    merged = merge_flags((QualityFlag.LENGTH_CAPPED,), (), (QualityFlag.REPETITION,))
    assert merged == (QualityFlag.REPETITION, QualityFlag.LENGTH_CAPPED)
