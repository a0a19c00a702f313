"""Reading evaluation inputs: malformed-file guards, tarjama outputs and article alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarjama.clients.evaluation.corpora import check_corpus, translation_corpus
from tarjama.clients.evaluation.inputs import line_corpus, read_document_ids, read_lines
from tarjama.clients.runs.article_files import write_article_outputs
from tarjama.models.errors import InvalidInput
from tarjama.models.types import (
    ModelRef,
    Paragraph,
    ParagraphKind,
    QualityFlag,
    Segment,
    TranslatedArticle,
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def article(article_id: str, paragraphs: list[list[tuple[str, str]]]) -> TranslatedArticle:
    """A translated article from [[(source, translation), ...] per paragraph]."""
    segments, kinds = [], []
    for p_index, paragraph in enumerate(paragraphs):
        kinds.append(Paragraph(p_index, ParagraphKind.BODY, [s for s, _ in paragraph]))
        for source, translation in paragraph:
            flags = (QualityFlag.REPETITION,) if "again again" in translation else ()
            segments.append(Segment(len(segments), p_index, source, translation, flags=flags))
    return TranslatedArticle(article_id, kinds, segments, [], ModelRef("m/x", "r1"), 0.0, 0.0)


def test_bom_and_crlf_are_read_like_plain_lines(tmp_path):
    path = write(tmp_path / "h.txt", b"\xef\xbb\xbfone two\r\nthree four\r\n")
    assert read_lines(path) == ["one two", "three four"]
    lone_cr = write(tmp_path / "cr.txt", b"one\rtwo\r")
    assert read_lines(lone_cr) == ["one", "two"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b"\xff\xfeabc", "not UTF-8"),
        (b"abc\x00def", "binary"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, data, message):
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(InvalidInput, match=message):
        read_lines(path, role="--hyp")


def test_missing_file_and_folder_instead_of_file(tmp_path):
    with pytest.raises(InvalidInput, match="not found"):
        read_lines(tmp_path / "nope.txt")
    with pytest.raises(InvalidInput, match="is a folder"):
        read_lines(tmp_path)


def test_line_count_mismatch_stops_with_the_counts(tmp_path):
    hyp = write(tmp_path / "hyp.txt", "a b\nc d\n\n")
    ref = write(tmp_path / "ref.txt", "a b\nc d\n")
    with pytest.raises(InvalidInput, match=r"hyp.txt has 3 lines, ending with 1 blank.*ref.txt"):
        line_corpus(hyp, [ref])
    one_line = write(tmp_path / "one.txt", "a b c d\n")
    with pytest.raises(InvalidInput, match="one.txt has 1 lines"):
        line_corpus(one_line, [ref])
    src = write(tmp_path / "src.txt", "x\n")
    with pytest.raises(InvalidInput, match="--src src.txt has 1 lines"):
        line_corpus(ref, [ref], src_path=src)


def test_suspicious_shapes_are_reported(tmp_path):
    ref = write(tmp_path / "ref.txt", "a b\nc d\n")
    corpus = line_corpus(ref, [ref])
    assert any("identical to the reference" in note for note in corpus.notes)
    hyp = write(tmp_path / "hyp.txt", "a b\n\n")
    assert any("1 of 2 lines are empty" in n for n in line_corpus(hyp, [ref]).notes)


def test_document_ids_must_cover_every_line(tmp_path):
    docs = write(tmp_path / "docs.tsv", "d1\td1-title\nd1\nd2\n")
    assert read_document_ids(docs, 3) == ["d1", "d1", "d2"]
    with pytest.raises(InvalidInput, match="has 3 lines but there are 2 segments"):
        read_document_ids(docs, 2)
    with pytest.raises(InvalidInput, match="no document id on line"):
        read_document_ids(write(tmp_path / "blank.tsv", "d1\n\t\n"), 2)


def test_line_hypothesis_needs_a_line_reference(tmp_path):
    hyp = write(tmp_path / "hyp.txt", "a\n")
    with pytest.raises(InvalidInput, match="is a folder"):
        translation_corpus(hyp, [tmp_path])


def test_tarjama_outputs_align_by_sentence_or_fall_back_to_documents(tmp_path):
    out, refs = tmp_path / "out", tmp_path / "refs"
    aligned = article("a1", [[("س1", "Hello there."), ("س2", "How are you?")], [("س3", "Bye.")]])
    merged = article("a2", [[("س1 س2", "First and second.")]])
    write_article_outputs(aligned, out / "a1")
    write_article_outputs(merged, out / "a2")
    write(refs / "a1.en.txt", "Hello there.\nHow are you?\n\nGoodbye.\n")
    write(refs / "a2.en.txt", "First.\n\nSecond.\n")
    write(refs / "a1.summary.txt", "Not an article.\n")
    write(refs / "README.md", "# references\n")
    corpus = translation_corpus(out, [refs])
    assert corpus.segment_ids == ["a1#1", "a1#2", "a1#3", "a2"]
    assert corpus.levels == ["sentence"] * 3 + ["document"]
    assert corpus.references[0][3] == "First. Second."
    assert corpus.system[3] == "First and second."
    assert corpus.sources == ["س1", "س2", "س3", "س1 س2"]
    assert corpus.documents == ["a1", "a1", "a1", "a2"]
    assert corpus.models == [{"id": "m/x", "revision": "r1"}]
    assert any("a2: segment counts differ" in note for note in corpus.notes)


def test_en_txt_outputs_and_missing_articles(tmp_path):
    out, refs = tmp_path / "out", tmp_path / "refs"
    write_article_outputs(article("a1", [[("س", "One.")], [("س", "Two.")]]), out / "a1")
    (out / "a1.json").unlink()  # only the .en.txt is left: paragraphs, no sources
    write(refs / "a1.en.txt", "One.\n\nTwo.\n")
    write(refs / "a2.en.txt", "Three.\n")
    with pytest.raises(InvalidInput, match="no output for 1 of 2 reference articles"):
        translation_corpus(out, [refs])
    (refs / "a2.en.txt").unlink()
    corpus = translation_corpus(out, [refs])
    assert corpus.system == ["One.", "Two."] and corpus.sources is None


def test_single_files_pair_whatever_their_names(tmp_path):
    write_article_outputs(article("x", [[("س", "One.")]]), tmp_path / "x")
    ref = write(tmp_path / "reference.en.txt", "One.\n")
    corpus = translation_corpus(tmp_path / "x.json", [ref])
    assert corpus.system == ["One."]
    assert any("paired" in note for note in corpus.notes)


def test_non_tarjama_json_is_skipped_and_damaged_json_refused(tmp_path):
    write(tmp_path / "out" / "other.json", '{"format": "something-else"}')
    write(tmp_path / "refs" / "a.en.txt", "One.\n")
    with pytest.raises(InvalidInput, match="holds no articles"):
        translation_corpus(tmp_path / "out", [tmp_path / "refs"])
    write(tmp_path / "out" / "bad.json", "{not json")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        translation_corpus(tmp_path / "out", [tmp_path / "refs"])


def test_check_corpus_uses_sources_inside_tarjama_json(tmp_path):
    write_article_outputs(article("a", [[("مرحبا", "again again again again")]]), tmp_path / "a")
    corpus = check_corpus(tmp_path)
    assert corpus.sources == ["مرحبا"]
    assert corpus.engine_flags == [("repetition",)]
    with pytest.raises(InvalidInput, match="--src is needed"):
        check_corpus(write(tmp_path / "lines.txt", "x\n"))
