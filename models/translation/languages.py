"""Language codes: request validation and the per-model-family codes (Marian, NLLB, M2M100)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from tarjama.models.errors import UnsupportedLanguage, model_label, shown
from tarjama.models.translation.backend import BackendInfo

ARABIC = "arb_Arab"
ENGLISH = "eng_Latn"

# Every spelling a caller may use for a language, lower-cased, mapped to the NLLB-style code
# that tarjama uses internally. "" means "the model's language" and is accepted as well.
_ALIASES = {
    "ar": ARABIC,
    "ara": ARABIC,
    "arb": ARABIC,
    "arb_arab": ARABIC,
    "en": ENGLISH,
    "eng": ENGLISH,
    "eng_latn": ENGLISH,
}
_NAMES = {ARABIC: "Arabic (ar, arb_Arab)", ENGLISH: "English (en, eng_Latn)"}


class ModelFamily(str, Enum):
    """How a model family wants to be told the source and target languages."""

    MARIAN = "marian"  # one pair per model, nothing to set
    NLLB = "nllb"  # tokenizer.src_lang = "arb_Arab", forced BOS "eng_Latn"
    M2M100 = "m2m100"  # tokenizer.src_lang = "ar", forced BOS get_lang_id("en")
    MBART50 = "mbart50"  # tokenizer.src_lang = "ar_AR", forced BOS "en_XX"
    OTHER = "other"  # unknown: used like Marian


_FAMILY_CODES = {
    ModelFamily.NLLB: {ARABIC: "arb_Arab", ENGLISH: "eng_Latn"},
    ModelFamily.M2M100: {ARABIC: "ar", ENGLISH: "en"},
    ModelFamily.MBART50: {ARABIC: "ar_AR", ENGLISH: "en_XX"},
}


@dataclass(frozen=True)
class LanguageSetup:
    """What to set on the tokenizer and pass to generate for one language pair."""

    family: ModelFamily
    src_lang: str | None = None
    forced_bos_token_id: int | None = None


def canonical_language(code: str) -> str:
    """The internal code of a language spelling ("ar" -> "arb_Arab"); unknown codes unchanged."""
    cleaned = code.strip().replace("-", "_")
    return _ALIASES.get(cleaned.lower(), cleaned)


def check_language_pair(source: str, target: str, backend_info: BackendInfo) -> None:
    """Raise UnsupportedLanguage unless source->target is the pair the loaded model serves."""
    served_source = canonical_language(backend_info.source_language)
    served_target = canonical_language(backend_info.target_language)
    source_ok = not source.strip() or canonical_language(source) == served_source
    target_ok = not target.strip() or canonical_language(target) == served_target
    if source_ok and target_ok:
        return
    if not source_ok and not target_ok:
        asked = f"language pair {shown(source)} -> {shown(target)}"
    elif not source_ok:
        asked = f"source language {shown(source)}"
    else:
        asked = f"target language {shown(target)}"
    raise UnsupportedLanguage(
        f"unsupported {asked}: model '{model_label(backend_info.model.model_id)}' translates "
        f"{_NAMES.get(served_source, served_source)} to {_NAMES.get(served_target, served_target)}"
    )


def serves_arabic(backend_info: BackendInfo) -> bool:
    """True when the loaded model translates from Arabic (the language guard applies)."""
    return canonical_language(backend_info.source_language) == ARABIC


def detect_family(model_type: str, tokenizer: Any) -> ModelFamily:
    """Tell NLLB from M2M100 (both are model_type "m2m_100") by what the tokenizer knows."""
    if model_type == "marian":
        return ModelFamily.MARIAN
    if callable(getattr(tokenizer, "get_lang_id", None)):
        return ModelFamily.M2M100
    if _knows_token(tokenizer, "eng_Latn"):
        return ModelFamily.NLLB
    if _knows_token(tokenizer, "en_XX"):
        return ModelFamily.MBART50
    return ModelFamily.OTHER


def language_setup(
    family: ModelFamily, tokenizer: Any, source: str = ARABIC, target: str = ENGLISH
) -> LanguageSetup:
    """The family's source code and forced first target token for source->target."""
    codes = _FAMILY_CODES.get(family)
    if codes is None:
        return LanguageSetup(family)
    source_code = _family_code(family, codes, source)
    target_code = _family_code(family, codes, target)
    if family is ModelFamily.M2M100:
        try:
            forced_bos = int(tokenizer.get_lang_id(target_code))
        except KeyError as error:
            raise UnsupportedLanguage(f"this M2M100 tokenizer has no '{target_code}'") from error
    else:
        if not _knows_token(tokenizer, target_code):
            raise UnsupportedLanguage(f"this {family.value} tokenizer has no '{target_code}'")
        forced_bos = int(tokenizer.convert_tokens_to_ids(target_code))
    return LanguageSetup(family, src_lang=source_code, forced_bos_token_id=forced_bos)


def apply_source_language(tokenizer: Any, setup: LanguageSetup) -> None:
    """Make the tokenizer add the source language token (it changes token counts too)."""
    if setup.src_lang is not None:
        tokenizer.src_lang = setup.src_lang


def _family_code(family: ModelFamily, codes: dict[str, str], language: str) -> str:
    code = codes.get(canonical_language(language))
    if code is None:
        raise UnsupportedLanguage(f"no {family.value} code known for language {shown(language)}")
    return code


def _knows_token(tokenizer: Any, token: str) -> bool:
    try:
        token_id = tokenizer.convert_tokens_to_ids(token)
    except (KeyError, ValueError, TypeError):
        return False
    return token_id is not None and token_id != getattr(tokenizer, "unk_token_id", None)
