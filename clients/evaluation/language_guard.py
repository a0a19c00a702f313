"""Measures the language guard against the Arabic-script share on Arabic/English test sets.

    python -m tarjama.clients.evaluation.language_guard ../shared/eval-data

DATA_DIR holds test sets as folders with aligned `ara.txt` and `eng.txt` (FLORES-200,
NTREX-128, TICO-19 as the OPUS-MT test sets ship them). For every line of both sides, and
for every Arabic line with 1-3 Latin names or acronyms inserted at random places (mixed
text, which must always pass), it counts the refusals of: the guard as shipped
(py3langid with the Arabic-share safety net), py3langid alone, and Arabic-script share
thresholds alone. NTREX articles (document_ids.tsv) are also judged whole.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from tarjama.models.text.language_guard import (
    ARABIC_VARIETIES,
    judge_language,
    load_language_identifier,
)

LATIN_NAMES = (
    "NATO", "COVID-19", "Emergent BioSolutions", "Vaxart", "Novavax Inc.", "BBC", "iPhone 15",
    "Microsoft Azure", "UNESCO", "Donald Trump", "Pfizer-BioNTech", "SpaceX Falcon 9", "WHO",
    "G20", "OPEC+", "#ChineseDontComeToJapan", "Real Madrid", "Bundesliga", "IMF", "SARS-CoV-2",
)  # fmt: skip
SHARE_THRESHOLDS = (0.5, 0.3, 0.2)


def mixed(line: str, rng: random.Random) -> str:
    """The line with 1-3 Latin names or acronyms inserted between its words."""
    words = line.split()
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randint(0, len(words)), rng.choice(LATIN_NAMES))
    return " ".join(words)


def refusals(lines: list[str]) -> dict[str, int]:
    """How many lines each method refuses."""
    identifier = load_language_identifier()
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        verdict = judge_language(line)
        counts["guard (py3langid + share safety net)"] += not verdict.accepted
        too_short = verdict.language == ""
        language = "" if too_short else str(identifier.classify(line)[0])
        counts["py3langid alone"] += not too_short and language not in ARABIC_VARIETIES
        for threshold in SHARE_THRESHOLDS:
            refused = not too_short and verdict.arabic_share < threshold
            counts[f"Arabic-script share < {threshold}"] += refused
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="folder of test sets with ara.txt/eng.txt")
    parser.add_argument("--seed", type=int, default=0, help="for the inserted names")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    sides: dict[str, list[str]] = defaultdict(list)
    articles: list[str] = []
    sets = sorted(path.parent for path in args.data_dir.glob("*/ara.txt"))
    if not sets:
        print(f"no */ara.txt under {args.data_dir}", file=sys.stderr)
        return 2
    for folder in sets:
        for side in ("ara", "eng"):
            path = folder / f"{side}.txt"
            if path.is_file():
                lines = [line for line in path.read_text(encoding="utf-8").splitlines()]
                sides[side] += [line for line in lines if line.strip()]
        documents = folder / "document_ids.tsv"
        if documents.is_file():
            by_document: dict[str, list[str]] = defaultdict(list)
            ids = documents.read_text(encoding="utf-8").splitlines()
            arabic = (folder / "ara.txt").read_text(encoding="utf-8").splitlines()
            for document, line in zip(ids, arabic, strict=False):
                by_document[document.split("\t")[0]].append(line)
            articles += ["\n".join(lines) for lines in by_document.values()]
    groups = {
        "Arabic lines (must pass)": sides["ara"],
        "Arabic lines + Latin names (must pass)": [mixed(line, rng) for line in sides["ara"]],
        "NTREX Arabic articles (must pass)": articles,
        "English lines (must be refused)": sides["eng"],
    }
    started = time.perf_counter()
    print(f"test sets: {', '.join(folder.name for folder in sets)}")
    for name, lines in groups.items():
        if not lines:
            continue
        print(f"\n{name}: {len(lines)}")
        for method, count in refusals(lines).items():
            print(f"  {method:<40} refused {count:>5} ({count / len(lines):.1%})")
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
