"""Reads evaluation inputs (line files, document ids) and refuses shapes that would mis-score."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.clients.runs.article_files import UnreadableArticle, read_article_text
from tarjama.models.errors import InvalidInput

BOM = "\ufeff"


@dataclass
class AlignedCorpus:
    """Segments lined up across references, systems and (optionally) sources and documents.

    `hypotheses` maps a system name to its segments; the first entry is the system under
    evaluation, any further one is a baseline. `references` holds one list per reference
    stream, each as long as the hypotheses (sacrebleu's "streams" shape).
    """

    segment_ids: list[str]
    references: list[list[str]]
    hypotheses: dict[str, list[str]]
    sources: list[str] | None = None
    documents: list[str] | None = None
    levels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    models: list[dict[str, str]] = field(default_factory=list)
    engine_flags: list[tuple[str, ...]] | None = None

    @property
    def system_name(self) -> str:
        return next(iter(self.hypotheses))

    @property
    def system(self) -> list[str]:
        return self.hypotheses[self.system_name]

    def __len__(self) -> int:
        return len(self.segment_ids)


def read_text(path: Path, *, role: str = "input") -> str:
    """A UTF-8 file as text: BOM removed, CR LF and lone CR read as line breaks."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{role} file not found: {path}")
    if path.is_dir():
        raise InvalidInput(f"{role} {path} is a folder; a file is expected here")
    try:
        text = read_article_text(path)  # the reading every command shares: UTF-8, BOM removed
    except UnreadableArticle as error:
        raise InvalidInput(f"{role} {path}: {error}") from None
    # Same line breaks as Python's universal newlines (and so sacrebleu's own CLI).
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """Lines of `text`, stripped; a final line break does not start another line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.strip() for line in lines]


def read_lines(path: Path, *, role: str = "input") -> list[str]:
    """One segment per line; refuses a file with no text at all."""
    lines = split_lines(read_text(path, role=role))
    if not any(lines):
        raise InvalidInput(f"{role} {path} is empty")
    return lines


def trailing_blank_lines(lines: list[str]) -> int:
    count = 0
    for line in reversed(lines):
        if line:
            break
        count += 1
    return count


def require_same_length(named_lines: dict[str, tuple[Path, list[str]]]) -> None:
    """Stop when the files do not have one line per segment each."""
    counts = {role: len(lines) for role, (_, lines) in named_lines.items()}
    if len(set(counts.values())) <= 1:
        return
    described = []
    for role, (path, lines) in named_lines.items():
        extra = trailing_blank_lines(lines)
        tail = f", ending with {extra} blank line(s)" if extra else ""
        described.append(f"{role} {path.name} has {len(lines)} lines{tail}")
    raise InvalidInput(
        "line counts differ: "
        + "; ".join(described)
        + ". Each file must hold one segment per line, line i of each being the same segment"
        " (a sentence split or joined differently, or an extra blank line, shifts all that follow)"
    )


def shape_warnings(hypotheses: list[str], references: list[list[str]], role: str) -> list[str]:
    """Shapes that score but are probably mistakes; reported, not refused."""
    warnings = []
    blank = sum(1 for line in hypotheses if not line)
    if blank:
        warnings.append(f"{role}: {blank} of {len(hypotheses)} lines are empty")
    for stream in references:
        if stream == hypotheses:
            warnings.append(
                f"{role} is identical to the reference (score 100): check that the"
                " hypothesis and reference paths are not the same file"
            )
        blank_refs = sum(1 for line in stream if not line)
        if blank_refs:
            warnings.append(f"reference has {blank_refs} empty lines")
    return warnings


def line_corpus(
    hyp_path: Path,
    ref_paths: list[Path],
    *,
    src_path: Path | None = None,
    baseline_path: Path | None = None,
    system_name: str = "system",
    baseline_name: str = "baseline",
) -> AlignedCorpus:
    """Line-aligned files (one segment per line) as a corpus, after the shape guards."""
    named: dict[str, tuple[Path, list[str]]] = {
        "--hyp": (hyp_path, read_lines(hyp_path, role="--hyp"))
    }
    for number, ref_path in enumerate(ref_paths):
        role = "--ref" if len(ref_paths) == 1 else f"--ref #{number + 1}"
        named[role] = (ref_path, read_lines(ref_path, role="--ref"))
    if src_path is not None:
        named["--src"] = (src_path, read_lines(src_path, role="--src"))
    if baseline_path is not None:
        named["--baseline"] = (baseline_path, read_lines(baseline_path, role="--baseline"))
    require_same_length(named)
    hypotheses = {system_name: named["--hyp"][1]}
    if baseline_path is not None:
        hypotheses[baseline_name] = named["--baseline"][1]
    references = [lines for role, (_, lines) in named.items() if role.startswith("--ref")]
    corpus = AlignedCorpus(
        segment_ids=[f"line {i + 1}" for i in range(len(named["--hyp"][1]))],
        references=references,
        hypotheses=hypotheses,
        sources=named["--src"][1] if src_path is not None else None,
        levels=["sentence"] * len(named["--hyp"][1]),
    )
    for name, lines in hypotheses.items():
        corpus.notes.extend(shape_warnings(lines, references, name))
    return corpus


def read_document_ids(path: Path, expected: int) -> list[str]:
    """Document id of each segment: the first tab-separated field of each line."""
    lines = split_lines(read_text(path, role="--docs"))
    if not lines:
        raise InvalidInput(f"--docs {path} is empty")
    if len(lines) != expected:
        raise InvalidInput(
            f"--docs {path.name} has {len(lines)} lines but there are {expected} segments;"
            " it needs one document id per segment line"
        )
    ids = [line.split("\t")[0].strip() for line in lines]
    blank = [str(i + 1) for i, doc_id in enumerate(ids) if not doc_id]
    if blank:
        raise InvalidInput(f"--docs {path.name}: no document id on line(s) {', '.join(blank[:5])}")
    return ids


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def describe_path(path: Path) -> dict[str, str]:
    """Path and checksum of an input, so an archived result says exactly what was scored."""
    path = Path(path)
    info = {"path": str(path)}
    if path.is_file():
        info["sha256"] = file_digest(path)
    elif path.is_dir():
        digest = hashlib.sha256()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(child.relative_to(path)).encode())
            digest.update(child.read_bytes())
        info["sha256_of_folder"] = digest.hexdigest()
    return info
