"""Model resolution and loading errors, hub helpers, devices, dtypes and language codes."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tarjama.models.errors import InvalidInput, ModelMissing, ModelNotFound, UnsupportedLanguage
from tarjama.models.translation import hub, loading
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.languages import (
    ModelFamily,
    apply_source_language,
    canonical_language,
    detect_family,
    language_setup,
)
from tarjama.models.translation.loading import load_backend, local_revision, resolve_model

pytestmark = pytest.mark.usefixtures("hf_offline")

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_cached_repo(hf_home, repo_id: str, files: dict[str, str]):
    """A model laid out in the HF cache as snapshot_download leaves it."""
    repo = hf_home / "hub" / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / COMMIT
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)
    for name, content in files.items():
        (snapshot / name).write_text(content)
    return snapshot


def test_hub_id_offline_without_cache_is_model_missing_without_asking_the_hub(monkeypatch):
    def asked(*args, **kwargs):
        raise AssertionError("offline mode must not contact the hub")

    monkeypatch.setattr(hub, "_ask_hub_once", asked)
    with pytest.raises(ModelMissing, match="Helsinki-NLP/opus-mt-ar-en.*models pull"):
        load_backend(TranslatorConfig(model="Helsinki-NLP/opus-mt-ar-en"))


def test_unreachable_hub_is_model_missing(monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Name or service not known")

    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr(hub, "is_offline", lambda: False)
    monkeypatch.setattr(hub, "_ask_hub_once", unreachable)
    with pytest.raises(ModelMissing, match="Hub is unreachable: Name or service not known"):
        resolve_model(TranslatorConfig(model="Helsinki-NLP/opus-mt-ar-en"))
    with pytest.raises(ModelMissing, match="offline"):
        resolve_model(TranslatorConfig(model="Helsinki-NLP/opus-mt-ar-en", local_files_only=True))


def test_a_hub_model_that_is_not_cached_is_probed_once_then_downloaded(monkeypatch, tmp_path):
    asked, pulled = [], []
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr(hub, "is_offline", lambda: False)
    monkeypatch.setattr(hub, "_ask_hub_once", lambda *args: asked.append(args))
    monkeypatch.setattr(loading, "pull_model", lambda *args: pulled.append(args) or tmp_path)
    resolved = resolve_model(TranslatorConfig(model="org/model", revision="main"))
    assert asked == [("org/model", "main")] and pulled == [("org/model", "main")]
    assert resolved.path == tmp_path


def test_pull_downloads_only_the_needed_files_at_the_listed_commit(monkeypatch, tmp_path):
    import huggingface_hub
    from huggingface_hub import HfApi

    listing = ["config.json", "model.safetensors", "pytorch_model.bin", "tf_model.h5"]
    info = SimpleNamespace(sha=COMMIT, siblings=[SimpleNamespace(rfilename=f) for f in listing])
    calls = {}

    def snapshot_download(repo_id, **kwargs):
        calls.update(kwargs, repo_id=repo_id)
        return str(tmp_path / COMMIT)

    monkeypatch.setattr(hub, "is_offline", lambda: False)
    monkeypatch.setattr(HfApi, "model_info", lambda self, *args, **kwargs: info)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    assert hub.pull_model("org/model") == tmp_path / COMMIT
    assert calls["repo_id"] == "org/model" and calls["revision"] == COMMIT
    assert calls["allow_patterns"] == ["config.json", "model.safetensors"]


@pytest.mark.parametrize("name", ["/nonexistent/tarjama-model", "./no-such-dir"])
def test_missing_local_path_is_model_not_found(name):
    with pytest.raises(ModelNotFound, match="does not exist") as caught:
        load_backend(TranslatorConfig(model=name))
    assert not isinstance(caught.value, ModelMissing)
    assert "/" not in str(caught.value)  # the directory's name, not the path


def test_directory_without_model_files_is_model_not_found(tmp_path):
    with pytest.raises(ModelNotFound, match="no config.json"):
        load_backend(TranslatorConfig(model=str(tmp_path)))
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelNotFound, match="no weights"):
        load_backend(TranslatorConfig(model=str(tmp_path)))
    with pytest.raises(ModelNotFound, match="not a model directory"):
        load_backend(TranslatorConfig(model=str(tmp_path / "config.json")))


def test_unknown_backend_is_invalid_input():
    with pytest.raises(InvalidInput, match="unknown backend 'onnx'"):
        load_backend(TranslatorConfig(backend="onnx"))


def test_local_revision_is_a_stable_content_id(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for directory in (first, second):
        directory.mkdir()
        (directory / "config.json").write_text('{"model_type": "marian"}')
        (directory / "model.safetensors").write_bytes(b"\0" * 5_000_000)
    revision = local_revision(first)
    assert revision.startswith("local-") and len(revision) == len("local-") + 12
    assert local_revision(second) == revision
    (second / "model.safetensors").write_bytes(b"\1" * 5_000_000)
    assert local_revision(second) != revision


def test_cached_hub_model_resolves_to_its_snapshot_and_commit(hf_offline):
    snapshot = fake_cached_repo(
        hf_offline, "org/model", {"config.json": "{}", "model.safetensors": "x"}
    )
    resolved = resolve_model(TranslatorConfig(model="org/model"))
    assert (resolved.path, resolved.model_id, resolved.revision) == (snapshot, "org/model", COMMIT)
    assert local_revision(snapshot) == COMMIT
    [cached] = hub.list_cached_models()
    assert (cached.repo_id, cached.revisions) == ("org/model", (COMMIT,))
    assert "org/model" in cached.describe()


def test_cache_without_weights_counts_as_missing(hf_offline):
    fake_cached_repo(hf_offline, "org/partial", {"config.json": "{}"})
    with pytest.raises(ModelMissing):
        resolve_model(TranslatorConfig(model="org/partial"))


def test_hub_helpers_offline():
    assert hub.list_cached_models() == []
    with pytest.raises(ModelMissing, match="offline"):
        hub.pull_model("Helsinki-NLP/opus-mt-ar-en")
    listing = [
        "config.json", "generation_config.json", "pytorch_model.bin", "model.safetensors",
        "tf_model.h5", "rust_model.ot", "source.spm", "target.spm", "vocab.json",
        "tokenizer_config.json", "onnx/model.onnx", "onnx/config.json", "README.md",
    ]  # fmt: skip
    assert hub.select_model_files(listing) == [
        "config.json", "generation_config.json", "model.safetensors", "source.spm",
        "target.spm", "tokenizer_config.json", "vocab.json",
    ]  # fmt: skip
    assert "pytorch_model.bin" in hub.select_model_files(["config.json", "pytorch_model.bin"])


def test_devices_and_dtypes():
    import torch

    from tarjama.models.translation.hf_backend import resolve_device, resolve_dtype

    cpu = torch.device("cpu")
    assert resolve_device("CPU") == cpu
    assert resolve_device("auto").type in {"cpu", "cuda"}
    with pytest.raises(InvalidInput, match="unknown device"):
        resolve_device("tpu:0")
    if not torch.cuda.is_available():
        with pytest.raises(InvalidInput, match="CUDA is not available"):
            resolve_device("cuda")
    assert resolve_dtype("bfloat16", cpu) is torch.bfloat16
    with pytest.raises(InvalidInput, match="float16 is not supported on CPU"):
        resolve_dtype("float16", cpu)
    assert resolve_dtype("float16", cpu, explicit_device=False) is torch.float32
    with pytest.raises(InvalidInput, match="unknown dtype"):
        resolve_dtype("int3", cpu)


def test_max_input_tokens_ignores_sentinel_tokenizer_limits():
    from tarjama.models.translation.hf_backend import max_input_tokens

    huge = SimpleNamespace(model_max_length=int(1e30))
    assert max_input_tokens(huge, SimpleNamespace(max_position_embeddings=1024)) == 1024
    assert max_input_tokens(huge, SimpleNamespace()) == 512
    marian = SimpleNamespace(model_max_length=512)
    assert max_input_tokens(marian, SimpleNamespace(max_position_embeddings=512)) == 512


def test_canonical_language_codes():
    assert {canonical_language(c) for c in ["ar", "ARA", "arb", "arb_Arab", "arb-Arab"]} == {
        "arb_Arab"
    }
    assert {canonical_language(c) for c in ["en", "eng", "eng_Latn"]} == {"eng_Latn"}
    assert canonical_language("fr") == "fr"


def test_nllb_codes_with_a_real_nllb_tokenizer():
    from transformers import NllbTokenizer

    tokenizer = NllbTokenizer()  # built-in tiny vocabulary plus every FLORES code, no files
    assert detect_family("m2m_100", tokenizer) is ModelFamily.NLLB
    setup = language_setup(ModelFamily.NLLB, tokenizer, "arb_Arab", "eng_Latn")
    assert setup.src_lang == "arb_Arab"
    assert setup.forced_bos_token_id == tokenizer.convert_tokens_to_ids("eng_Latn")
    apply_source_language(tokenizer, setup)
    assert tokenizer("x")["input_ids"][0] == tokenizer.convert_tokens_to_ids("arb_Arab")


def test_m2m100_codes_with_a_real_m2m100_tokenizer(tmp_path):
    from transformers import M2M100Tokenizer

    from tarjama.models.testing.marian import _train_sentencepiece

    lines = ["the talks went on", "مرحبا بكم في العالم"] * 5
    (tmp_path / "spm.model").write_bytes(_train_sentencepiece(lines, 30, 0))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "▁the": 4}
    (tmp_path / "vocab.json").write_text(json.dumps(vocab))
    tokenizer = M2M100Tokenizer(str(tmp_path / "vocab.json"), str(tmp_path / "spm.model"))
    assert detect_family("m2m_100", tokenizer) is ModelFamily.M2M100
    setup = language_setup(ModelFamily.M2M100, tokenizer, "arb_Arab", "eng_Latn")
    assert setup.src_lang == "ar"
    assert setup.forced_bos_token_id == tokenizer.get_lang_id("en")
    apply_source_language(tokenizer, setup)
    assert tokenizer("the")["input_ids"][0] == tokenizer.get_lang_id("ar")


def test_marian_and_unknown_families_need_no_codes():
    marian = SimpleNamespace(convert_tokens_to_ids=lambda token: 1, unk_token_id=1)
    assert detect_family("marian", marian) is ModelFamily.MARIAN
    assert detect_family("t5", marian) is ModelFamily.OTHER
    for family in (ModelFamily.MARIAN, ModelFamily.OTHER):
        setup = language_setup(family, marian)
        assert (setup.src_lang, setup.forced_bos_token_id) == (None, None)
    mbart = SimpleNamespace(convert_tokens_to_ids={"en_XX": 7}.get, unk_token_id=3)
    assert detect_family("mbart", mbart) is ModelFamily.MBART50
    assert language_setup(ModelFamily.MBART50, mbart).forced_bos_token_id == 7
    with pytest.raises(UnsupportedLanguage, match="no nllb code"):
        language_setup(ModelFamily.NLLB, mbart, "fr", "eng_Latn")
