"""Scores the sentence splitter against real sentence boundaries in line-aligned test sets.

Test sets such as FLORES-200 and TICO-19 hold one sentence per line, and consecutive lines come
from the same article. Runs of ``window`` consecutive lines are joined with spaces into
pseudo-documents, normalized and split exactly as ``prepare_article`` splits a paragraph, and
every boundary the splitter makes is compared with the truth. A test set that says which
article each line belongs to (``document_ids.tsv`` beside ``ara.txt``, as NTREX-128 does) is
read as one text per article instead: its first line, the headline, is a paragraph of its own
(a line break is a hard boundary, so the join after it is not scored), and the rest of the
article is joined into one paragraph, the hardest case for a splitter.

* Between lines the truth is exact: each join is a boundary (found or missed).
* Inside a line the truth is a count: some lines hold two sentences. When the line's English
  reference is at hand (``eng.txt`` beside ``ara.txt``), the line is taken to hold as many
  sentences as its reference (professional translations keep sentence counts); boundaries the
  splitter makes inside it are correct up to that count and false beyond it. Without a
  reference every line is one sentence, which makes precision a lower bound. English
  sentences are counted with abbreviations and initials in mind, including boundaries that
  scraped references lost the space of ("SARS-CoV.The", "used.A number") and a sentence that
  starts right after "U.S." ("in the U.S. Such ...").
* Splits at ``؛`` are a deliberate choice for translation (long independent clauses), not
  sentence ends: the headline scores leave them out and count them on their own, and a second
  precision counts them as false boundaries.

Boundaries are compared by position in the text without whitespace, which every sentence
keeps whole (the splitter never drops a character), so nothing depends on spacing.

Every test set is also scored with ``regex_split``, a plain regular-expression splitter (a
boundary after ``. ! ? ؟ …`` and any closing quotes, before whitespace), as the floor a
splitter has to beat.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tarjama.clients.evaluation.inputs import read_lines
from tarjama.models.errors import InvalidInput
from tarjama.models.text.normalize import normalize_arabic
from tarjama.models.text.segment import split_sentences

DEFAULT_WINDOW = 8
DEFAULT_EXAMPLES = 10
SOURCE_NAMES = ("ara.txt", "src.txt", "source.txt")
REFERENCE_NAMES = ("eng.txt", "ref.txt", "reference.txt")
DOCUMENT_IDS_NAME = "document_ids.tsv"

_CLOSERS = "\"'”’»›)]} "
_TERMINAL = tuple(".!?؟…")
_CLAUSE_MARKS = tuple("؛;")
_CONTEXT_CHARS = 60
# English sentence ends: terminal punctuation, closing quotes, space, then a capital or digit.
_ENGLISH_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# Scraped references (TICO-19) often lose the space: "therapy.Recommended", "2020.In",
# "SARS-CoV.The", "inaction".The", "used.A number", "Bioeasy.80% of", "envelope.SARS-CoV-2".
# Before the mark: a word (ending in a lower-case letter, or "CoV"), a number, or a closing
# quote or bracket after one; after it: a capitalised word or an acronym, a lone capital ("A",
# "I"), or a number after a word.
_ENGLISH_END_UNSPACED = re.compile(
    r"(?:(?<=[a-z]{2})|(?<=[a-z][A-Z])|(?<=[0-9%)])|(?<=[a-z0-9][\"”’)]))"
    r"[.!?][\"'”’]?"
    r"(?=[A-Z][a-z]|[A-Z]{2}|[AI]\s|(?<=[a-z][.!?])\d)"
)
_ENGLISH_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc inc ltd co corp gen col lt sgt capt gov sen rep no fig "
    "dept approx est mt jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words that open a sentence rather than continue a name after initials ("U.S. The ...").
_ENGLISH_SENTENCE_STARTERS = frozenset(
    "The A An As Such This That These Those It Its He She They We I In On At But And However "
    "Meanwhile There His Her Their Our After Before When While If Since According".split()
)
_DOTTED_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_REGEX_BOUNDARY = re.compile(r"(?<=[.!?؟…][\"'”’»)\]])\s+|(?<=[.!?؟…])\s+")

Splitter = Callable[[str], list[str]]


def regex_split(text: str) -> list[str]:
    """The baseline: split after terminal punctuation (and a closing quote) before whitespace."""
    return [piece for piece in _REGEX_BOUNDARY.split(text) if piece.strip()]


@dataclass
class Counts:
    """Boundary counts and the scores made from them."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, gold: int, predicted: int, correct: int) -> None:
        self.gold += gold
        self.predicted += predicted
        self.correct += correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    def to_json(self) -> dict[str, float | int | None]:
        return {
            **asdict(self),
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass
class DatasetScore:
    """How the splitter did on one test set."""

    name: str
    source: str
    reference: str | None
    documents: int = 0
    lines: int = 0
    boundaries: Counts = field(default_factory=Counts)  # sentence ends (headline)
    with_clause_splits: Counts = field(default_factory=Counts)  # ؛ splits counted as false
    joins: Counts = field(default_factory=Counts)  # between lines only
    punctuated_joins: Counts = field(default_factory=Counts)  # left line ends in . ! ? ؟ …
    clause_splits: int = 0
    articles: bool = False  # one text per article (document ids) rather than line windows
    regex_baseline: Counts | None = None  # the same boundaries found by ``regex_split``
    missed: list[dict[str, str]] = field(default_factory=list)
    extra: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "source": self.source,
            "reference": self.reference,
            "documents": self.documents,
            "lines": self.lines,
            "boundaries": self.boundaries.to_json(),
            "with_clause_splits": self.with_clause_splits.to_json(),
            "joins": self.joins.to_json(),
            "punctuated_joins": self.punctuated_joins.to_json(),
            "clause_splits": self.clause_splits,
            "articles": self.articles,
            "regex_baseline": self.regex_baseline.to_json() if self.regex_baseline else None,
            "missed_examples": self.missed,
            "extra_examples": self.extra,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _starts_sentence(rest: str) -> bool:
    """Whether English text opens with a word that only starts sentences after "U.S."."""
    words = rest.split(maxsplit=1)
    return bool(words) and words[0].strip("\"'“‘(") in _ENGLISH_SENTENCE_STARTERS


def english_sentence_count(line: str) -> int:
    """Sentences in an English line (abbreviations and initials are not sentence ends)."""
    count = 1
    for match in _ENGLISH_END.finditer(line):
        before = line[: match.start()].split()
        token = before[-1].lower().strip("\"'“‘(") if before else ""
        if token in _ENGLISH_ABBREVIATIONS:
            continue
        if _DOTTED_INITIALS.fullmatch(token) and not _starts_sentence(line[match.end() :]):
            continue  # "the U.S. Centers", but "in the U.S. Such underestimation"
        if len(token) == 1 and token.isalpha():
            continue  # an initial: "J. Smith"
        count += 1
    for match in _ENGLISH_END_UNSPACED.finditer(line):
        token = re.split(r"[\s(\"'“‘]", line[: match.start()])[-1].lower()
        if token.rstrip('"”’)') in _ENGLISH_ABBREVIATIONS or _DOTTED_INITIALS.search(token):
            continue  # "Dr.Smith", "U.S.China"
        count += 1
    return count


def find_document_ids(source: Path) -> Path | None:
    """The ``document_ids.tsv`` beside a test set's source, when the set has one."""
    candidate = Path(source).parent / DOCUMENT_IDS_NAME
    return candidate if Path(source).name in SOURCE_NAMES and candidate.is_file() else None


def find_line_files(path: Path) -> tuple[Path, Path | None]:
    """A test-set folder's source (ara.txt) and reference (eng.txt), or one source file."""
    path = Path(path)
    if path.is_file():
        return path, None
    if not path.is_dir():
        raise InvalidInput(f"--data {path}: no such file or folder")
    source = next((path / n for n in SOURCE_NAMES if (path / n).is_file()), None)
    if source is None:
        raise InvalidInput(
            f"--data {path}: expected a file with one sentence per line, or a folder with "
            f"{' or '.join(SOURCE_NAMES)} (and optionally {REFERENCE_NAMES[0]})"
        )
    reference = next((path / n for n in REFERENCE_NAMES if (path / n).is_file()), None)
    return source, reference


def _nonspace(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(_TERMINAL)


def _documents(lines: Sequence[str], window: int) -> list[list[int]]:
    """Line indices of each pseudo-document: runs of `window` lines; blank lines end a run."""
    documents: list[list[int]] = []
    current: list[int] = []
    for index, line in enumerate(lines):
        if not line:
            if current:
                documents.append(current)
            current = []
            continue
        current.append(index)
        if len(current) == window:
            documents.append(current)
            current = []
    if current:
        documents.append(current)
    return documents


def _articles(ids: Sequence[str]) -> list[list[int]]:
    """Line indices of each article: its headline alone, then the rest of its lines together."""
    documents: list[list[int]] = []
    start = 0
    for index in range(1, len(ids) + 1):
        if index == len(ids) or ids[index] != ids[start]:
            documents.append([start])
            if index > start + 1:
                documents.append(list(range(start + 1, index)))
            start = index
    return documents


def _context(left: str, right: str) -> dict[str, str]:
    return {"left": left[-_CONTEXT_CHARS:], "right": right[:_CONTEXT_CHARS]}


def score_dataset(
    source: Path,
    reference: Path | None = None,
    *,
    name: str | None = None,
    window: int = DEFAULT_WINDOW,
    examples: int = DEFAULT_EXAMPLES,
    splitter: Splitter = split_sentences,
    document_ids: Path | None = None,
    baseline: Splitter | None = regex_split,
) -> DatasetScore:
    """Score `splitter` on pseudo-documents built from a sentence-per-line file.

    With ``document_ids`` (one id per line of ``source``) each article is one text; otherwise
    runs of ``window`` lines are. ``baseline``'s boundaries are scored too, as the comparison.
    """
    if window < 2:
        raise InvalidInput("--window must be at least 2 (a document needs a boundary)")
    raw = read_lines(source, role="source")
    lines = [normalize_arabic(" ".join(line.split())) for line in raw]
    references = read_lines(reference, role="reference") if reference else None
    if references is not None and len(references) != len(raw):
        raise InvalidInput(
            f"{source} has {len(raw)} lines but {reference} has {len(references)}; "
            "they must be aligned line by line"
        )
    if document_ids is not None:
        ids = [line.split("\t")[0].strip() for line in read_lines(document_ids, role="document")]
        if len(ids) != len(raw):
            raise InvalidInput(
                f"{source} has {len(raw)} lines but {document_ids} has {len(ids)}; "
                "they must be aligned line by line"
            )
        documents = _articles(ids)
        count = sum(1 for i, key in enumerate(ids) if i == 0 or key != ids[i - 1])
    else:
        documents = _documents(lines, window)
        count = len(documents)
    score = DatasetScore(
        name=name or (source.parent.name if source.name in SOURCE_NAMES else source.name),
        source=str(source),
        reference=str(reference) if reference else None,
        articles=document_ids is not None,
        documents=count,
    )
    comparison = DatasetScore(name="", source="", reference=None) if baseline else None
    for document in documents:
        score.lines += len(document)
        document_lines = [lines[i] for i in document]
        _score_document(score, document_lines, references, document, splitter)
        if comparison is not None:
            _score_document(comparison, document_lines, references, document, baseline)
    if comparison is not None:
        score.regex_baseline = comparison.boundaries
    score.missed = score.missed[:examples]
    score.extra = score.extra[:examples]
    return score


def _score_document(
    score: DatasetScore,
    lines: list[str],
    references: list[str] | None,
    indices: list[int],
    splitter: Splitter,
) -> None:
    ends: list[int] = []
    total = 0
    for line in lines:
        total += _nonspace(line)
        ends.append(total)
    joins = set(ends[:-1])
    pieces = splitter(" ".join(lines))
    inline = [0] * len(lines)
    clauses = [0] * len(lines)
    splits_in_line: list[list[dict[str, str]]] = [[] for _ in lines]
    found_joins: set[int] = set()
    position = 0
    for piece, following in zip(pieces, pieces[1:], strict=False):
        position += _nonspace(piece)
        if position in joins:
            found_joins.add(position)
            continue
        line = min(bisect.bisect_left(ends, position), len(lines) - 1)
        inline[line] += 1
        if piece.rstrip(_CLOSERS).endswith(_CLAUSE_MARKS):
            clauses[line] += 1
        else:
            splits_in_line[line].append(_context(piece, following))
    for j, end in enumerate(ends[:-1]):
        found = end in found_joins
        score.joins.add(1, int(found), int(found))
        if _ends_sentence(lines[j]):
            score.punctuated_joins.add(1, int(found), int(found))
        if not found:
            score.missed.append(_context(lines[j], lines[j + 1]))
    score.boundaries.add(len(joins), len(found_joins), len(found_joins))
    score.with_clause_splits.add(len(joins), len(found_joins), len(found_joins))
    for j, index in enumerate(indices):
        gold = english_sentence_count(references[index]) - 1 if references else 0
        sentence_ends = inline[j] - clauses[j]
        score.boundaries.add(gold, sentence_ends, min(gold, sentence_ends))
        score.with_clause_splits.add(gold, inline[j], min(gold, inline[j]))
        score.clause_splits += clauses[j]
        if sentence_ends > gold:  # more sentence ends than the line holds: show them
            score.extra.extend(splits_in_line[j])


def total(scores: Sequence[DatasetScore]) -> DatasetScore:
    """All test sets together (micro-averaged: counts are summed)."""
    combined = DatasetScore(name="all", source="", reference=None)
    for score in scores:
        combined.documents += score.documents
        combined.lines += score.lines
        combined.clause_splits += score.clause_splits
        if score.regex_baseline is not None:
            combined.regex_baseline = combined.regex_baseline or Counts()
            base = score.regex_baseline
            combined.regex_baseline.add(base.gold, base.predicted, base.correct)
        for attribute in ("boundaries", "with_clause_splits", "joins", "punctuated_joins"):
            counts: Counts = getattr(score, attribute)
            getattr(combined, attribute).add(counts.gold, counts.predicted, counts.correct)
    return combined
