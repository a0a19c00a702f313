"""Builds real (randomly initialised) Qwen2- or Llama-shaped chat models with local tokenizers."""

from __future__ import annotations

from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (
    GenerationConfig,
    LlamaConfig,
    LlamaForCausalLM,
    PreTrainedTokenizerFast,
    Qwen2Config,
    Qwen2ForCausalLM,
)

from tarjama.models.testing.marian import DEFAULT_SEEDS_DIR, ENGLISH_TEXT, _read_corpus
from tarjama.models.translation.quiet import quiet_transformers

ARCHITECTURES = ("qwen2", "llama")
END_OF_TEXT, IM_START, IM_END = "<|endoftext|>", "<|im_start|>", "<|im_end|>"
SPECIAL_TOKENS = [END_OF_TEXT, IM_START, IM_END]

# ChatML, the template Qwen2/2.5/3 and many other instruction models ship (Jinja, as in
# tokenizer_config.json); generation stops at <|im_end|>.
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# What the prompts and answers look like, so the tokenizer has pieces for them.
PROMPT_TEXT = """\
Translate each numbered Arabic sentence into English. Answer with the same numbers.
1. The minister said the talks would resume. 2. Prices rose by 5 percent. 3. [1:4] [2:14]
Summarize the numbered sentences and cite them like [0:3] after each sentence.
"""


def build_tiny_llm(
    out_dir: Path,
    *,
    architecture: str = "qwen2",
    corpus_dir: Path | None = None,
    vocab_size: int = 1200,
    seed: int = 0,
    hidden_size: int = 32,
    layers: int = 1,
    heads: int = 2,
    kv_heads: int = 1,
    intermediate_size: int = 64,
    max_positions: int = 4096,
    padded_vocab_size: int | None = None,
) -> Path:
    """Save a tiny random chat model (config, safetensors, tokenizer, chat template).

    Auto* classes load it like a hub model; its answers are gibberish, which is the point:
    tests see what the engine does when a model ignores the requested format.
    padded_vocab_size pads the embedding with unused rows (real models' compute per token).
    """
    if heads % kv_heads:
        raise ValueError(f"{heads} attention heads cannot share {kv_heads} key/value heads")
    if architecture not in ARCHITECTURES:
        raise ValueError(f"architecture must be one of {', '.join(ARCHITECTURES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = _train_tokenizer(corpus_dir or DEFAULT_SEEDS_DIR, vocab_size)
    vocab = len(tokenizer)
    total_vocab = max(vocab, padded_vocab_size or 0)
    eos_id = tokenizer.convert_tokens_to_ids(IM_END)
    pad_id = tokenizer.convert_tokens_to_ids(END_OF_TEXT)
    shape = {
        "vocab_size": total_vocab,
        "hidden_size": hidden_size,
        "intermediate_size": intermediate_size,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "num_key_value_heads": kv_heads,
        "max_position_embeddings": max_positions,
        "eos_token_id": eos_id,
        "pad_token_id": pad_id,
        "bos_token_id": None,
        "tie_word_embeddings": True,
    }
    torch.manual_seed(seed)
    if architecture == "qwen2":
        model = Qwen2ForCausalLM(Qwen2Config(**shape, architectures=["Qwen2ForCausalLM"]))
    else:
        model = LlamaForCausalLM(LlamaConfig(**shape, architectures=["LlamaForCausalLM"]))
    model.eval()
    if total_vocab > vocab:
        # Unused filler rows must never be generated: they decode to nothing.
        with torch.no_grad():
            model.get_output_embeddings().weight[vocab:].zero_()
    model.generation_config = GenerationConfig(
        eos_token_id=eos_id, pad_token_id=pad_id, do_sample=False
    )
    with quiet_transformers():
        model.save_pretrained(str(out_dir))
        tokenizer.save_pretrained(str(out_dir))
    return out_dir


def build_smollm2_shaped_llm(out_dir: Path, *, seed: int = 0) -> Path:
    """A random model with the architecture of SmolLM2-135M-Instruct (Llama: 30 layers,
    576 wide, 9 heads sharing 3 key/value heads, 49,152-token vocabulary): compute per
    token is the real model's, so benchmarks measure real work."""
    return build_tiny_llm(
        out_dir,
        architecture="llama",
        seed=seed,
        hidden_size=576,
        layers=30,
        heads=9,
        kv_heads=3,
        intermediate_size=1536,
        max_positions=8192,
        padded_vocab_size=49152,
    )


def _train_tokenizer(corpus_dir: Path, vocab_size: int) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer (as Qwen2 and Llama 3 use) trained on the seeds."""
    lines = _read_corpus(corpus_dir) + ENGLISH_TEXT.splitlines() + PROMPT_TEXT.splitlines()
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator([line for line in lines if line.strip()], trainer=trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token=IM_END,
        pad_token=END_OF_TEXT,
        chat_template=CHATML_TEMPLATE,
        model_max_length=4096,
        padding_side="left",
    )
