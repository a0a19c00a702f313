"""Builds a tiny, randomly initialised BART summarizer with a locally trained BPE tokenizer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import torch
from tokenizers import Tokenizer, models, pre_tokenizers, trainers
from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer, GenerationConfig

# BART's special tokens, in the id order of facebook/bart-large-cnn.
SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
BOS_ID, PAD_ID, EOS_ID = 0, 1, 2

# Small on purpose: inputs of a few hundred words must need several chunks in tests.
TINY_MAX_POSITIONS = 128
EOS_BIAS = 10.0

_READABLE_PIECE = re.compile(r" ?[A-Za-z0-9][A-Za-z0-9%]*[.,]?")

# Training text for the byte-level BPE; only its pieces matter, not its sense.
ENGLISH_TEXT = """\
Kazakhstan and Pakistan signed a strategic partnership agreement during a state visit.
The president met the prime minister to discuss access to ports on the Arabian Sea.
Trade between the two countries doubled last year to almost 86 million euros.
The two leaders signed 20 agreements covering transport, mining, health and education.
Officials said the talks focused on energy, security and regional cooperation.
The government announced new measures to support the economy and create 1,500 jobs.
The minister said that the country would continue to work with its partners.
Thousands of people gathered in the capital to protest against rising prices.
The central bank raised interest rates by 1.5 percent for the third time this year.
The United Nations called for an immediate ceasefire and humanitarian access.
Negotiations between the two sides will resume next week in Cairo.
Oil prices fell 40% on Monday after reports of higher production in the Gulf.
Elections will be held in March 2026, according to the electoral commission.
The company plans to invest billions of dollars in renewable energy projects.
Schools and hospitals were damaged by the floods that hit the southern region.
The spokesman stressed the importance of dialogue and a peaceful solution.
"""


def build_tiny_bart(out_dir: Path, *, seed: int = 0, vocab_size: int = 600) -> Path:
    """Save a tiny BartForConditionalGeneration and tokenizer that Auto* classes load.

    The weights are random, so summaries are gibberish; the point is to run exactly the
    code path of a hub model (tokenizer files, config, generate, input limit) in seconds.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _build_tokenizer(vocab_size).save_pretrained(str(out_dir))
    vocab = json.loads((out_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]

    config = BartConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=TINY_MAX_POSITIONS,
        # With the usual 0.02 a 32-wide random model ignores its input and writes the same
        # text for every chunk; larger weights make outputs differ per input.
        init_std=0.5,
        bos_token_id=BOS_ID,
        pad_token_id=PAD_ID,
        eos_token_id=EOS_ID,
        decoder_start_token_id=EOS_ID,
        forced_bos_token_id=BOS_ID,
        forced_eos_token_id=EOS_ID,
        architectures=["BartForConditionalGeneration"],
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    model.eval()
    # Byte-level BPE can emit stray bytes that decode to control characters; keep this
    # model to whole printable pieces so its gibberish at least reads as words.
    tokenizer = BartTokenizer.from_pretrained(str(out_dir))
    readable = [
        token_id
        for token_id in range(len(vocab))
        if _READABLE_PIECE.fullmatch(tokenizer.decode([token_id]))
    ]
    with torch.no_grad():
        model.final_logits_bias.fill_(-1e4)
        model.final_logits_bias[0, readable] = 0.0
        # A random model rarely chooses </s>; favouring it lets generation end soon after
        # min_new_tokens, as a trained summarizer would, which keeps tests fast.
        model.final_logits_bias[0, EOS_ID] = EOS_BIAS
    model.generation_config = GenerationConfig(
        num_beams=1,
        bos_token_id=BOS_ID,
        pad_token_id=PAD_ID,
        eos_token_id=EOS_ID,
        decoder_start_token_id=EOS_ID,
        forced_bos_token_id=BOS_ID,
        forced_eos_token_id=EOS_ID,
        bad_words_ids=[[PAD_ID], [3], [4]],  # never <pad>, <unk>, <mask>
    )
    model.save_pretrained(str(out_dir))
    return out_dir


def _build_tokenizer(vocab_size: int) -> BartTokenizer:
    """A byte-level BPE trained on ENGLISH_TEXT, wrapped as BART's (Roberta-style) tokenizer."""
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator([line for line in ENGLISH_TEXT.splitlines() if line.strip()], trainer)
    trained = json.loads(bpe.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in trained["merges"]]
    return BartTokenizer(
        vocab=trained["vocab"],
        merges=merges,
        model_max_length=TINY_MAX_POSITIONS,
    )
