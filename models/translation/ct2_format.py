"""On-disk format of a converted CTranslate2 model: the files tarjama adds, their metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tarjama.models.errors import ModelNotFound, model_label
from tarjama.models.translation.quiet import quiet_transformers
from tarjama.models.types import ModelRef

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


def converted_model_ref(metadata: ConversionMetadata) -> ModelRef:
    """The model a converted directory serves: its source and the conversion that made it."""
    return ModelRef(
        # A model converted from a local directory must not reveal where it was.
        model_id=model_label(metadata.source_model),
        revision=f"{metadata.source_revision or 'local'}+ct2-{metadata.quantization}-"
        f"{metadata.content_id}",
    )


def load_converted_tokenizer(model_dir: Path, metadata: ConversionMetadata):
    """The tokenizer saved beside a converted model, by its concrete class: AutoTokenizer
    imports torch (~200 MB of RSS), which a CTranslate2 server never needs."""
    import transformers  # heavy: only when a converted model is loaded

    # Not getattr's default: merely touching transformers.AutoTokenizer imports torch.
    tokenizer_class = getattr(transformers, metadata.tokenizer_class, None)
    if tokenizer_class is None:
        tokenizer_class = transformers.AutoTokenizer
    with quiet_transformers():  # no "Recommended: pip install sacremoses" at start-up
        return tokenizer_class.from_pretrained(str(model_dir))
