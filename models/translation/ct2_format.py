"""On-disk format of a converted CTranslate2 model: the files tarjama adds, their metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tarjama.models.errors import ModelNotFound, model_label

METADATA_FILE = "tarjama_ct2.json"
# The converter's own config.json describes the CTranslate2 model, so the HF one is kept
# under another name: the directory then holds everything needed to serve it.
HF_CONFIG_FILE = "hf_config.json"


@dataclass(frozen=True)
class ConversionMetadata:
    """What tarjama records next to a converted model so it can be served on its own."""

    source_model: str
    source_revision: str | None
    quantization: str
    model_type: str
    tokenizer_class: str
    max_input_tokens: int
    content_id: str
    ctranslate2_version: str
    # HF models with forced_eos_token_id spend their last allowed step on </s>; CT2 has no
    # such option, so the backend stops one token earlier to give the same outputs.
    forced_eos: bool = False
    # "seq2seq" (served by a ctranslate2.Translator) or "llm" (a chat model: a Generator).
    kind: str = "seq2seq"

    @classmethod
    def read(cls, model_dir: Path) -> ConversionMetadata:
        path = model_dir / METADATA_FILE
        if not path.is_file():
            raise ModelNotFound(
                f"'{model_label(str(model_dir))}' is not a tarjama CTranslate2 model (no "
                f"{METADATA_FILE}); create one with `tarjama models convert MODEL --out DIR`"
            )
        return cls(**json.loads(path.read_text(encoding="utf-8")))
