"""Builds real (randomly initialised) Marian translation models with locally trained tokenizers."""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

import sentencepiece as spm
import torch
from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

from tarjama.models.translation.quiet import quiet_transformers

DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

# Marian (OPUS-MT) convention: </s> is id 0, <unk> id 1, <pad> is the last id and also the
# decoder start token.
EOS_TOKEN, UNK_TOKEN, PAD_TOKEN = "</s>", "<unk>", "<pad>"

# Target-side text for the English SentencePiece model: only its pieces matter, not its sense.
ENGLISH_TEXT = """\
Kazakhstan and Pakistan signed a strategic partnership agreement during a state visit.
The president met the prime minister to discuss access to ports on the Arabian Sea.
The two countries agreed to develop transport corridors and expand trade.
Officials said the talks focused on energy, security and regional cooperation.
The government announced new measures to support the economy and create jobs.
The minister said that the country would continue to work with its partners.
Thousands of people gathered in the capital to protest against rising prices.
The central bank raised interest rates for the third time this year.
The United Nations called for an immediate ceasefire and humanitarian access.
Negotiations between the two sides will resume next week in Cairo.
The army said it had killed several militants in an operation in the north.
Oil prices fell on Monday after reports of higher production in the Gulf.
The report was published on Tuesday by the ministry of foreign affairs.
Elections will be held in March, according to the electoral commission.
Journalists were not allowed to enter the area, witnesses told reporters.
The company plans to invest billions of dollars in renewable energy projects.
Schools and hospitals were damaged by the floods that hit the southern region.
The spokesman stressed the importance of dialogue and a peaceful solution.
"""


