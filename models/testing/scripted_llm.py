"""A scripted instruction model: answers numbered prompts correctly or in one broken way."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

from tarjama.models.translation.backend import BackendInfo, Generated
from tarjama.models.translation.fake_backend import romanize
from tarjama.models.types import ModelRef

SCRIPTED_MODEL_ID = "scripted/llm"
_USER, _ASSISTANT = "<|user|>\n", "\n<|assistant|>\n"
_SOURCE_LINE = re.compile(r"^(\d+)\. (.*)$", re.M)
_CITED_LINE = re.compile(r"^\[(\d+):(\d+)\] (.*)$", re.M)

# The broken ways a translation answer can come back (None answers correctly).
TRANSLATION_FAULTS = (
    "skip",  # the second line is left out
    "merge",  # lines 2 and 3 come back as one line numbered 2
    "extra",  # one line too many at the end
    "split",  # line 1 comes back as two lines, shifting every number after it
    "commentary",  # a preamble, a note line and a note appended to a translation
    "only_commentary",  # nothing but talk, even for one sentence
    "copy",  # the second line comes back in Arabic, untranslated
    "always_skip",  # the second line is left out, and single lines come back empty
)
# The broken ways a summary answer can come back (None answers correctly).
SUMMARY_FAULTS = (
    "wrong_citation",  # the first sentence cites a source that does not say it
    "missing_citation",  # the first sentence cites a sentence that does not exist
    "invented_number",  # the first sentence states a number no source has
    "invented_name",  # the first sentence names someone no source names
    "uncited",  # the first sentence cites nothing
    "all_invented",  # every sentence states an invented number
)

Responder = Callable[[str], str]


class ScriptedLLM:
    """A backend with the CausalLMBackend interface whose answers a responder writes.

    `render` wraps the user message in a fixed template; `generate` hands the message
    back to the responder and returns its answer, cut to the cap (in whitespace tokens).
    Instant and deterministic: it tests the parsing, retries and checks, not a model.
    """

    kind = "llm"

    def __init__(self, responder: Responder, *, context: int = 4096, parallelism: int = 1):
        self.responder = responder
        self.parallelism = parallelism
        self.prompts: list[str] = []  # every user message received, in order
        self._lock = threading.Lock()
        self.info = BackendInfo(
            model=ModelRef(model_id=SCRIPTED_MODEL_ID, revision="0"),
            backend="scripted",
            device="cpu",
            dtype="float32",
            max_input_tokens=context,
            source_language="arb_Arab",
            target_language="eng_Latn",
            max_output_tokens=context,
            workers=parallelism,
        )

    def render(self, user_message: str) -> str:
        return f"{_USER}{user_message}{_ASSISTANT}"

    def encode(self, texts: Sequence[str]) -> list[tuple[int, ...]]:
        """One id per whitespace word, plus one: the length is all that matters here."""
        return [tuple(range(len(text.split()) + 1)) for text in texts]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        token_ids: Sequence[Sequence[int]] | None = None,
    ) -> list[Generated]:
        results = []
        for text, cap in zip(texts, max_new_tokens, strict=True):
            message = text.removeprefix(_USER).removesuffix(_ASSISTANT)
            with self._lock:
                self.prompts.append(message)
            answer = self.responder(message)
            words = answer.split(" ")
            capped = len(words) > cap
            if capped:
                answer = " ".join(words[:cap])
            results.append(Generated(answer, min(len(words), cap), hit_length_cap=capped))
        return results


def translation_responder(fault: str | None = None) -> Responder:
    """Answers translation prompts with romanized sources, numbered, or in `fault`'s way."""
    if fault is not None and fault not in TRANSLATION_FAULTS:
        raise ValueError(f"unknown fault {fault!r}")

    def respond(message: str) -> str:
        sources = [text for _, text in _SOURCE_LINE.findall(message)]
        lines = [romanize(text) for text in sources]
        single = len(lines) == 1
        if fault == "only_commentary":
            return "I cannot translate this text.\nNote: the source is ambiguous."
        if fault == "always_skip" and single:
            return ""
        if single or fault is None:
            return _numbered(lines)
        if fault in ("skip", "always_skip"):
            return _numbered(lines, skip={2})
        if fault == "merge" and len(lines) >= 3:
            numbers = [1, 2, *range(4, len(lines) + 1)]  # 3 is gone: merged into 2
            merged = [lines[0], f"{lines[1]} {lines[2]}", *lines[3:]]
            return "\n".join(f"{n}. {line}" for n, line in zip(numbers, merged, strict=True))
        if fault == "extra":
            return _numbered([*lines, "An extra line the sources do not have."])
        if fault == "split":
            words = lines[0].split()
            half = max(1, len(words) // 2)
            return _numbered([" ".join(words[:half]), " ".join(words[half:]), *lines[1:]])
        if fault == "commentary":
            body = _numbered([lines[0] + " (Note: literal translation)", *lines[1:]])
            return f"Here is the translation:\n{body}\nNote: names are transliterated."
        if fault == "copy":
            return _numbered([lines[0], sources[1], *lines[2:]])
        return _numbered(lines)

    return respond


def summary_responder(fault: str | None = None, *, sentences: int = 3) -> Responder:
    """Answers summary prompts by restating cited sources, or in `fault`'s way."""
    if fault is not None and fault not in SUMMARY_FAULTS:
        raise ValueError(f"unknown fault {fault!r}")

    def respond(message: str) -> str:
        sources = [(int(a), int(s), text) for a, s, text in _CITED_LINE.findall(message)]
        chosen = sources[:sentences]
        lines = []
        for position, (article, sentence, text) in enumerate(chosen):
            cite = f"[{article}:{sentence}]"
            statement = text.rstrip(".")
            if position == 0 or fault == "all_invented":
                if fault == "wrong_citation" and len(sources) > sentences:
                    other = sources[-1]
                    cite = f"[{other[0]}:{other[1]}]"
                elif fault == "missing_citation":
                    cite = f"[{article}:{sentence + 999}]"
                elif fault in ("invented_number", "all_invented"):
                    statement += ", affecting 987,654 people"
                elif fault == "invented_name":
                    statement += ", said Zebulon Quartermaine"
                elif fault == "uncited":
                    cite = ""
            lines.append(f"{statement}. {cite}".strip())
        return "Here is a summary:\n" + "\n".join(lines)

    return respond


def _numbered(lines: Sequence[str], skip: frozenset[int] | set[int] = frozenset()) -> str:
    return "\n".join(
        f"{number}. {line}" for number, line in enumerate(lines, 1) if number not in skip
    )
