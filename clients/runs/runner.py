"""The run loop: articles through an engine into a sink, skipping finished ones, failing singly."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tarjama.clients.runs.manifest import EngineRecord, ModelKey
from tarjama.clients.runs.sinks import Sink
from tarjama.clients.runs.types import Article, Unreadable
from tarjama.models.errors import TarjamaError, counted, one_line
from tarjama.models.types import TranslatedArticle

Outcome = TranslatedArticle | str  # an article, or why it failed (one line)


class Engine(Protocol):
    """Translates a stream of articles; yields each with its outcome as soon as it is done.

    Two engines implement it: ThreadEngine (this process, or a server through the client)
    and RayEngine (a Ray Data actor pool).
    """

    model_key: ModelKey  # a str, or how to learn it when first needed
    engine: EngineRecord | None  # how it translates, recorded with each finished article

    def translate(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Outcome]]: ...

    def close(self) -> None: ...


def failure_message(error: BaseException) -> str:
    """An article's failure in one line: the reason for tarjama's errors, the type otherwise."""
    if isinstance(error, TarjamaError | OSError):
        return one_line(str(error))
    return one_line(f"unexpected {type(error).__name__}: {error}")


def empty_segments(article: TranslatedArticle) -> int:
    """Segments with a source but no translation: flagged `empty`, or empty whatever the flags."""
    return sum(
        1
        for s in article.segments
        if s.source.strip()
        and (not s.translation.strip() or any(flag.value == "empty" for flag in s.flags))
    )


@dataclass
class RunReport:
    """What a run did."""

    translated: int = 0
    skipped: int = 0
    sentences: int = 0
    empty: int = 0  # sentences that came back with an empty translation
    failures: list[tuple[Path, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False  # Ctrl-C stopped the run; what finished before it is saved

    def summary_line(self) -> str:
        empty = f" ({self.empty} with an empty translation)" if self.empty else ""
        return (
            f"{counted(self.translated, 'article')} translated, {self.skipped} skipped, "
            f"{len(self.failures)} failed; {counted(self.sentences, 'sentence')}{empty} "
            f"in {self.seconds:.1f} s"
        )

    def interrupted_line(self, where: Path) -> str:
        """What Ctrl-C left: the articles saved, and what running the command again does."""
        saved = counted(self.translated, "article")
        before = f" ({self.skipped} done before it)" if self.skipped else ""
        return (
            f"interrupted: this run saved {saved} in {where}{before}; run the same command "
            "again to resume: finished articles are skipped, the rest translated"
        )


def run_articles(
    items: Iterable[Article | Unreadable],
    engine: Engine,
    sink: Sink,
    *,
    on_progress: Callable[[], None] = lambda: None,
    on_failure: Callable[[str, str], None] = lambda source, reason: None,
) -> RunReport:
    """Skip finished articles, translate the rest with the engine, write each as it finishes.

    Every article ends translated, skipped or failed (with its reason); one failure never
    stops the run. The sink is closed (its manifest saved) however the run ends. Ctrl-C
    stops the run and returns what it did so far (`interrupted` set): every article written
    before it stays written and recorded, so a rerun resumes.
    """
    started = time.perf_counter()
    report = RunReport()

    def fail(item: Article | Unreadable, reason: str) -> None:
        # failures.jsonl (an output) gets the recorded source; the terminal, where it lies here.
        report.failures.append((Path(item.source), reason))
        on_failure(item.origin or item.source, reason)
        on_progress()  # the progress bar counts every article, failed or not

    def pending() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Unreadable):
                fail(item, item.reason)
            elif sink.is_done(item):
                report.skipped += 1
                on_progress()
            else:
                yield item

    try:
        for article, outcome in engine.translate(pending()):
            if isinstance(outcome, str):
                fail(article, outcome)
                continue
            try:
                sink.write(article, outcome)
            except OSError as error:
                fail(article, f"cannot write its outputs: {error}")
                continue
            report.translated += 1
            report.sentences += len(outcome.segments)
            report.empty += empty_segments(outcome)
            on_progress()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        sink.close()
    report.seconds = time.perf_counter() - started
    return report