def build_tiny_marian(
    out_dir: Path,
    *,
    corpus_dir: Path | None = None,
    vocab_size: int = 800,
    seed: int = 0,
) -> Path:
    """Save a tiny Arabic-to-English MarianMTModel and tokenizer that Auto* classes load.

    The weights are random, so the output is gibberish; the point is to exercise exactly the
    code path of a real hub model (tokenizer files, config, generate) in seconds.
    """
    return _build_marian(
        Path(out_dir),
        corpus_dir=corpus_dir,
        source_vocab_size=vocab_size,
        target_vocab_size=max(100, vocab_size // 2),
        total_vocab_size=None,
        seed=seed,
        d_model=32,
        layers=1,
        heads=2,
        ffn_dim=64,
        # With the usual 0.02 a 32-wide random model ignores its input and says the same
        # thing for every sentence; larger weights make outputs differ per input.
        init_std=0.5,
    )


def build_opus_shaped_marian(
    out_dir: Path,
    *,
    corpus_dir: Path | None = None,
    vocab_size: int = 62000,
    seed: int = 0,
) -> Path:
    """Save a random model with the architecture and vocabulary size of opus-mt-ar-en.

    The seeds are far too small for a 62k SentencePiece vocabulary, so the tokenizers are
    trained with a few thousand pieces and the embedding matrix is padded with unused
    filler entries up to vocab_size: compute per token is then the real model's.
    """
    return _build_marian(
        Path(out_dir),
        corpus_dir=corpus_dir,
        source_vocab_size=4000,
        target_vocab_size=1000,
        total_vocab_size=vocab_size,
        seed=seed,
        d_model=512,
        layers=6,
        heads=8,
        ffn_dim=2048,
        init_std=0.02,
    )


def _build_marian(
    out_dir: Path,
    *,
    corpus_dir: Path | None,
    source_vocab_size: int,
    target_vocab_size: int,
    total_vocab_size: int | None,
    seed: int,
    d_model: int,
    layers: int,
    heads: int,
    ffn_dim: int,
    init_std: float,
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    arabic_lines = _read_corpus(corpus_dir or DEFAULT_SEEDS_DIR)
    with tempfile.TemporaryDirectory(prefix="tarjama-spm-") as tmp:
        source_spm = Path(tmp) / "source.spm"
        target_spm = Path(tmp) / "target.spm"
        source_spm.write_bytes(_train_sentencepiece(arabic_lines, source_vocab_size, seed))
        english_lines = [line for line in ENGLISH_TEXT.splitlines() if line.strip()]
        target_spm.write_bytes(_train_sentencepiece(english_lines, target_vocab_size, seed))
        vocab = _shared_vocab(source_spm, target_spm, total_vocab_size)
        target_ids = [vocab[piece] for piece in _pieces(target_spm)] + [vocab[EOS_TOKEN]]
        vocab_file = Path(tmp) / "vocab.json"
        vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        with quiet_transformers():
            tokenizer = MarianTokenizer(
                source_spm=str(source_spm),
                target_spm=str(target_spm),
                vocab=str(vocab_file),
                source_lang="ar",
                target_lang="en",
                model_max_length=512,
            )
        tokenizer.save_pretrained(str(out_dir))

    pad_id = vocab[PAD_TOKEN]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        pad_token_id=pad_id,
        eos_token_id=vocab[EOS_TOKEN],
        forced_eos_token_id=vocab[EOS_TOKEN],
        decoder_start_token_id=pad_id,
        init_std=init_std,
        architectures=["MarianMTModel"],
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    # Shared-vocabulary models can emit any piece; keep this one to English pieces so its
    # gibberish at least looks like the target language (and is not a copy of the source).
    with torch.no_grad():
        model.final_logits_bias.fill_(-1e4)
        model.final_logits_bias[0, target_ids] = 0.0
    model.generation_config = GenerationConfig(
        # A random model rarely emits </s>, so a finite max_length is what ends generation.
        max_length=512,
        num_beams=1,
        bad_words_ids=[[pad_id]],
        pad_token_id=pad_id,
        eos_token_id=vocab[EOS_TOKEN],
        forced_eos_token_id=vocab[EOS_TOKEN],
        decoder_start_token_id=pad_id,
    )
    with quiet_transformers():
        model.save_pretrained(str(out_dir))
    _same_permissions(out_dir)
    return out_dir


def _same_permissions(out_dir: Path) -> None:
    """Give every file the mode of config.json, written plainly (so by the umask's rule);
    a library that writes through a private temp file would leave its file 0600."""
    mode = (out_dir / "config.json").stat().st_mode & 0o777
    for path in out_dir.iterdir():
        if path.is_file():
            path.chmod(mode)


def _read_corpus(corpus_dir: Path) -> list[str]:
    files = sorted(Path(corpus_dir).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no *.txt corpus files in {corpus_dir}")
    lines = []
    for path in files:
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _train_sentencepiece(lines: Iterable[str], vocab_size: int, seed: int) -> bytes:
    model = io.BytesIO()
    # Training only samples when the corpus is large; seeding keeps that reproducible too.
    spm.set_random_generator_seed(seed)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # The corpus may hold fewer pieces than asked for; take what it has instead of failing.
        hard_vocab_limit=False,
        # Marian appends </s> itself and never uses <s>; only <unk> stays a control piece.
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(spm_file: Path) -> list[str]:
    processor = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [processor.id_to_piece(piece_id) for piece_id in range(processor.get_piece_size())]


def _shared_vocab(source_spm: Path, target_spm: Path, total_size: int | None) -> dict[str, int]:
    """One id space for both sides, as OPUS-MT models use (separate_vocabs=False)."""
    vocab: dict[str, int] = {EOS_TOKEN: 0, UNK_TOKEN: 1}
    for path in (source_spm, target_spm):
        for piece in _pieces(path):
            if piece not in vocab:
                vocab[piece] = len(vocab)
    if total_size is not None:
        if total_size <= len(vocab):
            raise ValueError(f"vocab_size {total_size} is smaller than the trained vocabulary")
        for filler in range(total_size - 1 - len(vocab)):
            vocab[f"<unused_{filler}>"] = len(vocab)
    vocab[PAD_TOKEN] = len(vocab)
    return vocab
