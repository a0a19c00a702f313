"""`tarjama models`: pull models into the HF cache, list them, convert them, build a smoke model."""

from __future__ import annotations

import argparse
from pathlib import Path

from tarjama.clients.runs.outputs import prepare_output_dir
from tarjama.models.errors import InvalidInput, ModelMissing, ModelNotFound, shown
from tarjama.models.settings import DEFAULT_SUMMARY_MODEL
from tarjama.models.translation.config import DEFAULT_TRANSLATION_MODEL


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="download, list, convert and build models")
    commands = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    pull = commands.add_parser(
        "pull",
        help="download a model into the Hugging Face cache for offline use",
        description=(
            "Download MODEL (a hub id) into the Hugging Face cache (HF_HOME); afterwards "
            "`tarjama serve --offline` works without network. Defaults: "
            f"{DEFAULT_TRANSLATION_MODEL} and {DEFAULT_SUMMARY_MODEL}."
        ),
    )
    pull.add_argument("models", nargs="*", help=f"hub ids (default: {DEFAULT_TRANSLATION_MODEL})")
    pull.add_argument("--revision", help="branch, tag or commit")
    pull.set_defaults(handler=run_pull)

    listing = commands.add_parser("list", help="show models in the Hugging Face cache")
    listing.set_defaults(handler=run_list)

    convert = commands.add_parser(
        "convert",
        help="convert an HF Marian/NLLB/M2M100 or chat (LLM) model to CTranslate2",
        description="Convert for `tarjama serve --backend ctranslate2 --model OUT`.",
    )
    convert.add_argument("model", help="hub id or local directory")
    convert.add_argument("--out", type=Path, required=True, help="output directory")
    convert.add_argument(
        "--quantization",
        choices=["int8", "int8_float32", "int8_float16", "float16", "bfloat16", "float32"],
        default="int8",
    )
    convert.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    convert.set_defaults(handler=run_convert)

    smoke = commands.add_parser(
        "smoke",
        help="build a tiny random model (Marian, or a chat LLM) to try the pipeline offline",
        description=(
            "Build a tiny MarianMT model with a SentencePiece tokenizer trained on the seeds, "
            "or with --kind llm a tiny Qwen2- or Llama-shaped chat model with a byte-level BPE "
            "tokenizer trained on the seeds and a ChatML chat template. Outputs are gibberish: "
            "they exist to exercise the pipeline (and the LLM retries and flags) without weights."
        ),
    )
    smoke.add_argument("--out", type=Path, required=True, help="output directory")
    smoke.add_argument(
        "--kind",
        choices=["marian", "llm"],
        default="marian",
        help="marian (seq2seq, default) or llm (decoder-only instruction model)",
    )
    smoke.add_argument(
        "--architecture",
        choices=["qwen2", "llama"],
        default="qwen2",
        help="shape of the --kind llm model (default qwen2)",
    )
    smoke.set_defaults(handler=run_smoke)


def run_pull(args: argparse.Namespace) -> int:
    from tarjama.models.translation.hub import pull_model  # 3 ms that `tarjama --help` skips

    for model_id in args.models or [DEFAULT_TRANSLATION_MODEL]:
        try:
            path = pull_model(model_id, revision=args.revision)
        except ModelMissing as error:
            raise ModelNotFound(
                f"cannot download '{model_id}' from the Hugging Face Hub ({error.reason}); "
                "check network access (HF_ENDPOINT, proxy settings, HF_HUB_OFFLINE) or copy a "
                "filled Hugging Face cache (HF_HOME) from a machine that has the model"
            ) from None
        print(f"{model_id}: cached at {path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from tarjama.models.translation.hub import list_cached_models  # as in run_pull

    cached = list_cached_models()
    if not cached:
        print("no models in the Hugging Face cache (see `tarjama models pull MODEL`)")
        return 0
    for model in cached:
        print(model.describe() if hasattr(model, "describe") else model)
    return 0


def _check_model_out(out: Path, *, create: bool) -> None:
    """Stop before any model work when --out cannot become a model folder."""
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out {shown(str(out), 200)} is a file; give a folder")
    if create:
        prepare_output_dir(out)
    else:  # the model is built beside --out and renamed into place
        prepare_output_dir(out.parent, option="--out's parent folder")


def run_convert(args: argparse.Namespace) -> int:
    from tarjama.models.translation.ct2_convert import convert_to_ctranslate2  # loaders: 22 ms

    _check_model_out(args.out, create=False)
    out = convert_to_ctranslate2(args.model, args.out, args.quantization, force=args.force)
    print(f"converted {args.model} ({args.quantization}) to {out}")
    print(f"serve it with: tarjama serve --backend ctranslate2 --model {out}")
    return 0


def run_smoke(args: argparse.Namespace) -> int:
    _check_model_out(args.out, create=True)
    if args.kind == "llm":
        from tarjama.models.testing.llm import build_tiny_llm  # torch

        out = build_tiny_llm(args.out, architecture=args.architecture)
        print(f"built a tiny {args.architecture}-shaped chat model in {out}")
    else:
        from tarjama.models.testing.marian import build_tiny_marian  # torch, sentencepiece

        out = build_tiny_marian(args.out)
        print(f"built a tiny smoke model in {out}")
    print(f"try it with: tarjama translate seeds/ --out out/ --model {out}")
    return 0
